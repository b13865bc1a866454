"""DOCX reader on documents built here with python-docx: order, merged cells, numbering, split tables, guards."""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml

from govtext import errors, limits
from govtext.ingest import docx as D
from govtext.ingest import read_document
from govtext.report import parse_document

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _requests_table(document, rows):
    """Table 3 head with merged header cells, then ``rows`` of (labels..., values...)."""
    t = document.add_table(rows=3 + len(rows), cols=10)
    t.cell(0, 0).merge(t.cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for j, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        t.cell(2, 4 + j).text = name
    for i, (label, values) in enumerate(rows, start=3):
        t.cell(i, 0).merge(t.cell(i, 2)).text = label
        for j, v in enumerate(values):
            t.cell(i, 3 + j).text = v
    return t


def _numbered(document, fmt: str, text: str) -> None:
    """Give the document a one-level list numbering (``fmt``, ``text``) used by the next paragraphs (numId 90)."""
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def _list_paragraph(document, text: str):
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    return p


def test_blocks_in_document_order_with_merged_cells():
    d = docx.Document()
    d.add_paragraph("某县人民政府2021年政府信息公开工作年度报告")
    d.add_heading("三、收到和处理政府信息公开申请情况", level=2)
    _requests_table(d, [("一、本年新收政府信息公开申请数量", ["5", "1", "0", "0", "0", "0", "6"])])
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    doc = D.read_docx(_save(d), "x.docx")
    assert [b.kind for b in doc.blocks] == ["paragraph", "heading", "table", "paragraph"]
    assert doc.blocks[1].level == 2
    rows = doc.blocks[2].rows
    assert all(len(r) == 10 for r in rows)
    assert rows[2][0].merged and rows[2][0].text.startswith("（本列数据")  # vMerge continuation
    assert rows[0][9].merged and rows[0][9].text == "申请人情况"  # gridSpan copy
    assert [c.text for c in rows[3][3:]] == ["5", "1", "0", "0", "0", "0", "6"]
    r = parse_document(doc, file="x.docx", sha256="0" * 64)
    assert r.cells.set_index(["table", "row", "col"]).loc[("requests", "new_received", "total"), "value"] == 6


@pytest.mark.parametrize("fmt,text,expected", [
    ("chineseCounting", "%1、", ["一、总体情况", "二、主动公开政府信息情况"]),
    ("chineseCountingThousand", "（%1）", ["（一）总体情况", "（二）主动公开政府信息情况"]),
    ("decimal", "%1.", ["1.总体情况", "2.主动公开政府信息情况"]),
    ("bullet", "•", ["总体情况", "主动公开政府信息情况"]),
])
def test_word_numbering_is_rendered(fmt, text, expected):
    d = docx.Document()
    _numbered(d, fmt, text)
    _list_paragraph(d, "总体情况")
    _list_paragraph(d, "主动公开政府信息情况")
    doc = D.read_docx(_save(d), "n.docx")
    assert [b.text for b in doc.blocks] == expected


def test_numbered_headings_become_sections():
    d = docx.Document()
    d.add_paragraph("某县人民政府2021年政府信息公开工作年度报告")
    _numbered(d, "chineseCounting", "%1、")
    for title in ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                  "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"):
        _list_paragraph(d, title)
        d.add_paragraph("正文。")
    r = parse_document(D.read_docx(_save(d), "s.docx"), file="s.docx", sha256="0" * 64)
    assert r.meta["sections_found"] == 6


def test_one_logical_table_split_into_several_word_tables():
    d = docx.Document()
    d.add_paragraph("某县人民政府2021年政府信息公开工作年度报告")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    _requests_table(d, [("一、本年新收政府信息公开申请数量", ["5", "1", "0", "0", "0", "0", "6"])])
    second = d.add_table(rows=2, cols=10)
    second.cell(0, 0).merge(second.cell(1, 0)).text = "三、本年度办理结果"
    second.cell(0, 1).merge(second.cell(0, 2)).text = "（七）总计"
    second.cell(1, 1).merge(second.cell(1, 2)).text = "（一）予以公开"
    for i, vals in enumerate((["4", "1", "0", "0", "0", "0", "5"], ["3", "1", "0", "0", "0", "0", "4"])):
        for j, v in enumerate(vals):
            second.cell(i, 3 + j).text = v
    doc = D.read_docx(_save(d), "t.docx")
    assert sum(b.kind == "table" for b in doc.blocks) == 2
    cells = parse_document(doc, file="t.docx", sha256="0" * 64).cells.set_index(["table", "row", "col"])
    assert cells.loc[("requests", "total_handled", "total"), "value"] == 5
    assert cells.loc[("requests", "granted", "natural_person"), "value"] == 3


def test_document_xml_too_large_is_refused(monkeypatch):
    d = docx.Document()
    d.add_paragraph("正文" * 100)
    monkeypatch.setattr(limits, "MAX_UNPACKED", 100)
    with pytest.raises(errors.UnsafeInput, match="zip bomb"):
        D.read_docx(_save(d), "big.docx")


def test_content_decides_the_format_not_the_name():
    text_as_docx = "某县2021年政府信息公开工作年度报告\n一、总体情况\n".encode("gb18030")
    assert read_document("fake.docx", text_as_docx).format == "txt"
    html_as_doc = "<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>1</td></tr></table></body></html>".encode()
    assert read_document("web.doc", html_as_doc).format == "html"
    with pytest.raises(errors.TruncatedFile, match="broken.docx"):
        read_document("broken.docx", b"PK\x03\x04 not really a zip")


def test_synthetic_documents_read_back_exactly(tmp_path):
    """Generated DOCX (styled or bold headings, tables split into several Word tables) against their truth."""
    from govtext.evaluate import evaluate
    from govtext.synth import write_corpus

    write_corpus(tmp_path, n=8, seed=23, formats=["docx"])
    row = evaluate(tmp_path).summary.loc["docx"]
    assert int(row["read"]) == 8 and int(row["silent_errors"]) == 0 and row["accuracy"] == 1.0


def test_content_controls_and_alternate_content():
    """Paragraphs inside a content control are read; mc:Fallback copies are not read twice."""
    d = docx.Document()
    d.add_paragraph("开头")
    body = d.element.body
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    body.insert(len(body) - 1, parse_xml(
        f'<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {W_NS} {mc}><w:r><w:t>正文</w:t></w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>框</w:t></w:r>'
        f'</mc:Choice><mc:Fallback><w:r><w:t>框</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>'))
    doc = D.read_docx(_save(d), "c.docx")
    assert [b.text for b in doc.blocks] == ["开头", "一、总体情况", "正文框"]


def test_outline_level_on_the_paragraph_makes_a_heading():
    d = docx.Document()
    p = d.add_paragraph("一、总体情况")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W_NS} w:val="1"/>'))
    block = D.read_docx(_save(d), "o.docx").blocks[0]
    assert (block.kind, block.level) == ("heading", 2)
