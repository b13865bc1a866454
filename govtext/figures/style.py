"""The one place where the look of govtext's figures is set: fonts, sizes, colours, save options.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> with figure_style():
...     fig, ax = plt.subplots()
>>> ax.xaxis.label.get_fontfamily()[0]
'GovText Noto Sans SC'
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import matplotlib as mpl
from cycler import cycler

from govtext.figures.fonts import register_font

#: colour-blind-safe palette (Okabe-Ito), in plotting order
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
#: colours of the request outcome groups, light to dark for the refusal groups
OUTCOME_COLOURS: dict[str, str] = {"disclosed": "#009E73", "denied": "#D55E00", "unable": "#E69F00",
                                   "rejected": "#CC79A7", "other": "#999999"}
#: keyword arguments of ``savefig`` per format: fixed resolution, no timestamps or software names
SAVE_OPTIONS: dict[str, dict] = {
    "png": {"dpi": 300, "metadata": {"Software": None}},
    "pdf": {"metadata": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}},
    "svg": {"metadata": {"Creator": None, "Date": None, "Format": None, "Type": None}},
}


def rc_params() -> dict:
    """matplotlib settings of every govtext figure (registers the shipped CJK font)."""
    family = register_font()
    return {
        "font.family": [family], "font.size": 8.5, "axes.titlesize": 10, "axes.labelsize": 8.5,
        "legend.fontsize": 7.5, "xtick.labelsize": 7.5, "ytick.labelsize": 7.5,
        "axes.unicode_minus": True, "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "grid.alpha": 0.3, "grid.linewidth": 0.5, "axes.axisbelow": True,
        "axes.prop_cycle": cycler(color=list(PALETTE)), "figure.figsize": (6.4, 3.8), "figure.dpi": 100,
        "figure.constrained_layout.use": True, "savefig.dpi": 300,
        "pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "path", "svg.hashsalt": "govtext",
        "path.simplify": True, "image.interpolation": "nearest",
    }


@contextmanager
def figure_style() -> Iterator[None]:
    """Apply :func:`rc_params` inside a ``with`` block (nothing global changes)."""
    with mpl.rc_context(rc_params()):
        yield
