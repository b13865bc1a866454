"""Cross-year rules (X-carry, X-in-force) and year-over-year changes."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import govtext
from govtext.checks.crossyear import RULES, crossyear_table, evaluate_pair, yoy_table
from govtext.schema import COLUMNS, frame
from conftest import CORPUS_REAL, need

COLS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")


def _lookup(cells: dict):
    return lambda k: (cells[k][0], cells[k][1]) if k in cells else (None, "missing")


def _ok(values: dict) -> dict:
    return {k: (float(v), "ok") for k, v in values.items()}


def test_carry_passes_fails_and_is_incomplete_per_column():
    prev = _ok({("requests", "carried_forward", c): 2 for c in COLS})
    cur = _ok({("requests", "carried_over", c): 2 for c in COLS})
    cur[("requests", "carried_over", "commercial")] = (5.0, "ok")
    cur[("requests", "carried_over", "research")] = (None, "blank")
    rows = evaluate_pair(_lookup(cur), _lookup(prev), ("2019", "2021"), (2020, 2021), "r21", {"X-carry": RULES["X-carry"]})
    by_col = {r["col"]: r for r in rows}
    assert set(by_col) == set(COLS)
    assert by_col["natural_person"]["result"] == "pass"
    assert (by_col["commercial"]["result"], by_col["commercial"]["actual"], by_col["commercial"]["expected"]) == ("fail", 5.0, 2.0)
    assert by_col["research"]["result"] == "incomplete" and math.isnan(by_col["research"]["actual"])
    assert by_col["research"]["unknown_cells"] == "carried_over[y]/research=blank"
    assert all(r["report_id"] == "r21" and r["severity"] == "error" for r in rows)


def test_in_force_is_a_soft_rule_for_the_2021_template():
    prev = _ok({("active", "normative_docs", "in_force"): 100, ("active", "rules", "in_force"): 3})
    cur = _ok({("active", "normative_docs", "in_force"): 105, ("active", "normative_docs", "issued"): 8,
               ("active", "normative_docs", "repealed"): 3, ("active", "rules", "in_force"): 3,
               ("active", "rules", "issued"): 1, ("active", "rules", "repealed"): 0})
    rows = {r["row"]: r for r in evaluate_pair(_lookup(cur), _lookup(prev), ("2021", "2021"), (2021, 2022), "r22",
                                               {"X-in-force": RULES["X-in-force"]})}
    assert rows["normative_docs"]["result"] == "pass" and rows["normative_docs"]["severity"] == "warning"
    assert (rows["rules"]["result"], rows["rules"]["actual"], rows["rules"]["expected"]) == ("fail", 3.0, 4.0)


@pytest.mark.parametrize("templates", [("legacy", "2019"), ("2019", "2021"), ("2021", "unknown")])
def test_in_force_needs_the_2021_template_in_both_years(templates):
    rows = evaluate_pair(_lookup({}), _lookup({}), templates, (2020, 2021), "r", {"X-in-force": RULES["X-in-force"]})
    assert [r["result"] for r in rows] == ["not_applicable"]
    assert templates[0] in rows[0]["unknown_cells"] and "2021" in rows[0]["unknown_cells"]


def _panel_and_cells():
    panel = frame("panel", [
        {"agency_id": "ag-x", "agency": "某县人民政府", "year": 2019, "report_id": "r19", "missing": False, "template": "2019"},
        {"agency_id": "ag-x", "agency": "某县人民政府", "year": 2020, "report_id": "r20", "missing": False, "template": "2019"},
        {"agency_id": "ag-x", "agency": "某县人民政府", "year": 2021, "missing": True},
        {"agency_id": "ag-x", "agency": "某县人民政府", "year": 2022, "report_id": "r22", "missing": False, "template": "2021"},
        {"agency_id": "ag-x", "agency": "某县人民政府", "year": 2023, "report_id": "r23", "missing": False, "template": "2021"},
    ])
    cells = []
    for rid, new, over, fwd in (("r19", 10, 0, 1), ("r20", 20, 1, 4), ("r22", 5, 3, 0), ("r23", 7, None, 2)):
        for row, v in (("new_received", new), ("carried_over", over), ("carried_forward", fwd)):
            for col in COLS:
                cells.append({"report_id": rid, "table": "requests", "row": row, "col": col, "in_template": True,
                              "value": v, "status": "ok" if v is not None else "blank"})
    return panel, frame("cells", cells)


def test_crossyear_table_pairs_only_consecutive_present_years():
    panel, cells = _panel_and_cells()
    checks = crossyear_table(panel, cells)
    assert list(checks.columns) == list(COLUMNS["checks"])
    carry = checks[checks["rule"] == "X-carry"]
    assert set(carry["report_id"]) == {"r20", "r23"}  # 2022 has no 2021 report: skipped
    assert set(carry[carry["report_id"] == "r20"]["result"]) == {"pass"}  # carried_over 2020 = 1 = carried_forward 2019
    assert set(carry[carry["report_id"] == "r23"]["result"]) == {"incomplete"}  # 2023 carried_over blank
    in_force = checks[checks["rule"] == "X-in-force"]
    assert dict(zip(in_force["report_id"], in_force["result"])) == {"r20": "not_applicable"} | {"r23": "incomplete"}


def test_yoy_changes_of_main_indicators():
    panel, cells = _panel_and_cells()
    yoy = yoy_table(panel, cells)
    new = yoy[yoy["indicator"] == "requests/new_received/total"].set_index("year")
    assert (new.loc[2020, "value"], new.loc[2020, "prev_value"], new.loc[2020, "change"], new.loc[2020, "pct_change"]) == (20, 10, 10, 1.0)
    assert new.loc[2023, "change"] == 2 and new.loc[2023, "status"] == "ok"
    over = yoy[yoy["indicator"] == "requests/carried_over/total"].set_index("year")
    assert math.isnan(over.loc[2023, "change"]) and over.loc[2023, "status"] == "value=blank"
    assert math.isnan(over.loc[2020, "pct_change"])  # previous value 0
    assert 2022 not in set(yoy["year"])


def test_crossyear_runs_over_the_pingtan_years():
    files = sorted(need(CORPUS_REAL).glob("20*_平潭综合实验区*.txt"))
    corpus = govtext.read_reports(files)
    checks = corpus.crossyear_checks()
    years = dict(zip(corpus.reports["report_id"], corpus.reports["year"]))
    checked = {years[r] for r in checks["report_id"]}
    assert checked == set(range(2012, 2025))  # every consecutive pair 2011/2012 … 2023/2024
    assert set(checks["result"]) <= {"pass", "fail", "incomplete", "not_applicable"}
    legacy = checks[checks["report_id"].map(years) <= 2016]
    assert set(legacy["result"]) == {"not_applicable"}
    carry = checks[(checks["rule"] == "X-carry") & (checks["report_id"].map(years) >= 2021)]
    assert len(carry) == 4 * 7 and (carry["result"] != "not_applicable").all()
    # hand-read: 2021 结转下年度继续办理 1 0 0 0 0 0 1, 2022 上年结转 1 0 0 0 0 0 1
    r2022 = next(r for r, y in years.items() if y == 2022)
    np22 = checks[(checks["report_id"] == r2022) & (checks["rule"] == "X-carry") & (checks["col"] == "natural_person")].iloc[0]
    assert (np22["result"], np22["actual"], np22["expected"]) == ("pass", 1.0, 1.0)
    assert isinstance(corpus.yoy(), pd.DataFrame)
