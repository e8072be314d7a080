"""The bilingual glossary (中文 / English), generated from `juesuan.metadata`.

    >>> from juesuan import glossary
    >>> glossary.term("执行率")                      # every entry named 执行率, as a DataFrame
    >>> print(glossary.explain("年初预算", "全年预算数"))
    >>> print(glossary.markdown())                   # the whole glossary as Markdown

The entries are not written here: they are the domain's terms (`metadata.TERMS`: 类/款/项, 年初预算,
执行率, 定性指标 …), the curated tables and their columns, the metric vocabulary of `totals`, the
columns the measures compute (`metadata.MEASURE_COLUMNS`) and the names of coded values
(`metadata.VALUE_LABELS`). The report labels come from the same definitions, so the glossary can
never disagree with a chart's axis title.

Columns of the glossary: `kind` (term, table, column, metric, measure, value — see
`metadata.GLOSSARY_KINDS`), `name` (the identifier in the data: column, metric or coded value;
null for a term), `zh`, `en`, `unit`, `definition_zh` and `definition_en` (terms), and `where`
(where it appears: `table.column`, `metric:<metric>`, `measure:<column>`).
"""

from __future__ import annotations

import difflib
import functools
import re

import polars as pl

from juesuan import metadata

COLUMNS = ("kind", "name", "zh", "en", "unit", "definition_zh", "definition_en", "where")
KINDS = tuple(metadata.GLOSSARY_KINDS)

# Headers of the Markdown and HTML renderings (中文 / English).
HEADERS = {"kind": "类别 kind", "name": "名称 name", "zh": "中文", "en": "English",
           "unit": "单位 unit", "definition_zh": "释义", "definition_en": "Definition",
           "where": "出现在 where"}


def _term_rows() -> list[dict]:
    return [{"kind": "term", "name": None, "zh": t.zh, "en": t.en, "unit": t.unit,
             "definition_zh": t.definition_zh, "definition_en": t.definition_en,
             "where": ", ".join(t.see) or None} for t in metadata.TERMS]


def _table_rows() -> list[dict]:
    return [{"kind": "table", "name": t.name, "zh": t.zh, "en": t.en, "where": t.name}
            for t in metadata.TABLES.values()]


def _grouped(kind: str, entries: list[tuple[str, str, str, str | None, str]]) -> list[dict]:
    """One row per (name, zh, en, unit), the places it appears joined in `where`."""
    places: dict[tuple, list[str]] = {}
    for name, zh, en, unit, where in entries:
        places.setdefault((name, zh, en, unit), []).append(where)
    return [{"kind": kind, "name": name, "zh": zh, "en": en, "unit": unit,
             "where": ", ".join(dict.fromkeys(wheres))}
            for (name, zh, en, unit), wheres in places.items()]


def _column_rows() -> list[dict]:
    return _grouped("column", [(c.name, c.zh, c.en, c.unit, f"{t.name}.{c.name}")
                               for t in metadata.TABLES.values() for c in t.columns])


def _metric_rows() -> list[dict]:
    return [{"kind": "metric", "name": m, "zh": zh, "en": en, "unit": unit,
             "where": "totals.metric"} for m, (unit, en, zh) in metadata.METRICS.items()]


def _measure_rows() -> list[dict]:
    entries = [(c.name, c.zh, c.en, c.unit, "measures")
               for c in metadata.MEASURE_COLUMNS.values()]
    entries += [(c.name, c.zh, c.en, c.unit, f"measures ({table})")
                for table, cols in metadata.MEASURE_CONTEXT.items() for c in cols.values()]
    return _grouped("measure", entries)


def _value_places(column: str, value: str) -> list[str]:
    """The curated columns whose vocabulary holds `value`, else the measure column."""
    places = [f"{t.name}.{c.name}" for t in metadata.TABLES.values() for c in t.columns
              if c.name == column and c.enum and value in c.enum]
    return places or [f"measures.{column}"]


def _value_rows() -> list[dict]:
    entries = []
    for column, values in metadata.VALUE_LABELS.items():
        if column == "metric":  # the metric vocabulary has its own entries
            continue
        for value, (zh, en) in values.items():
            entries += [(value, zh, en, None, place) for place in _value_places(column, value)]
    return _grouped("value", entries)


@functools.cache
def _glossary() -> pl.DataFrame:
    rows = (_term_rows() + _table_rows() + _column_rows() + _metric_rows() + _measure_rows()
            + _value_rows())
    return pl.DataFrame([{c: r.get(c) for c in COLUMNS} for r in rows],
                        schema={c: pl.String for c in COLUMNS})


def glossary(kinds: str | tuple[str, ...] | list[str] | None = None) -> pl.DataFrame:
    """The glossary: every entry, or those of `kinds` (see `KINDS`), terms first."""
    g = _glossary()
    if kinds is None:
        return g
    wanted = [kinds] if isinstance(kinds, str) else list(kinds)
    unknown = [k for k in wanted if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind(s) {unknown}; kinds: {', '.join(KINDS)}")
    return g.filter(pl.col("kind").is_in(wanted))


def _norm(text: str) -> str:
    """Lower case, no spaces, no quotes: “三公” matches 三公 and Initial Budget matches initial
    budget."""
    return re.sub(r"[\s“”\"'‘’]", "", text).lower()


def _short(en: str) -> str:
    """English without its parenthesised part: 'Initial budget (年初预算)' -> 'Initial budget'."""
    return re.sub(r"\s*[（(][^（）()]*[)）]", "", en).strip()


def _keys(row: dict) -> set[str]:
    keys = {row["zh"], row["en"], _short(row["en"])}
    if row["name"]:
        keys.add(row["name"])
    return {_norm(k) for k in keys if k}


def term(query: str) -> pl.DataFrame:
    """The entries named `query` (Chinese, English or the identifier, ignoring case, spaces and
    quotes); when none is named so, the entries whose Chinese or English contains it. A query
    that matches nothing raises KeyError with the closest names."""
    if not isinstance(query, str) or not query.strip():
        raise TypeError("term() takes a term as text, e.g. term('执行率') or term('execution rate')")
    g = glossary()
    q = _norm(query)
    rows = g.to_dicts()
    exact = [i for i, r in enumerate(rows) if q in _keys(r)]
    if not exact:
        exact = [i for i, r in enumerate(rows)
                 if q in _norm(r["zh"]) or q in _norm(r["en"])]
    if exact:
        return g[exact]
    names = sorted({r["zh"] for r in rows} | {_short(r["en"]) for r in rows})
    close = difflib.get_close_matches(query.strip(), names, n=5, cutoff=0.4)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise KeyError(f"no glossary entry for {query!r}{hint}")


def _best(query: str) -> dict:
    """The entry `explain` shows for a query: a term before a measure, column, metric …"""
    found = term(query)
    order = {k: i for i, k in enumerate(KINDS)}
    return min(found.to_dicts(), key=lambda r: order[r["kind"]])


def explain(*queries: str) -> str:
    """One line per query: 中文（English）：释义 Definition [unit] — for printing in a notebook."""
    out = []
    for q in queries:
        r = _best(q)
        text = f"{r['zh']}（{r['en']}）"
        if r["definition_zh"]:
            text += f"：{r['definition_zh']} {r['definition_en']}"
        if r["unit"]:
            text += f" [{r['unit']}]"
        out.append(text)
    return "\n".join(out)


def _cell(value: str | None) -> str:
    return "" if value is None else value.replace("|", "\\|").replace("\n", " ")


def _md_table(df: pl.DataFrame, columns: tuple[str, ...]) -> list[str]:
    lines = ["| " + " | ".join(HEADERS[c] for c in columns) + " |",
             "|" + "---|" * len(columns)]
    for r in df.iter_rows(named=True):
        lines.append("| " + " | ".join(_cell(r[c]) for c in columns) + " |")
    return lines


def markdown(df: pl.DataFrame | None = None) -> str:
    """The glossary (or the entries of `df`, e.g. from `term`) as Markdown: one section per
    kind, terms with their definitions in both languages."""
    df = glossary() if df is None else df
    out = []
    for kind in KINDS:
        part = df.filter(pl.col("kind") == kind)
        if part.height == 0:
            continue
        zh, en = metadata.GLOSSARY_KINDS[kind]
        cols = (("zh", "en", "definition_zh", "definition_en", "unit", "where") if kind == "term"
                else ("zh", "en", "unit", "name", "where"))
        out += [f"## {zh} {en}", "", *_md_table(part, cols), ""]
    return "\n".join(out)


GLOSSARY_FILE = "notebooks/teaching/GLOSSARY.md"  # the copy a teacher hands out, kept current


def document() -> str:
    """The glossary as a Markdown document (what `GLOSSARY_FILE` holds)."""
    return ("# 术语表 Glossary\n\n"
            "Generated from `lib/juesuan/metadata/` by `python -m juesuan.glossary` — do not edit "
            "by hand. 由数据定义生成，请勿手改。\n\n" + markdown())


def main(argv: list[str] | None = None) -> int:
    """`python -m juesuan.glossary [FILE]`: write the glossary document (default: print it)."""
    import sys
    from pathlib import Path

    from juesuan.io import atomic_write_text

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(document())
        return 0
    text = document()
    atomic_write_text(Path(args[0]), text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
