"""Every compiled regular expression of govtext, named, in one place.

Patterns that match *normalised* text (see :mod:`govtext.normalize`) expect
half-width digits and punctuation (NFKC); the others say so.
"""
from __future__ import annotations

import re

#: converter residue: ``[image: 图片1]``, ``[bookmark: _GoBack]``, Word conditional comments
RESIDUE = re.compile(r"\[(?:image|bookmark|图片)[:：][^\]]*\]|<!--\[if[^\]]*\]-->|<!--\[endif\]-->|<!\[endif\]>")
#: a character that starts converter residue once half-width (NFKC): ``[``, ``<`` or a form of one (raw text)
RESIDUE_START = re.compile("[<\\[\ufe47\ufe64\uff1c\uff3b]")
#: horizontal whitespace including ideographic space and NBSP
SPACES = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
#: any whitespace including line breaks and zero-width spaces
ANY_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
#: a parenthesised remark of three or more characters, e.g. (区分处理的,只计这一情形...)
PAREN_NOTE = re.compile(r"[(（][^()（）]{3,}[)）]")
#: a character outside the blocks (ASCII, punctuation, circled numbers, CJK radicals, symbols and ideographs,
#: full-width forms) whose characters NFKC maps one by one: none of them decomposes into, or is, a combining
#: mark or the second half of a composition, so their text's NFKC is the NFKC of each character in turn
#: (tests/test_normalize.py checks this against :mod:`unicodedata`)
NFKC_NOT_CHARWISE = re.compile("[^\u0000-\u007f\u2000-\u2016\u2018-\u203d\u203f-\u206f\u2460-\u24ff\u2e80-\u2fdf"
                               "\u3000-\u3029\u3030-\u303f\u3200-\u320d\u321f-\u326d\u327f-\u32ff\u3400-\u4dbf"
                               "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe48\ufe4d-\ufe6f\uff00-\uff9d\uffe0-\uffe2\uffe4-\uffef]")
#: a run of the characters of those blocks that NFKC changes (full-width forms, circled numbers, compatibility ideographs …)
NFKC_CHANGED = re.compile("[\u2000-\u200a\u2011\u2024-\u2026\u202f\u2033-\u2034\u2036-\u2037\u203c\u2047-\u2049"
                          "\u2057\u205f\u2460-\u24ea\u2e9f\u2ef3\u2f00-\u2fd5\u3000\u3036\u3038-\u303a"
                          "\u3200-\u320d\u3220-\u3247\u3250-\u326d\u3280-\u32ff\uf900-\ufa0d\ufa10\ufa12"
                          "\ufa15-\ufa1e\ufa20\ufa22\ufa25-\ufa26\ufa2a-\ufa6d\ufa70-\ufad9\ufe30-\ufe44"
                          "\ufe47-\ufe48\ufe4d-\ufe52\ufe54-\ufe66\ufe68-\ufe6b\uff01-\uff9d\uffa0-\uffa2\uffa4"
                          "\uffa7-\uffa9\uffb0-\uffbe\uffe0-\uffe2\uffe4-\uffe6\uffe8-\uffee]+")

#: Chinese numerals used in numbering
CN_NUM = "一二三四五六七八九十"
#: leading numbering of a heading or label (normalised text): 一、 3、 1. (一) 第一部分
NUMBERING = re.compile(
    rf"^\s*(?:"
    rf"(?P<part>第(?P<part_n>[{CN_NUM}\d]+)(?:部分|章|节)[、.:：]?)"
    rf"|(?P<cn>(?P<cn_n>[{CN_NUM}]+)[、.．，,])"
    rf"|(?P<paren>\((?P<paren_n>[{CN_NUM}\d]+)\)[、.]?)"
    rf"|(?P<ar>(?P<ar_n>\d{{1,2}})(?:[、．]|\.(?!\d)))"
    rf")\s*"
)
#: a numbering marker anywhere inside a label (used to split merged row labels)
INNER_NUMBERING = re.compile(rf"(?:\([{CN_NUM}]{{1,2}}\)|[{CN_NUM}]{{1,2}}、|(?<![\d.])\d{{1,2}}(?:\.(?!\d)|、))")

#: a cell value: optional sign, digits with optional thousands separators and decimals
NUMBER = re.compile(r"^(?P<sign>[-+−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)$")
#: a number followed by a unit, e.g. 251000元, 3.2万元, 12件
NUMBER_UNIT = re.compile(
    r"^(?P<sign>[-+−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|元|件|条|个|项|次|人次|%)$"
)
#: a number followed by a parenthetical remark, e.g. 22(其中修订16件)
NUMBER_NOTE = re.compile(r"^(?P<sign>[-+−])?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|元|件|条|个|项)?\s*[(（](?P<note>[^()（）]*)[)）]$")
#: footnote marks stuck to a number: 12*, 12※, 12①
FOOTNOTE = re.compile(r"[*※★△▲①②③④⑤⑥⑦⑧⑨]+$")
#: cells that mean "nothing": slash, dashes, 无
DASH = re.compile(r"^(?:/|／|-|—|–|－|——|——|—|无|空|\\)$")

#: a four-digit year followed by 年 (normalised text)
YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年")
#: report title: [agency] YEAR年(度) [agency] (政府)信息公开(工作)(年度)报告
TITLE = re.compile(
    r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<post>.*?)(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:工作)?报告"
)
#: statistics period: 统计期限/周期/时限 ... YYYY年M月D日 ... 至 ... [YYYY年]M月D日
STAT_PERIOD = re.compile(
    r"统计(?:期限|周期|时限|时间|区间)[^0-9]{0,12}?(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日"
    r"[^0-9]{0,8}?(?:(?P<y2>\d{4})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
#: a date written out: 2026年1月23日 or 2022-02-08
DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})\s*日?")
#: crawler header line: 发布时间: 2022-02-08 16:34
PUBLISHED_HEADER = re.compile(r"^(?:发布时间|发布日期|成文日期|时间)\s*[:：]\s*(?P<date>\S+)")

#: a document is probably Markdown when it has pipe-table rows or ATX headings
MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
MD_HEADING = re.compile(r"^\s*(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
#: site chrome a crawler keeps before the article: breadcrumb, source/time line, share and view buttons
CRAWLER_CHROME = re.compile(r"当前位置[:：]?|您的位置[:：]?|首页|来源[:：]\s*\S*|时间[:：]\s*[\d-]+(?:\s+[\d:]+)?|微信|微博|QQ空间|全真版|文字版|"
                            r"文件下载|相关链接[:：]?|分享到[:：]?|字号[:：]?|-->")
#: how far into a crawled body the leading chrome may reach (characters)
CHROME_SPAN = 400
#: chrome a crawler keeps after the article (download/print/close links)
CRAWLER_CHROME_TAIL = re.compile(r"\s*(?:附件下载|打印本页|关闭窗口|【打印】|【关闭】|扫一扫在手机打开当前页)\s*$")
#: header words that only a pre-2019 statistics table (统计表) prints
LEGACY_TABLE_HEADER = re.compile(r"指标名称|计量单位|历年累计")
#: page markers such as "- 4 -", "— 1 —", "第 3 页"
PAGE_MARKER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)\s*$")

#: a quantity in running text (normalised): a number with a counting unit or a percentage (a year such as 2022年 is not one)
QUANTITY = re.compile(r"(?<![\d.])(?!(?:19|20)\d{2}\s*年)\d+(?:\.\d+)?\s*(?:%|件|次|条|个|项|人次|人|场|篇|期|家|名|天|日|小时|万元|元|余|年|月|批|份|处)")
#: a concrete improvement measure: an action verb with a named instrument within one clause
CONCRETE_MEASURE = re.compile(
    r"(?:制定|出台|印发|修订|修改|建立|健全|开通|上线|开设|新增|组织|举办|开展|编制|更新|梳理)[^,，。;；]{0,12}?"
    r"(?:制度|办法|规定|细则|方案|指南|目录|平台|专栏|专区|系统|培训|考核|机制|清单|标准|流程|台账)"
)
#: stock phrases that promise improvement without saying how
STOCK_PHRASE = re.compile(r"进一步|不断|持续|有待|仍需|仍有|尚需|尚有|差距|不够|不足|加大力度|切实|认真|积极|努力|深入")
#: an information-processing fee amount stated in the text: 收取信息处理费0元 / 信息处理费共计120元
INFO_FEE_AMOUNT = re.compile(r"信息处理费[^。;；]{0,20}?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)")
#: a statement that no information-processing fee was collected
INFO_FEE_NONE = re.compile(r"(?:未|没有|不|无|均未|未曾)(?:收取|产生|涉及)[^。;；]{0,10}?信息处理费|信息处理费[^。;；]{0,6}?(?:为零|为0)")

# agency names (govtext.panel.names)
#: a year with 年 or 年度, or a lone 年度 (titles: 2021年度, 2021 年)
AGENCY_YEAR = re.compile(r"(?:19|20)\d{2}年度?|年度")
#: the report words that end a title: (政府|政务)信息公开(工作)(年度)报告, optionally preceded by 的/关于
AGENCY_REPORT_WORDS = re.compile(r"(?:关于)?的?(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:工作)?(?:情况)?的?(?:年度)?报告.*$")
#: a bracketed remark: (本级), （2021）, 【…】, [...]
AGENCY_BRACKETED = re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]")
#: quote marks and stray brackets around or inside a name
AGENCY_QUOTES = re.compile(r"[《》“”\"'‘’「」『』()（）\[\]【】:：,，、]")
#: the management committee written out, or together with the party working committee
AGENCY_COMMITTEE = re.compile(r"(?:中共)?(?:党工委|工委)?(?:[、和与及/]?(?:管理委员会|管委会))")
#: the stem of a zone whose own committee is the agency (…开发区管委会, …园区管委会, …新城管委会)
ZONE_COMMITTEE = re.compile(r"(?P<stem>.+(?:区|园|新城|港|岛))管委会$")
#: a government written without 人民, at the end or before its general office
BARE_GOVERNMENT = re.compile(r"(?<!人民)政府(?=$|办公厅$|办公室$)")

# agencies' places, levels and kinds (govtext.panel.places)
#: suffixes dropped to get a division's short name: 吉林省 -> 吉林, 延边朝鲜族自治州 -> 延边, 平潭县 -> 平潭
DIVISION_SUFFIX = re.compile(r"(?P<short>.{2,}?)(?:维吾尔|[\u4e00-\u9fff]{1,6}?族)*(?:自治区|自治州|自治县|自治旗|特别行政区|地区|林区|省|市|盟|县|区|旗)")
#: what may not follow a short division name (公安局 is not 公安县's bureau, 新安镇 is not in 新安县)
AFTER_SHORT_DIVISION = re.compile(r"^(?:局|厅|委|办|部|处|科|室|署|院|所|镇|乡|街道|村|社区)")
#: a contact address written out in the preamble
CONTACT_ADDRESS = re.compile(r"(?:联系|通讯|通信|办公)?地址[:：]?(?P<addr>[^；;，,。()（）]{4,40})")
#: a postcode: 邮编 350400, 邮政编码：130000, 邮 编：350400
POSTCODE = re.compile(r"邮(?:政)?编(?:码)?[:：]?(?P<code>\d{6})(?!\d)")
#: names of central bodies (no division in front)
CENTRAL_BODY = re.compile(r"^(?:国务院|中华人民共和国|中国人民银行|国家|中央|最高人民|海关总署|审计署|新华通讯社|中国科学院|中国社会科学院|中国工程院|中国气象局|中国地震局)")
#: township-level bodies: 乡/镇 governments and sub-district offices
TOWNSHIP_SUFFIX = re.compile(r"(?:街道办事处|街道办|街道|(?:民族)?乡(?:人民政府)?|镇(?:人民政府)?|苏木)$")
#: governments
GOVERNMENT_SUFFIX = re.compile(r"人民政府$")
#: development zones, pilot zones, new areas and their committees
ZONE_SUFFIX = re.compile(r"(?:开发区|实验区|试验区|新区|高新区|园区|保税区|自贸区|合作区|示范区|经济区|功能区|产业区|工业区|港区|度假区|风景区|新城)(?:管委会)?$|管委会$")
#: departments: bureaus, commissions, offices, halls, centres …
DEPARTMENT_SUFFIX = re.compile(r"(?:局|委|委员会|办|办公室|办公厅|厅|署|中心|院|所|站|队|处|部|会|行|社|馆|司|总署|室|团|公司)$")

# narrative text (govtext.text, govtext.checks.narrative)
#: one sentence: text up to and including sentence-final punctuation and any closing quotes (raw text)
SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$)")
#: sentence-final punctuation (raw text)
SENTENCE_END = re.compile(r"[。！？!?]")
#: an enumeration item opening a sentence or following a clause mark: 一是 / ；二是 (raw text)
ENUM_ITEM = re.compile(r"(?:^|(?<=[；;，,：:]))\s*(?P<n>十?[一二三四五六七八九]|十)是")
#: a decimal digit: a sentence without one states no number, and every ``CLAIM_…`` pattern's ``n`` is ``\d+``
DIGIT = re.compile(r"\d")
#: a clause boundary in running text (normalised, spaces removed)
CLAUSE_BREAK = re.compile(r"[。；;，,：:！？!?]")
#: a clause that speaks of another period (a comparison), not of the reporting year (normalised)
OTHER_PERIOD = re.compile(r"去年|上一年度?(?!结转)|同比|比上年|较上年|上年度?(?:共|全年|收到|受理)")
# numbers stated in the narrative (normalised, spaces removed); each has a group n
#: 共收到政府信息公开申请33件 / 受理各类申请共计81件
CLAIM_RECEIVED = re.compile(r"(?:收到|受理|接收|新收|接到)[^。；;，,\d]{0,20}?申请[^。；;，,\d]{0,6}?(?P<n>\d+)件")
#: 共收到70件申请
CLAIM_RECEIVED_BEFORE = re.compile(r"(?:收到|受理|接收|新收|接到)[^。；;，,\d]{0,4}?(?P<n>\d+)件(?:政府信息公开|信息公开|依申请公开)?申请")
#: 上年结转2件 / 含上年度结转申请34件
CLAIM_CARRIED = re.compile(r"上年度?结转[^。；;，,\d]{0,12}?(?P<n>\d+)件")
#: 结转下年度继续办理1件
CLAIM_FORWARD = re.compile(r"结转(?:至|到)?下一?年度?[^。；;，,\d]{0,12}?(?P<n>\d+)件")
#: 1件结转下年度
CLAIM_FORWARD_BEFORE = re.compile(r"(?P<n>\d+)件(?:申请)?结转(?:至|到)?下一?年")
#: 办结69件 / 共办理718件 (requests, not 办理相关案件74件: cases belong to the review table)
CLAIM_HANDLED = re.compile(r"(?:办结|共办理|办理完结)[^。；;，,\d案]{0,12}?(?P<n>\d+)件")
#: 予以公开13件 (not 予以公开及部分公开)
CLAIM_GRANTED = re.compile(r"(?<!均)予以公开(?!及|和|、|或)[^。；;，,\d]{0,4}?(?P<n>\d+)件")
#: 予以公开及部分公开258件
CLAIM_GRANTED_OR_PARTLY = re.compile(r"予以公开(?:及|和|、|或)部分公开[^。；;，,\d]{0,4}?(?P<n>\d+)件")
#: 被申请行政复议2件 / 行政复议案件2件 (not 行政复议、行政诉讼案件74件)
CLAIM_RECONSIDERATION = re.compile(r"行政复议(?:案件|申请)?[^。；;，,、和及与\d]{0,6}?(?P<n>\d+)(?:件|起)")
#: 行政诉讼7件 (not after 、/和: a combined count)
CLAIM_LITIGATION = re.compile(r"(?<![、和及与])行政诉讼(?:案件)?[^。；;，,、和及与\d]{0,6}?(?P<n>\d+)(?:件|起)")
#: a sentence that opens with a year: 2021年，… / 2021年以来 / 2021年度 (normalised)
LEADING_YEAR = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.]\s*)?(?P<year>(?:19|20)\d{2})年度?(?:[,，]|全年|共|我|全|本)")
#: the end of a line that closes a sentence, a clause list or a heading colon (raw text)
LINE_END = re.compile(r"[。！？!?；;：:”’」』]\s*$")
#: an agency referring to itself: 我区, 我局, 本机关 … (the words that vary between copies of the template's own sentences)
SELF_REFERENCE = re.compile(r"我(?:省|市|州|区|县|旗|局|委|办|厅|镇|乡|街道|单位|部门|中心|院|处|司|署|会|馆|站|所)|本(?:机关|单位|局|委|办|厅|部门|院|中心|镇|乡|街道)")

# --- document classification (govtext.classify) ---
#: the words of an annual disclosure report's title: 政府信息公开工作年度报告, 信息公开年度报告, 政务公开…年度报告
REPORT_WORDS = re.compile(r"(?:政府|政务)?信息公开(?:工作)?(?:情况)?的?(?:年度)?(?:工作)?报告|政务公开[^。；;]{0,12}年度报告")
#: wording found only in the template's tables and the standard sentences around them
TEMPLATE_MARKERS = re.compile(r"本年新收|上年结转|申请人情况|自然人|商业企业|不予公开|制发件数|现行有效件数|"
                              r"行政复议|行政诉讼|信息处理费|主动公开|依申请公开|政府信息公开条例")
#: title words of documents that are filed under the disclosure column but are not annual reports, by kind
NON_REPORT_TITLES: dict[str, re.Pattern] = {
    "budget": re.compile(r"(?:部门|单位|财政|政府)?(?:预算|决算)(?:公开|说明|报告|表)?|三公经费"),
    "work-plan": re.compile(r"工作要点|工作计划|实施方案|工作方案|行动方案|任务分工"),
    "letter": re.compile(r"关于.{0,60}的(?:函|复函)|复函|答复书|告知书|回复"),
    "notice": re.compile(r"的通知|通知$|通告|公告|公示|意见$|办法$|规定$|决定$|批复"),
}
#: an error page saved in place of the report: HTTP errors, removed pages, access denied
ERROR_PAGE = re.compile(r"\b(?:404|403|500|502|503)\b|not\s+found|forbidden|页面不存在|页面已删除|找不到(?:该|您|所)?(?:访问的)?页面|"
                        r"访问出错|无法访问|系统繁忙|您访问的页面|该信息已(?:删除|过期|撤销)|页面出错", re.I)
#: a letter, digit or ideograph: a document without one has no text (NULs, BOMs, blanks, markup only)
HAS_TEXT = re.compile(r"\w")
