"""Build the HTML reports: run every notebook of the registry (parameterised by papermill, in
a warm kernel per worker or, `engine="papermill"`, a kernel per report), render it with
nbconvert and write `reports/index.html`.

    juesuan build [--doc DOC_ID ...] [--jobs N] [--with-code] [--engine warm|papermill]

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
  folder as its working directory (as in `make lab`); a warm kernel runs many reports, each
  from a fresh namespace with the library imported anew (`reports.kernels`); `JUESUAN_ROOT` points it at the curated
  tables being built from. Read data through `juesuan.catalog`, never through relative paths.
* A notebook with a `doc_id` parameter must read only that document's rows: it is rebuilt only
  when those rows change. A report that compares documents must take `doc_ids` instead.
* Reports must work offline: a built page that references anything remote (script/link/image
  URLs, `//cdn`, ES-module imports from URLs) is failed, not published. Charts must inline their
  JavaScript; text from the documents shown as HTML must be escaped.

The build skips a report whose inputs are unchanged (`build-state.json` in reports/ keeps, for
every report, the hash of its notebook, parameters, data, library and `--with-code`). The data
hashes are kept in reports/.cache/ by each curated file's size and mtime (`inputs.py`): a no-op
build reads no table; `juesuan build --rehash` reads every file again. A failing
notebook fails only its report: its HTML is removed, the executed notebook is kept as
`<report>.failed.ipynb` and the index says why. Every file is written atomically.

One job per module:

    registry.py   NOTEBOOKS: each notebook, its parameters, where its report goes
    planning.py   the reports of a build, their input hashes, the notebooks' parameter check
    inputs.py     the data and library hashes, kept between builds (re-hashed when files change)
    state.py      build-state.json: what is current, what to remove
    execution.py  running the reports on --jobs processes (`_run`: one report), publishing
    kernels.py    warm kernels: one per thread, a fresh namespace and library per report
    rendering.py  nbconvert to one self-contained page; the offline check
    index.py      reports/index.html
    build.py      `build`: all of the above in order
"""

from __future__ import annotations

from juesuan.reports.build import BuildResult, build, default_jobs
from juesuan.reports.execution import BUNDLE_CACHE, error_message, execute, publish, vega_bundle
from juesuan.reports.index import write_index
from juesuan.reports.inputs import Inputs, build_inputs
from juesuan.reports.planning import (
    InputParts,
    Job,
    input_hash,
    inputs_for,
    inspect_notebook,
    library_hash,
    plan,
    plan_jobs,
)
from juesuan.reports.registry import (
    CELL_TIMEOUT,
    DOC_ID_PATTERN,
    INDEX_FILE,
    KERNEL_NAME,
    NOTEBOOKS,
    PARAMETERS,
    STATE_FILE,
    STATE_FORMAT,
    BuildError,
    Notebook,
    Report,
)
from juesuan.reports.rendering import remote_references, render_html
from juesuan.reports.state import failed_path, is_current, load_state, prune, save_state

__all__ = [
    "BUNDLE_CACHE", "CELL_TIMEOUT", "DOC_ID_PATTERN", "INDEX_FILE", "KERNEL_NAME", "NOTEBOOKS",
    "PARAMETERS", "STATE_FILE", "STATE_FORMAT", "BuildError", "BuildResult", "InputParts",
    "Inputs", "Job", "Notebook", "Report", "build", "build_inputs", "default_jobs",
    "error_message", "execute", "failed_path", "input_hash", "inputs_for", "inspect_notebook",
    "is_current", "library_hash", "load_state", "plan", "plan_jobs", "prune", "publish",
    "remote_references", "render_html", "save_state", "vega_bundle", "write_index",
]
