"""The tokens frame: columns, alignment with the sentences frame, provenance and the on-disk cache."""
from __future__ import annotations

import pandas as pd

import govtext
from govtext.schema import frame
from govtext.text import Tokenizer, segment_sections, tokens_frame

from conftest import SEED, need

SECS = frame("sections", [
    {"report_id": "r1", "section": "overview", "found": True, "text": "推进政务公开。\n一是加强政务新媒体管理；二是完善三级审查。"},
    {"report_id": "r1", "section": "problems", "found": True, "text": "政策解读形式单一。"},
    {"report_id": "r2", "section": "overview", "found": False, "text": None},
])


def test_columns_and_positions():
    t = tokens_frame(SECS)
    assert list(t.columns) == list(frame("tokens", []).columns)
    expected = pd.DataFrame({"sentence": [0, 0, 1, 1, 1, 2, 2], "position": [0, 1, 0, 1, 2, 0, 1],
                             "token": ["推进", "政务公开", "加强", "政务新媒体", "管理", "完善", "三级审查"]})
    got = t[t["section"] == "overview"][["sentence", "position", "token"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert t["pos"].isna().all() and set(t["report_id"]) == {"r1"}
    assert t.attrs["tokenizer"]["domain_dict_sha256"] == Tokenizer().provenance()["domain_dict_sha256"]


def test_sentence_numbers_match_sentences_frame():
    s = segment_sections(SECS)
    t = tokens_frame(SECS, Tokenizer(tag=True))
    keys = set(map(tuple, s[["report_id", "section", "paragraph", "sentence"]].astype(str).values))
    assert set(map(tuple, t[["report_id", "section", "paragraph", "sentence"]].astype(str).values)) <= keys
    assert t["pos"].notna().all()


def test_cache_hit_skips_segmentation(tmp_path, monkeypatch):
    first = tokens_frame(SECS, cache_dir=tmp_path)
    files = list(tmp_path.rglob("*.parquet"))
    assert len(files) == 2 and (files[0].parent / "tokenizer.json").exists()  # one per report
    import govtext.text.tokens as tokens_module
    monkeypatch.setattr(tokens_module, "_tokenize_sentences", lambda *a: (_ for _ in ()).throw(AssertionError("re-segmented")))
    again = tokens_frame(SECS, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(first, again)
    # other settings are another cache entry
    monkeypatch.undo()
    tokens_frame(SECS, Tokenizer(ngram_range=(1, 2)), cache_dir=tmp_path)
    assert len(list(tmp_path.rglob("*.parquet"))) == 4


def test_real_report_tokens():
    report = govtext.read_report(need(SEED))
    t = tokens_frame(report)
    assert len(t) > 300 and {"政务公开", "政府信息"} & set(t["token"])
    assert not t["token"].str.fullmatch(r"[\W\d]+").any()
