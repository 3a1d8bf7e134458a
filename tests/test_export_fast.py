"""The serialisers write through pyoxigraph: same graph back, datatypes and lexical forms kept, readable, deterministic."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from miggraph import export, formats
from miggraph.config import MIG, PROV, Settings

ID = "https://w3id.org/miggraph/id/"


def sample_graph(order_seed: int = 0) -> Graph:
    """Every kind of literal the build makes, plus the awkward ones, added in a shuffled order."""
    meeting, passage = URIRef(f"{ID}meeting/m-1"), URIRef(f"{ID}passage/doc-1-10-20")
    triples = [
        (meeting, RDF.type, MIG.Conference),
        (meeting, RDFS.label, Literal("Conference on “migration” & <development>", lang="en")),
        (meeting, MIG.participantCount, Literal("0012", datatype=XSD.nonNegativeInteger)),
        (meeting, MIG.startDate, Literal("2006-09-14", datatype=XSD.date)),
        (meeting, MIG.endDate, Literal("2006", datatype=XSD.gYear)),
        (meeting, MIG.share, Literal("1.50", datatype=XSD.decimal)),
        (meeting, MIG.isTotal, Literal("true", datatype=XSD.boolean)),
        (meeting, MIG["count"], Literal("-7", datatype=XSD.integer)),
        (meeting, MIG.ratio, Literal("1.0E3", datatype=XSD.double)),
        (meeting, MIG.description, Literal('two lines\nwith "quotes", a tab\t and a backslash \\')),
        (meeting, PROV.wasDerivedFrom, passage),
        (passage, RDF.type, MIG.Passage),
        (passage, MIG.startOffset, Literal(10, datatype=XSD.nonNegativeInteger)),
        (passage, MIG.quote, Literal("Dialogue")),
        (URIRef("https://example.org/other#x"), RDFS.seeAlso, URIRef("https://undocs.org/en/A/RES/60/227")),
    ]
    random.Random(order_seed).shuffle(triples)  # noqa: S311 (an order, not a secret)
    g = Graph()
    g.bind("id", ID)
    for t in triples:
        g.add(t)
    return g


def whole(content: str | bytes | object) -> bytes:
    """A rendered file's bytes, given whole or a piece at a time."""
    if isinstance(content, str):
        return content.encode("utf-8")
    return content if isinstance(content, bytes) else b"".join(content)  # type: ignore[arg-type]


def literals(graph: Graph) -> set[tuple[str, str | None, str | None]]:
    return {(str(o), str(o.datatype) if o.datatype else None, o.language) for o in graph.objects() if isinstance(o, Literal)}


def test_turtle_parses_back_to_the_same_graph_with_datatypes_and_lexical_forms():
    graph = sample_graph()
    text = export.to_turtle(graph)
    back = Graph().parse(data=text, format="turtle")
    assert isomorphic(back, graph)
    assert literals(back) == literals(graph)
    assert ("12", str(XSD.nonNegativeInteger), None) in literals(back)  # not xsd:integer
    assert ("1.50", str(XSD.decimal), None) in literals(back)  # lexical form kept
    # pyoxigraph reads it back the same way, datatypes included
    parsed = {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)}
    assert parsed == {(str(t.subject), str(t.predicate), str(t.object)) for t in export.ox_triples(graph)}


def test_turtle_is_readable_and_deterministic():
    text = export.to_turtle(sample_graph(1))
    assert all(export.to_turtle(sample_graph(seed)) == text for seed in (2, 3, 4))
    header = [line for line in text.splitlines() if line.startswith("@prefix")]
    names = [line.split()[1] for line in header]
    assert names == sorted(names)
    assert {"mig:", "prov:", "rdf:", "rdfs:", "xsd:", "id:"} <= set(names)
    assert "qb:" not in names  # only the prefixes the graph uses
    assert "mig:Conference" in text and "\\/" not in text  # terms abbreviated, instance IRIs written whole
    assert f"<{ID}meeting/m-1> a mig:Conference ;" in text
    assert "\n\n<" in text  # a blank line between subjects


def test_ntriples_are_sorted_lines_of_the_same_graph():
    graph = sample_graph()
    text = export.to_ntriples(graph)
    lines = text.splitlines()
    assert lines == sorted(set(lines)) and len(lines) == len(graph)
    assert isomorphic(Graph().parse(data=text, format="nt"), graph)
    assert all(export.to_ntriples(sample_graph(seed)) == text for seed in (5, 6))
    # without tabs (which rdflib writes raw and pyoxigraph escapes), the very lines rdflib's writer gives
    graph.remove((None, MIG.description, None))
    expected = sorted({line for line in graph.serialize(format="nt", encoding="utf-8").decode().splitlines() if line.strip()})
    assert export.to_ntriples(graph) == "\n".join(expected) + "\n"


def test_an_explicit_xsd_string_is_written_as_the_simple_literal_it_equals():
    graph = Graph()
    graph.add((URIRef(f"{ID}x/y"), MIG.note, Literal("text", datatype=XSD.string)))
    assert export.to_ntriples(graph) == f'<{ID}x/y> <{MIG}note> "text" .\n'


def test_blank_nodes_are_refused_rather_than_written_with_random_ids():
    graph = sample_graph()
    graph.add((BNode(), RDFS.label, Literal("anonymous")))
    with pytest.raises(ValueError, match="blank node"):
        export.to_turtle(graph)


def test_trig_keeps_the_graph_and_a_sorted_prefix_header():
    graph = sample_graph()
    data = formats.to_trig(graph, Settings.default())
    text = data.decode("utf-8")
    names = [line.split()[1] for line in text.splitlines() if line.startswith("@prefix")]
    assert names == sorted(names) and "mig:" in names
    default = {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(data, format=ox.RdfFormat.TRIG)
               if q.graph_name == ox.DefaultGraph()}
    assert default == {(str(t.subject), str(t.predicate), str(t.object)) for t in export.ox_triples(graph)}


def test_jsonld_compacts_iris_but_never_the_text_of_a_literal():
    from pyld import jsonld

    graph = sample_graph()
    node = URIRef(f"{ID}org/x")
    tricky = [
        f'{{"@id":"{ID}org/y"}}',
        f',"{MIG}quote":[',
        f'"@type":"{MIG}Conference"',
        f'"rdf:type":[{{"@id":"{MIG}Body"}}]',
        f"{ID}org/z",
    ]
    for text in tricky:
        graph.add((node, MIG.note, Literal(text)))
    graph.add((node, RDFS.seeAlso, Literal(f"{ID}org/z", datatype=XSD.anyURI)))
    graph.add((node, RDF.type, MIG.Body))
    graph.add((node, RDF.type, MIG.Organization))
    context = export.jsonld_context(graph)
    data = export.to_jsonld(graph, context)
    doc = json.loads(data)
    doc["@context"] = context["@context"]
    assert '"@id":"id:org/x"' in data and '"@type":["mig:Body","mig:Organization"]' in data  # compacted
    by_pyld = {line for line in jsonld.to_rdf(doc, {"format": "application/n-quads"}).splitlines() if line.strip()}
    assert len(by_pyld) == len(graph) and {f'<{node}> <{MIG}note> {json.dumps(t)} .' for t in tricky} <= by_pyld
    assert isomorphic(Graph().parse(data=json.dumps(doc), format="json-ld"), graph)
    assert all(export.to_jsonld(sample_graph(seed), context) == export.to_jsonld(sample_graph(0), context) for seed in (1, 2))


def test_the_dumps_render_first_and_the_conversion_is_let_go_once_they_are_written(tmp_path) -> None:  # type: ignore[no-untyped-def]
    graph = sample_graph()
    prepared = export.lazy_prepared(graph)
    seen: list[tuple[str, bool]] = []

    def other(name: str) -> export.Render:
        def render() -> str:
            seen.append((name, prepared.made is not None))
            return name

        return render

    writers: dict[str, export.Render] = {"aaa.txt": other("aaa.txt"), "zzz.txt": other("zzz.txt")}
    dumps = export.writers(graph, Settings.default().ontology_path, prepared)
    for rel in ("miggraph.ttl", "miggraph.nt"):
        writers[rel] = dumps[rel]
    export.release_after(writers, ("miggraph.ttl", "miggraph.nt", "not-declared.txt"), prepared.release)
    before = {rel: whole(dumps[rel]()) for rel in ("miggraph.ttl", "miggraph.nt")}
    assert prepared.made is not None
    tmp, written = export.render_fresh(tmp_path / "out", writers)
    assert [p.name for p in written] == sorted(writers)  # the paths, as always, in sorted order
    assert seen == [("aaa.txt", False), ("zzz.txt", False)]  # rendered after the dumps, the conversion let go
    for rel, text in before.items():
        assert (tmp / rel).read_bytes() == text
    assert prepared.made is None and next(iter(prepared().triples))  # a later call converts again


def test_a_file_written_a_piece_at_a_time_is_whole_before_what_it_shares_is_let_go(tmp_path) -> None:  # type: ignore[no-untyped-def]
    graph = sample_graph()
    prepared = export.lazy_prepared(graph)
    released: list[bool] = []
    dumps = export.writers(graph, Settings.default().ontology_path, prepared)
    writers = {"miggraph.nt": dumps["miggraph.nt"]}
    expected = export.to_ntriples(graph).encode("utf-8")

    def release() -> None:
        released.append(True)
        prepared.release()  # closes the text the pieces are read from

    export.release_after(writers, ("miggraph.nt",), release)
    content = writers["miggraph.nt"]()
    assert not isinstance(content, bytes) and released == []  # pieces still to come: nothing let go yet
    assert b"".join(content) == expected and released == [True]
    tmp, _ = export.render_fresh(tmp_path / "out", {"miggraph.nt": export.writers(graph, Settings.default().ontology_path)["miggraph.nt"]})
    assert (tmp / "miggraph.nt").read_bytes() == expected


def jsonld_whole(graph: Graph, context: dict) -> bytes:
    """JSON-LD made from pyoxigraph's text whole: compacted, then a node a line (the reference for the pieces)."""
    p = export.Prepared.of(graph)
    data = (ox.serialize(p.triples, format=ox.RdfFormat.JSON_LD) or b"[]").strip()
    data = export.compact_iris(data, context, p.declared.values())
    nodes = data[1:-1].replace(b']},{"@id":', b']},\n{"@id":')
    head = f'{{"@context": "{export.CONTEXT_FILE}",\n "@graph": ['.encode()
    return head + b"\n" + nodes + b"\n]}\n" if nodes else head + b"]}\n"


@pytest.mark.parametrize("chunk", [1, 3, 17, 200, 1 << 20])
def test_jsonld_read_back_in_pieces_is_the_text_made_whole(monkeypatch, chunk):  # type: ignore[no-untyped-def]
    graph = sample_graph()
    node = URIRef(f"{ID}org/x")
    for text in (']},{"@id":"x"', f'"rdf:type":[{{"@id":"{MIG}Body"}}]', f'{{"{MIG}quote', "[", "]"):
        graph.add((node, MIG.note, Literal(text)))
    graph.add((node, RDF.type, MIG.Body))
    context = export.jsonld_context(graph)
    expected = jsonld_whole(graph, context)
    monkeypatch.setattr("miggraph.ntriples.CHUNK", chunk)
    assert b"".join(export.jsonld_pieces(graph, context)) == expected
    assert json.loads(expected)["@graph"]
    assert b"".join(export.jsonld_pieces(Graph(), context)) == jsonld_whole(Graph(), context)
