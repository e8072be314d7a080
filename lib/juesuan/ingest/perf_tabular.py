"""Performance-evaluation tables printed as tab-separated rows.

Finds, in document order,

* self-evaluation tables under a title ending in 自评表: the department-overall table
  (部门整体支出绩效自评表) and project tables in the national template (财预〔2020〕10号
  family), the Shanxi template (目标申报数 / 预算编制数, 调整后指标值) and the Shanxi goal
  table (项目资金（元）, 执行率 / 得分, 指标值 per year);
* the score tables of key-evaluation reports (a title ending in 评价报告): the
  一级指标 分值/得分 summary with its ``绩效评价得分：… 等级：…`` line, and the detailed
  三级指标 tables.

PDF extraction shifts cells between rows (leading blanks vary, columns drift, a merged cell's
label is printed on one row of its span), so a cell is never read by its position alone. Rows
are read by *shape*, anchored on the header words: the 分值/得分 pair is the right-most pair of
bare numbers of an indicator row; a funds row's 执行率 is its '%' cell; the 一级/二级 labels of a
self-evaluation row are recognised by the template's vocabulary (产出指标, 数量指标, ...).
Tables printed one cell per line (no tabs) are left to another parser: they give nothing here.
Which template a table is, its funds columns and rows, and the header words are the
registry's (`perf_templates`), shared with that parser.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from juesuan.ingest.common import (
    AMOUNT_UNITS,
    REPORT_SUFFIX_RE,
    TITLE_MAX,
    Evaluation,
    Problem,
    is_table_caption,
    set_score,
    set_value,
)
from juesuan.metadata import perf_templates
from juesuan.metadata.perf_templates import PerfTemplate
from juesuan.text import (
    DECIMAL,
    NUMBER_RE,
    Line,
    cells,
    is_page_number,
    join_text,
    match_key,
    number_or_none,
)

__all__ = ["extract"]

# --------------------------------------------------------------------------- vocabulary ---

_SELF_TITLE_RE = re.compile(r"自评表(\(\d{4}年度?\))?$")
_PREAMBLE_RE = re.compile(r"^\(?\d{4}年度?\)?$|^(金额)?单位:")
_BLOCK_LABELS = {"绩效指标", "绩效", "指标", "年度", "年度绩效指标"}
_POINTS_RE = re.compile(rf"\s*[（(]\s*({DECIMAL})\s*分\s*[)）]\s*$")
_L1_STEMS = "|".join((*perf_templates.LEVEL1_STEMS, *perf_templates.LEVEL1_OR_2_STEMS))
_L1_RE = re.compile(rf"^({_L1_STEMS})(指标(\({DECIMAL}分\))?|\({DECIMAL}分\))$")
_L2_RE = re.compile(rf"^({'|'.join((*perf_templates.LEVEL1_OR_2_STEMS, *perf_templates.LEVEL2_STEMS))})"
                    r"(指标)?$")
_TOTAL_LABELS = ("总分", "合计绩效自评得分", "合计", "总计", "绩效自评总分")
_SUBTOTAL_LABELS = ("得分",)
_END_LABELS = ("项目绩效分析", "说明", "负责人", "经办人", "填报日期", "备注", "自评结果分析")
_END_PREFIXES = tuple(k for k in _END_LABELS if k != "说明")  # 说明 ends a table only alone
_DASHES = {"/", "-", "—", "——", "－", "–", "─"}

_SHARED_KINDS = {"level1": "l1", "level2": "l2", "level3": "l3", "nature": "nature",
                 "unit": "measure_unit", "target": "target", "actual": "actual"}


def _starts(words: tuple[str, ...], end: str = "") -> re.Pattern:
    return re.compile(f"^({'|'.join(map(re.escape, words))}){end}")


# Header words of the indicator columns: the registry's (a cell names a column when it starts
# with one), then the kinds only the tab layouts print (Shanxi, key-report detail tables).
_COLUMN_KINDS = (
    *((kind, _starts(perf_templates.INDICATOR_COLUMNS[role])) for role, kind in
      _SHARED_KINDS.items()),
    ("target_adjusted", re.compile(r"^调整后指标值")),
    ("note", re.compile(r"(情况说明|指标解释)$")),
    ("score_rate", re.compile(r"^得分率")),
    ("weight", _starts(perf_templates.points_words())),
    ("score", _starts(perf_templates.INDICATOR_COLUMNS["score"], "$")),
    ("core", re.compile(r"^核心指标")),
    ("reason", re.compile(r"原因|^未完成|^备注")),
)
# Any of the column patterns at all: one search rules out a cell that names no column (most
# cells), where trying each pattern in turn costs fourteen.
_ANY_COLUMN_RE = re.compile("|".join(f"(?:{rx.pattern})" for _, rx in _COLUMN_KINDS))
_LABEL_KINDS = ("l1", "l2", "l3")
_OPTIONAL_KINDS = {"note"}
_TEXT_FIELDS = {"l1": "level1", "l2": "level2", "l3": "level3", "target": "target",
                "target_adjusted": "target_adjusted", "actual": "actual", "nature": "nature",
                "measure_unit": "measure_unit", "reason": "deviation_reason"}

# A total row's grade: a short cell starting with a template's grade word (优, 优秀, 良好 …).
_GRADE_WORDS = tuple(dict.fromkeys(g for t in perf_templates.TEMPLATES for g in t.grades))
_UNIT_RE = re.compile(rf"\(({AMOUNT_UNITS})\)")
_MARKER_CHAR_RE = re.compile(r"[-－—第]")  # every page marker ('- 26 -', '第 3 页') has one
_TITLE_PUNCT_RE = re.compile(r"[。；《》]")
_PREAMBLE_UNIT_RE = re.compile(rf"单位:({AMOUNT_UNITS})")


# ------------------------------------------------------------------------------ helpers ---

@dataclass
class _Row:
    """One tab-separated line: its number and its cells (page markers blanked)."""

    no: int
    cells: list[str]
    # Read several times per row (every row is also tried as a header); the cells never
    # change once split, so both are worked out once.
    _nonempty: list[tuple[int, str]] = field(init=False, repr=False, compare=False)
    _kinds: list[tuple[int, str]] | None = field(default=None, init=False, repr=False,
                                                 compare=False)

    def __post_init__(self) -> None:
        self._nonempty = [(i, c) for i, c in enumerate(self.cells) if c]

    @classmethod
    def of(cls, line: Line) -> _Row:
        """Split a line into cells; a '- 26 -' page marker inside a row is no cell value."""
        row = cells(line.text)
        if _MARKER_CHAR_RE.search(line.text):  # (no marker without a dash or 第)
            row = ["" if is_page_number(c, bare=False) else c for c in row]
        return cls(line.no, row)

    def nonempty(self) -> list[tuple[int, str]]:
        """(index, text) of the non-blank cells: drifted rows are read by order, not index.
        The same list on every call: read it, do not modify it."""
        return self._nonempty

    def first_key(self) -> str:
        """match_key of the first non-blank cell (row labels such as 总分, 资金总额)."""
        ne = self.nonempty()
        return match_key(ne[0][1]) if ne else ""


def _text(cell: str | None) -> str | None:
    """A text cell as printed; fragments broken inside the cell are rejoined (join_text)."""
    if cell is None:
        return None
    parts = cell.split()
    if len(parts) == 1:  # nothing to rejoin (join_text would return it unchanged)
        return parts[0]
    return join_text(parts) or None


def _numeric_like(cell: str) -> bool:
    """A bare number or a dash: what a 分值/得分 cell holds ('/' and '—' mean not scored)."""
    c = cell.replace(" ", "").strip()
    return bool(NUMBER_RE.fullmatch(c)) or c in _DASHES


def _points_value(cell: str) -> float | None:
    """'100分' / '100' / '100%' → 100.0 (goal tables print the unit inside the cell)."""
    m = re.fullmatch(r"\s*([\d.,]+)\s*[分%％]?\s*", cell or "")
    return number_or_none(m.group(1)) if m else None


def _level1(label: str | None, line: int) -> dict:
    """The 一级 columns of an indicator row: the label without the points it states
    ('产出指标(50分)' → '产出指标', 50.0), and the line of those points."""
    points = _POINTS_RE.search(label) if label else None
    return {"level1": _text(_POINTS_RE.sub("", label)) if label else None,
            "level1_points_stated": float(points.group(1)) if points else None,
            "level1_points_stated_src_line": line if points else None}


def _header_kinds(row: _Row) -> list[tuple[int, str]]:
    """(cell index, column kind) for each header word of an indicator-table header row."""
    if row._kinds is None:
        row._kinds = [(i, kind) for i, c in enumerate(row.cells) if (kind := _column_kind(c))]
    return row._kinds


@functools.lru_cache(maxsize=1 << 14)
def _column_kind(cell: str) -> str | None:
    """The first column kind whose header word the cell names, else None.

    Cached: every row of every table is tried as a header (so each cell against every
    pattern), and the cells of a corpus repeat the same few hundred words.
    """
    key = match_key(cell)
    # (every header word is Chinese; most cells are numbers)
    if key and not key.isascii() and _ANY_COLUMN_RE.search(key):
        for kind, rx in _COLUMN_KINDS:
            if rx.search(key):
                return kind
    return None


def _is_indicator_header(row: _Row) -> bool:
    """一级/三级指标 with 分值 or 得分 (or the goal table's 指标值 twice)."""
    pairs = _header_kinds(row)
    if not pairs:
        return False  # (a data row names no column: most rows stop here)
    kinds = {k for _, k in pairs}
    return (("l3" in kinds or "l1" in kinds) and bool(kinds & {"weight", "score"})
            or _is_goal_header(row))


def _is_funds_header(row: _Row, template: PerfTemplate) -> bool:
    """The funds block's header names the template's 年初预算数 / 全年预算数 / 全年执行数."""
    return any(template.funds_role(match_key(c)) in ("initial", "full", "executed")
               for c in row.cells if c)


def _part(name: str | None) -> str:
    """The Problem.part naming a table."""
    return f'performance table "{name or "?"}"'


# --------------------------------------------------------------------- document layout ---

def _title_kind(line: Line) -> str | None:
    """'self' for a 自评表 title, 'report' for a 评价报告 title, else None.

    A title is a short line of its own (no tabs, no sentence punctuation, not a 《citation》).
    """
    if "表" not in line.text and "告" not in line.text:
        return None  # both kinds end so (自评表, 评价报告): most lines stop at this cheap test
    text = line.stripped
    if not text or "\t" in line.text or len(text) > TITLE_MAX or _TITLE_PUNCT_RE.search(text):
        return None
    key = line.key  # (match_key of the text and of its stripped form are the same)
    if _SELF_TITLE_RE.search(key):
        return "self"
    if REPORT_SUFFIX_RE.search(key):
        return "report"
    return None


def _collect_rows(lines: list[Line], start: int, stop: int) -> list[_Row]:
    """The tab rows of a table that starts after a title.

    Blank lines, page markers and the '(2023 年度)' / '单位：万元' preamble are skipped; the
    table ends at the first other line without tabs. If that line comes before any tab row
    the table is printed one cell per line: no rows.
    """
    rows: list[_Row] = []
    for line in lines[start:stop]:
        if line.is_blank or line.is_page:
            continue
        if "\t" in line.text:
            rows.append(_Row.of(line))
            continue
        if not rows and _PREAMBLE_RE.search(line.key):
            continue
        break
    return rows


def _preamble_unit(lines: list[Line], first_row: int) -> str | None:
    """'单位：万元' printed between a title and its table."""
    for line in lines:
        if line.no >= first_row:
            break
        m = _PREAMBLE_UNIT_RE.search(line.key)
        if m:
            return m.group(1)
    return None


def extract(lines: list[Line]) -> tuple[list[Evaluation], list[Problem]]:
    """All tab-separated performance tables of a document, in document order."""
    titles = [(i, kind) for i, line in enumerate(lines) if (kind := _title_kind(line))]
    evaluations: list[Evaluation] = []
    problems: list[Problem] = []
    for n, (i, kind) in enumerate(titles):
        stop = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        try:
            if kind == "self":
                rows = _collect_rows(lines, i + 1, stop)
                unit = _preamble_unit(lines[i + 1:stop], rows[0].no if rows else 0)
                ev = _parse_self(lines[i], rows, problems, unit)
            else:
                ev = _parse_report(lines[i], lines[i + 1:stop], problems)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError) as exc:
            # a malformed table must not stop the document
            problems.append(Problem(_part(lines[i].stripped), f"could not be read: {exc!r}",
                                    lines[i].no))
            ev = None
        if ev is not None:
            evaluations.append(ev)
    evaluations.sort(key=lambda e: e.src_line)
    return evaluations, problems


# ------------------------------------------------------------------- self-evaluations ---

@dataclass
class _Indicators:
    """Indicator rows of one table, with the 一级/二级 labels carried down merged cells."""

    rows: list[dict] = field(default_factory=list)
    level1: str | None = None
    points: float | None = None
    points_line: int | None = None
    level2: str | None = None

    def add(self, ind: dict) -> None:
        """Fill blank 一级/二级 from the rows above (a merged cell prints once); the stated
        points keep the line of the row their label is printed on."""
        if ind.get("level1"):
            if ind["level1"] != self.level1:
                self.level2 = None
            self.level1, self.points = ind["level1"], ind.get("level1_points_stated")
            self.points_line = ind.get("level1_points_stated_src_line")
        if ind.get("level2"):
            self.level2 = ind["level2"]
        ind["level1"], ind["level1_points_stated"] = self.level1, self.points
        ind["level1_points_stated_src_line"] = self.points_line
        ind["level2"] = self.level2
        self.rows.append(ind)

    def finish(self) -> list[dict]:
        """Rows above the first printed 一级 label belong to it (label centred in its span)."""
        first = next((r for r in self.rows if r["level1"]), None)
        for r in self.rows:
            if r["level1"]:
                break
            if first:
                for col in ("level1", "level1_points_stated", "level1_points_stated_src_line"):
                    r[col] = first[col]
        return self.rows


def _parse_self(title: Line, rows: list[_Row], problems: list[Problem],
                preamble_unit: str | None = None) -> Evaluation | None:
    """A self-evaluation table: header block, funds block, indicators, total row."""
    if not rows:
        return None  # printed one cell per line: another parser's job
    name_title = title.stripped
    scope = "department_overall" if "部门整体" in match_key(name_title) else "project"
    fields: dict = {"template": None, "project_name": None, "supervising_dept": None,
                    "implementing_unit": None, "amount_unit": None, "src_line": title.no}
    _read_info(rows, fields)
    if fields["project_name"] is None:
        problems.append(Problem(_part(name_title), "no 项目名称 row: table not read", title.no))
        return None
    part = _part(fields["project_name"])
    if any(match_key(c).startswith("部门(单位)名称") for r in rows[:2] for c in r.cells):
        scope = "department_overall"
    ind_at = next((k for k, r in enumerate(rows) if _is_indicator_header(r)), None)
    head = rows if ind_at is None else rows[:ind_at]
    goal = ind_at is not None and _is_goal_header(rows[ind_at])
    header = "".join(match_key(c) for r in rows[:len(head) + 1] for c in r.cells)
    template = perf_templates.identify(scope, header)
    if template is None:
        problems.append(Problem(part, "template not recognised: funds block not read", title.no))
    elif goal:
        _read_goal_funds(head, fields)
    else:
        _read_funds(head, template, fields, problems, part)
    fields["amount_unit"] = fields["amount_unit"] or preamble_unit
    fields["template"] = template and template.name
    indicators: list[dict] = []
    if ind_at is None:
        problems.append(Problem(part, "no indicator header (一级指标 … 分值 得分) found", title.no))
    elif goal:
        indicators = _read_goal_indicators(rows[ind_at:])
    else:
        indicators = _read_indicators(rows[ind_at:], fields, problems, part)
    if not goal and fields.get("score") is None:
        problems.append(Problem(part, "no total score row (总分 / 合计) found", title.no))
    return Evaluation(scope, fields, indicators)


def _read_info(rows: list[_Row], fields: dict) -> None:
    """项目名称 / 主管部门 / 实施单位 (or 预算单位): the cell after each label."""
    info = perf_templates.INFO_LABELS
    labels = {"project_name": lambda k: k in info["project_name"],
              "supervising_dept": lambda k: k.startswith(info["supervising_dept"]),
              "implementing_unit": lambda k: k in info["implementing_unit"]}
    for row in rows[:4]:
        ne = row.nonempty()
        for n, (_, c) in enumerate(ne):
            key = match_key(c)
            for col, is_label in labels.items():
                if fields[col] is None and is_label(key):
                    value = ne[n + 1][1] if n + 1 < len(ne) else None
                    if value is not None and any(f(match_key(value)) for f in labels.values()):
                        value = None  # the next cell is the next label: this one is blank
                    fields[col] = _text(value)


def _amount_unit(rows: list[_Row]) -> str | None:
    """万元 or 元, as the funds header prints it ('项目资金 (万元)', '全年预算数(万元)')."""
    for row in rows:
        for c in row.cells:
            m = _UNIT_RE.search(match_key(c))
            if m:
                return m.group(1)
    return None


# ---------------------------------------------------------------------- funds block ---

def _funds_columns(header: _Row, sub: _Row | None, template: PerfTemplate) -> list[str]:
    """Column kinds of the funds block, with the sub-header splitting 年初预算数 into
    目标申报数/预算编制数 (Shanxi) or 全年预算数/全年执行数 into 总额/财政拨款/其他资金."""
    subs = [match_key(c) for c in (sub.cells if sub else [])]
    subs = [s for s in subs if s in ("目标申报数", "预算编制数", "总额", "财政拨款", "其他资金")]
    cols: list[str] = []
    for c in header.cells:
        key = match_key(c)
        kind = template.funds_role(key) if key else None
        if kind is None:
            continue
        if kind == "initial" and subs[:1] and subs[0] in ("目标申报数", "预算编制数"):
            while subs and subs[0] in ("目标申报数", "预算编制数"):
                cols.append("declared" if subs.pop(0) == "目标申报数" else "initial")
        elif kind in ("full", "executed") and subs[:1] == ["总额"]:
            subs.pop(0)
            cols.append(kind)
            while subs and subs[0] in ("财政拨款", "其他资金"):
                cols.append(kind + ("_fiscal" if subs.pop(0) == "财政拨款" else "_other"))
        else:
            cols.append(kind)
    return cols


def _is_funds_total(key: str, template: PerfTemplate) -> bool:
    """A cell that is the funds row's label alone (金额合计 may have more words after it)."""
    labels = template.funds_total
    return key.removesuffix(":") in labels or ("金额合计" in labels and key.startswith("金额合计"))


def _read_funds(rows: list[_Row], template: PerfTemplate, fields: dict,
                problems: list[Problem], part: str) -> None:
    """The template's funds row (年度资金总额 / 总额 / 金额合计 …), mapped onto the funds
    header columns."""
    fields["amount_unit"] = _amount_unit(rows)
    at = next((k for k, r in enumerate(rows) if _is_funds_header(r, template)), None)
    if at is None:
        problems.append(Problem(part, "no funds header (全年预算数 …) found", rows[0].no))
        return
    sub = rows[at + 1] if at + 1 < len(rows) else None
    if sub is not None and _is_funds_total(sub.first_key(), template):
        sub = None
    cols = _funds_columns(rows[at], sub, template)
    data = next((r for r in rows[at + 1:] if _is_funds_total(r.first_key(), template)), None)
    if data is None:
        problems.append(Problem(part, "no 资金总额 row in the funds block", rows[at].no))
        return
    label_at = data.nonempty()[0][0]
    values, message = _map_funds(data.cells[label_at + 1:], cols)
    if message:
        problems.append(Problem(part, f"funds row: {message}", data.no))
    for kind, cell in values.items():
        col = perf_templates.FUNDS_ROLES.get(kind)
        if col:
            set_value(fields, col, number_or_none(cell), data.no)


def _map_funds(vals: list[str], cols: list[str]) -> tuple[dict[str, str], str | None]:
    """Assign the cells of a funds row to columns.

    Cells drift, so: as many numbers as columns → in order; more numbers → the 年初 group
    from the left and the rest from the right (reported); fewer → anchored on the '%'
    执行率 cell when there is one, else by position once stray leading blanks are dropped.
    """
    nums = [c for c in vals if number_or_none(c) is not None]
    if len(nums) == len(cols):
        return dict(zip(cols, nums)), None
    if len(nums) > len(cols):
        left = cols.index("full") if "full" in cols else 0
        mapped = dict(zip(cols[:left], nums[:left]))
        right = cols[left:]
        mapped.update(zip(right, nums[len(nums) - len(right):]))
        return mapped, (f"{len(nums)} numbers for {len(cols)} columns "
                        f"({', '.join(cols)}); the 年初 group read from the left, "
                        f"the rest from the right")
    pct = next((i for i, c in enumerate(vals) if c.strip().endswith(("%", "％"))), None)
    if pct is not None and "rate" in cols:
        r = cols.index("rate")
        mapped = {cols[r]: vals[pct]}
        for kind, cell in zip(reversed(cols[:r]), reversed(vals[:pct])):
            mapped[kind] = cell
        mapped.update(zip(cols[r + 1:], vals[pct + 1:]))
        return mapped, None
    cells_ = list(vals)
    while cells_ and not cells_[-1]:
        cells_.pop()
    while len(cells_) > len(cols) and not cells_[0]:
        cells_.pop(0)
    if len(cells_) == len(cols):
        return dict(zip(cols, cells_)), None
    mapped = dict(zip(cols[len(cols) - len(nums):], nums))
    return mapped, f"{len(nums)} numbers for {len(cols)} columns; read from the right"


def _read_goal_funds(rows: list[_Row], fields: dict) -> None:
    """Goal table: 年度资金总额 (inline or next cell), 执行率 and 得分 label cells."""
    fields["amount_unit"] = _amount_unit(rows)
    for k, row in enumerate(rows):
        ne = row.nonempty()
        for n, (_, c) in enumerate(ne):
            key = match_key(c)
            nxt = ne[n + 1][1] if n + 1 < len(ne) else None
            if key.startswith("年度资金总额") and "budget_full_year" not in fields:
                inline = re.split(r"[:：]", c, maxsplit=1)[-1] if re.search(r"[:：]", c) else ""
                value = inline if inline.strip() else nxt
                set_value(fields, "budget_full_year", number_or_none(value), row.no)
            elif key == "执行率" and nxt is not None:
                set_value(fields, "execution_rate", _points_value(nxt), row.no)
            elif key == "得分":
                line, value = row.no, nxt
                if value is None and k + 1 < len(rows) and len(rows[k + 1].nonempty()) == 1:
                    line, value = rows[k + 1].no, rows[k + 1].nonempty()[0][1]  # spilled
                score = _points_value(value) if value else None
                if score is not None:
                    set_score(fields, score, line, "table")


# ----------------------------------------------------------------------- indicators ---

def _read_indicators(rows: list[_Row], fields: dict, problems: list[Problem], part: str,
                     vocab: bool = True, level1: str | None = None) -> list[dict]:
    """Indicator rows from the header to the total row; sets the total score in `fields`."""
    kinds = _header_kinds(rows[0])
    acc = _Indicators(level1=level1)
    for row in rows[1:]:
        key = row.first_key()
        if not row.nonempty():
            continue
        if _is_indicator_header(row):
            kinds = _header_kinds(row)  # repeated on a new page
            continue
        if _is_end(key):
            break
        if key in _SUBTOTAL_LABELS:
            _read_total(row, key, fields)
            continue
        if key in _TOTAL_LABELS:
            _read_total(row, key, fields)
            break
        if _merge_spill(row, kinds, acc.rows):
            continue
        ind = _indicator(row, kinds, vocab, problems, part)
        if ind is not None:
            acc.add(ind)
    subtotal = fields.pop("_subtotal", None)
    if fields.get("score") is None and subtotal:
        set_score(fields, number_or_none(subtotal[0]), subtotal[1], "table")
    return acc.finish()


def _is_end(key: str) -> bool:
    """Rows after the indicators: 项目绩效分析, 说明, 负责人 …"""
    return key == "说明" or key.startswith(_END_PREFIXES)


def _read_total(row: _Row, key: str, fields: dict) -> None:
    """总分 / 合计 rows: '[weight total] score [grade]'. One number alone is the score.

    A bare 得分 row is the indicator subtotal when a 合计绩效自评得分 row follows; it is used
    only if no total row is printed.
    """
    ne = row.nonempty()[1:]
    nums = [c for _, c in ne
            if number_or_none(c) is not None and not c.strip().endswith(("%", "％"))]
    grade = next((c.strip() for _, c in ne
                  if c.strip().startswith(_GRADE_WORDS) and len(c.strip()) <= 4), None)
    if not nums:
        return
    if key in _SUBTOTAL_LABELS:
        if fields.get("score") is None:
            fields["_subtotal"] = (nums[-1], row.no)
        return
    set_score(fields, number_or_none(nums[-1]), row.no, "table")
    if grade:
        set_value(fields, "grade", grade, row.no)


def _merge_spill(row: _Row, kinds: list[tuple[int, str]], done: list[dict]) -> bool:
    """A row holding a single text fragment continues a cell of the row above."""
    ne = row.nonempty()
    if len(ne) != 1 or not done:
        return False
    i, c = ne[0]
    key = match_key(c)
    if _numeric_like(c) or _L1_RE.match(key) or _L2_RE.match(key) or key in _BLOCK_LABELS:
        return False
    kind = dict(kinds).get(i, "l3")
    col = _TEXT_FIELDS.get(kind, "level3")
    prev = done[-1]
    prev[col] = join_text([prev.get(col) or "", _text(c) or ""]) or None
    return True


def _vocab_labels(ne: list[tuple[int, str]]) -> tuple[dict, int]:
    """Leading 一级/二级 cells recognised by the template vocabulary, wherever they drifted.

    '成本指标' is 一级 only when a 二级 label follows it; otherwise it is the 二级 under 产出.
    """
    labels: dict = {}
    k = 0
    if ne and _is_level1([c for _, c in ne]):
        labels["l1"] = ne[k][1]
        k += 1
    if k < len(ne) and _L2_RE.match(match_key(ne[k][1])):
        labels["l2"] = ne[k][1]
        k += 1
    return labels, k


def _is_level1(texts: list[str]) -> bool:
    """Whether the first cell is a 一级 label ('成本指标' only when a 二级 label follows)."""
    key = match_key(texts[0])
    nxt = match_key(texts[1]) if len(texts) > 1 else ""
    return bool(_L1_RE.match(key)) and not (_L2_RE.match(key) and not _L2_RE.match(nxt))


def _find_tail(ne: list[tuple[int, str]], start: int) -> tuple[int | None, int | None]:
    """Positions (in `ne`) of the 分值 and 得分 cells: the right-most pair of bare numbers.

    Returns (pos, None) when a single bare number is found (decided later by the header).
    """
    for p in range(len(ne) - 1, start, -1):
        if _numeric_like(ne[p][1]) and _numeric_like(ne[p - 1][1]):
            return p - 1, p
    single = next((p for p in range(len(ne) - 1, start, -1) if _numeric_like(ne[p][1])), None)
    return single, None


def _indicator(row: _Row, kinds: list[tuple[int, str]], vocab: bool,
               problems: list[Problem], part: str) -> dict | None:
    """One indicator row → a perf_indicators dict (None for an empty row).

    Order of reading: template-vocabulary labels from the left, the 分值/得分 pair from the
    right, the remaining labels (as many as the header has label columns beyond its value
    columns), then the values in between.
    """
    ne = [(i, c) for n, (i, c) in enumerate(row.nonempty())
          if not (n < 2 and match_key(c) in _BLOCK_LABELS)]
    if not ne or all(c.strip() in _DASHES for _, c in ne):
        return None
    labels, k = _vocab_labels(ne) if vocab else ({}, 0)
    kind_list = [kd for _, kd in kinds]
    label_kinds = [kd for kd in _LABEL_KINDS if kd in kind_list]
    if "l2" in labels:
        label_kinds = ["l3"]
    elif "l1" in labels:
        label_kinds = [kd for kd in label_kinds if kd != "l1"]
    middle = _middle_kinds(kind_list)
    w, s = _find_tail(ne, k)
    weight = score = None
    if s is not None:
        weight, score = ne[w][1], ne[s][1]
    elif w is not None:
        l3_idx = _place_labels(ne, k, w, label_kinds, middle, {})
        weight, score = _lone_number(ne[w], l3_idx, kinds, row.no, problems, part)
        if weight is None and score is None:
            w = None  # the lone number is a value (e.g. 实际完成值 '2'), not 分值/得分
    end = w if w is not None else len(ne)
    l3_idx = _place_labels(ne, k, end, label_kinds, middle, labels)
    last = s if s is not None else w
    rest = [c for _, c in ne[last + 1:]] if last is not None else []
    stop = ne[end][0] if end < len(ne) else len(row.cells)
    values = _assign_middle(row.cells[l3_idx + 1:stop], middle, "target_adjusted" in kind_list)
    return _indicator_dict(row, labels, values, weight, score, rest, kind_list)


def _place_labels(ne: list[tuple[int, str]], k: int, end: int, label_kinds: list[str],
                  middle: list[str], labels: dict) -> int:
    """Put the cells between the vocabulary labels and the 分值 cell onto the remaining label
    columns (right-aligned: a merged 一级/二级 cell is printed on one row of its span only).

    As many cells are labels as exceed the header's value columns, at least one (三级).
    Returns the cell index of the last label (the 三级), -1 if there is none.
    """
    body = ne[k:end]
    n = min(max(len(body) - len(middle), 1 if body else 0), len(label_kinds))
    for kd, (_, c) in zip(label_kinds[len(label_kinds) - n:], body[:n]):
        labels[kd] = c
    if n:
        return body[n - 1][0]
    return ne[k - 1][0] if k else -1


def _lone_number(cell: tuple[int, str], l3_idx: int, kinds: list[tuple[int, str]],
                 line: int, problems: list[Problem], part: str) -> tuple[str | None, str | None]:
    """(weight, score) when a row prints a single bare number after its labels.

    Its header column, counted from the 三级 cell (a row drifts as a whole), says whether it
    is the 分值 or the 得分 (reported: the other one is missing); any other column means
    it is a value such as an 实际完成值 of '2', and (None, None) is returned.
    """
    l3_head = next((i for i, kd in kinds if kd == "l3"), None)
    offset = l3_idx - l3_head if l3_head is not None and l3_idx >= 0 else 0
    kind = dict(kinds).get(cell[0] - offset)
    if kind not in ("weight", "score"):
        return None, None
    problems.append(Problem(part, f"indicator row prints one of 分值/得分 only "
                                  f"({cell[1]!r}, read as {kind} by its column)", line))
    return (cell[1], None) if kind == "weight" else (None, cell[1])


def _middle_kinds(kind_list: list[str]) -> list[str]:
    """The value columns between the 三级 label and 分值 (target, actual, note, ...)."""
    start = kind_list.index("l3") + 1 if "l3" in kind_list else 0
    stop = kind_list.index("weight") if "weight" in kind_list else len(kind_list)
    return [k for k in kind_list[start:stop] if k not in _LABEL_KINDS]


def _assign_middle(between: list[str], middle: list[str], shanxi: bool) -> dict[str, str]:
    """Cells between 三级 and 分值 → target/actual/….

    By position when the row has exactly the header's cells; otherwise the non-blank values
    in order. A blank national cell is usually the 实际完成值 (values read from the left); in
    the Shanxi template the blank one is the 年初指标值 of a qualitative indicator (read from
    the right); the 定性…说明 column takes a value only when all others are filled.
    """
    while between and not between[-1]:
        between.pop()
    required = [k for k in middle if k not in _OPTIONAL_KINDS]
    if len(between) == len(middle):
        pos = dict(zip(middle, between))
        if not (any(pos.get(k) for k in _OPTIONAL_KINDS) and not all(pos[k] for k in required)):
            return pos
    vals = [c for c in between if c]
    if len(vals) <= len(required):
        keys = required[len(required) - len(vals):] if shanxi else required[:len(vals)]
        return dict(zip(keys, vals))
    mapped = dict(zip(middle, vals))
    if len(vals) > len(middle):
        mapped["reason"] = join_text(vals[len(middle):])
    return mapped


def _indicator_dict(row, labels, values, weight, score, rest, kind_list) -> dict:
    """Assemble the perf_indicators row (all values as printed)."""
    reason = values.get("reason")
    if rest and "reason" in kind_list:
        reason = join_text([reason or ""] + [_text(c) or "" for c in rest])
    ind = {
        "row_kind": "indicator",
        **_level1(labels.get("l1"), row.no),
        "level2": _text(labels.get("l2")),
        "level3": _text(labels.get("l3")),
        "target": _text(values.get("target")),
        "target_adjusted": _text(values.get("target_adjusted")),
        "actual": _text(values.get("actual")),
        "weight": number_or_none(weight),
        "score": number_or_none(score),
        "deviation_reason": _text(reason) if reason else None,
        "src_line": row.no,
    }
    for col in ("nature", "measure_unit"):
        if values.get(col):
            ind[col] = _text(values[col])
    return ind


# ------------------------------------------------------------------------ goal tables ---

def _is_goal_header(row: _Row) -> bool:
    """The goal table repeats 二级/三级/指标值 for 实施期 and 年度 and has no 分值/得分."""
    kinds = [k for _, k in _header_kinds(row)]
    return kinds.count("target") >= 2 and "weight" not in kinds and "score" not in kinds


def _read_goal_indicators(rows: list[_Row]) -> list[dict]:
    """Goal-table rows: 一级, then (二级, 三级, 指标值) for the 实施期 and again for the year.

    The annual group is the one evaluated; a blank annual cell falls back to the 实施期 one.
    """
    acc = _Indicators()
    for row in rows[1:]:
        ne = [c for n, (_, c) in enumerate(row.nonempty())
              if not (n < 2 and match_key(c) in _BLOCK_LABELS)]
        if not ne or _is_end(match_key(ne[0])):
            if ne:
                break
            continue
        l1 = ne.pop(0) if _is_level1(ne) else None
        first, second = _goal_halves(ne)
        g1, g2 = _goal_group(first), _goal_group(second)
        pick = {k: g2.get(k) or g1.get(k) for k in ("l2", "l3", "target")}
        acc.add({"row_kind": "indicator", **_level1(l1, row.no),
                 "level2": _text(pick["l2"]), "level3": _text(pick["l3"]),
                 "target": _text(pick["target"]), "target_adjusted": None, "actual": None,
                 "weight": None, "score": None, "deviation_reason": None,
                 "src_line": row.no})
    return acc.finish()


def _goal_halves(ne: list[str]) -> tuple[list[str], list[str]]:
    """Split a goal row (after its 一级) into the 实施期 and the annual group.

    The annual group starts at the second 二级 label; when the 二级 label is printed once,
    the remaining cells are halved (both groups have the same columns).
    """
    l2_at = [n for n, c in enumerate(ne) if _L2_RE.match(match_key(c))]
    if len(l2_at) >= 2:
        return ne[:l2_at[1]], ne[l2_at[1]:]
    if len(l2_at) == 1 and l2_at[0] > 0:
        return ne[:l2_at[0]], ne[l2_at[0]:]
    lead, rest = (ne[:1], ne[1:]) if l2_at else ([], ne)
    half = (len(rest) + 1) // 2
    return lead + rest[:half], rest[half:]


def _goal_group(group: list[str]) -> dict:
    """(二级?, 三级, 指标值) of one half of a goal row."""
    out: dict = {}
    rest = list(group)
    if rest and _L2_RE.match(match_key(rest[0])):
        out["l2"] = rest.pop(0)
    if rest:
        out["l3"] = rest.pop(0)
    if rest:
        out["target"] = join_text(rest)
    return out


# ------------------------------------------------------------------ key evaluations ---

def _report_tables(region: list[Line]) -> list[tuple[Line | None, list[_Row]]]:
    """Groups of consecutive tab rows (blank lines and page markers do not split a group),
    each with the caption line printed just above it (page markers are no caption)."""
    groups: list[tuple[Line | None, list[_Row]]] = []
    caption: Line | None = None
    current: list[_Row] | None = None
    for line in region:
        if line.is_blank or line.is_page:
            continue
        if "\t" in line.text:
            if current is None:
                current = []
                groups.append((caption, current))
            current.append(_Row.of(line))
        else:
            current = None
            caption = line
    return groups


def _table_line(caption: Line | None, head: _Row) -> int:
    """Where a score table is anchored: its own title ('表 3-2 …指标评分表', printed just
    above it), else its header row."""
    return caption.no if caption is not None and is_table_caption(caption) else head.no


def _parse_report(title: Line, region: list[Line], problems: list[Problem]) -> Evaluation | None:
    """A key-evaluation report: its 一级指标 summary table, score line and detail tables.

    The evaluation is anchored (src_line) on the score table: the 一级指标 summary's title
    (or header row), else the first detail table's, else the table printing the score line;
    the report title gives the project_name.
    """
    name = _text(REPORT_SUFFIX_RE.sub("", title.stripped))
    fields: dict = {"template": "key_report", "project_name": name, "supervising_dept": None,
                    "implementing_unit": None, "amount_unit": None, "src_line": title.no}
    part = _part(name)
    indicators: list[dict] = []
    anchors: dict[str, int] = {}  # 'summary' / 'detail' / 'score' → first such table's line
    for caption, rows in _report_tables(region):
        if _score_line(rows, fields):
            anchors.setdefault("score", _table_line(caption, rows[0]))
        head = next((r for r in rows if _is_indicator_header(r)), None)
        if head is None:
            continue
        kinds = {k for _, k in _header_kinds(head)}
        start = rows.index(head)
        if "l3" not in kinds and "l1" in kinds:
            anchors.setdefault("summary", _table_line(caption, head))
            indicators += _read_summary(rows[start:], fields)
        elif "l3" in kinds:
            anchors.setdefault("detail", _table_line(caption, head))
            level1 = None if "l1" in kinds else _caption_level1(caption and caption.stripped)
            sub: dict = {}
            indicators += _read_indicators(rows[start:], sub, problems, part, vocab=False,
                                           level1=level1)
    if not anchors:
        return None  # no tab-separated score table: printed one cell per line
    fields["src_line"] = next(anchors[k] for k in ("summary", "detail", "score") if k in anchors)
    if fields.get("score") is None and fields.get("_total"):
        value, line = fields["_total"]
        set_score(fields, value, line, "table")
    fields.pop("_total", None)
    if fields.get("score") is None:
        problems.append(Problem(part, "no 绩效评价得分 / 合计 score found", title.no))
    return Evaluation("key_evaluation", fields, indicators)


def _score_line(rows: list[_Row], fields: dict) -> bool:
    """'绩效评价得分：91 综合评价结果等级：优' → score and grade."""
    for row in rows:
        text = " ".join(c for c in row.cells if c)
        m = re.match(r"\s*绩效评价(总)?得分\s*[:：]\s*([\d.]+)", text)
        if not m:
            continue
        set_score(fields, number_or_none(m.group(2)), row.no, "table")
        g = re.search(r"等级\s*[:：]\s*([^\s,，。;；]+)", text)
        if g:
            set_value(fields, "grade", g.group(1).strip("“”\"'"), row.no)
        return True
    return False


def _read_summary(rows: list[_Row], fields: dict) -> list[dict]:
    """一级指标 分值 得分 得分率 rows → level1_total indicators; 合计 is the total."""
    kinds = _header_kinds(rows[0])
    out = []
    for row in rows[1:]:
        if _is_indicator_header(row):
            kinds = _header_kinds(row)
            continue
        ne = row.nonempty()
        if not ne or match_key(ne[0][1]).startswith("绩效评价"):
            continue
        nums = [c for _, c in ne[1:] if number_or_none(c) is not None]
        value_kinds = [k for _, k in kinds if k in ("weight", "score", "score_rate")]
        got = dict(zip(value_kinds, nums))
        if match_key(ne[0][1]) in _TOTAL_LABELS:
            if got.get("score") is not None:
                fields["_total"] = (number_or_none(got["score"]), row.no)
            continue
        out.append({"row_kind": "level1_total", **_level1(ne[0][1], row.no),
                    "level2": None, "level3": None, "target": None, "target_adjusted": None,
                    "actual": None, "weight": number_or_none(got.get("weight")),
                    "score": number_or_none(got.get("score")), "deviation_reason": None,
                    "src_line": row.no})
    return out


def _caption_level1(caption: str | None) -> str | None:
    """'表 4-1 决策指标得分统计表' → '决策': the 一级 a 二级/三级-only table is about."""
    if not caption:
        return None
    m = re.search(r"([^\s\d\-－—.、表]+?)指标(得分|评分)(统计)?表", caption)
    return m.group(1) if m else None
