"""The Examples sections of the core modules' docstrings run and hold."""
from __future__ import annotations

import doctest
import importlib

import pytest

CORE_MODULES = [
    "govtext.normalize", "govtext.ingest", "govtext.ingest.blocks", "govtext.ingest.encoding", "govtext.ingest.text",
    "govtext.ingest.markdown", "govtext.structure.template", "govtext.structure.cells", "govtext.structure.tables",
    "govtext.structure.sections", "govtext.structure.metadata", "govtext.checks.rules", "govtext.report",
    "govtext.corpus", "govtext.schema", "govtext.io", "govtext.cli", "govtext.errors", "govtext.classify",
    "govtext.dedupe", "govtext.limits",
]


@pytest.mark.parametrize("name", CORE_MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
