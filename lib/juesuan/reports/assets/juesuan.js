/* juesuan reports: table of contents, source quotes, sorting, filtering, CSV and XLSX from
   the page itself. No network: everything is in the page. */
(function () {
  "use strict";
  var J = window.juesuan = window.juesuan || {};

  function text(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }

  /* --- table of contents ------------------------------------------------------------------ */
  function toc() {
    var heads = document.querySelectorAll("h2");
    if (heads.length < 3 || document.querySelector("nav.juesuan-toc")) return;
    var nav = document.createElement("nav");
    nav.className = "juesuan-toc";
    nav.innerHTML = "<strong>目录</strong>";
    var ol = document.createElement("ol");
    heads.forEach(function (h, i) {
      if (!h.id) h.id = "sec-" + i;
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "#" + encodeURIComponent(h.id);
      a.textContent = text(h).replace(/¶$/, "");
      li.appendChild(a); ol.appendChild(li);
    });
    nav.appendChild(ol);
    var title = document.querySelector("h1.juesuan-title") || document.querySelector("h1");
    var anchor = title ? (title.closest(".jp-Cell") || title) : null;
    if (title && title.parentNode) title.parentNode.insertBefore(nav, title.nextSibling);
    else document.body.insertBefore(nav, document.body.firstChild);
    return anchor;
  }

  /* --- source quotes ---------------------------------------------------------------------- */
  J.quote = function (n) {
    var src = document.getElementById("juesuan-source");
    if (!src) return null;
    var line = document.getElementById("L" + n);
    if (!line) return null;
    var box = document.getElementById("juesuan-quote");
    if (!box) {
      box = document.createElement("div");
      box.id = "juesuan-quote";
      box.setAttribute("role", "dialog");
      document.body.appendChild(box);
    }
    var page = line.getAttribute("data-page");
    var html = '<button class="close" title="关闭">×</button><div class="head">原文' +
      (page ? "第" + page + "页" : "") + "第" + n + '行 <a href="#L' + n + '" class="open">在原文中查看</a></div>';
    box.innerHTML = html;
    for (var k = n - 3; k <= n + 3; k++) {
      var l = document.getElementById("L" + k);
      if (!l) continue;
      var q = document.createElement("div");
      q.className = "q srcline" + (k === n ? " hl" : "");
      q.setAttribute("data-line", k);
      q.innerHTML = '<span class="ln"></span><span class="tx"></span>';
      q.firstChild.textContent = k;
      q.lastChild.textContent = l.querySelector(".tx").textContent;
      box.appendChild(q);
    }
    box.style.display = "block";
    box.querySelector(".close").onclick = function () { box.style.display = "none"; };
    box.querySelector("a.open").onclick = function (e) {
      e.preventDefault(); src.open = true;
      document.querySelectorAll(".srcline.hl").forEach(function (x) { if (!x.classList.contains("q")) x.classList.remove("hl"); });
      line.classList.add("hl"); line.scrollIntoView({block: "center"});
    };
    return box;
  };

  function sourceLinks() {
    var has = !!document.getElementById("juesuan-source");
    document.querySelectorAll("a.jsrc").forEach(function (a) {
      if (!has) { var s = document.createElement("span"); s.textContent = a.textContent; a.replaceWith(s); return; }
      a.addEventListener("click", function (e) {
        e.preventDefault();
        J.quote(parseInt(a.getAttribute("data-line"), 10));
      });
    });
  }

  /* --- tables: values, sorting, filtering --------------------------------------------------- */
  function cellValue(td) {
    var v = td.getAttribute("data-v");
    if (v !== null && v !== "" && !isNaN(+v)) return +v;
    return text(td);
  }
  J.rows = function (table, visibleOnly) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), text);
    var out = [heads];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      if (visibleOnly && tr.style.display === "none") return;
      out.push(Array.prototype.map.call(tr.children, function (td) {
        return td.title === "未列示" ? "" : cellValue(td);
      }));
    });
    return out;
  };

  function sortBy(table, col, th) {
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    table.querySelectorAll("thead th").forEach(function (x) { x.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a.children[col]), y = cellValue(b.children[col]);
      var ex = x === "" || x === "—", ey = y === "" || y === "—";
      if (ex || ey) return ex === ey ? 0 : (ex ? 1 : -1);  /* not stated: always last */
      if (typeof x === "number" && typeof y === "number") return dir * (x - y);
      return dir * String(x).localeCompare(String(y), "zh-CN");
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function filterRows(table, needle, facetCol, facet, counter) {
    var shown = 0, all = table.tBodies[0].rows;
    Array.prototype.forEach.call(all, function (tr) {
      var ok = (!needle || text(tr).indexOf(needle) >= 0) &&
        (facetCol < 0 || !facet || text(tr.children[facetCol]) === facet);
      tr.style.display = ok ? "" : "none";
      if (ok) shown++;
    });
    counter.textContent = shown + " / " + all.length + " 行";
  }

  /* --- CSV and XLSX ------------------------------------------------------------------------- */
  function csvCell(v) {
    var s = String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  J.csv = function (table) {
    return "\ufeff" + J.rows(table, true).map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  };

  var CRC = (function () {
    var t = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  function crc32(b) {
    var c = 0xFFFFFFFF;
    for (var i = 0; i < b.length; i++) c = CRC[(c ^ b[i]) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  }
  function zip(files) {  /* [[name, Uint8Array]] -> Uint8Array, stored (no compression) */
    var enc = new TextEncoder(), parts = [], central = [], offset = 0;
    function u16(v) { return [v & 255, (v >>> 8) & 255]; }
    function u32(v) { return [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255]; }
    files.forEach(function (f) {
      var name = enc.encode(f[0]), data = f[1], crc = crc32(data);
      var head = [].concat([0x50, 0x4b, 3, 4], u16(20), u16(0x800), u16(0), u16(0), u16(0x21),
        u32(crc), u32(data.length), u32(data.length), u16(name.length), u16(0));
      parts.push(new Uint8Array(head), name, data);
      central.push([[].concat([0x50, 0x4b, 1, 2], u16(20), u16(20), u16(0x800), u16(0), u16(0), u16(0x21),
        u32(crc), u32(data.length), u32(data.length), u16(name.length), u16(0), u16(0), u16(0), u16(0),
        u32(0), u32(offset)), name]);
      offset += head.length + name.length + data.length;
    });
    var size = 0;
    central.forEach(function (c) {
      parts.push(new Uint8Array(c[0]), c[1]); size += c[0].length + c[1].length;
    });
    parts.push(new Uint8Array([].concat([0x50, 0x4b, 5, 6], u16(0), u16(0), u16(files.length),
      u16(files.length), u32(size), u32(offset), u16(0))));
    var total = parts.reduce(function (s, p) { return s + p.length; }, 0), out = new Uint8Array(total), pos = 0;
    parts.forEach(function (p) { out.set(p, pos); pos += p.length; });
    return out;
  }
  function esc(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"); }
  function colName(i) { var s = ""; i++; while (i > 0) { var m = (i - 1) % 26; s = String.fromCharCode(65 + m) + s; i = Math.floor((i - 1) / 26); } return s; }
  J.xlsx = function (table) {
    var rows = J.rows(table, true), enc = new TextEncoder();
    // the header row frozen, and each column as wide as its longest value (CJK counted twice)
    var widths = [];
    rows.forEach(function (r) {
      r.forEach(function (v, j) {
        var w = 0;
        String(v).split("").forEach(function (ch) { w += ch.charCodeAt(0) > 0x2e7f ? 2 : 1; });
        widths[j] = Math.max(widths[j] || 0, w);
      });
    });
    var cols = widths.map(function (w, j) {
      return '<col min="' + (j + 1) + '" max="' + (j + 1) + '" width="' + Math.min(60, Math.max(8, w + 2)) + '" customWidth="1"/>';
    }).join("");
    var sheet = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
      (cols ? "<cols>" + cols + "</cols>" : "") + "<sheetData>";
    rows.forEach(function (r, i) {
      sheet += '<row r="' + (i + 1) + '">';
      r.forEach(function (v, j) {
        var ref = colName(j) + (i + 1);
        if (typeof v === "number") sheet += '<c r="' + ref + '"><v>' + v + "</v></c>";
        else if (v !== "") sheet += '<c r="' + ref + '" t="inlineStr"><is><t>' + esc(v) + "</t></is></c>";
      });
      sheet += "</row>";
    });
    sheet += "</sheetData></worksheet>";
    var x = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
    return zip([
      ["[Content_Types].xml", enc.encode(x + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')],
      ["_rels/.rels", enc.encode(x + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')],
      ["xl/workbook.xml", enc.encode(x + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>')],
      ["xl/_rels/workbook.xml.rels", enc.encode(x + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')],
      ["xl/worksheets/sheet1.xml", enc.encode(sheet)]
    ]);
  };
  function download(name, data, type) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([data], {type: type}));
    a.download = name;
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function baseName(table, i) {
    var t = table.getAttribute("data-title") || (table.caption ? text(table.caption) : "") || ("表" + (i + 1));
    return (document.title + "-" + t).replace(/[\\/:*?"<>|\s]+/g, "_");
  }

  function tools(table, i) {
    if (table.getAttribute("data-tools") === "done") return;
    table.setAttribute("data-tools", "done");
    var bar = document.createElement("div");
    bar.className = "jt-tools";
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      th.classList.add("sortable");
      th.title = "点击按此列排序";
      th.addEventListener("click", function () { sortBy(table, col, th); });
    });
    var n = table.tBodies[0] ? table.tBodies[0].rows.length : 0;
    var counter = document.createElement("span");
    counter.className = "count";
    counter.textContent = n + " 行";
    var facetCol = -1;
    heads.forEach(function (th, col) { if (th.hasAttribute("data-facet") && facetCol < 0) facetCol = col; });
    var input = null, select = null;
    if (n >= 8 || facetCol >= 0) {
      input = document.createElement("input");
      input.type = "search"; input.placeholder = "筛选（输入文字）"; input.className = "jt-filter";
      bar.appendChild(input);
    }
    if (facetCol >= 0) {
      select = document.createElement("select");
      select.className = "jt-facet";
      var seen = {};
      select.innerHTML = "<option value=''>全部" + esc(text(heads[facetCol])) + "</option>";
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
        var v = text(tr.children[facetCol]);
        if (!seen[v]) { seen[v] = 1; var o = document.createElement("option"); o.value = v; o.textContent = v; select.appendChild(o); }
      });
      bar.appendChild(select);
    }
    function apply() { filterRows(table, input ? input.value.trim() : "", facetCol, select ? select.value : "", counter); }
    if (input) input.addEventListener("input", apply);
    if (select) select.addEventListener("change", apply);
    var csv = document.createElement("button");
    csv.type = "button"; csv.className = "jt-csv"; csv.textContent = "下载 CSV";
    csv.onclick = function () { download(baseName(table, i) + ".csv", J.csv(table), "text/csv;charset=utf-8"); };
    var xl = document.createElement("button");
    xl.type = "button"; xl.className = "jt-xlsx"; xl.textContent = "下载 XLSX";
    xl.onclick = function () { download(baseName(table, i) + ".xlsx", J.xlsx(table), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"); };
    bar.appendChild(csv); bar.appendChild(xl); bar.appendChild(counter);
    table.parentNode.insertBefore(bar, table);
  }

  function init() {
    toc();
    sourceLinks();
    document.querySelectorAll("table.juesuan-table").forEach(tools);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
