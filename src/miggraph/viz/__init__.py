"""Interactive network views of the graph (vis-network pages written from our own template) and their writers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
from rdflib import Graph

from .. import analyze
from ..config import Settings
from ..export import write_atomically
from . import ego, html, views
from .network import Vocabulary, load_vocabulary, to_networkx

Render = Callable[[], str | bytes]

__all__ = ["Vocabulary", "ego", "html", "load_vocabulary", "to_networkx", "view_writers", "views", "write", "writers"]


class _Lazy:
    """The entity graph and its measures, computed once, on first use."""

    def __init__(self, graph: Graph, settings: Settings) -> None:
        self.graph = graph
        self.settings = settings
        self._g: nx.MultiDiGraph | None = None
        self._rows: list[dict[str, object]] | None = None
        self._views: list[views.View] | None = None

    @property
    def vocab(self) -> Vocabulary:
        return load_vocabulary(self.settings.ontology_path)

    @property
    def g(self) -> nx.MultiDiGraph:
        if self._g is None:
            self._g = to_networkx(self.graph, self.settings.instance_base, self.vocab)
        return self._g

    @property
    def rows(self) -> list[dict[str, object]]:
        if self._rows is None:
            self._rows = analyze.metrics(self.g)
        return self._rows

    @property
    def views(self) -> list[views.View]:
        if self._views is None:
            pagerank = {str(r["iri"]): float(r["pagerank"]) for r in self.rows}  # type: ignore[arg-type]
            self._views = views.all_views(self.graph, self.g, self.vocab, pagerank)
        return self._views


VIEW_NAMES = ["overview", "mandate-chain", "gmg-membership", "rcp-landscape", "instruments", "co-mentions"]


def _page(state: _Lazy, i: int, name: str) -> str:
    view = state.views[i]
    if view.name != name:
        raise ValueError(f"view {i} is {view.name!r}, not {name!r}")
    return html.render(view, root="../")


def view_writers(graph: Graph, settings: Settings, lazy: _Lazy | None = None) -> dict[str, Render]:
    """The pages of out/viz/ (standalone views, index, the ego view and its network file) and the shared
    vis-network copy: a fixed number of files, whatever the number of entities."""
    state = lazy or _Lazy(graph, settings)
    out: dict[str, Render] = {}
    for i, name in enumerate(VIEW_NAMES):
        out[f"viz/{name}.html"] = lambda i=i, name=name: _page(state, i, name)
    out[ego.PAGE] = ego.page
    out[ego.DATA] = ego.NetworkFile(lambda: state.g, settings.instance_base)
    out["viz/index.html"] = lambda: html.index(state.views, _ego_pages(state.g))
    out[html.ASSET] = html.vis_network_js
    return out


def _ego_pages(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """(kind, label, kind/slug) of every entity with an ego view, for the index."""
    found = []
    for node, data in g.nodes(data=True):
        path = str(data.get("ego", "")).removeprefix(ego.PAGE + "#")
        if path:
            found.append((path.split("/")[0], str(data.get("label", node)), path))
    return found


def writers(graph: Graph, settings: Settings) -> dict[str, Render]:
    """Everything this stage adds to out/: the views, the analytics files, GraphML and GEXF."""
    state = _Lazy(graph, settings)
    out = view_writers(graph, settings, state)
    out.update(analyze.writers(graph, settings, lambda: (state.g, state.rows)))
    return out


def write(graph: Graph, settings: Settings, out_dir: Path, progress: Callable[[str], None] | None = None) -> list[Path]:
    """(Re)write the views into out_dir, atomically, keeping the other files there."""
    return write_atomically(out_dir, view_writers(graph, settings), progress)
