"""miggraph.lookup answers every pattern as rdflib's Graph does, on the built graph and on other graphs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef

from miggraph.config import MIG, PROV
from miggraph.lookup import Lookup, lookup


@pytest.fixture(scope="module")
def graph(built: Path) -> Graph:
    return Graph().parse(built / "miggraph.nt", format="nt")


def _same(lk: Lookup, g: Graph) -> None:
    assert sorted(lk.triples()) == sorted(g)
    assert lk.subject_counts() == Counter(s for s, _, _ in g)
    assert lk.predicate_counts() == Counter(p for _, p, _ in g)
    assert lk.distinct_objects() == {o for _, _, o in g}
    for s in sorted(set(g.subjects(RDF.type, MIG.Passage)))[:50] + sorted(set(g.subjects(RDF.type, RDF.Statement)))[:50]:
        assert sorted(lk.predicate_objects(s)) == sorted(g.predicate_objects(s))
        assert sorted(lk.subject_predicates(s)) == sorted(g.subject_predicates(s))
        for p in set(g.predicates(s)):
            assert sorted(lk.objects(s, p)) == sorted(g.objects(s, p))
            assert lk.value(s, p) in set(g.objects(s, p))
            assert all(lk.contains(s, p, o) for o in g.objects(s, p))
        assert lk.value(s, URIRef("http://example.org/none")) is None
    for p in (RDF.type, RDFS.label, PROV.wasDerivedFrom):
        assert sorted(lk.subject_objects(p)) == sorted(g.subject_objects(p))
    assert sorted(lk.subjects(RDF.type, MIG.Passage)) == sorted(g.subjects(RDF.type, MIG.Passage))


def test_reads_the_store_indexes_of_a_plain_graph(graph: Graph) -> None:
    lk = lookup(graph)
    assert lk.holds_terms and lookup(graph) is lk
    _same(lk, graph)


def test_reads_the_indexes_of_the_store_without_contexts_the_loader_makes(graph: Graph) -> None:
    from miggraph.config import Settings
    from miggraph.load import load

    loaded = load(Settings.default(Path(__file__).resolve().parents[1])).graph
    assert type(loaded.store).__name__ == "SimpleMemory"
    simple = Graph(store="SimpleMemory")
    for t in graph:
        simple.add(t)
    lk = lookup(simple)
    assert lk.holds_terms
    _same(lk, simple)


def test_sees_changes_made_after_it(graph: Graph) -> None:
    g = Graph()
    g += graph
    lk = lookup(g)
    s = URIRef("http://example.org/s")
    g.add((s, RDFS.label, Literal("added")))
    assert lk.objects(s, RDFS.label) == [Literal("added")]
    g.remove((s, RDFS.label, None))
    assert lk.objects(s, RDFS.label) == [] and s not in lk.subject_counts()
    _same(lk, g)


def test_a_graph_of_a_dataset_is_answered_through_the_graph(graph: Graph) -> None:
    ds = Dataset()
    named = ds.graph(URIRef("http://example.org/g"))
    for i, t in enumerate(graph):
        (named if i % 2 else ds.graph(URIRef("http://example.org/other"))).add(t)
    lk = Lookup(named)
    assert not lk.holds_terms
    _same(lk, named)
