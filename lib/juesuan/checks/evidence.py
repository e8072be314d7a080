"""What makes a finding usable by a reviewer: its stable id, the PDF pages and a quote of the
lines it names, its review mark (data/raw/reviews.csv), and the disclosure score.

reviews.csv is kept by hand: one row per reviewed finding, columns `finding_id,verdict,reason`
(verdict `confirmed` — the document is wrong — or `false_positive` — the audit is; extra
columns such as doc_id, rule_id or a note are allowed and ignored). A reviewed finding stays in
`findings`, marked `reviewed` with its verdict and reason; a false positive no longer costs the
document points.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from pathlib import Path

import polars as pl

from juesuan import catalog
from juesuan.checks.completeness import rows_by_doc
from juesuan.metadata.codes import (
    REVIEW_VERDICTS,
    SCORE_PENALTIES,
    SCORE_WEIGHTS,
    SEVERITY_ZH,
)
from juesuan.text import Line, decode_bytes, line_texts

LINES = "_lines"  # pseudo-table of source lines: doc_id, src_line, text
REVIEWS = "_reviews"  # pseudo-table of reviews: finding_id, reason
QUOTE_CHARS = 60
PERF_ITEMS = ("s_performance", "annex_department_eval", "annex_project_evals")


def finding_id(rule_id: str, doc_id: str, subject: str, src_lines: str) -> str:
    """A hash of what identifies a finding: stable across re-ingest of the same file."""
    key = f"{rule_id}|{doc_id}|{subject}|{src_lines}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


_LINES_SCHEMA = {"doc_id": pl.String, "src_line": pl.Int64, "text": pl.String}


def lines_frame(doc_id: str, lines: list[Line]) -> pl.DataFrame:
    """A document's numbered lines as LINES rows."""
    return pl.DataFrame({"doc_id": [doc_id] * len(lines), "src_line": [ln.no for ln in lines],
                         "text": [ln.text for ln in lines]}, schema=_LINES_SCHEMA)


def load_lines(documents: pl.DataFrame, root: Path) -> pl.DataFrame:
    """The source text of each document (its file in data/raw, a PDF's rendering beside the
    curated tables) as rows (doc_id, src_line, text), numbered as src_line numbers them."""
    frames = [pl.DataFrame(schema=_LINES_SCHEMA)]
    for doc in documents.to_dicts():
        path = catalog.source_path(doc, root)
        if path.is_file():  # read_lines' lines, without building Line objects
            texts = line_texts(decode_bytes(path.read_bytes(), str(path))[0])
            frames.append(pl.DataFrame({"doc_id": [doc["doc_id"]] * len(texts),
                                        "src_line": range(1, len(texts) + 1), "text": texts},
                                       schema=_LINES_SCHEMA))
    return pl.concat(frames)


def load_reviews(path: Path) -> pl.DataFrame:
    """reviews.csv (finding_id, verdict, reason); empty when the file does not exist."""
    if not path.is_file():
        return pl.DataFrame(schema={"finding_id": pl.String, "verdict": pl.String,
                                    "reason": pl.String})
    df = pl.read_csv(path, infer_schema=False, comment_prefix="#")
    bad = set(df["verdict"].drop_nulls()) - set(REVIEW_VERDICTS)
    if bad:
        raise ValueError(f"{path}: unknown verdict(s) {sorted(bad)}; use {REVIEW_VERDICTS}")
    return df.select("finding_id", "verdict", "reason")


def _page_index(tables: dict[str, pl.DataFrame]) -> dict[str, tuple[list[int], list[int]]]:
    """Per document, (lines, pages) of every located row of the ingested tables, sorted: a
    line's page is that of the last located row at or before it."""
    seen: dict[str, dict[int, int]] = {}
    for name, df in tables.items():
        if name.startswith("_") or not {"doc_id", "src_line", "src_page"} <= set(df.columns):
            continue
        for doc_id, line, page in df.select("doc_id", "src_line", "src_page").drop_nulls(
                ).iter_rows():
            seen.setdefault(doc_id, {})[line] = page
    return {d: (sorted(m), [m[k] for k in sorted(m)]) for d, m in seen.items()}


def _page(index: tuple[list[int], list[int]] | None, line: int) -> int | None:
    if not index:
        return None
    i = bisect.bisect_right(index[0], line) - 1
    return index[1][max(i, 0)]


def enrich(found: list[dict], tables: dict[str, pl.DataFrame]) -> list[dict]:
    """Add finding_id, severity_zh, src_pages, quote and the review mark to finding rows
    (category is the rule's, set by the registry)."""
    pages = _page_index(tables)
    text: dict[tuple[str, int], str] = {}
    lines = tables.get(LINES)
    if lines is not None:  # only the lines quoted (a superset: any quoted doc and number)
        lines = lines.filter(pl.col("doc_id").is_in({f["doc_id"] for f in found})
                             & pl.col("src_line").is_in({f["src_line"] for f in found}))
        text = dict(zip(zip(lines["doc_id"].to_list(), lines["src_line"].to_list(),
                            strict=True), lines["text"].to_list(), strict=True))
    reviews = tables.get(REVIEWS)
    marks = ({fid: (v, r) for fid, v, r in reviews.iter_rows()} if reviews is not None
             else {})
    seen: dict[str, int] = {}
    for f in found:
        fid = finding_id(f["rule_id"], f["doc_id"], f["subject"], f["src_lines"])
        seen[fid] = seen.get(fid, 0) + 1
        f["finding_id"] = fid if seen[fid] == 1 else f"{fid}-{seen[fid]}"
        f["severity_zh"] = SEVERITY_ZH[f["severity"]]
        ls = [int(n) for n in f["src_lines"].split(",") if n]
        ps = [_page(pages.get(f["doc_id"]), n) for n in ls]
        f["src_pages"] = (",".join(str(p) for p in sorted(set(ps)))
                          if any(p is not None for p in ps) else None)
        q = " ".join(text.get((f["doc_id"], f["src_line"]), "").split())
        f["quote"] = (q[:QUOTE_CHARS] + "…" if len(q) > QUOTE_CHARS else q) or None
        verdict, reason = marks.get(f["finding_id"], (None, None))
        f["reviewed"] = f["finding_id"] in marks
        f["review_verdict"] = verdict
        f["review_reason"] = reason
    return found


def scores(findings: pl.DataFrame, completeness: pl.DataFrame, doc_ids: list[str]) -> list[dict]:
    """The disclosure score per document (SCORE_WEIGHTS): completeness = share of required
    items present or declared empty; consistency = 100 − SCORE_PENALTIES per finding not
    reviewed as a false positive (completeness findings excluded: the completeness part counts those), floor 0;
    performance = share of the performance items (绩效 section, department and project
    evaluation tables) present, required by the year's template or not: publishing the
    evaluations is better disclosure."""
    cards = rows_by_doc(completeness, ["item_id", "required", "status"])
    found = rows_by_doc(findings, ["severity", "category", "review_verdict"])
    rows = []
    for doc_id in doc_ids:
        items = cards.get(doc_id, [])
        card = [c for c in items if c["required"]]
        ok = sum(c["status"] in ("present", "empty_declared") for c in card)
        comp = 100.0 * ok / len(card) if card else 0.0
        perf_card = [c for c in items if c["item_id"] in PERF_ITEMS]
        perf = (100.0 * sum(c["status"] == "present" for c in perf_card) / len(perf_card)
                if perf_card else 0.0)
        open_ = [f for f in found.get(doc_id, [])
                 if (f["review_verdict"] or "") != "false_positive"]
        counts = Counter(f["severity"] for f in open_)
        penal = [f for f in open_ if f["category"] is not None and f["category"] != "completeness"]
        cons = max(0.0, 100.0 - sum(SCORE_PENALTIES[f["severity"]] for f in penal))
        total = sum(SCORE_WEIGHTS[k] * v for k, v in
                    (("completeness", comp), ("consistency", cons), ("performance", perf))) / 100
        rows.append({"doc_id": doc_id, "completeness": round(comp, 1),
                     "consistency": round(cons, 1), "performance": round(perf, 1),
                     "score": round(total, 1), "n_error": counts.get("error", 0),
                     "n_warning": counts.get("warning", 0), "n_info": counts.get("info", 0)})
    return rows
