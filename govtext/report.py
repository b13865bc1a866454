"""One report: parse a document into frames, and the :class:`Report` that holds them.

Examples
--------
>>> from govtext.ingest.text import read_text
>>> from govtext.ingest.blocks import Document
>>> doc = Document(tuple(read_text("某县人民政府2021年政府信息公开工作年度报告\\n一、总体情况\\n正文。\\n")), "txt")
>>> r = parse_document(doc, file="x.txt", sha256="0" * 64)
>>> r.meta["agency"], r.meta["year"], int(r.sections["found"].sum())
('某县人民政府', 2021, 1)
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace
from typing import Literal

import pandas as pd
import pyarrow as pa

from govtext import normalize as N
from govtext._version import __version__
from govtext.checks import evaluate_rules
from govtext.checks.narrative import narrative_checks
from govtext.classify import screen
from govtext.ingest import Document, read_document
from govtext.limits import read_limited
from govtext.schema import COLUMNS, arrow_schema, arrow_table, frame
from govtext.structure import template as T
from govtext.structure.metadata import extract_meta
from govtext.structure.sections import SECTION_TITLES_ZH, build_sections, find_headings
from govtext.structure.legacy import extract_stats, is_legacy_table, legacy_sections
from govtext.structure.tables import extract_cells


def _choose_template(doc: Document, year: int | None, problems: list[dict]) -> tuple[str, str]:
    texts = [b.text for b in doc.blocks]
    forms = [N.for_matching(t) for t in texts]  # each block normalised once for both look-ups
    # a pre-2019 report's narrative may name template rows; its tables decide
    tables = [b.text for b in doc.blocks if b.kind == "table"]
    table_forms = [f for f, b in zip(forms, doc.blocks) if b.kind == "table"]
    if T.template_of_forms(table_forms)[0] == "unknown" and (is_legacy_table(tables) or (year is not None and year < 2019)):
        return "legacy", ("statistics table (指标名称/计量单位/历年累计)" if is_legacy_table(tables)
                          else "year before 2019, no template labels in its tables")
    template, found = T.template_of_forms(forms)
    evidence = "; ".join(f"{t}: {', '.join(m)}" for t, m in found.items() if m)
    if template != "unknown":
        return template, evidence
    has_tables = any(b.kind == "table" and b.attrs.get("from") != "spaced-line" for b in doc.blocks)
    if year is not None and year < 2019:
        return "legacy", evidence or "year before 2019, no template labels"
    if year is not None and (has_tables or any(T.match_row([t]) for t in texts)):
        guess = "2021" if year >= 2021 else "2019"
        problems.append({"stage": "template", "code": "P-TEMPLATE-FROM-YEAR",
                         "message": f"no template-specific labels found; assumed the {guess} template from the year {year}"})
        return guess, evidence
    problems.append({"stage": "template", "code": "P-TEMPLATE-UNKNOWN", "message": "no template labels and no year"})
    return "unknown", evidence


def parse_document(doc: Document, *, file: str, sha256: str) -> "Report":
    """Run the structure and check stages on a read document."""
    report_id = sha256[:16]
    blocks = doc.blocks
    problems: list[dict] = [{"stage": "ingest", "code": code, "message": msg} for code, msg in doc.notes]
    headings = find_headings(blocks)
    sections, preamble = build_sections(blocks, headings)
    meta = extract_meta(blocks, preamble, doc.header)
    for s in sections:
        if not s["found"]:
            problems.append({"stage": "sections", "code": "P-SECTION-MISSING",
                             "message": f"no heading for section {s['order']} {s['section']} ({SECTION_TITLES_ZH[s['section']]})"})
    for field in ("agency", "year"):
        if meta[field] is None:
            problems.append({"stage": "meta", "code": "P-META-MISSING", "message": f"{field} not found in the title or preamble"})
    template, evidence = _choose_template(doc, meta["year"], problems)
    legacy_rows: list[dict] = []
    if template == "legacy":
        sections = legacy_sections(blocks)
        legacy_rows, legacy_problems = extract_stats(blocks)
        problems.extend(legacy_problems)
    cells, table_problems = extract_cells(blocks, template, {h.block: h.key for h in headings})
    problems.extend(table_problems)
    lookup = {(c["table"], c["row"], c["col"]): (c["value"], c["status"]) for c in cells if c["in_template"]}
    checks = evaluate_rules(lambda k: lookup.get(k, (None, "missing")), template, report_id)
    checks += narrative_checks(sections, preamble, lambda k: lookup.get(k, (None, "missing")), meta, report_id, template)
    in_tmpl = [c["status"] for c in cells if c["in_template"] is not False]
    meta.update({
        "report_id": report_id, "file": file, "sha256": sha256, "format": doc.format, "encoding": doc.encoding,
        "parser_version": __version__, "template": template, "template_evidence": evidence,
        "sections_found": sum(s["found"] for s in sections if s["section"] in SECTION_TITLES_ZH),
        "cells_ok": in_tmpl.count("ok"), "cells_not_ok": len(in_tmpl) - in_tmpl.count("ok"), "n_problems": len(problems),
        "preamble": preamble,
    })
    return Report(
        meta=meta, blocks=blocks,
        sections=[{"report_id": report_id, **s} for s in sections],
        cells=[{"report_id": report_id, **c} for c in cells],
        checks=checks,
        problems=[{"report_id": report_id, **p} for p in problems],
        legacy_stats=[{"report_id": report_id, **r} for r in legacy_rows],
    )


#: the frames a :class:`Report` holds besides its one-row ``reports`` record
REPORT_FRAMES = ("sections", "cells", "checks", "problems", "legacy_stats")


#: a frame as a DataFrame or as its records
FrameData = pd.DataFrame | list[dict]


class Report:
    """A parsed report: metadata plus tidy frames.

    Attributes
    ----------
    meta : dict
        title, agency, year, template, statistics period, publication date and
        provenance (file, sha256, parser_version, format, encoding).
    sections, cells, checks, problems : pandas.DataFrame
        see :mod:`govtext.schema` for their columns.
    legacy_stats : pandas.DataFrame
        the statistics table of a pre-2019 report (empty for other templates).
    blocks : tuple of :class:`govtext.ingest.Block`
        the document as read, for going back to the source.

    Each frame may be given as a DataFrame or as its records (dicts keyed by
    the columns of :mod:`govtext.schema`); records become a DataFrame on first
    access, so a caller that only needs Arrow tables (``govtext build``, via
    :meth:`arrow`) never pays for pandas.

    Examples
    --------
    >>> r = Report({"report_id": "r1"}, (), sections=[], cells=[{"report_id": "r1", "table": "active", "value": 1}],
    ...            checks=[], problems=[])
    >>> r.cells["value"].tolist(), r.arrow("cells")["table"].to_pylist()
    ([1.0], ['active'])
    """

    def __init__(self, meta: dict, blocks, sections: FrameData, cells: FrameData,
                 checks: FrameData, problems: FrameData, legacy_stats: FrameData | None = None):
        self.meta = meta
        self.blocks = blocks
        self._data: dict[str, FrameData] = {"sections": sections, "cells": cells, "checks": checks,
                                            "problems": problems, "legacy_stats": [] if legacy_stats is None else legacy_stats}

    def _frame(self, name: str) -> pd.DataFrame:
        data = self._data[name]
        if not isinstance(data, pd.DataFrame):
            data = self._data[name] = frame(name, data)
        return data

    sections = property(lambda self: self._frame("sections"), doc="the six standard sections (found or not)")
    cells = property(lambda self: self._frame("cells"), doc="the template cells, found or missing")
    checks = property(lambda self: self._frame("checks"), doc="identity and narrative checks")
    problems = property(lambda self: self._frame("problems"), doc="what could not be read and why")
    legacy_stats = property(lambda self: self._frame("legacy_stats"), doc="rows of a pre-2019 statistics table")

    def arrow(self, name: str) -> pa.Table:
        """Frame ``name`` (``reports`` or one of :data:`REPORT_FRAMES`) as an Arrow table of its fixed schema."""
        if name == "reports":
            return arrow_table("reports", [{k: self.meta.get(k) for k in COLUMNS["reports"]}])
        data = self._data[name]
        if isinstance(data, pd.DataFrame):
            return pa.Table.from_pandas(data, schema=arrow_schema(name), preserve_index=False)
        return arrow_table(name, data)

    def rows(self, name: str) -> list:
        """The rows of frame ``name`` (one of :data:`REPORT_FRAMES`) as objects with one attribute per column,
        made without pandas when the report holds records.

        Examples
        --------
        >>> r = Report({"report_id": "r1"}, (), sections=[{"report_id": "r1", "section": "overview", "found": True}],
        ...            cells=[], checks=[], problems=[])
        >>> [(row.section, row.found, row.text) for row in r.rows("sections")]
        [('overview', True, None)]
        """
        data = self._data[name]
        if isinstance(data, pd.DataFrame):
            return list(data.itertuples(index=False))
        return [SimpleNamespace(**{col: record.get(col) for col in COLUMNS[name]}) for record in data]

    @property
    def report_id(self) -> str:
        return self.meta["report_id"]

    def __repr__(self) -> str:
        m = self.meta
        return (f"<Report {m['report_id']} {m.get('agency')!s} {m.get('year')!s} template={m['template']} "
                f"sections={m['sections_found']}/6 cells_ok={m['cells_ok']}>")

    def table(self, name: Literal["active", "requests", "review"], labels: Literal["zh", "key"] = "key") -> pd.DataFrame:
        """The wide table as printed: template rows by template columns, values (NaN when not a number).

        Examples
        --------
        >>> import govtext
        >>> # report.table("requests", labels="zh").loc["予以公开", "自然人"]
        """
        if name not in T.TABLES:
            raise ValueError(f"unknown table {name!r}; choose one of {T.TABLES}")
        sub = self.cells[(self.cells["table"] == name) & self.cells["in_template"].fillna(True).astype(bool)]
        row_order = list(dict.fromkeys(sub["row"]))
        col_order = list(dict.fromkeys(sub["col"]))
        wide = sub.pivot(index="row", columns="col", values="value").reindex(index=row_order, columns=col_order)
        if labels == "zh":
            wide.index = [T.zh_label(name, "row", k) for k in wide.index]
            wide.columns = [T.zh_label(name, "col", k) for k in wide.columns]
        wide.index.name, wide.columns.name = None, None
        return wide

    def summary(self) -> str:
        """A readable multi-line summary: meta, sections, tables, failed checks, problems."""
        m = self.meta
        lines = [f"{m['file']}", f"  report_id {m['report_id']}  format {m['format']}  encoding {m['encoding']}",
                 f"  agency {m['agency']}  year {m['year']}  template {m['template']}",
                 f"  period {m['period_start']} .. {m['period_end']}  published {m['published']}", "  sections:"]
        for s in self.sections.itertuples():
            lines.append(f"    {s.order} {s.section:<9} " + (f"{s.title}  ({s.n_chars} chars)" if s.found else "MISSING"))
        lines.append("  tables:")
        for t, g in self.cells[self.cells["in_template"].fillna(True).astype(bool)].groupby("table", sort=False):
            counts = g["status"].value_counts().to_dict()
            lines.append(f"    {t:<9} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        failed = self.checks[self.checks["result"] != "pass"]
        lines.append(f"  checks: {int((self.checks['result'] == 'pass').sum())} pass, "
                     f"{int((self.checks['result'] == 'fail').sum())} fail, {int((self.checks['result'] == 'incomplete').sum())} incomplete")
        for c in failed.itertuples():
            lines.append(f"    {c.result:<10} {c.rule} {_s(c.row)}/{_s(c.col)} expected {c.expected} actual {c.actual} {_s(c.unknown_cells)}")
        if len(self.problems):
            lines.append(f"  problems ({len(self.problems)}):")
            lines.extend(f"    {p.code} {p.message}" for p in self.problems.itertuples())
        return "\n".join(lines)


def _s(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def read_report(path: str | Path) -> Report:
    """Read and parse one report file.

    Raises a :class:`govtext.errors.GovtextError` naming the file when it cannot
    be read, and :class:`govtext.errors.NotAReport` when it is confidently
    another kind of document (see :mod:`govtext.classify`).

    Examples
    --------
    >>> import govtext
    >>> # r = govtext.read_report("corpus/2021_某区.txt"); r.table("requests", labels="zh")
    """
    path = Path(path)
    data = read_limited(path)
    doc = screen(read_document(path, data), path)
    return parse_document(doc, file=str(path), sha256=sha256_bytes(data))
