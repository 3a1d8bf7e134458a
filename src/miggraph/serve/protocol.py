"""The SPARQL 1.1 Protocol's query operation: a request (GET or POST) to the query, its dataset and its format.

Three ways to send a query (§2.1): GET with ``query`` in the URL, POST of an URL-encoded form, and POST of the
query itself (``application/sparql-query``). ``default-graph-uri`` and ``named-graph-uri`` (repeated, in the URL
or the form) give the dataset (§2.1.4): when either is given, they replace the query's own FROM and FROM NAMED.
Every request the Protocol calls malformed is answered with a 4xx status and a plain message.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
DEFAULT_GRAPH = "default-graph-uri"
NAMED_GRAPH = "named-graph-uri"
READ_ONLY = "this endpoint is read-only: SPARQL Update is not allowed"


class ProtocolError(ValueError):
    """A request the Protocol does not allow: its status and message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset the request gives: None when it gives none (the query's FROM / FROM NAMED, or the store's)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class QueryRequest:
    """What a Protocol request asks: the query (None if it has none), the dataset and a ``format`` parameter."""

    query: str | None
    dataset: Dataset
    format: str | None


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {what} is not UTF-8 (byte {exc.start}): the Protocol requires UTF-8") from exc


def parse_pairs(data: bytes, what: str) -> list[tuple[str, str]]:
    """The name=value pairs of a URL query string or an URL-encoded form, percent-decoded as UTF-8 (strictly)."""
    text = _decode(data, what)
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {what} is not UTF-8 once percent-decoded: the Protocol requires UTF-8") from exc


def media_type(content_type: str | None) -> str:
    """The media type of a Content-Type header, lower-cased, without parameters ('' if there is none)."""
    return (content_type or "").split(";")[0].strip().lower()


def body_pairs(content_type: str | None, body: bytes) -> list[tuple[str, str]]:
    """The parameters a POST body carries: the form's pairs, or ("query", body) for a direct query."""
    ctype = media_type(content_type)
    if ctype == FORM:
        return parse_pairs(body, "form")
    if ctype == QUERY:
        return [("query", _decode(body, "query"))]
    if ctype == UPDATE:
        raise ProtocolError(403, READ_ONLY)
    if not ctype:
        raise ProtocolError(400, f"a POST needs a Content-Type: {FORM} (a form) or {QUERY} (the query itself)")
    raise ProtocolError(415, f"unsupported content type {ctype}: send {FORM} or {QUERY}")


def query_request(pairs: list[tuple[str, str]]) -> QueryRequest:
    """The query, dataset and format of a request's parameters (URL and body together)."""
    names = {k for k, _ in pairs}
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise ProtocolError(403, READ_ONLY)
    queries = [v for k, v in pairs if k == "query"]
    if len(queries) > 1:
        raise ProtocolError(400, f"{len(queries)} queries given: the Protocol allows one 'query' parameter")
    dataset = Dataset(_iris(pairs, DEFAULT_GRAPH), _iris(pairs, NAMED_GRAPH))
    formats = [v for k, v in pairs if k == "format" and v]
    return QueryRequest(queries[0] if queries else None, dataset, formats[0] if formats else None)


def _iris(pairs: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    iris: list[str] = []
    for k, v in pairs:
        if k != name:
            continue
        iri = v.strip()
        if not iri or any(c in iri for c in '<>"{}|^`\\ \n\t') or ":" not in iri:
            raise ProtocolError(400, f"{name} {v[:200]!r} is not an absolute IRI")
        if iri not in iris:
            iris.append(iri)
    return tuple(iris)
