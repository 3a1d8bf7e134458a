"""Triple stores: upload the build by the SPARQL 1.1 Graph Store HTTP Protocol, and query a remote SPARQL endpoint."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

# What the build can upload, in order of preference, with its media type.
UPLOADS = [("miggraph.nt", "application/n-triples"), ("miggraph.ttl", "text/turtle")]
NQUADS = "miggraph.nq"  # the default graph, then the named graph of each source document
CHUNK = 1 << 16
QUERY_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


class RemoteError(RuntimeError):
    """A store or endpoint answered with an error (the message holds the status code and the body)."""

    def __init__(self, what: str, response: httpx.Response):
        body = response.text.strip()
        if len(body) > 2000:
            body = body[:2000] + " ..."
        super().__init__(f"{what} failed: HTTP {response.status_code} {response.reason_phrase}" + (f": {body}" if body else ""))
        self.status_code = response.status_code


@dataclass(frozen=True)
class Published:
    """What an upload sent and how the store answered."""

    url: str
    file: Path
    media_type: str
    size: int
    status_code: int


def upload_file(out_dir: Path) -> tuple[Path, str]:
    """The graph file of the build in out_dir and its media type (N-Triples, else Turtle)."""
    for name, media in UPLOADS:
        path = Path(out_dir) / name
        if path.is_file():
            return path, media
    raise FileNotFoundError(f"no {' or '.join(n for n, _ in UPLOADS)} in {out_dir}: run 'miggraph build' first")


def _auth(user: str | None, password: str | None) -> httpx.BasicAuth | None:
    return httpx.BasicAuth(user, password or "") if user else None


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


def _graph_url(endpoint: str, graph: str | None) -> httpx.URL:
    # the protocol's parameter for the default graph is the bare word "default" (httpx would write "default=")
    return httpx.URL(endpoint, params={"graph": graph}) if graph else httpx.URL(endpoint + ("&" if "?" in endpoint else "?") + "default")


def _send(client: httpx.Client, method: str, url: httpx.URL, content: bytes | Iterator[bytes], size: int, media: str,
          endpoint: str) -> httpx.Response:
    request = client.build_request(method, url, content=content, headers={"Content-Type": media, "Content-Length": str(size)})
    try:
        response = client.send(request)
    except httpx.TransportError as exc:
        raise ConnectionError(f"cannot reach {endpoint}: {exc}") from exc
    if response.status_code >= 400:
        raise RemoteError(f"upload to {request.url}", response)
    return response


def publish(out_dir: Path, endpoint: str, graph: str | None = None, *, user: str | None = None, password: str | None = None,
            replace: bool = True, timeout: float = 300.0) -> Published:
    """Upload the build in out_dir to a Graph Store Protocol endpoint (e.g. Oxigraph's ``/store``, Fuseki's ``/ds/data``).

    The graph goes into the named graph ``graph``, or the default graph; replace=True sends PUT (replacing what the graph
    held), replace=False sends POST (adding to it). The file is streamed. Raises RemoteError if the store refuses it.
    """
    path, media = upload_file(out_dir)
    size = path.stat().st_size
    url = _graph_url(endpoint, graph)
    with httpx.Client(auth=_auth(user, password), timeout=timeout) as client:
        response = _send(client, "PUT" if replace else "POST", url, _chunks(path), size, media, endpoint)
    return Published(str(response.request.url), path, media, size, response.status_code)


def document_graphs(out_dir: Path) -> Iterator[tuple[str, bytes]]:
    """The named graph of each source document in the build's N-Quads (``out/miggraph.nq``): (graph IRI, its
    triples as N-Triples), one graph at a time."""
    path = Path(out_dir) / NQUADS
    if not path.is_file():
        raise FileNotFoundError(f"no {NQUADS} in {out_dir}: run 'miggraph build' first")
    current: ox.NamedNode | None = None
    triples: list[ox.Triple] = []
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name
        if not isinstance(name, ox.NamedNode):
            continue
        if name != current:
            if current is not None:
                yield current.value, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            current, triples = name, []
        triples.append(quad.triple)
    if current is not None:
        yield current.value, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def publish_document_graphs(out_dir: Path, endpoint: str, *, user: str | None = None, password: str | None = None,
                            replace: bool = True, timeout: float = 300.0,
                            progress: Callable[[str], None] | None = None) -> list[Published]:
    """Upload the named graph of each source document (the facts of ``out/miggraph.nq`` grouped by document) into
    the graph of the same IRI in the store, one request per graph (PUT, or POST with replace=False)."""
    path = Path(out_dir) / NQUADS
    done = []
    with httpx.Client(auth=_auth(user, password), timeout=timeout) as client:
        for name, data in document_graphs(out_dir):
            if progress is not None:
                progress(name)
            response = _send(client, "PUT" if replace else "POST", _graph_url(endpoint, name), data, len(data),
                             "application/n-triples", endpoint)
            done.append(Published(str(response.request.url), path, "application/n-triples", len(data), response.status_code))
    return done


def _value(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal | ox.NamedNode | ox.BlankNode):
        return term.value
    return str(term)


def run_remote(endpoint: str, sparql: str, *, user: str | None = None, password: str | None = None,
               timeout: float = 120.0) -> tuple[list[str], list[list[str | None]]] | bool | list[tuple]:
    """Run a query on a SPARQL 1.1 Protocol endpoint; the same shapes as :func:`miggraph.query.run`.

    SELECT gives (variables, rows), ASK a bool, CONSTRUCT/DESCRIBE a list of (subject, predicate, object) terms.
    """
    with httpx.Client(auth=_auth(user, password), timeout=timeout) as client:
        try:
            response = client.post(endpoint, data={"query": sparql}, headers={"Accept": QUERY_ACCEPT})
        except httpx.TransportError as exc:
            raise ConnectionError(f"cannot reach {endpoint}: {exc}") from exc
    if response.status_code >= 400:
        raise RemoteError(f"query on {endpoint}", response)
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media in ("application/sparql-results+json", "application/json"):
        result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        variables = [v.value for v in result.variables]
        return variables, [[_value(sol[v]) for v in variables] for sol in result]
    formats = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
               "text/turtle": ox.RdfFormat.TURTLE}
    if media not in formats:
        raise RuntimeError(f"query on {endpoint}: unexpected answer of type {media or '(none)'}")
    return [(t.subject, t.predicate, t.object) for t in ox.parse(response.content, format=formats[media])]
