"""Compliance indicators: one row per report, each column with a documented formula.

The form indicators ask whether a report does what the template asks (six
sections, the right tables for its year, identities that hold, cells filled in,
published on time, a problems section that says something concrete); the
substance indicators read what it reports (how many requests were disclosed,
why the others were refused, who asked, how often review corrected the agency,
fees).

Rules every formula follows:

* a count read from a table is a number only when the cell's status is ``ok``;
* a sum is missing (NaN) when any of its parts is missing (a blank is unknown, never 0);
* a ratio is missing when its denominator is missing or 0, never 0.

:data:`INDICATORS` holds the Chinese label and the formula of every column of
the ``indicators`` frame (its dtypes and English descriptions are in
:mod:`govtext.schema`).

Examples
--------
>>> ratio(pd.Series([1.0, 2.0, 1.0]), pd.Series([2.0, 0.0, float("nan")])).tolist()
[0.5, nan, nan]
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd

from govtext import normalize as N
from govtext import patterns as P
from govtext.schema import COLUMNS, frame
from govtext.structure import template as T

SECTION_KEYS: tuple[str, ...] = ("overview", "active", "requests", "review", "problems", "other")
APPLICANTS: tuple[str, ...] = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org")
#: outcome groups of table 3 by row-key prefix: 不予公开 (8), 无法提供 (3), 不予处理 (5), 其他处理
GROUPS: dict[str, str] = {"denied": "不予公开", "unable": "无法提供", "rejected": "不予处理", "other": "其他处理"}
REVIEW_GROUPS: tuple[str, ...] = ("reconsideration", "litigation_direct", "litigation_after")


class Indicator(NamedTuple):
    """Chinese label and formula of one indicator column."""

    zh: str
    formula: str


def _reason_rows(group: str) -> list[str]:
    keys = dict.fromkeys(r.key for t in T.TEMPLATES for r in T.rows("requests", t))
    return [k for k in keys if k.startswith(group + "_") or (group == "other" and k == "other")]


#: indicator column -> (Chinese label, formula); keys equal ``COLUMNS["indicators"]``
INDICATORS: dict[str, Indicator] = {
    "report_id": Indicator("报告编号", "reports.report_id"),
    "agency": Indicator("机关名称", "reports.agency"),
    "year": Indicator("报告年度", "reports.year"),
    "template": Indicator("所用模板", "reports.template"),
    "template_expected": Indicator("应用模板", "2021 if year >= 2021; 2019 if year in 2019-2020; legacy if year < 2019; missing when the year is unknown"),
    "template_conforms": Indicator("模板符合", "template == template_expected; missing when either is unknown"),
    "sections_present": Indicator("六部分具备数", "count of sections.found over the six standard sections"),
    "all_sections": Indicator("六部分齐全", "sections_present == 6"),
    "sections_missing": Indicator("缺失部分", "keys of the sections not found, ';'-joined in template order ('' when none)"),
    "tables_present": Indicator("表格具备数", "count of the tables active, requests, review with at least one template cell printed (status != missing); missing for legacy/unknown templates"),
    "tables_missing": Indicator("缺失表格", "keys of the template tables with no printed cell, ';'-joined; missing for legacy/unknown templates"),
    "checks_pass": Indicator("勾稽关系通过数", "count of checks (T3-/T4- identities) with result pass"),
    "checks_fail": Indicator("勾稽关系不符数", "count of checks (T3-/T4- identities) with result fail"),
    "checks_incomplete": Indicator("勾稽关系无法核验数", "count of checks (T3-/T4- identities) with result incomplete (a needed cell is not a number)"),
    "has_identity_failure": Indicator("存在勾稽错误", "checks_fail > 0; missing when no identity could be decided (checks_pass + checks_fail == 0)"),
    "identity_fail_rate": Indicator("勾稽不符率", "checks_fail / (checks_pass + checks_fail)"),
    "incomplete_rate": Indicator("勾稽无法核验率", "checks_incomplete / (checks_pass + checks_fail + checks_incomplete)"),
    "cells_ok": Indicator("有效数值单元格数", "template cells with status ok"),
    "cells_blank": Indicator("空白单元格数", "template cells with status blank"),
    "cells_dash": Indicator("横线斜线单元格数", "template cells with status dash (/, —, -, 无)"),
    "cells_text": Indicator("文字单元格数", "template cells with status text"),
    "cells_missing": Indicator("缺失单元格数", "template cells with status missing (row or column not printed)"),
    "cells_unclear": Indicator("无法识别单元格数", "template cells with status ambiguous or unreadable"),
    "narrative_checks": Indicator("文表一致性核验数", "count of checks whose rule starts with N- (narrative against table); missing when none was evaluated"),
    "narrative_conflicts": Indicator("文表冲突数", "count of N- checks with result fail; missing when none was evaluated"),
    "published": Indicator("发布日期", "reports.published"),
    "days_late": Indicator("逾期天数", "published - deadline(year) in days (negative: early): 31 January of year + 1 for 2019+ reports (Regulations 2019, art. 49), 31 March of year + 1 before (Regulations 2007, art. 31); missing without a publication date"),
    "on_time": Indicator("按时发布", "days_late <= 0; missing without a publication date or year"),
    "problems_chars": Indicator("问题部分字数", "sections.n_chars of 存在的主要问题及改进情况; missing when the section is not found"),
    "problems_quantities": Indicator("问题部分数量表述数", "matches of patterns.QUANTITY (a number with a unit) in the problems section"),
    "problems_measures": Indicator("问题部分具体措施数", "matches of patterns.CONCRETE_MEASURE (an action verb with a named instrument) in the problems section"),
    "problems_stock_phrases": Indicator("问题部分套话数", "matches of patterns.STOCK_PHRASE (进一步, 不断, 有待 …) in the problems section"),
    "problems_specificity": Indicator("问题部分具体性", "(problems_quantities + problems_measures) / (problems_quantities + problems_measures + problems_stock_phrases)"),
    "boilerplate_share": Indicator("套用文本比例", "share of the report's sentences (12+ characters) that are template wording or near-duplicates of another agency's sentences: share_shared_cross + share_template of govtext.analysis.reuse_shares; missing without a reuse table"),
    "requests_new": Indicator("本年新收申请数", "requests/new_received/total"),
    "requests_handled": Indicator("办理结果总计", "requests/total_handled/total"),
    "disclosure_rate": Indicator("公开率", "(requests/granted/total + requests/partly_granted/total) / requests/total_handled/total"),
    **{f"{g}_share": Indicator(f"{zh}占比", f"sum of the {len(_reason_rows(g))} {g}_* rows (total column) / requests/total_handled/total"
                               + ("; rows of the report's own template (2019: other; 2021: other_overdue_correction, other_unpaid_fee, other_other)" if g == "other" else ""))
       for g, zh in GROUPS.items()},
    **{f"reason_{k}": Indicator(f"{GROUPS[k.split('_')[0]]}理由占比：{T.zh_label('requests', 'row', k)}",
                                f"requests/{k}/total / sum of the {k.split('_')[0]}_* rows (total column)")
       for g in ("denied", "unable", "rejected") for k in _reason_rows(g)},
    **{f"requests_{a}": Indicator(f"新收申请数：{T.zh_label('requests', 'col', a)}", f"requests/new_received/{a}") for a in APPLICANTS},
    "natural_person_share": Indicator("自然人申请占比", "requests/new_received/natural_person / requests/new_received/total"),
    "reconsideration_cases": Indicator("行政复议案件数", "review/cases/reconsideration_total"),
    "reconsideration_corrected": Indicator("行政复议结果纠正数", "review/cases/reconsideration_corrected"),
    "reconsideration_concluded": Indicator("行政复议审结数", "review/cases/reconsideration_total - review/cases/reconsideration_pending"),
    "reconsideration_correction_rate": Indicator("行政复议纠错率", "reconsideration_corrected / reconsideration_concluded"),
    "litigation_cases": Indicator("行政诉讼案件数", "litigation_direct_total + litigation_after_total"),
    "litigation_corrected": Indicator("行政诉讼结果纠正数", "review/cases/litigation_direct_corrected + review/cases/litigation_after_corrected"),
    "litigation_concluded": Indicator("行政诉讼审结数", "litigation_cases - review/cases/litigation_direct_pending - review/cases/litigation_after_pending"),
    "litigation_correction_rate": Indicator("行政诉讼纠错率", "litigation_corrected / litigation_concluded"),
    "admin_fees_10k_yuan": Indicator("行政事业性收费金额（万元）", "active/fees/amount_10k_yuan (2021 template only)"),
    "info_fee_stated": Indicator("报告信息处理费情况", "the 其他需要报告的事项 section mentions 信息处理费; missing when the section is not found"),
    "info_fee_yuan": Indicator("信息处理费（元）", "first amount after 信息处理费 in that section (万元 x 10000); 0 when it says none was collected (patterns.INFO_FEE_NONE); else missing"),
}


def ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """``num / den`` as float, missing where ``den`` is missing or 0 (never 0 by default).

    Examples
    --------
    >>> ratio(pd.Series([0.0]), pd.Series([4.0])).tolist()
    [0.0]
    """
    num = pd.to_numeric(num, errors="coerce").astype("float64")
    den = pd.to_numeric(den, errors="coerce").astype("float64")
    return (num / den.where(den != 0)).astype("float64")


def strict_sum(wide: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Row sums of ``keys``: missing when any part is missing.

    Examples
    --------
    >>> strict_sum(pd.DataFrame({"a": [1.0, 1.0], "b": [2.0, None]}), ["a", "b"]).tolist()
    [3.0, nan]
    """
    return wide.reindex(columns=keys).sum(axis=1, min_count=len(keys)).astype("float64")


def cell_values(cells: pd.DataFrame) -> pd.DataFrame:
    """Template cells as a wide frame: one row per report, columns ``table/row/col``, NaN unless ok.

    Examples
    --------
    >>> c = frame("cells", [{"report_id": "r", "table": "requests", "row": "granted", "col": "total",
    ...                      "value": 3.0, "status": "ok", "in_template": True}])
    >>> cell_values(c).loc["r", "requests/granted/total"]
    np.float64(3.0)
    """
    ok = cells[cells["in_template"].fillna(True).astype(bool) & (cells["status"] == "ok")]
    if ok.empty:
        return pd.DataFrame(index=pd.Index([], name="report_id", dtype="string"))
    key = ok["table"].astype(str) + "/" + ok["row"].astype(str) + "/" + ok["col"].astype(str)
    wide = (ok.assign(key=key).drop_duplicates(["report_id", "key"])
            .pivot(index="report_id", columns="key", values="value"))
    wide.columns.name = None
    return wide.astype("float64")


def expected_template(year: int) -> str:
    """The template a report for ``year`` must use.

    Examples
    --------
    >>> [expected_template(y) for y in (2018, 2020, 2021)]
    ['legacy', '2019', '2021']
    """
    return "2021" if year >= 2021 else "2019" if year >= 2019 else "legacy"


def _absent(present: pd.DataFrame, keys: Sequence[str]) -> pd.Series:
    """Per row of a boolean frame with columns ``keys``, the keys whose column is False, joined by ``;``.

    Examples
    --------
    >>> _absent(pd.DataFrame({"a": [True, False], "b": [False, False]}), ["a", "b"]).tolist()
    ['b', 'a;b']
    """
    flags = present[list(keys)].to_numpy(dtype=bool)
    return pd.Series([";".join(k for k, f in zip(keys, row) if not f) for row in flags], index=present.index)


def _form(reports: pd.DataFrame, sections: pd.DataFrame, cells: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    ids = reports["report_id"]
    out = pd.DataFrame(index=pd.Index(ids, name="report_id"))
    year = reports.set_index("report_id")["year"]
    template = reports.set_index("report_id")["template"]
    expected = year.map(expected_template, na_action="ignore").astype("string")
    out["template_expected"] = expected
    known = template.isin(["2019", "2021", "legacy"]) & expected.notna()
    out["template_conforms"] = pd.Series(template == expected, dtype="boolean").where(known, pd.NA)

    sec = sections[sections["section"].isin(SECTION_KEYS)]
    found = sec.pivot_table(index="report_id", columns="section", values="found", aggfunc="max").reindex(columns=list(SECTION_KEYS))
    found = found.reindex(ids).fillna(False).astype(bool)
    out["sections_present"] = found.sum(axis=1)
    out["all_sections"] = out["sections_present"] == len(SECTION_KEYS)
    out["sections_missing"] = _absent(found, SECTION_KEYS)

    tmpl_cells = cells[cells["in_template"].fillna(True).astype(bool)]
    printed = (tmpl_cells[tmpl_cells["status"] != "missing"].groupby(["report_id", "table"]).size().unstack()
               .reindex(index=ids, columns=list(T.TABLES)).notna())
    has_tables = template.isin(T.TEMPLATES)
    out["tables_present"] = printed.sum(axis=1).where(has_tables)
    out["tables_missing"] = _absent(printed, T.TABLES).where(has_tables, None)

    status = tmpl_cells.groupby(["report_id", "status"]).size().unstack().reindex(index=ids).fillna(0)
    for col, kinds in {"cells_ok": ["ok"], "cells_blank": ["blank"], "cells_dash": ["dash"], "cells_text": ["text"],
                       "cells_missing": ["missing"], "cells_unclear": ["ambiguous", "unreadable"]}.items():
        out[col] = status.reindex(columns=kinds).fillna(0).sum(axis=1)

    rule = checks["rule"].astype(str)
    ident = checks[rule.str.match(r"T\d")]
    res = ident.groupby(["report_id", "result"]).size().unstack().reindex(index=ids, columns=["pass", "fail", "incomplete"]).fillna(0)
    out["checks_pass"], out["checks_fail"], out["checks_incomplete"] = res["pass"], res["fail"], res["incomplete"]
    decided = res["pass"] + res["fail"]
    out["has_identity_failure"] = pd.Series(res["fail"] > 0, dtype="boolean").where(decided > 0, pd.NA)
    out["identity_fail_rate"] = ratio(res["fail"], decided)
    out["incomplete_rate"] = ratio(res["incomplete"], decided + res["incomplete"])

    narrative = checks[rule.str.startswith("N-")]
    n_res = narrative.groupby("report_id")["result"]
    out["narrative_checks"] = n_res.size().reindex(ids)
    out["narrative_conflicts"] = (narrative["result"] == "fail").groupby(narrative["report_id"]).sum().reindex(ids)
    return out


def publication_deadline(year: int) -> str:
    """The last day (ISO date) to publish the report for ``year``.

    31 January of the next year under the 2019 Regulations (reports for 2019 on),
    31 March under the 2007 Regulations.

    Examples
    --------
    >>> publication_deadline(2021), publication_deadline(2018)
    ('2022-01-31', '2019-03-31')
    """
    return f"{int(year) + 1}-01-31" if year >= 2019 else f"{int(year) + 1}-03-31"


def _timeliness(reports: pd.DataFrame) -> pd.DataFrame:
    r = reports.set_index("report_id")
    published = pd.to_datetime(r["published"], errors="coerce", format="%Y-%m-%d")
    deadline = pd.to_datetime(r["year"].map(publication_deadline, na_action="ignore"), errors="coerce")
    days = (published - deadline).dt.days
    return pd.DataFrame({"published": r["published"], "days_late": days.astype("Int64"),
                         "on_time": pd.Series(days <= 0, dtype="boolean").where(days.notna(), pd.NA)})


def problems_specificity(text: str) -> dict[str, int]:
    """Counts of quantities, concrete measures and stock phrases in a problems section.

    Examples
    --------
    >>> problems_specificity("一是进一步加强培训。二是制定了信息公开工作制度，全年举办培训3次。")
    {'quantities': 1, 'measures': 2, 'stock_phrases': 1}
    """
    text = N.to_halfwidth(text)
    return {"quantities": len(P.QUANTITY.findall(text)), "measures": len(P.CONCRETE_MEASURE.findall(text)),
            "stock_phrases": len(P.STOCK_PHRASE.findall(text))}


def info_fee(text: str) -> float | None:
    """The information-processing fee in yuan stated in ``text``; 0.0 when it says none; else None.

    Examples
    --------
    >>> info_fee("本年度共收取信息处理费0.12万元。"), info_fee("本机关未收取信息处理费。"), info_fee("无。")
    (1200.0, 0.0, None)
    """
    text = N.to_halfwidth(text)
    m = P.INFO_FEE_AMOUNT.search(text)
    if m:
        return float(m["num"]) * (10000 if m["unit"] == "万元" else 1)
    return 0.0 if P.INFO_FEE_NONE.search(text) else None


def _texts(sections: pd.DataFrame, ids: pd.Series, key: str) -> pd.Series:
    sec = sections[(sections["section"] == key) & sections["found"].fillna(False).astype(bool)]
    return sec.drop_duplicates("report_id").set_index("report_id")["text"].reindex(ids)


def _narrative(sections: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame(index=pd.Index(ids, name="report_id"))
    problems = _texts(sections, ids, "problems")
    counts = pd.DataFrame([problems_specificity(t) if isinstance(t, str) else {} for t in problems],
                          index=out.index, columns=["quantities", "measures", "stock_phrases"])
    sec = sections[(sections["section"] == "problems") & sections["found"].fillna(False).astype(bool)]
    out["problems_chars"] = sec.drop_duplicates("report_id").set_index("report_id")["n_chars"].reindex(ids).to_numpy()
    for c in counts:
        out[f"problems_{c}"] = counts[c]
    specific = counts["quantities"] + counts["measures"]
    out["problems_specificity"] = ratio(specific, specific + counts["stock_phrases"])
    other = _texts(sections, ids, "other")
    out["info_fee_stated"] = pd.Series([("信息处理费" in t) if isinstance(t, str) else pd.NA for t in other],
                                       index=out.index, dtype="boolean")
    out["info_fee_yuan"] = [info_fee(t) if isinstance(t, str) else None for t in other]
    return out


def _substance(wide: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    ids = reports["report_id"]
    w = wide.reindex(ids)
    template = reports.set_index("report_id")["template"].reindex(ids)
    out = pd.DataFrame(index=pd.Index(ids, name="report_id"))

    def req(row: str, col: str = "total") -> pd.Series:
        return w.get(f"requests/{row}/{col}", pd.Series(np.nan, index=w.index))

    handled = req("total_handled")
    out["requests_new"], out["requests_handled"] = req("new_received"), handled
    out["disclosure_rate"] = ratio(strict_sum(w, ["requests/granted/total", "requests/partly_granted/total"]), handled)
    for g in GROUPS:
        if g == "other":
            group_total = pd.Series(np.nan, index=w.index)
            for t in T.TEMPLATES:
                keys = [f"requests/{r.key}/total" for r in T.rows("requests", t) if r.key in _reason_rows("other")]
                group_total = group_total.where(template != t, strict_sum(w, keys))
        else:
            rows = _reason_rows(g)
            group_total = strict_sum(w, [f"requests/{r}/total" for r in rows])
            for r in rows:
                out[f"reason_{r}"] = ratio(req(r), group_total)
        out[f"{g}_share"] = ratio(group_total, handled)
    for a in APPLICANTS:
        out[f"requests_{a}"] = req("new_received", a)
    out["natural_person_share"] = ratio(req("new_received", "natural_person"), req("new_received"))

    def rev(col: str) -> pd.Series:
        return w.get(f"review/cases/{col}", pd.Series(np.nan, index=w.index))

    out["reconsideration_cases"] = rev("reconsideration_total")
    out["reconsideration_corrected"] = rev("reconsideration_corrected")
    out["reconsideration_concluded"] = rev("reconsideration_total") - rev("reconsideration_pending")
    out["reconsideration_correction_rate"] = ratio(out["reconsideration_corrected"], out["reconsideration_concluded"])
    lit = [g for g in REVIEW_GROUPS if g.startswith("litigation")]
    out["litigation_cases"] = strict_sum(w, [f"review/cases/{g}_total" for g in lit])
    out["litigation_corrected"] = strict_sum(w, [f"review/cases/{g}_corrected" for g in lit])
    out["litigation_concluded"] = out["litigation_cases"] - strict_sum(w, [f"review/cases/{g}_pending" for g in lit])
    out["litigation_correction_rate"] = ratio(out["litigation_corrected"], out["litigation_concluded"])
    out["admin_fees_10k_yuan"] = w.get("active/fees/amount_10k_yuan", pd.Series(np.nan, index=w.index))
    return out


def boilerplate_shares(reuse: pd.DataFrame) -> pd.Series:
    """Per report_id: share of sentences that are template wording or shared with another agency."""
    from govtext.analysis import reuse_shares

    shares = reuse_shares(reuse).set_index("report_id")
    return shares["share_shared_cross"] + shares["share_template"]


def indicators(frames: Mapping[str, pd.DataFrame], *, boilerplate: pd.Series | None = None) -> pd.DataFrame:
    """One row of compliance indicators per report (columns: ``COLUMNS["indicators"]``).

    Parameters
    ----------
    frames : mapping
        at least ``reports``, ``sections``, ``cells`` and ``checks`` frames, e.g.
        ``Corpus.frames()`` or the Parquet tables of a built dataset.
    boilerplate : Series, optional
        share of each report's text reused from other reports, indexed by
        report_id; default: :func:`boilerplate_shares` of ``frames["reuse"]``,
        and missing when there is no reuse table.

    Examples
    --------
    >>> import govtext
    >>> ind = indicators(govtext.read_reports([]).frames())
    >>> len(ind), ind.columns[0]
    (0, 'report_id')
    """
    reports = frames["reports"].drop_duplicates("report_id")
    if reports.empty:
        return frame("indicators", [])
    ids = reports["report_id"]
    parts = [
        reports.set_index("report_id")[["agency", "year", "template"]],
        _form(reports, frames["sections"], frames["cells"], frames["checks"]),
        _timeliness(reports),
        _narrative(frames["sections"], ids),
        _substance(cell_values(frames["cells"]), reports),
    ]
    wide = pd.concat([p.reindex(ids) for p in parts], axis=1)
    if boilerplate is None and frames.get("reuse") is not None:
        boilerplate = boilerplate_shares(frames["reuse"])
    wide["boilerplate_share"] = boilerplate.reindex(ids).to_numpy() if boilerplate is not None else np.nan
    return frame("indicators", wide.reset_index().to_dict("records"))
