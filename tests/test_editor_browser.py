"""The search box, the search page and the query editor in headless Chromium, typed into as a user would: from out/
opened from disk and through `miggraph serve` on 127.0.0.1. No request may leave the computer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import require
from test_serve import start_server

from miggraph import query as q
from miggraph import search

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
ID = "https://w3id.org/miggraph/id/"
RANKED = ["IOM", "iom", "global forum", "60/227", "A/63/265", "colombo", "remit", "int org migr", "migration", "Déjà", "GMG"]
# the rows of Yasr's table, each cell as its full IRI (a link's or a span's title) or its literal text
TABLE_ROWS = """() => Array.from(document.querySelectorAll('.yasr_results table tbody tr')).map(tr =>
  Array.from(tr.querySelectorAll('td')).slice(1).map(td => {
    const iri = td.querySelector('.iri');
    return iri ? iri.title : td.textContent; }))"""
TABLE_HEAD = "() => Array.from(document.querySelectorAll('.yasr_results table thead th')).slice(1).map(th => th.textContent)"


@pytest.fixture(scope="module")
def server(built: Path) -> str:
    return start_server(built)


@pytest.fixture(scope="module")
def assets(built: Path) -> Path:
    """The build's search index and vendored YASGUI (under CI=true their absence fails the tests)."""
    for rel in ("assets/yasgui/yasgui.min.js", "assets/yasgui/yasgui.min.css", "assets/editor.js", "assets/search.js",
                search.ENTITIES_JS, search.PASSAGES_DB):
        require((built / rel).is_file(), f"out/{rel} (the search index and the vendored YASGUI)")
    return built


@pytest.fixture
def page(browser, server, assets):
    """A fresh page that may read file:// and 127.0.0.1 only; it records every other request (aborted) and script error."""
    context = browser.new_context(accept_downloads=True)
    p = context.new_page()
    p.outside = []  # type: ignore[attr-defined]
    p.errors = []  # type: ignore[attr-defined]

    def guard(route):
        url = route.request.url
        if url.startswith(("file:", "http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:
            p.outside.append(url)  # type: ignore[attr-defined]
            route.abort()

    context.route("**/*", guard)
    p.on("pageerror", lambda e: p.errors.append(str(e)))  # type: ignore[attr-defined]
    yield p
    context.close()


def clean(p) -> None:
    assert p.outside == [], p.outside  # type: ignore[attr-defined]
    assert p.errors == [], p.errors  # type: ignore[attr-defined]


def index_loaded(p) -> None:
    """Focus the search box: its index loads (it is loaded on first use only)."""
    p.focus("#site-search")
    p.wait_for_function("() => !!window.MIGGRAPH_SEARCH")


def type_in_search_box(p, text: str) -> list[str]:
    p.click("#site-search")
    p.keyboard.type(text)
    p.wait_for_selector("#site-search-list li")
    return p.locator("#site-search-list li").all_inner_texts()


def open_first_suggestion(p) -> None:
    """Choose the search box's first suggestion with the keyboard and wait for the page it opens."""
    p.keyboard.press("ArrowDown")
    with p.expect_navigation():
        p.keyboard.press("Enter")


def type_in_editor(p, text: str) -> None:
    p.click(".yasqe .CodeMirror")
    p.keyboard.press("Control+A")
    p.keyboard.press("Delete")
    p.keyboard.type(text)


def wait_rows(p) -> list[list[str]]:
    p.wait_for_function("() => /row\\(s\\)|error|answer/.test(document.getElementById('status').textContent)", timeout=30_000)
    assert "row(s)" in p.text_content("#status"), p.text_content("#status")
    return p.evaluate(TABLE_ROWS)


# -- the search box ---------------------------------------------------------------------------------------------------


def test_type_ahead_from_disk_finds_an_acronym_first(page, built):
    page.goto((built / "id" / "theme" / "remittances.html").as_uri())
    options = type_in_search_box(page, "IOM")
    assert options[0].startswith("International Organization for Migration") and "IOM" in options[0]
    open_first_suggestion(page)
    assert page.url == (built / "id" / "org" / "iom.html").as_uri()
    entries = search.load_entities(built / search.ENTITIES_JS, ID)
    index_loaded(page)
    for text in RANKED:  # the page's script ranks as miggraph.search.rank does
        in_page = page.evaluate("q => window.miggraphSearch.rank(q, 10).map(m => m.entry.href)", text)
        assert in_page == [m.entry.href for m in search.rank(entries, text)], text
    page.fill("#site-search", "")
    assert "Colombo Process" in type_in_search_box(page, "colombo")[0]
    with page.expect_navigation():
        page.locator("#site-search-list li a").first.click()  # a click on a suggestion opens it
    assert page.url == (built / "id" / "process" / "colombo-process.html").as_uri()
    clean(page)


def test_the_search_page_from_disk_lists_matching_entities(page, built):
    page.goto((built / "viz" / "index.html").as_uri())
    type_in_search_box(page, "remittances")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path.endswith("/search/index.html") and parse_qs(urlsplit(page.url).query)["q"] == ["remittances"]
    page.wait_for_selector("#entity-results li a")
    assert page.input_value("#search-q") == "remittances"
    first = page.locator("#entity-results li a").first
    assert first.locator(".label").text_content() == "remittances"
    with page.expect_navigation():
        first.click()
    assert page.url == (built / "id" / "theme" / "remittances.html").as_uri()
    clean(page)


def test_the_search_box_shows_names_as_text(page, built):
    page.goto((built / "index.html").as_uri())
    index_loaded(page)
    page.evaluate("""() => { window.MIGGRAPH_SEARCH.entities.unshift(
        ["<img src=x onerror=window.pwned=1>", "id/org/iom.html", "org", 0, [["<b>zzhostile</b>", "acronym", "b zzhostile b"]]]); }""")
    options = type_in_search_box(page, "zzhostile")
    assert "<img src=x onerror=window.pwned=1>" in options[0]
    injected = "() => [window.pwned, document.querySelectorAll('#site-search-list img, #site-search-list b').length]"
    assert page.evaluate(injected) == [None, 0]
    clean(page)


def test_type_ahead_and_full_text_search_through_serve(page, server):
    page.goto(f"{server}/id/org/iom")
    options = type_in_search_box(page, "Colombo")
    assert "Colombo Process" in options[0]
    page.keyboard.type(" Process")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # no suggestion chosen: the search page
    assert urlsplit(page.url).path == "/search/index.html"
    page.wait_for_selector("#hits li")
    assert "Colombo Process" in page.locator("#entity-results").inner_text()
    hit = page.locator("#hits li").first
    assert "Colombo" in hit.locator("mark").all_text_contents()
    where = hit.locator(".where a")
    assert where.first.text_content() == "A/63/265"
    anchor = urlsplit(where.nth(1).get_attribute("href")).fragment
    with page.expect_navigation():
        where.nth(1).click()
    assert urlsplit(page.url).path == "/id/document/a-63-265.html" and page.locator(f"[id='{anchor}']").count() == 1
    # a search restricted to one document, from the search page's own form
    page.goto(f"{server}/search?q=remittances")
    total = int(page.text_content("#hit-count").split()[0])
    page.select_option("#search-document", "document/a-67-254")
    with page.expect_navigation():
        page.click("form.search-page button")
    assert 0 < int(page.text_content("#hit-count").split()[0]) < total
    assert set(page.locator("#hits .where a:first-child").all_text_contents()) == {"A/67/254"}
    clean(page)


def test_the_ontology_docs_from_disk_have_the_search_box(page, built):
    page.goto((built / "ontology" / "index.html").as_uri())  # pyLODE's page, with the site's header
    options = type_in_search_box(page, "GMG")
    assert options[0].startswith("Global Migration Group") and "GMG" in options[0]
    open_first_suggestion(page)
    assert page.url == (built / "id" / "org" / "gmg.html").as_uri()
    page.go_back()
    page.fill("#site-search", "")
    type_in_search_box(page, "remittances")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # no suggestion chosen: the search page
    assert page.url.startswith((built / "search" / "index.html").as_uri() + "?")
    page.wait_for_selector("#entity-results li a")
    assert page.locator("#entity-results li a .label").first.text_content() == "remittances"
    clean(page)


def test_a_passage_page_made_by_serve_has_the_search_box_and_query_this(page, server, store):
    query = (f'SELECT ?p WHERE {{ ?p <https://w3id.org/miggraph/ontology#quote> ?q FILTER(STRSTARTS(STR(?p), "{ID}passage/")) }} '
             "ORDER BY ?p LIMIT 1")
    passage = next(iter(store.query(query)))[0].value
    assert passage.startswith(f"{ID}passage/")
    page.goto(f"{server}/id/{passage[len(ID):]}")  # no static page for a passage: serve describes it
    assert page.locator("header.site a.brand").get_attribute("href") == "/"
    options = type_in_search_box(page, "GMG")
    assert options[0].startswith("Global Migration Group")
    open_first_suggestion(page)
    assert urlsplit(page.url).path == "/id/org/gmg.html"
    page.go_back()
    with page.expect_navigation():
        page.click("a.query-this")
    assert urlsplit(page.url).path == "/query"
    rows = wait_rows(page)
    assert any(r[0] == "https://w3id.org/miggraph/ontology#quote" and r[1] for r in rows), rows
    clean(page)


# -- the query editor -------------------------------------------------------------------------------------------------


def test_the_editor_from_disk_completes_prefixes_and_runs_on_serve(page, built, server):
    page.goto((built / "query.html").as_uri() + "?endpoint=" + quote(f"{server}/sparql", safe=""))
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.input_value("#endpoint") == f"{server}/sparql"
    # the project's prefixes complete (from the page, not prefix.cc)
    type_in_editor(page, "PREFIX sk")
    page.wait_for_selector(".CodeMirror-hints li")
    assert "skos: <http://www.w3.org/2004/02/skos/core#>" in page.locator(".CodeMirror-hints li").all_text_contents()
    page.keyboard.press("Escape")
    # using a prefix declares it
    type_in_editor(page, 'SELECT ?org ?label WHERE { ?org mig:acronym "IOM" ; rdfs:label ?label }')
    value = page.evaluate("() => window.miggraphEditor.yasqe.getValue()")
    assert "PREFIX mig: <https://w3id.org/miggraph/ontology#>" in value and "PREFIX rdfs:" in value
    page.wait_for_function("() => !document.querySelector('.CodeMirror-hints')")
    page.keyboard.press("Control+Enter")
    rows = wait_rows(page)
    assert rows == [[f"{ID}org/iom", "International Organization for Migration"]]
    assert page.evaluate(TABLE_HEAD) == ["org", "label"]
    link = page.locator(".yasr_results a.iri").first
    assert link.text_content() == "id:org/iom" and link.get_attribute("href") == "id/org/iom.html"
    with page.expect_navigation():
        link.click()
    assert page.url == (built / "id" / "org" / "iom.html").as_uri()
    clean(page)


TOKENS = """() => Array.from(document.querySelectorAll('.yasqe .CodeMirror-code span[class^=cm-]'))
  .filter(s => s.className !== 'cm-ws').map(s => [s.className.split(' ')[0], s.textContent])"""
ERROR_MARK = "() => document.querySelectorAll('.yasqe .CodeMirror-gutter-wrapper .parseErrorIcon').length"


def test_the_editor_highlights_and_checks_the_query_as_it_is_typed(page, built):
    page.goto((built / "query.html").as_uri())  # from disk: nothing is needed from the network or the server
    page.wait_for_selector(".yasqe .CodeMirror")
    type_in_editor(page, 'SELECT ?x WHERE { ?x <http://x/p> "lit" . }')
    page.wait_for_function("() => document.querySelectorAll('.yasqe .cm-string').length > 0")
    assert page.evaluate(TOKENS) == [["cm-keyword", "SELECT"], ["cm-atom", "?x"], ["cm-keyword", "WHERE"], ["cm-punc", "{"],
                                     ["cm-atom", "?x"], ["cm-variable-3", "<http://x/p>"], ["cm-string", '"lit"'],
                                     ["cm-punc", "."], ["cm-punc", "}"]]
    assert page.evaluate(ERROR_MARK) == 0
    type_in_editor(page, "SELECT ?x WHERE { ?x ?p }")  # a triple pattern without its object
    page.wait_for_function(f"() => ({ERROR_MARK})() === 1")
    clean(page)


def test_the_editor_completes_ontology_terms(page, server):
    page.goto(f"{server}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    type_in_editor(page, "PREFIX mig: <https://w3id.org/miggraph/ontology#>\nSELECT * WHERE { ?x a mig:Resol")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints li")
    assert "mig:Resolution" in page.locator(".CodeMirror-hints li").all_text_contents()
    clean(page)


def test_the_editor_through_serve_runs_examples_downloads_and_links(page, server, built, tmp_path):
    name = "cq05-rcps-with-ad-hoc-development-focus"
    sparql = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    variables, expected = q.run(q.open_store(built / "miggraph.nt"), sparql)
    assert expected
    page.goto(f"{server}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.select_option("#example", name)
    assert page.evaluate("() => window.miggraphEditor.yasqe.getValue()") == sparql
    page.click("#run")
    rows = wait_rows(page)
    assert page.evaluate(TABLE_HEAD) == variables
    assert rows == [[v or "" for v in row] for row in expected][:50]
    assert page.text_content("#status") == f"{len(expected)} row(s)"
    assert page.locator(".yasr_results td span[lang=en]").count() == min(50, len(expected))  # labels keep their language
    with page.expect_download() as got:
        page.click("#download-csv")
    table = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8"))))
    assert table[0] == variables and [r for r in table[1:] if r] == [[v or "" for v in row] for row in expected]
    with page.expect_download() as got:
        page.click("#download-json")
    data = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert data["head"]["vars"] == variables and len(data["results"]["bindings"]) == len(expected)
    # the link reopens the same query, and runs it
    link = page.get_attribute("#share-link", "href")
    assert parse_qs(urlsplit(link).query)["query"] == [sparql]
    page.goto(link)
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.evaluate("() => window.miggraphEditor.yasqe.getValue()") == sparql
    assert wait_rows(page) == rows
    clean(page)


def test_query_this_opens_the_editor_with_the_facts_of_an_entity(page, server, built):
    page.goto(f"{server}/id/org/iom")
    with page.expect_navigation():
        page.click("a.query-this")
    assert urlsplit(page.url).path == "/query.html"
    rows = wait_rows(page)
    assert rows and page.evaluate(TABLE_HEAD)[:2] == ["property", "value"]
    assert any(r[1] == "IOM" and r[2] for r in rows)  # the acronym, with the document stating it
    # from disk, the same link opens the editor on the page file, with the query of the entity
    page.goto((built / "id" / "org" / "iom.html").as_uri())
    with page.expect_navigation():
        page.click("a.query-this")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert f"<{ID}org/iom>" in page.evaluate("() => window.miggraphEditor.yasqe.getValue()")
    assert page.input_value("#endpoint") == "http://127.0.0.1:8000/sparql"
    clean(page)


def test_the_editor_shows_errors_and_hostile_values_as_text(page, server):
    page.goto(f"{server}/query?endpoint=https%3A%2F%2Fevil.example%2Fsparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.input_value("#endpoint") == "sparql"  # an endpoint elsewhere is not taken from a link
    type_in_editor(page, "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "read-only" in page.text_content("#status")
    sparql = ("""SELECT ?x ?i WHERE { BIND("<img src=x onerror=window.pwned=1>" AS ?x) """
              """BIND(IRI("http://x/'onmouseover='window.pwned=2") AS ?i) }""")
    page.evaluate("q => window.miggraphEditor.yasqe.setValue(q)", sparql)
    page.click("#run")
    rows = wait_rows(page)
    assert rows == [["<img src=x onerror=window.pwned=1>", "http://x/'onmouseover='window.pwned=2"]]
    page.hover(".yasr_results a.iri")
    assert page.evaluate("() => [window.pwned, document.querySelectorAll('.yasr_results img, [onmouseover]').length]") == [None, 0]
    clean(page)
