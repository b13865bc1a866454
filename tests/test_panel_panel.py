"""The agency-year panel, and the real 平潭 reports and the seed resolved as agencies."""
from __future__ import annotations

import pandas as pd
import pytest

import govtext
from govtext.panel import panel_table
from conftest import CORPUS_REAL, SEED, need


def _reports(rows):
    cols = ["report_id", "agency", "year", "cells_ok", "sections_found", "template", "file"]
    return pd.DataFrame(rows, columns=cols)


def test_missing_years_and_duplicates_are_flagged():
    reports = _reports([
        ("a", "平潭综合实验区", 2011, 0, 5, "legacy", "a.txt"),
        ("b", "平潭综合实验区管委会", 2014, 0, 5, "legacy", "b.txt"),
        ("c", "平潭综合实验区", 2015, 10, 6, "legacy", "c.txt"),
        ("d", "平潭综合实验区", 2015, 90, 6, "legacy", "d.html"),
        ("e", "平潭县人民政府", 2013, 0, 5, "legacy", "e.txt"),
        ("f", None, 2013, 0, 5, "legacy", "f.txt"),
        ("g", "平潭县人民政府", None, 0, 5, "legacy", "g.txt"),
    ])
    panel = panel_table(reports)
    zone = panel[panel["agency"] == "平潭综合实验区"].set_index("year")
    assert list(zone.index) == [2011, 2012, 2013, 2014, 2015]
    assert zone["missing"].tolist() == [False, True, True, False, False]
    assert zone.loc[2015, "duplicate"] and zone.loc[2015, "report_id"] == "d" and zone.loc[2015, "report_ids"] == "c;d"
    assert zone.loc[2014, "name_as_printed"] == "平潭综合实验区管委会"
    assert pd.isna(zone.loc[2012, "report_id"]) and int(zone.loc[2012, "n_reports"]) == 0
    county = panel[panel["agency"] == "平潭县人民政府"]
    assert county["report_id"].tolist() == ["e"]  # the report without a year cannot be placed
    assert "f" not in set(panel["report_id"].dropna())


@pytest.fixture(scope="module")
def pingtan_corpus():
    files = sorted(need(CORPUS_REAL).glob("20*_平潭*.txt"))
    return govtext.read_reports([*files, CORPUS_REAL / "2022_平潭综合实验区.html", need(SEED)])


def test_pingtan_reports_resolve_to_their_agencies(pingtan_corpus):
    agencies = pingtan_corpus.agencies().set_index("agency")
    assert {"平潭综合实验区", "平潭县人民政府", "平潭综合实验区地方税务局", "长春高新技术产业开发区"} <= set(agencies.index)
    zone = agencies.loc["平潭综合实验区"]
    assert set(zone["names"].split(";")) >= {"平潭综合实验区", "平潭综合实验区管委会"}
    assert (int(zone["first_year"]), int(zone["last_year"])) == (2011, 2024)
    assert (zone["province"], zone["county"], zone["county_code"], zone["kind"]) == ("福建省", "平潭县", "350128", "zone")
    assert "postcode: 350400" in zone["place_evidence"]
    county = agencies.loc["平潭县人民政府"]
    assert (county["level"], county["kind"], county["county_code"]) == ("county", "government", "350128")
    assert "address: 平潭县翠园南路10号" in county["place_evidence"]
    assert agencies.loc["平潭综合实验区地方税务局", "kind"] == "department"
    assert agencies.index.is_unique and agencies["agency_id"].is_unique


def test_seed_resolves_with_codes_level_and_kind(pingtan_corpus):
    seed = pingtan_corpus.agencies().set_index("agency").loc["长春高新技术产业开发区"]
    assert (seed["province"], seed["province_code"], seed["prefecture"], seed["prefecture_code"]) == (
        "吉林省", "220000", "长春市", "220100")
    assert (seed["level"], seed["kind"]) == ("prefectural", "zone")
    for field in ("place", "level", "kind"):
        assert seed[f"{field}_evidence"] and seed[f"{field}_confidence"] in {"high", "medium"}
    assert "address: 长春市高新区锦湖大路1357号" in seed["place_evidence"]


def test_pingtan_panel_covers_every_year(pingtan_corpus):
    panel = pingtan_corpus.panel()
    zone = panel[panel["agency"] == "平潭综合实验区"]
    assert zone["year"].tolist() == list(range(2011, 2025))
    assert not zone["missing"].any()
    assert zone.set_index("year")["duplicate"].to_dict() == {y: y == 2022 for y in range(2011, 2025)}  # HTML + text
    assert zone.set_index("year").loc[2022, "n_reports"] == 2
    assert set(panel.columns) == set(govtext.schema.COLUMNS["panel"])
    assert pingtan_corpus.agency_collisions().empty or (pingtan_corpus.agency_collisions()["agency_id_a"]
                                                        != pingtan_corpus.agency_collisions()["agency_id_b"]).all()


def test_cli_panel_writes_frames_and_collisions(tmp_path, capsys):
    from govtext.cli import main

    out = tmp_path / "out"
    assert main(["panel", str(need(SEED)), "--out", str(out)]) == 0
    agencies = pd.read_parquet(out / "agencies.parquet")
    assert agencies["agency"].tolist() == ["长春高新技术产业开发区"]
    for name in ("panel", "crossyear", "yoy"):
        assert (out / f"{name}.parquet").exists()
    assert pd.read_csv(out / "agency_collisions.csv", encoding="utf-8-sig").columns[0] == "name_a"
    assert "1 agencies" in capsys.readouterr().out
    bad = tmp_path / "aliases.csv"
    bad.write_text("name\nx\n", encoding="utf-8")
    assert main(["panel", str(SEED), "--out", str(out), "--aliases", str(bad)]) == 1
    assert "aliases.csv" in capsys.readouterr().err


def test_an_empty_corpus_gives_empty_frames_with_their_columns():
    from govtext import read_reports
    from govtext.schema import COLUMNS
    corpus = read_reports([])
    for name, table in {"panel": corpus.panel(), "agencies": corpus.agencies(), "yoy": corpus.yoy(),
                        "checks": corpus.crossyear_checks()}.items():
        assert table.empty and list(table.columns) == list(COLUMNS[name]), name
