"""One renderer per format; :func:`render` dispatches by format name.

``pdf`` is not here: it is converted from the DOCX in batches by
:mod:`govtext.synth.renderers.pdf` (LibreOffice starts once per batch).

Examples
--------
>>> sorted(RENDERERS)
['crawler', 'docx', 'html', 'md', 'txt']
"""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from govtext.synth.model import SynthReport
from govtext.synth.renderers.base import Rendered

#: format name -> module under govtext.synth.renderers with ``render(report) -> Rendered``
RENDERERS: dict[str, str] = {"txt": "wptext", "crawler": "crawler", "md": "markdown", "html": "html", "docx": "docx"}
#: every format ``govtext synth --formats`` accepts
FORMATS: tuple[str, ...] = ("txt", "crawler", "md", "html", "docx", "pdf")


def renderer(fmt: str) -> Callable[[SynthReport], Rendered]:
    """The render function of ``fmt``."""
    if fmt not in RENDERERS:
        raise ValueError(f"no renderer for format {fmt!r}; choose one of {sorted(RENDERERS)} (pdf is made from docx)")
    return import_module(f"govtext.synth.renderers.{RENDERERS[fmt]}").render


def render(report: SynthReport, fmt: str) -> Rendered:
    """Render ``report`` in format ``fmt``."""
    return renderer(fmt)(report)
