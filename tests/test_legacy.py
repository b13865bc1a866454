"""Pre-2019 (legacy) reports: detection, sections, the statistics table as legacy_stats."""
from __future__ import annotations

import doctest
import math

import pytest

import govtext
from conftest import CORPUS_REAL, need
from govtext.ingest.blocks import Block, Document
from govtext.report import parse_document
from govtext.structure import legacy as L


def _stats(rows: list[list[str]], glued: bool = True) -> list[dict]:
    table = Block.table([["指标名称计量单位2015年度历年累计"], *rows], attrs={"glued": glued})
    return L.extract_stats([table])[0]


def test_module_examples_hold():
    assert doctest.testmod(L).failed == 0


@pytest.mark.parametrize("label, key", [
    ("受理依申请公开信息总数", "requests_received"), ("受理政府信息依申请公开总数", "requests_received"),
    ("收到申请", "requests_received"), ("申请总数", "requests_received"), ("其中：1、政府网站公开数", "active_website"),
    ("3、信函、传真申请数", "requests_letter_fax"), ("5.信函申请数", "requests_letter"),
    ("2.同意部分公开答复数", "replies_partly_granted"), ("1.同意公开答复数", "replies_granted"),
    ("接受行政诉讼、举报数", "complaints"), ("行政诉讼数", "litigation_cases"), ("网站访问量", None),
])
def test_indicator_labels_map_to_canonical_keys(label, key):
    assert L.indicator_key(label) == key


def test_run_together_pairs_split_only_with_cumulative_at_least_the_year():
    rows = _stats([["受理依申请公开信息总数条", "728"], ["主动公开文件数条", "4251516"], ["行政复议数件", "00"],
                   ["政府信息公开收费减免金额", "元", "0", "0"]])
    got = {r["key"]: r for r in rows}
    assert (got["requests_received"]["value"], got["requests_received"]["cumulative"]) == (7, 28)  # 72|8 would shrink
    assert got["requests_received"]["status"] == "ok" and got["requests_received"]["unit"] == "条"
    total = got["active_total"]
    assert total["status"] == total["cumulative_status"] == "ambiguous" and math.isnan(total["value"])
    assert "425|1516" in total["reason"] and "4|251516" in total["reason"]
    assert (got["reconsideration_cases"]["value"], got["reconsideration_cases"]["unit"]) == (0, "件")
    assert got["fees_waived"]["unit"] == "元" and got["fees_waived"]["status"] == "ok"


def test_a_missing_value_is_said_not_guessed():
    [row] = _stats([["2、政府公报公开条", "0"]], glued=False)
    assert row["status"] == row["cumulative_status"] == "unreadable"
    assert "1 values printed" in row["reason"]


def test_template_comes_from_the_tables_not_the_narrative():
    blocks = (Block("paragraph", "平潭综合实验区2017年度政府信息公开工作年度报告"),
              Block("paragraph", "一、概述"), Block("paragraph", "区政府集中采购本年新公开数量较多。"),
              Block.table([["指标名称计量单位2017年度历年累计"], ["受理依申请公开信息总数条", "0", "0"]]),
              Block("paragraph", "四、政府信息公开的收费及减免情况"), Block("paragraph", "暂不收费。"))
    report = parse_document(Document(blocks, "txt"), file="x.txt", sha256="0" * 64)
    assert report.meta["template"] == "legacy" and report.meta["sections_found"] == 1
    assert report.legacy_stats["key"].tolist() == ["requests_received"]
    sections = report.sections.set_index("section")
    assert sections.loc["fees", "text"] == "暂不收费。" and sections.loc["overview", "text"] == "区政府集中采购本年新公开数量较多。"
    assert report.cells.empty or (report.cells["status"] != "ok").all()


def test_real_legacy_reports():
    for path in sorted(need(CORPUS_REAL).glob("201[1-8]_平潭*.txt")):
        report = govtext.read_report(path)
        assert report.meta["template"] == "legacy", path.name
        stats = report.legacy_stats
        if path.name == "2013_平潭地方税务局.txt":
            assert stats.empty and "P-LEGACY-NO-TABLE" in set(report.problems["code"])
            continue
        assert "requests_received" in set(stats["key"]), path.name
        assert ((stats["status"] == "ok") == stats["value"].notna()).all()
    r2015 = govtext.read_report(CORPUS_REAL / "2015_平潭综合实验区.txt")
    extra = r2015.sections[r2015.sections["order"].isna()]
    assert extra["section"].tolist() == ["fees", "annex"]
    r2011 = govtext.read_report(CORPUS_REAL / "2011_平潭综合实验区.txt").legacy_stats.set_index("key")
    assert (r2011.loc["active_total", "value"], r2011.loc["active_total", "cumulative"]) == (425, 1516)


def test_corpus_exposes_legacy_stats():
    corpus = govtext.read_reports([need(CORPUS_REAL / "2014_平潭综合实验区管委会.txt")])
    assert "legacy_stats" in corpus.frames() and len(corpus.legacy_stats) == 16
    assert (corpus.legacy_stats["status"] == "ok").all()  # space-separated: nothing to guess
