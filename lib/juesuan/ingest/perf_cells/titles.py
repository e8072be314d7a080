"""Where a performance table printed without tabs starts: a 自评表 title (followed by its
information block, not by tab rows) or a key-evaluation report's 一级指标 分值 得分 header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.ingest.common import TITLE_MAX
from juesuan.ingest.perf_cells.info import _INFO_RE
from juesuan.text import Line

# A table title: "<name>项目绩效自评表", "附表：部门整体支出绩效目标完成情况自评表" (match_key form).
_TITLE_RE = re.compile(r"^(?:附表\d*[:]?)?(?P<title>[^。，,;]{0,40}绩效[^。，,;]{0,12}自评表)$")
# The 一级指标 分值 得分 得分率 summary of a key-evaluation report, printed with spaces.
_KEY_HEADER_RE = re.compile(r"^一级指标\s+分值\s+得分(?:\s+得分率)?$")


@dataclass
class _Start:
    kind: str  # 'self' (a 自评表) or 'key' (a 一级指标 分值 得分 summary)
    index: int


def _is_title(line: Line) -> bool:
    if "表" not in line.text:
        return False  # (a title ends in 自评表: most lines stop at this cheap test)
    key = line.key
    return "\t" not in line.text and len(key) <= TITLE_MAX and bool(_TITLE_RE.match(key))


def _find_starts(lines: list[Line]) -> list[_Start]:
    out = []
    for i, line in enumerate(lines):
        if "\t" in line.text:
            continue
        if _is_title(line):
            out.append(_Start("self", i))
        elif line.stripped.startswith("一级指标") and _KEY_HEADER_RE.match(line.stripped):
            out.append(_Start("key", i))  # (the prefix test spares most lines the regex)
    return out


def _looks_like_table(lines: list[Line], start: int) -> bool:
    """A title is followed by the 项目名称 / 部门名称 line within a few lines; a sentence that
    merely names a table is not."""
    near = [ln for ln in lines[start + 1:start + 25] if not ln.is_blank][:8]
    return any(_INFO_RE.search(ln.text) for ln in near)


def _is_tab_table(lines: list[Line], start: int) -> bool:
    """A title followed by tab-separated rows belongs to the tab parser, not to us."""
    seen = 0
    for i in range(start + 1, len(lines)):  # (islice would walk from the text's start)
        line = lines[i]
        if line.is_blank:
            continue
        if "\t" in line.text:
            return True
        seen += 1
        if seen >= 6:
            return False
    return False
