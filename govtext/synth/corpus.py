"""Write a synthetic corpus: report files, ``truth/<file>.json`` and a ``MANIFEST.csv``.

Formats are assigned round-robin over the report index, so ``n`` reports in
``k`` formats give ``n/k`` reports per format. PDF reports are rendered as
DOCX first and converted by LibreOffice in batches at the end.

Examples
--------
>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> m = write_corpus(d, n=3, seed=1, formats=["txt", "md"])
>>> list(m["format"])
['txt', 'md', 'txt']
"""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Sequence

import pandas as pd

from govtext import errors
from govtext.io import atomic_path
from govtext.synth.builder import generate_reports
from govtext.synth.model import SynthConfig
from govtext.synth.renderers import FORMATS, render
from govtext.synth.renderers.pdf import convert_docx
from govtext.synth.truth import truth_record, write_truth

log = logging.getLogger(__name__)
PDF_BATCH = 40
MANIFEST_COLUMNS = ["file", "format", "variant", "encoding", "agency", "agency_id", "level", "kind", "year", "template",
                    "expected_template", "n_faults", "n_ambiguous", "themes", "status"]


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def _convert_batch(pending: list[tuple[Path, dict]], out: Path, rows: list[dict]) -> None:
    if not pending:
        return
    with tempfile.TemporaryDirectory(prefix="govtext-synth-pdf-") as tmp:
        docx_files = []
        for target, record in pending:
            src = Path(tmp) / (target.stem + ".docx")
            src.write_bytes(record.pop("_docx"))
            docx_files.append(src)
        try:
            done = convert_docx(docx_files, Path(tmp) / "pdf")
        except errors.MissingDependency as exc:
            log.warning("%s", exc.message)
            done = {f: None for f in docx_files}
        for (target, record), src in zip(pending, docx_files):
            pdf = done[src]
            row = next(r for r in rows if r["file"] == target.name)
            if pdf is None:
                row["status"] = "skipped: LibreOffice produced no PDF"
                continue
            _write_bytes(target, pdf.read_bytes())
            write_truth(record, target)


def write_corpus(out: str | Path, n: int, seed: int = 0, formats: Sequence[str] = ("txt", "md", "html"),
                 config: SynthConfig | None = None) -> pd.DataFrame:
    """Generate ``n`` reports into ``out``; return the manifest (also written as ``MANIFEST.csv``).

    Each report gets ``formats[index % len(formats)]``. A PDF that LibreOffice
    cannot produce (or LibreOffice missing) is left out with a warning and a
    manifest ``status`` saying so.
    """
    out = Path(out)
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown formats {unknown}; choose from {list(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    pending: list[tuple[Path, dict]] = []
    for report in generate_reports(n, seed, config):
        fmt = formats[report.index % len(formats)]
        rendered = render(report, "docx" if fmt == "pdf" else fmt)
        ext = "pdf" if fmt == "pdf" else rendered.ext
        target = out / f"{report.stem}.{ext}"
        if fmt == "pdf":
            rendered.format, rendered.ext = "pdf", "pdf"
        record = truth_record(report, rendered, target.name)
        rows.append({"file": target.name, "format": fmt, "variant": rendered.variant, "encoding": rendered.encoding,
                     "agency": report.agency_printed, "agency_id": report.agency.agency_id, "level": report.agency.level,
                     "kind": report.agency.kind, "year": report.year, "template": report.template,
                     "expected_template": report.expected_template, "n_faults": len(report.faults),
                     "n_ambiguous": len(rendered.ambiguous), "themes": ";".join(report.themes), "status": "ok"})
        if fmt == "pdf":
            record["_docx"] = rendered.data
            pending.append((target, record))
            if len(pending) >= PDF_BATCH:
                _convert_batch(pending, out, rows)
                pending = []
            continue
        _write_bytes(target, rendered.data)
        write_truth(record, target)
    _convert_batch(pending, out, rows)
    manifest = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
    with atomic_path(out / "MANIFEST.csv") as tmp:
        manifest.to_csv(tmp, index=False)
    return manifest
