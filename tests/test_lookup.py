"""miggraph.lookup answers every pattern as rdflib's Graph does, on the built graph and on other graphs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef

from miggraph.config import MIG, PROV
from miggraph.lookup import Lookup, lookup
from miggraph.memstore import CompactMemory


@pytest.fixture(scope="module")
def graph(built: Path) -> Graph:
    return Graph(store=CompactMemory()).parse(built / "miggraph.nt", format="nt")


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


def test_reads_the_store_indexes_of_a_graph_in_the_compact_store(graph: Graph) -> None:
    lk = lookup(graph)
    assert lk.holds_terms and lookup(graph) is lk
    _same(lk, graph)


def test_the_loader_makes_the_graph_in_the_compact_store() -> None:
    from miggraph.config import Settings
    from miggraph.load import load

    loaded = load(Settings.default(Path(__file__).resolve().parents[1])).graph
    assert type(loaded.store) is CompactMemory and lookup(loaded).holds_terms


def test_a_graph_in_rdflibs_own_store_is_answered_through_the_graph(graph: Graph) -> None:
    plain = Graph()
    for t in graph:
        plain.add(t)
    lk = lookup(plain)
    assert not lk.holds_terms
    _same(lk, plain)


def test_sees_changes_made_after_it(graph: Graph) -> None:
    g = Graph(store=CompactMemory())
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
