"""Small composable ``str -> str`` normalisers.

Each function does one thing; :func:`make_pipeline` composes them. Raw text is
never modified in place: readers keep the original and use these only to build
the *matching* form of a string.

Examples
--------
>>> norm = make_pipeline(to_halfwidth, strip_residue, collapse_whitespace)
>>> norm("[image: 图片1]  本年新收 ３０ 件")
'本年新收 30 件'
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

from govtext import patterns as P

TextFn = Callable[[str], str]

__all__ = [
    "make_pipeline",
    "to_halfwidth",
    "unify_newlines",
    "strip_residue",
    "collapse_whitespace",
    "remove_whitespace",
    "strip_parenthetical_notes",
    "for_matching",
    "for_display",
]


def make_pipeline(*funcs: TextFn) -> TextFn:
    """Compose ``str -> str`` functions left to right.

    Examples
    --------
    >>> make_pipeline(str.strip, str.upper)("  ab ")
    'AB'
    """
    def pipeline(text: str) -> str:
        for func in funcs:
            text = func(text)
        return text
    return pipeline


#: from this length on, the runs NFKC changes are found and mapped alone (shorter texts: NFKC is quicker)
CHARWISE_MIN_CHARS = 24


def to_halfwidth(text: str) -> str:
    """Fold full-width digits, letters and punctuation to their ASCII forms (NFKC).

    Examples
    --------
    >>> to_halfwidth("３０（一）")
    '30(一)'
    >>> to_halfwidth("附件：２０２１年度报告（全文）．Cafe\u0301")  # a combining mark: the whole text goes through NFKC
    '附件:2021年度报告(全文).Café'
    """
    if len(text) < CHARWISE_MIN_CHARS or text.isascii() or P.NFKC_NOT_CHARWISE.search(text):
        return unicodedata.normalize("NFKC", text)
    # Chinese text: NFKC maps it character by character, so only the runs it changes need the work
    return P.NFKC_CHANGED.sub(_nfkc_run, text)


def _nfkc_run(match: re.Match) -> str:
    return unicodedata.normalize("NFKC", match.group())


def unify_newlines(text: str) -> str:
    r"""Turn ``\r\n`` and lone ``\r`` into ``\n``.

    Examples
    --------
    >>> unify_newlines("a\r\nb\rc")
    'a\nb\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_residue(text: str) -> str:
    """Remove converter residue such as ``[image: …]``, ``[bookmark: …]`` and Word comments.

    Examples
    --------
    >>> strip_residue("[bookmark: _GoBack]三、本年度办理结果")
    '三、本年度办理结果'
    """
    return P.RESIDUE.sub("", text) if "[" in text or "<" in text else text  # every residue starts with one


def collapse_whitespace(text: str) -> str:
    """Collapse runs of spaces/tabs (including U+3000 and NBSP) to one space and strip.

    Examples
    --------
    >>> collapse_whitespace(" a\u3000\u3000b ")
    'a b'
    """
    return P.SPACES.sub(" ", text).strip()


def remove_whitespace(text: str) -> str:
    """Drop every whitespace character (Chinese labels are often spaced out or broken).

    Examples
    --------
    >>> remove_whitespace("商 业 企\\n业")
    '商业企业'
    """
    return P.ANY_SPACE.sub("", text)


def strip_parenthetical_notes(text: str) -> str:
    """Drop long parenthetical remarks but keep short numbering such as ``（一）``.

    Examples
    --------
    >>> strip_parenthetical_notes("(二)部分公开(区分处理的,只计这一情形,不计其他情形)")
    '(二)部分公开'
    """
    return P.PAREN_NOTE.sub("", text)


#: the form used to match labels: half-width, no residue, no whitespace, no long notes
for_matching: TextFn = make_pipeline(to_halfwidth, strip_residue, remove_whitespace, strip_parenthetical_notes)

#: the form shown to people: residue removed, whitespace collapsed, otherwise as printed
for_display: TextFn = make_pipeline(strip_residue, collapse_whitespace)
