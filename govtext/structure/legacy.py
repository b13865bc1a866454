"""Pre-2019 (``legacy``) reports: their sections and their statistics table.

Before the national template of 2019 a report had free-form parts (概述,
主动公开, 依申请公开, 收费及减免, 复议和诉讼, 问题和改进) and a 统计表 of
(指标名称, 计量单位, 本年度[, 历年累计]) rows. Parts that correspond to the six
standard sections keep their keys; 收费及减免 (``fees``), the 统计表 (``annex``)
and any other numbered part (``legacy_other``) are recorded as extra sections.
Statistics rows become ``legacy_stats`` records with a canonical indicator key
(``resources/legacy_indicators.csv``) where the label has one. In crawler dumps
the two numbers of a row may run together (``4251516``): the splits allowed are
those with 历年累计 >= 本年度; one split is ``ok``, several are ``ambiguous``.

Examples
--------
>>> from govtext.ingest.blocks import Block
>>> t = Block.table([["指标名称计量单位2011年度历年累计"], ["受理依申请公开信息总数条", "00"], ["主动公开信息数条", "4251516"]],
...                 attrs={"glued": True})
>>> rows, problems = extract_stats([t])
>>> [(r["key"], r["unit"], r["value"], r["cumulative"]) for r in rows][0]
('requests_received', '条', 0.0, 0.0)
>>> rows[1]["status"], rows[1]["reason"][:35]
('ambiguous', "run-together digits '4251516' split")
"""
from __future__ import annotations

import csv
import math
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Sequence

from govtext import normalize as N
from govtext import patterns as P
from govtext.structure import glued as G
from govtext.structure.cells import is_value_like, parse_cell
from govtext.structure.sections import (MAX_HEADING_CHARS, SECTION_KEYS, Heading, build_sections, find_headings,
                                        parse_numbering)

if TYPE_CHECKING:
    from govtext.ingest.blocks import Block

#: units a legacy statistics row prints after its label
UNITS: tuple[str, ...] = ("人次", "万元", "条", "件", "个", "项", "次", "人", "元", "份")
#: legacy-only parts: key -> pattern on the heading
EXTRA_SECTIONS: dict[str, re.Pattern] = {
    "fees": re.compile(r"收费(?:及|和|与)?减免|收费情况"),
    "annex": re.compile(r"统计表|统计指标"),
}
_ROW_NUMBER = re.compile(r"^(?:其中[:：])?(?:\d{1,2}[.、]|[(（]\d{1,2}[)）])?")


def is_legacy_table(texts: Sequence[str]) -> bool:
    """True when one of ``texts`` (table texts) prints at least two legacy header words.

    Examples
    --------
    >>> is_legacy_table(["指标名称 计量单位 2011年度 历年累计"]), is_legacy_table(["自然人 总计"])
    (True, False)
    """
    return any(len(set(P.LEGACY_TABLE_HEADER.findall(N.remove_whitespace(t)))) >= 2 for t in texts)


@lru_cache(maxsize=1)
def indicators() -> tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]:
    """``(key, zh, exact phrases, contained phrases)`` of every canonical legacy indicator."""
    text = resources.files("govtext.resources").joinpath("legacy_indicators.csv").read_text(encoding="utf-8")
    out = []
    for r in csv.DictReader(text.splitlines()):
        pats = r["match"].split("|")
        out.append((r["key"], r["zh"], tuple(p[1:] for p in pats if p.startswith("=")),
                    tuple(p for p in pats if not p.startswith("="))))
    return tuple(out)


def indicator_key(label: str) -> str | None:
    """The canonical key of a statistics row label, or ``None``; the longest matching phrase wins.

    Examples
    --------
    >>> indicator_key("其中：2.同意部分公开答复数"), indicator_key("受理政府信息依申请公开总数"), indicator_key("其他")
    ('replies_partly_granted', 'requests_received', None)
    """
    name = _ROW_NUMBER.sub("", N.remove_whitespace(N.to_halfwidth(label)))
    hits = [(len(p), key) for key, _, exact, contains in indicators()
            for p in (*[e for e in exact if e == name], *[c for c in contains if c in name])]
    return max(hits)[1] if hits else None


def split_label_unit(cells: Sequence[str]) -> tuple[str, str | None]:
    """Indicator label and unit from a row's label cells (a unit cell, or a unit at the label's end).

    Examples
    --------
    >>> split_label_unit(["主动公开信息数条"]), split_label_unit(["行政复议数", "件"])
    (('主动公开信息数', '条'), ('行政复议数', '件'))
    """
    cells = [N.remove_whitespace(c) for c in cells if c.strip()]
    if len(cells) >= 2 and cells[-1] in UNITS:
        return "".join(cells[:-1]), cells[-1]
    label = "".join(cells)
    unit = next((u for u in UNITS if label.endswith(u) and len(label) > len(u) + 1), None)
    return (label[: -len(unit)], unit) if unit else (label, None)


def _values(chunks: list[str], cols: tuple[str, ...], glued: bool, unit: str | None) -> dict:
    """Value (and cumulative) of one row, with status and reason."""
    out = {f"{c}_status": "unreadable" for c in cols} | {c: math.nan for c in cols} | {"reason": ""}
    printed = " ".join(chunks)
    if len(chunks) == len(cols) and all(is_value_like(c) for c in chunks):
        for c, text in zip(cols, chunks):
            parsed = parse_cell(text)
            out[c], out[f"{c}_status"] = parsed.value, parsed.status
        return out
    if not (glued and len(chunks) < len(cols) and all(G.GLUED_TEXT.match(c) for c in chunks)):
        out["reason"] = f"{len(chunks)} values printed ({printed!r}) where the table has {len(cols)} columns"
        return out
    cands = G.splits(chunks, [G.COUNT] * len(cols))
    if len(cols) == 2:  # 历年累计 includes the year
        cands = [p for p in cands if float(p[1]) >= float(p[0])]
    if not cands:
        out["reason"] = f"run-together digits {printed!r} cannot be cut into {len(cols)} values with 历年累计 >= 本年度"
        return out
    if len(cands) == 1:
        for c, text in zip(cols, cands[0]):
            out[c], out[f"{c}_status"] = float(text), "ok"
        out["reason"] = f"split from run-together digits {printed!r}"
        return out
    for i, c in enumerate(cols):
        agreed = {p[i] for p in cands}
        out[c], out[f"{c}_status"] = (float(agreed.pop()), "ok") if len(agreed) == 1 else (math.nan, "ambiguous")
    out["reason"] = f"run-together digits {printed!r} split several ways: {G.show_candidates(cands)}"
    return out


def extract_stats(blocks: Sequence["Block"]) -> tuple[list[dict], list[dict]]:
    """``(legacy_stats rows, problems)`` from the statistics tables among ``blocks``."""
    rows: list[dict] = []
    for bi, block in enumerate(blocks):
        if block.kind != "table" or not is_legacy_table([block.text]):
            continue
        cols = ("value", "cumulative") if "历年累计" in N.remove_whitespace(block.text) else ("value",)
        glued = bool(block.attrs.get("glued"))
        for ri, row in enumerate(block.rows):
            texts = [c.text.strip() for c in row if not c.merged]
            if is_legacy_table([" ".join(texts)]):
                continue  # the header row
            n_labels = max((i + 1 for i, t in enumerate(texts) if not (is_value_like(t) or G.GLUED_TEXT.match(t))), default=0)
            label, unit = split_label_unit(texts[:n_labels])
            chunks = [t for t in texts[n_labels:] if t]
            if not label or not chunks:
                continue
            got = _values(chunks, cols, glued, unit)
            rows.append({"indicator": label, "key": indicator_key(label), "unit": unit, "raw": " ".join(chunks),
                         "value": got["value"], "status": got["value_status"],
                         "cumulative": got.get("cumulative", math.nan), "cumulative_status": got.get("cumulative_status"),
                         "reason": got["reason"], "block": bi, "grid_row": ri, "page": block.page, "line": block.line})
    problems = []
    if not rows:
        problems.append({"stage": "legacy", "code": "P-LEGACY-NO-TABLE",
                         "message": "no statistics table (统计表: 指标名称/计量单位/历年累计) found; legacy_stats is empty"})
    elif not any(r["key"] == "requests_received" for r in rows):
        problems.append({"stage": "legacy", "code": "P-LEGACY-NO-REQUESTS",
                         "message": "the statistics table has no row for requests received (受理依申请公开信息总数 / 收到申请 / 申请总数)"})
    return rows, problems


def legacy_headings(blocks: Sequence["Block"]) -> list[Heading]:
    """Every top-level numbered part of a legacy report, in document order.

    Parts that correspond to a standard section keep its key (see
    :func:`govtext.structure.sections.find_headings`); the others are
    ``fees`` (收费及减免), ``annex`` (统计表) or ``legacy_other``.

    Examples
    --------
    >>> from govtext.ingest.blocks import Block
    >>> bs = [Block("paragraph", t) for t in ("一、概述", "正文。", "四、政府信息公开的收费及减免情况", "七、政府信息公开情况统计表")]
    >>> [(h.key, h.block) for h in legacy_headings(bs)]
    [('overview', 0), ('fees', 2), ('annex', 3)]
    """
    standard = {h.block: h for h in find_headings(blocks)}
    out = []
    for i, block in enumerate(blocks):
        if i in standard:
            out.append(standard[i])
            continue
        if block.kind == "table":
            continue
        style, number, rest = parse_numbering(block.text)
        rest = N.remove_whitespace(rest)
        if style not in ("cn", "part") or not rest or len(rest) > MAX_HEADING_CHARS or rest.endswith(("。", "；")):
            continue
        key = next((k for k, pat in EXTRA_SECTIONS.items() if pat.search(rest)), "legacy_other")
        out.append(Heading(key, i, N.for_display(block.text), number, style))
    return out


def legacy_sections(blocks: Sequence["Block"]) -> list[dict]:
    """Section records: the six standard keys (found or not), then one per legacy-only part (``order`` None)."""
    headings = legacy_headings(blocks)
    records, _ = build_sections(blocks, headings)
    ends = [h.block for h in headings[1:]] + [len(blocks)]
    for h, end in zip(headings, ends):
        if h.key in SECTION_KEYS:
            continue
        text = "\n".join(b.text for b in blocks[h.block + 1:end] if b.kind != "table" and b.text.strip())
        records.append({"section": h.key, "order": None, "found": True, "title": h.title, "number_style": h.style,
                        "text": text, "n_chars": len(text), "block_start": h.block, "block_end": end})
    return records
