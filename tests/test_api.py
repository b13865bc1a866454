"""The public API is small and pinned; the CLI parse/show commands work end to end."""
from __future__ import annotations

import pandas as pd

import govtext
from govtext.cli import main
from conftest import SEED, need


def test_public_names_are_pinned():
    core = {"__version__", "Corpus", "Report", "read_report", "read_reports"}
    assert core <= set(govtext.__all__)
    assert len(govtext.__all__) <= 20
    for name in govtext.__all__:
        assert hasattr(govtext, name)


def test_read_reports_keeps_going_past_bad_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "seed.txt").write_bytes(need(SEED).read_bytes())
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 20)
    corpus = govtext.read_reports(tmp_path)
    assert len(corpus) == 1
    assert set(corpus.failures["code"]) >= {"E-EMPTY"}
    assert corpus.failures["message"].str.contains("empty.txt").any()
    assert corpus.cells["report_id"].nunique() == 1


def test_cli_parse_writes_parquet_and_show_prints(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["parse", str(need(SEED)), str(tmp_path / "missing-dir-empty.txt"), "--out", str(out)]) == 0
    for name in ("reports", "sections", "cells", "checks", "problems", "failures"):
        assert (out / f"{name}.parquet").exists()
    cells = pd.read_parquet(out / "cells.parquet")
    assert len(cells) == 200
    assert len(pd.read_parquet(out / "failures.parquet")) == 1
    assert main(["parse", str(tmp_path / "missing-dir-empty.txt"), "--out", str(out), "--strict"]) == 1
    assert main(["show", str(SEED)]) == 0
    shown = capsys.readouterr().out
    assert "长春高新技术产业开发区" in shown and "incomplete" in shown
