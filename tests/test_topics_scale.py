"""The dataset's topics table at scale (govtext.analysis.topics.corpus_topics) on generated reports with planted themes."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

import govtext
from govtext.analysis import topics
from govtext.analysis.topics import choose_k, corpus_topics, fit_topics, sample_documents
from govtext.analysis.vectorize import dtm
from govtext.schema import frame
from govtext.synth import write_corpus
from govtext.synth.truth import truth_frames

N_REPORTS = 120


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The sections of generated reports, and each report's first planted problems theme by report id."""
    d = tmp_path_factory.mktemp("synth")
    write_corpus(d, N_REPORTS, seed=11, formats=("txt",))
    frames = govtext.read_reports(d).frames()
    first_theme = truth_frames(d)["reports"].set_index("file")["themes"].str.split(";").str[0]
    files = frames["reports"]["file"].map(lambda f: Path(f).name)
    return frames["sections"], dict(zip(frames["reports"]["report_id"], files.map(first_theme)))


def dominant(table: pd.DataFrame) -> pd.Series:
    return table.sort_values("weight", ascending=False, kind="stable").drop_duplicates("report_id").set_index("report_id")["topic"]


def test_all_documents_fitted_gives_the_full_model(corpus):
    """Below the sample size the table is the one of choose_k, then fit_topics of the chosen k on every document."""
    sections, _ = corpus
    table = corpus_topics(sections, (3, 4, 5), (0, 1))
    m = dtm(sections, by="report", sections=["problems"], min_df=2)
    scores = choose_k(m, [3, 4, 5], seeds=(0, 1))
    k = int(scores.loc[scores["chosen"], "k"].iloc[0])
    tm = fit_topics(m, k, random_state=0)
    labels = tm.topic_terms(top=3).groupby("topic")["term"].agg(" · ".join)
    doc = tm.doc_topics()
    expected = frame("topics", doc.assign(label=doc["topic"].map(labels), k=k).to_dict("records"))
    pd.testing.assert_frame_equal(table, expected)


def test_every_candidate_is_fitted_once_per_seed(corpus, monkeypatch):
    calls = []
    real = topics.fit_topics
    monkeypatch.setattr(topics, "fit_topics", lambda *a, **kw: calls.append(a[1]) or real(*a, **kw))
    corpus_topics(corpus[0], (3, 5), (0, 1, 2))
    assert sorted(calls) == [3, 3, 3, 5, 5, 5]


def test_sampled_model_recovers_planted_themes_outside_the_sample(corpus):
    sections, planted = corpus
    k = len(set(planted.values()))
    table = corpus_topics(sections, [k], (0,), sample=60, chunk=25)
    assert table["report_id"].nunique() == N_REPORTS and (table["k"] == k).all()
    sums = table.groupby("report_id")["weight"].sum()
    assert np.allclose(sums[sums > 0], 1)
    docs = sections[sections["section"] == "problems"][["report_id", "text"]]
    inside = set(sample_documents(docs, 60)["report_id"])
    outside = dominant(table).drop(list(inside))
    assert len(outside) == N_REPORTS - 60
    assert adjusted_rand_score([planted[r] for r in outside.index], outside) >= 0.8


def test_sampled_table_is_reproducible_and_independent_of_report_order(corpus):
    """The same sections give the same table; in another order, the same sample, k and labels and nearly the
    same weights (NMF is fitted on the sampled documents in their order, so its solution moves slightly)."""
    sections, planted = corpus
    k = len(set(planted.values()))
    table = corpus_topics(sections, [k - 1, k], (0, 1), sample=60, chunk=25)
    pd.testing.assert_frame_equal(table, corpus_topics(sections, [k - 1, k], (0, 1), sample=60, chunk=25))
    order = sections["report_id"].drop_duplicates().iloc[::-1]
    backwards = corpus_topics(sections.set_index("report_id").loc[order].reset_index(), [k - 1, k], (0, 1),
                              sample=60, chunk=25)
    key = ["report_id", "topic"]
    a, b = (t.sort_values(key).reset_index(drop=True) for t in (table, backwards))
    pd.testing.assert_frame_equal(a.drop(columns="weight"), b.drop(columns="weight"))
    assert np.abs(a["weight"] - b["weight"]).max() < 0.01
    assert (dominant(table) == dominant(backwards).reindex(dominant(table).index)).mean() >= 0.95


def test_sample_keeps_its_documents_when_the_corpus_grows():
    docs = pd.DataFrame({"report_id": [f"r{i}" for i in range(200)], "text": "x"})
    small = set(sample_documents(docs.head(100), 30)["report_id"])
    large = set(sample_documents(docs, 30)["report_id"])
    assert all(r in small for r in large if r in set(docs.head(100)["report_id"]))
    assert sample_documents(docs, 30, seed=1)["report_id"].tolist() != sample_documents(docs, 30)["report_id"].tolist()
