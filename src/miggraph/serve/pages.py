"""The minimal entity page `miggraph serve` answers where the static site has no page for an entity (a passage, a
statement, a mention). The query page is the site's (miggraph.site.editor)."""

from __future__ import annotations

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape

from ..config import PREFIXES
from ..search import search_form
from ..site.editor import facts_query, query_link

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

_env = Environment(loader=PackageLoader("miggraph.serve", "templates"), autoescape=select_autoescape(["html"]),
                   keep_trailing_newline=True)
_env.globals["search_form"] = search_form


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
    """A minimal HTML page for an entity: the site's search box, its label, a query of its facts in the query page, its
    properties, incoming links and the rest of its description."""
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
    query = query_link("/query", facts_query(iri, label))
    return _env.get_template("entity.html").render(iri=iri, label=label, own=own, incoming=incoming, rest=rest, query=query)

