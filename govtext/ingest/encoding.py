"""Turn bytes into text: BOMs, UTF-8, GB18030/GBK and UTF-16, detected from content.

Examples
--------
>>> decode_bytes("年度报告".encode("gb18030"))[1]
'gb18030'
>>> decode_bytes("\\ufeff年度报告".encode("utf-8"))
('年度报告', 'utf-8-sig')
"""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

#: encodings that GB18030 is a superset of; decoding with GB18030 is never worse
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "big5"}


#: most replaced characters (share of the text) for damaged text to be read rather than refused
MAX_REPLACED = 0.005


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we could detect."""


def _decode_damaged(data: bytes) -> tuple[str, str]:
    """Text with a few bytes that fit no encoding (a damaged download): decoded with those
    bytes replaced by U+FFFD, which the encoding name records; else :class:`UndecodableText`.

    Examples
    --------
    >>> text, enc = _decode_damaged("年度报告".encode("gb18030") * 100 + b"\\xff")
    >>> enc, text.count("\\ufffd")
    ('gb18030 (1 undecodable bytes replaced)', 1)
    """
    best = min(((data.decode(name, errors="replace"), name) for name in ("utf-8", "gb18030")),
               key=lambda t: t[0].count("\ufffd"))
    replaced = best[0].count("\ufffd")
    if replaced > MAX_REPLACED * len(best[0]):
        raise UndecodableText(f"no text encoding fits these bytes ({replaced} of {len(best[0])} characters undecodable "
                              f"in {best[1]}, the closest)")
    return best[0], f"{best[1]} ({replaced} undecodable bytes replaced)"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    BOMs decide first; then strict UTF-8; then charset-normalizer's best guess,
    with the GB family folded into GB18030.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    if data[:4000].count(b"\x00") > len(data[:4000]) // 8:
        # BOM-less UTF-16: NULs sit at odd offsets (LE) or even offsets (BE) for ASCII
        name = "utf-16-le" if data[1:4000:2].count(0) >= data[0:4000:2].count(0) else "utf-16-be"
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        return _decode_damaged(data)
    names = [m.encoding.lower().replace("_", "") for m in matches]
    # the reports are Chinese: among the encodings that fit, the GB family wins
    if any(n in _GB_FAMILY or n.startswith("gb") for n in names):
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    best = matches[0]
    return str(best), best.encoding
