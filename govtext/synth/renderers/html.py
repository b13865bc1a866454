"""HTML: a standalone page, a bare fragment, or the report inside an agency site's page shell.

Tables keep ``rowspan``/``colspan``; blank cells are ``&nbsp;``; text is
wrapped in Word-export style ``<span>`` markup; some pages carry Word
conditional comments; long header labels may be broken by ``<br />``. Pages
are UTF-8 or GBK, declared in a meta charset (a fragment declares nothing).

Examples
--------
>>> from govtext.synth.builder import generate_reports
>>> out = render(next(generate_reports(1, seed=3)))
>>> b"rowspan" in out.data and b"charset=" in out.data
True
"""
from __future__ import annotations

from html import escape

from govtext.synth.layout import Grid
from govtext.synth.model import SynthReport
from govtext.synth.renderers.base import Rendered, document_items

_SPAN = '<span style="font-family:仿宋_GB2312;font-size:16px">{}</span>'
_CELL_STYLE = "border:1px solid windowtext;padding:0pt 5.4pt"


def _broken(text: str) -> str:
    """A long header label broken by ``<br />`` as word processors export it."""
    half = len(text) // 2
    return escape(text[:half]) + "<br />" + escape(text[half:])


def table_html(grid: Grid, breaks: bool = False) -> str:
    """One ``<table>`` with spans; blank cells as ``&nbsp;``; ``breaks`` puts ``<br />`` into long headers."""
    rows = []
    for row in grid.rows:
        tds = []
        for c in row:
            attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            body = _broken(c.text) if breaks and c.header and 4 <= len(c.text) <= 12 else escape(c.text)
            text = _SPAN.format(body) if c.text else "&nbsp;"
            tds.append(f'<td{attrs} valign="center" style="{_CELL_STYLE}"><p align="center">{text}</p></td>')
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return ('<table class="MsoNormalTable" border="1" cellspacing="0" style="border-collapse:collapse"><tbody>'
            + "\n".join(rows) + "</tbody></table>")


def article_html(report: SynthReport) -> str:
    """The report body: title, paragraphs, headings, tables, signature."""
    residue = report.style["residue"]
    out = []
    for item in document_items(report):
        text = escape(item.text)
        if item.kind == "title":
            out.append(f'<p align="center" style="text-align:center"><strong>{_SPAN.format(text)}</strong></p>')
        elif item.kind == "heading":
            tag = "h3" if report.style["variant"] < 0.4 else "p"
            out.append(f"<{tag}><strong>{_SPAN.format(text)}</strong></{tag}>")
        elif item.kind == "subhead":
            lead = "<!--[if !supportLists]--><!--[endif]-->" if residue else ""
            out.append(f"<p>{lead}<strong>{text}</strong></p>")
        elif item.kind == "table":
            out.append(table_html(item.grid, breaks=report.style["variant"] > 0.7))
        elif item.kind == "signature":
            out.append(f'<p align="right" style="text-align:right">{_SPAN.format(text)}</p>')
        else:
            out.append(f'<p style="text-indent:2em">{_SPAN.format(text)}</p>')
    return "\n".join(out)


def _shell(report: SynthReport, body: str, charset: str) -> str:
    a = report.agency_printed
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="SiteName" content="{escape(a)}" />
<meta name="ArticleTitle" content="{escape(report.title)}" />
<meta name="PubDate" content="{report.published} 09:00" />
<title>{escape(report.title)}_政府信息公开年报_{escape(a)}</title>
<link rel="stylesheet" type="text/css" href="/images/style.css">
<script type="text/javascript" src="/js/jquery.min.js"></script>
</head>
<body>
<div class="header"><div class="logo"><a href="/">{escape(a)}</a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zwfw/">政务服务</a></li></ul>
<div class="search"><input type="text" placeholder="请输入关键词" /><button>搜索</button></div></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfxxgk/">政府信息公开</a> &gt; <span>政府信息公开年报</span></div>
<div class="article">
<h1 class="title">{escape(report.title)}</h1>
<div class="info"><span>发布时间：{report.published}</span><span>来源：{escape(a)}</span><span>字号：[ 大 中 小 ]</span></div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a> <a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>
<div class="footer"><p>主办单位：{escape(a)} 版权所有</p><p>网站标识码：{int(report.agency.agency_id[1:], 16) % 10**10:010d} ICP备案号：ICP备{report.index:08d}号</p><p>地址：{escape(report.agency.province or "北京市")} 联系电话：010-12345678</p></div>
</body>
</html>
"""


def render(report: SynthReport) -> Rendered:
    """Render ``report`` as HTML (standalone or in a site shell, UTF-8 or GBK)."""
    gbk = report.style["html_gbk"]
    charset = "gbk" if gbk else "utf-8"
    body = article_html(report)
    if report.style["html_shell"]:
        html, variant = _shell(report, body, charset), "shell"
    elif report.style["variant"] < 0.3:
        html, variant = body + "\n", "fragment"
    else:
        html = (f'<html><head><meta charset="{charset}"><title>{escape(report.title)}</title></head>\n<body>\n{body}\n</body></html>\n')
        variant = "standalone"
    data = html.encode("gbk", errors="xmlcharrefreplace") if gbk else html.encode("utf-8")
    return Rendered(data, "html", "html", encoding=charset, variant=variant)
