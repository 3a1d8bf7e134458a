"""The static linked-data site: a page per entity, links that resolve, quotes shown, labels escaped."""

from __future__ import annotations

import html
import importlib.util
import json
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pyoxigraph as ox
from _sparql import PREFIXES
from conftest import require

from miggraph import site
from miggraph.config import DEFAULT_BASE
from miggraph.export import write_atomically
from miggraph.load import load
from miggraph.viz import ego

BASE = DEFAULT_BASE + "id/"
OUTBOUND = ("undocs.org", "publications.europa.eu", "creativecommons.org")
ATTR = re.compile(r"""\s(href|src)=(?:"([^"]*)"|'([^']*)')""")
IDS = re.compile(r"""\sid=["']([^"']+)["']""")


def entity_pages(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in (out / "id").glob("*/*.html") if p.name != "index.html"}


def test_one_page_per_entity_with_turtle_and_jsonld_beside_it(built, store):
    rows = store.query(f'SELECT DISTINCT ?e WHERE {{ ?e a ?c FILTER(STRSTARTS(STR(?e), "{BASE}")) }}')
    expected = set()
    for r in rows:
        kind, _, slug = r["e"].value.removeprefix(BASE).partition("/")
        if slug and "/" not in slug and kind not in ("statement", "passage", "mention"):
            expected.add(f"id/{kind}/{slug}.html")
    assert len(expected) > 500
    assert entity_pages(built) == expected
    for page in expected:
        stem = built / page.removesuffix(".html")
        assert stem.with_suffix(".ttl").is_file() and stem.with_suffix(".jsonld").is_file(), page
    for kind in {p.split("/")[1] for p in expected}:
        assert (built / "id" / kind / "index.html").is_file()
    assert (built / "index.html").is_file() and (built / "assets" / "site.css").is_file()


@cache
def ego_entities(page: Path) -> frozenset[str]:
    """kind/slug of every entity the ego view beside its network file draws."""
    network = ego.read_data_js((page.parent / "ego-network.js").read_text(encoding="utf-8"))
    return frozenset(str(n[0]) for n in network["nodes"] if n[6])  # type: ignore[attr-defined, index]


@cache
def anchors(path: Path) -> frozenset[str]:
    return frozenset(IDS.findall(path.read_text(encoding="utf-8")))


def test_every_link_in_every_page_resolves(built):
    """Relative links only (to a file in out/, and to an anchor in it), except plain links to the allowed hosts."""
    pages = sorted([built / "index.html", *(built / "id").rglob("*.html")])
    checked = 0
    outbound: set[str] = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for tag_attr, dq, sq in ATTR.findall(text):
            url = html.unescape(dq or sq)
            parts = urlsplit(url)
            if parts.scheme:
                host = parts.hostname or ""
                assert tag_attr == "href" and parts.scheme in ("http", "https"), (page, url)
                assert any(host == h or host.endswith("." + h) for h in OUTBOUND), (page, url)
                outbound.add(host)
                continue
            assert not url.startswith("/"), (page, url)
            target = Path(unquote(urlsplit(urljoin(page.as_uri(), url)).path))
            assert target.is_file(), (page.relative_to(built), url)
            assert target.resolve().is_relative_to(built.resolve()), (page, url)
            if parts.fragment and target.name == "ego.html":  # the ego view's fragment names its entity
                assert unquote(parts.fragment) in ego_entities(target), (page.relative_to(built), url)
            elif parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in anchors(target), (page.relative_to(built), url)
            checked += 1
    assert checked > 10000
    assert set(OUTBOUND) <= outbound  # documents link to undocs.org, countries to the EU authority


def test_no_remote_script_or_stylesheet(built):
    for page in [built / "index.html", *(built / "id").rglob("*.html")]:
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page.read_text(encoding="utf-8")):
            assert not re.search(r"""(src|href)=["']?(https?:)?//""", tag), (page, tag)


def test_a_page_shows_each_fact_with_its_quote_and_note(built, store):
    rows = list(store.query(PREFIXES + """
    SELECT ?s ?o ?quote ?para WHERE {
      ?st rdf:subject ?s ; rdf:predicate mig:developmentFocus ; rdf:object ?o ; prov:wasDerivedFrom ?p .
      ?p mig:quote ?quote ; mig:paragraph ?para .
      FILTER(?s = <https://w3id.org/miggraph/id/process/bali-process>)
    }"""))
    assert rows
    page = (built / "id" / "process" / "bali-process.html").read_text(encoding="utf-8")
    for r in rows:
        assert r["quote"].value in html.unescape(page)
        assert f">{html.escape(r['para'].value)}</a>" in page
    # a fact with a note shows the note on its subject's page, beside the quote
    noted = list(store.query(PREFIXES + """
    SELECT ?s ?note ?quote WHERE { ?st rdf:subject ?s ; rdfs:comment ?note ; prov:wasDerivedFrom/mig:quote ?quote }
    ORDER BY ?s LIMIT 5"""))
    assert noted
    for r in noted:
        kind, slug = r["s"].value.removeprefix(BASE).split("/", 1)
        text = html.unescape((built / "id" / kind / f"{slug}.html").read_text(encoding="utf-8"))
        assert r["note"].value in text and r["quote"].value in text


def test_entity_turtle_and_jsonld_describe_the_entity(built, store):
    require(importlib.util.find_spec("pyld") is not None, "pyld (test extra)")
    from pyld import jsonld

    def loader(url: str, options=None) -> dict:
        path = Path(unquote(urlsplit(url).path))
        assert url.startswith("file://") and path.resolve().is_relative_to(built.resolve()), url
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": json.loads(path.read_text(encoding="utf-8"))}

    pages = sorted(entity_pages(built))
    sample = pages[::25] + ["id/org/iom.html", "id/process/bali-process.html"]
    for page in sample:
        stem = built / page.removesuffix(".html")
        iri = BASE + page.removeprefix("id/").removesuffix(".html")
        ttl = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(stem.with_suffix(".ttl")))}
        doc = json.loads(stem.with_suffix(".jsonld").read_text(encoding="utf-8"))
        assert doc["@context"] == "../../context.jsonld" and doc["@id"].endswith(page.split("/", 1)[1].removesuffix(".html"))
        nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "base": stem.with_suffix(".jsonld").as_uri(),
                                     "documentLoader": loader})
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)} == ttl, page
        # the description: the entity's triples, those pointing at it, the statements about it and the passages of both
        expected = {ox.Triple(t.subject, t.predicate, t.object) for t in store.query(PREFIXES + f"""
        CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> . ?st ?sp ?so . ?pa ?pp ?po }} WHERE {{
          {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} UNION {{ ?st rdf:subject <{iri}> ; a rdf:Statement ; ?sp ?so }}
          UNION {{ {{ <{iri}> prov:wasDerivedFrom ?pa }} UNION {{ ?x rdf:subject <{iri}> ; a rdf:Statement ; prov:wasDerivedFrom ?pa }}
                   ?pa ?pp ?po }}
        }}""")}
        stored = ox.Store()
        stored.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ttl)
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in stored} == expected, page


HOSTILE = """\
document: a-63-265
records:
  - id: process/gfmd
    type: GlobalConsultativeProcess
    label: '<script>alert("label")</script> & Forum'
    altLabel: '<img src=x onerror=alert(1)>'
    source:
      para: "2"
      quote: "The Global Forum on Migration and Development was therefore launched in 2006"
    established:
      value: "2006"
      note: '</td><script>alert("note")</script>'
"""


def test_hostile_labels_and_notes_are_escaped(project, tmp_path):
    settings = replace(project(HOSTILE), check_support=False)  # hostile names are in no quote: escaping is tested here
    graph = load(settings).graph
    out = tmp_path / "out"
    write_atomically(out, site.writers(graph, settings))
    page = (out / "id" / "process" / "gfmd.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;label&#34;)&lt;/script&gt; &amp; Forum" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;/td&gt;&lt;script&gt;alert(&#34;note&#34;)&lt;/script&gt;" in page
    own = re.compile(r'<script src="(\.\./)*assets/search\.js" defer></script>')  # the search box's script
    for path in out.rglob("*.html"):
        text = own.sub("", path.read_text(encoding="utf-8"), count=1)
        assert "<script" not in text and "<img" not in text, path
    index = (out / "id" / "process" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in index


def test_entity_page_in_a_browser_loads_nothing_remote(built, browser, store):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((built / "id" / "org" / "iom.html").as_uri())
    (row,) = list(store.query(PREFIXES + "SELECT ?l WHERE { <https://w3id.org/miggraph/id/org/iom> rdfs:label ?l }"))
    assert page.locator("h1").inner_text() == row["l"].value
    assert page.evaluate("getComputedStyle(document.querySelector('header.site')).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.locator("a", has_text="Turtle").get_attribute("href") == "iom.ttl"
    assert page.locator("blockquote.quote").count() > 3
    page.close()
    assert requests and all(u.startswith("file://") for u in requests), requests


def test_home_page_counts_every_class_and_links_every_kind(built, store):
    home = (built / "index.html").read_text(encoding="utf-8")
    shown = {html.unescape(iri): int(n) for iri, n in
             re.findall(r'<tr><td><(?:a href="[^"]*"|span) title="([^"]+)">[^<]*</(?:a|span)></td><td class="num">(\d+)</td></tr>', home)}
    counts = {r["c"].value: int(r["n"].value) for r in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    assert shown == counts
    for kind in sorted(p.parent.name for p in (built / "id").glob("*/index.html")):
        assert f'href="id/{kind}/index.html"' in home
    for name in ("miggraph.ttl", "miggraph.trig", "void.ttl", "ontology/index.html", "csv/resolutions.csv"):
        assert f'href="{name}"' in home


def test_site_and_void_follow_the_configured_base(project, tmp_path):
    from miggraph.config import Settings
    from miggraph.formats import void_graph

    settings = project(HOSTILE.replace("<script>", "x").replace("<img", "y"))
    mine = Settings(root=settings.root, base="https://example.org/migration/", check_support=False)
    graph = load(mine).graph
    files = site.writers(graph, mine)
    assert "id/process/gfmd.html" in files
    assert "https://example.org/migration/id/process/gfmd" in files["id/process/gfmd.html"]()
    assert json.loads(files["id/process/gfmd.jsonld"]())["@id"] == "id:process/gfmd"
    void = void_graph(graph, mine).serialize(format="nt")
    assert "<https://example.org/migration/sparql>" in void and '"https://example.org/migration/id/"' in void


def test_entity_json_ld_is_written_as_json_dumps_with_one_space_indent_writes_it() -> None:
    import json

    from miggraph.site.pages import indented_json

    doc = {"@context": "../../context.jsonld", "@id": "id:x", "label": ['a "quoted"\nline\t\\ é 😀 \u2028', {"@id": "id:y"}],
           "nested": {"empty": {}, "none": [], "deep": [[{"k": "  two spaces"}]]}}
    assert indented_json(doc) == json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
