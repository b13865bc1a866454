"""``govtext panel PATH... --out DIR [--aliases CSV]``: agencies, the agency-year panel and cross-year checks.

Writes ``agencies``, ``panel``, ``crossyear`` (cross-year findings, a checks
frame) and ``yoy`` as Parquet, and ``agency_collisions.csv`` for a person to
review; decisions go into the alias CSV passed with ``--aliases`` next time.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from govtext.corpus import read_reports
from govtext.errors import GovtextError
from govtext.io import atomic_path, write_parquet

NAME = "panel"
HELP = "resolve agencies (place, level, kind), build the agency-year panel and run the cross-year checks"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="report files or folders")
    p.add_argument("--out", required=True, type=Path, help="output folder")
    p.add_argument("--aliases", type=Path, help="alias CSV (alias,canonical[,agency_id,level,kind,division_code,note])")


def pair_verdicts(checks: pd.DataFrame, panel: pd.DataFrame) -> pd.DataFrame:
    """One row per agency, year pair and rule: counts of each result and a verdict.

    The verdict is ``fail`` when any instance fails, ``pass`` when all pass,
    otherwise ``cannot check`` (some cell not a number, or the rule does not apply).

    Examples
    --------
    >>> panel = pd.DataFrame({"agency": ["A"], "year": [2021], "report_id": ["r"]})
    >>> checks = pd.DataFrame({"report_id": ["r", "r"], "rule": ["X-carry"] * 2, "result": ["pass", "incomplete"]})
    >>> pair_verdicts(checks, panel)[["agency", "pair", "rule", "verdict"]].values.tolist()
    [['A', '2020-2021', 'X-carry', 'cannot check']]
    """
    meta = panel.dropna(subset=["report_id"]).set_index("report_id")[["agency", "year"]]
    data = checks.join(meta, on="report_id")
    data["pair"] = data["year"].map(lambda y: f"{int(y) - 1}-{int(y)}")
    counts = data.pivot_table(index=["agency", "pair", "rule"], columns="result", values="report_id", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=["pass", "fail", "incomplete", "not_applicable"], fill_value=0).reset_index()
    counts.columns.name = None
    counts["verdict"] = [("fail" if f else "pass" if p and not (i or n) else "cannot check")
                         for p, f, i, n in counts[["pass", "fail", "incomplete", "not_applicable"]].itertuples(index=False)]
    return counts


def run(args: argparse.Namespace) -> int:
    corpus = read_reports(args.paths)
    try:
        frames = {"agencies": corpus.agencies(args.aliases), "panel": corpus.panel(args.aliases),
                  "crossyear": corpus.crossyear_checks(args.aliases), "yoy": corpus.yoy(args.aliases)}
        collisions = corpus.agency_collisions(args.aliases)
    except GovtextError as exc:
        print(exc.message, file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return 1
    for name, df in frames.items():
        write_parquet(df, args.out / f"{name}.parquet")
    with atomic_path(args.out / "agency_collisions.csv") as tmp:
        collisions.to_csv(tmp, index=False, encoding="utf-8-sig")
    panel = frames["panel"]
    print(f"{len(corpus)} reports, {len(corpus.failures)} failed; {len(frames['agencies'])} agencies, "
          f"{int((~panel['missing']).sum())} agency-years, {int(panel['missing'].sum())} missing, "
          f"{int(panel['duplicate'].sum())} with duplicates; {len(collisions)} near-collisions to review -> {args.out}")
    if len(frames["crossyear"]):
        print(pair_verdicts(frames["crossyear"], panel).to_string(index=False))
    return 0
