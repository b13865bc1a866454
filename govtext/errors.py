"""The catalogue of govtext errors: stable codes, messages that say what to do.

Every error names the file, the stage and what was wrong; ``hint`` says what
the user can do about it. Batch commands turn them into rows of the
``failures`` frame instead of stopping.

Examples
--------
>>> e = UnsupportedFormat("a.xyz", detail="unknown content")
>>> e.code, e.stage
('E-FORMAT', 'ingest')
>>> str(e)
'a.xyz: [E-FORMAT] cannot read this format: unknown content'
"""
from __future__ import annotations

from pathlib import Path


class GovtextError(Exception):
    """Base class: ``code``, ``stage``, ``path``, ``detail`` and a ``hint``."""

    code = "E-GOVTEXT"
    stage = "parse"
    summary = "govtext error"
    hint = ""

    def __init__(self, path: str | Path | None = None, *, detail: str = "", hint: str | None = None, stage: str | None = None):
        self.path = str(path) if path is not None else None
        self.detail = detail
        if hint is not None:
            self.hint = hint
        if stage is not None:
            self.stage = stage
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"[{self.code}] {self.summary}" + (f": {self.detail}" if self.detail else "")
        return f"{self.path}: {text}" if self.path else text

    def as_row(self) -> dict:
        """The ``failures`` row for this error (without file hash)."""
        return {"file": self.path, "stage": self.stage, "code": self.code, "error": type(self).__name__,
                "message": self.message, "hint": self.hint}


class UnsupportedFormat(GovtextError):
    code, stage, summary = "E-FORMAT", "ingest", "cannot read this format"
    hint = "Save the report as HTML, DOCX, PDF, Markdown or text."


class EmptyFile(GovtextError):
    code, stage, summary = "E-EMPTY", "ingest", "the file is empty"
    hint = "Download the report again; the saved file has no content."


class UndecodableFile(GovtextError):
    code, stage, summary = "E-ENCODING", "ingest", "the bytes are not text in any known encoding"
    hint = "Check that the file is a text report and not a binary or a truncated download."


class MissingDependency(GovtextError):
    code, stage, summary = "E-DEPENDENCY", "ingest", "an optional dependency is not installed"


class NeedsOCR(GovtextError):
    code, stage, summary = "E-OCR", "ingest", "the PDF has no text layer (a scan)"
    hint = "Run OCR first (e.g. ocrmypdf) or plug an OCR engine into govtext.ingest.pdf.OCR_HOOK."


class NotAReport(GovtextError):
    code, stage, summary = "E-NOT-REPORT", "classify", "this does not look like an annual disclosure report"
    hint = "Remove it from the corpus folder, or pass --keep-non-reports to parse it anyway."


class StructureError(GovtextError):
    code, stage, summary = "E-STRUCTURE", "structure", "the report structure could not be read"
