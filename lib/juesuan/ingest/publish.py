"""Write the curated tables: Parquet, CSV (UTF-8 with BOM, for Excel), datapackage.json and
the data dictionary — all from `juesuan.schema`, all written atomically.

Every file is first written beside its target under a temporary name and then renamed, so
an interrupted run never leaves a half-written table in the output folder.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl

from juesuan import schema

CSV_DIR = "csv"


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Call write(tmp) then rename tmp over target; on failure remove tmp."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        tmp.chmod(0o644)  # mkstemp creates 0600; the dataset is for everyone to read
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_tables(frames: dict[str, pl.DataFrame], out_dir: Path,
                 extra: dict[str, str] | None = None) -> list[Path]:
    """Write the given tables, the metadata files and any `extra` text files (name -> text)."""
    written = []
    for name, df in frames.items():
        parquet = out_dir / f"{name}.parquet"
        atomic_write(parquet, lambda p, df=df: df.write_parquet(p, compression="zstd",
                                                                statistics=False))
        csv = out_dir / CSV_DIR / f"{name}.csv"
        atomic_write(csv, lambda p, df=df: p.write_bytes(
            b"\xef\xbb\xbf" + df.write_csv().encode("utf-8")))
        written += [parquet, csv]
    texts = {"datapackage.json": datapackage_json(), "DATA_DICTIONARY.md": data_dictionary(),
             **(extra or {})}
    for path, text in ((out_dir / name, text) for name, text in texts.items()):
        atomic_write(path, lambda p, text=text: p.write_text(text, encoding="utf-8"))
        written.append(path)
    return written


def datapackage() -> dict:
    """A Frictionless Data Package describing the Parquet and CSV resources."""
    resources = []
    for table in schema.TABLES.values():
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
    """The data dictionary as Markdown, generated from the schema."""
    out = ["# Data dictionary (数据字典)", "",
           "Generated from `lib/juesuan/schema.py` by `juesuan ingest`; do not edit by hand.",
           ("Amounts are 万元 as published. `src_line` is the 1-based line of the source file "
            "(data/raw/) on which a row's values are printed; a `<column>_src_line` column gives "
            "the line of one value printed elsewhere. A blank in the document is null, never 0."),
           ""]
    for table in schema.TABLES.values():
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
    out += [f"| `{m}` | {u} | {en} | {zh} |" for m, (u, en, zh) in schema.METRICS.items()]
    out += ["", "## Performance table templates (绩效表样)", "", "| template | form |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in schema.PERF_TEMPLATES.items()]
    out += ["", "## “三公” items", "", "| item | 项目 |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in schema.THREE_PUBLIC_ITEMS.items()]
    return "\n".join(out) + "\n"
