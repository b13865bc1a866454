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


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we could detect."""


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
        raise UndecodableText("no text encoding fits these bytes")
    names = [m.encoding.lower().replace("_", "") for m in matches]
    # the reports are Chinese: among the encodings that fit, the GB family wins
    if any(n in _GB_FAMILY or n.startswith("gb") for n in names):
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    best = matches[0]
    return str(best), best.encoding
