"""The agency-year panel: one row per agency and year, gaps and duplicates flagged.

Every year from an agency's first to its last report has a row: ``missing``
marks a year without a report, ``duplicate`` a year with more than one (the
same report saved as HTML and as text, say). The row's ``report_id`` is the
report used for that year: the one with most template cells read, then most
sections found, then the smallest report id. Reports without an agency or a
year cannot be placed and are left out (they stay in ``Corpus.reports``).

Examples
--------
>>> reports = pd.DataFrame({"report_id": ["a", "b", "c"], "agency": ["平潭县", "平潭县人民政府", "平潭县政府"],
...     "year": [2019, 2021, 2021], "cells_ok": [10, 40, 50], "sections_found": [6, 6, 6],
...     "template": ["2019", "2021", "2021"], "file": ["a", "b", "c"]})
>>> panel_table(reports)[["year", "report_id", "missing", "duplicate"]].values.tolist()
[[2019, 'a', False, False], [2020, <NA>, True, False], [2021, 'c', False, True]]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from govtext.panel.agencies import AliasSource, agency_names, agency_table, near_collisions, resolved_reports
from govtext.schema import columns_frame

KEYS = ["agency_id", "year"]


def report_table(corpus) -> pd.DataFrame:
    """The ``reports`` frame of a corpus with each report's ``preamble`` text added.

    Examples
    --------
    >>> from govtext.corpus import Corpus
    >>> report_table(Corpus([])).columns[-1]
    'preamble'
    """
    table = corpus.reports.copy()
    preambles = {r.report_id: r.meta.get("preamble") for r in corpus}
    table["preamble"] = table["report_id"].map(preambles).astype("object")
    return table


def best_reports(data: pd.DataFrame) -> pd.DataFrame:
    """The report used for each agency-year (index ``agency_id``, ``year``): most cells read, then most sections,
    then the smallest report id; its ``report_id``, ``agency`` (name as printed), ``template`` and ``file``.

    Examples
    --------
    >>> data = pd.DataFrame({"agency_id": ["x", "x"], "year": [2021, 2021], "report_id": ["a", "b"], "agency": ["甲", "甲"],
    ...                      "cells_ok": [None, 3], "sections_found": [6, 6], "template": ["2021", "2021"], "file": ["a", "b"]})
    >>> best_reports(data)["report_id"].tolist()
    ['b']
    """
    data = data.assign(_cells=data["cells_ok"].fillna(-1), _sections=data["sections_found"].fillna(-1))
    data = data.sort_values([*KEYS, "_cells", "_sections", "report_id"], ascending=[True, True, False, False, True])
    best = data.drop_duplicates(KEYS).set_index(KEYS)[["report_id", "agency", "template", "file"]]
    return best.astype(object)  # values stay as given (not made float) where a missing year is added


def report_counts(data: pd.DataFrame) -> pd.DataFrame:
    """``n_reports`` and ``report_ids`` (sorted, ';'-separated) of each agency-year (index ``agency_id``, ``year``).

    Examples
    --------
    >>> report_counts(pd.DataFrame({"agency_id": ["x", "x"], "year": [2021, 2021], "report_id": ["b", "a"]})).values.tolist()
    [[2, 'a;b']]
    """
    ordered = data.sort_values([*KEYS, "report_id"])
    ids = (";" + ordered["report_id"].astype(object)).groupby([ordered[k] for k in KEYS], sort=False)
    return pd.DataFrame({"n_reports": ids.size(), "report_ids": ids.sum().str[1:]})  # a sum of strings joins them in order


def year_grid(first: pd.Series, last: pd.Series) -> pd.DataFrame:
    """Every year from ``first`` to ``last`` of each agency (both indexed by ``agency_id``), in index order.

    Examples
    --------
    >>> year_grid(pd.Series([2019, 2021], index=["a", "b"]), pd.Series([2021, 2021], index=["a", "b"])).values.tolist()
    [['a', 2019], ['a', 2020], ['a', 2021], ['b', 2021]]
    """
    spans = (last - first + 1).to_numpy()
    offsets = np.arange(spans.sum()) - np.repeat(np.cumsum(spans) - spans, spans)
    return pd.DataFrame({"agency_id": np.repeat(first.index.to_numpy(dtype=object), spans),
                         "year": np.repeat(first.to_numpy(), spans) + offsets})


def panel_table(reports: pd.DataFrame, aliases: AliasSource = None) -> pd.DataFrame:
    """The ``panel`` frame from a ``reports`` frame (needs report_id, agency, year, cells_ok, sections_found, template, file)."""
    data = resolved_reports(reports, aliases)
    data = data[data["year"].notna()]
    names = agency_names(data)
    data = data.assign(year=data["year"].astype(int))
    best = best_reports(data).join(report_counts(data))
    years = best.index.to_frame(index=False).groupby("agency_id", sort=True)["year"]
    grid = year_grid(years.min(), years.max())
    rows = best.reindex(pd.MultiIndex.from_frame(grid))
    n_reports = rows["n_reports"].fillna(0).to_numpy()
    return columns_frame("panel", {"agency_id": grid["agency_id"], "agency": grid["agency_id"].map(names), "year": grid["year"],
                                   "report_id": rows["report_id"], "report_ids": rows["report_ids"], "n_reports": n_reports,
                                   "missing": rows["n_reports"].isna(), "duplicate": n_reports > 1,
                                   "name_as_printed": rows["agency"], "template": rows["template"], "file": rows["file"]},
                         len(grid))


def corpus_agencies(corpus, aliases: AliasSource = None) -> pd.DataFrame:
    """The ``agencies`` frame of a corpus (see :func:`govtext.panel.agencies.agency_table`)."""
    return agency_table(report_table(corpus), aliases)


def corpus_panel(corpus, aliases: AliasSource = None) -> pd.DataFrame:
    """The ``panel`` frame of a corpus (see :func:`panel_table`)."""
    return panel_table(corpus.reports, aliases)


def corpus_collisions(corpus, aliases: AliasSource = None) -> pd.DataFrame:
    """Near-collisions among the agency names of a corpus (``agency_collisions`` frame)."""
    return near_collisions(corpus.reports["agency"], aliases)
