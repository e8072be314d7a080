"""`python -m benchmarks` (`make bench`): run the benchmarks, print one table, write the results
to benchmarks/results/<UTC timestamp>.json and benchmarks/results/latest.json.

    python -m benchmarks                     everything (takes a while: see README.md)
    python -m benchmarks --quick             tiny sizes, one run each
    python -m benchmarks --only analysis     one section (repeatable)
    python -m benchmarks --only pdf          PDF rendering speed (pages/s, s per 40 pages)
    python -m benchmarks --only dask         ingest and build on a local Dask cluster (1, 2 workers)
    python -m benchmarks --only check        juesuan check at 1,000 and 10,000 units
    python -m benchmarks --repeat 5          runs per timing (medians, min and max)
    python -m benchmarks --only noop         no-op rebuild at 1,000 and 10,000 units
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import analysis, build, check, corpus, dask_cluster, ingest, noop, pdf
from benchmarks.harness import (
    RESULTS_DIR,
    Row,
    format_table,
    machine,
    utc_stamp,
    write_results,
)

SECTIONS = ("ingest", "pdf", "analysis", "check", "build", "noop", "dask")
SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [100, 1_000]
INGEST_UNITS, QUICK_INGEST_UNITS = [1_000, 10_000], [20]
CHECK_SIZES, QUICK_CHECK_SIZES = [1_000, 10_000], [20, 60]
TARGET_ANALYSIS_S, TARGET_RATIO, TARGET_RSS_MB = 5.0, 5.0, 2048.0  # issue 17


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="tiny sizes, one run per timing")
    p.add_argument("--only", action="append", choices=SECTIONS, help="run only this section")
    p.add_argument("--repeat", type=int, help="runs per timing (default 3; --quick: 1)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="processes for ingest and build (default: the number of CPUs; the "
                        "dask section compares them with 1 and 2 Dask workers)")
    p.add_argument("--sizes", type=int, nargs="+", metavar="UNITS",
                   help=f"analysis corpus sizes (default {SIZES}; --quick {QUICK_SIZES})")
    p.add_argument("--ingest-units", type=int, nargs="+", metavar="UNITS",
                   help=f"synthetic texts to ingest, one corpus per size (default "
                        f"{INGEST_UNITS}; --quick {QUICK_INGEST_UNITS}; 0: none; the dask "
                        "section ingests the smallest)")
    p.add_argument("--noop-units", type=int, nargs="+", metavar="UNITS",
                   help=f"noop: synthetic corpus sizes besides the real one (default "
                        f"{noop.SIZES}; --quick {noop.QUICK_SIZES})")
    p.add_argument("--check-sizes", type=int, nargs="+", metavar="UNITS",
                   help=f"check: synthetic corpus sizes (default {CHECK_SIZES}; "
                        f"--quick {QUICK_CHECK_SIZES})")
    p.add_argument("--build-units", type=int, nargs="*", metavar="UNITS",
                   help="build: synthetic corpus sizes of the marginal unit report (default "
                        "4 1000 10000; --quick 4 100; none: skip)")
    p.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus")
    p.add_argument("--no-pdf-reference", action="store_true",
                   help="pdf: skip the reference rendering by pdfplumber alone (slow; "
                        "--quick skips it too)")
    p.add_argument("--results", type=Path, default=RESULTS_DIR,
                   help="where to write the JSON (default: benchmarks/results/)")
    args = p.parse_args(argv)
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    args.noop_units = args.noop_units or (noop.QUICK_SIZES if args.quick else noop.SIZES)
    args.check_sizes = args.check_sizes or (QUICK_CHECK_SIZES if args.quick else CHECK_SIZES)
    if args.ingest_units is None:
        args.ingest_units = QUICK_INGEST_UNITS if args.quick else INGEST_UNITS
    if (args.repeat < 1 or args.jobs < 1 or min(args.sizes) < 1 or min(args.noop_units) < 1
            or min(args.check_sizes) < 1):
        p.error("--repeat, --jobs, --sizes, --noop-units and --check-sizes must be at least 1")
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
        out += [_target(*t) for t in ingest.targets(ing)]
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
    if results.get("check"):
        out += check_targets(results["check"])
    b = results.get("build")
    if b:
        top = max(b["jobs"])
        cold = b[f"cold_jobs_{top}"]
        for j in sorted({1, top}):
            cold = b[f"cold_jobs_{j}"]
            out.append(_target(f"cold build ≤ {build.TARGET_FLOOR_RATIO:g}× floor (warm kernels, "
                               f"--jobs {j})",
                               f"{cold['ratio']:.2f}× ({cold['timing']['median_s']:.1f} s vs "
                               f"{cold['floor_s']:.1f} s; {cold['ratio'] / build.TARGET_FLOOR_RATIO:.2f}"
                               f"× the limit; in CPU time {cold['cpu_ratio']:.2f}×)",
                               cold["ratio"] <= build.TARGET_FLOOR_RATIO))
        per = b.get("cold_papermill_jobs_1")
        if per:
            gain = per["timing"]["median_s"] / b["cold_jobs_1"]["timing"]["median_s"]
            out.append(_target("warm kernels vs one kernel per report (--jobs 1, wall)",
                               f"{gain:.2f}× faster", gain > 1))
        if "jobs_speedup" in b:
            v = b["jobs_speedup"]
            sc = b.get("jobs_scaling")
            if sc:
                s = sc["speedup"]
                out.append(_target(f"--jobs {top} ≥ {build.TARGET_JOBS_SPEEDUP:g}× --jobs 1 (wall; "
                                   f"{sc['units']} synthetic units, {sc['reports']} reports)",
                                   f"{s:.2f}× ({s / build.TARGET_JOBS_SPEEDUP:.2f}× the target)",
                                   s >= build.TARGET_JOBS_SPEEDUP))
            what = (f"--jobs {top} vs --jobs 1 on the real corpus (10 reports: each job's "
                    "kernel start and the build's start-up do not divide)")
            measured = f"{v:.2f}× ({v / build.TARGET_JOBS_SPEEDUP:.2f}× the target)"
            out.append(Row("target", what, None, measured, "(the row above decides)") if sc
                       else _target(what, measured, v >= build.TARGET_JOBS_SPEEDUP))
        m = b.get("marginal")
        if m and m["sizes"]:
            cpus = [s["marginal_cpu_s"] for s in m["sizes"]]
            worst = max(cpus)
            span = ", ".join(f"{s['units']:,}: {s['marginal_cpu_s']:.2f} s" for s in m["sizes"])
            out.append(_target(f"one more unit report ≤ {build.TARGET_MARGINAL_S:g} s CPU, flat "
                               f"({m['sizes'][0]['units']:,} → {m['sizes'][-1]['units']:,} units)",
                               f"{span} (worst {worst / build.TARGET_MARGINAL_S:.2f}× the limit)",
                               worst <= build.TARGET_MARGINAL_S
                               and not any(s["failed"] for s in m["sizes"])))
            peaks = [s["kernel_peak_mb"] for s in m["sizes"]]
            out.append(_target("unit report kernel memory independent of corpus size",
                               ", ".join(f"{s['units']:,}: {s['kernel_peak_mb']:,.0f} MB"
                                         for s in m["sizes"])
                               + f" ({peaks[-1] / peaks[0]:.2f}× from smallest to largest)",
                               peaks[-1] <= 1.25 * peaks[0]))
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
    out += noop_targets(results.get("noop"))
    for what, measured, met in dask_cluster.targets(results.get("dask", {})):
        out.append(_target(what, measured, met))
    return out


def noop_targets(results: dict[str, Any] | None) -> list[Row]:
    """No-op rebuild of 10,000 units < 2 s (issue 17), judged on the child's CPU time (the
    wall clock beside it counts the other processes of a shared machine)."""
    if not results:
        return []
    big = [c for c in results["corpora"] if c["documents"] >= noop.TARGET_UNITS]
    if not big:
        return [_target(f"no-op rebuild of {noop.TARGET_UNITS:,} units < "
                        f"{noop.TARGET_NOOP_S:g} s", "not measured in this run", None)]
    c = big[0]
    cpu, wall = c["cpu"]["median_s"], c["wall"]["median_s"]
    return [_target(f"no-op rebuild of {c['documents']:,} units < {noop.TARGET_NOOP_S:g} s "
                    "(CPU), nothing rebuilt",
                    f"CPU {cpu:.2f} s ({cpu / noop.TARGET_NOOP_S:.2f}× the limit; wall "
                    f"{wall:.2f} s); built {c['counts'][-1]['built']}",
                    cpu < noop.TARGET_NOOP_S and c["nothing_rebuilt"])]


# what a MISSED row says would close it (benchmarks/README.md, "Analysis at scale", has more)
CLOSE_ANALYSIS_S = ("to close: the repeated strings dictionary-typed in the files (metric, "
                    "indicator texts: about 2 s less, estimated from timed parts) and an integer document key")
CLOSE_ANALYSIS_RSS = ("to close: classify_indicators' 10.7 M rows (1.6 GB) written as they "
                      "are made instead of returned; with catalog.load the tables alone are "
                      "5.8 GB")


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
                           f"limit; wall {wall:.1f} s){_costliest(big[engine])}"
                           + ("" if cpu < TARGET_ANALYSIS_S else f"; {CLOSE_ANALYSIS_S}"),
                           cpu < TARGET_ANALYSIS_S))
        m = big[engine]["peak_rss_mb"]
        out.append(_target(f"analysis of 100,000 units < {TARGET_RSS_MB / 1024:g} GB peak ({how})",
                           f"{m:,.0f} MB ({m / TARGET_RSS_MB:.2f}× the limit; "
                           f"{big[engine]['rss_after_load_mb']:,.0f} MB after loading)"
                           + ("" if m < TARGET_RSS_MB else f"; {CLOSE_ANALYSIS_RSS}"),
                           m < TARGET_RSS_MB))
    return out


def _costliest(report: dict[str, Any], n: int = 3) -> str:
    """Where an engine's time went: its `n` costliest measures in CPU seconds (medians)."""
    cpu = {name: statistics.median(s) for name, s in report.get("cpu_s", {}).items() if s}
    top = sorted(cpu.items(), key=lambda kv: -kv[1])[:n]
    return "; most CPU: " + ", ".join(f"{k} {v:.1f} s" for k, v in top) if top else ""


def check_targets(res: dict[str, Any]) -> list[Row]:
    """`juesuan check` in CPU seconds on one core at 1,000, 10,000 and 100,000 units (issue
    17), the larger ones saying how the cost per unit grew from the smallest size measured;
    and its peak RSS, bounded from 10,000 units on (one batch of documents held)."""
    sizes = {s["units"]: s for s in res["sizes"]}
    first = sizes[min(sizes)]
    out = []
    for units, limit in check.TARGETS.items():
        what = f"audit of {units:,} units ≤ {limit:,g} s on one core (juesuan check, CPU)"
        s = sizes.get(units)
        if s is None:
            out.append(_target(what, "not measured in this run", None))
            continue
        v = s["cpu"]["median_s"]
        growth = (f"; per unit {s['cpu_s_per_1000_units'] / first['cpu_s_per_1000_units']:.2f}× "
                  f"that at {first['units']:,}" if s is not first else "")
        out.append(_target(what, f"{v:.1f} s ({v / limit:.2f}× the limit; wall "
                                 f"{s['wall']['median_s']:.1f} s{growth})", v <= limit))
    limit = check.MEMORY_LIMIT_MB
    what = (f"audit memory bounded: peak RSS < {limit / 1024:g} GB from "
            f"{check.MEMORY_FROM_UNITS:,} units (juesuan check)")
    big = [s for u, s in sorted(sizes.items()) if u >= check.MEMORY_FROM_UNITS]
    if not big:
        out.append(_target(what, "not measured in this run", None))
        return out
    peak = max(s["peak_rss_mb"] for s in big)
    each = " → ".join(f"{s['peak_rss_mb']:,.0f} MB at {u:,}" for u, s in sorted(sizes.items()))
    out.append(_target(what, f"{peak:,.0f} MB ({peak / limit:.2f}× the limit; {each})",
                       peak < limit))
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
                    "noop_units": args.noop_units,
                    "check_sizes": args.check_sizes,
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
    if "check" in sections:
        r, data["check"] = check.run(args.check_sizes, args.repeat, args.jobs, args.seed, log)
        rows += r
    if "build" in sections:
        units = args.build_units if args.build_units is not None else (
            (4, 100) if args.quick else build.MARGINAL_SIZES)
        r, data["build"] = build.run(args.repeat, args.jobs, log, tuple(units), args.seed)
        rows += r
    if "noop" in sections:
        r, data["noop"] = noop.run(args.noop_units, args.repeat, args.seed, log)
        rows += r
    if "dask" in sections:
        r, data["dask"] = dask_cluster.run(args.repeat, args.jobs, min(args.ingest_units),
                                           args.seed, log)
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
