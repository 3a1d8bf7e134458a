"""Hostile labels, acronyms, quotes and notes in every HTML output: the site, the network views, the served pages.

A small project (the real corpus plus one hostile document, a facts file of hostile records) is built once; every
page is checked as markup (no element or attribute a label could have injected) and opened in headless Chromium
(no dialog, no script run by a label, the hostile text shown as text)."""

from __future__ import annotations

import os
import socket
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import yaml
from _project import copy_project

from miggraph.build import build_to
from miggraph.viz import html as viz_html

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/miggraph/id/"
SCRIPT = '<script>window.pwned=1;alert("label")</script>'
IMG = '"><img src=x onerror="window.pwned=2;alert(2)">'
CLOSE = "</script><script>window.pwned=3;alert(3)</script>"
QUOTES = """'single' "double" `back` &amp; &lt;"""
BIDI = "\u202eevil\u202c \u200bzero\u200dwidth\u2066isolated\u2069 مرحبا"
LONG = "L" * 100_000
LABEL = f"{SCRIPT} {QUOTES} Forum"
LONG_LABEL = f"{BIDI} {IMG} {LONG} {CLOSE}"
NOTE = f"</td>{CLOSE} {IMG} {'N' * 100_000}"
CORPUS_TEXT = f"""HOSTILE-1

Hostile test document

1. The {SCRIPT} and {IMG} met; {QUOTES}.

2. {BIDI} {CLOSE} {LONG}

3. The group was established by the Forum.
"""
QUOTE_1 = f"The {SCRIPT} and {IMG} met; {QUOTES}."


def facts() -> str:
    records = [
        {"id": "process/hostile", "type": "GlobalConsultativeProcess", "label": LABEL, "acronym": IMG,
         "altLabel": CLOSE, "source": {"para": "1", "quote": QUOTE_1},
         "establishedBy": {"value": "org/hostile", "source": {"para": "3", "quote": "established by the Forum"},
                           "note": NOTE}},
        {"id": "org/hostile", "type": "IntergovernmentalOrganization", "label": LONG_LABEL, "acronym": f"H{SCRIPT}",
         "source": {"para": "2", "quote": f"{BIDI} {CLOSE} {LONG}"}},
    ]
    return yaml.safe_dump({"document": "hostile-1", "records": records}, allow_unicode=True, width=10**7)


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project", extra=("queries",)).root
    (root / "data" / "corpus" / "HOSTILE-1.txt").write_text(CORPUS_TEXT, encoding="utf-8")
    documents = (ROOT / "data" / "documents.yaml").read_text(encoding="utf-8")
    record = {"id": "document/hostile-1", "type": "Report", "label": f"Hostile report {SCRIPT} {IMG}",
              "symbol": "HOSTILE-1", "corpusFile": "HOSTILE-1.txt",
              "source": {"doc": "hostile-1", "para": "masthead", "quote": "HOSTILE-1"}}
    extra = yaml.safe_dump([record], allow_unicode=True, width=10**7)
    (root / "data" / "documents.yaml").write_text(
        documents.rstrip("\n") + "\n\n" + "".join("  " + line + "\n" for line in extra.splitlines()), encoding="utf-8")
    (root / "data" / "facts" / "hostile.yaml").write_text(facts(), encoding="utf-8")
    out = root.parent / "out"
    os.environ["MIGGRAPH_CHECK_SUPPORT"] = "0"  # hostile names are in no quote: escaping is what is tested here
    try:
        build_to(out, root=root, allow_invalid=True)
    finally:
        del os.environ["MIGGRAPH_CHECK_SUPPORT"]
    return out


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def check_markup(text: str, where: object) -> None:
    """Nothing a label could inject: no img, no event handler, no script but the page's own, no javascript: link."""
    parser = Tags()
    parser.feed(text.replace(viz_html.vis_network_js(), ""))
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "object", "embed"), (where, tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (where, tag, attrs)
        for a in ("href", "src"):
            assert not (attrs.get(a) or "").strip().lower().startswith("javascript:"), (where, tag, attrs)
    for script in parser.scripts:
        assert "window.pwned" not in script or "\\u003c" in script or "\\x3c" in script or "<\\/" in script, where
        assert "</script" not in script.lower(), where


def test_every_page_of_the_build_is_free_of_injected_markup(hostile_out):
    pages = sorted(hostile_out.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        check_markup(page.read_text(encoding="utf-8"), page.relative_to(hostile_out))
    entity = (hostile_out / "id" / "process" / "hostile.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.pwned=1;alert(&#34;label&#34;)&lt;/script&gt;" in entity
    assert "&#34;&gt;&lt;img src=x onerror=" in entity
    assert LONG in (hostile_out / "id" / "org" / "hostile.html").read_text(encoding="utf-8")


def opened(context, url: str):
    """Open a page; collect dialogs (dismissed) and errors; report what a label could have done."""
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, dialogs, errors


def assert_inert(page, dialogs: list[str], errors: list[str]) -> None:
    time.sleep(0.2)  # a timer set by an injected handler would have fired
    assert dialogs == [], dialogs
    assert errors == [], errors
    assert page.evaluate("() => [window.pwned, document.querySelectorAll('img, [onerror]').length]") == [None, 0]


def shown(page, selector: str = "body") -> str:
    return " ".join(page.locator(selector).first.inner_text().split())


@pytest.fixture(scope="module")
def local_context(browser):
    """A browser context that reads file:// and 127.0.0.1 and aborts every other request."""
    context = browser.new_context()
    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(("file:", "http://127.0.0.1:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)
    yield context, blocked
    context.close()


def test_site_pages_show_hostile_labels_as_text(hostile_out, local_context):
    context, blocked = local_context
    for rel in ("id/process/hostile.html", "id/org/hostile.html", "id/process/index.html", "id/org/index.html",
                "index.html", "id/document/hostile-1.html"):
        page, dialogs, errors = opened(context, (hostile_out / rel).as_uri())
        assert_inert(page, dialogs, errors)
        text = shown(page)
        if rel == "id/process/hostile.html":
            assert shown(page, "h1") == " ".join(LABEL.split())
            assert " ".join(IMG.split()) in text and CLOSE in text  # acronym and altLabel
            assert QUOTE_1.split(";")[0] in text  # the quote, as text
            assert NOTE[:60] in text  # the note of the establishedBy fact
        if rel == "id/org/hostile.html":
            assert shown(page, "h1") == " ".join(LONG_LABEL.split())
        page.close()
    assert blocked == []


def test_views_show_hostile_labels_as_text(hostile_out, local_context):
    context, blocked = local_context
    views = [p.as_uri() for p in sorted((hostile_out / "viz").glob("*.html"))]
    views += [(hostile_out / "viz" / "ego.html").as_uri() + "#" + entity for entity in ("process/hostile", "org/hostile")]
    for url in views:
        page, dialogs, errors = opened(context, url)
        if not url.endswith("/index.html"):
            page.wait_for_selector("body[data-settled='true']", state="attached", timeout=60_000)  # even empty views
        if url.endswith(("#process/hostile", "#org/hostile", "/overview.html")):
            labels = page.evaluate("() => window.miggraph.nodes.get().map(n => n.label)")
            assert any(label and SCRIPT in label for label in labels), (url, labels[:5])
            node = ID + "process/hostile"
            if page.evaluate(f"() => window.miggraph.nodes.get({node!r}) !== null"):
                page.evaluate(f"window.miggraph.network.body.emitter.emit('click', {{nodes: [{node!r}], edges: []}})")
                assert " ".join(LABEL.split()) in shown(page, "#info")
            page.fill("#search", IMG)  # the acronym, typed in Find
        assert_inert(page, dialogs, errors)
        page.close()
    assert blocked == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def hostile_server(hostile_out):
    import uvicorn

    from miggraph.serve import ServeOptions, make_app

    app = make_app(hostile_out, options=ServeOptions(timeout=5, max_rows=100, workers=1))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(30)


def test_served_pages_show_hostile_labels_as_text(hostile_server, hostile_out, local_context):
    context, blocked = local_context
    # passages have no static page: the server renders them, with their hostile quote and text
    nt = (hostile_out / "miggraph.nt").read_text(encoding="utf-8").splitlines()
    passages = sorted({line.split(">")[0].lstrip("<") for line in nt if line.startswith(f"<{ID}passage/hostile-1-")
                       and ("window.pwned=1" in line or "evil" in line)})
    assert len(passages) >= 3, passages  # the quote and the unit holding it, the long paragraph
    base = ID.removesuffix("id/")
    urls = [f"{hostile_server}/id/process/hostile", f"{hostile_server}/query"]
    urls += [f"{hostile_server}/{p.removeprefix(base)}" for p in passages]
    for url in urls:
        r = httpx.get(url, headers={"Accept": "text/html"}, timeout=30)
        assert r.status_code == 200, (url, r.status_code)
        check_markup(r.text, url)
        page, dialogs, errors = opened(context, url)
        assert_inert(page, dialogs, errors)
        if "/id/passage/" in url:
            assert "window.pwned=1" in shown(page) or "evil" in shown(page)  # the quote, shown as text
        page.close()
    # the query page runs a query whose results hold the hostile labels, and shows them as text
    page, dialogs, errors = opened(context, f"{hostile_server}/query")
    sparql = f"SELECT ?label WHERE {{ <{ID}process/hostile> ?p ?label FILTER(isLiteral(?label)) }}"
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("q => window.miggraphEditor.yasqe.setValue(q)", sparql)
    page.click("#run")
    page.wait_for_function("() => document.body.innerText.includes('window.pwned=1')", timeout=30_000)
    assert_inert(page, dialogs, errors)
    page.close()
    assert blocked == []
