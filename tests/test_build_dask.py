"""The Dask engine runs the same per-file function and writes the same tables as the local pool."""
from __future__ import annotations

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
