"""Agency names: variants of one agency share a key; near-collisions keep distinct keys."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from govtext.panel.names import agency_key, clean_agency_name


@pytest.mark.parametrize("printed", [
    "平潭综合实验区",
    "平潭综合实验区管委会",
    "平潭综合实验区党工委管委会",
    "平潭综合实验区党工委、管委会",
    "平潭综合实验区管理委员会",
    "平潭综合实验区2021年度政府信息公开工作年度报告",
    "《平潭综合实验区》 2014 年度政府信息公开工作年度报告",
    "平潭综合实验区管委会2014年度政府信息公开工作年度报告",
    "平 潭 综 合 实 验 区\u3000管委会",
    "平潭综合实验区（本级）",
])
def test_variants_of_one_zone_share_the_key(printed):
    assert agency_key(printed) == "平潭综合实验区"


@pytest.mark.parametrize("a, b", [
    ("长春市人民政府", "长春市人民政府办公厅"),
    ("上海市人民政府", "上海市人民政府办公厅"),
    ("平潭县人民政府", "平潭综合实验区"),
    ("平潭综合实验区", "平潭综合实验区地方税务局"),
    ("某开发区管委会", "某开发区管委会办公室"),
    ("淮安市人民政府", "淮安市洪泽区人民政府"),
    ("长春市人民政府办公厅", "长春市人民政府办公室"),
])
def test_near_collisions_keep_distinct_keys(a, b):
    assert agency_key(a) != agency_key(b)


@pytest.mark.parametrize("printed, clean", [
    ("长春高新技术产业开发区\n2021年政府信息公开工作年度报告", "长春高新技术产业开发区"),
    ("２０２４年上海市科委政府信息公开工作年度报告", "上海市科委"),
    ("平潭综合实验区地方税务局2013年信息公开年度报告", "平潭综合实验区地方税务局"),
    ("某区人民政府关于2020年度政府信息公开工作的报告", "某区人民政府"),
    ("“某县”人民政府", "某县人民政府"),
])
def test_clean_name_drops_year_report_words_and_quotes(printed, clean):
    assert clean_agency_name(printed) == clean


def test_government_written_without_renmin():
    assert agency_key("平潭县政府") == agency_key("平潭县人民政府")
    assert agency_key("长春市政府办公厅") == agency_key("长春市人民政府办公厅")
    assert agency_key("数字政府服务中心") == "数字政府服务中心"


@pytest.mark.parametrize("name", ["govtext.panel.names", "govtext.panel.agencies", "govtext.panel.places",
                                  "govtext.panel.panel", "govtext.checks.crossyear", "govtext.commands.panel"])
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


_NAMES = ["平潭综合实验区管委会", "长春市人民政府办公厅", "淮安市洪泽区人民政府", "上海市科学技术委员会", "长春高新技术产业开发区"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_NAMES), st.lists(st.tuples(st.integers(0, 12), st.sampled_from([" ", "\u3000", "\n", "\t"])), max_size=4))
def test_key_ignores_whitespace_anywhere(name, inserts):
    spaced = name
    for pos, ws in inserts:
        spaced = spaced[:pos] + ws + spaced[pos:]
    assert agency_key(spaced) == agency_key(name)
    assert agency_key(agency_key(spaced)) == agency_key(name)
