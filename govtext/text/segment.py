"""Sections -> paragraphs -> sentences, keeping sub-heads and enumerations as structure.

A section's text is split into paragraphs at line breaks. A paragraph that opens
with a sub-head number (``（一）``) and is short, or whose first sentence is
short, gives the sub-head that the following sentences carry. Sentences end at
Chinese or Western sentence punctuation (``。！？!?…``, closing quotes stay
with their sentence); an enumeration ``一是…；二是…`` inside a sentence is split
into one sentence per item, numbered in ``item``.

Examples
--------
>>> [(s["text"], s["item"]) for s in split_sentences("一是加强培训；二是完善制度。下一步将继续。")]
[('一是加强培训；', 1), ('二是完善制度。', 2), ('下一步将继续。', None)]
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

import pandas as pd

from govtext import patterns as P
from govtext.normalize import to_halfwidth
from govtext.schema import frame

#: longest paragraph (or first sentence) read as a sub-head
MAX_SUBHEAD_CHARS = 30
#: a line at least this long that does not end a sentence continues on the next line (PDF and wrapped text)
MIN_WRAPPED_CHARS = 20


def _sentences(text: str) -> Iterator[str]:
    for m in P.SENTENCE.finditer(text):
        s = m.group().strip()
        if s:
            yield s


def _numeral(word: str) -> int:
    return P.CN_NUM.index(word) + 1 if len(word) == 1 else 10 + (P.CN_NUM.index(word[1]) + 1 if len(word) > 1 else 0)


def split_sentences(text: str) -> list[dict]:
    """Sentences of one paragraph as ``{"text", "item"}``; ``item`` is the enumeration number (一是 -> 1) or None.

    Examples
    --------
    >>> [s["text"] for s in split_sentences("共收到申请33件！其中“予以公开”13件。")]
    ['共收到申请33件！', '其中“予以公开”13件。']
    """
    out: list[dict] = []
    for sent in _sentences(text):
        starts = [m for m in P.ENUM_ITEM.finditer(sent)]
        if len(starts) < 2 and not (starts and starts[0].start() == 0):
            out.append({"text": sent, "item": None})
            continue
        if starts[0].start() > 0:
            out.append({"text": sent[:starts[0].start()].strip(), "item": None})
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(sent)
            out.append({"text": sent[m.start():end].strip(), "item": _numeral(m.group("n"))})
    return [s for s in out if s["text"]]


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a section's text: lines, with lines wrapped mid-sentence joined again.

    A line of at least ``MIN_WRAPPED_CHARS`` characters that does not end with
    sentence-final or clause-final punctuation continues on the next line,
    unless that line opens with numbering (a sub-head or list item).

    Examples
    --------
    >>> paragraphs("全年收到政府信息公开申请 34 件，上年结转政府信息公开\\n申请 2 件。\\n（一）主动公开")
    ['全年收到政府信息公开申请 34 件，上年结转政府信息公开申请 2 件。', '（一）主动公开']
    """
    out: list[str] = []
    joining = False
    for line in (x.strip() for x in text.split("\n")):
        if not line:
            continue
        if joining and not P.NUMBERING.match(to_halfwidth(line)):
            out[-1] += line
        else:
            out.append(line)
        joining = len(line) >= MIN_WRAPPED_CHARS and not P.LINE_END.search(line)
    return out


def _subhead(paragraph: str) -> tuple[str | None, str]:
    """(sub-head, rest of the paragraph) when the paragraph opens with ``（一）``-style numbering."""
    m = P.NUMBERING.match(to_halfwidth(paragraph))
    if not m or not m.group("paren"):
        return None, paragraph
    if len(paragraph) <= MAX_SUBHEAD_CHARS and not P.SENTENCE_END.search(paragraph[:-1]):
        return paragraph.strip(), ""
    first = next(_sentences(paragraph), "")
    if len(first) <= MAX_SUBHEAD_CHARS:
        return first, paragraph[len(paragraph) - len(paragraph.lstrip()) + len(first):].strip()
    return None, paragraph


def segment_sections(sections: pd.DataFrame) -> pd.DataFrame:
    """The sentences frame of a sections frame (found sections only).

    Examples
    --------
    >>> secs = frame("sections", [{"report_id": "r", "section": "problems", "found": True,
    ...                            "text": "（一）存在的主要问题\\n一是更新不及时；二是解读偏少。"}])
    >>> segment_sections(secs)[["subhead", "item", "text"]].values.tolist()
    [['（一）存在的主要问题', 1, '一是更新不及时；'], ['（一）存在的主要问题', 2, '二是解读偏少。']]
    """
    return frame("sentences", sentence_records(sections.itertuples(index=False)))


def sentence_records(sections: Iterable) -> Iterator[dict]:
    """The rows of the sentences frame, from section rows (named tuples or objects with the sections columns)."""
    for sec in sections:
        if not sec.found or not isinstance(sec.text, str):
            continue
        subhead, n = None, 0
        for p, paragraph in enumerate(paragraphs(sec.text)):
            head, body = _subhead(paragraph)
            subhead = head or subhead
            for s in split_sentences(body):
                yield {"report_id": sec.report_id, "section": sec.section, "paragraph": p, "sentence": n,
                       "subhead": subhead, "item": s["item"], "text": s["text"]}
                n += 1


def segment_report(report) -> pd.DataFrame:
    """The sentences frame of a :class:`govtext.Report` (its six sections)."""
    return segment_sections(report.sections)
