"""Where ``govtext build`` runs the per-file parse: a local process pool or a Dask cluster.

Both engines run :func:`parse_task` (which wraps :func:`govtext.corpus.parse_file`)
on each file and yield :class:`FileResult` objects as files finish, in any
order; :mod:`govtext.build` stores them. A file over the time limit becomes an
``E-TIMEOUT`` failure and the batch goes on:

- ``local``: a :mod:`pebble` process pool; a worker still busy after ``timeout``
  seconds is killed and replaced, so a pathological file cannot stall the batch.
- ``dask``: batches of files as tasks on a ``dask.distributed`` cluster (a
  ``LocalCluster`` when no scheduler address is given). The client gives up on
  a batch twice its time limit after submitting it (two batches queue per
  worker thread), restarts the worker that runs it when the worker has a nanny
  (threads of an in-process cluster cannot be stopped: they finish in the
  background) and sends the batch's files again one by one, so only the file at
  fault times out. Workers must see the corpus at the same paths as the client
  (a shared file system).

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
from concurrent.futures import FIRST_COMPLETED, TimeoutError as FutureTimeout
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd
import pyarrow as pa

from govtext import errors
from govtext.corpus import failure_row, parse_file
from govtext.ingest import sniff
from govtext.limits import MAX_BYTES
from govtext.schema import arrow_schema, arrow_table

log = logging.getLogger(__name__)

#: frames stored for every file (``failures`` holds the row of a file that could not be read)
FRAME_NAMES = ("reports", "sections", "cells", "checks", "problems", "failures")
#: bytes read to name the format of a file that failed
SNIFF_BYTES = 200_000
#: files a local worker parses before it is replaced (bounds what caches and leaks can hold)
WORKER_TASKS = 2000


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


def parse_task(file: str, sha256: str | None, limits: TaskLimits) -> FileResult:
    """Parse one file in a worker: the report's frames as Arrow tables (no pandas), or its failure row."""
    report, failure = parse_file(file, max_bytes=limits.max_bytes, fail_fast=limits.fail_fast,
                                 keep_non_reports=limits.keep_non_reports)
    if report is None:
        return failed_result(file, sha256, failure, _sniff_file(Path(file)))
    frames = {name: report.arrow(name) for name in FRAME_NAMES if name != "failures"}
    frames["failures"] = arrow_schema("failures").empty_table()
    return FileResult(file, sha256, "parsed", report.meta.get("format"), None, frames)


def _timeout_result(file: str, sha256: str | None, limits: TaskLimits) -> FileResult:
    exc = errors.ParseTimeout(file, detail=f"no result after {limits.timeout:g} s")
    return failed_result(file, sha256, failure_row(Path(file), exc), _sniff_file(Path(file)))


def _crash_result(file: str, sha256: str | None, detail: str) -> FileResult:
    exc = errors.WorkerCrashed(file, detail=detail)
    return failed_result(file, sha256, failure_row(Path(file), exc), _sniff_file(Path(file)))


Task = tuple[str, "str | None"]


def run_local(tasks: Iterable[Task], limits: TaskLimits, *, jobs: int | None = None) -> Iterator[FileResult]:
    """Parse ``(file, sha256)`` tasks in a process pool of ``jobs`` workers (default: all cores)."""
    from pebble import ProcessExpired, ProcessPool

    jobs = jobs or os.cpu_count() or 1
    todo, running = iter(tasks), {}
    with ProcessPool(max_workers=jobs, max_tasks=WORKER_TASKS) as pool:
        try:
            while True:
                while len(running) < 4 * jobs and (task := next(todo, None)) is not None:
                    running[pool.schedule(parse_task, args=(*task, limits), timeout=limits.timeout)] = task
                if not running:
                    return
                done, _ = futures_wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    file, sha = running.pop(future)
                    try:
                        yield future.result()
                    except FutureTimeout:
                        yield _timeout_result(file, sha, limits)
                    except ProcessExpired as exc:
                        if limits.fail_fast:
                            raise
                        yield _crash_result(file, sha, f"the worker died (exit code {exc.exitcode})")
                    except Exception as exc:  # a bug outside parse_file's own guard: still one row, not a dead batch
                        if limits.fail_fast:
                            raise
                        yield failed_result(file, sha, failure_row(Path(file), exc))
        finally:
            pool.stop()


def _dask_client(scheduler, jobs: int | None):
    from distributed import Client, LocalCluster

    if scheduler is not None:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def _restart_worker_of(client, key) -> None:
    """Restart the worker computing ``key`` (only possible for workers with a nanny)."""
    for worker, keys in client.processing().items():
        if key in keys:
            try:
                client.restart_workers([worker])
            except Exception as exc:  # an in-process worker has no nanny to restart it
                log.warning("could not restart dask worker %s running a timed-out task: %s", worker, exc)


def parse_batch(batch: list[Task], limits: TaskLimits) -> list[FileResult]:
    """:func:`parse_task` on each file of ``batch`` (one Dask task: fewer, larger tasks cost the scheduler less)."""
    return [parse_task(file, sha, limits) for file, sha in batch]


def run_dask(tasks: Iterable[Task], limits: TaskLimits, *, jobs: int | None = None,
             scheduler=None, batch_size: int = 8) -> Iterator[FileResult]:
    """Parse ``(file, sha256)`` tasks on a Dask cluster at ``scheduler`` (a ``LocalCluster`` of ``jobs`` workers when None).

    Files go to the cluster in batches of ``batch_size``. A batch that fails or
    runs out of time is split: its files are sent again one by one, so only the
    file at fault gets the failure row.
    """
    from distributed import wait

    client, cluster = _dask_client(scheduler, jobs)
    try:
        slots = max(sum(client.nthreads().values()), 1)
        todo, retry, running = iter(tasks), deque(), {}
        while True:
            while len(running) < 2 * slots and (batch := _next_batch(retry, todo, batch_size)):
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
                    yield from fut.result()
                elif len(batch) > 1:
                    retry.extend(batch)
                else:
                    yield _crash_result(*batch[0], f"the task failed on the cluster: {fut.exception()!r}")
            yield from _expire(client, running, retry, limits)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _next_batch(retry: deque, todo: Iterator[Task], size: int) -> list[Task]:
    """The next batch: one file to retry alone, else up to ``size`` new files."""
    if retry:
        return [retry.popleft()]
    return list(islice(todo, size))


def _expire(client, running: dict, retry: deque, limits: TaskLimits) -> Iterator[FileResult]:
    """Give up on batches older than twice the time limit per file (measured from submission: two batches queue per thread)."""
    if not limits.timeout:
        return
    now = time.monotonic()
    for fut, (batch, started) in list(running.items()):
        if fut.status == "pending" and now - started > 2 * limits.timeout * len(batch):
            running.pop(fut)
            _restart_worker_of(client, fut.key)
            fut.cancel()
            if len(batch) > 1:
                retry.extend(batch)
            else:
                yield _timeout_result(*batch[0], limits)


#: engine name -> runner
ENGINES: dict[str, Callable[..., Iterator[FileResult]]] = {"local": run_local, "dask": run_dask}
