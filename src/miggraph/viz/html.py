"""The page around a view: our own template (no CDN, no Bootstrap), data embedded as JSON, labels as text."""

from __future__ import annotations

import json
import re
from functools import cache
from html import escape
from importlib import resources
from urllib.parse import quote

from .views import View

VIS_VERSION = "9.1.2"
ASSET = "assets/vis-network.min.js"


@cache
def vis_network_js() -> str:
    """vis-network as shipped inside the pyvis package (templates/lib), read from site-packages."""
    lib = resources.files("pyvis") / "templates" / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    text = lib.read_text(encoding="utf-8")  # universal newlines: the shipped file has CRLF line ends
    # the source map is not shipped: drop the comment pointing to it
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    if "</script" in text.lower():  # cannot be inlined as is
        raise ValueError("vis-network.min.js contains '</script'")
    return text


def json_for_script(value: object) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' characters, keys sorted."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


STYLE = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#fafafa;
  display:flex;flex-direction:column;height:100vh}
header{padding:8px 16px;background:#fff;border-bottom:1px solid #ddd}
header h1{font-size:18px;margin:0 0 2px}
header p{margin:2px 0;color:#555;max-width:80em}
header p.note{color:#8a4b00;background:#fff4e0;padding:4px 8px;border-radius:3px}
nav{font-size:13px}
#controls{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;padding:6px 16px;background:#fff;border-bottom:1px solid #ddd}
#controls input[type=search]{width:16em;padding:3px 6px}
#legend{display:flex;flex-wrap:wrap;gap:4px 12px;border:0;margin:0;padding:0}
#legend legend{float:left;margin-right:8px;font-weight:600}
#legend label{cursor:pointer;white-space:nowrap}
.swatch{display:inline-block;width:11px;height:11px;border-radius:50%;margin:0 4px 0 2px;vertical-align:-1px;border:1px solid #0003}
main{flex:1;display:flex;min-height:0}
#network{flex:1;min-width:0;background:#fff}
#info{width:300px;padding:10px 14px;border-left:1px solid #ddd;overflow:auto;background:#fff}
#info h2{font-size:15px;margin:0 0 6px}
#info ul{padding-left:18px}
div.vis-tooltip{position:absolute;visibility:hidden;padding:6px 8px;white-space:nowrap;font-size:13px;color:#000;
  background:#fffbe6;border:1px solid #b8b08d;border-radius:3px;box-shadow:2px 2px 6px #0003;pointer-events:none;z-index:5;max-width:40em}
div.vis-tooltip .hint{color:#666;font-style:italic;margin-top:3px}
"""

APP = r"""
(function () {
  "use strict";
  function encoded(path) { return path.split("/").map(encodeURIComponent).join("/"); }
  function draw(data) {
  var root = data.root;
  function href(path) {  // a path under out/; the ego view's entity comes after its '#'
    var cut = path.indexOf(EGO_PAGE + "#") === 0 ? EGO_PAGE.length : -1;
    return cut < 0 ? root + encoded(path) : root + encoded(path.slice(0, cut)) + "#" + encoded(path.slice(cut + 1));
  }
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function lines(el, title, items, hint) {
    var b = document.createElement("strong");
    b.textContent = title;
    el.appendChild(b);
    items.forEach(function (line) {
      var d = document.createElement("div");
      d.textContent = line;
      el.appendChild(d);
    });
    if (hint) {
      var h = document.createElement("div");
      h.className = "hint";
      h.textContent = hint;
      el.appendChild(h);
    }
    return el;
  }
  function tip(n) {
    return lines(document.createElement("div"), n.label, n.lines, n.page ? "double-click to open its page" : "");
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = {id: n.id, label: n.label, group: n.group, shape: n.shape, size: n.size, title: tip(n),
                color: {background: n.color, border: "#444", highlight: {background: n.color, border: "#000"}}};
    if (n.borderWidth) { item.borderWidth = n.borderWidth; }
    if (n.fontColor) { item.font = {color: n.fontColor}; }
    if (n.fontSize) { item.font = Object.assign(item.font || {}, {size: n.fontSize}); }
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var item = {id: i, from: e.from, to: e.to, label: e.label, title: lines(document.createElement("div"), e.label, e.lines, "")};
    if (e.value) { item.value = e.value; }
    return item;
  }));

  var live = data.physics && data.nodes.length > 0;  // an empty view never stabilises: it is drawn at once
  var options = {
    autoResize: true,
    nodes: {font: {size: 14, face: "system-ui, sans-serif"}, borderWidth: 1,
            scaling: {label: {enabled: false, drawThreshold: data.nodes.length > 150 ? 7 : 5}}},
    edges: {arrows: {to: {enabled: data.directed, scaleFactor: 0.5}}, color: {color: "#9a9a9a", highlight: "#222", hover: "#444"},
            font: {size: 10, align: "middle", color: "#555", strokeWidth: 3}, smooth: false, width: 1,
            scaling: {min: 1, max: 8, label: {enabled: false, drawThreshold: data.nodes.length > 150 ? 7 : 5}}},
    groups: {useDefaultGroups: false},
    layout: {randomSeed: 7, improvedLayout: data.nodes.length <= 100},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.nodes.length > 500, hideEdgesOnZoom: data.nodes.length > 500},
    physics: live ? {solver: "forceAtlas2Based",
                             forceAtlas2Based: {gravitationalConstant: -110, centralGravity: 0.01, springLength: 140, avoidOverlap: 0.4},
                             stabilization: {enabled: true, iterations: data.iterations || 600, updateInterval: 50, fit: true}} : false
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, {}, options);
  function settled() { document.body.setAttribute("data-settled", "true"); }
  if (live) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      network.once("afterDrawing", settled);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", settled);
  }
  network.setData({nodes: nodes, edges: edges});
  if (!live) { network.fit(); }

  if (data.axis.length) {
    network.on("beforeDrawing", function (ctx) {
      var ys = data.nodes.map(function (n) { return n.y || 0; });
      var top = Math.min.apply(null, ys) - 50;
      ctx.save();
      ctx.font = "bold 40px system-ui, sans-serif";
      ctx.fillStyle = "#777";
      ctx.textAlign = "center";
      data.axis.forEach(function (a) { ctx.fillText(a.label, a.x, top); });
      ctx.restore();
    });
  }

  var info = document.getElementById("info");
  function show(id) {
    var n = byId[id];
    if (!n) { return; }
    info.textContent = "";
    var h = document.createElement("h2");
    h.textContent = n.label;
    info.appendChild(h);
    n.lines.forEach(function (line) {
      var d = document.createElement("div");
      d.textContent = line;
      info.appendChild(d);
    });
    var ul = document.createElement("ul");
    [[n.page, "entity page"], [n.ego, "ego network"]].forEach(function (link) {
      if (!link[0]) { return; }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href(link[0]);
      a.textContent = link[1];
      li.appendChild(a);
      ul.appendChild(li);
    });
    info.appendChild(ul);
  }
  network.on("click", function (p) { if (p.nodes.length) { show(p.nodes[0]); } });
  network.on("doubleClick", function (p) {
    if (p.nodes.length && byId[p.nodes[0]] && byId[p.nodes[0]].page) { window.location.href = href(byId[p.nodes[0]].page); }
  });

  var legend = document.getElementById("legend");
  var hidden = {};
  data.legend.forEach(function (entry) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () {
      hidden[entry.group] = !box.checked;
      nodes.update(data.nodes.filter(function (n) { return n.group === entry.group; })
                             .map(function (n) { return {id: n.id, hidden: !box.checked}; }));
    });
    var sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = entry.color;
    label.appendChild(box);
    label.appendChild(sw);
    label.appendChild(document.createTextNode(entry.group + " (" + entry.count + ")"));
    legend.appendChild(label);
  });

  var search = document.getElementById("search");
  var found = document.getElementById("found");
  function find() {
    var q = search.value.trim().toLowerCase();
    if (q.length < 2) { found.textContent = ""; network.unselectAll(); return; }
    var ids = data.nodes.filter(function (n) {
      return !hidden[n.group] && (n.label.toLowerCase().indexOf(q) >= 0 || n.search.toLowerCase().indexOf(q) >= 0);
    }).map(function (n) { return n.id; });
    found.textContent = ids.length + " found";
    network.selectNodes(ids);
    if (ids.length) {
      network.focus(ids[0], {scale: Math.max(network.getScale(), 0.8), animation: false});
      show(ids[0]);
    }
  }
  search.addEventListener("input", find);
  window.miggraph = {network: network, nodes: nodes, edges: edges, data: data};
  }
  var EGO_PAGE = "viz/ego.html";
  window.miggraphDraw = draw;  // the ego view draws the network it computes from the shared network file
  var source = document.getElementById("graph-data");
  if (source) { draw(JSON.parse(source.textContent)); }
})();
"""


SEARCH_BOOT = """(function () {
  var input = document.getElementById("site-search");
  function load() {
    input.removeEventListener("focus", load);
    var script = document.createElement("script");
    script.src = input.form.getAttribute("data-root") + "assets/search.js";
    document.head.appendChild(script);
  }
  input.addEventListener("focus", load);
})();"""


@cache
def search_css() -> str:
    return (resources.files("miggraph.site") / "static" / "search.css").read_text(encoding="utf-8")


def search_head() -> str:
    """The styles of the site's search box, inlined: a view needs no other file until the box is used."""
    return f"<style>{search_css()}</style>"


def search_box(root: str) -> str:
    """The site's search box: type-ahead over the entities (its script and index load when the box is first
    focused), Enter for the search page."""
    r = escape(root)
    return (f'<form class="site-search" role="search" action="{r}search/index.html" method="get" data-root="{r}">'
            '<input type="search" name="q" id="site-search" placeholder="Search the site" aria-label="Search the site" '
            f'autocomplete="off" spellcheck="false"></form><script>{SEARCH_BOOT}</script>')


def note_html(view: View, root: str) -> str:
    """The view's note, escaped, followed by its links (paths under out/, relative to the page through root)."""
    links = "; ".join(f'<a href="{escape(root + quote(path))}">{escape(text)}</a>' for path, text in view.links)
    return " ".join(part for part in (escape(view.note), links) if part)


def render(view: View, root: str, script: str | None = None, loader: str = "") -> str:
    """The page of a view. root: relative path from the page to out/ ('../' for out/viz/).

    script: relative URL of a shared vis-network copy; None inlines it (standalone page).
    loader: scripts that compute the view in the browser and draw it (the ego view) instead of the view's data.
    """
    data = {
        "root": root,
        "physics": view.physics,
        "directed": view.directed,
        "axis": view.axis,
        "legend": view.legend(),
        "nodes": view.nodes,
        "edges": view.edges,
    }
    vis = f'<script src="{escape(script)}"></script>' if script else f"<script>{vis_network_js()}</script>"
    note = note_html(view, root)
    note = f'<p class="note">{note}</p>' if note else ""
    embedded = "" if loader else f'<script type="application/json" id="graph-data">{json_for_script(data)}</script>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(view.title)} · miggraph</title>
<style>{STYLE}</style>
{search_head()}
{vis}
</head>
<body>
<header>
<nav><a href="{escape(root)}viz/index.html">All views</a> {search_box(root)}</nav>
<h1>{escape(view.title)}</h1>
<p>{escape(view.description)} {len(view.nodes)} nodes, {len(view.edges)} edges.</p>
{note}
</header>
<div id="controls">
<label>Find <input id="search" type="search" placeholder="label or acronym" autocomplete="off"></label>
<span id="found" aria-live="polite"></span>
<fieldset id="legend"><legend>Show</legend></fieldset>
</div>
<main>
<div id="network" role="img" aria-label="{escape(view.title)}: a network of {len(view.nodes)} nodes"></div>
<aside id="info"><p>Hover over a node or an edge for details; click a node to show its links here;
double-click a node to open its page.</p></aside>
</main>
{embedded}
<script>{APP}</script>{loader}
</body>
</html>
"""


def index(views: list[View], ego_pages: list[tuple[str, str, str]]) -> str:
    """out/viz/index.html: the views, then the ego networks by kind. ego_pages: (kind, label, kind/slug), each
    linked to ego.html#kind/slug."""
    items = "\n".join(
        f'<li><a href="{escape(v.name)}.html">{escape(v.title)}</a> ({len(v.nodes)} nodes, {len(v.edges)} edges): '
        f"{escape(v.description)}{' <em>' + note_html(v, '../') + '</em>' if v.note or v.links else ''}</li>"
        for v in views
    )
    kinds: dict[str, list[tuple[str, str]]] = {}
    for kind, label, path in ego_pages:
        kinds.setdefault(kind, []).append((label, path))
    ego = "\n".join(
        f"<details><summary>{escape(kind)} ({len(pages)})</summary><ul>"
        + "".join(f'<li><a href="ego.html#{escape(quote(path))}">{escape(label)}</a></li>' for label, path in sorted(pages))
        + "</ul></details>"
        for kind, pages in sorted(kinds.items())
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Network views · miggraph</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}}li{{margin:4px 0}}</style>
{search_head()}
</head>
<body>
<nav><a href="../index.html">miggraph</a> {search_box("../")}</nav>
<h1>Network views of miggraph</h1>
<p>Interactive networks of the graph. Each works offline; hover for details, click for links, double-click a node to
open its page, filter by class in the legend and find nodes by label or acronym.</p>
<ul>
{items}
</ul>
<h2>Ego networks</h2>
<p>Each entity with its neighbours (two relations away when that stays small, one otherwise).</p>
{ego}
<p>The measures behind the views: <a href="../analytics.csv">analytics.csv</a>, <a href="../analytics.json">analytics.json</a>;
for Gephi: <a href="../miggraph.graphml">GraphML</a>, <a href="../miggraph.gexf">GEXF</a>.</p>
</body>
</html>
"""
