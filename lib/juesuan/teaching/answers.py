"""Answer kinds of the exercises: what a well-formed answer looks like, when it counts as right,
and the mistakes every answer of the kind can show (a fraction for a percent, 元 for 万元, a
rounding slip).

Every message is for a student: Chinese, with the key term in English, and it says what to do —
never just "wrong". Exercise-specific mistakes (the initial budget for the full-year one, the
wrong level of the classification …) are defined with the exercises (`exercises.py`).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from juesuan import measures

EPS = 1e-9


class FormError(ValueError):
    """The answer is not of the form the exercise expects (the message says which)."""


def _given(answer: object) -> str:
    """What the student gave, in words, for a form message."""
    if isinstance(answer, bool):
        return f"一个真假值（boolean）{answer}"
    if isinstance(answer, str):
        return f"文字“{answer}”（a string）"
    if isinstance(answer, list | tuple | set | frozenset):
        return f"一组值（a {type(answer).__name__}）{list(answer)[:4]}"
    if isinstance(answer, dict):
        return "一个字典（a dict）"
    if isinstance(answer, numbers.Real):
        return f"数字 {answer}"
    kind = type(answer).__name__
    if kind in ("Series", "DataFrame", "ndarray"):
        return (f"一个{kind}（不是单个的数）：用 .item() 或 df[列名][0] 取出那一个值")
    return f"{kind} {answer!r}"


def _number(answer: object, suffixes: tuple[str, ...]) -> float:
    """A finite number from an int, a float or a numeric string (thousands separators and the
    kind's unit suffix allowed); FormError otherwise."""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real | str):
        raise FormError(f"你给的是{_given(answer)}")
    if isinstance(answer, str):
        text = answer.strip().replace(",", "").replace("，", "").replace(" ", "")
        for suffix in suffixes:
            text = text.removesuffix(suffix)
        try:
            value = float(text)
        except ValueError:
            raise FormError(f"你给的{_given(answer)}不是一个数") from None
    else:
        value = float(answer)
    if math.isnan(value) or math.isinf(value):
        raise FormError("你给的是 NaN 或无穷大（not a number）：多半是除以了0，或者有缺失值参与了计算")
    return value


@dataclass(frozen=True)
class Number:
    """A number compared within a tolerance: `decimals` is the precision the answer is asked
    for (half a unit of it is accepted, so 195.3 and 195.30 are both right)."""

    name: str
    unit: str  # for messages: 百分数, 万元, 分
    form: str
    decimals: int
    suffixes: tuple[str, ...] = ()

    @property
    def tolerance(self) -> float:
        return 0.5 * 10 ** -self.decimals + EPS

    def parse(self, answer: object) -> float:
        return _number(answer, self.suffixes)

    def matches(self, answer: float, value: object) -> bool:
        return isinstance(value, int | float) and abs(answer - value) <= self.tolerance

    def diagnose(self, answer: float, expected: float) -> list[str]:
        """Mistakes any answer of this kind can show."""
        hints = []
        if self.name == "percent":
            hints += _percent_mistakes(answer, expected)
        if self.name == "wanyuan":
            hints += _wanyuan_mistakes(answer, expected, self.tolerance)
        hints += _rounding(answer, expected, self.decimals)
        return hints

    def direction(self, answer: float, expected: float) -> str:
        return ("你的答案偏大（too high）。" if answer > expected else "你的答案偏小（too low）。")


def _percent_mistakes(answer: float, expected: float) -> list[str]:
    hints = []
    if expected and abs(answer * 100 - expected) <= 0.5:
        hints.append("你给的是小数（fraction，如0.95），题目要的是百分数（percent，如95）：乘以100。")
    if expected and abs(expected - 100) > 1 and abs(answer - 10000 / expected) <= 0.01:
        hints.append("分子和分母颠倒了（divided the wrong way round）：谁除以谁？")
    if abs(expected - 100) > 1 and abs(answer - (expected - 100)) <= 0.01:
        hints.append("你给的是超出或不足100%的部分（the gap），题目要的是比例本身：不要减去100。")
    return hints


def _wanyuan_mistakes(answer: float, expected: float, tolerance: float) -> list[str]:
    hints = []
    if expected and abs(answer - expected * 10000) <= 0.5:
        hints.append("单位不对：你算的是元（yuan），决算公开的金额单位是万元（10,000 yuan），除以10000。")
    if expected and abs(answer + expected) <= tolerance:
        hints.append("符号反了（sign）：题目要的是哪个数减哪个数？")
    return hints


def _rounding(answer: float, expected: float, decimals: int) -> list[str]:
    """Close but not right: too few decimals, truncation, or rounding on the way."""
    tolerance = 0.5 * 10 ** -decimals + EPS
    gap = abs(answer - expected)
    if gap <= tolerance or gap >= 1:
        return []
    wanted = f"请保留{decimals}位小数（round to {decimals} decimal{'s' if decimals > 1 else ''}）"
    if abs(answer - round(expected)) <= EPS:
        return [f"你把结果取成了整数；{wanted}。"]
    for fewer in range(1, decimals):
        if abs(answer - round(expected, fewer)) <= EPS:
            return [f"你只保留了{fewer}位小数；{wanted}。"]
    for kept in range(decimals + 1):
        scale = 10 ** kept
        if abs(answer - math.trunc(expected * scale) / scale) <= EPS:
            return [f"你把多余的小数直接截掉了（truncated）；应当四舍五入（round），{wanted}。"]
    return [(f"很接近，但不对：不要先把中间结果四舍五入，最后再保留{decimals}位小数；"
            "也检查一下是不是有一个数抄错了最后一位。")]


@dataclass(frozen=True)
class Count:
    """A whole number (how many tables, findings …)."""

    name: str = "count"
    unit: str = "个"
    form: str = "一个整数（a count），例如 answer = 3"

    def parse(self, answer: object) -> int:
        value = _number(answer, ("个", "张", "条", "项"))
        if not value.is_integer():
            raise FormError(f"个数应当是整数，你给的是 {value}")
        return int(value)

    def matches(self, answer: int, value: object) -> bool:
        return isinstance(value, int | float) and answer == value

    def diagnose(self, answer: int, expected: int) -> list[str]:
        if abs(answer - expected) == 1:
            return ["差了1个：是不是多数或漏数了一项？"]
        return []

    def direction(self, answer: int, expected: int) -> str:
        return "你数多了（too many）。" if answer > expected else "你数少了（too few）。"


_LEVEL_BY_DIGITS = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True)
class Code:
    """A functional-classification code (3, 5 or 7 digits), as text or a whole number."""

    name: str = "code"
    unit: str = ""
    form: str = "一个支出功能分类科目编码（functional code）：类3位、款5位、项7位，例如 answer = \"2080101\""

    def parse(self, answer: object) -> str:
        if isinstance(answer, bool) or not isinstance(answer, numbers.Integral | str):
            raise FormError(f"你给的是{_given(answer)}")
        text = str(answer).strip()
        if not text.isdigit():
            raise FormError(f"你给的{_given(answer)}不是编码；编码只有数字，科目名称请换成它的编码")
        if len(text) not in _LEVEL_BY_DIGITS:
            raise FormError(f"“{text}”有{len(text)}位；功能分类编码是3位（类）、5位（款）或7位（项）")
        return text

    def matches(self, answer: str, value: object) -> bool:
        return answer == value

    def diagnose(self, answer: str, expected: str) -> list[str]:
        if isinstance(expected, str) and expected.startswith(answer) and answer != expected:
            return [(f"你给的是它所属的{_LEVEL_BY_DIGITS[len(answer)]}（{len(answer)}位）；"
                    f"题目要的是{_LEVEL_BY_DIGITS[len(expected)]}的编码（{len(expected)}位）。")]
        return []

    def direction(self, answer: str, expected: str) -> str:
        return f"不是编码为{answer}的这一行。"


@dataclass(frozen=True)
class Choice:
    """One of a few words; `aliases` maps other spellings onto them."""

    options: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()
    name: str = "choice"
    unit: str = ""

    @property
    def form(self) -> str:
        return "以下之一（one of）：" + "、".join(self.options)

    def parse(self, answer: object) -> str:
        if not isinstance(answer, str):
            raise FormError(f"你给的是{_given(answer)}")
        text = answer.strip().strip("“”\"'")
        text = dict(self.aliases).get(text, text)
        if text not in self.options:
            raise FormError(f"“{answer}”不在可选答案中")
        return text

    def matches(self, answer: str, value: object) -> bool:
        return answer == value

    def diagnose(self, answer: str, expected: str) -> list[str]:
        return []

    def direction(self, answer: str, expected: str) -> str:
        return f"不是“{answer}”。"


PERCENT = Number("percent", "百分数",
                 "一个百分数（percent），保留两位小数，例如 answer = 95.3 表示95.3%"
                 "（写成 \"95.3%\" 也可以）", 2, ("%", "％"))
WANYUAN = Number("wanyuan", "万元",
                 "一个金额，单位万元（10,000 yuan），保留两位小数，例如 answer = 1234.56"
                 "（写成 \"1,234.56\" 也可以）", 2, ("万元",))
POINTS = Number("points", "分", "一个分数（points），保留两位小数，例如 answer = 95.5", 2, ("分",))
POINTS_1 = Number("points", "分", "一个分数（points），保留一位小数，例如 answer = 9.5", 1, ("分",))
COUNT = Count()
CODE = Code()
GRADE = Choice(("优", "良", "中", "差"), tuple(measures.GRADE_ALIASES.items()))

Kind = Number | Count | Code | Choice
