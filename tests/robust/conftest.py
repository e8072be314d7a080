"""Helpers for issue 14's cases: copies of the real documents, cut or spliced, in tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import RAW

ROOT = Path(__file__).resolve().parents[2]
X004 = "004_0c64700254d9a193.txt"


def raw_text(name: str) -> list[str]:
    """A real document's lines (with their line ends), never modified in data/raw."""
    lines = (RAW / name).read_text(encoding="utf-8").splitlines(keepends=True)
    return [t if t.endswith("\n") else t + "\n" for t in lines]  # (the last line has none)


def write_copy(folder: Path, name: str, lines: list[str], manifest: bool = True) -> Path:
    """The lines as `name` in folder, beside a copy of the real manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    if manifest:
        (folder / "manifest.csv").write_bytes((RAW / "manifest.csv").read_bytes())
    path = folder / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def juesuan(*args: str, env: dict | None = None, timeout: float = 300,
            **kw) -> subprocess.CompletedProcess:
    """`juesuan ARGS` as a user runs it, with this worktree's library first."""
    full = {**os.environ, "PYTHONPATH": str(ROOT / "lib"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "juesuan.cli", *args], capture_output=True,
                          text=True, env=full, timeout=timeout, check=False, **kw)
