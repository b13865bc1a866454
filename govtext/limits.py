"""Limits that keep one hostile or broken file from harming a batch.

* size: :func:`read_limited` refuses a file over the size limit before
  reading it (``E-TOO-LARGE``) and turns OS errors into ``E-READ``;
* zip packages (DOCX): :func:`open_zip` refuses a package that unpacks to more
  than :data:`MAX_UNPACKED` bytes or compresses more than :data:`MAX_RATIO`
  to one (a zip bomb, ``E-UNSAFE``), encrypted members (``E-ENCRYPTED``) and a
  package without its central directory (a truncated download,
  ``E-TRUNCATED``);
* XML: :func:`check_xml` refuses entity declarations (billion laughs, external
  entities; ``E-UNSAFE``);
* PDF: :func:`pdf_problem` names an encrypted or truncated PDF that a PDF
  library could not open;
* time: :func:`time_limit` bounds the parse of one file in the calling
  process (``govtext parse --timeout``, ``E-TIMEOUT``); ``govtext build``
  runs files in worker processes with the same limit and survives a worker
  that dies (``E-CRASH``).

Examples
--------
>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
...     z.writestr("word/document.xml", b" " * 5_000_000)
>>> open_zip(buf.getvalue(), "bomb.docx", max_unpacked=1_000_000)
Traceback (most recent call last):
...
govtext.errors.UnsafeInput: bomb.docx: [E-UNSAFE] the file was refused as unsafe to read: the zip package unpacks to 5000000 bytes (limit 1000000): a possible zip bomb
"""
from __future__ import annotations

import io
import re
import signal
import threading
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from govtext import errors

#: default size limit per file (bytes); reports are rarely over a few MB
MAX_BYTES = 100 * 2**20
#: the most a zip package may unpack to (bytes)
MAX_UNPACKED = 200 * 2**20
#: the highest compression ratio of a zip member over 1 MB (text XML compresses about 10:1)
MAX_RATIO = 200
#: an XML document type with entity declarations
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
#: the name of the stream an encrypted Office document keeps its package in (UTF-16LE, in an OLE container)
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read_limited(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``; ``E-TOO-LARGE`` over ``max_bytes``, ``E-READ`` when it cannot be read.

    Examples
    --------
    >>> read_limited("no/such/file.txt")
    Traceback (most recent call last):
    ...
    govtext.errors.UnreadableFile: no/such/file.txt: [E-READ] the file could not be read: FileNotFoundError: No such file or directory
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise errors.FileTooLarge(path, detail=f"{size} bytes, the limit is {max_bytes}")
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from exc


def unreadable(path: str | Path, exc: OSError) -> errors.UnreadableFile:
    """The ``E-READ`` error for an OS error met while reading ``path``.

    Examples
    --------
    >>> str(unreadable("a.txt", PermissionError(13, "Permission denied")))
    'a.txt: [E-READ] the file could not be read: PermissionError: Permission denied'
    """
    return errors.UnreadableFile(path, detail=f"{type(exc).__name__}: {exc.strerror or exc}")


@contextmanager
def time_limit(seconds: float | None, path: str | Path) -> Iterator[None]:
    """Raise :class:`~govtext.errors.ParseTimeout` in the block after ``seconds`` (None: no limit).

    Uses a real-time timer signal, so it works in the main thread of a POSIX
    process (elsewhere the block runs unbounded: build's worker pool has its own limit).

    Examples
    --------
    >>> import time
    >>> with time_limit(0.05, "slow.txt"):
    ...     time.sleep(1)
    Traceback (most recent call last):
    ...
    govtext.errors.ParseTimeout: slow.txt: [E-TIMEOUT] parsing the file took longer than the time limit: no result after 0.05 s
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise errors.ParseTimeout(path, detail=f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def open_zip(data: bytes, path: str | Path, *, max_unpacked: int | None = None, max_ratio: float | None = None) -> zipfile.ZipFile:
    """Open a zip package after checking it is whole, unencrypted and no bomb (limits default to the module's)."""
    max_unpacked, max_ratio = max_unpacked or MAX_UNPACKED, max_ratio or MAX_RATIO
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        if b"PK\x05\x06" not in data[-(2**16 + 22):]:
            raise errors.TruncatedFile(path, detail=f"the zip package ends after {len(data)} bytes without its central directory") from exc
        raise errors.UnsupportedFormat(path, detail=f"a damaged zip package ({exc})",
                                       hint="Open the file in Word or LibreOffice and save it again.") from exc
    members = package.infolist()
    if any(m.flag_bits & 0x1 for m in members):
        raise errors.EncryptedFile(path, detail="the zip package has encrypted members")
    total = sum(m.file_size for m in members)
    if total > max_unpacked:
        raise errors.UnsafeInput(path, detail=f"the zip package unpacks to {total} bytes (limit {max_unpacked}): a possible zip bomb")
    for m in members:
        if m.file_size > 2**20 and m.file_size > max_ratio * max(m.compress_size, 1):
            raise errors.UnsafeInput(path, detail=f"{m.filename} compresses {m.file_size // max(m.compress_size, 1)}:1 "
                                     f"(limit {max_ratio:g}:1): a possible zip bomb")
    return package


def member_head(package: zipfile.ZipFile, name: str, path: str | Path, size: int = 2**16) -> bytes:
    """The first ``size`` bytes of one member of a checked package (only they are unpacked);
    a damaged member is ``E-FORMAT``."""
    try:
        with package.open(name) as member:
            return member.read(size)
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise errors.UnsupportedFormat(path, detail=f"{name} in the zip package is damaged ({exc})",
                                       hint="Download the file again, or open and save it again in Word or LibreOffice.") from exc


def check_xml(data: bytes, path: str | Path, part: str = "") -> None:
    """Refuse XML that declares entities (entity expansion and external entities) in ``data``,
    the head of the document (the document type comes first).

    Examples
    --------
    >>> check_xml(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "a.docx", "word/document.xml")
    Traceback (most recent call last):
    ...
    govtext.errors.UnsafeInput: a.docx: [E-UNSAFE] the file was refused as unsafe to read: word/document.xml declares XML entities (entity expansion or external entities)
    """
    if _ENTITY_DECL.search(data):
        raise errors.UnsafeInput(path, detail=f"{part or 'the XML'} declares XML entities (entity expansion or external entities)")


def is_encrypted_office(data: bytes) -> bool:
    """An OLE container holding an encrypted Office package (a password-protected .docx).

    Examples
    --------
    >>> is_encrypted_office(b"\\xd0\\xcf\\x11\\xe0" + b"\\0" * 100 + ENCRYPTED_PACKAGE)
    True
    """
    return data.startswith(b"\xd0\xcf\x11\xe0") and ENCRYPTED_PACKAGE in data


def pdf_problem(data: bytes, path: str | Path, exc: Exception) -> errors.GovtextError:
    """The error for a PDF the PDF library could not open: encrypted, truncated or damaged."""
    said = f"{type(exc).__name__}: {exc}"
    if "password" in said.lower() or b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]:
        return errors.EncryptedFile(path, detail=f"the PDF asks for a password ({said})")
    if b"%%EOF" not in data[-2048:]:
        return errors.TruncatedFile(path, detail=f"the PDF has no end-of-file marker and cannot be opened ({said})")
    return errors.UnsupportedFormat(path, detail=f"the PDF cannot be opened ({said})", hint="Download the file again.")
