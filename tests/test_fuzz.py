"""Fuzzing: mutated reports never raise out of the per-file function, and parse the same way twice.

Hypothesis mutates a synthetic report in each format (and the seed report when
../shared is present): truncation, deleted and duplicated lines, swapped
numbers, garbage bytes, other encodings; and, for the structure stage, the
document blocks themselves (dropped, repeated, reordered, cells swapped). Every
outcome must be a parsed report or a failure row with a catalogue code;
``E-INTERNAL`` (a govtext bug) fails the test. Runs are derandomized so CI is
stable.
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS_REAL, SEED
from govtext import errors, synth
from govtext.corpus import parse_file
from govtext.ingest import read_document
from govtext.ingest.blocks import Block
from govtext.report import parse_document

FUZZ = settings(derandomize=True, max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REPORT = next(synth.generate_reports(1, seed=21))
BASES = {f: synth.render(REPORT, f).data for f in ("txt", "crawler", "md", "html", "docx")}
if SEED.exists():
    BASES["seed"] = SEED.read_bytes()
#: a real PDF to damage, when ../shared is beside the project
REAL_PDF = CORPUS_REAL / "2023_洪泽区人民政府.pdf"
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5"]


def outcome(data: bytes, name: str) -> tuple:
    """Parse ``data`` as a file called ``name``: a comparable summary of the report or the failure code."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        report, failure = parse_file(path)
    if failure is not None:
        assert failure["code"] in errors.CATALOGUE, failure["message"]
        return ("failed", failure["code"])
    cells = report.cells
    return ("parsed", report.meta.get("year"), report.meta.get("agency"), tuple(report.sections["found"]),
            tuple(zip(cells["table"], cells["row"], cells["col"], cells["value"].astype(str), cells["status"])),
            tuple(report.checks["result"]))


@st.composite
def text_mutation(draw, text: str) -> str:
    lines = text.split("\n")
    op = draw(st.sampled_from(["truncate", "delete", "duplicate", "swap-numbers", "garbage", "shuffle-block"]))
    if op == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    i = draw(st.integers(0, max(len(lines) - 1, 0)))
    j = draw(st.integers(i, min(i + 8, len(lines))))
    if op == "delete":
        return "\n".join(lines[:i] + lines[j:])
    if op == "duplicate":
        return "\n".join(lines[:j] + lines[i:j] + lines[j:])
    if op == "shuffle-block":
        block = lines[i:j]
        draw(st.randoms()).shuffle(block)
        return "\n".join(lines[:i] + block + lines[j:])
    if op == "swap-numbers":
        numbers = list(re.finditer(r"\d+", text))
        if len(numbers) < 2:
            return text
        a, b = sorted(draw(st.lists(st.sampled_from(numbers), min_size=2, max_size=2, unique_by=lambda m: m.start())),
                      key=lambda m: m.start())
        if a.end() > b.start():
            return text
        return text[:a.start()] + b.group() + text[a.end():b.start()] + a.group() + text[b.end():]
    garbage = draw(st.text(min_size=1, max_size=40))
    at = draw(st.integers(0, len(text)))
    return text[:at] + garbage + text[at:]


TEXT_FORMATS = [f for f in ("txt", "crawler", "md", "html", "seed") if f in BASES]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@FUZZ
@given(data=st.data())
def test_mutated_text_reports(fmt, data):
    text = BASES[fmt].decode("utf-8-sig")
    mutated = data.draw(text_mutation(text))
    encoding = data.draw(st.sampled_from(ENCODINGS))
    raw = mutated.encode(encoding, errors="replace")
    name = f"r.{'html' if fmt == 'html' else 'txt'}"
    assert outcome(raw, name) == outcome(raw, name)


@pytest.mark.parametrize("fmt", sorted(BASES))
@FUZZ
@given(data=st.data())
def test_garbage_bytes(fmt, data):
    raw = bytearray(BASES[fmt])
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    name = "r.docx" if fmt == "docx" else "r.txt"
    assert outcome(bytes(raw[:cut]), name) == outcome(bytes(raw[:cut]), name)


@st.composite
def block_mutation(draw, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    out = list(blocks)
    for _ in range(draw(st.integers(1, 4))):
        if not out:
            break
        i = draw(st.integers(0, len(out) - 1))
        op = draw(st.sampled_from(["drop", "repeat", "move", "swap-cells", "empty-cells"]))
        b = out[i]
        if op == "drop":
            del out[i]
        elif op == "repeat":
            out.insert(i, b)
        elif op == "move":
            out.insert(draw(st.integers(0, len(out) - 1)), out.pop(i))
        elif b.kind == "table" and b.rows:
            rows = [list(r) for r in b.rows]
            r = draw(st.integers(0, len(rows) - 1))
            if op == "swap-cells" and len(rows[r]) > 1:
                c1, c2 = draw(st.integers(0, len(rows[r]) - 1)), draw(st.integers(0, len(rows[r]) - 1))
                rows[r][c1], rows[r][c2] = rows[r][c2], rows[r][c1]
            else:
                rows[r] = [replace(c, text="") for c in rows[r]]
            out[i] = Block.table(rows)
    return tuple(out)


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
@FUZZ
@given(data=st.data())
def test_mutated_blocks_in_the_structure_stage(fmt, data):
    doc = read_document(f"r.{fmt}", BASES[fmt])
    mutated = replace(doc, blocks=data.draw(block_mutation(doc.blocks)))
    first = parse_document(mutated, file="r", sha256="0" * 64)
    second = parse_document(mutated, file="r", sha256="0" * 64)
    assert first.cells.equals(second.cells) and first.checks.equals(second.checks)
    ok = first.cells["status"] == "ok"
    assert first.cells.loc[ok, "value"].notna().all()  # an ok cell has its number
    assert first.cells.loc[~ok, "reason"].notna().all()  # every other cell says why it has none


@pytest.mark.skipif(not REAL_PDF.exists(), reason="../shared/corpus_real is not beside the project")
@settings(FUZZ, max_examples=6)
@given(data=st.data())
def test_damaged_pdf(data):
    raw = bytearray(REAL_PDF.read_bytes())
    for _ in range(data.draw(st.integers(1, 30))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    assert outcome(bytes(raw[:cut]), "r.pdf") == outcome(bytes(raw[:cut]), "r.pdf")
