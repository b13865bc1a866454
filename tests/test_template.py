"""Template detection and tolerant label matching."""
from __future__ import annotations

import pytest

from govtext.ingest.blocks import Block
from govtext.structure import template as T
from govtext.structure.tables import extract_cells


@pytest.mark.parametrize("cells,key", [
    (["一、本年新收政府信息公开申请数量"], "new_received"),
    (["一 、 本 年 新 收 政 府 信 息 公 开 申 请 数 量"], "new_received"),
    (["三、本年度办理结果", "（一）予以公开"], "granted"),
    (["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], "partly_granted"),
    (["（三）不予公开", "2.其他法律行政法规禁\n止公开"], "denied_law_prohibited"),
    (["3.危及\"三安全一稳定\""], "denied_three_safeties"),
    (["3、危及“三安全一稳定”"], "denied_three_safeties"),
    (["（四）无法提供", "1．本机关不掌握相关政府信息"], "unable_not_held"),
    (["（六）其他处理", "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], "other_overdue_correction"),
    (["（六）其他处理", "3.其他"], "other_other"),
    (["（六）其他处理"], "other"),
    (["（七）总计"], "total_handled"),
    (["四、结转下年度继续办理"], "carried_forward"),
    (["规范性文件"], "normative_docs"),
    (["行政事业性收费"], "fees"),
    (["政府集中采购"], "procurement"),
])
def test_row_labels_match(cells, key):
    spec = T.match_row(cells)
    assert spec is not None and spec.key == key


@pytest.mark.parametrize("cells", [["自然人", "法人或其他组织", "总计"], ["信息内容"], ["合计金额说明"], []])
def test_non_row_labels_do_not_match(cells):
    assert T.match_row(cells) is None or len(T.header_terms(cells)) >= 2


@pytest.mark.parametrize("labels,template", [
    (["本年制发件数", "本年废止件数", "现行有效件数"], "2021"),
    (["本年新制作数量", "对外公开总数量", "政府集中采购"], "2019"),
    (["（六）其他处理", "1.申请人无正当理由逾期不补正"], "2021"),
    (["正文"], "unknown"),
])
def test_template_detection(labels, template):
    assert T.detect_template(labels)[0] == template


def test_rows_are_found_by_label_not_position():
    grid = [["（七）总计", "5", "0", "0", "0", "0", "0", "5"],
            ["一、本年新收政府信息公开申请数量", "4", "0", "0", "0", "0", "0", "4"]]
    cells, _ = extract_cells([Block.table(grid)], "2021")
    got = {(c["row"], c["col"]): c["value"] for c in cells if c["status"] == "ok"}
    assert got[("total_handled", "total")] == 5 and got[("new_received", "natural_person")] == 4


def test_width_mismatch_is_missing_with_reason_not_guessed():
    cells, problems = extract_cells([Block.table([["规章", "22", "235"]])], "2021")
    rules = [c for c in cells if c["row"] == "rules"]
    assert {c["status"] for c in rules} == {"missing"}
    assert "2 value cells" in rules[0]["reason"]
    assert problems[0]["code"] == "P-ROW-WIDTH"


def test_review_values_follow_their_header():
    blocks = [Block.table([["行政复议", "行政诉讼"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]]),
              Block.table([["1", "0", "0", "0", "1"], ["0", "0", "0", "0", "0"], ["0", "0", "0", "1", "1"]])]
    cells, _ = extract_cells(blocks, "2021")
    review = [c for c in cells if c["table"] == "review"]
    assert [c["value"] for c in review] == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]


def test_out_of_template_row_is_recorded_as_such():
    cells, problems = extract_cells([Block.table([["（六）其他处理", "1", "0", "0", "0", "0", "0", "1"]])], "2021")
    extra = [c for c in cells if c["row"] == "other"]
    assert len(extra) == 7 and not any(c["in_template"] for c in extra)
    assert any(p["code"] == "P-OUT-OF-TEMPLATE" for p in problems)
