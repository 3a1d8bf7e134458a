"""miggraph.memstore.CompactMemory holds what rdflib's SimpleMemory holds and answers every pattern as it does."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from miggraph.config import MIG
from miggraph.memstore import CompactMemory


@pytest.fixture(scope="module")
def triples(built: Path) -> list[tuple]:
    return list(Graph(store="SimpleMemory").parse(built / "miggraph.nt", format="nt"))


def _pair(triples: list[tuple]) -> tuple[Graph, Graph]:
    compact, simple = Graph(store=CompactMemory()), Graph(store="SimpleMemory")
    for t in triples:
        compact.add(t)
        simple.add(t)
    return compact, simple


def _patterns(triples: list[tuple]) -> list[tuple]:
    """Each of the eight patterns, for terms taken from the triples and for a term the graph does not hold."""
    absent = URIRef("http://example.org/absent")
    samples = triples[:: max(1, len(triples) // 40)] + [(absent, absent, absent)]
    return sorted({tuple(None if keep is None else t[i] for i, keep in enumerate(mask))
                   for t in samples for mask in itertools.product((None, True), repeat=3)}, key=str)


def test_every_pattern_gives_what_simplememory_gives_in_its_order(triples: list[tuple]) -> None:
    compact, simple = _pair(triples)
    assert len(compact) == len(simple) == len(triples) > 1000
    for pattern in _patterns(triples):
        got, expected = list(compact.triples(pattern)), list(simple.triples(pattern))
        if pattern[0] is None and pattern[1] is None and pattern[2] is not None:
            assert sorted(got) == sorted(expected), pattern  # by predicate here, by subject there
        else:
            assert got == expected, pattern


def test_adding_a_triple_twice_holds_it_once_and_removing_leaves_nothing_behind() -> None:
    g = Graph(store=CompactMemory())
    s, o1, o2 = URIRef("http://example.org/s"), URIRef("http://example.org/o1"), Literal("o2")
    for o in (o1, o2, o1, o2):
        g.add((s, RDFS.seeAlso, o))
    assert len(g) == 2 and list(g.objects(s, RDFS.seeAlso)) == [o1, o2]
    g.remove((s, RDFS.seeAlso, o1))
    assert list(g) == [(s, RDFS.seeAlso, o2)] and list(g.subjects(RDFS.seeAlso, o1)) == []
    g.remove((None, None, o2))
    assert len(g) == 0 and g.store.spo == {} and g.store.pos == {}


def test_terms_equal_in_value_but_not_as_terms_stay_distinct() -> None:
    s = URIRef("http://example.org/s")
    values = [Literal("5", datatype=XSD.nonNegativeInteger), Literal("5", datatype=XSD.integer),
              Literal("5.0", datatype=XSD.decimal), Literal("5"), Literal("5", lang="en"), URIRef("5")]
    compact, simple = _pair([(s, MIG.participantCount, v) for v in values + values])
    assert list(compact.objects(s, MIG.participantCount)) == list(simple.objects(s, MIG.participantCount)) == values
    for v in values:
        assert list(compact.subjects(MIG.participantCount, v)) == [s]


def test_sparql_parsing_and_namespaces_work_on_it(built: Path) -> None:
    g = Graph(store=CompactMemory()).parse(built / "miggraph.ttl", format="turtle")
    reference = Graph().parse(built / "miggraph.ttl", format="turtle")
    query = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s a ?o } GROUP BY ?s ORDER BY ?s"
    assert list(g.query(query)) == list(reference.query(query))
    assert dict(g.namespaces())["mig"] == dict(reference.namespaces())["mig"]
    assert g.isomorphic(reference)
    g.update("DELETE WHERE { ?s a ?o }")
    assert not list(g.triples((None, RDF.type, None))) and len(g) == len(reference) - len(
        list(reference.triples((None, RDF.type, None))))
