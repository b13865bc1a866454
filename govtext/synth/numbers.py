"""Table numbers that satisfy every identity, printed with the oddities of real reports.

:func:`table_numbers` draws the three tables for one report (magnitudes by
agency level; the panel's previous year fixes 上年结转 and 现行有效件数), then
:func:`inject_identity_fault` may break one identity on purpose and
:func:`print_cells` turns numbers into printed cells (blanks, dashes,
full-width digits, units, thousands separators). :func:`failing_checks` runs
govtext's own rules on the truth to list the check failures a parser must report.

Examples
--------
>>> import random
>>> nums = table_numbers(random.Random(0), "2021", "county", None)
>>> cols = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org"]
>>> nums[("requests", "new_received", "total")] == sum(nums[("requests", "new_received", c)] for c in cols)
True
"""
from __future__ import annotations

import math
import random

import numpy as np

from govtext.checks import evaluate_rules
from govtext.structure import template as T
from govtext.synth.layout import LABEL_TYPOS
from govtext.synth.model import Key, PrintedCell, SynthConfig

APPLICANTS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org")
APPLICANT_SHARES = (0.84, 0.10, 0.005, 0.01, 0.025, 0.02)
REVIEW_GROUPS = ("reconsideration", "litigation_direct", "litigation_after")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
#: median new requests per year by agency level
REQUEST_MEDIAN = {"central": 400, "provincial": 150, "prefectural": 40, "county": 12, "township": 1.5}
#: relative weight of each outcome row (rows absent from a template are ignored)
OUTCOME_WEIGHTS = {
    "granted": 35, "partly_granted": 9, "denied_state_secret": 0.3, "denied_law_prohibited": 0.5,
    "denied_three_safeties": 0.4, "denied_third_party": 1.2, "denied_internal_affairs": 1.0,
    "denied_process_info": 1.5, "denied_enforcement_file": 0.5, "denied_query_matter": 1.0,
    "unable_not_held": 24, "unable_needs_creation": 3, "unable_unclear": 2.5, "rejected_petition": 3,
    "rejected_duplicate": 2, "rejected_publication": 0.5, "rejected_excessive": 0.4, "rejected_confirmation": 0.6,
    "other_overdue_correction": 5, "other_unpaid_fee": 0.1, "other_other": 4, "other": 9,
}
DASHES = ("/", "—", "-", "无", "／")
_FULLWIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def _np(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.getrandbits(63))


def _requests(g: np.random.Generator, template: str, level: str, carried: dict[str, int] | None) -> dict[Key, float]:
    out: dict[Key, float] = {}
    new_total = int(g.lognormal(math.log(REQUEST_MEDIAN[level]), 0.9))
    new = g.multinomial(new_total, APPLICANT_SHARES)
    if carried is None:
        carried = dict(zip(APPLICANTS, g.binomial(new, 0.06)))
    rows = [r.key for r in T.rows("requests", template)]
    outcomes = [r for r in rows if r in OUTCOME_WEIGHTS]
    weights = np.array([OUTCOME_WEIGHTS[r] for r in outcomes])
    for i, col in enumerate(APPLICANTS):
        avail = int(new[i]) + int(carried[col])
        forward = int(g.binomial(avail, 0.05))
        handled = avail - forward
        split = g.multinomial(handled, weights / weights.sum())
        vals = {"new_received": int(new[i]), "carried_over": int(carried[col]), "total_handled": handled,
                "carried_forward": forward, **dict(zip(outcomes, map(int, split)))}
        for row in rows:
            out[("requests", row, col)] = float(vals[row])
    for row in rows:
        out[("requests", row, "total")] = float(sum(out[("requests", row, c)] for c in APPLICANTS))
    return out


def _review(g: np.random.Generator, new_total: float) -> dict[Key, float]:
    out: dict[Key, float] = {}
    for group, rate in zip(REVIEW_GROUPS, (0.04, 0.015, 0.01)):
        n = int(g.poisson(rate * new_total + 0.05))
        parts = g.multinomial(n, (0.6, 0.1, 0.2, 0.1))
        for part, v in zip(REVIEW_PARTS, parts):
            out[("review", "cases", f"{group}_{part}")] = float(v)
        out[("review", "cases", f"{group}_total")] = float(n)
    return out


def _active(g: np.random.Generator, template: str, level: str, prev: dict[str, float] | None) -> dict[Key, float]:
    scale = {"central": 8.0, "provincial": 4.0, "prefectural": 2.0, "county": 1.0, "township": 0.2}[level]
    makes_rules = level in ("central", "provincial", "prefectural")
    out: dict[Key, float] = {}
    a = lambda row, col, v: out.__setitem__(("active", row, col), float(v))  # noqa: E731
    if template == "2021":
        for row, mean in (("rules", 2.0 if makes_rules else 0.0), ("normative_docs", 6.0)):
            issued = int(g.poisson(mean * scale))
            repealed = int(g.poisson(mean * scale * 0.4))
            base = prev.get(row) if prev else None
            if base is None:
                base = int(g.poisson(mean * scale * 8))
            in_force = max(int(base) + issued - repealed, 0)
            a(row, "issued", issued), a(row, "repealed", repealed), a(row, "in_force", in_force)
        for row, median in (("licensing", 300), ("penalty", 120), ("coercion", 8)):
            a(row, "decisions", int(g.lognormal(math.log(median * scale), 1.0)) if g.random() < 0.85 else 0)
        fee = round(float(g.lognormal(math.log(80 * scale), 1.5)), 2) if g.random() < 0.6 else 0.0
        a("fees", "amount_10k_yuan", fee)
        return out
    for row, mean in (("rules", 2.0 if makes_rules else 0.0), ("normative_docs", 6.0)):
        made = int(g.poisson(mean * scale))
        a(row, "new_made", made), a(row, "new_published", made - int(g.binomial(made, 0.05)))
        a(row, "total_published", made + int(g.poisson(mean * scale * 8)))
    for row, median in (("licensing", 60), ("other_services", 40), ("penalty", 30), ("coercion", 5)):
        prev_count = int(g.lognormal(math.log(median * scale), 0.8))
        a(row, "prev_count", prev_count), a(row, "change", int(g.integers(-3, 4)) if prev_count > 3 else 0)
        a(row, "decisions", int(g.lognormal(math.log(median * scale * 5), 1.0)) if g.random() < 0.85 else 0)
    prev_fees = int(g.poisson(3 * scale))
    a("fees", "prev_count", prev_fees), a("fees", "change", int(g.integers(-1, 2)) if prev_fees else 0)
    items = int(g.poisson(5 * scale))
    a("procurement", "items", items), a("procurement", "amount", int(g.lognormal(math.log(40000 * scale), 1.0)) * 100 if items else 0)
    return out


def table_numbers(rng: random.Random, template: str, level: str, prev: dict[Key, float] | None) -> dict[Key, float]:
    """All cells of ``template`` for an agency of ``level``; ``prev`` is the panel's previous year.

    上年结转 equals the previous year's 结转下年度 (X-carry) and, for the 2021
    template, 现行有效件数 continues from the previous year (X-in-force).
    """
    g = _np(rng)
    carried = {c: int(prev[("requests", "carried_forward", c)]) for c in APPLICANTS} if prev else None
    prev_in_force = {r: prev.get(("active", r, "in_force")) for r in ("rules", "normative_docs")} if prev else None
    out = _requests(g, template, level, carried)
    out.update(_review(g, out[("requests", "new_received", "total")]))
    out.update(_active(g, template, level, prev_in_force))
    return out


def inject_identity_fault(rng: random.Random, nums: dict[Key, float], template: str) -> dict:
    """Change one table-3 or table-4 cell so that at least one identity fails; return the fault record."""
    choice = rng.random()
    if choice < 0.35:
        key = ("requests", rng.choice([r.key for r in T.rows("requests", template)]), "total")
        rule = "T3-columns"
    elif choice < 0.8:
        key = ("requests", rng.choice([r.key for r in T.rows("requests", template)]), rng.choice(APPLICANTS[:2]))
        rule = "T3-outcomes"
    else:
        key = ("review", "cases", f"{rng.choice(REVIEW_GROUPS)}_total")
        rule = "T4-groups"
    original = nums[key]
    delta = rng.choice([1, 2, 3, 5, 10]) * (1 if original < 1 or rng.random() < 0.6 else -1)
    nums[key] = max(original + delta, 0.0) if original + delta >= 0 else original + abs(delta)
    return {"kind": "identity", "rule": rule, "table": key[0], "row": key[1], "col": key[2],
            "original": original, "value": nums[key]}


def _format_number(v: float, *, thousands: bool, decimals: int) -> str:
    if decimals:
        text = f"{v:,.{decimals}f}" if thousands else f"{v:.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{int(v):,d}" if thousands else str(int(v))


def report_style(rng: random.Random, config: SynthConfig) -> dict:
    """Per-report printing choices: dash mark, full-width digits, units, separators."""
    return {
        "dash": rng.choice(DASHES) if rng.random() < config.share_dash_reports else None,
        "fullwidth": rng.random() < config.share_fullwidth_reports,
        "units": rng.random() < config.share_units,
        "thousands": rng.random() < config.share_thousands,
        "seed_blank": rng.random() < min(1.0, 5 * config.share_blank),  # the seed leaves 上年结转 总计 blank
        "notes": rng.random() < config.share_cell_notes,
        "labels": {"sub_sep": "、" if rng.random() < 0.15 else ".", "half_parens": rng.random() < 0.1,
                   "total_word": "合计" if rng.random() < 0.1 else "总计",
                   "typo": rng.choice(sorted(LABEL_TYPOS)) if rng.random() < config.share_label_typos else None},
    }


def print_cells(rng: random.Random, nums: dict[Key, float], style: dict, config: SynthConfig,
                keep: set[Key] = frozenset()) -> dict[Key, PrintedCell]:
    """Printed cells: blank, dash or a number as a person would type it; ``keep`` cells are never blanked."""
    out: dict[Key, PrintedCell] = {}
    for key, v in nums.items():
        table, row, col = key
        if key not in keep and (rng.random() < config.share_blank
                                or (style["seed_blank"] and row == "carried_over" and col == "total")):
            out[key] = PrintedCell(None, "", "blank", v)
            continue
        if key not in keep and v == 0 and style["dash"] and rng.random() < 0.7:
            out[key] = PrintedCell(None, style["dash"], "dash", v)
            continue
        decimals = 2 if col == "amount_10k_yuan" else 0
        raw = _format_number(v, thousands=style["thousands"] and abs(v) >= 1000, decimals=decimals)
        if style["units"] and col == "amount_10k_yuan" and rng.random() < 0.5:
            raw += "万元"
        elif style["units"] and col == "amount" and v:
            raw = (_format_number(v / 10000, thousands=False, decimals=4) + "万元") if rng.random() < 0.4 else raw + "元"
        if style["fullwidth"]:
            raw = raw.translate(_FULLWIDTH)
        if style["notes"] and v and (row, col) in (("normative_docs", "issued"), ("normative_docs", "new_made")):
            raw += f"（其中修订{rng.randint(0, int(v))}件）"
        elif style["notes"] and v and table == "requests" and rng.random() < 0.02:
            raw += rng.choice(("*", "※", "①"))
        out[key] = PrintedCell(v, raw, "ok", v)
    return out


def failing_checks(cells: dict[Key, PrintedCell], template: str) -> list[dict]:
    """The identity instances that fail on the printed truth (blank/dash cells make an instance incomplete)."""
    def lookup(k: Key) -> tuple[float | None, str]:
        c = cells.get(k)
        return (c.value, c.status) if c else (None, "missing")
    rows = evaluate_rules(lookup, template)
    return [{"rule": r["rule"], "table": r["table"], "row": r["row"], "col": r["col"], "cells": r["cells"]}
            for r in rows if r["result"] == "fail"]
