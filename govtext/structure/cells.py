"""Read one table cell: value, status and unit, keeping the raw text.

Statuses: ``ok`` (a number), ``blank`` (nothing printed), ``dash`` (``/``, ``—``,
``-``, ``无``), ``text`` (words where a number belongs), ``missing`` (the
template has the cell, the report does not), and, from the readers that must
guess, ``ambiguous`` and ``unreadable``. Only ``ok`` carries a value; a blank is
unknown, never 0.

Examples
--------
>>> parse_cell("３０")
CellValue(value=30.0, status='ok', unit=None, note=None)
>>> parse_cell("251000元", target_unit="元").value
251000.0
>>> parse_cell("3.2万元", target_unit="元").value
32000.0
>>> parse_cell("16①").value
16.0
>>> parse_cell("  ").status, parse_cell("—").status, parse_cell("见附件").status
('blank', 'dash', 'text')
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from govtext import normalize as N
from govtext import patterns as P

STATUSES = ("ok", "blank", "dash", "text", "missing", "ambiguous", "unreadable")

#: multiply a value printed in the key unit to get the target unit
_UNIT_FACTORS = {("万元", "元"): 10000.0, ("元", "万元"): 1 / 10000.0}


@dataclass(frozen=True)
class CellValue:
    """A parsed cell: ``value`` is NaN unless ``status == "ok"``."""

    value: float
    status: str
    unit: str | None = None
    note: str | None = None


def _number(sign: str | None, num: str) -> float:
    value = float(num.replace(",", ""))
    return -value if sign in ("-", "−") else value


def _convert(value: float, unit: str | None, target: str | None) -> float:
    if unit and target and unit != target:
        return value * _UNIT_FACTORS.get((unit, target), 1.0)
    return value


@lru_cache(maxsize=8192)
def parse_cell(raw: str, *, target_unit: str | None = None) -> CellValue:
    """Parse the printed text of a cell.

    ``target_unit`` (``"元"`` or ``"万元"``) converts amounts printed with the
    other unit; the printed unit is kept in ``unit``.
    """
    text = N.remove_whitespace(N.strip_residue(raw or ""))
    if not text:
        return CellValue(math.nan, "blank")
    if P.DASH.match(N.to_halfwidth(text)):
        return CellValue(math.nan, "dash")
    # footnote marks go before NFKC, which would turn ① into the digit 1
    text = N.to_halfwidth(P.FOOTNOTE.sub("", text))
    m = P.NUMBER.match(text)
    if m:
        return CellValue(_number(m["sign"], m["num"]), "ok")
    m = P.NUMBER_UNIT.match(text)
    if m:
        unit = m["unit"]
        return CellValue(_convert(_number(m["sign"], m["num"]), unit, target_unit), "ok", unit=unit)
    m = P.NUMBER_NOTE.match(text)
    if m:
        unit = m["unit"]
        return CellValue(_convert(_number(m["sign"], m["num"]), unit, target_unit), "ok", unit=unit, note=m["note"])
    return CellValue(math.nan, "text", note="not a number")


def is_value_like(raw: str) -> bool:
    """True when a cell reads as a value (number, blank or dash) rather than a label.

    Examples
    --------
    >>> is_value_like("12"), is_value_like(""), is_value_like("规章")
    (True, True, False)
    """
    return parse_cell(raw).status in ("ok", "blank", "dash")
