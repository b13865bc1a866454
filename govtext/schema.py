"""Column contracts of the frames govtext hands between stages and writes to disk.

Every frame is built through :func:`frame`, so an empty result still has its
columns and dtypes, and the codebook can list every column from here.

Examples
--------
>>> list(frame("problems", []).columns)[:3]
['report_id', 'stage', 'code']
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

#: frame name -> {column: (dtype, description)}
COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "reports": {
        "report_id": ("string", "stable id: first 16 hex digits of the file's sha256"),
        "file": ("string", "path of the source file as given"),
        "sha256": ("string", "sha256 of the source file's bytes"),
        "format": ("string", "what the content was read as (txt, wp-text, md, html, docx, pdf, crawler …)"),
        "encoding": ("string", "detected text encoding (text formats)"),
        "parser_version": ("string", "govtext version that parsed the file"),
        "title": ("string", "report title as printed"),
        "agency": ("string", "agency name taken from the title"),
        "year": ("Int64", "reporting year (from the title, else the statistics period)"),
        "year_source": ("string", "where the year came from: title or period"),
        "template": ("string", "template detected from the tables' labels: 2019, 2021, legacy or unknown"),
        "template_evidence": ("string", "the template-specific labels found"),
        "period_start": ("string", "start of the statistics period (ISO date)"),
        "period_end": ("string", "end of the statistics period (ISO date)"),
        "published": ("string", "publication date when the text gives one (ISO date)"),
        "sections_found": ("Int64", "how many of the six standard sections were found"),
        "cells_ok": ("Int64", "template cells read as numbers"),
        "cells_not_ok": ("Int64", "template cells blank, dash, text, missing, ambiguous or unreadable"),
        "n_problems": ("Int64", "problems recorded while parsing"),
    },
    "sections": {
        "report_id": ("string", "report id"),
        "section": ("string", "section key: overview, active, requests, review, problems, other"),
        "order": ("Int64", "position of the section in the template (1-6)"),
        "found": ("boolean", "whether the report has a heading for this section"),
        "title": ("string", "heading as printed"),
        "number_style": ("string", "numbering of the heading: cn (一、), ar (3、/1.), part (第一部分), none"),
        "text": ("string", "the section's paragraphs (tables excluded)"),
        "n_chars": ("Int64", "length of text in characters"),
        "block_start": ("Int64", "index of the heading block in the document"),
        "block_end": ("Int64", "index of the first block after the section"),
    },
    "cells": {
        "report_id": ("string", "report id"),
        "table": ("string", "canonical table: active, requests, review"),
        "row": ("string", "canonical row key"),
        "col": ("string", "canonical column key"),
        "value": ("float64", "the number; NaN unless status is ok"),
        "raw": ("string", "the cell text as printed (None when missing)"),
        "status": ("string", "ok, blank, dash, text, missing, ambiguous or unreadable"),
        "unit": ("string", "unit printed in the cell (万元, 元 …)"),
        "reason": ("string", "why a cell is not ok, or a note printed with the number"),
        "in_template": ("boolean", "False for rows of the other template printed in this report"),
        "block": ("Int64", "source block index"),
        "grid_row": ("Int64", "row in the source table grid"),
        "grid_col": ("Int64", "column in the source table grid"),
        "page": ("Int64", "source page (PDF)"),
        "line": ("Int64", "source line (text formats)"),
    },
    "checks": {
        "report_id": ("string", "report id"),
        "rule": ("string", "rule id (T3-balance, T3-outcomes, T3-columns, T4-groups, N-…, X-…)"),
        "severity": ("string", "error, warning or info"),
        "table": ("string", "table the finding concerns"),
        "row": ("string", "row the finding concerns"),
        "col": ("string", "column the finding concerns"),
        "expected": ("float64", "right-hand side of the identity"),
        "actual": ("float64", "left-hand side of the identity"),
        "result": ("string", "pass, fail or incomplete"),
        "cells": ("string", "cells used (row/col;…)"),
        "unknown_cells": ("string", "cells that were not numbers, with their status"),
    },
    "problems": {
        "report_id": ("string", "report id"),
        "stage": ("string", "ingest, sections, tables, meta …"),
        "code": ("string", "stable problem code (P-…)"),
        "message": ("string", "what could not be read and why"),
        "block": ("Int64", "source block index"),
        "grid_row": ("Int64", "row in the source grid"),
        "page": ("Int64", "source page"),
        "line": ("Int64", "source line"),
    },
    "failures": {
        "file": ("string", "path of the file that failed"),
        "sha256": ("string", "sha256 of its bytes (when readable)"),
        "stage": ("string", "stage that failed"),
        "code": ("string", "error code (E-…)"),
        "error": ("string", "exception class"),
        "message": ("string", "what was wrong"),
        "hint": ("string", "what to do about it"),
    },
}


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _column(values: list, dtype: str):
    if dtype == "float64":
        return pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").to_numpy(dtype="float64")
    if dtype == "string":
        return pd.array([None if _missing(v) else str(v) for v in values], dtype="string")
    return pd.array([None if _missing(v) else v for v in values], dtype=dtype)


def frame(name: str, records: Iterable[dict]) -> pd.DataFrame:
    """A DataFrame with exactly the columns and dtypes of ``COLUMNS[name]``; unknown keys are dropped."""
    records = list(records)
    return pd.DataFrame({col: _column([r.get(col) for r in records], dtype) for col, (dtype, _) in COLUMNS[name].items()})
