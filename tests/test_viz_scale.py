"""The overview of a graph too big to draw whole: the most central entities, kept connected, the rest counted by class
family, and a notice saying so; the fast layout used above the energy layout's size."""

from __future__ import annotations

from collections import Counter

import networkx as nx
from test_viz import offline, open_view  # noqa: F401 (offline is a fixture)

from miggraph.viz import html, views
from miggraph.viz.network import synthetic_graph

CAP = 100


def _neighbours(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    adjacency: dict[str, set[str]] = {n: set() for n in g}
    for u, v in g.edges():
        if u != v:
            adjacency[u].add(v)
            adjacency[v].add(u)
    return adjacency


def test_a_graph_above_the_cap_gets_a_capped_overview_that_says_so():
    g = synthetic_graph(400, seed=3)
    view = views.overview(g, cap=CAP)
    entities = [n for n in view.nodes if n["group"] != views.HIDDEN_GROUP]
    boxes = [n for n in view.nodes if n["group"] == views.HIDDEN_GROUP]
    shown = {str(n["id"]) for n in entities}
    assert len(entities) == CAP and shown <= set(g.nodes)
    # the most connected entities are drawn, and what is drawn is connected
    adjacency = _neighbours(g)
    pagerank = nx.pagerank(nx.DiGraph(g))
    by_degree = sorted(g.nodes, key=lambda n: (-len(adjacency[n]), -pagerank[n], n))
    assert set(by_degree[:20]) <= shown
    assert nx.is_connected(nx.Graph(g.subgraph(shown).to_undirected()))
    # every relation between drawn entities, and only those
    expected = sorted((u, v, k) for u, v, k in g.edges(keys=True) if u in shown and v in shown)
    assert sorted((e["from"], e["to"], e["relation"]) for e in view.edges) == expected
    # one box per class family, counting the entities left out
    left_out = Counter(g.nodes[n]["family"] for n in g.nodes if n not in shown)
    assert {str(b["id"]).removeprefix("#not-drawn/"): int(str(b["label"]).split(" ")[0].replace(",", "")) for b in boxes} == left_out
    for b in boxes:
        assert b["lines"][0].startswith(f"{str(b['label']).split(' ')[0]} ")
    assert f"This view shows {CAP} of the 400 entities" in view.note and "PageRank" in view.note
    for family, count in left_out.items():
        assert f"{count:,} {family}" in view.note
    assert not view.physics and all("x" in n and "y" in n for n in view.nodes)
    page = html.render(view, root="../")
    assert "This view shows 100 of the 400 entities" in page
    assert '<a href="../viz/index.html">' in page and '<a href="../index.html">' in page
    index = html.index([view], [])
    assert "This view shows 100 of the 400 entities" in index and '<a href="../index.html">' in index
    # the same graph gives the same view
    again = views.overview(g, cap=CAP)
    assert again.nodes == view.nodes and again.edges == view.edges


def test_a_graph_at_the_cap_is_drawn_whole():
    g = synthetic_graph(CAP, seed=3)
    view = views.overview(g, cap=CAP)
    assert {n["id"] for n in view.nodes} == set(g.nodes) and len(view.edges) == g.number_of_edges()
    assert not view.note and not view.links and view.title == "The whole graph"


def test_central_nodes_connect_separate_pieces_only_through_the_graph():
    g = nx.MultiDiGraph()
    # a star of 10 around a, a star of 5 around b, a path a - x - y - b, and a lone pair c - d
    for i in range(10):
        g.add_edge("a", f"a{i}", key="r")
    for i in range(5):
        g.add_edge("b", f"b{i}", key="r")
    g.add_edge("a", "x", key="r")
    g.add_edge("x", "y", key="r")
    g.add_edge("y", "b", key="r")
    g.add_edge("c", "d", key="r")
    pagerank = {n: 0.0 for n in g}
    chosen = views.central_nodes(g, pagerank, cap=4)
    assert chosen == ["a", "b", "x", "y"]  # b's path to a comes with it
    assert views.central_nodes(g, pagerank, cap=3) == ["a", "x", "y"]  # b with its path would pass the cap
    assert len(views.central_nodes(g, pagerank, cap=100)) == len(g)


def test_the_capped_overview_opens_in_a_browser(tmp_path, offline):  # noqa: F811
    g = synthetic_graph(400, seed=3)
    view = views.overview(g, cap=CAP)
    path = tmp_path / "viz" / "overview.html"
    path.parent.mkdir(parents=True)
    path.write_text(html.render(view, root="../"), encoding="utf-8")
    info = open_view(offline, path)
    assert len(info["nodes"]) == len(view.nodes) and len(info["edges"]) == len(view.edges)
    assert info["positions"]["#not-drawn/documents"]["x"] > max(p["x"] for i, p in info["positions"].items() if not i.startswith("#"))


def test_the_fast_layout_is_deterministic_and_spread_out():
    g = synthetic_graph(views.ENERGY_LAYOUT_LIMIT + 200, seed=3)
    edges = [(u, v) for u, v in g.edges()]
    first = views.spring_positions(list(g.nodes), edges)
    assert first == views.spring_positions(list(g.nodes), edges)
    assert len(set(first.values())) == len(first)
    xs = [x for x, _ in first.values()]
    assert max(xs) - min(xs) > 1000  # pixels: spread over the canvas, not collapsed


def test_co_mentions_above_the_cap_draw_the_most_mentioned_entities_and_say_so():
    from rdflib import RDF, RDFS, Graph, Literal, URIRef
    from test_analyze import BASE, ROOT

    from miggraph.config import MIG, Settings
    from miggraph.viz import load_vocabulary, to_networkx

    settings = Settings.default(ROOT)
    graph = Graph()
    entities = [URIRef(f"{BASE}org/e{i:02d}") for i in range(30)]
    for i, e in enumerate(entities):
        graph.add((e, RDF.type, MIG.Organization))
        graph.add((e, RDFS.label, Literal(f"Entity {i}", lang="en")))
    for j in range(60):  # passage j names entities j and j + 1 (mod 30); entities 20 to 29 once more each
        p = URIRef(f"{BASE}passage/p{j}")
        graph.add((p, RDF.type, MIG.Passage))
        for e in {entities[j % 30], entities[(j + 1) % 30]}:
            graph.add((p, MIG.mentions, e))
    for i in range(20, 30):
        graph.add((URIRef(f"{BASE}passage/q{i}"), RDF.type, MIG.Passage))
        graph.add((URIRef(f"{BASE}passage/q{i}"), MIG.mentions, entities[i]))
    vocab = load_vocabulary(settings.ontology_path)
    g = to_networkx(graph, settings.instance_base, vocab)
    view = views.co_mentions(graph, g, vocab, cap=10)
    shown = {str(n["id"]) for n in view.nodes}
    assert shown == {str(e) for e in entities[20:]}  # in 5 passages each, the others in 4
    assert all(e["from"] in shown and e["to"] in shown for e in view.edges) and len(view.edges) == 9
    assert "This view shows the 10 entities named in the most passages, of the 30 that passages name (9 of 30 pairs)" in view.note
    assert view.links == views.FIND_THE_REST
    whole = views.co_mentions(graph, g, vocab)
    assert len(whole.nodes) == 30 and not whole.note
