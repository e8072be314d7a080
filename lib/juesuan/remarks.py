"""What a document says about itself: the problems it found (发现的问题及原因, 存在问题 …)
and the improvements it plans (下一步改进措施, 改进建议 …), extracted from its text with the
lines they are printed on, as published (hard line wraps joined, nothing reworded).

    >>> remarks.extract(lines)          # lines of the source text, line 1 first
    DataFrame: kind (problem | measure), text, src_line, src_line_end

Two layouts occur: a marker followed by its text on the line (“发现的问题及原因：…下一步改进
措施：…”, the text wrapping onto the next lines), and a heading (“五、存在主要问题”,
“（二）下一步改进措施”) over a block of numbered paragraphs. Entries that say only “无” are
dropped (`extract(…, keep_none=True)` keeps them)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

KINDS = ("problem", "measure")

_PROBLEM = (r"(?:项目管理中)?(?:发现的|存在的?|主要存在|存在主要)(?:主要)?问题"
            r"(?:和不足|及原因(?:分析)?)?")
_MEASURE = r"(?:下一步)?(?:改进(?:措施|建议)|整改措施|有关建议)(?:及管理建议)?"
_MARKER = re.compile(rf"(?P<problem>{_PROBLEM})|(?P<measure>{_MEASURE})")
_INLINE = re.compile(rf"(?:(?P<problem>{_PROBLEM})|(?P<measure>{_MEASURE}))\s*[:：\t]\s*")
_NUM = r"[一二三四五六七八九十]+"
_TOP = re.compile(rf"^\s*(?:{_NUM}、|第{_NUM}部分|附件|附表)")
_SUB = re.compile(rf"^\s*[（(]{_NUM}[）)]")
_ITEM = re.compile(rf"^\s*(?:[（(]{_NUM}[）)]|\d+[.、．]|[①-⑩])")
_HEADING = re.compile(rf"^\s*(?:{_NUM}、|[（(]{_NUM}[）)])\s*(?:{_PROBLEM}|{_MEASURE})\s*[。.]?\s*$")
_END = "。；;！!"
_NONE = re.compile(r"^[\s:：]*无[。.；;]?\s*$")
_MAX_WRAP = 12  # continuation lines an inline entry may run on
_MAX_BLOCK = 60  # lines a heading's block may run on


def _kind(m: re.Match) -> str:
    return "problem" if m.group("problem") else "measure"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip(" \t:：")


def _inline_run(lines: Sequence[str], i: int) -> tuple[list[tuple[int, str]], int]:
    """Line i and the lines its text wraps onto (blank lines skipped): until the text ends a
    sentence, a table row, heading or new paragraph starts."""
    run = [(i + 1, lines[i])]
    j = i + 1
    while j < len(lines) and len(run) <= _MAX_WRAP:
        text = lines[j].strip()
        if not text:
            j += 1
            continue
        if (run[-1][1].rstrip().endswith(tuple(_END)) or "\t" in lines[j]
                or _TOP.match(text) or _ITEM.match(text) or _HEADING.match(text)):
            # a marker may follow on the next line after a finished sentence
            if _INLINE.match(text) and not _HEADING.match(text):
                run.append((j + 1, lines[j]))
                j += 1
                continue
            break
        run.append((j + 1, lines[j]))
        j += 1
    return run, j


def _split_inline(run: list[tuple[int, str]]) -> list[dict]:
    """The entries in a run of lines: each marker's text up to the next marker."""
    joined, starts = "", []
    for n, text in run:
        starts.append((len(joined), n))
        joined += text.strip()
    markers = list(_INLINE.finditer(joined))
    out = []
    for k, m in enumerate(markers):
        end = markers[k + 1].start() if k + 1 < len(markers) else len(joined)
        first = max(n for pos, n in starts if pos <= m.start())
        last = max(n for pos, n in starts if pos < max(end, m.start() + 1))
        out.append({"kind": _kind(m), "text": _clean(joined[m.end():end]),
                    "src_line": first, "src_line_end": last})
    return out


def _block(lines: Sequence[str], i: int, kind: str) -> tuple[list[dict], int]:
    """The numbered paragraphs under heading line i, one entry each (the whole block when it
    is not numbered)."""
    top = _TOP.match(lines[i]) is not None
    j, items, current = i + 1, [], None
    while j < len(lines) and j - i <= _MAX_BLOCK:
        text = lines[j].strip()
        if text and (_TOP.match(text) or (not top and _SUB.match(text))
                     or (top and _SUB.match(text) and _MARKER.search(text)
                         and len(text) < 30) or _HEADING.match(text)):
            break
        if text and "\t" not in text:
            if current is None or (_ITEM.match(text) and current["text"]):
                current = {"kind": kind, "text": "", "src_line": j + 1, "src_line_end": j + 1}
                items.append(current)
            current["text"] += text
            current["src_line_end"] = j + 1
        j += 1
    for item in items:
        item["text"] = _clean(item["text"])
    return items, j


def extract(lines: Sequence[str], keep_none: bool = False) -> pl.DataFrame:
    """The document's own problems and improvement measures, in text order."""
    out: list[dict] = []
    i = 0
    while i < len(lines):
        text = lines[i].strip()
        heading = _HEADING.match(text)
        if heading:
            items, i = _block(lines, i, _kind(_MARKER.search(text)))
            out.extend(items)
            continue
        if _INLINE.search(text):
            run, i = _inline_run(lines, i)
            out.extend(_split_inline(run))
            continue
        i += 1
    df = pl.DataFrame(out, schema={"kind": pl.String, "text": pl.String,
                                   "src_line": pl.Int64, "src_line_end": pl.Int64})
    if not keep_none:
        df = df.filter(~pl.col("text").str.contains(_NONE.pattern) & (pl.col("text") != ""))
    return df
