"""govtext: China's government-information-disclosure annual reports as tidy data.

Examples
--------
>>> import govtext
>>> sorted(govtext.__all__)[:3]
['Corpus', 'Report', '__version__']
"""
import logging

from govtext._version import __version__
from govtext.compliance import indicators
from govtext.corpus import Corpus, read_reports
from govtext.dataset import read_dataset
from govtext.evaluate import evaluate
from govtext.job import build_dataset, ensure_corpus, main_job, open_dataset
from govtext.report import Report, read_report
from govtext.text import Tokenizer, tokens_frame

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__", "Corpus", "Report", "read_report", "read_reports", "evaluate",
           "indicators", "read_dataset", "build_dataset", "open_dataset", "ensure_corpus", "main_job",
           "Tokenizer", "tokens_frame"]
