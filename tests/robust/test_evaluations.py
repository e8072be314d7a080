"""Issue 14, case 4: an evaluation is never dropped in silence. A project name of 88
characters made its 自评表 title 'too long for a title' and the whole evaluation vanished
(17 → 16); now titles are read up to TITLE_MAX and an announced table that no parser reads
is a warning with its line."""

from __future__ import annotations

import re

import polars as pl
import pytest

from juesuan.ingest.document import read_manifest
from juesuan.ingest.pipeline import ingest_document
from tests.conftest import RAW
from tests.robust.conftest import juesuan, raw_text, write_copy

X003 = "003_df651f07c846b8e4.txt"
SHORT = "2023年城乡居民养老代办员补助"
LONG = ("汾阳市2023年度城乡居民基本养老保险经办服务能力提升暨基层代办员队伍建设及业务培训与信息系统"
        "运行维护保障专项补助资金（含乡镇街道社区便民服务站点代办员劳务报酬及交通通讯补贴）")

_SELF = re.compile(r"^[^\t。；]*自评表\s*(?:[(（]\s*\d{4}\s*年度?\s*[)）])?\s*$")
_REPORT = re.compile(r"^[^\t。；，,《》]*评价报告\s*$")


def _announced(name: str) -> int:
    """Evaluations a text announces: its 自评表 titles and its 评价报告 titles."""
    lines = (RAW / name).read_text(encoding="utf-8").splitlines()
    return sum(bool(_SELF.match(t.strip()) or _REPORT.match(t.strip())) for t in lines)


@pytest.mark.parametrize("name", [n for n in read_manifest(RAW / "manifest.csv")
                                  if n.endswith(".txt")])
def test_every_announced_evaluation_of_a_real_document_is_found(name):
    result = ingest_document(RAW / name, read_manifest(RAW / "manifest.csv")[name])
    assert result.ok
    assert len(result.rows["perf_evaluations"]) == _announced(name)
    assert not [p for p in result.problems if "could not be read" in p.message]


def test_a_project_name_of_88_characters_keeps_its_evaluation(tmp_path):
    assert len(LONG) == 88
    lines = [t.replace(SHORT, LONG) for t in raw_text(X003)]
    path = write_copy(tmp_path / "raw", X003, lines)
    proc = juesuan("ingest", "--raw", str(path.parent), str(path), "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    evals = pl.read_parquet(tmp_path / "o" / "perf_evaluations.parquet")
    assert evals.height == 17
    assert LONG in evals["project_name"].to_list()


def test_an_announced_table_that_cannot_be_read_is_a_warning_with_its_line(tmp_path):
    lines = raw_text(X003)
    title = next(i for i, t in enumerate(lines) if t.startswith(SHORT + "项目支出绩效自评表"))
    end = next(i for i in range(title + 1, len(lines)) if "自评表" in lines[i])
    garbled = lines[:title + 1] + ["（表格无法识别）\n"] + lines[end:]
    path = write_copy(tmp_path / "raw", X003, garbled)
    proc = juesuan("ingest", "--raw", str(path.parent), str(path), "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    assert (f"{X003}:{title + 1}: [performance] self-evaluation table '{SHORT}项目支出绩效自评表' "
            "could not be read") in proc.stderr
    assert pl.read_parquet(tmp_path / "o" / "perf_evaluations.parquet").height == 16
