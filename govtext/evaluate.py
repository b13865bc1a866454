"""Score the parser against synthetic truth: cells, sections, metadata and identity checks.

:func:`evaluate` parses every report in a folder written by ``govtext synth``
and compares it with ``truth/<file>.json``.

Cell outcomes (column ``outcome`` of :attr:`Evaluation.cells`):

* ``correct``: the truth is a number and the parser read that number with
  status ``ok``; or the truth is ``null`` (printed blank or as a dash) and the
  parser's status is ``blank``, ``dash`` or ``missing`` (a blank leaves no
  trace in some formats, so any "no number" status is accepted).
* ``silent_error``: status ``ok`` but a different number, or a number where
  the truth is ``null``. These are the errors nobody notices.
* ``flagged``: the parser said it could not read the cell (``missing``,
  ``text``, ``ambiguous``, ``unreadable``, or blank/dash where the truth has a number).
* ``failed``: the whole file could not be read (no reader, or an error).

``null_exact`` is the stricter view of null cells: the share whose parsed
status is exactly the printed one (``blank`` for a blank, ``dash`` for a dash).

``unambiguous`` marks cells whose printed form can be read back without
guessing (the truth's ``ambiguous`` list, e.g. glued crawler numbers, is
excluded); acceptance is judged on those. Identity checks: every instance the
truth lists under ``expected_check_failures`` should come back from the
parser's checks with result ``fail``, or be named by a ``P-IDENTITY-BROKEN``
problem (an identity that every reading of run-together digits breaks, its
cells left unread: reported, though no check can run on unread cells); other
``fail`` results and such problems are false alarms.

Examples
--------
>>> import tempfile
>>> from govtext.synth import write_corpus
>>> d = tempfile.mkdtemp()
>>> _ = write_corpus(d, n=2, seed=3, formats=["txt"])
>>> ev = evaluate(d)
>>> int(ev.summary.loc["all", "reports"]), int(ev.summary.loc["all", "silent_errors"])
(2, 0)
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govtext import normalize as N
from govtext.checks import RULES
from govtext.corpus import list_report_files, read_reports
from govtext.report import Report

NULL_OK = ("blank", "dash", "missing")
META_FIELDS = ("title", "agency", "year", "template", "period_start", "period_end", "published")
TOLERANCE = 1e-6
#: the identity named by a P-IDENTITY-BROKEN problem: rule, row (empty for column identities), column
BROKEN = re.compile(r"^identity (\S+) \w+/(\w*)/(\w+) fails")


@dataclass
class Evaluation:
    """Tidy results: one row per cell, per report, and a summary per format (plus ``all``)."""

    cells: pd.DataFrame
    reports: pd.DataFrame
    summary: pd.DataFrame

    def by(self, *keys: str) -> pd.DataFrame:
        """Cell accuracy grouped by any cell columns (``format``, ``template``, ``table`` …)."""
        return _cell_stats(self.cells, list(keys))

    def text(self) -> str:
        """A readable multi-line summary."""
        s = self.summary
        cols = ["reports", "read", "cells", "accuracy", "accuracy_unambiguous", "silent_errors", "flagged",
                "null_exact", "template", "sections", "meta", "violations_found", "violations", "false_alarms"]
        lines = ["cell accuracy by format (accuracy_unambiguous excludes cells the file itself makes ambiguous)",
                 s[cols].to_string(float_format=lambda v: f"{v:.4f}")]
        fmt = lambda v: f"{v:.4f}"  # noqa: E731
        lines += ["", "by format and table", self.by("format", "table").to_string(float_format=fmt)]
        lines += ["", "by template and table", self.by("template", "table").to_string(float_format=fmt)]
        silent = self.cells[self.cells["outcome"] == "silent_error"]
        if len(silent):
            lines += ["", f"silent errors ({len(silent)}; first 15):",
                      silent[["file", "table", "row", "col", "truth", "value", "raw"]].head(15).to_string()]
        failed = self.reports[~self.reports["read"]]
        if len(failed):
            lines += ["", "files not read, by reason:"]
            lines += [f"  {n:4d}  {msg}" for msg, n in failed["error"].str.replace(r"^.*?\[", "[", regex=True)
                      .str.slice(0, 110).value_counts().items()]
        return "\n".join(lines)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def cell_outcome(truth: float | None, status: str | None, value: float | None) -> str:
    """The outcome of one cell (see the module docstring).

    Examples
    --------
    >>> cell_outcome(3.0, "ok", 3.0), cell_outcome(3.0, "ok", 4.0), cell_outcome(3.0, "ambiguous", None)
    ('correct', 'silent_error', 'flagged')
    >>> cell_outcome(None, "blank", None), cell_outcome(None, "ok", 0.0)
    ('correct', 'silent_error')
    """
    if status is None:
        return "failed"
    if truth is None:
        return "correct" if status in NULL_OK else "silent_error" if status == "ok" else "flagged"
    if status == "ok":
        return "correct" if value is not None and not math.isnan(value) and _close(truth, value) else "silent_error"
    return "flagged"


def _norm(text) -> str:
    return N.remove_whitespace(N.to_halfwidth(N.strip_residue(str(text)))) if text is not None else ""


def _compare_report(file: Path, truth: dict, report: Report | None, error: str | None) -> tuple[list[dict], dict]:
    meta = truth["meta"]
    base = {"file": file.name, "format": meta["format"], "variant": meta["variant"], "template": meta["template"]}
    ambiguous = {tuple(k) for k in truth["ambiguous"]}
    status_of = truth.get("cell_status", {})
    parsed: dict[tuple, tuple] = {}
    if report is not None:
        cells = report.cells[report.cells["in_template"].fillna(True).astype(bool)]
        parsed = {(t, r, c): (s, v, raw) for t, r, c, s, v, raw in
                  zip(cells["table"], cells["row"], cells["col"], cells["status"], cells["value"], cells["raw"])}
    rows = []
    for table, trows in truth["cells"].items():
        for row, tcols in trows.items():
            for col, tv in tcols.items():
                key = (table, row, col)
                status, value, raw = parsed.get(key, ("missing", math.nan, None)) if report is not None else (None, math.nan, None)
                rows.append({**base, "table": table, "row": row, "col": col,
                             "truth": math.nan if tv is None else float(tv),
                             "truth_status": status_of.get(table, {}).get(row, {}).get(col, "ok") if tv is None else "ok",
                             "unambiguous": key not in ambiguous, "status": status,
                             "value": value, "raw": raw, "outcome": cell_outcome(tv, status, value)})
    rec = {**base, "read": report is not None, "error": error, "expected_template": meta["expected_template"]}
    expected = {(f["rule"], f["row"] or "", f["col"] or "") for f in truth["expected_check_failures"]}
    rec["violations"] = len(expected)
    if report is None:
        rec.update({"sections_correct": 0, "meta_correct": 0, "violations_found": 0, "false_alarms": 0,
                    "parsed_template": None})
        return rows, rec
    secs = report.sections.set_index("section")
    rec["sections_correct"] = sum(
        bool(secs.loc[s["section"], "found"]) and _norm(secs.loc[s["section"], "title"]) == _norm(s["title"])
        for s in truth["sections"])
    m = report.meta
    rec["parsed_template"] = m.get("template")
    for f in META_FIELDS:
        rec[f"meta_{f}"] = _norm(m.get(f)) == _norm(meta[f])
    rec["meta_correct"] = sum(rec[f"meta_{f}"] for f in META_FIELDS)
    ch = report.checks[report.checks["rule"].isin(RULES)]  # identity rules; narrative (N-…) findings are not identities
    fails = {(r, row if isinstance(row, str) else "", col if isinstance(col, str) else "")
             for r, row, col, res in zip(ch["rule"], ch["row"], ch["col"], ch["result"]) if res == "fail"}
    fails |= {m.groups() for code, msg in zip(report.problems["code"], report.problems["message"])
              if code == "P-IDENTITY-BROKEN" and (m := BROKEN.match(msg))}
    rec["violations_found"] = len(expected & fails)
    rec["false_alarms"] = len(fails - expected)
    return rows, rec


def _cell_stats(cells: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    def stats(g: pd.DataFrame) -> pd.Series:
        un = g[g["unambiguous"]]
        return pd.Series({
            "cells": len(g), "accuracy": (g["outcome"] == "correct").mean() if len(g) else math.nan,
            "accuracy_unambiguous": (un["outcome"] == "correct").mean() if len(un) else math.nan,
            "silent_errors": int((g["outcome"] == "silent_error").sum()), "flagged": int((g["outcome"] == "flagged").sum()),
            "failed": int((g["outcome"] == "failed").sum()),
            "null_exact": (nulls["status"] == nulls["truth_status"]).mean() if len(nulls := g[g["truth_status"] != "ok"]) else math.nan,
        })
    counts = {"cells": "int64", "silent_errors": "int64", "flagged": "int64", "failed": "int64"}
    if not keys:
        return stats(cells).to_frame("all").T.astype(counts)
    return cells.groupby(keys, sort=True).apply(stats, include_groups=False).astype(counts)


def _summary(cells: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for name, rc, cc in [*((f, reports[reports["format"] == f], cells[cells["format"] == f])
                           for f in sorted(reports["format"].unique())), ("all", reports, cells)]:
        row = _cell_stats(cc, []).iloc[0].to_dict() if len(cc) else {}
        read = rc[rc["read"]]
        row.update({"reports": len(rc), "read": int(rc["read"].sum()),
                    "sections": read["sections_correct"].sum() / (6 * len(read)) if len(read) else math.nan,
                    "meta": read["meta_correct"].sum() / (len(META_FIELDS) * len(read)) if len(read) else math.nan,
                    "template": (read["parsed_template"] == read["template"]).mean() if len(read) else math.nan,
                    "violations": int(rc["violations"].sum()), "violations_found": int(rc["violations_found"].sum()),
                    "false_alarms": int(rc["false_alarms"].sum())})
        parts.append(pd.Series(row, name=name))
    out = pd.DataFrame(parts)
    counts = ["reports", "read", "cells", "silent_errors", "flagged", "failed", "violations", "violations_found", "false_alarms"]
    return out.astype({c: "int64" for c in counts if c in out})


def evaluate(directory: str | Path, *, formats: list[str] | None = None) -> Evaluation:
    """Parse every report under ``directory`` that has a truth file and score it.

    ``formats`` restricts the evaluation to some formats (names as in the truth).
    """
    directory = Path(directory)
    files = [f for f in list_report_files(directory) if (f.parent / "truth" / f"{f.name}.json").exists()]
    truths = {f: json.loads((f.parent / "truth" / f"{f.name}.json").read_text(encoding="utf-8")) for f in files}
    if formats:
        files = [f for f in files if truths[f]["meta"]["format"] in formats]
    if not files:
        raise FileNotFoundError(f"{directory}: no report with a truth/<file>.json found; write one with `govtext synth`")
    corpus = read_reports(files)
    by_file = {Path(r.meta["file"]): r for r in corpus}
    errors = dict(zip(map(Path, corpus.failures["file"]), corpus.failures["message"]))
    cell_rows, report_rows = [], []
    for f in files:
        rows, rec = _compare_report(f, truths[f], by_file.get(f), errors.get(f))
        cell_rows.extend(rows)
        report_rows.append(rec)
    cells = pd.DataFrame(cell_rows)
    reports = pd.DataFrame(report_rows)
    return Evaluation(cells, reports, _summary(cells, reports))
