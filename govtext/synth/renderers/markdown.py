"""Markdown as PDF/OCR conversions write it: ATX headings (or plain numbered lines), pipe tables.

Pipe tables cannot span cells: the label columns of a row are joined into one
cell, a value spanning columns is printed once, and table 4's two header rows
become one row of group-prefixed headers.

Examples
--------
>>> from govtext.synth.builder import generate_reports
>>> text = render(next(generate_reports(1, seed=3))).data.decode()
>>> "| --- |" in text
True
"""
from __future__ import annotations

from govtext.synth.layout import REVIEW_HEAD, Grid
from govtext.synth.model import SynthReport
from govtext.synth.renderers.base import Rendered, document_items


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def table_lines(section: str, grid: Grid) -> list[str]:
    """The pipe-table lines of one grid."""
    if section == "review":
        head = [g + t for g in ("行政复议", "未经复议直接起诉", "复议后起诉") for t in REVIEW_HEAD]
        values = [c.text for c in grid.rows[-1]]
        return [_row(head), _row(["---"] * 15), _row(values)]
    lines: list[str] = []
    header_done = False
    if section == "requests":
        lines += [_row(["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]),
                  _row(["---"] * 8)]
        header_done = True
    for row in grid.rows:
        if section == "requests" and all(c.header for c in row):
            continue
        if section == "active" and len(row) == 1:
            if lines:
                lines.append("")
            lines.append(row[0].text)
            lines.append("")
            header_done = False
            continue
        if all(c.header for c in row):
            cells = [c.text for c in row]
        else:
            cells = [" ".join(c.text for c in row if c.key is None), *(c.text for c in row if c.key is not None)]
        lines.append(_row(cells))
        if not header_done:
            lines.append(_row(["---"] * len(cells)))
            header_done = True
    return lines


def render(report: SynthReport) -> Rendered:
    """Render ``report`` as Markdown."""
    atx = report.style["variant"] < 0.6
    lines: list[str] = []
    for item in document_items(report):
        if item.kind == "title":
            lines.append(("# " if atx and item.text == report.title_lines[0] else "") + item.text)
        elif item.kind == "heading":
            lines.append(("## " if atx else "") + item.text)
        elif item.kind == "subhead":
            lines.append(("### " if atx else "") + item.text)
        elif item.kind == "table":
            lines.extend(table_lines(item.section, item.grid))
        else:
            lines.append(item.text)
        lines.append("")
    if not atx:
        lines.insert(0, "正文")
        lines.insert(1, "")
    return Rendered("\n".join(lines).encode("utf-8"), "md", "md", encoding="utf-8", variant="atx" if atx else "plain")
