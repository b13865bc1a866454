"""Legacy formats through LibreOffice: conversion, cache, failure messages (no LibreOffice needed for most)."""
from __future__ import annotations

import subprocess

import pytest

from govtext import errors
from govtext.ingest import office as O
from govtext.ingest import read_document, sniff

#: an RTF report fragment with a two-row table; Chinese as \uN escapes, as Word writes it
RTF = (r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0 SimSun;}}"
       r"\pard \u20108?\u12289?\u20027?\u21160?\u20844?\u24320?\par"  # 二、主动公开
       r"\trowd\cellx3000\cellx6000 \intbl \u35268?\u31456?\cell \intbl 7\cell\row"  # 规章 | 7
       r"\trowd\cellx3000\cellx6000 \intbl \u34892?\u25919?\u35768?\u21487?\cell \intbl 97\cell\row"  # 行政许可 | 97
       r"\pard\par}").encode("ascii")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVTEXT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "office"


def test_legacy_kinds_are_sniffed_from_content():
    assert sniff(RTF) == "rtf"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) == "ole"


def test_without_libreoffice_the_message_says_how_to_install(cache, monkeypatch):
    monkeypatch.setattr(O, "soffice_path", lambda: None)
    with pytest.raises(errors.MissingDependency) as exc:
        read_document("old.rtf", RTF)
    assert "old.rtf" in str(exc.value) and "apt-get install libreoffice" in exc.value.hint


def test_a_conversion_that_writes_nothing_fails_even_with_exit_0(cache, monkeypatch):
    monkeypatch.setattr(O, "soffice_path", lambda: "/usr/bin/true")
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, b"", b""))
    with pytest.raises(errors.UnsupportedFormat, match="could not convert"):
        read_document("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)


@pytest.fixture(scope="module")
def soffice():
    if O.soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui")


def test_rtf_is_converted_then_read_and_cached(soffice, cache, monkeypatch):
    doc = read_document("old.rtf", RTF)
    assert doc.format == "rtf" and ("P-CONVERTED" in dict(doc.notes))
    table = next(b for b in doc.blocks if b.kind == "table")
    assert [[c.text for c in r] for r in table.rows] == [["规章", "7"], ["行政许可", "97"]]
    assert doc.blocks[0].text == "二、主动公开"
    assert len(list(cache.glob("*.docx"))) == 1
    # a second read comes from the cache: LibreOffice is not started again
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("LibreOffice ran although the result is cached"))
    assert read_document("copy.rtf", RTF).blocks == doc.blocks


def test_word_97_doc_with_merged_cells(soffice, cache, tmp_path):
    """A Word 97 file written by LibreOffice (from a page made here) reads back with its merged cells."""
    src = tmp_path / "in.html"
    src.write_text("<html><body><p>二、主动公开</p><table border=1><tr><td rowspan=2>行政处罚</td>"
                   "<td colspan=2>本年处理决定数量</td></tr><tr><td>12</td><td>3</td></tr></table></body></html>",
                   encoding="utf-8")
    subprocess.run([O.soffice_path(), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=120)
    if not (tmp_path / "in.doc").exists():
        pytest.skip("LibreOffice could not write a .doc here")
    data = (tmp_path / "in.doc").read_bytes()
    assert sniff(data) == "ole"
    doc = read_document("report.wps", data)  # WPS Office saves Word files under .wps
    assert doc.format == "wps"
    rows = next(b for b in doc.blocks if b.kind == "table").rows
    assert [(c.text, c.merged) for c in rows[1]] == [("行政处罚", True), ("12", False), ("3", False)]
    assert [(c.text, c.merged) for c in rows[0][1:]] == [("本年处理决定数量", False), ("本年处理决定数量", True)]
