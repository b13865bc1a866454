"""HTML reader: article body, spans, cell text, Word markup, encodings — on pages built here."""
from __future__ import annotations

import pytest

from govtext.ingest import read_document, sniff
from govtext.ingest.html import decode_html, read_html
from govtext.report import parse_document

REQUESTS = """
<table border="1"><tbody>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br />企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
<tr><td rowspan="1">（三）不予公开</td><td>1.属于国家秘密</td><td>１</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</tbody></table>
"""

PAGE = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="ArticleTitle" content="某县人民政府2021年政府信息公开工作年度报告"><meta name="PubDate" content="2022-01-20 10:00">
<title>某县人民政府2021年政府信息公开工作年度报告_年报_某县人民政府</title><script>var a = "<table>";</script></head>
<body><div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a>政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：<a>首页</a> &gt; <a>年报</a></div>
<div class="main"><div class="article">
<div class="share">分享到：<a>微信</a> 打印本页</div>
<div class="TRS_Editor">
<p class=MsoNormal><span style='mso-bidi-font-size:16.0pt;font-family:仿宋_GB2312'>本报告统计期限自2021年1月1日至2021年12月31日。<o:p></o:p></span></p>
<p><!--[if !supportLists]--><span>一、</span><!--[endif]--><b>总体情况</b></p>
<p><font face="仿宋">今年我们做了很多工作，主动公开信息1200条。</font></p>
<h3>三、收到和处理政府信息公开申请情况</h3>
{table}
</div></div></div>
<div class="footer"><p>主办单位：某县人民政府 版权所有</p><p>网站标识码：1234567890</p></div>
</body></html>"""


def _page(charset: str = "utf-8", table: str = REQUESTS) -> str:
    return PAGE.format(charset=charset, table=table)


def test_article_body_without_site_furniture():
    doc = read_html(_page().encode(), "p.html")
    texts = [b.text for b in doc.blocks]
    joined = "\n".join(texts)
    for junk in ("当前位置", "分享到", "网站标识码", "版权所有", "政务公开", "var a"):
        assert junk not in joined
    assert texts[1] == "一、总体情况"  # Word's list label joined to its text, conditional comments gone
    heading = next(b for b in doc.blocks if b.kind == "heading")
    assert (heading.text, heading.level) == ("三、收到和处理政府信息公开申请情况", 3)
    assert doc.header == {"title": "某县人民政府2021年政府信息公开工作年度报告", "published": "2022-01-20 10:00"}


def test_spans_are_expanded_and_copies_marked_merged():
    doc = read_html(_page().encode(), "p.html")
    rows = next(b for b in doc.blocks if b.kind == "table").rows
    assert all(len(r) == 10 for r in rows)
    assert [c.text for c in rows[2][3:5]] == ["自然人", "商业企业"]  # rowspan copy; <br> joined without a space
    assert rows[2][3].merged and not rows[1][3].merged
    assert rows[5][0].text == "三、本年度办理结果" and rows[5][0].merged
    assert rows[3][5].text == ""  # &nbsp; is blank


def test_cells_reach_the_structure_stage():
    doc = read_html(_page().encode(), "p.html")
    r = parse_document(doc, file="p.html", sha256="0" * 64)
    cells = r.cells.set_index(["table", "row", "col"])
    assert cells.loc[("requests", "new_received", "total"), "value"] == 6
    assert cells.loc[("requests", "new_received", "research"), "status"] == "blank"
    assert cells.loc[("requests", "denied_state_secret", "natural_person"), "value"] == 1  # full-width digit
    assert cells.loc[("requests", "granted", "commercial"), "value"] == 1
    assert r.meta["published"] == "2022-01-20" and r.meta["agency"] == "某县人民政府"


@pytest.mark.parametrize("charset", ["gbk", "gb2312", "GB18030"])
def test_gbk_page_decoded_from_its_meta_charset(charset):
    data = _page(charset).encode("gb18030")
    doc = read_document("p.html", data)
    assert doc.format == "html" and doc.encoding == "gb18030"
    assert any("主动公开信息1200条" in b.text for b in doc.blocks)


def test_gbk_page_without_declaration_or_with_a_wrong_one():
    undeclared = _page().replace('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', "").encode("gbk")
    wrong = _page("utf-8").encode("gbk")  # says utf-8, is GBK: a common saving mistake
    for data in (undeclared, wrong):
        text, enc = decode_html(data)
        assert "主动公开信息1200条" in text and enc == "gb18030"


def test_fragment_without_html_element():
    data = ("<p>二、主动公开政府信息情况</p><table><tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
            "<tr><td>行政许可</td><td>97</td></tr></table>").encode()
    assert sniff(data) == "html"
    doc = read_html(data, "f.html")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table"]
    assert [c.text for c in doc.blocks[1].rows[1]] == ["行政许可", "97"]


def test_layout_table_around_the_report_is_not_a_grid():
    inner = "<table><tr><td>行政许可</td><td>97</td></tr></table>"
    data = f"<html><body><table><tr><td><p>二、主动公开</p>{inner}</td></tr></table></body></html>".encode()
    doc = read_html(data, "l.html")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table"]
    assert len(doc.blocks[1].rows[0]) == 2


def test_nested_table_text_and_hidden_markup():
    data = ("<div><p style='display:none'>隐藏</p><p>正文</p><table><tr><td>规章</td><td><p>1</p></td>"
            "<td><span>0</span><o:p></o:p></td></tr></table></div>").encode()
    doc = read_html(data, "n.html")
    assert [b.text for b in doc.blocks][0] == "正文"
    assert [c.text for c in doc.blocks[1].rows[0]] == ["规章", "1", "0"]


def test_hostile_spans_and_entities_are_harmless():
    data = ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><table><tr><td rowspan="99999" colspan="-3">规章&e;</td>'
            "<td>1</td></tr></table>").encode()
    doc = read_html(data, "h.html")
    rows = doc.blocks[-1].rows
    assert len(rows) == 1 and len(rows[0]) == 2 and "root:" not in rows[0][0].text


def test_page_without_a_table_says_so():
    doc = read_html("<html><body><p>某县2021年政府信息公开工作年度报告</p><p>一、总体情况</p></body></html>".encode(), "t.html")
    assert doc.notes and doc.notes[0][0] == "P-HTML-NO-TABLE"


def test_synthetic_pages_read_back_exactly(tmp_path):
    """Generated pages (site shells, fragments, GBK, <br> headers) against their truth."""
    from govtext.evaluate import evaluate
    from govtext.synth import write_corpus

    write_corpus(tmp_path, n=8, seed=21, formats=["html"])
    ev = evaluate(tmp_path)
    row = ev.summary.loc["html"]
    assert int(row["read"]) == 8 and int(row["silent_errors"]) == 0
    assert row["accuracy"] == 1.0


@pytest.mark.parametrize("name", ["govtext.ingest.html", "govtext.ingest.pdf", "govtext.ingest.docx",
                                  "govtext.ingest.office", "govtext.ingest.blocks"])
def test_docstring_examples_of_the_readers(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_single_file_web_page_saved_as_doc():
    """Word's "web page, single file" (MHTML, quoted-printable GBK) under a .doc name."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("related")
    message.attach(MIMEText(_page("gbk"), "html", "gbk"))
    doc = read_document("report.doc", message.as_bytes())
    assert doc.format == "mhtml" and doc.encoding == "gbk"
    assert any("主动公开信息1200条" in b.text for b in doc.blocks)
    assert sum(b.kind == "table" for b in doc.blocks) == 1


def test_deeply_nested_markup_is_read_up_to_the_limit_and_says_so():
    depth = 100_000
    page = ("<p>一、总体情况</p>" + "<div>" * depth + "<p>正文</p>" + "</div>" * depth + "<p>二、主动公开</p>").encode()
    doc = read_html(page, "deep.html")  # no RecursionError, no crash
    assert doc.blocks[0].text == "一、总体情况"
    assert "P-HTML-TOO-DEEP" in [code for code, _ in doc.notes]
    shallow = read_html(b"<div><p>" + "一、总体情况".encode() + b"</p></div>", "ok.html")
    assert "P-HTML-TOO-DEEP" not in [code for code, _ in shallow.notes]


@pytest.mark.parametrize("style", ["DISPLAY: NONE", "display:&#110;one", "display:&#x6E;ONE"])
def test_hidden_paragraph_dropped_however_the_style_spells_none(style):
    data = f"<div><p style='{style}'>隐藏</p><p>正文</p><table><tr><td>规章</td><td>1</td></tr></table></div>".encode()
    assert [b.text for b in read_html(data, "x.html").blocks if b.kind == "paragraph"] == ["正文"]
