"""The information block of a self-evaluation table: 项目名称 / 主管部门 / 实施单位 … and
the amount unit, a value printed beside its label or spilled onto the next lines.
"""

from __future__ import annotations

import re

from juesuan.ingest.common import AMOUNT_UNITS
from juesuan.metadata import perf_templates
from juesuan.text import Line, join_text, match_key

# Labels of the information block above the indicators (the registry's, brackets of either
# width; the longest first: 实施单位（盖章） before 实施单位).
_INFO_FIELD = {label: col for col, labels in perf_templates.INFO_LABELS.items()
               for label in labels}
_INFO_RE = re.compile("({})".format("|".join(
    re.escape(label).replace(r"\(", "[（(]").replace(r"\)", "[）)]")
    for label in sorted(_INFO_FIELD, key=len, reverse=True))))
_INFO_STOP = ("项目", "主管", "实施", "预算", "年度", "部门", "单位", "资金", "总体", "绩效",
              "其中", "全年", "年初", "中长期")
# '单位：万元' or '（万元）' anywhere on a line of the block; the closing bracket is optional.
_UNIT_RE = re.compile(rf"(?:单位[:：]\s*|[（(])\s*({AMOUNT_UNITS})\s*[）)]?")


def _read_info(region: list[Line], fields: dict) -> None:
    """项目名称 / 主管部门 / 实施单位 …: label and value on one line, or the value on the next
    lines when the label ends its line (a spilled cell)."""
    lines = [ln for ln in region if not ln.is_blank]
    for pos, line in enumerate(lines):
        parts = _INFO_RE.split(line.stripped)
        for k in range(1, len(parts) - 1, 2):
            col = _INFO_FIELD.get(match_key(parts[k]))
            if col is None or fields.get(col):
                continue
            value = parts[k + 1].strip()
            if not value and k + 2 >= len(parts):
                value = _spilled_value(lines[pos + 1:]) or ""
            fields[col] = value or None


def _spilled_value(following: list[Line]) -> str | None:
    frags = []
    for line in following[:3]:
        key = line.key
        if re.search(r"\d", key) or key.startswith(_INFO_STOP) or " " in line.stripped:
            break
        frags.append(line.stripped)
    return join_text(frags) or None


def _amount_unit(region: list[Line]) -> str | None:
    for line in region:
        m = _UNIT_RE.search(line.stripped)
        if m:
            return m.group(1)
    return None
