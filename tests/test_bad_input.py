"""Bad input: every generated broken, hostile or foreign file gets its exact code, and a batch survives them all.

Each case is a file made here (from a synthetic report or from scratch) with
the code it must get: ``E-…`` a failure row whose message names the file,
``ok`` a parsed report, ``W-NOT-REPORT`` a parsed report with that problem.
The same files then go through ``govtext build`` together, which must exit 0
and account for every file.
"""
from __future__ import annotations

import io
import random
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import docx
import matplotlib
import numpy as np
import pandas as pd
import pytest

from govtext import errors, synth
from govtext.build import build
from govtext.corpus import parse_file, read_reports

matplotlib.use("Agg")


@dataclass(frozen=True)
class Material:
    """Renders of one synthetic report and two small PDFs without report text."""

    txt: bytes
    html: bytes
    md: bytes
    docx: bytes
    crawler: bytes
    text_pdf: bytes
    scan_pdf: bytes


def _mpl_pdf(text: bool) -> bytes:
    import matplotlib.pyplot as plt
    fig = plt.figure(figsize=(3, 2))
    if text:
        fig.text(0.1, 0.5, "Annual report, page one " * 3)
    else:
        fig.figimage(np.array([[0.0, 1.0], [1.0, 0.0]]), resize=True)
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    plt.close(fig)
    return buf.getvalue()


@pytest.fixture(scope="module")
def material() -> Material:
    report = next(synth.generate_reports(1, seed=11))
    r = {f: synth.render(report, f).data for f in ("txt", "html", "md", "docx", "crawler")}
    return Material(r["txt"], r["html"], r["md"], r["docx"], r["crawler"], _mpl_pdf(True), _mpl_pdf(False))


def _docx_of(*paragraphs: str) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _docx_members(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


def _replace_document_xml(data: bytes, xml: bytes) -> bytes:
    return _zip({**_docx_members(data), "word/document.xml": xml})


def _flag_encrypted(data: bytes) -> bytes:
    """Set the 'encrypted' bit of every member in the local and central headers."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = out.find(sig)
        while i >= 0:
            flags = struct.unpack_from("<H", out, i + offset)[0]
            struct.pack_into("<H", out, i + offset, flags | 0x1)
            i = out.find(sig, i + 4)
    return bytes(out)


def _corrupt_member(data: bytes) -> bytes:
    """Flip bytes inside word/document.xml's compressed data (the CRC no longer matches)."""
    out = bytearray(data)
    start = out.find(b"word/document.xml") + len("word/document.xml") + 40
    for i in range(start, start + 64):
        out[i] ^= 0x5A
    return bytes(out)


def _encrypted_pdf(pdf: bytes) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    reader, writer = pypdf.PdfReader(io.BytesIO(pdf)), pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _deep_html() -> bytes:
    return b"<html><body>" + b"<div>" * 5000 + "一、总体情况".encode() + b"</div>" * 5000 + b"</body></html>"


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
XXE = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
BUDGET = "某区财政局2024年部门预算公开说明\n一、部门主要职能\n负责全区财政收支管理。\n二、部门预算收支总表\n收入合计1200万元，支出合计1200万元。\n"
FINAL_ACCOUNTS = ["某县教育局2023年度部门决算公开", "一、部门基本情况", "二、收入支出决算总表", "本年收入合计3456.78万元。"]
WORK_PLAN = "<html><head><title>2024年政务公开工作要点</title></head><body><h1>2024年政务公开工作要点</h1><p>一、加强政策解读。</p><p>二、优化政务服务。</p></body></html>"
NOTICE = "关于开展2024年度政府网站检查工作的通知\n各乡镇人民政府、县直各单位：\n现将有关事项通知如下。\n一、检查内容\n二、时间安排\n"
LETTER = "# 关于对县人大代表建议的答复函\n\n王代表：\n\n您提出的关于加强社区治理的建议收悉，现答复如下。\n"
ERROR_PAGE = "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1><hr><center>nginx</center></body></html>"
ERROR_PAGE_ZH = "<html><body><div class='err'>抱歉，您访问的页面不存在或已删除！</div><a href='/'>返回首页</a></body></html>"
DOUBTFUL = "工作情况\n今年以来，我局认真做好各项工作，取得了一定成效。\n下一步，我们将继续努力，推动工作再上新台阶。\n"


def _truncate(data: bytes, share: float) -> bytes:
    return data[: int(len(data) * share)]


def _damage_gbk(m: Material) -> bytes:
    text = m.txt.decode("utf-8").encode("gb18030")
    middle = len(text) // 2
    return text[:middle] + b"\xff\xff" + text[middle:]


def _garbage_tail(m: Material) -> bytes:
    """Text long enough to be sniffed as text, then a long run of bytes no encoding reads."""
    text = m.txt.decode("utf-8").encode("gb18030")
    noise = random.Random(0)
    return text * (210_000 // len(text) + 1) + bytes(noise.randrange(256) for _ in range(60_000))


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Material], bytes]
    code: str


CASES = [
    # empty and blank
    Case("empty.txt", lambda m: b"", "E-EMPTY"),
    Case("empty.pdf", lambda m: b"", "E-EMPTY"),
    Case("blank.txt", lambda m: b" \r\n\t\r\n   \n", "E-EMPTY"),
    Case("bom-only.txt", lambda m: b"\xef\xbb\xbf\r\n", "E-EMPTY"),
    Case("nuls.txt", lambda m: b"\x00" * 2048, "E-EMPTY"),
    Case("scripts-only.html", lambda m: b"<html><head><script>var a=1;</script><style>p{}</style></head><body><div></div></body></html>", "E-EMPTY"),
    # foreign content under a report's name
    Case("garbage-tail.txt", lambda m: _garbage_tail(m), "E-ENCODING"),
    Case("random.txt", lambda m: bytes((i * 7919 + 13) % 256 for i in range(5000)), "E-FORMAT"),
    Case("picture.pdf", lambda m: b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "E-FORMAT"),
    Case("photo.jpg", lambda m: b"\xff\xd8\xff\xe0" + b"\x00" * 200, "E-FORMAT"),
    Case("anim.gif", lambda m: b"GIF89a" + b"\x00" * 200, "E-FORMAT"),
    Case("archive.gz", lambda m: b"\x1f\x8b\x08\x00" + b"\x00" * 200, "E-FORMAT"),
    Case("reports.zip", lambda m: _zip({"2023.txt": m.txt}), "E-FORMAT"),
    Case("table.xlsx", lambda m: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "E-FORMAT"),
    Case("program.exe", lambda m: b"MZ\x90\x00" + b"\x00" * 200, "E-FORMAT"),
    Case("no-document.docx", lambda m: _zip({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<styles/>"}), "E-FORMAT"),
    Case("damaged.docx", lambda m: _corrupt_member(m.docx), "E-FORMAT"),
    Case("damaged.pdf", lambda m: b"%PDF-1.7\n1 0 obj garbage endobj\ntrailer\n%%EOF\n", "E-FORMAT"),
    # other documents from the disclosure column
    Case("error-page.pdf", lambda m: ERROR_PAGE.encode(), "E-NOT-REPORT"),
    Case("error-page-zh.html", lambda m: ERROR_PAGE_ZH.encode("gbk"), "E-NOT-REPORT"),
    Case("budget.txt", lambda m: BUDGET.encode(), "E-NOT-REPORT"),
    Case("final-accounts.docx", lambda m: _docx_of(*FINAL_ACCOUNTS), "E-NOT-REPORT"),
    Case("work-plan.html", lambda m: WORK_PLAN.encode(), "E-NOT-REPORT"),
    Case("notice.txt", lambda m: NOTICE.encode("gb18030"), "E-NOT-REPORT"),
    Case("letter.md", lambda m: LETTER.encode(), "E-NOT-REPORT"),
    Case("doubtful.txt", lambda m: DOUBTFUL.encode(), "W-NOT-REPORT"),
    # interrupted downloads
    Case("truncated.docx", lambda m: _truncate(m.docx, 0.5), "E-TRUNCATED"),
    Case("zip-header-only.docx", lambda m: m.docx[:30], "E-TRUNCATED"),
    Case("truncated.pdf", lambda m: _truncate(m.text_pdf, 0.4), "E-TRUNCATED"),
    Case("truncated.txt", lambda m: _truncate(m.txt, 0.4), "ok"),
    Case("truncated.html", lambda m: _truncate(m.html, 0.5), "ok"),
    # locked
    Case("encrypted.pdf", lambda m: _encrypted_pdf(m.text_pdf), "E-ENCRYPTED"),
    Case("encrypted-members.docx", lambda m: _flag_encrypted(m.docx), "E-ENCRYPTED"),
    Case("password.docx", lambda m: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512, "E-ENCRYPTED"),
    # hostile
    Case("zip-bomb.docx", lambda m: _replace_document_xml(m.docx, b"<w:document>" + b" " * 30_000_000 + b"</w:document>"), "E-UNSAFE"),
    Case("billion-laughs.docx", lambda m: _replace_document_xml(m.docx, LAUGHS + b"<w:document>&lol3;</w:document>"), "E-UNSAFE"),
    Case("xxe.docx", lambda m: _replace_document_xml(m.docx, XXE + b"<w:document>&xxe;</w:document>"), "E-UNSAFE"),
    Case("scan.pdf", lambda m: m.scan_pdf, "E-OCR"),
    Case("deep-nesting.html", lambda m: _deep_html(), "E-EMPTY"),
    # awkward but readable reports
    Case("entities.html", lambda m: LAUGHS + m.html, "ok"),
    Case("gb18030-as.pdf", lambda m: m.txt.decode("utf-8").encode("gb18030"), "ok"),
    Case("utf16.txt", lambda m: m.txt.decode("utf-8").encode("utf-16"), "ok"),
    Case("bom-crlf.txt", lambda m: b"\xef\xbb\xbf" + m.txt.replace(b"\n", b"\r\n"), "ok"),
    Case("damaged-gbk.txt", _damage_gbk, "ok"),
    Case("docx-named.txt", lambda m: m.docx, "ok"),
    Case("html-named.doc", lambda m: m.html, "ok"),
    Case("crawler.txt", lambda m: m.crawler, "ok"),
    Case("markdown.txt", lambda m: m.md, "ok"),
]


def _write(case: Case, folder: Path, material: Material) -> Path:
    path = folder / case.name
    path.write_bytes(case.make(material))
    return path


def test_at_least_forty_cases():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


def check_outcome(path: Path, code: str, report, failure) -> None:
    """The outcome of one file is the expected code, with a message that names it."""
    if code.startswith("E-"):
        assert report is None and failure is not None, f"{path.name}: parsed, expected {code}"
        assert failure["code"] == code, f"{path.name}: {failure['message']}"
        assert str(path) in failure["message"] and failure["hint"]
        assert failure["error"] == errors.CATALOGUE[code].__name__
    else:
        assert failure is None, f"{path.name}: {failure['message']}"
        codes = set(report.problems["code"])
        assert (errors.PossibleNonReport.code in codes) == (code == "W-NOT-REPORT"), path.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gets_its_code(case, material, tmp_path):
    path = _write(case, tmp_path, material)
    report, failure = parse_file(path)
    check_outcome(path, case.code, report, failure)


def test_entities_in_html_are_not_expanded(material, tmp_path):
    path = _write(next(c for c in CASES if c.name == "entities.html"), tmp_path, material)
    report, _ = parse_file(path)
    assert "lollol" not in "".join(report.sections["text"].dropna())


def test_damaged_text_records_the_replaced_bytes(material, tmp_path):
    path = _write(next(c for c in CASES if c.name == "damaged-gbk.txt"), tmp_path, material)
    report, _ = parse_file(path)
    assert report.meta["encoding"] == "gb18030 (2 undecodable bytes replaced)"


@pytest.mark.parametrize("kind", ["missing", "directory", "dangling-link", "too-large"])
def test_paths_that_cannot_be_read(kind, material, tmp_path):
    path = tmp_path / f"{kind}.txt"
    if kind == "directory":
        path.mkdir()
    elif kind == "dangling-link":
        path.symlink_to(tmp_path / "gone.txt")
    elif kind == "too-large":
        path.write_bytes(material.txt)
    report, failure = parse_file(path, max_bytes=1000 if kind == "too-large" else None)
    check_outcome(path, "E-TOO-LARGE" if kind == "too-large" else "E-READ", report, failure)


def test_non_reports_are_parsed_when_asked(tmp_path):
    path = tmp_path / "budget.txt"
    path.write_bytes(BUDGET.encode())
    report, failure = parse_file(path, keep_non_reports=True)
    assert failure is None and "W-NOT-REPORT" in set(report.problems["code"])


def test_same_report_twice_is_named(material, tmp_path):
    (tmp_path / "a.txt").write_bytes(material.txt)
    (tmp_path / "b.txt").write_bytes(material.txt)
    (tmp_path / "c.html").write_bytes(material.html)
    other = next(synth.generate_reports(2, seed=12))
    (tmp_path / "d.txt").write_bytes(synth.render(other, "txt").data)
    dups = read_reports(tmp_path).duplicates().set_index("file")
    assert set(dups.index) == {str(tmp_path / "b.txt"), str(tmp_path / "c.html")}
    assert dups.loc[str(tmp_path / "b.txt"), "kind"] == "exact"
    assert dups.loc[str(tmp_path / "c.html"), ["duplicate_of", "kind"]].tolist() == [str(tmp_path / "a.txt"), "near"]
    assert dups["message"].str.contains(r"\[W-DUPLICATE\]").all()


def test_build_survives_every_case(material, tmp_path):
    src = tmp_path / "corpus"
    src.mkdir()
    paths = {c.name: _write(c, src, material) for c in CASES}
    result = build(src, tmp_path / "out", jobs=2, finish=False, progress=False)
    failures = pd.read_parquet(tmp_path / "out" / "failures.parquet").set_index("file")
    reports = set(pd.read_parquet(tmp_path / "out" / "reports.parquet")["file"])
    copies = result.manifest.set_index("file")["duplicate_of"].dropna()  # same bytes: built once, under the first name
    for case in CASES:
        path = copies.get(str(paths[case.name]), str(paths[case.name]))
        if case.code.startswith("E-"):
            assert failures.loc[path, "code"] == case.code, case.name
        else:
            assert path in reports, case.name
    assert set(result.manifest["file"]) == {str(p) for p in paths.values()}


def test_cli_parse_survives_every_case(material, tmp_path, capsys):
    from govtext.cli import main
    src = tmp_path / "corpus"
    src.mkdir()
    for case in CASES:
        _write(case, src, material)
    assert main(["parse", str(src), "--out", str(tmp_path / "out")]) == 0
    assert main(["parse", str(src), "--out", str(tmp_path / "out2"), "--strict"]) == 1
    failures = pd.read_parquet(tmp_path / "out" / "failures.parquet")
    expected = {str(src / c.name): c.code for c in CASES if c.code.startswith("E-")}
    assert dict(zip(failures["file"], failures["code"])) == expected
    printed = capsys.readouterr().out
    assert printed.count("FAILED ") == 2 * len(expected)


def test_a_slow_file_is_cut_off_by_the_time_limit(material, tmp_path, monkeypatch):
    import time
    import govtext.corpus as C
    (tmp_path / "slow.txt").write_bytes(material.txt)
    (tmp_path / "fine.md").write_bytes(material.md)
    real = C.parse_document
    monkeypatch.setattr(C, "parse_document", lambda doc, **kw: time.sleep(30) if kw["file"].endswith("slow.txt") else real(doc, **kw))
    corpus = read_reports(tmp_path, timeout=0.5)
    assert len(corpus) == 1
    assert corpus.failures[["file", "code"]].values.tolist() == [[str(tmp_path / "slow.txt"), "E-TIMEOUT"]]


def test_a_missing_converter_is_named(tmp_path, monkeypatch):
    import govtext.ingest.office as O
    monkeypatch.setattr(O, "soffice_path", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    report, failure = parse_file(path)
    check_outcome(path, "E-DEPENDENCY", report, failure)
    assert "LibreOffice" in failure["message"]


def test_build_keeps_non_reports_when_asked_and_lists_near_duplicates(material, tmp_path):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "a.txt").write_bytes(material.txt)
    (src / "a.html").write_bytes(material.html)
    (src / "budget.txt").write_bytes(BUDGET.encode())
    build(src, tmp_path / "out", jobs=1, progress=False, finish=False)
    assert pd.read_parquet(tmp_path / "out" / "failures.parquet")["code"].tolist() == ["E-NOT-REPORT"]
    again = build(src, tmp_path / "out", jobs=1, progress=False, keep_non_reports=True)  # no --force needed
    assert pd.read_parquet(tmp_path / "out" / "failures.parquet").empty and again.cached == 2
    dups = pd.read_parquet(tmp_path / "out" / "duplicates.parquet")
    assert dups[["file", "duplicate_of", "kind"]].values.tolist() == [[str(src / "a.txt"), str(src / "a.html"), "near"]]


def test_read_report_refuses_a_non_report(tmp_path):
    from govtext import read_report
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode())
    with pytest.raises(errors.NotAReport, match="notice.txt"):
        read_report(path)
