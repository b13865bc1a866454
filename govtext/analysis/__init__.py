"""Corpus-scale narrative analysis: document-term matrices, keywords, topics and sentence reuse."""
from govtext.analysis.keywords import log_odds, textrank_keywords, tfidf_keywords
from govtext.analysis.reuse import find_reuse, reuse_clusters, reuse_shares
from govtext.analysis.topics import choose_k, corpus_topics, fit_topics, npmi_coherence, sample_documents, topic_stability
from govtext.analysis.vectorize import DTM, documents, dtm, make_vectorizer

__all__ = ["DTM", "documents", "dtm", "make_vectorizer", "tfidf_keywords", "textrank_keywords", "log_odds",
           "fit_topics", "npmi_coherence", "topic_stability", "choose_k", "corpus_topics", "sample_documents", "find_reuse", "reuse_clusters", "reuse_shares"]
