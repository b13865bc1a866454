"""``govtext synth --n N --seed S --formats ... --out DIR``: write synthetic reports with their truth."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from govtext.synth import FORMATS, write_corpus

NAME = "synth"
HELP = "generate synthetic annual reports with ground truth (truth/<file>.json) in several formats"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n", type=int, default=60, help="number of reports (formats are assigned round-robin)")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same corpus")
    p.add_argument("--formats", default="txt,crawler,md,html,docx", help=f"comma-separated formats from {','.join(FORMATS)}")
    p.add_argument("--out", required=True, type=Path, help="output folder")


def run(args: argparse.Namespace) -> int:
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        print(f"unknown formats {unknown}; choose from {','.join(FORMATS)}")
        return 2
    start = time.perf_counter()
    manifest = write_corpus(args.out, args.n, args.seed, formats)
    took = time.perf_counter() - start
    written = manifest[manifest["status"] == "ok"]
    print(f"wrote {len(written)} reports to {args.out} in {took:.1f}s (truth in {args.out / 'truth'}, manifest MANIFEST.csv)")
    print("by format: " + ", ".join(f"{k} {v}" for k, v in written["format"].value_counts().sort_index().items()))
    skipped = manifest[manifest["status"] != "ok"]
    for status, n in skipped["status"].value_counts().items():
        print(f"SKIPPED {n} reports: {status}")
    return 0
