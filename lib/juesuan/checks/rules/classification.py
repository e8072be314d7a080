"""Classification codes: 功能分类 类/款/项 codes of 3/5/7 digits whose parents are printed, and
经济分类 codes under an existing 类 of the economic classification."""

from __future__ import annotations

import re

from juesuan.checks.rules.common import Finding, Tables, _finding, _rows
from juesuan.metadata.codes import ECONOMIC_CLASSES

_FUNC_DIGITS = {"class": 3, "section": 5, "item": 7}  # peer: class_len 3, section 5, item 7
_LEVEL_ZH = {"class": "类", "section": "款", "item": "项"}


def rule_codes(tables: Tables) -> list[Finding]:
    """**Classification codes.** In the 功能分类 tables (公开03表, 公开05表) a 类 code has 3
    digits, a 款 5 and a 项 7, all starting with 2, and the 类 (款) a 款 (项) belongs to is printed
    in the same table; in 公开06表 an economic code's 类 (its first three digits) is one of the
    economic classification's classes (301 工资福利支出, 302 商品和服务支出, 303 对个人和家庭的补助,
    310 资本性支出 …) and, for a 5-digit code, printed in the table."""
    out: list[Finding] = []
    codes: dict[tuple[str, str], set[str]] = {}
    rows = [r for r in _rows(tables, "budget_lines")
            if r["statement"] != "narrative_gpb" and r["func_code"]]
    for r in rows:
        codes.setdefault((r["doc_id"], r["statement"]), set()).add(r["func_code"])
    for r in rows:
        code, level = r["func_code"], r["level"]
        want = _FUNC_DIGITS.get(level)
        name = r["item_name"] or r["section_name"] or r["class_name"] or ""
        if want and not re.fullmatch(rf"2\d{{{want - 1}}}", code):
            out.append(_code_finding(r["doc_id"], r["src_line"], code, name,
                                     f"作为{_LEVEL_ZH[level]}级科目应为2开头的{want}位编码",
                                     f"a {level} code has {want} digits starting with 2"))
            continue
        parent = code[:5] if level == "item" else code[:3] if level == "section" else None
        if parent and parent not in codes[(r["doc_id"], r["statement"])]:
            out.append(_code_finding(r["doc_id"], r["src_line"], code, name,
                                     f"所属上级科目{parent}未在表中列示",
                                     f"its parent {parent} is not printed in the table"))
    econ: dict[str, set[str]] = {}
    for r in _rows(tables, "economic_lines"):
        econ.setdefault(r["doc_id"], set()).add(r["econ_code"])
    for r in _rows(tables, "economic_lines"):
        code = r["econ_code"] or ""
        if not re.fullmatch(r"\d{3}(?:\d{2})?", code):
            out.append(_code_finding(r["doc_id"], r["src_line"], code, r["econ_name"],
                                     "经济分类编码应为3位（类）或5位（款）",
                                     "an economic code has 3 (class) or 5 (item) digits"))
        elif code[:3] not in ECONOMIC_CLASSES:
            out.append(_code_finding(r["doc_id"], r["src_line"], code, r["econ_name"],
                                     f"类{code[:3]}不是支出经济分类的类",
                                     f"{code[:3]} is not a class of the economic classification"))
        elif len(code) == 5 and code[:3] not in econ[r["doc_id"]]:
            out.append(_code_finding(r["doc_id"], r["src_line"], code, r["econ_name"],
                                     f"所属类{code[:3]}未在表中列示",
                                     f"its class {code[:3]} is not printed in the table"))
    return out


def _code_finding(doc_id: str, line: int, code: str, name: str, zh: str, en: str) -> Finding:
    return _finding(doc_id, "CODE-CLASS", "error", f"code {code}",
                    f"第{line}行科目编码{code}（{name}）{zh}。", f"line {line}: code {code} "
                    f"({name}): {en}.", [line])
