"""Build synthetic reports: agency panels over years, narrative, tables, faults and reuse.

Reports are generated in panel order (an agency's years one after the other),
so that each year can continue the previous one (上年结转, 现行有效件数) and
copy sentences from it. Every random draw comes from a :class:`random.Random`
seeded from ``(seed, index)``; the cross-agency sentence pool only looks back,
so report *i* depends only on the seed and reports before it.

Examples
--------
>>> reports = list(generate_reports(3, seed=7))
>>> [r.index for r in reports], reports[0].template in ("2019", "2021")
([0, 1, 2], True)
"""
from __future__ import annotations

import hashlib
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Iterator

from govtext.synth import numbers as NUM
from govtext.synth.agencies import Agency, sample_agency, sample_kind
from govtext.synth.grammar import load_grammar, themes
from govtext.synth.model import Key, Section, Sentence, SynthConfig, SynthReport

YEARS = tuple(range(2019, 2026))
CN_NUMERALS = "一二三四五六"
#: heading words per section: the template's and the variants seen in the wild
SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况", "总体情况", "政府信息公开工作总体情况", "总体概况"),
    "active": ("主动公开政府信息情况", "主动公开政府信息情况", "主动公开情况"),
    "requests": ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请情况", "依申请公开政府信息情况"),
    "review": ("政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议和提起行政诉讼情况"),
    "problems": ("存在的主要问题及改进情况", "存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题和改进情况"),
    "other": ("其他需要报告的事项", "其他需要报告的事项"),
}
TYPOS = {"review": "政府信息公开行政法复议、行政诉讼情况", "other": "其它需要报告的事项"}
#: heading numbering schemes: (name, weight)
NUMBERING = (("cn", 0.6), ("seed", 0.12), ("ar", 0.12), ("dot", 0.08), ("part", 0.08))
#: grammar symbols whose sentences are stock phrases many reports share by design
STOCK = {"pre.basis.s", "pre.scope.s", "pre.period.s", "pre.download.s", "other.none.s", "other.fee.none.s",
         "problems.intro.s", "problems.bridge.s", "req.claim.s", "rev.claim.s", "other.fee.some.s", "other.extra.s"}
OVERVIEW_PARTS = ("active", "request", "manage", "platform", "oversight")
POOL_SIZE = 400
REGISTRY_CAP = 500_000
#: draws in a row that only found agencies already used, after which new agencies are townships with blended names
MAX_REPEATS = 2_000


def heading(key: str, order: int, scheme: str, words: str) -> tuple[str, str]:
    """The printed heading and the parser's numbering-style name for it.

    Examples
    --------
    >>> heading("requests", 3, "seed", "收到和处理政府信息公开申请情况")
    ('3、 收到和处理政府信息公开申请情况', 'ar')
    >>> heading("overview", 1, "part", "总体情况")
    ('第一部分 总体情况', 'part')
    """
    cn = CN_NUMERALS[order - 1]
    if scheme == "seed":
        scheme = "seed-ar" if order in (3, 4) else "cn"
    return {
        "cn": (f"{cn}、{words}", "cn"),
        "seed-ar": (f"{order}、 {words}", "ar"),
        "ar": (f"{order}、{words}", "ar"),
        "dot": (f"{order}.{words}", "ar"),
        "part": (f"第{cn}部分 {words}", "part"),
    }[scheme]


@dataclass
class _Panel:
    """State carried from one year of an agency to the next."""

    agency: Agency
    years: list[int]
    prev_numbers: dict[Key, float] | None = None
    prev_sentences: dict[str, list[Sentence]] = field(default_factory=dict)
    prev_stem: str | None = None
    themes: list[str] = field(default_factory=list)


class ReportBuilder:
    """Generates reports one after another; holds the cross-agency pools."""

    def __init__(self, seed: int, config: SynthConfig):
        self.seed = seed
        self.config = config
        self.grammar = load_grammar()
        self.theme_ids = themes()
        self.pool: dict[tuple[str, str | None], deque] = {}
        self.registry: dict[int, str] = {}
        self.names: set[str] = set()

    # -- agencies -----------------------------------------------------------
    def panels(self) -> Iterator[_Panel]:
        """Agencies with runs of consecutive years, forever (the caller stops).

        Once :data:`MAX_REPEATS` draws in a row find only agencies already
        used (about 21,000 named agencies, some 60,000 reports), new agencies
        are townships with blended names (:func:`sample_agency`); a corpus
        smaller than that is not affected.
        """
        rng = random.Random(f"{self.seed}:agencies")
        repeats, exhausted = 0, False
        while True:
            agency = sample_agency(rng, "township", blended=True) if exhausted else sample_agency(rng, sample_kind(rng))
            if agency.name in self.names:
                repeats += 1
                exhausted = exhausted or repeats >= MAX_REPEATS
                continue
            repeats = 0
            self.names.add(agency.name)
            length = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 7))
            start = rng.randint(YEARS[0], YEARS[-1] - length + 1)
            panel = _Panel(agency, list(range(start, start + length)))
            panel.themes = rng.sample(self.theme_ids, 2)
            yield panel

    # -- sentences ------------------------------------------------------------
    def _register(self, text: str, stem: str) -> str | None:
        h = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
        first = self.registry.get(h)
        if first is None and len(self.registry) < REGISTRY_CAP:
            self.registry[h] = stem
        return first

    def sentence(self, rng: random.Random, symbol: str, section: str, ctx: dict, panel: _Panel,
                 theme: str | None = None, reuse: bool = True) -> Sentence:
        """One sentence: copied from the previous year or another agency, or newly written."""
        cfg = self.config
        if reuse and symbol not in STOCK:
            if rng.random() < cfg.share_reused_previous:
                prev = [s for s in panel.prev_sentences.get(section, []) if s.theme == theme]
                if prev:
                    src = rng.choice(prev)
                    return Sentence(src.text, section, "reused_previous", panel.prev_stem, theme)
            if rng.random() < cfg.share_reused_cross:
                pool = [p for p in self.pool.get((section, theme), ()) if p[2] != panel.agency.agency_id]
                if pool:
                    text, stem, _ = rng.choice(pool)
                    return Sentence(text, section, "reused_cross", stem, theme)
        if symbol in STOCK:
            return Sentence(self.grammar.expand(symbol, rng, ctx), section, "template", None, theme)
        for _ in range(6):
            text = self.grammar.expand(symbol, rng, ctx)
            frame = _frame(symbol)
            if frame:
                text = (self.grammar.expand(f"frame.lead.{frame}", rng, ctx) + text[:-1]
                        + self.grammar.expand(f"frame.tail.{frame}", rng, ctx) + "。")
            first = self._register(text, ctx["stem"])
            if first is None:
                break
        origin, source = ("original", None) if first is None else ("coincident", first)
        if first is None:
            self.pool.setdefault((section, theme), deque(maxlen=POOL_SIZE)).append((text, ctx["stem"], panel.agency.agency_id))
        return Sentence(text, section, origin, source, theme)

    # -- one report -----------------------------------------------------------
    def build(self, index: int, panel: _Panel, year: int) -> SynthReport:
        cfg = self.config
        rng = random.Random(f"{self.seed}:{index}")
        agency = panel.agency
        expected = "2021" if year >= 2021 else "2019"
        template = "2019" if expected == "2021" and rng.random() < cfg.share_wrong_template else expected
        printed = agency.variants[0] if len(agency.variants) == 1 or rng.random() < 0.7 else rng.choice(agency.variants[1:])
        stem = f"{index:05d}_{year}_{printed}"
        ctx = {"agency": printed, "self": agency.self_ref, "year": year, "next_year": year + 1, "upper": agency.upper,
               "site": f"{printed}门户网站", "url": f"http://{agency.domain}", "office": f"{printed}政务公开办公室",
               "phone": f"0{rng.randint(10, 999)}-{rng.randint(10000000, 89999999)}", "stem": stem, "empty": ""}
        # numbers
        nums = NUM.table_numbers(rng, template, agency.level, panel.prev_numbers if panel.prev_numbers and
                                 (template == "2021") == (("active", "fees", "amount_10k_yuan") in panel.prev_numbers) else
                                 _carry_only(panel.prev_numbers))
        faults: list[dict] = []
        if rng.random() < cfg.share_identity_faults:
            faults.append(NUM.inject_identity_fault(rng, nums, template))
        style = NUM.report_style(rng, cfg)
        keep = {(f["table"], f["row"], f["col"]) for f in faults}
        cells = NUM.print_cells(rng, nums, style, cfg, keep)
        failing = NUM.failing_checks(cells, template) if faults else []
        for f in faults:
            f["fails"] = [c for c in failing if f"{f['row']}/{f['col']}" in c["cells"].split(";")]
        # headings
        scheme = rng.choices([n for n, _ in NUMBERING], weights=[w for _, w in NUMBERING])[0]
        typo = rng.choice(sorted(TYPOS)) if rng.random() < cfg.share_heading_typos else None
        sections = []
        for order, key in enumerate(SECTION_WORDS, start=1):
            words = TYPOS[key] if key == typo else rng.choice(SECTION_WORDS[key])
            text, style_name = heading(key, order, scheme, words)
            sections.append(Section(key, text, style_name))
        by_key = {s.key: s for s in sections}
        # narrative
        S = lambda sym, sec, **kw: self.sentence(rng, sym, sec, ctx, panel, **kw)  # noqa: E731
        preamble = [S("pre.basis.s", "preamble"), S("pre.scope.s", "preamble"), S("pre.period.s", "preamble"),
                    S("pre.download.s", "preamble")]
        ov = by_key["overview"]
        ov.paragraphs.append([S("ov.intro.s", "overview")])
        for part in OVERVIEW_PARTS:
            ov.subheads[len(ov.paragraphs)] = self.grammar.expand(f"ov.h.{part}", rng, ctx)
            ov.paragraphs.append([S(f"ov.{part}.s", "overview") for _ in range(rng.randint(2, 3))])
        claims: list[dict] = []
        conflict = rng.random() < cfg.share_narrative_conflict
        if rng.random() < 0.6:
            self._claim(rng, by_key["requests"], "req.claim.s", ctx, cells, claims, conflict, panel)
            conflict = False
        if rng.random() < 0.5:
            self._claim(rng, by_key["review"], "rev.claim.s", ctx, cells, claims, conflict, panel)
        for c in claims:
            if not c["consistent"]:
                faults.append({"kind": "narrative", **{k: c[k] for k in ("section", "table", "row", "col", "stated", "table_value")}})
        pr = by_key["problems"]
        dominant, second = panel.themes
        report_themes = [dominant] + ([second] if rng.random() < 0.4 else [])
        problems = [S("problems.intro.s", "problems")]
        for i, theme in enumerate(report_themes):
            problems += [S(f"theme.{theme}.p", "problems", theme=theme) for _ in range(2 if i == 0 else 1)]
        measures = [S("problems.bridge.s", "problems")]
        for i, theme in enumerate(report_themes):
            measures += [S(f"theme.{theme}.m", "problems", theme=theme) for _ in range(2 if i == 0 else 1)]
        if rng.random() < 0.5:
            pr.subheads = {0: "（一）存在的主要问题", 1: "（二）改进情况"}
        pr.paragraphs += [problems, measures]
        other = by_key["other"]
        if year >= 2021:
            sym = "other.fee.some.s" if rng.random() < 0.1 else "other.fee.none.s"
            other.paragraphs.append([S(sym, "other")] + ([S("other.extra.s", "other")] if rng.random() < 0.3 else []))
        else:
            other.paragraphs.append([S("other.none.s", "other")])
        published = _published(rng, year)
        y, m, d = published.split("-")
        title = rng.choice((f"{printed}{year}年政府信息公开工作年度报告", f"{printed}{year}年度政府信息公开工作年度报告",
                            f"{year}年{printed}政府信息公开工作年度报告"))
        split = title.startswith(printed) and rng.random() < 0.3
        title_lines = (printed, title[len(printed):]) if split else (title,)
        report = SynthReport(
            index=index, seed=self.seed, agency=agency, agency_printed=printed, year=year, template=template,
            expected_template=expected, title=title, title_lines=title_lines, published=published,
            period=(f"{year}-01-01", f"{year}-12-31"), preamble=preamble, sections=sections, cells=cells,
            faults=faults, themes=report_themes, claims=claims,
            signature=(printed, f"{int(y)}年{int(m)}月{int(d)}日"),
            style={**style, "numbering": scheme, "typo": typo, "residue": rng.random() < cfg.share_residue,
                   "crawler_spaced": rng.random() < cfg.share_crawler_spaced,
                   "html_shell": rng.random() < cfg.share_html_shell, "html_gbk": rng.random() < cfg.share_html_gbk,
                   "variant": rng.random()},
        )
        panel.prev_numbers = nums
        panel.prev_stem = stem
        panel.prev_sentences = {}
        for s in report.sentences():
            if s.origin != "template":
                panel.prev_sentences.setdefault(s.section, []).append(s)
        return report

    def _claim(self, rng: random.Random, section: Section, symbol: str, ctx: dict, cells: dict, claims: list,
               conflict: bool, panel: _Panel) -> None:
        keys = {"claim_new": ("requests", "new_received", "total"), "claim_carried": ("requests", "carried_over", "total"),
                "claim_handled": ("requests", "total_handled", "total"), "claim_forward": ("requests", "carried_forward", "total"),
                "claim_reconsideration": ("review", "cases", "reconsideration_total")}
        values = {name: cells[k].number for name, k in keys.items()}
        wrong = rng.choice(sorted(n for n in keys if n.startswith("claim_r") == symbol.startswith("rev"))) if conflict else None
        stated = {n: int(v + (rng.randint(1, 9) if n == wrong else 0)) for n, v in values.items()}
        sentence = self.sentence(rng, symbol, section.key, {**ctx, **stated}, panel, reuse=False)
        section.paragraphs.append([sentence])
        for name in self.grammar_slots(symbol):
            if name in keys:
                t, r, c = keys[name]
                claims.append({"section": section.key, "sentence": sentence.text, "table": t, "row": r, "col": c,
                               "stated": stated[name], "table_value": cells[keys[name]].value,
                               "consistent": name != wrong})

    def grammar_slots(self, symbol: str) -> list[str]:
        """Context variables used by any alternative of ``symbol``."""
        return sorted({p for alt in self.grammar.rules[symbol] for i, p in enumerate(alt) if i % 2})


def _frame(symbol: str) -> str | None:
    """Which lead/tail framing a sentence symbol gets (more variety for free-text sentences)."""
    if symbol.startswith("theme."):
        return symbol[-1]
    if symbol.startswith("ov.") and symbol != "ov.intro.s":
        return "ov"
    return None


def _carry_only(prev: dict[Key, float] | None) -> dict[Key, float] | None:
    """The previous year's requests table only (when the two years print different templates)."""
    return {k: v for k, v in prev.items() if k[0] == "requests"} if prev else None


def _published(rng: random.Random, year: int) -> str:
    if rng.random() < 0.9:
        return f"{year + 1}-01-{rng.randint(8, 31):02d}"
    return f"{year + 1}-{rng.randint(2, 4):02d}-{rng.randint(1, 28):02d}"


def generate_reports(n: int, seed: int = 0, config: SynthConfig | None = None) -> Iterator[SynthReport]:
    """Stream ``n`` synthetic reports, deterministically for ``seed``.

    Examples
    --------
    >>> a = [r.title for r in generate_reports(4, seed=1)]
    >>> a == [r.title for r in generate_reports(4, seed=1)]
    True
    """
    builder = ReportBuilder(seed, config or SynthConfig())
    index = 0
    for panel in builder.panels():
        for year in panel.years:
            if index >= n:
                return
            yield builder.build(index, panel, year)
            index += 1
