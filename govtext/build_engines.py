"""Where ``govtext build`` runs the per-file parse: a local process pool or a Dask cluster.

Both engines send files to workers in batches (:func:`batches`: up to
``BATCH_FILES`` files or ``BATCH_BYTES`` bytes, fewer when the corpus is small,
so every worker gets many batches and all finish together). A worker runs
:func:`parse_task` (which wraps :func:`govtext.corpus.parse_file`) on each file
of its batch and sends the batch back as one :class:`ResultBatch` (one Arrow
table per frame: a batch costs about as much to send as one file). The engines
yield one :class:`FileResult` per file as batches finish, in any order;
:mod:`govtext.build` stores them.

A batch that fails as a whole (it runs out of time, its worker dies, or a bug
escapes the per-file guard) is split: its files are sent again one by one, so
the file at fault gets its own ``E-TIMEOUT``, ``E-CRASH`` or ``E-INTERNAL`` row
and the others are parsed. A batch has the time limit of one file, so a file
that hangs costs at most twice the limit, and a file that would finish in time
alone still does.

- ``local``: a :mod:`pebble` process pool; a worker still busy after ``timeout``
  seconds is killed and replaced, so a pathological file cannot stall the batch.
- ``dask``: batches as tasks on a ``dask.distributed`` cluster (a
  ``LocalCluster`` of one single-threaded worker process per core when no
  scheduler address is given). The client gives up on a batch twice the time
  limit after submitting it (two batches queue per worker thread), restarts the
  worker that runs it when the worker has a nanny (threads of an in-process
  cluster cannot be stopped: they finish in the background) and sends the
  batch's files again one by one. Workers must see the corpus at the same paths
  as the client (a shared file system).

Examples
--------
>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
>>> _ = f.write_text("某县人民政府2021年政府信息公开工作年度报告\\n一、总体情况\\n正文。\\n", encoding="utf-8")
>>> r = parse_task(str(f), "0" * 64, TaskLimits())
>>> r.status, r.format, len(r.frames["reports"])
('parsed', 'txt', 1)
"""
from __future__ import annotations

import logging
import os
import time
from collections import deque
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, TimeoutError as FutureTimeout
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import pandas as pd
import pyarrow as pa

from govtext import errors
from govtext._version import __version__
from govtext.corpus import failure_row, parse_file
from govtext.ingest import sniff
from govtext.limits import MAX_BYTES
from govtext.schema import arrow_schema, arrow_table
from govtext.text.tokenize import Tokenizer
from govtext.text.tokens import text_tables

log = logging.getLogger(__name__)

#: frames stored for every file (``failures`` holds the row of a file that could not be read); ``sentences``
#: and ``tokens`` are made from the sections here too, so they are cached with the file and made in parallel
TEXT_FRAMES = ("sentences", "tokens")
FRAME_NAMES = ("reports", "sections", "cells", "checks", "problems", "failures", *TEXT_FRAMES)
#: bytes read to name the format of a file that failed
SNIFF_BYTES = 200_000
#: files a local worker parses before it is replaced (bounds what caches and leaks can hold; the tokenizer's
#: memo of sentences is bounded on its own)
WORKER_TASKS = 10000


@dataclass(frozen=True)
class TaskLimits:
    """Per-file settings: ``max_bytes`` (None: no limit), ``timeout`` seconds (None: none), ``fail_fast``,
    and ``keep_non_reports`` (parse files classified as other documents instead of failing them)."""

    max_bytes: int | None = MAX_BYTES
    timeout: float | None = 120.0
    fail_fast: bool = False
    keep_non_reports: bool = False


@dataclass
class FileResult:
    """What one file gave: its frames (a one-row ``failures`` frame when it failed)."""

    file: str
    sha256: str | None
    status: str  # parsed or failed
    format: str | None
    code: str | None
    frames: dict[str, pa.Table] = field(repr=False)


def to_arrow(name: str, df: pd.DataFrame) -> pa.Table:
    """Frame ``name`` as an Arrow table of its fixed schema (cheap to send and to concatenate)."""
    return pa.Table.from_pandas(df, schema=arrow_schema(name), preserve_index=False)


def _sniff_file(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            return sniff(fh.read(SNIFF_BYTES), path)
    except Exception:  # only a label for the summary: an unknown format is said as None
        return None


def failed_result(file: str, sha256: str | None, row: dict, fmt: str | None = None) -> FileResult:
    """The :class:`FileResult` of a file that failed with the ``failures`` row ``row``."""
    row = {**row, "file": file, "sha256": sha256}
    frames = {name: arrow_schema(name).empty_table() for name in FRAME_NAMES}
    frames["failures"] = arrow_table("failures", [row])
    return FileResult(file, sha256, "failed", fmt, row.get("code"), frames)


@lru_cache(maxsize=1)
def tokenizer() -> Tokenizer:
    """The tokenizer of the stored tokens: one per process, so its memo serves every file a worker parses."""
    return Tokenizer()


@lru_cache(maxsize=1)
def cache_version() -> str:
    """What a stored result depends on: govtext's version and the tokenizer's key (jieba, dictionary, settings).

    Examples
    --------
    >>> cache_version().startswith(__version__ + "+tokenizer-")
    True
    """
    return f"{__version__}+tokenizer-{tokenizer().key}"


def parse_task(file: str, sha256: str | None, limits: TaskLimits) -> FileResult:
    """Parse one file in a worker: the report's frames as Arrow tables (no pandas), or its failure row."""
    report, failure = parse_file(file, max_bytes=limits.max_bytes, fail_fast=limits.fail_fast,
                                 keep_non_reports=limits.keep_non_reports)
    if report is None:
        return failed_result(file, sha256, failure, _sniff_file(Path(file)))
    frames = {name: report.arrow(name) for name in FRAME_NAMES if name not in ("failures", *TEXT_FRAMES)}
    frames["failures"] = arrow_schema("failures").empty_table()
    frames.update(text_tables(report.rows("sections"), tokenizer()))
    return FileResult(file, sha256, "parsed", report.meta.get("format"), None, frames)


def _timeout_result(file: str, sha256: str | None, limits: TaskLimits) -> FileResult:
    exc = errors.ParseTimeout(file, detail=f"no result after {limits.timeout:g} s")
    return failed_result(file, sha256, failure_row(Path(file), exc), _sniff_file(Path(file)))


def _crash_result(file: str, sha256: str | None, detail: str) -> FileResult:
    exc = errors.WorkerCrashed(file, detail=detail)
    return failed_result(file, sha256, failure_row(Path(file), exc), _sniff_file(Path(file)))


Task = tuple[str, "str | None"]

#: most files in one batch
BATCH_FILES = 32
#: most bytes in one batch (large files go in small batches or alone)
BATCH_BYTES = 4_000_000
#: batches per worker at least, when the corpus allows (the workers then finish close together)
BATCHES_PER_WORKER = 16


def batch_size(n_files: int, workers: int) -> int:
    """Files per batch for ``n_files`` files on ``workers`` workers: at most ``BATCH_FILES``,
    small enough that each worker gets ``BATCHES_PER_WORKER`` batches.

    Examples
    --------
    >>> batch_size(100_000, 2), batch_size(300, 2), batch_size(5, 2)
    (32, 9, 1)
    """
    return max(1, min(BATCH_FILES, n_files // (max(workers, 1) * BATCHES_PER_WORKER)))


def _file_bytes(file: str) -> int:
    try:
        return os.path.getsize(file)
    except OSError:  # the worker reports the file as unreadable
        return 0


def batches(tasks: Iterable[Task], size: int, max_bytes: int = BATCH_BYTES) -> Iterator[list[Task]]:
    """``tasks`` in order, in lists of at most ``size`` files and ``max_bytes`` bytes (a larger file goes alone).

    Examples
    --------
    >>> [len(b) for b in batches([("a", None)] * 5, 2)]
    [2, 2, 1]
    """
    batch: list[Task] = []
    nbytes = 0
    for task in tasks:
        size_of = _file_bytes(task[0])
        if batch and (len(batch) >= size or nbytes + size_of > max_bytes):
            yield batch
            batch, nbytes = [], 0
        batch.append(task)
        nbytes += size_of
    if batch:
        yield batch


@dataclass
class ResultBatch:
    """The results of a batch of files: per file ``(file, sha256, status, format, code)`` and its row count
    in each frame, and each frame's rows of all the files as one Arrow table (cheap to send)."""

    files: list[tuple[str, str | None, str, str | None, str | None]]
    rows: dict[str, list[int]]
    frames: dict[str, pa.Table] = field(repr=False)


def pack(results: list[FileResult]) -> ResultBatch:
    """The results of one batch as a :class:`ResultBatch` (:func:`unpack` gives them back).

    Examples
    --------
    >>> r = failed_result("a.txt", None, {"code": "E-READ"})
    >>> [x.code for x in unpack(pack([r, r]))], pack([r, r]).rows["failures"]
    (['E-READ', 'E-READ'], [1, 1])
    """
    return ResultBatch(files=[(r.file, r.sha256, r.status, r.format, r.code) for r in results],
                       rows={name: [r.frames[name].num_rows for r in results] for name in FRAME_NAMES},
                       frames={name: pa.concat_tables([r.frames[name] for r in results]).combine_chunks()
                               for name in FRAME_NAMES})


def unpack(batch: ResultBatch) -> list[FileResult]:
    """One :class:`FileResult` per file of ``batch``; its frames are slices of the batch's tables (no copies)."""
    offsets = dict.fromkeys(FRAME_NAMES, 0)
    results = []
    for i, (file, sha, status, fmt, code) in enumerate(batch.files):
        frames = {}
        for name in FRAME_NAMES:
            n = batch.rows[name][i]
            frames[name] = batch.frames[name].slice(offsets[name], n)
            offsets[name] += n
        results.append(FileResult(file, sha, status, fmt, code, frames))
    return results


def parse_batch(batch: list[Task], limits: TaskLimits) -> ResultBatch:
    """:func:`parse_task` on each file of ``batch`` (one task for a worker), the results packed."""
    return pack([parse_task(file, sha, limits) for file, sha in batch])


class _Queue:
    """Batches to send: files of a failed batch one by one first, then new batches."""

    def __init__(self, tasks: Iterable[Task], size: int):
        self.new, self.retry = batches(tasks, size), deque()

    def next(self) -> list[Task] | None:
        return [self.retry.popleft()] if self.retry else next(self.new, None)


def _failed_batch(batch: list[Task], queue: _Queue, single: Callable[[], FileResult]) -> Iterator[FileResult]:
    """A batch that failed as a whole: its files go back to ``queue`` one by one; a single file gets ``single()``."""
    if len(batch) > 1:
        queue.retry.extend(batch)
    else:
        yield single()


def run_local(tasks: Sequence[Task], limits: TaskLimits, *, jobs: int | None = None,
              size: int | None = None) -> Iterator[FileResult]:
    """Parse ``(file, sha256)`` tasks in a process pool of ``jobs`` workers (default: all cores),
    in batches of ``size`` files (default: :func:`batch_size`)."""
    from pebble import ProcessExpired, ProcessPool

    jobs = jobs or os.cpu_count() or 1
    size = size or batch_size(len(tasks), jobs)
    queue, running = _Queue(tasks, size), {}
    tokenizer()("政务公开")  # load jieba's dictionary once, here: the forked workers share it instead of each loading it
    with ProcessPool(max_workers=jobs, max_tasks=max(1, WORKER_TASKS // size)) as pool:
        try:
            while True:
                while len(running) < 2 * jobs and (batch := queue.next()) is not None:
                    running[pool.schedule(parse_batch, args=(batch, limits), timeout=limits.timeout)] = batch
                if not running:
                    return
                done, _ = futures_wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    batch = running.pop(future)
                    file, sha = batch[0]
                    try:
                        yield from unpack(future.result())
                    except FutureTimeout:
                        yield from _failed_batch(batch, queue, lambda: _timeout_result(file, sha, limits))
                    except ProcessExpired as exc:
                        if limits.fail_fast:
                            raise
                        yield from _failed_batch(batch, queue, lambda: _crash_result(
                            file, sha, f"the worker died (exit code {exc.exitcode})"))
                    except Exception as exc:  # a bug outside parse_file's own guard: still one row, not a dead batch
                        if limits.fail_fast:
                            raise
                        yield from _failed_batch(batch, queue, lambda: failed_result(file, sha, failure_row(Path(file), exc)))
        finally:
            pool.stop()


#: modules the processes of a LocalCluster fork from already hold (see :func:`_dask_client`)
FORKSERVER_PRELOAD = ["distributed", "govtext.build_engines"]


@contextmanager
def _dask_client(scheduler, jobs: int | None) -> Iterator:
    """A client of the cluster at ``scheduler``, else of a ``LocalCluster`` of ``jobs`` single-threaded worker processes.

    The local workers fork from a server process that has imported dask and
    govtext once (where the system allows: ``forkserver``); spawned workers
    would each import them again, and a restarted worker is spawned quicker too.
    """
    import dask
    import multiprocessing
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        if method == "forkserver":
            from distributed.utils import get_mp_context

            get_mp_context().set_forkserver_preload(FORKSERVER_PRELOAD)  # after distributed has set its own list
        with LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client


def _restart_worker_of(client, key) -> None:
    """Restart the worker computing ``key`` (only possible for workers with a nanny)."""
    for worker, keys in client.processing().items():
        if key in keys:
            try:
                client.restart_workers([worker])
            except Exception as exc:  # an in-process worker has no nanny to restart it
                log.warning("could not restart dask worker %s running a timed-out task: %s", worker, exc)


def run_dask(tasks: Sequence[Task], limits: TaskLimits, *, jobs: int | None = None,
             scheduler=None, size: int | None = None) -> Iterator[FileResult]:
    """Parse ``(file, sha256)`` tasks on a Dask cluster at ``scheduler`` (a ``LocalCluster`` of ``jobs`` workers when None),
    in batches of ``size`` files (default: :func:`batch_size` for the cluster's threads)."""
    from distributed import wait

    with _dask_client(scheduler, jobs) as client:
        slots = max(sum(client.nthreads().values()), 1)
        queue, running = _Queue(tasks, size or batch_size(len(tasks), slots)), {}
        while True:
            while len(running) < 2 * slots and (batch := queue.next()) is not None:
                running[client.submit(parse_batch, batch, limits, pure=False)] = (batch, time.monotonic())
            if not running:
                return
            try:
                done, _ = wait(list(running), timeout=1.0 if limits.timeout else None, return_when="FIRST_COMPLETED")
            except TimeoutError:  # nothing finished within the poll interval
                done = set()
            for fut in done:
                batch, _ = running.pop(fut)
                if fut.status != "error" or limits.fail_fast:
                    yield from unpack(fut.result())
                else:
                    yield from _failed_batch(batch, queue, lambda: _crash_result(
                        *batch[0], f"the task failed on the cluster: {fut.exception()!r}"))
            yield from _expire(client, running, queue, limits)


def _expire(client, running: dict, queue: _Queue, limits: TaskLimits) -> Iterator[FileResult]:
    """Give up on batches older than twice the time limit (measured from submission: two batches queue per thread)."""
    if not limits.timeout:
        return
    now = time.monotonic()
    for fut, (batch, started) in list(running.items()):
        if fut.status == "pending" and now - started > 2 * limits.timeout:
            running.pop(fut)
            _restart_worker_of(client, fut.key)
            fut.cancel()
            yield from _failed_batch(batch, queue, lambda: _timeout_result(*batch[0], limits))


#: engine name -> runner
ENGINES: dict[str, Callable[..., Iterator[FileResult]]] = {"local": run_local, "dask": run_dask}
