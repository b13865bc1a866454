"""The document model every reader produces: an ordered list of blocks.

A block is a heading, a paragraph or a table. Tables are grids of
:class:`GridCell`; merged cells are resolved: a cell spanning several grid
positions appears at each of them, with ``merged=True`` on all but the first,
so label lookups see the text while value extraction counts it once.

Examples
--------
>>> t = Block.table([["规章", "0", "0", "0"]])
>>> t.rows[0][0].text, t.kind
('规章', 'table')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, Sequence

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass(frozen=True)
class GridCell:
    """One position of a table grid.

    ``text`` is the cell as printed (converter residue removed, otherwise raw);
    ``merged`` marks a copy created by resolving a row/column span; ``page`` is
    the source page (PDF) or ``None``.
    """

    text: str
    merged: bool = False
    page: int | None = None


#: grid cells by their arguments: frozen, so one instance serves every equal cell (labels and numbers repeat)
grid_cell = lru_cache(maxsize=8192)(GridCell)


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or table of a source document.

    Attributes
    ----------
    kind : ``"heading" | "paragraph" | "table"``
    text : the text as printed (for tables, the cells joined row by row)
    rows : the grid of a table, row by row (empty for other kinds)
    level : heading level when the source says it (Markdown ``#``, HTML ``h2``)
    page : page number in the source (PDF) or ``None``
    line : first line number in the source (text formats) or ``None``
    """

    kind: BlockKind
    text: str = ""
    rows: tuple[tuple[GridCell, ...], ...] = ()
    level: int | None = None
    page: int | None = None
    line: int | None = None
    attrs: dict = field(default_factory=dict, compare=False)

    @classmethod
    def table(cls, rows: Sequence[Sequence[str | GridCell]], **kw) -> "Block":
        """Build a table block from rows of strings or :class:`GridCell`.

        Examples
        --------
        >>> Block.table([["a", "1"]]).text
        'a\\t1'
        """
        grid = tuple(
            tuple(c if isinstance(c, GridCell) else grid_cell(str(c)) for c in row) for row in rows
        )
        text = "\n".join("\t".join(c.text for c in row) for row in grid)
        return cls(kind="table", text=text, rows=grid, **kw)


@dataclass(frozen=True)
class Document:
    """What a reader returns: the blocks plus facts about the source.

    ``format`` is what the content was read as (``txt``, ``wp-text``, ``md``,
    ``html``, ``docx``, ``pdf`` …), ``encoding`` the detected text encoding,
    ``notes`` reader-level remarks (e.g. ``needs_ocr``) that become problems.
    """

    blocks: tuple[Block, ...]
    format: str
    encoding: str | None = None
    notes: tuple[tuple[str, str], ...] = ()
    header: dict = field(default_factory=dict, compare=False)


#: a CJK ideograph or full-width punctuation: no space belongs next to one when lines are joined
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def join_lines(parts: Sequence[str]) -> str:
    """Join the lines of a wrapped cell or paragraph: nothing between Chinese text, a space elsewhere.

    Labels wrapped inside a cell (``本年新<br />制作数量``), broken one
    character per line (``三\\n、\\n本``) or spaced out by a PDF's justification
    (``商 业 企 业``) come back as written.

    Examples
    --------
    >>> join_lines(["本年新", "制作数量"])
    '本年新制作数量'
    >>> join_lines(["商 业 企 业", "12", "34"])
    '商业企业12 34'
    """
    out, spaced = "", False
    for part in parts:
        words = part.split()
        if not words:
            continue
        spaced = spaced or len(words) > 1
        part = " ".join(words)
        if out and not (_CJK.match(out[-1]) or _CJK.match(part[0])):
            out += " "
            spaced = True
        out += part
    return _SPACE_IN_CJK.sub("", out) if spaced else out  # no space in it: nothing to remove


#: a space with Chinese on either side (spaced-out text)
_SPACE_IN_CJK = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) +(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")
