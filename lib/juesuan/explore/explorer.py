"""The Explorer: its widgets, what each change recomputes (`lines`, `data`) and the outputs
it redraws (`views`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as widgets
import polars as pl

from juesuan import catalog, charts, present, schema
from juesuan.explore.common import (
    ALL,
    EXPORT_VIEWS,
    LINE_MEASURES,
    NO_UNIT,
    SCORE_RANGE,
    SUMMED,
    UI,
    Tables,
)
from juesuan.explore.data import (
    SEARCH_COLUMNS,
    class_names,
    compare_lines,
    doc_options,
    evaluations,
    export,
    filter_evaluations,
    findings_for_lines,
    search,
    total_disagreement,
)
from juesuan.explore.lines import _LINE_COLS, children, line_tree
from juesuan.explore.views import (
    _Chart,
    _display_data,
    _message,
    _scroll,
    compare_chart,
    lines_chart,
)
from juesuan.present import label, value_label


def _options(values: Sequence[str], column: str) -> list[tuple[str, str]]:
    """“全部” and the coded values with their Chinese names."""
    return [(UI["all"], ALL)] + [(str(value_label(column, v)), v) for v in values]


class Explorer:
    """Controls, the data they select and its charts and tables.

    Attributes a caller (or a test) can read after any change: `line_data`, `line_chart`,
    `line_message`, `evaluation_data`, `evaluation_chart`, `evaluation_message`; the widgets
    are `doc_select`, `class_select`, `section_select`, `item_select`, `up_button`,
    `measure_select`, `all_docs`, `scope_select`, `template_select`, `score_range`,
    `unit_select`, `band_select`; the outputs `line_output`, `evaluation_output`.

    Beside them: `line_findings` (the audit findings on the lines in view) and `line_consistency`
    (a note when summed 类 disagree with the stated total); `source_select` (a source line of the
    view) → `source_text` in `source_output`; `compare_docs`, `compare_class` → `compare_data`,
    `compare_chart`, `compare_output`; `search_box` → `search_data`, `search_output`;
    `export_view`, `export_button` → `last_export` (the CSV written), `export_output`."""

    def __init__(self, tables: Tables | None = None, doc_id: str | None = None,
                 measure: str = "actual", export_dir: str | Path = "exports") -> None:
        self.tables = dict(tables) if tables is not None else catalog.load_all()
        docs = present.doc_labels(self.tables)
        if not docs:
            raise ValueError("the catalog has no documents; run `juesuan ingest` first")
        doc_id = doc_id or next(iter(docs))
        present.selected_docs(self.tables, [doc_id])  # a clear error for an unknown doc_id
        self._evaluations = evaluations(self.tables)
        self._quiet = False
        self.tree = pl.DataFrame()
        self.line_data = pl.DataFrame()
        self.line_chart: alt.TopLevelMixin | None = None
        self.line_message = ""
        self.evaluation_data = pl.DataFrame()
        self.evaluation_chart: alt.TopLevelMixin | None = None
        self.evaluation_message = ""
        self.line_findings = pl.DataFrame()
        self.line_consistency = ""
        self.source_text = ""
        self.compare_data = pl.DataFrame()
        self.compare_chart: alt.TopLevelMixin | None = None
        self.search_data = pl.DataFrame()
        self.last_export: Path | None = None
        self.export_dir = Path(export_dir)

        style = {"description_width": "4em"}
        wide = widgets.Layout(width="28em")
        self.doc_select = widgets.Dropdown(options=doc_options(self.tables),
                                           value=doc_id, description=UI["doc"], style=style,
                                           layout=widgets.Layout(width="36em"))
        self.class_select = widgets.Dropdown(description=UI["class"], style=style, layout=wide)
        self.section_select = widgets.Dropdown(description=UI["section"], style=style,
                                               layout=wide)
        self.item_select = widgets.Dropdown(description=UI["item"], style=style, layout=wide)
        self.up_button = widgets.Button(description=UI["up"], icon="arrow-up")
        self.measure_select = widgets.Dropdown(
            options=[(label(m, "budget_lines"), m) for m in LINE_MEASURES], value=measure,
            description=UI["measure"], style=style, layout=wide)
        self.all_docs = widgets.Checkbox(value=False, description=UI["all_docs"], indent=False,
                                         layout=widgets.Layout(width="8em"))
        self.scope_select = widgets.Dropdown(description=UI["scope"], style=style, layout=wide)
        self.template_select = widgets.Dropdown(description=UI["template"], style=style,
                                                layout=wide)
        self.unit_select = widgets.Dropdown(description=UI["unit"], style=style, layout=wide)
        self.band_select = widgets.Dropdown(
            options=[(UI["all"], ALL)] + [(zh, k) for k, zh in charts.EXECUTION_BANDS.items()],
            value=ALL, description=UI["band"], style=style, layout=wide)
        self.score_range = widgets.FloatRangeSlider(
            value=SCORE_RANGE, min=SCORE_RANGE[0], max=SCORE_RANGE[1], step=0.5,
            description=UI["score"], style=style, readout_format=".1f",
            layout=widgets.Layout(width="36em"))
        self.line_output = widgets.Output()
        self.evaluation_output = widgets.Output()
        self.source_select = widgets.Dropdown(options=[("—", None)], value=None,
                                              description=UI["source_pick"], style=style,
                                              layout=widgets.Layout(width="36em"))
        self.source_output = widgets.Output()
        all_docs = [d for _, d in doc_options(self.tables)]
        self.compare_docs = widgets.SelectMultiple(options=doc_options(self.tables),
                                                   value=tuple(all_docs),
                                                   description=UI["compare_docs"], style=style,
                                                   layout=widgets.Layout(width="36em"))
        self.compare_class = widgets.Dropdown(description=UI["class"], style=style, layout=wide)
        self.compare_output = widgets.Output()
        self.search_box = widgets.Text(description=UI["search_box"], style=style,
                                       continuous_update=False, layout=wide)
        self.search_output = widgets.Output()
        self.export_view = widgets.Dropdown(options=[(v, k) for k, v in EXPORT_VIEWS.items()],
                                            value="lines", description=UI["export_view"],
                                            style=style, layout=wide)
        self.export_button = widgets.Button(description=UI["export"], icon="download",
                                            layout=widgets.Layout(width="16em"))
        self.export_output = widgets.Output()
        self._bundle_output: widgets.Output | None = None
        self._box: widgets.VBox | None = None

        self.doc_select.observe(self._on_doc, "value")
        self.class_select.observe(self._on_class, "value")
        self.section_select.observe(self._on_section, "value")
        self.item_select.observe(self._on_item, "value")
        self.up_button.on_click(self._on_up)
        self.measure_select.observe(lambda _: (self._refresh_lines(), self._refresh_compare()),
                                    "value")
        self.all_docs.observe(self._on_eval_scope, "value")
        for w in (self.scope_select, self.template_select, self.unit_select, self.band_select,
                  self.score_range):
            w.observe(lambda _: self._refresh_evaluations(), "value")
        self.source_select.observe(lambda _: self._show_source(), "value")
        self.compare_docs.observe(self._on_compare_docs, "value")
        self.compare_class.observe(lambda _: self._refresh_compare(), "value")
        self.search_box.observe(lambda _: self._refresh_search(), "value")
        self.export_button.on_click(lambda _: self.export())
        self._on_doc()
        self._on_compare_docs()

    # -- selections ---------------------------------------------------------------------------

    @property
    def doc_id(self) -> str:
        return self.doc_select.value

    def _key(self, w: widgets.Dropdown) -> str | None:
        return None if w.value in (None, ALL) else w.value

    def _set(self, w: widgets.Dropdown, options: list[tuple[str, str]], keep: bool) -> None:
        """New options for a drop-down, keeping its value if still offered, else “all”."""
        old = w.value
        self._quiet = True
        try:
            w.options = options
            w.value = old if keep and old in [v for _, v in options] else ALL
        finally:
            self._quiet = False

    def _level_options(self, frame: pl.DataFrame, everything: str) -> list[tuple[str, str]]:
        return [(everything, ALL)] + list(zip(frame["line_label"].to_list(),
                                              frame["key"].to_list(), strict=True))

    def _on_doc(self, _: Any = None) -> None:
        self.tree = line_tree(self.tables["budget_lines"], self.doc_id)
        self._set(self.class_select, self._level_options(children(self.tree), UI["all_class"]),
                  keep=False)
        self._drill()
        self._on_eval_scope()

    def _on_class(self, _: Any = None) -> None:
        if not self._quiet:
            self._drill()

    def _on_section(self, _: Any = None) -> None:
        if not self._quiet:
            self._drill(from_level="section")

    def _on_item(self, _: Any = None) -> None:
        if not self._quiet:
            self._refresh_lines()

    def _drill(self, from_level: str = "class") -> None:
        """Offer the 款 of the chosen 类 and the 项 of the chosen 款, then redraw."""
        cls = self._key(self.class_select)
        if from_level == "class":
            sections = children(self.tree, cls) if cls else self.tree.clear()
            self._set(self.section_select, self._level_options(sections, UI["all_section"]),
                      keep=False)
        sec = self._key(self.section_select)
        items = children(self.tree, cls, sec) if sec else self.tree.clear()
        self._set(self.item_select, self._level_options(items, UI["all_item"]), keep=False)
        self.section_select.disabled = cls is None
        self.item_select.disabled = sec is None
        self._refresh_lines()

    def _on_up(self, _: Any = None) -> None:
        """One level up: clear the deepest selection."""
        for w in (self.item_select, self.section_select, self.class_select):
            if self._key(w) is not None:
                w.value = ALL
                return

    # -- the line view --------------------------------------------------------------------------

    def _selected_line(self) -> pl.DataFrame:
        for w in (self.item_select, self.section_select, self.class_select):
            key = self._key(w)
            if key is not None:
                return self.tree.filter(pl.col("key") == key)
        return self.tree.clear()

    def _refresh_lines(self) -> None:
        if self._quiet:
            return
        cls, sec = self._key(self.class_select), self._key(self.section_select)
        item = self._key(self.item_select)
        if item:
            data = self.tree.filter(pl.col("key") == item)
        else:
            data = children(self.tree, cls, sec)
        self.line_data = data
        measure = self.measure_select.value
        doc = present.doc_labels(self.tables)[self.doc_id]
        selected = self._selected_line()
        path = [doc] + ([self._summary(selected.row(0, named=True))] if selected.height else [])
        title = f"{label(measure, 'budget_lines')}（按支出功能分类科目）"
        self.line_chart = lines_chart(data, measure, title, path)
        if data.height == 0:
            self.line_message = "本文档未列示一般公共预算财政拨款支出的功能分类科目。"
        elif self.line_chart is None:
            self.line_message = (f"所选科目均未列示“{label(measure, 'budget_lines')}”："
                                 "请下钻到下一级，或改选其他指标。")
        else:
            self.line_message = ""
        self.line_consistency = total_disagreement(self.tables, self.doc_id, data)
        self.line_findings = findings_for_lines(self.tables, self.doc_id, data, self.tree)
        self._render(self.line_output, self._line_outputs())
        self._offer_sources(data)

    def _summary(self, r: Mapping[str, Any]) -> str:
        """The selected line in one sentence: its budget, final amount and completion."""
        parts = [f"{r['line_label']}（{value_label('level', r['level'])}）"]
        for col in ("budget_initial", "actual"):
            text = f"{label(col, 'budget_lines')}{present.amount(r[col])}"
            if r[f"{col}_basis"] == "sum":
                text += f"（{SUMMED}）"
            parts.append(text)
        if r["completion_rate"] is not None:
            parts.append(f"完成年初预算{present.fmt(r['completion_rate'], schema.PERCENT)}")
        return "，".join(parts)

    def _line_outputs(self) -> list[Any]:
        out: list[Any] = []
        if self.line_message:
            out.append(_message(self.line_message))
        if self.line_chart is not None:
            out.append(_Chart(self.line_chart))
        if self.line_data.height:
            cols = ["func_code", "line_name", "level", "budget_initial", "actual",
                    "completion_rate", "completion_stated", "gap_wanyuan", "note", "src_line",
                    "budget_initial_src_line", "actual_src_line"]
            out.append(_scroll(present.table(self.line_data, columns=cols, table="budget_lines",
                                             labels={"note": UI["note"]})))
        if self.line_consistency:
            out.append(_message(self.line_consistency))
        if self.line_findings.height:
            out.append(present.HTML(f"<h4>{html.escape(UI['findings'])}</h4>", UI["findings"]))
            out.append(_scroll(present.table(
                self.line_findings, columns=["rule_id", "severity", "message_zh", "src_lines"],
                table="findings")))
        return out

    # -- source lines ---------------------------------------------------------------------------

    def _offer_sources(self, data: pl.DataFrame) -> None:
        """The source lines of the view (each line's own and its figures'), to open as text."""
        opts: list[tuple[str, int | None]] = [("—", None)]
        seen: set[int] = set()
        for r in data.iter_rows(named=True):
            for col in _LINE_COLS:
                line = r.get(col)
                if line is not None and line not in seen:
                    seen.add(line)
                    what = label(col, "budget_lines") if col != "src_line" else "科目"
                    opts.append((f"第{line}行　{r['line_name']}（{what}）", int(line)))
        for r in self.line_findings.iter_rows(named=True) if self.line_findings.height else ():
            line = r["src_line"]
            if line is not None and line not in seen:
                seen.add(line)
                opts.append((f"第{line}行　审核发现 {r['rule_id']}", int(line)))
        self._quiet = True
        try:
            self.source_select.options = opts
            self.source_select.value = None
        finally:
            self._quiet = False
        self.source_text = ""
        self._render(self.source_output, [])

    def _show_source(self) -> None:
        if self._quiet:
            return
        line = self.source_select.value
        if line is None:
            self.source_text = ""
            self._render(self.source_output, [])
            return
        from juesuan.teaching import reading

        try:
            n = len(reading.source_lines(self.tables, self.doc_id))
            self.source_text = reading.quote(self.tables, self.doc_id,
                                             range(max(1, line - 1), min(n, line + 3) + 1))
        except (OSError, ValueError) as err:  # a synthetic corpus without its texts
            self.source_text = f"原文不可用（source text not available）：{err}"
        self._render(self.source_output, [present.HTML(
            f"<pre style='white-space:pre-wrap'>{html.escape(self.source_text)}</pre>",
            self.source_text)])

    # -- across documents -----------------------------------------------------------------------

    def _on_compare_docs(self, _: Any = None) -> None:
        names = class_names(self.tables, list(self.compare_docs.value))
        self._set(self.compare_class, [(UI["all_class"], ALL)] + [(n, n) for n in names],
                  keep=True)
        self._refresh_compare()

    def _refresh_compare(self) -> None:
        if self._quiet:
            return
        docs = list(self.compare_docs.value)
        cls = self._key(self.compare_class)
        self.compare_data = compare_lines(self.tables, docs, cls)
        self.compare_chart = compare_chart(self.compare_data, self.measure_select.value)
        out: list[Any] = []
        if self.compare_data.height == 0:
            out.append(_message("所选文档都没有这一类的一般公共预算财政拨款支出。"))
        if self.compare_chart is not None:
            out.append(_Chart(self.compare_chart))
        if self.compare_data.height:
            out.append(_scroll(present.table(
                self.compare_data, columns=["doc_label", "line_name", "budget_initial", "actual",
                                            "completion_rate", "gap_wanyuan", "note"],
                table="budget_lines", labels={"doc_label": UI["doc"], "note": UI["note"]})))
        self._render(self.compare_output, out)

    # -- search ---------------------------------------------------------------------------------

    def _refresh_search(self) -> None:
        text = self.search_box.value
        docs = self._eval_docs()
        self.search_data = search(self.tables, text, docs)
        out: list[Any] = []
        if text.strip():
            where = "本文档" if docs else "全部文档"
            out.append(_message(f"{where}中含“{text.strip()}”的有{self.search_data.height}条。"))
            if self.search_data.height:
                out.append(_scroll(present.table(
                    self.search_data, columns=list(SEARCH_COLUMNS),
                    labels={"kind": "类别", "subject": "评价/规则", "text": "内容",
                            "doc_id": UI["doc"], "src_line": label("src_line")})))
        self._render(self.search_output, out)

    # -- export ---------------------------------------------------------------------------------

    def export(self, view: str | None = None, path: str | Path | None = None) -> Path:
        """Write the current selection of a view (default: `export_view`'s) to CSV, UTF-8 with
        a BOM; returns the file."""
        view = view or self.export_view.value
        data = {"lines": self.line_data, "compare": self.compare_data,
                "evaluations": self.evaluation_data, "search": self.search_data}[view]
        name = f"juesuan_{view}_{self.doc_id if view != 'compare' else 'documents'}.csv"
        target = export(data, Path(path) if path else self.export_dir / name)
        self.last_export = target
        self._render(self.export_output, [_message(f"已导出 {data.height} 行：{target}")])
        return target

    # -- the evaluation view --------------------------------------------------------------------

    def _eval_docs(self) -> list[str] | None:
        return None if self.all_docs.value else [self.doc_id]

    def _on_eval_scope(self, _: Any = None) -> None:
        """Offer the kinds, templates and units of the evaluations in view, then redraw."""
        ev = filter_evaluations(self._evaluations, self._eval_docs())
        scopes = [s for s in schema.PERF_SCOPES if s in ev["scope"].to_list()]
        templates = [t for t in schema.PERF_TEMPLATES if t in ev["template"].to_list()]
        units = ev["unit_key"].unique(maintain_order=True).to_list()
        unit_opts = [(UI["all"], ALL)] + [(UI["no_unit"] if u == NO_UNIT else u, u)
                                          for u in sorted(units, key=lambda u: (u == NO_UNIT, u))]
        self._set(self.scope_select, _options(scopes, "scope"), keep=True)
        self._set(self.template_select, _options(templates, "template"), keep=True)
        self._set(self.unit_select, unit_opts, keep=True)
        self._refresh_evaluations()
        if hasattr(self, "search_box"):
            self._refresh_search()

    def _refresh_evaluations(self) -> None:
        if self._quiet:
            return
        docs = self._eval_docs()
        ev = filter_evaluations(self._evaluations, docs, self.scope_select.value,
                                self.template_select.value, tuple(self.score_range.value),
                                self.unit_select.value, self.band_select.value)
        self.evaluation_data = ev
        kept = self.tables["perf_evaluations"].filter(pl.col("eval_id").is_in(ev["eval_id"]
                                                                              .implode()))
        sub = {**self.tables, "perf_evaluations": kept}
        if docs:
            self.evaluation_chart = charts.score_vs_execution(sub, doc_id=docs[0])
        else:
            self.evaluation_chart = charts.score_vs_execution(sub)
        if ev.height == 0:
            self.evaluation_message = "没有符合筛选条件的绩效评价：请放宽筛选条件。"
        elif self.evaluation_chart is None:
            self.evaluation_message = (f"符合条件的{ev.height}个评价都未列示执行率或总得分，"
                                       "无法画出得分与执行率的关系；见下表。")
        else:
            self.evaluation_message = ""
        out: list[Any] = []
        if self.evaluation_message:
            out.append(_message(self.evaluation_message))
        if self.evaluation_chart is not None:
            out.append(_Chart(self.evaluation_chart))
        if ev.height:
            out.append(_scroll(present.evaluations_table(sub, docs[0] if docs else None)))
        self._render(self.evaluation_output, out)

    # -- display --------------------------------------------------------------------------------

    @staticmethod
    def _render(output: widgets.Output, objs: Sequence[Any]) -> None:
        """Replace an output's content in one update (works with or without a kernel)."""
        output.outputs = tuple(_display_data(o) for o in objs)

    def show(self) -> widgets.VBox:
        """The controls above their charts and tables, ready to display."""
        if self._box is None:
            self._bundle_output = widgets.Output(layout=widgets.Layout(height="0px"))
            script = ('<script type="text/javascript">if (!window.vegaEmbed) {(function () {'
                      + charts.javascript_bundle() + "})();}</script>")
            self._render(self._bundle_output, [present.HTML(script, "")])
            head = "<h3 style='margin:0.6em 0 0.2em'>{}</h3>"
            self._box = widgets.VBox([
                self._bundle_output,
                widgets.HTML(head.format(UI["lines"])),
                self.doc_select,
                widgets.HBox([self.class_select, self.up_button]),
                widgets.HBox([self.section_select, self.item_select]),
                self.measure_select,
                self.line_output,
                widgets.HTML(head.format(UI["evaluations"])),
                widgets.HBox([self.all_docs, self.scope_select, self.template_select]),
                widgets.HBox([self.unit_select, self.band_select]),
                self.score_range,
                self.evaluation_output,
                widgets.HTML(head.format(UI["source"])),
                self.source_select,
                self.source_output,
                widgets.HTML(head.format(UI["compare"])),
                widgets.HBox([self.compare_docs, self.compare_class]),
                self.compare_output,
                widgets.HTML(head.format(UI["search"])),
                self.search_box,
                self.search_output,
                widgets.HBox([self.export_view, self.export_button]),
                self.export_output,
            ])
        return self._box
