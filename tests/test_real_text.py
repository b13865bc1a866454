"""Real 2019+ text and Markdown reports: read without exception; cells match hand-checked values."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import govtext
from conftest import CORPUS_REAL, need

EXPECTED = Path(__file__).parent / "data" / "expected"
MD_FILES = ["2024_上海市科委.md", "2025_上海市人民政府办公厅.md", "2025_沭阳县人民政府.txt"]


def _real_text_files() -> list[str]:
    if not CORPUS_REAL.exists():
        return []
    return sorted(p.name for p in CORPUS_REAL.iterdir()
                  if p.suffix in (".txt", ".md") and p.name[:4].isdigit() and int(p.name[:4]) >= 2019)


@pytest.mark.parametrize("name", _real_text_files() or ["(../shared absent)"])
def test_every_2019_plus_text_file_reads(name):
    report = govtext.read_report(need(CORPUS_REAL / name))
    assert report.meta["year"] >= 2019
    assert len(report.cells) >= 198
    # whatever could not be read is said, cell by cell
    not_ok = report.cells[report.cells["status"] != "ok"]
    assert not_ok["status"].isin(["blank", "dash", "text", "missing", "ambiguous", "unreadable"]).all()
    unread = not_ok[not_ok["status"].isin(["missing", "ambiguous", "unreadable"])]
    assert (unread["reason"].fillna("") != "").all()


@pytest.mark.parametrize("name", MD_FILES)
def test_markdown_conversions_match_hand_checked_values(name):
    report = govtext.read_report(need(CORPUS_REAL / name))
    expected = json.loads((EXPECTED / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    got = {(c.table, c.row, c.col): c for c in report.cells.itertuples()}
    for table, rows in expected["cells"].items():
        for row, cols in rows.items():
            for col, value in cols.items():
                cell = got[(table, row, col)]
                assert cell.status == "ok" and cell.value == value, (table, row, col, cell.raw)
    for key, status in expected["status"].items():
        cell = got[tuple(key.split("/"))]
        assert cell.status == status and math.isnan(cell.value), key
    # no ok cell beyond the hand-checked ones: zero silent errors
    n_expected_ok = sum(len(cols) for rows in expected["cells"].values() for cols in rows.values())
    assert int((report.cells["status"] == "ok").sum()) == n_expected_ok


def test_converted_tables_are_flagged_not_trusted():
    report = govtext.read_report(need(CORPUS_REAL / "2025_沭阳县人民政府.txt"))
    codes = set(report.problems["code"])
    assert {"P-MD-PLACEHOLDER", "P-HEADER-ROWS"} <= codes
    shanghai = govtext.read_report(need(CORPUS_REAL / "2025_上海市人民政府办公厅.md"))
    assert "P-MD-MISALIGNED" in set(shanghai.problems["code"])
    assert not shanghai.sections.set_index("section").loc["problems", "found"]  # 五、 heading missing in body
