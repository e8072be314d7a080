"""The course as a static, offline website: every lesson executed, rendered with its code hidden
(the same self-contained page the reports use: `reports.render_html`, charts with their
JavaScript inlined) and an index page listing the lessons with their goals, time and
difficulty. The solutions are never part of it. `make course` / `juesuan teaching site`.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from juesuan import charts, fonts, reports

INDEX = "index.html"


@dataclass(frozen=True)
class _Page:
    """What `reports.render_html` reads of a report: its title and where it is written."""

    title: str
    output: str


def lessons(notebooks: Path) -> list[Path]:
    """The lesson notebooks, in order (NN_name.ipynb; solutions/ excluded)."""
    return sorted(p for p in notebooks.glob("[0-9][0-9]_*.ipynb"))


def _title(nb: dict) -> str:
    first = "".join(nb["cells"][0]["source"]).splitlines()[0]
    return first.lstrip("# ").strip()


def _summary(nb: dict) -> dict[str, str]:
    """Goals, time, prerequisites and difficulty from the lesson's opening table."""
    head = "".join(nb["cells"][0]["source"])
    rows = [r for r in head.splitlines() if r.startswith("|") and "---" not in r]
    if len(rows) < 2:
        return {}
    keys = [c.strip() for c in rows[0].strip("|").split("|")]
    values = [c.strip() for c in rows[1].strip("|").split("|")]
    return dict(zip(keys, values, strict=False))


def _execute(src: Path, out: Path, bundle: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(src, as_version=4)
    env = {**os.environ, charts.BUNDLE_ENV: str(bundle)}
    env.pop("JUESUAN_TEACHER_KEY", None)  # a student's view: no answers in the site
    NotebookClient(nb, timeout=600, kernel_name=reports.KERNEL_NAME,
                   resources={"metadata": {"path": str(src.parent.resolve())}}).execute(env=env)
    nbformat.write(nb, out)


def build(out: Path, notebooks: Path) -> Path:
    """Execute and render every lesson into `out` with an index; returns the index's path.
    Refuses a page that would fetch anything from the network."""
    out.mkdir(parents=True, exist_ok=True)
    bundle = reports.vega_bundle(out)
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        for src in lessons(notebooks):
            raw = json.loads(src.read_text("utf-8"))
            title, name = _title(raw), src.stem + ".html"
            executed = Path(tmp) / src.name
            _execute(src, executed, bundle)
            page = reports.render_html(executed, _Page(title, name), False, src.parent)
            page = page.replace(reports.INDEX_FILE, INDEX)  # the course's own index
            remote = reports.remote_references(page)
            if remote:
                raise ValueError(f"{src.name}: not self-contained: {', '.join(remote[:3])}")
            (out / name).write_text(page, "utf-8")
            entries.append((name, title, _summary(raw)))
    (out / INDEX).write_text(_index(entries), "utf-8")
    return out / INDEX


def _index(entries: list[tuple[str, str, dict[str, str]]]) -> str:
    rows = []
    for href, title, s in entries:
        goals = re.sub(r"\*\*|`", "", s.get("学习目标（learning goals）", ""))
        rows.append(
            f'<tr><td><a href="{html.escape(href)}">{html.escape(title)}</a></td>'
            f"<td>{html.escape(goals)}</td><td>{html.escape(s.get('时间', ''))}</td>"
            f"<td>{html.escape(s.get('先修（prerequisites）', ''))}</td>"
            f"<td>{html.escape(s.get('难度', ''))}</td></tr>")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>读懂部门决算：课程（juesuan course）</title>
<style>
body {{ font-family: {fonts.css_font_family()}; margin: 2em auto; max-width: 1100px; padding: 0 1em;
       color: #222; line-height: 1.6; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.5em 0.6em; text-align: left;
         vertical-align: top; }}
th {{ background: #f5f5f5; white-space: nowrap; }}
</style>
</head>
<body>
<h1>读懂部门决算（Reading departmental final accounts）</h1>
<p>用四份真实的决算公开文档学读决算：结构、预算执行、绩效评价、核对与审核，最后是一份开放的综合作业。
每课的代码已隐藏；要做练习，请在 JupyterLab 中打开 <code>notebooks/teaching/</code> 下的同名笔记本。</p>
<p lang="en">A short course on reading Chinese government final-accounts disclosures, built from four
real documents. Code is hidden here; to do the exercises open the notebooks in JupyterLab.</p>
<table id="lessons">
<thead><tr><th>课</th><th>学习目标</th><th>时间</th><th>先修</th><th>难度</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""
