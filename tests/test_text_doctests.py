"""The Examples sections of the narrative modules' docstrings run and hold."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["govtext.text.segment", "govtext.text.tokenize", "govtext.text.tokens", "govtext.analysis.vectorize",
           "govtext.analysis.keywords", "govtext.analysis.topics", "govtext.analysis.reuse", "govtext.checks.narrative"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
