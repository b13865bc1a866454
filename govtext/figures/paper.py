"""The paper's figure set, regenerated from a built dataset: PNG (300 dpi), PDF and a provenance JSON each.

Output is deterministic: the same dataset gives byte-identical files (no
timestamps or software names in the metadata, a fixed SVG hash salt, the
shipped font, no randomness). A figure whose data is empty is skipped and its
reason recorded in ``figures.json`` instead of drawing an empty plot.

Examples
--------
>>> list(PAPER)[:2]
['fig1_coverage', 'fig2_identity_checks']
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Callable, Iterable, Mapping, NamedTuple

import matplotlib
import pandas as pd

from govtext._version import __version__
from govtext.dataset import corpus_hash, read_dataset, report_agencies
from govtext.figures import plots
from govtext.figures.fonts import FAMILY, font_path
from govtext.figures.style import SAVE_OPTIONS, figure_style
from govtext.io import atomic_path, write_text

log = logging.getLogger(__name__)


class PaperFigure(NamedTuple):
    """One figure of the paper: the plot function and the figure-data table it draws."""

    plot: Callable
    data: str
    caption: str


#: figure name -> plot function, figure-data table, caption
PAPER: dict[str, PaperFigure] = {
    "fig1_coverage": PaperFigure(plots.plot_coverage, "reports", "Corpus coverage: reports per year by agency level"),
    "fig2_identity_checks": PaperFigure(plots.plot_check_rates, "reports",
                                        "Identity violations and undecidable identities by year and template"),
    "fig3_request_outcomes": PaperFigure(plots.plot_outcome_shares, "reports", "Request outcome shares by agency level (pooled)"),
    "fig4_correction_rates": PaperFigure(plots.plot_correction_rates, "reports",
                                         "Reconsideration and litigation correction rates by year (pooled)"),
    "fig5_problem_topics": PaperFigure(plots.plot_topic_prevalence, "topics", "Topic prevalence in 存在的主要问题 over years"),
    "fig6_boilerplate": PaperFigure(plots.plot_boilerplate, "reports", "Distribution of boilerplate (reused text) shares"),
}
FORMATS: tuple[str, ...] = ("png", "pdf")


def report_levels(tables: Mapping[str, pd.DataFrame]) -> pd.Series:
    """Agency level per report_id (Chinese label), through the ``panel`` and ``agencies`` tables.

    Missing for reports without an agency or year, and when the dataset has no panel.
    """
    ids = tables["indicators"]["report_id"]
    panel, agencies = tables.get("panel"), tables.get("agencies")
    if panel is None or agencies is None:
        return pd.Series(pd.NA, index=pd.Index(ids, name="report_id"), dtype="string")
    level = report_agencies(panel).map(agencies.set_index("agency_id")["level"]).map(plots.LEVEL_ZH)
    return level.reindex(ids).astype("string")


def carried_over_shares(tables: Mapping[str, pd.DataFrame]) -> pd.Series:
    """Per report: share of sentences carried over from the same agency's previous report (missing without reuse)."""
    ids = tables["indicators"]["report_id"]
    if tables.get("reuse") is None or tables["reuse"].empty:
        return pd.Series(float("nan"), index=pd.Index(ids, name="report_id"))
    from govtext.analysis import reuse_shares

    return reuse_shares(tables["reuse"]).set_index("report_id")["share_carried_over"].reindex(ids)


def topic_prevalence(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Mean topic weight per year and topic label (columns ``year``, ``topic``, ``prevalence``)."""
    topics = tables.get("topics")
    if topics is None or topics.empty:
        return pd.DataFrame(columns=["year", "topic", "prevalence"])
    years = tables["indicators"].set_index("report_id")["year"]
    t = topics.assign(year=topics["report_id"].map(years))
    return (t.groupby(["year", "label"], as_index=False)["weight"].mean()
            .rename(columns={"label": "topic", "weight": "prevalence"}))


def missing_input(name: str, tables: Mapping[str, pd.DataFrame]) -> str | None:
    """Why figure ``name`` cannot be drawn from this dataset at all (a table or column the text modules make), or None."""
    if PAPER[name].data == "topics" and "topics" not in tables:
        return "the dataset has no topics table (the text-analysis module did not run)"
    if name == "fig6_boilerplate" and tables["indicators"]["boilerplate_share"].isna().all():
        return "no report has a boilerplate share (the text-reuse module did not run)"
    return None


def figure_data(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frames the paper's figures draw: ``reports`` (indicators with ``level``) and ``topics``."""
    ind = tables["indicators"]
    return {"reports": ind.assign(level=report_levels(tables).to_numpy(), carried_over_share=carried_over_shares(tables).to_numpy()),
            "topics": topic_prevalence(tables)}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render(fig_name: str, data: pd.DataFrame, out_dir: Path, formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Draw one paper figure from ``data`` and save it in each format; raises ``ValueError`` on empty data."""
    import matplotlib.pyplot as plt

    spec = PAPER[fig_name]
    with figure_style():
        fig, ax = plt.subplots()
        try:
            spec.plot(data, ax=ax)
            paths = {}
            for fmt in formats:
                paths[fmt] = out_dir / f"{fig_name}.{fmt}"
                with atomic_path(paths[fmt]) as tmp:
                    fig.savefig(tmp, format=fmt, **SAVE_OPTIONS[fmt])
        finally:
            plt.close(fig)
    return paths


def write_paper_figures(data_dir: str | Path, out_dir: str | Path, *, formats: Iterable[str] = FORMATS,
                        only: Iterable[str] | None = None) -> pd.DataFrame:
    """Write the paper's figures from the dataset in ``data_dir`` to ``out_dir``.

    Returns one row per figure: name, status (``written`` or ``skipped``), reason, files.
    Also writes ``<figure>.json`` (provenance) per written figure and ``figures.json`` (all rows).
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    tables = read_dataset(data_dir)
    if "indicators" not in tables:
        raise FileNotFoundError(f"{data_dir}: [E-DATASET] no indicators.parquet; run `govtext build CORPUS --out {data_dir}` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    frames = figure_data(tables)
    common = {
        "govtext_version": __version__, "matplotlib_version": matplotlib.__version__,
        "corpus_hash": corpus_hash(tables["reports"]) if "reports" in tables else None,
        "n_reports": int(len(tables["indicators"])), "dataset": data_dir.name,
        "font": {"family": FAMILY, "file": font_path().name, "sha256": _sha256(font_path())},
    }
    rows = []
    for name in (list(only) if only is not None else PAPER):
        spec = PAPER[name]
        data = frames[spec.data]
        reason = missing_input(name, tables)
        try:
            if reason:
                raise ValueError(reason)
            paths = render(name, data, out_dir, formats)
        except ValueError as exc:
            log.warning("figure %s skipped: %s", name, exc)
            rows.append({"figure": name, "status": "skipped", "reason": str(exc), "files": ""})
            continue
        provenance = {"figure": name, "caption": spec.caption, **common,
                      "parameters": {"plot": f"{spec.plot.__module__}.{spec.plot.__name__}", "data": spec.data,
                                     "rows": int(len(data)), "formats": list(formats), "dpi": SAVE_OPTIONS["png"]["dpi"]},
                      "files": {fmt: {"file": p.name, "sha256": _sha256(p)} for fmt, p in paths.items()}}
        write_text(json.dumps(provenance, ensure_ascii=False, indent=2, sort_keys=True) + "\n", out_dir / f"{name}.json")
        rows.append({"figure": name, "status": "written", "reason": "", "files": ";".join(p.name for p in paths.values())})
    manifest = pd.DataFrame(rows, columns=["figure", "status", "reason", "files"])
    write_text(json.dumps({**common, "figures": manifest.to_dict("records")}, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
               out_dir / "figures.json")
    return manifest
