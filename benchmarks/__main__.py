"""`python -m benchmarks` (`make bench`): run the benchmarks, print one table, write the results
to benchmarks/results/<UTC timestamp>.json and benchmarks/results/latest.json.

    python -m benchmarks                     everything (takes a while: see README.md)
    python -m benchmarks --quick             tiny sizes, one run each
    python -m benchmarks --only analysis     one section (repeatable)
    python -m benchmarks --only pdf          PDF rendering speed (pages/s, s per 40 pages)
    python -m benchmarks --repeat 5          runs per timing (medians, min and max)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import analysis, build, corpus, ingest, pdf
from benchmarks.harness import (
    RESULTS_DIR,
    Row,
    format_table,
    machine,
    utc_stamp,
    write_results,
)

SECTIONS = ("ingest", "pdf", "analysis", "build")
SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [100, 1_000]
INGEST_UNITS, QUICK_INGEST_UNITS = 1_000, 20
TARGET_ANALYSIS_S, TARGET_RATIO, TARGET_RSS_MB = 5.0, 5.0, 2048.0  # issue 17


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="tiny sizes, one run per timing")
    p.add_argument("--only", action="append", choices=SECTIONS, help="run only this section")
    p.add_argument("--repeat", type=int, help="runs per timing (default 3; --quick: 1)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="processes for ingest and build (default: the number of CPUs)")
    p.add_argument("--sizes", type=int, nargs="+", metavar="UNITS",
                   help=f"analysis corpus sizes (default {SIZES}; --quick {QUICK_SIZES})")
    p.add_argument("--ingest-units", type=int, metavar="UNITS",
                   help=f"synthetic texts to ingest (default {INGEST_UNITS:,}; "
                        f"--quick {QUICK_INGEST_UNITS}; 0: none)")
    p.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus")
    p.add_argument("--no-pdf-reference", action="store_true",
                   help="pdf: skip the reference rendering by pdfplumber alone (slow; "
                        "--quick skips it too)")
    p.add_argument("--results", type=Path, default=RESULTS_DIR,
                   help="where to write the JSON (default: benchmarks/results/)")
    args = p.parse_args(argv)
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    if args.ingest_units is None:
        args.ingest_units = QUICK_INGEST_UNITS if args.quick else INGEST_UNITS
    if args.repeat < 1 or args.jobs < 1 or min(args.sizes) < 1:
        p.error("--repeat, --jobs and --sizes must be at least 1")
    return args


def targets(results: dict[str, Any]) -> list[Row]:
    """Where each target of issue 6 stands, from what this run measured."""
    out = []
    ing = results.get("ingest")
    if ing:
        real = next(r for r in ing["corpora"][0]["runs"] if r["what"] == "parse" and r["jobs"] == 1)
        v = real["mb_per_s_per_core"]
        out.append(_target("ingest ≥ 5 MB/s per core (real corpus, parse)", f"{v:.2f} MB/s",
                           v >= ingest.TARGET_MB_S_PER_CORE))
    for p in results.get("pdf", {}).get("pdfs", []):
        s40 = p["pdfium"]["s_per_40_pages"]
        out.append(_target(f"PDF ingest ≤ {pdf.TARGET_S_PER_40_PAGES:g} s per {pdf.PAGES} pages "
                           f"per core ({p['doc_id']})",
                           f"{s40:.2f} s ({s40 / pdf.TARGET_S_PER_40_PAGES:.2f}× the limit)",
                           p["target_met"]))
        if p.get("renderings_identical") is False:
            out.append(_target(f"PDFium and pdfplumber render {p['doc_id']} alike", "DIFFER",
                               False))
    an = results.get("analysis")
    if an:
        sizes = {s["units"]: s for s in an["sizes"]}
        big = sizes.get(100_000)
        if big and "totals" in big:
            out += analysis_targets(big)
        else:
            out.append(_target("analysis of 100,000 units", "not measured in this run", None))
        mid = sizes.get(10_000)
        if mid and "ratio" in mid:
            r = mid["ratio"]
            out.append(_target("analysis ≥ 5× faster than pandas at 10,000 units (CPU time)",
                               f"{r:.1f}× ({r / TARGET_RATIO:.2f}× the target; wall "
                               f"{mid['ratio_wall']:.1f}×)", r >= TARGET_RATIO))
        if any(s.get("mismatches") for s in an["sizes"]):
            out.append(_target("juesuan, pandas and DuckDB results equal", "MISMATCH", False))
    b = results.get("build")
    if b:
        top = max(b["jobs"])
        cold = b[f"cold_jobs_{top}"]
        out.append(_target(f"cold build ≤ 1.5× floor (--jobs {top})",
                           f"{cold['ratio']:.1f}× ({cold['timing']['median_s']:.1f} s vs "
                           f"{cold['floor_s']:.1f} s)", cold["ratio"] <= build.TARGET_FLOOR_RATIO))
        noop = b["noop"]
        v = noop["timing"]["median_s"]
        skipped_all = all(c["built"] == 0 for c in noop["counts"])
        out.append(_target("no-op rebuild < 2 s", f"{v:.2f} s",
                           None if noop["library_edited"] and not skipped_all
                           else v < build.TARGET_NOOP_S and skipped_all))
        one = b["one_document_changed"]
        ok = all(r == one["expected"] for r in one["rerun"])
        out.append(_target("one changed document re-runs only what depends on it",
                           f"{len(one['rerun'][-1])} of {b['reports']} re-ran",
                           None if one["library_edited"] and not ok else ok))
    return out


def analysis_targets(big: dict[str, Any]) -> list[Row]:
    """The 100,000-unit targets, for both ways of reading the tables: time in CPU seconds of
    the one core the run is pinned to (the wall clock beside it), memory as peak RSS."""
    out = []
    for engine, how in (("juesuan", "catalog.load"), (analysis.SCAN, "catalog.scan, streaming")):
        if engine not in big:
            continue
        cpu = big["cpu_totals"][engine]["median_s"]
        wall = big["totals"][engine]["median_s"]
        out.append(_target(f"analysis of 100,000 units < {TARGET_ANALYSIS_S:g} s on one core "
                           f"({how})", f"CPU {cpu:.1f} s ({cpu / TARGET_ANALYSIS_S:.2f}× the "
                           f"limit; wall {wall:.1f} s)", cpu < TARGET_ANALYSIS_S))
        m = big[engine]["peak_rss_mb"]
        out.append(_target(f"analysis of 100,000 units < {TARGET_RSS_MB / 1024:g} GB peak ({how})",
                           f"{m:,.0f} MB ({m / TARGET_RSS_MB:.2f}× the limit)",
                           m < TARGET_RSS_MB))
    return out


def _target(what: str, measured: str, met: bool | None) -> Row:
    status = "not measured" if met is None else ("met" if met else "MISSED")
    return Row("target", what, None, measured, status)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sections = args.only or list(SECTIONS)
    stamp = utc_stamp()
    data: dict[str, Any] = {
        "started_at": stamp, "machine": machine(), "load_average_before": os.getloadavg(),
        "options": {"quick": args.quick, "repeat": args.repeat, "jobs": args.jobs,
                    "sizes": args.sizes, "ingest_units": args.ingest_units, "seed": args.seed,
                    "pdf_reference": not (args.quick or args.no_pdf_reference),
                    "corpus": corpus.GENERATOR, "sections": sections},
    }
    rows: list[Row] = []
    started = time.monotonic()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if "ingest" in sections:
        r, data["ingest"] = ingest.run(args.repeat, args.jobs, args.ingest_units, args.seed, log)
        rows += r
    if "pdf" in sections:
        r, data["pdf"] = pdf.run(args.repeat, not (args.quick or args.no_pdf_reference), log)
        rows += r
    if "analysis" in sections:
        r, data["analysis"] = analysis.run(args.sizes, args.repeat, args.seed, log)
        rows += r
    if "build" in sections:
        r, data["build"] = build.run(args.repeat, args.jobs, log)
        rows += r
    target_rows = targets(data)
    rows += target_rows
    data.update(seconds=time.monotonic() - started, load_average_after=os.getloadavg(),
                targets=[r.json() for r in target_rows], table=[r.json() for r in rows])
    path = write_results(data, args.results, stamp)
    m = data["machine"]
    print(f"juesuan benchmarks {stamp}: {m['cpus']} CPUs, Python {m['python']}, polars "
          f"{m['polars']}, pandas {m['pandas']}; synthetic corpus: {corpus.GENERATOR}; "
          f"{args.repeat} run(s) per timing; load average before/after "
          f"{data['load_average_before'][0]:.1f}/{data['load_average_after'][0]:.1f}")
    print(format_table(rows))
    print(f"results: {path} (and {path.parent / 'latest.json'}); {data['seconds']:.0f} s")
    mismatch = any(s.get("mismatches") for s in data.get("analysis", {}).get("sizes", []))
    differ = any(p.get("renderings_identical") is False for p in data.get("pdf", {}).get("pdfs", []))
    return 1 if mismatch or differ else 0


if __name__ == "__main__":
    sys.exit(main())
