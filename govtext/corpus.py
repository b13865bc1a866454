"""Many reports: read a folder or a list of files into concatenated frames.

One bad file never stops the rest: it becomes a row of ``failures``.

Examples
--------
>>> c = read_reports([])
>>> len(c), list(c.failures.columns)[:3]
(0, ['file', 'sha256', 'stage'])
"""
from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from govtext import errors
from govtext.classify import screen
from govtext.checks.crossyear import corpus_crossyear, corpus_yoy
from govtext.panel import corpus_agencies, corpus_collisions, corpus_panel
from govtext.dedupe import find_duplicates
from govtext.ingest import read_document
from govtext.limits import read_limited, time_limit
from govtext.report import Report, parse_document, sha256_bytes
from govtext.schema import COLUMNS, frame

log = logging.getLogger(__name__)

#: file names that are never reports (manifests, notes, hidden files)
IGNORED_NAMES = {"readme.md", "manifest.csv", "_pointers_not_copied.tsv"}
FRAMES = ("reports", "sections", "cells", "checks", "problems", "legacy_stats")


def list_report_files(paths: str | Path | Sequence[str | Path]) -> list[Path]:
    """Expand folders (recursively) and files into a sorted list of candidate report files.

    Hidden files, ``truth/`` folders of synthetic corpora and README/MANIFEST files are skipped.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and "truth" not in f.relative_to(p).parts[:-1] and f.name.lower() not in IGNORED_NAMES
            )
        else:
            out.append(p)
    return out


def failure_row(path: Path, exc: BaseException, data: bytes | None = None) -> dict:
    """A ``failures`` row for ``exc`` raised while reading ``path``."""
    if isinstance(exc, errors.GovtextError):
        row = exc.as_row()
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        row = {"file": str(path), "stage": "parse", "code": "E-INTERNAL", "error": type(exc).__name__,
               "message": f"{path}: [E-INTERNAL] {type(exc).__name__}: {exc}"
                          + (f" (at {Path(where.filename).name}:{where.lineno})" if where else ""),
               "hint": "This is a govtext bug; please report it with the file."}
    row["file"] = str(path)
    row["sha256"] = sha256_bytes(data) if data is not None else None
    return row


def parse_file(path: str | Path, *, max_bytes: int | None = None, timeout: float | None = None,
               fail_fast: bool = False, keep_non_reports: bool = False) -> tuple[Report | None, dict | None]:
    """Parse one file: ``(report, None)``, or ``(None, failures row)`` when it cannot be read.

    The one per-file function of ``read_reports`` and ``govtext build``: the
    file is read (refused when over ``max_bytes``), classified (a confident
    non-report is an ``E-NOT-REPORT`` failure unless ``keep_non_reports``; a
    doubtful one is parsed with a ``W-NOT-REPORT`` problem) and parsed, in
    at most ``timeout`` seconds (``E-TIMEOUT``; see :func:`govtext.limits.time_limit`).
    ``fail_fast=True`` re-raises instead of returning a failure row.

    Examples
    --------
    >>> report, failure = parse_file("no/such/file.txt")
    >>> report, failure["code"]
    (None, 'E-READ')
    """
    path, data = Path(path), None
    try:
        data = read_limited(path, max_bytes)
        with time_limit(timeout, path):
            doc = screen(read_document(path, data), path, keep=keep_non_reports)
            return parse_document(doc, file=str(path), sha256=sha256_bytes(data)), None
    except Exception as exc:  # one bad file never stops the batch
        if fail_fast:
            raise
        row = failure_row(path, exc, data)
        log.warning("%s", row["message"])
        return None, row


def report_frames(report: Report) -> dict[str, pd.DataFrame]:
    """The five frames of one report, ``reports`` as a one-row frame."""
    return {
        "reports": frame("reports", [{k: report.meta.get(k) for k in COLUMNS["reports"]}]),
        "sections": report.sections, "cells": report.cells, "checks": report.checks, "problems": report.problems,
        "legacy_stats": report.legacy_stats,
    }


class Corpus:
    """Parsed reports plus the files that failed.

    Frames (``reports``, ``sections``, ``cells``, ``checks``, ``problems``,
    ``failures``) are concatenations over reports with the columns of
    :mod:`govtext.schema`.
    """

    def __init__(self, reports: Sequence[Report], failures: pd.DataFrame | None = None):
        self.report_list = list(reports)
        self.failures = failures if failures is not None else frame("failures", [])
        per = [report_frames(r) for r in self.report_list]
        for name in FRAMES:
            parts = [p[name] for p in per if len(p[name])]
            df = pd.concat(parts, ignore_index=True) if parts else frame(name, [])
            setattr(self, name, df)

    def __len__(self) -> int:
        return len(self.report_list)

    def __iter__(self):
        return iter(self.report_list)

    def __getitem__(self, report_id: str) -> Report:
        return next(r for r in self.report_list if r.report_id == report_id)

    def __repr__(self) -> str:
        return f"<Corpus {len(self)} reports, {len(self.failures)} failures>"

    def frames(self) -> dict[str, pd.DataFrame]:
        """All frames by name, ``failures`` included."""
        return {**{n: getattr(self, n) for n in FRAMES}, "failures": self.failures}

    def duplicates(self) -> pd.DataFrame:
        """Reports present more than once (same bytes, or the same report in two formats); see :mod:`govtext.dedupe`."""
        return find_duplicates(self.reports, self.sections, self.cells)

    def agencies(self, aliases=None) -> pd.DataFrame:
        """One row per agency: id, name forms, place (GB/T 2260 codes), level and kind with evidence.

        ``aliases``: a CSV path or DataFrame overriding the matching (see :mod:`govtext.panel.agencies`).
        """
        return corpus_agencies(self, aliases)

    def agency_collisions(self, aliases=None) -> pd.DataFrame:
        """Similar agency names that were kept apart, for a person to decide (merge via ``aliases``)."""
        return corpus_collisions(self, aliases)

    def panel(self, aliases=None) -> pd.DataFrame:
        """One row per agency-year with the report used, missing years and duplicates flagged."""
        return corpus_panel(self, aliases)

    def crossyear_checks(self, aliases=None) -> pd.DataFrame:
        """Findings of the rules that need two consecutive reports (X-carry, X-in-force), a ``checks`` frame."""
        return corpus_crossyear(self, aliases)

    def yoy(self, aliases=None) -> pd.DataFrame:
        """Year-over-year changes of the main indicators for consecutive reports of each agency."""
        return corpus_yoy(self, aliases)


def read_reports(paths: str | Path | Iterable[str | Path], *, fail_fast: bool = False,
                 max_bytes: int | None = None, timeout: float | None = None, keep_non_reports: bool = False) -> Corpus:
    """Read every report under ``paths`` (folders are searched recursively).

    Each file that cannot be read becomes a row of ``Corpus.failures`` with the
    stage, the error code and a message naming the file; the others are parsed.
    ``fail_fast=True`` re-raises the first error instead (for debugging);
    files over ``max_bytes`` are refused (``E-TOO-LARGE``).
    """
    files = list_report_files(paths if isinstance(paths, (str, Path)) else list(paths))
    reports, failures = [], []
    for f in files:
        report, failure = parse_file(f, max_bytes=max_bytes, timeout=timeout, fail_fast=fail_fast,
                                     keep_non_reports=keep_non_reports)
        reports.extend([report] if report is not None else [])
        failures.extend([failure] if failure is not None else [])
    return Corpus(reports, frame("failures", failures))
