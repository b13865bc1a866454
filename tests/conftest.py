"""Shared fixtures: paths to ../shared (tests using it skip cleanly when it is absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_b1e4d1b1a7fab809.txt"
CORPUS_REAL = SHARED / "corpus_real"


def need(path: Path) -> Path:
    """Skip the calling test when ``path`` does not exist."""
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is absent)")
    return path


@pytest.fixture
def seed_path() -> Path:
    return need(SEED)


@pytest.fixture
def corpus_real() -> Path:
    return need(CORPUS_REAL)
