"""Rules that need two reports of the same agency, and year-over-year changes.

The rules are :class:`govtext.checks.rules.Rule` objects over *year-tagged*
keys: ``carried_forward[y-1]`` is a cell of the previous year's report,
``carried_over[y]`` one of this year's. A pair lookup sends each key to the
right report, so the findings are rows of the ``checks`` frame like any
other (``report_id`` is the report of year ``y``):

* ``X-carry`` (error): 上年结转 of year y = 结转下年度继续办理 of year y-1, for
  every applicant column; both reports on the 2019 or 2021 template.
* ``X-in-force`` (warning, 2021 template in both years): 现行有效件数(y) =
  现行有效件数(y-1) + 本年制发(y) − 本年废止(y), for 规章 and 行政规范性文件.
  Checked without subtraction as in_force(y) + repealed(y) = in_force(y-1) +
  issued(y): ``actual`` is the left side, ``expected`` the right. Revisions
  and clean-ups break it legitimately, hence a warning.

Only consecutive years both present in the panel are paired; the report used
for a year is the panel's ``report_id``. A needed cell that is not a number
makes the finding ``incomplete`` (``unknown_cells`` says which and why); a
pair whose templates lack the rule's cells gives one ``not_applicable`` row
saying which templates met.

Examples
--------
>>> cur = {("requests", "carried_over", c): 1.0 for c in ("natural_person", "total")}
>>> prev = {("requests", "carried_forward", "natural_person"): 1.0}
>>> look = pair_lookup(lambda k: (cur.get(k), "ok" if k in cur else "blank"), lambda k: (prev.get(k), "ok" if k in prev else "blank"))
>>> rows = RULES["X-carry"].evaluate(look, "2021", "r2021")
>>> [(r["col"], r["result"]) for r in rows if r["col"] in ("natural_person", "total")]
[('natural_person', 'pass'), ('total', 'incomplete')]
>>> [r["unknown_cells"] for r in rows if r["col"] == "total"]
['carried_forward[y-1]/total=blank']
"""
from __future__ import annotations

import math
from typing import Iterator

import pandas as pd

from govtext.checks.rules import Identity, Lookup, Rule
from govtext.panel import corpus_panel
from govtext.schema import frame
from govtext.structure import template as T

CUR, PREV = "y", "y-1"

#: main indicators followed from year to year, as (table, row, col)
MAIN_INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("requests", "new_received", "total"),
    ("requests", "carried_over", "total"),
    ("requests", "granted", "total"),
    ("requests", "partly_granted", "total"),
    ("requests", "total_handled", "total"),
    ("requests", "carried_forward", "total"),
    ("review", "cases", "reconsideration_total"),
    ("review", "cases", "litigation_direct_total"),
    ("review", "cases", "litigation_after_total"),
    ("active", "rules", "issued"),
    ("active", "normative_docs", "issued"),
    ("active", "normative_docs", "in_force"),
    ("active", "licensing", "decisions"),
    ("active", "penalty", "decisions"),
    ("active", "coercion", "decisions"),
    ("active", "fees", "amount_10k_yuan"),
)


def tag(row: str, when: str) -> str:
    """A row key tagged with the year it is read from.

    Examples
    --------
    >>> tag("carried_forward", PREV), untag("carried_forward[y-1]")
    ('carried_forward[y-1]', ('carried_forward', 'y-1'))
    """
    return f"{row}[{when}]"


def untag(tagged: str) -> tuple[str, str]:
    """``(row, when)`` of a tagged row key (untagged keys are of year ``y``)."""
    row, _, when = tagged.partition("[")
    return row, when.rstrip("]") or CUR


def pair_lookup(current: Lookup, previous: Lookup) -> Lookup:
    """A lookup over year-tagged keys: ``[y-1]`` rows go to ``previous``, the others to ``current``."""
    def look(key):
        table, tagged, col = key
        row, when = untag(tagged)
        return (previous if when == PREV else current)((table, row, col))
    return look


def _carry(template: str) -> Iterator[Identity]:
    for col in T.columns("requests", "carried_over", template):
        yield Identity((("requests", tag("carried_over", CUR), col.key),),
                       (("requests", tag("carried_forward", PREV), col.key),), "requests", "carried_over", col.key)


def _in_force(template: str) -> Iterator[Identity]:
    for row in ("rules", "normative_docs"):
        yield Identity((("active", tag(row, CUR), "in_force"), ("active", tag(row, CUR), "repealed")),
                       (("active", tag(row, PREV), "in_force"), ("active", tag(row, CUR), "issued")), "active", row, "in_force")


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("X-carry", "本年上年结转数等于上一年度报告的结转下年度继续办理数（每列）",
         "carried over in year y = carried forward in year y-1, for every column", T.TEMPLATES, "error", _carry),
    Rule("X-in-force", "现行有效件数等于上年现行有效件数加本年制发件数减本年废止件数（软规则）",
         "in force (y) = in force (y-1) + issued (y) - repealed (y); a soft rule", ("2021",), "warning", _in_force),
)}


def _not_applicable(rule: Rule, report_id: str, templates: tuple[str, str], years: tuple[int, int]) -> dict:
    table = "requests" if rule.id == "X-carry" else "active"
    return {"report_id": report_id, "rule": rule.id, "severity": rule.severity, "table": table, "row": None, "col": None,
            "expected": math.nan, "actual": math.nan, "result": "not_applicable", "cells": "",
            "unknown_cells": f"templates {templates[0]} ({years[0]}) and {templates[1]} ({years[1]}); "
                             f"the rule needs one of {'/'.join(rule.templates)} in both years"}


def evaluate_pair(current: Lookup, previous: Lookup, templates: tuple[str, str], years: tuple[int, int],
                  report_id: str, rules: dict[str, Rule] = RULES) -> list[dict]:
    """Findings of the cross-year rules for one pair of reports (``templates`` and ``years`` as (y-1, y))."""
    look = pair_lookup(current, previous)
    out = []
    for rule in rules.values():
        if all(t in rule.templates for t in templates):
            out.extend(rule.evaluate(look, templates[1], report_id))
        else:
            out.append(_not_applicable(rule, report_id, templates, years))
    return out


def report_lookups(cells: pd.DataFrame) -> dict[str, Lookup]:
    """A lookup ``key -> (value, status)`` per report from a ``cells`` frame (template cells only)."""
    sub = cells[cells["in_template"].fillna(True).astype(bool)]
    values = [None if pd.isna(v) else float(v) for v in sub["value"]]
    table = dict(zip(zip(sub["report_id"], sub["table"], sub["row"], sub["col"]), zip(values, map(str, sub["status"]))))

    def for_report(report_id: str) -> Lookup:
        return lambda key: table.get((report_id, *key), (None, "missing"))

    return {str(r): for_report(r) for r in sub["report_id"].unique()}


def consecutive_pairs(panel: pd.DataFrame) -> Iterator[tuple[pd.Series, pd.Series]]:
    """``(previous, current)`` panel rows of the same agency in consecutive years, both with a report."""
    present = panel[~panel["missing"].astype(bool)].sort_values(["agency_id", "year"])
    for _, g in present.groupby("agency_id", sort=True):
        rows = [r for _, r in g.iterrows()]
        for prev, cur in zip(rows, rows[1:]):
            if int(cur["year"]) - int(prev["year"]) == 1:
                yield prev, cur


def crossyear_table(panel: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """The cross-year findings (a ``checks`` frame) for every consecutive pair of the panel."""
    lookups = report_lookups(cells)
    missing: Lookup = lambda k: (None, "missing")  # noqa: E731 - a report with no cells at all
    rows = []
    for prev, cur in consecutive_pairs(panel):
        rows.extend(evaluate_pair(lookups.get(cur["report_id"], missing), lookups.get(prev["report_id"], missing),
                                  (str(prev["template"]), str(cur["template"])), (int(prev["year"]), int(cur["year"])),
                                  cur["report_id"]))
    return frame("checks", rows)


def _status(value: float | None, status: str, side: str) -> str | None:
    return None if status == "ok" and value is not None else f"{side}={status}"


def yoy_table(panel: pd.DataFrame, cells: pd.DataFrame, indicators=MAIN_INDICATORS) -> pd.DataFrame:
    """Year-over-year changes of the main indicators (the ``yoy`` frame) for consecutive pairs.

    An indicator is listed for a pair when both reports' templates define it.
    """
    lookups = report_lookups(cells)
    missing: Lookup = lambda k: (None, "missing")  # noqa: E731
    rows = []
    for prev, cur in consecutive_pairs(panel):
        keys_prev, keys_cur = set(T.cell_keys(str(prev["template"]))), set(T.cell_keys(str(cur["template"])))
        look_prev, look_cur = lookups.get(prev["report_id"], missing), lookups.get(cur["report_id"], missing)
        for key in indicators:
            if key not in keys_prev or key not in keys_cur:
                continue
            (v, s), (pv, ps) = look_cur(key), look_prev(key)
            notes = [n for n in (_status(v, s, "value"), _status(pv, ps, "prev")) if n]
            change = math.nan if notes else v - pv
            rows.append({"agency_id": cur["agency_id"], "year": cur["year"], "prev_year": prev["year"],
                         "report_id": cur["report_id"], "prev_report_id": prev["report_id"], "indicator": "/".join(key),
                         "value": v if s == "ok" else math.nan, "prev_value": pv if ps == "ok" else math.nan,
                         "change": change, "pct_change": change / pv if not notes and pv else math.nan,
                         "status": "; ".join(notes) or "ok"})
    return frame("yoy", rows)


def corpus_crossyear(corpus, aliases=None) -> pd.DataFrame:
    """Cross-year findings of a corpus (see :func:`crossyear_table`); agencies resolved as in ``Corpus.panel``."""
    return crossyear_table(corpus_panel(corpus, aliases), corpus.cells)


def corpus_yoy(corpus, aliases=None) -> pd.DataFrame:
    """Year-over-year changes of the main indicators of a corpus (see :func:`yoy_table`)."""
    return yoy_table(corpus_panel(corpus, aliases), corpus.cells)
