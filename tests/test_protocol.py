"""The SPARQL 1.1 Protocol over the real build on loopback: the dataset (default graph and one named graph per source
document), default-graph-uri / named-graph-uri over the query's FROM / FROM NAMED, every malformed request answered
with a 4xx and a plain message, the query cases of the W3C Protocol test suite, and a real client (SPARQLWrapper)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from test_serve import start_server

ID = "https://w3id.org/miggraph/id/"
A63 = f"{ID}graph/a-63-265"  # the named graph of the Secretary-General's 2008 report A/63/265
A67 = f"{ID}graph/a-67-254"
NOWHERE = "http://example.org/no-such-graph"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


@pytest.fixture(scope="module")
def server(built: Path) -> str:
    return start_server(built)


def get(server: str, pairs: list[tuple[str, str]], accept: str = JSON) -> httpx.Response:
    return httpx.get(f"{server}/sparql", params=pairs, headers={"Accept": accept}, timeout=30)


def form(server: str, pairs: list[tuple[str, str]], accept: str = JSON) -> httpx.Response:
    body = "&".join(f"{k}={quote(v, safe='')}" for k, v in pairs)
    return httpx.post(f"{server}/sparql", content=body.encode(), headers={"Content-Type": FORM, "Accept": accept}, timeout=30)


def values(r: httpx.Response, var: str) -> list[str]:
    assert r.status_code == 200, r.text
    return [b[var]["value"] for b in r.json()["results"]["bindings"] if var in b]


def count(r: httpx.Response) -> int:
    return int(values(r, "n")[0])


# --- the dataset ----------------------------------------------------------------------------------------------------

def test_the_named_graphs_are_the_source_documents(server):
    graphs = set(values(get(server, [("query", GRAPHS)]), "g"))
    assert {A63, A67} <= graphs
    assert all(g.startswith(f"{ID}graph/") for g in graphs)


def test_graph_clause_reads_one_document(server):
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{A63}> {{ ?s ?p ?o }} }}"
    assert 0 < count(get(server, [("query", query)])) < count(get(server, [("query", COUNT)]))


def test_named_graph_uri_restricts_the_named_graphs(server):
    assert values(get(server, [("query", GRAPHS), ("named-graph-uri", A63)]), "g") == [A63]
    both = values(form(server, [("query", GRAPHS), ("named-graph-uri", A63), ("named-graph-uri", A67)]), "g")
    assert sorted(both) == sorted([A63, A67])


def test_default_graph_uri_makes_the_default_graph(server):
    own = count(get(server, [("query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{A63}> {{ ?s ?p ?o }} }}")]))
    assert count(get(server, [("query", COUNT), ("default-graph-uri", A63)])) == own
    merged = count(get(server, [("query", COUNT), ("default-graph-uri", A63), ("default-graph-uri", A67)]))
    assert merged > own


def test_only_default_graph_uri_leaves_no_named_graphs(server):
    assert values(get(server, [("query", GRAPHS), ("default-graph-uri", A63)]), "g") == []


def test_protocol_dataset_overrides_from_and_from_named(server):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{A67}> WHERE {{ ?s ?p ?o }}"
    a63 = count(get(server, [("query", COUNT), ("default-graph-uri", A63)]))
    assert count(get(server, [("query", query), ("default-graph-uri", A63)])) == a63
    assert count(get(server, [("query", query)])) != a63
    named = f"SELECT DISTINCT ?g FROM NAMED <{A67}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert values(get(server, [("query", named)]), "g") == [A67]
    assert values(get(server, [("query", named), ("named-graph-uri", A63)]), "g") == [A63]


def test_unknown_graph_is_empty(server):
    assert count(get(server, [("query", COUNT), ("default-graph-uri", NOWHERE)])) == 0
    assert values(get(server, [("query", GRAPHS), ("named-graph-uri", NOWHERE)]), "g") == []
    assert count(get(server, [("query", f"SELECT (COUNT(*) AS ?n) FROM <{NOWHERE}> WHERE {{ ?s ?p ?o }}")])) == 0


def test_default_graph_is_every_fact(server):
    """The default graph holds every triple, so a query without a dataset sees the facts of every document."""
    ask = f"ASK {{ GRAPH <{A63}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }}"
    assert get(server, [("query", ask)]).json()["boolean"] is False


# --- the W3C SPARQL 1.1 Protocol test suite's query cases, on this dataset ------------------------------------------

def _direct(server: str, query: str, params: list[tuple[str, str]] = (), ctype: str | None = DIRECT,
            accept: str = JSON) -> httpx.Response:
    headers = {"Accept": accept} | ({"Content-Type": ctype} if ctype else {})
    return httpx.post(f"{server}/sparql", params=list(params), content=query.encode(), headers=headers, timeout=30)


OK_CASES = {
    "query_get": lambda s: get(s, [("query", "ASK {}")]),
    "query_post_form": lambda s: form(s, [("query", "ASK {}")]),
    "query_post_direct": lambda s: _direct(s, "ASK {}"),
    "query_dataset_default_graph": lambda s: get(s, [("query", f"ASK {{ <{ID}document/a-63-265> ?p ?o }}"),
                                                     ("default-graph-uri", A63)]),
    "query_dataset_default_graphs_get": lambda s: get(s, [("query", "ASK { ?s ?p ?o }"), ("default-graph-uri", A63),
                                                          ("default-graph-uri", A67)]),
    "query_dataset_default_graphs_post": lambda s: form(s, [("query", "ASK { ?s ?p ?o }"), ("default-graph-uri", A63),
                                                            ("default-graph-uri", A67)]),
    "query_dataset_named_graphs_post": lambda s: form(s, [("query", "ASK { GRAPH ?g { ?s ?p ?o } }"),
                                                          ("named-graph-uri", A63), ("named-graph-uri", A67)]),
    "query_dataset_named_graphs_get": lambda s: get(s, [("query", "ASK { GRAPH ?g { ?s ?p ?o } }"),
                                                        ("named-graph-uri", A63), ("named-graph-uri", A67)]),
    "query_dataset_full": lambda s: get(s, [("query", "ASK { ?s ?p ?o GRAPH ?g { ?s2 ?p2 ?o2 } }"),
                                            ("default-graph-uri", A63), ("named-graph-uri", A67)]),
    "query_multiple_dataset": lambda s: get(s, [("query", f"ASK FROM <{NOWHERE}> {{ ?s ?p ?o }}"),
                                                ("default-graph-uri", A63)]),
    "query_post_direct_dataset": lambda s: _direct(s, "ASK { ?s ?p ?o }", [("default-graph-uri", A63)]),
}


@pytest.mark.parametrize("case", sorted(OK_CASES))
def test_w3c_query_cases(server, case):
    r = OK_CASES[case](server)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(JSON)
    assert r.json()["boolean"] is True


@pytest.mark.parametrize(("query", "accept", "media"), [
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+xml, application/sparql-results+json",
     "application/sparql-results+xml"),
    ("ASK { ?s ?p ?o }", "application/sparql-results+json", JSON),
    (f"DESCRIBE <{ID}org/iom>", "application/rdf+xml, text/turtle", "application/rdf+xml"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "text/turtle, application/rdf+xml", "text/turtle"),
], ids=["query_content_type_select", "query_content_type_ask", "query_content_type_describe", "query_content_type_construct"])
def test_w3c_content_type_cases(server, query, accept, media):
    r = get(server, [("query", query)], accept)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media


BAD_CASES = {
    "bad_query_method": (lambda s: httpx.put(f"{s}/sparql", params={"query": "ASK {}"}, timeout=30), 405, ""),
    "bad_multiple_queries": (lambda s: get(s, [("query", "ASK {}"), ("query", "SELECT * {}")]), 400, "2 queries"),
    "bad_query_wrong_media_type": (lambda s: _direct(s, "ASK {}", ctype="text/plain"), 415, "unsupported content type"),
    "bad_query_missing_form_type": (lambda s: _direct(s, "query=ASK%20%7B%7D", ctype=None), 400, "needs a Content-Type"),
    "bad_query_missing_direct_type": (lambda s: _direct(s, "ASK {}", ctype=None), 400, "needs a Content-Type"),
    "bad_query_non_utf8": (lambda s: httpx.post(f"{s}/sparql", content='ASK { ?s ?p "café" }'.encode("latin-1"),
                                                headers={"Content-Type": DIRECT}, timeout=30), 400, "not UTF-8"),
    "bad_query_non_utf8_form": (lambda s: httpx.post(f"{s}/sparql", content=b"query=ASK%20%7B%22caf%E9%22%7D",
                                                     headers={"Content-Type": FORM}, timeout=30), 400, "not UTF-8"),
    "bad_query_syntax": (lambda s: get(s, [("query", "ASK {")]), 400, "syntax error"),
    "bad_update_through_query": (lambda s: get(s, [("query", "INSERT DATA { <a:s> <a:p> <a:o> }")]), 403, "read-only"),
    "bad_update_param": (lambda s: form(s, [("update", "CLEAR ALL")]), 403, "read-only"),
    "bad_update_get": (lambda s: get(s, [("update", "CLEAR ALL")]), 403, "read-only"),
    "bad_update_direct": (lambda s: _direct(s, "CLEAR ALL", ctype="application/sparql-update"), 403, "read-only"),
    "bad_graph_iri": (lambda s: get(s, [("query", "ASK {}"), ("default-graph-uri", "not an iri")]), 400, "not an absolute IRI"),
    "missing_query_in_post": (lambda s: form(s, [("default-graph-uri", A63)]), 400, "missing query"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_w3c_bad_request_cases(server, case):
    send, status, message = BAD_CASES[case]
    r = send(server)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("text/plain")
    assert message in r.text
    assert len(r.text) < 2000 and "Traceback" not in r.text


# --- a real client --------------------------------------------------------------------------------------------------

def test_sparqlwrapper_reads_select_with_named_graph(server):
    from SPARQLWrapper import JSON as SW_JSON
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(GRAPHS)
    client.setReturnFormat(SW_JSON)
    client.addNamedGraph(A63)
    assert [b["g"]["value"] for b in client.queryAndConvert()["results"]["bindings"]] == [A63]
    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod(POST)
    client.setReturnFormat(SW_JSON)
    client.setQuery(f"SELECT ?label WHERE {{ <{ID}org/iom> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}")
    labels = [b["label"]["value"] for b in client.queryAndConvert()["results"]["bindings"]]
    assert "International Organization for Migration" in labels


def test_sparqlwrapper_reads_construct_as_rdflib_graph(server):
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setReturnFormat(TURTLE)
    client.setQuery(f"CONSTRUCT {{ <{ID}org/iom> ?p ?o }} WHERE {{ <{ID}org/iom> ?p ?o }}")
    from rdflib import Graph

    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(graph) > 5


def test_json_answer_is_standard(server):
    body = json.loads(get(server, [("query", "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")]).text)
    assert body["head"]["vars"] == ["g"] and body["results"]["bindings"][0]["g"]["type"] == "uri"


# --- self-description -----------------------------------------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"


def rdf(r: httpx.Response, fmt: str):
    from rdflib import Graph

    assert r.status_code == 200, r.text
    return Graph().parse(data=r.content, format=fmt)


@pytest.mark.parametrize(("accept", "fmt"), [(None, "turtle"), ("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                             ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_service_description_by_content_negotiation(server, built, accept, fmt):
    from rdflib import RDF, Graph, Literal, URIRef

    r = httpx.get(f"{server}/sparql", headers={"Accept": accept} if accept else {}, timeout=30)
    assert r.headers["content-type"].split(";")[0] == (accept or "text/turtle")
    assert "Accept" in r.headers["vary"]
    g = rdf(r, fmt)
    service = g.value(None, RDF.type, URIRef(SD + "Service"), any=False)
    assert service is not None
    void = Graph().parse(built / "void.ttl", format="turtle")
    endpoint = next(void.objects(None, URIRef(VOID + "sparqlEndpoint")))
    assert g.value(service, URIRef(SD + "endpoint")) == endpoint
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in g
    assert (service, URIRef(SD + "resultFormat"), URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g
    dataset = g.value(service, URIRef(SD + "defaultDataset"))
    assert (dataset, RDF.type, URIRef(VOID + "Dataset")) in g and (dataset, URIRef(VOID + "sparqlEndpoint"), endpoint) in g
    names = {g.value(n, URIRef(SD + "name")): g.value(g.value(n, URIRef(SD + "graph")), URIRef(VOID + "triples"))
             for n in g.objects(dataset, URIRef(SD + "namedGraph"))}
    own = count(get(server, [("query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{A63}> {{ ?s ?p ?o }} }}")]))
    assert names[URIRef(A63)] == Literal(own)
    assert set(map(str, names)) == set(values(get(server, [("query", GRAPHS)]), "g"))


def test_service_description_claims_only_what_the_endpoint_does(server):
    """No input format and no feature of the vocabulary is stated, and the endpoint indeed has none of them."""
    from rdflib import RDF, URIRef

    g = rdf(httpx.get(f"{server}/sparql", headers={"Accept": "text/turtle"}, timeout=30), "turtle")
    service = g.value(None, RDF.type, URIRef(SD + "Service"), any=False)
    assert list(g.objects(service, URIRef(SD + "inputFormat"))) == []
    assert list(g.objects(service, URIRef(SD + "feature"))) == []
    assert set(g.objects(service, URIRef(SD + "supportedLanguage"))) == {URIRef(SD + "SPARQL11Query")}
    assert set(g.objects(service, URIRef(SD + "defaultEntailmentRegime"))) == {URIRef("http://www.w3.org/ns/entailment/Simple")}
    # not sd:UnionDefaultGraph: the default graph holds triples that are in no named graph
    outside = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
    assert count(get(server, [("query", outside)])) > 0
    # not sd:RequiresDataset: a query without FROM or dataset parameters is answered from the default dataset
    assert get(server, [("query", "ASK { ?s ?p ?o }")]).json()["boolean"] is True
    # not sd:DereferencesURIs: FROM an IRI the dataset does not hold (one that would answer RDF) reads nothing
    assert count(get(server, [("query", f"SELECT (COUNT(*) AS ?n) FROM <{server}/miggraph.nt> WHERE {{ ?s ?p ?o }}")])) == 0
    # not sd:BasicFederatedQuery: SERVICE is refused
    service_query = f"SELECT * WHERE {{ SERVICE <{server}/sparql> {{ ?s ?p ?o }} }} LIMIT 1"
    assert get(server, [("query", service_query)]).status_code == 400
    # no input format: nothing loads RDF into the endpoint
    assert form(server, [("update", f"LOAD <{server}/miggraph.nt>")]).status_code == 403
    assert get(server, [("query", f"LOAD <{server}/miggraph.nt>")]).status_code == 403


def test_browser_asking_sparql_without_query_goes_to_the_query_page(server):
    r = httpx.get(f"{server}/sparql", headers={"Accept": "text/html,*/*;q=0.8"}, timeout=30)
    assert r.status_code == 303 and r.headers["location"].endswith("query")


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                             ("application/ld+json", "json-ld")])
def test_well_known_void(server, built, accept, fmt):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    r = httpx.get(f"{server}/.well-known/void", headers={"Accept": accept}, timeout=30)
    assert r.headers["content-type"].split(";")[0] == accept and "Accept" in r.headers["vary"]
    assert isomorphic(rdf(r, fmt), Graph().parse(built / "void.ttl", format="turtle"))
    assert httpx.get(f"{server}/.well-known/void", headers={"Accept": "image/png"}, timeout=30).status_code == 406
