"""The character-wise NFKC of :func:`govtext.normalize.to_halfwidth` is exactly :func:`unicodedata.normalize`."""
from __future__ import annotations

import random
import sys
import unicodedata

from govtext import normalize as N
from govtext import patterns as P


def _second_halves() -> set[str]:
    """Characters a canonical composition may append to the character before them."""
    out = {chr(i) for i in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}  # Hangul vowels and finals
    for i in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(i)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            out.add(chr(int(parts[1], 16)))
    return out


def _charwise() -> list[str]:
    return [chr(i) for i in range(0x10000) if not 0xD800 <= i <= 0xDFFF and not P.NFKC_NOT_CHARWISE.match(chr(i))]


def test_charwise_characters_neither_reorder_nor_compose():
    second = _second_halves()
    for c in _charwise():
        decomposed = unicodedata.normalize("NFKD", c)
        assert unicodedata.normalize("NFKC", c) == decomposed, hex(ord(c))
        assert all(unicodedata.combining(x) == 0 and x not in second for x in decomposed), hex(ord(c))


def test_changed_runs_cover_every_charwise_character_nfkc_changes():
    for c in _charwise():
        assert bool(P.NFKC_CHANGED.fullmatch(c)) == (unicodedata.normalize("NFKC", c) != c), hex(ord(c))


def test_to_halfwidth_equals_nfkc_on_mixed_text():
    rng = random.Random(7)
    alphabet = _charwise()[::7] + list("（）０１２，。：；①㈠⼀\u3000 \n\tAé\u0301\u3099か\uff9e\u1100\u1161")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        assert N.to_halfwidth(text) == unicodedata.normalize("NFKC", text), ascii(text)


def test_residue_starts_with_a_residue_start_character_even_after_nfkc():
    starts = [chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF
              and ("[" in unicodedata.normalize("NFKC", chr(i)) or "<" in unicodedata.normalize("NFKC", chr(i)))]
    assert all(P.RESIDUE_START.match(c) for c in starts)
