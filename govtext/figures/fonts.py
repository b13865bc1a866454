"""The CJK font govtext ships for its figures, registered with matplotlib when a plot is made.

The font is a GB 2312 subset of Noto Sans CJK SC (SIL Open Font License 1.1),
renamed "GovText Noto Sans SC"; see ``govtext/resources/SOURCES.md``. Nothing
is registered at import time: :func:`register_font` does it once, on demand.

Examples
--------
>>> register_font()
'GovText Noto Sans SC'
>>> missing_glyphs("政府信息公开 2021")
''
>>> displayable("沭阳县")  # 沭 is outside GB 2312 level 1, but inside level 2
'沭阳县'
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

FAMILY = "GovText Noto Sans SC"
FONT_FILE = "GovTextNotoSansSC-Regular.otf"
#: shown instead of a character the font cannot draw (GB 2312 geta mark)
PLACEHOLDER = "〓"


def font_path() -> Path:
    """Path of the shipped font file."""
    return Path(str(resources.files("govtext") / "resources" / "fonts" / FONT_FILE))


@lru_cache(maxsize=1)
def register_font() -> str:
    """Add the shipped font to matplotlib's font manager (once) and return its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    return FAMILY


@lru_cache(maxsize=1)
def _codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path()), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str) -> str:
    """The distinct characters of ``text`` the shipped font cannot draw (whitespace ignored)."""
    cmap = _codepoints()
    return "".join(dict.fromkeys(ch for ch in text if not ch.isspace() and ord(ch) not in cmap))


def displayable(text: str) -> str:
    """``text`` with every character the font cannot draw replaced by :data:`PLACEHOLDER`.

    Examples
    --------
    >>> displayable("𠀀局")
    '〓局'
    """
    missing = set(missing_glyphs(text))
    return "".join(PLACEHOLDER if ch in missing else ch for ch in text) if missing else text
