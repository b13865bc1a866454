"""``govtext run [CORPUS]``: the main job, build the dataset from corpus/ and write the figures."""
from __future__ import annotations

import argparse
from pathlib import Path

from govtext.job import main_job

NAME = "run"
HELP = ("the main job: build the dataset from CORPUS (default corpus/) and write the paper's figures; "
        "an empty corpus folder first gets a synthetic demo corpus")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", nargs="?", type=Path, default=Path("corpus"), help="folder of reports (default corpus/)")
    p.add_argument("--out", type=Path, default=Path("output/dataset"), help="dataset folder (default output/dataset)")
    p.add_argument("--figures", type=Path, default=Path("output/figures"), help="figure folder (default output/figures)")
    p.add_argument("--demo-n", type=int, default=60, help="size of the demo corpus made when CORPUS holds no reports")
    p.add_argument("--seed", type=int, default=0, help="seed of the demo corpus")


def run(args: argparse.Namespace) -> int:
    r = main_job(args.corpus, args.out, args.figures, demo_n=args.demo_n, seed=args.seed)
    if r.demo:
        print(f"NOTE: {r.corpus}/ held no reports, so a SYNTHETIC demo corpus of {args.demo_n} labelled reports was "
              f"generated there first (govtext.synth; truth in {r.corpus / 'truth'}, MANIFEST.csv). "
              "Put real reports in it and run again for real results.")
    print(f"dataset: {r.n_reports} reports, {r.n_failures} failed files -> {r.dataset} "
          f"(Parquet, govtext.duckdb, codebook.md/csv)")
    for row in r.manifest.itertuples():
        print(f"figure {row.status:<8} {row.figure}" + ("" if row.status == "written" else f" ({row.reason})"))
    print(f"figures -> {r.figures}")
    return 0
