"""The course's exercises: question, tier, answer kind, which line or evaluation of a document
it asks about, and the typical mistakes with their hints.

Every exercise is set on a *document* (`doc`, default `default_doc`): `pick(tables, doc)` chooses
the subject — the document itself, or one line or evaluation of it by a stated rule — so a teacher
can set the same exercise on any document of the corpus, and the question names what it asks
about. The right answer is **not** here: its rule is the teacher's (`solutions/answer_key.py`),
and the package ships only salted hashes of the answers (`key.py`). A `Mistake` is the value a
typical wrong method gives, computed from the data when the answer is checked, so a student who
divides by the initial budget instead of the full-year one is told exactly that.

The figures of the right and wrong methods are computed in `methods.py`, the subjects chosen
in `subjects.py`; this module is the course's list of exercises.
"""

from __future__ import annotations

from dataclasses import dataclass

from juesuan import schema
from juesuan.teaching import answers
from juesuan.teaching.answers import Kind
from juesuan.teaching.methods import (
    Compute,
    Tables,
    _class_share_levels,
    _completion,
    _constant,
    _corpus_share_you,
    _count_you,
    _execution,
    _findings,
    _full_marks,
    _full_marks_over,
    _full_marks_pooled,
    _full_score_share,
    _funds_points,
    _gap_rank,
    _indicator_scores,
    _items_gap_total,
    _items_sum,
    _items_total,
    _largest,
    _over_budget_lines,
    _parts_plus,
    _personnel_over,
    _qualitative_share,
    _share_you_stated,
    _standard_tables,
    _structure,
    _total_minus_items,
    _unbudgeted,
    grade_spread,
    largest_reason,
    totals_agree,
)
from juesuan.teaching.subjects import (
    Pick,
    _whole_document,
    doc_of,
    pick_coded_document,
    pick_line_above_budget,
    pick_project_budget_raised,
    pick_project_weighted,
    pick_score_parts_furthest,
    pick_stated_rate_furthest,
    pick_ungraded_lowest,
)

XIANYANG = "xianyang-hrss-2023"
FENYANG = "fenyang-social-insurance-2024"
QIANYANG = "qianyang-hrss-2024"

LOOKUP, COMPUTE, INTERPRET = "look-up", "compute", "interpret"
TIERS = {LOOKUP: "查找（look-up）", COMPUTE: "计算（compute）", INTERPRET: "解读（interpret）"}


@dataclass(frozen=True)
class Mistake:
    """A typical wrong method: the value it gives, and what to tell a student who gives it."""

    value: Compute
    hint: str


@dataclass(frozen=True)
class Exercise:
    id: str
    notebook: str  # the teaching notebook the exercise ends (its file name's stem)
    tier: str  # look-up | compute | interpret
    default_doc: str  # the document the lesson sets it on
    kind: Kind
    question: str  # a template: {doc} the document, {name} the line or project, {line} its line
    how: str  # the method, told when no specific mistake explains a wrong answer
    mistakes: tuple[Mistake, ...] = ()
    pick: Pick = _whole_document  # the subject (doc_id, doc_id:line, doc_id:eval) asked about
    others: bool = True  # whether the same figure of another document betrays a wrong document
    done: str = ""  # said after a right answer on the default document

    def subject(self, tables: Tables, doc: str | None = None) -> str | None:
        """What the exercise asks about on `doc` (default: the lesson's document); None when the
        document does not state it (the exercise cannot be set on it)."""
        return self.pick(tables, doc or self.default_doc)


REASONS = answers.Choice(tuple(label for label, _ in
                               schema.VALUE_LABELS["reason_kind"].values()))
SPREAD = answers.Choice(("全部为优", "绝大多数为优", "等级有区分"))
AGREE = answers.Choice(("对得上", "对不上"), (("相符", "对得上"), ("不相符", "对不上"),
                                            ("一致", "对得上"), ("不一致", "对不上")))

_doc = doc_of


# --- the exercises -------------------------------------------------------------------------------
# Questions name the document ({doc}) and, for a line or an evaluation, what the rule in `pick`
# chose ({name}, on line {line} of the source text): the same exercise can be set on any
# document that states what it asks about.

_EXERCISES = (
    Exercise(
        "01-1", "01_anatomy", LOOKUP, FENYANG, answers.COUNT,
        "{doc}公开了全国统一格式9张决算表（standard tables）中的几张**有数据的**表（状态“已公开”，present）？",
        "在 completeness 表中取这份文档 item_kind 为 table、required 为真的行，数一数 status 为 "
        "present 的有几行。",
        (Mistake(_standard_tables(("present", "empty_declared")),
                 "你把公开了空表（empty_declared：本单位没有这项收支，公开一张空表并说明理由）的也算进去了；"
                 "题目只问有数据的表。"),
         Mistake(_standard_tables(("empty_declared",)), "这是公开空表（empty table）的张数，不是有数据的表。"),
         Mistake(_standard_tables(("present",), with_extra=True),
                 "地方增列的表（extra，如山西的相关信息统计表）不属于全国统一的9张表，不要算进去。"),
         Mistake(_constant(9), "9是全国统一格式表的总数；题目问这份文档公开了其中几张有数据的表。")),
        done="空表不等于缺表：没有这项收支的单位按规定公开一张空表，并说明理由。"),
    Exercise(
        "01-2", "01_anatomy", COMPUTE, FENYANG, answers.PERCENT,
        "{doc}的一般公共预算财政拨款支出中，类（class）208 社会保障和就业支出"
        "占百分之几？用公开05表（一般公共预算财政拨款支出决算表）的数字计算。",
        "占比 = 类208的决算数 ÷ 合计行的决算数 × 100。类这一行已经包含了它下面的款和项，不要重复相加。",
        (Mistake(_class_share_levels(("class", "section", "item"), ("total",)),
                 "分子把类、款、项三级都加在一起了：类的金额已经包含它的款，款已经包含它的项，"
                 "同一笔钱被算了三次。只取类这一行（或只加项）。"),
         Mistake(_class_share_levels(("class", "section"), ("total",)),
                 "分子把类和款都加进来了（summed the wrong level）：类＝所属各款之和，只取一级。"),
         Mistake(_class_share_levels(("class",), ("class", "section", "item")),
                 "分母把所有类、款、项的行都加在一起了，每笔钱算了三次；分母应是合计行（或各类之和）。"))),
    Exercise(
        "01-3", "01_anatomy", COMPUTE, XIANYANG, answers.PERCENT,
        "{doc}的一般公共预算财政拨款基本支出中，人员经费（personnel expenses）占百分之几？",
        "人员经费占基本支出 = 人员经费 ÷（人员经费 ＋ 公用经费）× 100，两个数都在情况说明的基本支出一节和公开06表。",
        (Mistake(_structure("public_share"),
                 "这是公用经费（office and operating expenses）的占比；题目问人员经费。"),
         Mistake(_personnel_over("expenditure_current_year"),
                 "分母用了本年支出合计；人员经费是基本支出的一部分，分母应是基本支出（人员经费＋公用经费）。"),
         Mistake(_personnel_over("gpb_expenditure_actual"),
                 "分母用了一般公共预算财政拨款支出总额（含项目支出）；分母应是基本支出。"))),
    Exercise(
        "02-1", "02_execution", COMPUTE, XIANYANG, answers.PERCENT,
        "{doc}情况说明逐项列出的一般公共预算财政拨款支出中，{name}（原文第{line}行）："
        "它的支出决算完成了年初预算（initial budget）的百分之几？",
        "完成年初预算 = 这一项的支出决算 ÷ 这一项的年初预算数 × 100。",
        (Mistake(lambda t, s: _completion(t, _doc(s)),
                 "这是整个一般公共预算财政拨款支出的完成比例；题目只问这一项（item）。"),),
        pick=pick_line_above_budget, others=False,
        done="与原文这一项所述的完成比例一致。"),
    Exercise(
        "02-2", "02_execution", COMPUTE, QIANYANG, answers.WANYUAN,
        "{doc}情况说明逐项列出的一般公共预算财政拨款支出科目中，"
        "**年初预算为零**（unbudgeted）的科目一共支出了多少万元？",
        "找出写着“年初预算为零”的项，把它们的支出决算数加起来（单位万元）。",
        (Mistake(_unbudgeted("n_unbudgeted"), "你给的是这类科目的个数；题目问它们一共支出了多少万元。"),
         Mistake(_unbudgeted("unbudgeted_share"), "你给的是占比（%）；题目问金额（万元）。"),
         Mistake(_over_budget_lines("gap_wanyuan"),
                 "你把所有超出年初预算的科目的超支额都加进来了；题目只问年初预算为零的科目。"),
         Mistake(_over_budget_lines("actual"),
                 "你把有年初预算、但决算超过预算的科目也算进来了；只要年初预算为零的科目。"),
         Mistake(_items_total("actual"),
                 "你把逐项列出的全部科目的决算都加起来了（summed every line）——这是一般公共预算"
                 "财政拨款支出的总额。只加“年初预算为零”的那几项。"),
         Mistake(_items_total("actual", unbudgeted=False),
                 "你加的正好是有年初预算的科目（the budgeted lines）；题目要的是另外那几项：年初预算为零的。"),
         Mistake(_items_gap_total,
                 "你算的是全部科目“决算 − 年初预算”的合计（the net gap）；题目只问年初预算为零的科目的决算。"))),
    Exercise(
        "02-3", "02_execution", COMPUTE, XIANYANG, answers.PERCENT,
        "{doc}的{name}项目绩效自评表（project self-evaluation，原文第{line}行起）："
        "它的执行率（execution rate）是百分之几？",
        "执行率 = 全年执行数B ÷ 全年预算数A × 100；A是年中调整后的全年预算，不是年初预算数。",
        (Mistake(lambda t, e: _execution(t, e, "initial_budget_completion_rate"),
                 "你用了年初预算数作分母（the initial budget）；执行率的分母是全年预算数A"
                 "（年中调整后的预算）。这是最常见的错误。"),),
        pick=pick_project_budget_raised, others=False,
        done="与表中印的执行率一致：这一次文档自己算对了。"),
    Exercise(
        "02-4", "02_execution", LOOKUP, XIANYANG, answers.CODE,
        "{doc}情况说明逐项列出的各项中，哪一项的决算**超出年初预算的金额最多**（万元）？"
        "给出它的7位功能分类编码（item code）。",
        "每一项算 决算 − 年初预算（万元），取最大的那一项；年初预算为零的项，整笔支出都是超出的部分。",
        (Mistake(_gap_rank("percent"),
                 "你是按百分比（完成年初预算的%）排的；题目问超出的金额（万元）。"),
         Mistake(_largest("gap_wanyuan", budgeted_only=True),
                 "你漏掉了年初预算为零的项：它们的整笔支出都超出了年初预算。"),
         Mistake(_largest("actual"),
                 "这是决算数最大的一项，不一定是超出年初预算最多的一项：要减去年初预算。")),
        pick=pick_coded_document, others=False),
    Exercise(
        "02-5", "02_execution", INTERPRET, XIANYANG, REASONS,
        "{doc}的一般公共预算财政拨款支出，决算与年初预算差了多少，文档逐项写了原因。"
        "把各项按原因归类、把每类的“决算 − 年初预算”加起来：**金额（绝对值）最大**的是哪一类原因？",
        "用 teaching.reason_summary(tables, DOC_ID)：按原因归类的差额（gap_wanyuan），比较绝对值；"
        "“未说明原因”不算一类原因。",
        (Mistake(largest_reason("n_lines"),
                 "这是涉及项数最多的一类原因；题目问的是金额：一项大额追加可以比十项小额变动更重要。"),),
        others=False,
        done="年初预算和决算之间的差，主要是年中追加：年初人大批准的预算只说明了一部分钱会怎么花。"),
    Exercise(
        "03-1", "03_performance", COMPUTE, XIANYANG, answers.PERCENT,
        "{doc}的全部绩效评价（部门整体自评、项目自评和重点评价）中，等级为“优”（excellent）的占百分之几？"
        "文档没有写等级的，按得分评定（≥90分为优）。",
        "占比 = 等级为优的评价个数 ÷ 有等级（或可按得分评定等级）的评价个数 × 100。",
        (Mistake(_share_you_stated,
                 "你只数了文档写出等级的评价；没有写等级的要按得分评定（≥90 优，80–<90 良，60–<80 中，<60 差）。"),
         Mistake(_full_score_share, "这是得满分（100分）的评价的占比，不是等级为优的占比。"),
         Mistake(_count_you, "你给的是个数；题目问占比（%）。"),
         Mistake(_corpus_share_you,
                 "这是四份文档合在一起（the whole corpus）的占比；题目只问这一份文档。"))),
    Exercise(
        "03-2", "03_performance", LOOKUP, XIANYANG, answers.GRADE,
        "{doc}的{name}项目（原文第{line}行起）的自评表没有写等级。"
        "按它的自评总分，这个项目的等级（grade）应是什么？",
        "等级只看总分：≥90 优，80–<90 良，60–<80 中，<60 差。总分在自评表最后一行。",
        (Mistake(_constant("优"),
                 "再看一眼总分：优要90分及以上，差一分也不行。"),),
        pick=pick_ungraded_lowest, others=False,
        done="它是四份文档55个绩效评价中唯一一个不是“优”的。"),
    Exercise(
        "03-3", "03_performance", COMPUTE, XIANYANG, answers.POINTS_1,
        "{doc}的{name}项目（原文第{line}行起）：按“执行率 × 分值”的规则"
        "（资金执行部分的分值见表），它的资金执行得分（funds score）应是多少分（保留一位小数）？",
        "资金执行得分 = 执行率（B÷A）× 分值；执行率用全年预算数A作分母。",
        (Mistake(_funds_points("initial_budget_completion_rate"),
                 "你用了年初预算数算执行率（B÷年初预算）；应当用全年预算数A。"),
         Mistake(_funds_points("initial_budget_completion_rate", cap=True),
                 "满分只在执行率达到100%时才得到；是不是用年初预算数算出了超过100%的执行率？"),
         Mistake(lambda t, e: _execution(t, e, "execution_rate"),
                 "你给的是执行率（%）；得分 = 执行率 × 分值。"),
         Mistake(lambda t, e: _execution(t, e, "score"), "这是项目的总分，不是资金执行部分的得分。")),
        pick=pick_project_weighted, others=False,
        done="与表中印的资金执行得分一致。"),
    Exercise(
        "03-4", "03_performance", COMPUTE, XIANYANG, answers.PERCENT,
        "{doc}的绩效自评表中，有分值和得分的指标里，得满分（full marks：得分＝分值）的占百分之几？",
        "占比 = 得满分的指标数 ÷ 有分值（>0）且有得分的指标数 × 100。",
        (Mistake(_full_marks("n_full_marks"), "你给的是个数；题目问占比（%）。"),
         Mistake(_full_marks_over("applicable"),
                 "分母用了全部有效指标；只算有分值和得分的指标（有的表只写分值不写得分）。"),
         Mistake(_full_marks_over("rows"),
                 "分母用了全部指标行（包括“不涉及”、没有分值的行）；只算有分值和得分的指标。"),
         Mistake(_qualitative_share, "这是定性指标（qualitative）的占比，不是得满分的占比。"),
         Mistake(_full_marks_pooled, "这是四份文档合在一起的占比；题目只问这一份文档。"))),
    Exercise(
        "03-5", "03_performance", INTERPRET, XIANYANG, SPREAD,
        "{doc}的绩效评价等级（没有写等级的按总分评定）能把评价对象区分开吗？"
        "选一个最合适的说法：全部为优 / 绝大多数为优（80%及以上）/ 等级有区分。",
        "先算出等级为优的评价占比（练习3-1），再看它落在哪一档：100% 全部为优，80%及以上绝大多数为优。",
        (Mistake(grade_spread(_share_you_stated),
                 "你只看了文档写出等级的评价；没有写等级的也要按总分评定后算进去。"),
         Mistake(grade_spread(_full_score_share),
                 "你看的是得满分的比例；题目问的是等级（优要90分及以上，不必满分）。")),
        others=False,
        done="等级几乎都是优：自评的等级本身很难区分项目的好坏，要看执行率、指标和偏差原因。"),
    Exercise(
        "04-1", "04_checking", COMPUTE, XIANYANG, answers.WANYUAN,
        "{doc}情况说明中一般公共预算财政拨款支出一节：第一句写了年初预算总额，"
        "下面逐项列出了各项的年初预算数。所述总额 **减去** 各项年初预算数之和，等于多少万元？",
        "把各项的年初预算数加起来（年初预算为零的项算0），再用第一句的年初预算总额减去这个和。",
        (Mistake(lambda t, d: _items_sum(t, d, "budget_initial"),
                 "你给的是各项之和；题目要的是差额：所述总额 − 各项之和。"),
         Mistake(_total_minus_items("gpb_expenditure_actual", "actual"),
                 "这是决算数的差额；题目问的是年初预算。"),
         Mistake(_constant(0.0),
                 "两者并不相等：逐项相加后再和第一句的总额比较。")),
        done="差额远大于尾差：要么有一项没有列出，要么总额或某一项印错了。"
             "审核规则 SUM-NARRATIVE-GPB 报告的就是这一处。"),
    Exercise(
        "04-2", "04_checking", COMPUTE, XIANYANG, answers.PERCENT,
        "{doc}的{name}项目（原文第{line}行起）：用表中的全年预算数A和全年执行数B"
        "**自己算**执行率（B÷A），是百分之几？",
        "执行率 = 全年执行数B ÷ 全年预算数A × 100，用自评表“年度资金总额”一行的A和B。",
        (Mistake(lambda t, e: _execution(t, e, "execution_rate_stated"),
                 "这是表中印的执行率，题目要你用表中的A和B自己算。比较一下：印的数字等于B÷年初预算数"
                 "（也等于B÷文字说明里写的全年预算数），而不是B÷A——表中的数字自相矛盾。"),
         Mistake(lambda t, e: _execution(t, e, "initial_budget_completion_rate"),
                 "你用了年初预算数作分母；执行率的分母是全年预算数A。")),
        pick=pick_stated_rate_furthest, others=False,
        done="表中印的执行率不等于 B÷A，而等于 B ÷ 年初预算数；文字说明写的全年预算数也与表中的A不同。"
             "审核规则 PCT-EXEC 和 DUP-PERF 指出了这两处。"),
    Exercise(
        "04-3", "04_checking", COMPUTE, XIANYANG, answers.POINTS,
        "{doc}的{name}项目（原文第{line}行起）：把资金执行得分和各项绩效指标的得分加起来，"
        "总分应是多少分？",
        "总分 = 资金执行得分 ＋ 各三级指标的得分之和；用“得分”一列，不是“分值”一列。",
        (Mistake(lambda t, e: _execution(t, e, "score"),
                 "这是表中印的总分；题目要你自己把各部分加起来，再和它比较。"),
         Mistake(_parts_plus("score", "funds_weight"),
                 "你把资金执行的分值（weight）当成了得分（score）；有意思的是，"
                 "表中印的总分正好等于这个数——文档可能也是这样加的。"),
         Mistake(_indicator_scores("score"), "你漏掉了资金执行得分（funds score）。"),
         Mistake(_parts_plus("weight", "funds_weight"), "你加的是分值（weights），不是得分（scores）。")),
        pick=pick_score_parts_furthest, others=False,
        done="各部分之和与表中印的总分不一致：审核规则 PERF-SCORE 报告了这一处。"),
    Exercise(
        "04-4", "04_checking", LOOKUP, QIANYANG, answers.COUNT,
        "对{doc}的决算运行一致性审核（consistency audit）：严重程度为“确定”（error）的发现有几条？",
        "在 findings 表中取这份文档、severity 为 error 的行，数一数。",
        (Mistake(_findings(("error", "warning", "info")),
                 "你把疑似（warning）和提示（info）也算进去了；题目只问确定（error）。"),
         Mistake(_findings(("error", "warning")), "你把疑似（warning）也算进去了；题目只问确定（error）。"),
         Mistake(_findings(("warning",)), "这是疑似（warning）的条数。"))),
    Exercise(
        "04-5", "04_checking", INTERPRET, XIANYANG, AGREE,
        "{doc}情况说明所述一般公共预算财政拨款支出的**年初预算**总额，与逐项列出的年初预算数之和，"
        "在尾差以内（每项最多0.01万元）对得上吗？",
        "做练习4-1的计算：差额的绝对值不超过“项数 × 0.01万元”就是尾差，对得上；否则对不上。",
        (Mistake(totals_agree("gpb_expenditure_actual", "actual"),
                 "你比较的是决算数（actual）；题目问的是年初预算（initial budget）。"),),
        others=False,
        done="一份文档自己和自己对不上，不一定是造假：可能漏列了一项，也可能抄错了一个数。"
             "审核的价值在于指出哪里要去问。"),
)

EXERCISES: dict[str, Exercise] = {e.id: e for e in _EXERCISES}


def for_notebook(notebook: str) -> list[Exercise]:
    """The exercises that end one notebook, in order."""
    return [e for e in _EXERCISES if e.notebook == notebook]
