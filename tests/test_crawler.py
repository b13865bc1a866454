"""The crawler-dump reader (govtext.ingest.crawler) on hand-written dumps and synthetic crawler text."""
from __future__ import annotations

import doctest

import govtext
from govtext.evaluate import evaluate
from govtext.ingest import crawler as C
from govtext.ingest import read_document, sniff
from govtext.synth import write_corpus

HEADER = ("标题: 某县人民政府2021年政府信息公开工作年度报告\n发布时间: 2022-01-20 09:30\n文号: \n发布机构: \n"
          "栏目: 政府信息公开年报\n原文链接: https://example.gov.cn/a.htm\n本地目录: x\n页面链接与图片详见 links.tsv(同目录)\n"
          "==================== 正文 ====================\n")
BODY = ("当前位置： 首页政务公开政府信息公开年报 某县人民政府2021年政府信息公开工作年度报告 来源：某县 时间：2022-01-20 09:30 "
        "微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： --> 本报告根据条例编制。一、总体情况2021年，我县持续推进公开。"
        "（一）主动公开情况全年公开信息100条。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
        "规章000行政规范性文件693665第二十条第（五）项信息内容本年处理决定数量行政许可2293 "
        "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
        "一、本年新收政府信息公开申请数量640020470（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开500000 5"
        "四、结转下年度继续办理0000000 四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
        "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计10203120001200000"
        "五、存在的主要问题及改进情况存在不足。六、其他需要报告的事项 无。 附件下载")


def test_module_examples_hold():
    assert doctest.testmod(C).failed == 0


def test_sniffed_by_content_in_any_encoding(tmp_path):
    data = (HEADER + BODY).encode("gb18030")
    assert sniff(data) == "crawler"
    path = tmp_path / "dump.docx"  # the name does not decide the format
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.format == "crawler" and doc.encoding in ("gb18030", "gbk", "gb2312")
    assert doc.header == {"title": "某县人民政府2021年政府信息公开工作年度报告", "published": "2022-01-20 09:30",
                          "column": "政府信息公开年报", "url": "https://example.gov.cn/a.htm", "local_dir": "x"}


def test_body_is_split_into_headings_paragraphs_and_table_rows():
    header, blocks = C.read_crawler_text(HEADER + BODY)
    texts = [b.text for b in blocks if b.kind != "table"]
    assert texts[0] == "本报告根据条例编制。" and "附件下载" not in "".join(texts)
    assert "一、总体情况" in texts and "（一）主动公开情况全年公开信息100条。" in texts
    tables = [[[c.text for c in r] for r in b.rows] for b in blocks if b.kind == "table"]
    assert [len(t) for t in tables] == [5, 5, 2]
    assert tables[0][1:3] == [["规章", "000"], ["行政规范性文件", "693665"]]
    assert tables[1][3] == ["2.其他法律行政法规禁止公开", "500000", "5"]  # the row number is cut off the run
    assert tables[1][4] == ["四、结转下年度继续办理", "0000000"]  # a row label, not a section heading
    assert tables[2][1] == ["10203120001200000"]
    assert all(b.attrs.get("glued") for b in blocks if b.kind == "table")


def test_header_rows_are_split_from_the_first_row_label():
    assert C.split_header("第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费") == (
        "第二十条第（八）项信息内容本年收费金额（单位：万元）", "行政事业性收费")
    assert C.split_header("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计")[1] == ""
    assert C.table_rows("指标名称计量单位2011年度历年累计主动公开信息数条4251516")[:2] == [
        ["指标名称计量单位2011年度历年累计"], ["主动公开信息数条", "4251516"]]


def test_narrative_with_applicant_words_is_not_a_table():
    _, blocks = C.read_crawler_text(HEADER + "一、总体情况全年收到申请来自自然人72件、商业企业3件，均已答复。")
    assert [b.kind for b in blocks] == ["paragraph", "paragraph"]


def test_a_dump_parses_into_cells(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text(HEADER + BODY, encoding="utf-8")
    report = govtext.read_report(path)
    assert (report.meta["agency"], report.meta["year"], report.meta["published"]) == ("某县人民政府", 2021, "2022-01-20")
    assert int(report.sections["found"].sum()) == 6
    wide = report.table("requests")
    assert wide.loc["new_received"].tolist() == [64, 0, 0, 2, 0, 4, 70]
    assert wide.loc["denied_law_prohibited"].tolist() == [5, 0, 0, 0, 0, 0, 5]
    cells = report.cells.set_index(["table", "row", "col"])
    assert cells.loc[("active", "normative_docs", "issued"), "status"] == "ambiguous"
    assert cells.loc[("review", "cases", "litigation_direct_total"), "value"] == 12


def test_synthetic_crawler_text_has_no_silent_errors(tmp_path):
    write_corpus(tmp_path, n=12, seed=11, formats=["crawler"])
    summary = evaluate(tmp_path).summary.loc["all"]
    assert int(summary["read"]) == 12 and int(summary["silent_errors"]) == 0
    assert summary["sections"] >= 0.9 and summary["accuracy_unambiguous"] == 1.0


def test_dash_cells_are_values_but_column_labels_and_row_labels_are_not():
    rows = C.table_rows("8.属于行政查询事项///////（四）无法提供1.本机关不掌握相关政府信息无无0无无无0")
    assert rows == [["8.属于行政查询事项", "///////"], ["（四）无法提供1.本机关不掌握相关政府信息", "无无0无无无0"]]
    assert C.table_rows("本年增/减处理决定数量行政许可15-22182") == [["本年增/减处理决定数量行政许可", "15-22182"]]
    assert C.table_rows("4.无正当理由大量反复申请- - - - - - -") == [["4.无正当理由大量反复申请", *"-------"]]


def test_a_row_label_ending_like_a_heading_is_not_a_heading_when_dashes_follow():
    blocks = C.body_blocks("三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
                           "7.属于行政执法案卷0000000 8.属于行政查询事项 - - - - - - - （四）无法提供")
    assert [b.kind for b in blocks] == ["paragraph", "table"]
    assert ["8.属于行政查询事项", *"-------"] in [[c.text for c in r] for r in blocks[1].rows]


def test_a_row_whose_only_cell_is_blank_keeps_its_own_label():
    assert C.table_rows("行政处罚行政强制0") == [["行政处罚"], ["行政强制", "0"]]
    assert C.table_rows("行政许可1175") == [["行政许可", "1175"]]
