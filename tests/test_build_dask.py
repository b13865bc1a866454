"""The Dask engine runs the same per-file function and writes the same tables as the local pool."""
from __future__ import annotations

import time

import pandas as pd
import pytest

from govtext.build import FRAME_NAMES, build
from govtext.synth import write_corpus

distributed = pytest.importorskip("distributed")


def test_dask_and_local_engines_write_identical_tables(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6, seed=5, formats=["txt", "md", "crawler"])
    (corpus / "empty.txt").write_bytes(b"")
    build(corpus, tmp_path / "local", jobs=2, finish=False, progress=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        result = build(corpus, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address,
                       finish=False, progress=False, chunk_size=3)
    assert (result.parsed, result.failed) == (6, 1)
    for name in FRAME_NAMES:
        local = pd.read_parquet(tmp_path / "local" / f"{name}.parquet")
        dask = pd.read_parquet(tmp_path / "dask" / f"{name}.parquet")
        pd.testing.assert_frame_equal(dask, local)


def test_dask_engine_gives_up_on_a_hung_file(tmp_path, monkeypatch):
    import govtext.build_engines as engines

    original = engines.parse_file

    def slow(path, **kw):
        if path.endswith("hang.txt"):
            time.sleep(4)
        return original(path, **kw)

    monkeypatch.setattr(engines, "parse_file", slow)  # an in-process cluster runs this very function
    monkeypatch.setattr(engines, "batch_size", lambda n, workers: n)  # all files in one batch
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3, seed=5, formats=["txt"])
    (corpus / "hang.txt").write_bytes(next(corpus.glob("*.txt")).read_bytes() + b"x")
    # the 4 files go as one batch; it runs out of time (2 x 0.4 s), its files are sent again
    # one by one and only hang.txt times out; spare threads run the others while hung threads sleep on
    with distributed.LocalCluster(n_workers=1, threads_per_worker=4, processes=False, dashboard_address=None) as cluster:
        result = build(corpus, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address,
                       finish=False, progress=False, timeout=0.4)
    failures = pd.read_parquet(tmp_path / "out" / "failures.parquet")
    assert result.parsed == 3 and list(failures["code"]) == ["E-TIMEOUT"]
    assert failures["file"].iloc[0].endswith("hang.txt")
