# juesuan — build / test entry points.  `make test` is what CI runs (.ci/run).
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

# Prefer python3.11; fall back to python3 (must be 3.11, see pyproject requires-python).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Notebook paths to check with nbval after the pytest suite (empty for now),
# e.g. NOTEBOOK_TESTS = notebooks/
NOTEBOOK_TESTS ?= notebooks/

.PHONY: venv test reports bench lint lab course clean

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -n "$(PYTHON)" && \
	{ test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); } && \
	$(BIN)/python -m pip install --upgrade pip && \
	$(BIN)/python -m pip install -r requirements.lock && \
	$(BIN)/python -m pip install --no-deps -e . && \
	touch $(STAMP)

test: venv
	$(BIN)/python -m pytest
	$(if $(strip $(NOTEBOOK_TESTS)),$(BIN)/python -m pytest --nbval-lax -p no:cacheprovider $(NOTEBOOK_TESTS))

# Builds everything the project builds so far: the curated dataset, then the audit
# (findings + completeness, written beside the tables in data/curated/), then the HTML
# reports in reports/ (notebooks executed with papermill; unchanged reports are skipped).
reports: venv
	$(BIN)/juesuan ingest
	$(BIN)/juesuan check
	$(BIN)/juesuan build

# Ingest throughput, analysis at 1k/10k/100k synthetic units against pandas, the report build;
# one table printed, JSON in benchmarks/results/ (see benchmarks/README.md). Takes a while;
# options: make bench BENCH_ARGS="--quick" (or --only analysis, --repeat 5, ...).
BENCH_ARGS ?=
bench: venv
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

lint: venv
	$(BIN)/ruff check lib tests benchmarks

# JupyterLab on notebooks/ with the venv's kernel (juesuan installed) and ipywidgets; the
# explorer is notebooks/explore.ipynb. Extra options: make lab LAB_ARGS="--port=8890 --no-browser".
# Jupyter refuses to run as root unless told to (containers often run as root).
LAB_ARGS ?=
lab: venv
	$(BIN)/jupyter lab --notebook-dir=notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# The teaching course as a static offline site (lessons executed, code hidden, no solutions):
# reports/course/index.html.
course: venv
	$(BIN)/juesuan teaching site --out reports/course --notebooks notebooks/teaching

clean:
	rm -rf $(VENV)
