"""Topics, keywords and reuse on a synthetic corpus with planted 存在的主要问题 themes and planted reused sentences."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

import govtext
from govtext.analysis import choose_k, dtm, find_reuse, fit_topics, log_odds, reuse_clusters, reuse_shares
from govtext.synth import write_corpus
from govtext.synth.truth import truth_path
from govtext.text import segment_sections

N_REPORTS = 150


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("synth")
    man = write_corpus(d, N_REPORTS, seed=7, formats=("txt",))
    reports = [govtext.read_report(d / f) for f in man["file"]]
    truths = [json.loads(truth_path(d / f).read_text(encoding="utf-8")) for f in man["file"]]
    sections = pd.concat([r.sections for r in reports], ignore_index=True)
    return reports, truths, sections


@pytest.fixture(scope="module")
def problems_dtm(corpus):
    return dtm(corpus[2], by="report", sections=["problems"], min_df=2)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_topics_recover_planted_themes(corpus, problems_dtm, method):
    planted = [t["themes"][0] for t in corpus[1]]
    tm = fit_topics(problems_dtm, len(set(planted)), method=method, random_state=0)
    dominant = tm.dominant()
    assert list(dominant["report_id"]) == [r.report_id for r in corpus[0]]
    assert adjusted_rand_score(planted, dominant["topic"]) >= 0.8
    again = fit_topics(problems_dtm, len(set(planted)), method=method, random_state=0)
    pd.testing.assert_frame_equal(tm.topic_terms(), again.topic_terms())


def test_choose_k_prefers_the_planted_number(corpus, problems_dtm):
    k = len({t["themes"][0] for t in corpus[1]})
    table = choose_k(problems_dtm, [k - 3, k, k + 3], seeds=(0, 1))
    assert list(table.columns) == ["k", "coherence", "stability", "chosen"]
    assert table["stability"].between(0, 1).all() and table["coherence"].between(-1, 1).all()
    assert table.loc[table["chosen"], "k"].item() == k


def test_log_odds_finds_theme_vocabulary(corpus, problems_dtm):
    groups = [t["themes"][0] for t in corpus[1]]
    top = log_odds(problems_dtm, groups, top=5)
    assert set(top["group"]) == set(groups)
    media = top.loc[top["group"] == "newmedia", "term"].tolist()
    assert any("新媒体" in t or "公众号" in t or "账号" in t for t in media), media


def _truth_labels(reports, truths, reuse):
    rid = {t["meta"]["file"].rsplit(".", 1)[0]: r.report_id for r, t in zip(reports, truths)}
    origin, sources = {}, set()
    for r, t in zip(reports, truths):
        for s in t["sentences"]:
            origin[(r.report_id, s["text"])] = s["origin"]
            if s["origin"] == "reused_cross" and s["source"] in rid:
                sources.add((rid[s["source"]], s["text"]))
    o = pd.Series([origin.get(k) for k in zip(reuse["report_id"], reuse["text"])], index=reuse.index)
    shared = pd.Series([k in sources for k in zip(reuse["report_id"], reuse["text"])], index=reuse.index)
    return o, shared


def _precision_recall(flag: pd.Series, truth: pd.Series) -> tuple[float, float]:
    tp = int((flag & truth).sum())
    return tp / max(int(flag.sum()), 1), tp / max(int(truth.sum()), 1)


def test_planted_reuse_found(corpus):
    reports, truths, sections = corpus
    meta = pd.DataFrame({"report_id": [r.report_id for r in reports], "year": [r.meta["year"] for r in reports],
                         "agency_id": [t["meta"]["agency_id"] for t in truths]})
    reuse = find_reuse(segment_sections(sections), meta, agency_col="agency_id")
    origin, source_of_copy = _truth_labels(reports, truths, reuse)
    known = origin.notna()
    assert known.mean() > 0.9  # the segmenter finds the generator's sentences
    r, origin, source_of_copy = reuse[known], origin[known], source_of_copy[known]
    template = r["template"].astype(bool)
    # carried over from the same agency's previous report
    p, rec = _precision_recall(r["carried_over"].astype(bool) & ~template, origin == "reused_previous")
    assert p >= 0.95 and rec >= 0.95, (p, rec)
    # any planted reuse: the copies and, for copies across agencies, their source sentences
    planted = origin.isin(["reused_previous", "reused_cross"]) | source_of_copy
    flagged = (r["shared_cross"].astype(bool) | r["carried_over"].astype(bool)) & ~template
    p, rec = _precision_recall(flagged, planted)
    assert p >= 0.95 and rec >= 0.95, (p, rec)
    # the template's own (stock) sentences are mostly flagged as template
    assert template[origin == "template"].mean() > 0.5
    shares = reuse_shares(reuse)
    assert set(shares["report_id"]) <= set(meta["report_id"]) and shares.iloc[:, 2:].stack().between(0, 1).all()
    clusters = reuse_clusters(reuse)
    assert (clusters["n_reports"] >= 2).all() and clusters["size"].is_monotonic_decreasing
