"""Numbers in the narrative versus the tables, and the year the narrative names.

A :class:`Claim` is a named statement pattern (``共收到政府信息公开申请33件``)
and the table cells it may refer to: one or more *readings*, each a sum of
cells (``受理`` may count only the new requests or also those carried over).
A stated number that equals some reading passes; one that equals no reading,
all of whose cells are numbers, fails; otherwise the finding is incomplete. A
clause about another period (``较上年``, a year other than the reporting year)
is not a claim about the tables. Findings are rows of the checks frame with
rule ids ``N-…``, the stated number as ``actual``, the table's as ``expected``
and the sentence as ``evidence``.

``N-year`` flags a narrative whose sentences open with another year more often
than with the reporting year, or whose statistics period lies in another
year (signs of a report copied from an earlier one).

Examples
--------
>>> cells = {("requests", "new_received", "total"): 33.0, ("requests", "carried_over", "total"): 2.0}
>>> look = lambda k: (cells[k], "ok") if k in cells else (None, "missing")
>>> secs = [{"section": "requests", "found": True, "text": "2021年共收到政府信息公开申请35件，上年结转2件。"}]
>>> [(r["rule"], r["actual"], r["expected"], r["result"]) for r in narrative_checks(secs, "", look, {"year": 2021})]
[('N-received', 35.0, 35.0, 'pass'), ('N-carried', 2.0, 2.0, 'pass')]
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from govtext import normalize as N
from govtext import patterns as P
from govtext.checks.rules import TOLERANCE, Key, Lookup
from govtext.structure import template as T
from govtext.text.segment import paragraphs, split_sentences

#: sections whose sentences are read for claims (the preamble is read too)
CLAIM_SECTIONS = ("overview", "requests", "review")
_match_form = N.make_pipeline(N.to_halfwidth, N.remove_whitespace)


def _req(row: str) -> Key:
    return ("requests", row, "total")


def _rev(col: str) -> Key:
    return ("review", "cases", col)


@dataclass(frozen=True)
class Claim:
    """A narrative statement pattern and the readings (sums of cells) its number may equal."""

    id: str
    description_zh: str
    patterns: tuple[re.Pattern, ...]
    readings: tuple[tuple[Key, ...], ...]


CLAIMS: tuple[Claim, ...] = (
    Claim("N-received", "正文所述收到（受理）申请数与表三本年新收（或加上年结转）不符",
          (P.CLAIM_RECEIVED, P.CLAIM_RECEIVED_BEFORE),
          ((_req("new_received"),), (_req("new_received"), _req("carried_over")))),
    Claim("N-carried", "正文所述上年结转数与表三不符", (P.CLAIM_CARRIED,), ((_req("carried_over"),),)),
    Claim("N-forward", "正文所述结转下年度数与表三不符", (P.CLAIM_FORWARD, P.CLAIM_FORWARD_BEFORE),
          ((_req("carried_forward"),),)),
    Claim("N-handled", "正文所述办结数与表三总计不符", (P.CLAIM_HANDLED,), ((_req("total_handled"),),)),
    Claim("N-granted", "正文所述予以公开数与表三不符", (P.CLAIM_GRANTED,), ((_req("granted"),),)),
    Claim("N-granted-partly", "正文所述予以公开及部分公开数与表三不符", (P.CLAIM_GRANTED_OR_PARTLY,),
          ((_req("granted"), _req("partly_granted")),)),
    Claim("N-reconsideration", "正文所述行政复议数与表四不符", (P.CLAIM_RECONSIDERATION,),
          ((_rev("reconsideration_total"),),)),
    Claim("N-litigation", "正文所述行政诉讼数与表四两类诉讼之和不符", (P.CLAIM_LITIGATION,),
          ((_rev("litigation_direct_total"), _rev("litigation_after_total")),)),
)


def _sentences(sections: Iterable[Mapping], preamble: str) -> list[tuple[str, str]]:
    """(section, sentence) pairs of the preamble and the claim sections."""
    out = [("preamble", s["text"]) for p in paragraphs(preamble or "") for s in split_sentences(p)]
    for sec in sections:
        if sec.get("found") and sec.get("section") in CLAIM_SECTIONS and isinstance(sec.get("text"), str):
            out += [(sec["section"], s["text"]) for p in paragraphs(sec["text"]) for s in split_sentences(p)]
    return out


def _about_other_period(norm: str, start: int, year: int | None) -> bool:
    """Whether the clause holding a match at ``start`` speaks of another period."""
    clause_start = max((m.end() for m in P.CLAUSE_BREAK.finditer(norm, 0, start)), default=0)
    if P.OTHER_PERIOD.search(norm[clause_start:start]):
        return True
    years = [int(m.group("year")) for m in P.YEAR.finditer(norm, 0, start)]
    return year is not None and bool(years) and years[-1] != year


def _judge(claim: Claim, stated: float, lookup: Lookup) -> tuple[str, float, tuple[Key, ...], list[Key]]:
    """(result, expected, cells of the reading shown, unknown cells)."""
    unknown: list[Key] = []
    known_sums: list[tuple[float, tuple[Key, ...]]] = []
    for reading in claim.readings:
        vals = [lookup(k) for k in reading]
        bad = [k for k, (v, s) in zip(reading, vals) if s != "ok" or v is None or math.isnan(v)]
        if bad:
            unknown += [k for k in bad if k not in unknown]
            continue
        known_sums.append((sum(v for v, _ in vals), reading))
    for total, reading in known_sums:
        if abs(total - stated) <= TOLERANCE:
            return "pass", total, reading, []
    if unknown:
        return "incomplete", math.nan, claim.readings[0], unknown
    return "fail", known_sums[0][0], known_sums[0][1], []


def _formed(sections: Iterable[Mapping], preamble: str) -> list[tuple[str, str, str]]:
    """(section, sentence, matching form) triples of :func:`_sentences`, each sentence normalised once."""
    return [(section, sentence, _match_form(sentence)) for section, sentence in _sentences(sections, preamble)]


def claim_checks(sections: Iterable[Mapping], preamble: str, lookup: Lookup, year: int | None,
                 report_id: str | None = None) -> list[dict]:
    """One check row per number the narrative states about a table cell."""
    return _claim_rows(_formed(sections, preamble), lookup, year, report_id)


def _claim_rows(formed: list[tuple[str, str, str]], lookup: Lookup, year: int | None, report_id: str | None) -> list[dict]:
    rows = []
    for section, sentence, norm in formed:
        if not P.DIGIT.search(norm):
            continue  # states no number
        for claim in CLAIMS:
            for pattern in claim.patterns:
                for m in pattern.finditer(norm):
                    if _about_other_period(norm, m.start(), year):
                        continue
                    stated = float(m.group("n"))
                    result, expected, reading, unknown = _judge(claim, stated, lookup)
                    rows.append({
                        "report_id": report_id, "rule": claim.id, "severity": "warning", "table": reading[0][0],
                        "row": reading[0][1], "col": reading[0][2], "expected": expected, "actual": stated,
                        "result": result, "cells": ";".join("/".join(k[1:]) for k in reading),
                        "unknown_cells": ";".join(f"{'/'.join(k[1:])}={lookup(k)[1]}" for k in unknown),
                        "evidence": f"[{section}] {sentence}",
                    })
    return rows


def year_checks(sections: Iterable[Mapping], preamble: str, meta: Mapping, report_id: str | None = None) -> list[dict]:
    """``N-year`` rows: the statistics period's year, and the years that open the narrative's sentences."""
    if meta.get("year") is None:
        return []
    return _year_rows(_formed([s for s in sections if s.get("section") == "overview"], preamble), meta, report_id)


def _year_rows(opening: list[tuple[str, str, str]], meta: Mapping, report_id: str | None) -> list[dict]:
    """:func:`year_checks` from the :func:`_formed` sentences of the preamble and the overview."""
    year = meta.get("year")
    if year is None:
        return []
    rows = []
    base = {"report_id": report_id, "rule": "N-year", "severity": "warning", "table": None, "row": None, "col": None,
            "expected": float(year), "cells": None, "unknown_cells": None}
    period = [meta.get("period_start"), meta.get("period_end")]
    if meta.get("year_source", "title") == "title" and all(period):
        other = {int(p[:4]) for p in period} - {year}
        rows.append({**base, "actual": float(min(other)) if other else float(year),
                     "result": "fail" if other else "pass", "evidence": f"[period] {period[0]} .. {period[1]}"})
    leading = [(int(m.group("year")), sent) for _, sent, norm in opening if (m := P.LEADING_YEAR.match(norm))]
    if leading:
        counts = Counter(y for y, _ in leading)
        top, n = max(((y, c) for y, c in counts.items() if y != year), key=lambda t: t[1], default=(year, 0))
        failed = n > counts.get(year, 0)
        evidence = next(s for y, s in leading if y == (top if failed else year)) if failed or counts.get(year) else leading[0][1]
        rows.append({**base, "actual": float(top if failed else year), "result": "fail" if failed else "pass",
                     "evidence": f"[narrative] {evidence}"})
    return rows


def narrative_checks(sections: Iterable[Mapping], preamble: str, lookup: Lookup, meta: Mapping,
                     report_id: str | None = None, template: str = "2021") -> list[dict]:
    """All ``N-…`` check rows of one report: stated numbers (:func:`claim_checks`, for the 2019 and
    2021 templates, whose cells they name) and years (:func:`year_checks`).

    Examples
    --------
    >>> secs = [{"section": "overview", "found": True, "text": "2020年，本机关共主动公开信息20条。2020年，我局开展培训。"}]
    >>> [(r["rule"], r["actual"], r["result"]) for r in narrative_checks(secs, "", lambda k: (None, "missing"), {"year": 2021})]
    [('N-year', 2020.0, 'fail')]
    """
    sections = list(sections)
    if template not in T.TEMPLATES:
        return year_checks(sections, preamble, meta, report_id)
    formed = _formed(sections, preamble)  # the claim sections include the overview: one normalisation serves both
    opening = [f for f in formed if f[0] in ("preamble", "overview")]
    return _claim_rows(formed, lookup, meta.get("year"), report_id) + _year_rows(opening, meta, report_id)
