"""Answer kinds of the exercises: what a well-formed answer looks like, when it counts as right,
and the mistakes every answer of the kind can show (a fraction for a percent, 元 for 万元, a
rounding slip).

Every message is for a student: Chinese, with the key term in English, and it says what to do —
never just "wrong". Exercise-specific mistakes (the initial budget for the full-year one, the
wrong level of the classification …) are defined with the exercises (`exercises.py`), their
values computed in `methods.py`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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
    what: str  # the form's first words
    decimals: int
    example: str
    suffixes: tuple[str, ...] = ()
    also: str = ""  # another accepted spelling, for the form

    @property
    def form(self) -> str:
        places = {1: "一", 2: "两"}.get(self.decimals, str(self.decimals))
        step = f"{10 ** -self.decimals:.{self.decimals}f}"
        return (f"{self.what}，保留{places}位小数，例如 answer = {self.example}{self.also}；"
                f"四舍五入到{places}位小数后与正确答案相同即算对（误差小于{step}的一半）")

    @property
    def tolerance(self) -> float:
        return 0.5 * 10 ** -self.decimals + EPS

    def parse(self, answer: object) -> float:
        return _number(answer, self.suffixes)

    def rounded(self, value: float) -> float:
        """The value rounded half-up to the decimals asked for (as the answer key compares)."""
        exact = Decimal(repr(round(float(value), 9)))
        return float(exact.quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP))

    def matches(self, answer: float, value: object) -> bool:
        """Right when both round (half-up) to the same number with the decimals asked for: the
        tolerance the form states."""
        return (isinstance(value, int | float) and not isinstance(value, bool)
                and self.rounded(answer) == self.rounded(value))

    def diagnose_blind(self, answer: float, is_right: Callable[[float], bool],
                       given: object = None) -> list[str]:
        """The kind's slips found without knowing the right value (a student's package knows
        only its hash): transform the answer the way a slip would have changed it and ask
        whether the result is right."""
        hints = []
        if self.name == "percent":
            if is_right(answer * 100):
                hints.append("你给的是小数（fraction，如0.95），题目要的是百分数（percent，如95）：乘以100。")
            if answer and is_right(10000 / answer):
                hints.append("分子和分母颠倒了（divided the wrong way round）：谁除以谁？")
            if is_right(answer + 100) or is_right(answer - 100):
                hints.append("你给的是超出或不足100%的部分（the gap），题目要的是比例本身：不要减去100。")
        if self.name == "wanyuan":
            if is_right(answer / 10000):
                hints.append("单位不对：你算的是元（yuan），决算公开的金额单位是万元（10,000 yuan），除以10000。")
            if answer and is_right(-answer):
                hints.append("符号反了（sign）：题目要的是哪个数减哪个数？")
        if not hints:
            hints += self.precision_slips(answer, is_right, given)
        return hints

    def precision_slips(self, answer: float, is_right: Callable[[float], bool],
                        given: object = None) -> list[str]:
        """Too few decimals, or one unit of the last decimal off (truncated, or rounded on the
        way)."""
        wanted = f"请保留{self.decimals}位小数（round to {self.decimals} decimal" \
                 f"{'s' if self.decimals > 1 else ''}），例如 {self.example}"
        shown = _decimals_shown(answer if given is None else given)
        if shown < self.decimals:
            what = "整数" if shown == 0 else f"{shown}位小数"
            return [f"你的答案只有{what}；{wanted}。按四舍五入到{self.decimals}位小数后比较。"]
        step = 10 ** -self.decimals
        if is_right(answer + step) or is_right(answer - step):
            return [(f"很接近，最后一位差1：是不是把多余的小数直接截掉了（truncated）？应当四舍五入（round）；"
                     f"也不要先把中间结果四舍五入。{wanted}。")]
        return []

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


def _decimals_shown(answer: object) -> int:
    """How many decimals the student wrote (a float as Python shows it, a string as typed)."""
    if isinstance(answer, numbers.Integral):
        return 0
    text = str(answer).strip().rstrip("%％万元分 ").replace(",", "")
    if "e" in text.lower():
        return 99
    return len(text.split(".")[1]) if "." in text else 0


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


PERCENT = Number("percent", "百分数", "一个百分数（percent）", 2, "95.31", ("%", "％"),
                 " 表示95.31%（写成 \"95.31%\" 也可以）")
WANYUAN = Number("wanyuan", "万元", "一个金额，单位万元（10,000 yuan）", 2, "1234.56", ("万元",),
                 "（写成 \"1,234.56\" 也可以）")
POINTS = Number("points", "分", "一个分数（points）", 2, "95.25", ("分",))
POINTS_1 = Number("points", "分", "一个分数（points）", 1, "9.5", ("分",))
COUNT = Count()
CODE = Code()
GRADE = Choice(("优", "良", "中", "差"), tuple(measures.GRADE_ALIASES.items()))

Kind = Number | Count | Code | Choice
