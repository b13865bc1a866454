"""The word processor's flattened text (the seed's layout).

Each table row starts after a blank line and each cell is a line beginning
with a tab; cells covered by a vertical merge print as empty tab lines,
horizontally merged cells print once. Converter residue (``[image: …]``,
``[bookmark: _GoBack]``) appears when the report's style asks for it.

Examples
--------
>>> from govtext.synth.builder import generate_reports
>>> out = render(next(generate_reports(1, seed=3)))
>>> out.ext, b"\\n\\t" in out.data
('txt', True)
"""
from __future__ import annotations

from govtext.synth.layout import Grid
from govtext.synth.model import SynthReport
from govtext.synth.renderers.base import Rendered, document_items


def grid_lines(grid: Grid, residue_at: int | None = None) -> list[str]:
    """The flattened lines of one table."""
    lines: list[str] = []
    for r, row in enumerate(grid.expanded()):
        lines.append("")
        for c, (cell, starts, same_row) in enumerate(row):
            first_col_of_cell = c == 0 or row[c - 1][0] is not cell
            if not first_col_of_cell:
                continue
            text = cell.text if starts else ("" if not same_row else None)
            if text is None:
                continue
            if residue_at == r and starts and not cell.key and text:
                text = "[bookmark: _GoBack]" + text
                residue_at = None
            lines.append("\t" + text)
    return lines


def render(report: SynthReport) -> Rendered:
    """Render ``report`` as flattened word-processor text."""
    residue = report.style["residue"]
    lines: list[str] = []
    image_done = False
    for item in document_items(report):
        if item.kind == "table":
            at = 6 if residue and item.section == "requests" else None
            lines.extend(grid_lines(item.grid, at))
            lines.extend(["", ""])
        elif item.kind == "paragraph" and item.section not in (None,) and item.text:
            prefix = "    " if item.section in ("preamble", "problems") else ""
            if residue and not image_done and item.section == "overview":
                prefix, image_done = "[image: 图片1]    ", True
            lines.append(prefix + item.text)
        elif item.text:
            lines.append(item.text)
        if item.kind == "title" and item.text == report.title_lines[-1]:
            lines.append("")
    text = "\n".join(lines) + "\n"
    v = report.style["variant"]
    encoding = "gb18030" if v > 0.9 else "utf-8-sig" if v > 0.85 else "utf-8"
    if 0.3 < v < 0.45:
        text = text.replace("\n", "\r\n")
    return Rendered(text.encode(encoding), "txt", "txt", encoding=encoding, variant="crlf" if 0.3 < v < 0.45 else "lf")
