"""Figures stated in the narrative (情况说明): totals, budget lines, “三公” expenses.

PDF extraction breaks sentences over lines, so the narrative is read as one *stream*:
the text of every non-table line with whitespace and markdown removed, each character
remembering the line it came from. Patterns match the stream; every captured number
records the line its first digit is printed on.

Patterns are scoped to the explanation section they belong to (e.g. 支出决算情况说明), so a
budget figure quoted in an appendix is not mistaken for the year's final figure.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from juesuan.ingest.common import set_value, total_row
from juesuan.text import UNSIGNED_NUMBER, Line

NUM = UNSIGNED_NUMBER
YUAN = "万元"
_DROP = re.compile(r"[\s\u3000*]|</?[a-z]+[^>]*>")
_HEADING = re.compile(r"^\s*(?:\*\*)?\s*[一二三四五六七八九十]{1,3}\s*、")


def _drop(text: str) -> str:
    """A line without whitespace, markdown '*' or html tags (_DROP), as it is matched.

    Without a '<' there is no tag to remove, and str.split (the same whitespace as the
    regex's) does the rest several times faster than the regex.
    """
    if "<" in text:
        return _DROP.sub("", text)
    return "".join(text.split()).replace("*", "")


# Words that state an amount of zero: '零', and '无' where a statement of none captures it.
_NONE_WORDS = ("零", "无")


def none_word(name: str) -> str:
    """A named group capturing the '无' of a statement of none, read as 0 on its line."""
    return f"(?P<{name}>无)"


def num(name: str) -> str:
    """A named group capturing one printed number."""
    return f"(?P<{name}>{NUM})"


def in_narrative(line: Line) -> bool:
    """Whether a line is narrative text: not a table row (tabs), a page number or blank."""
    return not ("\t" in line.text or line.is_page or line.is_blank)


@dataclass
class Stream:
    """Narrative text as one string, and the source line of each of its characters.

    The lines are kept per piece of text (where it starts, its line), not per character: a
    list with one entry per character cost more to build than reading the text does.
    """

    text: str
    starts: list[int]  # offset of the first character of each non-empty piece, increasing
    lines: list[int]  # the line of each piece

    @classmethod
    def from_lines(cls, lines: list[Line]) -> Stream:
        """The narrative lines without whitespace or markdown, run together."""
        return cls.from_pieces((_drop(line.text), line.no)
                               for line in lines if in_narrative(line))

    @classmethod
    def from_pieces(cls, pieces: Iterable[tuple[str, int]]) -> Stream:
        """Text pieces in order, each with the line it is attributed to: for a reader that
        cleans or joins the lines its own way but still needs every character's line."""
        chars: list[str] = []
        starts: list[int] = []
        line_nos: list[int] = []
        size = 0
        for text, line_no in pieces:
            if text:
                chars.append(text)
                starts.append(size)
                line_nos.append(line_no)
                size += len(text)
        return cls("".join(chars), starts, line_nos)

    def line(self, pos: int) -> int:
        """The line of the character at `pos` (of the last character, past the end)."""
        pos = min(pos, len(self.text) - 1)
        return self.lines[bisect.bisect_right(self.starts, pos) - 1]

    def first_offsets(self) -> dict[int, int]:
        """Where the first character of each line (that has any) is."""
        out: dict[int, int] = {}
        for start, line_no in zip(self.starts, self.lines, strict=True):
            out.setdefault(line_no, start)
        return out

    def value(self, m: re.Match, group: str) -> tuple[float | None, int | None]:
        """The number captured by `group` and the line it is printed on."""
        raw = m.group(group)
        if raw is None:
            return None, None
        if raw in _NONE_WORDS:  # '零', or '无' in a statement of none ('无政府采购事项')
            return 0.0, self.line(m.start(group))
        return float(raw.replace(",", "")), self.line(m.start(group))


@dataclass
class Section:
    title: str  # heading with whitespace removed (may include the next line's text)
    start: int  # stream offsets
    end: int


def sections(lines: list[Line], stream: Stream) -> list[Section]:
    """Top-level numbered sections (一、…) of the narrative, as stream ranges."""
    starts: list[tuple[int, str]] = []
    pos_of_line = stream.first_offsets()
    for idx, line in enumerate(lines):
        # (every heading has a 、: most lines are spared the regex)
        if "\t" in line.text or "、" not in line.text or not _HEADING.match(line.text) \
                or line.no not in pos_of_line:
            continue
        title = _drop(line.text)
        if not title.endswith(("说明", "情况", "表")):  # heading broken over two lines
            title += _drop(next((x.text for x in lines[idx + 1 : idx + 3]
                                 if not x.is_blank), ""))
        starts.append((pos_of_line[line.no], title))
    out = []
    for k, (start, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(stream.text)
        out.append(Section(title, start, end))
    return out


def _in(secs: list[Section], *keywords: str, exclude: tuple[str, ...] = ()) -> list[Section]:
    return [s for s in secs if all(k in s.title for k in keywords)
            and not any(x in s.title[:40] for x in exclude)]


# --- totals ---------------------------------------------------------------------------
# (section keywords, excluded words, pattern, {group: metric}, percent kind)
_PCT = r"(?:[，,]?(?:占比?|占本年支出合计的)" + num("pct") + r"[%％])?"
TOTAL_RULES: list[tuple[tuple[str, ...], tuple[str, ...], str, dict[str, str], str | None]] = [
    (("收入支出决算总体",), ("财政拨款",),
     r"收入总计、支出总计均为" + num("v") + YUAN, {"v": "income_total|expenditure_total"}, None),
    (("收入支出决算总体",), ("财政拨款",),
     r"收、支总计均为" + num("v") + YUAN, {"v": "income_total|expenditure_total"}, None),
    (("收入支出决算总体",), ("财政拨款",),
     r"(?<!财政拨款)收入总计" + num("a") + YUAN + r"[，,]支出总计" + num("b") + YUAN,
     {"a": "income_total", "b": "expenditure_total"}, None),
    (("收入支出决算总体",), ("财政拨款",),  # the national wording: '收入支出总计2995.39万元'
     r"(?<!财政拨款)收入支出总计(?:为|均为|共)?" + num("v") + YUAN,
     {"v": "income_total|expenditure_total"}, None),
    (("财政拨款收",), ("一般公共预算",),
     r"财政拨款收入支出总计(?:为|均为|共)?" + num("v") + YUAN,
     {"v": "fiscal_income_total|fiscal_expenditure_total"}, None),
    (("财政拨款收",), ("一般公共预算",),
     r"财政拨款收入总计、支出总计均为" + num("v") + YUAN,
     {"v": "fiscal_income_total|fiscal_expenditure_total"}, None),
    (("财政拨款收",), ("一般公共预算",),
     r"财政拨款收、支总计均为" + num("v") + YUAN,
     {"v": "fiscal_income_total|fiscal_expenditure_total"}, None),
    (("财政拨款收",), ("一般公共预算",),
     r"财政拨款收入总计" + num("a") + YUAN + r"[，,]支出总计" + num("b") + YUAN,
     {"a": "fiscal_income_total", "b": "fiscal_expenditure_total"}, None),
    (("收入决算",), ("总体", "财政拨款"),
     r"(?:本年)?收入合计" + num("v") + YUAN, {"v": "income_current_year"}, None),
    (("收入决算",), ("总体", "财政拨款"),
     r"(?<!预算)财政拨款收入" + num("v") + YUAN + _PCT,
     {"v": "income_fiscal_appropriation"}, "share"),
    (("收入决算",), ("总体", "财政拨款"),
     r"一般公共预算财政拨款收入" + num("v") + YUAN + _PCT,
     {"v": "income_gpb_appropriation"}, "share"),
    (("收入决算",), ("总体", "财政拨款"),
     r"事业收入" + num("v") + YUAN + _PCT, {"v": "income_business"}, "share"),
    (("收入决算",), ("总体", "财政拨款"),
     r"(?<!附属单位上缴)经营收入" + num("v") + YUAN + _PCT, {"v": "income_operating"}, "share"),
    (("收入决算",), ("总体", "财政拨款"),
     r"其他收入" + num("v") + YUAN + _PCT, {"v": "income_other"}, "share"),
    (("支出决算",), ("总体", "财政拨款"),
     r"(?:本年)?支出合计" + num("v") + YUAN, {"v": "expenditure_current_year"}, None),
    (("支出决算",), ("总体", "财政拨款"),
     r"基本支出" + num("v") + YUAN + _PCT, {"v": "expenditure_basic"}, "share"),
    (("支出决算",), ("总体", "财政拨款"),
     r"项目支出" + num("v") + YUAN + _PCT, {"v": "expenditure_project"}, "share"),
    (("支出决算",), ("总体", "财政拨款"),
     r"经营支出" + num("v") + YUAN + _PCT,
     {"v": "expenditure_operating"}, "share"),
    (("一般公共预算财政拨款支出",), ("基本支出",),
     r"一般公共预算(?:财政拨款)?(?:决算)?支出(?:决算数为)?(?:年初预算(?:为)?" + num("b")
     + r"万元[，,]支出决算(?:为)?)?" + num("v") + YUAN
     + r"(?:[，,](?:完成年初预算|占本年支出合计)的" + num("pct") + r"[%％])?",
     {"b": "gpb_expenditure_budget_initial", "v": "gpb_expenditure_actual"}, "auto"),
    (("基本支出",), (),
     r"一般公共预算财政拨款基本支出" + num("v") + YUAN, {"v": "gpb_basic_expenditure"}, None),
    (("财政拨款基本支出",), (), r"(?<!一般公共预算)财政拨款基本支出" + num("v") + YUAN,
     {"v": "gpb_basic_expenditure"}, None),
    (("基本支出",), (), r"人员经费" + num("v") + YUAN, {"v": "basic_personnel"}, None),
    (("基本支出",), (), r"公用经费" + num("v") + YUAN, {"v": "basic_public"}, None),
]

# Distinctive phrases, searched in the whole narrative.
GLOBAL_RULES: list[tuple[str, dict[str, str], str | None]] = [
    (r"机关运行经费预算" + num("b") + r"万元[，,]支出决算" + num("v") + YUAN
     + r"(?:[，,]完成预算的" + num("pct") + r"[%％])?",
     {"b": "agency_operating_budget", "v": "agency_operating_actual"}, "completion"),
    (r"机关运行经费支出" + num("v") + YUAN, {"v": "agency_operating_actual"}, None),
    (r"政府采购支出总额(?:共)?" + num("v") + YUAN, {"v": "procurement_total"}, None),
    # the national wording: '政府采购金额（以合同签订为准）为251.25万元，其中：货物采购金额…'
    (r"政府采购金额(?:[（(][^）)]{0,12}[)）])?(?:为|共)?" + num("v") + YUAN,
     {"v": "procurement_total"}, None),
    (r"货物采购金额(?:为)?" + num("v") + YUAN, {"v": "procurement_goods"}, None),
    (r"工程采购金额(?:为)?" + num("v") + YUAN, {"v": "procurement_works"}, None),
    (r"服务采购金额(?:为)?" + num("v") + YUAN, {"v": "procurement_services"}, None),
    (none_word("v") + r"政府采购(?:事项|支出|项目)", {"v": "procurement_total"}, None),
    (r"政府采购货物支出" + num("v") + YUAN, {"v": "procurement_goods"}, None),
    (r"政府采购工程支出" + num("v") + YUAN, {"v": "procurement_works"}, None),
    (r"政府采购服务支出" + num("v") + YUAN, {"v": "procurement_services"}, None),
    (r"(?<![政业公])编制(?:人数)?" + num("v") + "人", {"v": "staff_authorized"}, None),
    (r"(?:实有人员|实有人数|在职)" + num("v") + "人", {"v": "staff_actual"}, None),
    (r"离退休人员(?:共)?" + num("v") + "人", {"v": "staff_retired"}, None),
    (r"决算编制范围的单位共" + num("v") + "个", {"v": "budget_units"}, None),
    (r"决算数据反映" + num("v") + "个预算单位", {"v": "budget_units"}, None),
    (r"(?:共接待国内来访团组|国内公务接待|共接待)" + num("b") + r"(?:个|批次)[，,]?(?:来宾)?"
     + num("v") + "人次", {"b": "reception_batches", "v": "reception_visitors"}, None),
    (r"共有车辆" + num("v") + "辆", {"v": "vehicles_total"}, None),
]

_OTHER_YEAR = re.compile(r"(20\d\d)年")


def _row(metric: str, value: float, line: int, part: str) -> dict:
    return total_row(metric, value, line, part, "narrative")


def _apply(stream: Stream, m: re.Match, groups: dict[str, str], pct_kind: str | None,
           part: str) -> list[dict]:
    rows = []
    for group, metrics in groups.items():
        value, line = stream.value(m, group)
        if value is None:
            continue
        for metric in metrics.split("|"):
            row = _row(metric, value, line, part)
            if pct_kind and "pct" in m.re.groupindex and m.group("pct") and group == "v":
                set_value(row, "percent_stated", *stream.value(m, "pct"))
                row["percent_kind"] = pct_kind if pct_kind != "auto" else (
                    "share" if "占" in m.group(0) else "completion")
            rows.append(row)
    return rows


# Year-on-year changes: '与上年相比收入总计、支出总计增加 558.27 万元，增长 33.82%'.
# (section keywords, excluded words, {subject: base metrics}); a decrease is stored negative.
_CHANGE = re.compile(
    r"(?P<subj>收入总计、支出总计|收、支总计|收入、支出总计|收入总计|支出总计|"
    r"一般公共预算财政拨款支出|财政拨款支出)(?:各)?(?P<dir>增加|减少)" + num("v") + YUAN
    + r"[，,](?:增长|下降)" + num("pct") + r"[%％]")
CHANGE_RULES: list[tuple[tuple[str, ...], tuple[str, ...], dict[str, str]]] = [
    (("收入支出决算总体",), ("财政拨款",),
     {"收入总计、支出总计": "income_total|expenditure_total", "收、支总计":
      "income_total|expenditure_total", "收入、支出总计": "income_total|expenditure_total",
      "收入总计": "income_total", "支出总计": "expenditure_total"}),
    (("财政拨款收",), ("一般公共预算",),
     {"收入总计、支出总计": "fiscal_income_total|fiscal_expenditure_total",
      "收、支总计": "fiscal_income_total|fiscal_expenditure_total",
      "收入总计": "fiscal_income_total", "支出总计": "fiscal_expenditure_total"}),
    (("一般公共预算财政拨款支出",), ("基本支出",),
     {"一般公共预算财政拨款支出": "gpb_expenditure_actual",
      "财政拨款支出": "gpb_expenditure_actual"}),
]


def extract_changes(stream: Stream, secs: list[Section]) -> list[dict]:
    """Year-on-year changes of headline figures (`<metric>_yoy_change`, growth in percent)."""
    rows: list[dict] = []
    for keywords, exclude, subjects in CHANGE_RULES:
        for sec in _in(secs, *keywords, exclude=exclude):
            for m in _CHANGE.finditer(stream.text, sec.start, sec.end):
                bases = subjects.get(m["subj"])
                sign = -1.0 if m["dir"] == "减少" else 1.0
                value, line = stream.value(m, "v")
                pct, pct_line = stream.value(m, "pct")
                for base in (bases or "").split("|") if bases else ():
                    row = _row(f"{base}_yoy_change", sign * value, line,
                               f"情况说明/{sec.title[:20]}")
                    set_value(row, "percent_stated", sign * pct, pct_line)
                    row["percent_kind"] = "growth"
                    rows.append(row)
    return rows


def extract_totals(lines: list[Line], stream: Stream, secs: list[Section],
                   fiscal_year: int | None) -> list[dict]:
    """Headline figures from the narrative, one row per statement."""
    rows: list[dict] = extract_changes(stream, secs)
    for keywords, exclude, pattern, groups, pct_kind in TOTAL_RULES:
        for sec in _in(secs, *keywords, exclude=exclude):
            part = f"情况说明/{sec.title[:20]}"
            for m in re.compile(pattern).finditer(stream.text, sec.start, sec.end):
                rows.extend(_apply(stream, m, groups, pct_kind, part))
    for pattern, groups, pct_kind in GLOBAL_RULES:
        for m in re.finditer(pattern, stream.text):
            before = re.split(r"[。；;]", stream.text[max(0, m.start() - 60) : m.start()])[-1]
            years = [int(y) for y in _OTHER_YEAR.findall(before)]
            if fiscal_year and years and years[-1] != fiscal_year:
                continue  # a prior-year figure quoted for comparison
            rows.extend(_apply(stream, m, groups, pct_kind, "情况说明"))
    return _dedupe(rows)


def _dedupe(rows: list[dict]) -> list[dict]:
    """The same statement matched by two rules (same metric, line, value) is kept once."""
    seen, out = set(), []
    for r in rows:
        key = (r["metric"], r["src_line"], r["value"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# --- budget lines (一般公共预算财政拨款支出 by 类/款/项) -----------------------------------
_P = r"[（(]"
_Q = r"[)）]"
_NAME = r"[^（()）。：:，,；;\d]{2,40}?"
_LINE_ITEM = re.compile(
    r"(?:^|(?<=[。；;：:\n]))?\d{1,2}[.．、]"
    rf"(?P<cls>{_NAME}){_P}(?:类|(?P<c1>\d{{3}})){_Q}"
    rf"(?P<sec>{_NAME}){_P}(?:款|(?P<c2>\d{{2}})){_Q}"
    rf"(?P<item>{_NAME}){_P}(?:项|(?P<c3>\d{{2}})){_Q}"
)
_BUDGET = re.compile(r"年初预算(?:数)?(?:为)?(?P<b>" + NUM + r"|零)")
_ACTUAL = re.compile(r"支出决算(?:数)?(?:为)?" + num("a") + YUAN)
_COMPLETION = re.compile(r"完成(?:年初)?预算(?:的)?" + num("c") + r"[%％]")
_CLASS_SHARE = re.compile(
    rf"(?P<cls>[\u4e00-\u9fff]{{2,16}}支出)(?:{_P}类{_Q})?" + num("a") + YUAN
    + r"[，,]占(?:比)?" + num("s") + r"[%％]")
_CLASS_BUDGET = re.compile(
    r"(?P<cls>[\u4e00-\u9fff]{2,16}支出)年初预算" + num("b") + r"万元[，,]支出决算" + num("a")
    + YUAN + r"(?:[，,]完成年初预算的" + num("c") + r"[%％])?")


def extract_budget_lines(stream: Stream, secs: list[Section]) -> list[dict]:
    """Narrative lines of general-budget expenditure: items (类/款/项) and class summaries."""
    rows: list[dict] = []
    for sec in _in(secs, "一般公共预算财政拨款支出", exclude=("基本支出",)):
        items = list(_LINE_ITEM.finditer(stream.text, sec.start, sec.end))
        for k, m in enumerate(items):
            end = items[k + 1].start() if k + 1 < len(items) else sec.end
            rows.append(_item_row(stream, m, end))
        for m in _CLASS_SHARE.finditer(stream.text, sec.start, sec.end):
            if _is_total(m.group("cls")):
                continue
            a, a_line = stream.value(m, "a")
            s, s_line = stream.value(m, "s")
            rows.append({"statement": "narrative_gpb", "level": "class",
                         "class_name": _clean_name(m.group("cls")), "actual": a,
                         "share_stated": s, "src_line": a_line, "actual_src_line": a_line,
                         "share_stated_src_line": s_line})
        for m in _CLASS_BUDGET.finditer(stream.text, sec.start, sec.end):
            if _is_total(m.group("cls")):
                continue
            rows.append(_amounts_row(stream, m, {"statement": "narrative_gpb", "level": "class",
                                                 "class_name": m.group("cls")}))
    return rows


def _is_total(name: str) -> bool:
    """'一般公共预算财政拨款支出' is the total, not a 类."""
    return "预算" in name or "财政拨款" in name


def _clean_name(name: str) -> str:
    return re.sub(r"^(?:以下方面[:：]|其中[:：])", "", name)


def _item_row(stream: Stream, m: re.Match, end: int) -> dict:
    codes = [m.group("c1"), m.group("c2"), m.group("c3")]
    code = "".join(codes) if all(codes) else None
    row = {"statement": "narrative_gpb", "level": "item", "func_code": code,
           "class_name": m.group("cls"), "section_name": m.group("sec"),
           "item_name": m.group("item"), "src_line": stream.line(m.start("item"))}
    body = stream.text[m.end() : end]
    for rx, group, col in ((_BUDGET, "b", "budget_initial"), (_ACTUAL, "a", "actual"),
                           (_COMPLETION, "c", "completion_stated")):
        found = rx.search(stream.text, m.end(), end)
        if found and body:
            set_value(row, col, *stream.value(found, group))
    return row


def _amounts_row(stream: Stream, m: re.Match, row: dict) -> dict:
    for group, col in (("b", "budget_initial"), ("a", "actual"), ("c", "completion_stated")):
        set_value(row, col, *stream.value(m, group))
    row["src_line"] = row.get("actual_src_line") or stream.line(m.start())
    return row


# --- “三公” expenses, meetings and training ------------------------------------------------
_ITEM_ALIASES = {
    "vehicle": r"公务用车购置及运行(?:维护)?费",
    "vehicle_purchase": r"公务用车购置(?!及)(?:费)?",
    "vehicle_operation": r"公务用车运行维护费(?:用)?",
    "overseas_travel": r"因公出国[（(]境[)）](?:费|经费)",
    "official_reception": r"(?<!国内)(?<!外事)公务接待(?:费)?",
    "meeting": r"会议费",
    "training": r"培训费",
    "total": r"“三公”经费(?:财政拨款)?",
}
# The lookahead names the first characters of the aliases: it lets the regex engine skip to
# candidate positions (5x faster over a document) instead of trying every alias at each one.
_THREE_PUBLIC = re.compile(
    r"(?=[公因会培“])"
    r"(?P<alias>" + "|".join(f"(?P<{k}>{v})" for k, v in _ITEM_ALIASES.items()) + r")"
    r"(?:支出)?(?:全年)?(?:(?:年初)?预算(?:安排)?(?:为)?" + num("b") + r"万元[，,]?)?"
    r"(?:支出决算(?:为)?|支出|实际执行|决算(?:为)?)" + num("a") + YUAN
    + r"(?:[，,]?完成预算(?:的)?" + num("c") + r"[%％])?"
)
_THREE_PUBLIC_BUDGET_FIRST = re.compile(
    r"安排(?P<alias>" + "|".join(f"(?P<{k}>{v})" for k, v in _ITEM_ALIASES.items()) + r")"
    r"(?:支出)?预算" + num("b") + r"万元[，,]?支出决算" + num("a") + YUAN
    + r"(?:[，,]?完成预算(?:的)?" + num("c") + r"[%％])?"
)


# A statement of none: '本年度无财政拨款因公出国（境）费支出', '2024年度无“三公”经费财政拨款支出'.
_THREE_PUBLIC_NONE = re.compile(
    none_word("a") + r"(?:财政拨款)?(?:安排(?:的)?)?"
    r"(?P<alias>" + "|".join(f"(?P<{k}>{v})" for k, v in _ITEM_ALIASES.items()) + r")"
    r"(?:财政拨款)?支出"
)


def extract_three_public(stream: Stream) -> list[dict]:
    """Budget and final of each “三公” item, 会议费 and 培训费 as the narrative states them
    (a statement that there was none of an item is its final, 0, on that line)."""
    rows, seen = [], set()
    for rx in (_THREE_PUBLIC_BUDGET_FIRST, _THREE_PUBLIC, _THREE_PUBLIC_NONE):
        for m in rx.finditer(stream.text):
            item = next(k for k in _ITEM_ALIASES if m.group(k))
            row: dict = {"item": item, "source_kind": "narrative"}
            for group, col in (("b", "budget"), ("a", "actual"), ("c", "completion_stated")):
                if group in rx.groupindex:  # (a statement of none states only the final)
                    set_value(row, col, *stream.value(m, group))
            row["src_line"] = row["actual_src_line"]
            key = (item, row["src_line"], row.get("actual"))
            if key in seen:
                continue
            seen.add(key)
            rows.append(row)
    return rows
