"""Column contracts of the frames govtext hands between stages and writes to disk.

Every frame is built through :func:`frame`, so an empty result still has its
columns and dtypes, and the codebook can list every column from here.

Examples
--------
>>> list(frame("problems", []).columns)[:3]
['report_id', 'stage', 'code']
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa

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
    "legacy_stats": {
        "report_id": ("string", "report id"),
        "indicator": ("string", "indicator name as printed in a pre-2019 统计表 (numbering and unit removed)"),
        "key": ("string", "canonical indicator key (resources/legacy_indicators.csv), e.g. requests_received; None when unknown"),
        "unit": ("string", "unit printed for the row (条, 件, 元 …)"),
        "raw": ("string", "the row's value text as printed"),
        "value": ("float64", "the value for the report year; NaN unless status is ok"),
        "status": ("string", "ok, blank, dash, text, ambiguous or unreadable"),
        "cumulative": ("float64", "the 历年累计 value when the table has that column; NaN unless cumulative_status is ok"),
        "cumulative_status": ("string", "status of the cumulative value (None when the table has no such column)"),
        "reason": ("string", "how run-together digits were split, or why a value could not be read"),
        "block": ("Int64", "index of the table block in the document"),
        "grid_row": ("Int64", "row of the table grid"),
        "page": ("Int64", "source page (PDF)"),
        "line": ("Int64", "first source line (text formats)"),
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
        "result": ("string", "pass, fail, incomplete, or not_applicable (cross-year rule whose cells a template lacks)"),
        "cells": ("string", "cells used (row/col;…)"),
        "unknown_cells": ("string", "cells that were not numbers, with their status"),
        "evidence": ("string", "for narrative rules (N-…): the sentence read, prefixed by its section"),
    },
    "sentences": {
        "report_id": ("string", "report id"),
        "section": ("string", "section key"),
        "paragraph": ("Int64", "paragraph number within the section (0-based)"),
        "sentence": ("Int64", "sentence number within the section (0-based)"),
        "subhead": ("string", "the （一）-numbered sub-head the sentence falls under, if any"),
        "item": ("Int64", "enumeration number when the sentence is an item 一是/二是…"),
        "text": ("string", "the sentence as printed"),
    },
    "tokens": {
        "report_id": ("string", "report id"),
        "section": ("string", "section key"),
        "paragraph": ("Int64", "paragraph number within the section"),
        "sentence": ("Int64", "sentence number within the section"),
        "position": ("Int64", "token position within the sentence (after filtering)"),
        "token": ("string", "the token (or n-gram, words joined by a space)"),
        "pos": ("string", "part of speech (jieba tag set) when the tokenizer tags, else None"),
    },
    "reuse": {
        "report_id": ("string", "report id"),
        "section": ("string", "section key"),
        "sentence": ("Int64", "sentence number within the section"),
        "text": ("string", "the sentence"),
        "cluster": ("Int64", "id of the cluster of near-duplicate sentences (None when unique)"),
        "cluster_size": ("Int64", "sentences in the cluster"),
        "shared_cross": ("boolean", "a near-duplicate appears in another agency's report"),
        "carried_over": ("boolean", "a near-duplicate appears in the same agency's previous report"),
        "template": ("boolean", "the sentence is the template's own wording (shared by many agencies)"),
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
    "agencies": {
        "agency_id": ("string", "stable agency id: ag- and 12 hex digits of the sha256 of the matching key (or as set in the alias file)"),
        "agency": ("string", "agency name: the alias file's canonical name, else the most frequent cleaned form"),
        "agency_key": ("string", "matching key: cleaned name, 管委会 forms unified, leading divisions written in full when unambiguous (govtext.panel.agencies.full_key)"),
        "names": ("string", "every cleaned name form seen, ';'-separated"),
        "matched_by": ("string", "auto (same matching key) or alias (the alias file)"),
        "n_reports": ("Int64", "reports of this agency"),
        "first_year": ("Int64", "first reporting year"),
        "last_year": ("Int64", "last reporting year"),
        "province": ("string", "province-level division (省/自治区/直辖市)"),
        "province_code": ("string", "its GB/T 2260 code (6 digits)"),
        "prefecture": ("string", "prefecture-level division (地级市/自治州/地区/盟)"),
        "prefecture_code": ("string", "its GB/T 2260 code"),
        "county": ("string", "county-level division (县/区/县级市/旗)"),
        "county_code": ("string", "its GB/T 2260 code"),
        "division_code": ("string", "the deepest division found (GB/T 2260)"),
        "place_confidence": ("string", "high (two of name/address/postcode agree), medium (one), low (preamble mentions only)"),
        "place_evidence": ("string", "the signals read (+ agrees, x conflicts): name, address, postcode, preamble"),
        "level": ("string", "central, provincial, prefectural, county or township"),
        "level_confidence": ("string", "high, medium or low"),
        "level_evidence": ("string", "how the level was inferred"),
        "kind": ("string", "government (人民政府), department (局/委/办/厅), zone (开发区/实验区/新区) or subdistrict (街道/乡镇)"),
        "kind_confidence": ("string", "high, medium or low"),
        "kind_evidence": ("string", "how the kind was inferred"),
    },
    "agency_collisions": {
        "name_a": ("string", "a cleaned agency name"),
        "agency_id_a": ("string", "its agency id"),
        "name_b": ("string", "a similar name resolved to another agency"),
        "agency_id_b": ("string", "its agency id"),
        "similarity": ("float64", "difflib similarity ratio of the matching keys (0-1)"),
        "reason": ("string", "why the pair is shown: similar, or one name extends the other"),
        "suggestion": ("string", "what to write in the alias file to merge them or to mark them as reviewed"),
    },
    "panel": {
        "agency_id": ("string", "agency id (see agencies)"),
        "agency": ("string", "agency name"),
        "year": ("Int64", "reporting year; every year from the agency's first to last report has a row"),
        "report_id": ("string", "the report used for this agency-year (most cells read, then most sections); None when missing"),
        "report_ids": ("string", "all reports of this agency-year, ';'-separated"),
        "n_reports": ("Int64", "number of reports in this agency-year"),
        "missing": ("boolean", "no report for a year between the agency's first and last report"),
        "duplicate": ("boolean", "more than one report in this agency-year"),
        "name_as_printed": ("string", "the agency name in the chosen report's title"),
        "template": ("string", "template of the chosen report"),
        "file": ("string", "file of the chosen report"),
    },
    "yoy": {
        "agency_id": ("string", "agency id"),
        "year": ("Int64", "year y"),
        "prev_year": ("Int64", "year y-1"),
        "report_id": ("string", "report of year y"),
        "prev_report_id": ("string", "report of year y-1"),
        "indicator": ("string", "table/row/col of the main indicator"),
        "value": ("float64", "value in year y (NaN unless ok)"),
        "prev_value": ("float64", "value in year y-1 (NaN unless ok)"),
        "change": ("float64", "value - prev_value"),
        "pct_change": ("float64", "change / prev_value (NaN when prev_value is 0 or unknown)"),
        "status": ("string", "ok, or which side is not a number and why (e.g. prev=blank)"),
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
    "duplicates": {
        "file": ("string", "file of the repeated report"),
        "report_id": ("string", "its report id"),
        "duplicate_of": ("string", "file of the first copy (the file name that sorts first)"),
        "duplicate_of_report_id": ("string", "report id of the first copy"),
        "kind": ("string", "exact (same bytes) or near (same report in another format or rendering)"),
        "similarity": ("float64", "Jaccard similarity of the two narratives' 5-character shingles"),
        "code": ("string", "W-DUPLICATE"),
        "message": ("string", "which report repeats which"),
    },
    "topics": {
        "report_id": ("string", "report id"),
        "topic": ("Int64", "topic number (NMF on the problems sections, fixed random_state)"),
        "label": ("string", "the topic's three top terms"),
        "weight": ("float64", "share of the report's problems section on this topic (weights sum to 1 per report, 0 for "
                              "a report with none of the model's terms; fitted weights for sampled reports, the NMF "
                              "transform for the others)"),
        "k": ("Int64", "number of topics, chosen by NPMI coherence (ties: stability across seeds)"),
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
        "days_late": ("Int64", "days after the publication deadline (negative: early)"),
        "on_time": ("boolean", "published by the deadline: 31 January of the next year (31 March before 2019)"),
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
        "reconsideration_corrected": ("float64", "reconsideration cases whose result corrected the agency"),
        "reconsideration_concluded": ("float64", "reconsideration cases concluded (total - pending)"),
        "reconsideration_correction_rate": ("float64", "share of concluded reconsideration cases corrected"),
        "litigation_cases": ("float64", "administrative litigation cases (direct and after reconsideration)"),
        "litigation_corrected": ("float64", "litigation cases whose result corrected the agency"),
        "litigation_concluded": ("float64", "litigation cases concluded (total - pending)"),
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


def columns_frame(name: str, columns: Mapping[str, object], length: int) -> pd.DataFrame:
    """Frame ``name`` from whole columns (arrays, Series or Index of ``length`` values) rather than records:
    each cast to its dtype of ``COLUMNS[name]``, columns not given all missing, unknown ones dropped.

    The same frame as :func:`frame` of the equivalent records, made without a Python object per value.

    Examples
    --------
    >>> df = columns_frame("problems", {"report_id": ["r1", "r2"], "block": [3.0, float("nan")], "x": [0, 0]}, 2)
    >>> df.equals(frame("problems", [{"report_id": "r1", "block": 3}, {"report_id": "r2"}]))
    True
    """
    return pd.DataFrame({col: _whole_column(columns.get(col), dtype, length) for col, (dtype, _) in COLUMNS[name].items()})


def _whole_column(values, dtype: str, length: int):
    series = pd.Series([None] * length if values is None else values, dtype="object" if values is None else None, copy=False)
    if dtype == "float64":
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64")
    return series.astype(dtype).array


def arrow_columns(name: str, columns: Mapping[str, object], length: int) -> pa.Table:
    """Frame ``name`` as an Arrow table from whole columns (sequences of ``length`` values of the column's type;
    columns not given are all null, unknown ones dropped): the Arrow twin of :func:`columns_frame`.

    Examples
    --------
    >>> t = arrow_columns("problems", {"report_id": ["r1", "r2"], "block": [3, None], "x": [0, 0]}, 2)
    >>> t.equals(pa.Table.from_pandas(frame("problems", [{"report_id": "r1", "block": 3}, {"report_id": "r2"}]),
    ...                              schema=arrow_schema("problems"), preserve_index=False))
    True
    """
    schema = arrow_schema(name)
    return pa.Table.from_arrays([pa.array(columns[f.name], type=f.type) if f.name in columns else pa.nulls(length, f.type)
                                 for f in schema], schema=schema)


@lru_cache(maxsize=None)
def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema of frame ``name``, with the pandas metadata that restores its dtypes.

    Examples
    --------
    >>> arrow_schema("problems").field("block").type
    DataType(int64)
    """
    return pa.Schema.from_pandas(frame(name, []), preserve_index=False)


def _float_or_none(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):  # text where a number belongs reads as missing, as pd.to_numeric(errors="coerce")
        return None


#: Arrow type -> converter of one non-missing Python value, as :func:`frame` converts it
_TO_ARROW = {pa.large_string(): str, pa.string(): str, pa.float64(): _float_or_none, pa.int64(): int, pa.bool_(): bool}


def arrow_table(name: str, records: Iterable[dict]) -> pa.Table:
    """Frame ``name`` as an Arrow table built straight from records (no pandas: the cheap way for the build).

    Equal to ``pa.Table.from_pandas(frame(name, records), schema=arrow_schema(name))``;
    missing values (None, NA, NaN) are nulls.

    Examples
    --------
    >>> t = arrow_table("problems", [{"report_id": "r1", "block": 3, "other": 1}])
    >>> t.column_names[:2], t["block"].to_pylist()
    (['report_id', 'stage'], [3])
    >>> t.equals(pa.Table.from_pandas(frame("problems", [{"report_id": "r1", "block": 3}]), preserve_index=False))
    True
    """
    records = records if isinstance(records, list) else list(records)
    schema = arrow_schema(name)
    return pa.Table.from_arrays([_arrow_column([r.get(f.name) for r in records], f.type) for f in schema], schema=schema)


def _arrow_column(values: list, type: pa.DataType) -> pa.Array:
    """One column of :func:`arrow_table`: converted by Arrow when every value has the column's type (or is missing),
    else value by value as :func:`frame` converts them.

    Examples
    --------
    >>> _arrow_column([1.5, None, float("nan"), "2", "?"], pa.float64()).to_pylist()
    [1.5, None, None, 2.0, None]
    """
    try:
        return pa.array(values, type=type, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        convert = _TO_ARROW[type]
        return pa.array([None if _missing(v) else convert(v) for v in values], type=type)
