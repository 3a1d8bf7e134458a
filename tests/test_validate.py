"""`miggraph validate` and validation in the build, as a user meets them."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from _http import Recorder
from click.testing import CliRunner
from rdflib import Graph, URIRef

from miggraph.build import build_to
from miggraph.cli import main
from miggraph.config import Settings
from miggraph.validate import (
    SH,
    InvalidGraphError,
    RdfInputError,
    load_ontology,
    load_shapes,
    read_rdf,
    validate_graph,
)

ROOT = Path(__file__).resolve().parents[1]

BROKEN = """@prefix mig: <https://w3id.org/miggraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/id/meeting/m1> a mig:Conference ;
    rdfs:label "My regional conference"@en ;
    mig:startDate "2010-05-02"^^xsd:date ;
    mig:endDate "2010-05-01"^^xsd:date .
"""


def test_shipped_graph_conforms(built):
    report = validate_graph(Graph().parse(built / "miggraph.nt", format="nt"), Settings(root=ROOT))
    violations = [f"{f.shape} {f.focus} {f.path} {f.message}" for f in report.findings if f.severity == SH.Violation]
    assert violations == []
    assert report.conforms


def test_build_writes_the_validation_report(built):
    results = Graph().parse(built / "validation-report.ttl", format="turtle")
    assert (None, SH.conforms, None) in results
    violations = list(results.subjects(SH.resultSeverity, SH.Violation))
    assert violations == []


def test_validate_a_user_file_names_shape_path_and_focus(tmp_path):
    user = tmp_path / "mine.ttl"
    user.write_text(BROKEN, encoding="utf-8")
    report_file = tmp_path / "report.ttl"
    result = CliRunner().invoke(main, ["validate", str(user), "--report", str(report_file)])
    assert result.exit_code == 1, result.output
    assert "Conforms: no" in result.output
    assert "migsh:DateShape" in result.output
    assert "My regional conference <https://example.org/id/meeting/m1>" in result.output
    assert "path mig:endDate" in result.output
    assert "is before the start date" in result.output
    results = Graph().parse(report_file, format="turtle")
    focus = set(results.objects(None, SH.focusNode))
    assert any(str(f) == "https://example.org/id/meeting/m1" for f in focus)


def test_validate_a_conforming_user_file_exits_zero(tmp_path):
    user = tmp_path / "fine.nt"
    user.write_text('<https://example.org/x> <https://example.org/p> "v" .\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(user), "--report", str(tmp_path / "r.ttl")])
    assert result.exit_code == 0, result.output
    assert "Conforms: yes" in result.output


@pytest.mark.parametrize("name, text, where", [
    ("bad.ttl", '@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n', "bad.ttl:3:"),
    ("bad.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> .\n", "bad.nt:2:"),
    ("bad.jsonld", '{"@id": "http://e/a",\n "http://e/b": [1, 2,}\n', "bad.jsonld:2:"),
])
def test_syntax_error_gives_line_and_column(tmp_path, name, text, where):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--report", str(tmp_path / "r.ttl")])
    assert result.exit_code == 2
    assert where in result.output
    assert "syntax error" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "r.ttl").exists()


def test_rdf_xml_is_refused(tmp_path):
    path = tmp_path / "evil.rdf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', encoding="utf-8")
    with pytest.raises(RdfInputError, match="RDF/XML is not accepted"):
        read_rdf([path])


def test_jsonld_remote_context_is_never_fetched(tmp_path):
    recorder = Recorder()
    try:
        path = tmp_path / "remote.jsonld"
        path.write_text(f'{{"@context": "{recorder.url}/context.jsonld", "@id": "http://e/a", "name": "x"}}', encoding="utf-8")
        with pytest.raises(RdfInputError, match="never fetched"):
            read_rdf([path])
    finally:
        recorder.close()
    assert recorder.hits == []


# A meeting whose end date comes before its start date: the loader accepts it, the shapes do not.
BACKWARDS_MEETING = """document: a-65-944
records:
  - id: meeting/backwards-debate
    type: Debate
    label: "informal thematic debate with its dates swapped"
    source: {para: "1", quote: "the President of the General Assembly convened an informal thematic debate"}
    startDate:
      value: "2011-05-19"
      source: {para: "1", quote: "in New York on 19 May 2011"}
    endDate:
      value: "2011-05-18"
      source: {para: "1", quote: "in New York on 19 May 2011"}
      note: "Test fixture: a date read wrongly, which the shapes must catch."
"""


# in one process; in two, validating beside the files; in two, validating before them (as a large graph is)
PROCESSES = [(1, None), (2, None), (2, 0)]


@pytest.mark.parametrize(("jobs", "beside_up_to"), PROCESSES)
def test_build_refuses_a_non_conforming_graph_and_leaves_out_untouched(tmp_path, project, jobs, beside_up_to, monkeypatch):
    if beside_up_to is not None:
        monkeypatch.setattr(importlib.import_module("miggraph.build"), "BESIDE_UP_TO", beside_up_to)
    settings = project(BACKWARDS_MEETING)
    out = tmp_path / "out"
    out.mkdir()
    (out / "miggraph.ttl").write_text("previous build\n", encoding="utf-8")
    with pytest.raises(InvalidGraphError) as info:
        build_to(out, root=settings.root, jobs=jobs)
    focus = {str(f.focus) for f in info.value.report.findings if f.severity == SH.Violation}
    assert focus == {"https://w3id.org/miggraph/id/meeting/backwards-debate"}
    assert sorted(p.name for p in out.iterdir()) == ["miggraph.ttl"]
    assert (out / "miggraph.ttl").read_text(encoding="utf-8") == "previous build\n"

    result = CliRunner().invoke(main, ["build", "--root", str(settings.root), "--out", str(out), "--jobs", str(jobs)])
    assert result.exit_code == 1
    assert "not published" in result.output and "backwards-debate" in result.output
    assert (out / "miggraph.ttl").read_text(encoding="utf-8") == "previous build\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out-new-")]  # no fresh folder left beside out/


@pytest.mark.parametrize(("jobs", "beside_up_to"), PROCESSES)
def test_allow_invalid_publishes_with_the_report(tmp_path, project, jobs, beside_up_to, monkeypatch):
    if beside_up_to is not None:
        monkeypatch.setattr(importlib.import_module("miggraph.build"), "BESIDE_UP_TO", beside_up_to)
    settings = project(BACKWARDS_MEETING)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--root", str(settings.root), "--out", str(out), "--allow-invalid",
                                       "--jobs", str(jobs)])
    assert result.exit_code == 0, result.output
    results = Graph().parse(out / "validation-report.ttl", format="turtle")
    assert any(str(f).endswith("meeting/backwards-debate") for f in results.objects(None, SH.focusNode))


def test_ontology_checks_from_the_command_line(built, tmp_path):
    result = CliRunner().invoke(main, ["validate", "--graph", str(built / "miggraph.nt"), "--ontology",
                                       "--report", str(tmp_path / "r.ttl")])
    assert result.exit_code == 0, result.output
    assert "Ontology checks: 0 problem(s)" in result.output


def test_validating_a_user_file_leaves_the_published_report_alone(tmp_path):
    user = tmp_path / "mine.ttl"
    user.write_text(BROKEN, encoding="utf-8")
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=tmp_path) as here:
        (Path(here) / "out").mkdir()
        (Path(here) / "out" / "validation-report.ttl").write_text("published\n", encoding="utf-8")
        result = runner.invoke(main, ["validate", str(user)])
        assert result.exit_code == 1
        assert (Path(here) / "out" / "validation-report.ttl").read_text(encoding="utf-8") == "published\n"
        assert (None, SH.conforms, None) in Graph().parse(Path(here) / "validation-report.ttl", format="turtle")


def _synthetic_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _broken_synthetic_graph() -> Graph:
    """A synthetic graph of a few documents with mistakes of many kinds, for focus nodes of every shape."""
    from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef

    mig = Namespace("https://w3id.org/miggraph/ontology#")
    prov = Namespace("http://www.w3.org/ns/prov#")
    i = "https://w3id.org/miggraph/id/"
    g = _synthetic_module().graph(6)
    org, doc, meeting = URIRef(f"{i}org/agency-2-0"), URIRef(f"{i}document/syn-3"), URIRef(f"{i}meeting/conference-4-1")
    g.remove((org, RDFS.label, None))  # no label
    g.add((URIRef(f"{i}org/agency-1-1"), RDFS.label, Literal("A second label", lang="en")))
    g.add((URIRef(f"{i}org/agency-1-0"), mig.acronym, Literal("UNREIFIED")))  # a fact without its statement
    g.remove((doc, RDFS.seeAlso, None))  # no link to the document system
    g.add((doc, mig.symbol, Literal("not a symbol")))
    g.remove((meeting, mig.endDate, None))
    g.add((meeting, mig.endDate, Literal("1900-01-01", datatype=XSD.date)))  # before the start
    g.add((meeting, mig.startDate, Literal("2001", datatype=XSD.string)))  # not a date
    g.add((URIRef(f"{i}meeting/conference-5-0"), mig.theme, URIRef(f"{i}city/city-5")))  # not a theme
    g.add((URIRef(f"{i}person/person-2"), prov.wasDerivedFrom, URIRef(f"{i}org/agency-2-1")))  # not a passage
    quote = next(iter(g.subjects(mig.quote, None)))
    g.remove((quote, mig.endOffset, None))
    g.add((quote, mig.endOffset, Literal("0", datatype=XSD.nonNegativeInteger)))  # ends before it starts
    statement = URIRef(f"{i}statement/syn-1-2")
    g.remove((statement, RDF.object, None))
    g.add((statement, RDF.object, URIRef(f"{i}resolution/none")))  # not asserted
    g.remove((URIRef(f"{i}statement/syn-2-3"), prov.wasDerivedFrom, None))
    g.add((URIRef(f"{i}statement/syn-2-3"), prov.wasDerivedFrom, org))  # derives from a non-passage
    g.remove((URIRef(f"{i}passage/syn-4-0-120"), mig.inDocument, None))
    blank = BNode("anonymous-person")  # a blank focus node
    g.add((blank, RDF.type, mig.Person))
    g.add((blank, mig.acronym, Literal("ANON")))
    return g


def _results(report) -> set[tuple]:
    return {(f.severity, f.shape, f.source_shape, f.focus, f.path, f.value, f.message, f.component) for f in report.findings}


def test_fast_validation_gives_the_reference_results_on_a_broken_synthetic_graph():
    from rdflib.compare import isomorphic

    settings = Settings(root=ROOT)
    shapes, ontology = load_shapes(settings), load_ontology(settings)  # one shapes graph: the same blank property shapes
    graph = _broken_synthetic_graph()
    fast = validate_graph(graph, settings, shapes, ontology)
    reference = validate_graph(graph, settings, shapes, ontology, reference=True)
    assert len(fast.findings) >= 15
    assert {f.shape.split("#")[-1] for f in fast.findings} >= {
        "EntityShape", "FactProvenanceShape", "UndocsLinkShape", "DocumentShape", "DateShape", "LinksShape",
        "PassageShape", "StatementShape"}
    assert _results(fast) == _results(reference)
    assert sorted(fast.findings, key=repr) == sorted(reference.findings, key=repr)
    assert isomorphic(fast.results, reference.results)


GUARD_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:WidgetShape a sh:NodeShape ;
    sh:targetClass ex:Widget ;
    sh:property [ sh:path ex:part ; sh:node ex:PartShape ; sh:message "A part is labelled."@en ] ;
    sh:sparql [
        sh:message "The widget has no colour."@en ;
        sh:select "SELECT $this WHERE { OPTIONAL { $this ex:colour ?c } FILTER (!BOUND(?c)) }" ;
        sh:prefixes [ sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/" ] ] ;
    ] .
ex:PartShape a sh:NodeShape ;
    sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ; sh:minCount 1 ] .
"""
GUARD_DATA = """@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:w1 a ex:Widget ; ex:colour "red" ; ex:part ex:p1 .
ex:w2 a ex:Widget ; ex:part ex:p2 .
ex:p1 rdfs:label "labelled part" .
ex:p2 ex:weight 3 .
ex:w3 ex:colour "blue" .
"""


def test_shapes_that_read_further_are_validated_as_a_whole():
    """A query that does not start from $this is bound to its focus nodes; a shape that reads the values' own
    properties (sh:node) sees the whole graph. Both find what the reference finds."""
    from miggraph.validate import _filters_afterwards, core_part

    settings = Settings(root=ROOT)
    shapes = Graph().parse(data=GUARD_SHAPES, format="turtle")
    ontology = Graph()
    graph = Graph().parse(data=GUARD_DATA, format="turtle")
    select = str(next(iter(shapes.objects(None, SH.select))))
    assert not _filters_afterwards(select)
    assert _filters_afterwards("SELECT $this ?v WHERE { $this ex:p ?v . FILTER (?v > 1) }")
    assert not _filters_afterwards("SELECT $this WHERE { $this ex:p ?v } LIMIT 1")
    assert not _filters_afterwards("SELECT $this (COUNT(*) AS ?n) WHERE { $this ex:p ?v } GROUP BY ?v")
    assert not _filters_afterwards("SELECT $this WHERE { $this ex:p ?v { SELECT ?v WHERE { ?v ex:q ?w } } }")
    assert core_part(graph, ontology, shapes, validate_store(graph)) is None
    fast = validate_graph(graph, settings, shapes, ontology)
    reference = validate_graph(graph, settings, shapes, ontology, reference=True)
    found = {(str(f.focus), f.component.split("#")[-1] if f.component else None) for f in fast.findings}
    assert {("https://example.org/w2", "SPARQLConstraintComponent"), ("https://example.org/w2", "NodeConstraintComponent")} <= found
    assert not any(focus in ("https://example.org/w1", "https://example.org/w3") for focus, _ in found)
    assert sorted(fast.findings, key=repr) == sorted(reference.findings, key=repr)


def validate_store(graph: Graph):
    from miggraph.validate import _store

    return _store(graph)


def test_the_store_validation_reads_holds_the_graph_as_converted() -> None:
    import pyoxigraph as ox

    from miggraph import export, validate

    graph = Graph().parse(ROOT / "ontology" / "miggraph.ttl", format="turtle")
    triples = [t for t in export.ox_triples(graph) if not any(isinstance(x, ox.BlankNode) for x in t)]
    default = ox.DefaultGraph()
    expected = ox.Store()
    expected.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, default) for t in triples)
    store = validate.store_of(ox.serialize(export.sort_triples(triples), format=ox.RdfFormat.N_TRIPLES) or b"")
    assert sorted(map(str, store)) == sorted(map(str, expected)) and len(store) == len(triples)


def test_a_query_filtered_afterwards_starts_from_the_instances_of_its_target_classes_only_when_they_are_its_targets():
    import pyoxigraph as ox

    from miggraph import validate

    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:A a sh:NodeShape ; sh:targetClass ex:Widget .
ex:B a sh:NodeShape ; sh:targetClass ex:Widget ; sh:targetNode ex:w9 .""", format="turtle")
    store = ox.Store()
    store.load(b"""<https://example.org/Gadget> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://example.org/Widget> .
<https://example.org/g1> a <https://example.org/Gadget> . <https://example.org/w1> a <https://example.org/Widget> .
<https://example.org/x1> <https://example.org/colour> "none" .""", format=ox.RdfFormat.TURTLE)
    select = "SELECT ?this WHERE { ?this ?p ?o }"
    ex = "https://example.org/"
    restricted = validate._of_target_classes(select, store, shapes, URIRef(ex + "A"))
    assert "<https://example.org/Gadget> <https://example.org/Widget>" in restricted
    assert {r["this"].value for r in store.query(restricted)} == {ex + "g1", ex + "w1"}  # not x1
    assert validate._of_target_classes(select, store, shapes, URIRef(ex + "B")) == select  # a target node too: as written
