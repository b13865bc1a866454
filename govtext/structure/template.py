"""The national templates as data: canonical keys, labels and tolerant label matching.

Everything comes from ``resources/template.csv``; this module only reads it
and answers questions about it.

Examples
--------
>>> match_row(["（三）不予公开", "1.属于国家秘密"]).key
'denied_state_secret'
>>> match_row(["（六）其他处理", "3.其他"]).key
'other_other'
>>> match_row(["（六）其他处理"]).key
'other'
>>> len(cell_keys("2021")), len(cell_keys("2019"))
(200, 198)
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Literal, Sequence

from govtext import normalize as N
from govtext import patterns as P

Template = Literal["2019", "2021", "legacy", "unknown"]
TEMPLATES: tuple[str, ...] = ("2019", "2021")
TABLES: tuple[str, ...] = ("active", "requests", "review")


@dataclass(frozen=True)
class Spec:
    """A row or column of a template table."""

    table: str
    kind: str
    key: str
    zh: str
    templates: tuple[str, ...]
    cols: dict[str, str] | tuple[str, ...]
    exact: tuple[str, ...]
    contains: tuple[str, ...]


def _parse_cols(kind: str, table: str, field: str) -> dict[str, str] | tuple[str, ...]:
    if kind == "col":
        return tuple(field.split("|"))
    if "=" in field:
        return dict(part.split("=") for part in field.split(";"))
    return {t: field for t in TEMPLATES}


@lru_cache(maxsize=1)
def specs() -> tuple[Spec, ...]:
    """All rows and columns of ``template.csv`` in file order."""
    text = resources.files("govtext.resources").joinpath("template.csv").read_text(encoding="utf-8")
    out = []
    for r in csv.DictReader(text.splitlines()):
        pats = [p for p in r["match"].split("|") if p]
        out.append(Spec(
            table=r["table"], kind=r["kind"], key=r["key"], zh=r["zh"],
            templates=tuple(r["templates"].split("|")), cols=_parse_cols(r["kind"], r["table"], r["cols"]),
            exact=tuple(p[1:] for p in pats if p.startswith("=")),
            contains=tuple(p for p in pats if not p.startswith("=")),
        ))
    return tuple(out)


@lru_cache(maxsize=None)
def rows(table: str, template: str) -> tuple[Spec, ...]:
    """Row specs of ``table`` in ``template``, in printed order."""
    return tuple(s for s in specs() if s.table == table and s.kind == "row" and template in s.templates)


@lru_cache(maxsize=None)
def columns(table: str, row: str, template: str) -> tuple[Spec, ...]:
    """Column specs of one row of ``table`` in ``template``, in printed order.

    Examples
    --------
    >>> [c.key for c in columns("active", "fees", "2019")]
    ['prev_count', 'change']
    """
    spec = next(s for s in rows(table, template) if s.key == row)
    group = spec.cols[template]
    return tuple(s for s in specs() if s.table == table and s.kind == "col" and template in s.templates and group in s.cols)


@lru_cache(maxsize=None)
def cell_keys(template: str) -> tuple[tuple[str, str, str], ...]:
    """Every ``(table, row, col)`` the template defines, in printed order."""
    if template not in TEMPLATES:
        return ()
    return tuple((t, r.key, c.key) for t in TABLES for r in rows(t, template) for c in columns(t, r.key, template))


def zh_label(table: str, kind: str, key: str) -> str:
    """The Chinese label of a row or column key (first match)."""
    return next((s.zh for s in specs() if s.table == table and s.kind == kind and s.key == key), key)


def label_segments(cells: Sequence[str]) -> list[str]:
    """Split label cells into matching-form segments at cell borders and inner numbering.

    Examples
    --------
    >>> label_segments(["三、本年度办理结果（一）予以公开"])
    ['本年度办理结果', '予以公开']
    """
    segs: list[str] = []
    for cell in cells:
        text = N.for_matching(cell)
        for part in P.INNER_NUMBERING.split(text):
            part = part.strip("、.:：,，;；")
            if part:
                segs.append(part)
    return segs


@lru_cache(maxsize=1)
def _row_specs() -> tuple[Spec, ...]:
    return tuple(s for s in specs() if s.kind == "row" and (s.exact or s.contains))


#: distinct labels remembered by :func:`match_row` and :func:`header_terms` (labels repeat across reports)
LABEL_CACHE = 16384


def match_row(cells: Sequence[str]) -> Spec | None:
    """The template row whose label the given label cells print, or ``None``.

    The last label segment decides (merged group labels such as （三）不予公开
    come first); exact phrases must equal that segment, ``contains`` phrases
    must occur in it. When the last segment matches nothing, the whole label
    is tried with ``contains`` phrases and accepted only if exactly one row fits.
    """
    return _match_row(tuple(cells))


@lru_cache(maxsize=LABEL_CACHE)
def _match_row(cells: tuple[str, ...]) -> Spec | None:
    segs = label_segments(cells)
    if not segs:
        return None
    last = segs[-1]
    hits = [s for s in _row_specs() if last in s.exact or any(p in last for p in s.contains)]
    if not hits:
        whole = "".join(segs)
        hits = [s for s in _row_specs() if any(p in whole for p in s.contains)]
        return hits[0] if len({h.key for h in hits}) == 1 else None
    # the longest matching phrase wins (其他处理 beats 其他)
    return max(hits, key=lambda s: max([len(p) for p in s.exact if p == last] + [len(p) for p in s.contains if p in last]))


#: words that only appear in table header rows
HEADER_TERMS: tuple[str, ...] = (
    "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "申请人情况",
    "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议直接起诉", "复议后起诉",
    "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
    "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "采购总金额",
)
#: header words that put the reader into the review (table 4) context
REVIEW_TERMS: tuple[str, ...] = ("结果维持", "结果纠正", "尚未审结", "未经复议直接起诉", "复议后起诉")


def header_terms(cells: Iterable[str]) -> list[str]:
    """Header words found in the given cells (matching form).

    Examples
    --------
    >>> header_terms(["", "自然人", "法人或其他组织", "总计"])
    ['自然人', '法人或其他组织']
    """
    return list(_header_terms(tuple(cells)))


@lru_cache(maxsize=LABEL_CACHE)
def _header_terms(cells: tuple[str, ...]) -> tuple[str, ...]:
    text = "".join(N.for_matching(c) for c in cells)
    return tuple(t for t in HEADER_TERMS if t in text)


#: label phrases that only one template prints
TEMPLATE_MARKERS: dict[str, tuple[str, ...]] = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "收费通知要求缴纳费用"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "其他对外管理服务事项", "政府集中采购", "采购总金额"),
}


def detect_template(texts: Iterable[str]) -> tuple[str, dict[str, list[str]]]:
    """Decide the template from table labels; return it with the markers found.

    ``unknown`` when no marker is present or both templates score equally.

    Examples
    --------
    >>> detect_template(["本年制发件数", "现行有效件数"])[0]
    '2021'
    >>> detect_template(["正文"])[0]
    'unknown'
    """
    return template_of_forms(N.for_matching(t) for t in texts)


def template_of_forms(forms: Iterable[str]) -> tuple[str, dict[str, list[str]]]:
    """:func:`detect_template` of texts already in their matching form (:func:`govtext.normalize.for_matching`).

    Examples
    --------
    >>> template_of_forms(["本年新制作数量"])[0]
    '2019'
    """
    joined = "".join(forms)
    found = {t: [m for m in marks if m in joined] for t, marks in TEMPLATE_MARKERS.items()}
    n2019, n2021 = len(found["2019"]), len(found["2021"])
    if n2019 == n2021:
        return "unknown", found
    return ("2021" if n2021 > n2019 else "2019"), found
