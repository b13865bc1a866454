"""Writing outputs safely: every file is written to a temporary name, then renamed.

Examples
--------
>>> import tempfile, pandas as pd, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_parquet(pd.DataFrame({"a": [1]}), d / "t.parquet").name
't.parquet'
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` when the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_parquet(df: pd.DataFrame, target: str | Path) -> Path:
    """Write ``df`` to ``target`` atomically as Parquet."""
    with atomic_path(target) as tmp:
        df.to_parquet(tmp, index=False)
    return Path(target)


def write_text(text: str, target: str | Path) -> Path:
    """Write UTF-8 ``text`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)
