"""benchmarks/run.py reuses a complete generated corpus and generates again when the settings differ."""
from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_make_corpus_reuses_a_complete_corpus_of_the_same_settings(tmp_path):
    bench = _bench()
    where = tmp_path / "corpus"
    _, first = bench.make_corpus(where, 2, ["txt"], seed=1)
    files = sorted(p.name for p in where.glob("*.txt"))
    assert first > 0 and len(files) == 2
    assert bench.make_corpus(where, 2, ["txt"], seed=1)[1] == 0.0
    _, other = bench.make_corpus(where, 3, ["txt"], seed=1)
    assert other > 0 and len(list(where.glob("*.txt"))) == 3


def test_an_unfinished_corpus_is_generated_again(tmp_path):
    bench = _bench()
    where = tmp_path / "corpus"
    where.mkdir()
    (where / "left-over.txt").write_text("a killed run", encoding="utf-8")
    _, seconds = bench.make_corpus(where, 1, ["txt"], seed=1)
    assert seconds > 0 and not (where / "left-over.txt").exists()
