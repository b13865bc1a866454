"""The template's identities as declarative rules.

Each :class:`Rule` names the sums that must agree; evaluating it yields one row
per instance (a column, a row or a group): ``expected`` is the sum on the
right-hand side, ``actual`` the left, ``result`` is ``pass``, ``fail`` or
``incomplete`` when a needed cell is not a number (a blank is unknown, never 0).

Examples
--------
>>> cells = {("review", "cases", f"reconsideration_{c}"): v for c, v in
...          zip(["upheld", "corrected", "other", "pending", "total"], [2, 0, 0, 0, 2])}
>>> rows = RULES["T4-groups"].evaluate(lambda k: (cells.get(k), "ok" if k in cells else "missing"), "2021")
>>> rows[0]["result"], rows[1]["result"]
('pass', 'incomplete')
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from govtext.structure import template as T

Key = tuple[str, str, str]
Lookup = Callable[[Key], tuple[float | None, str]]
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Identity:
    """``sum(lhs) == sum(rhs)``, concerning one table/row/col."""

    lhs: tuple[Key, ...]
    rhs: tuple[Key, ...]
    table: str
    row: str | None
    col: str | None


@dataclass(frozen=True)
class Rule:
    """A declarative identity rule."""

    id: str
    description_zh: str
    description_en: str
    templates: tuple[str, ...]
    severity: str
    instances: Callable[[str], Iterator[Identity]]

    def evaluate(self, lookup: Lookup, template: str, report_id: str | None = None) -> list[dict]:
        """One finding row per instance of the rule."""
        if template not in self.templates:
            return []
        return [_judge(self, inst, cells, lookup, report_id) for inst, cells in _instances(self, template)]


@lru_cache(maxsize=None)
def _instances(rule: Rule, template: str) -> tuple[tuple[Identity, str], ...]:
    """The instances of ``rule`` under ``template``, each with its ``cells`` text (the same in every report)."""
    return tuple((inst, ";".join("/".join(k[1:]) for k in inst.lhs + inst.rhs)) for inst in rule.instances(template))


def _judge(rule: Rule, inst: Identity, cells: str, lookup: Lookup, report_id: str | None) -> dict:
    used = inst.lhs + inst.rhs
    vals = {k: lookup(k) for k in used}
    unknown = [k for k, (v, s) in vals.items() if s != "ok" or v is None or (isinstance(v, float) and math.isnan(v))]
    known = set(vals).difference(unknown)
    actual = sum(vals[k][0] for k in inst.lhs if k in known)
    expected = sum(vals[k][0] for k in inst.rhs if k in known)
    if unknown:
        result = "incomplete"
        actual = expected = math.nan
    else:
        result = "pass" if abs(actual - expected) <= TOLERANCE else "fail"
    return {
        "report_id": report_id, "rule": rule.id, "severity": rule.severity, "table": inst.table, "row": inst.row,
        "col": inst.col, "expected": expected, "actual": actual, "result": result,
        "cells": cells,
        "unknown_cells": ";".join(f"{'/'.join(k[1:])}={vals[k][1]}" for k in unknown),
    }


def _req(row: str, col: str) -> Key:
    return ("requests", row, col)


_APPLICANT_COLS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org")
_OUTCOME_EXCLUDED = {"new_received", "carried_over", "total_handled", "carried_forward"}


def _t3_balance(template: str) -> Iterator[Identity]:
    for col in (*_APPLICANT_COLS, "total"):
        yield Identity((_req("new_received", col), _req("carried_over", col)),
                       (_req("total_handled", col), _req("carried_forward", col)), "requests", None, col)


def _t3_outcomes(template: str) -> Iterator[Identity]:
    outcomes = [r.key for r in T.rows("requests", template) if r.key not in _OUTCOME_EXCLUDED]
    for col in (*_APPLICANT_COLS, "total"):
        yield Identity((_req("total_handled", col),), tuple(_req(r, col) for r in outcomes), "requests", "total_handled", col)


def _t3_columns(template: str) -> Iterator[Identity]:
    for r in T.rows("requests", template):
        yield Identity((_req(r.key, "total"),), tuple(_req(r.key, c) for c in _APPLICANT_COLS), "requests", r.key, "total")


def _t4_groups(template: str) -> Iterator[Identity]:
    for g in ("reconsideration", "litigation_direct", "litigation_after"):
        parts = tuple(("review", "cases", f"{g}_{p}") for p in ("upheld", "corrected", "other", "pending"))
        yield Identity((("review", "cases", f"{g}_total"),), parts, "review", "cases", f"{g}_total")


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("T3-balance", "本年新收加上年结转等于办理结果总计加结转下年度（每列）",
         "new + carried over = total handled + carried forward, for every column", T.TEMPLATES, "error", _t3_balance),
    Rule("T3-outcomes", "（七）总计等于（一）至（六）各项办理结果之和（每列）",
         "total handled = sum of all outcome rows (一)…(六), for every column", T.TEMPLATES, "error", _t3_outcomes),
    Rule("T3-columns", "总计等于自然人与五类法人或其他组织之和（每行）",
         "total = natural persons + the five organisation columns, for every row", T.TEMPLATES, "error", _t3_columns),
    Rule("T4-groups", "行政复议、两类行政诉讼各自的总计等于维持、纠正、其他、尚未审结之和",
         "in each of the three groups, total = upheld + corrected + other + pending", T.TEMPLATES, "error", _t4_groups),
)}


def evaluate_rules(lookup: Lookup, template: str, report_id: str | None = None, rules: dict[str, Rule] = RULES) -> list[dict]:
    """Evaluate every rule that applies to ``template``.

    Examples
    --------
    >>> evaluate_rules(lambda k: (None, "missing"), "legacy")
    []
    """
    return [row for rule in rules.values() for row in rule.evaluate(lookup, template, report_id)]
