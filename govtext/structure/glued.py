"""Recover table cells whose digits ran together (``640020470`` is 64, 0, 0, 2, 0, 4, 70).

Crawler dumps and some text extractions lose the borders between cells. A
row then arrives as one or a few runs of digits (spaces, where printed, are
borders). :func:`splits` enumerates every way to cut the runs into the row's
cells (no leading zeros except ``0`` itself, a sign only where the column is
signed (本年增/减), decimals and a unit only in amount columns, bounded digit
counts; a dash such as ``—`` or ``无`` is a cell of its own). A blank cell
leaves no trace in run-together digits, so a row's *readings* are its splits
and, unless identities confirm a split, the readings with blank cells
(:func:`blank_splits`). :func:`recover` keeps the readings that satisfy the
template's identities: first within the row (总计 = the six applicant
columns, T4 groups; a split that satisfies all of them is *confirmed*, and
then readings with a blank are not considered), then across rows
(T3-balance, T3-outcomes), where a confirmed split that breaks a column sum
yields to a reading with a blank cell that satisfies it. A cell whose value
is the same in every surviving reading is ``ok``; otherwise it is
``ambiguous`` with the candidates in its reason; when nothing survives it is
``unreadable``. Nothing is ever picked silently. :func:`broken` names the
identities a run breaks however it is read (a printing error), for the
structure stage to report.

Examples
--------
>>> splits(["640020470"], [COUNT] * 7)[:2]
[('6', '4', '0', '0', '2', '0', '470'), ('6', '4', '0', '0', '20', '4', '70')]
>>> out = recover({"r": Run(("640020470",), ("a", "b", "c", "d", "e", "f", "t"), (COUNT,) * 7)},
...               [((("r", "t"),), tuple(("r", c) for c in "abcdef"))])
>>> out[("r", "a")].text, out[("r", "t")].text, out[("r", "t")].status
('64', '70', 'ok')
>>> out = recover({"r": Run(("693665",), ("x", "y", "z"), (COUNT,) * 3)}, [])
>>> out[("r", "x")].status, out[("r", "x")].reason[:30]
('ambiguous', "run-together digits '693665' s")
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product
from typing import Iterable, Mapping, Sequence

from govtext import normalize as N
from govtext.structure.cells import parse_cell

#: most integer digits one count cell may plausibly have
MAX_DIGITS = 8
#: most candidate splits listed in a reason
MAX_LISTED = 8
#: give up (ambiguous) after this many combinations across rows
MAX_COMBINATIONS = 200_000
#: give up (ambiguous) on a row with more readings than this once blank cells are allowed
MAX_READINGS = 5_000
#: report no broken identity when the rows involved have more readings together than this
MAX_BROKEN_READINGS = 20_000
#: text that may be run-together cells: digits, spaces, signs, decimal points, an amount unit
GLUED_TEXT = re.compile(r"^(?:[-−]?\d|[—–－/／\-无])[\d\s.,\-−—–－/／无]*(?:万元|元)?$")
#: a dash cell inside a run (after half-width folding): one or two em dashes, an en dash, a hyphen, a slash or 无
DASH_PIECE = r"—{1,2}|[–/\-无]"


@dataclass(frozen=True)
class CellRule:
    """What one cell of a row may look like."""

    signed: bool = False
    decimal: bool = False
    max_digits: int = MAX_DIGITS
    unit: str | None = None

    @property
    def pattern(self) -> re.Pattern:
        return _pattern(self.signed, self.decimal, self.max_digits)


@lru_cache(maxsize=None)
def _pattern(signed: bool, decimal: bool, max_digits: int) -> re.Pattern:
    sign = "[-−]?" if signed else ""
    frac = r"(?:\.\d+)?(?:万元|元)?" if decimal else ""
    return re.compile(rf"^(?:{sign}(?:0|[1-9]\d{{0,{max_digits - 1}}}){frac}|{DASH_PIECE})$")


#: a plain count cell
COUNT = CellRule()


@dataclass(frozen=True)
class Run:
    """A row's value text as printed (space-separated chunks), its column keys and cell rules."""

    chunks: tuple[str, ...]
    cols: tuple[str, ...]
    rules: tuple[CellRule, ...]


@dataclass(frozen=True)
class Recovered:
    """One recovered cell: ``text`` is its piece when known, else the whole run."""

    text: str
    value: float
    status: str
    unit: str | None
    reason: str


Key = tuple[str, str]
Identity = tuple[tuple[Key, ...], tuple[Key, ...]]


def splits(chunks: Sequence[str], rules: Sequence[CellRule]) -> list[tuple[str, ...]]:
    """Every way to cut ``chunks`` into ``len(rules)`` cells; chunk borders are cell borders.

    Examples
    --------
    >>> splits(["35-15"], [COUNT, CellRule(signed=True)])
    [('35', '-15')]
    >>> splits(["007"], [COUNT] * 3), splits(["07"], [COUNT] * 3)
    ([('0', '0', '7')], [])
    """
    return list(_readings(_clean(chunks), tuple(rules), False))


def blank_splits(chunks: Sequence[str], rules: Sequence[CellRule]) -> list[tuple[str | None, ...]] | None:
    """Readings with at least one blank cell (``None``): a blank leaves no trace in run-together text.

    ``None`` when there are more than :data:`MAX_READINGS` of them.

    Examples
    --------
    >>> blank_splits(["066"], [COUNT] * 3)
    [(None, '0', '66'), ('0', None, '66'), ('0', '66', None)]
    >>> blank_splits(["000"], [COUNT] * 3)
    []
    """
    chunks, rules = _clean(chunks), tuple(rules)
    if _count(chunks, rules, 0, 0, 0) > MAX_READINGS:
        return None
    return [r for r in _readings(chunks, rules, True) if None in r]


def _clean(chunks: Sequence[str]) -> tuple[str, ...]:
    return tuple(N.to_halfwidth(c).replace(",", "") for c in chunks if c.strip())


def _steps(chunks: tuple[str, ...], rules: tuple[CellRule, ...], ci: int, pos: int, col: int):
    """The pieces cell ``col`` may take at ``(ci, pos)`` and where the next cell starts."""
    chunk = chunks[ci]
    for end in range(pos + 1, len(chunk) + 1):
        piece = chunk[pos:end]
        if rules[col].pattern.match(piece):
            yield piece, (ci + 1, 0) if end == len(chunk) else (ci, end)


@lru_cache(maxsize=4096)
def _readings(chunks: tuple[str, ...], rules: tuple[CellRule, ...], blank: bool,
              ci: int = 0, pos: int = 0, col: int = 0) -> tuple[tuple[str | None, ...], ...]:
    """Every reading of ``chunks`` from ``(ci, pos)`` as cells ``col…``; with ``blank``, cells may be blank."""
    if col == len(rules):
        return ((),) if ci == len(chunks) else ()
    out: list[tuple[str | None, ...]] = []
    if blank:
        out.extend((None, *rest) for rest in _readings(chunks, rules, blank, ci, pos, col + 1))
    if ci < len(chunks):
        for piece, (nci, npos) in _steps(chunks, rules, ci, pos, col):
            out.extend((piece, *rest) for rest in _readings(chunks, rules, blank, nci, npos, col + 1))
    return tuple(out)


@lru_cache(maxsize=4096)
def _count(chunks: tuple[str, ...], rules: tuple[CellRule, ...], ci: int, pos: int, col: int) -> int:
    """How many readings (blank cells allowed) :func:`_readings` would list."""
    if col == len(rules):
        return int(ci == len(chunks))
    n = _count(chunks, rules, ci, pos, col + 1)
    if ci < len(chunks):
        n += sum(_count(chunks, rules, nci, npos, col + 1) for _, (nci, npos) in _steps(chunks, rules, ci, pos, col))
    return n


def _values(pieces: Sequence[str | None], rules: Sequence[CellRule]) -> tuple[float, ...]:
    return tuple(math.nan if p is None else _value(p, r.unit) for p, r in zip(pieces, rules))


@lru_cache(maxsize=65536)
def _value(piece: str, unit: str | None) -> float:
    return parse_cell(piece, target_unit=unit).value


def _holds(identity: Identity, get) -> bool | None:
    """True/False when every cell of the identity is known, else ``None``."""
    lhs, rhs = identity
    vals = [get(k) for k in (*lhs, *rhs)]
    if any(v is None or math.isnan(v) for v in vals):
        return None
    return abs(sum(vals[: len(lhs)]) - sum(vals[len(lhs):])) < 1e-6


def show_candidates(cands: Iterable[tuple[str, ...]]) -> str:
    """Candidate splits as ``a|b|c; …`` (at most :data:`MAX_LISTED`).

    Examples
    --------
    >>> show_candidates([("3", "50"), ("35", "0")])
    '3|50; 35|0'
    """
    cands = list(cands)
    shown = "; ".join("|".join("(blank)" if p is None else p for p in c) for c in cands[:MAX_LISTED])
    return shown + (f"; … ({len(cands)} in all)" if len(cands) > MAX_LISTED else "")


def _consistent(vals: list[tuple], run: Run, own: Sequence[Identity]) -> list[tuple]:
    """The readings ``(pieces, values)`` that break none of the row's own identities."""
    return [(p, v) for p, v in vals if all(_holds(i, _getter(v, run)) is not False for i in own)]


def _verified(values: tuple[float, ...], run: Run, own: Sequence[Identity]) -> bool:
    """True when the row has identities of its own and every one of them holds with these values."""
    return bool(own) and all(_holds(i, _getter(values, run)) for i in own)


def _getter(values: tuple[float, ...], run: Run):
    return lambda key: values[run.cols.index(key[1])]


def _row_identities(row: str, identities: Sequence[Identity]) -> list[Identity]:
    return [i for i in identities if all(k[0] == row for k in (*i[0], *i[1]))]


def _combinations(rows: list[str], cands: dict[str, list[tuple]], cols: dict[str, tuple[str, ...]],
                  identities: Sequence[Identity], known: Mapping[Key, float]) -> list[dict[str, tuple]] | None:
    """Assignments of one candidate per row that satisfy every identity they complete; ``None`` when too many."""
    if math.prod(len(cands[r]) for r in rows) > MAX_COMBINATIONS:
        return None
    touching = [i for i in identities if any(k[0] in rows for k in (*i[0], *i[1]))]
    found = []
    for combo in product(*(cands[r] for r in rows)):
        chosen = dict(zip(rows, combo))

        def get(key: Key, chosen=chosen) -> float | None:
            if key[0] in chosen:
                return chosen[key[0]][1][cols[key[0]].index(key[1])]
            return known.get(key)

        if all(_holds(i, get) is not False for i in touching):
            found.append(chosen)
    return found


def recover(runs: Mapping[str, Run], identities: Sequence[Identity],
            known: Mapping[Key, float] | None = None) -> dict[Key, Recovered]:
    """Recover the cells of run-together rows of one table.

    ``runs`` maps row keys to their printed runs; ``identities`` are
    ``(lhs, rhs)`` pairs of ``(row, col)`` keys whose sums must agree;
    ``known`` holds the values of the table's other cells (read normally).
    """
    known = dict(known or {})
    cands: dict[str, list[tuple[tuple[str, ...], tuple[float, ...]]]] = {}
    out: dict[Key, Recovered] = {}
    notes: dict[str, str] = {}
    unverified: set[str] = set()
    for row, run in runs.items():
        printed = " ".join(run.chunks)
        pieces = splits(run.chunks, run.rules)
        own = _row_identities(row, identities)
        vals = _consistent([(p, _values(p, run.rules)) for p in pieces], run, own)
        if not any(_verified(v, run, own) for _, v in vals):
            # nothing confirms a full reading: a blank cell (which leaves no trace) is another reading
            unverified.add(row)
            blanks = blank_splits(run.chunks, run.rules)
            if blanks is None:
                _mark(out, row, run, "ambiguous", f"run-together digits {printed!r} have too many readings "
                      f"once a blank cell is allowed, and no identity confirms one")
                continue
            vals += _consistent([(p, _values(p, run.rules)) for p in blanks], run, own)
        if not vals:
            why = (f"no split of run-together digits {printed!r} satisfies the row's identity (total = sum of "
                   f"its parts): a blank cell or a printing error; candidates: {show_candidates(pieces)}"
                   if pieces else f"run-together digits {printed!r} cannot be cut into {len(run.cols)} cells")
            _mark(out, row, run, "unreadable", why)
            continue
        cands[row] = vals
        notes[row] = printed
    # rows left with several splits that an identity links to other cells are solved jointly
    linked = [r for r, v in cands.items() if len(v) > 1 and r not in unverified
              and any(k[0] == r for i in identities for k in (*i[0], *i[1]))]
    fixed = {(r, c): v[0][1][i] for r, v in cands.items() if len(v) == 1 for i, c in enumerate(runs[r].cols)}
    combos = _combinations(linked, cands, {r: runs[r].cols for r in runs}, identities, {**known, **fixed}) if linked else []
    for row, vals in cands.items():
        run = runs[row]
        alts = [p for p, _ in vals]
        if len(alts) == 1:
            blank = _blank_instead(row, run, vals[0][1], identities, {**known, **fixed})
            if blank:
                _emit_row(out, row, run, alts[0], [len({p[i] for p in (*alts, *blank)}) == 1 for i in range(len(run.cols))],
                          f"the only split of run-together digits {notes[row]!r} breaks an identity across rows that a "
                          f"reading with a blank cell satisfies: {show_candidates([*alts, *blank])}")
            else:
                _emit_row(out, row, run, alts[0], None, f"split from run-together digits {notes[row]!r}")
            continue
        if row not in linked:
            _emit_row(out, row, run, vals[0][0], [len({p[i] for p in alts}) == 1 for i in range(len(run.cols))],
                      f"run-together digits {notes[row]!r} split several ways and no identity decides: {show_candidates(alts)}")
            continue
        if combos is None:
            _mark(out, row, run, "ambiguous", f"run-together digits {notes[row]!r} split several ways "
                  f"(too many combinations to check): {show_candidates(p for p, _ in vals)}")
            continue
        surviving = list(dict.fromkeys(c[row] for c in combos))
        if not surviving:
            _mark(out, row, run, "unreadable", f"no split of run-together digits {notes[row]!r} satisfies the table's "
                  f"identities; candidates: {show_candidates(p for p, _ in vals)}")
            continue
        agreed = [len({s[0][i] for s in surviving}) == 1 for i in range(len(run.cols))]
        if len(surviving) == 1:
            _emit_row(out, row, run, surviving[0][0], None,
                      f"split from run-together digits {notes[row]!r}: the only split satisfying the identities")
        else:
            _emit_row(out, row, run, surviving[0][0], agreed,
                      f"run-together digits {notes[row]!r} split several ways: {show_candidates(s[0] for s in surviving)}")
    return out


def broken(runs: Mapping[str, Run], identities: Sequence[Identity], known: Mapping[Key, float]) -> list[int]:
    """Indexes of the identities that the runs break however they are read.

    For each run, the rows it shares identities with are read together
    (``runs`` with their splits, the other cells from ``known``): an identity
    is broken when every reading of them without a blank cell breaks it, and
    no reading with one blank cell among them satisfies all the identities
    either: a printing error, unless two or more cells are blank. The cells
    stay unread, but the broken identity is worth reporting.

    Examples
    --------
    >>> ids = [((("r", "t"),), (("r", "a"), ("r", "b")))]
    >>> broken({"r": Run(("1", "2", "5"), ("a", "b", "t"), (COUNT,) * 3)}, ids, {})  # no room for a blank
    [0]
    >>> broken({"r": Run(("125",), ("a", "b", "t"), (COUNT,) * 3)}, ids, {})  # or 12, 5 and a blank total
    []
    """
    out: set[int] = set()
    full = {r: [_values(p, run.rules) for p in splits(run.chunks, run.rules)] for r, run in runs.items()}
    one = {r: [_values(p, run.rules) for p in _one_blank(run)] for r, run in runs.items()}
    for row in runs:
        touching = [n for n, i in enumerate(identities) if any(k[0] == row for k in (*i[0], *i[1]))]
        rows = sorted({k[0] for n in touching for k in (*identities[n][0], *identities[n][1]) if k[0] in runs})
        plain = math.prod(len(full[r]) for r in rows)
        blank = sum(len(one[r]) * plain // max(len(full[r]), 1) for r in rows)
        if not plain or plain + blank > MAX_BROKEN_READINGS:
            continue
        readings = [dict(zip(rows, c)) for c in product(*(full[r] for r in rows))]
        found = [n for n in touching if all(_holds(identities[n], _lookup(c, runs, known)) is False for c in readings)]
        with_blank = ({**c, r: v} for r in rows for v in one[r] for c in readings)
        if found and not any(all(_holds(identities[n], _lookup(c, runs, known)) is not False for n in touching)
                             for c in with_blank):
            out.update(found)
    return sorted(out)


def _blank_instead(row: str, run: Run, values: tuple[float, ...], identities: Sequence[Identity],
                   known: Mapping[Key, float]) -> list[tuple[str | None, ...]]:
    """The one-blank readings of a row to prefer over its only split when that split breaks an identity.

    A blank cell and a total that happens to add up can make a wrong split
    look right; the identities across rows then break, while a reading with
    the blank satisfies them. Empty when the split breaks nothing or no such
    reading exists (then the break is reported by the checks).
    """
    touching = [i for i in identities if any(k[0] == row for k in (*i[0], *i[1]))]
    runs = {row: run}
    if all(_holds(i, _lookup({row: values}, runs, known)) is not False for i in touching):
        return []
    return [p for p in _one_blank(run)
            if all(_holds(i, _lookup({row: _values(p, run.rules)}, runs, known)) is not False for i in touching)]


def _one_blank(run: Run) -> list[tuple[str | None, ...]]:
    """The readings of a run with exactly one blank cell."""
    rules = list(run.rules)
    return [(*p[:i], None, *p[i:]) for i in range(len(rules)) for p in splits(run.chunks, rules[:i] + rules[i + 1:])]


def _lookup(chosen: Mapping[str, tuple[float, ...]], runs: Mapping[str, Run], known: Mapping[Key, float]):
    """Cell values: the ``chosen`` rows' from their readings, the others from ``known`` (``None`` when unknown)."""
    return lambda k: chosen[k[0]][runs[k[0]].cols.index(k[1])] if k[0] in chosen else known.get(k)


def _mark(out: dict, row: str, run: Run, status: str, reason: str) -> None:
    for col in run.cols:
        out[(row, col)] = Recovered(" ".join(run.chunks), math.nan, status, None, reason)


def _emit_row(out: dict, row: str, run: Run, pieces: tuple[str | None, ...], agreed: list[bool] | None, reason: str) -> None:
    for i, (col, piece, rule) in enumerate(zip(run.cols, pieces, run.rules)):
        if agreed is not None and not agreed[i]:
            out[(row, col)] = Recovered(" ".join(run.chunks), math.nan, "ambiguous", None, reason)
            continue
        if piece is None:  # every reading has this cell blank
            out[(row, col)] = Recovered("", math.nan, "blank", None, reason)
            continue
        parsed = parse_cell(piece, target_unit=rule.unit)
        out[(row, col)] = Recovered(piece, parsed.value, parsed.status, parsed.unit, reason)
