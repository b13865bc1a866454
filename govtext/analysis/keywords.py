"""Keywords as tidy frames: TF-IDF top terms, TextRank, and distinctive terms between groups.

Examples
--------
>>> from govtext.schema import frame
>>> from govtext.analysis.vectorize import dtm
>>> secs = frame("sections", [
...     {"report_id": "a", "section": "problems", "found": True, "text": "政务新媒体更新不及时，政务新媒体互动不足。"},
...     {"report_id": "b", "section": "problems", "found": True, "text": "政策解读形式单一，政策解读不够深入。"}])
>>> m = dtm(secs, by="report")
>>> top = tfidf_keywords(m, top=1)
>>> top[["report_id", "term"]].values.tolist()
[['a', '政务新媒体'], ['b', '政策解读']]
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer

from govtext.analysis.vectorize import DTM
from govtext.text.tokenize import Tokenizer, _tagger, default_stopwords


def _group_counts(m: DTM, groups: Sequence | None) -> tuple[np.ndarray, np.ndarray]:
    """(group labels, group x term count matrix); one group per document when ``groups`` is None."""
    if groups is None:
        keys = m.docs["report_id"].astype(str) + ("/" + m.docs["section"] if "section" in m.docs else "")
        return keys.to_numpy(), m.matrix.toarray()
    labels = pd.Series(list(groups), dtype="object")
    uniq = labels.unique()
    onehot = (labels.to_numpy()[None, :] == uniq[:, None]).astype(float)
    return uniq, onehot @ m.matrix.toarray()


def tfidf_keywords(m: DTM, groups: Sequence | None = None, *, top: int = 10) -> pd.DataFrame:
    """Top TF-IDF terms per document (default) or per group of documents (counts summed, IDF over groups).

    Returns a frame ``group, rank, term, score`` (``report_id`` instead of
    ``group`` when ``m`` has one document per report and no groups are given).
    """
    labels, counts = _group_counts(m, groups)
    tfidf = TfidfTransformer().fit_transform(counts).toarray()
    rows = []
    for g, row in zip(labels, tfidf):
        order = np.argsort(-row, kind="stable")[:top]
        rows += [{"group": g, "rank": r + 1, "term": m.terms[j], "score": float(row[j])}
                 for r, j in enumerate(order) if row[j] > 0]
    out = pd.DataFrame(rows, columns=["group", "rank", "term", "score"])
    if groups is None and "section" not in m.docs:
        out = out.rename(columns={"group": "report_id"})
    return out


def textrank_keywords(texts: pd.Series | Sequence[str], *, top: int = 10, tokenizer: Tokenizer | None = None,
                      allow_pos: Sequence[str] = ("ns", "n", "nz", "vn", "v")) -> pd.DataFrame:
    """jieba's TextRank keywords of each text, on govtext's private segmenter and stopwords.

    Returns ``doc, rank, term, score`` (``doc`` is the index of ``texts``).

    Examples
    --------
    >>> k = textrank_keywords(["加强政务新媒体管理，政务新媒体更新要及时，提升政务新媒体传播力。"], top=1)
    >>> k["term"].tolist()
    ['政务新媒体']
    """
    import jieba.analyse  # imports jieba.posseg, which reads jieba's whole dictionary

    tokenizer = tokenizer or Tokenizer()
    ranker = jieba.analyse.TextRank()
    ranker.tokenizer = ranker.postokenizer = _tagger(tokenizer.domain_dict)
    ranker.stop_words = set(default_stopwords()) | set(tokenizer.extra_stopwords)
    texts = pd.Series(texts) if not isinstance(texts, pd.Series) else texts
    rows = []
    for doc, text in texts.items():
        pairs = ranker.textrank(text, topK=top, withWeight=True, allowPOS=tuple(allow_pos))
        rows += [{"doc": doc, "rank": r + 1, "term": w, "score": float(s)} for r, (w, s) in enumerate(pairs)]
    return pd.DataFrame(rows, columns=["doc", "rank", "term", "score"])


def log_odds(m: DTM, groups: Sequence, *, prior_scale: float | None = None, top: int | None = None) -> pd.DataFrame:
    """Distinctive terms of each group against all other documents: weighted log-odds ratios
    with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008).

    The prior is the term distribution of the whole corpus scaled to ``prior_scale``
    pseudo-counts (default: the mean document length). Returns ``group, term,
    count, count_other, delta, z`` sorted by group and descending ``z``.

    Examples
    --------
    >>> from govtext.schema import frame
    >>> from govtext.analysis.vectorize import dtm
>>> from govtext.analysis.vectorize import dtm
    >>> secs = frame("sections", [{"report_id": str(i), "section": "problems", "found": True, "text": t}
    ...     for i, t in enumerate(["政务新媒体更新慢。", "政务新媒体互动少。", "政策解读单一。", "政策解读偏少。"])])
    >>> lo = log_odds(dtm(secs, by="report"), ["media", "media", "interp", "interp"], top=1)
    >>> lo[["group", "term"]].values.tolist()
    [['interp', '政策解读'], ['media', '政务新媒体']]
    """
    labels, counts = _group_counts(m, groups)
    total = counts.sum(axis=0)
    scale = prior_scale if prior_scale is not None else max(float(m.matrix.sum()) / max(m.matrix.shape[0], 1), 1.0)
    alpha = scale * total / max(total.sum(), 1)
    alpha0 = alpha.sum()
    frames = []
    for g, y_i in zip(labels, counts):
        y_j = total - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        delta = (np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha))
                 - np.log((y_j + alpha) / (n_j + alpha0 - y_j - alpha)))
        z = delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
        frames.append(pd.DataFrame({"group": g, "term": m.terms, "count": y_i, "count_other": y_j, "delta": delta, "z": z}))
    out = pd.concat(frames, ignore_index=True).sort_values(["group", "z"], ascending=[True, False], kind="stable")
    if top is not None:
        out = out.groupby("group", sort=True).head(top)
    return out.reset_index(drop=True)
