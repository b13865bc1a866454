"""``govtext eval DIR``: parse a synthetic corpus and score the result against its truth."""
from __future__ import annotations

import argparse
from pathlib import Path

from govtext.evaluate import evaluate
from govtext.io import atomic_path, write_parquet

NAME = "eval"
HELP = "score the parser on a folder written by `govtext synth`: cell, section, meta and check accuracy"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", type=Path, help="folder written by govtext synth")
    p.add_argument("--formats", default="", help="only these formats (comma-separated)")
    p.add_argument("--out", type=Path, help="write eval_cells.parquet, eval_reports.parquet and eval_summary.csv here")


def run(args: argparse.Namespace) -> int:
    formats = [f for f in args.formats.split(",") if f] or None
    try:
        ev = evaluate(args.dir, formats=formats)
    except FileNotFoundError as exc:
        print(exc)
        return 1
    print(ev.text())
    if args.out:
        write_parquet(ev.cells, args.out / "eval_cells.parquet")
        write_parquet(ev.reports, args.out / "eval_reports.parquet")
        with atomic_path(args.out / "eval_summary.csv") as tmp:
            ev.summary.to_csv(tmp)
        print(f"frames written to {args.out}")
    return 0
