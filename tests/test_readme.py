"""The README's commands exist and do what it says (the Makefile's dry run, `make -n`, shows
what a target runs without running it), and it shows the dataset's current row counts."""

import re
import shutil
import subprocess

import pytest

from juesuan import catalog
from tests.conftest import CURATED

ROOT = CURATED.parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(target: str) -> list[str]:
    """The commands `make <target>` would run, one per line (nothing is run)."""
    out = subprocess.run(["make", "-n", "-C", str(ROOT), target], capture_output=True,
                         text=True, check=True, timeout=60)
    return out.stdout.splitlines()


def test_readme_shows_the_two_commands():
    assert "make reports" in README and "make test" in README


@needs_make
def test_every_make_target_the_readme_names_exists():
    named = set(re.findall(r"\bmake ([a-z]+)\b", README))
    assert {"reports", "test", "lint", "lab", "bench", "clean"} <= named
    for target in sorted(named):
        assert dry_run(target), target  # an unknown target makes `make -n` fail (check=True)


def _position(lines: list[str], pattern: str) -> int:
    hits = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    assert hits, f"no command matching {pattern!r} in {lines}"
    return hits[0]


@needs_make
def test_make_reports_runs_ingest_then_check_then_build():
    lines = dry_run("reports")
    steps = [_position(lines, rf"bin/juesuan {step}\b") for step in ("ingest", "check", "build")]
    assert steps == sorted(steps)


@needs_make
def test_make_test_runs_the_suite_then_the_notebooks():
    lines = dry_run("test")
    assert _position(lines, r"-m pytest$") < _position(lines, r"-m pytest --nbval-lax .*notebooks/")


@needs_make
def test_the_other_targets_do_what_the_readme_says():
    _position(dry_run("lint"), r"bin/ruff check lib tests benchmarks")
    _position(dry_run("lab"), r"bin/jupyter lab --notebook-dir=notebooks")
    _position(dry_run("bench"), r"-m benchmarks")
    _position(dry_run("clean"), r"rm -rf \.venv")


def test_readme_row_counts_are_current():
    start, end = "<!-- row-counts:start -->\n", "<!-- row-counts:end -->"
    shown = README.split(start, 1)[1].split(end, 1)[0]
    assert shown == catalog.row_counts_markdown(), "run `juesuan summary` and paste it"
