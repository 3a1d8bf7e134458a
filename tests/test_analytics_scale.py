"""Betweenness on graphs above the exact limit: a sampled estimate with a fixed seed, the same every run, and the method
named in the CSV and JSON; exact below the limit."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from miggraph import analyze
from miggraph.viz.network import synthetic_graph


def _undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph, nodes in IRI order (the sample of sources depends on the order)."""
    und = nx.Graph()
    und.add_nodes_from(sorted(g.nodes))
    und.add_edges_from((u, v) for u, v in g.edges() if u != v)
    return und


def test_betweenness_is_sampled_above_the_limit_deterministically_and_says_so():
    g = synthetic_graph(300, seed=5)
    rows = analyze.metrics(g, exact_limit=100, sources=40)
    assert rows == analyze.metrics(g, exact_limit=100, sources=40)
    method = "sampled: 40 of 300 source entities, seed 42"
    assert {r["betweenness_method"] for r in rows} == {method}
    expected = nx.betweenness_centrality(_undirected(g), k=40, seed=analyze.SEED)
    for row in rows:
        assert row["betweenness"] == pytest.approx(expected[row["iri"]], abs=1e-7)
    exact = nx.betweenness_centrality(_undirected(g))
    assert any(abs(float(r["betweenness"]) - exact[str(r["iri"])]) > 1e-6 for r in rows)  # an estimate, not the exact value
    # the hubs still come first
    top = sorted(exact, key=exact.get, reverse=True)[:5]  # type: ignore[arg-type]
    estimated = sorted(rows, key=lambda r: -float(r["betweenness"]))[:10]  # type: ignore[arg-type]
    assert len(set(top) & {r["iri"] for r in estimated}) >= 4
    # the files name the method
    table = list(csv.DictReader(io.StringIO(analyze.to_csv(rows))))
    assert table[0]["betweenness_method"] == method
    doc = json.loads(analyze.to_json(g, rows))
    assert doc["graph"]["betweenness_method"] == method and method in doc["measures"]["betweenness"]


def test_betweenness_is_exact_up_to_the_limit():
    g = synthetic_graph(300, seed=5)
    rows = analyze.metrics(g)  # 300 entities: below the default limit
    exact = nx.betweenness_centrality(_undirected(g))
    assert {r["betweenness_method"] for r in rows} == {"exact"}
    for row in rows:
        assert row["betweenness"] == pytest.approx(exact[row["iri"]], abs=1e-7)
    doc = json.loads(analyze.to_json(g, rows))
    assert doc["graph"]["betweenness_method"] == "exact" and "estimated" not in doc["measures"]["betweenness"]
    assert analyze.metrics(g, exact_limit=299, sources=300)[0]["betweenness_method"] == "exact"  # every source: exact
