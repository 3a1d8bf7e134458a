"""The ego views: one page and one network file written by the build, whatever the number of entities; each entity's
view drawn in headless Chromium from the files on disk (file://, every other request aborted), showing the entity's
neighbours as the graph states them (SPARQL) and as the Python reference (views.ego) computes them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from urllib.parse import quote

import networkx as nx
from test_analyze import BASE, ROOT, knowledge
from test_viz import offline, open_view  # noqa: F401 (offline is a fixture)

from miggraph import viz
from miggraph.config import Settings
from miggraph.export import write_atomically
from miggraph.viz import ego, html, views

VIEW_FILES = {"viz/overview.html", "viz/mandate-chain.html", "viz/gmg-membership.html", "viz/rcp-landscape.html",
              "viz/instruments.html", "viz/co-mentions.html", "viz/index.html", ego.PAGE, ego.DATA}


def _synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_writes_a_fixed_number_of_view_files_not_one_per_entity(built):
    written = {str(p.relative_to(built)) for p in (built / "viz").rglob("*") if p.is_file()}
    assert written == VIEW_FILES
    settings = Settings.default(ROOT)
    synthetic = _synthetic()
    small, large = (viz.view_writers(synthetic.graph(units), settings) for units in (2, 40))
    assert set(small) == set(large) == VIEW_FILES | {html.ASSET}
    assert len(large[ego.DATA]().splitlines()) == 1  # one line of data, however many entities


def _expected(kb, entity: str) -> tuple[set[str], set[tuple[str, str]]]:
    adj = kb.neighbours()
    near = {entity} | adj[entity]
    two = near | {z for y in adj[entity] for z in adj[y]}
    nodes = two if len(two) <= views.EGO_TWO_HOPS_LIMIT else near
    return nodes, {(s, o) for s, o, _ in kb.edges_among(nodes)}


def _drawn(page) -> dict:
    return page.evaluate("""() => {
        const m = window.miggraph, ids = m.nodes.getIds();
        return {nodes: ids, edges: m.edges.get().map(e => [e.from, e.to]), drawn: m.network.body.nodeIndices.length,
                focus: m.nodes.get().filter(n => n.borderWidth === 4).map(n => n.id), title: document.title,
                heading: document.querySelector("header h1").textContent};
    }""")


def test_an_entity_page_opens_its_ego_view_from_disk_showing_its_neighbours(built, offline):  # noqa: F811
    kb = knowledge(built)
    entity = BASE + "org/gmg"
    nodes, edges = _expected(kb, entity)
    assert len(nodes) > 10
    context, blocked = offline
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((built / "id" / "org" / "gmg.html").as_uri())
    link = page.locator("a", has_text="network view")
    assert link.get_attribute("href") == "../../viz/ego.html#org/gmg"
    link.click()
    page.wait_for_selector("body[data-settled='true']", state="attached", timeout=30_000)
    shown = _drawn(page)
    assert set(shown["nodes"]) == nodes and shown["drawn"] == len(nodes)
    assert {tuple(e) for e in shown["edges"]} == edges and shown["focus"] == [entity]
    assert shown["heading"] == "Global Migration Group" and shown["title"].startswith("Global Migration Group")
    # a neighbour's 'ego network' link in the side panel opens that neighbour's view in the same page
    neighbour = sorted(nodes - {entity})[0]
    page.evaluate(f"window.miggraph.network.body.emitter.emit('click', {{nodes: [{neighbour!r}], edges: []}})")
    with page.expect_navigation():
        page.locator("#info a", has_text="ego network").click()
    page.wait_for_selector("body[data-settled='true']", state="attached", timeout=30_000)
    again = _drawn(page)
    expected_nodes, expected_edges = _expected(kb, neighbour)
    assert again["focus"] == [neighbour] and set(again["nodes"]) == expected_nodes
    assert {tuple(e) for e in again["edges"]} == expected_edges
    page.close()
    assert not errors and not blocked, (errors, blocked)


def test_every_entity_page_links_its_own_ego_view(built):
    kb = knowledge(built)
    for entity in sorted(kb.entities)[:: max(1, len(kb.entities) // 60)]:
        rest = entity.removeprefix(BASE)
        text = (built / "id" / f"{rest}.html").read_text(encoding="utf-8")
        assert f'href="../../viz/ego.html#{quote(rest)}"' in text, entity


def test_an_unknown_entity_says_so(built, offline):  # noqa: F811
    info = open_view(offline, built / "viz" / "ego.html", fragment="org/no-such-entity")
    assert info["nodes"] == []


def _write(tmp_path: Path, g: nx.MultiDiGraph) -> Path:
    out = tmp_path / "out"
    write_atomically(out, {ego.PAGE: ego.page, ego.DATA: lambda: ego.data_js(g, BASE), html.ASSET: html.vis_network_js})
    return out / ego.PAGE


def _compare(info: dict, view: views.View) -> None:
    assert sorted(info["nodes"]) == [n["id"] for n in view.nodes]
    assert info["labels"] == {n["id"]: n["label"] for n in view.nodes}
    assert sorted(map(tuple, info["edges"])) == [(e["from"], e["to"]) for e in view.edges]


def test_the_browser_computes_what_the_python_reference_computes(tmp_path, offline):  # noqa: F811
    settings = Settings.default(ROOT)
    graph = _synthetic().graph(30)
    g = viz.to_networkx(graph, settings.instance_base, viz.load_vocabulary(settings.ontology_path))
    path = _write(tmp_path, g)
    degree = sorted(g.nodes, key=lambda n: (-g.degree(n), n))
    for node in (degree[0], degree[len(degree) // 2], degree[-1]):
        view = views.ego(g, node)
        info = open_view(offline, path, fragment=str(g.nodes[node]["ego"]).removeprefix(ego.PAGE + "#"))
        _compare(info, view)
    context, _ = offline
    page = context.new_page()
    page.goto(path.as_uri() + "#" + quote(str(g.nodes[degree[0]]["ego"]).removeprefix(ego.PAGE + "#")))
    page.wait_for_selector("body[data-settled='true']", state="attached")
    shown = page.evaluate("() => window.miggraph.data.nodes.map(n => [n.id, n.group, n.color, n.lines, n.page, n.search])")
    reference = views.ego(g, degree[0])
    assert shown == [[n["id"], n["group"], n["color"], n["lines"], n["page"], n["search"]] for n in reference.nodes]
    page.close()


def test_a_hub_with_hundreds_of_neighbours_is_drawn_on_rings_without_physics(tmp_path, offline):  # noqa: F811
    g = nx.MultiDiGraph()
    hub = BASE + "org/hub"
    g.add_node(hub, label="Hub", cls="Organization", family="organisations", page="id/org/hub.html", ego=ego.fragment("org/hub"))
    for i in range(400):
        leaf = f"{BASE}meeting/m{i:03d}"
        g.add_node(leaf, label=f"Meeting {i}", cls="Conference", family="meetings", page=f"id/meeting/m{i:03d}.html",
                   ego=ego.fragment(f"meeting/m{i:03d}"))
        g.add_edge(leaf, hub, key="organizedBy", relation="organizedBy", label="organized by")
    info = open_view(offline, _write(tmp_path, g), fragment="org/hub")
    assert len(info["nodes"]) == 401 and len(info["edges"]) == 400
    assert info["positions"][hub] == {"x": 0, "y": 0}
    assert len({(round(p["x"]), round(p["y"])) for p in info["positions"].values()}) == 401  # no two in one place
    _compare(info, views.ego(g, hub))
