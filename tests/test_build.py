"""govtext build: same tables as parse, incremental cache, limits, failures as rows, CLI."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

import govtext.build_engines as engines
from govtext.build import FRAME_NAMES, build, read_cache
from govtext.cli import main
from govtext.corpus import read_reports
from govtext.synth import write_corpus
from govtext.text import segment_sections, tokens_frame


def tables(out) -> dict[str, pd.DataFrame]:
    return {n: pd.read_parquet(out / f"{n}.parquet") for n in FRAME_NAMES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    write_corpus(d, 8, seed=3, formats=["txt", "md", "crawler"])
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    return d


def quiet(corpus, out, **kw):
    return build(corpus, out, jobs=2, finish=False, progress=False, **kw)


def test_build_tables_equal_parse(corpus, tmp_path):
    result = quiet(corpus, tmp_path / "out")
    built = tables(tmp_path / "out")
    parsed = read_reports(corpus).frames()
    parsed.update(sentences=segment_sections(parsed["sections"]), tokens=tokens_frame(parsed["sections"]))
    for name in FRAME_NAMES:
        pd.testing.assert_frame_equal(built[name], parsed[name].reset_index(drop=True), check_dtype=False)
    assert (result.parsed, result.failed, result.cached) == (8, 2, 0)
    assert set(built["failures"]["file"]) == {str(corpus / "empty.txt"), str(corpus / "binary.txt")}
    assert built["failures"]["code"].str.startswith("E-").all()
    assert built["failures"]["sha256"].notna().all()


def test_incremental_change_add_remove_rename(corpus, tmp_path):
    src = tmp_path / "c"
    src.mkdir()
    for f in corpus.iterdir():
        if f.is_file():
            (src / f.name).write_bytes(f.read_bytes())
    out = tmp_path / "out"
    first = quiet(src, out)
    assert quiet(src, out).cached == first.parsed + first.failed
    txt = sorted(p for p in src.glob("*.txt") if p.stat().st_size > 1000)
    changed, removed, renamed = txt[0], txt[1], txt[2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("一、", "一、 ", 1), encoding="utf-8")
    removed.unlink()
    renamed.rename(src / ("zz_" + renamed.name))
    (src / "new.txt").write_bytes(txt[3].read_bytes().replace("年度".encode(), "年度 ".encode(), 1))
    again = quiet(src, out)
    assert (again.parsed, again.removed) == (2, 2)
    assert again.cached == first.parsed + first.failed - 2  # all but the changed and the removed file
    pd.testing.assert_frame_equal(tables(out)["cells"], read_reports(src).cells, check_dtype=False)
    sections = read_reports(src).sections  # the tokens of the changed and the new file are made again too
    pd.testing.assert_frame_equal(tables(out)["tokens"], tokens_frame(sections), check_dtype=False)
    reports = tables(out)["reports"]
    assert str(src / ("zz_" + renamed.name)) in set(reports["file"]) and str(removed) not in set(reports["file"])
    forced = quiet(src, out, force=True)
    assert forced.cached == 0 and forced.parsed == len(tables(out)["reports"]) == len(reports)


def test_duplicate_content_is_built_once(corpus, tmp_path):
    src = tmp_path / "c"
    src.mkdir()
    f = sorted(corpus.glob("*.txt"))[0]
    (src / "a.txt").write_bytes(f.read_bytes())
    (src / "b.txt").write_bytes(f.read_bytes())
    result = quiet(src, tmp_path / "out")
    assert len(tables(tmp_path / "out")["reports"]) == 1
    dup = result.manifest.set_index("file").loc[str(src / "b.txt")]
    assert (dup["status"], dup["duplicate_of"]) == ("duplicate", str(src / "a.txt"))


def test_size_limit(corpus, tmp_path):
    result = quiet(corpus, tmp_path / "out", max_bytes=1000)
    failures = tables(tmp_path / "out")["failures"]
    assert result.parsed == 0
    assert (failures["code"] == "E-TOO-LARGE").sum() == 9  # all but the empty file


def _slow_parse_file(path, **kw):
    if Path(path).name == "bug.txt":
        raise AssertionError("a bug outside the per-file guard")
    if Path(path).name == "hang.txt":
        time.sleep(60)
    if Path(path).name == "crash.txt":
        os._exit(3)
    return ORIGINAL(path, **kw)


ORIGINAL = engines.parse_file


def test_hung_and_crashing_files_do_not_stall_the_batch(corpus, tmp_path, monkeypatch):
    # the pool's workers are forked, so they inherit the patched per-file function
    monkeypatch.setattr(engines, "parse_file", _slow_parse_file)
    src = tmp_path / "c"
    src.mkdir()
    good = sorted(corpus.glob("*.txt"))[0].read_bytes()
    for name in ("a.txt", "bug.txt", "hang.txt", "crash.txt", "z.txt"):
        (src / name).write_bytes(good + name.encode())
    start = time.monotonic()
    result = quiet(src, tmp_path / "out", timeout=3)
    assert time.monotonic() - start < 40
    codes = tables(tmp_path / "out")["failures"].set_index("file")["code"]
    assert codes.to_dict() == {str(src / "bug.txt"): "E-INTERNAL", str(src / "hang.txt"): "E-TIMEOUT",
                               str(src / "crash.txt"): "E-CRASH"}
    assert result.parsed == 2
    # time-outs and crashes are tried again by the next build, parsed files are not
    monkeypatch.setattr(engines, "parse_file", ORIGINAL)
    again = quiet(src, tmp_path / "out")
    assert (again.parsed, again.cached, again.failures_total) == (3, 2, 0)


def test_unreadable_file_is_a_failure_row_and_retried(corpus, tmp_path, monkeypatch):
    import govtext.build as build_module

    target = sorted(corpus.glob("0*.txt"))[0]
    real = build_module.file_sha256

    def denied(path):
        if path == target:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(build_module, "file_sha256", denied)
    result = quiet(corpus, tmp_path / "out")
    row = tables(tmp_path / "out")["failures"].set_index("file").loc[str(target)]
    assert (row["code"], result.parsed) == ("E-READ", 7) and "Permission denied" in row["message"]
    monkeypatch.setattr(build_module, "file_sha256", real)
    again = quiet(corpus, tmp_path / "out")
    assert (again.parsed, again.cached) == (1, 9) and len(tables(tmp_path / "out")["reports"]) == 8


def test_fail_fast_raises(corpus, tmp_path):
    with pytest.raises(Exception, match="binary.txt|empty.txt"):
        quiet(corpus, tmp_path / "out", fail_fast=True)


def test_chunks_and_cache(corpus, tmp_path):
    quiet(corpus, tmp_path / "out", chunk_size=3)
    parts = tmp_path / "out" / "_build" / "parts"
    assert len([d for d in parts.iterdir() if d.is_dir()]) == 4  # 10 files, 3 per chunk
    cache = read_cache(parts)
    assert len(cache) == 10 and cache["sha256"].is_unique
    assert not list(parts.glob(".tmp-*"))


def test_cli_build_summary_and_strict(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "--out", str(out), "--jobs", "1", "--tables-only"]) == 0
    text = capsys.readouterr().out
    assert "10 files: 8 parsed, 2 failed, 0 cached" in text
    assert main(["build", str(corpus), "--out", str(out), "--jobs", "1", "--tables-only", "--strict"]) == 1
    assert "10 cached" in capsys.readouterr().out


def test_build_finishes_the_dataset_even_when_nothing_changed(corpus, tmp_path):
    quiet(corpus, tmp_path / "out")
    assert not (tmp_path / "out" / "indicators.parquet").exists()
    again = build(corpus, tmp_path / "out", jobs=1, progress=False)
    assert again.cached == 10 and (tmp_path / "out" / "indicators.parquet").is_file()


@pytest.mark.parametrize("name", ["govtext.build", "govtext.build_engines"])
def test_docstring_examples(name):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS).failed == 0


def test_second_build_on_the_same_folder_is_refused(corpus, tmp_path, monkeypatch):
    import fcntl

    import govtext.build

    monkeypatch.setattr(govtext.build, "LOCK_GRACE_S", 0.2)

    (tmp_path / "out" / "_build").mkdir(parents=True)
    with open(tmp_path / "out" / "_build" / "lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(RuntimeError, match="another govtext build"):
            quiet(corpus, tmp_path / "out")
    assert quiet(corpus, tmp_path / "out").parsed == 8


def test_results_of_another_tokenizer_are_parsed_again(corpus, tmp_path, monkeypatch):
    """Stored tokens depend on the tokenizer (jieba version, dictionary, settings): its key is part of the cache key."""
    first = quiet(corpus, tmp_path / "out")
    assert engines.cache_version().endswith(engines.tokenizer().key)
    monkeypatch.setattr("govtext.build.cache_version", lambda: "0.1.0+tokenizer-0123456789abcdef")
    again = quiet(corpus, tmp_path / "out")
    assert (again.cached, again.parsed) == (0, first.parsed)
