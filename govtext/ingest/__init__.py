"""Ingest: one reader per format, each turning a file into :class:`Document` blocks.

The format is sniffed from the content, never from the extension alone.

Examples
--------
>>> sniff(b"%PDF-1.7 ...")
'pdf'
>>> sniff("| a | b |\\n|---|---|\\n| 1 | 2 |".encode())
'md'
"""
from __future__ import annotations

import io
import re
import zipfile
from itertools import islice
from pathlib import Path
from typing import Callable

from govtext import errors
from govtext import patterns as P
from govtext.limits import is_encrypted_office, open_zip, read_limited
from govtext.ingest.blocks import Block, Document, GridCell
from govtext.ingest.crawler import looks_like_crawler, read_crawler
from govtext.ingest.docx import read_docx
from govtext.ingest.encoding import UndecodableText, decode_bytes
from govtext.ingest.html import read_html, read_mhtml
from govtext.ingest.markdown import looks_like_markdown, markdown_table_notes, read_markdown
from govtext.ingest.office import read_odt, read_ole, read_rtf
from govtext.ingest.pdf import read_pdf
from govtext.ingest.text import read_text

__all__ = ["Block", "Document", "GridCell", "read_document", "sniff", "READERS"]

_HTML = re.compile(rb"<(?:html|body|table|div|p|span|font|tr|td|br)\b", re.I)
_WP_TABLE = re.compile(r"^\t", re.M)

Reader = Callable[[bytes, Path], Document]


def _zip_kind(data: bytes) -> str:
    """docx, odt or zip, from the members of a zip package (a bare check of the names, nothing unpacked)."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and b"opendocument.text" in data[:200]:
        return "odt"
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        return "office-other"
    return "zip"


#: magic numbers of files that are certainly not reports (images, archives, executables)
FOREIGN_MAGIC = {b"\x89PNG": "image", b"\xff\xd8\xff": "image", b"GIF8": "image", b"BM": "image",
                 b"II*\x00": "image", b"MM\x00*": "image", b"Rar!": "archive", b"7z\xbc\xaf": "archive",
                 b"\x1f\x8b": "archive", b"\x7fELF": "binary", b"MZ": "binary"}
#: what to tell the user about content no reader handles
FOREIGN_DETAIL = {
    "image": "the file is an image; a scanned report needs OCR into a text format first",
    "archive": "the file is an archive; unpack it into the corpus folder",
    "zip": "the file is a zip archive, not a Word document; unpack it into the corpus folder",
    "office-other": "the file is a spreadsheet or presentation, not a report",
    "binary": "the content is binary data, not a document",
}


#: bytes at the start of a file that the sniffer looks at for markup and decodes to look at its text
SNIFF_BYTES = 200_000


def sniff(data: bytes, path: Path | None = None) -> str:
    """Name the format of ``data`` from its content: pdf, docx, ole, rtf, html, md, wp-text or txt."""
    return _sniff(data)[0]


def _sniff(data: bytes) -> tuple[str, tuple[str, str] | None]:
    """:func:`sniff`, with the ``(text, encoding)`` it decoded from the first :data:`SNIFF_BYTES` (else ``None``)."""
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "pdf", None
    if kind := next((k for magic, k in FOREIGN_MAGIC.items() if head.startswith(magic)), None):
        return kind, None
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data), None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole", None
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf", None
    if head.lstrip()[:40].lower().startswith(b"mime-version") or b"multipart/related" in head[:600].lower():
        return "mhtml", None
    if len(list(islice(_HTML.finditer(data, 0, SNIFF_BYTES), 3))) == 3:  # stops at the third tag
        return "html", None
    try:
        decoded = decode_bytes(data[:SNIFF_BYTES])
    except UndecodableText:
        return "binary", None
    text = decoded[0]
    if looks_like_crawler(text):
        return "crawler", decoded
    if looks_like_markdown(text):
        return "md", decoded
    return ("wp-text" if _WP_TABLE.search(text) else "txt"), decoded


def _decode(data: bytes, path: Path, decoded: tuple[str, str] | None = None) -> tuple[str, str]:
    """``decoded`` when given (the text and encoding of ``data``, decoded already), else ``data`` decoded."""
    if decoded is not None:
        return decoded
    try:
        return decode_bytes(data)
    except UndecodableText as exc:
        raise errors.UndecodableFile(path, detail=str(exc)) from exc


def read_plain(data: bytes, path: Path, decoded: tuple[str, str] | None = None) -> Document:
    """Read plain text or a word-processor export (``decoded``: see :func:`_decode`)."""
    text, enc = _decode(data, path, decoded)
    return Document(blocks=tuple(read_text(text)), format="wp-text" if _WP_TABLE.search(text) else "txt", encoding=enc)


def read_md(data: bytes, path: Path, decoded: tuple[str, str] | None = None) -> Document:
    """Read Markdown (including OCR/LLM conversions saved as .txt); flag untrustworthy tables."""
    text, enc = _decode(data, path, decoded)
    blocks = tuple(read_markdown(text))
    return Document(blocks=blocks, format="md", encoding=enc, notes=tuple(markdown_table_notes(blocks)))


def read_crawler_dump(data: bytes, path: Path, decoded: tuple[str, str] | None = None) -> Document:
    """Read a crawler text dump (header, ``==== 正文 ====``, one-line body)."""
    text, enc = _decode(data, path, decoded)
    return read_crawler(text, enc)


#: the readers of text formats, which may be given the text the sniffer decoded
TEXT_READERS = {"txt": read_plain, "wp-text": read_plain, "md": read_md, "crawler": read_crawler_dump}


#: format name -> reader; other modules register theirs here
READERS: dict[str, Reader] = {**TEXT_READERS, "html": read_html, "pdf": read_pdf,
                              "docx": read_docx, "ole": read_ole, "rtf": read_rtf, "odt": read_odt, "mhtml": read_mhtml}


def read_document(path: str | Path, data: bytes | None = None) -> Document:
    """Read ``path`` (or ``data`` as if it came from ``path``) into a :class:`Document`.

    Raises a :class:`govtext.errors.GovtextError` subclass naming the file when
    the content is empty, undecodable, of a format no reader handles, truncated,
    encrypted or unsafe (see :mod:`govtext.limits`).
    """
    path = Path(path)
    if data is None:
        data = read_limited(path)
    if not data.strip():
        raise errors.EmptyFile(path, detail=f"{len(data)} bytes, all blank" if data else "")
    kind, decoded = _sniff(data)
    if kind == "ole" and is_encrypted_office(data):
        raise errors.EncryptedFile(path, detail="a password-protected Office document")
    if kind == "zip":
        open_zip(data, path)  # a truncated, encrypted or bomb package says so; a whole one is just not Word
    reader = READERS.get(kind)
    if reader is None:
        raise errors.UnsupportedFormat(path, detail=FOREIGN_DETAIL.get(kind, f"content looks like {kind!r}, and no reader for it is available"))
    try:
        if reader is TEXT_READERS.get(kind) and decoded is not None and len(data) <= SNIFF_BYTES:
            doc = reader(data, path, decoded)  # the sniffer decoded the whole file
        else:
            doc = reader(data, path)
    except RecursionError as exc:
        raise errors.UnsafeInput(path, detail="the markup is nested too deeply to read") from exc
    if not any(P.HAS_TEXT.search(b.text) for b in doc.blocks):
        raise errors.EmptyFile(path, detail=f"{len(data)} bytes of {kind}, but no text in them")
    return doc
