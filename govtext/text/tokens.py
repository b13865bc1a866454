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

import pandas as pd

from govtext.io import write_parquet, write_text
from govtext.schema import frame
from govtext.text.segment import segment_sections
from govtext.text.tokenize import Tokenizer

_KEY_COLS = ["section", "paragraph", "sentence", "position", "token", "pos"]


def _sections_of(source) -> pd.DataFrame:
    """A sections frame from a sections frame, a Report, a Corpus or an iterable of Reports."""
    if isinstance(source, pd.DataFrame):
        return source
    if hasattr(source, "sections") and isinstance(source.sections, pd.DataFrame):
        return source.sections
    return pd.concat([r.sections for r in source], ignore_index=True)


def _tokenize_sentences(sentences: pd.DataFrame, tokenizer: Tokenizer) -> list[dict]:
    rows = []
    for s in sentences.itertuples(index=False):
        for i, (tok, pos) in enumerate(tokenizer.tagged(s.text)):
            rows.append({"report_id": s.report_id, "section": s.section, "paragraph": s.paragraph,
                         "sentence": s.sentence, "position": i, "token": tok, "pos": pos})
    return rows


def _text_key(sections: pd.DataFrame, tokenizer: Tokenizer) -> str:
    h = hashlib.sha256(tokenizer.key.encode())
    for s in sections.itertuples(index=False):
        h.update(f"\x00{s.section}\x00{s.text if s.found and isinstance(s.text, str) else ''}".encode())
    return h.hexdigest()[:32]


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
    parts = []
    for report_id, secs in sections.groupby("report_id", sort=False):
        parts.append(_report_tokens(report_id, secs, tokenizer, cache_dir))
    out = frame("tokens", []) if not parts else pd.concat(parts, ignore_index=True)
    out.attrs["tokenizer"] = tokenizer.provenance()
    return out


def _report_tokens(report_id: str, secs: pd.DataFrame, tokenizer: Tokenizer, cache_dir) -> pd.DataFrame:
    path = None
    if cache_dir is not None:
        root = Path(cache_dir) / tokenizer.key
        path = root / f"{_text_key(secs, tokenizer)}.parquet"
        if path.exists():
            cached = pd.read_parquet(path)
            return frame("tokens", ({"report_id": report_id, **r} for r in cached.to_dict("records")))
    df = frame("tokens", _tokenize_sentences(segment_sections(secs), tokenizer))
    if path is not None:
        if not (path.parent / "tokenizer.json").exists():
            write_text(json.dumps(tokenizer.provenance(), ensure_ascii=False, indent=1), path.parent / "tokenizer.json")
        write_parquet(df[_KEY_COLS], path)
    return df
