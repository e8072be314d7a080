"""The `juesuan` command.

    juesuan ingest [FILE ...] [--out DIR]   disclosure texts -> curated tables
    juesuan summary                         rows per curated table and document
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from juesuan import catalog
from juesuan.ingest.document import DocumentError, read_manifest
from juesuan.ingest.pipeline import gather, ingest_document
from juesuan.ingest.publish import write_tables


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest the given files (default: every file in the manifest) and write the tables."""
    raw = Path(args.raw) if args.raw else catalog.raw_dir()
    try:
        manifest = read_manifest(raw / "manifest.csv")
    except (DocumentError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    paths = [Path(f) for f in args.files] or [raw / name for name in manifest]
    out = Path(args.out) if args.out else catalog.curated_dir()

    results = [ingest_document(p, manifest.get(p.name)) for p in paths]
    failed = 0
    for r in results:
        if r.error:
            failed += 1
            print(f"error: {r.error}", file=sys.stderr)
            continue
        counts = ", ".join(f"{name} {len(rows)}" for name, rows in r.rows.items() if rows)
        print(f"{r.doc_id} ({r.source_file}): {counts}")
        for problem in r.problems:
            print(f"  warning: {problem.render(r.source_file)}", file=sys.stderr)
    if failed == len(results):
        print("error: no document could be ingested; nothing written", file=sys.stderr)
        return 1
    frames = gather(results)
    for name, df in frames.items():
        catalog.validate(name, df)
    write_tables(frames, out)
    print(f"wrote {len(frames)} tables for {len(results) - failed} document(s) to {out}")
    return 1 if failed else 0


def cmd_summary(args: argparse.Namespace) -> int:
    """Print rows per curated table and document (the README's table)."""
    try:
        print(catalog.row_counts_markdown(Path(args.curated) if args.curated else None), end="")
    except catalog.CatalogError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="juesuan", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="turn disclosure texts into the curated tables")
    ingest.add_argument("files", nargs="*", metavar="FILE",
                        help="disclosure texts (default: every file listed in data/raw/manifest.csv)")
    ingest.add_argument("--out", metavar="DIR", help="output folder (default: data/curated)")
    ingest.add_argument("--raw", metavar="DIR", help="folder with manifest.csv (default: data/raw)")
    ingest.set_defaults(func=cmd_ingest)
    summary = sub.add_parser("summary", help="rows per curated table and document")
    summary.add_argument("--curated", metavar="DIR", help="folder (default: data/curated)")
    summary.set_defaults(func=cmd_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
