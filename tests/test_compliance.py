"""Compliance indicators: formulas on hand-made frames, missing never 0, agreement with synthetic truth."""
from __future__ import annotations

import doctest
import json

import numpy as np
import pandas as pd
import pytest

from govtext import compliance as C
from govtext import read_reports
from govtext.schema import COLUMNS, frame
from govtext.structure import template as T
from govtext.synth import write_corpus

SECTIONS = ["overview", "active", "requests", "review", "problems", "other"]


def _frames(*, year=2021, template="2021", published="2022-01-20", values=None, status=None,
            problems="一是进一步加强培训。二是制定了信息公开工作制度，全年举办培训3次。", other="本年度未收取信息处理费。",
            missing_sections=(), checks=()):
    """One report with every requests/review cell ok (0 unless given in ``values``)."""
    values, status = values or {}, status or {}
    cells = [{"report_id": "r1", "table": t, "row": r, "col": c, "value": values.get((t, r, c), 0.0),
              "status": status.get((t, r, c), "ok"), "in_template": True}
             for t, r, c in T.cell_keys(template) if t in ("requests", "review")]
    for c in cells:
        if c["status"] != "ok":
            c["value"] = np.nan
    sections = [{"report_id": "r1", "section": s, "order": i + 1, "found": s not in missing_sections,
                 "text": {"problems": problems, "other": other}.get(s, "正文"),
                 "n_chars": len({"problems": problems, "other": other}.get(s, "正文"))} for i, s in enumerate(SECTIONS)]
    return {
        "reports": frame("reports", [{"report_id": "r1", "sha256": "0" * 64, "agency": "某县人民政府", "year": year,
                                      "template": template, "published": published}]),
        "sections": frame("sections", sections), "cells": frame("cells", cells),
        "checks": frame("checks", [{"report_id": "r1", "rule": rule, "result": res} for rule, res in checks]),
    }


def _req(row, col="total"):
    return ("requests", row, col)


def test_docstring_examples():
    assert doctest.testmod(C, optionflags=doctest.ELLIPSIS).failed == 0


def test_indicator_definitions_match_the_frame_contract():
    assert list(C.INDICATORS) == list(COLUMNS["indicators"])
    assert all(ind.zh and ind.formula for ind in C.INDICATORS.values())


def test_ratio_with_zero_or_missing_denominator_is_missing_not_zero():
    out = C.ratio(pd.Series([0.0, 3.0, 1.0]), pd.Series([0.0, 0.0, np.nan]))
    assert out.isna().all()


def test_request_outcome_formulas():
    v = {_req("granted"): 6, _req("partly_granted"): 2, _req("denied_state_secret"): 1, _req("denied_third_party"): 1,
         _req("total_handled"): 10, _req("new_received"): 10, _req("new_received", "natural_person"): 7,
         ("review", "cases", "reconsideration_total"): 5, ("review", "cases", "reconsideration_corrected"): 1,
         ("review", "cases", "reconsideration_pending"): 1}
    ind = C.indicators(_frames(values=v)).iloc[0]
    assert ind["disclosure_rate"] == pytest.approx(0.8)
    assert ind["denied_share"] == pytest.approx(0.2)
    assert ind["unable_share"] == 0 and ind["rejected_share"] == 0 and ind["other_share"] == 0
    assert ind["reason_denied_state_secret"] == pytest.approx(0.5)
    assert np.isnan(ind["reason_unable_not_held"])  # group total 0 -> missing, not 0
    assert ind["natural_person_share"] == pytest.approx(0.7)
    assert ind["requests_natural_person"] == 7
    assert ind["reconsideration_concluded"] == 4
    assert ind["reconsideration_correction_rate"] == pytest.approx(0.25)
    assert np.isnan(ind["litigation_correction_rate"])  # no concluded litigation


def test_a_blank_cell_makes_the_ratio_missing():
    v = {_req("granted"): 6, _req("total_handled"): 10}
    ind = C.indicators(_frames(values=v, status={_req("partly_granted"): "blank"})).iloc[0]
    assert np.isnan(ind["disclosure_rate"])
    assert ind["cells_blank"] == 1


def test_zero_requests_give_missing_rates():
    ind = C.indicators(_frames()).iloc[0]
    assert np.isnan(ind["disclosure_rate"]) and np.isnan(ind["denied_share"])
    assert ind["requests_handled"] == 0


@pytest.mark.parametrize("year,template,expected", [(2021, "2021", True), (2022, "2019", False), (2020, "2019", True),
                                                     (2019, "2021", False), (None, "2021", pd.NA)])
def test_template_conformance(year, template, expected):
    got = C.indicators(_frames(year=year, template=template)).iloc[0]["template_conforms"]
    assert (got is pd.NA) if expected is pd.NA else bool(got) is expected


@pytest.mark.parametrize("published,on_time,days", [("2022-01-31", True, 0), ("2022-02-01", False, 1), (None, pd.NA, pd.NA)])
def test_timeliness(published, on_time, days):
    ind = C.indicators(_frames(published=published)).iloc[0]
    assert (ind["on_time"] is pd.NA) if on_time is pd.NA else bool(ind["on_time"]) is on_time
    assert (ind["days_late"] is pd.NA) if days is pd.NA else ind["days_late"] == days


def test_sections_checks_and_problems_text():
    frames = _frames(missing_sections=("review", "other"),
                     checks=[("T3-balance", "pass"), ("T3-balance", "fail"), ("T4-groups", "incomplete"), ("N-total", "fail")])
    ind = C.indicators(frames).iloc[0]
    assert ind["sections_present"] == 4 and not ind["all_sections"] and ind["sections_missing"] == "review;other"
    assert (ind["checks_pass"], ind["checks_fail"], ind["checks_incomplete"]) == (1, 1, 1)
    assert ind["identity_fail_rate"] == pytest.approx(0.5) and bool(ind["has_identity_failure"])
    assert (ind["narrative_checks"], ind["narrative_conflicts"]) == (1, 1)
    assert ind["problems_specificity"] == pytest.approx(3 / 4)
    assert ind["info_fee_stated"] is pd.NA  # the other section is missing
    assert ind["tables_present"] == 2 and ind["tables_missing"] == "active"


def test_without_narrative_checks_the_conflict_count_is_missing():
    ind = C.indicators(_frames()).iloc[0]
    assert ind["narrative_checks"] is pd.NA and ind["narrative_conflicts"] is pd.NA
    assert ind["info_fee_yuan"] == 0.0 and bool(ind["info_fee_stated"])


def test_indicators_agree_with_synthetic_truth(tmp_path):
    write_corpus(tmp_path, 12, seed=3, formats=("txt", "md"))
    corpus = read_reports(tmp_path)
    ind = C.indicators(corpus.frames()).set_index("report_id")
    reports = corpus.reports.set_index("report_id")
    compared = 0
    for rid, row in ind.iterrows():
        truth = json.loads((tmp_path / "truth" / (reports.loc[rid, "file"].split("/")[-1] + ".json")).read_text(encoding="utf-8"))
        req = truth["cells"].get("requests", {})
        handled = req.get("total_handled", {}).get("total")
        if np.isnan(row["disclosure_rate"]) or not handled:
            continue
        expected = (req["granted"]["total"] + req["partly_granted"]["total"]) / handled
        assert row["disclosure_rate"] == pytest.approx(expected), rid
        compared += 1
    assert compared >= 3


@pytest.mark.parametrize("text,expected", [
    ("2022年，我单位将进一步加强培训。", {"quantities": 0, "measures": 0, "stock_phrases": 1}),
    ("全年举办培训3次，新增公开目录12项，办结率100%。", {"quantities": 3, "measures": 2, "stock_phrases": 0}),
    ("信息公开工作还存在不足，有待持续改进。", {"quantities": 0, "measures": 0, "stock_phrases": 3}),
])
def test_problems_specificity_counts(text, expected):
    assert C.problems_specificity(text) == expected


def test_reports_before_2019_had_until_31_march():
    ind = C.indicators(_frames(year=2015, template="legacy", published="2016-03-20")).iloc[0]
    assert bool(ind["on_time"]) and ind["days_late"] == -11
