"""The query page and the minimal entity page (used where the static site has no page for an entity)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Graph

from ..config import PREFIXES, Settings
from ..export import Render

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
QUERY_PAGE = "query.html"

_env = Environment(loader=PackageLoader("miggraph.serve", "templates"), autoescape=select_autoescape(["html"]),
                   keep_trailing_newline=True)


@dataclass(frozen=True)
class Example:
    """A competency question: its file name, its question (the leading comment) and its SPARQL."""

    name: str
    title: str
    sparql: str


def examples(queries_dir: Path) -> list[Example]:
    """The example queries of queries/*.rq, sorted by file name."""
    found = []
    for path in sorted(queries_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        found.append(Example(path.stem, " ".join(comment) or path.stem, text))
    return found


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' survive as such."""
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_query_page(queries_dir: Path, instance_base: str, endpoint: str = "sparql") -> str:
    """The query page: a form with the example queries that runs them against the endpoint and shows the rows.

    Entity IRIs in the results link to their pages on the same server (``id/...`` relative to the page).
    """
    found = examples(queries_dir)
    data = [{"name": e.name, "title": e.title, "sparql": e.sparql} for e in found]
    page_settings = {"instanceBase": instance_base, "entityPath": "id/"}
    return _env.get_template("query.html").render(examples=found, examples_json=_script_json(data),
                                                  settings_json=_script_json(page_settings), endpoint=endpoint)


def _short(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items()):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _link(term: object, instance_base: str) -> dict[str, str | None]:
    """What the page shows for a term: text, and a link only for http(s) IRIs (entities link to this server)."""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        if iri.startswith(instance_base):
            return {"text": iri[len(instance_base):], "href": "/id/" + iri[len(instance_base):]}
        href = iri if iri.startswith(("http://", "https://")) else None
        return {"text": _short(iri), "href": href}
    if isinstance(term, ox.Literal):
        suffix = f" @{term.language}" if term.language else ""
        return {"text": term.value + suffix, "href": None}
    return {"text": str(term), "href": None}


def render_entity(iri: str, triples: list[ox.Triple], instance_base: str) -> str:
    """A minimal HTML page for an entity: its label, its properties, incoming links and the rest of its description."""
    def row(t: ox.Triple) -> dict[str, dict[str, str | None]]:
        return {k: _link(getattr(t, k), instance_base) for k in ("subject", "predicate", "object")}

    key = lambda t: (str(t.subject), str(t.predicate), str(t.object))  # noqa: E731
    ordered = sorted(triples, key=key)
    own = [row(t) for t in ordered if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri]
    incoming = [row(t) for t in ordered if isinstance(t.object, ox.NamedNode) and t.object.value == iri
                and not (isinstance(t.subject, ox.NamedNode) and t.subject.value == iri)]
    rest = [row(t) for t in ordered if not (isinstance(t.subject, ox.NamedNode) and t.subject.value == iri)
            and not (isinstance(t.object, ox.NamedNode) and t.object.value == iri)]
    labels = sorted(t.object.value for t in triples
                    if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri and t.predicate.value == RDFS_LABEL)
    label = labels[0] if labels else iri.removeprefix(instance_base)
    return _env.get_template("entity.html").render(iri=iri, label=label, own=own, incoming=incoming, rest=rest)


def static_writers(graph: Graph, settings: Settings) -> dict[str, Render]:
    """The files serving adds to the build: the query page, out/query.html."""
    del graph  # the page depends on the example queries and the base IRI only
    queries_dir = settings.root / "queries"
    return {QUERY_PAGE: lambda: render_query_page(queries_dir, settings.instance_base)}
