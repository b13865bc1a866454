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

import pandas as pd

from govtext.io import write_parquet, write_text
from govtext.schema import frame
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


def _tokenize_sentences(sentences: Iterable[dict], tokenizer: Tokenizer) -> list[dict]:
    rows = []
    for s in sentences:
        where = {"report_id": s["report_id"], "section": s["section"], "paragraph": s["paragraph"], "sentence": s["sentence"]}
        rows.extend({**where, "position": i, "token": tok, "pos": pos} for i, (tok, pos) in enumerate(tokenizer.tagged(s["text"])))
    return rows


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
    rows: list[dict] = []
    for report_id, secs in _by_report(_sections_of(source)).items():
        rows.extend(_report_tokens(report_id, secs, tokenizer, cache_dir))
    out = frame("tokens", rows)
    out.attrs["tokenizer"] = tokenizer.provenance()
    return out


def _report_tokens(report_id: str, secs: list, tokenizer: Tokenizer, cache_dir) -> list[dict]:
    """Token records of one report's section rows, from the cache when it has them."""
    path = None
    if cache_dir is not None:
        root = Path(cache_dir) / tokenizer.key
        path = root / f"{_text_key(secs, tokenizer)}.parquet"
        if path.exists():
            return [{"report_id": report_id, **r} for r in pd.read_parquet(path).to_dict("records")]
    rows = _tokenize_sentences(sentence_records(secs), tokenizer)
    if path is not None:
        if not (path.parent / "tokenizer.json").exists():
            write_text(json.dumps(tokenizer.provenance(), ensure_ascii=False, indent=1), path.parent / "tokenizer.json")
        write_parquet(frame("tokens", rows)[_KEY_COLS], path)
    return rows
