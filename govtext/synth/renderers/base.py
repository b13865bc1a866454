"""What every renderer shares: the document as a flat list of items, and the render result.

Examples
--------
>>> from govtext.synth.builder import generate_reports
>>> r = next(generate_reports(1, seed=3))
>>> kinds = [i.kind for i in document_items(r)]
>>> kinds[0], kinds.count("table"), kinds.count("heading")
('title', 3, 6)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from govtext.synth.layout import Grid, LabelStyle, table_grids
from govtext.synth.model import Key, SynthReport

#: a section's table comes after its paragraphs
TABLE_SECTIONS = ("active", "requests", "review")


@dataclass(frozen=True)
class Item:
    """One piece of the document: title, paragraph, heading, subhead, table or signature."""

    kind: str
    text: str = ""
    section: str | None = None
    grid: Grid | None = None


@dataclass
class Rendered:
    """A rendered report: bytes, file extension and notes for the truth.

    ``ambiguous`` lists cells whose printed form cannot be read back without
    guessing (e.g. numbers glued together in crawler text); ``encoding`` is
    the text encoding used, ``variant`` the layout variant.
    """

    data: bytes
    ext: str
    format: str
    encoding: str | None = None
    variant: str = ""
    ambiguous: list[Key] = field(default_factory=list)


def document_items(report: SynthReport) -> list[Item]:
    """The report in reading order; subheads are separate items or prefixed to their paragraph."""
    inline = report.style["variant"] < 0.5
    items = [Item("title", line) for line in report.title_lines]
    items.append(Item("paragraph", "".join(s.text for s in report.preamble), "preamble"))
    grids = table_grids(report.template, report.cells, LabelStyle(**report.style["labels"]))
    for sec in report.sections:
        items.append(Item("heading", sec.heading, sec.key))
        for i, para in enumerate(sec.paragraphs):
            text = "".join(s.text for s in para)
            head = sec.subheads.get(i)
            if head and inline:
                text = head + ("" if head.endswith("。") else "。") + text if sec.key == "overview" else head + text
            elif head:
                items.append(Item("subhead", head, sec.key))
            items.append(Item("paragraph", text, sec.key))
        if sec.key in TABLE_SECTIONS:
            items.append(Item("table", section=sec.key, grid=grids[sec.key]))
    items.extend(Item("signature", line) for line in report.signature)
    return items
