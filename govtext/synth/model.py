"""The synthetic report as data: settings, printed cells, sections, and the report itself.

Renderers draw a :class:`SynthReport`; :mod:`govtext.synth.truth` turns it into
the answer key.

Examples
--------
>>> SynthConfig().share_wrong_template
0.05
>>> PrintedCell(3.0, "３", "ok").value
3.0
"""
from __future__ import annotations

from dataclasses import dataclass, field

from govtext.synth.agencies import Agency

Key = tuple[str, str, str]


@dataclass(frozen=True)
class SynthConfig:
    """Shares of the oddities a generated corpus contains (all per report unless noted).

    Attributes
    ----------
    share_wrong_template : reports for 2021+ that still print the 2019 tables
    share_identity_faults : reports with an injected identity violation
    share_blank : per cell, printed blank (truth null)
    share_dash_reports : reports that print zeros as a dash (``/``, ``—``, ``-``, ``无``) in most cells
    share_fullwidth_reports : reports printing every digit full-width
    share_units : reports printing units in amount cells (``万元``, ``元``, ``件``)
    share_thousands : reports printing thousands separators
    share_cell_notes : reports with remarks in cells (``12（其中修订3件）``) and footnote marks (``5*``)
    share_label_typos : reports with a typo in a table-3 row label (其他法律行政止公开 …)
    share_reused_cross : per narrative sentence, copied from another agency's report
    share_reused_previous : per narrative sentence, copied from the same agency's previous report
    share_narrative_conflict : reports whose narrative states a number that contradicts the table
    share_residue : reports with converter residue ([image: …], [bookmark: _GoBack], Word comments)
    share_heading_typos : reports with a heading typo (行政法复议 …)
    share_crawler_spaced : crawler-format reports using spaces between cells instead of gluing them
    share_html_shell : HTML reports inside a site-page shell (navigation, breadcrumb, footer)
    share_html_gbk : HTML reports encoded as GBK
    """

    share_wrong_template: float = 0.05
    share_identity_faults: float = 0.10
    share_blank: float = 0.01
    share_dash_reports: float = 0.10
    share_fullwidth_reports: float = 0.05
    share_units: float = 0.30
    share_thousands: float = 0.30
    share_cell_notes: float = 0.05
    share_label_typos: float = 0.05
    share_reused_cross: float = 0.08
    share_reused_previous: float = 0.15
    share_narrative_conflict: float = 0.05
    share_residue: float = 0.30
    share_heading_typos: float = 0.05
    share_crawler_spaced: float = 0.3
    share_html_shell: float = 0.5
    share_html_gbk: float = 0.3


@dataclass(frozen=True)
class PrintedCell:
    """A template cell as printed: ``value`` is the truth (``None`` when printed blank or as a dash)."""

    value: float | None
    raw: str
    status: str
    number: float | None = None


@dataclass
class Sentence:
    """A narrative sentence and where it came from (original, template, reused_cross, reused_previous)."""

    text: str
    section: str
    origin: str
    source: str | None = None
    theme: str | None = None


@dataclass
class Section:
    """A report section: printed heading, numbering style and paragraphs of sentences."""

    key: str
    heading: str
    number_style: str
    paragraphs: list[list[Sentence]] = field(default_factory=list)
    subheads: dict[int, str] = field(default_factory=dict)


@dataclass
class SynthReport:
    """Everything a renderer needs and everything the truth records."""

    index: int
    seed: int
    agency: Agency
    agency_printed: str
    year: int
    template: str
    expected_template: str
    title: str
    title_lines: tuple[str, ...]
    published: str
    period: tuple[str, str]
    preamble: list[Sentence]
    sections: list[Section]
    cells: dict[Key, PrintedCell]
    faults: list[dict]
    themes: list[str]
    claims: list[dict]
    signature: tuple[str, ...]
    style: dict = field(default_factory=dict)

    @property
    def stem(self) -> str:
        """File stem: index, year and agency as printed."""
        return f"{self.index:05d}_{self.year}_{self.agency_printed}"

    def sentences(self) -> list[Sentence]:
        """Every narrative sentence in document order (preamble first)."""
        return [*self.preamble, *(s for sec in self.sections for p in sec.paragraphs for s in p)]
