"""Figures: every plot draws with the shipped font (missing glyphs are errors), rejects empty input,
and the paper set is byte-identical when drawn twice from the same data."""
from __future__ import annotations

import doctest
import importlib
import json

import matplotlib
import numpy as np
import pandas as pd
import pytest

from govtext import job
from govtext.cli import main
from govtext.dataset import read_dataset, write_tables
from govtext.figures import PAPER, plots
from govtext.figures.paper import FORMATS, figure_data
from govtext.synth import write_corpus

matplotlib.use("Agg")
pytestmark = pytest.mark.filterwarnings("error:Glyph:UserWarning", "error:.*missing from font:UserWarning")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A small built dataset; boilerplate shares and topics are added when the text modules did not make them."""
    root = tmp_path_factory.mktemp("fig")
    write_corpus(root / "corpus", 14, seed=11, formats=("txt", "md"))
    tables = job.build_dataset(root / "corpus", root / "data")
    ind = tables["indicators"]
    rng = np.random.default_rng(0)
    extra = {}
    if ind["boilerplate_share"].isna().all():
        extra["indicators"] = ind.assign(boilerplate_share=rng.uniform(0.1, 0.9, len(ind)))
    if "topics" not in tables:
        labels = ["培训 · 队伍", "平台 · 网站", "依申请 · 答复"]
        extra["topics"] = pd.DataFrame([{"report_id": r, "topic": i, "label": lab, "weight": w}
                                        for r in ind["report_id"] for i, (lab, w) in enumerate(zip(labels, rng.dirichlet([1, 1, 1])))])
    write_tables(extra, root / "data")
    return root / "data"


@pytest.mark.parametrize("name", ["govtext.figures.fonts", "govtext.figures.style", "govtext.figures.plots",
                                  "govtext.figures.paper", "govtext.figures"])
def test_docstring_examples(name):
    assert doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS).failed == 0


def test_missing_glyphs_are_errors_here():
    """The warning filter of this module works: a character outside the font fails the test."""
    import matplotlib.pyplot as plt
    from govtext.figures.style import figure_style

    with figure_style(), pytest.raises(UserWarning, match="missing from font"):
        fig, ax = plt.subplots()
        ax.set_title("\U00020000")
        fig.canvas.draw()
    plt.close("all")


def test_paper_figures_are_byte_identical_when_drawn_twice(data_dir, tmp_path):
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        assert main(["figures", "--data", str(data_dir), "--out", str(out)]) == 0
    manifest = json.loads((outs[0] / "figures.json").read_text(encoding="utf-8"))
    assert [f["status"] for f in manifest["figures"]] == ["written"] * len(PAPER)
    for name in PAPER:
        for fmt in (*FORMATS, "json"):
            a, b = (o / f"{name}.{fmt}" for o in outs)
            assert a.read_bytes() == b.read_bytes(), f"{name}.{fmt} differs between two runs"
    png = (outs[0] / "fig1_coverage.png").read_bytes()
    assert b"Software" not in png and b"matplotlib" not in png.lower()
    pdf = (outs[0] / "fig1_coverage.pdf").read_bytes()
    assert b"CreationDate" not in pdf and b"GovTextNotoSansSC" in pdf
    prov = json.loads((outs[0] / "fig1_coverage.json").read_text(encoding="utf-8"))
    assert {"corpus_hash", "govtext_version", "parameters", "files"} <= set(prov)
    assert prov["parameters"]["dpi"] == 300


@pytest.mark.parametrize("name", list(PAPER))
def test_each_plot_draws_and_rejects_empty_input(data_dir, name):
    import matplotlib.pyplot as plt

    spec = PAPER[name]
    data = figure_data(read_dataset(data_dir))[spec.data]
    ax = spec.plot(data)
    ax.figure.canvas.draw()
    assert ax.get_title()
    with pytest.raises(ValueError, match=spec.plot.__name__):
        spec.plot(data.iloc[0:0])
    plt.close("all")


def test_rates_are_pooled_not_averaged():
    df = pd.DataFrame({"year": [2021, 2021], "reconsideration_corrected": [1.0, 0.0], "reconsideration_concluded": [1.0, 9.0],
                       "litigation_corrected": [np.nan, np.nan], "litigation_concluded": [np.nan, np.nan]})
    ax = plots.plot_correction_rates(df)
    (line,) = ax.get_lines()
    assert line.get_ydata()[0] == pytest.approx(0.1)
