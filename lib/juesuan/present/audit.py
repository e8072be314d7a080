"""The audit shown: findings and completeness as summaries and tables."""

from __future__ import annotations

import polars as pl

from juesuan import metadata
from juesuan.measures import selected_docs
from juesuan.present.documents import _unit_frame, doc_labels
from juesuan.present.formatting import (
    HTML,
    Docs,
    Tables,
    only,
    table,
)
from juesuan.present.labels import VALUE_LABELS

# --- findings and completeness ---------------------------------------------------------------------

def rule_titles() -> dict[str, str]:
    """rule_id -> Chinese title of the audit rule."""
    from juesuan.checks import rules

    return {r.rule_id: r.title_zh for r in rules.RULES}


def _several(docs: Docs) -> bool:
    return not isinstance(docs, str)


def findings_summary(tables: Tables, doc_id: Docs = None) -> str:
    """Counts of findings by severity (one document, several or the corpus) as plain text."""
    f = only(tables["findings"], doc_id)
    counts = dict(f.group_by("severity").len().iter_rows())
    parts = [f"{VALUE_LABELS['severity'][s]}{counts.get(s, 0)}条" for s in metadata.FINDING_SEVERITIES]
    return f"一致性审核发现共{f.height}条：" + "，".join(parts)


def audit_overview(tables: Tables, doc_ids: Docs = None) -> str:
    """One line per document: its name, the audit's count of findings and its completeness.
    The two tables are split by document once, not filtered whole for every document."""
    names = doc_labels(tables)
    split = {name: tables[name].partition_by("doc_id", as_dict=True)
             for name in ("findings", "completeness")}

    def own(d: str) -> Tables:
        return {name: rows.get((d,), tables[name].clear()) for name, rows in split.items()}

    return "\n".join(f"{names[d]}：{findings_summary(own(d), d)}；"
                     f"{completeness_summary(own(d), d)}"
                     for d in selected_docs(tables, doc_ids))


def findings_table(tables: Tables, doc_id: Docs = None) -> HTML:
    """The findings with the rule's Chinese title, message and source lines (and the
    document, when several are shown)."""
    f = tables["findings"].sort(["doc_id", "src_line", "rule_id"])
    # the titles come from the rule registry, which imports every rule: only for rows to show
    titles = rule_titles() if only(f, doc_id).height else {}
    f = f.with_columns(rule_title=pl.col("rule_id").replace_strict(titles, default=None)
                       .fill_null(pl.col("rule_id")),
                       src_lines=pl.col("src_lines").str.replace_all(",", ", "))
    cols = ["severity", "rule_title", "message_zh", "src_lines"]  # the rule by its Chinese name
    if _several(doc_id):
        f = f.join(_unit_frame(tables), on="doc_id", how="left")
        cols = ["unit_label", *cols]
    return table(f, doc_id=doc_id, columns=cols, table="findings",
                 empty="审核未发现前后不一致之处。")


def completeness_summary(tables: Tables, doc_id: Docs = None) -> str:
    """Counts of required items by completeness status as plain text."""
    c = only(tables["completeness"], doc_id)
    req = c.filter(pl.col("required"))
    counts = dict(req.group_by("status").len().iter_rows())
    parts = [f"{VALUE_LABELS['status'][s]}{counts.get(s, 0)}项"
             for s in metadata.COMPLETENESS_STATUSES if s != "extra"]
    n_extra = c.filter(pl.col("status") == "extra").height
    return (f"全国统一格式要求的{req.height}项内容中：" + "，".join(parts)
            + f"；另有地方增列表{n_extra}张")


def completeness_table(tables: Tables, doc_id: Docs = None, only_gaps: bool = False) -> HTML:
    """Completeness items (`only_gaps`: those not fully present, extras included)."""
    c = tables["completeness"]
    if only_gaps:
        c = c.filter(pl.col("status") != "present")
    cols = ["item_kind", "name_zh", "status", "reason", "src_line"]
    if _several(doc_id):
        c = c.join(_unit_frame(tables), on="doc_id", how="left")
        cols = ["unit_label", *cols]
    return table(c, doc_id=doc_id, columns=cols, table="completeness",
                 empty="全部必需内容均已公开。")


