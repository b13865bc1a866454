"""Crawler text of a saved agency web page: an 8-line header, a marker line, the whole body on one line.

Table cells are flattened into the running text, either glued together
(``一、本年新收政府信息公开申请数量640020470``) or separated by spaces. Cells
whose numbers cannot be read back without guessing are listed in
``Rendered.ambiguous``. A row's *readings* are the ways to cut its printed
text into the template's cells, where a cell may also be blank (a blank leaves
no trace in flattened text). Readings that break one of the row's own
identities (总计 = its parts) are dropped; when some reading without a blank
satisfies every one of them, readings with a blank are dropped too (a blank
that happens to leave a consistent row is not assumed). A cell is ambiguous
when the remaining readings disagree on it (or none remains, or there are more
than :data:`MAX_READINGS`). Identities across rows are not used here, so a
parser that also solves them may read more than this promises.

Examples
--------
>>> len([r for r in readings(["640020470"], 7) if None not in r]) > 1, readings(["0000000"], 7)
(True, [('0', '0', '0', '0', '0', '0', '0')])
>>> readings(["066"], 3)
[(None, '0', '66'), ('0', None, '66'), ('0', '6', '6'), ('0', '66', None)]
>>> ambiguous_cells(["0000000"], 7, []), ambiguous_cells(["13", "2"], 3, [])
([], [0, 1, 2])
"""
from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache
from typing import Sequence

from govtext.checks.rules import RULES
from govtext.synth.layout import Grid
from govtext.synth.model import Key, SynthReport
from govtext.synth.renderers.base import Rendered, document_items

MARKER = "==================== 正文 ===================="
#: one printed value: a number (no leading zeros, optional separators, decimals, unit) or a dash
_TOKEN = re.compile(r"[-−+]?(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?(?:万元|元|件)?|/|——|—|-|－|无|／")
#: a dash token (a printed cell that holds no number)
_DASH = re.compile(r"^(?:/|——|—|-|－|无|／)$")
#: above this many readings a row is taken as ambiguous without listing them
MAX_READINGS = 5_000
#: an identity as (lhs, rhs) indexes into a row's value cells
RowIdentity = tuple[tuple[int, ...], tuple[int, ...]]


@lru_cache(maxsize=4096)
def _cuts(chunks: tuple[str, ...], k: int, ci: int = 0, pos: int = 0) -> tuple[tuple[str | None, ...], ...]:
    """Readings of ``chunks`` from chunk ``ci``, offset ``pos`` as ``k`` cells (``None``: blank)."""
    if k == 0:
        return ((),) if ci == len(chunks) else ()
    out = [(None, *rest) for rest in _cuts(chunks, k - 1, ci, pos)]
    if ci < len(chunks):
        s = chunks[ci]
        for end in range(pos + 1, len(s) + 1):
            if _TOKEN.fullmatch(s, pos, end):
                nxt = _cuts(chunks, k - 1, ci + 1, 0) if end == len(s) else _cuts(chunks, k - 1, ci, end)
                out.extend((s[pos:end], *rest) for rest in nxt)
                if len(out) > MAX_READINGS:
                    break
    return tuple(out[: MAX_READINGS + 1])


def readings(chunks: Sequence[str], k: int) -> list[tuple[str | None, ...]]:
    """Every way to read space-separated ``chunks`` as ``k`` cells, blank cells (``None``) allowed.

    At most :data:`MAX_READINGS` + 1 are listed (more means "too many").
    """
    return list(_cuts(tuple(unicodedata.normalize("NFKC", c) for c in chunks), k))


def _number(piece: str | None) -> float | None:
    if piece is None or _DASH.match(piece):
        return None
    return float(re.sub(r"[,+]|万元|元|件", "", piece).replace("−", "-"))


def _holds(identity: RowIdentity, values: Sequence[float | None]) -> bool | None:
    lhs, rhs = identity
    if any(values[i] is None for i in (*lhs, *rhs)):
        return None
    return abs(sum(values[i] for i in lhs) - sum(values[i] for i in rhs)) < 1e-6


def ambiguous_cells(chunks: Sequence[str], k: int, identities: Sequence[RowIdentity],
                    truth: Sequence[str | None] | None = None) -> list[int]:
    """Indexes of the cells of a flattened row that its readings do not decide (see the module docstring).

    With ``truth`` (the printed cells, ``None`` for a blank), a cell the
    readings agree on but get wrong is ambiguous too: the printed text then
    misleads (a blank cell and a broken total that happen to look consistent).
    """
    found = readings(chunks, k)
    if len(found) > MAX_READINGS:
        return list(range(k))
    values = [tuple(map(_number, r)) for r in found]
    verdicts = [[_holds(i, v) for i in identities] for v in values]
    kept = [(r, vd) for r, vd in zip(found, verdicts) if False not in vd]
    if any(None not in r and identities and all(vd) for r, vd in kept):
        kept = [(r, vd) for r, vd in kept if None not in r]
    if not kept:
        return list(range(k))
    true = tuple(None if t is None else unicodedata.normalize("NFKC", t) for t in truth) if truth else None
    return [i for i in range(k) if len({r[i] for r, _ in kept}) > 1 or (true is not None and kept[0][0][i] != true[i])]


def _row_identities(keys: Sequence[Key], template: str) -> list[RowIdentity]:
    """The identities whose cells all lie in this row, as indexes into ``keys``."""
    where = {k: i for i, k in enumerate(keys)}
    return [(tuple(where[k] for k in inst.lhs), tuple(where[k] for k in inst.rhs))
            for rule in RULES.values() if template in rule.templates for inst in rule.instances(template)
            if all(k in where for k in (*inst.lhs, *inst.rhs))]


def _flatten(grid: Grid, sep: str, rng: random.Random, ambiguous: list[Key], template: str) -> str:
    parts: list[str] = []
    for row in grid.rows:
        labels = [c.text for c in row if c.key is None and c.text]
        values = [c for c in row if c.key is not None]
        printed = [c.text for c in values if c.text]
        if values:
            keys = [c.key for c in values]
            chunks = printed if sep else ["".join(printed)]
            ambiguous.extend(keys[i] for i in ambiguous_cells(chunks, len(keys), _row_identities(keys, template),
                                                              [c.text or None for c in values]))
        label_sep = " " if sep == "" and labels and rng.random() < 0.2 else sep
        parts.append(sep.join(labels) + (label_sep if labels and printed else "") + sep.join(printed))
    return sep.join(p for p in parts if p)


def render(report: SynthReport) -> Rendered:
    """Render ``report`` as crawler text (glued or space-separated cells)."""
    rng = random.Random(f"{report.seed}:{report.index}:crawler")
    spaced = report.style["crawler_spaced"]
    sep = " " if spaced else ""
    y, m, d = report.published.split("-")
    time = f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    doc_id = rng.randint(10000, 99999)
    path = f"zwgk/zfxxgk/zfxxgknb/{y}{m}/{doc_id}_{report.title}"
    header = [f"标题: {report.title}", f"发布时间: {report.published} {time}", "文号: ", "发布机构: ",
              "栏目: 政府信息公开年报", f"原文链接: https://{report.agency.domain}/zwgk/zfxxgk/zfxxgknb/{y}{m}/t{y}{m}{d}_{doc_id}.htm",
              f"本地目录: {path}", "页面链接与图片详见 links.tsv(同目录)", MARKER]
    body = [f"当前位置： 首页政务公开政府信息公开政府信息公开年报 {report.title} 来源：{report.agency_printed} "
            f"时间：{report.published} {time} 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： --> "]
    ambiguous: list[Key] = []
    for item in document_items(report):
        if item.kind == "title":
            continue
        if item.kind == "table":
            body.append(_flatten(item.grid, sep, rng, ambiguous, report.template) + " ")
        else:
            text = item.text
            if report.style["residue"] and item.kind == "subhead":
                text = "<!--[if !supportLists]-->" + text
            body.append(text + (" " if item.kind == "heading" and rng.random() < 0.3 else ""))
    body.append(" 附件下载")
    text = "\n".join(header) + "\n" + "".join(body) + "\n"
    return Rendered(text.encode("utf-8"), "txt", "crawler", encoding="utf-8", variant="spaced" if spaced else "glued",
                    ambiguous=ambiguous)
