"""Vectorizers, document-term matrices and keywords on small hand-made inputs."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd

from govtext.analysis import dtm, log_odds, make_vectorizer, textrank_keywords, tfidf_keywords
from govtext.schema import frame
from govtext.text import Tokenizer

SECS = frame("sections", [
    {"report_id": "a", "section": "overview", "found": True, "text": "推进政务公开，加强政务新媒体管理。"},
    {"report_id": "a", "section": "problems", "found": True, "text": "政务新媒体更新不及时。"},
    {"report_id": "b", "section": "overview", "found": True, "text": "推进政务公开，落实三级审查。"},
    {"report_id": "b", "section": "problems", "found": True, "text": "政策解读形式单一。"},
    {"report_id": "b", "section": "other", "found": False, "text": None},
])


def test_vectorizer_keeps_one_char_words_and_pickles():
    v = make_vectorizer("count", Tokenizer(stopwords=False))
    assert v.token_pattern is None
    v.fit(["我 在 办"])
    assert "办" in v.vocabulary_
    back = pickle.loads(pickle.dumps(v))
    assert (back.transform(["推进政务公开"]).toarray() == v.transform(["推进政务公开"]).toarray()).all()


def test_dtm_per_section_and_per_report():
    per_section = dtm(SECS)
    assert per_section.docs[["report_id", "section"]].values.tolist() == [
        ["a", "overview"], ["a", "problems"], ["b", "overview"], ["b", "problems"]]
    per_report = dtm(SECS, by="report", sections=["problems"])
    assert per_report.matrix.shape[0] == 2
    tidy = per_report.frame()
    assert set(tidy.columns) == {"report_id", "term", "value"}
    assert tidy.loc[tidy["report_id"] == "a", "term"].tolist() == ["政务新媒体", "及时", "更新"] or \
        set(tidy.loc[tidy["report_id"] == "a", "term"]) >= {"政务新媒体"}
    assert np.isclose(per_report.matrix.sum(), tidy["value"].sum())


def test_tfidf_keywords_per_group():
    m = dtm(SECS)
    kw = tfidf_keywords(m, groups=m.docs["section"], top=2)
    assert set(kw["group"]) == {"overview", "problems"}
    assert "政务公开" in kw.loc[kw["group"] == "overview", "term"].tolist()


def test_textrank_uses_private_segmenter():
    import jieba
    before = jieba.dt.initialized
    k = textrank_keywords(pd.Series(["严格落实三级审查制度，三级审查覆盖全部公开信息，三级审查责任到人。"], index=["x"]), top=3)
    assert "三级审查" in k["term"].tolist() and set(k["doc"]) == {"x"}
    assert jieba.dt.initialized == before


def test_log_odds_symmetry():
    m = dtm(SECS, by="report")
    lo = log_odds(m, ["a", "b"])
    a = lo[lo["group"] == "a"].set_index("term")["z"]
    b = lo[lo["group"] == "b"].set_index("term")["z"]
    assert np.allclose(a.sort_index(), -b.sort_index())
