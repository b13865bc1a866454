"""The text grammar: symbols with alternatives, expanded with a seeded random source.

The grammar lives in ``resources/synth/grammar.txt`` (see its header for the
syntax). Expansion is deterministic for a given :class:`random.Random` state.

Examples
--------
>>> import random
>>> g = load_grammar()
>>> s = g.expand("pre.period.s", random.Random(1), {"year": 2021})
>>> "2021年1月1日" in s
True
>>> sorted(themes())[:3]
['catalog', 'data', 'grassroots']
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_SLOT = re.compile(r"\{([^{}]+)\}")
_RANGE = re.compile(r"#(\d+)-(\d+)")


@dataclass(frozen=True)
class Grammar:
    """Symbols and their alternatives, each alternative pre-split into literals and slots."""

    rules: dict[str, tuple[tuple[str, ...], ...]]

    def expand(self, symbol: str, rng: random.Random, ctx: dict) -> str:
        """One expansion of ``symbol``; context variables fill non-symbol slots."""
        parts = rng.choice(self.rules[symbol])
        out = []
        for i, part in enumerate(parts):
            if i % 2 == 0:
                out.append(part)
            elif part in self.rules:
                out.append(self.expand(part, rng, ctx))
            elif (m := _RANGE.fullmatch(part)):
                out.append(str(rng.randint(int(m[1]), int(m[2]))))
            else:
                out.append(str(ctx[part]))
        return "".join(out)


def parse_grammar(text: str) -> Grammar:
    """Parse the grammar text format.

    Examples
    --------
    >>> parse_grammar("[a]\\nx{b}\\n[b]\\ny\\n").rules["a"]
    (('x', 'b', ''),)
    """
    rules: dict[str, list[tuple[str, ...]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            rules.setdefault(current, [])
        elif current is not None:
            rules[current].append(tuple(_SLOT.split(line)))
    return Grammar({k: tuple(v) for k, v in rules.items()})


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    """The grammar shipped with govtext."""
    text = resources.files("govtext.resources").joinpath("synth/grammar.txt").read_text(encoding="utf-8")
    return parse_grammar(text)


def themes() -> list[str]:
    """Ids of the 存在的主要问题 themes in the grammar's theme bank."""
    return sorted({k.split(".")[1] for k in load_grammar().rules if k.startswith("theme.")})
