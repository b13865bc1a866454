"""Real crawler dumps (平潭, 2011-2024): every file reads; 2019+ cells match hand-checked values.

The expected data under ``tests/data/expected/<year>_平潭综合实验区.txt.json`` was
checked by hand against the file text: ``cells`` holds every value the parser
must read as ``ok``; ``status`` the cells the printed text cannot decide
(``ambiguous``) or that do not add up (``unreadable``).
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import govtext
from conftest import CORPUS_REAL, need

EXPECTED = Path(__file__).parent / "data" / "expected"
CHECKED = [f"{y}_平潭综合实验区.txt" for y in range(2019, 2025)]


def _crawler_files() -> list[str]:
    if not CORPUS_REAL.exists():
        return ["(../shared absent)"]
    return sorted(p.name for p in CORPUS_REAL.glob("20*_平潭*.txt"))


@pytest.mark.parametrize("name", _crawler_files())
def test_every_crawler_file_reads_with_its_header(name):
    report = govtext.read_report(need(CORPUS_REAL / name))
    assert report.meta["format"] == "crawler"
    assert report.meta["year"] == int(name[:4])
    assert report.meta["published"] is not None  # from the crawler header
    assert "当前位置" not in " ".join(b.text for b in report.blocks)  # site chrome dropped
    assert report.meta["template"] == ("legacy" if int(name[:4]) < 2019 else "2021" if int(name[:4]) >= 2021 else "2019")


@pytest.mark.parametrize("name", CHECKED)
def test_crawler_cells_match_hand_checked_values(name):
    report = govtext.read_report(need(CORPUS_REAL / name))
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    expected_ok = {(t, r, c): v for t, rows in expected["cells"].items() for r, cols in rows.items() for c, v in cols.items()}
    cells = report.cells.set_index(["table", "row", "col"]).sort_index()
    got_ok = {k: v for k, v, s in zip(cells.index, cells["value"], cells["status"]) if s == "ok"}
    # every hand-checked value is read, and no other cell is ok: zero silent errors
    assert got_ok == pytest.approx(expected_ok)
    for key, status in expected["status"].items():
        cell = cells.loc[tuple(key.split("/"))]
        assert cell["status"] == status and math.isnan(cell["value"]), (key, cell["status"], cell["reason"])
        assert "split several ways" in cell["reason"] or "no split" in cell["reason"]


def test_glued_runs_from_the_brief():
    got = govtext.read_report(need(CORPUS_REAL / "2021_平潭综合实验区.txt")).table("requests")
    assert got.loc["new_received"].tolist() == [64, 0, 0, 2, 0, 4, 70]
    r2020 = govtext.read_report(need(CORPUS_REAL / "2020_平潭综合实验区.txt"))
    fees = r2020.cells[(r2020.cells["table"] == "active") & (r2020.cells["row"] == "fees")]
    assert fees["value"].tolist() == [35, -15] and (fees["status"] == "ok").all()
