"""``govtext show FILE``: a readable summary of one report."""
from __future__ import annotations

import argparse
import sys

from govtext.errors import GovtextError
from govtext.report import read_report

NAME = "show"
HELP = "print a readable summary of one report: meta, sections, tables, failed checks, problems"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a report file")


def run(args: argparse.Namespace) -> int:
    try:
        report = read_report(args.file)
    except GovtextError as exc:
        print(exc.message, file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0
