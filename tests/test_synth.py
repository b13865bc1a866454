"""The synthetic report generator: determinism, identities, faults, reuse, renderers, truth."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from govtext.checks import evaluate_rules
from govtext.structure import template as T
from govtext.structure.sections import classify_heading
from govtext.synth import SynthConfig, generate_reports, render, write_corpus
from govtext.synth.builder import NUMBERING, SECTION_WORDS, TYPOS, heading
from govtext.synth.renderers.crawler import readings
from govtext.synth.renderers.pdf import soffice_path
from govtext.synth.truth import read_truth, truth_frames

CLEAN = SynthConfig(share_blank=0.0, share_dash_reports=0.0, share_identity_faults=0.0)
BYTE_FORMATS = ["txt", "crawler", "md", "html", "docx"]


@pytest.fixture(scope="module")
def reports():
    return list(generate_reports(16, seed=11))


def _lookup(cells):
    return lambda k: (cells[k].value, cells[k].status) if k in cells else (None, "missing")


@pytest.mark.parametrize("fmt", BYTE_FORMATS)
def test_same_seed_gives_identical_bytes(fmt):
    a = [render(r, fmt).data for r in generate_reports(6, seed=5)]
    b = [render(r, fmt).data for r in generate_reports(6, seed=5)]
    assert a == b


def test_different_seeds_differ():
    a = [render(r, "txt").data for r in generate_reports(4, seed=1)]
    b = [render(r, "txt").data for r in generate_reports(4, seed=2)]
    assert all(x != y for x, y in zip(a, b))


def test_write_corpus_is_deterministic(tmp_path):
    write_corpus(tmp_path / "a", n=5, seed=3, formats=BYTE_FORMATS)
    write_corpus(tmp_path / "b", n=5, seed=3, formats=BYTE_FORMATS)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) == 5 * 2 + 1
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_every_identity_holds_without_injected_faults():
    for r in generate_reports(12, seed=4, config=CLEAN):
        results = {row["result"] for row in evaluate_rules(_lookup(r.cells), r.template)}
        assert results == {"pass"}, r.stem


def test_cells_cover_the_template(reports):
    for r in reports:
        assert set(r.cells) == set(T.cell_keys(r.template))


def test_injected_violation_is_recorded_and_fails():
    cfg = replace(CLEAN, share_identity_faults=1.0)
    for r in generate_reports(10, seed=8, config=cfg):
        fault = next(f for f in r.faults if f["kind"] == "identity")
        assert fault["value"] != fault["original"]
        assert fault["fails"], r.stem
        failing = {(x["rule"], x["row"], x["col"]) for x in evaluate_rules(_lookup(r.cells), r.template) if x["result"] == "fail"}
        assert {(x["rule"], x["row"], x["col"]) for x in fault["fails"]} <= failing


def test_panel_years_carry_over():
    rs = list(generate_reports(40, seed=2, config=CLEAN))
    pairs = [(a, b) for a, b in zip(rs, rs[1:]) if a.agency.agency_id == b.agency.agency_id and b.year == a.year + 1]
    assert pairs
    for a, b in pairs:
        for col in ("natural_person", "commercial", "total"):
            assert b.cells[("requests", "carried_over", col)].number == a.cells[("requests", "carried_forward", col)].number


def test_wrong_template_share():
    cfg = replace(CLEAN, share_wrong_template=1.0)
    for r in generate_reports(12, seed=6, config=cfg):
        assert r.template == "2019"
        assert r.expected_template == ("2021" if r.year >= 2021 else "2019")


def test_reused_sentences_point_at_their_source():
    cfg = replace(CLEAN, share_reused_cross=0.3, share_reused_previous=0.5)
    rs = list(generate_reports(40, seed=9, config=cfg))
    texts = {r.stem: {s.text for s in r.sentences()} for r in rs}
    reused = [(r, s) for r in rs for s in r.sentences() if s.origin.startswith("reused")]
    assert {s.origin for _, s in reused} == {"reused_cross", "reused_previous"}
    for r, s in reused:
        assert s.text in texts[s.source]
        src_agency = next(x.agency.agency_id for x in rs if x.stem == s.source)
        assert (src_agency == r.agency.agency_id) == (s.origin == "reused_previous")


def test_problem_themes_use_their_own_sentences(reports):
    for r in reports:
        themed = [s for s in r.sentences() if s.theme]
        assert {s.theme for s in themed} <= set(r.themes) and r.themes[0] in {s.theme for s in themed}


@pytest.mark.parametrize("scheme", [n for n, _ in NUMBERING])
def test_heading_variants_are_section_headings(scheme):
    for order, (key, variants) in enumerate(SECTION_WORDS.items(), start=1):
        for words in (*variants, TYPOS.get(key, variants[0])):
            text, style = heading(key, order, scheme, words)
            got = classify_heading(text)
            assert got is not None and got[0] == key and got[2] == style, text


@pytest.mark.parametrize("text,k,ways", [("0000000", 7, 1), ("640020470", 7, 2), ("1010", 3, 2), ("12", 2, 1), ("120", 2, 2), ("100", 2, 1),
                                         ("24252.31", 1, 1), ("3/0", 3, 1), ("111", 2, 2)])
def test_readings_without_blanks(text, k, ways):
    assert min(2, sum(None not in r for r in readings([text], k))) == ways


def test_truth_json_next_to_each_file(tmp_path):
    m = write_corpus(tmp_path, n=4, seed=1, formats=["crawler", "html"])
    for name, fmt in zip(m["file"], m["format"]):
        t = read_truth(tmp_path / name)
        assert t["meta"]["format"] == fmt and t["meta"]["file"] == name
        keys = {(a, b, c) for a, rows in t["cells"].items() for b, cols in rows.items() for c in cols}
        assert keys == set(T.cell_keys(t["meta"]["template"]))
        for table, rows in t["cell_status"].items():
            for row, cols in rows.items():
                assert all(t["cells"][table][row][c] is None for c in cols)
        json.dumps(t)


def test_html_gbk_declares_its_charset():
    cfg = replace(CLEAN, share_html_gbk=1.0, share_html_shell=1.0)
    r = next(generate_reports(1, seed=3, config=cfg))
    data = render(r, "html").data
    assert b"charset=gbk" in data and "年度报告".encode("gbk") in data


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) not installed")
def test_pdf_through_libreoffice_crosses_pages(tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    m = write_corpus(tmp_path, n=1, seed=4, formats=["pdf"])
    assert list(m["status"]) == ["ok"]
    with pdfplumber.open(tmp_path / m["file"][0]) as pdf:
        assert len(pdf.pages) >= 3
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert "申请人情况" in text and "行政复议" in text


@pytest.mark.parametrize("name", [
    "govtext.synth", "govtext.synth.agencies", "govtext.synth.numbers", "govtext.synth.grammar", "govtext.synth.builder",
    "govtext.synth.layout", "govtext.synth.model", "govtext.synth.truth", "govtext.synth.corpus",
    "govtext.synth.renderers", "govtext.synth.renderers.base", "govtext.synth.renderers.wptext",
    "govtext.synth.renderers.crawler", "govtext.synth.renderers.markdown", "govtext.synth.renderers.html",
    "govtext.synth.renderers.docx", "govtext.synth.renderers.pdf", "govtext.evaluate",
])
def test_docstring_examples(name):
    import doctest
    import importlib
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_truth_frames(tmp_path):
    write_corpus(tmp_path, n=6, seed=12, formats=["txt", "md"], config=SynthConfig(share_identity_faults=1.0))
    f = truth_frames(tmp_path)
    assert len(f["reports"]) == 6 and set(f["sections"]["section"]) == set(SECTION_WORDS)
    assert set(f["sentences"]["origin"]) <= {"original", "template", "reused_previous", "reused_cross", "coincident"}
    assert (f["faults"]["kind"] == "identity").sum() == 6


def test_agencies_never_run_out(monkeypatch):
    """When every named agency of the drawn kinds is used, new agencies are townships with blended names."""
    import itertools

    import govtext.synth.builder as B

    monkeypatch.setattr(B, "MAX_REPEATS", 50)
    monkeypatch.setattr(B, "sample_kind", lambda rng: "central_department")  # 24 names only
    panels = list(itertools.islice(B.ReportBuilder(0, SynthConfig()).panels(), 100))
    names = [p.agency.name for p in panels]
    assert len(set(names)) == 100
    assert {p.agency.level for p in panels[:24]} == {"central"} and {p.agency.level for p in panels[24:]} == {"township"}
