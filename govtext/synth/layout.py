"""The printed layout of the three template tables: cells with row and column spans.

One layout serves every renderer: HTML and DOCX draw the spans, the flattened
text and Markdown writers walk the expanded grid.

Examples
--------
>>> grid = requests_grid("2021", {})
>>> grid.width, grid.rows[3][0].text
(10, '一、本年新收政府信息公开申请数量')
>>> [c.text for c in review_grid({}).rows[0]]
['行政复议', '行政诉讼']
"""
from __future__ import annotations

from dataclasses import dataclass

from govtext.structure import template as T
from govtext.synth.model import Key, PrintedCell

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEAD = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
#: requests rows grouped as printed: (group label or None, [(row key, printed label)])
GROUPS_2021 = (
    ("（三）不予公开", ["denied_state_secret", "denied_law_prohibited", "denied_three_safeties", "denied_third_party",
                     "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_query_matter"]),
    ("（四）无法提供", ["unable_not_held", "unable_needs_creation", "unable_unclear"]),
    ("（五）不予处理", ["rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive",
                     "rejected_confirmation"]),
    ("（六）其他处理", ["other_overdue_correction", "other_unpaid_fee", "other_other"]),
)
LABEL_OVERRIDES = {"denied_three_safeties": "危及“三安全一稳定”"}
#: label typos seen in real tables (the words that identify the row survive)
LABEL_TYPOS = {"denied_law_prohibited": "其他法律行政止公开", "unable_needs_creation": "没有现成信息需要另外制作",
               "rejected_confirmation": "要求行政机关确认或重新出具已获得信息"}
REVIEW_HEAD = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
ACTIVE_BLOCKS = {
    "2021": (("第二十条第（一）项", ["rules", "normative_docs"]), ("第二十条第（五）项", ["licensing"]),
             ("第二十条第（六）项", ["penalty", "coercion"]), ("第二十条第（八）项", ["fees"])),
    "2019": (("第二十条第（一）项", ["rules", "normative_docs"]), ("第二十条第（五）项", ["licensing", "other_services"]),
             ("第二十条第（六）项", ["penalty", "coercion"]), ("第二十条第（八）项", ["fees"]),
             ("第二十条第（九）项", ["procurement"])),
}


@dataclass(frozen=True, slots=True)
class LCell:
    """A printed table cell; ``key`` is set on value cells."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    key: Key | None = None
    header: bool = False


@dataclass(frozen=True)
class LabelStyle:
    """How a report prints row labels: sub-item separator, parentheses, the total's word, one typo."""

    sub_sep: str = "."
    half_parens: bool = False
    total_word: str = "总计"
    typo: str | None = None

    def group(self, text: str) -> str:
        """A group label such as （三）不予公开 in this style."""
        return text.replace("（", "(").replace("）", ")") if self.half_parens else text


@dataclass(frozen=True)
class Grid:
    """A table as rows of cells that start in that row (HTML's model)."""

    width: int
    rows: tuple[tuple[LCell, ...], ...]

    def expanded(self) -> list[list[tuple[LCell, bool, bool]]]:
        """Every grid position as ``(cell, starts_here, same_row_as_origin)``."""
        out: list[list[tuple[LCell, bool, bool] | None]] = [[None] * self.width for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while out[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        out[r + dr][c + dc] = (cell, dr == 0 and dc == 0, dr == 0)
                c += cell.colspan
        return out  # type: ignore[return-value]


def _value(cells: dict[Key, PrintedCell], key: Key, colspan: int = 1) -> LCell:
    c = cells.get(key)
    return LCell(c.raw if c else "", colspan=colspan, key=key)


def _label(key: str, style: LabelStyle) -> str:
    if key == style.typo:
        return LABEL_TYPOS[key]
    return LABEL_OVERRIDES.get(key, T.zh_label("requests", "row", key))


def requests_grid(template: str, cells: dict[Key, PrintedCell], style: LabelStyle = LabelStyle()) -> Grid:
    """Table 3 as printed by ``template``."""
    g = style.group
    cols = [c.key for c in T.columns("requests", "new_received", template)]
    vals = lambda row: tuple(_value(cells, ("requests", row, c)) for c in cols)  # noqa: E731
    rows: list[tuple[LCell, ...]] = [
        (LCell(NOTE, rowspan=3, colspan=3, header=True), LCell("申请人情况", colspan=7, header=True)),
        (LCell("自然人", rowspan=2, header=True), LCell("法人或其他组织", colspan=5, header=True), LCell("总计", rowspan=2, header=True)),
        tuple(LCell(t, header=True) for t in APPLICANT_HEAD),
        (LCell("一、本年新收政府信息公开申请数量", colspan=3), *vals("new_received")),
        (LCell("二、上年结转政府信息公开申请数量", colspan=3), *vals("carried_over")),
    ]
    groups = [g for g in GROUPS_2021 if template == "2021" or g[0] != "（六）其他处理"]
    n_outcome_rows = 2 + sum(len(g[1]) for g in groups) + (1 if template == "2019" else 0) + 1
    rows.append((LCell("三、本年度办理结果", rowspan=n_outcome_rows), LCell(g("（一）予以公开"), colspan=2), *vals("granted")))
    rows.append((LCell(g("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), colspan=2), *vals("partly_granted")))
    for label, keys in groups:
        for i, key in enumerate(keys):
            lead = (LCell(g(label), rowspan=len(keys)),) if i == 0 else ()
            rows.append((*lead, LCell(f"{i + 1}{style.sub_sep}{_label(key, style)}"), *vals(key)))
    if template == "2019":
        rows.append((LCell(g("（六）其他处理"), colspan=2), *vals("other")))
    rows.append((LCell(g(f"（七）{style.total_word}"), colspan=2), *vals("total_handled")))
    rows.append((LCell("四、结转下年度继续办理", colspan=3), *vals("carried_forward")))
    return Grid(10, tuple(rows))


def review_grid(cells: dict[Key, PrintedCell]) -> Grid:
    """Table 4: two header rows, a sub-header row and one row of 15 values."""
    keys = [c.key for c in T.columns("review", "cases", "2021")]
    return Grid(15, (
        (LCell("行政复议", colspan=5, header=True), LCell("行政诉讼", colspan=10, header=True)),
        (*(LCell(t, rowspan=2, header=True) for t in REVIEW_HEAD), LCell("未经复议直接起诉", colspan=5, header=True),
         LCell("复议后起诉", colspan=5, header=True)),
        tuple(LCell(t, header=True) for t in REVIEW_HEAD * 2),
        tuple(_value(cells, ("review", "cases", k)) for k in keys),
    ))


def active_grid(template: str, cells: dict[Key, PrintedCell]) -> Grid:
    """Table 2: one block per article-20 item, four columns wide."""
    rows: list[tuple[LCell, ...]] = []
    for title, row_keys in ACTIVE_BLOCKS[template]:
        cols = T.columns("active", row_keys[0], template)
        last_span = 4 - len(cols)
        rows.append((LCell(title, colspan=4, header=True),))
        head = [LCell(c.zh, header=True) for c in cols]
        head[-1] = LCell(head[-1].text, colspan=last_span, header=True)
        rows.append((LCell("信息内容", header=True), *head))
        for row in row_keys:
            vals = [_value(cells, ("active", row, c.key)) for c in cols]
            vals[-1] = LCell(vals[-1].text, colspan=last_span, key=vals[-1].key)
            rows.append((LCell(T.zh_label("active", "row", row)), *vals))
    return Grid(4, tuple(rows))


def table_grids(template: str, cells: dict[Key, PrintedCell], style: LabelStyle = LabelStyle()) -> dict[str, Grid]:
    """The three grids by section key (``active``, ``requests``, ``review``)."""
    return {"active": active_grid(template, cells), "requests": requests_grid(template, cells, style), "review": review_grid(cells)}
