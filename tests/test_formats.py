"""Export formats: JSON-LD read by an independent processor, TriG/N-Quads with a named graph per
document, VoID counts, CSV tables and the ontology documentation, each checked against SPARQL."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from _sparql import PREFIXES as SHARED_PREFIXES
from conftest import require
from rdflib import OWL, RDF, Graph

from miggraph.config import DEFAULT_BASE
from miggraph.formats import TABLES

ROOT = Path(__file__).resolve().parents[1]
BASE = DEFAULT_BASE + "id/"
PREFIXES = SHARED_PREFIXES + """PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
"""


def triples(quads) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


@pytest.fixture(scope="module")
def reference(built: Path) -> set[ox.Triple]:
    """The built graph, as the build wrote it in N-Triples."""
    return triples(ox.parse(path=str(built / "miggraph.nt"), format=ox.RdfFormat.N_TRIPLES))


def local_loader(out: Path):
    """A pyld document loader that reads files under out/ and never fetches."""

    def load(url: str, options=None) -> dict:
        path = Path(url.removeprefix("file://")).resolve()
        assert url.startswith("file://") and path.is_relative_to(out.resolve()), f"refused to fetch {url}"
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": json.loads(path.read_text(encoding="utf-8"))}

    return load


def pyld_triples(path: Path, out: Path) -> set[ox.Triple]:
    from pyld import jsonld

    doc = json.loads(path.read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "base": path.resolve().as_uri(), "documentLoader": local_loader(out)})
    return triples(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))


def test_jsonld_by_pyld_and_turtle_by_oxigraph_equal_the_graph(built, reference):
    """No blank nodes in the graph, so isomorphic means equal sets of triples."""
    require(importlib.util.find_spec("pyld") is not None, "pyld (test extra)")
    assert len(reference) > 20000
    from_turtle = triples(ox.parse(path=str(built / "miggraph.ttl"), format=ox.RdfFormat.TURTLE))
    assert from_turtle == reference
    from_jsonld = pyld_triples(built / "miggraph.jsonld", built)
    assert from_jsonld == reference
    assert not any(isinstance(t, ox.BlankNode) for tr in reference for t in (tr.subject, tr.object))


def named_graphs(path: Path, fmt: ox.RdfFormat) -> tuple[set[ox.Triple], dict[str, set[ox.Triple]]]:
    default: set[ox.Triple] = set()
    named: dict[str, set[ox.Triple]] = {}
    for q in ox.parse(path=str(path), format=fmt):
        t = ox.Triple(q.subject, q.predicate, q.object)
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.add(t)
        else:
            named.setdefault(q.graph_name.value, set()).add(t)
    return default, named


def as_stored(data: set[ox.Triple]) -> set[ox.Triple]:
    """The triples as a pyoxigraph store gives them back: it keeps values, not lexical forms or integer subtypes
    ("1.50"^^xsd:decimal comes back as "1.5", xsd:nonNegativeInteger as xsd:integer)."""
    s = ox.Store()
    s.extend(ox.Quad(t.subject, t.predicate, t.object) for t in data)
    return triples(s)


def test_trig_and_nquads_hold_the_graph_and_one_named_graph_per_document(built, store, reference):
    default, named = named_graphs(built / "miggraph.trig", ox.RdfFormat.TRIG)
    assert default == reference
    assert named_graphs(built / "miggraph.nq", ox.RdfFormat.N_QUADS) == (default, named)
    documents = [r["doc"] for r in store.query(PREFIXES + """
        SELECT DISTINCT ?doc WHERE { ?st a rdf:Statement ; prov:wasDerivedFrom/mig:inDocument ?doc } ORDER BY ?doc""")]
    assert len(documents) >= 5
    assert sorted(named) == sorted(BASE + "graph/" + d.value.rsplit("/", 1)[-1] for d in documents)
    for doc in documents:
        cites = f"?st a rdf:Statement ; prov:wasDerivedFrom ?pa . ?pa mig:inDocument {doc} ."
        expected = set()
        for construct in (
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {cites} ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o }}",
            f"CONSTRUCT {{ ?st ?p ?o }} WHERE {{ {{ SELECT DISTINCT ?st WHERE {{ {cites} }} }} ?st ?p ?o "
            f"FILTER(?p != prov:wasDerivedFrom) }}",
            f"CONSTRUCT {{ ?st prov:wasDerivedFrom ?pa }} WHERE {{ {cites} }}",
            f"CONSTRUCT {{ ?pa ?p ?o }} WHERE {{ {{ SELECT DISTINCT ?pa WHERE {{ {cites} }} }} ?pa ?p ?o }}",
        ):
            expected |= triples(store.query(PREFIXES + construct))
        got = named[BASE + "graph/" + doc.value.rsplit("/", 1)[-1]]
        assert as_stored(got) == expected, doc
        assert got <= reference


def test_serialisations_agree_on_the_triple_count(built, reference):
    """N-Triples lines, TriG's and N-Quads' default graph, Turtle and JSON-LD (the test above) hold the same number of triples."""
    default, _ = named_graphs(built / "miggraph.trig", ox.RdfFormat.TRIG)
    nq_default, _ = named_graphs(built / "miggraph.nq", ox.RdfFormat.N_QUADS)
    lines = [line for line in (built / "miggraph.nt").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == len(default) == len(nq_default) == len(reference) > 20000


def one(store: ox.Store, query: str) -> int:
    (row,) = list(store.query(PREFIXES + query))
    return int(row[0].value)


def test_void_counts_equal_sparql_counts(built, store):
    void = ox.Store()
    void.load(path=str(built / "void.ttl"), format=ox.RdfFormat.TURTLE)

    def described(query: str) -> list:
        return [[t.value if t is not None else None for t in r] for r in void.query(PREFIXES + query)]

    ((ds,),) = described("SELECT ?d WHERE { ?d a void:Dataset, dcat:Dataset }")
    d = f"<{ds}>"
    stats = dict(described(f"SELECT ?p ?n WHERE {{ {d} ?p ?n FILTER(isLiteral(?n) && DATATYPE(?n) = xsd:integer) }}"))
    void_ns = "http://rdfs.org/ns/void#"
    assert int(stats[void_ns + "triples"]) == one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") > 20000
    assert int(stats[void_ns + "distinctSubjects"]) == one(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert int(stats[void_ns + "entities"]) == one(
        store, f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{BASE}")) }}')
    assert int(stats[void_ns + "properties"]) == one(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    classes = described(f"SELECT ?c ?n WHERE {{ {d} void:classPartition [ void:class ?c ; void:entities ?n ] }}")
    expected = {r["c"].value: int(r["n"].value) for r in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    assert {c: int(n) for c, n in classes} == expected
    assert expected["https://w3id.org/miggraph/ontology#Resolution"] > 10
    props = described(f"SELECT ?p ?n WHERE {{ {d} void:propertyPartition [ void:property ?p ; void:triples ?n ] }}")
    assert {p: int(n) for p, n in props} == {r["p"].value: int(r["n"].value) for r in
                                               store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")}
    vocabularies = {v for (v,) in described(f"SELECT ?v WHERE {{ {d} void:vocabulary ?v }}")}
    assert {"https://w3id.org/miggraph/ontology#", "http://www.w3.org/ns/prov#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "http://purl.org/linked-data/cube#", "http://www.w3.org/2004/02/skos/core#"} <= vocabularies
    fields = dict(described(f"SELECT ?p ?o WHERE {{ {d} ?p ?o FILTER(?p IN (void:sparqlEndpoint, void:uriSpace, dcterms:license)) }}"))
    assert fields == {void_ns + "sparqlEndpoint": DEFAULT_BASE + "sparql", void_ns + "uriSpace": BASE,
                      "http://purl.org/dc/terms/license": "https://creativecommons.org/licenses/by/4.0/"}
    assert described(f"SELECT ?t WHERE {{ {d} dcterms:title ?t }}") and described(f"SELECT ?v WHERE {{ {d} dcat:version ?v }}")
    assert described(f"SELECT ?c WHERE {{ {d} dcterms:creator ?c }}") == described(f"SELECT ?c WHERE {{ {d} dcterms:publisher ?c }}")
    dists = described(f"SELECT ?url ?type WHERE {{ {d} dcat:distribution [ dcat:downloadURL ?url ; dcat:mediaType ?type ] }}")
    dumps = {u for (u,) in described(f"SELECT ?u WHERE {{ {d} void:dataDump ?u }}")}
    assert {u for u, _ in dists} >= dumps >= {DEFAULT_BASE + f for f in ("miggraph.ttl", "miggraph.nt", "miggraph.trig", "miggraph.nq",
                                                                         "miggraph.jsonld")}
    for url, media in dists:
        assert (built / url.removeprefix(DEFAULT_BASE)).is_file(), url
        assert media.startswith("https://www.iana.org/assignments/media-types/")
    examples = described(f"SELECT ?e WHERE {{ {d} void:exampleResource ?e }}")
    assert examples
    for (e,) in examples:
        assert store.query(f"ASK {{ <{e}> a ?c }}")


PREDICATES = {"label": "http://www.w3.org/2000/01/rdf-schema#label", "altLabel": "http://www.w3.org/2004/02/skos/core#altLabel",
              "seeAlso": "http://www.w3.org/2000/01/rdf-schema#seeAlso", "sameAs": "http://www.w3.org/2002/07/owl#sameAs",
              "type": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}


def number(text: str) -> str:
    """Numbers compared by value (the store answers "15000000" for "15000000.0"^^xsd:decimal)."""
    return str(Decimal(text).normalize()) if re.fullmatch(r"-?\d+(\.\d+)?", text) else text


def test_csv_rows_equal_sparql_answers(built, store):
    files = sorted((built / "csv").glob("*.csv"))
    names = {f.stem for f in files}
    assert {"documents", "resolutions", "meetings", "organisations", "processes", "instruments", "programmes", "people", "countries",
            "memberships", "roles", "ratifications"} <= names
    kinds = {name: kind for kind, name in TABLES.items()}
    for f in files:
        raw = f.read_bytes().decode("utf-8")
        assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")  # RFC 4180 line ends (no newline inside a value)
        header, *rows = list(csv.reader(io.StringIO(raw, newline="")))
        assert header[:5] == ["id", "label", "acronym", "altLabel", "type"], f.name
        prefix = f"{BASE}{kinds[f.stem]}/"
        values: dict[str, dict[str, set[str]]] = {}
        for r in store.query(f'SELECT ?e ?p ?o WHERE {{ ?e a ?c ; ?p ?o FILTER(STRSTARTS(STR(?e), "{prefix}")) }}'):
            values.setdefault(r["e"].value, {}).setdefault(r["p"].value, set()).add(r["o"].value)
        assert sorted(r[0] for r in rows) == sorted(values), f.name
        for row in rows:
            assert len(row) == len(header)
            for col, cell in zip(header[1:], row[1:], strict=True):
                pred = PREDICATES.get(col, "https://w3id.org/miggraph/ontology#" + col)
                want = values[row[0]].get(pred, set())
                if col == "type":
                    want = {v.replace("https://w3id.org/miggraph/ontology#", "mig:").replace("http://purl.org/linked-data/cube#", "qb:")
                            .replace("http://www.w3.org/2004/02/skos/core#", "skos:") for v in want}
                assert {number(v) for v in cell.split(" | ")} - {""} == {number(v) for v in want}, (f.name, row[0], col)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("src", "href"):
            if a.get(key) is not None:
                self.urls.append((tag, a[key]))


def test_ontology_docs_are_offline_and_anchor_every_class(built):
    require(importlib.util.find_spec("pylode") is not None, "pylode")
    page = (built / "ontology" / "index.html").read_text(encoding="utf-8")
    tags = Tags()
    tags.feed(page)
    for tag, url in tags.urls:
        if tag in ("script", "link", "img", "iframe", "source"):
            assert not re.match(r"^(https?:)?//", url), url
    ontology = Graph().parse(ROOT / "ontology" / "miggraph.ttl")
    classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith("https://w3id.org/miggraph/ontology#")}
    assert len(classes) > 40
    for c in classes:
        assert f">{c}<" in page, c  # the IRI is shown in the class's section
    assert {"Resolution", "Meeting", "Passage"} <= tags.ids
