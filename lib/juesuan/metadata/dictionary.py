"""The data dictionary (Markdown) and the Frictionless `datapackage.json`, rendered from the
metadata; `juesuan.io.write_tables` writes them beside the curated tables.
"""

from __future__ import annotations

import json

from juesuan.metadata.codes import METRICS, PERF_TEMPLATES, THREE_PUBLIC_ITEMS
from juesuan.metadata.tables import TABLES

CSV_DIR = "csv"  # where the CSV copies sit, relative to the tables (`juesuan.io` writes them)


def datapackage() -> dict:
    """A Frictionless Data Package describing the Parquet and CSV resources."""
    resources = []
    for table in TABLES.values():
        fields = []
        for col in table.columns:
            f = {"name": col.name, "type": col.dtype, "title": col.zh, "description": col.en}
            constraints = {}
            if col.required:
                constraints["required"] = True
            if col.enum:
                constraints["enum"] = list(col.enum)
            if constraints:
                f["constraints"] = constraints
            if col.unit:
                f["unit"] = col.unit
            fields.append(f)
        table_schema: dict = {"fields": fields, "missingValues": [""]}
        if table.primary_key:
            table_schema["primaryKey"] = list(table.primary_key)
        resources.append({
            "name": table.name, "path": f"{CSV_DIR}/{table.name}.csv", "format": "csv",
            "encoding": "utf-8-sig", "mediatype": "text/csv", "title": table.zh,
            "description": table.en, "schema": table_schema,
        })
    return {
        "name": "juesuan-curated",
        "title": "juesuan curated final-accounts tables (部门决算公开 curated tables)",
        "description": "Tables extracted from Chinese departmental final-accounts disclosures; "
                       "amounts in 万元 as published; every value carries its source line. "
                       "Parquet copies of each resource sit beside this file as <name>.parquet.",
        "licenses": [{"name": "ODC-PDDL-1.0", "title": "Public Domain Dedication and License"}],
        "resources": resources,
    }


def datapackage_json() -> str:
    return json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"


def data_dictionary() -> str:
    """The data dictionary as Markdown, generated from the metadata."""
    out = ["# Data dictionary (数据字典)", "",
           "Generated from `lib/juesuan/metadata/` by `juesuan ingest`; do not edit by hand.",
           ("Amounts are 万元 as published. `src_line` is the 1-based line of the source file "
            "(data/raw/) on which a row's values are printed; a `<column>_src_line` column gives "
            "the line of one value printed elsewhere. For a PDF, `src_line` is a line of its "
            "text rendering (`extracted/<doc_id>.txt` beside the tables) and `src_page` the PDF "
            "page. A blank in the document is null, never 0."),
           ""]
    for table in TABLES.values():
        out += [f"## `{table.name}` — {table.zh}", "", table.en, "",
                "| column | type | unit | description | 说明 |", "|---|---|---|---|---|"]
        for col in table.columns:
            desc = col.en + (f" (one of: {', '.join(col.enum)})" if col.enum
                             and len(col.enum) <= 8 else "")
            req = " **required**" if col.required else ""
            out.append(f"| `{col.name}` | {col.dtype} | {col.unit or ''} | {desc}{req} | "
                       f"{col.zh} |")
        out.append("")
    out += ["## Metric vocabulary of `totals` (指标词表)", "",
            "| metric | unit | description | 说明 |", "|---|---|---|---|"]
    out += [f"| `{m}` | {u} | {en} | {zh} |" for m, (u, en, zh) in METRICS.items()]
    out += ["", "## Performance table templates (绩效表样)", "", "| template | form |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in PERF_TEMPLATES.items()]
    out += ["", "## “三公” items", "", "| item | 项目 |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in THREE_PUBLIC_ITEMS.items()]
    return "\n".join(out) + "\n"
