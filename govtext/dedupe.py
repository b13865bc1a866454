"""Find the same report present more than once in a corpus.

Exact copies (same bytes under two names) share a ``sha256``. The same report
saved twice in different formats (the site's HTML page and a text dump of it,
or the PDF and the DOCX) differs in bytes but not in content: the same
agency and year, the same table values and the same narrative. A pair is a
near duplicate when its narratives share at least :data:`NEAR` of their
character shingles, or when every table value agrees and the narratives share
at least :data:`NEAR_WITH_CELLS`. Candidate pairs are only those with the same
agency-year or the same table values, so the work grows with the number of
reports, not with its square.

Examples
--------
>>> import pandas as pd
>>> reports = pd.DataFrame({"report_id": ["a", "b", "c"], "file": ["x.html", "x.txt", "y.txt"],
...                         "sha256": ["1", "2", "3"], "agency": ["某局", "某局", "某局"], "year": [2022, 2022, 2023]})
>>> text = "一、总体情况。本机关认真贯彻落实政府信息公开条例，全年主动公开信息一百余条。"
>>> sections = pd.DataFrame({"report_id": ["a", "b", "c"], "text": [text, text + "打印", "全然不同的另一份报告正文内容。"]})
>>> cells = pd.DataFrame(columns=["report_id", "table", "row", "col", "value", "status"])
>>> find_duplicates(reports, sections, cells)[["file", "duplicate_of", "kind"]].to_dict("records")
[{'file': 'x.txt', 'duplicate_of': 'x.html', 'kind': 'near'}]
"""
from __future__ import annotations

import hashlib
from itertools import combinations

import pandas as pd

from govtext import errors
from govtext import normalize as N
from govtext.schema import frame

#: shingle Jaccard similarity from which two narratives are the same report
NEAR = 0.9
#: the lower similarity that suffices when every table value agrees as well
NEAR_WITH_CELLS = 0.6
#: characters per shingle
SHINGLE = 5
#: fewest ok table cells for the table values to identify a report
MIN_CELLS = 10


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    """The set of ``k``-character substrings of ``text`` (the whole text when it is shorter).

    Examples
    --------
    >>> sorted(shingles("公开信息", k=2))
    ['信息', '公开', '开信']
    """
    return frozenset(text[i:i + k] for i in range(max(len(text) - k + 1, 1))) if text else frozenset()


def jaccard(a: frozenset, b: frozenset) -> float:
    """Jaccard similarity of two sets (0 when both are empty).

    Examples
    --------
    >>> jaccard(frozenset("ab"), frozenset("bc"))
    0.3333333333333333
    """
    return len(a & b) / len(a | b) if a or b else 0.0


def cells_key(cells: pd.DataFrame) -> pd.Series:
    """Per report, a hash of all its ok table values (None with fewer than :data:`MIN_CELLS`)."""
    ok = cells[cells["status"] == "ok"]
    keys = {}
    for rid, group in ok.groupby("report_id", sort=False):
        if len(group) >= MIN_CELLS:
            rows = sorted(zip(group["table"], group["row"], group["col"], group["value"].astype(str)))
            keys[rid] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return pd.Series(keys, dtype=object)


def _candidates(reports: pd.DataFrame, keys: pd.Series) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    by_agency_year = reports.dropna(subset=["agency", "year"]).groupby(["agency", "year"])["report_id"]
    by_cells = reports.assign(ck=reports["report_id"].map(keys)).dropna(subset=["ck"]).groupby("ck")["report_id"]
    for groups in (by_agency_year, by_cells):
        for _, ids in groups:
            pairs.update(combinations(sorted(ids), 2))
    return pairs


def _components(pairs: set[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The pairs grouped by connected component (reports linked through pairs): no report is in two groups, so
    the groups can be compared one after the other, each with only its own shingles in memory.

    Examples
    --------
    >>> sorted(sorted(c) for c in _components({("a", "b"), ("b", "c"), ("x", "y")}))
    [[('a', 'b'), ('b', 'c')], [('x', 'y')]]
    """
    parent: dict[str, str] = {}

    def root(r: str) -> str:
        while parent.setdefault(r, r) != r:
            parent[r] = r = parent[parent[r]]
        return r

    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[str, list[tuple[str, str]]] = {}
    for pair in pairs:
        groups.setdefault(root(pair[0]), []).append(pair)
    return list(groups.values())


def candidate_ids(reports: pd.DataFrame) -> set[str]:
    """Report ids that share their agency-year with another report (the only ones whose text
    :func:`find_duplicates` needs when it is given no cells).

    Examples
    --------
    >>> sorted(candidate_ids(pd.DataFrame({"report_id": ["a", "b", "c"], "agency": ["甲", "甲", "乙"], "year": [2022] * 3})))
    ['a', 'b']
    """
    return {rid for pair in _candidates(reports.drop_duplicates("report_id"), pd.Series(dtype=object)) for rid in pair}


def _row(file: str, rid: str, first_file: str, first_rid: str, kind: str, sim: float, detail: str) -> dict:
    return {"file": file, "report_id": rid, "duplicate_of": first_file, "duplicate_of_report_id": first_rid,
            "kind": kind, "similarity": round(sim, 3), "code": errors.DuplicateReport.code,
            "message": errors.DuplicateReport(file, detail=detail).message}


def exact_duplicates(reports: pd.DataFrame) -> list[dict]:
    """Rows for files with the same bytes as a file that sorts before them."""
    ordered = reports.sort_values("file", kind="stable")
    repeated = ordered[ordered["sha256"].notna() & ordered.duplicated("sha256", keep=False)]
    rows = []
    for _, group in repeated.groupby("sha256", sort=False):
        first = group.iloc[0]
        rows.extend(_row(r.file, r.report_id, first["file"], first["report_id"], "exact", 1.0,
                         f"the same bytes as {first['file']}") for r in group.iloc[1:].itertuples())
    return rows


def find_duplicates(reports: pd.DataFrame, sections: pd.DataFrame, cells: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per report that repeats an earlier one: ``file``, ``duplicate_of``, ``kind``
    (``exact`` or ``near``), ``similarity`` of the narratives, and a ``W-DUPLICATE`` message
    (the ``duplicates`` frame of :mod:`govtext.schema`). Without ``cells``, only reports of
    the same agency-year are compared.

    The earlier report of a pair is the one whose file name sorts first; a
    report is listed once, against the first report it repeats.
    """
    exact = exact_duplicates(reports)
    reports = reports.drop_duplicates("report_id").sort_values("file", kind="stable")
    order = {rid: i for i, rid in enumerate(reports["report_id"])}
    files = reports.set_index("report_id")["file"]
    texts = sections.groupby("report_id", sort=False)["text"].apply(lambda t: N.remove_whitespace("".join(t.dropna())))
    keys = cells_key(cells) if cells is not None else pd.Series(dtype=object)
    found: dict[str, dict] = {}
    shingled: dict[str, frozenset[str]] = {}  # each report's shingles made once, however many pairs it is in

    def shingles_of(rid: str) -> frozenset[str]:
        if rid not in shingled:
            shingled[rid] = shingles(texts.get(rid, ""))
        return shingled[rid]

    for component in _components(_candidates(reports, keys)):
        shingled.clear()  # no report of the components before is in this one
        for a, b in sorted(component, key=lambda p: sorted(order[r] for r in p)):
            first, second = sorted((a, b), key=order.get)
            if second in found:
                continue
            same_cells = first in keys.index and second in keys.index and keys[first] == keys[second]
            a_set, b_set = shingles_of(first), shingles_of(second)
            if min(len(a_set), len(b_set)) < min(NEAR, NEAR_WITH_CELLS if same_cells else NEAR) * max(len(a_set), len(b_set)):
                continue  # the sizes alone keep the similarity below what counts (Jaccard <= smaller / larger)
            sim = jaccard(a_set, b_set)
            if sim >= NEAR or (same_cells and sim >= NEAR_WITH_CELLS):
                detail = (f"the same report as {files[first]} (narrative similarity {sim:.2f}"
                          f"{', identical table values' if same_cells else ''})")
                found[second] = _row(files[second], second, files[first], first, "near", sim, detail)
    rows = sorted([*exact, *found.values()], key=lambda r: r["file"])
    return frame("duplicates", rows)
