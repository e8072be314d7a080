"""`juesuan teaching …`: the course's commands.

    juesuan teaching grade NOTEBOOK_OR_FOLDER... [--out grades.csv] [--doc DOC_ID]
    juesuan teaching key --key notebooks/teaching/solutions [--new-salt]
    juesuan teaching site [--out reports/course]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from juesuan import catalog


def cmd_grade(args: argparse.Namespace) -> int:
    from juesuan.teaching import grading

    rows = grading.grade([Path(p) for p in args.notebooks], args.doc, args.timeout)
    out = grading.write_csv(rows, Path(args.out))
    for student, (points, n) in grading.totals(rows).items():
        print(f"{student}: {points}/{n}")
    print(f"wrote {len(rows)} rows to {out}")
    return 0


def cmd_key(args: argparse.Namespace) -> int:
    from juesuan.teaching import key

    key.use_key(args.key)
    tables = catalog.load_all(Path(args.curated) if args.curated else None)
    salt = None if args.new_salt else key.shipped().get("salt") or None
    data = key.build(tables, key.teacher_rules(), salt)
    path = key.write(data, Path(args.out) if args.out else None)
    n = sum(len(v) for v in data["answers"].values())
    print(f"wrote {n} answer hashes ({len(data['answers'])} exercises) to {path}")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from juesuan.teaching import site

    index = site.build(Path(args.out), Path(args.notebooks))
    print(f"course site: {index}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="juesuan teaching", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    grade = sub.add_parser("grade", help="score students' lesson notebooks into a CSV")
    grade.add_argument("notebooks", nargs="+", metavar="NOTEBOOK",
                       help="notebooks, or folders searched for *.ipynb (one per student)")
    grade.add_argument("--out", default="grades.csv", help="CSV to write (default grades.csv)")
    grade.add_argument("--doc", metavar="DOC_ID",
                       help="the document the exercises were set on (others: wrong_document)")
    grade.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    grade.set_defaults(func=cmd_grade)
    k = sub.add_parser("key", help="rebuild the shipped answer hashes from the teacher's key")
    k.add_argument("--key", required=True, help="answer_key.py or the folder holding it")
    k.add_argument("--curated", metavar="DIR", help="curated tables (default: data/curated)")
    k.add_argument("--out", help="hash file (default: the package's answer_hashes.json)")
    k.add_argument("--new-salt", action="store_true", help="draw a new salt")
    k.set_defaults(func=cmd_key)
    s = sub.add_parser("site", help="build the course as static offline HTML (code hidden)")
    s.add_argument("--out", default="reports/course", help="folder (default reports/course)")
    s.add_argument("--notebooks", default="notebooks/teaching", help="the lessons' folder")
    s.set_defaults(func=cmd_site)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
