"""The tokenizer: domain terms kept whole on real sentences, private jieba, stopwords, POS, n-grams, pickling."""
from __future__ import annotations

import pickle
import re

import jieba
import pytest

import govtext
from govtext.text import Tokenizer, segment_report
from govtext.text.tokenize import domain_terms, default_stopwords

from conftest import CORPUS_REAL, SEED, need

TERMS = ["政务公开", "依申请公开", "政务新媒体", "政府信息公开专栏", "三级审查", "行政复议", "法定时限", "主动公开",
         "政府信息公开申请", "政策解读", "重点领域信息公开", "基层政务公开", "规范性文件", "政府门户网站"]


def test_domain_dictionary_is_large_and_well_formed():
    rows = domain_terms()
    words = [w for w, _, _ in rows]
    assert len(rows) >= 300 and len(set(words)) == len(words)
    assert set(TERMS) <= set(words)
    assert all(f > 0 and re.fullmatch(r"[a-z]+", p) for _, f, p in rows)


@pytest.mark.parametrize("sentence, term", [
    ("严格落实三级审查制度，确保依申请公开件在法定时限内办结。", "三级审查"),
    ("严格落实三级审查制度，确保依申请公开件在法定时限内办结。", "依申请公开"),
    ("严格落实三级审查制度，确保依申请公开件在法定时限内办结。", "法定时限"),
    ("加强政务新媒体管理，优化政府信息公开专栏。", "政务新媒体"),
    ("加强政务新媒体管理，优化政府信息公开专栏。", "政府信息公开专栏"),
    ("本年度发生政府信息公开行政复议案件2件。", "行政复议"),
])
def test_domain_terms_whole_in_sentences(sentence, term):
    assert term in Tokenizer()(sentence)


def _real_sentences():
    paths = [SEED, *sorted(CORPUS_REAL.glob("202[1-5]_*"))] if CORPUS_REAL.exists() else [SEED]
    out = []
    for p in paths:
        out += list(segment_report(govtext.read_report(need(p)))["text"])
    return out


def test_domain_terms_whole_on_real_sentences():
    tok = Tokenizer(stopwords=False)
    seen = 0
    for sentence in _real_sentences():
        for term in TERMS:
            if term in sentence:
                # a term that occurs in a real sentence comes out whole, unless it is part of a longer domain term
                tokens = tok(sentence)
                covered = any(term in t for t in tokens)
                assert covered, (term, sentence, tokens)
                seen += 1
    assert seen >= 50


def test_private_segmenter_leaves_jieba_global_alone():
    before = jieba.dt.initialized, dict(jieba.dt.user_word_tag_tab)
    Tokenizer()("政府信息公开专栏")
    assert (jieba.dt.initialized, dict(jieba.dt.user_word_tag_tab)) == before
    assert "政府信息公开专栏" not in jieba.dt.FREQ or not jieba.dt.initialized


def test_stopwords_punctuation_numbers_dropped():
    toks = Tokenizer()("一是进一步加强，共收到申请33件、占50%。")
    assert "一是" not in toks and "进一步" not in toks and "，" not in toks and "33" not in toks and "50%" not in toks
    assert "33" in Tokenizer(keep_numbers=True)("共收到申请33件")
    assert "一是" in default_stopwords() and "的" in default_stopwords()
    assert "加强" in Tokenizer(extra_stopwords=["收到"])("加强收到") and "收到" not in Tokenizer(extra_stopwords=["收到"])("加强收到")


def test_pos_filter_and_tags():
    tagged = Tokenizer(tag=True).tagged("推进政务公开")
    assert ("政务公开", "nz") in tagged
    nouns = Tokenizer(pos_filter=("n",))("推进政务公开")
    assert "政务公开" in nouns and "推进" not in nouns


def test_ngrams():
    assert Tokenizer(ngram_range=(2, 2))("推进政务公开检查") == ["推进 政务公开", "政务公开 检查"]


def test_picklable_and_provenance():
    tok = Tokenizer(pos_filter=("n", "v"), ngram_range=(1, 2))
    back = pickle.loads(pickle.dumps(tok))
    assert back.get_params() == tok.get_params() and back("政务公开") == tok("政务公开")
    prov = tok.provenance()
    assert prov["jieba_version"] == jieba.__version__ and len(prov["domain_dict_sha256"]) == 64
    assert tok.key != Tokenizer().key and Tokenizer().key == Tokenizer().key


def test_repeated_sentences_are_remembered_and_returned_as_fresh_lists(monkeypatch):
    import govtext.text.tokenize as T

    tok = T.Tokenizer()
    calls = []
    real = tok._tag
    monkeypatch.setattr(tok, "_tag", lambda text: calls.append(text) or real(text))
    first = tok.tagged("我局通过政府信息公开专栏主动公开政府信息。")
    first.append(("x", None))
    assert tok.tagged("我局通过政府信息公开专栏主动公开政府信息。") == first[:-1] and len(calls) == 1
    long = "主动公开政府信息。" * 40  # remembered sentence by sentence
    assert tok(long) == tok(long) and calls.count(long) == 0 and calls.count("主动公开政府信息。") == 1
    paragraph = "依申请公开办理及时。我局通过政府信息公开专栏主动公开政府信息。"  # a known sentence is not segmented again
    assert tok.tagged(paragraph) == tok._tag(paragraph) and calls.count("我局通过政府信息公开专栏主动公开政府信息。") == 1
    monkeypatch.setattr(T, "MEMO_SENTENCES", 1)
    tok.tagged("开展行政复议")
    assert list(tok._tagged_memo) == ["开展行政复议"]


def test_a_long_text_is_tokenized_piece_by_piece_with_the_same_tokens():
    import govtext.text.tokenize as T

    text = "我局通过政府信息公开专栏主动公开政府信息；依申请公开办理及时！" * 8 + "存在的问题：政务新媒体更新不及时？\n" * 4
    assert len(text) > T.MEMO_MAX_CHARS
    for tok in (T.Tokenizer(), T.Tokenizer(tag=True), T.Tokenizer(hmm=False)):
        assert tok.tagged(text) == tok._tag(text)
        assert set(tok._tagged_memo) == {"我局通过政府信息公开专栏主动公开政府信息；", "依申请公开办理及时！",
                                         "存在的问题：政务新媒体更新不及时？", "\n"}


def _narrative_sentences(paths) -> list[str]:
    from govtext.corpus import parse_file
    from govtext.text.segment import sentence_records

    out = []
    for path in paths:
        report, _ = parse_file(path)
        if report is not None:
            out += [s["text"] for s in sentence_records(report.rows("sections"))]
    return out


def test_rjieba_engine_gives_jiebas_tokens_on_real_and_generated_reports(tmp_path):
    """The default engine (jieba-rs) against jieba itself, sentence by sentence, with the HMM on and off and
    with numbers and stopwords kept (jieba-rs keeps "1-12" whole where jieba's HMM step cuts it)."""
    from govtext.synth import write_corpus

    write_corpus(tmp_path, 40, seed=3, formats=["txt", "html"])
    paths = sorted(tmp_path.glob("*.txt")) + sorted(tmp_path.glob("*.html"))
    if CORPUS_REAL.exists():
        paths += [p for p in sorted(CORPUS_REAL.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    sentences = _narrative_sentences(paths) + ["平潭综合实验区2016年1-12月预算执行情况", "文化发展规划（2021-2035）"]
    assert len(sentences) > 2000
    for settings in ({}, {"keep_numbers": True, "stopwords": False}, {"hmm": False, "keep_numbers": True}):
        ours, theirs = Tokenizer(**settings), Tokenizer(engine="jieba", **settings)
        assert ours.engine == "rjieba"
        differ = [s for s in sentences if ours._tag(s) != theirs._tag(s)]
        assert differ == [], (settings, differ[:3])
    assert Tokenizer(keep_numbers=True, stopwords=False)("1-12月") == ["1", "12", "月"]


def test_engine_is_checked_and_recorded():
    with pytest.raises(ValueError, match="unknown engine"):
        Tokenizer(engine="pkuseg")
    prov = Tokenizer().provenance()
    assert prov["settings"]["engine"] == "rjieba" and prov["rjieba_version"]
    assert Tokenizer(engine="jieba").provenance()["rjieba_version"] is None
    assert Tokenizer(engine="jieba").key != Tokenizer().key
