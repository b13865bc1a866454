"""Narrative numbers versus the tables (N-… rules): units, planted contradictions, and real reports."""
from __future__ import annotations

import json
import re

import pytest

import govtext
from govtext.checks.narrative import claim_checks, narrative_checks, year_checks
from govtext.ingest import read_document
from govtext.report import parse_document, sha256_bytes
from govtext.schema import frame
from govtext.synth import SynthConfig, write_corpus
from govtext.synth.truth import truth_path

from conftest import CORPUS_REAL, SEED, need

CELLS = {("requests", "new_received", "total"): 33.0, ("requests", "carried_over", "total"): 2.0,
         ("requests", "total_handled", "total"): 30.0, ("requests", "carried_forward", "total"): 5.0,
         ("requests", "granted", "total"): 13.0, ("requests", "partly_granted", "total"): 4.0,
         ("review", "cases", "reconsideration_total"): 2.0, ("review", "cases", "litigation_direct_total"): 1.0,
         ("review", "cases", "litigation_after_total"): 0.0}


def look(k):
    return (CELLS[k], "ok") if k in CELLS else (None, "missing")


def _claims(text, section="requests", year=2021, lookup=look):
    return [(r["rule"], r["actual"], r["result"]) for r in claim_checks([{"section": section, "found": True, "text": text}], "",
                                                                       lookup, year)]


@pytest.mark.parametrize("text, expected", [
    ("本年度共收到政府信息公开申请33件，上年结转2件，办结30件，结转下年度继续办理5件。",
     [("N-received", 33.0, "pass"), ("N-carried", 2.0, "pass"), ("N-forward", 5.0, "pass"), ("N-handled", 30.0, "pass")]),
    ("全区共受理政府信息公开申请 35 件。", [("N-received", 35.0, "pass")]),  # new + carried over
    ("共收到34件申请，予以公开13件，予以公开及部分公开17件。",
     [("N-received", 34.0, "fail"), ("N-granted", 13.0, "pass"), ("N-granted-partly", 17.0, "pass")]),
    ("因政府信息公开被申请行政复议3件，行政诉讼1件。", [("N-reconsideration", 3.0, "fail"), ("N-litigation", 1.0, "pass")]),
    ("全县共办理相关行政复议、行政诉讼案件 74 件。", []),  # a combined count names no cell
    ("2020年共收到政府信息公开申请60件，较上年收到申请50件有所增加。", []),  # another period
    ("１件结转下年度继续办理。", [("N-forward", 1.0, "fail")]),  # full-width digits
])
def test_claims(text, expected):
    assert _claims(text) == expected


def test_unknown_cell_is_incomplete_not_fail():
    lookup = lambda k: (None, "blank") if k[1] == "carried_over" else look(k)  # noqa: E731
    rows = claim_checks([{"section": "overview", "found": True, "text": "共收到政府信息公开申请40件。"}], "", lookup, 2021)
    assert [(r["result"], r["unknown_cells"]) for r in rows] == [("incomplete", "carried_over/total=blank")]


def test_claim_row_has_sentence_as_evidence_and_checks_columns():
    rows = narrative_checks([{"section": "review", "found": True, "text": "行政复议5件。"}], "", look, {"year": 2021}, "rid")
    assert rows[0]["evidence"] == "[review] 行政复议5件。" and rows[0]["expected"] == 2.0 and rows[0]["result"] == "fail"
    assert list(frame("checks", rows)["evidence"]) == ["[review] 行政复议5件。"]


def test_year_checks():
    secs = [{"section": "overview", "found": True, "text": "2020年，我局推进政务公开。2020年，全年公开信息5条。"}]
    assert [r["result"] for r in year_checks(secs, "", {"year": 2021})] == ["fail"]
    assert [r["result"] for r in year_checks(secs, "", {"year": 2020})] == ["pass"]
    since = [{"section": "overview", "found": True, "text": "2019年以来，我局持续推进。2021年，我局推进政务公开。"}]
    assert [r["result"] for r in year_checks(since, "", {"year": 2021})] == ["pass"]
    period = year_checks([], "", {"year": 2021, "year_source": "title", "period_start": "2020-01-01", "period_end": "2020-12-31"})
    assert [(r["result"], r["actual"]) for r in period] == [("fail", 2020.0)]


@pytest.fixture(scope="module")
def conflict_corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("narr")
    man = write_corpus(d, 60, seed=5, formats=("txt", "md", "html"), config=SynthConfig(share_narrative_conflict=0.5))
    return [(govtext.read_report(d / f), json.loads(truth_path(d / f).read_text(encoding="utf-8"))) for f in man["file"]]


def test_planted_contradictions_are_caught_without_false_alarms(conflict_corpus):
    planted_total = caught = 0
    for report, truth in conflict_corpus:
        cells = report.cells.set_index(["table", "row", "col"])
        fails = report.checks[report.checks["rule"].str.startswith("N-") & (report.checks["rule"] != "N-year")
                              & (report.checks["result"] == "fail")]
        flagged = {(t, r, c) for t, r, c in zip(fails["table"], fails["row"], fails["col"])}
        bad = {(c["table"], c["row"], c["col"]) for c in truth["claims"] if not c["consistent"]}
        assert flagged <= bad, (truth["meta"]["file"], flagged - bad)  # no false alarm
        for key in bad:
            # a contradiction is decidable when every cell of every reading is a number (受理 may include 上年结转)
            needed = {key} | ({(key[0], "carried_over", key[2])} if key[1] == "new_received" else set())
            if all(cells.loc[k, "status"] == "ok" for k in needed):
                planted_total += 1
                caught += key in flagged
    assert planted_total >= 10 and caught == planted_total


def test_year_fails_in_synthetic_reports_are_copied_sentences(conflict_corpus):
    for report, truth in conflict_corpus:
        origin = {s["text"]: s["origin"] for s in truth["sentences"]}
        for ev in report.checks.loc[(report.checks["rule"] == "N-year") & (report.checks["result"] == "fail"), "evidence"]:
            sentence = ev.split("] ", 1)[1]
            assert origin.get(sentence) in {"reused_previous", "reused_cross"}, (truth["meta"]["file"], ev)


def _parse_text(path, edit):
    data = path.read_bytes()
    text = edit(data.decode("utf-8-sig"))
    doc = read_document(path, text.encode("utf-8"))
    return parse_document(doc, file=str(path), sha256=sha256_bytes(text.encode("utf-8")))


def _n_fails(report):
    c = report.checks
    return c[c["rule"].str.startswith("N-") & (c["result"] == "fail")]


def test_seed_has_no_narrative_alarm_and_a_planted_year_is_caught():
    seed = need(SEED)
    assert _n_fails(govtext.read_report(seed)).empty
    copied = _parse_text(seed, lambda t: re.sub(r"(?m)^2021年，", "2020年，", t))
    fails = _n_fails(copied)
    assert list(fails["rule"]) == ["N-year"] and fails["actual"].iloc[0] == 2020.0


#: hand-checked: the narrative counts only the office's own requests (区政府办代表区政府受理…17件), the table the district's (95)
REAL_EXPECTED_FAILS = {"2024_洪泽区人民政府.pdf": ["N-received"]}


def _real_2019_plus():
    if not CORPUS_REAL.exists():
        return []
    return sorted(p.name for p in CORPUS_REAL.iterdir() if re.match(r"20(19|2\d)_", p.name))


@pytest.mark.parametrize("name", _real_2019_plus())
def test_real_reports_raise_no_false_alarm(name):
    report = govtext.read_report(need(CORPUS_REAL / name))
    assert sorted(_n_fails(report)["rule"]) == REAL_EXPECTED_FAILS.get(name, [])


def test_real_planted_contradiction_is_caught():
    path = need(CORPUS_REAL / "2021_平潭综合实验区.txt")
    report = _parse_text(path, lambda t: t.replace("共收到70件申请", "共收到71件申请"))
    fails = _n_fails(report)
    assert list(fails["rule"]) == ["N-received"] and (fails["actual"].iloc[0], fails["expected"].iloc[0]) == (71.0, 70.0)
