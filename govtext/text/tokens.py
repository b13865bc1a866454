"""The tokens frame: one row per token of every sentence, with an on-disk cache.

Columns ``report_id, section, paragraph, sentence, position, token, pos`` (see
:mod:`govtext.schema`); ``paragraph`` and ``sentence`` match the sentences frame
of :func:`govtext.text.segment.segment_sections`. The frame's ``attrs["tokenizer"]``
records the jieba version, the domain dictionary's sha256 and the settings.
With ``cache_dir`` each report's tokens are stored under a key made of its
sections' text and the tokenizer's settings, so re-analysis does not re-segment;
the cache never depends on the report id (the same text under another id is a hit).

Examples
--------
>>> from govtext.schema import frame
>>> secs = frame("sections", [{"report_id": "r1", "section": "overview", "found": True, "text": "推进政务公开。"}])
>>> tokens_frame(secs)[["sentence", "position", "token"]].values.tolist()
[[0, 0, '推进'], [0, 1, '政务公开']]
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from govtext.io import write_parquet, write_text
from govtext.schema import arrow_columns, arrow_table, columns_frame, frame
from govtext.text.segment import sentence_records
from govtext.text.tokenize import Tokenizer

_KEY_COLS = ["section", "paragraph", "sentence", "position", "token", "pos"]


def _sections_of(source) -> pd.DataFrame:
    """A sections frame from a sections frame, a Report, a Corpus or an iterable of Reports."""
    if isinstance(source, pd.DataFrame):
        return source
    if hasattr(source, "sections") and isinstance(source.sections, pd.DataFrame):
        return source.sections
    return pd.concat([r.sections for r in source], ignore_index=True)


def token_columns(sentences: Iterable[dict], tokenizer: Tokenizer) -> tuple[dict[str, object], int]:
    """The columns of the tokens frame of sentence records (rows of the sentences frame), and their length.

    Built column by column: no Python object per token row.

    Examples
    --------
    >>> columns, n = token_columns([{"report_id": "a", "section": "problems", "paragraph": 0, "sentence": 2,
    ...                              "text": "推进政务公开。"}], Tokenizer())
    >>> n, columns["token"], columns["position"].tolist(), columns["sentence"].tolist()
    (2, ['推进', '政务公开'], [0, 1], [2, 2])
    """
    where: dict[str, list] = {k: [] for k in ("report_id", "section", "paragraph", "sentence")}
    counts, words, tags = [], [], []
    for s in sentences:
        pairs = tokenizer.tagged(s["text"])
        if pairs:
            for k, values in where.items():
                values.append(s[k])
            counts.append(len(pairs))
            words.extend(w for w, _ in pairs)
            tags.extend(t for _, t in pairs)
    n = np.asarray(counts, dtype=np.int64)
    columns: dict[str, object] = {k: np.repeat(np.asarray(v, dtype=object), n) for k, v in where.items()}
    columns["position"] = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    return {**columns, "token": words, "pos": tags}, int(n.sum())


def _tokenize_sentences(sentences: Iterable[dict], tokenizer: Tokenizer) -> pd.DataFrame:
    columns, n = token_columns(sentences, tokenizer)
    return columns_frame("tokens", columns, n)


def text_tables(sections: Iterable, tokenizer: Tokenizer) -> dict[str, pa.Table]:
    """The ``sentences`` and ``tokens`` frames of section rows as Arrow tables (what ``govtext build`` stores per file).

    Examples
    --------
    >>> secs = frame("sections", [{"report_id": "r1", "section": "overview", "found": True, "text": "推进政务公开。"}])
    >>> t = text_tables(secs.itertuples(index=False), Tokenizer())
    >>> t["sentences"]["text"].to_pylist(), t["tokens"]["token"].to_pylist()
    (['推进政务公开。'], ['推进', '政务公开'])
    """
    sentences = list(sentence_records(sections))
    columns, n = token_columns(sentences, tokenizer)
    return {"sentences": arrow_table("sentences", sentences), "tokens": arrow_columns("tokens", columns, n)}


def _text_key(sections: list, tokenizer: Tokenizer) -> str:
    h = hashlib.sha256(tokenizer.key.encode())
    for s in sections:
        h.update(f"\x00{s.section}\x00{s.text if s.found and isinstance(s.text, str) else ''}".encode())
    return h.hexdigest()[:32]


def _by_report(sections: pd.DataFrame) -> dict[str, list]:
    """The section rows (named tuples) of each report, reports in order of first appearance."""
    out: dict[str, list] = {}
    for sec in sections.itertuples(index=False):
        out.setdefault(sec.report_id, []).append(sec)
    return out


def tokens_frame(source, tokenizer: Tokenizer | None = None, *, cache_dir: str | Path | None = None) -> pd.DataFrame:
    """Tokens of every sentence of ``source`` (a sections frame, a Report, a Corpus or Reports).

    Parameters
    ----------
    source : DataFrame or Report or iterable of Report
        the sections to tokenize (found sections only).
    tokenizer : Tokenizer, optional
        default ``Tokenizer()``.
    cache_dir : path, optional
        directory of the token cache (one Parquet file per report text and tokenizer setting).

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> secs = frame("sections", [{"report_id": "a", "section": "problems", "found": True, "text": "政务新媒体更新不及时。"}])
    >>> first = tokens_frame(secs, cache_dir=d)
    >>> again = tokens_frame(secs.assign(report_id="b"), cache_dir=d)
    >>> again["token"].tolist() == first["token"].tolist(), again["report_id"].iloc[0]
    (True, 'b')
    """
    tokenizer = tokenizer or Tokenizer()
    sections = _sections_of(source)
    if cache_dir is None:
        out = _tokenize_sentences(sentence_records(sections.itertuples(index=False)), tokenizer)
    else:
        parts = [_report_tokens(report_id, secs, tokenizer, cache_dir) for report_id, secs in _by_report(sections).items()]
        out = pd.concat(parts, ignore_index=True) if parts else frame("tokens", [])
    out.attrs["tokenizer"] = tokenizer.provenance()
    return out


def _report_tokens(report_id: str, secs: list, tokenizer: Tokenizer, cache_dir: str | Path) -> pd.DataFrame:
    """The tokens frame of one report's section rows, from the cache in ``cache_dir`` when it has them."""
    path = Path(cache_dir) / tokenizer.key / f"{_text_key(secs, tokenizer)}.parquet"
    if path.exists():
        cached = pd.read_parquet(path)
        return columns_frame("tokens", {"report_id": [report_id] * len(cached), **cached}, len(cached))
    tokens = _tokenize_sentences(sentence_records(secs), tokenizer)
    if not (path.parent / "tokenizer.json").exists():
        write_text(json.dumps(tokenizer.provenance(), ensure_ascii=False, indent=1), path.parent / "tokenizer.json")
    write_parquet(tokens[_KEY_COLS], path)
    return tokens
