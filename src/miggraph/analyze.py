"""Graph analytics over the entity network: degree, betweenness, PageRank, communities; GraphML and GEXF; paths."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import igraph as ig
import networkx as nx
from rdflib import Graph

from .config import Settings
from .export import write_atomically
from .viz.network import entity_path, load_vocabulary, to_networkx

SEED = 42
DIGITS = 8
BETWEENNESS_EXACT_LIMIT = 2000  # exact betweenness (O(nodes x edges)) up to this many entities, sampled above
BETWEENNESS_SOURCES = 200  # the sampled estimate: shortest paths from this many source entities, drawn with SEED
COLUMNS = ["iri", "label", "class", "family", "degree", "in_degree", "out_degree", "betweenness", "pagerank", "community",
           "betweenness_method"]


def entity_graph(graph: Graph, settings: Settings, include_provenance: bool = False) -> nx.MultiDiGraph:
    """The networkx graph of the entities of an RDF graph built with these settings."""
    return to_networkx(graph, settings.instance_base, load_vocabulary(settings.ontology_path), include_provenance)


def communities(g: nx.MultiDiGraph) -> dict[str, int]:
    """Louvain communities (fixed seed) of the undirected simple graph, numbered by size, then first member."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes))
    for u, v in sorted({tuple(sorted((u, v))) for u, v in g.edges() if u != v}):
        simple.add_edge(u, v)
    found = nx.community.louvain_communities(simple, seed=SEED) if len(simple) else []
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: i for i, members in enumerate(ordered) for node in members}


def betweenness(undirected: nx.Graph, exact_limit: int = BETWEENNESS_EXACT_LIMIT,
                sources: int = BETWEENNESS_SOURCES) -> tuple[dict[str, float], str]:
    """Normalised betweenness and how it was computed: exact up to exact_limit nodes; above, estimated from the shortest
    paths of `sources` source nodes drawn with a fixed seed (the same estimate every run).

    The values are networkx's `betweenness_centrality(undirected)` and `betweenness_centrality(undirected, k=sources,
    seed=SEED)`: the same sources drawn the same way, the same rescaling; igraph counts the shortest paths (in C), each
    unordered pair once where networkx counts both orders."""
    nodes = list(undirected.nodes())
    n = len(nodes)
    sample = None if n <= exact_limit or sources >= n else random.Random(SEED).sample(nodes, sources)  # noqa: S311 - a fixed sample, as networkx draws it
    index = {node: i for i, node in enumerate(nodes)}
    g = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in undirected.edges()], directed=False)
    raw = g.betweenness(directed=False, sources=None if sample is None else [index[s] for s in sample]) if n else []
    method = "exact" if sample is None else f"sampled: {sources} of {n} source entities, seed {SEED}"
    if n - 1 < 2:
        return dict.fromkeys(nodes, 0.0), method
    pairs = n - 2  # networkx's N - 1, N = n - 1: without endpoints, v is neither source nor target
    if sample is None:
        return {node: 2 * raw[i] / ((n - 1) * pairs) for i, node in enumerate(nodes)}, method
    k, chosen = len(sample), set(sample)
    of_source = 1 / ((k - 1) * pairs) if k > 1 else math.nan  # a source is never its own target: k - 1 sources
    return {node: 2 * raw[i] * (of_source if node in chosen else 1 / (k * pairs)) for i, node in enumerate(nodes)}, method


def metrics(g: nx.MultiDiGraph, exact_limit: int = BETWEENNESS_EXACT_LIMIT,
            sources: int = BETWEENNESS_SOURCES) -> list[dict[str, object]]:
    """One row per entity (sorted by IRI): degree counts every relation, in/out by direction;
    betweenness on the undirected simple graph (normalised; exact up to exact_limit entities, estimated from `sources`
    sampled sources above, as betweenness_method says), PageRank on the directed graph (parallel relations add weight)."""
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(g.nodes))
    undirected.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in g.edges() if u != v}))
    between, method = betweenness(undirected, exact_limit, sources)
    weighted = nx.DiGraph()
    weighted.add_nodes_from(sorted(g.nodes))
    for u, v in sorted(g.edges()):
        if weighted.has_edge(u, v):
            weighted[u][v]["weight"] += 1
        else:
            weighted.add_edge(u, v, weight=1)
    pagerank = nx.pagerank(weighted, weight="weight") if len(g) else {}
    community = communities(g)
    rows = []
    for node in sorted(g.nodes):
        data = g.nodes[node]
        rows.append({
            "iri": node,
            "label": data.get("label", ""),
            "class": data.get("cls", ""),
            "family": data.get("family", ""),
            "degree": g.degree(node),
            "in_degree": g.in_degree(node),
            "out_degree": g.out_degree(node),
            "betweenness": round(between.get(node, 0.0), DIGITS),
            "pagerank": round(pagerank.get(node, 0.0), DIGITS),
            "community": community.get(node, -1),
            "betweenness_method": method,
        })
    return rows


def to_csv(rows: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def to_json(g: nx.MultiDiGraph, rows: list[dict[str, object]]) -> str:
    sizes: dict[int, int] = {}
    for row in rows:
        c = int(row["community"])  # type: ignore[call-overload]
        sizes[c] = sizes.get(c, 0) + 1
    method = str(rows[0]["betweenness_method"]) if rows else "exact"
    doc = {
        "graph": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "communities": len(sizes),
                  "betweenness_method": method},
        "measures": {
            "degree": "relations of the entity, both directions, each relation counted once",
            "in_degree": "relations pointing to the entity",
            "out_degree": "relations from the entity",
            "betweenness": "normalised betweenness centrality on the undirected graph of entities"
                           + ("" if method == "exact" else f", estimated ({method})"),
            "betweenness_method": "'exact', or how many source entities the estimate of betweenness sampled",
            "pagerank": "PageRank (alpha 0.85) on the directed graph, parallel relations adding weight",
            "community": f"Louvain community (seed {SEED}), 0 the largest",
        },
        "entities": rows,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _export_graph(g: nx.MultiDiGraph, rows: list[dict[str, object]]) -> nx.MultiDiGraph:
    """A copy with the measures on the nodes and only string/number attributes, for GraphML and GEXF."""
    out = nx.MultiDiGraph()
    by_iri = {r["iri"]: r for r in rows}
    for node in sorted(g.nodes):
        attrs = {k: v for k, v in g.nodes[node].items() if k in ("label", "cls", "family", "acronym", "dates", "page")}
        attrs["iri"] = node
        for k in ("degree", "in_degree", "out_degree", "betweenness", "pagerank", "community"):
            attrs[k] = by_iri[node][k]
        out.add_node(node, **attrs)
    for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        out.add_edge(u, v, key=k, **{a: str(b) for a, b in sorted(data.items())})
    return out


def to_graphml(g: nx.MultiDiGraph, rows: list[dict[str, object]]) -> str:
    return "\n".join(nx.generate_graphml(_export_graph(g, rows), prettyprint=True)) + "\n"


def to_gexf(g: nx.MultiDiGraph, rows: list[dict[str, object]]) -> str:
    text = "\n".join(nx.generate_gexf(_export_graph(g, rows), prettyprint=True)) + "\n"
    # the writer stamps today's date; the output must not depend on the day it is built
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


Measured = tuple[nx.MultiDiGraph, list[dict[str, object]]]


def writers(graph: Graph, settings: Settings, provider: Callable[[], Measured] | None = None) -> dict[str, Callable[[], str | bytes]]:
    """out/analytics.csv and .json, out/miggraph.graphml and .gexf; the graph and its measures are computed once, on demand.

    provider: a function giving the entity graph and its measures, when the caller already has them.
    """
    cache: list[Measured] = []

    def data() -> Measured:
        if not cache:
            if provider is not None:
                cache.append(provider())
            else:
                g = entity_graph(graph, settings)
                cache.append((g, metrics(g)))
        return cache[0]

    return {
        "analytics.csv": lambda: to_csv(data()[1]),
        "analytics.json": lambda: to_json(*data()),
        "miggraph.graphml": lambda: to_graphml(*data()),
        "miggraph.gexf": lambda: to_gexf(*data()),
    }


def write(graph: Graph, settings: Settings, out_dir: Path, progress: Callable[[str], None] | None = None,
          provider: Callable[[], Measured] | None = None) -> list[Path]:
    """(Re)write the analytics files into out_dir, atomically, keeping the other files there."""
    return write_atomically(out_dir, writers(graph, settings, provider), progress)


# ---------------------------------------------------------------------------
# shortest paths, relation by relation
# ---------------------------------------------------------------------------


class EntityNotFound(ValueError):
    """An entity name that matches no entity, or more than one."""


@dataclass(frozen=True)
class Step:
    source: str
    relation: str
    label: str
    target: str
    forward: bool  # True: the triple is source -relation-> target; False: target -relation-> source


def resolve(g: nx.MultiDiGraph, name: str, base: str) -> str:
    """The node an IRI, 'kind/slug', label, acronym, alternative label, symbol or resolution number names (case-insensitive)."""
    text = name.strip()
    if text in g:
        return text
    if base + text in g:
        return base + text
    wanted = text.casefold()
    matches = set()
    for node, data in g.nodes(data=True):
        names = {data.get("label", "")} | {a.strip() for a in data.get("acronym", "").split(",")}
        for attr in ("alt", "symbol", "number"):
            names |= set(data.get(attr, "").split("; "))
        if wanted in {n.casefold() for n in names if n}:
            matches.add(node)
    if not matches:
        raise EntityNotFound(f"no entity is named {name!r} (give an IRI, kind/slug, label, acronym, symbol or resolution number)")
    if len(matches) > 1:
        listed = "\n".join(f"  {entity_path(m, base) or m}  {g.nodes[m].get('label', '')}" for m in sorted(matches))
        raise EntityNotFound(f"{name!r} is ambiguous; it names {len(matches)} entities:\n{listed}")
    return matches.pop()


def shortest_path(g: nx.MultiDiGraph, a: str, b: str, exclude_classes: Iterable[str] = ()) -> list[Step]:
    """The shortest chain of relations between two nodes, in either direction; [] if a == b.

    Raises nx.NetworkXNoPath if none exists. Nodes of excluded classes or class families (e.g. Theme, meetings) are not passed through.
    """
    excluded = set(exclude_classes)
    keep = [n for n in sorted(g.nodes)
            if n in (a, b) or not ({g.nodes[n].get("cls"), g.nodes[n].get("family")} & excluded)]
    undirected = nx.Graph()
    undirected.add_nodes_from(keep)
    kept = set(keep)
    undirected.add_edges_from(sorted({(u, v) for u, v in g.edges() if u in kept and v in kept and u != v}))
    nodes = nx.shortest_path(undirected, a, b)
    steps = []
    for x, y in zip(nodes, nodes[1:], strict=False):
        candidates = [(k, d, True) for k, d in sorted(g.get_edge_data(x, y, default={}).items())]
        candidates += [(k, d, False) for k, d in sorted(g.get_edge_data(y, x, default={}).items())]
        key, data, forward = candidates[0]
        steps.append(Step(x, key, data.get("label", key), y, forward))
    return steps


def explain(g: nx.MultiDiGraph, steps: list[Step], base: str) -> str:
    """The path as text, one relation a line: 'A --adopted by--> B' or 'A <--adopted by-- B'."""

    def name(node: str) -> str:
        data = g.nodes[node]
        acronym = f" ({data['acronym']})" if data.get("acronym") else ""
        return f"{data.get('label', node)}{acronym} [{data.get('cls', '')}, {entity_path(node, base) or node}]"

    if not steps:
        return "the two names give the same entity\n"
    lines = [name(steps[0].source)]
    for st in steps:
        arrow = f"--{st.label}-->" if st.forward else f"<--{st.label}--"
        lines.append(f"  {arrow} {name(st.target)}")
    lines.append(f"{len(steps)} relation(s)")
    return "\n".join(lines) + "\n"


def explain_path(g: nx.MultiDiGraph, a: str, b: str, base: str, exclude_classes: Iterable[str] = ()) -> str:
    """`miggraph path A B`: resolve both names, find the shortest path and explain it relation by relation.

    Raises EntityNotFound for an unknown or ambiguous name, nx.NetworkXNoPath when the two are not connected.
    """
    source, target = resolve(g, a, base), resolve(g, b, base)
    return explain(g, shortest_path(g, source, target, exclude_classes), base)
