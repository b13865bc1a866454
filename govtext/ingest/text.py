"""Plain text and the flattened text a word processor exports.

In the word-processor export a table row starts after a blank line and each
cell is a line beginning with a tab; merged cells show as empty tab lines.
Plain lines that end in a run of space-separated numbers (``行政许可 97``,
PDF-style rows) become one-row tables so that the structure stage can match
their labels like any other table row.

Examples
--------
>>> blocks = read_text("标题\\n\\n\\t规章\\n\\t0\\n\\t1\\n\\t2\\n")
>>> [b.kind for b in blocks]
['paragraph', 'table']
>>> [c.text for c in blocks[1].rows[0]]
['规章', '0', '1', '2']
"""
from __future__ import annotations

import re

from govtext import normalize as N
from govtext import patterns as P
from govtext.ingest.blocks import Block

#: a line that is a label followed by space-separated cell values
_VALUE_TOKEN = r"(?:[-+−]?\d[\d,]*(?:\.\d+)?(?:万元|元)?|/|—|-|－|无)"
SPACED_ROW = re.compile(rf"^(?P<label>[^\d\s。；;，,][^。；;]{{0,80}}?)\s+(?P<values>{_VALUE_TOKEN}(?:\s+{_VALUE_TOKEN})*)$")
#: longest label a spaced-out row may have; longer lines are narrative broken at a number
MAX_ROW_LABEL = 40
#: punctuation of running text: a label holding it (outside parenthetical notes) is narrative
_SENTENCE_PUNCT = re.compile(r"[，,。；;：:]")


def _paragraph_or_row(line: str, lineno: int) -> Block:
    """A plain line becomes a paragraph, or a one-row table when it is a label plus values."""
    text = N.for_display(line)
    m = SPACED_ROW.match(N.to_halfwidth(text))
    label = N.strip_parenthetical_notes(m.group("label")) if m else ""
    if m and len(label) <= MAX_ROW_LABEL and not _SENTENCE_PUNCT.search(label):
        cells = [m.group("label").strip(), *m.group("values").split()]
        return Block.table([cells], line=lineno, attrs={"from": "spaced-line"})
    return Block(kind="paragraph", text=text, line=lineno)


def read_text(text: str) -> list[Block]:
    """Split plain or word-processor-exported text into blocks."""
    blocks: list[Block] = []
    rows: list[list[str]] = []
    row: list[str] = []
    start = 0

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
        row = []

    def end_table() -> None:
        nonlocal rows
        end_row()
        if rows:
            blocks.append(Block.table(rows, line=start))
        rows = []

    for lineno, line in enumerate(N.unify_newlines(text).split("\n"), start=1):
        line = N.strip_residue(line)
        if line.startswith("\t"):
            if not rows and not row:
                start = lineno
            row.append(N.collapse_whitespace(line))
        elif not line.strip():
            end_row()
        elif P.PAGE_MARKER.match(N.to_halfwidth(line)):
            continue  # page numbers of a converted PDF are layout, not content
        else:
            end_table()
            blocks.append(_paragraph_or_row(line, lineno))
    end_table()
    return blocks
