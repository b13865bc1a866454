"""Map table blocks to canonical ``(table, row, col)`` cells.

Rows are found by their labels (see :func:`govtext.structure.template.match_row`),
never by position; a row's values are the cells after its label. Table 4 has no
row label: its values are the label-less value rows that follow its header.
Every cell the template defines comes out, found or ``missing`` with a reason.

Examples
--------
>>> from govtext.ingest.blocks import Block
>>> cells, problems = extract_cells([Block.table([["行政许可", "1175"]])], "2021")
>>> c = [c for c in cells if c["row"] == "licensing"][0]
>>> c["value"], c["status"]
(1175.0, 'ok')
>>> next(c for c in cells if c["row"] == "penalty")["status"]
'missing'
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from govtext.ingest.blocks import Block, GridCell
from govtext.structure import template as T
from govtext.structure.cells import is_value_like, parse_cell

#: the unit each amount column is expressed in
TARGET_UNITS = {("active", "amount_10k_yuan"): "万元", ("active", "amount"): "元"}
REVIEW_WIDTH = 15


@dataclass
class _Found:
    """Value cells of one row as found in the source."""

    values: list[tuple[GridCell, dict]]
    where: dict
    label: str


@dataclass
class _State:
    template: str
    rows: dict[tuple[str, str], _Found] = field(default_factory=dict)
    review: list[tuple[GridCell, dict]] = field(default_factory=list)
    review_where: dict | None = None
    problems: list[dict] = field(default_factory=list)
    context: str | None = None


def split_row(row: Sequence[GridCell]) -> tuple[list[str], list[tuple[int, GridCell]]]:
    """Split a grid row into label texts and trailing value cells (merged copies dropped).

    Examples
    --------
    >>> split_row([GridCell("（一）予以公开"), GridCell("10"), GridCell("")])
    (['（一）予以公开'], [(1, GridCell(text='10', merged=False, page=None)), (2, GridCell(text='', merged=False, page=None))])
    """
    last_label = max((i for i, c in enumerate(row) if not is_value_like(c.text)), default=-1)
    labels = [c.text for c in row[: last_label + 1] if c.text.strip()]
    values = [(j, c) for j, c in enumerate(row) if j > last_label and not c.merged]
    return labels, values


def _problem(state: _State, code: str, message: str, where: dict, **extra) -> None:
    state.problems.append({"stage": "tables", "code": code, "message": message, **where, **extra})


def _read_row(state: _State, row: Sequence[GridCell], where: dict, real_table: bool) -> None:
    labels, values = split_row(row)
    cells = [(c, {**where, "grid_col": j, "page": c.page if c.page is not None else where.get("page")}) for j, c in values]
    if len(T.header_terms(labels)) >= 2:
        if any(t in "".join(labels) for t in T.REVIEW_TERMS):
            state.context = "review"
        return
    if not cells:
        named_rows = [t for t in labels if T.match_row([t])]
        if len(named_rows) >= 2:
            _problem(state, "P-HEADER-ROWS", "header row names template rows (" + "、".join(named_rows)
                     + ") where column labels belong; column order is taken from the template", where)
        return
    spec = T.match_row(labels) if labels else None
    if spec is None:
        has_numbers = any(parse_cell(c.text).status == "ok" for c, _ in cells)
        if state.context == "review" and has_numbers:
            state.review.extend(cells)
            state.review_where = state.review_where or where
        elif has_numbers and (real_table or state.context):
            _problem(state, "P-ROW-UNKNOWN", f"value row with unrecognised label {''.join(labels)!r}: "
                     + " ".join(c.text for c, _ in cells), where)
        return
    state.context = spec.table
    key = (spec.table, spec.key)
    if key in state.rows:
        old = [c.text for c, _ in state.rows[key].values]
        if old != [c.text for c, _ in cells]:
            _problem(state, "P-ROW-DUPLICATE", f"row {spec.table}/{spec.key} printed twice with different values; "
                     f"the first ({' '.join(old)}) is kept", where)
        return
    state.rows[key] = _Found(cells, where, "".join(labels))


def _context_from_text(state: _State, block: Block, section_of: dict[int, str], index: int) -> None:
    if index in section_of:
        state.context = "review" if section_of[index] == "review" else None
    elif any(t in block.text for t in T.REVIEW_TERMS):
        state.context = "review"


def _fit(values: list, n: int) -> tuple[list | None, str]:
    """Trim trailing blanks to ``n`` values; ``None`` and a reason when the count still differs."""
    vals = list(values)
    while len(vals) > n and not vals[-1][0].text.strip():
        vals.pop()
    if len(vals) == n:
        return vals, ""
    return None, f"{len(vals)} value cells where the template has {n}"


def _cell(table: str, row: str, col: str, cell: GridCell | None, where: dict, reason: str = "") -> dict:
    if cell is None:
        return {"table": table, "row": row, "col": col, "value": math.nan, "raw": None, "status": "missing",
                "unit": None, "reason": reason, **where}
    parsed = parse_cell(cell.text, target_unit=TARGET_UNITS.get((table, col)))
    return {"table": table, "row": row, "col": col, "value": parsed.value, "raw": cell.text, "status": parsed.status,
            "unit": parsed.unit, "reason": parsed.note or "", **where}


_NO_WHERE = {"block": None, "grid_row": None, "grid_col": None, "page": None, "line": None}


def _emit(state: _State) -> list[dict]:
    out: list[dict] = []
    template = state.template
    for table in T.TABLES:
        for rspec in T.rows(table, template):
            cols = T.columns(table, rspec.key, template)
            if table == "review":
                found, where = state.review, state.review_where or {}
            else:
                f = state.rows.get((table, rspec.key))
                found, where = (f.values, f.where) if f else ([], {})
            if not found:
                reason = "row not found in the report" if table != "review" else "table 4 values not found"
                out.extend(_cell(table, rspec.key, c.key, None, _NO_WHERE, reason) for c in cols)
                continue
            fitted, reason = _fit(found, len(cols))
            if fitted is None:
                _problem(state, "P-ROW-WIDTH", f"{table}/{rspec.key}: {reason}; cells left missing", where)
                out.extend(_cell(table, rspec.key, c.key, None, {**_NO_WHERE, **where}, reason) for c in cols)
                continue
            for c, (cell, cw) in zip(cols, fitted):
                out.append(_cell(table, rspec.key, c.key, cell, {**_NO_WHERE, **cw}))
    # rows printed that the detected template does not have
    for (table, row), f in state.rows.items():
        if row not in {r.key for r in T.rows(table, template)}:
            other = next((t for t in T.TEMPLATES if row in {r.key for r in T.rows(table, t)}), None)
            if other is None:
                continue
            cols = T.columns(table, row, other)
            _problem(state, "P-OUT-OF-TEMPLATE", f"row {table}/{row} belongs to the {other} template, not {template}", f.where)
            fitted, _ = _fit(f.values, len(cols))
            for c, (cell, cw) in zip(cols, fitted or []):
                out.append({**_cell(table, row, c.key, cell, {**_NO_WHERE, **cw}), "in_template": False})
    for c in out:
        c.setdefault("in_template", True)
    return out


def extract_cells(blocks: Sequence[Block], template: str, section_of: dict[int, str] | None = None) -> tuple[list[dict], list[dict]]:
    """Return ``(cells, problems)`` for a document's blocks under ``template``.

    ``section_of`` maps block indexes of section headings to section keys; it
    lets the review context start at the 行政复议 heading.
    """
    state = _State(template=template)
    section_of = section_of or {}
    if template not in T.TEMPLATES:
        return [], []
    for bi, block in enumerate(blocks):
        if block.kind != "table":
            _context_from_text(state, block, section_of, bi)
            continue
        real = block.attrs.get("from") != "spaced-line"
        for ri, row in enumerate(block.rows):
            _read_row(state, row, {"block": bi, "grid_row": ri, "page": block.page, "line": block.line}, real)
    return _emit(state), state.problems
