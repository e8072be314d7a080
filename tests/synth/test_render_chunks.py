"""`synth.render` renders the units in chunks (bounded memory at 100,000 units): the texts
must be those of one pass over the whole model."""

from __future__ import annotations

from juesuan import synth
from juesuan.synth import render


def _texts(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_chunked_rendering_writes_the_same_texts(tmp_path, monkeypatch):
    whole = synth.write_texts(9, 3, tmp_path / "whole")
    monkeypatch.setattr(render, "RENDER_CHUNK", 4)  # 4 + 4 + 1 units
    chunked = synth.write_texts(9, 3, tmp_path / "chunked")
    assert [p.name for p in chunked] == [p.name for p in whole]
    assert _texts(tmp_path / "chunked") == _texts(tmp_path / "whole")
    assert len(_texts(tmp_path / "whole")) == 10  # 9 texts and the manifest
