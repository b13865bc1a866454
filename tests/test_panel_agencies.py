"""Agency ids, the alias file and near-collisions."""
from __future__ import annotations

import pandas as pd
import pytest

from govtext.panel.agencies import (AliasFileError, agency_table, load_aliases, make_agency_id, near_collisions,
                                    resolve_names)

NAMES = ["平潭综合实验区", "平潭综合实验区管委会", "平潭综合实验区党工委管委会", "平潭县人民政府", "平潭县",
         "平潭综合实验区地方税务局", "长春市人民政府", "长春市人民政府办公厅"]


def _ids(names, aliases=None) -> dict[str, str]:
    r = resolve_names(names, aliases)
    return dict(zip(r["name"], r["agency_id"]))


def test_name_forms_resolve_to_one_id_and_others_stay_apart():
    ids = _ids(NAMES)
    assert ids["平潭综合实验区"] == ids["平潭综合实验区管委会"] == ids["平潭综合实验区党工委管委会"]
    assert ids["平潭县"] == ids["平潭县人民政府"]
    distinct = {ids[n] for n in ("平潭综合实验区", "平潭县人民政府", "平潭综合实验区地方税务局", "长春市人民政府", "长春市人民政府办公厅")}
    assert len(distinct) == 5


def test_ids_are_stable_and_independent_of_order():
    assert _ids(NAMES) == _ids(list(reversed(NAMES)))
    assert _ids(["平潭综合实验区管委会"])["平潭综合实验区管委会"] == make_agency_id("平潭综合实验区")


def test_near_collisions_are_reported_not_merged():
    found = near_collisions(NAMES)
    pairs = {frozenset((a, b)) for a, b in zip(found["name_a"], found["name_b"])}
    assert frozenset(("长春市人民政府", "长春市人民政府办公厅")) in pairs
    assert all(found["agency_id_a"] != found["agency_id_b"])
    assert not any("平潭综合实验区管委会" in p for p in pairs)  # same agency: merged, not a collision
    assert found["suggestion"].str.contains("alias file").all()


def test_reviewed_pair_is_not_reported_again():
    names = ["长春市人民政府", "长春市人民政府办公厅"]
    assert len(near_collisions(names)) == 1
    assert len(near_collisions(names, pd.DataFrame({"alias": names, "canonical": names}))) == 0


def test_alias_file_overrides_matching(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("alias,canonical,agency_id,level,kind,division_code,note\n"
                    "上海市科委,上海市科学技术委员会,,,,,abbreviation\n"
                    "平潭综合实验区,平潭综合实验区,ag-pingtan,provincial,,350128,dispatched body of the province\n",
                    encoding="utf-8-sig")
    ids = _ids(["上海市科委", "上海市科学技术委员会", "平潭综合实验区管委会", "平潭综合实验区"], path)
    assert ids["上海市科委"] == ids["上海市科学技术委员会"] == make_agency_id("上海市科学技术委员会")
    assert ids["平潭综合实验区管委会"] == ids["平潭综合实验区"] == "ag-pingtan"
    reports = pd.DataFrame({"report_id": ["a", "b", "c"], "agency": ["平潭综合实验区管委会", "上海市科委", "上海市科学技术委员会"],
                            "year": [2014, 2024, 2023], "preamble": ["", "", ""]})
    table = agency_table(reports, path).set_index("agency_id")
    pingtan = table.loc["ag-pingtan"]
    assert (pingtan["level"], pingtan["level_evidence"]) == ("provincial", "set in the alias file")
    assert (pingtan["county"], pingtan["county_code"], pingtan["province_code"]) == ("平潭县", "350128", "350000")
    assert pingtan["kind"] == "zone"  # not overridden: inferred
    shanghai = table.loc[make_agency_id("上海市科学技术委员会")]
    assert (shanghai["agency"], shanghai["matched_by"], int(shanghai["n_reports"])) == ("上海市科学技术委员会", "alias", 2)


def test_bad_alias_file_names_the_file(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("name,target\na,b\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match="aliases.csv.*missing column"):
        load_aliases(path)
    path.write_text("alias,canonical\n上海市科委,\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match="rows 2 lack"):
        load_aliases(path)


def test_parent_division_written_or_not_is_the_same_agency():
    ids = _ids(["洪泽区人民政府", "淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府", "长沙县商务局", "长沙市长沙县商务局"])
    assert ids["洪泽区人民政府"] == ids["淮安市洪泽区人民政府"] == ids["江苏省淮安市洪泽区人民政府"]
    assert ids["长沙县商务局"] == ids["长沙市长沙县商务局"]
    assert ids["洪泽区人民政府"] != ids["长沙县商务局"]


def test_ambiguous_division_is_not_merged_but_shown():
    names = ["朝阳区商务局", "北京市朝阳区商务局", "长春市朝阳区商务局"]
    ids = _ids(names)
    assert len(set(ids.values())) == 3  # 朝阳区 alone may be Beijing's or Changchun's
    found = near_collisions(names)
    pairs = {frozenset((a, b)) for a, b in zip(found["name_a"], found["name_b"])}
    assert frozenset(("朝阳区商务局", "北京市朝阳区商务局")) in pairs
    assert frozenset(("朝阳区商务局", "长春市朝阳区商务局")) in pairs


def test_names_of_different_known_divisions_are_not_collisions():
    assert near_collisions(["淮安市人民政府", "淮安市洪泽区人民政府", "长春市人民政府", "长春市朝阳区人民政府"]).empty
