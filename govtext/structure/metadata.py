"""Report metadata: title, agency, year, statistics period, publication date.

Examples
--------
>>> parse_title("长春高新技术产业开发区2021年政府信息公开工作年度报告")
('长春高新技术产业开发区', 2021)
>>> parse_title("2024 年上海市科委政府信息公开工作年度报告")
('上海市科委', 2024)
>>> statistics_period("本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。")
('2021-01-01', '2021-12-31')
"""
from __future__ import annotations

import re
from typing import Sequence

from govtext import normalize as N
from govtext import patterns as P
from govtext.ingest.blocks import Block

_TITLE_WORDS = re.compile(r"^(?:关于|标题[:：])")
_TRAILING = re.compile(r"(?:的)?$")
TITLE_SCAN_BLOCKS = 8


def parse_title(title: str) -> tuple[str | None, int | None]:
    """Agency and year from a report title (either order: agency-year or year-agency)."""
    norm = N.remove_whitespace(N.to_halfwidth(title))
    norm = _TITLE_WORDS.sub("", norm).lstrip("#")
    m = P.TITLE.search(norm)
    if not m:
        return None, None
    agency = (m["pre"] or m["post"] or "").strip("《》\"“”:：,，") or None
    return agency, int(m["year"])


def find_title(blocks: Sequence[Block], header: dict | None = None) -> str | None:
    """The report title: a crawler ``标题:`` header, or the first lines up to one naming the report."""
    if header and header.get("title"):
        return header["title"]
    lines: list[str] = []
    for b in blocks[:TITLE_SCAN_BLOCKS]:
        if b.kind == "table" or not b.text.strip():
            continue
        text = N.for_display(b.text)
        if text in {"正文"}:
            continue
        lines.append(text)
        joined = "".join(lines)
        if "报告" in text and P.TITLE.search(N.remove_whitespace(N.to_halfwidth(joined))):
            return joined
        if len(lines) >= 3:
            break
    return None


def _iso(y: str | int, m: str | int, d: str | int) -> str | None:
    try:
        y, m, d = int(y), int(m), int(d)
    except (TypeError, ValueError):
        return None
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def statistics_period(text: str) -> tuple[str | None, str | None]:
    """Start and end of the 统计期限 stated in the text, as ISO dates."""
    m = P.STAT_PERIOD.search(N.remove_whitespace(N.to_halfwidth(text)))
    if not m:
        return None, None
    return _iso(m["y1"], m["m1"], m["d1"]), _iso(m["y2"] or m["y1"], m["m2"], m["d2"])


def publication_date(blocks: Sequence[Block], header: dict | None = None) -> str | None:
    """The publication date: a crawler header, else a date line among the last blocks."""
    if header and header.get("published"):
        m = P.DATE.search(header["published"])
        if m:
            return _iso(m["y"], m["m"], m["d"])
    for b in list(blocks)[::-1][:6]:
        if b.kind == "table":
            continue
        text = N.remove_whitespace(N.to_halfwidth(b.text)).strip("()")
        m = P.DATE.fullmatch(text)
        if m and "日" in text:
            return _iso(m["y"], m["m"], m["d"])
    return None


def extract_meta(blocks: Sequence[Block], preamble: str, header: dict | None = None) -> dict:
    """Metadata of one report; values the text does not give are ``None``.

    ``year_source`` says where the year came from (``title`` or ``period``).
    """
    title = find_title(blocks, header)
    agency, year = parse_title(title) if title else (None, None)
    start, end = statistics_period(preamble or "")
    year_source = "title" if year else None
    if year is None and start:
        year, year_source = int(start[:4]), "period"
    return {
        "title": title, "agency": agency, "year": year, "year_source": year_source,
        "period_start": start, "period_end": end, "published": publication_date(blocks, header),
    }
