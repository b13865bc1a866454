"""HTML: whole agency pages, bare fragments and Word-exported markup, read into blocks.

The article body is found by descending from ``<body>`` into the child that
holds most of the text while no data table is left behind; navigation,
breadcrumbs, share bars and footers go first. Tables become grids with
``rowspan``/``colspan`` resolved (copies marked ``merged``); ``<br>`` and
paragraphs inside a cell are joined; ``&nbsp;`` cells are blank. A table
holding other tables is page layout and is read as running text. The encoding
comes from the meta charset when it decodes the bytes, else it is detected.
Parsing is safe: no network, no entity resolution, no huge trees.

Examples
--------
>>> doc = read_html("<p>二、主动公开</p><table><tr><td rowspan=2>规章</td><td>1</td></tr>"
...                 "<tr><td>2</td></tr></table>".encode(), "x.html")
>>> [b.kind for b in doc.blocks]
['paragraph', 'table']
>>> [(c.text, c.merged) for c in doc.blocks[1].rows[1]]
[('规章', True), ('2', False)]
"""
from __future__ import annotations

import codecs
import email
import email.policy
import re
from pathlib import Path

from lxml import etree

from govtext import errors
from govtext import normalize as N
from govtext import patterns as P
from govtext.ingest.blocks import Block, Document, GridCell, grid_cell, join_lines
from govtext.ingest.encoding import UndecodableText, decode_bytes

#: a charset declared in a meta tag (``<meta charset=…>`` or the http-equiv content type)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
#: declared names decoded with a wider codec (GB2312 and GBK pages use GB18030 characters)
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}
#: elements that never hold report text
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "input", "select", "textarea",
              "nav", "header", "footer", "aside", "object", "embed", "svg", "head")
#: class or id words of site furniture: menus, breadcrumbs, share bars, footers …
_FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumbs?|position|location|footer|foot|header|share|"
                        r"toolbar|sidebar|search|banner|copyright|qrcode|ewm|print|relnews|related|links?)(?:[\s_-]|\d|$)", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
#: block-level elements: text before and after them is a separate paragraph
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "main", "blockquote", "pre",
               "center", "tr", "td", "th", "table", "tbody", "thead", "tfoot", "caption", "body", "html", "form",
               "h1", "h2", "h3", "h4", "h5", "h6", "hr", "address"}
_HEADING_LEVEL = {f"h{n}": n for n in range(1, 7)}
#: an XML declaration (lxml refuses one in a str) or a leading BOM character (it confuses lxml)
_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*>")
#: a descent step keeps going while the child holds this share of the parent's text
BODY_SHARE = 0.8
#: row and column spans beyond this are treated as 1 (malformed or hostile markup)
MAX_SPAN = 500


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode a page: BOM, then the declared charset if it fits the bytes, else detection.

    Examples
    --------
    >>> page = '<meta charset="gbk"><p>年度报告</p>'.encode("gbk")
    >>> decode_html(page)[1]
    'gb18030'
    """
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data)
    m = META_CHARSET.search(data[:8192])
    if m:
        name = m.group(1).decode("ascii").lower()
        name = _WIDER.get(name, name)
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; let detection decide
    return decode_bytes(data)


def _parse(text: str) -> etree._Element:
    """The tree of a page (see :func:`_parse_checked`)."""
    return _parse_checked(text)[0]


#: the note of a page whose markup is nested deeper than libxml2 reads (the rest of the page is lost)
TOO_DEEP = ("P-HTML-TOO-DEEP", "the markup is nested deeper than 256 elements; the page was read only up to there")


def _parse_checked(text: str) -> tuple[etree._Element, bool]:
    """The tree of a page: libxml2's HTML parser, which never loads DTDs or external entities; no network
    access, and ``huge_tree=False`` keeps libxml2's limits (nesting deeper than 256 elements is cut off).

    Plain :mod:`lxml.etree` elements (no :mod:`lxml.html` element classes: their Python-level class
    look-up costs more than the rest of the walk). Returns the root and whether the nesting limit cut
    the page short.

    Examples
    --------
    >>> _parse_checked("<div>" * 300 + "正文")[1], _parse_checked("<p>正文</p>")[1]
    (True, False)
    """
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
                              recover=True, default_doctype=False)
    root = etree.fromstring(_XML_DECL.sub("", text, count=1), parser=parser)
    if root is None:
        raise etree.ParserError("Document is empty")
    return root, any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log)


def _text(el: etree._Element) -> str:
    """All the text inside ``el`` (its tail excluded)."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _drop_tree(el: etree._Element) -> None:
    """Remove ``el`` and its content; the text after it stays where it was."""
    parent = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


def _is_data_table(el: etree._Element) -> bool:
    """A table with rows of cells and some digits, not a layout wrapper around other tables."""
    return el.tag == "table" and next(el.iterdescendants("table"), None) is None and any(map(str.isdigit, _text(el)))


def _is_furniture(el: etree._Element) -> bool:
    """Site furniture by its class or id words, or hidden by its style."""
    cls, ident, style = el.get("class"), el.get("id"), el.get("style")
    return bool((cls or ident) and _FURNITURE.search(f"{cls or ''} {ident or ''}")
                or style and _HIDDEN.search(style))


#: the class and id attributes of a page (each knows its element): libxml2 finds them far quicker than ``//*[@class or @id]``
_CLASS_OR_ID = etree.XPath("//@class | //@id")
_STYLES = etree.XPath("//@style", smart_strings=False)


def _furniture_candidates(root: etree._Element, source: str) -> list[etree._Element]:
    """The elements that may be furniture, in document order: those with a class or an id, or every
    element when some style may hide one (Word pages style every span; walking them all costs more
    than the rest of the reading). The styles are looked at only when the page's ``source`` may say ``none``."""
    # in any case, as written or spelt by character references (UTF-8 bytes: str.lower is slower on Chinese)
    may_say_none = "&#" in source or b"none" in source.encode("utf-8", "surrogatepass").lower()
    if may_say_none and any("none" in style.lower() for style in _STYLES(root)):
        return list(root.iter(etree.Element))
    return _with_class_or_id(root)


def _with_class_or_id(root: etree._Element) -> list[etree._Element]:
    """The elements with a class or an id attribute, in document order.

    Examples
    --------
    >>> root = _parse("<div id=a class=b><p>1</p><p class=c id=d>2</p></div><span id=e>3</span>")
    >>> [(el.tag, el.get("id")) for el in _with_class_or_id(root)]
    [('div', 'a'), ('p', 'd'), ('span', 'e')]
    """
    return list(dict.fromkeys(attr.getparent() for attr in _CLASS_OR_ID(root)))  # an element with both once


def _drop_furniture(root: etree._Element, source: str) -> None:
    """Remove what never holds report text and the site furniture from the tree of the page ``source``."""
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            _drop_tree(el)
    for el in _furniture_candidates(root, source):
        if el.getparent() is not None and _is_furniture(el) and not any(_is_data_table(t) for t in el.iter("table")):
            _drop_tree(el)


def _text_len(el: etree._Element) -> int:
    """Characters of text outside links (link lists are navigation)."""
    total = len(N.remove_whitespace(_text(el)))
    links = sum(len(N.remove_whitespace(_text(a))) for a in el.iter("a"))
    return total - links


def find_body(root: etree._Element) -> etree._Element:
    """The element holding the article: descend while one child holds most of the text and every data table.

    Examples
    --------
    >>> root = _parse("<body><div class=x><a>首页</a></div><div id=c><p>一、总体情况</p><p>正文正文</p></div></body>")
    >>> find_body(root).get("id")
    'c'
    """
    node = root.find("body")
    node = node if node is not None else root
    total = _text_len(node)
    data_tables = {t for t in node.iter("table") if _is_data_table(t)}  # each table judged once
    tables = len(data_tables)
    while True:
        kids = [k for k in node if isinstance(k.tag, str) and k.tag not in ("table", "tr", "tbody", "p")]
        if not kids or total == 0:
            return node
        best_len, best = max(((_text_len(k), k) for k in kids), key=lambda pair: pair[0])
        best_tables = sum(1 for t in best.iter("table") if t in data_tables)
        if best_len < BODY_SHARE * total or best_tables < tables:
            return node
        node, total, tables = best, best_len, best_tables


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return n if 1 <= n <= MAX_SPAN else 1


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


def _cell_lines(cell: etree._Element) -> list[str]:
    """The lines of a cell, as :func:`_flow` reads them up to blanks at their ends.

    Shortcut for the usual Word markup (``<td><p><span>12</span></p></td>``): while
    an element holds one child element and nothing but blanks around it, the
    child alone holds the text.
    """
    node = cell
    while n := len(node):
        child = node[0]
        tag = child.tag
        if n > 1 or tag == "br" or not isinstance(tag, str) or not _blank(node.text) or not _blank(child.tail):
            return _flow(cell)
        node = child
    text = node.text
    return [] if _blank(text) else [text]


def _cell_text(cell: etree._Element) -> str:
    """A cell's text with ``<br>`` and inner paragraphs joined as written."""
    return join_lines([N.strip_residue(t) for t in _cell_lines(cell)])


def table_grid(table: etree._Element) -> list[list[GridCell]]:
    """The grid of a ``<table>``: spans expanded, copies of a spanning cell marked ``merged``.

    Examples
    --------
    >>> t = _parse("<table><tr><td colspan=2>申请人</td></tr><tr><td>1</td><td>&nbsp;</td></tr></table>").find(".//table")
    >>> [[(c.text, c.merged) for c in row] for row in table_grid(t)]
    [[('申请人', False), ('申请人', True)], [('1', False), ('', False)]]
    """
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    n_rows = len(rows)
    grid: dict[tuple[int, int], GridCell] = {}
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.iterchildren("td", "th"):
            while (r, c) in grid:
                c += 1
            text = _cell_text(td)
            rs = min(_span(td.get("rowspan")), n_rows - r)
            cs = _span(td.get("colspan"))
            grid[(r, c)] = grid_cell(text, False)
            if rs > 1 or cs > 1:
                copy = grid_cell(text, True)
                grid.update({(r + dr, c + dc): copy for dr in range(rs) for dc in range(cs) if dr or dc})
            c += cs
    width = max((c for _, c in grid), default=-1) + 1
    empty = grid_cell("", False)
    return [[grid.get((r, c), empty) for c in range(width)] for r in range(len(rows))]


def _owner(el: etree._Element) -> etree._Element | None:
    """The nearest enclosing table of ``el``."""
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _flush(cur: str, lines: list[str], blocks: list[Block] | None) -> str:
    """End the line ``cur`` (kept when it holds text); returns the new, empty line."""
    if cur.strip():
        lines.append(cur)
        if blocks is not None:
            blocks.append(Block(kind="paragraph", text=N.for_display(cur)))
    return ""


def _flow(root: etree._Element, blocks: list[Block] | None = None) -> list[str]:
    """Walk ``root`` in reading order, breaking lines at block elements and ``<br>``; returns the lines.

    With ``blocks`` given, paragraphs, data tables and headings are appended to
    it as blocks. lxml's ``iterwalk`` does the walk (no recursion: however deep
    the markup is nested it cannot overflow Python's stack).
    """
    lines: list[str] = []
    cur = ""
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped = False  # the element just started was read as a whole: its end event does not break the line
    for event, el in walker:
        tag = el.tag
        if event == "end":
            if tag in _BLOCK_TAGS and not skipped:
                cur = _flush(cur, lines, blocks)
            skipped = False
            if el is not root and el.tail:
                cur += el.tail
        elif blocks is not None and (tag == "table" and _is_data_table(el) or tag in _HEADING_LEVEL):
            cur = _flush(cur, lines, blocks)
            if tag == "table":
                grid = table_grid(el)
                if grid:
                    blocks.append(Block.table(grid, attrs={"from": "html"}))
            elif text := N.for_display(join_lines([N.strip_residue(_text(el))])):
                blocks.append(Block(kind="heading", text=text, level=_HEADING_LEVEL[tag]))
            walker.skip_subtree()
            skipped = True
        else:
            if tag == "br" or tag in _BLOCK_TAGS:
                cur = _flush(cur, lines, blocks)
            if tag != "br" and el.text and isinstance(tag, str):
                cur += el.text
    return lines


def html_blocks(body: etree._Element) -> list[Block]:
    """The blocks of the article element, in reading order."""
    blocks: list[Block] = []
    _flow(body, blocks)
    return [b for b in blocks if b.kind == "table" or b.text]


#: what separates the article title from the site name in ``<title>``
_TITLE_SEPARATOR = re.compile(r"[_|｜]|--| - ")


def _page_header(root: etree._Element) -> dict:
    """Title and publication date from the page's meta tags (``ArticleTitle``, ``PubDate``) or ``<title>``."""
    meta = {m.get("name", "").lower(): (m.get("content") or "").strip() for m in root.iter("meta")}
    header = {}
    title = meta.get("articletitle")
    if not title:
        t = root.find(".//title")
        title = _TITLE_SEPARATOR.split(_text(t))[0].strip() if t is not None and _text(t) else ""
    if title and "报告" in title:
        header["title"] = N.for_display(title)
    published = meta.get("pubdate") or meta.get("publishdate") or meta.get("firstpublishedtime")
    if published:
        header["published"] = published
    return header


#: how many leading blocks may hold the page's own 发布日期 line
PUBLISHED_SCAN_BLOCKS = 4


def _published_line(blocks: list[Block]) -> dict:
    """``{"published": …}`` from a ``发布日期：2020-01-31`` line at the top of the article, else ``{}``.

    Examples
    --------
    >>> _published_line([Block(kind="paragraph", text="发布日期：2020-01-31")])
    {'published': '2020-01-31'}
    """
    for b in blocks[:PUBLISHED_SCAN_BLOCKS]:
        m = P.PUBLISHED_HEADER.match(N.to_halfwidth(b.text))
        if b.kind != "table" and m:
            return {"published": m["date"]}
    return {}


def read_mhtml(data: bytes, path: str | Path) -> Document:
    """Read a single-file web page (MHTML, what Word writes for "save as web page" into ``.mht`` or ``.doc``).

    Examples
    --------
    >>> from email.mime.multipart import MIMEMultipart
    >>> from email.mime.text import MIMEText
    >>> m = MIMEMultipart("related"); m.attach(MIMEText("<p>一、总体情况</p>", "html", "gbk"))
    >>> read_mhtml(m.as_bytes(), "x.mht").blocks[0].text
    '一、总体情况'
    """
    message = email.message_from_bytes(data, policy=email.policy.default)
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    payload = part.get_payload(decode=True) if part is not None else None
    if not payload:
        raise errors.UnsupportedFormat(path, detail="a MIME web archive without an HTML part",
                                       hint="Open the file in a browser or Word and save it as HTML or DOCX.")
    charset = part.get_content_charset()
    try:
        # the part's declared charset wins: re-encode with a BOM so that decoding cannot guess otherwise
        payload = codecs.BOM_UTF8 + payload.decode(_WIDER.get(charset, charset)).encode("utf-8") if charset else payload
    except (LookupError, UnicodeDecodeError):
        pass
    doc = read_html(payload, path)
    return Document(blocks=doc.blocks, format="mhtml", encoding=charset or doc.encoding, notes=doc.notes, header=doc.header)


def read_html(data: bytes, path: str | Path) -> Document:
    """Read an HTML page or fragment into a :class:`Document`."""
    try:
        text, enc = decode_html(data)
    except UndecodableText as exc:
        raise errors.UndecodableFile(path, detail=str(exc)) from exc
    try:
        root, too_deep = _parse_checked(text)
    except (etree.ParserError, ValueError) as exc:
        raise errors.UnsupportedFormat(path, detail=f"HTML could not be parsed: {exc}",
                                       hint="Save the page again from the browser (File > Save as, HTML only).") from exc
    header = _page_header(root)
    _drop_furniture(root, text)
    blocks = html_blocks(find_body(root))
    if "published" not in header:
        header.update(_published_line(blocks))
    notes = () if any(b.kind == "table" for b in blocks) else (("P-HTML-NO-TABLE", "the page has no data table; "
                                                                 "the statistics may be in an image or attachment"),)
    notes += (TOO_DEEP,) if too_deep else ()
    return Document(blocks=tuple(blocks), format="html", encoding=enc, notes=notes, header=header)
