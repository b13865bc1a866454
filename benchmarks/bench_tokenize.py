"""govtext's Tokenizer versus raw ``jieba.lcut`` on the same narrative text.

``run(quick=...)`` returns ``{"tokenize_vs_jieba": jieba seconds / govtext seconds, ...}``
(> 1 means govtext is faster; the acceptance is >= 0.8, i.e. within 20 %).
The text is the narrative of generated reports (govtext.synth), one call per
paragraph for both; each side is warmed up (dictionaries loaded) and timed as
the best of several interleaved repetitions. Every repetition uses a new
``Tokenizer``, whose memo of sentences starts empty: wording that repeats
within the text is found again (a real saving on reports), but nothing is
carried over from an earlier repetition. The default engine segments with jieba-rs
(rjieba), which gives jieba's words; ``govtext_jieba_engine_s`` is the same
tokenizer with ``engine="jieba"`` (jieba itself), for comparison.
``python benchmarks/bench_tokenize.py`` prints the result.
"""
from __future__ import annotations

import json
import time

import jieba

from govtext.synth import generate_reports
from govtext.text import Tokenizer


def paragraphs(n_reports: int, seed: int = 0) -> list[str]:
    """The narrative paragraphs of ``n_reports`` generated reports."""
    out = []
    for r in generate_reports(n_reports, seed=seed):
        for s in r.sections:
            out += ["".join(x.text for x in p) for p in s.paragraphs]
    return out


def _seconds(fn, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


def run(quick: bool = False) -> dict:
    """Time both tokenizers on the same paragraphs; return the ratio and the inputs' size."""
    texts = paragraphs(60 if quick else 300)
    Tokenizer()(texts[0])
    Tokenizer(engine="jieba")(texts[0])
    jieba.lcut(texts[0])
    ours = theirs = with_jieba = float("inf")
    for _ in range(3 if quick else 5):  # interleaved, so that load from other processes hits both sides alike
        ours = min(ours, _seconds(Tokenizer(), texts))
        theirs = min(theirs, _seconds(jieba.lcut, texts))
        with_jieba = min(with_jieba, _seconds(Tokenizer(engine="jieba"), texts))
    return {"tokenize_vs_jieba": round(theirs / ours, 3), "govtext_s": round(ours, 4), "jieba_s": round(theirs, 4),
            "govtext_jieba_engine_s": round(with_jieba, 4),
            "chars": sum(map(len, texts)), "paragraphs": len(texts), "jieba_version": jieba.__version__}


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False))
