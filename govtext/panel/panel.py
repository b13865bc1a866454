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

import pandas as pd

from govtext.panel.agencies import AliasSource, agency_names, agency_table, near_collisions, resolve_names
from govtext.schema import frame


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


def with_agency_ids(reports: pd.DataFrame, aliases: AliasSource = None) -> pd.DataFrame:
    """``reports`` with an ``agency_id`` column (missing when the report has no agency name).

    Examples
    --------
    >>> with_agency_ids(pd.DataFrame({"agency": ["平潭县", None]}))["agency_id"].notna().tolist()
    [True, False]
    """
    resolved = resolve_names(reports["agency"], aliases).set_index("name")["agency_id"]
    return reports.assign(agency_id=reports["agency"].map(resolved).astype("object"))


def panel_table(reports: pd.DataFrame, aliases: AliasSource = None) -> pd.DataFrame:
    """The ``panel`` frame from a ``reports`` frame (needs report_id, agency, year, cells_ok, sections_found, template, file)."""
    data = with_agency_ids(reports, aliases)
    data = data[data["agency_id"].notna() & data["year"].notna()]
    names = agency_names(data.drop(columns="agency_id"), aliases)
    # best report first within each agency-year: most cells read, then most sections, then smallest id
    data = data.assign(year=data["year"].astype(int), _cells=data["cells_ok"].fillna(-1), _sections=data["sections_found"].fillna(-1))
    data = data.sort_values(["agency_id", "year", "_cells", "_sections", "report_id"], ascending=[True, True, False, False, True])
    ids = data.groupby(["agency_id", "year"], sort=False)["report_id"].agg(lambda s: ";".join(sorted(s)))
    best = data.drop_duplicates(["agency_id", "year"]).set_index(["agency_id", "year"])
    rows = []
    for agency_id, years in best.reset_index().groupby("agency_id", sort=True)["year"]:
        for year in range(years.min(), years.max() + 1):
            row = {"agency_id": agency_id, "agency": names[agency_id], "year": year}
            if (agency_id, year) not in best.index:
                rows.append({**row, "n_reports": 0, "missing": True, "duplicate": False})
                continue
            b, all_ids = best.loc[(agency_id, year)], ids[(agency_id, year)]
            n = all_ids.count(";") + 1
            rows.append({**row, "report_id": b["report_id"], "report_ids": all_ids, "n_reports": n, "missing": False,
                         "duplicate": n > 1, "name_as_printed": b["agency"], "template": b["template"], "file": b["file"]})
    return frame("panel", rows)


def corpus_agencies(corpus, aliases: AliasSource = None) -> pd.DataFrame:
    """The ``agencies`` frame of a corpus (see :func:`govtext.panel.agencies.agency_table`)."""
    return agency_table(report_table(corpus), aliases)


def corpus_panel(corpus, aliases: AliasSource = None) -> pd.DataFrame:
    """The ``panel`` frame of a corpus (see :func:`panel_table`)."""
    return panel_table(corpus.reports, aliases)


def corpus_collisions(corpus, aliases: AliasSource = None) -> pd.DataFrame:
    """Near-collisions among the agency names of a corpus (``agency_collisions`` frame)."""
    return near_collisions(corpus.reports["agency"], aliases)
