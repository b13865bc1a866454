"""A build killed with SIGKILL part-way resumes with no lost and no duplicated rows."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from govtext.build import FRAME_NAMES, build
from govtext.synth import write_corpus


def tables(out) -> dict[str, pd.DataFrame]:
    return {n: pd.read_parquet(out / f"{n}.parquet") for n in FRAME_NAMES}


def chunks(out) -> list:
    parts = out / "_build" / "parts"
    return [d for d in parts.iterdir() if not d.name.startswith(".")] if parts.is_dir() else []


@pytest.mark.slow
def test_sigkill_then_resume_equals_clean_build(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40, seed=11, formats=["txt", "md", "crawler"])
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "govtext.cli", "build", str(corpus), "--out", str(out),
           "--jobs", "1", "--chunk-size", "4", "--tables-only"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(chunks(out)) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the build finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers
    proc.wait()
    stored = len(chunks(out))
    assert 3 <= stored < 11 and not (out / "reports.parquet").exists()

    resumed = build(corpus, out, jobs=1, finish=False, progress=False)
    assert resumed.cached >= 3 * 4 and resumed.cached + resumed.parsed + resumed.failed == 41
    clean = tmp_path / "clean"
    build(corpus, clean, jobs=1, finish=False, progress=False)
    for name in FRAME_NAMES:
        pd.testing.assert_frame_equal(tables(out)[name], tables(clean)[name])
    assert tables(out)["reports"]["sha256"].is_unique and len(tables(out)["reports"]) == 40
    assert len(tables(out)["failures"]) == 1
