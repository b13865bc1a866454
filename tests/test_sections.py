"""Section headings: numbering variants, extra words, typos, missing sections."""
from __future__ import annotations

import pytest

from govtext.ingest.blocks import Block
from govtext.ingest.text import read_text
from govtext.structure.sections import build_sections, classify_heading, find_headings


@pytest.mark.parametrize("text,key", [
    ("一、总体情况", "overview"),
    ("1、总体情况", "overview"),
    ("1. 政府信息公开工作总体情况", "overview"),
    ("第一部分 总体情况", "overview"),
    ("二、主动公开政府信息情况", "active"),
    ("3、 收到和处理政府信息公开申请情况", "requests"),
    ("４、 政府信息公开行政复议、行政诉讼情况", "review"),
    ("四、因政府信息公开工作被申请行政复议和提起行政诉讼情况", "review"),
    ("四、政府信息公开行政法复议、行政诉讼情况", "review"),
    ("五、政府信息公开工作存在的主要问题及改进情况", "problems"),
    ("六、其他需要报告的事项", "other"),
    ("总体情况", "overview"),
])
def test_heading_variants(text, key):
    got = classify_heading(text)
    assert got is not None and got[0] == key


@pytest.mark.parametrize("text", [
    "（一）主动公开方面",                      # sub-head, not a section
    "三、本年度办理结果",                        # a table label
    "一、本年新收政府信息公开申请数量",
    "2021年，我区政府信息公开工作总体情况良好，各项工作有序开展，取得了明显成效。",  # a sentence
])
def test_not_headings(text):
    assert classify_heading(text) is None


def test_sections_in_order_and_missing_recorded():
    text = "某局2022年政府信息公开工作年度报告\n一、总体情况\n概述。\n（一）主动公开方面\n细节。\n二、主动公开政府信息情况\n内容。\n五、存在的主要问题及改进情况\n问题。\n"
    blocks = read_text(text)
    heads = find_headings(blocks)
    assert [h.key for h in heads] == ["overview", "active", "problems"]
    sections, preamble = build_sections(blocks, heads)
    found = {s["section"]: s["found"] for s in sections}
    assert found == {"overview": True, "active": True, "requests": False, "review": False, "problems": True, "other": False}
    overview = next(s for s in sections if s["section"] == "overview")
    assert overview["text"] == "概述。\n（一）主动公开方面\n细节。"
    assert preamble == "某局2022年政府信息公开工作年度报告"


def test_headings_must_follow_template_order():
    blocks = [Block("paragraph", t) for t in ("六、其他需要报告的事项", "一、总体情况", "二、主动公开政府信息情况")]
    assert [h.key for h in find_headings(blocks)] == ["overview", "active"]
