"""Crawler text dumps: a ``key: value`` header, a ``==== 正文 ====`` line, then the page body on one line.

The header (标题, 发布时间, 原文链接 …) becomes :attr:`Document.header`. Site
chrome (当前位置, 首页, 微信 微博, 附件下载 …) is dropped. The one-line body is
split into paragraphs at section headings (``二、主动公开政府信息情况``) and at
sub-heads that follow a sentence end (``。（一）``). A stretch that prints table
column labels becomes a table block: the header row, then one row per label
with the numbers that follow it. Cell boundaries are lost in these dumps
(``640020470`` is seven cells), so the value text stays as printed, split only
at spaces, and the block is flagged ``attrs["glued"]`` for the structure stage
to recover the cells with the template's identities.

Examples
--------
>>> doc = read_crawler("标题: 某区2021年政府信息公开工作年度报告\\n发布时间: 2022-01-20\\n"
...                    "==== 正文 ====\\n一、总体情况正文。二、主动公开政府信息情况"
...                    "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政许可12")
>>> doc.header["title"], [b.kind for b in doc.blocks]
('某区2021年政府信息公开工作年度报告', ['paragraph', 'paragraph', 'paragraph', 'table'])
>>> [[c.text for c in r] for r in doc.blocks[3].rows][1:]
[['规章', '000'], ['行政许可', '12']]
"""
from __future__ import annotations

import re
from functools import lru_cache

from govtext import normalize as N
from govtext import patterns as P
from govtext.ingest.blocks import Block, Document
from govtext.structure import template as T

#: header keys the crawler writes -> Document.header keys
HEADER_KEYS = {"标题": "title", "发布时间": "published", "原文链接": "url", "文号": "doc_number",
               "发布机构": "publisher", "栏目": "column", "本地目录": "local_dir"}
_HEADER_LINE = re.compile(r"^(?P<key>[^\s:：]{2,6})\s*[:：]\s*(?P<value>.*)$")
#: the line that separates the crawler header from the body
BODY_MARK = re.compile(r"^=+\s*正文\s*=+\s*$", re.M)
#: a section heading: top-level numbering and a short title ending in one of the closing words
_HEADING = re.compile(r"""
    (?: 第[一二三四五六七八九十]{1,2}部分                       # 第一部分
      | (?<![一二三四五六七八九十])[一二三四五六七八九十]{1,2}、   # 一、
      | (?<![\d.])\d{1,2}、                                  # 1、
      | (?<![\d.])\d{1,2}[.．](?!\d) )                        # 1.
    \s*[\u4e00-\u9fff、“”"（）()]{0,40}?                      # the title: no digits, no sentence punctuation
    (?:情况统计表|统计表|情况|概况|事项|概述|改进措施)
""", re.X)

#: a sub-head after a sentence end: （一） （1） 1. 1、
_SUBHEAD = re.compile(r"(?<=[。；;！？])\s*(?=[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、](?!\d))")
#: a dash cell: a dash or slash, or 无; not the slash of the column label 本年增/减, nor the 无 that starts
#: the row labels 无法提供 and 无正当理由…
_DASH_CELL = r"(?:[—–－-]|(?<!增)[/／](?!减)|无(?![法正]))"
#: a run of cell values: digits and dash cells with spaces, commas, inner decimal points or signs, maybe a unit
_VALUES = re.compile(rf"(?<![\d.．])(?:[-−]?\d|{_DASH_CELL})(?:[\d\s,]|[.．](?=\d)|[-−]|{_DASH_CELL})*(?:万元|元)?")
#: what follows a table row label (values, not a quantity such as 2022年, nor the 无 of 事项无其他…),
#: never a section heading
_ROW_FOLLOWS = re.compile(r"\s*(?:[—–－\-/／]|无(?=[\s\d—–－\-/／无])|\d(?![\d,.]*\s*[年月日件条个项%]))")
#: trailing column words a header row may end with after its last distinctive term
_HEADER_TAIL = re.compile(r"^(?:总计|合计|其他结果|其他|[（(][^（）()]*[)）])+")


def looks_like_crawler(text: str) -> bool:
    """True when ``text`` starts with a crawler header and has the ``正文`` separator.

    Examples
    --------
    >>> looks_like_crawler("标题: x\\n==== 正文 ====\\n…"), looks_like_crawler("标题: x\\n正文")
    (True, False)
    """
    head = text.lstrip("\ufeff")[:3000]
    return bool(_HEADER_LINE.match(head.split("\n", 1)[0])) and bool(BODY_MARK.search(head))


def parse_header(lines: list[str]) -> dict:
    """The crawler header as ``{'title', 'published', 'url', …}`` (empty values dropped).

    Examples
    --------
    >>> parse_header(["标题: 报告", "文号: ", "原文链接: https://x"])
    {'title': '报告', 'url': 'https://x'}
    """
    out = {}
    for line in lines:
        m = _HEADER_LINE.match(line.strip())
        if m and m["key"] in HEADER_KEYS and m["value"].strip():
            out[HEADER_KEYS[m["key"]]] = m["value"].strip()
    return out


def strip_chrome(body: str) -> str:
    """Drop site chrome: a leading breadcrumb/toolbar run and trailing download links.

    Examples
    --------
    >>> strip_chrome("当前位置： 首页政务公开 标题 来源：办公室 微信 微博 相关链接： --> 本报告根据…附件下载")
    '本报告根据…'
    """
    body = body.strip()
    lead = [m.end() for m in P.CRAWLER_CHROME.finditer(body[:P.CHROME_SPAN])]
    if lead and body.startswith(("当前位置", "您的位置", "首页")):
        body = body[max(lead):]
    while True:
        m = P.CRAWLER_CHROME_TAIL.search(body)
        if not m:
            return body.strip()
        body = body[: m.start()].rstrip()


@lru_cache(maxsize=1)
def _column_terms() -> tuple[str, ...]:
    """Column labels of every template plus the header-only words, longest first."""
    cols = {w for s in T.specs() if s.kind == "col" for w in s.zh.split()}
    cols |= set(T.HEADER_TERMS) | {"信息内容", *P.LEGACY_TABLE_HEADER.pattern.split("|")}
    cols -= {"其他", "总计"}  # ambiguous with row labels; absorbed only as a header tail
    return tuple(sorted(cols, key=len, reverse=True))


def split_header(label: str) -> tuple[str, str]:
    """Split a label that starts with a table's column header into ``(header, row label)``.

    Examples
    --------
    >>> split_header("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量")
    ('申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他', '一、本年新收政府信息公开申请数量')
    >>> split_header("规章")
    ('', '规章')
    """
    if len(T.header_terms([label])) < 2 and not P.LEGACY_TABLE_HEADER.search(label):
        return "", label
    end = max((label.rfind(t) + len(t) for t in _column_terms() if t in label), default=0)
    tail = _HEADER_TAIL.match(label[end:])
    if tail:
        end += tail.end()
    return label[:end], label[end:]


@lru_cache(maxsize=1)
def _exact_row_labels() -> tuple[str, ...]:
    """Row labels the template matches exactly (行政许可, 规章 …), longest first."""
    return tuple(sorted({e for s in T.specs() if s.kind == "row" for e in s.exact}, key=len, reverse=True))


def split_labels(label: str) -> list[str]:
    """Row labels run together because the rows before the last printed nothing (a blank leaves no trace).

    Examples
    --------
    >>> split_labels("行政处罚行政强制"), split_labels("行政许可")
    (['行政处罚', '行政强制'], ['行政许可'])
    """
    for e in _exact_row_labels():
        rest = label[len(e):]
        if label.startswith(e) and rest and T.match_row([rest]) is not None:
            return [e, *split_labels(rest)]
    return [label]


def _cut_numbering(values: str, rest: str) -> tuple[str, str]:
    """A value run followed by ``.``/``、`` and a label ends with the next row's number (``…00002.其他``)."""
    if re.match(r"[.、](?!\d)", rest) and values and values[-1].isdigit():
        return values[:-1], values[-1]
    return values, ""


def table_rows(text: str) -> list[list[str]]:
    """Rows of a table stretch: a header row (when printed) and ``[label, value, …]`` rows.

    Values are split at whitespace only; glued runs stay whole.

    Examples
    --------
    >>> table_rows("（一）予以公开270020130（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开500000 5")
    [['（一）予以公开', '270020130'], ['（三）不予公开1.属于国家秘密', '0000000'], ['2.其他法律行政法规禁止公开', '500000', '5']]
    """
    rows: list[list[str]] = []
    label, pos, carry = "", 0, ""
    for m in _VALUES.finditer(text):
        values, number = _cut_numbering(m.group().strip(), text[m.end():])
        label += text[pos:m.start()]
        pos = m.end()
        if text.startswith("年", m.end()):  # a year in a header (2011年度)
            label += m.group()
            continue
        if not values:  # the run was only a row number such as 1.
            label += number
            continue
        head, row_label = split_header(N.remove_whitespace(carry + label))
        if head:
            rows.append([head])
        *empty, row_label = split_labels(row_label) if row_label else [row_label]
        rows.extend([e] for e in empty)
        rows.append([row_label, *values.split()] if row_label else values.split())
        label, carry = "", number
    tail = N.remove_whitespace(carry + label + text[pos:])
    if tail:
        rows.append([tail])
    return rows


def _table_start(text: str) -> int | None:
    """Where a table begins in ``text``, or ``None``.

    A table prints at least two column-header terms before its first number
    (narrative such as ``自然人72件、商业企业3件`` does not); it begins at the
    first term or at a 第二十条/（本列数据…）/行政复议 行政诉讼/指标名称 prefix.
    """
    flat = N.remove_whitespace(text)
    legacy = P.LEGACY_TABLE_HEADER.search(flat)
    first = min([flat.find(t) for t in T.HEADER_TERMS if t in flat] + ([legacy.start()] if legacy else []), default=-1)
    if first < 0:
        return None
    lead = [m.start() for m in re.finditer(r"第二十条|[（(]本列数据|行政复议行政诉讼|指标名称", flat) if m.start() <= first]
    start = min(lead, default=first)
    m = _VALUES.search(flat, start)
    head = flat[start: m.start() if m else len(flat)]
    if len(T.header_terms([head])) < 2 and len(set(P.LEGACY_TABLE_HEADER.findall(head))) < 2:
        return None
    # map the position back to the text with whitespace
    seen = -1
    for i, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == start:
                return i
    return None


def body_blocks(body: str) -> list[Block]:
    """Split the one-line body into paragraphs and table blocks."""
    heads = [m.start() for m in _HEADING.finditer(body) if not _ROW_FOLLOWS.match(body, m.end())]
    cuts = sorted({0, *heads, len(body)})
    blocks: list[Block] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = body[a:b].strip()
        heading = _HEADING.match(piece)
        if heading:
            blocks.append(Block(kind="paragraph", text=N.for_display(heading.group())))
            piece = piece[heading.end():].strip()
        if not piece:
            continue
        start = _table_start(piece)
        if start is not None:
            if piece[:start].strip():
                blocks.extend(_paragraphs(piece[:start]))
            blocks.append(Block.table(table_rows(piece[start:]), attrs={"from": "crawler", "glued": True}))
        else:
            blocks.extend(_paragraphs(piece))
    return blocks


def _paragraphs(text: str) -> list[Block]:
    return [Block(kind="paragraph", text=N.for_display(p)) for p in _SUBHEAD.split(text) if p.strip()]


def read_crawler_text(text: str) -> tuple[dict, list[Block]]:
    """``(header, blocks)`` of a crawler dump's text."""
    text = N.strip_residue(N.unify_newlines(text.lstrip("\ufeff")))
    m = BODY_MARK.search(text)
    head, body = (text[: m.start()], text[m.end():]) if m else ("", text)
    body = strip_chrome(" ".join(body.split("\n")))
    return parse_header(head.split("\n")), body_blocks(body)


def read_crawler(text: str, encoding: str | None = None) -> Document:
    """A :class:`Document` from a crawler dump's text."""
    header, blocks = read_crawler_text(text)
    return Document(blocks=tuple(blocks), format="crawler", encoding=encoding, header=header)
