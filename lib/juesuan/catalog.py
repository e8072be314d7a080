"""Load the curated tables as polars DataFrames, validated against `juesuan.metadata`.

    >>> from juesuan import catalog
    >>> totals = catalog.load("totals")

A missing or malformed file is a `CatalogError` that names the file and what is wrong.

A table is stored either as one file, `<root>/<name>.parquet` (what ingest writes), or — for
corpora too large for one file or for memory — as a partitioned dataset, a folder
`<root>/<name>/fiscal_year=<y>/province=<p>/part-0.parquet` (hive partitions of the documents'
year and province; `write_partitioned`). `load`, `scan` and `scan_all` read either.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
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
    df = _read(path, pl.read_parquet) if path.is_file() else _read(path, lambda _: _scan(name, path).collect())
    validate(name, df, str(path))
    return df


def load_all(root: Path | None = None) -> dict[str, pl.DataFrame]:
    return {name: load(name, root) for name in metadata.TABLES}


def scan(name: str, root: Path | None = None, fiscal_year: int | None = None) -> pl.LazyFrame:
    """One curated table as a LazyFrame, for corpora too large to hold whole: the measures
    then read only the columns they use. Checked here: the columns and types against the
    schema (from the Parquet footer); the values are checked by `load`, which reads them.
    `fiscal_year`: only the documents of that year (a partitioned dataset's `fiscal_year=`
    folders: the other years' files are not opened) — every measure is per document, so
    measuring the years one by one gives the corpus' rows in pieces that fit in memory."""
    path = _table_path(name, root)
    expected = dict(metadata.TABLES[name].polars_schema)
    if path.is_file():
        if fiscal_year is not None:
            raise CatalogError(f"{path}: one year is read from a partitioned dataset "
                               "(catalog.write_partitioned), not from a single file")
        _check_footer(path, expected)
        return pl.scan_parquet(path)
    stored = {c: t for c, t in expected.items() if c not in PARTITION_BY}
    folder = path if fiscal_year is None else path / f"fiscal_year={_hive(fiscal_year)}"
    files = sorted(folder.rglob("*.parquet"))
    if not files:
        raise CatalogError(f"{folder}: a partitioned table with no Parquet file")
    for f in files:
        _check_footer(f, stored)
    return _scan(name, path, fiscal_year)


PARTITION_BY = ("fiscal_year", "province")


def _scan(name: str, folder: Path, fiscal_year: int | None = None) -> pl.LazyFrame:
    """A partitioned table's files as one LazyFrame in the schema's column order: the
    partition columns are the documents' own (typed by the schema) and dropped elsewhere."""
    schema = metadata.TABLES["documents"].polars_schema
    hive = {c: schema[c] for c in PARTITION_BY}
    lf = pl.scan_parquet(folder, hive_partitioning=True, hive_schema=hive)
    if fiscal_year is not None:  # on the hive column: the other years' files are skipped
        lf = lf.filter(pl.col("fiscal_year") == fiscal_year)
    return lf.select(list(metadata.TABLES[name].polars_schema))


def _check_footer(path: Path, expected: dict) -> None:
    """The columns and types a Parquet file's footer declares must be `expected`, in order."""
    found = dict(_read(path, pl.read_parquet_schema))
    if found != expected or list(found) != list(expected):
        raise CatalogError(f"{path}: columns or types differ from the schema "
                           f"(found {found}, expected {expected})")


def _table_path(name: str, root: Path | None) -> Path:
    """The file (or partitioned folder) of a known table, which must exist."""
    if name not in metadata.TABLES:
        raise CatalogError(f"unknown table {name!r}; tables: {', '.join(metadata.TABLES)}")
    path = (root or curated_dir()) / f"{name}.parquet"
    if not path.exists() and path.with_suffix("").is_dir():
        return path.with_suffix("")
    if not path.exists():
        raise CatalogError(f"{path}: missing; run `juesuan ingest` (or `make reports`) first")
    return path


def write_partitioned(tables: Mapping[str, pl.DataFrame], root: Path) -> Path:
    """Write `tables` (which must include `documents`) as a partitioned dataset in `root`:
    one folder per table, hive partitions by the documents' fiscal_year and province, rows in
    their order. Written beside `root` and swapped in by renames, so a reader sees the old
    dataset or the new one, never half of one; an existing `root` is replaced."""
    with partitioned_writer(root) as write:
        write(tables, "part-0")
    return Path(root)


@contextmanager
def partitioned_writer(root: Path) -> Iterator[Callable[[Mapping[str, pl.DataFrame], str], None]]:
    """A partitioned dataset written in pieces (`write_partitioned`'s layout and swap):
    each call `write(tables, part)` validates the tables of a piece of the corpus (which must
    include its `documents`) and writes their rows as `<part>.parquet` in each partition folder
    they fall in; parts are read back in name order. The dataset replaces `root` when the
    block ends without error, and is removed if it does not."""
    root = Path(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))

    def write(tables: Mapping[str, pl.DataFrame], part: str) -> None:
        keys = tables["documents"].select("doc_id", *PARTITION_BY)
        for name, df in tables.items():
            validate(name, df)
            keyed = df if name == "documents" else df.join(keys, on="doc_id", how="left",
                                                           maintain_order="left")
            for (year, province), rows in keyed.partition_by(
                    list(PARTITION_BY), as_dict=True, maintain_order=True).items():
                folder = tmp / name / f"fiscal_year={_hive(year)}" / f"province={_hive(province)}"
                folder.mkdir(parents=True, exist_ok=True)
                rows.drop(PARTITION_BY).write_parquet(folder / f"{part}.parquet")

    try:
        yield write
        old = root.with_name(f".{root.name}.old-{os.getpid()}")
        if root.exists():
            root.rename(old)
        tmp.rename(root)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


_UNSAFE = set('%/\\=:*?"<>|')


def _hive(value) -> str:
    """A partition value as a folder name, readable (四川省 stays 四川省): the characters a
    path or hive cannot hold percent-encoded (polars decodes them), null as hive's default."""
    if value is None:
        return "__HIVE_DEFAULT_PARTITION__"
    return "".join(f"%{ord(c):02X}" if c in _UNSAFE or ord(c) < 32 else c for c in str(value))


def _read(path: Path, read):
    """read(path), a damaged file named as such."""
    try:
        return read(path)
    except Exception as err:  # noqa: BLE001 - polars raises several error types here
        raise CatalogError(f"{path}: not a readable Parquet file ({err})") from None


def scan_all(root: Path | None = None, fiscal_year: int | None = None) -> dict[str, pl.LazyFrame]:
    return {name: scan(name, root, fiscal_year) for name in metadata.TABLES}


def fiscal_years(root: Path | None = None) -> list[int]:
    """The fiscal years of a partitioned dataset's documents (its `fiscal_year=` folders)."""
    folder = _table_path("documents", root)
    if folder.is_file():
        return sorted(set(_read(folder, pl.read_parquet)["fiscal_year"].drop_nulls()))
    return sorted(int(p.name.removeprefix("fiscal_year=")) for p in folder.glob("fiscal_year=*")
                  if p.name != "fiscal_year=__HIVE_DEFAULT_PARTITION__")


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
    keys = df.select(by)
    # in slices that overlap by one row: the shifted copies of the keys stay small
    for start in range(0, df.height - 1, _ORDER_SLICE):
        if not keys.slice(start, _ORDER_SLICE + 1).select(later.slice(1).all()).item():
            return False
    return True


_ORDER_SLICE = 1 << 20


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


def load_document(doc_id: str, root: Path | None = None) -> dict[str, pl.DataFrame]:
    """Every curated table's rows of one document, validated, as `load_all` gives the corpus:
    each a lazy `scan` filtered on doc_id and collected by the streaming engine (the filter is
    pushed into the Parquet reader, which skips the row groups of other documents by their
    statistics), so a unit report's memory does not grow with the corpus."""
    doc = pl.col("doc_id") == doc_id
    tables = {}
    for name in metadata.TABLES:
        df = scan(name, root).filter(doc).collect(engine="streaming")
        validate(name, df, f"{_table_path(name, root)} (doc_id {doc_id})")
        tables[name] = df
    return tables
