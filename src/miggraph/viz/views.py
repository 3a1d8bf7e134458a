"""The views: which nodes and edges each network shows, where they sit, how they look."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from rdflib import Graph, Literal, URIRef

from ..config import MIG, RDF, RDFS
from .network import FAMILY_COLOURS, Vocabulary, is_nary

SEED = 7
PHYSICS_LIMIT = 150  # above this many nodes a view gets its layout from Python and physics off
EGO_TWO_HOPS_LIMIT = 60  # an ego network shows two hops when that gives at most this many nodes, else one
CHAIN_RELATIONS = ("mandatedBy", "requestedBy", "followUpTo", "hasOutcome", "references", "transmits")
SNAPSHOT_COLOUR = "#ffd92f"
FOCUS_COLOUR = "#a6d854"
RATIFICATION_COLOUR = "#fdae6b"


@dataclass
class View:
    """One network page: its nodes and edges (plain JSON-able dicts) and how it is drawn."""

    name: str
    title: str
    description: str
    nodes: list[dict[str, object]]
    edges: list[dict[str, object]]
    physics: bool
    note: str = ""
    axis: list[dict[str, object]] = field(default_factory=list)
    directed: bool = True
    links: list[tuple[str, str]] = field(default_factory=list)  # (path under out/, text) shown after the note

    def legend(self) -> list[dict[str, object]]:
        """The groups of the view with their colour and node count, in order of first appearance by group name."""
        counts: dict[str, int] = defaultdict(int)
        colours: dict[str, str] = {}
        for n in self.nodes:
            group = str(n["group"])
            counts[group] += 1
            colours.setdefault(group, str(n["color"]))
        return [{"group": g, "color": colours[g], "count": counts[g]} for g in sorted(counts)]


# ---------------------------------------------------------------------------
# nodes, edges and layouts
# ---------------------------------------------------------------------------


def tooltip_lines(data: dict[str, str], extra: Iterable[str] = ()) -> list[str]:
    lines = [data.get("cls", "")]
    if data.get("acronym"):
        lines.append(f"acronym: {data['acronym']}")
    if data.get("alt"):
        lines.append(f"also: {data['alt']}")
    if data.get("symbol"):
        lines.append(f"symbol: {data['symbol']}")
    if data.get("dates"):
        lines.extend(data["dates"].split("; "))
    lines.extend(extra)
    return [line for line in lines if line]


def entity_node(g: nx.MultiDiGraph, node: str, group: str | None = None, size: float = 12, extra: Iterable[str] = ()) -> dict[str, object]:
    data = g.nodes[node]
    return {
        "id": node,
        "label": data.get("label", node),
        "group": group if group is not None else data.get("cls", ""),
        "color": FAMILY_COLOURS.get(data.get("family", "other"), FAMILY_COLOURS["other"]),
        "size": round(size, 1),
        "shape": "dot",
        "search": " ".join(x for x in (data.get(a, "") for a in ("acronym", "alt", "symbol", "number")) if x),
        "lines": tooltip_lines(data, extra),
        "page": data.get("page", ""),
        "ego": data.get("ego", ""),
    }


def entity_edges(g: nx.MultiDiGraph, nodes: Iterable[str]) -> list[dict[str, object]]:
    """Every relation between the given nodes (the induced subgraph), sorted."""
    keep = set(nodes)
    edges = []
    for u, v, k, data in g.edges(keys=True, data=True):
        if u in keep and v in keep:
            lines = [f"{g.nodes[u].get('label', u)} {data.get('label', k)} {g.nodes[v].get('label', v)}"]
            for extra in ("asOf", "post"):
                if data.get(extra):
                    lines.append(f"{extra}: {data[extra]}")
            edges.append({"from": u, "to": v, "label": data.get("label", k), "relation": k, "lines": lines})
    return sorted(edges, key=lambda e: (str(e["from"]), str(e["to"]), str(e["relation"])))


ENERGY_LAYOUT_LIMIT = 200  # up to this many nodes networkx's energy-based spring layout (3 s for 650 nodes); above it a vectorised one
OVERVIEW_CAP = 1500  # the overview draws at most this many entities; the others are counted by class family


def spring_positions(nodes: list[str], edges: Iterable[tuple[str, str]], seed: int = SEED) -> dict[str, tuple[float, float]]:
    """A force-directed layout computed once in Python (fixed seed), in pixels, for views too big for live physics."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nodes))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in edges if u != v}))
    n = len(simple)
    if n == 0:
        return {}
    if n <= ENERGY_LAYOUT_LIMIT:
        pos = nx.spring_layout(simple, seed=seed, method="energy")
    else:  # the energy method takes tens of seconds beyond a thousand nodes
        pos = fruchterman_reingold(list(simple.nodes), list(simple.edges), seed=seed)
    scale = 100 * math.sqrt(n) + 200
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in pos.items()}


def fruchterman_reingold(nodes: list[str], edges: list[tuple[str, str]], seed: int = SEED, iterations: int = 60,
                         block: int = 1024, gravity: float = 1.0) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold with every pair repelling, vectorised with numpy (float32, rows in blocks to bound memory);
    positions centred and scaled into [-1, 1] as networkx's layouts are. About 0.4 s for 1,500 nodes, 0.8 s for 2,000.

    `gravity` pulls every node towards the centre in proportion to its distance from it, so that a node or a small
    component linked to nothing else settles near the rest rather than being pushed off to the edge of the drawing."""

    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    src = np.array([index[u] for u, _ in edges], dtype=np.intp)
    dst = np.array([index[v] for _, v in edges], dtype=np.intp)
    rng = np.random.default_rng(seed)
    x = rng.random(n).astype(np.float32)
    y = rng.random(n).astype(np.float32)
    k = math.sqrt(1.0 / n)  # ideal edge length in the unit square
    k2 = np.float32(k * k)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    fx = np.empty(n, np.float32)
    fy = np.empty(n, np.float32)
    for _ in range(iterations):
        for start in range(0, n, block):  # repulsion k^2/d along (p_i - p_j) from every other node
            dx = x[start : start + block, None] - x[None, :]
            dy = y[start : start + block, None] - y[None, :]
            d2 = dx * dx + dy * dy
            np.maximum(d2, np.float32(1e-6), out=d2)
            np.divide(k2, d2, out=d2)
            fx[start : start + block] = np.einsum("ij,ij->i", dx, d2)
            fy[start : start + block] = np.einsum("ij,ij->i", dy, d2)
        ex = x[src] - x[dst]  # attraction d^2/k along each edge
        ey = y[src] - y[dst]
        pull = np.sqrt(ex * ex + ey * ey) / np.float32(k)
        ax, ay = ex * pull, ey * pull
        fx += (np.bincount(dst, ax, n) - np.bincount(src, ax, n)).astype(np.float32)
        fy += (np.bincount(dst, ay, n) - np.bincount(src, ay, n)).astype(np.float32)
        fx -= np.float32(gravity) * (x - x.mean())
        fy -= np.float32(gravity) * (y - y.mean())
        step = np.float32(temperature) / np.maximum(np.sqrt(fx * fx + fy * fy), np.float32(0.01))
        x += fx * step
        y += fy * step
        temperature -= cooling
    x -= x.mean()
    y -= y.mean()
    extent = float(max(np.abs(x).max(), np.abs(y).max())) or 1.0
    return {node: (float(x[i]) / extent, float(y[i]) / extent) for i, node in enumerate(nodes)}


def finish(view: View) -> View:
    """Sort nodes and edges; views too big for live physics get a Python layout unless they have positions."""
    view.nodes.sort(key=lambda n: str(n["id"]))
    view.edges.sort(key=lambda e: (str(e["from"]), str(e["to"]), str(e.get("relation", ""))))
    has_positions = bool(view.nodes) and all("x" in n for n in view.nodes)
    if len(view.nodes) > PHYSICS_LIMIT and not has_positions:
        pos = spring_positions([str(n["id"]) for n in view.nodes], [(str(e["from"]), str(e["to"])) for e in view.edges])
        for n in view.nodes:
            n["x"], n["y"] = pos[str(n["id"])]
        has_positions = True
    view.physics = view.physics and not has_positions
    return view


# ---------------------------------------------------------------------------
# the views
# ---------------------------------------------------------------------------


def _path_to(adjacency: dict[str, set[str]], start: str, targets: set[str]) -> list[str] | None:
    """The nodes between start and the nearest of targets (breadth first, neighbours by IRI), both ends excluded;
    None when no target can be reached."""
    parent: dict[str, str] = {start: start}
    level = [start]
    while level:
        following: list[str] = []
        for node in level:
            for other in sorted(adjacency[node]):
                if other in parent:
                    continue
                parent[other] = node
                if other in targets:
                    between = []
                    while node != start:
                        between.append(node)
                        node = parent[node]
                    return between
                following.append(other)
        level = following
    return None


def central_nodes(g: nx.MultiDiGraph, pagerank: dict[str, float], cap: int) -> list[str]:
    """Up to cap nodes: those linked to the most other nodes (ties by PageRank, then IRI), each with the nodes on a
    shortest path to those already chosen, so that what the graph connects stays connected. A node whose path would
    pass the cap is left out; a node not connected to the chosen ones at all comes alone."""
    adjacency: dict[str, set[str]] = {n: set() for n in g.nodes}
    for u, v in g.edges():
        if u != v:
            adjacency[u].add(v)
            adjacency[v].add(u)
    chosen: list[str] = []
    chosen_set: set[str] = set()
    for node in sorted(g.nodes, key=lambda n: (-len(adjacency[n]), -pagerank.get(n, 0.0), n)):
        if len(chosen) >= cap:
            break
        if node in chosen_set:
            continue
        between = _path_to(adjacency, node, chosen_set) if chosen else []
        added = [node, *(between or [])]
        if len(chosen) + len(added) > cap:
            continue
        chosen.extend(added)
        chosen_set.update(added)
    return chosen


HIDDEN_GROUP = "not drawn here (count by class family)"
HIDDEN_COLOUR = "#e0e0e0"
FIND_THE_REST = [("viz/index.html", "ego networks of every entity"), ("index.html", "pages of every entity, by kind"),
                 ("query.html", "SPARQL query page")]


def overview(g: nx.MultiDiGraph, pagerank: dict[str, float] | None = None, cap: int = OVERVIEW_CAP) -> View:
    """The whole entity graph: coloured by class family, sized by PageRank, edges labelled by relation.

    A graph of more than cap entities is drawn in part: the cap most central entities (central_nodes), with one grey
    box per class family counting the entities left out, and a note saying so and where to find the rest.
    """
    if pagerank is None:
        pagerank = nx.pagerank(nx.DiGraph(g)) if len(g) else {}
    top = max(pagerank.values(), default=1.0) or 1.0

    def node(n: str) -> dict[str, object]:
        return entity_node(g, n, group=g.nodes[n].get("family", "other"), size=6 + 34 * math.sqrt(pagerank.get(n, 0.0) / top))

    if len(g) <= cap:
        view = View(
            "overview",
            "The whole graph",
            "Every entity of the graph and every relation between entities. Nodes are coloured by class family and sized by "
            "PageRank; zoom in to read the relations.",
            [node(n) for n in g.nodes],
            entity_edges(g, g.nodes),
            physics=True,
        )
        return finish(view)
    shown = central_nodes(g, pagerank, cap)
    shown_set = set(shown)
    edges = entity_edges(g, shown)
    nodes = [node(n) for n in shown]
    pos = spring_positions(shown, [(str(e["from"]), str(e["to"])) for e in edges])
    for item in nodes:
        item["x"], item["y"] = pos[str(item["id"])]
    hidden: dict[str, int] = defaultdict(int)
    for n, data in g.nodes(data=True):
        if n not in shown_set:
            hidden[data.get("family", "other")] += 1
    right = max((float(item["x"]) for item in nodes), default=0.0) + 1200  # type: ignore[arg-type]
    top_y = min((float(item["y"]) for item in nodes), default=0.0)  # type: ignore[arg-type]
    left_out = sorted(hidden.items(), key=lambda kv: (-kv[1], kv[0]))
    for i, (family, count) in enumerate(left_out):
        nodes.append({
            "id": f"#not-drawn/{family}", "label": f"{count:,} more: {family}", "group": HIDDEN_GROUP, "color": HIDDEN_COLOUR,
            "size": 20, "shape": "box", "fontSize": 120, "search": "", "page": "", "ego": "",
            "lines": [f"{count:,} {family} not drawn in this view",
                      "each has an ego network (see the index of views) and a page (see the home page)"],
            "x": right, "y": round(top_y + 320.0 * i, 1),
        })
    total_edges = g.number_of_edges()
    note = (
        f"This view shows {len(shown):,} of the {len(g):,} entities ({len(edges):,} of {total_edges:,} relations), as there "
        f"are too many to draw at once. It shows the entities linked to the most others (ties broken by PageRank) and those "
        f"on the shortest paths between them, so that what the graph connects stays connected here. Left out (the grey boxes): "
        f"{', '.join(f'{count:,} {family}' for family, count in left_out)}. The search box finds drawn entities only; "
        f"find every entity here:"
    )
    view = View(
        "overview",
        f"The graph: its {len(shown):,} most central entities",
        f"The {len(shown):,} most central of the {len(g):,} entities and every relation between them. Nodes are coloured "
        "by class family and sized by PageRank; zoom in to read the relations.",
        nodes, edges, physics=False, note=note, links=list(FIND_THE_REST),
    )
    return finish(view)


def _lane(data: dict[str, str]) -> str:
    cls = data.get("cls", "")
    if cls == "Resolution":
        return "resolutions"
    if cls == "DraftResolution":
        return "resolutions"
    family = data.get("family", "other")
    if family == "meetings":
        return "meetings"
    if cls == "Report":
        return "reports"
    if family in ("documents", "instruments", "processes"):
        return {"documents": "other documents", "instruments": "instruments", "processes": "processes"}[family]
    return "other"


LANES = ["resolutions", "meetings", "reports", "other documents", "instruments", "processes", "other"]


def mandate_chain(g: nx.MultiDiGraph) -> View:
    """Resolutions, the meetings they mandate, the reports they request and what followed, laid out by year."""
    chain = [(u, v, k) for u, v, k in g.edges(keys=True) if k in CHAIN_RELATIONS]
    members = {u for u, _, _ in chain} | {v for _, v, _ in chain}
    members |= {n for n, d in g.nodes(data=True) if d.get("cls") == "Resolution"}
    years = sorted({int(g.nodes[n]["year"]) for n in members if g.nodes[n].get("year")})
    first = years[0] if years else 2000
    col_width, row_height, lane_gap, rows_max = 260, 46, 90, 12
    cells: dict[tuple[str, int], list[str]] = defaultdict(list)
    for n in sorted(members, key=lambda n: (g.nodes[n].get("label", ""), n)):
        data = g.nodes[n]
        col = int(data["year"]) - first + 1 if data.get("year") else 0
        cells[(_lane(data), col)].append(n)
    # a crowded cell wraps into sub-columns; a column is as wide as its most crowded cell needs
    cols = sorted({c for _, c in cells})
    widths = {c: max(math.ceil(len(v) / rows_max) for (_, cc), v in cells.items() if cc == c) for c in cols}
    x_of: dict[int, float] = {}
    x = 0.0
    for c in cols:
        x_of[c] = x
        x += widths[c] * col_width
    nodes = []
    y0 = 0.0
    for lane in LANES:
        height = min(rows_max, max((len(v) for (ln, _), v in cells.items() if ln == lane), default=0))
        if not height:
            continue
        for (ln, col), items in sorted(cells.items()):
            if ln != lane:
                continue
            for i, n in enumerate(items):
                node = entity_node(g, n, group=lane, size=12)
                node["x"], node["y"] = x_of[col] + (i // rows_max) * col_width, y0 + (i % rows_max) * row_height
                nodes.append(node)
        y0 += height * row_height + lane_gap
    axis = [{"x": x_of[c] + (widths[c] - 1) * col_width / 2, "label": str(first + c - 1) if c else "undated"} for c in cols]
    edges = [e for e in entity_edges(g, members) if e["relation"] in CHAIN_RELATIONS]
    return finish(View(
        "mandate-chain",
        "The mandate chain over time",
        "Resolutions, the meetings they mandated, the reports they requested, what those produced and referenced, and the "
        "meetings that followed up, one column a year, one band per kind (resolutions at the top).",
        nodes, edges, physics=False, axis=axis,
    ))


def _succession(graph: Graph, group: URIRef) -> list[URIRef]:
    """The group and the groups it grew out of (mig:succeeds), oldest first."""
    chain = [group]
    while True:
        before = sorted(o for o in graph.objects(chain[-1], MIG.succeeds) if isinstance(o, URIRef) and o not in chain)
        if not before:
            return list(reversed(chain))
        chain.append(before[0])


def memberships(graph: Graph, group: URIRef) -> list[tuple[URIRef, str]]:
    """(member, date as stated or '') for every mig:Membership in the group."""
    found = set()
    for m in graph.subjects(MIG.group, group):
        if (m, RDF.type, MIG.Membership) not in graph:
            continue
        dates = sorted(str(d) for d in graph.objects(m, MIG.asOf)) or [""]
        for member in graph.objects(m, MIG.member):
            if isinstance(member, URIRef):
                found.update((member, d) for d in dates)
    return sorted(found)


def gmg_membership(graph: Graph, g: nx.MultiDiGraph, acronym: str = "GMG") -> View:
    """Members of the group with this acronym, and of the groups it succeeds, at each date the sources state."""
    groups = sorted(s for s, o in graph.subject_objects(MIG.acronym) if str(o) == acronym and str(s) in g)
    snapshots: list[tuple[URIRef, str]] = []
    links: set[tuple[str, tuple[URIRef, str]]] = set()
    for group in groups[:1]:
        for grp in _succession(graph, group):
            for member, date in memberships(graph, grp):
                if str(member) in g:
                    links.add((str(member), (grp, date)))
                    if (grp, date) not in snapshots:
                        snapshots.append((grp, date))
    # snapshots oldest first (undated ones after the dated ones of their group)
    order = {grp: i for i, grp in enumerate(_succession(graph, groups[0]))} if groups else {}
    snapshots.sort(key=lambda s: (order[s[0]], s[1] == "", s[1]))
    col = 360
    nodes: list[dict[str, object]] = []
    ids = {}
    for i, (grp, date) in enumerate(snapshots):
        sid = f"{grp}#{date or 'undated'}"
        ids[(grp, date)] = sid
        label = f"{g.nodes[str(grp)]['label']}, {date or 'date not stated'}"
        count = sum(1 for _, s in links if s == (grp, date))
        nodes.append({
            "id": sid, "label": label, "group": "membership as stated at a date", "color": SNAPSHOT_COLOUR, "size": 20,
            "shape": "box", "search": g.nodes[str(grp)].get("acronym", ""),
            "lines": ["membership as stated at a date", f"{count} member(s)"],
            "page": g.nodes[str(grp)].get("page", ""), "ego": g.nodes[str(grp)].get("ego", ""),
            "x": float(i * col), "y": 0.0,
        })
    columns = {s: i for i, s in enumerate(snapshots)}
    by_member: dict[str, list[int]] = defaultdict(list)
    for member, snap in links:
        by_member[member].append(columns[snap])
    # each member sits in the column of the first date it is stated a member at, below the boxes, by acronym or label
    stacks: dict[int, list[tuple[tuple[int, ...], str, str]]] = defaultdict(list)
    for member, cols in by_member.items():
        sig = tuple(sorted(cols))
        stacks[sig[0]].append((sig, g.nodes[member].get("label", member), member))
    for column, items in stacks.items():
        for j, (sig, _, member) in enumerate(sorted(items)):
            stated = [snapshots[c][1] or "date not stated" for c in sig]
            node = entity_node(g, member, size=10, extra=[f"member as of: {', '.join(stated)}"])
            node["label"] = g.nodes[member].get("acronym") or node["label"]
            node["shape"] = "box"
            node["fontColor"] = "#ffffff"
            node["x"], node["y"] = float(column * col), 110.0 + j * 44
            nodes.append(node)
    edges: list[dict[str, object]] = []
    for member, (grp, date) in links:
        stated = date or "date not stated"
        edges.append({
            "from": member, "to": ids[(grp, date)], "label": "", "relation": "memberOf",
            "lines": [f"{g.nodes[member].get('label', member)} member of {g.nodes[str(grp)]['label']}, as of {stated}"],
        })
    note = "" if links else f"The graph states no membership of a group with the acronym {acronym}."
    return finish(View(
        "gmg-membership",
        "Membership of the Global Migration Group",
        "Members of the Global Migration Group and of the Geneva Migration Group it grew out of, at each date the sources "
        "state (one yellow box per group and date). Each member sits below the first date it is stated a member at; its "
        "edges go to every date it is a member at.",
        nodes, edges, physics=False, note=note,
    ))


def rcp_landscape(graph: Graph, g: nx.MultiDiGraph, vocab: Vocabulary) -> View:
    """Consultative processes and regional organisations with their regions and development focus."""
    core = {n for n, d in g.nodes(data=True) if d.get("family") == "processes" or d.get("cls") == "RegionalOrganization"}
    regions = {v for u, v, k in g.edges(keys=True) if u in core and k == "region"}
    members = core | regions
    nodes = [entity_node(g, n) for n in members]
    edges = entity_edges(g, members)
    focus_nodes: dict[str, dict[str, object]] = {}
    for n in sorted(core):
        for focus in sorted(graph.objects(URIRef(n), MIG.developmentFocus)):
            if not isinstance(focus, URIRef):
                continue
            label = vocab.label(focus)
            focus_nodes.setdefault(str(focus), {
                "id": str(focus), "label": label, "group": "development focus", "color": FOCUS_COLOUR, "size": 22,
                "shape": "diamond", "search": "", "lines": ["development focus (A/63/265)"], "page": "", "ego": "",
            })
            edges.append({"from": n, "to": str(focus), "label": vocab.label(MIG.developmentFocus), "relation": "developmentFocus",
                          "lines": [f"{g.nodes[n]['label']}: {label}"]})
    nodes.extend(focus_nodes.values())
    return finish(View(
        "rcp-landscape",
        "Regional consultative processes and regional organisations",
        "Consultative processes and regional organisations with their regions, and the development focus that A/63/265 "
        "gives each regional consultative process.",
        nodes, edges, physics=True,
    ))


def instruments(graph: Graph, g: nx.MultiDiGraph) -> View:
    """Instruments, the bodies that adopted them, what supplements what, and ratification counts."""
    instr = {n for n, d in g.nodes(data=True) if d.get("family") == "instruments"}
    adopters = {v for u, v, k in g.edges(keys=True) if u in instr and k == "adoptedBy"}
    members = instr | adopters
    ratifications: dict[str, list[str]] = defaultdict(list)
    rat_nodes = []
    rat_edges = []
    for status in sorted(graph.subjects(RDF.type, MIG.RatificationStatus), key=str):
        counts = sorted(str(c) for c in graph.objects(status, MIG["count"]))
        dates = sorted(str(d) for d in graph.objects(status, MIG.asOf))
        covered = sorted(str(i) for i in graph.objects(status, MIG.instrument) if str(i) in instr)
        if not covered:
            continue
        text = f"{', '.join(counts)} ratifications, as of {', '.join(dates) or 'date not stated'}"
        labels = [str(o) for o in graph.objects(status, RDFS.label) if isinstance(o, Literal)]
        rat_nodes.append({
            "id": str(status), "label": f"{', '.join(counts)} ({', '.join(dates)})", "group": "ratification count",
            "color": RATIFICATION_COLOUR, "size": 10 + min(30, math.sqrt(sum(int(c) for c in counts if c.isdigit()))),
            "shape": "box", "search": "", "lines": ["ratification count", *sorted(labels)], "page": "", "ego": "",
        })
        for i in covered:
            ratifications[i].append(text if len(covered) == 1 else f"{text} (counting {len(covered)} instruments together)")
            rat_edges.append({"from": str(status), "to": i, "label": "ratifications of", "relation": "instrument",
                              "lines": [text]})
    nodes = [entity_node(g, n, extra=sorted(ratifications.get(n, []))) for n in members]
    return finish(View(
        "instruments",
        "Instruments",
        "International instruments, the bodies that adopted them, the protocols that supplement conventions, every other "
        "relation between them, and the ratification counts the sources give.",
        nodes + rat_nodes, entity_edges(g, members) + rat_edges, physics=True,
    ))


def co_mentions(graph: Graph, g: nx.MultiDiGraph, vocab: Vocabulary, cap: int = OVERVIEW_CAP) -> View:
    """Entities mentioned in the same passages (mig:mentions), edges weighted by the number of passages.

    Of more than cap entities, the cap named in the most passages (ties by IRI) are drawn, with the pairs among them,
    and a note says so and where to find the rest."""
    mentioned: dict[str, set[str]] = defaultdict(set)
    for passage, entity in graph.subject_objects(MIG.mentions):
        # passages only: a mention (a subclass of passage) names a single entity inside its passage
        if str(entity) in g and not any(t != MIG.Passage and is_nary(t, vocab) for t in graph.objects(passage, RDF.type)):
            mentioned[str(passage)].add(str(entity))
    counts: dict[str, int] = defaultdict(int)
    for ents in mentioned.values():
        for e in ents:
            counts[e] += 1
    shown = set(sorted(counts, key=lambda n: (-counts[n], n))[:cap])
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for ents in mentioned.values():
        ordered = sorted(ents)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs[(a, b)] += 1
    nodes = [entity_node(g, n, size=8 + 4 * math.sqrt(counts[n]), extra=[f"mentioned in {counts[n]} passage(s)"]) for n in shown]
    edges: list[dict[str, object]] = [{
        "from": a, "to": b, "label": str(w), "relation": "co-mention", "value": w,
        "lines": [f"{g.nodes[a]['label']} and {g.nodes[b]['label']}: mentioned together in {w} passage(s)"],
    } for (a, b), w in pairs.items() if a in shown and b in shown]
    note, links = "", []
    if not mentioned:
        note = ("No mentions yet: the graph has no mig:mentions triples. This network fills in once text extraction links "
                "passages to the entities they name.")
    elif len(counts) > cap:
        note = (f"This view shows the {len(shown):,} entities named in the most passages, of the {len(counts):,} that "
                f"passages name ({len(edges):,} of {len(pairs):,} pairs), as there are too many to draw at once. The search "
                "box finds drawn entities only; find every entity here:")
        links = list(FIND_THE_REST)
    return finish(View(
        "co-mentions",
        "Co-mentions",
        "Entities named in the same passages of the corpus; an edge's number is how many passages name both.",
        nodes, edges, physics=True, note=note, directed=False, links=links,
    ))


def ego(g: nx.MultiDiGraph, node: str, undirected: nx.Graph | None = None) -> View:
    """An entity with its neighbours: two hops when that stays small, else one."""
    und = undirected if undirected is not None else nx.Graph(g.to_undirected(as_view=True))
    members = set(nx.ego_graph(und, node, radius=2))
    hops = 2
    if len(members) > EGO_TWO_HOPS_LIMIT:
        members = set(nx.ego_graph(und, node, radius=1))
        hops = 1
    nodes = []
    for n in members:
        item = entity_node(g, n, size=24 if n == node else 12)
        if n == node:
            item["borderWidth"] = 4
        nodes.append(item)
    label = g.nodes[node].get("label", node)
    return finish(View(
        str(g.nodes[node].get("ego", "")).removeprefix("viz/").removesuffix(".html"),
        label,
        f"{label} ({g.nodes[node].get('cls', '')}) and the entities within {hops} relation(s) of it.",
        nodes, entity_edges(g, members), physics=True,
    ))


def all_views(graph: Graph, g: nx.MultiDiGraph, vocab: Vocabulary, pagerank: dict[str, float] | None = None) -> list[View]:
    """The standalone views of out/viz/, in the order of the index."""
    return [
        overview(g, pagerank),
        mandate_chain(g),
        gmg_membership(graph, g),
        rcp_landscape(graph, g, vocab),
        instruments(graph, g),
        co_mentions(graph, g, vocab),
    ]


__all__ = ["OVERVIEW_CAP", "View", "all_views", "central_nodes", "co_mentions", "ego", "gmg_membership", "instruments",
           "mandate_chain", "overview", "rcp_landscape"]
