"""How long large network views take: the layout in Python, the page, and opening it in headless Chromium until it settles.

    .venv/bin/python benchmarks/viz_bench.py [--sizes 1000,2000,5000] [--live 500,1000] [--units 100,1000]
                                             [--out benchmarks/results/viz.json]
    .venv/bin/python benchmarks/viz_bench.py --built out      # the ego views and overview of a built out/

Each size is a synthetic entity graph (miggraph.viz.network.synthetic_graph: preferential attachment, about two relations
per node). "python layout" views draw every node with positions computed in Python (fixed seed) and open with physics
off, as the real views above 150 nodes do; "live physics" views are laid out by vis-network in the browser (stabilise,
then stop). Each unit count is an RDF graph from benchmarks/synthetic.py (x1000 is about a million triples): its
"overview" row times the entity graph, the overview (capped at miggraph.viz.views.OVERVIEW_CAP entities), the page and
opening it, and the analytics (analyze.metrics) of the same entity graph.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

from miggraph import analyze
from miggraph.config import Settings
from miggraph.viz import ego, html, load_vocabulary, to_networkx, views
from miggraph.viz.network import synthetic_graph

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]


def make_view(n: int, live: bool) -> tuple[views.View, float]:
    g = synthetic_graph(n, seed=3)
    started = time.perf_counter()
    view = views.View("bench", f"{n} nodes", "synthetic", [views.entity_node(g, x) for x in g.nodes],
                      views.entity_edges(g, g.nodes), physics=True)
    if live:
        view.nodes.sort(key=lambda x: str(x["id"]))
    else:
        view = views.finish(view)
    return view, time.perf_counter() - started


def overview_of_units(units: int) -> tuple[views.View, dict[str, object]]:
    """The overview of the synthetic RDF graph of this many units, timed stage by stage, and its analytics."""
    import synthetic

    settings = Settings.default(Path(__file__).resolve().parents[1])
    graph = synthetic.graph(units)
    started = time.perf_counter()
    g = to_networkx(graph, settings.instance_base, load_vocabulary(settings.ontology_path))
    entity_s = time.perf_counter() - started
    started = time.perf_counter()
    view = views.overview(g)
    overview_s = time.perf_counter() - started
    started = time.perf_counter()
    rows = analyze.metrics(g)
    analytics_s = time.perf_counter() - started
    row: dict[str, object] = {
        "units": units, "triples": len(graph), "entities": g.number_of_nodes(), "relations": g.number_of_edges(),
        "entity_graph_s": round(entity_s, 2), "overview_s": round(overview_s, 2), "analytics_s": round(analytics_s, 2),
        "betweenness_method": rows[0]["betweenness_method"] if rows else "exact",
    }
    return view, row


def open_in_browser(browser, path: Path, timeout_s: float, fragment: str = "") -> tuple[float, int]:
    """Open a page until it has settled: the seconds it took and the nodes drawn (see opened)."""
    seconds, info = opened(browser, path, timeout_s, fragment)
    return seconds, int(info["drawn"])


def opened(browser, path: Path, timeout_s: float, fragment: str = "") -> tuple[float, dict]:
    """Open a page (the ego view: with its entity as fragment) in a fresh context, offline, until it has settled:
    the seconds it took, and the nodes drawn, the nodes and edges it holds and whether it was laid out live."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(path.as_uri() + (f"#{quote(fragment)}" if fragment else ""))
    page.wait_for_selector("body[data-settled='true']", state="attached", timeout=timeout_s * 1000)
    seconds = time.perf_counter() - started
    info = page.evaluate("""() => ({drawn: window.miggraph.network.body.nodeIndices.length,
        nodes: window.miggraph.nodes.length, edges: window.miggraph.edges.length, live: window.miggraph.data.physics})""")
    context.close()
    if errors:
        raise RuntimeError(errors)
    return seconds, info


def read_network(out: Path) -> dict:
    """The network file of a built out/ (viz/ego-network.js), as the ego view reads it."""
    return ego.read_data_js((out / ego.DATA).read_text(encoding="utf-8"))


def ego_sizes(net: dict) -> list[tuple[int, int, str]]:
    """(nodes of its ego view, neighbours, key) of every entity with an ego view, as the page computes them."""
    nodes, edges, limit = net["nodes"], net["edges"], net["twoHopsLimit"]
    adjacent: list[set[int]] = [set() for _ in nodes]
    for i in range(0, len(edges), 3):
        if edges[i] != edges[i + 1]:
            adjacent[edges[i]].add(edges[i + 1])
            adjacent[edges[i + 1]].add(edges[i])
    found = []
    for k, node in enumerate(nodes):
        if not node[6]:
            continue
        near = adjacent[k] | {k}
        size = len(near)
        if size <= limit:
            two = set(near)
            for j in near:
                two |= adjacent[j]
                if len(two) > limit:
                    break
            size = len(two) if len(two) <= limit else size
        found.append((size, len(adjacent[k]), node[0]))
    return found


def pick_entities(net: dict) -> list[tuple[str, str]]:
    """(what, key): the entity with most neighbours, the largest ego view still laid out live, a median one."""
    sizes = ego_sizes(net)
    if not sizes:
        return []
    hub = max(sizes, key=lambda s: (s[1], s[2]))
    live = max((s for s in sizes if s[0] <= net["physicsLimit"]), key=lambda s: (s[0], s[2]), default=hub)
    median = sorted(sizes)[len(sizes) // 2]
    return [("ego: most neighbours", hub[2]), ("ego: largest live layout", live[2]), ("ego: median", median[2])]


def open_built_views(out: Path, timeout_s: float) -> list[dict[str, object]]:
    """Open the ego views of pick_entities and the overview of a built out/ in headless Chromium (offline, each in a
    fresh context, twice: the second time is what a reader opening one more view waits)."""
    net = read_network(out)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    rows: list[dict[str, object]] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        for what, key in [*pick_entities(net), ("overview", "")]:
            path = out / (ego.PAGE if key else "viz/overview.html")
            first, info = opened(browser, path, timeout_s, key)
            again, _ = opened(browser, path, timeout_s, key)
            rows.append({"what": what, "entity": key, "nodes": info["nodes"], "edges": info["edges"],
                         "layout": "live physics" if info["live"] else "fixed positions",
                         "open_s": round(again, 3), "first_open_s": round(first, 3)})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        browser.close()
    return rows


def open_page(browser, view: views.View, path: Path, timeout_s: float) -> dict[str, object]:
    """Render the view's page into path, open it and wait until it settles."""
    started = time.perf_counter()
    page = html.render(view, root="../")
    render_s = time.perf_counter() - started
    path.write_text(page, encoding="utf-8")
    open_s, drawn = open_in_browser(browser, path, timeout_s)
    return {"render_s": round(render_s, 2), "page_mb": round(len(page.encode()) / 1e6, 2), "open_and_settle_s": round(open_s, 2),
            "drawn_nodes": drawn}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2000,5000", help="node counts laid out in Python")
    parser.add_argument("--live", default="500,1000", help="node counts laid out by live physics in the browser")
    parser.add_argument("--units", default="", help="units of benchmarks/synthetic.py whose overview and analytics to time")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for a page to settle")
    parser.add_argument("--built", help="a built out/: open its ego views (see pick_entities) and overview, print them")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "viz.json"))
    args = parser.parse_args()
    if args.built:
        print(json.dumps(open_built_views(Path(args.built), args.timeout), indent=1))
        return
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    runs = [(int(n), False) for n in args.sizes.split(",") if n] + [(int(n), True) for n in args.live.split(",") if n]
    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        for n, live in runs:
            view, layout_s = make_view(n, live)
            row = {"nodes": n, "edges": len(view.edges), "layout": "live physics" if live else "python layout",
                   "python_layout_s": round(layout_s, 2)}
            row.update(open_page(browser, view, Path(tmp) / f"bench-{n}-{'live' if live else 'python'}.html", args.timeout))
            results.append(row)
            print(json.dumps(row), flush=True)
        for units in [int(u) for u in args.units.split(",") if u]:
            view, row = overview_of_units(units)
            row.update({"layout": "overview", "nodes": len(view.nodes), "edges": len(view.edges), "python_layout_s": row["overview_s"]})
            row.update(open_page(browser, view, Path(tmp) / f"overview-x{units}.html", args.timeout))
            results.append(row)
            print(json.dumps(row), flush=True)
        browser.close()
    doc = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.system()},
           "chromium": chromium, "runs": results}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"{'nodes':>6} {'edges':>6} {'layout':<14} {'python s':>9} {'page MB':>8} {'open+settle s':>14}")
    for r in results:
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['layout']:<14} {r['python_layout_s']:>9} {r['page_mb']:>8} {r['open_and_settle_s']:>14}")


if __name__ == "__main__":
    main()
