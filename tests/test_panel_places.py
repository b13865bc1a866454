"""Place, level and kind: codes from the division table, evidence for each, unknown stays unknown."""
from __future__ import annotations

import pytest

from govtext.panel import places


@pytest.mark.parametrize("name, level, kind", [
    ("长春高新技术产业开发区", "prefectural", "zone"),
    ("长春市人民政府", "prefectural", "government"),
    ("长春市人民政府办公厅", "prefectural", "department"),
    ("吉林省人民政府", "provincial", "government"),
    ("上海市科委", "provincial", "department"),
    ("北京市海淀区人民政府", "county", "government"),
    ("淮安市洪泽区人民政府", "county", "government"),
    ("平潭县人民政府", "county", "government"),
    ("平潭综合实验区", "county", "zone"),
    ("平潭综合实验区地方税务局", "county", "department"),
    ("平潭县潭城镇人民政府", "township", "subdistrict"),
    ("长春市朝阳区南湖街道办事处", "township", "subdistrict"),
    ("国务院办公厅", "central", "department"),
    ("国家税务总局", "central", "department"),
    ("延边朝鲜族自治州人民政府", "prefectural", "government"),
])
def test_level_and_kind_from_the_name(name, level, kind):
    lv, lv_conf, lv_ev = places.infer_level(name)
    kd, kd_conf, kd_ev = places.infer_kind(name)
    assert (lv, kd) == (level, kind)
    assert lv_conf in {"high", "medium"} and kd_conf in {"high", "medium"}
    assert lv_ev and kd_ev


def test_unknown_stays_unknown():
    assert places.infer_level("某某局")[0] is None
    assert places.infer_kind("某某")[0] is None
    place = places.infer_place(["某某局"], ["本报告由本机关编制。"])
    assert place["province"] is None and place["province_code"] is None and place["place_confidence"] is None
    assert "no place" in place["place_evidence"]


def test_short_division_names_do_not_swallow_department_words():
    assert places.leading_divisions("公安局") == []  # not 公安县
    assert places.leading_divisions("新安镇人民政府") == []  # a town called 新安, not 新安县
    assert [t for t, _, _ in places.leading_divisions("平潭综合实验区")] == ["平潭"]


def test_same_county_name_in_two_cities_is_ambiguous_until_other_evidence():
    (text, cands, _), = places.leading_divisions("朝阳区人民政府")
    assert {d.code for d in cands} >= {"110105", "220104"}
    beijing = places.infer_place(["朝阳区人民政府"], ["地址：北京市朝阳区日坛北路33号"])
    assert (beijing["province"], beijing["county_code"]) == ("北京市", "110105")
    alone = places.infer_place(["朝阳区人民政府"])
    assert alone["county_code"] is None


def test_seed_like_preamble_places_the_zone_with_evidence():
    preamble = ("本报告的电子版可在长春新区门户网站（http://xxgk.jl.gov.cn/ccxqzwgk/ndbg/）下载，如对本报告有任何疑问，"
                "请与高新区党政综合办公室联系（地址: 长春市高新区锦湖大路1357号；邮编: 130000；电话: 85542510）。")
    p = places.infer_place(["长春高新技术产业开发区"], [preamble])
    assert (p["province"], p["province_code"], p["prefecture"], p["prefecture_code"]) == ("吉林省", "220000", "长春市", "220100")
    assert p["county"] is None  # the zone is not a county: the name bounds the depth
    assert p["place_confidence"] == "high"
    for source in ("name: 长春", "address: 长春市高新区锦湖大路1357号", "postcode: 130000"):
        assert source in p["place_evidence"]


def test_postcode_alone_gives_a_low_or_medium_place():
    p = places.infer_place(["某某局"], ["邮编：350400"])
    assert (p["county"], p["county_code"], p["place_confidence"]) == ("平潭县", "350128", "medium")


def test_conflicting_address_lowers_confidence():
    p = places.infer_place(["长春市人民政府"], ["地址：淮安市洪泽区人民北路1号"])
    assert p["prefecture_code"] == "220100"
    assert p["place_confidence"] == "medium"
    assert "x address" in p["place_evidence"]
