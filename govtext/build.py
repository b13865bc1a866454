"""``govtext build``: parse a corpus in parallel, incrementally and durably into a Parquet dataset.

The build folder ``OUT`` holds one ``<frame>.parquet`` per frame (``reports``,
``sections``, ``cells``, ``checks``, ``problems``, ``failures``, and the
``sentences`` and ``tokens`` of the sections) and, under ``OUT/_build/``, the
cache the next build starts from:

1. **Plan.** Every file of the corpus is hashed (sha256). A file whose hash,
   parser version and tokenizer (jieba version, domain dictionary, settings:
   :func:`govtext.build_engines.cache_version`) are already stored is not parsed
   or tokenized again; new and changed
   files are; files no longer in the corpus drop out. ``force=True`` parses
   everything. Failures are cached too, except the ones worth retrying
   (time-outs, crashed workers, missing dependencies, files that could not be read).
2. **Parse.** An engine (:mod:`govtext.build_engines`: a local process pool or
   Dask) runs the per-file function :func:`govtext.corpus.parse_file` with a
   size and a time limit, then splits the report's sections into sentences and
   tokenizes them; results stream back as files finish.
3. **Store.** Every ``chunk_size`` results are written as one chunk, a folder
   ``_build/parts/<chunk>/`` with one Parquet file per frame and an
   ``index.parquet``, written under a temporary name and renamed in one step.
   A killed build loses at most the chunk in progress; the next build finds
   every stored chunk and parses only the rest.
4. **Consolidate.** The frames are rewritten file by file in corpus order,
   a window of files at a time (memory stays bounded), each to a temporary file
   renamed onto ``OUT/<frame>.parquet``. A file whose content is already in the
   corpus under another name is built once, and listed as a duplicate in
   ``_build/manifest.parquet`` (one row per input file with its status).
5. **Finish.** :func:`govtext.dataset.finish_dataset` adds the derived tables,
   the DuckDB views and the codebook (``finish=False``: frames only).

A build whose files and cache are unchanged since the last one only hashes the
files (and finishes the dataset if the last build did not).

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "c").mkdir(), (d / "c" / "r.txt").write_text("某县人民政府2021年政府信息公开工作年度报告\\n一、总体情况\\n正文。\\n", encoding="utf-8")
>>> r = build(d / "c", d / "out", jobs=1, finish=False, progress=False)
>>> r.parsed, r.failed, r.cached
(1, 0, 0)
>>> build(d / "c", d / "out", jobs=1, finish=False, progress=False).cached
1
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Literal, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from govtext._version import __version__
from govtext.build_engines import ENGINES, FRAME_NAMES, FileResult, TaskLimits, cache_version, failed_result, to_arrow
from govtext.corpus import failure_row, list_report_files
from govtext.io import atomic_path, write_parquet, write_text
from govtext.limits import unreadable as unreadable_error
from govtext.schema import arrow_schema

log = logging.getLogger(__name__)

BUILD_DIR = "_build"
PARTS = "parts"
#: failure codes that a later build tries again (the cause may be gone by then)
RETRY_CODES = frozenset({"E-TIMEOUT", "E-CRASH", "E-DEPENDENCY", "E-INTERNAL", "E-READ"})
#: columns of a chunk's index and of the build manifest
INDEX_COLUMNS = ["file", "sha256", "parser_version", "status", "format", "code"]
MANIFEST_COLUMNS = ["file", "sha256", "status", "result", "format", "code", "chunk", "duplicate_of"]


@dataclass
class BuildResult:
    """What a build did: counts, the manifest (one row per input file), the time it took, and per phase
    (``plan``: hashing and cache look-up, ``parse``, ``consolidate``, ``finish``)."""

    out: Path
    parsed: int
    failed: int
    cached: int
    removed: int
    duplicates: int
    failures_total: int
    seconds: float
    manifest: pd.DataFrame
    phases: dict[str, float]

    def summary(self) -> str:
        """Lines for the terminal: counts, then counts per format and status."""
        lines = [f"built {self.out}: {len(self.manifest)} files: {self.parsed} parsed, {self.failed} failed, "
                 f"{self.cached} cached (skipped), {self.duplicates} duplicate, {self.removed} removed "
                 f"in {self.seconds:.1f} s; {self.failures_total} failures in failures.parquet"]
        if len(self.manifest):
            m = self.manifest.assign(format=self.manifest["format"].fillna("unknown"))
            for fmt, g in m.groupby("format", sort=True):
                counts = g["status"].value_counts().sort_index()
                lines.append(f"  {fmt}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return "\n".join(lines)


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in blocks."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


# ---------------------------------------------------------------- chunks (the cache)

def _index_frame(rows: Iterable[dict]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=INDEX_COLUMNS).astype("string")


def write_chunk(parts: Path, results: Sequence[FileResult]) -> Path:
    """Store ``results`` as one chunk folder, created under a temporary name and renamed in one step."""
    name = f"c{time.time_ns():020d}-{os.getpid()}"
    tmp = parts / f".tmp-{name}"
    tmp.mkdir(parents=True)
    for fname in FRAME_NAMES:
        pq.write_table(pa.concat_tables([r.frames[fname] for r in results]), tmp / f"{fname}.parquet")
    index = _index_frame({"file": r.file, "sha256": r.sha256, "parser_version": cache_version(), "status": r.status,
                          "format": r.format, "code": r.code} for r in results)
    index.to_parquet(tmp / "index.parquet", index=False)
    _fsync_dir(tmp)
    os.replace(tmp, parts / name)
    _fsync_dir(parts)
    return parts / name


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_cache(parts: Path) -> pd.DataFrame:
    """The stored results: one row per sha256 (the latest chunk wins), with its ``chunk``.

    Leftover temporary folders of a killed build are removed.
    """
    rows = []
    if parts.is_dir():
        for d in sorted(parts.iterdir()):
            if d.name.startswith(".tmp-"):
                shutil.rmtree(d, ignore_errors=True)
            elif (d / "index.parquet").is_file():
                rows.append(pd.read_parquet(d / "index.parquet").assign(chunk=d.name))
    if not rows:
        return _index_frame([]).assign(chunk=pd.Series(dtype="string"))
    cache = pd.concat(rows, ignore_index=True)
    cache = cache[cache["sha256"].notna() & (cache["parser_version"] == cache_version())]
    return cache.drop_duplicates("sha256", keep="last").reset_index(drop=True)


def _usable(cache: pd.DataFrame, retry: frozenset[str] = RETRY_CODES) -> pd.DataFrame:
    """Cached results a build may reuse: parsed files and failures that would fail again (codes not in ``retry``)."""
    return cache[(cache["status"] == "parsed") | ~cache["code"].isin(list(retry))]


# ---------------------------------------------------------------- plan

def plan(files: Sequence[Path], cache: pd.DataFrame, *, force: bool,
         retry: frozenset[str] = RETRY_CODES) -> tuple[pd.DataFrame, list[FileResult]]:
    """One row per file: ``file``, ``sha256``, ``status`` (cached, todo, duplicate) and ``duplicate_of``.

    Cached failures with a code in ``retry`` are parsed again. Files that
    cannot be hashed come back as failure results.
    """
    rows, unreadable, first = [], [], {}
    for f in files:
        try:
            sha = file_sha256(f)
        except OSError as exc:
            err = unreadable_error(f, exc)
            unreadable.append(failed_result(str(f), None, failure_row(f, err)))
            continue
        dup = first.setdefault(sha, str(f))
        rows.append({"file": str(f), "sha256": sha, "duplicate_of": None if dup == str(f) else dup})
    df = pd.DataFrame(rows, columns=["file", "sha256", "duplicate_of"])
    usable = set() if force else set(_usable(cache, retry)["sha256"])
    df["status"] = ["duplicate" if pd.notna(d) else "cached" if s in usable else "todo"
                    for s, d in zip(df["sha256"], df["duplicate_of"])]
    return df, unreadable


# ---------------------------------------------------------------- consolidate

def consolidate(out: Path, parts: Path, live: pd.DataFrame, extra_failures: Sequence[FileResult], *,
                window: int = 2000) -> dict[str, int]:
    """Rewrite ``out/<frame>.parquet`` from the chunks: rows of the ``live`` files in corpus order.

    ``live`` has one row per file to include (``file``, ``sha256``, ``chunk``,
    ``order``); ``extra_failures`` are failures not stored in chunks (files that
    could not be hashed). Returns the number of rows per frame.
    """
    extra = [r.frames["failures"] for r in extra_failures]
    live = live.sort_values("order", kind="stable").reset_index(drop=True)
    counts = {}
    for fname in FRAME_NAMES:
        with atomic_path(out / f"{fname}.parquet") as tmp:
            with pq.ParquetWriter(tmp, arrow_schema(fname)) as writer:
                n = 0
                for start in range(0, max(len(live), 1), window):
                    table = _window_rows(fname, parts, live.iloc[start:start + window])
                    if fname == "failures" and start + window >= len(live):
                        table = pa.concat_tables([table, *extra])
                    writer.write_table(table)
                    n += table.num_rows
        counts[fname] = n
    return counts


def _window_rows(fname: str, parts: Path, win: pd.DataFrame) -> pa.Table:
    """Rows of ``fname`` for the files of ``win``, in file order (Arrow all the way: this is the bulk of the data)."""
    key = "sha256" if fname in ("reports", "failures") else "report_id"
    ids = pd.Series(list(win["sha256"] if key == "sha256" else win["sha256"].str[:16]), index=win.index)
    tables = [pq.read_table(parts / chunk / f"{fname}.parquet", filters=pc.field(key).isin(ids[g.index].tolist()),
                            schema=arrow_schema(fname))
              for chunk, g in win.groupby("chunk", sort=False)]
    table = pa.concat_tables(tables) if tables else arrow_schema(fname).empty_table()
    table = table.take(pc.sort_indices(pc.index_in(table[key], value_set=pa.array(ids.tolist(), pa.string()))))
    if fname in ("reports", "failures") and table.num_rows:
        table = to_arrow(fname, _relocate(table.to_pandas(), dict(zip(win["sha256"], win["file"]))))
    return table


def _relocate(df: pd.DataFrame, files: dict[str, str]) -> pd.DataFrame:
    """Point ``file`` (and failure messages) at where each content is now (a file may have been renamed)."""
    new = df["sha256"].map(files).astype("string")
    if "message" in df:
        df["message"] = [m.replace(old, nw, 1) if isinstance(m, str) and old != nw else m
                         for m, old, nw in zip(df["message"], df["file"], new)]
    df["file"] = new
    return df


def _collect_garbage(parts: Path, live_chunks: set[str]) -> int:
    """Delete chunks none of whose rows are live any more; returns how many."""
    n = 0
    for d in parts.iterdir():
        if d.is_dir() and not d.name.startswith(".tmp-") and d.name not in live_chunks:
            shutil.rmtree(d, ignore_errors=True)
            n += 1
    return n


# ---------------------------------------------------------------- build

def _finish(out: Path) -> None:
    """Run :func:`govtext.dataset.finish_dataset` (derived tables, database, codebook) when that module is installed."""
    try:
        from govtext.dataset import finish_dataset
    except ImportError as exc:
        log.warning("dataset extras not built (%s): only the parsed frames are in %s", exc, out)
        return
    finish_dataset(out, keep_text=True)


def _progress(total: int, enabled: bool | None):
    from tqdm import tqdm

    enabled = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, unit="file", desc="parsing", disable=not enabled, smoothing=0.1)


def _parse(todo: pd.DataFrame, parts: Path, runner, limits: TaskLimits, chunk_size: int, progress: bool | None,
           **engine_args) -> None:
    """Run ``runner`` on the files of ``todo`` and store the results chunk by chunk."""
    buffer: list[FileResult] = []
    with _progress(len(todo), progress) as bar:
        for result in runner(list(zip(todo["file"], todo["sha256"])), limits, **engine_args):
            buffer.append(result)
            bar.update()
            if len(buffer) >= chunk_size:
                write_chunk(parts, buffer)
                buffer = []
        if buffer:
            write_chunk(parts, buffer)


def build(corpus: str | Path | Sequence[str | Path], out: str | Path, *, jobs: int | None = None,
          engine: Literal["local", "dask"] = "local", scheduler=None, force: bool = False,
          fail_fast: bool = False, max_bytes: int | None = TaskLimits.max_bytes,
          timeout: float | None = TaskLimits.timeout, keep_non_reports: bool = False, chunk_size: int = 200,
          finish: bool = True, progress: bool | None = None) -> BuildResult:
    """Build (or bring up to date) the dataset of ``corpus`` in ``out``; see the module docs.

    Parameters
    ----------
    corpus : path or paths
        report files or folders (searched recursively).
    out : path
        the dataset folder.
    jobs : int, optional
        worker processes (default: all cores); with ``engine="dask"`` and no
        ``scheduler``, the workers of the ``LocalCluster``.
    engine : {"local", "dask"}
        a local process pool, or a ``dask.distributed`` cluster.
    scheduler : str or distributed.Client, optional
        address of a Dask scheduler (``engine="dask"``); None starts a LocalCluster.
    force : bool
        parse every file, ignoring the cache.
    fail_fast : bool
        raise the first error instead of recording it (for debugging).
    max_bytes, timeout : optional
        per-file size limit (``E-TOO-LARGE``) and time limit in seconds (``E-TIMEOUT``).
    keep_non_reports : bool
        parse files classified as other documents (``E-NOT-REPORT``) anyway;
        their cached E-NOT-REPORT failures are then parsed again. (Turning it
        off again keeps such files as parsed until ``force``.)
    chunk_size : int
        files per stored chunk (what a killed build can lose).
    finish : bool
        add the derived tables, DuckDB views and codebook (:mod:`govtext.dataset`).
    progress : bool, optional
        show a progress bar; default: when stderr is a terminal.

    Examples
    --------
    >>> # govtext.build.build("corpus", "output/dataset").summary()
    """
    out = Path(out)
    parts = out / BUILD_DIR / PARTS
    parts.mkdir(parents=True, exist_ok=True)
    with _exclusive(out / BUILD_DIR / "lock"):
        return _build(corpus, out, parts, engine=engine, jobs=jobs, scheduler=scheduler, force=force,
                      limits=TaskLimits(max_bytes=max_bytes, timeout=timeout, fail_fast=fail_fast,
                                        keep_non_reports=keep_non_reports),
                      chunk_size=chunk_size, finish=finish, progress=progress)


#: seconds to wait for the build lock before refusing (workers of a killed build exiting)
LOCK_GRACE_S = 10.0


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock`` (released by the system even when the process is killed; POSIX only)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one build per folder is then up to the user
        yield
        return
    with open(lock, "a+") as fh:
        # a killed build's workers may take a moment to exit and let go of the lock
        deadline = time.monotonic() + LOCK_GRACE_S
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{lock.parent.parent}: another govtext build is writing this folder; "
                                       "wait for it to finish or choose another --out") from None
                time.sleep(0.1)
        yield


def _build(corpus, out: Path, parts: Path, *, engine: str, jobs: int | None, scheduler, force: bool,
           limits: TaskLimits, chunk_size: int, finish: bool, progress: bool | None) -> BuildResult:
    started = time.perf_counter()
    files = list_report_files(corpus if isinstance(corpus, (str, Path)) else list(corpus))
    cache = read_cache(parts)
    retry = RETRY_CODES | ({"E-NOT-REPORT"} if limits.keep_non_reports else frozenset())
    planned, unreadable = plan(files, cache, force=force, retry=retry)
    todo = planned[planned["status"] == "todo"]
    phases = {"plan": time.perf_counter() - started}
    if len(todo):
        _parse(todo, parts, ENGINES[engine], limits, chunk_size, progress,
               jobs=jobs, **({"scheduler": scheduler} if engine == "dask" else {}))
        cache = read_cache(parts)
    phases["parse"] = time.perf_counter() - started - sum(phases.values())
    manifest = _manifest(planned, cache, unreadable)
    previous_path = out / BUILD_DIR / "manifest.parquet"
    previous = pd.read_parquet(previous_path) if previous_path.is_file() else None
    finished = out / BUILD_DIR / "finished"  # written once the dataset extras match the consolidated frames
    if _needs_consolidation(out, previous, manifest):
        finished.unlink(missing_ok=True)
        live = manifest[manifest["chunk"].notna() & (manifest["status"] != "duplicate")]
        consolidate(out, parts, live.assign(order=live.index), unreadable)
        _collect_garbage(parts, set(live["chunk"]))
        write_parquet(manifest, previous_path)
    phases["consolidate"] = time.perf_counter() - started - sum(phases.values())
    if finish and not finished.exists():
        _finish(out)
        write_text(f"govtext {__version__}\n", finished)
    phases["finish"] = time.perf_counter() - started - sum(phases.values())
    failures_total = pq.read_metadata(out / "failures.parquet").num_rows
    status = manifest["status"].value_counts()
    removed = len(set(previous["file"]) - set(manifest["file"])) if previous is not None else 0
    return BuildResult(out=out, parsed=int(status.get("parsed", 0)), failed=int(status.get("failed", 0)),
                       cached=int(status.get("cached", 0)), removed=removed, duplicates=int(status.get("duplicate", 0)),
                       failures_total=int(failures_total), seconds=time.perf_counter() - started, manifest=manifest,
                       phases={k: round(v, 3) for k, v in phases.items()})


def _manifest(planned: pd.DataFrame, cache: pd.DataFrame, unreadable: Sequence[FileResult]) -> pd.DataFrame:
    """One row per input file: ``status`` (parsed or failed now, cached, duplicate), stored ``result``, ``chunk`` …"""
    stored = cache.set_index("sha256")
    m = planned.join(stored[["status", "format", "code", "chunk"]].rename(columns={"status": "result"}), on="sha256")
    m["status"] = m["status"].where(m["status"] != "todo", m["result"])
    bad = [{"file": r.file, "status": "failed", "result": "failed", "format": r.format, "code": r.code} for r in unreadable]
    m = pd.concat([m, pd.DataFrame(bad, columns=m.columns)], ignore_index=True) if bad else m
    return m[MANIFEST_COLUMNS].astype("string")


def _needs_consolidation(out: Path, previous: pd.DataFrame | None, manifest: pd.DataFrame) -> bool:
    """False when the last build consolidated exactly these files from exactly these chunks."""
    if previous is None or not all((out / f"{n}.parquet").is_file() for n in FRAME_NAMES):
        return True
    if manifest["sha256"].isna().any():
        return True
    key = ["file", "sha256", "chunk", "duplicate_of"]
    return not previous[key].reset_index(drop=True).equals(manifest[key].reset_index(drop=True))
