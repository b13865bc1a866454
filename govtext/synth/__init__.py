"""Synthetic annual reports with ground truth, in every format the readers support.

``generate_reports`` streams :class:`SynthReport` objects deterministically for
a seed; ``render`` turns one into bytes of a format; ``write_corpus`` writes
files, ``truth/<file>.json`` answer keys and a manifest. ``govtext eval``
(:func:`govtext.evaluate.evaluate`) scores the parser against the truth.

Examples
--------
>>> from govtext import synth
>>> r = next(synth.generate_reports(1, seed=5))
>>> r.template in ("2019", "2021"), synth.render(r, "md").ext
(True, 'md')
"""
from govtext.synth.builder import generate_reports
from govtext.synth.corpus import write_corpus
from govtext.synth.model import SynthConfig, SynthReport
from govtext.synth.renderers import FORMATS, render
from govtext.synth.truth import read_truth, truth_frames, truth_path

__all__ = ["FORMATS", "SynthConfig", "SynthReport", "generate_reports", "read_truth", "render", "truth_frames", "truth_path", "write_corpus"]
