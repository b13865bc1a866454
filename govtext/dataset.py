"""The research dataset on disk: Parquet tables, a DuckDB database of views, a codebook, exports.

``govtext build CORPUS --out DIR`` writes the parsed frames as ``DIR/<table>.parquet``
and then calls :func:`finish_dataset`, which adds the derived tables
(``indicators``; ``tokens``, ``topics`` and ``panel`` when the text, analysis
and panel modules are installed), the database ``DIR/govtext.duckdb`` whose
views read those Parquet files, and the codebook (``codebook.md``,
``codebook.csv``) listing every column of every table. :func:`export` writes
Stata (``.dta`` with variable labels) or CSV copies for Stata and R users.

Examples
--------
>>> import tempfile, govtext
>>> d = tempfile.mkdtemp()
>>> _ = write_tables(govtext.read_reports([]).frames(), d)
>>> "indicators" in finish_dataset(d)
True
>>> connect(d).execute("select count(*) from indicators").fetchone()
(0,)
"""
from __future__ import annotations

import csv
import gc
import hashlib
import logging
import os
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator, Literal, Mapping, Sequence

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from govtext import compliance
from govtext.io import atomic_path, write_parquet, write_text
from govtext.dedupe import candidate_ids, find_duplicates
from govtext.schema import COLUMNS, frame

log = logging.getLogger(__name__)

DATABASE = "govtext.duckdb"
#: where each table's columns come from (the codebook's source column for non-derived tables)
TABLE_SOURCES: dict[str, str] = {
    "reports": "parsed from the report (govtext.report / govtext.structure.metadata)",
    "sections": "parsed from the report (govtext.structure.sections)",
    "cells": "parsed from the report's tables (govtext.structure.tables, keys of resources/template.csv)",
    "checks": "identity rules evaluated on the cells (govtext.checks)",
    "legacy_stats": "rows of the pre-2019 统计表 (govtext.structure, keys of resources/legacy_indicators.csv)",
    "problems": "recorded while parsing (govtext.report)",
    "failures": "files that could not be read (govtext.corpus)",
    "sentences": "sections split into paragraphs and sentences (govtext.text.segment)",
    "tokens": "sentences tokenized with the domain dictionary (govtext.text, jieba)",
    "reuse": "near-duplicate sentences across reports (govtext.analysis)",
    "topics": "NMF topic model of the 存在的主要问题 sections (govtext.analysis.topics.corpus_topics; k by NPMI coherence; "
              "chosen and fitted on at most 5,000 reports, those whose sha256 of seed 0 and report id sorts lowest; the "
              "other reports weighted by the fitted model; random_state 0)",
    "panel": "agency-year panel (govtext.panel)",
    "agencies": "agencies with place, level and kind inferred from their names (govtext.panel)",
    "duplicates": "reports present twice: same bytes, or the same report in two formats (govtext.dedupe)",
}
#: the tables ``govtext build`` parses; every other table of a dataset is derived from them (and made again)
PARSED: tuple[str, ...] = ("reports", "sections", "cells", "checks", "problems", "failures", "legacy_stats")
#: reports per step of the per-report derived tables (sentences, tokens, indicators): bounds their memory
#: (a step of 2,000 generated reports held about 400 MB while the indicators were made, 1,000 about 200 MB)
CHUNK_REPORTS = 1000
#: rows per batch read from a Parquet file while streaming it
_BATCH_ROWS = 65536
#: Stata limits: variable names <= 32 ASCII characters, labels <= 80 characters, str# <= 2045 bytes
STATA_NAME, STATA_LABEL, STATA_STR = 32, 80, 2045


def read_dataset(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every ``<table>.parquet`` in ``out_dir`` by table name."""
    return {p.stem: pd.read_parquet(p) for p in sorted(Path(out_dir).glob("*.parquet"))}


def write_tables(frames: Mapping[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write each frame to ``out_dir/<name>.parquet`` (atomically)."""
    return [write_parquet(df, Path(out_dir) / f"{name}.parquet") for name, df in frames.items()]


def corpus_hash(reports: pd.DataFrame) -> str:
    """sha256 over the sorted source-file hashes of ``reports``: names the corpus a result came from.

    Examples
    --------
    >>> corpus_hash(pd.DataFrame({"sha256": ["b", "a"]})) == corpus_hash(pd.DataFrame({"sha256": ["a", "b"]}))
    True
    """
    joined = "\n".join(sorted(reports["sha256"].dropna().astype(str)))
    return hashlib.sha256(joined.encode()).hexdigest()


def _derive(name: str, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    """Derived table ``name`` from ``frames``; None when the module that makes it is not installed."""
    try:
        return DERIVED[name](frames)
    except ImportError as exc:
        log.warning("table %s not built: %s", name, exc)
        return None


def _sentences(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    from govtext.text import segment_sections

    return None if "sentences" in frames else segment_sections(frames["sections"])


def _tokens(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    from govtext.text import tokens_frame

    return None if "tokens" in frames else tokens_frame(frames["sections"])


def report_agencies(panel: pd.DataFrame) -> pd.Series:
    """``agency_id`` of every report of the panel, indexed by report_id (duplicates of an agency-year included).

    Examples
    --------
    >>> report_agencies(pd.DataFrame({"agency_id": ["ag-1"], "report_ids": ["a;b"]})).to_dict()
    {'a': 'ag-1', 'b': 'ag-1'}
    """
    rows = panel.dropna(subset=["report_ids"]).assign(report_id=lambda d: d["report_ids"].str.split(";")).explode("report_id")
    return rows.drop_duplicates("report_id").set_index("report_id")["agency_id"]


def _reuse(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    """Near-duplicate sentences of the ``sentence_keys`` frame (:func:`govtext.analysis.reuse.sentence_keys`),
    ``text`` still missing (:func:`_write_reuse` reads it back); agencies matched through the panel's
    agency ids when there is a panel."""
    from govtext.analysis.reuse import reuse_table

    if "reuse" in frames or "sentence_keys" not in frames:
        return None
    reports = frames["reports"]
    if "panel" in frames:
        ids = report_agencies(frames["panel"])
        reports = reports.assign(agency=reports["report_id"].map(ids).fillna(reports["agency"]))
    return reuse_table(frames["sentence_keys"], reports)


#: topic numbers tried for the problems sections, and the fixed seeds of fitting and stability
TOPIC_KS: tuple[int, ...] = (3, 4, 5, 6, 8)
TOPIC_SEEDS: tuple[int, ...] = (0, 1, 2)
MIN_TOPIC_DOCS = 10


def _topics(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    """NMF topics of the 存在的主要问题 sections (:func:`govtext.analysis.corpus_topics`); None with fewer than 10."""
    from govtext.analysis import corpus_topics

    if "topics" in frames:
        return None
    return corpus_topics(frames["sections"], TOPIC_KS, TOPIC_SEEDS, min_docs=MIN_TOPIC_DOCS)


def _indicators(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return compliance.indicators(frames)


def _panel(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    from govtext.panel import panel_table

    if "panel" in frames:
        return None
    return panel_table(frames["reports"]) if len(frames["reports"]) else frame("panel", [])


def _agencies(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    """Agencies with place and level; from names only when the reports table has no ``preamble``."""
    from govtext.panel import agency_table

    if "agencies" in frames:
        return None
    reports = frames["reports"]
    if reports.empty:
        return frame("agencies", [])
    return agency_table(reports if "preamble" in reports else reports.assign(preamble=None))


#: derived table -> function of the tables so far (None: already there); ImportError: the module that makes it is absent
DERIVED: dict[str, Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame | None]] = {
    "sentences": _sentences,
    "tokens": _tokens,
    "panel": _panel,
    "agencies": _agencies,
    "reuse": _reuse,
    "topics": _topics,
    "indicators": _indicators,
    "duplicates": lambda frames: find_duplicates(frames["reports"], frames["sections"]),
}


def connect(out_dir: str | Path, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open ``out_dir/govtext.duckdb`` so that its views find the Parquet files wherever the folder is.

    The views use paths relative to the dataset folder; this sets DuckDB's
    ``file_search_path`` to it. (From the ``duckdb`` shell, start inside the folder.)
    """
    out_dir = Path(out_dir).resolve()
    con = duckdb.connect(str(out_dir / DATABASE), read_only=read_only)
    con.execute("SET file_search_path = ?", [str(out_dir)])
    return con


def write_database(out_dir: str | Path, tables: list[str]) -> Path:
    """Create ``out_dir/govtext.duckdb`` with one view per table over its Parquet file."""
    out_dir = Path(out_dir)
    with atomic_path(out_dir / DATABASE) as tmp:
        tmp.unlink()  # duckdb creates the file itself
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET file_search_path = ?", [str(out_dir.resolve())])
            for name in tables:
                con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet(\'{name}.parquet\')')
        finally:
            con.close()
    return out_dir / DATABASE


@lru_cache(maxsize=1)
def zh_labels() -> dict[tuple[str, str], str]:
    """Chinese labels of frame columns: ``resources/labels_zh.csv`` plus the indicator definitions."""
    text = (resources.files("govtext") / "resources" / "labels_zh.csv").read_text(encoding="utf-8")
    labels = {(r["frame"], r["column"]): r["zh"] for r in csv.DictReader(text.splitlines())}
    labels.update({("indicators", k): v.zh for k, v in compliance.INDICATORS.items()})
    return labels


def codebook(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per column of every table: type, Chinese and English label, formula or source.

    Columns a table has beyond its :mod:`govtext.schema` contract are listed too,
    with empty labels, so that nothing in the data goes undocumented silently.

    Examples
    --------
    >>> cb = codebook({"indicators": compliance.indicators({"reports": pd.DataFrame(columns=["report_id"])})})
    >>> cb.loc[cb["column"] == "disclosure_rate", "label_zh"].item()
    '公开率'
    """
    rows = []
    zh = zh_labels()
    for table, df in tables.items():
        contract = COLUMNS.get(table, {})
        for col in df.columns:
            dtype, en = contract.get(col, (str(df[col].dtype), ""))
            source = compliance.INDICATORS[col].formula if table == "indicators" and col in compliance.INDICATORS else TABLE_SOURCES.get(table, "")
            rows.append({"table": table, "column": col, "type": dtype, "label_zh": zh.get((table, col), ""),
                         "label_en": en, "source": source})
    return pd.DataFrame(rows, columns=["table", "column", "type", "label_zh", "label_en", "source"])


def codebook_markdown(book: pd.DataFrame) -> str:
    """The codebook as Markdown: one section and table per data table."""
    lines = ["# govtext dataset codebook", "",
             "Every column of every table. Missing values: NaN/NULL means not known for sure (never a silent 0).", ""]
    for table, g in book.groupby("table", sort=False):
        lines += [f"## {table}", "", f"Source: {TABLE_SOURCES.get(table, 'derived (govtext.compliance)')}", "",
                  "| column | type | 中文 | English | formula / source |", "|---|---|---|---|---|"]
        for r in g.itertuples():
            cells = [f"`{r.column}`", r.type, r.label_zh, r.label_en, r.source]
            lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _chunk_ids(reports: pd.DataFrame, size: int) -> pd.Series:
    """Number of each report's chunk of ``size`` reports (in the order of the reports table), indexed by report_id."""
    ids = pd.Index(reports["report_id"].dropna().unique())
    return pd.Series(np.arange(len(ids), dtype=np.int64) // size, index=ids)


def _chunk_numbers(ids: pa.Array, chunk_of: pd.Series) -> np.ndarray | None:
    """The chunk of each row; None when a row's report is not in the reports table."""
    rows = chunk_of.index.get_indexer(ids.to_numpy(zero_copy_only=False))
    return None if (rows < 0).any() else chunk_of.to_numpy()[rows]


def _in_chunk_order(path: Path, chunk_of: pd.Series) -> bool:
    """Whether the rows of ``path`` come chunk by chunk (each report's rows together, reports in order)."""
    last = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=_BATCH_ROWS, columns=["report_id"]):
        ks = _chunk_numbers(batch.column(0), chunk_of)
        if ks is None or (len(ks) and (ks[0] < last or np.any(np.diff(ks) < 0))):
            return False
        last = ks[-1] if len(ks) else last
    return True


def _stream(path: Path, chunk_of: pd.Series, n_chunks: int) -> Iterator[pd.DataFrame]:
    """The rows of ``path`` chunk by chunk (see :func:`_in_chunk_order`), one frame per chunk, empty ones included."""
    pf = pq.ParquetFile(path)
    schema, parts, k = pf.schema_arrow, [], 0
    for batch in pf.iter_batches(batch_size=_BATCH_ROWS):
        ks, lo = _chunk_numbers(batch.column("report_id"), chunk_of), 0
        while lo < len(ks):
            if ks[lo] > k:
                yield pa.Table.from_batches(parts, schema=schema).to_pandas()
                parts, k = [], k + 1
                continue
            hi = int(np.searchsorted(ks, k, side="right"))
            parts.append(batch.slice(lo, hi - lo))
            lo = hi
    for _ in range(k, n_chunks):
        yield pa.Table.from_batches(parts, schema=schema).to_pandas()
        parts = []


def report_chunks(paths: Mapping[str, Path], names: Sequence[str], reports: pd.DataFrame, *,
                  size: int = CHUNK_REPORTS) -> Iterator[dict[str, pd.DataFrame]]:
    """The frames ``names`` (with a ``report_id`` column) of ``size`` reports at a time, in the order of ``reports``.

    Each chunk also holds its rows of ``reports`` under ``"reports"``.

    Frames written by ``govtext build`` keep each report's rows together in the
    order of the reports table, and are streamed: only one chunk is in memory.
    Frames ordered otherwise (or with rows of reports not in ``reports``) are
    read whole, as one chunk.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> reports = pd.DataFrame({"report_id": ["a", "b", "c"]})
    >>> _ = write_parquet(pd.DataFrame({"report_id": ["a", "a", "c"], "x": [1, 2, 3]}), d / "t.parquet")
    >>> [(c["reports"]["report_id"].tolist(), c["t"]["x"].tolist()) for c in report_chunks({"t": d / "t.parquet"}, ["t"], reports, size=2)]
    [(['a', 'b'], [1, 2]), (['c'], [3])]
    """
    chunk_of = _chunk_ids(reports, size)
    n_chunks = int(chunk_of.max()) + 1 if len(chunk_of) else 1
    if not all(_in_chunk_order(paths[n], chunk_of) for n in names):
        yield {"reports": reports, **{n: pd.read_parquet(paths[n]) for n in names}}
        return
    streams = {n: _stream(paths[n], chunk_of, n_chunks) for n in names}
    numbers = reports["report_id"].map(chunk_of)
    for k in range(n_chunks):
        yield {"reports": reports[numbers == k], **{n: next(streams[n]) for n in names}}


class _ChunkWriter:
    """Append frames to one Parquet file (written under a temporary name, renamed when closed without error)."""

    def __init__(self, target: Path):
        self.target, self.writer, self._tmp = target, None, atomic_path(target)

    def write(self, df: pd.DataFrame) -> None:
        table = pa.Table.from_pandas(df, preserve_index=False)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self._tmp.__enter__(), table.schema)
        self.writer.write_table(table.cast(self.writer.schema))

    def close(self, ok: bool = True) -> None:
        if self.writer is None:
            return
        self.writer.close()
        self._tmp.__exit__(*((None, None, None) if ok else (RuntimeError, RuntimeError("aborted"), None)))


def _tokens_of(sections: pd.DataFrame) -> pd.DataFrame | None:
    return _derive("tokens", {"sections": sections})


def _split_reports(sections: pd.DataFrame, n: int) -> list[pd.DataFrame]:
    """``sections`` in ``n`` contiguous parts that never split a report."""
    ids = list(dict.fromkeys(sections["report_id"]))
    bounds = [ids[i * len(ids) // n] for i in range(1, n) if i * len(ids) // n < len(ids)]
    starts = [0, *(int(sections["report_id"].eq(b).to_numpy().argmax()) for b in bounds), len(sections)]
    return [sections.iloc[a:b] for a, b in zip(starts, starts[1:]) if b > a] or [sections]


class _Keys:
    """The reuse table's sentence keys of successive chunks of sentences, joined as they come
    (:class:`govtext.analysis.reuse.KeysJoiner`); none without the analysis module (which :func:`_reuse` reports)."""

    def __init__(self) -> None:
        try:
            from govtext.analysis.reuse import KeysJoiner, sentence_keys
        except ImportError:
            self.joiner = None
        else:
            self.joiner, self._keys_of = KeysJoiner(), sentence_keys
        self.rows = 0

    def add(self, sentences: pd.DataFrame) -> None:
        """Add the keys of the next chunk of sentences."""
        if self.joiner is not None:
            self.joiner.add(self._keys_of(sentences, start=self.rows))
        self.rows += len(sentences)

    def frame(self) -> pd.DataFrame | None:
        """The keys of all the chunks (None without the analysis module)."""
        return None if self.joiner is None else self.joiner.frame()


def _text_tables(paths: Mapping[str, Path], reports: pd.DataFrame, out_dir: Path, size: int,
                 jobs: int) -> dict[str, pd.DataFrame]:
    """The reuse table's ``sentence_keys``; sentences and tokens streamed to
    ``sentences.parquet`` and ``tokens.parquet``.

    Tokens (jieba, the slow part) are made by ``jobs`` processes, each on a
    contiguous part of a chunk's reports; the parts are written in order. Of
    the sentences only their compact keys stay in memory. The result has
    ``sentences`` and ``tokens`` (empty frames standing for the files) when they were written.
    """
    keys = _Keys()
    sentences, tokens, ok = _ChunkWriter(out_dir / "sentences.parquet"), _ChunkWriter(out_dir / "tokens.parquet"), False
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for chunk in report_chunks(paths, ["sections"], reports, size=size):
                secs = chunk["sections"]
                parts = pool.map(_tokens_of, _split_reports(secs, jobs)) if len(secs) else [_tokens_of(secs)]
                if (table := _derive("sentences", {"sections": secs})) is not None:
                    sentences.write(table)
                    keys.add(table)
                for table in parts:
                    if table is not None:
                        tokens.write(table)
        ok = True
    finally:
        sentences.close(ok)
        tokens.close(ok)
    joined = keys.frame()
    out = {} if joined is None else {"sentence_keys": joined}
    out.update({name: frame(name, []) for name, w in (("sentences", sentences), ("tokens", tokens)) if w.writer is not None})
    return out


def _sentence_keys_of(sentences: Path) -> pd.DataFrame | None:
    """The reuse table's sentence keys of ``sentences.parquet`` (read in batches); None without the analysis module
    (which :func:`_reuse` reports)."""
    keys = _Keys()
    for batch in pq.ParquetFile(sentences).iter_batches(batch_size=_BATCH_ROWS,
                                                         columns=["report_id", "section", "sentence", "text"]):
        keys.add(batch.to_pandas())
    _release_arrow_memory()  # the batches' buffers, before the keys are joined
    return keys.frame()


def _write_reuse(reuse: pd.DataFrame, rows: np.ndarray, sentences: Path, target: Path) -> Path:
    """Write ``reuse`` with the text of its sentences, read back from ``sentences`` (``rows``: the row of each)
    one batch at a time."""
    out, ok, lo, start = _ChunkWriter(target), False, 0, 0
    try:
        for batch in pq.ParquetFile(sentences).iter_batches(batch_size=_BATCH_ROWS, columns=["text"]):
            hi = int(np.searchsorted(rows, start + batch.num_rows))
            text = batch.column(0).take(pa.array(rows[lo:hi] - start)).to_pandas().astype("string")
            out.write(reuse.iloc[lo:hi].assign(text=text.array))
            lo, start = hi, start + batch.num_rows
        if out.writer is None:
            out.write(reuse)
        ok = True
    finally:
        out.close(ok)
    return target


def _indicators_by_chunk(paths: Mapping[str, Path], reports: pd.DataFrame, size: int,
                         boilerplate: pd.Series | None) -> pd.DataFrame:
    """The indicators table, computed ``size`` reports at a time (sections, cells and checks are streamed)."""
    parts = [compliance.indicators(chunk, boilerplate=boilerplate)
             for chunk in report_chunks(paths, ["sections", "cells", "checks"], reports, size=size)]
    return pd.concat(parts, ignore_index=True)


def _write_derived(out_dir: Path, name: str, table: pd.DataFrame | None) -> set[str]:
    """Write derived table ``name`` to ``out_dir`` when it was made; the names written."""
    if table is None:
        return set()
    write_parquet(table, out_dir / f"{name}.parquet")
    return {name}


def _read_rows(path: Path, column: str, values: Sequence[str], columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of ``path`` whose ``column`` is one of ``values`` (``columns`` only, default all), read batch by batch:
    only the rows kept are ever whole in memory.

    Examples
    --------
    >>> import tempfile
    >>> p = write_parquet(pd.DataFrame({"k": ["a", "b", "a"], "x": [1, 2, 3]}), Path(tempfile.mkdtemp()) / "t.parquet")
    >>> _read_rows(p, "k", ["a"])["x"].tolist()
    [1, 3]
    """
    pf = pq.ParquetFile(path)
    schema = pf.schema_arrow
    if columns is not None:
        schema = pa.schema([schema.field(c) for c in columns], metadata=schema.metadata)
    wanted = pa.array(list(values), type=schema.field(column).type)
    kept = [b.filter(pc.is_in(b.column(column), value_set=wanted))
            for b in pf.iter_batches(batch_size=_BATCH_ROWS, columns=columns)]
    return pa.Table.from_batches(kept, schema=schema).to_pandas()


def _agencies_table(out_dir: Path, reports: pd.DataFrame) -> set[str]:
    """Write the agencies table; the names of those made."""
    return _write_derived(out_dir, "agencies", _derive("agencies", {"reports": reports}))


def _duplicates_table(out_dir: Path, reports: pd.DataFrame, sections: Path) -> set[str]:
    """Write the duplicates table (only the text of reports that share their agency-year is read)."""
    candidates = _read_rows(sections, "report_id", sorted(candidate_ids(reports)), columns=["report_id", "text"])
    return _write_derived(out_dir, "duplicates", _derive("duplicates", {"reports": reports, "sections": candidates}))


def _topics_table(out_dir: Path, sections: Path) -> set[str]:
    """Write the topics table of the problems sections; the names of those made."""
    return _write_derived(out_dir, "topics", _derive("topics", {"sections": _read_rows(sections, "section", ["problems"])}))


#: the columns of the reports table that the reuse and duplicates tables need (the rest is not sent to their process)
REUSE_REPORT_COLUMNS = ["report_id", "year", "agency"]
DUPLICATE_REPORT_COLUMNS = ["report_id", "file", "sha256", "agency", "year"]


def _reuse_tables(out_dir: Path, paths: Mapping[str, Path], reports: pd.DataFrame, panel: pd.DataFrame | None, *,
                  chunk_reports: int, jobs: int, keep_text: bool) -> tuple[set[str], pd.Series | None]:
    """Write the sentences, tokens and reuse tables (the reuse table needs the sentences and the panel); the names
    of those made, and the boilerplate share of each report (None without a reuse table)."""
    if keep_text and all((out_dir / f"{name}.parquet").is_file() for name in ("sentences", "tokens")):
        keys = _sentence_keys_of(out_dir / "sentences.parquet")
        made = {"sentences", "tokens"}
    else:
        texts = _text_tables(paths, reports, out_dir, chunk_reports, jobs)
        keys = texts.pop("sentence_keys", None)
        made = {"sentences", "tokens"} & set(texts)
    reuse = _derive("reuse", {"reports": reports, **({"sentence_keys": keys} if keys is not None else {}),
                              **({"panel": panel} if panel is not None else {})})
    if reuse is None:
        return made, None
    _write_reuse(reuse, keys["row"].to_numpy(), out_dir / "sentences.parquet", out_dir / "reuse.parquet")
    return made | {"reuse"}, compliance.boilerplate_shares(reuse)


def _apart(separate: bool, fn: Callable, *args, **kwargs):
    """``fn(*args, **kwargs)``, with ``separate`` in a child process that ends afterwards: the memory it used
    goes back to the system (a Python process keeps its largest heap to the end)."""
    with _child_process() if separate else nullcontext() as child:
        return (child.submit if child else _run_here)(fn, *args, **kwargs).result()


def _release_arrow_memory() -> None:
    """Give the memory Arrow's allocator keeps for reuse back to the system (after the parse of a
    100,000-report build its pool held hundreds of MB no table used)."""
    pa.default_memory_pool().release_unused()


@contextmanager
def _child_process() -> Iterator[ProcessPoolExecutor]:
    """An executor of one forked process. This process's objects are frozen for the garbage collector meanwhile
    (:func:`gc.freeze`): the child's collections would otherwise touch every object it inherited and so copy
    this process's heap page by page (copy-on-write). Arrow's unused memory is released first."""
    _release_arrow_memory()
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=1) as child:
            yield child
    finally:
        gc.unfreeze()


def _run_here(fn: Callable, *args, **kwargs) -> Future:
    """``fn(*args, **kwargs)`` run in this process, as a finished future (the serial stand-in for ``executor.submit``)."""
    future: Future = Future()
    future.set_result(fn(*args, **kwargs))
    return future


def finish_dataset(out_dir: str | Path, *, chunk_reports: int = CHUNK_REPORTS, jobs: int | None = None,
                   keep_text: bool = False) -> dict[str, Path]:
    """Add derived tables, the DuckDB database and the codebook to a folder of parsed Parquet frames.

    Every derived table is made again from the parsed frames (:data:`PARSED`),
    except ``sentences`` and ``tokens`` with ``keep_text`` when the folder has
    them (``govtext build`` makes them per file, with the parse, and caches them).
    The per-report tables go ``chunk_reports`` reports at a time: ``tokens`` is
    streamed to disk and the cells and checks are never whole in memory.
    ``jobs`` processes (default: all cores) make the tokens; with two or more, the
    reuse, topics and duplicates tables are made in child processes, whose memory
    goes back to the system when they end: the reuse table (the indicators need
    its boilerplate shares), the topics table, then the duplicates table beside
    the indicators (the topics process beside them made the 100,000-report
    build's peak: 2,141 MB). Returns the Parquet file of every table by name.
    """
    out_dir = Path(out_dir)
    paths = {p.stem: p for p in sorted(out_dir.glob("*.parquet")) if p.stem in PARSED}
    missing = [t for t in ("reports", "sections", "cells", "checks") if t not in paths]
    if missing:
        raise FileNotFoundError(f"{out_dir}: [E-DATASET] no {', '.join(t + '.parquet' for t in missing)}; "
                                f"run `govtext build CORPUS --out {out_dir}` first")
    reports = pd.read_parquet(paths["reports"])
    jobs = jobs or os.cpu_count() or 1
    separate = jobs > 1  # the reuse, topics and duplicates tables are made in child processes
    panel = _derive("panel", {"reports": reports})
    made = _write_derived(out_dir, "panel", panel) | _agencies_table(out_dir, reports)
    reused, boilerplate = _apart(separate, _reuse_tables, out_dir, paths, reports[REUSE_REPORT_COLUMNS],
                                 None if panel is None else panel[["agency_id", "report_ids"]],
                                 chunk_reports=chunk_reports, jobs=jobs, keep_text=keep_text)
    made |= reused
    made |= _apart(separate, _topics_table, out_dir, paths["sections"])
    with _child_process() if separate else nullcontext() as second:
        duplicates = (second.submit if second else _run_here)(_duplicates_table, out_dir,
                                                              reports[DUPLICATE_REPORT_COLUMNS], paths["sections"])
        made |= _write_derived(out_dir, "indicators", _indicators_by_chunk(paths, reports, chunk_reports, boilerplate))
        made |= duplicates.result()
    for name in set(DERIVED) - made:  # a table of an earlier finish that could not be made this time
        (out_dir / f"{name}.parquet").unlink(missing_ok=True)
    found = {p.stem: p for p in out_dir.glob("*.parquet")}
    order = sorted(set(found) & set(PARSED)) + [n for n in DERIVED if n in made] + sorted(set(found) - set(PARSED) - made)
    paths = {name: found[name] for name in order}
    write_database(out_dir, list(paths))
    book = codebook({name: pq.read_schema(p).empty_table().to_pandas() for name, p in paths.items()})
    with atomic_path(out_dir / "codebook.csv") as tmp:
        book.to_csv(tmp, index=False, encoding="utf-8")
    write_text(codebook_markdown(book), out_dir / "codebook.md")
    log.info("dataset %s: %s", out_dir, ", ".join(f"{k} {pq.read_metadata(v).num_rows}" for k, v in paths.items()))
    return paths


def stata_name(name: str, taken: set[str]) -> str:
    """An ASCII Stata variable name (<= 32 characters, unique among ``taken``) for ``name``.

    Examples
    --------
    >>> stata_name("reason_rejected_confirmation_share_of_all_groups", set())
    'reason_rejected_confirmation_sha'
    """
    base = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "_") else "_" for ch in name)
    base = ("v_" + base if not base[:1].isalpha() and base[:1] != "_" else base)[:STATA_NAME]
    out, i = base, 1
    while out in taken:
        suffix = f"_{i}"
        out, i = base[:STATA_NAME - len(suffix)] + suffix, i + 1
    taken.add(out)
    return out


def stata_label(zh: str, en: str) -> str:
    """``中文 | English``, cut to Stata's 80 characters.

    Examples
    --------
    >>> len(stata_label("公开率", "x" * 200))
    80
    """
    label = " | ".join(p for p in (zh, en) if p)
    return label if len(label) <= STATA_LABEL else label[:STATA_LABEL - 1] + "…"


def to_stata_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``df`` with types Stata can hold; the names of the columns that need strL.

    Nullable integers and booleans become float (missing stays missing); strings
    become ``str`` with missing as ``""`` (Stata has no missing string).
    """
    out = pd.DataFrame(index=df.index)
    strl = []
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_integer_dtype(s):
            out[col] = s.astype("Float64").astype("float64")
        elif pd.api.types.is_float_dtype(s):
            out[col] = s.astype("float64")
        else:
            out[col] = s.astype("object").where(s.notna(), "").astype(str)
            if len(out) and out[col].map(lambda v: len(v.encode("utf-8"))).max() > STATA_STR:
                strl.append(col)
    return out, strl


def export(out_dir: str | Path, format: Literal["stata", "csv"] = "stata", *, target: str | Path | None = None) -> list[Path]:
    """Write every table of the dataset in ``out_dir`` as Stata ``.dta`` or CSV files.

    Stata files (format 118, Unicode) carry variable labels (``中文 | English``,
    at most 80 characters) and a data label; names longer than 32 characters
    are shortened (the label keeps the meaning). CSV files are UTF-8 with empty
    fields for missing values, for ``readr::read_csv``/``read.csv``. Files go to
    ``target`` (default ``out_dir/<format>``) with the codebook beside them.
    """
    if format not in ("stata", "csv"):
        raise ValueError(f"format must be 'stata' or 'csv', not {format!r}")
    out_dir = Path(out_dir)
    tables = read_dataset(out_dir)
    if not tables:
        raise FileNotFoundError(f"{out_dir}: [E-DATASET] no Parquet tables; run `govtext build CORPUS --out {out_dir}` first")
    target = Path(target) if target is not None else out_dir / format
    target.mkdir(parents=True, exist_ok=True)
    book = codebook(tables).set_index(["table", "column"])
    written = []
    for name, df in tables.items():
        path = target / f"{name}.{'dta' if format == 'stata' else 'csv'}"
        with atomic_path(path) as tmp:
            if format == "csv":
                df.to_csv(tmp, index=False, encoding="utf-8")
            else:
                data, strl = to_stata_frame(df)
                taken: set[str] = set()
                names = {c: stata_name(c, taken) for c in data.columns}
                labels = {names[c]: stata_label(book.loc[(name, c), "label_zh"], book.loc[(name, c), "label_en"]) for c in data.columns}
                data.rename(columns=names).to_stata(tmp, write_index=False, version=118, variable_labels=labels,
                                                    convert_strl=[names[c] for c in strl],
                                                    data_label=f"govtext {name}"[:STATA_LABEL])
        written.append(path)
    book.reset_index().to_csv(target / "codebook.csv", index=False, encoding="utf-8")
    return written
