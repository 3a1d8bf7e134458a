"""The query page and entity pages in a real headless browser, against the running `miggraph serve`."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from test_editor_browser import TABLE_HEAD, wait_rows
from test_serve import start_server

from miggraph import query as q
from miggraph.site.editor import examples

QUERIES = Path(__file__).resolve().parents[1] / "queries"
ID = "https://w3id.org/miggraph/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def server(built: Path) -> str:
    return start_server(built)


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request leaving 127.0.0.1 (and stops it)."""
    context = browser.new_context()
    p = context.new_page()
    p.outside = []  # type: ignore[attr-defined]
    host = urlsplit(server).netloc

    def guard(route):
        url = route.request.url
        if urlsplit(url).netloc == host or url.startswith(("data:", "about:")):
            route.continue_()
        else:
            p.outside.append(url)  # type: ignore[attr-defined]
            route.abort()

    p.route("**/*", guard)
    yield p
    context.close()


def test_the_build_writes_the_query_page(built):
    page = (built / "query.html").read_text(encoding="utf-8")
    for example in examples(QUERIES):
        assert f'value="{example.name}"' in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", page), "the page must work offline"


@pytest.mark.parametrize("name", ["cq01-report-requested-by-resolution", "cq05-rcps-with-ad-hoc-development-focus",
                                  "cq08-global-forum-follow-up-by-year"])
def test_the_query_page_runs_an_example_and_shows_its_rows(page, server, built, name):
    expected_vars, expected_rows = q.run(q.open_store(built / "miggraph.nt"), (QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    assert expected_rows
    page.goto(f"{server}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.select_option("#example", name)
    assert page.evaluate("() => window.miggraphEditor.yasqe.getValue()") == (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    page.click("#run")
    rows = wait_rows(page)  # Yasr's table, first page (50 rows); cells as full IRIs or literal text
    headers = page.evaluate(TABLE_HEAD)
    assert headers == expected_vars
    assert rows == [[v or "" for v in row] for row in expected_rows][:50]
    assert page.text_content("#status") == f"{len(expected_rows)} row(s)"
    if name.startswith("cq05"):  # labels keep their language
        assert page.locator(".yasr_results tbody td span[lang=en]").count() == min(50, len(expected_rows))
    assert page.outside == []  # type: ignore[attr-defined]


def test_the_query_page_shows_errors_and_cut_results(page, server):
    page.goto(f"{server}/query.html")
    page.wait_for_selector(".yasqe .CodeMirror")
    set_query = "q => window.miggraphEditor.yasqe.setValue(q)"
    page.evaluate(set_query, "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "read-only" in page.text_content("#status")
    page.evaluate(set_query, 'SELECT ?s ?o WHERE { ?s ?p ?o } ')
    page.click("#run")
    wait_rows(page)
    assert "cut at" in page.text_content("#status")
    page.evaluate(set_query, 'SELECT ("<b>bold</b>" AS ?x) WHERE {}')
    page.click("#run")
    assert wait_rows(page) == [["<b>bold</b>"]]
    assert page.locator(".yasr_results table b").count() == 0
    assert page.outside == []  # type: ignore[attr-defined]


def test_an_entity_page_opens_and_links_from_results(page, server, built):
    store = q.open_store(built / "miggraph.nt")
    label = next(store.quads_for_pattern(ox.NamedNode(f"{ID}org/iom"), ox.NamedNode(RDFS_LABEL), None)).object.value
    response = page.goto(f"{server}/id/org/iom")
    assert response is not None and response.status == 200
    assert label in page.text_content("body")
    assert label in page.title() or label in page.text_content("h1")
    # from the query page, an entity IRI in a result opens the entity on this server
    page.goto(f"{server}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.select_option("#example", "cq01-report-requested-by-resolution")
    page.click("#run")
    wait_rows(page)
    link = page.locator(".yasr_results tbody tr a.iri").first
    assert link.get_attribute("href") == "id/document/a-67-254"
    link.click()
    page.wait_for_load_state()
    assert page.url == f"{server}/id/document/a-67-254"
    assert "A/67/254" in page.text_content("body")
    assert page.outside == []  # type: ignore[attr-defined]
