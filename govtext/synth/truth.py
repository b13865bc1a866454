"""The answer key of a synthetic report, written as ``truth/<file>.json`` next to it.

Layout of the JSON::

    {"meta": {...}, "sections": [{"section", "order", "title", "number_style"}],
     "faults": [...], "expected_check_failures": [...], "themes": [...],
     "sentences": [{"section", "text", "origin", "source", "theme"}], "claims": [...],
     "cells": {table: {row: {col: value-or-null}}},
     "cell_status": {table: {row: {col: "blank" | "dash"}}},   # only for null cells
     "ambiguous": [[table, row, col], ...], "render": {...}}

``null`` marks a cell printed blank or as a dash; ``cell_status`` says which.
``ambiguous`` lists cells whose printed form cannot be read back without
guessing in this file's format (e.g. glued numbers in crawler text).
Sentence ``origin``: ``original`` (written for this report), ``template``
(stock phrasing every report may share), ``reused_previous`` (copied from
the same agency's previous report, ``source`` is its file stem),
``reused_cross`` (copied from another agency's report) or ``coincident``
(generated independently but identical to an earlier sentence).

Examples
--------
>>> from govtext.synth.builder import generate_reports
>>> from govtext.synth.renderers import render
>>> r = next(generate_reports(1, seed=2))
>>> t = truth_record(r, render(r, "md"), "x.md")
>>> sorted(t["cells"]) == ["active", "requests", "review"], t["meta"]["format"]
(True, 'md')
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from govtext.synth.model import SynthReport
from govtext.synth.numbers import failing_checks
from govtext.synth.renderers.base import Rendered

TRUTH_DIR = "truth"


def truth_path(report_file: str | Path) -> Path:
    """Where the truth of ``report_file`` lives: ``<dir>/truth/<name>.json``."""
    p = Path(report_file)
    return p.parent / TRUTH_DIR / f"{p.name}.json"


def truth_record(report: SynthReport, rendered: Rendered, file: str) -> dict:
    """The truth JSON object for one rendered report."""
    a = report.agency
    cells: dict = {}
    status: dict = {}
    for (t, r, c), cell in report.cells.items():
        cells.setdefault(t, {}).setdefault(r, {})[c] = cell.value
        if cell.value is None:
            status.setdefault(t, {}).setdefault(r, {})[c] = cell.status
    return {
        "meta": {
            "file": file, "format": rendered.format, "encoding": rendered.encoding, "variant": rendered.variant,
            "title": report.title, "agency": report.agency_printed, "year": report.year, "template": report.template,
            "expected_template": report.expected_template, "period_start": report.period[0],
            "period_end": report.period[1], "published": report.published, "agency_id": a.agency_id,
            "agency_name": a.name, "agency_variants": list(a.variants), "level": a.level, "kind": a.kind,
            "province": a.province, "province_code": a.province_code, "prefecture": a.prefecture, "county": a.county,
            "seed": report.seed, "index": report.index,
        },
        "sections": [{"section": s.key, "order": i, "title": s.heading, "number_style": s.number_style}
                     for i, s in enumerate(report.sections, start=1)],
        "faults": report.faults,
        "expected_check_failures": failing_checks(report.cells, report.template)
        if any(f["kind"] == "identity" for f in report.faults) else [],
        "themes": report.themes,
        "sentences": [{"section": s.section, "text": s.text, "origin": s.origin, "source": s.source, "theme": s.theme}
                      for s in report.sentences()],
        "claims": report.claims,
        "cells": cells,
        "cell_status": status,
        "ambiguous": [list(k) for k in rendered.ambiguous],
        "render": {k: v for k, v in report.style.items() if k != "variant"},
    }


def write_truth(record: dict, report_file: str | Path) -> Path:
    """Write ``record`` beside ``report_file`` (sorted keys, UTF-8, stable bytes)."""
    path = truth_path(report_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    return path


def read_truth(report_file: str | Path) -> dict:
    """The truth JSON of ``report_file``."""
    return json.loads(truth_path(report_file).read_text(encoding="utf-8"))


def truth_frames(directory: str | Path) -> dict[str, pd.DataFrame]:
    """Every truth file under ``directory/truth`` as tidy frames keyed by the report file name.

    ``reports`` (one row of meta per file, with its themes joined by ``;``),
    ``sections``, ``sentences``, ``faults`` and ``claims``; for the text and
    compliance analyses to test against.

    Examples
    --------
    >>> import tempfile
    >>> from govtext.synth import write_corpus
    >>> d = tempfile.mkdtemp()
    >>> _ = write_corpus(d, n=2, seed=1, formats=["txt"])
    >>> f = truth_frames(d)
    >>> len(f["reports"]), {"file", "origin", "text"} <= set(f["sentences"].columns)
    (2, True)
    """
    out: dict[str, list[dict]] = {"reports": [], "sections": [], "sentences": [], "faults": [], "claims": []}
    for path in sorted(Path(directory, TRUTH_DIR).glob("*.json")):
        t = json.loads(path.read_text(encoding="utf-8"))
        file = t["meta"]["file"]
        out["reports"].append({**t["meta"], "agency_variants": ";".join(t["meta"]["agency_variants"]),
                               "themes": ";".join(t["themes"]), "n_faults": len(t["faults"])})
        for name in ("sections", "sentences", "faults", "claims"):
            out[name].extend({"file": file, **{k: v for k, v in row.items() if k != "fails"}} for row in t[name])
    return {name: pd.DataFrame(rows) for name, rows in out.items()}
