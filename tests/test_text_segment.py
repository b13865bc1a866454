"""Segmentation: paragraphs (wrapped lines joined), sentences, enumerations and sub-heads."""
from __future__ import annotations

import pandas as pd
import pytest

import govtext
from govtext.schema import frame
from govtext.text import paragraphs, segment_report, segment_sections, split_sentences

from conftest import CORPUS_REAL, need


@pytest.mark.parametrize("text, expected", [
    ("共收到申请33件。予以公开13件！是否公开？", ["共收到申请33件。", "予以公开13件！", "是否公开？"]),
    ("他说：“要公开。”随后发布。", ["他说：“要公开。”", "随后发布。"]),
    ("没有句号的结尾", ["没有句号的结尾"]),
    ("统一是基础。", ["统一是基础。"]),  # 一是 inside a word is no enumeration
])
def test_split_sentences(text, expected):
    assert [s["text"] for s in split_sentences(text)] == expected


def test_enumeration_items():
    got = split_sentences("主要措施：一是加强培训；二是完善制度，三是强化考核。十一是另一件事。")
    assert [(s["text"], s["item"]) for s in got] == [
        ("主要措施：", None), ("一是加强培训；", 1), ("二是完善制度，", 2), ("三是强化考核。", 3), ("十一是另一件事。", 11)]


def test_paragraphs_join_wrapped_lines_but_not_headings():
    text = "全年主动公开市政府规章 22 件、市政府及市政府办公厅行\n政规范性文件 34 件。\n（一）主动公开\n短标题\n正文第一句。"
    assert paragraphs(text) == ["全年主动公开市政府规章 22 件、市政府及市政府办公厅行政规范性文件 34 件。", "（一）主动公开", "短标题", "正文第一句。"]


def test_subheads_are_carried_as_structure():
    secs = frame("sections", [{"report_id": "r", "section": "overview", "found": True,
                               "text": "总体概述。\n（一）主动公开情况。全年公开信息20条。\n继续推进。\n（二）依申请公开\n收到申请3件。"},
                              {"report_id": "r", "section": "other", "found": False, "text": None}])
    got = segment_sections(secs)
    expected = pd.DataFrame({"paragraph": [0, 1, 2, 4], "sentence": [0, 1, 2, 3],
                             "subhead": [None, "（一）主动公开情况。", "（一）主动公开情况。", "（二）依申请公开"],
                             "text": ["总体概述。", "全年公开信息20条。", "继续推进。", "收到申请3件。"]})
    pd.testing.assert_frame_equal(got[list(expected.columns)], expected, check_dtype=False)
    assert list(got.columns) == list(frame("sentences", []).columns)


def test_real_report_sentences():
    report = govtext.read_report(need(CORPUS_REAL / "2025_上海市人民政府办公厅.md"))
    s = segment_report(report)
    assert set(s["section"]) <= {"overview", "active", "requests", "review", "problems", "other"} and len(s) > 30
    # wrapped PDF/Markdown lines are joined back into whole sentences
    assert any(t.startswith("市政府共受理政府信息公开申请") and t.endswith("均在法定期限内答复。") for t in s["text"])
    assert (s.groupby("section")["sentence"].apply(lambda x: list(x) == list(range(len(x))))).all()
