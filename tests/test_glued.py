"""Recovering run-together table cells (govtext.structure.glued) from small hand-written runs."""
from __future__ import annotations

import doctest
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from govtext.ingest.blocks import Block
from govtext.structure import glued as G
from govtext.structure.glued import COUNT, CellRule, Run, recover, splits
from govtext.structure.tables import extract_cells

APPLICANT = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")


def _row_identity(row: str) -> tuple:
    return (((row, "total"),), tuple((row, c) for c in APPLICANT[:-1]))


def _values(out: dict, row: str, cols=APPLICANT) -> list:
    return [out[(row, c)].value for c in cols]


def test_module_examples_hold():
    assert doctest.testmod(G).failed == 0


def test_unique_split_by_the_row_total():
    out = recover({"r": Run(("640020470",), APPLICANT, (COUNT,) * 7)}, [_row_identity("r")])
    assert _values(out, "r") == [64, 0, 0, 2, 0, 4, 70]
    assert {out[("r", c)].status for c in APPLICANT} == {"ok"}


def test_space_separated_runs_keep_their_borders():
    out = recover({"r": Run(("500000", "5"), APPLICANT, (COUNT,) * 7)}, [_row_identity("r")])
    assert _values(out, "r") == [5, 0, 0, 0, 0, 0, 5]
    out = recover({"r": Run(("23", "0", "00", "0", "023"), APPLICANT, (COUNT,) * 7)}, [_row_identity("r")])
    assert _values(out, "r") == [23, 0, 0, 0, 0, 0, 23]


def test_two_splits_satisfy_the_row_so_the_cells_are_ambiguous():
    # 22,0,0,0,0,3,25 and 2,20,0,0,0,3,25 both add up
    out = recover({"r": Run(("220000325",), APPLICANT, (COUNT,) * 7)}, [_row_identity("r")])
    assert out[("r", "natural_person")].status == "ambiguous" and math.isnan(out[("r", "natural_person")].value)
    assert "22|0|0|0|0|3|25" in out[("r", "natural_person")].reason
    assert "2|20|0|0|0|3|25" in out[("r", "natural_person")].reason
    # cells every candidate agrees on are known
    assert (out[("r", "other_org")].value, out[("r", "total")].value) == (3, 25)


def test_a_column_sum_across_rows_decides():
    # commercial column: new + carried (0) = handled (the ambiguous row) + carried forward (0)
    runs = {"handled": Run(("220000325",), APPLICANT, (COUNT,) * 7), "new": Run(("220000325",), APPLICANT, (COUNT,) * 7)}
    known = {("carried", c): 0.0 for c in APPLICANT} | {("forward", c): 0.0 for c in APPLICANT}
    known[("new_fixed", "commercial")] = 0.0
    ids = [_row_identity("handled"), _row_identity("new"), (((("new_fixed", "commercial")),), (("handled", "commercial"),))]
    out = recover(runs, ids, known)
    assert _values(out, "handled") == [22, 0, 0, 0, 0, 3, 25]
    assert out[("handled", "natural_person")].status == "ok"
    assert out[("new", "natural_person")].status == "ambiguous"  # nothing links this row to a known cell


def test_no_split_adds_up_so_the_row_is_not_read():
    # no full split adds up: a printing error, or a blank cell somewhere (several readings)
    out = recover({"r": Run(("12345678",), APPLICANT, (COUNT,) * 7)}, [_row_identity("r")])
    assert {o.status for o in out.values()} == {"ambiguous"}
    assert "(blank)" in out[("r", "total")].reason
    out = recover({"r": Run(("1" * 20,), ("a", "b"), (COUNT,) * 2)}, [])  # too many digits for two cells
    assert {o.status for o in out.values()} == {"unreadable"}


def test_a_single_split_that_breaks_the_row_identity_is_not_trusted():
    # six printed values for seven cells: a blank total leaves no trace
    out = recover({"r": Run(("27", "0", "0", "0", "0", "0"), APPLICANT, (COUNT,) * 7)}, [_row_identity("r")])
    assert {o.status for o in out.values()} == {"ambiguous"}


def test_an_unverifiable_split_is_not_trusted_when_a_blank_reading_exists():
    # '13 2 / / / 0': dashes leave the row total unchecked; 1|3|2|/|/|/|0 or 13|2|/|/|/|0 with a blank
    out = recover({"r": Run(("13", "2", "/", "/", "/", "0"), APPLICANT, (COUNT,) * 7)}, [_row_identity("r")])
    assert "ok" not in {o.status for o in out.values()}
    # no blank reading possible: the only split stands, dashes and all
    out = recover({"r": Run(("0/0/0/0",), APPLICANT, (COUNT,) * 7)}, [_row_identity("r")])
    assert [out[("r", c)].status for c in APPLICANT] == ["ok", "dash"] * 3 + ["ok"]


def test_a_reading_with_a_blank_cell_is_kept_blank():
    out = recover({"r": Run(("5",), ("a", "b"), (COUNT,) * 2)}, [])
    assert {o.status for o in out.values()} == {"ambiguous"}
    out = recover({"r": Run(("",), ("a",), (COUNT,))}, [])
    assert out[("r", "a")].status == "blank"  # nothing printed: the one reading is a blank cell


def test_rows_without_identity_stay_ambiguous_unless_one_reading():
    three = (COUNT,) * 3
    out = recover({"docs": Run(("693665",), ("a", "b", "c"), three)}, [])
    assert {o.status for o in out.values()} == {"ambiguous"}
    assert "69|36|65" in out[("docs", "a")].reason
    out = recover({"rules": Run(("000",), ("a", "b", "c"), three), "single": Run(("2293",), ("a",), (COUNT,))}, [])
    assert _values(out, "rules", "abc") == [0, 0, 0] and out[("single", "a")].value == 2293
    # '066' may be 0|6|6, or 0|66 with a blank cell somewhere: not decided
    out = recover({"r": Run(("066",), ("a", "b", "c"), three)}, [])
    assert {o.status for o in out.values()} == {"ambiguous"} and "(blank)" in out[("r", "a")].reason


def test_signs_only_in_change_columns_and_decimals_only_in_amounts():
    change = CellRule(signed=True)
    assert splits(["35-15"], [COUNT, change]) == [("35", "-15")]
    out = recover({"p": Run(("2648-18538",), ("prev", "change", "decisions"), (COUNT, change, COUNT))}, [])
    assert (out[("p", "prev")].status, out[("p", "prev")].value) == ("ok", 2648)
    assert out[("p", "change")].status == out[("p", "decisions")].status == "ambiguous"
    amount = CellRule(decimal=True, unit="元")
    assert all(p[1].endswith(".52元") for p in splits(["13575394432.52元"], [COUNT, amount]))
    assert splits(["07"], [COUNT] * 2) == [("0", "7")] and splits(["07"], [COUNT]) == []


def test_table_four_is_split_by_its_three_groups():
    cols = tuple(f"{g}_{p}" for g in ("a", "b", "c") for p in ("upheld", "corrected", "other", "pending", "total"))
    ids = [(((("cases", f"{g}_total")),), tuple(("cases", f"{g}_{p}") for p in ("upheld", "corrected", "other", "pending")))
           for g in ("a", "b", "c")]
    out = recover({"cases": Run(("10203120001200000",), cols, (COUNT,) * 15)}, ids)
    assert [out[("cases", c)].value for c in cols] == [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]


def test_table_four_row_of_dashes_reads_as_dash_cells():
    rows = [["行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"],
            ["/" * 15]]
    cells, _ = extract_cells([Block(kind="paragraph", text="四、政府信息公开行政复议、行政诉讼情况"),
                              Block.table(rows, attrs={"glued": True})], "2021", {0: "review"})
    assert {c["status"] for c in cells if c["table"] == "review"} == {"dash"}
    spaced = [rows[0], ["—"] * 15]
    cells, _ = extract_cells([Block.table(spaced)], "2021")
    assert {c["status"] for c in cells if c["table"] == "review"} == {"dash"}


def test_structure_stage_recovers_glued_rows_of_flagged_blocks_only():
    rows = [["一、本年新收政府信息公开申请数量", "640020470"], ["行政许可", "2293"], ["规章", "000"]]
    cells, _ = extract_cells([Block.table(rows, attrs={"glued": True})], "2021")
    got = {(c["row"], c["col"]): (c["value"], c["status"]) for c in cells}
    assert got[("new_received", "total")] == (70.0, "ok") and got[("licensing", "decisions")] == (2293.0, "ok")
    assert got[("rules", "in_force")] == (0.0, "ok")
    cells, problems = extract_cells([Block.table(rows)], "2021")  # borders trusted: a width problem, not a guess
    assert {c["status"] for c in cells if c["row"] == "new_received"} == {"missing"}
    assert any(p["code"] == "P-ROW-WIDTH" for p in problems)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 120), min_size=6, max_size=6))
def test_a_recovered_cell_is_never_wrong(parts):
    """Zero silent errors: whatever is glued, an ok cell holds the true value."""
    truth = [*parts, sum(parts)]
    out = recover({"r": Run(("".join(map(str, truth)),), APPLICANT, (COUNT,) * 7)}, [_row_identity("r")])
    for col, value in zip(APPLICANT, truth):
        cell = out[("r", col)]
        assert cell.status in ("ok", "ambiguous")
        if cell.status == "ok":
            assert cell.value == value


def test_a_run_that_breaks_its_identities_however_read_is_reported():
    zeros = ["0"] * 7
    rows = [["一、本年新收政府信息公开申请数量", "1000002"], ["二、上年结转政府信息公开申请数量", *zeros],
            ["（七）总计", "1", *["0"] * 5, "1"], ["四、结转下年度继续办理", *zeros]]
    cells, problems = extract_cells([Block.table(rows, attrs={"glued": True})], "2021")
    assert {c["status"] for c in cells if c["row"] == "new_received"} == {"ambiguous"}  # 1|0|…|2 breaks 总计; 10|…|2 + a blank
    broken = sorted(p["message"].split(" fails")[0] for p in problems if p["code"] == "P-IDENTITY-BROKEN")
    assert broken == ["identity T3-balance requests//total", "identity T3-columns requests/new_received/total"]
    # the same digits with a blank possible and nothing else known: not reported
    _, problems = extract_cells([Block.table(rows[:1], attrs={"glued": True})], "2021")
    assert not [p for p in problems if p["code"] == "P-IDENTITY-BROKEN"]


def test_a_split_that_adds_up_but_breaks_a_column_sum_yields_to_a_blank_reading():
    # 0|0|0|0|1|1|2 adds up, but legal_service must be 0 (a column sum): blank natural_person, 0,0,0,0,1,12 fits
    ids = [_row_identity("r"), ((("r", "legal_service"),), (("s", "legal_service"),))]
    out = recover({"r": Run(("0000112",), APPLICANT, (COUNT,) * 7)}, ids, {("s", "legal_service"): 0.0})
    assert out[("r", "total")].status == out[("r", "legal_service")].status == "ambiguous"
    assert "(blank)|0|0|0|0|1|12" in out[("r", "total")].reason
    # when the column sum holds, the split stands
    out = recover({"r": Run(("0000112",), APPLICANT, (COUNT,) * 7)}, ids, {("s", "legal_service"): 1.0})
    assert _values(out, "r") == [0, 0, 0, 0, 1, 1, 2]
