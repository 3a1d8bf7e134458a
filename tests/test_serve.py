"""`miggraph serve` over HTTP: a real server (a subprocess on 127.0.0.1) over the real build, started once per session."""

from __future__ import annotations

import atexit
import csv
import http.client
import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from miggraph import query as q
from miggraph.cli import main
from miggraph.serve import guard, is_loopback, run
from miggraph.serve.pages import render_entity
from miggraph.site.editor import facts_query

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
ID = "https://w3id.org/miggraph/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
TIMEOUT = 2.0  # the test server's query time limit (seconds)
MAX_ROWS = 500  # the test server's result cap
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CQ01 = (QUERIES / "cq01-report-requested-by-resolution.rq").read_text(encoding="utf-8")

_servers: dict[Path, tuple[subprocess.Popen, str]] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(out_dir: Path) -> str:
    """`miggraph serve` on a free port of 127.0.0.1 (once per session and build); its base URL."""
    if out_dir in _servers:
        return _servers[out_dir][1]
    port = free_port()
    log = (out_dir.parent / f"serve-{port}.log").open("wb")
    cmd = [sys.executable, "-m", "miggraph.cli", "serve", "--out", str(out_dir), "--port", str(port),
           "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    atexit.register(_stop, proc)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"miggraph serve exited with {proc.returncode}: {Path(log.name).read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                _servers[out_dir] = (proc, url)
                return url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    _stop(proc)
    raise RuntimeError(f"miggraph serve did not start: {Path(log.name).read_text()}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def server(built: Path) -> str:
    return start_server(built)


@pytest.fixture(scope="session")
def local(built: Path) -> ox.Store:
    """The same build loaded locally, to compare the server's answers with."""
    return q.open_store(built / "miggraph.nt")


def sparql(server: str, query: str, accept: str | None = None, **params: str) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(f"{server}/sparql", params={"query": query, **params}, headers=headers, timeout=30)


def local_rows(store: ox.Store, query: str) -> tuple[list[str], list[list[str | None]]]:
    result = q.run(store, query)
    assert isinstance(result, tuple)
    return result


def parsed_rows(body: bytes, fmt: ox.QueryResultsFormat) -> tuple[list[str], list[list[str | None]]]:
    if fmt == ox.QueryResultsFormat.CSV:  # lossy, so pyoxigraph does not read it: the csv module does
        header, *lines = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        return header, [[v or None for v in line] for line in lines]
    result = ox.parse_query_results(body, format=fmt)
    variables = [v.value for v in result.variables]
    return variables, [[None if sol[v] is None else sol[v].value for v in variables] for sol in result]


# --- SPARQL protocol: every result format --------------------------------------------------------------------------

RESULT_FORMATS = [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
]


@pytest.mark.parametrize(("media", "fmt"), RESULT_FORMATS)
def test_select_in_every_results_format_gives_the_local_answer(server, local, media, fmt):
    query = (QUERIES / "cq03-organisers-of-brussels-conference.rq").read_text(encoding="utf-8")
    r = sparql(server, query, media)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]
    variables, rows = parsed_rows(r.content, fmt)
    want_vars, want_rows = local_rows(local, query)
    assert variables == want_vars
    assert sorted(rows, key=str) == sorted(want_rows, key=str)
    assert len(rows) >= 4


@pytest.mark.parametrize(("param", "media"), [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
                                              ("csv", "text/csv"), ("tsv", "text/tab-separated-values")])
def test_format_parameter_overrides_accept(server, param, media):
    r = sparql(server, CQ01, "text/turtle", format=param)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert "A/67/254" in r.text


def test_literals_keep_language_and_datatype(server):
    query = f"SELECT ?label ?n WHERE {{ <{ID}org/iom> <{RDFS_LABEL}> ?label . BIND(42 AS ?n) }}"
    for media, fmt in RESULT_FORMATS[:2]:
        result = ox.parse_query_results(sparql(server, query, media).content, format=fmt)
        sol = next(iter(result))
        assert sol["label"] == ox.Literal("International Organization for Migration", language="en")
        assert sol["n"] == ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


@pytest.mark.parametrize(("media", "fmt"), RESULT_FORMATS[:2])
def test_ask(server, media, fmt):
    yes = sparql(server, f"ASK {{ <{ID}org/iom> ?p ?o }}", media)
    no = sparql(server, f"ASK {{ <{ID}org/no-such-organisation> ?p ?o }}", media)
    assert bool(ox.parse_query_results(yes.content, format=fmt)) is True
    assert bool(ox.parse_query_results(no.content, format=fmt)) is False


GRAPH_FORMATS = [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
]


def triple_set(body: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(body, format=fmt)}


@pytest.mark.parametrize(("media", "fmt"), GRAPH_FORMATS)
def test_construct_and_describe_in_every_rdf_format(server, local, media, fmt):
    construct = f"CONSTRUCT {{ <{ID}org/iom> ?p ?o }} WHERE {{ <{ID}org/iom> ?p ?o }}"
    r = sparql(server, construct, media)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    want = {(str(t.subject), str(t.predicate), str(t.object)) for t in local.query(construct)}
    assert triple_set(r.content, fmt) == want
    assert len(want) > 5
    d = sparql(server, f"DESCRIBE <{ID}org/iom>", media)
    assert d.status_code == 200, d.text
    assert (f"<{ID}org/iom>", f"<{RDFS_LABEL}>", '"International Organization for Migration"@en') in triple_set(d.content, fmt)


def test_post_form_and_sparql_query_bodies(server):
    form = httpx.post(f"{server}/sparql", data={"query": CQ01}, headers={"Accept": "text/csv"}, timeout=30)
    direct = httpx.post(f"{server}/sparql", content=CQ01.encode(), timeout=30,
                        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert form.status_code == direct.status_code == 200
    assert form.text == direct.text
    assert form.text.splitlines()[1].endswith(",A/67/254")
    other = httpx.post(f"{server}/sparql", content=b"<x/>", headers={"Content-Type": "application/rdf+xml"}, timeout=30)
    assert other.status_code == 415


def test_unsupported_accept_is_406(server):
    r = sparql(server, CQ01, "image/png")
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text
    assert sparql(server, CQ01, "image/png, */*;q=0.1").status_code == 200


def test_missing_query_and_syntax_error_are_400(server):
    assert httpx.post(f"{server}/sparql", data={"format": "json"}, timeout=10).status_code == 400  # GET: the service description
    r = sparql(server, "SELECT * WHERE { ?s ?p ")
    assert r.status_code == 400
    assert "syntax" in r.text.lower()


# --- read-only, no SERVICE ------------------------------------------------------------------------------------------

INSERT = f'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nINSERT DATA {{ <{ID}org/evil> rdfs:label "evil" }}'


def test_update_is_refused_every_way(server):
    refused = [
        sparql(server, INSERT),
        sparql(server, "# SELECT * WHERE { ?s ?p ?o }\n" + INSERT),
        sparql(server, f"DELETE WHERE {{ <{ID}org/iom> ?p ?o }}"),
        sparql(server, "LOAD <http://example.org/x.ttl>"),
        sparql(server, "DROP ALL"),
        httpx.get(f"{server}/sparql", params={"update": INSERT}, timeout=10),
        httpx.post(f"{server}/sparql", data={"update": INSERT}, timeout=10),
        httpx.post(f"{server}/sparql", content=INSERT.encode(), headers={"Content-Type": "application/sparql-update"}, timeout=10),
    ]
    for r in refused:
        assert r.status_code == 403, (r.status_code, r.text)
        assert "read-only" in r.text
    assert sparql(server, f"ASK {{ <{ID}org/evil> ?p ?o }}", "application/sparql-results+json").json()["boolean"] is False
    assert sparql(server, f"ASK {{ <{ID}org/iom> ?p ?o }}", "application/sparql-results+json").json()["boolean"] is True


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/sparql> { ?s ?q ?x } } } LIMIT 1",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
    '# a comment with "quotes\nSELECT * WHERE { ?s ?p "x" OPTIONAL { SERVICE<http://127.0.0.1:9/>{?s ?p ?o} } }',
]
NOT_SERVICE = [
    "# SERVICE <http://127.0.0.1:9/sparql> in a comment\nSELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    'SELECT ?s WHERE { ?s ?p ?o FILTER(?o = "SERVICE <http://127.0.0.1:9/> { }") } LIMIT 1',
    "PREFIX SERVICE: <http://example.org/> SELECT ?s WHERE { ?s SERVICE:x ?o } LIMIT 1",
    "SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o } LIMIT 1",
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_is_refused(server, query):
    r = sparql(server, query)
    assert r.status_code == 400, r.text
    assert "SERVICE is not allowed" in r.text


@pytest.mark.parametrize("query", NOT_SERVICE)
def test_service_in_comments_strings_and_names_is_not_a_service(server, query):
    r = sparql(server, query)
    assert r.status_code == 200, r.text


def test_guard_reads_tokens_not_substrings():
    assert guard.operation("PREFIX x: <http://x/> # INSERT\nBASE <http://b/> select * {}") == "SELECT"
    assert guard.is_update("PREFIX x: <http://x/>\n# SELECT\nINSERT DATA { <a> <b> <c> }")
    assert not guard.is_update('SELECT * WHERE { ?s ?p "INSERT DATA" }')
    assert guard.uses_service("SELECT * { ?s ?p ?o MINUS { SERVICE <http://x/> { ?s ?p ?o } } }")
    assert not guard.uses_service("SELECT * { ?s ?p '''SERVICE <http://x/> {}''' }")
    assert guard.parsed_uses_service("SELECT * { OPTIONAL { SERVICE <http://x/> { ?s ?p ?o } } }") is True


# --- time limit and result cap --------------------------------------------------------------------------------------


def test_a_query_past_the_time_limit_is_stopped_while_others_are_served(server):
    slow: dict[str, object] = {}

    def run_slow() -> None:
        t0 = time.monotonic()
        slow["response"] = sparql(server, EXPENSIVE)
        slow["seconds"] = time.monotonic() - t0

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    fast = sparql(server, CQ01, "text/csv")
    fast_seconds = time.monotonic() - t0
    assert fast.status_code == 200 and "A/67/254" in fast.text
    assert thread.is_alive(), "the expensive query ended before the cheap one was answered"
    thread.join(60)
    r = slow["response"]
    assert isinstance(r, httpx.Response)
    assert r.status_code == 503, r.text
    assert "time limit" in r.text
    assert TIMEOUT <= slow["seconds"] < TIMEOUT + 10  # type: ignore[operator]
    assert fast_seconds < TIMEOUT
    # the endpoint goes on answering, and the stopped worker is replaced
    assert sparql(server, CQ01, "text/csv").status_code == 200
    deadline = time.monotonic() + 60
    while "2 of 2 query workers ready" not in httpx.get(f"{server}/health", timeout=5).text and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "2 of 2 query workers ready" in httpx.get(f"{server}/health", timeout=5).text


def test_results_are_cut_at_the_cap(server, local):
    total = len(local)
    assert total > MAX_ROWS
    r = sparql(server, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert r.headers["result-truncated"] == "true"
    assert r.headers["result-limit"] == str(MAX_ROWS)
    g = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert len(triple_set(g.content, ox.RdfFormat.N_TRIPLES)) == MAX_ROWS
    assert g.headers["result-truncated"] == "true"
    exact = sparql(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}", "text/csv")
    assert len(exact.text.splitlines()) == MAX_ROWS + 1
    assert "result-truncated" not in exact.headers


# --- CORS -----------------------------------------------------------------------------------------------------------


def test_cors(server):
    r = httpx.get(f"{server}/sparql", params={"query": CQ01}, headers={"Origin": "http://example.org"}, timeout=10)
    assert r.headers["access-control-allow-origin"] == "*"
    assert "result-truncated" in r.headers["access-control-expose-headers"].lower()
    pre = httpx.options(f"{server}/sparql", timeout=10, headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert "content-type" in pre.headers["access-control-allow-headers"].lower()


# --- entity IRIs ----------------------------------------------------------------------------------------------------

ENTITY_FORMATS = [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
]


@pytest.mark.parametrize(("media", "fmt"), ENTITY_FORMATS)
def test_entity_iri_negotiates_rdf(server, local, media, fmt):
    iri = f"{ID}org/iom"
    r = httpx.get(f"{server}/id/org/iom", headers={"Accept": media}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]
    got = triple_set(r.content, fmt)
    node = ox.NamedNode(iri)
    own = {(str(t.subject), str(t.predicate), str(t.object)) for t in local.quads_for_pattern(node, None, None)}
    incoming = {(str(t.subject), str(t.predicate), str(t.object)) for t in local.quads_for_pattern(None, None, node)}
    assert own and incoming
    assert own <= got and incoming <= got
    statements = {str(t.subject) for t in local.quads_for_pattern(None, ox.NamedNode(RDF_SUBJECT), node)}
    assert statements and statements <= {s for s, _, _ in got}
    passages = {str(t.object) for st in statements for t in local.quads_for_pattern(ox.NamedNode(st[1:-1]), None, None)
                if "/id/passage/" in str(t.object)}
    assert passages and passages <= {s for s, _, _ in got}


def test_entity_iri_describes_what_the_files_beside_its_page_hold(server, built):
    """Content negotiation on an entity IRI and the static .ttl beside its page give the same triples (the .ttl read
    into a store, as the server holds its graph: a store keeps xsd:nonNegativeInteger as xsd:integer)."""
    for path in ("org/iom", "process/gfmd", "resolution/60-227"):
        r = httpx.get(f"{server}/id/{path}", headers={"Accept": "application/n-triples"}, timeout=30)
        assert r.status_code == 200, r.text
        stored = ox.Store()
        stored.load(path=str(built / "id" / f"{path}.ttl"), format=ox.RdfFormat.TURTLE)
        static = {(str(q.subject), str(q.predicate), str(q.object)) for q in stored}
        assert static and triple_set(r.content, ox.RdfFormat.N_TRIPLES) == static, path


def test_entity_iri_negotiates_html(server, local):
    r = httpx.get(f"{server}/id/org/iom", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, timeout=30)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"]
    label = next(local.quads_for_pattern(ox.NamedNode(f"{ID}org/iom"), ox.NamedNode(RDFS_LABEL), None)).object.value
    assert label in r.text
    assert httpx.get(f"{server}/id/org/iom", headers={"Accept": "image/png"}, timeout=10).status_code == 406


def test_unknown_entity_is_404(server):
    for accept in ("text/html", "text/turtle", "application/ld+json"):
        r = httpx.get(f"{server}/id/org/no-such-organisation", headers={"Accept": accept}, timeout=10)
        assert r.status_code == 404, accept
    assert httpx.get(f"{server}/id/org/no-such-organisation.ttl", timeout=10).status_code == 404


def test_entity_pages_escape_labels():
    evil = '<script>alert("x")</script> & co'
    iri = f"{ID}org/evil"
    triples = [ox.Triple(ox.NamedNode(iri), ox.NamedNode(RDFS_LABEL), ox.Literal(evil)),
               ox.Triple(ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
                         ox.NamedNode("javascript:alert(1)"))]
    page = render_entity(iri, triples, ID)
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; co" in page
    assert 'href="javascript:' not in page
    assert '<form class="site-search" role="search" action="/search/index.html" method="get" data-root="/">' in page
    href = re.search(r'<a class="query-this" href="([^"]+)"', page).group(1)
    assert href.startswith("/query?query=") and "<" not in href and '"' not in href
    assert parse_qs(urlsplit(href.replace("&amp;", "&")).query)["query"] == [facts_query(iri, evil)]


# --- static site, query page, traversal -----------------------------------------------------------------------------


def test_query_page_and_static_files(server, built):
    r = httpx.get(f"{server}/query", timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for path in sorted(QUERIES.glob("*.rq")):
        assert path.stem in r.text
    nt = httpx.get(f"{server}/miggraph.nt", timeout=30)
    assert nt.status_code == 200 and nt.content == (built / "miggraph.nt").read_bytes()
    home = httpx.get(f"{server}/", timeout=10, follow_redirects=True)
    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    for sub in ("ontology", "viz", "assets"):
        folder = built / sub
        if folder.is_dir():
            first = sorted(p for p in folder.rglob("*") if p.is_file())[0]
            rel = first.relative_to(built).as_posix()
            assert httpx.get(f"{server}/{rel}", timeout=10).content == first.read_bytes()


def raw_get(server: str, path: str) -> tuple[int, bytes]:
    """A GET with the path sent exactly as given (no client-side normalisation of '..')."""
    parts = urlsplit(server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    response = conn.getresponse()
    status, body = response.status, response.read()
    conn.close()
    return status, body


def test_no_directory_traversal_out_of_out(server, built):
    secret = built.parent / "secret-of-the-test.txt"
    secret.write_text("must not be served")
    for path in ["/../secret-of-the-test.txt", "/%2e%2e/secret-of-the-test.txt", "/assets/..%2f..%2fsecret-of-the-test.txt",
                 "/id/..%2f..%2fsecret-of-the-test.txt", "/id/../../secret-of-the-test.txt", "/viz/%2e%2e/%2e%2e/secret-of-the-test.txt"]:
        status, body = raw_get(server, path)
        assert b"must not be served" not in body, path
        assert status in (400, 404), (path, status)


# --- the command line -----------------------------------------------------------------------------------------------


def test_serve_refuses_a_public_address_without_public(built, tmp_path):
    result = CliRunner().invoke(main, ["serve", "--out", str(built), "--host", "0.0.0.0"])
    assert result.exit_code != 0 and "--public" in result.output
    with pytest.raises(PermissionError):
        run(built, host="192.0.2.1")
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")
    missing = CliRunner().invoke(main, ["serve", "--out", str(tmp_path)])
    assert missing.exit_code != 0 and "run 'miggraph build' first" in missing.output


# --- another base IRI, and a build without static pages ------------------------------------------------------------


@pytest.fixture(scope="module")
def custom_base_server(tmp_path_factory: pytest.TempPathFactory):
    """The library's app (uvicorn in a thread) over a small build made under https://example.org/migration/."""
    import uvicorn

    from miggraph.serve import ServeOptions, make_app

    out = tmp_path_factory.mktemp("custom-base")
    base = "https://example.org/migration/id/"
    (out / "miggraph.nt").write_text(
        f'<{base}org/x> <{RDFS_LABEL}> "X & <Y> Organisation"@en .\n'
        f"<{base}org/x> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <{base}org/y> .\n"
        f'<{base}org/y> <{RDFS_LABEL}> "Y"@en .\n', encoding="utf-8")
    (out / "context.jsonld").write_text(json.dumps({"@context": {"id": base}}), encoding="utf-8")
    app = make_app(out, options=ServeOptions(timeout=1.5, max_rows=10, workers=1, queue_wait=0.4))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started
    yield f"http://127.0.0.1:{server.config.port}", base
    server.should_exit = True
    thread.join(30)


def test_entities_under_another_base(custom_base_server):
    url, base = custom_base_server
    for path in ("/id/org/x", "/migration/id/org/x"):
        r = httpx.get(url + path, headers={"Accept": "application/n-triples"}, timeout=10)
        assert r.status_code == 200, path
        got = triple_set(r.content, ox.RdfFormat.N_TRIPLES)
        assert (f"<{base}org/x>", f"<{RDFS_LABEL}>", '"X & <Y> Organisation"@en') in got
        assert (f"<{base}org/x>", "<http://www.w3.org/2000/01/rdf-schema#seeAlso>", f"<{base}org/y>") in got
    page = httpx.get(url + "/id/org/x", headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200 and "X &amp; &lt;Y&gt; Organisation" in page.text
    assert 'href="/id/org/y"' in page.text
    assert httpx.get(url + "/id/org/z", headers={"Accept": "text/html"}, timeout=10).status_code == 404
    assert httpx.get(url + "/", timeout=10, follow_redirects=True).url.path == "/query"


def test_with_its_only_worker_busy_a_query_waits_then_is_answered_503(custom_base_server):
    url, _ = custom_base_server
    digits = "VALUES ?{} {{ 0 1 2 3 4 5 6 7 8 9 }}"
    endless = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(digits.format(v) for v in "abcdefghijkl") + " }"
    slow: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: slow.append(sparql(url, endless)))
    thread.start()
    deadline = time.monotonic() + 1.0  # the slow query holds the only worker well before its 1.5 s run out
    while ", 0 idle" not in httpx.get(f"{url}/health", timeout=5).text and time.monotonic() < deadline:
        time.sleep(0.02)
    waiting = sparql(url, "ASK { ?s ?p ?o }")  # waits 0.4 s for a worker, while the slow one runs to 1.5 s
    thread.join(30)
    assert slow[0].status_code == 503 and "time limit" in slow[0].text
    assert waiting.status_code == 503 and "busy" in waiting.text and waiting.headers["retry-after"]
    deadline = time.monotonic() + 60
    while "1 of 1 query workers ready" not in httpx.get(f"{url}/health", timeout=5).text and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sparql(url, "ASK { ?s ?p ?o }", "application/sparql-results+json").json()["boolean"] is True
