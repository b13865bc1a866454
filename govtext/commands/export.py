"""``govtext export DIR --format stata|csv``: the dataset's tables as Stata files with labels, or CSV for R."""
from __future__ import annotations

import argparse
from pathlib import Path

from govtext.dataset import export

NAME = "export"
HELP = "write every table of a built dataset as Stata .dta (with variable labels) or CSV, with the codebook"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", type=Path, help="dataset folder written by `govtext build`")
    p.add_argument("--format", choices=["stata", "csv"], default="stata", help="output format (default stata)")
    p.add_argument("--out", type=Path, help="output folder (default DATA/<format>)")


def run(args: argparse.Namespace) -> int:
    try:
        paths = export(args.data, args.format, target=args.out)
    except FileNotFoundError as exc:
        print(exc)
        return 2
    print(f"wrote {len(paths)} {args.format} files to {paths[0].parent}: " + ", ".join(p.name for p in paths))
    return 0
