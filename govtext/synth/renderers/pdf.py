"""PDF from DOCX through LibreOffice (``soffice --headless --convert-to pdf``), in batches.

LibreOffice exits 0 even when a conversion fails, so every expected output is
checked. A private profile directory lets conversions run beside another
LibreOffice. PDF bytes are not reproducible (LibreOffice stamps dates and ids);
the text they carry is.

Examples
--------
>>> isinstance(soffice_path(), (str, type(None)))
True
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from govtext import errors

#: seconds allowed per document in a batch (LibreOffice start-up included once)
TIMEOUT_PER_DOC = 60


def soffice_path() -> str | None:
    """The LibreOffice executable, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_docx(docx_files: list[Path], out_dir: Path) -> dict[Path, Path | None]:
    """Convert DOCX files to PDF in ``out_dir``; map each input to its PDF, ``None`` when it failed.

    Raises :class:`govtext.errors.MissingDependency` when LibreOffice is absent.
    """
    exe = soffice_path()
    if exe is None:
        raise errors.MissingDependency(detail="LibreOffice (soffice) is not installed, so PDF cannot be rendered",
                                       hint="Install LibreOffice (apt-get install libreoffice-writer-nogui fonts-noto-cjk) or leave pdf out of --formats.")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govtext-lo-") as profile:
        cmd = [exe, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
               "--outdir", str(out_dir), *map(str, docx_files)]
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=TIMEOUT_PER_DOC * max(len(docx_files), 1), check=False)
        except subprocess.TimeoutExpired:
            pass
    result = {}
    for f in docx_files:
        pdf = out_dir / (f.stem + ".pdf")
        result[f] = pdf if pdf.exists() and pdf.stat().st_size > 0 else None
    return result
