"""Find the six standard sections by their headings.

A heading is a short paragraph (or a Markdown/HTML heading) whose words match a
section and whose numbering is top level (``一、``, ``3、``, ``1.``, ``第一部分``
or none); sub-heads numbered ``（一）`` never start a section. Sections must
appear in template order; a section with no heading is recorded as missing.

Examples
--------
>>> from govtext.ingest.blocks import Block
>>> bs = [Block("paragraph", "一、总体情况"), Block("paragraph", "正文。"), Block("paragraph", "4、 政府信息公开行政法复议、行政诉讼情况")]
>>> [(h.key, h.number, h.block) for h in find_headings(bs)]
[('overview', 1, 0), ('review', 4, 2)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from govtext import normalize as N
from govtext import patterns as P
from govtext.ingest.blocks import Block

#: section key -> (ordinal, pattern on the matching form of the heading text)
SECTIONS: dict[str, tuple[int, re.Pattern]] = {
    "overview": (1, re.compile(r"总体情况|总体概况|概述")),
    "active": (2, re.compile(r"主动公开(?:政府)?信息(?:的)?(?:工作)?情况|主动公开(?:工作)?情况")),
    "requests": (3, re.compile(r"收到和处理|依申请公开(?:政府信息)?(?:的)?(?:工作)?情况|政府信息公开申请(?:的)?(?:办理)?情况")),
    "review": (4, re.compile(r"行政(?:法)?复议|行政诉讼")),
    "problems": (5, re.compile(r"存在的?(?:主要)?问题|问题(?:及|和|与)改进")),
    "other": (6, re.compile(r"其他需要报告|其它需要报告")),
}
SECTION_KEYS: tuple[str, ...] = tuple(SECTIONS)
SECTION_TITLES_ZH = {
    "overview": "总体情况", "active": "主动公开政府信息情况", "requests": "收到和处理政府信息公开申请情况",
    "review": "政府信息公开行政复议、行政诉讼情况", "problems": "存在的主要问题及改进情况", "other": "其他需要报告的事项",
}
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
MAX_HEADING_CHARS = 48


@dataclass(frozen=True)
class Heading:
    """A section heading found in the blocks."""

    key: str
    block: int
    title: str
    number: int | None
    style: str


def _numeral(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if len(text) == 2 and text[0] == "十":
        return 10 + _CN_DIGITS.get(text[1], 0)
    return None


def parse_numbering(text: str) -> tuple[str, int | None, str]:
    """Split a heading into ``(style, number, rest)``; style is part/cn/paren/ar/none.

    Examples
    --------
    >>> parse_numbering("3、 收到和处理政府信息公开申请情况")
    ('ar', 3, '收到和处理政府信息公开申请情况')
    >>> parse_numbering("（一）主动公开方面")
    ('paren', 1, '主动公开方面')
    """
    norm = N.to_halfwidth(N.strip_residue(text)).strip()
    m = P.NUMBERING.match(norm)
    if not m:
        return "none", None, norm
    style = next(s for s in ("part", "cn", "paren", "ar") if m.group(s))
    return style, _numeral(m.group(f"{style}_n")), norm[m.end():].strip()


def classify_heading(text: str) -> tuple[str, int | None, str] | None:
    """``(key, number, style)`` when ``text`` is a top-level section heading, else ``None``.

    Examples
    --------
    >>> classify_heading("五、存在的主要问题及改进情况")
    ('problems', 5, 'cn')
    >>> classify_heading("（五）存在的主要问题") is None
    True
    """
    style, number, rest = parse_numbering(text)
    if style == "paren":
        return None
    rest = N.remove_whitespace(rest)
    if not rest or len(rest) > MAX_HEADING_CHARS or rest.endswith(("。", "；", ";")):
        return None
    if style == "none" and len(rest) > 24:
        return None
    for key, (ordinal, pat) in SECTIONS.items():
        m = pat.search(rest)
        if m and (style != "none" or m.start() <= 6):
            return key, number, style
    return None


def find_headings(blocks: Sequence[Block]) -> list[Heading]:
    """The section headings in document order, at most one per section.

    For each section, in template order, the best candidate after the previous
    section's heading is chosen: numbered like its ordinal, then top-level
    style, then earliest.
    """
    cands = []
    for i, b in enumerate(blocks):
        if b.kind == "table":
            continue
        got = classify_heading(b.text)
        if got:
            key, number, style = got
            cands.append(Heading(key, i, N.for_display(b.text), number, style))
    chosen: list[Heading] = []
    after = -1
    for key, (ordinal, _) in SECTIONS.items():
        pool = [c for c in cands if c.key == key and c.block > after]
        if not pool:
            continue
        best = max(pool, key=lambda c: (c.number == ordinal, c.style != "none", -c.block))
        chosen.append(best)
        after = best.block
    return chosen


def build_sections(blocks: Sequence[Block], headings: Sequence[Heading]) -> tuple[list[dict], str]:
    """Section records (one per standard key, found or not) and the preamble text.

    Each record has ``section, order, found, title, number_style, text,
    n_chars, block_start, block_end``. Text is the paragraphs between a
    heading and the next one; tables are left to the cells frame.
    """
    starts = sorted(headings, key=lambda h: h.block)
    bounds = {h.key: (h, starts[i + 1].block if i + 1 < len(starts) else len(blocks)) for i, h in enumerate(starts)}
    first = starts[0].block if starts else len(blocks)
    preamble = "\n".join(b.text for b in blocks[:first] if b.kind != "table")
    out = []
    for order, key in enumerate(SECTION_KEYS, start=1):
        if key not in bounds:
            out.append({"section": key, "order": order, "found": False, "title": None, "number_style": None,
                        "text": None, "n_chars": 0, "block_start": None, "block_end": None})
            continue
        h, end = bounds[key]
        text = "\n".join(b.text for b in blocks[h.block + 1:end] if b.kind != "table" and b.text.strip())
        out.append({"section": key, "order": order, "found": True, "title": h.title, "number_style": h.style,
                    "text": text, "n_chars": len(text), "block_start": h.block, "block_end": end})
    return out, preamble
