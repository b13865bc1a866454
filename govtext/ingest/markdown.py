"""Markdown: ATX headings, pipe tables, paragraphs (also OCR/LLM conversions saved as .txt).

Examples
--------
>>> bs = read_markdown("## 二、主动公开\\n| 信息内容 | 本年制发件数 |\\n|---|---|\\n| 规章 | 0 |\\n")
>>> [b.kind for b in bs], bs[1].rows[1][1].text
(['heading', 'table'], '0')
"""
from __future__ import annotations

from govtext import normalize as N
from govtext import patterns as P
from govtext.ingest.blocks import Block
from govtext.ingest.text import read_text


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return [N.collapse_whitespace(c) for c in body.split("|")]


def read_markdown(text: str) -> list[Block]:
    """Split Markdown into heading, paragraph and table blocks."""
    blocks: list[Block] = []
    table: list[list[str]] = []
    plain: list[str] = []
    start = plain_start = 0

    def flush_table() -> None:
        nonlocal table
        if table:
            blocks.append(Block.table(table, line=start, attrs={"from": "markdown"}))
        table = []

    def flush_plain() -> None:
        nonlocal plain
        if plain:
            blocks.extend(
                Block(kind=b.kind, text=b.text, rows=b.rows, line=(b.line or 0) + plain_start - 1, attrs=b.attrs)
                for b in read_text("\n".join(plain))
            )
        plain = []

    for lineno, line in enumerate(N.unify_newlines(text).split("\n"), start=1):
        if P.MD_TABLE_ROW.match(line):
            flush_plain()
            if not table:
                start = lineno
            if not P.MD_TABLE_SEP.match(line):
                table.append(_cells(line))
            continue
        flush_table()
        heading = P.MD_HEADING.match(line)
        if heading:
            flush_plain()
            blocks.append(Block(kind="heading", text=N.for_display(heading.group("text")), level=len(heading.group("hashes")), line=lineno))
        elif line.strip():
            if not plain:
                plain_start = lineno
            plain.append(line)
        else:
            flush_plain()
    flush_table()
    flush_plain()
    return blocks


def looks_like_markdown(text: str) -> bool:
    """True when the text has pipe-table rows or ATX headings.

    Examples
    --------
    >>> looks_like_markdown("# 标题\\n正文"), looks_like_markdown("正文")
    (True, False)
    """
    lines = text.splitlines()
    tables = sum(1 for ln in lines if P.MD_TABLE_ROW.match(ln))
    headings = sum(1 for ln in lines if P.MD_HEADING.match(ln))
    return tables >= 2 or headings >= 1


#: cells an OCR/LLM conversion writes where it could not read a value
_PLACEHOLDERS = {"-", "—", "--", "?", "？", "(数据项目)", "数量", ""}


def markdown_table_notes(blocks: list[Block]) -> list[tuple[str, str]]:
    """Problems with converted Markdown tables: placeholder-only and misaligned tables.

    A placeholder table holds nothing but ``-`` style cells; a misaligned one has
    rows of different widths (cells shifted by the conversion). Neither is
    trusted silently: the structure stage still matches labelled rows, and these
    notes tell the user why other rows are missing.

    Examples
    --------
    >>> t = Block.table([["商业企业", "科研机构"], ["-", "-"]], line=3, attrs={"from": "markdown"})
    >>> markdown_table_notes([t])[0][0]
    'P-MD-PLACEHOLDER'
    """
    notes = []
    for b in blocks:
        if b.kind != "table" or b.attrs.get("from") != "markdown":
            continue
        body = [[c.text.strip() for c in row] for row in b.rows[1:]]
        if body and all(cell in _PLACEHOLDERS for row in body for cell in row):
            notes.append(("P-MD-PLACEHOLDER", f"table at line {b.line} holds only placeholder cells; nothing read from it"))
        widths = {len(row) for row in b.rows}
        if len(widths) > 1:
            notes.append(("P-MD-MISALIGNED", f"table at line {b.line} has rows of {sorted(widths)} cells; "
                          "only rows whose own label matches a template row are used"))
    return notes
