"""Legacy Word and friends (``.doc``, ``.wps``, ``.rtf``, ``.odt``): converted to DOCX by LibreOffice, then read.

``soffice --headless --convert-to docx`` runs with a private profile (so it
works beside a running LibreOffice) and a time limit. LibreOffice exits 0 even
when it could not convert, so the output file is checked. Conversions are
cached by the input's sha256 in :func:`cache_dir` (``$GOVTEXT_CACHE`` or
``~/.cache/govtext``), so a corpus is converted once. Without LibreOffice the
file fails with a message saying how to install it.

Examples
--------
>>> isinstance(soffice_path(), (str, type(None)))
True
>>> cache_dir().name
'office'
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from govtext import errors
from govtext.ingest.blocks import Document
from govtext.ingest.docx import read_docx

#: seconds one conversion may take (LibreOffice start-up included)
TIMEOUT = 120
INSTALL_HINT = ("Install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; macOS: brew install "
                "--cask libreoffice; Windows: libreoffice.org) so that soffice is on PATH, or save the file as .docx.")


def soffice_path() -> str | None:
    """The LibreOffice executable, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def cache_dir() -> Path:
    """Where converted files are kept: ``$GOVTEXT_CACHE/office`` or ``~/.cache/govtext/office``."""
    base = os.environ.get("GOVTEXT_CACHE") or Path.home() / ".cache" / "govtext"
    return Path(base) / "office"


def convert_to_docx(data: bytes, path: str | Path, *, suffix: str) -> bytes:
    """DOCX bytes of a legacy document, converted by LibreOffice (cached by content hash).

    Raises :class:`govtext.errors.MissingDependency` when LibreOffice is absent and
    :class:`govtext.errors.UnsupportedFormat` when the conversion produced nothing.
    """
    digest = hashlib.sha256(data).hexdigest()
    cached = cache_dir() / f"{digest}.docx"
    if cached.exists() and cached.stat().st_size > 0:
        return cached.read_bytes()
    exe = soffice_path()
    if exe is None:
        raise errors.MissingDependency(path, detail=f"LibreOffice (soffice) is needed to read {suffix} files",
                                       hint=INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="govtext-office-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        cmd = [exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()[-300:]
        except subprocess.TimeoutExpired:
            detail = f"LibreOffice did not finish within {TIMEOUT} s"
        result = out / "input.docx"
        if not result.exists() or result.stat().st_size == 0:
            raise errors.UnsupportedFormat(path, detail=f"LibreOffice could not convert this {suffix} file"
                                           + (f": {detail}" if detail else ""),
                                           hint="Open it in LibreOffice or Word and save it as .docx.")
        converted = result.read_bytes()
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp_cached = cached.with_suffix(".part")
    tmp_cached.write_bytes(converted)
    tmp_cached.replace(cached)  # atomic: a parallel batch never reads half a file
    return converted


#: sniffed kind -> suffix LibreOffice needs to pick its import filter
SUFFIXES = {"ole": ".doc", "rtf": ".rtf", "odt": ".odt"}
#: extensions of files LibreOffice converts here
LEGACY_SUFFIXES = (".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt")


def read_office(data: bytes, path: str | Path, *, kind: str = "ole") -> Document:
    """Read a legacy document by converting it to DOCX; the format names what the file was called.

    The content decides the import filter: an OLE file is offered as ``.doc``
    first (WPS Office saves Word-compatible files as ``.wps``), then under its
    own extension (Microsoft Works ``.wps``).
    """
    path = Path(path)
    own = path.suffix.lower()
    tries = list(dict.fromkeys([SUFFIXES[kind], *([own] if own in LEGACY_SUFFIXES else [])]))
    for i, suffix in enumerate(tries):
        try:
            converted = convert_to_docx(data, path, suffix=suffix)
            break
        except errors.UnsupportedFormat:
            if i == len(tries) - 1:
                raise
    doc = read_docx(converted, path)
    name = own if own in LEGACY_SUFFIXES else SUFFIXES[kind]
    return Document(blocks=doc.blocks, format=name.lstrip("."), encoding=doc.encoding,
                    notes=(*doc.notes, ("P-CONVERTED", f"read through a LibreOffice conversion of the {name} file")),
                    header=doc.header)


def read_ole(data: bytes, path: str | Path) -> Document:
    """Reader for OLE compound files (``.doc``, ``.wps``)."""
    return read_office(data, path, kind="ole")


def read_rtf(data: bytes, path: str | Path) -> Document:
    """Reader for RTF."""
    return read_office(data, path, kind="rtf")


def read_odt(data: bytes, path: str | Path) -> Document:
    """Reader for OpenDocument text."""
    return read_office(data, path, kind="odt")
