"""The paper's plots: ``plot_*(df, *, ax=None) -> Axes``, each raising ``ValueError`` on empty input.

Each function takes a tidy frame (usually the ``indicators`` frame of a built
dataset, joined with the agency level where needed), draws on ``ax`` (a new
figure when ``None``) in the style of :mod:`govtext.figures.style`, and
returns the Axes. Rates are pooled (sum of numerators over sum of
denominators) over the reports where both are known; reports where they are
not are left out and counted in the note under the plot.

Examples
--------
>>> import pandas as pd
>>> ax = plot_coverage(pd.DataFrame({"year": [2021, 2021, 2022], "level": ["县级", "市级", "县级"]}))
>>> ax.get_ylabel()
'报告数（份）'
>>> plot_coverage(pd.DataFrame({"year": [], "level": []}))
Traceback (most recent call last):
...
ValueError: plot_coverage: no reports with a year to plot
"""
from __future__ import annotations

from typing import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from govtext.figures.fonts import displayable
from govtext.figures.style import OUTCOME_COLOURS, PALETTE, figure_style

#: request outcome groups: indicator share column -> legend label
OUTCOMES: dict[str, str] = {"disclosure_rate": "予以公开或部分公开", "denied_share": "不予公开",
                            "unable_share": "无法提供", "rejected_share": "不予处理", "other_share": "其他处理"}
UNKNOWN_LEVEL = "未知层级"
#: agency levels (govtext.panel) in hierarchy order -> Chinese label
LEVEL_ZH: dict[str, str] = {"central": "中央", "provincial": "省级", "prefectural": "地市级", "county": "县级",
                            "township": "乡镇级"}
LEVEL_ORDER: tuple[str, ...] = (*LEVEL_ZH.values(), UNKNOWN_LEVEL)


def _level_order(levels: Iterable[str]) -> list[str]:
    present = list(dict.fromkeys(levels))
    return [lv for lv in LEVEL_ORDER if lv in present] + sorted(lv for lv in present if lv not in LEVEL_ORDER)


def _require(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name}: the frame lacks the columns {missing}")


def _axes(ax: Axes | None) -> Axes:
    return plt.subplots()[1] if ax is None else ax


def _note(ax: Axes, text: str) -> None:
    ax.annotate(displayable(text), xy=(0, 0), xycoords="axes fraction", xytext=(0, -28), textcoords="offset points",
                fontsize=6.5, color="#555555", va="top")


def _year_ticks(ax: Axes, years: Iterable[int]) -> None:
    present = [int(y) for y in years]
    span = list(range(min(present), max(present) + 1))
    ax.set_xticks(span, [str(y) for y in span], rotation=45 if len(span) > 8 else 0)


def _gaps(series: pd.Series) -> pd.Series:
    """``series`` indexed by every year from its first to its last, NaN in between, so lines break at gaps."""
    return series.reindex(range(int(series.index.min()), int(series.index.max()) + 1)) if len(series) else series


def plot_coverage(df: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Reports per year, stacked by agency level (columns ``year``, ``level``)."""
    _require(df, ["year", "level"], "plot_coverage")
    known = df[df["year"].notna()]
    if known.empty:
        raise ValueError("plot_coverage: no reports with a year to plot")
    with figure_style():
        ax = _axes(ax)
        counts = (known.assign(level=known["level"].astype("object").where(known["level"].notna(), UNKNOWN_LEVEL),
                               year=known["year"].astype(int))
                  .groupby(["year", "level"]).size().unstack(fill_value=0).sort_index())
        counts = counts[_level_order(counts.columns)]
        bottom = np.zeros(len(counts))
        for i, level in enumerate(counts.columns):
            ax.bar(counts.index, counts[level], bottom=bottom, label=displayable(str(level)),
                   color=PALETTE[i % len(PALETTE)], width=0.8)
            bottom += counts[level].to_numpy()
        _year_ticks(ax, counts.index)
        ax.set_xlabel("报告年度")
        ax.set_ylabel("报告数（份）")
        ax.set_title("语料覆盖：各年度报告数（按机关层级）")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(title="机关层级", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if len(known) < len(df):
            _note(ax, f"{len(df) - len(known)} 份报告无法确定年度，未计入")
    return ax


def plot_check_rates(df: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Share of reports with an identity failure and share of undecidable identity checks, by year and template.

    Uses the ``indicators`` columns ``year``, ``template``, ``has_identity_failure`` and
    ``checks_*``; only reports on the 2019 and 2021 templates have identities to check.
    """
    _require(df, ["year", "template", "has_identity_failure", "checks_pass", "checks_fail", "checks_incomplete"], "plot_check_rates")
    d = df[df["template"].isin(["2019", "2021"]) & df["year"].notna()]
    if d.empty:
        raise ValueError("plot_check_rates: no reports on the 2019 or 2021 template with a year")
    with figure_style():
        ax = _axes(ax)
        for i, (template, g) in enumerate(d.groupby("template")):
            by = g.groupby(g["year"].astype(int))
            violation = by["has_identity_failure"].apply(lambda s: s.dropna().astype(float).mean() if s.notna().any() else np.nan)
            total = by[["checks_pass", "checks_fail", "checks_incomplete"]].sum().sum(axis=1).astype(float)
            incomplete = by["checks_incomplete"].sum().astype(float) / total.where(total > 0)
            colour = PALETTE[i % len(PALETTE)]
            violation, incomplete = _gaps(violation.astype(float)), _gaps(incomplete)
            ax.plot(violation.index, violation.to_numpy(dtype=float), marker="o", color=colour, label=f"{template} 模板：存在勾稽错误的报告比例")
            ax.plot(incomplete.index, incomplete.to_numpy(dtype=float), marker="s", ls="--", color=colour, label=f"{template} 模板：无法核验的勾稽关系比例")
        _year_ticks(ax, d["year"])
        ax.set_ylim(-0.03, 1.03)
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        ax.set_xlabel("报告年度")
        ax.set_ylabel("比例")
        ax.set_title("表格勾稽关系：错误率与无法核验率")
        ax.legend(frameon=False, fontsize=6.5)
    return ax


def plot_outcome_shares(df: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Pooled shares of request outcomes by agency level (``level``, ``requests_handled`` and the share columns).

    Pools counts: each report contributes ``requests_handled * share``; reports where
    any outcome group is unknown, or that handled no request, are left out.
    """
    _require(df, ["level", "requests_handled", *OUTCOMES], "plot_outcome_shares")
    d = df[df[list(OUTCOMES)].notna().all(axis=1) & (df["requests_handled"] > 0)]
    if d.empty:
        raise ValueError("plot_outcome_shares: no report has all request outcome groups as numbers")
    with figure_style():
        ax = _axes(ax)
        level = d["level"].astype("object").where(d["level"].notna(), UNKNOWN_LEVEL)
        counts = d[list(OUTCOMES)].mul(d["requests_handled"], axis=0).groupby(level).sum()
        shares = counts.div(d.groupby(level)["requests_handled"].sum(), axis=0)
        shares = shares.loc[_level_order(shares.index)[::-1]]  # top of the chart: highest level
        n = level.value_counts()
        left = np.zeros(len(shares))
        labels = [displayable(f"{lv}（{n[lv]} 份，{int(d.loc[level == lv, 'requests_handled'].sum())} 件）") for lv in shares.index]
        colours = dict(zip(OUTCOMES, OUTCOME_COLOURS.values()))
        for col, label in OUTCOMES.items():
            ax.barh(labels, shares[col], left=left, color=colours[col], label=label, height=0.6)
            left += shares[col].to_numpy()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        ax.set_xlabel("占办理结果总计的比例")
        ax.set_title("依申请公开办理结果构成（按机关层级汇总）")
        ax.legend(frameon=False, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.2))
        ax.grid(axis="y", visible=False)
        if len(d) < len(df):
            _note(ax, f"{len(df) - len(d)} 份报告无表三、办理结果不完整或为零，未计入")
    return ax


def plot_correction_rates(df: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Pooled correction rates of administrative reconsideration and litigation by year.

    rate(year) = sum of ``*_corrected`` / sum of ``*_concluded`` over reports where both are known.
    """
    cols = ["reconsideration_corrected", "reconsideration_concluded", "litigation_corrected", "litigation_concluded"]
    _require(df, ["year", *cols], "plot_correction_rates")
    series = {}
    for kind, label in (("reconsideration", "行政复议纠错率"), ("litigation", "行政诉讼纠错率")):
        d = df[df["year"].notna() & df[f"{kind}_corrected"].notna() & (df[f"{kind}_concluded"] > 0)]
        by = d.groupby(d["year"].astype(int))
        series[label] = (by[f"{kind}_corrected"].sum() / by[f"{kind}_concluded"].sum(), by[f"{kind}_concluded"].sum())
    if all(s.empty for s, _ in series.values()):
        raise ValueError("plot_correction_rates: no report with concluded reconsideration or litigation cases")
    with figure_style():
        ax = _axes(ax)
        for i, (label, (rate, cases)) in enumerate(series.items()):
            if rate.empty:
                continue
            ax.plot(_gaps(rate).index, _gaps(rate).to_numpy(dtype=float), marker="o", color=PALETTE[i], label=label)
            for x, y, c in zip(rate.index, rate, cases):
                ax.annotate(f"{int(c)}", (x, y), textcoords="offset points", xytext=(0, 6 if i == 0 else -11),
                            ha="center", fontsize=6, color=PALETTE[i])
        _year_ticks(ax, pd.concat([r.index.to_series() for r, _ in series.values()]))
        ax.set_ylim(-0.03, 1.03)
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        ax.set_xlabel("报告年度")
        ax.set_ylabel("被纠正案件占审结案件比例")
        ax.set_title("行政复议与行政诉讼纠错率（点旁数字为审结案件数）")
        ax.legend(frameon=False)
    return ax


def plot_topic_prevalence(df: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Mean topic weight in 存在的主要问题 sections by year: a topic x year heat map.

    ``df`` is long: columns ``year``, ``topic`` (a label such as its top words) and ``prevalence``.
    """
    _require(df, ["year", "topic", "prevalence"], "plot_topic_prevalence")
    d = df[df["year"].notna() & df["prevalence"].notna()]
    if d.empty:
        raise ValueError("plot_topic_prevalence: no topic prevalence to plot")
    with figure_style():
        ax = _axes(ax)
        grid = d.assign(year=d["year"].astype(int)).pivot_table(index="topic", columns="year", values="prevalence", aggfunc="mean", sort=True)
        image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0)
        ax.set_yticks(range(len(grid.index)), [displayable(str(t)) for t in grid.index])
        ax.set_xticks(range(len(grid.columns)), [str(y) for y in grid.columns], rotation=45 if len(grid.columns) > 8 else 0)
        ax.grid(False)
        ax.figure.colorbar(image, ax=ax, label="平均主题权重")
        ax.set_xlabel("报告年度")
        ax.set_title("“存在的主要问题”部分的主题分布")
    return ax


def plot_boilerplate(df: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Distribution of ``boilerplate_share`` (template wording or another agency's sentences), and of
    ``carried_over_share`` (sentences from the agency's own previous report) when that column is there."""
    _require(df, ["boilerplate_share"], "plot_boilerplate")
    share = pd.to_numeric(df["boilerplate_share"], errors="coerce").dropna()
    if share.empty:
        raise ValueError("plot_boilerplate: no report has a boilerplate share")
    carried = pd.to_numeric(df.get("carried_over_share", pd.Series(dtype=float)), errors="coerce").dropna()
    bins = np.linspace(0, 1, 21)
    with figure_style():
        ax = _axes(ax)
        ax.hist(share.to_numpy(dtype=float), bins=bins, color=PALETTE[0], edgecolor="white", label="模板或他机关重复句子比例")
        if len(carried):
            ax.hist(carried.to_numpy(dtype=float), bins=bins, histtype="step", color=PALETTE[1], lw=1.5,
                    label="沿用本机关上年报告句子比例")
        median = float(share.median())
        ax.axvline(median, color=PALETTE[3], ls="--", lw=1)
        ax.annotate(f"中位数 {median:.0%}", (median, 1), xycoords=("data", "axes fraction"), xytext=(3, -10),
                    textcoords="offset points", color=PALETTE[3], fontsize=7)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, 1)
        ax.set_xlabel("占报告句子的比例")
        ax.set_ylabel("报告数（份）")
        ax.set_title(f"模板化与重复文本的分布（{len(share)} 份报告）")
        ax.legend(frameon=False, loc="upper right")
    return ax
