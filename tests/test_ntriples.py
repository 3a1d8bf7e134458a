"""The graph as sorted N-Triples, written from its index without a pyoxigraph Triple per triple: the very lines,
in the very order, that pyoxigraph gives when it writes the triples sorted as their text sorts."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from miggraph import export, ntriples
from miggraph.memstore import CompactMemory

BASE = "https://w3id.org/miggraph/id/"
# IRIs where one begins another, so that sorting by whole lines and by terms could differ
IRIS = [f"{BASE}a", f"{BASE}a/b", f"{BASE}a-b", f"{BASE}ab", f"{BASE}a#x", "http://e.org/", "http://e.org/é"]
TEXTS = st.text(alphabet=st.sampled_from(list('a b"\\\n\t\u0001é😀<>^@.')), max_size=6)
LITERALS = st.one_of(
    st.builds(Literal, TEXTS),
    st.builds(lambda t: Literal(t, datatype=XSD.string), TEXTS),
    st.builds(lambda t, lang: Literal(t, lang=lang), TEXTS, st.sampled_from(["en", "en-gb", "fr"])),
    st.builds(lambda t, dt: Literal(t, datatype=dt), TEXTS, st.sampled_from([XSD.integer, XSD.nonNegativeInteger, XSD.date])),
)
TRIPLES = st.lists(st.tuples(st.sampled_from(IRIS), st.sampled_from(IRIS[:4]),
                             st.one_of(st.sampled_from(IRIS).map(URIRef), LITERALS)), max_size=40)


def graph_of(triples: list[tuple[str, str, object]], compact: bool) -> Graph:
    graph = Graph(store=CompactMemory()) if compact else Graph()
    for s, p, o in triples:
        graph.add((URIRef(s), URIRef(p), o))  # type: ignore[arg-type]
    return graph


def by_pyoxigraph(graph: Graph) -> bytes:
    """The reference: every triple as a pyoxigraph Triple, sorted by its text, written by pyoxigraph."""
    return ox.serialize(export.sort_triples(export.ox_triples(graph)), format=ox.RdfFormat.N_TRIPLES) or b""


@settings(max_examples=300, deadline=None)
@given(TRIPLES, st.booleans())
def test_the_lines_and_their_order_are_pyoxigraph_s(triples, compact):  # type: ignore[no-untyped-def]
    graph = graph_of(triples, compact)
    texts = ntriples.TermTexts()
    text = ntriples.sorted_ntriples(graph, texts)
    assert text.read() == by_pyoxigraph(graph)
    assert text.size == len(by_pyoxigraph(graph))
    terms = {t for triple in export.ox_triples(graph) for t in triple}
    assert texts.spaces == {ntriples._namespace(t.datatype.value if isinstance(t, ox.Literal) else t.value) for t in terms}


def test_a_blank_node_is_refused():
    graph = graph_of([(IRIS[0], IRIS[1], Literal("x"))], compact=True)
    graph.add((BNode(), RDF.value, Literal("y")))
    with pytest.raises(ValueError, match="blank node"):
        ntriples.sorted_ntriples(graph)


def test_readers_read_the_text_at_once_each_from_its_own_start():
    text = ntriples.TempText()
    pieces = [f"<{BASE}s{i:05}> <{BASE}p> \"{i}\" .\n".encode() for i in range(60_000)]  # several CHUNKs
    for piece in pieces:
        text.write(piece)
    whole = b"".join(pieces)
    assert text.size == len(whole) > 2 * ntriples.CHUNK
    got: list[bytes] = []
    readers = [threading.Thread(target=lambda: got.append(b"".join(text.chunks()))) for _ in range(3)]
    first = text.open()
    head = first.read(100)
    for r in readers:
        r.start()
    for r in readers:
        r.join()
    assert got == [whole] * 3 and head + first.read() == whole
    parsed = list(ox.parse(text.open(), format=ox.RdfFormat.N_TRIPLES))
    assert len(parsed) == len(pieces)
    text.close()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2), st.lists(st.sampled_from([b"<http://a/s> a:p 1 .\n", b"\t a:q 2 .\n", b"\n", b"  \n",
                                                    b"<g> {\n", b"}\n"]), max_size=12),
       st.lists(st.integers(0, 14), max_size=4))
def test_the_prefix_header_is_the_same_given_whole_or_in_pieces(prefixes, body, cuts):  # type: ignore[no-untyped-def]
    # pyoxigraph's Turtle begins with its @prefix lines; the pieces after the first are the named graphs', each
    # ending with its closing brace
    lines = [b"@prefix a: <http://a/> .\n"] * prefixes + body + [b"}\n"]
    declared = {"a": "http://a/", "z": "http://z/"}
    whole = b"".join(lines)
    bounds = sorted({0, len(lines), *(c for c in cuts if prefixes <= c <= len(lines))})
    pieces = [b"".join(lines[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)] or [b""]
    assert b"".join(export.prefix_header_pieces(pieces, declared)) == export.with_prefix_header(whole, declared)
