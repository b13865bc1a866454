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
    "indicators": {
        "report_id": ("string", "report id"),
        "agency": ("string", "agency name (from the title)"),
        "year": ("Int64", "reporting year"),
        "template": ("string", "template detected"),
        "template_expected": ("string", "template the year requires (2021 from 2021, 2019 for 2019-2020, legacy before)"),
        "template_conforms": ("boolean", "the report uses the template its year requires"),
        "sections_present": ("Int64", "how many of the six standard sections are present"),
        "all_sections": ("boolean", "all six sections present"),
        "sections_missing": ("string", "sections not found (;-joined keys)"),
        "tables_present": ("Int64", "how many of the three template tables are printed"),
        "tables_missing": ("string", "template tables not printed (;-joined keys)"),
        "checks_pass": ("Int64", "identity checks passed"),
        "checks_fail": ("Int64", "identity checks failed"),
        "checks_incomplete": ("Int64", "identity checks that could not be decided"),
        "has_identity_failure": ("boolean", "at least one identity fails"),
        "identity_fail_rate": ("float64", "share of decided identity checks that fail"),
        "incomplete_rate": ("float64", "share of identity checks that cannot be decided"),
        "cells_ok": ("Int64", "template cells read as numbers"),
        "cells_blank": ("Int64", "template cells left blank"),
        "cells_dash": ("Int64", "template cells holding a dash, slash or 无"),
        "cells_text": ("Int64", "template cells holding text"),
        "cells_missing": ("Int64", "template cells not printed"),
        "cells_unclear": ("Int64", "template cells ambiguous or unreadable"),
        "narrative_checks": ("Int64", "narrative-table checks evaluated"),
        "narrative_conflicts": ("Int64", "narrative-table checks failed (text contradicts table)"),
        "published": ("string", "publication date (ISO)"),
        "days_late": ("Int64", "days after the 31 January deadline (negative: early)"),
        "on_time": ("boolean", "published by 31 January of the next year"),
        "problems_chars": ("Int64", "length of the problems section in characters"),
        "problems_quantities": ("Int64", "quantities (number + unit) in the problems section"),
        "problems_measures": ("Int64", "concrete measures named in the problems section"),
        "problems_stock_phrases": ("Int64", "stock phrases in the problems section"),
        "problems_specificity": ("float64", "share of specific statements among specific and stock ones in the problems section"),
        "boilerplate_share": ("float64", "share of the report's text reused from other reports"),
        "requests_new": ("float64", "requests received this year"),
        "requests_handled": ("float64", "requests handled (（七）总计)"),
        "disclosure_rate": ("float64", "share of handled requests granted in full or in part"),
        "denied_share": ("float64", "share of handled requests refused (不予公开, 8 reasons)"),
        "unable_share": ("float64", "share of handled requests that could not be served (无法提供, 3 reasons)"),
        "rejected_share": ("float64", "share of handled requests not processed (不予处理, 5 reasons)"),
        "other_share": ("float64", "share of handled requests with another outcome (其他处理)"),
        "reason_denied_state_secret": ("float64", "share of denied requests for the reason denied_state_secret"),
        "reason_denied_law_prohibited": ("float64", "share of denied requests for the reason denied_law_prohibited"),
        "reason_denied_three_safeties": ("float64", "share of denied requests for the reason denied_three_safeties"),
        "reason_denied_third_party": ("float64", "share of denied requests for the reason denied_third_party"),
        "reason_denied_internal_affairs": ("float64", "share of denied requests for the reason denied_internal_affairs"),
        "reason_denied_process_info": ("float64", "share of denied requests for the reason denied_process_info"),
        "reason_denied_enforcement_file": ("float64", "share of denied requests for the reason denied_enforcement_file"),
        "reason_denied_query_matter": ("float64", "share of denied requests for the reason denied_query_matter"),
        "reason_unable_not_held": ("float64", "share of unable requests for the reason unable_not_held"),
        "reason_unable_needs_creation": ("float64", "share of unable requests for the reason unable_needs_creation"),
        "reason_unable_unclear": ("float64", "share of unable requests for the reason unable_unclear"),
        "reason_rejected_petition": ("float64", "share of rejected requests for the reason rejected_petition"),
        "reason_rejected_duplicate": ("float64", "share of rejected requests for the reason rejected_duplicate"),
        "reason_rejected_publication": ("float64", "share of rejected requests for the reason rejected_publication"),
        "reason_rejected_excessive": ("float64", "share of rejected requests for the reason rejected_excessive"),
        "reason_rejected_confirmation": ("float64", "share of rejected requests for the reason rejected_confirmation"),
        "requests_natural_person": ("float64", "new requests from natural person applicants"),
        "requests_commercial": ("float64", "new requests from commercial applicants"),
        "requests_research": ("float64", "new requests from research applicants"),
        "requests_social_org": ("float64", "new requests from social org applicants"),
        "requests_legal_service": ("float64", "new requests from legal service applicants"),
        "requests_other_org": ("float64", "new requests from other org applicants"),
        "natural_person_share": ("float64", "share of new requests from natural persons"),
        "reconsideration_cases": ("float64", "administrative reconsideration cases"),
        "reconsideration_correction_rate": ("float64", "share of concluded reconsideration cases corrected"),
        "litigation_cases": ("float64", "administrative litigation cases (direct and after reconsideration)"),
        "litigation_correction_rate": ("float64", "share of concluded litigation cases corrected"),
        "admin_fees_10k_yuan": ("float64", "administrative fees collected (10k yuan, 2021 template)"),
        "info_fee_stated": ("boolean", "the report states its information-processing fees"),
        "info_fee_yuan": ("float64", "information-processing fees collected (yuan)"),
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
