"""``govtext parse PATH... --out DIR``: parse reports and write the frames as Parquet."""
from __future__ import annotations

import argparse
from pathlib import Path

from govtext.build_engines import TaskLimits
from govtext.corpus import read_reports
from govtext.io import write_parquet

NAME = "parse"
HELP = "parse report files or folders and write reports/sections/cells/checks/problems/failures/duplicates as Parquet"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="report files or folders")
    p.add_argument("--out", required=True, type=Path, help="output folder")
    p.add_argument("--strict", action="store_true", help="exit 1 when any file failed")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first failure with its traceback")
    p.add_argument("--max-bytes", type=int, default=TaskLimits.max_bytes,
                   help=f"refuse files larger than this (E-TOO-LARGE; default {TaskLimits.max_bytes})")
    p.add_argument("--timeout", type=float, default=TaskLimits.timeout,
                   help=f"seconds allowed per file (E-TIMEOUT; default {TaskLimits.timeout:g})")
    p.add_argument("--keep-non-reports", action="store_true",
                   help="parse documents classified as non-reports (budgets, notices ...) instead of refusing them (E-NOT-REPORT)")


def run(args: argparse.Namespace) -> int:
    corpus = read_reports(args.paths, fail_fast=args.fail_fast, max_bytes=args.max_bytes, timeout=args.timeout,
                          keep_non_reports=args.keep_non_reports)
    duplicates = corpus.duplicates()
    for name, df in {**corpus.frames(), "duplicates": duplicates}.items():
        write_parquet(df, args.out / f"{name}.parquet")
    checks = corpus.checks["result"].value_counts().to_dict()
    print(f"parsed {len(corpus)} reports, {len(corpus.failures)} failed -> {args.out}")
    print(f"cells: {corpus.cells['status'].value_counts().to_dict()}")
    print(f"checks: {checks}")
    for row in corpus.failures.itertuples():
        print(f"FAILED {row.message}")
    for row in duplicates.itertuples():
        print(f"DUPLICATE {row.message}")
    return 1 if args.strict and len(corpus.failures) else 0
