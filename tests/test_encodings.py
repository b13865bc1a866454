"""The seed in other encodings, line endings and digit widths parses to the same cells."""
from __future__ import annotations

import pandas as pd
import pytest

import govtext
from conftest import SEED, need

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _cells(path) -> pd.DataFrame:
    return govtext.read_report(path).cells[["table", "row", "col", "value", "status"]].reset_index(drop=True)


def _fullwidth_cells(text: str) -> str:
    return "\n".join("\t" + line[1:].translate(FULLWIDTH) if line.startswith("\t") else line for line in text.split("\n"))


@pytest.mark.parametrize("variant", ["gb18030", "utf-16", "utf-8-sig", "crlf", "cr", "fullwidth", "gb18030-crlf-fullwidth"])
def test_seed_variants_parse_to_the_same_cells(tmp_path, variant):
    text = need(SEED).read_text(encoding="utf-8")
    encoding = "utf-8"
    if "fullwidth" in variant:
        text = _fullwidth_cells(text)
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    if variant == "cr":
        text = text.replace("\n", "\r")
    if variant.startswith(("gb18030", "utf-16", "utf-8-sig")):
        encoding = variant.split("-crlf")[0]
    path = tmp_path / "seed.txt"
    path.write_bytes(text.encode(encoding))
    expected = _cells(SEED)
    got = _cells(path)
    pd.testing.assert_frame_equal(got, expected)
    assert govtext.read_report(path).meta["agency"] == "长春高新技术产业开发区"


def test_encoding_is_detected_from_content_not_extension(tmp_path):
    path = tmp_path / "report.utf8.txt"
    path.write_bytes(need(SEED).read_text(encoding="utf-8").encode("gb18030"))
    assert govtext.read_report(path).meta["encoding"] == "gb18030"
