"""Recover table cells whose digits ran together (``640020470`` is 64, 0, 0, 2, 0, 4, 70).

Crawler dumps and some text extractions lose the borders between cells. A
row then arrives as one or a few runs of digits (spaces, where printed, are
borders). :func:`splits` enumerates every way to cut the runs into the row's
cells (no leading zeros except ``0`` itself, a sign only where the column is
signed (本年增/减), decimals and a unit only in amount columns, bounded digit
counts; a dash such as ``—`` is a cell of its own). :func:`recover` then keeps the splits that satisfy the template's
identities: first within the row (总计 = the six applicant columns, T4 groups;
even a row with one possible split must satisfy them, since a blank cell
leaves no trace in run-together digits), then across rows (T3-balance,
T3-outcomes). A cell whose value is the same in
every surviving combination is ``ok``; otherwise it is ``ambiguous`` with the
candidates in its reason; when nothing survives it is ``unreadable``. Nothing
is ever picked silently.

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
#: text that may be run-together cells: digits, spaces, signs, decimal points, an amount unit
GLUED_TEXT = re.compile(r"^(?:[-−]?\d|[—–－/／])[\d\s.,\-−—–－/／]*(?:万元|元)?$")
#: a dash cell inside a run (after half-width folding): one or two em dashes, an en dash, a hyphen or a slash
DASH_PIECE = r"—{1,2}|[–/\-]"


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
    chunks = [N.to_halfwidth(c).replace(",", "") for c in chunks if c.strip()]

    @lru_cache(maxsize=None)
    def go(ci: int, pos: int, col: int) -> tuple[tuple[str, ...], ...]:
        if ci == len(chunks):
            return ((),) if col == len(rules) else ()
        chunk = chunks[ci]
        if col == len(rules):
            return ()
        out = []
        for end in range(pos + 1, len(chunk) + 1):
            piece = chunk[pos:end]
            if not rules[col].pattern.match(piece):
                continue
            nxt = go(ci + 1, 0, col + 1) if end == len(chunk) else go(ci, end, col + 1)
            out.extend((piece, *rest) for rest in nxt)
        return tuple(out)

    return list(go(0, 0, 0))


def blank_splits(chunks: Sequence[str], rules: Sequence[CellRule]) -> list[tuple[str | None, ...]]:
    """Splits into fewer cells, the others blank (``None``): a blank cell leaves no trace in run-together text.

    Examples
    --------
    >>> blank_splits(["066"], [COUNT] * 3)
    [('0', '66', None), ('0', None, '66'), (None, '0', '66')]
    >>> blank_splits(["000"], [COUNT] * 3)
    []
    """
    n, out = len(rules), []
    for k in range(sum(1 for c in chunks if c.strip()), n):
        for cols in combinations(range(n), k):
            for pieces in splits(chunks, [rules[i] for i in cols]):
                full: list[str | None] = [None] * n
                for i, piece in zip(cols, pieces):
                    full[i] = piece
                out.append(tuple(full))
    return out


def _values(pieces: Sequence[str], rules: Sequence[CellRule]) -> tuple[float, ...]:
    return tuple(parse_cell(p, target_unit=r.unit).value for p, r in zip(pieces, rules))


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
    for row, run in runs.items():
        printed = " ".join(run.chunks)
        pieces = splits(run.chunks, run.rules)
        if not pieces:
            _mark(out, row, run, "unreadable", f"run-together digits {printed!r} cannot be cut into {len(run.cols)} cells")
            continue
        vals = [(p, _values(p, run.rules)) for p in pieces]
        own = _row_identities(row, identities)
        if own:  # even a single split must satisfy them: a blank cell leaves no trace in run-together digits
            kept = [(p, v) for p, v in vals if all(_holds(i, lambda k, v=v: v[run.cols.index(k[1])]) is not False for i in own)]
            if not kept:
                _mark(out, row, run, "unreadable", f"no split of run-together digits {printed!r} satisfies the row's "
                      f"identity (total = sum of its parts): a blank cell or a printing error; "
                      f"candidates: {show_candidates(p for p, _ in vals)}")
                continue
            vals = kept
        cands[row] = vals
        notes[row] = printed
    # rows left with several splits that an identity links to other cells are solved jointly
    linked = [r for r, v in cands.items() if len(v) > 1 and any(k[0] == r for i in identities for k in (*i[0], *i[1]))]
    fixed = {(r, c): v[0][1][i] for r, v in cands.items() if len(v) == 1 for i, c in enumerate(runs[r].cols)}
    combos = _combinations(linked, cands, {r: runs[r].cols for r in runs}, identities, {**known, **fixed}) if linked else []
    for row, vals in cands.items():
        run = runs[row]
        unchecked = not any(k[0] == row for i in identities for k in (*i[0], *i[1]))
        # with no identity to check a split, a blank cell (which leaves no trace) is another reading
        alts = [p for p, _ in vals] + (blank_splits(run.chunks, run.rules) if unchecked else [])
        if len(alts) == 1:
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


def _mark(out: dict, row: str, run: Run, status: str, reason: str) -> None:
    for col in run.cols:
        out[(row, col)] = Recovered(" ".join(run.chunks), math.nan, status, None, reason)


def _emit_row(out: dict, row: str, run: Run, pieces: tuple[str, ...], agreed: list[bool] | None, reason: str) -> None:
    for i, (col, piece, rule) in enumerate(zip(run.cols, pieces, run.rules)):
        if agreed is not None and not agreed[i]:
            out[(row, col)] = Recovered(" ".join(run.chunks), math.nan, "ambiguous", None, reason)
            continue
        parsed = parse_cell(piece, target_unit=rule.unit)
        out[(row, col)] = Recovered(piece, parsed.value, parsed.status, parsed.unit, reason)
