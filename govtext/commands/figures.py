"""``govtext figures --data DIR --out FIGDIR``: write the paper's figures (PNG, PDF, provenance JSON)."""
from __future__ import annotations

import argparse
from pathlib import Path

from govtext.figures.paper import FORMATS, PAPER, write_paper_figures

NAME = "figures"
HELP = "draw the paper's figures from a built dataset as PNG (300 dpi) and PDF, each with a provenance JSON"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, type=Path, help="dataset folder written by `govtext build`")
    p.add_argument("--out", required=True, type=Path, help="folder for the figures")
    p.add_argument("--only", nargs="+", choices=list(PAPER), help="draw only these figures")
    p.add_argument("--formats", default=",".join(FORMATS), help="comma-separated formats (png, pdf, svg)")


def run(args: argparse.Namespace) -> int:
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    try:
        manifest = write_paper_figures(args.data, args.out, formats=formats, only=args.only)
    except FileNotFoundError as exc:
        print(exc)
        return 2
    for row in manifest.itertuples():
        print(f"{row.status:<8} {row.figure}" + (f": {row.files}" if row.files else f" ({row.reason})"))
    print(f"figures in {args.out} (provenance: <figure>.json, figures.json)")
    return 0
