"""Search: the type-ahead index of the entities, the FTS5 index of the passages and `/search` in `miggraph serve`."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from test_serve import start_server

from miggraph import search
from miggraph.config import MIG, SCHEMA, Settings
from miggraph.site import editor
from miggraph.site.searchpage import SearchView, render_search_page

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/miggraph/id/"
SCRIPT = "<script>window.pwned=1</script>"
HOSTILE_QUERIES = [
    "", " ", '"', '""', '"unbalanced', 'NEAR(', 'NEAR(migration development', 'migration NEAR/3 development', "AND", "OR NOT",
    "migration AND", "*", "**", "remit**", "^migration", "text:migration", "passage_text:migration", "{migration}", "(migration",
    "migration)", SCRIPT, '"><img src=x onerror=alert(1)>', "'; DROP TABLE passage; --", "\x00\x01\x02", "%00", "\u202eevil",
    "x" * 301, "migration " * 13, "😀", "a-b-c-d-e-f", "...", "-migration", "+migration", "migration -development", ":", "\\",
]


@pytest.fixture(scope="module")
def server(built: Path) -> str:
    return start_server(built)


@pytest.fixture(scope="module")
def entries(built: Path) -> list[search.EntityEntry]:
    return search.load_entities(built / search.ENTITIES_JS, ID)


@pytest.fixture(scope="module")
def index(built: Path):
    db = search.open_index(built / search.PASSAGES_DB)
    yield db
    db.close()


# -- the type-ahead index ---------------------------------------------------------------------------------------------


def test_the_type_ahead_index_is_a_script_defining_one_global(built, entries):
    text = (built / search.ENTITIES_JS).read_text(encoding="ascii")  # ASCII only: safe under any page encoding
    assert text.startswith("/*") and f"\nwindow.{search.GLOBAL} = " in text and text.endswith("};\n")
    assert "</script" not in text.lower()
    pages = sorted(p.relative_to(built).as_posix() for p in (built / "id").glob("*/*.html") if p.name != "index.html")
    assert sorted(e.href for e in entries) == pages  # every entity page, each once
    for e in entries:
        assert e.names and all(n.norm == search.normalise(n.text) for n in e.names)


def _only(entries, type_: str) -> dict[str, search.EntityEntry]:
    """Names of one type held by exactly one entity (under any type), by name."""
    holders: dict[str, set[str]] = {}
    for e in entries:
        for n in e.names:
            holders.setdefault(n.norm, set()).add(e.href)
    return {n.text: e for e in entries for n in e.names if n.type == type_ and len(holders[n.norm]) == 1}


@pytest.mark.parametrize("type_", [search.ACRONYM, search.SYMBOL, search.NUMBER])
def test_an_acronym_symbol_or_resolution_number_finds_its_entity_first(entries, type_):
    named = _only(entries, type_)
    assert len(named) >= 5, named
    for name, entry in named.items():
        for typed in (name, name.lower(), f" {name} "):
            first = search.rank(entries, typed)[0]
            assert (first.entry.href, first.tier) == (entry.href, 0), (typed, first)


def test_the_acronym_iom_comes_before_names_that_contain_it(entries):
    found = search.rank(entries, "IOM")
    assert found[0].entry.href == "id/org/iom.html" and found[0].name.text == "IOM"
    assert [m.tier for m in found] == sorted(m.tier for m in found)
    assert search.rank(entries, "A/63/265")[0].entry.href == "id/document/a-63-265.html"
    assert search.rank(entries, "60/227")[0].entry.href == "id/resolution/60-227.html"
    assert search.rank(entries, "colombo")[0].name.text == "Colombo Process"  # an alternative name, by prefix


def test_ranking_tiers_exact_then_prefix_then_words():
    def entry(href: str, *names: tuple[str, str]) -> search.EntityEntry:
        return search.EntityEntry(ID + href, names[0][0], href, "org", tuple(search.Name(t, k, search.normalise(t)) for t, k in names))

    entries = [entry("c", ("Forum of the Global Migration Group", search.LABEL)),
               entry("b", ("Global Migration Group report", search.LABEL)),
               entry("a", ("Global Migration Group", search.LABEL), ("GMG", search.ACRONYM)),
               entry("d", ("GMG", search.ALT), ("Other", search.LABEL))]
    assert [m.entry.href for m in search.rank(entries, "global migration group")] == ["a", "b", "c"]
    assert [(m.entry.href, m.tier) for m in search.rank(entries, "gmg")] == [("a", 0), ("d", 1)]
    assert [(m.entry.href, m.tier) for m in search.rank(entries, "migr glob")] == [("a", 3), ("b", 3), ("c", 3)]  # shorter first
    assert search.rank(entries, "") == [] and search.rank(entries, "  !! ") == []
    assert search.normalise("Café  Déjà-vu/60") == "cafe deja vu 60"


# -- the passage index ------------------------------------------------------------------------------------------------


def _units(store: ox.Store) -> list[tuple[str, str, str, str]]:
    rows = store.query(f"""
        SELECT ?p ?doc ?para ?text WHERE {{
          ?p a <{MIG}Passage> ; <{SCHEMA}text> ?text ; <{MIG}inDocument> ?doc ; <{MIG}paragraph> ?para
        }} ORDER BY ?p""")
    return [(r["p"].value, r["doc"].value, r["para"].value, r["text"].value) for r in rows]


def _distinct_words(text: str, n: int = 7) -> str:
    """n consecutive words from the middle of the text."""
    words = re.findall(r"\w+", text)
    middle = max(0, len(words) // 2 - n // 2)
    return " ".join(words[middle:middle + n])


def test_the_index_holds_every_unit_of_the_corpus(index, store):
    units = _units(store)
    assert len(units) > 300
    count = index.execute("SELECT COUNT(*) FROM passage").fetchone()[0]
    assert count >= len(units)
    assert index.execute("SELECT value FROM meta WHERE key = 'instance_base'").fetchone()[0] == ID
    with pytest.raises(sqlite3.OperationalError):  # opened read-only
        index.execute("DELETE FROM passage")


def test_words_of_a_passage_find_it_with_its_document_and_paragraph(index, store):
    units = [u for u in _units(store) if len(re.findall(r"[A-Za-z]{4,}", u[3])) >= 12]
    sample = units[:: max(1, len(units) // 40)]
    assert len(sample) >= 30
    for iri, doc, para, text in sample:
        words = _distinct_words(text)
        for q in (words, f'"{words}"'):
            results = search.search_passages(index, search.Query(q, limit=50))
            hits = {h.passage: h for h in results.hits}
            assert iri in hits, (q, iri)
            hit = hits[iri]
            assert (hit.document.iri, hit.paragraph) == (doc, para)
            assert hit.href.startswith(f"id/document/{doc.rsplit('/', 1)[-1]}.html#")
            assert any(marked for _, marked in hit.snippet)
        first = search.search_passages(index, search.Query(f'"{words}"')).hits[0]
        assert first.passage == iri or words in first.text, (words, iri, first.passage)


def test_stemming_phrases_prefixes_and_filters(index):
    stemmed = search.search_passages(index, search.Query("remittance"))
    assert stemmed.total == search.search_passages(index, search.Query("remittances")).total > 10
    assert all("remit" in h.text.lower() for h in stemmed.hits)
    prefix = search.search_passages(index, search.Query("remit*"))
    assert prefix.total >= stemmed.total
    phrase = search.search_passages(index, search.Query('"Colombo Process"'))
    assert phrase.total >= 1 and all("Colombo Process" in h.text for h in phrase.hits)
    in_doc = search.search_passages(index, search.Query("remittances", document="document/a-67-254"))
    assert 0 < in_doc.total < stemmed.total and {h.document.path for h in in_doc.hits} == {"document/a-67-254"}
    assert in_doc.filters["document"] is not None and in_doc.filters["document"].symbol == "A/67/254"
    by_iri = search.search_passages(index, search.Query("remittances", document=ID + "document/a-67-254"))
    assert by_iri.total == in_doc.total
    mentioning = search.search_passages(index, search.Query("development", entity="theme/remittances"))
    assert mentioning.total > 0 and all(any(m.path == "theme/remittances" for m in h.mentions) for h in mentioning.hits)
    only_filter = search.search_passages(index, search.Query("", entity="org/iom"))
    assert only_filter.total > 0 and all(any(m.path == "org/iom" for m in h.mentions) for h in only_filter.hits)
    assert sum(n for _, n in stemmed.documents) == stemmed.total
    assert search.search_passages(index, search.Query("remittances", document="document/no-such")).total == 0
    page2 = search.search_passages(index, search.Query("remittances", limit=5, offset=5))
    first10 = search.search_passages(index, search.Query("remittances", limit=10))
    assert [h.passage for h in page2.hits] == [h.passage for h in first10.hits][5:]


def test_user_text_never_reaches_fts5_as_syntax(index):
    assert search.terms('"Colombo Process" remit* NEAR( a:b') == ["Colombo Process", "remit*", "NEAR", "a", "b"]
    assert search.terms('say "unbalanced') == ["say", "unbalanced"]
    assert search.match_expression(['say "x"', "remit*"]) == '"say ""x""" AND "remit" *'
    for q in HOSTILE_QUERIES:
        try:
            results = search.search_passages(index, search.Query(q))
        except search.SearchError as e:
            assert str(e)
        else:
            assert results.total >= 0


def _hostile_graph() -> tuple[Graph, Settings]:
    g = Graph()
    doc, unit, org = URIRef(ID + "document/x-1"), URIRef(ID + "passage/x-1-0-99"), URIRef(ID + "org/x")
    g.add((doc, RDF.type, MIG.Document))
    g.add((doc, RDFS.label, Literal(f"Report {SCRIPT}", lang="en")))
    g.add((org, RDF.type, MIG.Organization))
    g.add((org, RDFS.label, Literal(f"Org {SCRIPT}", lang="en")))
    g.add((unit, RDF.type, MIG.Passage))
    g.add((unit, MIG.inDocument, doc))
    g.add((unit, MIG.paragraph, Literal(f"1 {SCRIPT}")))
    g.add((unit, MIG.startOffset, Literal(0)))
    g.add((unit, SCHEMA.text, Literal(f"The migration forum {SCRIPT} met \x02 here \x03 & agreed <b>bold</b>.")))
    g.add((unit, MIG.mentions, org))
    return g, Settings(root=ROOT)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def test_snippets_and_names_are_escaped(tmp_path):
    graph, settings = _hostile_graph()
    path = tmp_path / "passages.sqlite"
    path.write_bytes(search.passages_db(graph, settings))
    assert search.passages_db(graph, settings) == path.read_bytes()  # the same bytes again
    db = search.open_index(path)
    results = search.search_passages(db, search.Query("migration script"))
    assert results.total == 1
    hit = results.hits[0]
    assert "\x02" not in hit.text and "\x03" not in hit.text and SCRIPT in hit.text
    assert {t for t, marked in hit.snippet if marked} == {"migration", "script"}
    page = render_search_page(SearchView(root="", served=True, q=f"migration {SCRIPT}", results=results), editor.default_nav(""))
    parser = _Tags()
    parser.feed(page)
    assert "b" not in parser.tags and parser.tags.count("script") == 1  # the search box's script, nothing injected
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page and "<mark>migration</mark>" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


# -- /search in serve -------------------------------------------------------------------------------------------------


def test_search_answers_json_with_hits_snippets_and_facets(server):
    r = httpx.get(f"{server}/search", params={"q": "remittances developing countries", "format": "json"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    data = r.json()
    assert data["total"] > 3 and len(data["hits"]) == min(20, data["total"])
    for hit in data["hits"]:
        assert hit["document"]["iri"].startswith(ID + "document/") and hit["paragraph"]
        assert hit["page"].startswith("/id/document/") and "#" in hit["page"]
        assert "".join(h["text"] for h in hit["highlights"]) == hit["snippet"]
        assert any(h["match"] and h["text"].lower().startswith(("remit", "develop", "countr")) for h in hit["highlights"])
    assert [h["score"] for h in data["hits"]] == sorted((h["score"] for h in data["hits"]), reverse=True)
    assert sum(d["count"] for d in data["facets"]["documents"]) == data["total"]
    by_accept = httpx.get(f"{server}/search", params={"q": "remittances"}, headers={"Accept": "application/json"}, timeout=30)
    assert by_accept.status_code == 200 and by_accept.json()["total"] > 0
    page = httpx.get(f"{server}/search/index.html", params={"q": "remittances"}, headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html") and "<mark>" in page.text
    entity = httpx.get(f"{server}/search", params={"q": "IOM", "format": "json"}, timeout=30).json()
    assert entity["entities"][0]["iri"] == ID + "org/iom" and entity["entities"][0]["matched"] == "IOM"
    doc = data["facets"]["documents"][0]
    filtered = httpx.get(f"{server}/search", params={"q": "remittances", "document": doc["path"], "format": "json"}, timeout=30).json()
    assert filtered["filters"]["document"]["iri"] == doc["iri"]
    assert {h["document"]["iri"] for h in filtered["hits"]} == {doc["iri"]}


def test_search_page_links_resolve_on_the_server(server):
    page = httpx.get(f"{server}/search/index.html", params={"q": "remittances"}, timeout=30)
    hrefs = re.findall(r'href="([^"]+)"', page.text)
    for href in hrefs:
        url = httpx.URL(f"{server}/search/index.html").join(href.replace("&amp;", "&"))
        if url.host == "127.0.0.1":
            assert httpx.get(url, timeout=30).status_code == 200, href
    facet = next(h for h in hrefs if "entity=" in h)
    params = parse_qs(urlsplit(facet.replace("&amp;", "&")).query)
    assert params["q"] == ["remittances"] and "/" in unquote(params["entity"][0])


def test_hostile_queries_get_a_clear_answer_never_a_500(server):
    for q in HOSTILE_QUERIES:
        for fmt in ("json", "html"):
            r = httpx.get(f"{server}/search", params={"q": q, "format": fmt}, timeout=30)
            assert r.status_code in (200, 400), (q, fmt, r.status_code, r.text[:300])
            if fmt == "json":
                body = r.json()
                assert (r.status_code == 400) == ("error" in body), (q, body)
            else:
                assert SCRIPT not in r.text and "<img" not in r.text, q
    bad = [{"q": "a", "limit": "x"}, {"q": "a", "limit": "0"}, {"q": "a", "limit": "1000"}, {"q": "a", "offset": "-1"},
           {"q": "a", "offset": "99999999999999999999"}, {"q": "a", "format": "xml"}, {"q": ["a", "b"]},
           {"q": "migration", "document": "../../etc/passwd"}, {"q": "migration", "entity": SCRIPT}]
    for params in bad:
        r = httpx.get(f"{server}/search", params={**params, **({} if "format" in params else {"format": "json"})}, timeout=30)
        assert r.status_code in (200, 400), (params, r.status_code)
        assert r.status_code == 200 or "error" in r.json()
    huge = httpx.get(f"{server}/search", params={"q": "x" * 20_000}, timeout=30)
    assert huge.status_code in (400, 414), huge.status_code
    post = httpx.post(f"{server}/search", data={"q": "a"}, timeout=30)
    assert post.status_code == 405


def test_search_without_an_index_says_so(tmp_path):
    from starlette.requests import Request

    from miggraph.serve.search import endpoint

    handler = endpoint(tmp_path, ID)
    for query, media in ((b"q=migration&format=json", "application/json"), (b"q=migration", "text/html"), (b"", "text/html")):
        r = handler(Request({"type": "http", "method": "GET", "path": "/search", "query_string": query, "headers": []}))
        assert r.status_code == 503 and r.media_type == media and b"miggraph build" in r.body


# -- the query page and its vendored editor ---------------------------------------------------------------------------


def test_the_vendored_yasgui_is_the_recorded_release(built):
    folder = ROOT / "src" / "miggraph" / "site" / "static" / "yasgui"
    manifest = json.loads((folder / "VENDOR.json").read_text(encoding="utf-8"))
    assert manifest["name"] == "@triply/yasgui" and manifest["license"] == "MIT" and manifest["integrity"].startswith("sha512-")
    assert re.fullmatch(r"\d+\.\d+\.\d+", manifest["version"])
    script = (ROOT / "scripts" / "vendor-yasgui.sh").read_text(encoding="utf-8")
    assert f"VERSION={manifest['version']}" in script and f"INTEGRITY={manifest['integrity']}" in script
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
        assert (built / "assets" / "yasgui" / name).read_bytes() == (folder / name).read_bytes()
    assert "MIT" in (folder / "LICENSE.txt").read_text(encoding="utf-8")


def test_the_query_page_is_configured_for_this_graph(built):
    page = (built / "query.html").read_text(encoding="utf-8")
    assert 'src="assets/yasgui/yasgui.min.js"' in page and 'src="assets/editor.js"' in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", page), "the page must work offline"
    config = json.loads(re.search(r'<script type="application/json" id="editor-config">(.*?)</script>', page, re.S).group(1))
    assert config["prefixes"]["mig"] == str(MIG) and config["prefixes"]["id"] == ID
    assert str(MIG.Resolution) in config["terms"]["classes"] and str(MIG.requestedBy) in config["terms"]["properties"]
    assert [e["name"] for e in config["examples"]] == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    js = (built / "assets" / "editor.js").read_text(encoding="utf-8")
    assert "prefix.cc/" not in js and "lov.linkeddata" not in js  # completion from the page's configuration only


def test_every_entity_page_links_a_query_of_its_facts(built, store):
    page = (built / "id" / "org" / "iom.html").read_text(encoding="utf-8")
    href = re.search(r'<a class="query-this" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert href.startswith("../../query.html?query=")
    sparql = parse_qs(urlsplit(href).query)["query"][0]
    rows = list(store.query(sparql))
    assert rows and any(r["passage"] is not None and r["quote"] is not None for r in rows)
    assert {r["property"].value for r in rows} >= {str(MIG.acronym), str(RDFS.label)}
    for path in sorted((built / "id").glob("*/*.html"))[::50]:
        if path.name != "index.html":
            assert 'class="query-this"' in path.read_text(encoding="utf-8"), path


def test_every_page_has_the_search_box(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 500  # the site's pages, one per entity and per list, the views, the query page, the ontology's
    kinds = {"index.html", "query.html", "search/index.html", "viz/index.html", "ontology/index.html", "id/org/index.html",
             "id/org/iom.html"}
    assert kinds <= {p.relative_to(built).as_posix() for p in pages}
    for path in pages:
        text = path.read_text(encoding="utf-8")
        root = "../" * (len(path.relative_to(built).parts) - 1)
        assert f'<form class="site-search" role="search" action="{root}search/index.html"' in text, path
        assert 'id="site-search"' in text and ("assets/search.js" in text), path


def test_the_query_page_escapes_example_titles_and_labels(tmp_path):
    (tmp_path / "q1.rq").write_text(f"# {SCRIPT} & more\nSELECT * WHERE {{ ?s ?p '</script>' }}\n", encoding="utf-8")
    page = editor.render_editor(tmp_path, ID)
    parser = _Tags()
    parser.feed(page)
    assert parser.tags.count("script") == 4  # the search box's, the configuration, YASGUI and the editor's
    assert "</script><script>" not in page and "&lt;script&gt;window.pwned=1&lt;/script&gt; &amp; more" in page
    sparql = editor.facts_query(ID + "org/x", "X\n}\nDROP ALL # <b>")
    assert sparql.splitlines()[0] == "# The facts of X } DROP ALL # <b>, each with the passages that state it"
    assert list(ox.Store().query(sparql)) == []  # still one query, over nothing
