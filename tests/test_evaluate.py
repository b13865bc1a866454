"""The accuracy harness: outcomes per cell, detection of silent errors and violations, CLI."""
from __future__ import annotations

import json
import math

import pytest

from govtext.cli import main
from govtext.evaluate import cell_outcome, evaluate
from govtext.synth import SynthConfig, write_corpus
from govtext.synth.truth import truth_path


@pytest.mark.parametrize("truth,status,value,outcome", [
    (3.0, "ok", 3.0, "correct"), (3.0, "ok", 4.0, "silent_error"), (3.0, "missing", math.nan, "flagged"),
    (3.0, "ambiguous", math.nan, "flagged"), (None, "blank", math.nan, "correct"), (None, "dash", math.nan, "correct"),
    (None, "missing", math.nan, "correct"), (None, "ok", 0.0, "silent_error"), (None, "text", math.nan, "flagged"),
    (3.0, None, math.nan, "failed"), (31426.75, "ok", 31426.75, "correct"),
])
def test_cell_outcome(truth, status, value, outcome):
    assert cell_outcome(truth, status, value) == outcome


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("synth")
    write_corpus(d, n=12, seed=21, formats=["txt", "md"], config=SynthConfig(share_identity_faults=0.5))
    return d


def test_text_formats_score_perfectly(corpus):
    ev = evaluate(corpus)
    s = ev.summary.loc["all"]
    assert s["reports"] == 12 and s["read"] == 12
    assert s["accuracy_unambiguous"] == 1.0 and s["silent_errors"] == 0
    assert s["violations"] > 0 and s["violations_found"] == s["violations"] and s["false_alarms"] == 0
    assert s["sections"] == 1.0 and s["meta"] == 1.0


def test_a_wrong_truth_becomes_a_silent_error(corpus, tmp_path):
    import shutil
    d = tmp_path / "c"
    shutil.copytree(corpus, d)
    f = sorted(d.glob("*.txt"))[0]
    t = json.loads(truth_path(f).read_text(encoding="utf-8"))
    row = next(r for r, cols in t["cells"]["requests"].items() if cols["natural_person"] is not None)
    t["cells"]["requests"][row]["natural_person"] += 1
    truth_path(f).write_text(json.dumps(t, ensure_ascii=False), encoding="utf-8")
    ev = evaluate(d)
    bad = ev.cells[ev.cells["outcome"] == "silent_error"]
    assert list(zip(bad["file"], bad["row"], bad["col"])) == [(f.name, row, "natural_person")]


def test_unreadable_file_is_failed_not_fatal(corpus, tmp_path):
    import shutil
    d = tmp_path / "c"
    shutil.copytree(corpus, d)
    f = sorted(d.glob("*.md"))[0]
    f.write_bytes(b"\x00\x01\x02 not a report \xff\xfe" * 10)
    ev = evaluate(d)
    rec = ev.reports.set_index("file").loc[f.name]
    assert not rec["read"] and isinstance(rec["error"], str)
    assert set(ev.cells.loc[ev.cells["file"] == f.name, "outcome"]) == {"failed"}
    assert ev.summary.loc["all", "read"] == 11


def test_cli_synth_then_eval(tmp_path, capsys):
    assert main(["synth", "--n", "4", "--seed", "2", "--formats", "txt,md", "--out", str(tmp_path / "s")]) == 0
    assert main(["eval", str(tmp_path / "s"), "--out", str(tmp_path / "e")]) == 0
    out = capsys.readouterr().out
    assert "accuracy" in out and (tmp_path / "e" / "eval_cells.parquet").exists()
    assert main(["synth", "--n", "1", "--formats", "xls", "--out", str(tmp_path / "x")]) == 2


def test_eval_without_truth_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="govtext synth"):
        evaluate(tmp_path)


def test_an_identity_named_by_a_broken_identity_problem_is_reported():
    from govtext.evaluate import BROKEN
    msg = "identity T3-balance requests//total fails for every reading of the run-together digits of new_received …"
    assert BROKEN.match(msg).groups() == ("T3-balance", "", "total")
    assert BROKEN.match("identity T3-columns requests/new_received/total fails").groups() == ("T3-columns", "new_received", "total")
