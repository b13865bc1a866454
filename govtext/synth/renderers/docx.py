"""DOCX through python-docx: paragraphs, headings and bordered tables with merged cells.

The file is byte-identical for the same report: core properties carry a fixed
date and the zip members a fixed timestamp.

Examples
--------
>>> from govtext.synth.builder import generate_reports
>>> r = next(generate_reports(1, seed=3))
>>> render(r).data == render(r).data
True
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from govtext.synth.layout import Grid, LCell
from govtext.synth.model import SynthReport
from govtext.synth.renderers.base import Rendered, document_items

FIXED_DATE = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
CJK_FONT = "Noto Serif CJK SC"
#: column widths by table width: wide label columns as in the national template
TABLE_PT = Pt(9)
COLUMN_CM = {10: [1.6, 2.2, 3.8] + [1.1] * 7, 4: [5.1, 3.3, 3.3, 3.3]}


def _east_asian_font(element) -> None:
    """Name the CJK font on a style or run element (LibreOffice needs it for PDF output)."""
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)


def _table(doc, grid: Grid) -> None:
    table = doc.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    pos = grid.expanded()
    cells = table._cells  # computed once: table.cell() recomputes the whole list on every call
    width = grid.width
    origins = []
    for r, row in enumerate(pos):
        for c, (cell, starts, _) in enumerate(row):
            if starts:
                origins.append((cells[r * width + c], cell))
                if cell.rowspan > 1 or cell.colspan > 1:
                    cells[r * width + c].merge(cells[(r + cell.rowspan - 1) * width + c + cell.colspan - 1])
    for target, cell in origins:
        target.text = cell.text
        for run in target.paragraphs[0].runs:
            run.font.size = TABLE_PT
    table.autofit = False
    for i, w in enumerate(COLUMN_CM.get(grid.width) or [15.0 / grid.width] * grid.width):
        table.columns[i].width = Cm(w)


def _cut(grid: Grid, k: int) -> tuple[Grid, Grid]:
    """Cut ``grid`` before row ``k``; row spans crossing the cut continue as empty cells below it."""
    origin = {id(cell): r for r, row in enumerate(grid.rows) for cell in row}
    top = tuple(tuple(replace(c, rowspan=min(c.rowspan, k - r)) for c in row) for r, row in enumerate(grid.rows[:k]))
    exp = grid.expanded()
    bottom = []
    for r in range(k, len(grid.rows)):
        row = []
        for c, (cell, starts, _) in enumerate(exp[r]):
            if c > 0 and exp[r][c - 1][0] is cell:
                continue
            if starts:
                row.append(cell)
            elif r == k and origin[id(cell)] < k:
                row.append(LCell("", rowspan=origin[id(cell)] + cell.rowspan - k, colspan=cell.colspan, header=cell.header))
        bottom.append(tuple(row))
    return Grid(grid.width, top), Grid(grid.width, tuple(bottom))


def split_grid(grid: Grid) -> list[Grid]:
    """One logical table as several Word tables: table 2 by article item, table 3 before （四）.

    Examples
    --------
    >>> from govtext.synth.layout import active_grid, requests_grid
    >>> [len(g.rows) for g in split_grid(active_grid("2021", {}))], len(split_grid(requests_grid("2021", {})))
    ([4, 3, 4, 3], 2)
    """
    if grid.width == 4:
        cuts = [r for r, row in enumerate(grid.rows) if r and len(row) == 1]
    elif grid.width == 10:
        cuts = [r for r, row in enumerate(grid.rows) if any(c.text.startswith(("（四）", "(四)")) for c in row)]
    else:
        return [grid]
    parts, done = [], 0
    for k in cuts:
        head, grid = _cut(grid, k - done)
        parts.append(head)
        done = k
    return [*parts, grid]


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps and attributes, same member order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            z = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            z.compress_type = zipfile.ZIP_DEFLATED
            z.external_attr = 0o644 << 16
            dst.writestr(z, src.read(info.filename))
    return out.getvalue()


def build_document(report: SynthReport):
    """The python-docx ``Document`` of ``report``."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _east_asian_font(normal.element)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = report.title, report.agency_printed, report.agency_printed
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    styled_headings = report.style["variant"] < 0.5
    split = report.style["variant"] > 0.75
    for item in document_items(report):
        if item.kind == "table":
            for part in (split_grid(item.grid) if split else [item.grid]):
                _table(doc, part)
            continue
        if item.kind == "heading" and styled_headings:
            p = doc.add_heading(item.text, level=2)
            for run in p.runs:
                _east_asian_font(run._element)
            continue
        p = doc.add_paragraph()
        run = p.add_run(item.text)
        if item.kind in ("title", "heading", "subhead"):
            run.bold = True
        if item.kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size = Pt(16)
        elif item.kind == "signature":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif item.kind == "paragraph":
            p.paragraph_format.first_line_indent = Pt(24)
    return doc


def render(report: SynthReport) -> Rendered:
    """Render ``report`` as DOCX bytes."""
    buf = io.BytesIO()
    build_document(report).save(buf)
    return Rendered(_stable_zip(buf.getvalue()), "docx", "docx",
                    variant=("styled-headings" if report.style["variant"] < 0.5 else "bold-headings")
                    + ("+split-tables" if report.style["variant"] > 0.75 else ""))
