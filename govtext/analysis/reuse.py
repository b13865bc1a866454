"""Boilerplate and reuse: near-duplicate sentences across the corpus with MinHash LSH.

Each sentence is reduced to a matching key (half-width, no spaces or
punctuation) and to its set of character n-grams. Identical keys are
merged first; datasketch's ``MinHashLSH`` proposes candidate pairs among the
distinct keys and a pair is kept when the exact Jaccard similarity of the n-gram
sets reaches ``threshold``; kept pairs are joined into clusters (union-find).

For a large corpus the sentences can be read chunk by chunk: :func:`sentence_keys`
of each chunk (compact: each distinct string held once), joined as they come
by a :class:`KeysJoiner` (or all at once by :func:`concat_keys`), then :func:`reuse_table`, which leaves ``text`` to be read back by the caller
(``govtext.dataset`` does so from ``sentences.parquet``). :func:`find_reuse` does
all of it for one frame of sentences.

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
from collections import deque
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from datasketch import LeanMinHash, MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32

from govtext import normalize as N
from govtext import patterns as P
from govtext.dedupe import jaccard, shingles
from govtext.schema import columns_frame, frame

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


#: datasketch's permutation scheme reproduced by :func:`_signatures`
_SCHEME = "affine32"
#: bits per character of a packed n-gram (code point + 1; 0 pads n-grams of texts shorter than n)
_CHAR_BITS = 21
#: keys per batch of MinHash signatures (bounds the temporary hash matrix)
_BATCH_KEYS = 256


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer: the pre-mix of datasketch's ``affine32`` scheme."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _gram_codes(keys: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``n``-grams of each key (those of :func:`govtext.dedupe.shingles`, repeats included),
    each packed into an integer, and the number of n-grams of each key.

    Examples
    --------
    >>> codes, counts = _gram_codes(["abcd", "ab"], 3)
    >>> counts.tolist(), [_gram_text(c, 3) for c in codes.tolist()]
    ([2, 1], ['abc', 'bcd', 'ab'])
    """
    if not 1 <= n <= 64 // _CHAR_BITS:
        raise ValueError(f"ngram must be 1 to {64 // _CHAR_BITS}, not {n}")
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    chars = np.frombuffer("".join(keys).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64) + 1
    counts = np.where(lens > 0, np.maximum(lens - n + 1, 1), 0)
    ends = np.repeat(np.cumsum(lens), counts)
    first = ends - np.repeat(lens, counts) + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    codes = np.zeros(len(first), dtype=np.uint64)
    for j in range(n):
        pos = first + j
        char = chars[np.minimum(pos, len(chars) - 1)] if len(chars) else codes
        codes = (codes << np.uint64(_CHAR_BITS)) | np.where(pos < ends, char, np.uint64(0))
    return codes, counts


def _gram_text(code: int, n: int) -> str:
    """The n-gram packed in ``code`` by :func:`_gram_codes`."""
    mask = (1 << _CHAR_BITS) - 1
    chars = ((code >> (_CHAR_BITS * (n - 1 - j))) & mask for j in range(n))
    return "".join(chr(c - 1) for c in chars if c)


class _GramHashes:
    """datasketch's hash of n-grams (``sha1_hash32`` of the UTF-8 bytes, then the ``affine32`` pre-mix),
    by packed code; each n-gram is hashed once."""

    def __init__(self, n: int):
        self.n, self.codes, self.values = n, np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.uint32)

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        uniq, inverse = np.unique(codes, return_inverse=True)
        new = np.setdiff1d(uniq, self.codes, assume_unique=True)
        if len(new):
            values = np.fromiter((sha1_hash32(_gram_text(c, self.n).encode("utf-8")) for c in new.tolist()),
                                 dtype=np.uint32, count=len(new))
            codes_, values_ = np.concatenate([self.codes, new]), np.concatenate([self.values, _fmix32(values)])
            order = np.argsort(codes_, kind="stable")
            self.codes, self.values = codes_[order], values_[order]
        return self.values[np.searchsorted(self.codes, uniq)][inverse]


def _signatures(keys: Sequence[str], n: int, permutations: np.ndarray, hashes: _GramHashes) -> np.ndarray:
    """The MinHash of each key's n-gram set, one row per key: the hash values of
    ``MinHash(permutations=permutations, scheme="affine32").update_batch(...)`` over its
    UTF-8 encoded shingles, computed for all keys at once.

    Examples
    --------
    >>> mh = MinHash(num_perm=8, seed=1)
    >>> mh.update_batch([s.encode("utf-8") for s in shingles("依申请公开", 3)])
    >>> sig = _signatures(["依申请公开", ""], 3, mh.permutations, _GramHashes(3))
    >>> bool((sig[0] == mh.hashvalues).all()), sig[1].tolist() == MinHash(num_perm=8).hashvalues.tolist()
    (True, True)
    """
    codes, counts = _gram_codes(keys, n)
    a, b = permutations
    out = np.full((len(keys), len(a)), np.iinfo(np.uint32).max, dtype=np.uint32)
    some = counts > 0
    if some.any():
        values = a[:, None] * hashes(codes)  # one row per permutation: reduceat runs along contiguous memory
        values += b[:, None]
        out[some] = np.minimum.reduceat(values, (np.cumsum(counts) - counts)[some], axis=1).T
    return out


def _set_sizes(keys: Sequence[str], n: int) -> np.ndarray:
    """Number of distinct n-grams of each key (``len(shingles(key, n))``).

    Examples
    --------
    >>> _set_sizes(["的的的的", "依申请公开", ""], 3).tolist()
    [1, 3, 0]
    """
    codes, counts = _gram_codes(keys, n)
    return _distinct_per(np.repeat(np.arange(len(keys)), counts), np.unique(codes, return_inverse=True)[1], len(keys))


def _cluster_keys(keys: Sequence[str], threshold: float, ngram: int, num_perm: int, seed: int) -> np.ndarray:
    """Cluster label of every distinct key (near-duplicates share a label: the first key of their cluster).

    Keys go in order of their n-gram set size, each queried against datasketch's
    ``MinHashLSH`` and then inserted; a candidate pair is joined when the exact
    Jaccard similarity of its shingle sets reaches ``threshold``. Two sets whose
    sizes differ by more than that ratio cannot be that similar, so a key leaves
    the index once it is that much smaller than the keys still to come: the
    index holds keys of about one size at a time. MinHash signatures are
    computed a batch of keys at a time (:func:`_signatures`); shingles are made
    again to verify a candidate.

    Examples
    --------
    >>> _cluster_keys(["政务新媒体更新频率不高互动回应不够及时", "政策解读形式较为单一", "政务新媒体更新频率不高互动回应不够及时了"],
    ...               0.8, 3, 128, 1).tolist()
    [0, 1, 0]
    """
    keys = pd.Index(keys, dtype="str")
    sizes = np.concatenate([[0]] + [_set_sizes(keys[lo:lo + 4096].tolist(), ngram) for lo in range(0, len(keys), 4096)])[1:]
    order = np.argsort(sizes, kind="stable")
    permutations = MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME).permutations
    hashes, lsh, window = _GramHashes(ngram), MinHashLSH(threshold=threshold, num_perm=num_perm), deque()
    uf = _UnionFind(len(keys))
    for lo in range(0, len(keys), _BATCH_KEYS):
        ids = order[lo:lo + _BATCH_KEYS]
        batch = keys.take(ids).tolist()
        pairs = []
        for i, signature in zip(ids.tolist(), _signatures(batch, ngram, permutations, hashes)):
            while window and sizes[i] and sizes[window[0]] / sizes[i] < threshold:
                lsh.remove(window.popleft())
            mh = LeanMinHash(seed=seed, hashvalues=signature, scheme=_SCHEME)
            pairs.extend((i, j) for j in lsh.query(mh))
            lsh.insert(i, mh, check_duplication=False)
            window.append(i)
        others = sorted({j for _, j in pairs})
        text = dict(zip(ids.tolist(), batch)) | dict(zip(others, keys.take(others).tolist()))
        for i, j in pairs:
            if uf.find(i) != uf.find(j) and jaccard(shingles(text[i], ngram), shingles(text[j], ngram)) >= threshold:
                uf.union(i, j)
    return np.array([uf.find(i) for i in range(len(keys))], dtype=np.int64)


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


def _in_order(values: Iterable) -> pd.Categorical:
    """``values`` as a categorical whose categories come in order of first appearance."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return pd.Categorical.from_codes(codes, pd.Index(uniques, dtype="str"))


def sentence_keys(sentences: pd.DataFrame, *, min_chars: int = 12, start: int = 0) -> pd.DataFrame:
    """The matching keys of the sentences with at least ``min_chars`` key characters: the input of :func:`reuse_table`.

    One row per such sentence: ``report_id``, ``section`` and ``key``
    (:func:`sentence_key`) as categoricals whose categories come in order of
    first appearance, ``sentence``, and ``row``: the sentence's position in
    ``sentences`` plus ``start``. Each distinct string is held once, so the
    keys of a corpus fit in memory when its sentences do not; :func:`concat_keys`
    joins the keys of successive chunks of sentences.

    Examples
    --------
    >>> s = frame("sentences", [{"report_id": "a", "section": "problems", "sentence": i, "text": t}
    ...                         for i, t in enumerate(["短句。", "政务新媒体更新频率不高，互动回应不够及时。"])])
    >>> k = sentence_keys(s, start=10)
    >>> k["key"].tolist(), k["row"].tolist()
    (['政务新媒体更新频率不高互动回应不够及时'], [11])
    """
    codes, texts = pd.factorize(sentences["text"])
    keys = np.array([sentence_key(t) for t in texts.tolist()] + [""], dtype=object)  # the last stands for a missing text
    rows = np.flatnonzero(np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))[codes] >= max(min_chars, 1))
    return pd.DataFrame({"report_id": _in_order(sentences["report_id"].to_numpy()[rows]),
                         "section": _in_order(sentences["section"].to_numpy()[rows]),
                         "sentence": sentences["sentence"].array.take(rows),
                         "key": _in_order(keys[codes[rows]]), "row": rows.astype(np.int64) + start})


class KeysJoiner:
    """The :func:`sentence_keys` of successive chunks of sentences, joined as they come: each chunk's frame
    can be dropped once added, and each distinct string is held once for the whole corpus (categories in
    order of first appearance, as :func:`pandas.api.types.union_categoricals` gives them, without its
    peak: every chunk's categories at once).

    Examples
    --------
    >>> s = frame("sentences", [{"report_id": r, "section": "problems", "sentence": 0, "text": "政策解读形式较为单一，图表图解运用较少。"}
    ...                         for r in "ab"])
    >>> joiner = KeysJoiner()
    >>> joiner.add(sentence_keys(s.iloc[:1])); joiner.add(sentence_keys(s.iloc[1:], start=1))
    >>> k = joiner.frame()
    >>> k["report_id"].cat.codes.tolist(), k["key"].cat.codes.tolist(), k["row"].tolist()
    ([0, 1], [0, 0], [0, 1])
    """

    CATEGORICAL = ("report_id", "section", "key")

    def __init__(self) -> None:
        self._vocab: dict[str, dict[str, int]] = {col: {} for col in self.CATEGORICAL}
        self._codes: dict[str, list[np.ndarray]] = {col: [] for col in self.CATEGORICAL}
        self._sentence: list[pd.Series] = []
        self._row: list[np.ndarray] = []
        self._empty: pd.DataFrame | None = None

    def add(self, part: pd.DataFrame) -> None:
        """Add the :func:`sentence_keys` of the next chunk (its rows already counted from its ``start``)."""
        if self._empty is None:
            self._empty = part.iloc[:0]
        for col in self.CATEGORICAL:
            vocab, cat = self._vocab[col], part[col].cat
            code_of = np.fromiter((vocab.setdefault(v, len(vocab)) for v in cat.categories.tolist()),
                                  dtype=np.int64, count=len(cat.categories))
            codes = cat.codes.to_numpy().astype(np.int64)
            self._codes[col].append(np.where(codes < 0, -1, code_of[np.maximum(codes, 0)]) if len(code_of) else codes)
        self._sentence.append(part["sentence"])
        self._row.append(part["row"].to_numpy())

    def frame(self) -> pd.DataFrame:
        """All the keys added, as one frame like :func:`sentence_keys`'s."""
        if self._empty is None:
            return sentence_keys(frame("sentences", []))
        cats = {col: pd.Categorical.from_codes(np.concatenate(self._codes[col]), dtype=pd.CategoricalDtype(
                    pd.Index(list(self._vocab[col]), dtype=self._empty[col].cat.categories.dtype)))
                for col in self.CATEGORICAL}
        return pd.DataFrame({**cats, "sentence": pd.concat(self._sentence, ignore_index=True).array,
                             "row": np.concatenate(self._row)})[list(self._empty.columns)]


def concat_keys(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The :func:`sentence_keys` of successive chunks of sentences as one frame (:class:`KeysJoiner`).

    Examples
    --------
    >>> s = frame("sentences", [{"report_id": r, "section": "problems", "sentence": 0, "text": "政策解读形式较为单一，图表图解运用较少。"}
    ...                         for r in "ab"])
    >>> k = concat_keys([sentence_keys(s.iloc[:1]), sentence_keys(s.iloc[1:], start=1)])
    >>> k["report_id"].cat.codes.tolist(), k["key"].cat.codes.tolist(), k["row"].tolist()
    ([0, 1], [0, 0], [0, 1])
    """
    joiner = KeysJoiner()
    for part in parts:
        joiner.add(part)
    return joiner.frame()


def _distinct_per(group: np.ndarray, member: np.ndarray, n_groups: int) -> np.ndarray:
    """Number of distinct ``member`` values (non-negative ints) of each group (``group`` in 0..n_groups-1)."""
    width = int(member.max()) + 1 if len(member) else 1
    return np.bincount(_unique(group.astype(np.int64) * width + member) // width, minlength=n_groups)


def _unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (as ``np.unique``, whose hashing is slow on large integers).

    Examples
    --------
    >>> _unique(np.array([3, 1, 3])).tolist()
    [1, 3]
    """
    values = np.sort(values)
    return values[np.concatenate([values[:1] == values[:1], values[1:] != values[:-1]])]


def reuse_table(keys: pd.DataFrame, reports: pd.DataFrame, *, threshold: float = 0.95, ngram: int = 3,
                num_perm: int = 128, template_agencies: int | None = None, agency_col: str = "agency",
                seed: int = 1) -> pd.DataFrame:
    """The reuse frame of :func:`sentence_keys`, one row per key row, with ``text`` missing (see :func:`find_reuse`).

    Examples
    --------
    >>> s = frame("sentences", [{"report_id": r, "section": "problems", "sentence": 0, "text": "政策解读形式较为单一，图表图解运用较少。"}
    ...                         for r in ("a", "b")])
    >>> reports = pd.DataFrame({"report_id": ["a", "b"], "agency": ["A", "B"], "year": [2021, 2021]})
    >>> reuse_table(sentence_keys(s), reports)[["report_id", "cluster", "shared_cross", "text"]].values.tolist()
    [['a', 0, True, <NA>], ['b', 0, True, <NA>]]
    """
    meta = reports[["report_id", "year", agency_col]].rename(columns={agency_col: "agency"}).drop_duplicates("report_id")
    meta = meta.assign(agency=meta["agency"].fillna(meta["report_id"]))
    if keys.empty:
        return frame("reuse", [])
    ids, key = keys["report_id"].cat, keys["key"].cat
    report, n_keys = ids.codes.to_numpy().astype(np.int64), len(key.categories)
    # a report's agency (its own id when the reports frame does not name it), as a number per sentence
    agencies = pd.Series(meta["agency"].to_numpy(), index=meta["report_id"]).reindex(ids.categories)
    agency = pd.factorize(agencies.fillna(pd.Series(ids.categories, index=ids.categories)))[0][report]
    cluster = _cluster_keys(key.categories, threshold, ngram, num_perm, seed)[key.codes.to_numpy()]
    stock = pd.factorize(np.array([stock_key(k) for k in key.categories.tolist()], dtype=object))[0][key.codes.to_numpy()]
    n_agencies = _distinct_per(cluster, agency, n_keys)[cluster]
    n_reports = _distinct_per(cluster, report, n_keys)[cluster]
    limit = template_agencies or max(5, int(np.ceil(0.15 * meta["agency"].nunique())))
    # the same agency's previous report among the reports with sentences here (-1: none)
    prev = pd.Series(ids.categories).map(_previous_report(meta)).map(pd.Series(range(len(ids.categories)), index=ids.categories))
    prev = prev.fillna(-1).to_numpy(dtype=np.int64)[report]
    width = len(ids.categories)
    in_cluster = _unique(cluster * width + report)
    wanted = cluster * width + np.maximum(prev, 0)
    found = in_cluster[np.minimum(np.searchsorted(in_cluster, wanted), len(in_cluster) - 1)] == wanted
    stock_agencies = _distinct_per(stock, agency, int(stock.max()) + 1)[stock]
    multi = n_reports > 1
    section = keys["section"].cat
    return columns_frame("reuse", {
        "report_id": ids.categories.take(report), "section": section.categories.take(section.codes.to_numpy()),
        "sentence": keys["sentence"].array,
        "cluster": pd.Series(cluster).where(multi), "cluster_size": pd.Series(np.bincount(cluster)[cluster]).where(multi),
        "shared_cross": n_agencies > 1, "carried_over": (prev >= 0) & found,
        "template": (n_agencies >= limit) | (stock_agencies >= limit)}, len(keys))


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
        Jaccard similarity of character n-gram sets (``ngram`` characters, 1 to 3) from which two sentences are near-duplicates.
    template_agencies : int, optional
        clusters spanning this many agencies are template wording; default
        ``max(5, 15% of the agencies in reports)``.

    See Also
    --------
    sentence_keys, reuse_table : the same table for sentences read chunk by chunk.
    """
    keys = sentence_keys(sentences, min_chars=min_chars)
    reuse = reuse_table(keys, reports, threshold=threshold, ngram=ngram, num_perm=num_perm,
                        template_agencies=template_agencies, agency_col=agency_col, seed=seed)
    return reuse.assign(text=sentences["text"].array.take(keys["row"].to_numpy()).astype("string"))


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
