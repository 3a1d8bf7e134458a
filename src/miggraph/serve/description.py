"""The endpoint describes itself: a SPARQL 1.1 Service Description at ``GET /sparql`` without a query, and the
build's VoID description (out/void.ttl) at ``/.well-known/void``.

The description names the endpoint as void.ttl's ``void:sparqlEndpoint`` does (so the two agree), the language
(SPARQL 1.1 Query), the result formats, and the default dataset: void.ttl's ``void:Dataset`` is also the
``sd:Dataset``, with its default graph and the named graph of each source document, each with its triple count.

It states no ``sd:inputFormat`` and none of the features of the Service Description vocabulary (§3.4), because the
endpoint has none of them: it parses no RDF input (no Update, so no LOAD; FROM and the dataset parameters fetch
nothing), so no input format and no ``sd:DereferencesURIs``; its default graph holds triples that are in no named
graph, so not ``sd:UnionDefaultGraph``; a query needs no dataset, so not ``sd:RequiresDataset``; ``sd:EmptyGraphs``
is about a store that is updated; ``SERVICE`` is refused, so not ``sd:BasicFederatedQuery``.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENT = Namespace("http://www.w3.org/ns/entailment/")
VOID_FILE = "void.ttl"

# The conneg key of each result format the endpoint writes -> its W3C format IRI.
RESULT_FORMATS = {
    "json": FORMATS.SPARQL_Results_JSON, "xml": FORMATS.SPARQL_Results_XML, "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV, "turtle": FORMATS.Turtle, "ntriples": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"], "rdfxml": FORMATS.RDF_XML,
}
# rdflib's serializer of each RDF format the description is offered in.
SERIALIZERS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}

# The triples of the default graph (?g unbound) and of each named graph.
COUNTS_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g"


def read_void(out_dir: Path) -> Graph:
    """The build's VoID description (an empty graph if the build wrote none)."""
    graph = Graph()
    path = Path(out_dir) / VOID_FILE
    if path.is_file():
        graph.parse(path, format="turtle")
    return graph


def void_dataset(void: Graph) -> URIRef | None:
    """The dataset void.ttl describes: the void:Dataset that has a void:sparqlEndpoint."""
    for ds in void.subjects(VOID.sparqlEndpoint, None):
        if isinstance(ds, URIRef) and (ds, RDF.type, VOID.Dataset) in void:
            return ds
    return None


def endpoint_of(void: Graph) -> str | None:
    """void.ttl's void:sparqlEndpoint."""
    ds = void_dataset(void)
    value = void.value(ds, VOID.sparqlEndpoint) if ds is not None else None
    return str(value) if value is not None else None


def parse_counts(body: bytes) -> dict[str | None, int]:
    """The triple count of each graph (None: the default graph) from the JSON results of COUNTS_QUERY."""
    counts: dict[str | None, int] = {}
    for row in json.loads(body)["results"]["bindings"]:
        graph = row["g"]["value"] if "g" in row else None
        counts[graph] = int(row["n"]["value"])
    return counts


def service_description(endpoint: str, void: Graph, counts: dict[str | None, int]) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint, with void.ttl's dataset as its default dataset."""
    g = Graph()
    for prefix, ns in {"sd": SD, "void": VOID, "formats": FORMATS, "ent": ENT}.items():
        g.bind(prefix, ns)
    for triple in void:
        g.add(triple)
    service = BNode("service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.defaultEntailmentRegime, ENT.Simple))
    for fmt in RESULT_FORMATS.values():
        g.add((service, SD.resultFormat, fmt))
    dataset = void_dataset(void) or BNode("dataset")
    g.add((service, SD.defaultDataset, dataset))
    _describe_dataset(g, dataset, counts)
    return g


def _describe_dataset(g: Graph, dataset: URIRef | BNode, counts: dict[str | None, int]) -> None:
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    default = BNode("default-graph")
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(counts.get(None, 0), datatype=XSD.integer)))
    for i, name in enumerate(sorted(n for n in counts if n is not None)):
        named, graph = BNode(f"named-{i}"), BNode(f"graph-{i}")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(counts[name], datatype=XSD.integer)))


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph in one of the RDF formats (a conneg key of GRAPH)."""
    data = graph.serialize(format=SERIALIZERS[fmt], encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")
