"""Document-term matrices in the scikit-learn idiom.

:func:`make_vectorizer` returns a ``CountVectorizer`` or ``TfidfVectorizer`` that
uses govtext's :class:`~govtext.text.Tokenizer` (``tokenizer=`` with
``token_pattern=None``: the default pattern assumes spaces between words and drops
one-character words). It pickles, so it can go to worker processes.
:func:`dtm` builds a matrix for any set of reports, one document per report or
per report and section.

Examples
--------
>>> from govtext.schema import frame
>>> secs = frame("sections", [
...     {"report_id": "a", "section": "problems", "found": True, "text": "政务新媒体更新不及时。"},
...     {"report_id": "b", "section": "problems", "found": True, "text": "政策解读形式单一。"}])
>>> m = dtm(secs, by="report")
>>> m.matrix.shape[0], list(m.docs["report_id"]), "政务新媒体" in m.terms
(2, ['a', 'b'], True)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from govtext.text.tokenize import Tokenizer
from govtext.text.tokens import _sections_of


def make_vectorizer(kind: Literal["count", "tfidf"] = "count", tokenizer: Tokenizer | None = None,
                    **kwargs) -> CountVectorizer:
    """A scikit-learn vectorizer tokenizing with ``tokenizer`` (default ``Tokenizer()``); ``kwargs`` go to it.

    Examples
    --------
    >>> import pickle
    >>> v = pickle.loads(pickle.dumps(make_vectorizer("tfidf", min_df=1)))
    >>> sorted(v.fit(["推进政务公开", "政务公开检查"]).vocabulary_)
    ['推进', '政务公开', '检查']
    """
    cls = {"count": CountVectorizer, "tfidf": TfidfVectorizer}[kind]
    return cls(tokenizer=tokenizer or Tokenizer(), token_pattern=None, lowercase=False, **kwargs)


def documents(source, *, by: Literal["report", "section"] = "section",
              sections: Sequence[str] | None = None) -> pd.DataFrame:
    """Documents (``report_id[, section], text``) of a sections frame, a Report or Reports.

    ``by="report"`` joins the chosen sections of each report; ``sections`` limits
    the section keys (default: all found sections).
    """
    secs = _sections_of(source)
    secs = secs[secs["found"].fillna(False).astype(bool) & secs["text"].notna()]
    if sections is not None:
        secs = secs[secs["section"].isin(list(sections))]
    cols = ["report_id"] if by == "report" else ["report_id", "section"]
    docs = secs.groupby(cols, sort=False)["text"].agg("\n".join).reset_index()
    return docs


@dataclass
class DTM:
    """A document-term matrix with its documents and terms.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        documents x terms.
    terms : numpy.ndarray
        the vocabulary in column order.
    docs : pandas.DataFrame
        one row per matrix row (``report_id`` and, per section, ``section``).
    vectorizer : the fitted scikit-learn vectorizer.
    """

    matrix: sparse.csr_matrix
    terms: np.ndarray
    docs: pd.DataFrame
    vectorizer: CountVectorizer

    def frame(self) -> pd.DataFrame:
        """The non-zero entries as a tidy frame (document columns, ``term``, ``value``)."""
        coo = self.matrix.tocoo()
        out = self.docs.drop(columns=["text"], errors="ignore").iloc[coo.row].reset_index(drop=True)
        return out.assign(term=self.terms[coo.col], value=coo.data)


def dtm(source, *, by: Literal["report", "section"] = "section", sections: Sequence[str] | None = None,
        kind: Literal["count", "tfidf"] = "count", tokenizer: Tokenizer | None = None, **kwargs) -> DTM:
    """Document-term matrix of ``source``, one document per report or per report and section."""
    return documents_dtm(documents(source, by=by, sections=sections), kind=kind, tokenizer=tokenizer, **kwargs)


def documents_dtm(docs: pd.DataFrame, *, kind: Literal["count", "tfidf"] = "count", tokenizer: Tokenizer | None = None,
                  **kwargs) -> DTM:
    """Document-term matrix of a documents frame (as made by :func:`documents`: id columns and ``text``).

    Examples
    --------
    >>> docs = pd.DataFrame({"report_id": ["a", "b"], "text": ["政务公开检查", "推进政务公开"]})
    >>> m = documents_dtm(docs, min_df=2)
    >>> list(m.terms), m.matrix.toarray().ravel().tolist()
    (['政务公开'], [1, 1])
    """
    vec = make_vectorizer(kind, tokenizer, **kwargs)
    matrix = vec.fit_transform(docs["text"]) if len(docs) else sparse.csr_matrix((0, 0))
    terms = vec.get_feature_names_out() if len(docs) else np.array([], dtype=object)
    return DTM(sparse.csr_matrix(matrix), terms, docs.reset_index(drop=True), vec)
