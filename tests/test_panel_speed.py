"""The panel and agency tables are built from whole columns: the per-agency rules they keep, row for row."""
from __future__ import annotations

import pandas as pd

from govtext.panel import agency_table, panel_table, resolve_names
from govtext.panel.agencies import agency_names, resolved_reports
from govtext.panel.panel import year_grid
from govtext.schema import COLUMNS, frame

COLUMNS_IN = ["report_id", "agency", "year", "cells_ok", "sections_found", "template", "file"]


def _reports(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS_IN).assign(preamble=None)


def test_panel_rows_are_every_agency_year_in_order():
    reports = _reports([
        ("r4", "长春市人民政府", 2014, 5, 6, "legacy", "r4.txt"),
        ("r2", "长春市人民政府", 2014, 5, 6, "legacy", "r2.txt"),  # same cells and sections: smaller id wins
        ("r1", "长春市人民政府", 2012, None, 6, "legacy", "r1.txt"),
        ("r9", "平潭县人民政府", 2020, 1, 6, "2019", "r9.txt"),
        ("r3", "长春市人民政府", 2014, 1, 6, "legacy", "r3.txt"),
    ])
    changchun, pingtan = resolve_names(["长春市人民政府", "平潭县人民政府"])["agency_id"]
    printed = {"name_as_printed": "长春市人民政府", "template": "legacy", "missing": False}
    rows = [
        {"agency_id": pingtan, "agency": "平潭县人民政府", "year": 2020, "report_id": "r9", "report_ids": "r9",
         "n_reports": 1, "missing": False, "duplicate": False, "name_as_printed": "平潭县人民政府", "template": "2019",
         "file": "r9.txt"},
        {"agency_id": changchun, "agency": "长春市人民政府", "year": 2012, "report_id": "r1", "report_ids": "r1",
         "n_reports": 1, "duplicate": False, "file": "r1.txt", **printed},
        {"agency_id": changchun, "agency": "长春市人民政府", "year": 2013, "n_reports": 0, "missing": True, "duplicate": False},
        {"agency_id": changchun, "agency": "长春市人民政府", "year": 2014, "report_id": "r2", "report_ids": "r2;r3;r4",
         "n_reports": 3, "duplicate": True, "file": "r2.txt", **printed},
    ]
    rows.sort(key=lambda r: (r["agency_id"], r["year"]))  # agencies in id order, then years
    pd.testing.assert_frame_equal(panel_table(reports), frame("panel", rows), check_exact=True)


def test_agency_name_is_the_canonical_else_the_most_frequent_then_shortest_then_largest_form():
    resolved = pd.DataFrame({"agency_id": ["a", "a", "a", "b", "b", "c", "c", "d", "d"],
                             "clean": ["乙乙", "乙乙", "甲", "乙乙", "甲", "丙", "丁", "甲", "丙"],
                             "canonical": [None, None, None, None, None, None, None, None, "戊"]})
    assert agency_names(resolved).to_dict() == {"a": "乙乙", "b": "甲", "c": "丙", "d": "戊"}


def test_agency_rows_keep_forms_in_order_and_count_distinct_reports():
    reports = _reports([
        ("x1", "平潭综合实验区管委会", 2016, 0, 6, "2019", "x1"),
        ("x2", "平潭综合实验区", 2013, 0, 6, "2019", "x2"),
        ("x2", "平潭综合实验区", 2013, 0, 6, "2019", "x2.html"),  # the same report id twice counts once
        ("x3", "平潭综合实验区", None, 0, 6, "2019", "x3"),
    ])
    row = agency_table(reports).iloc[0]
    assert (row["names"], int(row["n_reports"]), int(row["first_year"]), int(row["last_year"])) == (
        "平潭综合实验区管委会;平潭综合实验区", 3, 2013, 2016)
    assert (row["agency"], row["matched_by"]) == ("平潭综合实验区", "auto")
    aliases = pd.DataFrame({"alias": ["平潭综合实验区管委会"], "canonical": ["平潭综合实验区管委会"]})
    assert agency_table(reports, aliases).iloc[0]["matched_by"] == "alias"


def test_reports_without_agency_or_year_give_typed_empty_tables():
    reports = _reports([("a", None, 2020, 1, 6, "2019", "a"), ("b", " ", 2020, 1, 6, "2019", "b"),
                        ("c", "平潭县", None, 1, 6, "2019", "c")])
    panel = panel_table(reports)
    assert panel.empty and list(panel.columns) == list(COLUMNS["panel"])
    pd.testing.assert_frame_equal(agency_table(reports.iloc[:2]), frame("agencies", []))
    assert resolved_reports(reports)["report_id"].tolist() == ["c"]


def test_year_grid_spans_first_to_last_year():
    grid = year_grid(pd.Series([2020, 2018], index=["a", "b"]), pd.Series([2020, 2020], index=["a", "b"]))
    assert grid.values.tolist() == [["a", 2020], ["b", 2018], ["b", 2019], ["b", 2020]]
