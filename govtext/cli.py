"""The ``govtext`` command line: each subcommand lives in ``govtext.commands.<name>``.

A command module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. Add a module name to :data:`COMMANDS` to register it.

Examples
--------
>>> main(["--version"])
0.1.0
0
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Sequence

from govtext._version import __version__

#: command modules under govtext.commands, in the order ``--help`` lists them
COMMANDS: list[str] = ["parse", "show", "synth", "eval", "main_job", "figures", "export", "panel", "build"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered command."""
    parser = argparse.ArgumentParser(prog="govtext", description="Read government-information-disclosure annual reports into tidy data.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and warnings")
    sub = parser.add_subparsers(dest="command")
    for name in COMMANDS:
        mod = importlib.import_module(f"govtext.commands.{name}")
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``govtext`` script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(__version__)
        return 0
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR, format="%(levelname)s %(message)s")
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    return int(args._run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
