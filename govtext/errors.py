"""The catalogue of govtext errors: stable codes, messages that say what to do.

Every error names the file, the stage and what was wrong; ``hint`` says what
the user can do about it. Batch commands turn them into rows of the
``failures`` frame instead of stopping. Warnings (:class:`GovtextWarning`)
are for files that are parsed but deserve a look (a possible non-report, the
same report twice); they carry the same fields and stable ``W-`` codes.

============== ========== ===================================================
code           stage      meaning
============== ========== ===================================================
E-READ         read       the file cannot be opened (missing, a directory, no permission)
E-TOO-LARGE    limits     the file is over the size limit
E-TIMEOUT      limits     parsing took longer than the time limit
E-CRASH        limits     the worker process parsing the file died
E-EMPTY        ingest     the file has no content
E-FORMAT       ingest     no reader for this content (image, spreadsheet, archive ...)
E-ENCODING     ingest     the bytes are not text in any known encoding
E-TRUNCATED    ingest     the file ends early (an interrupted download)
E-ENCRYPTED    ingest     the file is password-protected
E-UNSAFE       ingest     a zip bomb, entity expansion or other hostile construct
E-DEPENDENCY   ingest     an optional dependency (LibreOffice, pdfplumber) is missing
E-OCR          ingest     a PDF without a text layer
E-NOT-REPORT   classify   another kind of document (budget, work plan, notice, error page)
W-NOT-REPORT   classify   parsed, but it may not be an annual report
W-DUPLICATE    corpus     the same report is in the corpus more than once
============== ========== ===================================================

Examples
--------
>>> e = UnsupportedFormat("a.xyz", detail="unknown content")
>>> e.code, e.stage
('E-FORMAT', 'ingest')
>>> str(e)
'a.xyz: [E-FORMAT] cannot read this format: unknown content'
>>> import pickle; str(pickle.loads(pickle.dumps(e))) == str(e)
True
"""
from __future__ import annotations

from pathlib import Path


class _Coded:
    """The fields every error and warning carries: ``code``, ``stage``, ``path``, ``detail`` and a ``hint``."""

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

    def __reduce__(self):
        # rebuilt from its fields, so the message survives a trip between processes unchanged
        return _rebuild, (type(self), dict(self.__dict__))

    @property
    def message(self) -> str:
        text = f"[{self.code}] {self.summary}" + (f": {self.detail}" if self.detail else "")
        return f"{self.path}: {text}" if self.path else text

    def as_row(self) -> dict:
        """The ``failures`` row for this error (without file hash)."""
        return {"file": self.path, "stage": self.stage, "code": self.code, "error": type(self).__name__,
                "message": self.message, "hint": self.hint}


class GovtextError(_Coded, Exception):
    """Base class of govtext errors."""


def _rebuild(cls: type, state: dict) -> Exception:
    exc = cls.__new__(cls)
    exc.__dict__.update(state)
    exc.args = (exc.message,)
    return exc


class UnreadableFile(GovtextError):
    code, stage, summary = "E-READ", "read", "the file could not be read"
    hint = "Check that the file exists, is a regular file and is readable; it may have been removed during the run."


class FileTooLarge(GovtextError):
    code, stage, summary = "E-TOO-LARGE", "limits", "the file is over the size limit"
    hint = "Check the file (a report is rarely over a few MB); raise the limit with --max-bytes if it is genuine."


class ParseTimeout(GovtextError):
    code, stage, summary = "E-TIMEOUT", "limits", "parsing the file took longer than the time limit"
    hint = "Check the file, or raise the limit with --timeout."


class WorkerCrashed(GovtextError):
    code, stage, summary = "E-CRASH", "limits", "the process parsing the file died"
    hint = "Out of memory or a crash in a library; check the file, then run again (the build resumes)."


class TruncatedFile(GovtextError):
    code, stage, summary = "E-TRUNCATED", "ingest", "the file is truncated"
    hint = "The download was interrupted; download the report again."


class EncryptedFile(GovtextError):
    code, stage, summary = "E-ENCRYPTED", "ingest", "the file is encrypted (password-protected)"
    hint = "Remove the password (open it and save an unprotected copy) and add that copy instead."


class UnsafeInput(GovtextError):
    code, stage, summary = "E-UNSAFE", "ingest", "the file was refused as unsafe to read"
    hint = "Check where the file came from; a real report never needs this construct."


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
    code, stage, summary = "E-NOT-REPORT", "classify", "this is not an annual disclosure report"
    hint = "Remove it from the corpus folder, or pass --keep-non-reports to parse it anyway."



class GovtextWarning(_Coded, UserWarning):
    """Base class of govtext warnings: a file that was parsed but deserves a look.

    Examples
    --------
    >>> w = DuplicateReport("b.txt", detail="same content as a.txt")
    >>> w.code, str(w)
    ('W-DUPLICATE', 'b.txt: [W-DUPLICATE] the same report is in the corpus more than once: same content as a.txt')
    """

    code, summary = "W-GOVTEXT", "govtext warning"


class PossibleNonReport(GovtextWarning):
    code, stage, summary = "W-NOT-REPORT", "classify", "this may not be an annual disclosure report"
    hint = "Check the file; the parse result is kept, with few or none of the template's sections and tables."


class DuplicateReport(GovtextWarning):
    code, stage, summary = "W-DUPLICATE", "corpus", "the same report is in the corpus more than once"
    hint = "Keep one copy (the tables count it once per agency-year only if you drop the others)."


def _subclasses(cls: type) -> list[type]:
    return [cls] + [s for sub in cls.__subclasses__() for s in _subclasses(sub)]


#: every error and warning class by its code
CATALOGUE: dict[str, type] = {cls.code: cls for base in (GovtextError, GovtextWarning) for cls in _subclasses(base)}
