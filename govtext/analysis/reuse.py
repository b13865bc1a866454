"""Boilerplate and reuse: near-duplicate sentences across the corpus with MinHash LSH.

Each sentence is reduced to a matching key (half-width, no spaces or
punctuation) and to its set of character n-grams. Identical keys are
merged first; datasketch's ``MinHashLSH`` proposes candidate pairs among the
distinct keys and a pair is kept when the exact Jaccard similarity of the n-gram
sets reaches ``threshold``; kept pairs are joined into clusters (union-find).

A sentence is then

- ``shared_cross`` when its cluster holds a sentence of another agency's report,
- ``carried_over`` when its cluster holds a sentence of the same agency's previous
  report (the latest earlier year of that agency in the corpus),
- ``template`` when its cluster, or the group of sentences with the same *stock
  form* (digits masked as ``#``, the agency's self-reference 我区/我局/本机关 as
  ``@``), spans at least ``template_agencies`` agencies: wording every report
  shares (the template's own sentences), not copying.

Examples
--------
>>> from govtext.schema import frame
>>> s = frame("sentences", [
...     {"report_id": "a21", "section": "problems", "sentence": 0, "text": "政务新媒体更新频率不高，互动回应不够及时。"},
...     {"report_id": "a22", "section": "problems", "sentence": 0, "text": "政务新媒体更新频率不高，互动回应不够及时。"},
...     {"report_id": "b22", "section": "problems", "sentence": 0, "text": "政策解读形式较为单一，图表图解运用较少。"}])
>>> meta = pd.DataFrame({"report_id": ["a21", "a22", "b22"], "agency": ["A", "A", "B"], "year": [2021, 2022, 2022]})
>>> find_reuse(s, meta)[["report_id", "carried_over", "shared_cross"]].values.tolist()
[['a21', False, False], ['a22', True, False], ['b22', False, False]]
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from datasketch import LeanMinHash, MinHash, MinHashLSH

from govtext import normalize as N
from govtext import patterns as P
from govtext.dedupe import jaccard, shingles
from govtext.schema import frame

#: a number in a sentence key (masked in the stock form)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

_PUNCT = re.compile(r"[^\w#]|_")


def sentence_key(text: str) -> str:
    """The matching form of a sentence: half-width, spaces and punctuation removed.

    Examples
    --------
    >>> sentence_key("2021年，共收到申请 33 件。")
    '2021年共收到申请33件'
    """
    return _PUNCT.sub("", N.to_halfwidth(text))


def stock_key(key: str) -> str:
    """A sentence key with numbers masked as ``#`` and self-references as ``@``.

    Examples
    --------
    >>> stock_key(sentence_key("2021年，我局共收到申请0件。")) == stock_key(sentence_key("2022年，本机关共收到申请0件。"))
    True
    """
    return P.SELF_REFERENCE.sub("@", _NUMBER.sub("#", key))


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _cluster_keys(keys: list[str], threshold: float, ngram: int, num_perm: int, seed: int) -> np.ndarray:
    """Cluster label of every distinct key (near-duplicates share a label).

    Each key is queried against the keys before it, then inserted; neither its
    shingles nor its MinHash are kept (candidates are verified on shingles made
    again), and all MinHashes share one set of permutations, so memory holds
    little more than the LSH index.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    first = MinHash(num_perm=num_perm, seed=seed)
    permutations, scheme = first.permutations, first.scheme
    uf = _UnionFind(len(keys))
    for i, key in enumerate(keys):
        grams = shingles(key, ngram)
        mh = MinHash(num_perm=num_perm, seed=seed, permutations=permutations, scheme=scheme)
        mh.update_batch([s.encode("utf-8") for s in grams])
        for j in lsh.query(mh):
            if jaccard(grams, shingles(keys[j], ngram)) >= threshold:
                uf.union(i, j)
        lsh.insert(i, LeanMinHash(mh))
    return np.array([uf.find(i) for i in range(len(keys))])


def _previous_report(meta: pd.DataFrame) -> dict[str, str]:
    """report_id -> the same agency's latest report of an earlier year."""
    prev: dict[str, str] = {}
    for _, g in meta.dropna(subset=["year"]).groupby("agency", sort=False):
        g = g.sort_values("year", kind="stable")
        years, ids = g["year"].tolist(), g["report_id"].tolist()
        for i, (y, rid) in enumerate(zip(years, ids)):
            earlier = [ids[j] for j in range(i) if years[j] < y]
            if earlier:
                prev[rid] = earlier[-1]
    return prev


def find_reuse(sentences: pd.DataFrame, reports: pd.DataFrame, *, threshold: float = 0.95, ngram: int = 3,
               num_perm: int = 128, min_chars: int = 12, template_agencies: int | None = None,
               agency_col: str = "agency", seed: int = 1) -> pd.DataFrame:
    """The reuse frame: one row per sentence of at least ``min_chars`` key characters.

    Parameters
    ----------
    sentences : DataFrame
        a sentences frame (:func:`govtext.text.segment_sections`).
    reports : DataFrame
        ``report_id``, ``year`` and the agency column (``agency_col``; e.g. ``agency_id`` from the panel).
    threshold : float
        Jaccard similarity of character n-gram sets from which two sentences are near-duplicates.
    template_agencies : int, optional
        clusters spanning this many agencies are template wording; default
        ``max(5, 15% of the agencies in reports)``.
    """
    meta = reports[["report_id", "year", agency_col]].rename(columns={agency_col: "agency"}).drop_duplicates("report_id")
    meta = meta.assign(agency=meta["agency"].fillna(meta["report_id"]))
    s = sentences[["report_id", "section", "sentence", "text"]].reset_index(drop=True)
    s = s.assign(key=s["text"].map(sentence_key))
    s = s[s["key"].str.len() >= min_chars].reset_index(drop=True)
    if s.empty:
        return frame("reuse", [])
    uniq = pd.Index(s["key"].unique())
    labels = _cluster_keys(list(uniq), threshold, ngram, num_perm, seed)
    s = s.assign(cluster=labels[uniq.get_indexer(s["key"])]).merge(meta, on="report_id", how="left")
    s["agency"] = s["agency"].fillna(s["report_id"])
    n_agencies = s.groupby("cluster")["agency"].nunique()
    size = s.groupby("cluster")["report_id"].size()
    limit = template_agencies or max(5, int(np.ceil(0.15 * meta["agency"].nunique())))
    stock = s["key"].map(stock_key)
    stock_agencies = s.groupby(stock)["agency"].transform("nunique")
    reports_of = s.groupby("cluster")["report_id"].agg(set)
    prev = _previous_report(meta)
    s["shared_cross"] = s["cluster"].map(n_agencies).gt(1)
    s["carried_over"] = [prev.get(r) in reports_of[c] for r, c in zip(s["report_id"], s["cluster"])]
    s["template"] = s["cluster"].map(n_agencies).ge(limit) | stock_agencies.ge(limit)
    s["cluster_size"] = s["cluster"].map(size)
    multi = s["cluster"].map(reports_of.map(len)).gt(1)
    s["cluster"] = s["cluster"].where(multi)
    s["cluster_size"] = s["cluster_size"].where(multi)
    return frame("reuse", s.to_dict("records"))


def reuse_shares(reuse: pd.DataFrame) -> pd.DataFrame:
    """Per report: sentences read and the shares shared with other agencies (template excluded),
    carried over from the same agency's previous report, and template wording.

    Examples
    --------
    >>> r = frame("reuse", [{"report_id": "a", "shared_cross": True, "carried_over": False, "template": False},
    ...                     {"report_id": "a", "shared_cross": True, "carried_over": False, "template": True}])
    >>> reuse_shares(r).values.tolist()
    [['a', 2, 0.5, 0.0, 0.5]]
    """
    template = reuse["template"].astype(bool)
    r = pd.DataFrame({"report_id": reuse["report_id"], "cross": (reuse["shared_cross"].astype(bool) & ~template).astype(float),
                      "carried": reuse["carried_over"].astype(bool).astype(float), "template": template.astype(float)})
    g = r.groupby("report_id", sort=False)
    return pd.DataFrame({"n_sentences": g.size(), "share_shared_cross": g["cross"].mean(),
                         "share_carried_over": g["carried"].mean(), "share_template": g["template"].mean()}).reset_index()


def reuse_clusters(reuse: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster of near-duplicate sentences: size, reports, whether template, and one example sentence."""
    c = reuse.dropna(subset=["cluster"])
    g = c.groupby("cluster", sort=True)
    return pd.DataFrame({"size": g.size(), "n_reports": g["report_id"].nunique(), "template": g["template"].first(),
                         "example": g["text"].first()}).reset_index().sort_values("size", ascending=False, kind="stable") \
        .reset_index(drop=True)
