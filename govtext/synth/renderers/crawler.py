"""Crawler text of a saved agency web page: an 8-line header, a marker line, the whole body on one line.

Table cells are flattened into the running text, either glued together
(``一、本年新收政府信息公开申请数量640020470``) or separated by spaces. Cells
whose numbers cannot be split back unambiguously are listed in
``Rendered.ambiguous``: a row whose glued digits admit more than one split
into the template's number of values, or any row with a blank cell (a blank
leaves no trace in flattened text).

Examples
--------
>>> count_splits("640020470", 7) > 1, count_splits("0000000", 7)
(True, 1)
"""
from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache

from govtext.synth.layout import Grid
from govtext.synth.model import Key, SynthReport
from govtext.synth.renderers.base import Rendered, document_items

MARKER = "==================== 正文 ===================="
#: one printed value: a number (no leading zeros, optional separators, decimals, unit) or a dash
_TOKEN = re.compile(r"[-−+]?(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?(?:万元|元|件)?|/|—|-|－|无|／")


def count_splits(text: str, k: int) -> int:
    """In how many ways ``text`` splits into ``k`` printed values (capped at 2)."""
    s = unicodedata.normalize("NFKC", text)

    @lru_cache(maxsize=None)
    def ways(pos: int, left: int) -> int:
        if left == 0:
            return 1 if pos == len(s) else 0
        total = 0
        for end in range(pos + 1, len(s) + 1):
            if _TOKEN.fullmatch(s, pos, end):
                total += ways(end, left - 1)
                if total > 1:
                    return 2
        return total

    return ways(0, k)


def _flatten(grid: Grid, sep: str, rng: random.Random, ambiguous: list[Key]) -> str:
    parts: list[str] = []
    for row in grid.rows:
        labels = [c.text for c in row if c.key is None and c.text]
        values = [c for c in row if c.key is not None]
        printed = [c.text for c in values if c.text]
        if values and (len(printed) < len(values) or (sep == "" and count_splits("".join(printed), len(values)) != 1)):
            ambiguous.extend(c.key for c in values)
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
            body.append(_flatten(item.grid, sep, rng, ambiguous) + " ")
        else:
            text = item.text
            if report.style["residue"] and item.kind == "subhead":
                text = "<!--[if !supportLists]-->" + text
            body.append(text + (" " if item.kind == "heading" and rng.random() < 0.3 else ""))
    body.append(" 附件下载")
    text = "\n".join(header) + "\n" + "".join(body) + "\n"
    return Rendered(text.encode("utf-8"), "txt", "crawler", encoding="utf-8", variant="spaced" if spaced else "glued",
                    ambiguous=ambiguous)
