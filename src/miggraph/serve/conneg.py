"""Content negotiation: the Accept header (or a ``format`` parameter) to a result or RDF format."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """A format the server writes: a short key, its media type, and what it can hold."""

    key: str
    media_type: str
    kind: str  # "results" (SELECT/ASK), "graph" (CONSTRUCT/DESCRIBE, entity descriptions) or "page"


RESULTS = [
    Format("json", "application/sparql-results+json", "results"),
    Format("xml", "application/sparql-results+xml", "results"),
    Format("csv", "text/csv", "results"),
    Format("tsv", "text/tab-separated-values", "results"),
]
GRAPH = [
    Format("turtle", "text/turtle", "graph"),
    Format("ntriples", "application/n-triples", "graph"),
    Format("jsonld", "application/ld+json", "graph"),
    Format("rdfxml", "application/rdf+xml", "graph"),
]
HTML = Format("html", "text/html", "page")
ENTITY = [HTML, *GRAPH]
BY_KEY: dict[str, Format] = {f.key: f for f in [*RESULTS, *GRAPH, HTML]}

# Other names clients use for the same formats, per kind of answer.
ALIASES: dict[str, dict[str, str]] = {
    "results": {"application/json": "json", "application/xml": "xml", "text/xml": "xml", "srj": "json", "srx": "xml"},
    "graph": {
        "application/json": "jsonld", "json": "jsonld", "json-ld": "jsonld", "ttl": "turtle", "application/x-turtle": "turtle",
        "nt": "ntriples", "n-triples": "ntriples", "text/plain": "ntriples", "application/xml": "rdfxml", "text/xml": "rdfxml",
        "xml": "rdfxml", "rdf": "rdfxml",
    },
    "page": {"application/xhtml+xml": "html"},
}

# The formats an entity IRI offers, by file extension.
EXTENSIONS: dict[str, str] = {".html": "html", ".ttl": "turtle", ".jsonld": "jsonld", ".nt": "ntriples", ".rdf": "rdfxml"}


def _lookup(name: str, offered: list[Format]) -> Format | None:
    name = name.strip().lower()
    for f in offered:
        if name in (f.key, f.media_type):
            return f
    for f in offered:
        if ALIASES.get(f.kind, {}).get(name) == f.key:
            return f
    return None


def parse_accept(accept: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values, best first (stable for equal q)."""
    ranges: list[tuple[str, float, int, int]] = []
    for order, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, q, specificity, order))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(m, q) for m, q, _, _ in ranges]


def negotiate(accept: str | None, offered: list[Format], format_param: str | None = None) -> Format | None:
    """The format to answer with: the ``format`` parameter if given, else the best match of Accept; None if none fits.

    No Accept header (or ``*/*``) gives the first offered format.
    """
    if format_param:
        return _lookup(format_param, offered)
    if not accept or not accept.strip():
        return offered[0]
    ranges = parse_accept(accept)
    refused = {m for m, q in ranges if q == 0}
    for media, q in ranges:
        if q == 0:
            continue
        if media == "*/*" or media.endswith("/*"):
            prefix = "" if media == "*/*" else media[:-1]
            for f in offered:
                if f.media_type.startswith(prefix) and f.media_type not in refused:
                    return f
            continue
        found = _lookup(media, offered)
        if found is not None:
            return found
    return None
