"""`ingest_documents`: a process pool gives the serial run's results, in the files' order."""

from juesuan.ingest.document import read_manifest
from juesuan.ingest.pipeline import ingest_documents
from tests.conftest import RAW


def test_ingest_documents_keeps_the_order_of_the_files(tmp_path):
    manifest = read_manifest(RAW / "manifest.csv")
    paths = [RAW / name for name in reversed(list(manifest)) if name.endswith(".txt")]
    serial = ingest_documents(paths, manifest, 1)
    pooled = ingest_documents(paths, manifest, 2)
    assert [r.doc_id for r in pooled] == [r.doc_id for r in serial] == [
        "xianyang-hrss-2023", "fenyang-social-insurance-2024", "quxian-rural-pension-2023",
        "qianyang-hrss-2024"]
    assert [r.rows for r in pooled] == [r.rows for r in serial]
