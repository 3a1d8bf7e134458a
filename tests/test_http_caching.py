"""HTTP done properly, over the real build on loopback: strong ETags and Last-Modified, 304 on conditional requests,
Cache-Control per kind of resource, HEAD everywhere, Vary, Link rel="alternate" and Content-Location on entities."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from test_serve import start_server

ASK = "/sparql?query=ASK%20%7B%7D"
ENTITY = "/id/org/iom"
TYPES = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
         "rdf": "application/rdf+xml"}


@pytest.fixture(scope="module")
def server(built: Path) -> str:
    return start_server(built)


def fetch(server: str, path: str, method: str = "GET", **headers: str) -> httpx.Response:
    headers = {k.replace("_", "-"): v for k, v in headers.items()}
    return httpx.request(method, server + path, headers=headers, timeout=30)


# (path, Accept, the kind of its Cache-Control)
RESOURCES = [
    ("/miggraph.nt", "*/*", "max-age=3600"),
    ("/assets/site.css", "*/*", "max-age=86400"),
    ("/index.html", "*/*", "max-age=300"),
    (ENTITY, "text/turtle", "max-age=300"),
    (ENTITY, "text/html", "max-age=300"),
    (ENTITY + ".jsonld", "*/*", "max-age=300"),
    (ASK, "application/sparql-results+json", "max-age=60"),
    ("/sparql", "text/turtle", "max-age=3600"),
    ("/.well-known/void", "text/turtle", "max-age=3600"),
]


@pytest.mark.parametrize(("path", "accept", "cache"), RESOURCES)
def test_validators_and_conditional_requests(server, path, accept, cache):
    r = fetch(server, path, Accept=accept)
    assert r.status_code == 200, r.text
    etag, modified = r.headers["etag"], r.headers["last-modified"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag), etag  # strong: no W/
    assert cache in r.headers["cache-control"] and "public" in r.headers["cache-control"]
    assert fetch(server, path, Accept=accept).headers["etag"] == etag  # from the content: the same every time
    again = fetch(server, path, Accept=accept, If_None_Match=etag)
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"] == r.headers["cache-control"]
    assert fetch(server, path, Accept=accept, If_None_Match=f'"other", {etag}').status_code == 304
    assert fetch(server, path, Accept=accept, If_Modified_Since=modified).status_code == 304
    assert fetch(server, path, Accept=accept, If_None_Match='"other"').status_code == 200
    assert fetch(server, path, Accept=accept, If_Modified_Since="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


def test_etag_follows_the_content(server, built):
    import hashlib

    r = fetch(server, "/miggraph.nt")
    assert r.headers["etag"] == '"' + hashlib.sha256((built / "miggraph.nt").read_bytes()).hexdigest()[:40] + '"'
    assert fetch(server, "/miggraph.ttl").headers["etag"] != r.headers["etag"]
    turtle, jsonld = (fetch(server, ENTITY, Accept=a).headers["etag"] for a in ("text/turtle", "application/ld+json"))
    assert turtle != jsonld


@pytest.mark.parametrize(("path", "status"), [("/sparql?query=ASK%20%7B", 400), ("/id/org/no-such-organisation", 404),
                                              ("/no-such-file.html", 404), ("/health", 200)])
def test_errors_and_health_are_not_stored(server, path, status):
    r = fetch(server, path, Accept="text/turtle")
    assert r.status_code == status
    assert r.headers["cache-control"] == "no-store" and "etag" not in r.headers


def test_post_answers_are_not_stored(server):
    r = httpx.post(f"{server}/sparql", data={"query": "ASK {}"}, timeout=30)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"


@pytest.fixture(scope="module")
def passage(server) -> str:
    """The path of a passage: an entity with no page of the static site, whose page and files serve makes."""
    query = ('SELECT ?p WHERE { ?p <https://w3id.org/miggraph/ontology#quote> ?q '
             'FILTER(STRSTARTS(STR(?p), "https://w3id.org/miggraph/id/passage/")) } ORDER BY ?p LIMIT 1')
    r = httpx.get(f"{server}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return "/id/" + r.json()["results"]["bindings"][0]["p"]["value"].removeprefix("https://w3id.org/miggraph/id/")


HEAD_PATHS = ["/", "/index.html", "/miggraph.nt", "/assets/site.css", ENTITY, ENTITY + ".ttl", ENTITY + ".rdf", ASK, "/sparql",
              "/.well-known/void", "/query", "/query.html", "/health", "/id/org/no-such-organisation", "/id/org/", "/ontology/",
              "/viz/index.html", "/search", "/search?q=IOM", "/search?q=IOM&format=json", "/search?q=%22unbalanced",
              "PASSAGE", "PASSAGE.ttl"]


@pytest.mark.parametrize("path", HEAD_PATHS)
def test_head_everywhere(server, passage, path):
    path = path.replace("PASSAGE", passage)
    get, head = fetch(server, path), fetch(server, path, "HEAD")
    assert head.status_code == get.status_code
    assert head.content == b""
    for name in ("content-type", "etag", "last-modified", "cache-control", "content-location", "link", "vary"):
        assert head.headers.get(name) == get.headers.get(name), name


@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/ld+json"])
def test_an_entity_described_by_serve_is_cached_like_one_with_files(server, passage, accept):
    r = fetch(server, passage, Accept=accept)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    assert re.fullmatch(r'"[0-9a-f]{40}"', r.headers["etag"]) and "max-age=300" in r.headers["cache-control"]
    assert "Accept" in r.headers["vary"] and r.headers["content-location"].startswith(passage + ".")
    assert fetch(server, passage, Accept=accept, If_None_Match=r.headers["etag"]).status_code == 304
    assert fetch(server, passage, Accept=accept, If_Modified_Since=r.headers["last-modified"]).status_code == 304


def test_search_varies_on_accept(server):
    html, json_ = fetch(server, "/search?q=IOM", Accept="text/html"), fetch(server, "/search?q=IOM", Accept="application/json")
    assert html.headers["content-type"].startswith("text/html") and json_.headers["content-type"].startswith("application/json")
    assert "Accept" in html.headers["vary"] and "Accept" in json_.headers["vary"]


@pytest.mark.parametrize(("accept", "ext"), [("text/html", "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
                                             ("application/n-triples", "nt"), ("application/rdf+xml", "rdf")])
def test_entity_iri_names_the_representation_served(server, accept, ext):
    r = fetch(server, ENTITY, Accept=accept)
    assert r.status_code == 200  # 200 with Content-Location, no 303: see the README
    assert r.headers["content-location"] == f"{ENTITY}.{ext}"
    assert r.headers["content-type"].split(";")[0] == accept
    assert "Accept" in r.headers["vary"]
    direct = fetch(server, f"{ENTITY}.{ext}")
    assert direct.headers["content-location"] == f"{ENTITY}.{ext}"
    assert direct.headers["content-type"].split(";")[0] == accept
    assert "Accept" not in direct.headers.get("vary", "")


def test_link_headers_name_every_representation_and_resolve(server):
    links = dict(reversed(m) for m in re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', fetch(server, ENTITY).headers["link"]))
    assert links == {media: f"{ENTITY}.{ext}" for ext, media in TYPES.items()}
    for media, target in links.items():
        r = fetch(server, target)
        assert r.status_code == 200, target
        assert r.headers["content-type"].split(";")[0] == media
