"""The capstone's workflow as its notebook tells a student: a county's text and a manifest in a
folder of one's own, `juesuan ingest --raw DIR --out DIR/curated`, `juesuan check --curated …`,
then the capstone notebook pointed at that folder — run end to end on 千阳's text."""

from __future__ import annotations

import csv
import json
import shutil

import nbformat
import polars as pl
from nbclient import NotebookClient

from juesuan import catalog, cli
from tests.conftest import ROOT

QY = "qianyang-hrss-2024"


def test_capstone_on_a_folder_of_ones_own(tmp_path):
    raw = ROOT / "data" / "raw"
    with (raw / "manifest.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["doc_id"] == QY]
    mine = tmp_path / "my_county"
    mine.mkdir()
    shutil.copy(raw / rows[0]["source_file"], mine / rows[0]["source_file"])
    with (mine / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    curated = mine / "curated"
    assert cli.main(["ingest", "--raw", str(mine), "--out", str(curated)]) == 0
    assert cli.main(["check", "--curated", str(curated)]) == 0
    ours = catalog.load("findings", curated)
    corpus = catalog.load("findings").filter(pl.col("doc_id") == QY)
    assert ours.height == corpus.height > 0  # the same audit as in the course's corpus

    nb = nbformat.read(ROOT / "notebooks" / "teaching" / "05_capstone.ipynb", as_version=4)
    setup = nb.cells[1]
    assert "CURATED = None" in setup.source
    setup.source = setup.source.replace("CURATED = None", f"CURATED = {json.dumps(str(curated))}")
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert "确定" in printed or "error" in printed
