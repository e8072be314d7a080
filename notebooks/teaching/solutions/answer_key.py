"""The teacher's answer key of the juesuan course: how each exercise's right answer is computed
from the curated data (exercise id → compute(tables, subject)).

Keep this folder away from students. With it, `teaching.use_key("notebooks/teaching/solutions")`
(or JUESUAN_TEACHER_KEY=notebooks/teaching/solutions) lets `teaching.expected` print answers and
the checker give its fullest hints; `juesuan teaching key --key notebooks/teaching/solutions`
rebuilds the hashes the student package ships (lib/juesuan/teaching/answer_hashes.json).
"""

from juesuan.teaching import methods as x

RULES = {
    "01-1": x._standard_tables(("present",)),
    "01-2": x._class_share,
    "01-3": x._structure("personnel_share"),
    "02-1": x._line_completion,
    "02-2": x._unbudgeted("unbudgeted_actual"),
    "02-3": lambda t, e: x._execution(t, e, "execution_rate"),
    "02-4": x._gap_rank("wanyuan"),
    "02-5": x.largest_reason("gap_wanyuan"),
    "03-1": x._share_you,
    "03-2": x._grade,
    "03-3": x._funds_points("execution_rate"),
    "03-4": x._full_marks("full_marks_share"),
    "03-5": x.grade_spread(x._share_you),
    "04-1": x._total_minus_items("gpb_expenditure_budget_initial", "budget_initial"),
    "04-2": lambda t, e: x._execution(t, e, "execution_rate"),
    "04-3": x._parts_plus("score", "funds_score"),
    "04-4": x._findings(("error",)),
    "04-5": x.totals_agree("gpb_expenditure_budget_initial", "budget_initial"),
}
