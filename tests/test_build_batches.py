"""Files go to workers in batches; a batch that fails as a whole is split so only the file at fault fails."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

import govtext.build_engines as engines
from govtext.build import FRAME_NAMES, build
from govtext.synth import write_corpus

ORIGINAL = engines.parse_file


def _faulty_parse_file(path, **kw):
    name = Path(path).name
    if name == "bug.txt":
        raise AssertionError("a bug outside the per-file guard")
    if name == "hang.txt":
        time.sleep(60)
    if name == "crash.txt":
        os._exit(3)
    return ORIGINAL(path, **kw)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    write_corpus(d, 12, seed=7, formats=["txt", "md", "crawler"])
    (d / "empty.txt").write_bytes(b"")
    return d


def tables(out) -> dict[str, pd.DataFrame]:
    return {n: pd.read_parquet(out / f"{n}.parquet") for n in FRAME_NAMES}


def test_batches_respect_the_file_and_byte_limits(tmp_path):
    files = []
    for i, size in enumerate([10, 10, 500, 10, 10, 10]):
        (tmp_path / f"{i}.txt").write_bytes(b"x" * size)
        files.append((str(tmp_path / f"{i}.txt"), None))
    assert [len(b) for b in engines.batches(files, 2, max_bytes=100)] == [2, 1, 2, 1]
    assert [t for b in engines.batches(files, 4, max_bytes=100) for t in b] == files


def test_batch_size_keeps_every_worker_busy():
    assert engines.batch_size(3000, 2) == engines.BATCH_FILES
    assert engines.batch_size(320, 2) == 10 and engines.batch_size(0, 2) == 1
    assert 320 // engines.batch_size(320, 2) >= 2 * engines.BATCHES_PER_WORKER


def test_packed_batch_gives_back_each_files_tables(corpus):
    results = [engines.parse_task(str(f), None, engines.TaskLimits()) for f in sorted(corpus.glob("*.*"))]
    assert {r.status for r in results} == {"parsed", "failed"}
    for back, r in zip(engines.unpack(engines.pack(results)), results):
        assert (back.file, back.sha256, back.status, back.format, back.code) == (r.file, r.sha256, r.status, r.format, r.code)
        for name in FRAME_NAMES:
            assert back.frames[name].equals(r.frames[name])


@pytest.mark.parametrize("size", [1, 5])
def test_batched_build_writes_the_same_tables_and_chunks(corpus, tmp_path, monkeypatch, size):
    monkeypatch.setattr(engines, "batch_size", lambda n, workers: size)
    build(corpus, tmp_path / "out", jobs=2, finish=False, progress=False, chunk_size=4)
    monkeypatch.setattr(engines, "batch_size", lambda n, workers: 1)
    build(corpus, tmp_path / "single", jobs=1, finish=False, progress=False)
    for name in FRAME_NAMES:
        pd.testing.assert_frame_equal(tables(tmp_path / "out")[name], tables(tmp_path / "single")[name])
    parts = tmp_path / "out" / "_build" / "parts"
    assert len([d for d in parts.iterdir() if d.is_dir()]) == 4  # 13 files, 4 per chunk


def test_a_failing_batch_is_split_and_only_the_file_at_fault_fails(corpus, tmp_path, monkeypatch):
    # the pool's workers are forked, so they inherit the patched per-file function
    monkeypatch.setattr(engines, "parse_file", _faulty_parse_file)
    good = sorted(corpus.glob("*.txt"))[0].read_bytes()
    names = ["a1", "hang", "a2", "b1", "crash", "b2", "c1", "bug", "c2"]
    for name in names:
        (tmp_path / f"{name}.txt").write_bytes(good + name.encode())
    tasks = [(str(tmp_path / f"{name}.txt"), name) for name in names]
    start = time.monotonic()
    results = list(engines.run_local(tasks, engines.TaskLimits(timeout=2), jobs=2, size=3))
    assert time.monotonic() - start < 40
    codes = {r.sha256: r.code for r in results}
    assert sorted(codes) == sorted(names)  # each file exactly once
    assert {k: v for k, v in codes.items() if v} == {"hang": "E-TIMEOUT", "crash": "E-CRASH", "bug": "E-INTERNAL"}
    for r in results:
        assert r.frames["failures"]["file"].to_pylist() == ([r.file] if r.code else [])
        assert len(r.frames["reports"]) == (0 if r.code else 1)


def test_dask_splits_a_batch_that_runs_out_of_time(corpus, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")

    def slow(path, **kw):
        if path.endswith("hang.txt"):
            time.sleep(4)
        return ORIGINAL(path, **kw)

    monkeypatch.setattr(engines, "parse_file", slow)  # an in-process cluster runs this very function
    good = sorted(corpus.glob("*.txt"))[0].read_bytes()
    names = ["a", "hang", "b", "c"]
    for name in names:
        (tmp_path / f"{name}.txt").write_bytes(good + name.encode())
    tasks = [(str(tmp_path / f"{name}.txt"), name) for name in names]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=4, processes=False, dashboard_address=None) as cluster:
        results = list(engines.run_dask(tasks, engines.TaskLimits(timeout=0.4), scheduler=cluster.scheduler_address,
                                        size=4))
    assert sorted(r.sha256 for r in results) == sorted(names)
    assert {r.sha256: r.code for r in results if r.code} == {"hang": "E-TIMEOUT"}
