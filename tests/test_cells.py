"""Cell conventions: numbers, blanks, dashes, text, units, full-width digits."""
from __future__ import annotations

import math

import pytest

from govtext.structure.cells import parse_cell


@pytest.mark.parametrize("raw,value,status,unit", [
    ("12", 12, "ok", None),
    (" ３０ ", 30, "ok", None),
    ("1,234", 1234, "ok", None),
    ("31426.75", 31426.75, "ok", None),
    ("-18", -18, "ok", None),
    ("12*", 12, "ok", None),
    ("251000元", 251000, "ok", "元"),
    ("22（其中修订16件）", 22, "ok", None),
    ("", None, "blank", None),
    ("\u3000", None, "blank", None),
    ("/", None, "dash", None),
    ("—", None, "dash", None),
    ("-", None, "dash", None),
    ("无", None, "dash", None),
    ("见附件", None, "text", None),
    ("[image: 图片1]", None, "blank", None),
])
def test_cell_conventions(raw, value, status, unit):
    got = parse_cell(raw)
    assert got.status == status
    assert got.unit == unit
    if value is None:
        assert math.isnan(got.value)
    else:
        assert got.value == value


def test_units_convert_to_the_column_unit():
    assert parse_cell("3.2万元", target_unit="元").value == 32000
    assert parse_cell("251000元", target_unit="万元").value == 25.1
    assert parse_cell("96171.6", target_unit="万元").value == 96171.6
