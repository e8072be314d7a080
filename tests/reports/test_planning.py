"""Planning a build: the library hash every report's inputs include."""

import juesuan
from juesuan import reports

LIBRARY_HASH = reports.library_hash


def test_the_library_hash_covers_the_sources_and_the_version(tmp_path, monkeypatch):
    package = tmp_path / "juesuan"
    (package / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text("__version__ = '0'\n", encoding="utf-8")
    (package / "measures.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(juesuan, "__file__", str(package / "__init__.py"))
    first_hash = LIBRARY_HASH()
    (package / "__pycache__" / "measures.cpython-311.pyc").write_bytes(b"compiled")
    assert LIBRARY_HASH() == first_hash
    (package / "measures.py").write_text("A = 2\n", encoding="utf-8")
    changed = LIBRARY_HASH()
    assert changed != first_hash
    monkeypatch.setattr(juesuan, "__version__", "9.9.9")
    assert LIBRARY_HASH() not in (first_hash, changed)
