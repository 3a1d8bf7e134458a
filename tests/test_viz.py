"""The network views: written offline-ready by the build, drawn in headless Chromium with the network cut off,
showing the nodes and edges the graph says (computed independently with SPARQL), labels escaped."""

from __future__ import annotations

import json
import math
import re
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from test_analyze import BASE, KB, ROOT, knowledge

from miggraph import viz
from miggraph.config import MIG, Settings
from miggraph.export import write_atomically
from miggraph.viz import ego, html, views
from miggraph.viz.network import synthetic_graph

VIEWS = ["overview", "mandate-chain", "gmg-membership", "rcp-landscape", "instruments", "co-mentions"]
CHAIN = {"mandatedBy", "requestedBy", "followUpTo", "hasOutcome", "references", "transmits"}
REMOTE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


@pytest.fixture
def kb(built: Path) -> KB:
    return knowledge(built)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots of the views, kept apart from the shared build so it stays as `miggraph build` wrote it."""
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def offline(browser):
    """A browser context that lets the page read file:// and aborts every other request."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []

    def handle(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    yield context, blocked
    context.close()


def open_view(offline, path: Path, shot: Path | None = None, timeout: float = 30_000, fragment: str = "") -> dict:
    """Open a view (the ego view: with the entity as fragment), wait until its network has settled, and read back
    what vis-network holds and draws."""
    context, blocked = offline
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(path.as_uri() + (f"#{quote(fragment)}" if fragment else ""))
    page.wait_for_selector("body[data-settled='true']", timeout=timeout, state="attached")
    seconds = time.perf_counter() - started
    info = page.evaluate("""() => {
        const m = window.miggraph;
        return {nodes: m.nodes.getIds(), labels: Object.fromEntries(m.nodes.get().map(n => [n.id, n.label])),
                edges: m.edges.get().map(e => [e.from, e.to]), positions: m.network.getPositions(),
                drawnNodes: m.network.body.nodeIndices.length, drawnEdges: m.network.body.edgeIndices.length,
                physics: m.network.physics.physicsEnabled};
    }""")
    if shot is not None:
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
    page.close()
    assert not errors, errors
    assert not blocked, blocked
    assert info["drawnNodes"] == len(info["nodes"]) and info["drawnEdges"] == len(info["edges"])
    assert not info["physics"], "physics must stop once the network has settled"
    info["seconds"] = seconds
    return info


def pairs(edges) -> list[tuple[str, str]]:
    return sorted((a, b) for a, b, *_ in edges)


# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------


def test_build_writes_standalone_views_with_vis_network_inlined(built):
    vis = (resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    vis = vis[: vis.rindex("//# sourceMappingURL")]
    for name in [*VIEWS, "index"]:
        text = (built / "viz" / f"{name}.html").read_text(encoding="utf-8")
        assert not REMOTE.search(text), name
        assert "<link" not in text and "bootstrap" not in text.lower(), name
        if name != "index":
            assert vis in text and "<script src" not in text, name
    index = (built / "viz" / "index.html").read_text(encoding="utf-8")
    for name in VIEWS:
        assert f'href="{name}.html"' in index


def test_one_ego_view_and_one_network_file_sharing_one_script(built, kb):
    vis = (built / "assets" / "vis-network.min.js").read_text(encoding="utf-8")
    assert vis == html.vis_network_js() and "sourceMappingURL" not in vis
    assert not (built / "viz" / "ego").exists()
    text = (built / "viz" / "ego.html").read_text(encoding="utf-8")
    assert '<script src="../assets/vis-network.min.js"></script>' in text and '<script src="ego-network.js"></script>' in text
    assert len(text) < len(vis) and not REMOTE.search(text)
    network = (built / "viz" / "ego-network.js").read_text(encoding="utf-8")
    assert network.startswith("window.miggraphNetwork = JSON.parse(") and not REMOTE.search(network)
    assert network.isascii() and len(ego.read_data_js(network)["nodes"]) == len(kb.entities)  # type: ignore[arg-type]
    index = (built / "viz" / "index.html").read_text(encoding="utf-8")
    for e in sorted(kb.entities)[:: max(1, len(kb.entities) // 40)]:
        assert f'href="ego.html#{quote(e.removeprefix(BASE))}"' in index, e


# ---------------------------------------------------------------------------
# the views in a browser, against SPARQL
# ---------------------------------------------------------------------------


def test_overview_in_a_browser(built, kb, offline, shots):
    info = open_view(offline, built / "viz" / "overview.html", shots / "overview.png")
    assert set(info["nodes"]) == kb.entities and len(info["nodes"]) == len(kb.entities)
    assert pairs(info["edges"]) == pairs(kb.edges)
    labels = dict(kb.select("SELECT ?e ?l WHERE { ?e rdfs:label ?l }"))
    assert info["labels"] == {e: labels[e] for e in kb.entities}


def _year(kb: KB) -> dict[str, int]:
    years: dict[str, int] = {}
    for prop in ("adoptedOn", "startDate", "issued", "established", "asOf"):
        for e, value in sorted(kb.select(f"SELECT ?e ?d WHERE {{ ?e mig:{prop} ?d }}")):
            if e not in years and value[:4].isdigit():
                years[e] = int(value[:4])
    return years


def test_mandate_chain_in_a_browser(built, kb, offline, shots):
    edges = {e for e in kb.edges if e[2].removeprefix(str(MIG)) in CHAIN}
    nodes = {s for s, _, _ in edges} | {o for _, o, _ in edges} | kb.of_class("Resolution")
    info = open_view(offline, built / "viz" / "mandate-chain.html", shots / "mandate-chain.png")
    assert set(info["nodes"]) == nodes and len(info["nodes"]) == len(nodes)
    assert pairs(info["edges"]) == pairs(edges)
    # laid out by year: an earlier year is always further left; undated entities are left of all dated ones
    years = _year(kb)
    x = {n: p["x"] for n, p in info["positions"].items()}
    dated = sorted((years[n], x[n]) for n in nodes if n in years)
    assert len({y for y, _ in dated}) >= 5
    for (y1, x1), (y2, x2) in zip(dated, dated[1:], strict=False):
        assert y1 == y2 or x1 < x2
    assert all(x[n] < dated[0][1] for n in nodes if n not in years)


def test_gmg_membership_in_a_browser(built, kb, offline, shots):
    (gmg,) = [e for (e,) in kb.select('SELECT ?g WHERE { ?g mig:acronym "GMG" }')]
    groups = {gmg} | {g for (g,) in kb.select(f"SELECT ?g WHERE {{ <{gmg}> mig:succeeds+ ?g }}")}
    rows = set()
    for grp in groups:
        query = f"SELECT DISTINCT ?x ?d WHERE {{ ?m a mig:Membership ; mig:group <{grp}> ; mig:member ?x OPTIONAL {{ ?m mig:asOf ?d }} }}"
        rows |= {(x, grp, d) for x, d in kb.select(query) if x in kb.entities}
    snapshots = {(grp, d) for _, grp, d in rows}
    members = {x for x, _, _ in rows}
    dates = {d for _, d in snapshots if d}
    assert {"2006", "2008", "2012"} <= {d[:4] for d in dates} and len(groups) == 2
    info = open_view(offline, built / "viz" / "gmg-membership.html", shots / "gmg-membership.png")
    assert len(info["nodes"]) == len(members) + len(snapshots)
    assert members <= set(info["nodes"])
    assert len(info["edges"]) == len(rows)
    boxes = [label for node, label in info["labels"].items() if node not in members]
    for d in dates:
        assert any(label.endswith(", " + d) for label in boxes), d
    # every member sits below the boxes of the dates it was a member at
    y = {n: p["y"] for n, p in info["positions"].items()}
    assert all(y[m] > max(y[b] for b in info["nodes"] if b not in members) for m in members)


def test_rcp_landscape_in_a_browser(built, kb, offline, shots):
    core = kb.of_class("ConsultativeProcess") | kb.of_class("RegionalOrganization")
    regions = {o for s, o, p in kb.edges if s in core and p == str(MIG.region)}
    focus = set(kb.select("SELECT DISTINCT ?p ?f WHERE { ?p mig:developmentFocus ?f }"))
    focus = {(p, f) for p, f in focus if p in core}
    assert len(focus) >= 10 and len(core) >= 20
    info = open_view(offline, built / "viz" / "rcp-landscape.html", shots / "rcp-landscape.png")
    assert set(info["nodes"]) == core | regions | {f for _, f in focus}
    assert pairs(info["edges"]) == pairs(list(kb.edges_among(core | regions)) + list(focus))


def test_instruments_in_a_browser(built, kb, offline, shots):
    instruments = kb.of_class("Instrument")
    adopters = {o for s, o, p in kb.edges if s in instruments and p == str(MIG.adoptedBy)}
    ratified = {(r, i) for r, i in kb.select("SELECT ?r ?i WHERE { ?r a mig:RatificationStatus ; mig:instrument ?i }")
                if i in instruments}
    counts = {c for (c,) in kb.select("SELECT ?c WHERE { ?r a mig:RatificationStatus ; mig:count ?c }")}
    info = open_view(offline, built / "viz" / "instruments.html", shots / "instruments.png")
    assert set(info["nodes"]) == instruments | adopters | {r for r, _ in ratified}
    assert pairs(info["edges"]) == pairs(list(kb.edges_among(instruments | adopters)) + list(ratified))
    assert any(str(MIG.supplements) == p for _, _, p in kb.edges_among(instruments))
    for c in counts:  # ratification counts shown as the labels of their nodes
        assert any(label.startswith(c + " (") for label in info["labels"].values()), c


def test_co_mentions_in_a_browser(built, kb, offline, shots):
    strict = {c for c in kb.subclasses("Passage") if c != str(MIG.Passage)}
    typed = defaultdict(set)
    for p, t in kb.select("SELECT ?p ?t WHERE { ?p mig:mentions ?e ; a ?t }"):
        typed[p].add(t)
    mentioned: dict[str, set[str]] = defaultdict(set)
    for p, e in kb.select("SELECT ?p ?e WHERE { ?p mig:mentions ?e }"):
        if e in kb.entities and not typed[p] & strict:
            mentioned[p].add(e)
    nodes = set().union(*mentioned.values()) if mentioned else set()
    edges = {tuple(sorted((a, b))) for ents in mentioned.values() for a in ents for b in ents if a < b}
    info = open_view(offline, built / "viz" / "co-mentions.html", shots / "co-mentions.png")
    assert set(info["nodes"]) == nodes
    assert sorted(tuple(sorted(e)) for e in info["edges"]) == sorted(edges)
    note = "No mentions yet" in (built / "viz" / "co-mentions.html").read_text(encoding="utf-8")
    assert note == (not nodes)


def test_ego_networks_in_a_browser(built, kb, offline, shots):
    adj = kb.neighbours()
    for entity in (BASE + "org/gmg", BASE + "resolution/60-227", max(kb.entities, key=lambda e: (len(adj[e]), e))):
        near = {entity} | adj[entity]
        two = near | {z for y in adj[entity] for z in adj[y]}
        nodes = two if len(two) <= views.EGO_TWO_HOPS_LIMIT else near
        rest = entity.removeprefix(BASE)
        path = built / "viz" / "ego.html"
        info = open_view(offline, path, shots / ("ego-" + rest.replace("/", "-") + ".png"), fragment=rest)
        assert set(info["nodes"]) == nodes
        assert pairs(info["edges"]) == pairs(kb.edges_among(nodes))


# ---------------------------------------------------------------------------
# small graphs: hostile labels, co-mentions, the no-mentions note
# ---------------------------------------------------------------------------

HOSTILE = '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> & Co'


def _small_graph(mentions: bool) -> Graph:
    g = Graph()
    e = {k: URIRef(BASE + k) for k in ("org/a", "org/b", "meeting/c", "resolution/1-1")}
    for key, cls, label in [("org/a", "Organization", HOSTILE), ("org/b", "UNEntity", "Bravo"),
                            ("meeting/c", "Conference", "Charlie"), ("resolution/1-1", "Resolution", "Resolution 1/1")]:
        g.add((e[key], RDF.type, MIG[cls]))
        g.add((e[key], RDFS.label, Literal(label, lang="en")))
    g.add((e["meeting/c"], MIG.organizedBy, e["org/a"]))
    g.add((e["meeting/c"], MIG.mandatedBy, e["resolution/1-1"]))
    g.add((e["org/b"], MIG.acronym, Literal("<b>B</b>")))
    if mentions:
        for p, cls, ents in [("passage/p1", "Passage", ("org/a", "org/b", "meeting/c")), ("passage/p2", "Passage", ("org/a", "org/b")),
                             ("mention/m1", "NameMention", ("meeting/c",)), ("mention/m2", "NameMention", ("org/a",))]:
            g.add((URIRef(BASE + p), RDF.type, MIG[cls]))
            for ent in ents:
                g.add((URIRef(BASE + p), MIG.mentions, e[ent]))
    return g


def test_co_mention_network_counts_passages_not_mentions():
    settings = Settings.default(ROOT)
    graph = _small_graph(mentions=True)
    vocab = viz.load_vocabulary(settings.ontology_path)
    g = viz.to_networkx(graph, settings.instance_base, vocab)
    view = views.co_mentions(graph, g, vocab)
    weights = {(e["from"], e["to"]): e["value"] for e in view.edges}
    assert weights == {(BASE + "meeting/c", BASE + "org/a"): 1, (BASE + "meeting/c", BASE + "org/b"): 1,
                       (BASE + "org/a", BASE + "org/b"): 2}
    lines = {n["id"]: n["lines"][-1] for n in view.nodes}
    assert lines[BASE + "org/a"] == "mentioned in 2 passage(s)" and lines[BASE + "meeting/c"] == "mentioned in 1 passage(s)"
    assert not view.note
    empty = views.co_mentions(_small_graph(mentions=False), g, vocab)
    assert not empty.nodes and "No mentions yet" in empty.note


def test_hostile_labels_stay_text_in_every_view(tmp_path, offline):
    settings = Settings.default(ROOT)
    out = tmp_path / "out"
    write_atomically(out, viz.writers(_small_graph(mentions=True), settings))
    for page in sorted(out.rglob("*.html")):
        text = page.read_text(encoding="utf-8").replace(html.vis_network_js(), "")
        assert "<img" not in text and "<script>window" not in text, page
        assert text.count("</script>") == text.count("<script"), page  # no script closed early by a label
    assert (out / "viz" / "ego.html").exists() and (out / "assets" / "vis-network.min.js").exists()
    assert "<" not in (out / "viz" / "ego-network.js").read_text(encoding="utf-8")  # labels escaped in the network file
    info = open_view(offline, out / "viz" / "ego.html", fragment="org/a")
    assert info["labels"][BASE + "org/a"] == HOSTILE
    info = open_view(offline, out / "viz" / "overview.html")
    assert info["labels"][BASE + "org/a"] == HOSTILE
    context, _ = offline
    page = context.new_page()
    page.goto((out / "viz" / "overview.html").as_uri())
    page.wait_for_selector("body[data-settled='true']", state="attached")
    # click the hostile node: its details go into the side panel as text
    page.evaluate(f"window.miggraph.network.body.emitter.emit('click', {{nodes: [{json.dumps(BASE + 'org/a')}], edges: []}})")
    assert page.locator("#info h2").inner_text() == HOSTILE
    page.fill("#search", "<b>b")  # finds Bravo by its acronym
    assert page.locator("#found").inner_text() == "1 found"
    assert page.evaluate("() => [window.pwned, document.querySelectorAll('img').length]") == [None, 0]
    assert page.locator("#info a", has_text="entity page").get_attribute("href") == "../id/org/b.html"
    page.close()


def test_a_view_of_5000_nodes_opens_and_settles(tmp_path, offline):
    g = synthetic_graph(5000, seed=3)
    nodes = [views.entity_node(g, n) for n in g.nodes]
    for i, node in enumerate(sorted(nodes, key=lambda n: str(n["id"]))):  # a cheap sunflower layout; the Python
        r, a = 12 * math.sqrt(i), i * 2.39996  # force-directed layout of this size is timed in benchmarks/
        node["x"], node["y"] = round(r * math.cos(a), 1), round(r * math.sin(a), 1)
    view = views.finish(views.View("synthetic", "5,000 nodes", "synthetic", nodes, views.entity_edges(g, g.nodes), physics=True))
    path = tmp_path / "viz" / "synthetic.html"
    path.parent.mkdir(parents=True)
    path.write_text(html.render(view, root="../"), encoding="utf-8")
    info = open_view(offline, path, timeout=120_000)
    assert len(info["nodes"]) == 5000 and len(info["edges"]) == g.number_of_edges()
    assert info["seconds"] < 60


def test_viz_write_replaces_only_its_own_files(tmp_path):
    settings = Settings.default(ROOT)
    out = tmp_path / "out"
    (out / "id").mkdir(parents=True)
    (out / "id" / "keep.html").write_text("kept", encoding="utf-8")
    (out / "assets").mkdir()
    (out / "assets" / "site.css").write_text("/* the site's */", encoding="utf-8")
    written = viz.write(_small_graph(mentions=False), settings, out)
    assert (out / "id" / "keep.html").read_text(encoding="utf-8") == "kept"
    assert (out / "assets" / "site.css").read_text(encoding="utf-8") == "/* the site's */"
    names = {str(p.relative_to(out)) for p in written}
    assert {f"viz/{v}.html" for v in VIEWS} | {"viz/index.html", "assets/vis-network.min.js", "viz/ego.html",
                                             "viz/ego-network.js"} <= names
    assert not (out / "analytics.csv").exists()
