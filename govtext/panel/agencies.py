"""Agency identity: a stable ``agency_id`` for every name form, an alias file that overrides, near-collisions.

Names with the same matching key (:func:`govtext.panel.names.agency_key`) are
the same agency; a bare division name (``平潭县``) is its government
(``平潭县人民政府``). Everything else is kept apart: similar names that resolve
to different agencies are listed by :func:`near_collisions` for a person to
decide, never merged silently.

The alias file is a UTF-8 CSV a person edits::

    alias,canonical,agency_id,level,kind,division_code,note
    上海市科委,上海市科学技术委员会,,,,,abbreviation
    平潭县,平潭县,,,,,reviewed: the county, not the zone

``alias`` and ``canonical`` are required; every name whose key equals the
key of ``alias`` becomes the agency of ``canonical``. ``agency_id`` (optional)
sets the id, otherwise it is derived from the canonical key. ``level``,
``kind`` and ``division_code`` (optional) override the inferred values. A
pair of names both listed in the file counts as reviewed: it is not shown as
a near-collision again.

Examples
--------
>>> ids = resolve_names(["平潭综合实验区", "平潭综合实验区管委会", "长春市人民政府", "长春市人民政府办公厅"])
>>> ids["agency_id"].nunique()
3
>>> near_collisions(["长春市人民政府", "长春市人民政府办公厅"])[["name_a", "name_b", "reason"]].values.tolist()
[['长春市人民政府', '长春市人民政府办公厅', 'one name extends the other']]
"""
from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from govtext.errors import GovtextError
from govtext.panel import places
from govtext.panel.names import agency_key, clean_agency_name
from govtext.schema import frame

AliasSource = str | Path | pd.DataFrame | None
ALIAS_COLUMNS = ("alias", "canonical", "agency_id", "level", "kind", "division_code", "note")
REQUIRED_ALIAS_COLUMNS = ("alias", "canonical")
#: similarity ratio of two keys above which a pair is shown as a near-collision
SIMILARITY = 0.8
#: a name that extends another by at most this many characters is shown too (…人民政府 / …人民政府办公厅)
EXTENSION_CHARS = 4
#: names are compared only within blocks sharing this many leading characters
BLOCK_CHARS = 2


class AliasFileError(GovtextError):
    code, stage, summary = "E-ALIASES", "panel", "the agency alias file cannot be used"
    hint = "Write a UTF-8 CSV with at least the columns alias,canonical (see govtext.panel.agencies)."


def make_agency_id(key: str) -> str:
    """The id of the agency whose matching key is ``key``: ``ag-`` and 12 hex digits of its sha256.

    Examples
    --------
    >>> make_agency_id("平潭综合实验区")
    'ag-2238cae3f270'
    """
    return "ag-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def full_key(name: str) -> str:
    """:func:`agency_key`, with a bare division name read as its government and leading divisions written in full.

    Examples
    --------
    >>> full_key("平潭县"), full_key("平潭县政府"), full_key("平潭综合实验区")
    ('福建省福州市平潭县人民政府', '福建省福州市平潭县人民政府', '平潭综合实验区')
    >>> full_key("洪泽区人民政府") == full_key("淮安市洪泽区人民政府") == full_key("江苏省淮安市洪泽区人民政府")
    True
    """
    key = agency_key(name)
    return places.expand_divisions(key + "人民政府" if places.is_division_name(key) else key)


def load_aliases(source: AliasSource) -> pd.DataFrame:
    """The alias table (columns :data:`ALIAS_COLUMNS`, strings) from a CSV path, a DataFrame or ``None``.

    Examples
    --------
    >>> load_aliases(None).columns.tolist()[:2]
    ['alias', 'canonical']
    """
    if source is None:
        return pd.DataFrame(columns=list(ALIAS_COLUMNS), dtype="object")
    where = None if isinstance(source, pd.DataFrame) else str(source)
    if isinstance(source, pd.DataFrame):
        table = source.copy()
    else:
        try:
            table = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise AliasFileError(where, detail=f"{type(exc).__name__}: {exc}") from exc
    missing = [c for c in REQUIRED_ALIAS_COLUMNS if c not in table.columns]
    if missing:
        raise AliasFileError(where, detail=f"missing column(s) {', '.join(missing)}; found {', '.join(map(str, table.columns))}")
    records = table.reindex(columns=list(ALIAS_COLUMNS)).to_dict("records")
    table = pd.DataFrame([{k: _text(v) for k, v in r.items()} for r in records], columns=list(ALIAS_COLUMNS), dtype="object")
    bad = table[table["alias"].isna() | table["canonical"].isna()]
    if len(bad):
        raise AliasFileError(where, detail=f"rows {', '.join(str(i + 2) for i in bad.index)} lack alias or canonical")
    return table.reset_index(drop=True)


def _text(value) -> str | None:
    """A stripped non-empty string, else ``None`` (blank CSV fields, NaN)."""
    return value.strip() or None if isinstance(value, str) else None


def _alias_map(aliases: pd.DataFrame) -> dict[str, dict]:
    """Matching key of each alias -> {agency_id, canonical, overrides}."""
    out = {}
    for row in aliases.to_dict("records"):
        canonical = clean_agency_name(row["canonical"])
        out[full_key(row["alias"])] = {"agency_id": row["agency_id"] or make_agency_id(full_key(canonical)),
                                       "canonical": canonical,
                                       **{f: row[f] for f in ("level", "kind", "division_code")}}
    for row in aliases.to_dict("records"):  # a canonical name resolves to itself unless listed otherwise
        canonical = clean_agency_name(row["canonical"])
        out.setdefault(full_key(canonical), out[full_key(row["alias"])])
    return out


def resolve_names(names: Iterable[str | None], aliases: AliasSource = None) -> pd.DataFrame:
    """Resolve agency names: one row per distinct name with its key, ``agency_id`` and how it was matched.

    Columns: ``name`` (as given), ``clean``, ``agency_key``, ``agency_id``,
    ``canonical`` (from the alias file, else ``None``), ``matched_by``
    (``alias`` or ``auto``). Missing names are dropped.

    Examples
    --------
    >>> r = resolve_names(["上海市科委", "上海市科学技术委员会"], pd.DataFrame({"alias": ["上海市科委"], "canonical": ["上海市科学技术委员会"]}))
    >>> r["agency_id"].nunique(), r["matched_by"].tolist()
    (1, ['alias', 'alias'])
    """
    amap = _alias_map(load_aliases(aliases))
    rows = []
    for name in dict.fromkeys(n for n in names if isinstance(n, str) and n.strip()):
        key = full_key(name)
        hit = amap.get(key)
        rows.append({"name": name, "clean": clean_agency_name(name), "agency_key": key,
                     "agency_id": hit["agency_id"] if hit else make_agency_id(key),
                     "canonical": hit["canonical"] if hit else None, "matched_by": "alias" if hit else "auto"})
    return pd.DataFrame(rows, columns=["name", "clean", "agency_key", "agency_id", "canonical", "matched_by"])


def _reviewed(aliases: pd.DataFrame) -> set[str]:
    return {full_key(n) for col in ("alias", "canonical") for n in aliases[col].dropna()}


def collision_reason(key_a: str, key_b: str) -> tuple[float, str | None]:
    """Similarity of two keys and why they would be shown (``None``: not a near-collision).

    Examples
    --------
    >>> collision_reason("长春市人民政府", "长春市人民政府办公厅")
    (0.824, 'one name extends the other')
    >>> collision_reason("平潭县人民政府", "淮安市人民政府")[1] is None
    True
    """
    ratio = round(difflib.SequenceMatcher(None, key_a, key_b).ratio(), 3)
    short, long_ = sorted((key_a, key_b), key=len)
    if long_.startswith(short) and len(long_) - len(short) <= EXTENSION_CHARS:
        return ratio, "one name extends the other"
    return ratio, "similar names" if ratio >= SIMILARITY else None


def near_collisions(names: Iterable[str | None], aliases: AliasSource = None) -> pd.DataFrame:
    """Pairs of similar names that resolve to different agencies, for a person to decide.

    A pair whose two names are both listed in the alias file is taken as
    reviewed and not shown again; names starting with two different known
    divisions (淮安市… and 淮安市洪泽区…) are different agencies and not shown.

    Examples
    --------
    >>> names = ["长春市人民政府", "长春市人民政府办公厅"]
    >>> len(near_collisions(names, pd.DataFrame({"alias": names, "canonical": names})))
    0
    """
    table = load_aliases(aliases)
    resolved = resolve_names(names, table).drop_duplicates("agency_key").sort_values("agency_key")
    reviewed = _reviewed(table)
    tails = resolved["agency_key"].map(places.after_divisions)
    seen, rows = set(), []
    for blocks, same_tail in ((resolved["agency_key"].str[:BLOCK_CHARS], False), (tails, True)):
        for _, block in resolved.groupby(blocks, sort=True):
            recs = block.to_dict("records")
            for i, a in enumerate(recs):
                for b in recs[i + 1:]:
                    pair = (a["agency_key"], b["agency_key"])
                    if pair in seen or a["agency_id"] == b["agency_id"] or set(pair) <= reviewed or _other_divisions(*pair):
                        continue
                    ratio, reason = collision_reason(*pair)
                    reason = reason or ("same name after its division, written with another or no parent" if same_tail else None)
                    if reason:
                        seen.add(pair)
                        rows.append(_collision_row(a, b, ratio, reason))
    return frame("agency_collisions", rows)


def _other_divisions(key_a: str, key_b: str) -> bool:
    """Both names start with a known division, and not the same one: different agencies for sure."""
    a, b = places.leading_code(key_a), places.leading_code(key_b)
    return a is not None and b is not None and a != b


def _collision_row(a: dict, b: dict, ratio: float, reason: str) -> dict:
    return {"name_a": a["clean"], "agency_id_a": a["agency_id"], "name_b": b["clean"], "agency_id_b": b["agency_id"],
            "similarity": ratio, "reason": reason,
            "suggestion": f"same agency: add the line '{b['clean']},{a['clean']}' to the alias file; "
                          f"different: add '{a['clean']},{a['clean']}' and '{b['clean']},{b['clean']}'"}


def resolved_reports(reports: pd.DataFrame, aliases: AliasSource = None) -> pd.DataFrame:
    """Reports that have an agency name, joined with their resolution (see :func:`resolve_names`).

    Examples
    --------
    >>> resolved_reports(pd.DataFrame({"agency": ["平潭县", None]}))[["agency", "matched_by"]].values.tolist()
    [['平潭县', 'auto']]
    """
    resolved = resolve_names(reports["agency"], aliases).set_index("name")
    return reports[reports["agency"].isin(resolved.index)].join(resolved, on="agency")


def agency_names(resolved: pd.DataFrame) -> pd.Series:
    """``agency_id`` -> agency name of :func:`resolved_reports`: the first canonical name, else the most frequent
    cleaned form (ties go to the shorter, then to the larger string).

    Examples
    --------
    >>> agency_names(resolved_reports(pd.DataFrame({"agency": ["平潭综合实验区", "平潭综合实验区", "平潭综合实验区管委会"]}))).tolist()
    ['平潭综合实验区']
    >>> agency_names(pd.DataFrame({"agency_id": ["x", "x"], "clean": ["乙乙", "甲"], "canonical": [None, None]})).to_dict()
    {'x': '甲'}
    """
    counts = resolved.groupby(["agency_id", "clean"]).size().rename("n").reset_index()
    counts["length"] = counts["clean"].str.len()
    ranked = counts.sort_values(["agency_id", "n", "length", "clean"], ascending=[True, False, True, False])
    common = ranked.drop_duplicates("agency_id").set_index("agency_id")["clean"]
    canonical = resolved.dropna(subset=["canonical"]).drop_duplicates("agency_id").set_index("agency_id")["canonical"]
    return common.mask(common.index.isin(canonical.index), canonical).rename("agency")


def _grouped_lists(values: pd.Series, by: pd.Series) -> list[list]:
    """The values of each group of ``by``: groups in sorted order, values in their order.

    Examples
    --------
    >>> _grouped_lists(pd.Series([1, 2, 3]), pd.Series(["b", "a", "b"]))
    [[2], [1, 3]]
    """
    order = np.argsort(by.to_numpy(dtype=object), kind="stable")
    keys, items = by.to_numpy(dtype=object)[order], values.to_numpy(dtype=object)[order]
    cuts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    return [part.tolist() for part in np.split(items, cuts)] if len(items) else []


def agency_table(reports: pd.DataFrame, aliases: AliasSource = None) -> pd.DataFrame:
    """One row per agency: identity, place, level and kind with evidence (the ``agencies`` frame).

    ``reports`` needs the columns ``report_id``, ``agency``, ``year`` and
    ``preamble`` (the text before section 一, where addresses and postcodes are).
    Reports without an agency name are left out.

    Examples
    --------
    >>> reports = pd.DataFrame({"report_id": ["a", "b"], "agency": ["平潭综合实验区", "平潭综合实验区管委会"],
    ...                         "year": [2013, 2014], "preamble": ["邮编：350400", ""]})
    >>> row = agency_table(reports).iloc[0]
    >>> row["agency"], row["county"], int(row["n_reports"]), row["level"], row["kind"]
    ('平潭综合实验区', '平潭县', 2, 'county', 'zone')
    """
    table = load_aliases(aliases)
    overrides = {v["agency_id"]: v for v in _alias_map(table).values()}
    data = resolved_reports(reports, table)
    forms = data.drop_duplicates(["agency_id", "clean"])
    rows = zip(_agency_summary(data).to_dict("index").items(), _grouped_lists(forms["clean"], forms["agency_id"]),
               _grouped_lists(data["preamble"].fillna(""), data["agency_id"]))
    return frame("agencies", [_agency_row({"agency_id": agency_id, **row, "names": ";".join(names)}, names, texts,
                                          overrides.get(agency_id, {}))
                              for (agency_id, row), names, texts in rows])


def _agency_summary(data: pd.DataFrame) -> pd.DataFrame:
    """Name, key, how matched, reports and years of each agency of :func:`resolved_reports` (index ``agency_id``, sorted)."""
    groups = data.groupby("agency_id", sort=True)
    by_alias = (data["matched_by"] == "alias").groupby(data["agency_id"], sort=True).any()
    return pd.DataFrame({"agency": agency_names(data), "agency_key": groups["agency_key"].first(),
                         "matched_by": by_alias.map({True: "alias", False: "auto"}), "n_reports": groups["report_id"].nunique(),
                         "first_year": groups["year"].min(), "last_year": groups["year"].max()})


def _agency_row(row: dict, forms: list[str], texts: list[str], override: dict) -> dict:
    """``row`` (an agency's identity and counts) with its place, level and kind inferred, then the alias file's overrides."""
    key = agency_key(row["agency"])
    level, level_conf, level_ev = places.infer_level(key)
    kind, kind_conf, kind_ev = places.infer_kind(key)
    row = {**row, **places.infer_place(list(dict.fromkeys([row["agency"], *forms])), texts),
           "level": level, "level_confidence": level_conf, "level_evidence": level_ev,
           "kind": kind, "kind_confidence": kind_conf, "kind_evidence": kind_ev}
    _apply_overrides(row, override)
    return row


def _apply_overrides(row: dict, override: dict) -> None:
    """Values set in the alias file replace the inferred ones, with that as evidence."""
    for field in ("level", "kind"):
        if override.get(field):
            row.update({field: override[field], f"{field}_confidence": "high", f"{field}_evidence": "set in the alias file"})
    code = override.get("division_code")
    if code:
        code = str(code).strip()[:6].ljust(6, "0")
        signal = places.Signal("alias file", code, (code,), 1.0)
        row.update(places.choose_place([signal]))
        row.update({"place_confidence": "high", "place_evidence": f"set in the alias file: {code}"})
