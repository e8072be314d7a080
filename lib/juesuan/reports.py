"""Build the HTML reports: run every notebook of the registry with papermill, render it with
nbconvert and write `reports/index.html`.

    juesuan build [--doc DOC_ID ...] [--jobs N] [--with-code]     (run by `make reports`)

    >>> from juesuan import reports
    >>> result = reports.build(Path("notebooks"), Path("reports"), catalog.curated_dir(),
    ...                        doc_ids=None, jobs=4, with_code=False)

`NOTEBOOKS` is the one registry: each entry names a notebook, the parameters papermill passes it
(`doc_id`: one run per document; `doc_ids`: every document) and where its report goes. Everything
else iterates it.

Contract for the notebooks (see `Notebook` too):

* A cell tagged `parameters` assigns a default to every parameter the registry passes; papermill
  injects the values (serialised by papermill, never pasted into code) in a cell after it. Only
  parameters the cell declares are accepted; anything else is refused before a kernel starts.
* The kernel is `python3` of this environment (`sys.executable`), started with the notebook's
  folder as its working directory (as in `make lab`); `JUESUAN_ROOT` points it at the curated
  tables being built from. Read data through `juesuan.catalog`, never through relative paths.
* A notebook with a `doc_id` parameter must read only that document's rows: it is rebuilt only
  when those rows change. A report that compares documents must take `doc_ids` instead.
* Reports must work offline: a built page that references anything remote (script/link/image
  URLs, `//cdn`, ES-module imports from URLs) is failed, not published. Charts must inline their
  JavaScript; text from the documents shown as HTML must be escaped.

The build skips a report whose inputs are unchanged (`build-state.json` in reports/ keeps, for
every report, the hash of its notebook, parameters, data, library and `--with-code`). A failing
notebook fails only its report: its HTML is removed, the executed notebook is kept as
`<report>.failed.ipynb` and the index says why. Every file is written atomically.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

import juesuan
from juesuan import catalog
from juesuan.io import CSV_DIR, atomic_write

if TYPE_CHECKING:
    from nbconvert import HTMLExporter

KERNEL_NAME = "python3"
DOC_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
STATE_FILE = "build-state.json"
STATE_FORMAT = 1
INDEX_FILE = "index.html"
CELL_TIMEOUT = 1800  # seconds one cell may run before its report fails
PARAMETERS = ("doc_id", "doc_ids")  # what the registry can pass; values come from the data
CJK_FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
             '"WenQuanYi Micro Hei", sans-serif')


class BuildError(ValueError):
    """The build was refused before any kernel started (bad doc_id, missing tables, ...)."""


@dataclass(frozen=True)
class Notebook:
    """A notebook of the registry. `parameters` names what papermill passes it: `doc_id` makes
    one report per document (that depends on that document's rows only), `doc_ids` passes every
    document. `output` is relative to reports/ and may contain `{doc_id}`."""

    name: str
    path: str  # relative to the notebooks folder
    title: str  # Chinese; the index and the page title show it
    parameters: tuple[str, ...]
    output: str

    @property
    def per_document(self) -> bool:
        return "doc_id" in self.parameters


NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("unit_report", "unit_report.ipynb", "单位决算报告", ("doc_id",),
             "{doc_id}/unit_report.html"),
    Notebook("compare_units", "compare_units.ipynb", "单位比较", ("doc_ids",),
             "compare_units.html"),
    Notebook("performance_scores", "performance_scores.ipynb", "绩效评价得分", (),
             "performance_scores.html"),
    Notebook("data_quality", "data_quality.ipynb", "数据质量", (), "data_quality.html"),
)


@dataclass(frozen=True, eq=False)
class Report:
    """One run of a notebook with one parameter set; `output` (relative to reports/) is its key."""

    notebook: Notebook
    output: str
    parameters: dict[str, Any]
    doc_id: str | None = None

    @property
    def title(self) -> str:
        return f"{self.notebook.title}（{self.doc_id}）" if self.doc_id else self.notebook.title


@dataclass(frozen=True, eq=False)
class Job:
    """A report with what the build knows before running it: its input hash and, if it cannot
    run at all (missing notebook, undeclared parameter), why."""

    report: Report
    source: Path
    base: str  # hash of the inputs but `--with-code`
    with_code: bool
    problem: str | None = None

    @property
    def inputs(self) -> str:
        return inputs_for(self.base, self.with_code)


@dataclass
class Outcome:
    job: Job
    executed: bool
    error: str | None = None
    seconds: float = 0.0
    cancelled: bool = False


@dataclass
class BuildResult:
    """What a build did, by report output path (relative to reports/)."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    executed: list[str] = field(default_factory=list)  # ran a kernel (built or failed)
    removed: list[str] = field(default_factory=list)  # reports of documents no longer curated
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    index: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        failed = f" ({', '.join(sorted(self.failed))})" if self.failed else ""
        removed = f", removed {len(self.removed)}" if self.removed else ""
        return (f"built {len(self.built)}, skipped {len(self.skipped)}, failed "
                f"{len(self.failed)}{failed}{removed} in {self.seconds:.1f} s; "
                f"index: {self.index}")


def default_jobs() -> int:
    return os.cpu_count() or 1


# --- the build --------------------------------------------------------------------------------

def build(notebooks_dir: Path, reports_dir: Path, curated_dir: Path, doc_ids: list[str] | None,
          jobs: int, with_code: bool, *, notebooks: Sequence[Notebook] = NOTEBOOKS,
          progress: bool = True) -> BuildResult:
    """Build the reports that are out of date and write the index.

    `doc_ids` limits the build to those documents' per-document reports (the corpus-wide ones
    are built by a full build); everything is validated before any kernel starts."""
    started = time.monotonic()
    if jobs < 1:
        raise BuildError(f"--jobs must be at least 1, not {jobs}")
    # this process renders with nbconvert, which imports jsonschema too: skip the grammars here
    # as in the kernels (SKIP_IRI_GRAMMARS is this statement)
    sys.modules.setdefault("rfc3987_syntax", None)
    tables = _load_tables(curated_dir)
    all_ids = _document_ids(tables)
    selected = _select(doc_ids, all_ids)
    env = _kernel_env(curated_dir)
    planned = plan_jobs(notebooks, Path(notebooks_dir), all_ids,
                        input_parts(curated_dir, tables), with_code)
    reports_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(reports_dir)
    state = load_state(reports_dir)
    removed = prune(reports_dir, planned, state)
    wanted = [j for j in planned if selected is None or j.report.doc_id in selected]
    todo = [j for j in wanted if not is_current(state.get(j.report.output), j, reports_dir)]
    result = BuildResult(skipped=sorted(j.report.output for j in wanted if j not in todo),
                         removed=removed)
    if any(j.problem is None for j in todo):
        _check_kernel()
    _run_all(todo, _Context(reports_dir, with_code, env), jobs, progress,
             lambda out: _record(out, state, reports_dir, result))
    result.index = write_index(reports_dir, planned, state, tables, result.warnings)
    result.seconds = time.monotonic() - started
    return result


def _load_tables(curated_dir: Path) -> dict[str, pl.DataFrame]:
    try:
        return catalog.load_all(curated_dir)
    except catalog.CatalogError as err:
        raise BuildError(f"{err} (the reports are built from the curated tables: run "
                         "`juesuan ingest` and `juesuan check` first)") from None


def _document_ids(tables: dict[str, pl.DataFrame]) -> list[str]:
    """The documents' ids, which become paths and parameters: all must match DOC_ID_PATTERN."""
    ids = tables["documents"]["doc_id"].to_list()
    bad = [d for d in ids if not DOC_ID_PATTERN.fullmatch(d)]
    if bad:
        raise BuildError(f"the documents table has doc_id(s) not matching "
                         f"{DOC_ID_PATTERN.pattern}: {', '.join(map(repr, bad))}")
    return ids


def _select(doc_ids: list[str] | None, known: list[str]) -> set[str] | None:
    """The requested documents, refused (listing the valid ones) unless every one is known."""
    if doc_ids is None:
        return None
    malformed = [d for d in doc_ids if not DOC_ID_PATTERN.fullmatch(d)]
    unknown = [d for d in doc_ids if d not in known and d not in malformed]
    if malformed or unknown:
        what = []
        if malformed:
            what.append(f"malformed doc_id {', '.join(map(repr, malformed))} (must match "
                        f"{DOC_ID_PATTERN.pattern})")
        if unknown:
            what.append(f"unknown doc_id {', '.join(unknown)}")
        raise BuildError(f"{'; '.join(what)}; valid doc_ids: {', '.join(known)}")
    return set(doc_ids)


def _kernel_env(curated_dir: Path) -> dict[str, str]:
    """The notebooks read the tables through juesuan.catalog ($JUESUAN_ROOT/data/curated), so a
    build from another folder must point JUESUAN_ROOT at it."""
    curated = curated_dir.resolve()
    if curated == catalog.curated_dir().resolve():
        return {}
    if curated.name == "curated" and curated.parent.name == "data":
        return {"JUESUAN_ROOT": str(curated.parent.parent)}
    raise BuildError(f"{curated_dir}: the notebooks find the tables at <root>/data/curated "
                     "(juesuan.catalog); build from a folder laid out that way")


def _check_kernel() -> None:
    """The kernel must be this environment's Python, or the notebooks would not see juesuan."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        exe = KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0]
    except NoSuchKernel:
        raise BuildError(f"no Jupyter kernel {KERNEL_NAME!r}: install ipykernel in this "
                         "environment") from None
    # jupyter_client runs `python`, `python3`, `python3.x` as sys.executable
    if exe not in {"python", "python3", f"python3.{sys.version_info[1]}", sys.executable}:
        raise BuildError(f"kernel {KERNEL_NAME!r} runs {exe}, not this environment's "
                         f"{sys.executable}: remove the overriding kernelspec")


# --- planning: reports, input hashes, notebook checks ---------------------------------------

@dataclass(frozen=True)
class InputParts:
    """Hashes every report's inputs are made of: data (whole corpus, or one document's rows)
    and library."""

    corpus: str
    documents: dict[str, str]
    library: str


def plan(notebooks: Sequence[Notebook], doc_ids: list[str]) -> list[Report]:
    """Every report the registry describes for these documents."""
    unknown = sorted({p for nb in notebooks for p in nb.parameters} - set(PARAMETERS))
    if unknown:
        raise BuildError(f"registry: unknown parameter(s) {', '.join(unknown)}; "
                         f"parameters: {', '.join(PARAMETERS)}")
    reports = []
    for nb in notebooks:
        for doc_id in (doc_ids if nb.per_document else [None]):
            values = {"doc_id": doc_id, "doc_ids": list(doc_ids)}
            params = {p: values[p] for p in nb.parameters}
            output = nb.output.format(doc_id=doc_id) if doc_id else nb.output
            reports.append(Report(nb, output, params, doc_id))
    return reports


def plan_jobs(notebooks: Sequence[Notebook], notebooks_dir: Path, doc_ids: list[str],
              parts: InputParts, with_code: bool) -> list[Job]:
    """Reports with their input hashes and any reason they cannot run."""
    inspected = {nb.name: inspect_notebook(notebooks_dir / nb.path) for nb in notebooks}
    jobs = []
    for report in plan(notebooks, doc_ids):
        digest, declared, problem = inspected[report.notebook.name]
        if problem is None:
            problem = _undeclared(report, declared)
        base = input_hash(report, digest, parts)
        jobs.append(Job(report, notebooks_dir / report.notebook.path, base, with_code, problem))
    return jobs


def inspect_notebook(path: Path) -> tuple[str, set[str] | None, str | None]:
    """(hash of its bytes, names its `parameters` cell assigns or None, why it cannot run)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return "missing", None, f"notebook {path} cannot be read: {err.strerror}"
    digest = hashlib.sha256(data).hexdigest()
    try:
        cells = json.loads(data)["cells"]
        source = next(_source(c) for c in cells
                      if "parameters" in c.get("metadata", {}).get("tags", []))
    except (ValueError, KeyError, TypeError, AttributeError):
        return digest, None, f"notebook {path} is not a readable .ipynb file"
    except StopIteration:
        return digest, None, None
    try:
        return digest, _assigned_names(source), None
    except SyntaxError as err:
        return digest, None, f"{path}: the parameters cell is not valid Python ({err.msg})"


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _assigned_names(source: str) -> set[str]:
    """Top-level names a parameters cell assigns (what papermill may override)."""
    names = set()
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _undeclared(report: Report, declared: set[str] | None) -> str | None:
    """Papermill would inject a parameter the notebook does not declare: refuse, naming both."""
    if not report.parameters:
        return None
    if declared is None:
        return (f"notebook {report.notebook.path} has no cell tagged `parameters` (it must "
                f"declare {', '.join(report.parameters)})")
    missing = sorted(set(report.parameters) - declared)
    if missing:
        return (f"notebook {report.notebook.path}: unknown parameter(s) {', '.join(missing)}; "
                f"its parameters cell declares: {', '.join(sorted(declared)) or 'nothing'}")
    return None


def input_parts(curated_dir: Path, tables: dict[str, pl.DataFrame]) -> InputParts:
    files = _files(curated_dir)
    table_files = {f"{n}.parquet" for n in tables} | {f"{CSV_DIR}/{n}.csv" for n in tables}
    others = _digest(_file_parts(curated_dir, [f for f in files if f not in table_files]))
    corpus = _digest(_file_parts(curated_dir, files))
    return InputParts(corpus, document_hashes(tables, others), library_hash())


def input_hash(report: Report, notebook_digest: str, parts: InputParts) -> str:
    """What a report's HTML depends on but `--with-code`: notebook, parameters, data, library."""
    data = parts.documents[report.doc_id] if report.doc_id else parts.corpus
    key = {"format": STATE_FORMAT, "notebook": notebook_digest, "parameters": report.parameters,
           "data": data, "library": parts.library}
    return _digest([json.dumps(key, sort_keys=True).encode()])


def inputs_for(base: str, with_code: bool) -> str:
    """The full input hash; equal hashes mean the build may skip the report. Kept apart from
    `base` so that the index can tell a report built with code from an out-of-date one."""
    return _digest([base.encode(), b"with-code" if with_code else b"code-hidden"])


def document_hashes(tables: dict[str, pl.DataFrame], others: str) -> dict[str, str]:
    """Per document: its rows of every table (as CSV), plus the curated files that are not
    tables. Another document's change leaves it equal, so its report is not rebuilt."""
    ids = tables["documents"]["doc_id"].to_list()
    parts: dict[str, list[bytes]] = {d: [others.encode()] for d in ids}
    for name, df in sorted(tables.items()):
        if "doc_id" not in df.columns:  # a table about no document in particular: all of it
            groups = dict.fromkeys(ids, df)
        else:
            groups = {key[0]: g for key, g in df.partition_by("doc_id", as_dict=True).items()}
        for d in ids:
            rows = groups.get(d, df.head(0))
            parts[d].append(f"{name}\n{rows.schema}\n{rows.write_csv()}".encode())
    return {d: _digest(p) for d, p in parts.items()}


def library_hash() -> str:
    """The juesuan sources and version: a library change may change any report."""
    pkg = Path(juesuan.__file__).parent
    files = [f for f in _files(pkg) if "__pycache__" not in f and not f.endswith(".pyc")]
    return _digest([juesuan.__version__.encode(), *_file_parts(pkg, files)])


def _files(root: Path) -> list[str]:
    """Files under root (relative, sorted), without hidden files such as atomic_write's temps."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not any(s.startswith(".")
                                             for s in p.relative_to(root).parts))


def _file_parts(root: Path, files: list[str]) -> Iterator[bytes]:
    for f in files:
        yield f.encode()
        yield (root / f).read_bytes()


def _digest(parts: Iterable[bytes]) -> str:
    """SHA-256 of length-prefixed parts, so that no two different lists hash alike."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big") + part)
    return h.hexdigest()


# --- state --------------------------------------------------------------------------------

def load_state(reports_dir: Path) -> dict[str, dict]:
    """Per report output: its input hash and status at its last build ({} if none readable)."""
    try:
        data = json.loads((reports_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        return {}
    return data.get("reports", {})


def save_state(reports_dir: Path, state: dict[str, dict]) -> None:
    text = json.dumps({"format": STATE_FORMAT, "reports": state}, ensure_ascii=False,
                      indent=1, sort_keys=True) + "\n"
    atomic_write(reports_dir / STATE_FILE, lambda p: _write_text(p, text))


def is_current(entry: dict | None, job: Job, reports_dir: Path) -> bool:
    """Built successfully from the same inputs and still there. A failed report is retried."""
    return bool(entry and entry.get("status") == "ok" and entry.get("inputs") == job.inputs
                and (reports_dir / job.report.output).is_file())


def _record(out: Outcome, state: dict[str, dict], reports_dir: Path,
            result: BuildResult) -> None:
    """Note one finished report in the result and the state file (saved at once, so an
    interrupted build keeps what it finished)."""
    report = out.job.report
    if out.executed:
        result.executed.append(report.output)
    if out.error:
        result.failed[report.output] = out.error
    else:
        result.built.append(report.output)
    failed_nb = failed_path(reports_dir / report.output)
    state[report.output] = {
        "notebook": report.notebook.name, "doc_id": report.doc_id,
        "parameters": report.parameters, "inputs": out.job.inputs,
        "with_code": out.job.with_code,
        "status": "failed" if out.error else "ok", "error": out.error,
        "failed_notebook": (failed_nb.relative_to(reports_dir).as_posix()
                            if out.error and failed_nb.exists() else None),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(out.seconds, 2)}
    save_state(reports_dir, state)


def prune(reports_dir: Path, planned: list[Job], state: dict[str, dict]) -> list[str]:
    """Remove the reports the registry no longer describes (a document taken out of the
    corpus, a notebook dropped), so that reports/ holds only what the data supports."""
    wanted = {j.report.output for j in planned}
    removed = sorted(out for out in state if out not in wanted)
    for out in removed:
        html = reports_dir / out
        for path in (html, failed_path(html)):
            path.unlink(missing_ok=True)
        if html.parent != reports_dir and html.parent.is_dir() and not any(html.parent.iterdir()):
            html.parent.rmdir()
        del state[out]
    if removed:
        save_state(reports_dir, state)
    return removed


def failed_path(html: Path) -> Path:
    """Where the executed notebook of a failed report is kept: beside its HTML."""
    return html.with_suffix(".failed.ipynb")


def _remove_stale_temp_files(reports_dir: Path) -> None:
    """Temps that a killed build (SIGKILL mid-write) left behind: atomic_write's `.name.*.tmp`."""
    for p in reports_dir.rglob(".*.tmp"):
        p.unlink(missing_ok=True)


# --- running notebooks ------------------------------------------------------------------------

@dataclass
class _Context:
    reports_dir: Path
    with_code: bool
    env: dict[str, str]
    tmp: Path = Path()
    stop: threading.Event = field(default_factory=threading.Event)


def _run_all(todo: list[Job], ctx: _Context, jobs: int, progress: bool,
             on_done: Callable[[Outcome], None]) -> None:
    """Run the jobs on `jobs` threads (each drives its own kernel process) with a progress
    bar; results are recorded on this thread. On an interrupt nothing more is published."""
    if not todo:
        return
    from tqdm import tqdm

    from juesuan import charts

    with (tempfile.TemporaryDirectory(prefix="juesuan-build-", ignore_cleanup_errors=True)
          as tmp, _environ({**ctx.env, charts.BUNDLE_ENV: str(vega_bundle(ctx.reports_dir))}),
          tqdm(total=len(todo), desc="juesuan build", unit="report", file=sys.stderr,
               disable=None if progress else True) as bar):
        ctx.tmp = Path(tmp)
        pool = ThreadPoolExecutor(max_workers=min(jobs, len(todo)))
        pending = {pool.submit(_run, job, ctx) for job in todo}
        try:
            while pending:  # a timeout, not as_completed(): a blocked wait would defer Ctrl-C
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    out = future.result()
                    if not out.cancelled:
                        on_done(out)
                    bar.update()
        except BaseException:
            ctx.stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            _kill_kernels()
            raise
        pool.shutdown()


BUNDLE_CACHE = ".cache"  # under reports/: the chart JavaScript, kept between builds


def vega_bundle(reports_dir: Path) -> Path:
    """The chart JavaScript for this build's kernels (see `charts.javascript_bundle`): built by
    vl-convert once per vl-convert and Altair version (1.6 s), then read from
    reports/.cache, so a cold build does not pay for it again."""
    from importlib.metadata import version

    from juesuan import charts

    key = f"vl-convert-{version('vl-convert-python')}-altair-{version('altair')}"
    path = reports_dir / BUNDLE_CACHE / f"vega-bundle-{key}.js"
    if not path.is_file():
        js = charts.javascript_bundle()
        atomic_write(path, lambda tmp: tmp.write_text(js, encoding="utf-8"))
    return path


@contextlib.contextmanager
def _environ(changes: dict[str, str]) -> Iterator[None]:
    """Kernels inherit this process's environment: set `changes` while they start."""
    saved = {k: os.environ.get(k) for k in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run(job: Job, ctx: _Context) -> Outcome:
    """Execute, render and publish one report; any failure is this report's, not the build's."""
    started = time.monotonic()
    executed = ctx.tmp / (job.report.output.replace("/", "__") + ".ipynb")
    html, error = None, job.problem
    if error is None:
        try:
            execute(job, executed)
            html = render_html(executed, job.report, ctx.with_code, job.source.parent)
            remote = remote_references(html)
            if remote:
                raise BuildError("the report is not self-contained; remote reference(s): "
                                 + ", ".join(remote[:3]))
        except Exception as err:  # noqa: BLE001 - one notebook's failure is its report's
            html, error = None, error_message(err)
    if ctx.stop.is_set():
        return Outcome(job, job.problem is None, cancelled=True)
    publish(ctx.reports_dir / job.report.output, html, executed if job.problem is None else None)
    return Outcome(job, job.problem is None, error, time.monotonic() - started)


def execute(job: Job, output: Path) -> None:
    """Run the notebook with papermill (which serialises the parameter values); the kernel's
    working directory is the notebook's folder."""
    import papermill

    papermill.execute_notebook(
        str(job.source), str(output), parameters=job.report.parameters,
        kernel_name=KERNEL_NAME, language="python", progress_bar=False,
        execution_timeout=CELL_TIMEOUT, kernel_manager_class=_tracked_kernel_manager(),
        # not papermill's cwd=, which os.chdir()s the whole process: nbclient starts the
        # kernel in resources' path instead
        resources={"metadata": {"path": str(job.source.parent.resolve())}},
        extra_arguments=["--IPKernelApp.log_level=ERROR",  # kernel start-up noise
                         f"--IPKernelApp.exec_lines={SKIP_IRI_GRAMMARS}"])


# jsonschema (imported by altair and nbformat) imports rfc3987_syntax, which compiles ~35 Lark
# grammars for the `iri` formats at import: about 2 s of every kernel's start, for checks no
# report makes (python-jsonschema/jsonschema#1428). The build's kernels go without it.
SKIP_IRI_GRAMMARS = "import sys; sys.modules.setdefault('rfc3987_syntax', None)"

_KERNELS: set[Any] = set()  # kernel managers of the running notebooks
_KERNELS_LOCK = threading.Lock()


@functools.cache
def _tracked_kernel_manager() -> type:
    """nbclient's kernel manager, remembering its kernels: they run in their own session, so
    the terminal's Ctrl-C does not reach them and an interrupted build must stop them."""
    from jupyter_client.manager import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:
            await super().start_kernel(**kw)
            with _KERNELS_LOCK:
                _KERNELS.add(self)

        async def shutdown_kernel(self, *args: Any, **kw: Any) -> None:
            with _KERNELS_LOCK:
                _KERNELS.discard(self)
            await super().shutdown_kernel(*args, **kw)

    return TrackedKernelManager


def _kill_kernels() -> None:
    """Kill the kernels still running (and what they started): their notebooks then fail at
    once and their threads, whose results are discarded, end."""
    with _KERNELS_LOCK:
        managers = list(_KERNELS)
    for km in managers:
        process = getattr(km.provisioner, "process", None)
        if process is not None and process.poll() is None:  # alive, so its pid is its own
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)


def error_message(err: BaseException) -> str:
    """One line for the index: the notebook's exception if it raised one, else the build's."""
    ename = getattr(err, "ename", None)
    if ename:
        where = getattr(err, "exec_count", None)
        text = f"{ename}: {getattr(err, 'evalue', '')}" + (f" (cell [{where}])" if where else "")
    else:
        text = f"{type(err).__name__}: {err}"
    text = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())
    return text if len(text) <= 500 else text[:497] + "..."


def publish(target: Path, html: str | None, executed: Path | None) -> None:
    """Success: write the HTML and drop an old failure record. Failure: remove the HTML (an
    old one would look current) and keep the executed notebook, traceback included."""
    failed = failed_path(target)
    if html is not None:
        atomic_write(target, lambda p: _write_text(p, html))
        failed.unlink(missing_ok=True)
        return
    target.unlink(missing_ok=True)
    if executed is not None and executed.exists():
        data = executed.read_bytes()
        atomic_write(failed, lambda p: p.write_bytes(data))
    else:
        failed.unlink(missing_ok=True)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


# --- rendering ---------------------------------------------------------------------------------

HIDDEN_TAGS = ("parameters", "injected-parameters")  # cells dropped when code is hidden

# The lab template without anything remote (require.js, MathJax, mermaid, widgets from CDNs),
# with a CJK font stack and a link back to the index.
NOTEBOOK_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
:root { --jp-content-font-family: FONTS; --jp-ui-font-family: FONTS; }
body { font-family: FONTS; }
nav.juesuan-nav { max-width: 1100px; margin: 0.5em auto; font-size: 0.9em; }
</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="juesuan-nav"><a href="{{ resources.juesuan_index }}">← 报告索引</a></nav>
{%- endblock body_header -%}
""".replace("FONTS", CJK_FONTS)


def render_html(executed: Path, report: Report, with_code: bool, notebook_dir: Path) -> str:
    """The executed notebook as one self-contained page: outputs (text/html included) kept,
    code, prompts and parameter cells hidden unless `with_code`; images the markdown links
    (relative to `notebook_dir`) embedded."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    nb.metadata["title"] = report.title
    depth = report.output.count("/")
    resources = {"juesuan_index": "../" * depth + INDEX_FILE,
                 "metadata": {"name": report.title, "path": str(notebook_dir)}}
    body, _ = _exporter(with_code).from_notebook_node(nb, resources=resources)
    return re.sub(r'<html lang="[^"]*">', '<html lang="zh-CN">', body, count=1)


def _exporter(with_code: bool) -> HTMLExporter:
    """A new exporter per report (they are not shared between threads)."""
    import jinja2
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="lab", template_file="juesuan.html.j2",
        extra_loaders=[jinja2.DictLoader({"juesuan.html.j2": NOTEBOOK_TEMPLATE})],
        exclude_input=not with_code, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True)
    if not with_code:
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True), enabled=True)
    return exporter


_REMOTE = re.compile(
    r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^\s"'>]*"""
    r"""|url\(\s*["']?\s*(?:https?:)?//[^\s"')]*"""
    r"""|@import\s+["']\s*(?:https?:)?//[^\s"']*"""
    r"""|\bimport\s*\(\s*["']\s*(?:https?:)?//[^\s"']*"""
    r"""|\bfrom\s+["']\s*(?:https?:)?//[^\s"']*"""
    r"""|<script\b[^>]*?\bsrc\s*=\s*["']?(?!data:)[^\s"'>]*"""
    r"""|//cdn[^\s"'<>()]*""",
    re.IGNORECASE)


def remote_references(html: str) -> list[str]:
    """What in a page would be fetched from elsewhere (or is a link off the page): remote
    src/href/url(), @import and ES-module imports, external scripts, anything //cdn."""
    return list(dict.fromkeys(m.group(0)[:120] for m in _REMOTE.finditer(html)))


# --- the index ---------------------------------------------------------------------------------

INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>决算分析报告</title>
<style>
body { font-family: {{ fonts }}; margin: 2em auto; max-width: 1200px; padding: 0 1em;
       color: #222; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.4em 0.6em; text-align: left;
         vertical-align: top; }
th { background: #f5f5f5; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.failed { color: #b00020; }
.stale, .missing, .meta { color: #777; }
</style>
</head>
<body>
{%- macro link(r) -%}
{%- if r.status in ("ok", "stale") -%}
<a href="{{ r.href }}">{{ r.title }}</a>
{%- if r.status == "stale" %} <span class="stale">（已过期：数据或代码已变，尚未重建）</span>{% endif -%}
{%- elif r.status == "failed" -%}
<span>{{ r.title }}</span> <span class="failed">生成失败：{{ r.error }}</span>
{%- if r.failed_href %} <a href="{{ r.failed_href }}">执行记录（.ipynb）</a>{% endif -%}
{%- else -%}
<span>{{ r.title }}</span> <span class="missing">（未生成）</span>
{%- endif -%}
{%- endmacro %}
<h1>决算分析报告</h1>
<p class="meta">{{ units|length }} 份决算公开文档；报告 {{ n_ok }} 份已生成
{%- if n_failed %}，<span class="failed">{{ n_failed }} 份生成失败</span>{% endif -%}
{%- if built_at %}；最近生成于 {{ built_at }}（UTC）{% endif %}。</p>
{%- for w in warnings %}
<p class="failed">{{ w }}</p>
{%- endfor %}
<h2>综合报告</h2>
<ul>
{%- for r in corpus %}
<li>{{ link(r) }}</li>
{%- endfor %}
</ul>
<h2>单位报告</h2>
<table>
<thead><tr><th>单位名称</th><th>年度</th><th>省份</th><th class="num">收入总计（万元）</th>
<th class="num">支出总计（万元）</th><th class="num">一般公共预算财政拨款<br>年初预算完成率</th>
<th class="num">绩效评价（项）</th><th class="num">平均得分</th><th>报告</th></tr></thead>
<tbody>
{%- for u in units %}
<tr id="{{ u.doc_id }}"><td>{{ u.unit_name }}</td><td>{{ u.fiscal_year }}</td>
<td>{{ u.province }}</td><td class="num">{{ u.income_total }}</td>
<td class="num">{{ u.expenditure_total }}</td><td class="num">{{ u.completion_rate }}</td>
<td class="num">{{ u.n_evaluations }}</td><td class="num">{{ u.mean_score }}</td>
<td>{% for r in u.reports %}{{ link(r) }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td></tr>
{%- endfor %}
</tbody>
</table>
</body>
</html>
"""


def write_index(reports_dir: Path, jobs: list[Job], state: dict[str, dict],
                tables: dict[str, pl.DataFrame], warnings: list[str]) -> Path:
    """reports/index.html: every report of the registry with its status, and each unit's
    headline figures. Document text is escaped (autoescape). Rewritten only if it changed."""
    import jinja2
    from markupsafe import Markup

    entries = [_index_entry(j, state.get(j.report.output), reports_dir) for j in jobs]
    by_doc: dict[str | None, list[dict]] = {}
    for e in entries:
        by_doc.setdefault(e["doc_id"], []).append(e)
    units = [{**u, "reports": by_doc.get(u["doc_id"], [])} for u in _units(tables, warnings)]
    built = [e["built_at"] for e in state.values() if e.get("built_at")]
    html = jinja2.Environment(autoescape=True).from_string(INDEX_TEMPLATE).render(
        fonts=Markup(CJK_FONTS), corpus=by_doc.get(None, []), units=units,
        warnings=warnings, built_at=max(built, default=""),
        n_ok=sum(e["status"] in ("ok", "stale") for e in entries),
        n_failed=sum(e["status"] == "failed" for e in entries))
    target = reports_dir / INDEX_FILE
    if not target.is_file() or target.read_text(encoding="utf-8") != html:
        atomic_write(target, lambda p: _write_text(p, html))
    return target


def _index_entry(job: Job, entry: dict | None, reports_dir: Path) -> dict:
    """A report's line in the index: ok, stale (built from other inputs), failed or missing."""
    status = "missing"
    if entry and entry.get("status") == "failed":
        status = "failed"
    elif entry and (reports_dir / job.report.output).is_file():
        current = inputs_for(job.base, bool(entry.get("with_code")))
        status = "ok" if entry.get("inputs") == current else "stale"
    return {"doc_id": job.report.doc_id, "title": job.report.notebook.title,
            "href": job.report.output, "status": status,
            "error": (entry or {}).get("error"),
            "failed_href": (entry or {}).get("failed_notebook")}


def _units(tables: dict[str, pl.DataFrame], warnings: list[str]) -> list[dict]:
    """Each document's headline figures (measures.corpus_summary), formatted; if the measures
    fail the index still lists the documents, with the error as a warning."""
    from juesuan import measures

    try:
        rows = measures.corpus_summary(tables).to_dicts()
    except Exception as err:  # noqa: BLE001 - the index must still be written
        warnings.append(f"主要指标无法计算（measures.corpus_summary）：{error_message(err)}")
        rows = tables["documents"].select("doc_id", "unit_name", "fiscal_year",
                                          "province").to_dicts()
    return [{"doc_id": r["doc_id"], "unit_name": r["unit_name"],
             "fiscal_year": _fmt(r.get("fiscal_year"), "{}"),
             "province": _fmt(r.get("province"), "{}"),
             "income_total": _fmt(r.get("income_total"), "{:,.2f}"),
             "expenditure_total": _fmt(r.get("expenditure_total"), "{:,.2f}"),
             "completion_rate": _fmt(r.get("completion_rate"), "{:.1f}%"),
             "n_evaluations": _fmt(r.get("n_evaluations"), "{}"),
             "mean_score": _fmt(r.get("mean_score"), "{:.2f}")} for r in rows]


def _fmt(value: Any, spec: str) -> str:
    return "—" if value is None else spec.format(value)
