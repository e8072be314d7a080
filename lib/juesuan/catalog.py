"""Load the curated tables as polars DataFrames, validated against `juesuan.metadata`.

    >>> from juesuan import catalog
    >>> totals = catalog.load("totals")

A missing or malformed file is a `CatalogError` that names the file and what is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from juesuan import metadata


class CatalogError(RuntimeError):
    """A curated table is missing or does not match the metadata."""


def project_root() -> Path:
    """The repository root: $JUESUAN_ROOT, else the checkout this package was installed from."""
    env = os.environ.get("JUESUAN_ROOT")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[2]
    return here if (here / "data" / "raw").is_dir() else Path.cwd()


CURATED_ENV = "JUESUAN_CURATED"  # the curated tables' folder, wherever it is (`build --curated`)


def curated_dir() -> Path:
    """$JUESUAN_CURATED, else <project root>/data/curated."""
    env = os.environ.get(CURATED_ENV)
    return Path(env) if env else project_root() / "data" / "curated"


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def source_path(document: dict, root: Path | None = None) -> Path:
    """The file a document's `src_line` values number: its text in data/raw, or for a PDF its
    rendering (`extracted_file`, beside the curated tables in `root`)."""
    if document.get("extracted_file"):
        return (root or curated_dir()) / document["extracted_file"]
    return raw_dir() / document["source_file"]


def load(name: str, root: Path | None = None) -> pl.DataFrame:
    """One curated table, validated."""
    path = _table_path(name, root)
    df = _read(path, pl.read_parquet)
    validate(name, df, str(path))
    return df


def load_all(root: Path | None = None) -> dict[str, pl.DataFrame]:
    return {name: load(name, root) for name in metadata.TABLES}


def scan(name: str, root: Path | None = None) -> pl.LazyFrame:
    """One curated table as a LazyFrame, for corpora too large to hold whole: the measures
    then read only the columns they use. Checked here: the columns and types against the
    schema (from the Parquet footer); the values are checked by `load`, which reads them."""
    path = _table_path(name, root)
    found = dict(_read(path, pl.read_parquet_schema))
    expected = metadata.TABLES[name].polars_schema
    if found != dict(expected) or list(found) != list(expected):
        raise CatalogError(f"{path}: columns or types differ from the schema "
                           f"(found {found}, expected {dict(expected)})")
    return pl.scan_parquet(path)


def _table_path(name: str, root: Path | None) -> Path:
    """The file of a known table, which must exist."""
    if name not in metadata.TABLES:
        raise CatalogError(f"unknown table {name!r}; tables: {', '.join(metadata.TABLES)}")
    path = (root or curated_dir()) / f"{name}.parquet"
    if not path.exists():
        raise CatalogError(f"{path}: missing; run `juesuan ingest` (or `make reports`) first")
    return path


def _read(path: Path, read):
    """read(path), a damaged file named as such."""
    try:
        return read(path)
    except Exception as err:  # noqa: BLE001 - polars raises several error types here
        raise CatalogError(f"{path}: not a readable Parquet file ({err})") from None


def scan_all(root: Path | None = None) -> dict[str, pl.LazyFrame]:
    return {name: scan(name, root) for name in metadata.TABLES}


def validate(name: str, df: pl.DataFrame, where: str = "") -> None:
    """Columns, types, required values, vocabularies and keys must match the metadata."""
    table = metadata.TABLES[name]
    where = where or name
    expected = table.polars_schema
    if list(df.columns) != list(expected):
        missing = [c for c in expected if c not in df.columns]
        extra = [c for c in df.columns if c not in expected]
        raise CatalogError(f"{where}: columns differ from the schema (missing {missing}, "
                           f"unexpected {extra})")
    for col in table.columns:
        if df.schema[col.name] != expected[col.name]:
            raise CatalogError(f"{where}: column {col.name} is {df.schema[col.name]}, "
                               f"expected {expected[col.name]}")
        if col.required and df[col.name].null_count():
            raise CatalogError(f"{where}: column {col.name} has "
                               f"{df[col.name].null_count()} null value(s)")
        if col.enum:
            bad = set(df[col.name].drop_nulls().unique().to_list()) - set(col.enum)
            if bad:
                raise CatalogError(f"{where}: column {col.name} has values outside its "
                                   f"vocabulary: {sorted(bad)}")
    key = list(table.primary_key)
    if key and not in_key_order(df, key, strict=True):
        dupes = df.group_by(key).len().filter(pl.col("len") > 1)
        if dupes.height:
            raise CatalogError(f"{where}: duplicate key {key}: {dupes.head(3).to_dicts()}")


def in_key_order(df: pl.DataFrame, by: Sequence[str], strict: bool = False) -> bool:
    """Whether the rows are in ascending `by` order (strictly, with `strict`: then the key is
    unique), with no nulls in `by`. One linear pass over the key columns, where hashing every
    key of a large table (10 M indicator rows) or sorting it costs seconds and gigabytes:
    tables written by ingest are in key order, and validation and the measures skip that work
    when they are."""
    if df.height < 2:
        return True
    if any(df[k].null_count() for k in by):
        return False
    later = pl.lit(not strict)  # rows equal on every key: in order unless strict
    for k in reversed(by):  # lexicographic: a later row is greater on the first differing key
        cur, prev = pl.col(k), pl.col(k).shift()
        later = (cur > prev) | ((cur == prev) & later)
    return bool(df.select(later.slice(1).all()).item())


def row_counts_markdown(root: Path | None = None) -> str:
    """Rows per table and document, as the Markdown table the README shows."""
    tables = load_all(root)
    doc_ids = tables["documents"]["doc_id"].to_list()
    header = "| table | " + " | ".join(f"`{d}`" for d in doc_ids) + " | all |"
    rule = "|---|" + "---:|" * (len(doc_ids) + 1)
    rows = [header, rule]
    for name, df in tables.items():
        counts = dict(df.group_by("doc_id").len().iter_rows())
        cells = [str(counts.get(d, 0)) for d in doc_ids] + [str(df.height)]
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"
