"""Agency names: the cleaned form people read and the key that matching uses.

Two ``str -> str`` functions, built from small steps:

* :func:`clean_agency_name` keeps the name as printed but drops what is not
  part of it: full-width forms, converter residue, whitespace, the year
  (``2021年``, ``2021年度``, ``年度``), the report words
  (``政府信息公开工作年度报告``), bracketed remarks and quote marks.
* :func:`agency_key` unifies forms of the same body: ``管理委员会`` and
  ``党工委管委会`` become ``管委会``, a zone's trailing ``管委会`` is dropped
  (``平潭综合实验区管委会`` is ``平潭综合实验区``), and a bare ``政府`` becomes
  ``人民政府``. Anything else stays distinct: ``长春市人民政府办公厅`` is not
  ``长春市人民政府``.

Examples
--------
>>> clean_agency_name("平潭综合实验区2021年度政府信息公开工作年度报告")
'平潭综合实验区'
>>> agency_key("平潭综合实验区党工委管委会"), agency_key("长春市人民政府办公厅")
('平潭综合实验区', '长春市人民政府办公厅')
"""
from __future__ import annotations

from govtext import normalize as N
from govtext import patterns as P


def clean_agency_name(name: str) -> str:
    """The agency name without year, report words, brackets, quotes and whitespace.

    Examples
    --------
    >>> clean_agency_name(" 《长春高新技术产业开发区》２０２１年政府信息公开工作年度报告")
    '长春高新技术产业开发区'
    >>> clean_agency_name("平潭县人民政府（本级）")
    '平潭县人民政府'
    """
    text = N.remove_whitespace(N.strip_residue(N.to_halfwidth(name or "")))
    text = P.AGENCY_REPORT_WORDS.sub("", P.AGENCY_YEAR.sub("", text))
    return P.AGENCY_QUOTES.sub("", P.AGENCY_BRACKETED.sub("", text))


def unify_committee(name: str) -> str:
    """Write every form of the management committee as ``管委会``.

    Examples
    --------
    >>> unify_committee("平潭综合实验区党工委管委会"), unify_committee("某开发区管理委员会办公室")
    ('平潭综合实验区管委会', '某开发区管委会办公室')
    """
    return P.AGENCY_COMMITTEE.sub("管委会", name)


def drop_zone_committee(name: str) -> str:
    """``X区管委会`` is the zone X区 itself: drop the trailing committee.

    Examples
    --------
    >>> drop_zone_committee("长春高新技术产业开发区管委会"), drop_zone_committee("某区管委会办公室")
    ('长春高新技术产业开发区', '某区管委会办公室')
    """
    m = P.ZONE_COMMITTEE.fullmatch(name)
    return m["stem"] if m else name


def full_government(name: str) -> str:
    """``X政府`` is written ``X人民政府`` in the key.

    Examples
    --------
    >>> full_government("平潭县政府"), full_government("长春市政府办公厅")
    ('平潭县人民政府', '长春市人民政府办公厅')
    """
    return P.BARE_GOVERNMENT.sub("人民政府", name)


def agency_key(name: str) -> str:
    """The matching key: two names with the same key are the same agency.

    Examples
    --------
    >>> {agency_key(n) for n in ["平潭综合实验区", "平潭综合实验区管委会", "平潭综合实验区管理委员会"]}
    {'平潭综合实验区'}
    """
    return full_government(drop_zone_committee(unify_committee(clean_agency_name(name))))
