"""Real HTML pages and PDFs: read without exception; cells equal the hand-checked values.

``tests/data/expected/<file-stem>.json`` was checked by hand, row by row,
against the source (the ``<td>`` text of the page; pdfplumber's page text of
the PDF): ``cells`` holds every value printed as a number, ``status`` what
every other cell must be (``blank`` for an empty ``&nbsp;`` cell, ``missing``
for rows the report does not print). The comparison is exact in both
directions, so an ``ok`` cell with a wrong value, or any extra ``ok`` cell,
fails: zero silent errors.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import govtext
from conftest import CORPUS_REAL, need

EXPECTED = Path(__file__).parent / "data" / "expected"
FILES = ["2019_上海市人民政府办公厅.html", "2022_平潭综合实验区.html", "2023_洪泽区人民政府.pdf",
         "2024_洪泽区人民政府.pdf", "2024_淮安市人民政府.pdf"]


@pytest.fixture(scope="module")
def reports() -> dict:
    """Each real file parsed once for the module."""
    need(CORPUS_REAL)
    return {name: govtext.read_report(CORPUS_REAL / name) for name in FILES}


def _by_status(report) -> tuple[dict, dict]:
    ok, other = {}, {}
    for c in report.cells.itertuples():
        if c.status == "ok":
            ok[(c.table, c.row, c.col)] = c.value
        else:
            other[(c.table, c.row, c.col)] = c.status
    return ok, other


def _html_and_pdf_files() -> list[str]:
    if not CORPUS_REAL.exists():
        return ["(../shared absent)"]
    return sorted(p.name for p in CORPUS_REAL.iterdir() if p.suffix in (".html", ".htm", ".pdf", ".docx", ".doc"))


@pytest.mark.parametrize("name", _html_and_pdf_files())
def test_every_page_and_pdf_reads(name):
    report = govtext.read_report(need(CORPUS_REAL / name))
    assert len(report.cells) >= 198
    unread = report.cells[report.cells["status"].isin(["missing", "ambiguous", "unreadable"])]
    assert (unread["reason"].fillna("") != "").all()


@pytest.mark.parametrize("name", FILES)
def test_cells_equal_hand_checked_values(reports, name):
    expected = json.loads((EXPECTED / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    want_ok = {(t, r, c): v for t, rows in expected["cells"].items() for r, cols in rows.items() for c, v in cols.items()}
    want_other = {tuple(k.split("/")): s for k, s in expected["status"].items()}
    got_ok, got_other = _by_status(reports[name])
    assert got_ok == pytest.approx(want_ok)
    assert got_other == want_other


@pytest.mark.parametrize("name", FILES)
def test_structure_and_metadata(reports, name):
    r = reports[name]
    assert r.meta["format"] == Path(name).suffix.lstrip(".")
    assert r.meta["year"] == int(name[:4])
    assert r.meta["sections_found"] == 6
    assert r.meta["period_start"] == f"{name[:4]}-01-01"
    assert r.meta["template"] == ("2019" if name.startswith("2019") else "2021")


def test_2019_page_keeps_blank_totals_and_procurement_in_yuan(reports):
    r = reports["2019_上海市人民政府办公厅.html"]
    cells = r.cells.set_index(["table", "row", "col"])
    assert cells.loc[("requests", "granted", "total"), "status"] == "blank"  # printed &nbsp; although the row has values
    proc = cells.loc[("active", "procurement", "amount")]
    assert (proc["value"], proc["unit"], proc["raw"]) == (251000.0, "元", "251000元")
    assert r.meta["published"] == "2020-01-31"  # the 发布日期 line at the top of the fragment
    # the rowspan=20 group label reaches every outcome row
    table = next(b for b in r.blocks if b.kind == "table" and "予以公开" in b.text)
    carried = [row[0] for row in table.rows if row[0].text == "三、本年度办理结果"]
    assert len(carried) == 20 and sum(not c.merged for c in carried) == 1


def test_site_page_drops_navigation_and_footer(reports):
    r = reports["2022_平潭综合实验区.html"]
    text = "\n".join(b.text for b in r.blocks)
    assert not [w for w in ("网站标识码", "版权", "ICP", "当前位置", "分享", "打印", "扫一扫") if w in text]
    assert r.blocks[-1].text == "2022年，无收取信息处理费情况。"
    assert r.meta["published"] == "2023-02-20"  # from the page's PubDate meta
    assert r.blocks[0].text.startswith("本报告根据")


def test_pdf_cells_keep_their_page(reports):
    cells = reports["2024_淮安市人民政府.pdf"].cells.set_index(["table", "row", "col"])
    # table 3 runs from page 4 onto page 5; the label （四）无法提供 is cut by the page break
    assert cells.loc[("requests", "unable_not_held", "total"), "page"] == 4
    assert cells.loc[("requests", "unable_needs_creation", "total"), "page"] == 5
    assert cells.loc[("review", "cases", "litigation_after_total"), "page"] == 5


def test_pdf_table_crossing_pages_is_one_block(reports):
    r = reports["2023_洪泽区人民政府.pdf"]
    table = next(b for b in r.blocks if b.kind == "table" and "予以公开" in b.text)
    assert table.attrs["pages"] == (3, 4)
    first_on_4 = next(row for row in table.rows if row[-1].page == 4)
    assert [c.text for c in first_on_4[:3]] == ["三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"]
    assert first_on_4[0].merged and first_on_4[1].merged


def test_source_errors_are_reported_not_repaired(reports):
    r = reports["2023_洪泽区人民政府.pdf"]
    cells = r.cells.set_index(["table", "row", "col"])
    assert cells.loc[("review", "cases", "reconsideration_total"), "value"] == 0  # printed 0 beside 维持10/纠正1
    failed = r.checks[(r.checks["result"] == "fail") & (r.checks["col"] == "reconsideration_total")]
    assert len(failed) == 1
    # the typo 其他法律行政止公开 still names its row
    assert cells.loc[("requests", "denied_law_prohibited", "natural_person"), "raw"] == "0"
    # the single （六）其他处理 row of the 2019 template is kept, flagged as out of template
    assert "P-OUT-OF-TEMPLATE" in set(r.problems["code"])


@pytest.mark.parametrize("name", [f for f in FILES if f.endswith(".pdf")])
def test_pdf_read_by_text_position_alone_has_no_silent_errors(monkeypatch, name):
    """With every ruling ignored, rows come from text positions: fewer cells, none of them wrong."""
    from govtext.ingest import pdf as P
    from govtext.report import parse_document

    monkeypatch.setattr(P, "_is_ruling", lambda obj: obj.get("object_type") not in ("rect", "line", "curve"))
    path = need(CORPUS_REAL / name)
    doc = P.read_pdf(path.read_bytes(), path)
    assert not any(b.attrs.get("from") == "pdf" for b in doc.blocks)  # no ruled table was found
    got_ok, _ = _by_status(parse_document(doc, file=name, sha256="0" * 64))
    expected = json.loads((EXPECTED / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    want = {(t, r, c): v for t, rows in expected["cells"].items() for r, cols in rows.items() for c, v in cols.items()}
    assert len(got_ok) >= 90
    assert got_ok == pytest.approx({k: want[k] for k in got_ok})  # a KeyError here is an ok cell the source lacks


def test_pdf_paragraphs_join_wrapped_lines_across_pages(reports):
    r = reports["2024_淮安市人民政府.pdf"]
    paras = [b for b in r.blocks if b.kind == "paragraph"]
    assert paras[0].text == "淮安市人民政府2024 年政府信息公开工作年度报告"  # two centred title lines
    active = next(b for b in paras if b.text.startswith("（一）主动公开情况"))
    assert "营商环境高质量推进产业发展" in active.text  # continues on page 2
    assert not any(P_MARK in b.text for b in paras for P_MARK in ("- 1 -", "- 2 -", "- 5 -"))
    assert {b.page for b in paras} >= {1, 2, 3}
