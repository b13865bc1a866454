"""DOCX: paragraphs and tables in document order, merged cells resolved, Word numbering rendered.

The body XML is walked directly (python-docx opens the package and resolves
styles and numbering definitions), so paragraphs and tables keep their order.
``w:gridSpan`` and ``w:vMerge`` become ``merged`` copies of the spanning cell;
``w:gridBefore`` leaves blank positions. Numbering that Word generates
(``w:numPr`` on the paragraph or its style: ``一、`` ``（一）`` ``1.``) is
rendered in front of the text, since the headings of many reports exist only
that way. One logical table split into several Word tables stays several
table blocks; the structure stage matches rows by label across them. The package
is checked first (:func:`govtext.limits.open_zip`: truncation, encryption,
zip bombs; no XML entity declarations).

Examples
--------
>>> import io, docx
>>> d = docx.Document()
>>> _ = d.add_paragraph("二、主动公开政府信息情况")
>>> t = d.add_table(rows=2, cols=2)
>>> t.cell(0, 0).merge(t.cell(1, 0)).text = "规章"
>>> t.cell(0, 1).text, t.cell(1, 1).text = "1", "2"
>>> buf = io.BytesIO(); d.save(buf)
>>> doc = read_docx(buf.getvalue(), "x.docx")
>>> [b.kind for b in doc.blocks], [(c.text, c.merged) for c in doc.blocks[1].rows[1]]
(['paragraph', 'table'], [('规章', True), ('2', False)])
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from govtext import errors, limits
from govtext import normalize as N
from govtext.ingest.blocks import Block, Document, GridCell, join_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """A counting number in Chinese numerals, as Word's ``chineseCounting`` prints it.

    Examples
    --------
    >>> [chinese_number(n) for n in (1, 10, 12, 20, 35)]
    ['一', '十', '十二', '二十', '三十五']
    """
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in a Word ``w:numFmt``.

    Examples
    --------
    >>> format_number(3, "chineseCounting"), format_number(3, "decimal"), format_number(3, "lowerLetter")
    ('三', '3', 'c')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "ideographDigital", "taiwaneseCounting", "taiwaneseCountingThousand", "chineseLegalSimplified"):
        return chinese_number(n)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return N.to_halfwidth(str(n)).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    return str(n)


class Numbering:
    """Counters of Word list numbering, rendered as the text Word shows (``一、``, ``（二）``, ``3.``)."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(f"{W}abstractNumId"): a for a in root.iter(f"{W}abstractNum")}
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            a = abstract.get(ref.get(f"{W}val")) if ref is not None else None
            if a is None:
                continue
            for lvl in a.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                self.levels[(num.get(f"{W}numId"), int(lvl.get(f"{W}ilvl", "0")))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "",
                    int(start.get(f"{W}val")) if start is not None else 1,
                )

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of ``(num_id, ilvl)`` and return the rendered label."""
        if (num_id, ilvl) not in self.levels or num_id == "0":
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = self.levels[(num_id, ilvl)]
        if fmt in ("bullet", "none"):
            return ""

        def sub(m: re.Match) -> str:
            lv = int(m.group(1)) - 1
            f, _, start = self.levels.get((num_id, lv), ("decimal", "", 1))
            return format_number(max(counts[lv], 1) + start - 1, f)

        return re.sub(r"%(\d)", sub, text)


def _num_pr(p, styles: dict) -> tuple[str, int] | None:
    """``(numId, ilvl)`` of a paragraph, from its own properties or its style."""
    ppr = p.find(f"{W}pPr")
    num = ppr.find(f"{W}numPr") if ppr is not None else None
    if num is None and ppr is not None:
        style = ppr.find(f"{W}pStyle")
        num = styles.get(style.get(f"{W}val")) if style is not None else None
    if num is None:
        return None
    nid, lvl = num.find(f"{W}numId"), num.find(f"{W}ilvl")
    if nid is None:
        return None
    return nid.get(f"{W}val"), int(lvl.get(f"{W}val")) if lvl is not None else 0


def _para_text(p) -> str:
    """Visible text of a ``w:p``: runs, tabs and breaks (deleted revisions and mc:Fallback copies left out)."""
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if next(el.iterancestors(f"{MC}Fallback"), None) is not None:
            continue  # the same content as the mc:Choice beside it
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif el.tag == f"{W}tab":
            parts.append("\t")
    return "".join(parts)


def _cell_text(tc) -> str:
    lines = []
    for p in tc.iter(f"{W}p"):
        lines.extend(_para_text(p).split("\n"))
    return N.strip_residue(join_lines(lines))


def _int(el, default: int = 1) -> int:
    try:
        return max(1, min(int(el.get(f"{W}val")), 500)) if el is not None else default
    except (TypeError, ValueError):
        return default


def table_grid(tbl) -> list[list[GridCell]]:
    """Grid of a ``w:tbl``: ``gridSpan`` and ``vMerge`` expanded into ``merged`` copies.

    Examples
    --------
    >>> import docx
    >>> t = docx.Document().add_table(rows=1, cols=3)
    >>> t.cell(0, 0).merge(t.cell(0, 1)).text = "申请人"
    >>> [(c.text, c.merged) for c in table_grid(t._tbl)[0]]
    [('申请人', False), ('申请人', True), ('', False)]
    """
    grid: list[list[GridCell]] = []
    for tr in tbl.iterchildren(f"{W}tr"):
        row: list[GridCell] = []
        trpr = tr.find(f"{W}trPr")
        before = trpr.find(f"{W}gridBefore") if trpr is not None else None
        row.extend(GridCell("") for _ in range(_int(before, 0) if before is not None else 0))
        for tc in tr.iterchildren(f"{W}tc", f"{W}sdt"):
            cells = [tc] if tc.tag == f"{W}tc" else list(tc.iter(f"{W}tc"))
            for cell in cells:
                tcpr = cell.find(f"{W}tcPr")
                span = _int(tcpr.find(f"{W}gridSpan")) if tcpr is not None else 1
                vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                col = len(row)
                if vmerge is not None and vmerge.get(f"{W}val") in (None, "continue") and grid and col < len(grid[-1]):
                    above = grid[-1][col]
                    row.extend(GridCell(above.text, merged=True) for _ in range(span))
                    continue
                text = _cell_text(cell)
                row.append(GridCell(text))
                row.extend(GridCell(text, merged=True) for _ in range(span - 1))
        grid.append(row)
    return grid


def _check_package(data: bytes, path: Path) -> None:
    """Refuse a package that is truncated, encrypted, a zip bomb, not Word, or declares XML entities."""
    package = limits.open_zip(data, path)
    if "word/document.xml" not in package.namelist():
        raise errors.UnsupportedFormat(path, detail="a zip package without word/document.xml: not a Word document",
                                       hint="Open the file in Word or LibreOffice and save it as .docx again.")
    limits.check_xml(limits.member_head(package, "word/document.xml", path), path, "word/document.xml")


def _style_info(document) -> tuple[dict, dict]:
    """Heading levels and numbering properties declared by paragraph styles."""
    levels, numbering = {}, {}
    for style in document.styles.element.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        name = style.find(f"{W}name")
        m = _HEADING_STYLE.match(name.get(f"{W}val", "") if name is not None else "")
        ppr = style.find(f"{W}pPr")
        outline = ppr.find(f"{W}outlineLvl") if ppr is not None else None
        if m:
            levels[sid] = int(m.group(1))
        elif outline is not None and outline.get(f"{W}val", "9").isdigit() and int(outline.get(f"{W}val")) < 9:
            levels[sid] = int(outline.get(f"{W}val")) + 1
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        if num is not None:
            numbering[sid] = num
    return levels, numbering


def _heading_level(p, style_levels: dict) -> int | None:
    """Heading level of a paragraph: its own outline level, else its style's (``Heading 2``, ``标题 2``)."""
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        return None
    outline = ppr.find(f"{W}outlineLvl")
    if outline is not None and outline.get(f"{W}val", "9").isdigit() and int(outline.get(f"{W}val")) < 9:
        return int(outline.get(f"{W}val")) + 1
    style = ppr.find(f"{W}pStyle")
    return style_levels.get(style.get(f"{W}val")) if style is not None else None


def _body_elements(parent):
    """Paragraphs and tables of the body in order, also those wrapped in content controls or custom XML."""
    for el in parent.iterchildren():
        if el.tag in (f"{W}p", f"{W}tbl"):
            yield el
        elif el.tag in (f"{W}sdt", f"{W}customXml"):
            inner = el.find(f"{W}sdtContent") if el.tag == f"{W}sdt" else el
            if inner is not None:
                yield from _body_elements(inner)


def read_docx(data: bytes, path: str | Path) -> Document:
    """Read a DOCX file into a :class:`Document`."""
    path = Path(path)
    _check_package(data, path)
    try:
        import docx
        document = docx.Document(io.BytesIO(data))
    except errors.GovtextError:  # a time limit expiring inside the library
        raise
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise errors.UnsupportedFormat(path, detail=f"the Word document cannot be opened ({type(exc).__name__}: {exc})",
                                       hint="Open the file in Word or LibreOffice and save it as .docx again.") from exc
    levels, style_num = _style_info(document)
    numbering = Numbering(document)
    blocks: list[Block] = []
    for el in _body_elements(document.element.body):
        if el.tag == f"{W}tbl":
            grid = table_grid(el)
            if grid:
                blocks.append(Block.table(grid, attrs={"from": "docx"}))
        elif el.tag == f"{W}p":
            num = _num_pr(el, style_num)
            text = _para_text(el)
            label = numbering.label(*num) if num else ""
            text = N.for_display(label + text)
            if not text:
                continue
            level = _heading_level(el, levels)
            blocks.append(Block(kind="heading" if level else "paragraph", text=text, level=level))
    # core properties are not used for the title: templates carry last year's
    return Document(blocks=tuple(blocks), format="docx")
