"""Planning a build: every report the registry describes, its input hash (notebook,
parameters, data — the whole corpus or one document's rows — library) and whether it can run
(its `parameters` cell declares what the registry passes).

The notebook is inspected here rather than with `papermill.inspect_notebook`: papermill
reads the parameters cell line by line (no syntax check) and does not tell a missing
`parameters` cell from an empty one, and both are refused here before a kernel starts."""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import juesuan
from juesuan.reports.registry import (
    PARAMETERS,
    STATE_FORMAT,
    BuildError,
    Notebook,
    Report,
)


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




@dataclass(frozen=True)
class InputParts:
    """Hashes every report's inputs are made of: data (whole corpus, or one document's rows)
    and library (`reports.inputs.build_inputs` makes them, re-hashing only what changed)."""

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
        every = list(doc_ids)  # one list per notebook: a copy per report is quadratic
        for doc_id in (doc_ids if nb.per_document else [None]):
            params = {p: doc_id if p == "doc_id" else every for p in nb.parameters}
            output = nb.output.format(doc_id=doc_id) if doc_id else nb.output
            reports.append(Report(nb, output, params, doc_id))
    return reports


def plan_jobs(notebooks: Sequence[Notebook], notebooks_dir: Path, doc_ids: list[str],
              parts: InputParts, with_code: bool) -> list[Job]:
    """Reports with their input hashes and any reason they cannot run."""
    sources = {nb.name: notebooks_dir / nb.path for nb in notebooks}
    inspected = {name: inspect_notebook(path) for name, path in sources.items()}
    jobs = []
    for report in plan(notebooks, doc_ids):
        digest, declared, problem = inspected[report.notebook.name]
        if problem is None:
            problem = _undeclared(report, declared)
        base = input_hash(report, digest, parts)
        jobs.append(Job(report, sources[report.notebook.name], base, with_code, problem))
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


