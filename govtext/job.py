"""The main job: build the dataset from ``corpus/`` and write the paper's figures.

When the corpus folder holds no reports yet, a labelled synthetic demo corpus
(``govtext.synth``: every file has its truth JSON under ``truth/`` and a row in
``MANIFEST.csv``) is generated there first, and the result says so.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> r = main_job(d / "corpus", d / "dataset", d / "figures", demo_n=6)
>>> r.demo, r.n_reports + r.n_failures
(True, 6)
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govtext.corpus import list_report_files
from govtext.dataset import read_dataset

log = logging.getLogger(__name__)

#: formats of the demo corpus (PDF is left out: it needs LibreOffice)
DEMO_FORMATS: tuple[str, ...] = ("txt", "crawler", "md", "html", "docx")


@dataclass
class JobResult:
    """What the main job did."""

    corpus: Path
    dataset: Path
    figures: Path
    demo: bool
    n_reports: int
    n_failures: int
    manifest: pd.DataFrame


def ensure_corpus(corpus: str | Path, *, demo_n: int = 60, seed: int = 0) -> bool:
    """Generate a synthetic demo corpus in ``corpus`` when it holds no report; True when it did."""
    from govtext.synth import write_corpus

    corpus = Path(corpus)
    if corpus.exists() and list_report_files(corpus):
        return False
    write_corpus(corpus, demo_n, seed, DEMO_FORMATS)
    log.warning("%s held no reports: generated a synthetic demo corpus of %d reports (truth in %s)", corpus, demo_n, corpus / "truth")
    return True


def build_dataset(corpus: str | Path, out: str | Path, *, jobs: int | None = None) -> dict[str, pd.DataFrame]:
    """Build (or bring up to date) the dataset of ``corpus`` in ``out`` and return its tables.

    Runs :func:`govtext.build.build` (parallel, incremental; it finishes the
    dataset with :func:`govtext.dataset.finish_dataset`).
    """
    from govtext.build import build

    build(corpus, out, jobs=jobs, progress=False)
    return read_dataset(out)


def main_job(corpus: str | Path = "corpus", out: str | Path = "output/dataset", figures: str | Path = "output/figures",
             *, demo_n: int = 60, seed: int = 0) -> JobResult:
    """Build the dataset from ``corpus`` into ``out`` and draw the paper's figures into ``figures``."""
    from govtext.figures.paper import write_paper_figures  # matplotlib only when figures are drawn

    demo = ensure_corpus(corpus, demo_n=demo_n, seed=seed)
    tables = build_dataset(corpus, out)
    manifest = write_paper_figures(out, figures)
    return JobResult(Path(corpus), Path(out), Path(figures), demo, len(tables["reports"]), len(tables["failures"]), manifest)


def open_dataset(corpus: str | Path = "corpus", out: str | Path = "output/dataset", *, rebuild: bool = False) -> dict[str, pd.DataFrame]:
    """The dataset in ``out``, built from ``corpus`` first when it is not there (or ``rebuild``).

    An empty ``corpus`` folder first gets the synthetic demo corpus (see :func:`ensure_corpus`).
    """
    if rebuild or not (Path(out) / "indicators.parquet").exists():
        ensure_corpus(corpus)
        return build_dataset(corpus, out)
    return read_dataset(out)
