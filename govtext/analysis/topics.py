"""Topic models (NMF, LDA) as tidy frames, and choosing the number of topics.

:func:`fit_topics` fits scikit-learn's ``NMF`` (on TF-IDF weights) or
``LatentDirichletAllocation`` (on counts) with an explicit ``random_state`` and
returns topic-term and document-topic frames. :func:`npmi_coherence` scores a
model's top terms by their normalised pointwise mutual information over
document co-occurrence in the corpus itself; :func:`topic_stability` refits with
other seeds and matches topics by their top terms (mean best-match Jaccard);
:func:`choose_k` tabulates both over candidate numbers of topics.
:func:`corpus_topics` makes the dataset's ``topics`` table at any corpus size:
it chooses ``k`` and fits on a bounded, seeded sample of the documents
(:func:`sample_documents`) and gives every other document its weights with the
fitted model's ``transform``.

Examples
--------
>>> from govtext.schema import frame
>>> from govtext.analysis.vectorize import dtm
>>> texts = ["政务新媒体更新慢，政务新媒体互动少。"] * 3 + ["政策解读单一，政策解读材料少。"] * 3
>>> m = dtm(frame("sections", [{"report_id": str(i), "section": "problems", "found": True, "text": t}
...                            for i, t in enumerate(texts)]), by="report")
>>> tm = fit_topics(m, 2, random_state=0)
>>> tm.dominant()["topic"].tolist() in ([0, 0, 0, 1, 1, 1], [1, 1, 1, 0, 0, 0])
True
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from itertools import combinations
from typing import Literal, Sequence

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer

from govtext.analysis.vectorize import DTM, documents, documents_dtm
from govtext.schema import columns_frame, frame

log = logging.getLogger(__name__)

Method = Literal["nmf", "lda"]
#: most documents :func:`corpus_topics` chooses ``k`` and fits on; the others get the fitted model's weights
SAMPLE_DOCS = 5000
#: documents given their weights per ``transform`` step of :func:`corpus_topics` (bounds its memory)
CHUNK_DOCS = 5000


@dataclass
class TopicModel:
    """A fitted topic model: ``model`` (scikit-learn), ``components`` (topics x terms), ``weights`` (docs x topics);
    ``weighting`` is the fitted TF-IDF of an NMF model (None for LDA, which models the counts)."""

    model: object
    components: np.ndarray
    weights: np.ndarray
    dtm: DTM
    method: str
    random_state: int
    weighting: TfidfTransformer | None = None

    def topic_terms(self, top: int = 10) -> pd.DataFrame:
        """``topic, rank, term, weight``: the top terms of every topic."""
        rows = []
        for t, comp in enumerate(self.components):
            for r, j in enumerate(np.argsort(-comp, kind="stable")[:top]):
                rows.append({"topic": t, "rank": r + 1, "term": self.dtm.terms[j], "weight": float(comp[j])})
        return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])

    def transform(self, counts) -> np.ndarray:
        """Topic weights (docs x topics, not normalised) of other documents, from their counts over ``dtm.terms``.

        Examples
        --------
        >>> m = documents_dtm(pd.DataFrame({"report_id": list("abcd"), "text": ["政务公开", "政务公开", "政策解读", "政策解读"]}))
        >>> tm = fit_topics(m, 2, random_state=0)
        >>> np.allclose(tm.transform(m.vectorizer.transform(["政策解读"])), tm.weights[2], atol=1e-3)
        True
        """
        x = counts if self.weighting is None else self.weighting.transform(counts)
        return self.model.transform(x)

    def _normalised(self) -> np.ndarray:
        return _shares(self.weights)

    def doc_topics(self) -> pd.DataFrame:
        """Document columns plus ``topic, weight`` for every document and topic (weights normalised per document)."""
        w = self._normalised()
        docs = self.dtm.docs.drop(columns=["text"], errors="ignore")
        out = docs.loc[docs.index.repeat(w.shape[1])].reset_index(drop=True)
        return out.assign(topic=np.tile(np.arange(w.shape[1]), len(docs)), weight=w.ravel())

    def dominant(self) -> pd.DataFrame:
        """Document columns plus the ``topic`` of highest weight and its ``weight``."""
        w = self._normalised()
        best = w.argmax(axis=1)
        docs = self.dtm.docs.drop(columns=["text"], errors="ignore").reset_index(drop=True)
        return docs.assign(topic=best, weight=w[np.arange(len(best)), best])

    def top_term_ids(self, top: int = 10) -> list[np.ndarray]:
        """Column indices of each topic's ``top`` terms."""
        return [np.argsort(-c, kind="stable")[:top] for c in self.components]


def fit_topics(m: DTM, k: int, *, method: Method = "nmf", random_state: int = 0, **kwargs) -> TopicModel:
    """Fit ``k`` topics on a count DTM (NMF on its TF-IDF weights, LDA on the counts)."""
    weighting = None
    if method == "nmf":
        weighting = TfidfTransformer()
        x = weighting.fit_transform(m.matrix)
        model = NMF(n_components=k, random_state=random_state, init="nndsvda", max_iter=kwargs.pop("max_iter", 500), **kwargs)
    elif method == "lda":
        x = m.matrix
        model = LatentDirichletAllocation(n_components=k, random_state=random_state, learning_method="batch", **kwargs)
    else:
        raise ValueError(f"unknown topic method {method!r}; choose 'nmf' or 'lda'")
    weights = model.fit_transform(x)
    return TopicModel(model, model.components_, weights, m, method, random_state, weighting)


def _shares(weights: np.ndarray) -> np.ndarray:
    """Each row divided by its sum (rows of zeros stay zeros)."""
    sums = weights.sum(axis=1, keepdims=True)
    return weights / np.where(sums > 0, sums, 1)


def npmi_coherence(tm: TopicModel, top: int = 10) -> pd.Series:
    """Mean NPMI of the pairs of each topic's top terms, from document co-occurrence in the model's corpus.

    A pair never seen together scores -1; NPMI is 1 for terms that always occur together.
    """
    present = (tm.dtm.matrix > 0).astype(float).tocsc()
    n = present.shape[0]
    scores = []
    for ids in tm.top_term_ids(top):
        sub = present[:, ids]
        p = np.asarray(sub.sum(axis=0)).ravel() / n
        joint = (sub.T @ sub).toarray() / n
        vals = []
        for a, b in combinations(range(len(ids)), 2):
            if joint[a, b] == 0:
                vals.append(-1.0)
            elif joint[a, b] >= 1.0:
                vals.append(1.0)
            else:
                vals.append(np.log(joint[a, b] / (p[a] * p[b])) / -np.log(joint[a, b]))
        scores.append(float(np.mean(vals)) if vals else np.nan)
    return pd.Series(scores, name="npmi").rename_axis("topic")


def _stability(models: Sequence[TopicModel], top: int) -> float:
    """Mean matched Jaccard similarity of top terms between ``models[0]`` and each other model (1.0 for one model)."""
    ref = [set(ids) for ids in models[0].top_term_ids(top)]
    sims = []
    for other in models[1:]:
        cand = [set(ids) for ids in other.top_term_ids(top)]
        jac = np.array([[len(a & b) / len(a | b) for b in cand] for a in ref])
        r, c = linear_sum_assignment(-jac)
        sims.append(float(jac[r, c].mean()))
    return float(np.mean(sims)) if sims else 1.0


def topic_stability(m: DTM, k: int, *, method: Method = "nmf", seeds: Sequence[int] = (0, 1, 2), top: int = 10) -> float:
    """Mean Jaccard similarity of top terms between the first seed's topics and each other seed's, topics matched one to one."""
    return _stability([fit_topics(m, k, method=method, random_state=s) for s in seeds], top)


def _scored_k(m: DTM, ks: Sequence[int], method: Method, seeds: Sequence[int],
              top: int) -> tuple[pd.DataFrame, dict[int, TopicModel]]:
    """:func:`choose_k`'s table and the first seed's model of every ``k`` (each model is fitted once)."""
    rows, first = [], {}
    for k in ks:
        models = [fit_topics(m, k, method=method, random_state=s) for s in seeds]
        first[k] = models[0]
        rows.append({"k": k, "coherence": float(npmi_coherence(models[0], top).mean()), "stability": _stability(models, top)})
    out = pd.DataFrame(rows)
    best = out.sort_values(["coherence", "stability"], ascending=False, kind="stable").index[0]
    return out.assign(chosen=out.index == best), first


def choose_k(m: DTM, ks: Sequence[int], *, method: Method = "nmf", seeds: Sequence[int] = (0, 1, 2),
             top: int = 10) -> pd.DataFrame:
    """``k, coherence, stability, chosen``: NPMI coherence (first seed) and stability for every candidate ``k``;
    the chosen ``k`` has the highest coherence, ties broken by stability."""
    return _scored_k(m, ks, method, seeds, top)[0]


def sample_documents(docs: pd.DataFrame, n: int = SAMPLE_DOCS, *, seed: int = 0) -> pd.DataFrame:
    """The ``n`` documents of ``docs`` whose keys hash lowest, in their original order; all of them when there are at most ``n``.

    A document's key is the sha256 of ``seed`` and its id columns (every column
    but ``text``), joined by ``\\x1f``. The sample depends only on the documents'
    ids and the seed, not on their order or text, and a document stays in it when
    documents that hash higher are added.

    Examples
    --------
    >>> docs = pd.DataFrame({"report_id": [f"r{i}" for i in range(10)], "text": "政务公开"})
    >>> part = sample_documents(docs, 3)
    >>> len(part), part.index.is_monotonic_increasing
    (3, True)
    >>> sample_documents(docs.iloc[::-1], 3)["report_id"].tolist() == part["report_id"].iloc[::-1].tolist()
    True
    >>> len(sample_documents(docs, 20))
    10
    """
    if len(docs) <= n:
        return docs
    ids = docs.drop(columns=["text"]).astype(str)
    keys = ["\x1f".join((str(seed), *row)) for row in zip(*(ids[c] for c in ids.columns))]
    hashes = np.array([hashlib.sha256(key.encode()).hexdigest() for key in keys])
    return docs.iloc[np.sort(np.argsort(hashes, kind="stable")[:n])]


def _all_weights(tm: TopicModel, docs: pd.DataFrame, fitted: np.ndarray, chunk: int) -> np.ndarray:
    """Normalised topic weights of every row of ``docs``: the fit's for the rows at positions ``fitted``
    (the rows of ``tm.dtm``), ``tm.transform`` of their counts, ``chunk`` documents at a time, for the others."""
    weights = np.empty((len(docs), tm.weights.shape[1]))
    weights[fitted] = tm.weights
    rest = np.setdiff1d(np.arange(len(docs)), fitted)
    for start in range(0, len(rest), chunk):
        rows = rest[start:start + chunk]
        weights[rows] = tm.transform(tm.dtm.vectorizer.transform(docs["text"].iloc[rows]))
    return _shares(weights)


def corpus_topics(sections: pd.DataFrame, ks: Sequence[int], seeds: Sequence[int] = (0, 1, 2), *,
                  section: str = "problems", method: Method = "nmf", min_df: int = 2, min_docs: int = 10,
                  sample: int = SAMPLE_DOCS, chunk: int = CHUNK_DOCS, top: int = 10,
                  label_terms: int = 3) -> pd.DataFrame | None:
    """The ``topics`` table of ``section``: one row per report and topic (``report_id, topic, label, weight, k``).

    One document per report (its ``section`` text). The method:

    1. sample: at most ``sample`` documents, :func:`sample_documents` with seed
       ``seeds[0]`` (all documents when there are no more);
    2. a count DTM of the sample (terms in at least ``min_df`` of its documents);
    3. :func:`choose_k` over the candidates of ``ks`` below the sample size:
       every candidate fitted once per seed; the chosen ``k`` has the highest
       NPMI coherence (ties: stability across seeds);
    4. the chosen ``k``'s model of seed ``seeds[0]`` (already fitted in step 3)
       gives the sampled documents their fitted weights and every other
       document ``model.transform`` of its counts over the sample's terms,
       ``chunk`` documents at a time (for NMF, TF-IDF with the sample's IDF);
    5. weights normalised to sum to 1 per report (a report with none of the
       terms keeps weights of 0); ``label`` is the topic's ``label_terms`` top terms.

    Memory and time of steps 2-3 are bounded by ``sample``; step 4 grows with
    the corpus. The same sections give the same table. Returns None (with a
    warning) when there are fewer than ``min_docs`` documents or too few terms
    (fewer than twice the largest ``k``).

    Examples
    --------
    >>> texts = ["政务新媒体更新慢，政务新媒体互动少。", "政策解读单一，政策解读材料少。"] * 8
    >>> secs = frame("sections", [{"report_id": f"r{i}", "section": "problems", "found": True, "text": t}
    ...                            for i, t in enumerate(texts)])
    >>> table = corpus_topics(secs, [2], sample=10)
    >>> list(table.columns), int(table["k"].iloc[0]), len(table)
    (['report_id', 'topic', 'label', 'weight', 'k'], 2, 32)
    >>> bool(table.groupby("report_id")["weight"].sum().round(6).eq(1).all())
    True
    >>> corpus_topics(secs.head(5), [2]) is None
    True
    """
    docs = documents(sections, by="report", sections=[section]).reset_index(drop=True)
    fitted = sample_documents(docs, sample, seed=seeds[0])
    m = documents_dtm(fitted, min_df=min_df)
    ks = [k for k in ks if k < len(m.docs)]
    if len(m.docs) < min_docs or not ks or m.matrix.shape[1] < 2 * max(ks):
        log.warning("topics not fitted: %d %s sections (at least %d needed)", len(m.docs), section, min_docs)
        return None
    scores, models = _scored_k(m, ks, method, seeds, top)
    k = int(scores.loc[scores["chosen"], "k"].iloc[0])
    tm = models[k]
    weights = _all_weights(tm, docs, fitted.index.to_numpy(), chunk)
    labels = tm.topic_terms(top=label_terms).groupby("topic")["term"].agg(" · ".join).to_numpy()
    topic = np.tile(np.arange(k), len(docs))
    return columns_frame("topics", {"report_id": np.repeat(docs["report_id"].to_numpy(), k), "topic": topic,
                                    "label": labels[topic], "weight": weights.ravel(), "k": np.full(len(topic), k)},
                         len(topic))
