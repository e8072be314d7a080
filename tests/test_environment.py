"""The three dependency manifests (pyproject.toml, environment.yml, requirements.lock) agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
IGNORED_CONDA = {"python", "pip"}


def norm(name: str) -> str:
    """Normalise a distribution name: lowercase, runs of '_', '.', '-' become '-'."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _split(spec: str, sep: str) -> tuple[str, str | None]:
    name, found, version = spec.partition(sep)
    return norm(name), (version.strip() if found else None)


def pyproject_deps(root: Path = ROOT) -> dict[str, str]:
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    deps: dict[str, str] = {}
    for spec in data["project"]["dependencies"]:
        m = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s,;=<>!~]+)\s*", spec)
        assert m, f"pyproject dependency not pinned with a single '==': {spec!r}"
        name = norm(m.group(1))
        assert name not in deps, f"duplicate pyproject dependency: {name}"
        deps[name] = m.group(2)
    return deps


def environment_deps(root: Path = ROOT) -> dict[str, str]:
    data = yaml.safe_load((root / "environment.yml").read_text(encoding="utf-8"))
    assert data["name"] == "juesuan"
    assert "conda-forge" in data["channels"]
    deps: dict[str, str] = {}

    def add(name: str, version: str | None, spec: str) -> None:
        assert version, f"environment.yml entry without a version: {spec!r}"
        assert name not in deps, f"duplicate environment.yml dependency: {name}"
        deps[name] = version

    for entry in data["dependencies"]:
        if isinstance(entry, dict):
            assert set(entry) == {"pip"}, f"unexpected mapping in dependencies: {entry!r}"
            for spec in entry["pip"]:
                if spec.strip() == "-e .":
                    continue
                name, version = _split(spec, "==")
                add(name, version, spec)
            continue
        spec = str(entry)
        name, version = _split(spec, "=")
        if name in IGNORED_CONDA:
            continue
        # conda's exact match is '=='; '=' is accepted as well (strip a leading '=').
        add(name, version.lstrip("=") if version else version, spec)
    return deps


def lock_pins(root: Path = ROOT) -> dict[str, str]:
    pins: dict[str, str] = {}
    for raw in (root / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        assert not line.startswith("-e"), f"editable entry in requirements.lock: {raw!r}"
        name, version = _split(line, "==")
        assert version, f"requirements.lock entry not pinned with '==': {raw!r}"
        pins[name] = version
    return pins


def test_pyproject_pins_everything_with_double_equals():
    deps = pyproject_deps()
    assert deps, "no dependencies in pyproject.toml"


def test_environment_yml_matches_pyproject():
    py = pyproject_deps()
    env = environment_deps()
    assert set(env) == set(py), (
        f"only in pyproject: {sorted(set(py) - set(env))}; "
        f"only in environment.yml: {sorted(set(env) - set(py))}"
    )
    mismatched = {n: (py[n], env[n]) for n in py if py[n] != env[n]}
    assert not mismatched, f"version differs (pyproject, environment.yml): {mismatched}"


def test_environment_yml_installs_the_project_itself():
    data = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_lists = [e["pip"] for e in data["dependencies"] if isinstance(e, dict)]
    assert any("-e ." in [s.strip() for s in lst] for lst in pip_lists)
    assert any(str(e).startswith("python=3.11") for e in data["dependencies"])


def test_requirements_lock_pins_direct_dependencies_identically():
    py = pyproject_deps()
    lock = lock_pins()
    assert "juesuan" not in lock, "requirements.lock must not contain the project itself"
    missing = sorted(set(py) - set(lock))
    assert not missing, f"direct dependencies missing from requirements.lock: {missing}"
    mismatched = {n: (py[n], lock[n]) for n in py if py[n] != lock[n]}
    assert not mismatched, f"version differs (pyproject, requirements.lock): {mismatched}"
