"""Tell an annual disclosure report from the other documents filed beside it.

A disclosure column also holds budget and final-account disclosures, work
plans, notices, letters and, in a crawled corpus, error pages saved under the
report's name. :func:`classify_document` weighs the evidence in a read
:class:`~govtext.ingest.blocks.Document`: the report words in the title, the
template's section headings and table wording, against the title words of
other kinds of document. The result has a ``kind``, a ``confidence`` and the
``reason`` in words. :func:`screen` raises
:class:`~govtext.errors.NotAReport` only when the confidence that the file is
something else is at least :data:`HIGH_CONFIDENCE`; a weaker doubt becomes a
``W-NOT-REPORT`` problem (:class:`~govtext.errors.PossibleNonReport`) and the
file is parsed.

Examples
--------
>>> c = classify_text("某区财政局2024年部门预算公开说明", "一、部门主要职能。二、收支预算总表。")
>>> c.kind, c.is_report, c.confidence >= HIGH_CONFIDENCE
('budget', False, True)
>>> classify_text("某区2023年政府信息公开工作年度报告", "一、总体情况 二、主动公开政府信息情况").is_report
True
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from govtext import errors
from govtext import normalize as N
from govtext import patterns as P
from govtext.ingest.blocks import Document
from govtext.structure.sections import SECTIONS

#: the form classified: half-width, converter residue removed, whitespace collapsed
_form = N.make_pipeline(N.to_halfwidth, N.strip_residue, N.collapse_whitespace)
#: confidence at which a non-report is refused (E-NOT-REPORT) instead of parsed with a warning
HIGH_CONFIDENCE = 0.9
#: characters of the document that count as its title region
TITLE_CHARS = 120
#: a document shorter than this (characters) with an error-page phrase is an error page
ERROR_PAGE_CHARS = 800


@dataclass(frozen=True)
class Classification:
    """What a document is: ``kind`` (``report``, ``budget``, ``work-plan``, ``letter``,
    ``notice``, ``error-page`` or ``other``), ``confidence`` in [0, 1] that it is
    that kind, and the ``reason``."""

    kind: str
    confidence: float
    reason: str

    @property
    def is_report(self) -> bool:
        return self.kind == "report"


def _sections_named(text: str) -> list[str]:
    return [key for key, (_, pattern) in SECTIONS.items() if pattern.search(text)]


def classify_text(title: str, text: str) -> Classification:
    """Classify a document from its ``title`` (or first line) and its full ``text``.

    Examples
    --------
    >>> classify_text("404 Not Found", "404 Not Found nginx").kind
    'error-page'
    >>> c = classify_text("关于做好2024年政务公开工作的通知", "各部门：现将有关事项通知如下。")
    >>> c.kind, c.confidence >= HIGH_CONFIDENCE
    ('notice', True)
    """
    title, text = _form(title), _form(text)
    sections = _sections_named(text)
    markers = sorted(set(P.TEMPLATE_MARKERS.findall(text)))
    titled = bool(P.REPORT_WORDS.search(title))
    evidence = (f"title {'names' if titled else 'does not name'} a disclosure report; "
                f"{len(sections)} of 6 section headings ({', '.join(sections) or 'none'}); "
                f"{len(markers)} template terms")
    if titled and (sections or markers):
        return Classification("report", 0.99, evidence)
    if len(sections) >= 3 or (titled and len(text) > 200) or len(markers) >= 5:
        return Classification("report", 0.8, evidence)
    if len(text) < ERROR_PAGE_CHARS and P.ERROR_PAGE.search(text):
        return Classification("error-page", 0.95, f"a short page ({len(text)} characters) with an error message; {evidence}")
    for kind, pattern in P.NON_REPORT_TITLES.items():
        if m := pattern.search(title):
            sure = 0.95 if not titled and len(sections) <= 1 and len(markers) <= 2 else 0.7
            return Classification(kind, sure, f"title says {m.group(0)!r}; {evidence}")
    return Classification("other", 0.6, evidence)


def document_title(doc: Document) -> str:
    """The title of a read document: the page title a reader found, else the opening text.

    Examples
    --------
    >>> from govtext.ingest.blocks import Block
    >>> document_title(Document(blocks=(Block("paragraph", "2023年度报告"), Block("paragraph", "正文")), format="txt"))
    '2023年度报告 正文'
    """
    opening = " ".join(b.text for b in doc.blocks[:3])[:TITLE_CHARS]
    return " ".join(filter(None, [doc.header.get("title"), opening]))


def surely_report(doc: Document) -> bool:
    """True when :func:`classify_document` would say ``report`` with confidence 0.99, found without
    normalising the whole document: the title names a report and some block names a section or a
    template term.

    The blocks are looked at one by one in the classified form, until the first match. A match in one
    block's form is a match in the whole text's form, because that form is made line by line and the
    patterns are plain words; converter residue, which may reach over a block's end, is the exception,
    so a block that may start some ends the look (``False``; :func:`classify_document` decides).

    Examples
    --------
    >>> from govtext.ingest.blocks import Block
    >>> surely_report(Document((Block("paragraph", "某区2023年政府信息公开工作年度报告"), Block("paragraph", "一、总体情况")), "txt"))
    True
    >>> surely_report(Document((Block("paragraph", "某区2023年政府信息公开工作年度报告"), Block("paragraph", "[image: 总体情况]")), "txt"))
    False
    """
    if not P.REPORT_WORDS.search(_form(document_title(doc))):
        return False
    for block in doc.blocks:
        if P.RESIDUE_START.search(block.text):
            return False
        form = _form(block.text)
        if P.TEMPLATE_MARKERS.search(form) or _sections_named(form):
            return True
    return False


def classify_document(doc: Document) -> Classification:
    """Classify a read document (see :func:`classify_text`)."""
    return classify_text(document_title(doc), "\n".join(b.text for b in doc.blocks))


def screen(doc: Document, path: str | Path, *, keep: bool = False) -> Document:
    """Pass a report on; refuse a confident non-report; note a doubtful one.

    A document that is confidently something else raises
    :class:`~govtext.errors.NotAReport` (unless ``keep``); a doubtful one is
    returned with a ``W-NOT-REPORT`` note, which becomes one of its problems.

    Examples
    --------
    >>> from govtext.ingest.blocks import Block
    >>> doc = Document(blocks=(Block("paragraph", "2025年部门决算公开"), Block("paragraph", "收入支出决算总表")), format="txt")
    >>> screen(doc, "a.txt")
    Traceback (most recent call last):
    ...
    govtext.errors.NotAReport: a.txt: [E-NOT-REPORT] this is not an annual disclosure report: a budget (confidence 0.95): title says '部门决算公开'; title does not name a disclosure report; 0 of 6 section headings (none); 0 template terms
    >>> screen(doc, "a.txt", keep=True).notes[0][0]
    'W-NOT-REPORT'
    """
    if surely_report(doc):
        return doc
    c = classify_document(doc)
    if c.is_report:
        return doc
    detail = f"{KIND_NAMES[c.kind]} (confidence {c.confidence:.2f}): {c.reason}"
    if c.confidence >= HIGH_CONFIDENCE and not keep:
        raise errors.NotAReport(path, detail=detail)
    note = (errors.PossibleNonReport.code, errors.PossibleNonReport(path, detail=detail).message)
    return replace(doc, notes=(*doc.notes, note))


#: the kinds in words, for messages
KIND_NAMES = {"budget": "a budget", "work-plan": "a work plan", "letter": "a letter",
              "notice": "a notice", "error-page": "an error page", "other": "a document of another kind"}
