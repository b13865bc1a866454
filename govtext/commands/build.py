"""``govtext build CORPUS --out DIR``: parse a corpus in parallel and incrementally into a Parquet dataset."""
from __future__ import annotations

import argparse
from pathlib import Path

from govtext.build import build
from govtext.build_engines import TaskLimits

NAME = "build"
HELP = ("build the dataset of a corpus (parallel, incremental: unchanged files are not parsed again; "
        "a killed build resumes where it stopped)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", nargs="+", type=Path, help="report files or folders")
    p.add_argument("--out", required=True, type=Path, help="dataset folder")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="local process pool or a Dask cluster")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (default: a LocalCluster)")
    p.add_argument("--force", action="store_true", help="parse every file again, ignoring the cache")
    p.add_argument("--strict", action="store_true", help="exit 1 when any file failed")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first failure with its traceback")
    p.add_argument("--max-bytes", type=int, default=TaskLimits.max_bytes,
                   help=f"refuse files larger than this (E-TOO-LARGE; default {TaskLimits.max_bytes})")
    p.add_argument("--keep-non-reports", action="store_true",
                   help="parse documents classified as non-reports (E-NOT-REPORT) anyway (their cached failures are retried)")
    p.add_argument("--timeout", type=float, default=TaskLimits.timeout,
                   help=f"seconds allowed per file (E-TIMEOUT; default {TaskLimits.timeout:g})")
    p.add_argument("--chunk-size", type=int, default=200, help="files per stored chunk (what a killed build may redo)")
    p.add_argument("--tables-only", action="store_true",
                   help="write the parsed frames only, without derived tables, database and codebook")


def run(args: argparse.Namespace) -> int:
    if args.scheduler and args.engine != "dask":
        print("--scheduler needs --engine dask")
        return 2
    if args.engine == "dask" and not getattr(args, "verbose", False):
        import dask  # before distributed is imported: it logs cluster start and stop at INFO

        dask.config.set({"logging.distributed": "error"})
    result = build(args.corpus, args.out, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                   force=args.force, fail_fast=args.fail_fast, max_bytes=args.max_bytes,
                   timeout=args.timeout, keep_non_reports=args.keep_non_reports, chunk_size=args.chunk_size, finish=not args.tables_only)
    print(result.summary())
    return 1 if args.strict and result.failures_total else 0
