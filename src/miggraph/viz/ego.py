"""Ego networks drawn in the browser: one page, out/viz/ego.html#{kind}/{slug}, and one compact network file,
out/viz/ego-network.js, written once by the build whatever the number of entities.

The network file defines `window.miggraphNetwork` (a script, not a JSON file: a page opened from disk may not fetch()
a file, but it may load a script; the script hands its JSON to JSON.parse, which browsers read faster). It holds
every entity of the entity graph and every relation between entities, with what the views show of them (label,
class, family, tooltip lines, search words, whether it has a page), the classes, families and relations as tables
indexed by number, and the relations as a flat list of numbers. The page
reads the entity from its fragment and computes what `views.ego` computes in Python: the entity and the entities
within two relations of it when that gives at most `views.EGO_TWO_HOPS_LIMIT` nodes, else one, with every relation
between them. The page places the entity at the centre and its neighbours on rings around it, by class, then label;
up to `views.PHYSICS_LIMIT` nodes vis-network's live physics then lays it out from there, above it stays on its rings.
It is drawn by the same script as every other view (`html.APP`), with the same legend, search, tooltips, side panel
and links.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from urllib.parse import quote

import networkx as nx

from . import html
from .network import FAMILIES
from .views import EGO_TWO_HOPS_LIMIT, PHYSICS_LIMIT, View, tooltip_lines

PAGE = "viz/ego.html"
DATA = "viz/ego-network.js"
FORMAT = 1


def fragment(rest: str) -> str:
    """The path of an entity's ego view under out/: viz/ego.html#kind/slug (not URL-quoted)."""
    return f"{PAGE}#{rest}"


def _extra_lines(data: Mapping[str, str]) -> list[str]:
    """The tooltip lines after the class (which the page takes from the class table)."""
    lines = tooltip_lines(dict(data))
    return lines[1:] if data.get("cls") else lines


def _search(data: Mapping[str, str]) -> str:
    return " ".join(x for x in (data.get(a, "") for a in ("acronym", "alt", "symbol", "number")) if x)


def network_data(g: nx.MultiDiGraph, base: str) -> dict[str, object]:
    """The compact network of every entity and relation, sorted, as the ego page reads it.

    nodes: [key, label, class index, family index, search words, tooltip lines after the class, has a page (1/0)];
    key is the IRI without the base for an entity with a page (its page is id/{key}.html), else the whole IRI.
    edges: from, to, relation index, in threes, sorted by (from IRI, to IRI, relation); extra: [edge number, lines].
    """
    ids = sorted(g.nodes)
    index = {n: i for i, n in enumerate(ids)}
    classes = sorted({str(g.nodes[n].get("cls", "")) for n in ids})
    class_index = {c: i for i, c in enumerate(classes)}
    family_index = {name: i for i, (name, _, _) in enumerate(FAMILIES)}
    nodes: list[list[object]] = []
    for n in ids:
        data = g.nodes[n]
        page = 1 if data.get("page") else 0
        key = n.removeprefix(base) if page else n
        nodes.append([key, str(data.get("label", n)), class_index[str(data.get("cls", ""))],
                      family_index.get(str(data.get("family", "other")), family_index["other"]), _search(data),
                      _extra_lines(data), page])
    rows = sorted((u, v, str(k), str(d.get("label", k)), [f"{x}: {d[x]}" for x in ("asOf", "post") if d.get(x)])
                  for u, v, k, d in g.edges(keys=True, data=True))
    relations = sorted({(k, label) for _, _, k, label, _ in rows})
    relation_index = {k: i for i, (k, _) in enumerate(relations)}
    edges: list[int] = []
    extra: list[list[object]] = []
    for i, (u, v, k, _, lines) in enumerate(rows):
        edges += [index[u], index[v], relation_index[k]]
        if lines:
            extra.append([i, lines])
    return {
        "format": FORMAT, "base": base, "twoHopsLimit": EGO_TWO_HOPS_LIMIT, "physicsLimit": PHYSICS_LIMIT,
        "classes": classes, "families": [[name, colour] for name, _, colour in FAMILIES],
        "relations": [list(r) for r in relations], "nodes": nodes, "edges": edges, "extra": extra,
    }


def data_js(g: nx.MultiDiGraph, base: str) -> str:
    """out/viz/ego-network.js: the network as a script defining window.miggraphNetwork, its JSON given to
    JSON.parse as one ASCII string (browsers parse JSON faster than the same object written as a script)."""
    return "window.miggraphNetwork = JSON.parse(" + json.dumps(html.json_for_script(network_data(g, base))) + ");\n"


def read_data_js(text: str) -> dict[str, object]:
    """The network of an ego-network.js, as data_js wrote it."""
    literal = text.removeprefix("window.miggraphNetwork = JSON.parse(").rstrip().removesuffix(");")
    return json.loads(json.loads(literal))  # type: ignore[no-any-return]


EGO_JS = r"""
(function () {
  "use strict";
  var net = window.miggraphNetwork;
  var N = net.nodes, E = net.edges, count = N.length, RING_GAP = 220, NODE_GAP = 60;
  var SETTLE = 200;  // physics iterations from the rings: they settle as far as 600 from random places
  var index = {}, adjacent = [], outgoing = [], extra = {};
  var i;
  for (i = 0; i < count; i++) {
    index[N[i][6] ? N[i][0] : "\u0000" + N[i][0]] = i;
    adjacent.push([]);
    outgoing.push([]);
  }
  for (i = 0; i < E.length; i += 3) {
    outgoing[E[i]].push(i / 3);
    if (E[i] !== E[i + 1]) { adjacent[E[i]].push(E[i + 1]); adjacent[E[i + 1]].push(E[i]); }
  }
  net.extra.forEach(function (x) { extra[x[0]] = x[1]; });

  function iri(k) { return N[k][6] ? net.base + N[k][0] : N[k][0]; }
  function around(centre) {  // the entity and its neighbours: two relations out when that stays small, else one
    var near = {}, list = [centre];
    near[centre] = true;
    adjacent[centre].forEach(function (k) { if (!near[k]) { near[k] = true; list.push(k); } });
    if (list.length > net.twoHopsLimit) { return {members: list, hops: 1}; }
    var two = {}, more = list.slice();
    list.forEach(function (k) { two[k] = true; });
    for (var a = 0; a < list.length && more.length <= net.twoHopsLimit; a++) {
      adjacent[list[a]].forEach(function (k) { if (!two[k]) { two[k] = true; more.push(k); } });
    }
    return more.length > net.twoHopsLimit ? {members: list, hops: 1} : {members: more, hops: 2};
  }
  function node(k, centre) {
    var n = N[k], cls = net.classes[n[2]], key = n[6] ? n[0] : "";
    var item = {id: iri(k), label: n[1], group: cls, color: net.families[n[3]][1], size: k === centre ? 24 : 12,
                shape: "dot", search: n[4], lines: (cls ? [cls] : []).concat(n[5]),
                page: key ? "id/" + key + ".html" : "", ego: key ? "viz/ego.html#" + key : ""};
    if (k === centre) { item.borderWidth = 4; }
    return item;
  }
  function edge(e) {
    var rel = net.relations[E[3 * e + 2]], label = rel[1];
    return {from: iri(E[3 * e]), to: iri(E[3 * e + 1]), label: label, relation: rel[0],
            lines: [N[E[3 * e]][1] + " " + label + " " + N[E[3 * e + 1]][1]].concat(extra[e] || [])};
  }
  function rings(nodes, centre) {  // above the physics limit: the entity at the centre, the others on rings around it
    var others = nodes.filter(function (n) { return n.id !== centre; });
    others.sort(function (a, b) {
      return a.group < b.group ? -1 : a.group > b.group ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 :
             a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    nodes.forEach(function (n) { if (n.id === centre) { n.x = 0; n.y = 0; } });
    var ring = 1, at = 0;
    while (at < others.length) {
      var radius = RING_GAP * ring, room = Math.floor(2 * Math.PI * radius / NODE_GAP);
      var here = Math.min(room, others.length - at);
      for (var j = 0; j < here; j++) {
        var angle = 2 * Math.PI * j / here, n = others[at + j];
        n.x = Math.round(radius * Math.cos(angle) * 10) / 10;
        n.y = Math.round(radius * Math.sin(angle) * 10) / 10;
      }
      at += here;
      ring += 1;
    }
  }
  function legend(nodes) {
    var counts = {}, colours = {};
    nodes.forEach(function (n) {
      counts[n.group] = (counts[n.group] || 0) + 1;
      if (!(n.group in colours)) { colours[n.group] = n.color; }
    });
    return Object.keys(counts).sort().map(function (g) { return {group: g, color: colours[g], count: counts[g]}; });
  }
  function text(selector, value) { document.querySelector(selector).textContent = value; }

  function show() {
    var key = decodeURIComponent(window.location.hash.slice(1));
    var centre = index[key];
    if (centre === undefined) {
      text("header h1", key ? "No entity " + key : "Ego networks");
      text("header p", key ? "The graph has no entity " + key + " with a network view. The index of views lists every one."
                           : "Open an entity's network from its page, or from the index of views.");
      window.miggraphDraw({root: "../", physics: false, directed: true, axis: [], legend: [], nodes: [], edges: []});
      return;
    }
    var found = around(centre), inside = {};
    found.members.sort(function (a, b) { return a - b; });  // the network file is sorted by IRI
    found.members.forEach(function (k) { inside[k] = true; });
    var chosen = [];
    found.members.forEach(function (k) { outgoing[k].forEach(function (e) { if (inside[E[3 * e + 1]]) { chosen.push(e); } }); });
    chosen.sort(function (a, b) { return a - b; });
    var nodes = found.members.map(function (k) { return node(k, centre); });
    var edges = chosen.map(edge);
    var live = nodes.length <= net.physicsLimit;
    rings(nodes, iri(centre));  // where live physics starts from (it settles sooner than from random places)
    var n = N[centre], cls = net.classes[n[2]];
    document.title = n[1] + " \u00b7 miggraph";
    text("header h1", n[1]);
    text("header p", n[1] + " (" + cls + ") and the entities within " + found.hops + " relation(s) of it. " +
         nodes.length + " nodes, " + edges.length + " edges.");
    document.getElementById("network").setAttribute("aria-label", n[1] + ": a network of " + nodes.length + " nodes");
    window.miggraphDraw({root: "../", physics: live, iterations: SETTLE, directed: true, axis: [], legend: legend(nodes),
                         nodes: nodes, edges: edges});
  }
  window.addEventListener("hashchange", function () { window.location.reload(); });
  show();
})();
"""


def page() -> str:
    """out/viz/ego.html: the ego view of the entity its fragment names."""
    empty = View("ego", "Ego network", "", [], [], physics=False)
    loader = f'\n<script src="{html.escape(DATA.removeprefix("viz/"))}"></script>\n<script>{EGO_JS}</script>'
    return html.render(empty, root="../", script="../" + html.ASSET, loader=loader)


def link(planned: Mapping[str, object], iri: str, root: str) -> str | None:
    """The URL of an entity's ego view, relative through root ('../../' from an entity page), when the build writes
    the ego view and the network file holds the entity (its writer knows which), else None."""
    writer = planned.get(DATA)
    path = writer.path_of(iri) if isinstance(writer, NetworkFile) else None
    if path is None or PAGE not in planned:
        return None
    return root + PAGE + "#" + quote(path.removeprefix(PAGE + "#"))


class NetworkFile:
    """The writer of out/viz/ego-network.js; it also says which entities have an ego view (for entity pages)."""

    def __init__(self, graph: Callable[[], nx.MultiDiGraph], base: str) -> None:
        self.g = graph  # the entity graph, computed once by the caller
        self.base = base

    def path_of(self, iri: str) -> str | None:
        g = self.g()
        return str(g.nodes[iri].get("ego", "")) or None if iri in g else None

    def __call__(self) -> str:
        return data_js(self.g(), self.base)
