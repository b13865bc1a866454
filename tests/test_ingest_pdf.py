"""PDF reader: scans, stitching, and a LibreOffice-made PDF whose table runs over a page break."""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Cm

from govtext import errors
from govtext.ingest import pdf as P
from govtext.ingest import read_document
from govtext.ingest.blocks import Block, Document, GridCell
from govtext.report import parse_document
from govtext.structure import template as T
from test_ingest_docx import _requests_table

pdfium = pytest.importorskip("pypdfium2")
pytest.importorskip("pdfplumber")
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _blank_pdf(pages: int = 2) -> bytes:
    doc = pdfium.PdfDocument.new()
    for _ in range(pages):
        doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_scan_without_text_layer_needs_ocr():
    with pytest.raises(errors.NeedsOCR) as exc:
        read_document("scan.pdf", _blank_pdf())
    assert exc.value.code == "E-OCR" and "scan.pdf" in str(exc.value) and "OCR_HOOK" in exc.value.hint


def test_ocr_hook_reads_scans(monkeypatch):
    seen = []

    def fake_ocr(data, path):
        seen.append(path.name)
        return Document(blocks=(Block("paragraph", "一、总体情况"),), format="pdf-ocr")

    monkeypatch.setattr(P, "OCR_HOOK", fake_ocr)
    assert read_document("scan.pdf", _blank_pdf()).format == "pdf-ocr" and seen == ["scan.pdf"]


def test_broken_pdf_fails_with_a_message():
    with pytest.raises(errors.UnsupportedFormat, match="bad.pdf.*cannot be opened"):
        read_document("bad.pdf", b"%PDF-1.7\nnot a pdf at all\n%%EOF\n")
    with pytest.raises(errors.TruncatedFile, match="cut.pdf.*no end-of-file marker"):
        read_document("cut.pdf", b"%PDF-1.7\nnot a pdf at all")


def _g(*texts, page=1, merged=()):
    return [GridCell(t, merged=i in merged, page=page) for i, t in enumerate(texts)]


def test_stitch_drops_repeated_header_and_carries_cut_labels():
    first = [_g("", "自然人", "总计"), _g("（四）无法提供", "1", "1"), _g("（四）无法提供", "2", "2", merged={0})]
    cont = [_g("", "自然人", "总计", page=2), _g("", "3", "3", page=2), _g("", "4", "4", page=2, merged={0}),
            _g("（五）不予处理", "5", "5", page=2)]
    rows = P.stitch(first, cont)
    assert [r[1].text for r in rows] == ["自然人", "1", "2", "3", "4", "5"]
    assert [(r[0].text, r[0].merged, r[0].page) for r in rows[3:]] == [
        ("（四）无法提供", True, 2), ("（四）无法提供", True, 2), ("（五）不予处理", False, 2)]


# ---- a PDF made by LibreOffice from a generated DOCX -------------------------------------------

ROWS = T.rows("requests", "2021")


def _report_docx() -> bytes:
    """A 2021 report whose table 3 starts low on page 1 and repeats its header rows on the next page."""
    d = docx.Document()
    d.add_paragraph("某县人民政府2021年政府信息公开工作年度报告")
    d.add_paragraph("本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。")
    d.add_paragraph("一、总体情况")
    for _ in range(7):
        d.add_paragraph("今年按照要求推进政务公开工作，主动公开各类政府信息，依法办理政府信息公开申请。" * 2)
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = _requests_table(d, [(spec.zh, [str(100 * i + j) for j in range(7)]) for i, spec in enumerate(ROWS)])
    t.style = "Table Grid"
    for row in t.rows:  # a wide label column, as in the national template
        for j, cell in enumerate(row.cells):
            cell.width = Cm(5.0 if j == 0 else 1.45)
    for tr in t._tbl.tr_lst[3:]:  # rows are not split by a page break
        tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {W_NS}/>"))
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def office_pdf(tmp_path_factory) -> bytes:
    from govtext.synth.renderers.pdf import convert_docx, soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    d = tmp_path_factory.mktemp("pdf")
    src = d / "report.docx"
    src.write_bytes(_report_docx())
    out = convert_docx([src], d)[src]
    if out is None:
        pytest.skip("LibreOffice could not convert the generated DOCX on this machine")
    return out.read_bytes()


def test_table_across_pages_is_stitched_once(office_pdf):
    doc = read_document("report.pdf", office_pdf)
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1 and len(tables[0].attrs["pages"]) >= 2
    rows = tables[0].rows
    assert sum("法人或其他组织" in "".join(c.text for c in r) for r in rows) == 1  # repeated header dropped
    assert "自然人" in [c.text for c in rows[1]]
    pages = {c.page for r in rows for c in r}
    assert pages == set(tables[0].attrs["pages"])


def test_every_value_lands_in_its_cell(office_pdf):
    r = parse_document(read_document("report.pdf", office_pdf), file="report.pdf", sha256="0" * 64)
    assert r.meta["template"] == "2021" and r.meta["year"] == 2021
    cells = r.cells[r.cells["table"] == "requests"].set_index(["row", "col"])
    cols = [c.key for c in T.columns("requests", "new_received", "2021")]
    for i, spec in enumerate(ROWS):
        got = [cells.loc[(spec.key, c), "value"] for c in cols]
        assert got == [100 * i + j for j in range(7)], spec.key
    assert (cells["status"] == "ok").all()
