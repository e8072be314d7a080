"""The data and library hashes a build's reports are planned from, kept between builds so that
a no-op build reads no table (`reports/.cache/input-hashes.json`).

What is hashed (`InputParts`): per document, its rows of every curated table (each row as JSON,
the table's columns in schema order) plus every curated file that is not a table; for the
corpus-wide reports, every curated file; and the library (`planning.library_hash`). A table is
one file (`totals.parquet`) or the files of its partitioned folder (`catalog.write_partitioned`):
each file's rows are hashed per document, as `catalog` loads them (partition columns included).

What is kept: per curated file its size, mtime_ns and SHA-256 and — for a table file — the hash
of each document's rows in it (in `.cache/rows/<sha256>.json`, by content); per library file its
size and mtime_ns, with the library hash. A file whose size or mtime_ns changed is read again:
if its bytes are the same (touched, copied back) its row hashes are reused and nothing is
rebuilt; otherwise its rows are read, validated (`catalog`) and hashed again. Like make or
rsync, a change that keeps both size and mtime_ns is not seen: `juesuan build --rehash` reads
every file again. A file modified within `RACY_NS` of being hashed is read again next time
(its mtime may not have ticked since), and a cache that is corrupt, of another format, for
another curated folder or from another library is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

import juesuan
from juesuan import catalog, metadata
from juesuan.io import CSV_DIR, atomic_write_text
from juesuan.reports import planning
from juesuan.reports.planning import InputParts, _digest

CACHE_DIR = ".cache"
CACHE_FILE = f"{CACHE_DIR}/input-hashes.json"
ROWS_DIR = f"{CACHE_DIR}/rows"
CACHE_FORMAT = 1
RACY_NS = 2_000_000_000  # a file this recent when hashed may change again within its mtime tick


@dataclass
class Inputs:
    """The build's input hashes and what computing them read (for tests and benchmarks)."""

    doc_ids: list[str]
    parts: InputParts
    rehashed: list[str] = field(default_factory=list)  # curated files whose bytes were read
    rows_read: list[str] = field(default_factory=list)  # table files whose rows were read
    library_rehashed: bool = False


def build_inputs(curated_dir: Path, reports_dir: Path, rehash: bool = False) -> Inputs:
    """The input hashes of `curated_dir` and the library, re-hashing only what changed since
    the cache in `reports_dir` was written (everything with `rehash`). Raises
    `catalog.CatalogError` for a missing or malformed table."""
    cache_path = reports_dir / CACHE_FILE
    curated = str(curated_dir.resolve())
    cache = {} if rehash else _read_json(cache_path)
    if cache.get("format") != CACHE_FORMAT or cache.get("curated") != curated:
        cache = {}
    now = time.time_ns()
    library = _library(cache.get("library"), rehash, now)
    if library["hash"] != (cache.get("library") or {}).get("hash"):
        cache = {}  # another library may validate or read the tables otherwise: start afresh
    trust_rows = bool(cache)  # row hashes of a cache that was ignored are made again
    stats = _stat_tree(curated_dir)
    tables = _table_files(curated_dir, stats)
    table_of = {rel: name for name, rels in tables.items() for rel in rels}
    old_files = cache.get("files") if isinstance(cache.get("files"), dict) else {}
    files: dict[str, dict] = {}
    out = Inputs([], InputParts("", {}, ""), library_rehashed=library is not cache.get("library"))
    rows_dir = reports_dir / ROWS_DIR
    for rel, (size, mtime) in stats.items():
        old = old_files.get(rel)
        if (isinstance(old, dict) and old.get("size") == size and old.get("mtime_ns") == mtime
                and not old.get("racy") and isinstance(old.get("sha256"), str)
                and (rel not in table_of or _rows_cached(rows_dir, old["sha256"]))):
            files[rel] = old
            continue
        sha = _file_sha(curated_dir / rel)
        out.rehashed.append(rel)
        if rel in table_of and not (trust_rows and _rows_cached(rows_dir, sha)):
            _write_rows(rows_dir, sha, _rows(table_of[rel], curated_dir, rel))
            out.rows_read.append(rel)
        files[rel] = {"size": size, "mtime_ns": mtime, "sha256": sha,
                      "racy": mtime >= now - RACY_NS}
    result = cache.get("result")
    if out.rehashed or out.library_rehashed or rehash or not _result_ok(result):
        try:
            result = _compose(files, tables, rows_dir)
        except _CorruptCache:
            return build_inputs(curated_dir, reports_dir, rehash=True)
    out.doc_ids = list(result["doc_ids"])
    out.parts = InputParts(result["corpus"], dict(result["documents"]), library["hash"])
    fresh = {"format": CACHE_FORMAT, "curated": curated, "library": library, "files": files,
             "result": result}
    if fresh != cache:
        atomic_write_text(cache_path, json.dumps(fresh, ensure_ascii=False, sort_keys=True))
        _prune_rows(rows_dir, {f["sha256"] for rel, f in files.items() if rel in table_of})
    return out


HASH_ROWS = 1 << 17  # rows turned into JSON at a time (the whole table's JSON took GBs)


def row_hashes(name: str, df: pl.DataFrame) -> dict[str, Any]:
    """Per document, the SHA-256 of its rows of table `name` in `df` (each row as JSON, in
    the frame's order, joined by newlines), and the documents in their first-row order. The
    rows are encoded a slice at a time, each document's hash fed as its rows come."""
    cols = list(metadata.TABLES[name].polars_schema)
    schema = {c: str(df.schema[c]) for c in cols}
    header = f"{name}\n{json.dumps(schema, ensure_ascii=False)}\n".encode()
    hashers: dict[str, Any] = {}
    for start in range(0, df.height, HASH_ROWS):
        rows = (df.slice(start, HASH_ROWS)
                .select("doc_id", _row=pl.struct(cols).struct.json_encode())
                .group_by("doc_id", maintain_order=True).agg(pl.col("_row").str.join("\n")))
        for doc, joined in rows.iter_rows():
            hasher = hashers.get(doc)
            if hasher is None:
                hasher = hashers[doc] = hashlib.sha256(header)
            else:
                hasher.update(b"\n")
            hasher.update(joined.encode())
    docs = {d: h.hexdigest() for d, h in hashers.items()}
    return {"docs": docs, "ids": list(docs)}


def _rows(name: str, curated_dir: Path, rel: str) -> dict[str, Any]:
    """One table file's rows, validated as `catalog` does, hashed per document. A single
    file is the whole table (`catalog.load`); a partition file is read with the partition
    columns its folders give, and checked as `catalog.scan` checks it (footer) and as
    `catalog.load` checks rows (`validate`, keys within the file)."""
    path = curated_dir / rel
    if rel == f"{name}.parquet":
        return row_hashes(name, catalog.load(name, curated_dir))
    schema = metadata.TABLES[name].polars_schema
    catalog._check_footer(path, {c: t for c, t in schema.items()
                                 if c not in catalog.PARTITION_BY})
    hive = {c: metadata.TABLES["documents"].polars_schema[c] for c in catalog.PARTITION_BY}
    df = catalog._read(path, lambda p: pl.scan_parquet(p, hive_partitioning=True,
                                                       hive_schema=hive)
                       .select(list(schema)).collect())
    catalog.validate(name, df, str(path))
    return row_hashes(name, df)


def _compose(files: dict[str, dict], tables: dict[str, list[str]], rows_dir: Path) -> dict:
    """Corpus, per-document and document-list hashes from the per-file entries."""
    table_files = {rel for rels in tables.values() for rel in rels}
    copies = {f"{CSV_DIR}/{name}.csv" for name in metadata.TABLES}  # the tables again, as CSV
    others = _digest(p for rel, f in files.items() if rel not in table_files | copies
                     for p in (rel.encode(), f["sha256"].encode()))
    corpus = _digest(p for rel, f in files.items() for p in (rel.encode(), f["sha256"].encode()))
    rows = {rel: _read_rows(rows_dir, files[rel]["sha256"]) for rel in table_files}
    doc_ids = [d for rel in tables["documents"] for d in rows[rel]["ids"]]
    documents = {}
    for d in doc_ids:
        parts = [others.encode()]
        for name in sorted(tables):
            parts.append(name.encode())
            for rel in tables[name]:
                h = rows[rel]["docs"].get(d)
                if h is not None:
                    parts += [rel.encode(), h.encode()]
        documents[d] = _digest(parts)
    return {"doc_ids": doc_ids, "documents": documents, "corpus": corpus}


def _table_files(curated_dir: Path, stats: dict[str, tuple[int, int]]) -> dict[str, list[str]]:
    """Each table's files (sorted, as `catalog` reads them): `<name>.parquet`, or the Parquet
    files of its partitioned folder. A missing table is a CatalogError (as `catalog.load`)."""
    out = {}
    for name in metadata.TABLES:
        if f"{name}.parquet" in stats:
            out[name] = [f"{name}.parquet"]
            continue
        path = catalog._table_path(name, curated_dir)  # raises when neither exists
        out[name] = [rel for rel in stats if rel.startswith(f"{name}/") and rel.endswith(".parquet")]
        if not out[name]:
            raise catalog.CatalogError(f"{path}: a partitioned table with no Parquet file")
    return out


def _library(cached: Any, rehash: bool, now: int) -> dict:
    """The library hash, computed again only when a library file's size or mtime changed."""
    pkg = Path(juesuan.__file__).parent
    stats = {rel: s for rel, s in _stat_tree(pkg).items()
             if "__pycache__" not in rel and not rel.endswith(".pyc")}
    key = {"root": str(pkg), "version": juesuan.__version__,
           "files": {rel: list(s) for rel, s in stats.items()}}
    if (not rehash and isinstance(cached, dict) and cached.get("key") == key
            and not cached.get("racy") and isinstance(cached.get("hash"), str)):
        return cached
    return {"key": key, "hash": planning.library_hash(),
            "racy": any(m >= now - RACY_NS for _s, m in stats.values())}


def _stat_tree(root: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every file under root by relative path, sorted; hidden files and
    folders (atomic_write's temps, this cache) left out, as `planning._files` does."""
    out = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_folder = Path(folder).relative_to(root).as_posix()
        for n in names:
            if n.startswith("."):
                continue
            st = os.stat(os.path.join(folder, n))
            rel = n if rel_folder == "." else f"{rel_folder}/{n}"
            out[rel] = (st.st_size, st.st_mtime_ns)
    return dict(sorted(out.items()))


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _rows_cached(rows_dir: Path, sha: str) -> bool:
    return (rows_dir / f"{sha}.json").is_file()


def _write_rows(rows_dir: Path, sha: str, rows: dict) -> None:
    atomic_write_text(rows_dir / f"{sha}.json", json.dumps(rows, ensure_ascii=False))


def _read_rows(rows_dir: Path, sha: str) -> dict:
    """A table file's per-document row hashes; unreadable is a corrupt cache (rebuilt)."""
    rows = _read_json(rows_dir / f"{sha}.json")
    if not (isinstance(rows.get("docs"), dict) and isinstance(rows.get("ids"), list)):
        raise _CorruptCache(sha)
    return rows


def _prune_rows(rows_dir: Path, keep: set[str]) -> None:
    if rows_dir.is_dir():
        for p in rows_dir.glob("*.json"):
            if p.stem not in keep:
                p.unlink(missing_ok=True)


def _result_ok(result: Any) -> bool:
    return (isinstance(result, dict) and isinstance(result.get("doc_ids"), list)
            and isinstance(result.get("documents"), dict)
            and isinstance(result.get("corpus"), str))


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class _CorruptCache(Exception):
    """A row-hash file of the cache is unreadable."""
