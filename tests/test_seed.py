"""The seed report must always parse exactly (values typed in by hand from the file)."""
from __future__ import annotations

import math

import pytest

import govtext

Z7 = [0, 0, 0, 0, 0, 0, 0]
#: table 3 as printed in the seed, row by row (None = blank cell)
REQUESTS = {
    "new_received": [30, 3, 0, 0, 0, 0, 33],
    "carried_over": [0, 0, 0, 0, 0, 0, None],
    "granted": [10, 3, 0, 0, 0, 0, 13],
    "partly_granted": [6, 0, 0, 0, 0, 0, 6],
    **{k: Z7 for k in ("denied_state_secret", "denied_law_prohibited", "denied_three_safeties", "denied_third_party",
                       "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_query_matter")},
    "unable_not_held": [11, 0, 0, 0, 0, 0, 11],
    "unable_needs_creation": [2, 0, 0, 0, 0, 0, 2],
    "unable_unclear": Z7,
    "rejected_petition": Z7,
    "rejected_duplicate": [1, 0, 0, 0, 0, 0, 1],
    "rejected_publication": Z7, "rejected_excessive": Z7, "rejected_confirmation": Z7,
    "other_overdue_correction": Z7, "other_unpaid_fee": Z7, "other_other": Z7,
    "total_handled": [30, 3, 0, 0, 0, 0, 33],
    "carried_forward": Z7,
}
APPLICANT = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
ACTIVE = {("rules", "issued"): 0, ("rules", "repealed"): 0, ("rules", "in_force"): 0,
          ("normative_docs", "issued"): 0, ("normative_docs", "repealed"): 0, ("normative_docs", "in_force"): 0,
          ("licensing", "decisions"): 1175, ("penalty", "decisions"): 15, ("coercion", "decisions"): 1,
          ("fees", "amount_10k_yuan"): 31426.75}
REVIEW = [2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 2, 0, 0, 2, 4]
REVIEW_COLS = [f"{g}_{p}" for g in ("reconsideration", "litigation_direct", "litigation_after")
               for p in ("upheld", "corrected", "other", "pending", "total")]


def expected_cells() -> dict[tuple[str, str, str], float | None]:
    out: dict[tuple[str, str, str], float | None] = {("active", r, c): v for (r, c), v in ACTIVE.items()}
    out.update({("requests", r, c): v for r, vals in REQUESTS.items() for c, v in zip(APPLICANT, vals)})
    out.update({("review", "cases", c): v for c, v in zip(REVIEW_COLS, REVIEW)})
    return out


@pytest.fixture(scope="module")
def seed(request):
    from conftest import SEED, need
    return govtext.read_report(need(SEED))


def test_all_200_cells_equal_the_printed_values(seed):
    expected = expected_cells()
    assert len(expected) == 200
    got = {(c.table, c.row, c.col): c for c in seed.cells.itertuples()}
    assert set(got) == set(expected)
    for key, value in expected.items():
        cell = got[key]
        if value is None:
            assert cell.status == "blank" and math.isnan(cell.value), key
        else:
            assert cell.status == "ok" and cell.value == value, (key, cell.raw, cell.status)


def test_meta_and_sections(seed):
    assert seed.meta["agency"] == "长春高新技术产业开发区"
    assert seed.meta["year"] == 2021
    assert seed.meta["template"] == "2021"
    assert (seed.meta["period_start"], seed.meta["period_end"]) == ("2021-01-01", "2021-12-31")
    titles = dict(zip(seed.sections["section"], seed.sections["title"]))
    assert titles == {
        "overview": "一、总体情况", "active": "二、主动公开政府信息情况", "requests": "3、 收到和处理政府信息公开申请情况",
        "review": "4、 政府信息公开行政复议、行政诉讼情况", "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项",
    }
    assert seed.sections.set_index("section").loc["other", "text"] == "无其他需要报告的事项。"
    assert "三级审查" in seed.sections.set_index("section").loc["problems", "text"]


def test_identities_pass_or_incomplete_only_on_the_blank_cell(seed):
    checks = seed.checks
    assert set(checks["rule"]) >= {"T3-balance", "T3-outcomes", "T3-columns", "T4-groups"}
    assert (checks["result"] != "fail").all()
    incomplete = checks[checks["result"] == "incomplete"]
    assert len(incomplete) == 2
    assert set(incomplete["unknown_cells"]) == {"carried_over/total=blank"}


def test_wide_table_in_chinese(seed):
    wide = seed.table("requests", labels="zh")
    assert wide.loc["予以公开", "自然人"] == 10
    assert wide.loc["总计", "总计"] == 33
    assert math.isnan(wide.loc["上年结转政府信息公开申请数量", "总计"])
    assert seed.table("review").shape == (1, 15)
