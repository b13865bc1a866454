"""Topic models (NMF, LDA) as tidy frames, and choosing the number of topics.

:func:`fit_topics` fits scikit-learn's ``NMF`` (on TF-IDF weights) or
``LatentDirichletAllocation`` (on counts) with an explicit ``random_state`` and
returns topic-term and document-topic frames. :func:`npmi_coherence` scores a
model's top terms by their normalised pointwise mutual information over
document co-occurrence in the corpus itself; :func:`topic_stability` refits with
other seeds and matches topics by their top terms (mean best-match Jaccard);
:func:`choose_k` tabulates both over candidate numbers of topics.

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

from dataclasses import dataclass
from itertools import combinations
from typing import Literal, Sequence

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer

from govtext.analysis.vectorize import DTM

Method = Literal["nmf", "lda"]


@dataclass
class TopicModel:
    """A fitted topic model: ``model`` (scikit-learn), ``components`` (topics x terms), ``weights`` (docs x topics)."""

    model: object
    components: np.ndarray
    weights: np.ndarray
    dtm: DTM
    method: str
    random_state: int

    def topic_terms(self, top: int = 10) -> pd.DataFrame:
        """``topic, rank, term, weight``: the top terms of every topic."""
        rows = []
        for t, comp in enumerate(self.components):
            for r, j in enumerate(np.argsort(-comp, kind="stable")[:top]):
                rows.append({"topic": t, "rank": r + 1, "term": self.dtm.terms[j], "weight": float(comp[j])})
        return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])

    def _normalised(self) -> np.ndarray:
        sums = self.weights.sum(axis=1, keepdims=True)
        return self.weights / np.where(sums > 0, sums, 1)

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
    if method == "nmf":
        x = TfidfTransformer().fit_transform(m.matrix)
        model = NMF(n_components=k, random_state=random_state, init="nndsvda", max_iter=kwargs.pop("max_iter", 500), **kwargs)
    elif method == "lda":
        x = m.matrix
        model = LatentDirichletAllocation(n_components=k, random_state=random_state, learning_method="batch", **kwargs)
    else:
        raise ValueError(f"unknown topic method {method!r}; choose 'nmf' or 'lda'")
    weights = model.fit_transform(x)
    return TopicModel(model, model.components_, weights, m, method, random_state)


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


def topic_stability(m: DTM, k: int, *, method: Method = "nmf", seeds: Sequence[int] = (0, 1, 2), top: int = 10) -> float:
    """Mean Jaccard similarity of top terms between the first seed's topics and each other seed's, topics matched one to one."""
    models = [fit_topics(m, k, method=method, random_state=s) for s in seeds]
    ref = [set(ids) for ids in models[0].top_term_ids(top)]
    sims = []
    for other in models[1:]:
        cand = [set(ids) for ids in other.top_term_ids(top)]
        jac = np.array([[len(a & b) / len(a | b) for b in cand] for a in ref])
        r, c = linear_sum_assignment(-jac)
        sims.append(float(jac[r, c].mean()))
    return float(np.mean(sims)) if sims else 1.0


def choose_k(m: DTM, ks: Sequence[int], *, method: Method = "nmf", seeds: Sequence[int] = (0, 1, 2),
             top: int = 10) -> pd.DataFrame:
    """``k, coherence, stability, chosen``: NPMI coherence (first seed) and stability for every candidate ``k``;
    the chosen ``k`` has the highest coherence, ties broken by stability."""
    rows = [{"k": k, "coherence": float(npmi_coherence(fit_topics(m, k, method=method, random_state=seeds[0]), top).mean()),
             "stability": topic_stability(m, k, method=method, seeds=seeds, top=top)} for k in ks]
    out = pd.DataFrame(rows)
    best = out.sort_values(["coherence", "stability"], ascending=False, kind="stable").index[0]
    return out.assign(chosen=out.index == best)
