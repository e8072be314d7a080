"""The course's exercises: question, answer kind, how the expected value is computed, and the
typical mistakes with their hints.

The expected value is never written here: `compute(tables, subject)` derives it from the curated
tables with `juesuan.measures` (the tests pin it to the number the document prints, with its
line). A `Mistake` is the value a typical wrong method gives, computed the same way, so a
student who divides by the initial budget instead of the full-year one is told exactly that.
`others` lists the subjects whose same figure betrays a student who picked the wrong document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl

from juesuan import measures, present
from juesuan.teaching import answers
from juesuan.teaching.answers import Kind

Tables = Mapping[str, pl.DataFrame]
Value = float | int | str | None
Compute = Callable[[Tables, str | None], Value]

XIANYANG = "xianyang-hrss-2023"
FENYANG = "fenyang-social-insurance-2024"
QIANYANG = "qianyang-hrss-2024"


@dataclass(frozen=True)
class Mistake:
    """A typical wrong method: the value it gives, and what to tell a student who gives it."""

    value: Compute
    hint: str


@dataclass(frozen=True)
class Exercise:
    id: str
    notebook: str  # the teaching notebook the exercise ends (its file name's stem)
    subject: str | None  # the doc_id or eval_id asked about; None: the whole corpus
    kind: Kind
    question: str
    how: str  # the method, told when no specific mistake explains a wrong answer
    compute: Compute
    mistakes: tuple[Mistake, ...] = ()
    others: Callable[[Tables, str | None], dict[str, str]] | None = None
    done: str = ""  # said after a right answer


# --- helpers -----------------------------------------------------------------------------------

def _row(df: pl.DataFrame, **equal: object) -> dict | None:
    """The first row whose columns equal the given values (None when there is none)."""
    for col, value in equal.items():
        df = df.filter(pl.col(col) == value)
    return df.row(0, named=True) if df.height else None


def _get(df: pl.DataFrame, col: str, **equal: object) -> Value:
    row = _row(df, **equal)
    return None if row is None else row[col]


def _pct(num: Value, base: Value) -> float | None:
    """num ÷ base in percent; None where either is missing or the base is 0 (as measures.pct)."""
    if num is None or base is None or base == 0:
        return None
    return 100.0 * num / base


def _other_documents(tables: Tables, subject: str | None) -> dict[str, str]:
    """The other documents of the corpus, by doc_id, with their names（年度）."""
    return {d: name for d, name in present.doc_labels(tables).items() if d != subject}


def _headline(tables: Tables, doc: str | None, metric: str) -> Value:
    return _get(measures.headline(tables["totals"], metric), "value", doc_id=doc)


def _execution(tables: Tables, eval_id: str | None, col: str) -> Value:
    return _get(measures.execution(tables["perf_evaluations"]), col, eval_id=eval_id)


# --- 01 anatomy ----------------------------------------------------------------------------------

def _standard_tables(statuses: tuple[str, ...], with_extra: bool = False) -> Compute:
    """How many of the nine standard tables a document has in `statuses` (plus its provincial
    extras with `with_extra`)."""
    def count(tables: Tables, doc: str | None) -> int:
        c = tables["completeness"].filter((pl.col("doc_id") == doc)
                                          & (pl.col("item_kind") == "table"))
        keep = pl.col("required") & pl.col("status").is_in(list(statuses))
        if with_extra:
            keep = keep | (pl.col("status") == "extra")
        return c.filter(keep).height
    return count


def _class_share(tables: Tables, doc: str | None) -> Value:
    """Share of 类 208 社会保障和就业支出 in the document's general-budget expenditure."""
    shares = measures.functional_shares(tables["budget_lines"])
    return _get(shares, "share", doc_id=doc, class_name="社会保障和就业支出")


def _table05(tables: Tables, doc: str | None) -> pl.DataFrame:
    return tables["budget_lines"].filter((pl.col("doc_id") == doc)
                                         & (pl.col("statement") == "table_gpb_expenditure"))


def _class_share_levels(numerator: tuple[str, ...], denominator: tuple[str, ...]) -> Compute:
    """The 类 208 share computed from 公开05表 with the given levels added up in the numerator
    (rows of class 208) and in the denominator: what mixing the levels gives."""
    def share(tables: Tables, doc: str | None) -> Value:
        t = _table05(tables, doc)
        num = t.filter(pl.col("func_code").str.starts_with("208")
                       & pl.col("level").is_in(list(numerator)))["actual"].sum()
        base = t.filter(pl.col("level").is_in(list(denominator)))["actual"].sum()
        return _pct(num, base) if t.height else None
    return share


def _structure(col: str) -> Compute:
    return lambda tables, doc: _get(measures.structure(tables["totals"]), col, doc_id=doc)


def _personnel_over(metric: str) -> Compute:
    return lambda tables, doc: _pct(_headline(tables, doc, "basic_personnel"),
                                    _headline(tables, doc, metric))


# --- 02 execution --------------------------------------------------------------------------------

def _completion(tables: Tables, doc: str | None) -> Value:
    return _get(measures.document_completion(tables["totals"]), "completion_rate", doc_id=doc)


def _doc(subject: str | None) -> str | None:
    """The document of a subject (`doc_id`, or `doc_id:<eval or line>`)."""
    return None if subject is None else subject.split(":")[0]


def _line_completion(tables: Tables, subject: str | None) -> Value:
    """Completion of the initial budget of one line, subject `doc_id:func_code`."""
    doc, code = subject.split(":")
    return _get(measures.line_completion(tables["budget_lines"]), "completion_rate",
                doc_id=doc, func_code=code)


def _narrative_items(tables: Tables, doc: str | None) -> pl.DataFrame:
    return tables["budget_lines"].filter((pl.col("doc_id") == doc)
                                         & (pl.col("statement") == "narrative_gpb")
                                         & (pl.col("level") == "item"))


def _unbudgeted(col: str) -> Compute:
    return lambda tables, doc: _get(measures.unbudgeted_total(tables["budget_lines"]), col,
                                    doc_id=doc)


def _lines(tables: Tables, doc: str | None) -> pl.DataFrame:
    lines = measures.line_completion(tables["budget_lines"]).filter(pl.col("doc_id") == doc)
    return lines.filter(pl.col("level") == "item") if lines.height else lines


def _over_budget_lines(col: str) -> Compute:
    """Sum of `col` over the item lines spent above their initial budget (budgeted or not)."""
    def total(tables: Tables, doc: str | None) -> Value:
        lines = _lines(tables, doc).filter(pl.col("gap_wanyuan") > 0)
        return lines[col].sum() if lines.height else None
    return total


def _gap_rank(ranked_by: str) -> Compute:
    return lambda tables, doc: _get(measures.largest_gaps(tables["budget_lines"]), "func_code",
                                    doc_id=doc, ranked_by=ranked_by, rank=1)


def _largest(col: str, budgeted_only: bool = False) -> Compute:
    def code(tables: Tables, doc: str | None) -> Value:
        lines = _lines(tables, doc)
        if budgeted_only:
            lines = lines.filter(pl.col("budget_initial") > 0)
        return lines.sort(col, descending=True)["func_code"][0] if lines.height else None
    return code


# --- 03 performance ------------------------------------------------------------------------------

def _grades(tables: Tables, doc: str | None) -> pl.DataFrame:
    g = measures.evaluation_grades(tables["perf_evaluations"])
    return g if doc is None else g.filter(pl.col("doc_id") == doc)


def _share_you(tables: Tables, doc: str | None) -> Value:
    """Share of the evaluations (of a document, or the corpus) whose grade is 优."""
    g = _grades(tables, doc).filter(pl.col("grade").is_not_null())
    return _pct(g.filter(pl.col("grade") == "优").height, g.height)


def _share_you_stated(tables: Tables, doc: str | None) -> Value:
    g = _grades(tables, doc).filter(~pl.col("grade_is_computed") & pl.col("grade").is_not_null())
    return _pct(g.filter(pl.col("grade") == "优").height, g.height)


def _count_you(tables: Tables, doc: str | None) -> Value:
    return _grades(tables, doc).filter(pl.col("grade") == "优").height


def _full_score_share(tables: Tables, doc: str | None) -> Value:
    g = _grades(tables, doc).filter(pl.col("score").is_not_null())
    return _pct(g.filter((pl.col("score") - 100).abs() < measures.SCORE_EPS).height, g.height)


def _grade(tables: Tables, eval_id: str | None) -> Value:
    return _get(measures.evaluation_grades(tables["perf_evaluations"]), "grade", eval_id=eval_id)


def _funds_points(rate_col: str, cap: bool = False) -> Compute:
    """Funds score by the template's rule: rate × funds weight (capped at the weight)."""
    def points(tables: Tables, eval_id: str | None) -> Value:
        rate = _execution(tables, eval_id, rate_col)
        weight = _execution(tables, eval_id, "funds_weight")
        if rate is None or weight is None:
            return None
        value = rate * weight / 100.0
        return min(value, weight) if cap else value
    return points


def _full_marks(col: str) -> Compute:
    return lambda tables, doc: _get(measures.full_marks(tables["perf_indicators"], by="doc_id"),
                                    col, doc_id=doc)


def _full_marks_over(denominator: str) -> Compute:
    """Full marks ÷ a wrong denominator: applicable indicators, or every indicator row."""
    def share(tables: Tables, doc: str | None) -> Value:
        c = measures.classify_indicators(tables["perf_indicators"]).filter(
            pl.col("doc_id") == doc)
        base = c.filter(pl.col("applicable") if denominator == "applicable"
                        else pl.col("row_kind") == "indicator").height
        return _pct(int(c["full_marks"].sum()), base)
    return share


def _full_marks_pooled(tables: Tables, doc: str | None) -> Value:
    fm = measures.full_marks(tables["perf_indicators"], by="doc_id")
    return _pct(int(fm["n_full_marks"].sum()), int(fm["n_scored"].sum()))


def _qualitative_share(tables: Tables, doc: str | None) -> Value:
    q = measures.qualitative_share(tables["perf_indicators"], by="doc_id")
    return _get(q, "qualitative_share", doc_id=doc)


# --- 04 checking ---------------------------------------------------------------------------------

def _narrative_total(tables: Tables, doc: str | None, metric: str) -> Value:
    """The general-budget total as the narrative states it (its first statement)."""
    t = tables["totals"].filter((pl.col("doc_id") == doc) & (pl.col("metric") == metric)
                                & (pl.col("source_kind") == "narrative")).sort("src_line")
    return t["value"][0] if t.height else None


def _items_sum(tables: Tables, doc: str | None, col: str) -> Value:
    items = _narrative_items(tables, doc)
    if items.height == 0 or items[col].null_count():
        return None
    return items[col].sum()


def _total_minus_items(metric: str, col: str) -> Compute:
    def gap(tables: Tables, doc: str | None) -> Value:
        total, parts = _narrative_total(tables, doc, metric), _items_sum(tables, doc, col)
        return None if total is None or parts is None else total - parts
    return gap


def _indicator_scores(col: str) -> Compute:
    def total(tables: Tables, eval_id: str | None) -> Value:
        rows = tables["perf_indicators"].filter((pl.col("eval_id") == eval_id)
                                                & (pl.col("row_kind") == "indicator"))
        return rows[col].sum() if rows.height else None
    return total


def _parts_plus(indicator_col: str, funds_col: str) -> Compute:
    """Σ of the indicators' `indicator_col` + the evaluation's `funds_col`."""
    def total(tables: Tables, eval_id: str | None) -> Value:
        ind = _indicator_scores(indicator_col)(tables, eval_id)
        funds = _execution(tables, eval_id, funds_col)
        return None if ind is None or funds is None else ind + funds
    return total


def _findings(severities: tuple[str, ...]) -> Compute:
    return lambda tables, doc: tables["findings"].filter(
        (pl.col("doc_id") == doc) & pl.col("severity").is_in(list(severities))).height


def _constant(value: Value) -> Compute:
    return lambda tables, subject: value


# --- the exercises -------------------------------------------------------------------------------

_EXERCISES = (
    Exercise(
        "01-1", "01_anatomy", FENYANG, answers.COUNT,
        "汾阳市社会保险中心2024年决算（fenyang-social-insurance-2024）公开了全国统一格式9张决算表"
        "（standard tables）中的几张**有数据的**表（状态“已公开”，present）？",
        "在 completeness 表中取这份文档 item_kind 为 table、required 为真的行，数一数 status 为 "
        "present 的有几行。",
        _standard_tables(("present",)),
        (Mistake(_standard_tables(("present", "empty_declared")),
                 "你把公开了空表（empty_declared：本单位没有这项收支，公开一张空表并说明理由）的也算进去了；"
                 "题目只问有数据的表。"),
         Mistake(_standard_tables(("empty_declared",)), "这是公开空表（empty table）的张数，不是有数据的表。"),
         Mistake(_standard_tables(("present",), with_extra=True),
                 "地方增列的表（extra，如山西的相关信息统计表）不属于全国统一的9张表，不要算进去。")),
        _other_documents,
        "汾阳公开了公开01–06表的数据，公开07–09表是空表（政府性基金、国有资本经营、“三公”经费均无数据）。"),
    Exercise(
        "01-2", "01_anatomy", FENYANG, answers.PERCENT,
        "汾阳市社会保险中心2024年的一般公共预算财政拨款支出中，类（class）208 社会保障和就业支出"
        "占百分之几？用公开05表（一般公共预算财政拨款支出决算表）的数字计算。",
        "占比 = 类208的决算数 ÷ 合计行的决算数 × 100。类这一行已经包含了它下面的款和项，不要重复相加。",
        _class_share,
        (Mistake(_class_share_levels(("class", "section", "item"), ("total",)),
                 "分子把类、款、项三级都加在一起了：类的金额已经包含它的款，款已经包含它的项，"
                 "同一笔钱被算了三次。只取类这一行（或只加项）。"),
         Mistake(_class_share_levels(("class", "section"), ("total",)),
                 "分子把类和款都加进来了（summed the wrong level）：类＝所属各款之和，只取一级。"),
         Mistake(_class_share_levels(("class",), ("class", "section", "item")),
                 "分母把所有类、款、项的行都加在一起了，每笔钱算了三次；分母应是合计行（或各类之和）。")),
        _other_documents),
    Exercise(
        "01-3", "01_anatomy", XIANYANG, answers.PERCENT,
        "咸阳市人社局2023年的一般公共预算财政拨款基本支出中，人员经费（personnel expenses）占百分之几？",
        "人员经费占基本支出 = 人员经费 ÷（人员经费 ＋ 公用经费）× 100，两个数都在情况说明第六部分和公开06表。",
        _structure("personnel_share"),
        (Mistake(_structure("public_share"), "这是公用经费（public expenses）的占比；题目问人员经费。"),
         Mistake(_personnel_over("expenditure_current_year"),
                 "分母用了本年支出合计；人员经费是基本支出的一部分，分母应是基本支出（人员经费＋公用经费）。"),
         Mistake(_personnel_over("gpb_expenditure_actual"),
                 "分母用了一般公共预算财政拨款支出总额（含项目支出）；分母应是基本支出。")),
        _other_documents),
    Exercise(
        "02-1", "02_execution", f"{XIANYANG}:2080111", answers.PERCENT,
        "咸阳市人社局2023年情况说明第五部分的第8项，公共就业服务和职业技能鉴定机构（2080111）："
        "它的支出决算完成了年初预算（initial budget）的百分之几？",
        "完成年初预算 = 这一项的支出决算 ÷ 这一项的年初预算数 × 100。",
        _line_completion,
        (Mistake(lambda t, s: _completion(t, _doc(s)),
                 "这是整个一般公共预算财政拨款支出的完成比例；题目只问这一项（item）。"),),
        None,
        "与原文这一项所述的完成比例一致。"),
    Exercise(
        "02-2", "02_execution", QIANYANG, answers.WANYUAN,
        "现在轮到千阳县人社局2024年（qianyang-hrss-2024）：它的情况说明第五部分逐项列出的科目中，"
        "**年初预算为零**（unbudgeted）的科目一共支出了多少万元？",
        "找出写着“年初预算为零”的项，把它们的支出决算数加起来（单位万元）。",
        _unbudgeted("unbudgeted_actual"),
        (Mistake(_unbudgeted("n_unbudgeted"), "你给的是这类科目的个数；题目问它们一共支出了多少万元。"),
         Mistake(_unbudgeted("unbudgeted_share"), "你给的是占比（%）；题目问金额（万元）。"),
         Mistake(_over_budget_lines("gap_wanyuan"),
                 "你把所有超出年初预算的科目的超支额都加进来了；题目只问年初预算为零的科目。"),
         Mistake(_over_budget_lines("actual"),
                 "你把有年初预算、但决算超过预算的科目也算进来了；只要年初预算为零的科目。")),
        _other_documents),
    Exercise(
        "02-3", "02_execution", f"{XIANYANG}:P22", answers.PERCENT,
        "咸阳市人社局2023年“技能鉴定专项资金”项目绩效自评表（project self-evaluation）："
        "它的执行率（execution rate）是百分之几？",
        "执行率 = 全年执行数B ÷ 全年预算数A × 100；A是年中调整后的全年预算，不是年初预算数。",
        lambda t, e: _execution(t, e, "execution_rate"),
        (Mistake(lambda t, e: _execution(t, e, "initial_budget_completion_rate"),
                 "你用了年初预算数作分母（the initial budget）；执行率的分母是全年预算数A"
                 "（年中调整后的预算）。这是最常见的错误。"),),
        None,
        "与表中印的执行率一致：这一次文档自己算对了。"),
    Exercise(
        "02-4", "02_execution", XIANYANG, answers.CODE,
        "咸阳市人社局2023年情况说明第五部分的各项中，哪一项的决算**超出年初预算的金额最多**（万元）？"
        "给出它的7位功能分类编码（item code）。",
        "每一项算 决算 − 年初预算（万元），取最大的那一项；年初预算为零的项，整笔支出都是超出的部分。",
        _gap_rank("wanyuan"),
        (Mistake(_gap_rank("percent"),
                 "你是按百分比（完成年初预算的%）排的；题目问超出的金额（万元）。"),
         Mistake(_largest("gap_wanyuan", budgeted_only=True),
                 "你漏掉了年初预算为零的项：它们的整笔支出都超出了年初预算。"),
         Mistake(_largest("actual"),
                 "这是决算数最大的一项，不一定是超出年初预算最多的一项：要减去年初预算。")),
        None),
    Exercise(
        "03-1", "03_performance", None, answers.PERCENT,
        "四份文档的全部绩效评价（自评和重点评价）中，等级为“优”（excellent）的占百分之几？"
        "文档没有写等级的，按得分评定（≥90分为优）。",
        "占比 = 等级为优的评价个数 ÷ 有等级（或可按得分评定等级）的评价个数 × 100。",
        _share_you,
        (Mistake(_share_you_stated,
                 "你只数了文档写出等级的评价；没有写等级的要按得分评定（≥90 优，80–<90 良，60–<80 中，<60 差）。"),
         Mistake(_full_score_share, "这是得满分（100分）的评价的占比，不是等级为优的占比。"),
         Mistake(_count_you, "你给的是个数；题目问占比（%）。")),
        _other_documents),
    Exercise(
        "03-2", "03_performance", f"{XIANYANG}:P03", answers.GRADE,
        "咸阳市人社局2023年“人事人才工作经费”项目（P03）的自评表没有写等级。"
        "按它的自评总分，这个项目的等级（grade）应是什么？",
        "等级只看总分：≥90 优，80–<90 良，60–<80 中，<60 差。总分在自评表最后一行。",
        _grade,
        (Mistake(_constant("优"),
                 "再看一眼总分：优要90分及以上，差一分也不行。"),),
        None,
        "它是四份文档55个绩效评价中唯一一个不是“优”的。"),
    Exercise(
        "03-3", "03_performance", f"{XIANYANG}:P22", answers.POINTS_1,
        "“技能鉴定专项资金”的资金执行部分分值（weight）为10分。按“执行率 × 分值”的规则，"
        "它的资金执行得分（funds score）应是多少分（保留一位小数）？",
        "资金执行得分 = 执行率（B÷A）× 分值10分；执行率用全年预算数A作分母。",
        _funds_points("execution_rate"),
        (Mistake(_funds_points("initial_budget_completion_rate"),
                 "你用了年初预算数算执行率（B÷年初预算）；应当用全年预算数A。"),
         Mistake(_funds_points("initial_budget_completion_rate", cap=True),
                 "满分10分只在执行率达到100%时才得到；是不是用年初预算数算出了超过100%的执行率？"),
         Mistake(lambda t, e: _execution(t, e, "execution_rate"),
                 "你给的是执行率（%）；得分 = 执行率 × 分值（10分）。"),
         Mistake(lambda t, e: _execution(t, e, "score"), "这是项目的总分，不是资金执行部分的得分。")),
        None,
        "与表中印的资金执行得分一致。"),
    Exercise(
        "03-4", "03_performance", XIANYANG, answers.PERCENT,
        "咸阳市人社局2023年的绩效自评表中，有分值和得分的指标里，得满分（full marks：得分＝分值）的占百分之几？",
        "占比 = 得满分的指标数 ÷ 有分值（>0）且有得分的指标数 × 100。",
        _full_marks("full_marks_share"),
        (Mistake(_full_marks("n_full_marks"), "你给的是个数；题目问占比（%）。"),
         Mistake(_full_marks_over("applicable"),
                 "分母用了全部有效指标；只算有分值和得分的指标（有的表只写分值不写得分）。"),
         Mistake(_full_marks_over("rows"),
                 "分母用了全部指标行（包括“不涉及”、没有分值的行）；只算有分值和得分的指标。"),
         Mistake(_qualitative_share, "这是定性指标（qualitative）的占比，不是得满分的占比。"),
         Mistake(_full_marks_pooled, "这是四份文档合在一起的占比；题目只问咸阳这一份。")),
        _other_documents),
    Exercise(
        "04-1", "04_checking", XIANYANG, answers.WANYUAN,
        "咸阳市人社局2023年情况说明第五部分：第一句写了一般公共预算财政拨款支出的年初预算总额，"
        "下面逐项列出了26项的年初预算数。所述总额 **减去** 各项年初预算数之和，等于多少万元？",
        "把26项的年初预算数加起来（年初预算为零的项算0），再用第一句的年初预算总额减去这个和。",
        _total_minus_items("gpb_expenditure_budget_initial", "budget_initial"),
        (Mistake(lambda t, d: _items_sum(t, d, "budget_initial"),
                 "你给的是各项之和；题目要的是差额：所述总额 − 各项之和。"),
         Mistake(_total_minus_items("gpb_expenditure_actual", "actual"),
                 "这是决算数的差额（只差一个尾差）；题目问的是年初预算。"),
         Mistake(_constant(0.0),
                 "两者并不相等：逐项相加后再和第一句的总额比较。")),
        None,
        "差额远大于尾差：要么有一项没有列出，要么总额或某一项印错了。"
        "审核规则 SUM-NARRATIVE-GPB 报告的就是这一处。"),
    Exercise(
        "04-2", "04_checking", f"{XIANYANG}:P02", answers.PERCENT,
        "咸阳市人社局2023年“人事人才考试及职称评审工作经费”项目（P02）：用表中的全年预算数A和全年执行数B"
        "**自己算**执行率（B÷A），是百分之几？",
        "执行率 = 全年执行数B ÷ 全年预算数A × 100，用自评表“年度资金总额”一行的A和B。",
        lambda t, e: _execution(t, e, "execution_rate"),
        (Mistake(lambda t, e: _execution(t, e, "execution_rate_stated"),
                 "这是表中印的执行率，题目要你用表中的A和B自己算。比较一下：印的数字等于B÷年初预算数"
                 "（也等于B÷文字说明里写的全年预算数），而不是B÷A——表中的数字自相矛盾。"),
         Mistake(lambda t, e: _execution(t, e, "initial_budget_completion_rate"),
                 "你用了年初预算数作分母；执行率的分母是全年预算数A。")),
        None,
        "表中印的执行率不等于 B÷A，而等于 B ÷ 年初预算数；文字说明写的全年预算数也与表中的A不同。"
        "审核规则 PCT-EXEC 和 DUP-PERF 指出了这两处。"),
    Exercise(
        "04-3", "04_checking", f"{XIANYANG}:P08", answers.POINTS,
        "咸阳市人社局2023年“创业担保贷款奖补资金”项目（P08）：把资金执行得分和各项绩效指标的得分加起来，"
        "总分应是多少分？",
        "总分 = 资金执行得分 ＋ 各三级指标的得分之和；用“得分”一列，不是“分值”一列。",
        _parts_plus("score", "funds_score"),
        (Mistake(lambda t, e: _execution(t, e, "score"),
                 "这是表中印的总分；题目要你自己把各部分加起来，再和它比较。"),
         Mistake(_parts_plus("score", "funds_weight"),
                 "你把资金执行的分值（weight）当成了得分（score）；有意思的是，"
                 "表中印的总分正好等于这个数——文档可能也是这样加的。"),
         Mistake(_indicator_scores("score"), "你漏掉了资金执行得分（funds score）。"),
         Mistake(_parts_plus("weight", "funds_weight"), "你加的是分值（weights），不是得分（scores）。")),
        None,
        "各部分之和与表中印的总分不一致：审核规则 PERF-SCORE 报告了这一处。"),
    Exercise(
        "04-4", "04_checking", QIANYANG, answers.COUNT,
        "对千阳县人社局2024年（qianyang-hrss-2024）的决算运行一致性审核（consistency audit）："
        "严重程度为“错误”（error）的发现有几条？",
        "在 findings 表中取这份文档、severity 为 error 的行，数一数。",
        _findings(("error",)),
        (Mistake(_findings(("error", "warning", "info")),
                 "你把警示（warning）和提示（info）也算进去了；题目只问错误（error）。"),
         Mistake(_findings(("error", "warning")), "你把警示（warning）也算进去了；题目只问错误（error）。"),
         Mistake(_findings(("warning",)), "这是警示（warning）的条数。")),
        _other_documents),
)

EXERCISES: dict[str, Exercise] = {e.id: e for e in _EXERCISES}


def for_notebook(notebook: str) -> list[Exercise]:
    """The exercises that end one notebook, in order."""
    return [e for e in _EXERCISES if e.notebook == notebook]
