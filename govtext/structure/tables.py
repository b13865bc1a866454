"""Map table blocks to canonical ``(table, row, col)`` cells.

Rows are found by their labels (see :func:`govtext.structure.template.match_row`),
never by position; a row's values are the cells after its label. Table 4 has no
row label: its values are the label-less value rows that follow its header.
Every cell the template defines comes out, found or ``missing`` with a reason.
A row from a block whose reader lost the cell borders (``attrs["glued"]``, e.g.
crawler text) that has fewer value cells than the template is recovered with
the template's identities by :mod:`govtext.structure.glued`.

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

from govtext.checks.rules import RULES
from govtext.ingest.blocks import Block, GridCell
from govtext.structure import glued as G
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
    glued: bool = False


@dataclass
class _State:
    template: str
    rows: dict[tuple[str, str], _Found] = field(default_factory=dict)
    review: list[tuple[GridCell, dict]] = field(default_factory=list)
    review_where: dict | None = None
    review_glued: bool = False
    problems: list[dict] = field(default_factory=list)
    context: str | None = None


def split_row(row: Sequence[GridCell], value_like=is_value_like) -> tuple[list[str], list[tuple[int, GridCell]]]:
    """Split a grid row into label texts and trailing value cells (merged copies dropped).

    Examples
    --------
    >>> split_row([GridCell("（一）予以公开"), GridCell("10"), GridCell("")])
    (['（一）予以公开'], [(1, GridCell(text='10', merged=False, page=None)), (2, GridCell(text='', merged=False, page=None))])
    """
    last_label = max((i for i, c in enumerate(row) if not value_like(c.text)), default=-1)
    labels = [c.text for c in row[: last_label + 1] if c.text.strip()]
    values = [(j, c) for j, c in enumerate(row) if j > last_label and not c.merged]
    return labels, values


def _glued_value_like(raw: str) -> bool:
    """In blocks whose cell borders are lost, a run such as ``2648-18538`` is values, not a label."""
    return is_value_like(raw) or bool(G.GLUED_TEXT.match(raw.strip()))


def _problem(state: _State, code: str, message: str, where: dict, **extra) -> None:
    state.problems.append({"stage": "tables", "code": code, "message": message, **where, **extra})


def _read_row(state: _State, row: Sequence[GridCell], where: dict, real_table: bool, glued: bool = False) -> None:
    labels, values = split_row(row, _glued_value_like if glued else is_value_like)
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
        statuses = [parse_cell(c.text).status for c, _ in cells]
        has_numbers = "ok" in statuses
        # table 4's one row may hold only dashes (nothing happened), or run-together dashes and digits
        has_values = has_numbers or "dash" in statuses or (glued and any(G.GLUED_TEXT.match(c.text.strip()) for c, _ in cells))
        if state.context == "review" and has_values:
            state.review.extend(cells)
            state.review_where = state.review_where or where
            state.review_glued = state.review_glued or glued
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
    state.rows[key] = _Found(cells, where, "".join(labels), glued)


def _context_from_text(state: _State, block: Block, section_of: dict[int, str], index: int) -> None:
    if index in section_of:
        state.context = "review" if section_of[index] == "review" else None
    elif any(t in block.text for t in T.REVIEW_TERMS):
        state.context = "review"


def _fit(values: list, n: int) -> tuple[list | None, str]:
    """Trim trailing, then leading blanks to ``n`` values; ``None`` and a reason when the count still differs.

    A leading blank is an empty label cell (a sub-label column the row leaves
    empty, e.g. ``（七）总计`` beside the ``1.…`` column).
    """
    vals = list(values)
    while len(vals) > n and not vals[-1][0].text.strip():
        vals.pop()
    while len(vals) > n and not vals[0][0].text.strip():
        vals.pop(0)
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


def _found_row(state: _State, table: str, row: str) -> tuple[list, dict, bool]:
    """The value cells found for a template row, where they were, and whether their borders may be lost."""
    if table == "review":
        return state.review, state.review_where or {}, state.review_glued
    f = state.rows.get((table, row))
    return (f.values, f.where, f.glued) if f else ([], {}, False)


def _is_glued(values: list, n: int, flagged: bool) -> bool:
    """A row from a reader that loses cell borders, with fewer cells than the template and only digit runs."""
    texts = [c.text for c, _ in values if c.text.strip()]
    return flagged and 0 < len(texts) < n and all(G.GLUED_TEXT.match(t.strip()) for t in texts)


def _cell_rule(table: str, col: T.Spec) -> G.CellRule:
    unit = TARGET_UNITS.get((table, col.key))
    return G.CellRule(signed="增/减" in col.zh, decimal=unit is not None, unit=unit)


def _recover_glued(state: _State) -> dict[tuple[str, str, str], dict]:
    """Cells of run-together rows, recovered with the template's identities (see :mod:`govtext.structure.glued`)."""
    out: dict[tuple[str, str, str], dict] = {}
    for table in T.TABLES:
        runs, wheres, known = {}, {}, {}
        rows = [(rspec, T.columns(table, rspec.key, state.template), *_found_row(state, table, rspec.key))
                for rspec in T.rows(table, state.template)]
        for rspec, cols, found, where, flagged in rows:
            if _is_glued(found, len(cols), flagged):
                chunks = tuple(c.text.strip() for c, _ in found if c.text.strip())
                runs[rspec.key] = G.Run(chunks, tuple(c.key for c in cols), tuple(_cell_rule(table, c) for c in cols))
                wheres[rspec.key] = {**_NO_WHERE, **where, **found[0][1]}
        if not runs:
            continue
        for rspec, cols, found, where, flagged in rows:  # the other rows' values, which the identities use
            if rspec.key not in runs and found and (fitted := _fit(found, len(cols))[0]):
                known.update({(rspec.key, c.key): parse_cell(cell.text).value for c, (cell, _) in zip(cols, fitted)})
        named = [(rule.id, i) for rule in RULES.values() for i in rule.instances(state.template) if i.table == table]
        identities = [(tuple(k[1:] for k in i.lhs), tuple(k[1:] for k in i.rhs)) for _, i in named]
        recovered = G.recover(runs, identities, known)
        for (row, col), rec in recovered.items():
            out[(table, row, col)] = {"table": table, "row": row, "col": col, "value": rec.value, "raw": rec.text,
                                      "status": rec.status, "unit": rec.unit, "reason": rec.reason, **wheres[row]}
        unread = {r: run for r, run in runs.items() if any(recovered[(r, c)].status != "ok" for c in run.cols)}
        read = {**known, **{k: rec.value for k, rec in recovered.items() if rec.status == "ok"}}
        for n in G.broken(unread, identities, read):
            rule, inst = named[n]
            row = next(k[1] for k in (*inst.lhs, *inst.rhs) if k[1] in unread)
            _problem(state, "P-IDENTITY-BROKEN", f"identity {rule} {table}/{inst.row or ''}/{inst.col} fails for every "
                     f"reading of the run-together digits of {row} without a blank cell: a printing error, or a blank "
                     f"cell; the row's cells are left unread", wheres[row])
    return out


def _emit(state: _State) -> list[dict]:
    out: list[dict] = []
    template = state.template
    recovered = _recover_glued(state)
    for table in T.TABLES:
        for rspec in T.rows(table, template):
            cols = T.columns(table, rspec.key, template)
            if (table, rspec.key, cols[0].key) in recovered:
                out.extend(recovered[(table, rspec.key, c.key)] for c in cols)
                continue
            found, where, _ = _found_row(state, table, rspec.key)
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
            _read_row(state, row, {"block": bi, "grid_row": ri, "page": block.page, "line": block.line}, real,
                      bool(block.attrs.get("glued")))
    return _emit(state), state.problems
