"""Figures: plot functions, the shipped CJK font and style, and the paper's figure set.

Examples
--------
>>> from govtext.figures import plot_coverage, write_paper_figures
>>> callable(plot_coverage) and callable(write_paper_figures)
True
"""
from govtext.figures.paper import PAPER, write_paper_figures
from govtext.figures.plots import (plot_boilerplate, plot_check_rates, plot_correction_rates, plot_coverage,
                                   plot_outcome_shares, plot_topic_prevalence)
from govtext.figures.style import figure_style

__all__ = ["PAPER", "figure_style", "plot_boilerplate", "plot_check_rates", "plot_correction_rates", "plot_coverage",
           "plot_outcome_shares", "plot_topic_prevalence", "write_paper_figures"]
