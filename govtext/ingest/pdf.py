"""PDF with a text layer: text lines and ruled tables in reading order, page by page.

pypdfium2 first counts the characters of each page (fast); a PDF without any
is a scan: :data:`OCR_HOOK` reads it when an OCR engine is plugged in, else
:class:`govtext.errors.NeedsOCR` is raised. pdfplumber then finds tables by
their ruling lines (filled background boxes are not rulings), resolves merged
cells from the cell boxes (copies marked ``merged``) and joins labels wrapped
inside a cell, broken one character per line or spaced out (``商 业 企 业``).
A table that runs onto the next page is stitched to its first part: repeated
header rows are dropped and a label cell split by the page break is carried
down. Text outside tables becomes paragraphs (wrapped lines joined, page
markers such as ``- 4 -`` dropped); a line that is a label followed by numbers
becomes a one-row table, which is how tables without rulings are read. Every
cell keeps its page.

Examples
--------
>>> OCR_HOOK is None
True
>>> stitch([[GridCell("信息内容"), GridCell("数量")], [GridCell("规章"), GridCell("1", page=1)]],
...        [[GridCell("信息内容"), GridCell("数量")], [GridCell("行政许可"), GridCell("2", page=2)]])[-1][1].page
2
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from govtext import errors, limits
from govtext import normalize as N
from govtext import patterns as P
from govtext.ingest.blocks import Block, Document, GridCell, join_lines
from govtext.ingest.text import read_text
from govtext.structure.cells import is_value_like

#: plug an OCR engine in here: ``OCR_HOOK(data, path) -> Document`` for PDFs without a text layer.
#: ``None`` (the default) makes such PDFs fail with :class:`govtext.errors.NeedsOCR`.
OCR_HOOK: Callable[[bytes, Path], Document] | None = None
#: fewer characters than this per page on average means there is no real text layer
MIN_CHARS_PER_PAGE = 5
#: a line ending this far (pt) before the right text edge ends its paragraph
LINE_END_SLACK = 20.0
#: a line starting this far (pt) right of the left text edge starts a paragraph (first-line indent)
INDENT = 12.0
#: a line of three or more numbers and nothing else (a value row whose label is elsewhere or absent)
VALUES_ONLY = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:\s+[-+]?\d[\d,]*(?:\.\d+)?){2,}$")
#: a rectangle thinner than this (pt) is a drawn ruling; wider filled boxes are backgrounds
RULE_WIDTH = 2.5


@dataclass
class _Item:
    """A positioned piece of a page: a table grid or a text line."""

    top: float
    grid: list[list[GridCell]] | None = None
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    page: int = 0


def _pdfplumber(path: str | Path | None = None):
    try:
        import pdfplumber
    except ImportError as exc:  # optional dependency
        raise errors.MissingDependency(path, detail="pdfplumber is needed to read PDF",
                                       hint="pip install 'govtext[pdf]'") from exc
    return pdfplumber


def chars_per_page(data: bytes) -> list[int]:
    """Number of text-layer characters on each page (pypdfium2 when installed, else pdfplumber)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        with _pdfplumber().open(io.BytesIO(data)) as pdf:
            return [len(p.chars) for p in pdf.pages]
    doc = pdfium.PdfDocument(data)
    try:
        counts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            counts.append(len(textpage.get_text_range().strip()))
            textpage.close()
            page.close()
        return counts
    finally:
        doc.close()


def _is_ruling(obj: dict) -> bool:
    """Keep every object except filled boxes that are not thin (text backgrounds and shading)."""
    if obj.get("object_type") != "rect":
        return True
    return bool(obj.get("stroke")) or min(obj["width"], obj["height"]) <= RULE_WIDTH


def _cell_text(raw: str | None) -> str:
    return N.strip_residue(join_lines((raw or "").split("\n")))


def table_grid(table, page_no: int) -> list[list[GridCell]]:
    """Grid of a pdfplumber table: covered positions get ``merged`` copies of the cell box that covers them.

    Grid lines are the distinct left and top edges of the cell boxes (as
    pdfplumber aligns its rows), closed by the table's right and bottom edge.
    """
    texts = table.extract()
    xs = sorted({b[0] for b in table.cells}) + [table.bbox[2]]
    ys = sorted({b[1] for b in table.cells}) + [table.bbox[3]]
    boxes = [(box, _cell_text(texts[r][c])) for r, row in enumerate(table.rows)
             for c, box in enumerate(row.cells) if box is not None]
    grid = []
    for r, row in enumerate(table.rows):
        out = []
        for c, box in enumerate(row.cells):
            if box is not None:
                out.append(GridCell(_cell_text(texts[r][c]), page=page_no))
                continue
            cx, cy = (xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2
            cover = next((t for (x0, y0, x1, y1), t in boxes if x0 <= cx <= x1 and y0 <= cy <= y1), "")
            out.append(GridCell(cover, merged=True, page=page_no))
        grid.append(out)
    return grid


def _closing_rules(page) -> list[dict]:
    """Horizontal rules where a group of vertical rules starts or ends without one (a table cut by the page edge)."""
    verticals = sorted((e for e in page.vertical_edges if e["height"] > RULE_WIDTH), key=lambda e: e["top"])
    groups: list[list[dict]] = []
    for e in verticals:
        if groups and e["top"] <= max(g["bottom"] for g in groups[-1]) + 1:
            groups[-1].append(e)
        else:
            groups.append([e])
    rules = []
    for g in groups:
        if len(g) < 2:
            continue
        x0, x1 = min(e["x0"] for e in g), max(e["x1"] for e in g)
        for y in (min(e["top"] for e in g), max(e["bottom"] for e in g)):
            rules.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0})
    return rules


def _page_items(page, page_no: int) -> list[_Item]:
    """Tables and the text lines outside them, top to bottom."""
    ruled = page.filter(_is_ruling)
    settings = {"explicit_horizontal_lines": _closing_rules(ruled)}
    tables = [t for t in ruled.find_tables(settings) if len(t.rows) >= 2 and len(t.columns) >= 2]
    items = [_Item(top=t.bbox[1], grid=table_grid(t, page_no), page=page_no) for t in tables]
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in boxes)

    for line in page.filter(outside).extract_text_lines(return_chars=False):
        items.append(_Item(top=line["top"], text=line["text"], x0=line["x0"], x1=line["x1"], bottom=line["bottom"],
                           page=page_no))
    return sorted(items, key=lambda it: it.top)


def is_row_line(text: str) -> bool:
    """A text line laid out as a table row: a label followed by values, or three or more numbers alone.

    Examples
    --------
    >>> is_row_line("行政许可 550"), is_row_line("10 1 0 0 0"), is_row_line("- 4 -"), is_row_line("大道 90 号，邮编")
    (True, True, False, False)
    """
    half = N.to_halfwidth(text)
    if P.PAGE_MARKER.match(half):
        return False
    return bool(VALUES_ONLY.match(half.strip())) or any(b.kind == "table" for b in read_text(text))


def _centered(it: _Item, left: float, right: float) -> bool:
    """A line centred in the text column (titles), not merely indented."""
    return it.x0 > left + 2 and abs((it.x0 + it.x1) / 2 - (left + right) / 2) < INDENT / 2


def _continues(prev: _Item, ln: _Item, left: float, right: float, gap: float) -> bool:
    """Whether ``ln`` continues the paragraph of ``prev``; ``gap`` is the usual space between wrapped lines."""
    if is_row_line(prev.text) or is_row_line(ln.text):
        return False
    if ln.top - prev.bottom > gap + 0.4 * (prev.bottom - prev.top):
        return False  # paragraph spacing (on a new page the difference is negative)
    if _centered(prev, left, right) and _centered(ln, left, right):
        # a title wrapped over centred lines; a numbered heading under it is not part of it
        return not P.NUMBERING.match(N.to_halfwidth(ln.text))
    if ln.x0 > left + INDENT or prev.x0 > left + INDENT and prev.x1 < right - LINE_END_SLACK:
        return False
    if prev.x1 >= right - LINE_END_SLACK:
        return True
    # a short line still continues when the next line's first word would not have fitted after it
    word = re.match(r"[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+", ln.text)
    width = (ln.x1 - ln.x0) * len(word.group(0)) / max(len(ln.text), 1) if word else 0.0
    return width > right - prev.x1


def line_gap(pages: Sequence[Sequence[_Item]]) -> float:
    """The usual vertical space between consecutive text lines (median, pt)."""
    gaps = sorted(b.top - a.bottom for items in pages for a, b in zip(items, items[1:])
                  if a.grid is None and b.grid is None and 0 <= b.top - a.bottom < 2 * (a.bottom - a.top))
    return gaps[len(gaps) // 2] if gaps else 0.0


def _paragraphs(lines: Sequence[_Item], left: float, right: float, gap: float) -> list[tuple[int, str]]:
    """Join wrapped lines into ``(page, paragraph)``; rows (label + values, numbers alone) stand alone."""
    paras: list[tuple[int, list[str]]] = []
    prev: _Item | None = None
    for ln in lines:
        if prev is not None and _continues(prev, ln, left, right, gap):
            paras[-1][1].append(ln.text)
        else:
            paras.append((ln.page, [ln.text]))
        prev = ln
    return [(page, join_lines(p)) for page, p in paras]


def _margins(pages: Sequence[Sequence[_Item]]) -> tuple[float, float]:
    """The text column's left and right edges: the most common line start and the widest common line end."""
    starts = [round(it.x0) for items in pages for it in items if it.grid is None]
    ends = [round(it.x1) for items in pages for it in items if it.grid is None]
    if not starts:
        return 0.0, 0.0
    left = float(max(set(starts), key=starts.count))
    ends.sort()
    right = float(ends[int(len(ends) * 0.9)]) if ends else left
    return left, right


def _same_row(a: Sequence[GridCell], b: Sequence[GridCell]) -> bool:
    """Rows printing the same cells; a repeated header may be clipped, so a prefix of a cell counts as the cell."""
    if len(a) != len(b):
        return False
    pairs = [(N.remove_whitespace(N.to_halfwidth(x.text)), N.remove_whitespace(N.to_halfwidth(y.text))) for x, y in zip(a, b)]
    return any(x for x, _ in pairs) and all(x.startswith(y) or y.startswith(x) if x and y else x == y for x, y in pairs)


def stitch(first: list[list[GridCell]], cont: list[list[GridCell]]) -> list[list[GridCell]]:
    """Append a table's continuation from the next page.

    Header rows the continuation repeats are dropped; a label column left empty
    at the top of the continuation (a merged cell cut by the page break) is
    filled with ``merged`` copies of the label above the break.
    """
    k = 0
    while k < min(len(first), len(cont)) - 1 and _same_row(first[k], cont[k]):
        k += 1
    cont = [list(r) for r in cont[k:]]
    if first and cont:
        last = first[-1]
        for c, above in enumerate(last[: len(cont[0])]):
            if cont[0][c].text or not above.text or is_value_like(above.text):
                continue
            for r in range(len(cont)):
                cell = cont[r][c]
                if cell.text or (r and not cell.merged):
                    break
                cont[r][c] = GridCell(above.text, merged=True, page=cell.page)
    return [list(r) for r in first] + cont


def _blocks(pages: list[list[_Item]]) -> list[Block]:
    left, right = _margins(pages)
    gap = line_gap(pages)
    blocks: list[Block] = []
    lines: list[_Item] = []

    def flush_text() -> None:
        nonlocal lines
        for page, para in _paragraphs(lines, left, right, gap):
            for b in read_text(para):
                if b.kind == "paragraph" and VALUES_ONLY.match(N.to_halfwidth(b.text)):
                    b = Block.table([b.text.split()], attrs={"from": "pdf-text"})  # a label-less value row
                rows = tuple(tuple(GridCell(c.text, c.merged, page) for c in row) for row in b.rows)
                blocks.append(Block(kind=b.kind, text=b.text, rows=rows, page=page, attrs=b.attrs))
        lines = []

    for page_no, items in enumerate(pages, start=1):
        text_seen = False
        for it in items:
            if it.grid is None:
                if not _furniture(it.text):  # page numbers are layout, not content
                    lines.append(it)
                    text_seen = True
                continue
            # a table first on its page after a table last on the previous page continues it
            last = blocks[-1] if blocks and not lines else None
            if (not text_seen and last is not None and last.kind == "table" and last.attrs.get("from") == "pdf"
                    and last.attrs.get("last_page") == page_no - 1 and len(last.rows[0]) == len(it.grid[0])):
                blocks.pop()
                grid = stitch([list(r) for r in last.rows], it.grid)
                blocks.append(Block.table(grid, page=last.page, attrs={"from": "pdf", "last_page": page_no,
                                                                       "pages": (*last.attrs["pages"], page_no)}))
            else:
                flush_text()
                blocks.append(Block.table(it.grid, page=page_no, attrs={"from": "pdf", "last_page": page_no, "pages": (page_no,)}))
            text_seen = False
        if lines and blocks and blocks[-1].kind == "table":
            blocks[-1].attrs["last_page"] = -1  # text after the table on its page: the table is complete
    flush_text()
    return blocks


def _furniture(text: str) -> bool:
    """Page numbers such as ``- 4 -`` or ``第 3 页``."""
    return bool(P.PAGE_MARKER.match(N.to_halfwidth(text)))


def read_pdf(data: bytes, path: str | Path) -> Document:
    """Read a PDF into a :class:`Document`; scans go to :data:`OCR_HOOK` or raise ``NeedsOCR``."""
    path = Path(path)
    pdfplumber = _pdfplumber(path)
    try:
        counts = chars_per_page(data)
    except errors.GovtextError:  # a time limit expiring inside the library
        raise
    except Exception as exc:  # pypdfium2/pdfminer raise their own error types for broken or encrypted files
        raise limits.pdf_problem(data, path, exc) from exc
    if sum(counts) < MIN_CHARS_PER_PAGE * max(len(counts), 1):
        if OCR_HOOK is not None:
            return OCR_HOOK(data, path)
        raise errors.NeedsOCR(path, detail=f"{len(counts)} pages, {sum(counts)} text characters")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_items(p, i) for i, p in enumerate(pdf.pages, start=1)]
    except errors.GovtextError:  # a time limit expiring inside the library
        raise
    except Exception as exc:  # pdfminer reads what pdfium repaired; its own errors mean a damaged file
        raise limits.pdf_problem(data, path, exc) from exc
    blocks = _blocks(pages)
    for b in blocks:
        b.attrs.pop("last_page", None)
    notes = tuple(("P-PDF-NO-TEXT-PAGE", f"page {i} has no text layer (an image); its content is not read")
                  for i, n in enumerate(counts, start=1) if n == 0)
    return Document(blocks=tuple(blocks), format="pdf", notes=notes)
