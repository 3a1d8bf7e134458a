"""The HTTP server: a read-only SPARQL endpoint, entity IRIs with content negotiation, the query page and the site."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.types import Scope

from ..config import Settings
from ..site.editor import render_editor
from . import caching, cost, description, guard, protocol, search
from .conneg import BY_KEY, ENTITY, EXTENSIONS, GRAPH, RESULTS, negotiate
from .options import ServeOptions
from .pool import WorkerPool
from .workers import LIMIT_HEADER, TRUNCATED_HEADER, DescribeJob, QueryJob, Reply, media_for

GRAPH_FILE = "miggraph.nt"
DATASET_FILE = "miggraph.nq"
_SEGMENT = re.compile(r"[A-Za-z0-9._~\-]{1,200}|[A-Za-z0-9._~\-]*(?:%[0-9A-Fa-f]{2}[A-Za-z0-9._~\-]*)+")
MAX_SEGMENT = 200  # longer path segments name no entity (and no file the build writes)


class NotBuiltError(FileNotFoundError):
    """out/ holds no build to serve."""


def graph_file(out_dir: Path) -> Path:
    """The N-Triples file of the build in out_dir (raises NotBuiltError if there is none)."""
    path = Path(out_dir) / GRAPH_FILE
    if not path.is_file():
        raise NotBuiltError(f"{path} not found: run 'miggraph build' first")
    return path


def dataset_file(out_dir: Path) -> Path:
    """The file the query workers load: the N-Quads of the build (the default graph and the named graph of each
    source document) if it wrote one, else its N-Triples (the default graph alone)."""
    nquads = Path(out_dir) / DATASET_FILE
    return nquads if nquads.is_file() else graph_file(out_dir)


def built_instance_base(out_dir: Path) -> str | None:
    """The instance namespace the build in out_dir used (the ``id`` prefix of its JSON-LD context), if it says."""
    try:
        context = json.loads((Path(out_dir) / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    value = context.get("id") if isinstance(context, dict) else None
    return value if isinstance(value, str) else None


def _respond(reply: Reply, vary: bool = True, scope: Scope | None = None, kind: str = "none",
             last_modified: float | None = None) -> Response:
    """The reply as a response; given the request's scope, a 200 of a GET gets its validators (or becomes a 304)."""
    headers = dict(reply.headers)
    if vary:
        headers["Vary"] = "Accept"
    if scope is None:
        headers["Cache-Control"] = caching.CACHE_CONTROL["none"]
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=headers)
    return caching.body_response(scope, reply.status, reply.body, reply.media_type, headers, kind, last_modified)


def _error(status: int, message: str) -> Response:
    return _respond(Reply.text(status, message))


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (no such file, method not allowed) as plain text, not stored by caches."""
    assert isinstance(exc, HTTPException)
    headers = {**(exc.headers or {}), "Cache-Control": caching.CACHE_CONTROL["none"]}
    return PlainTextResponse(f"{exc.detail}\n", status_code=exc.status_code, headers=headers)


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None if it is longer than limit bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _estimate(sparql: str, triples: int) -> cost.Estimate:
    try:
        text = guard.unescape(sparql)
    except guard.BadEscape:
        text = sparql
    return cost.estimate(text, triples or 100_000)


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _file(root: Path, path: Path) -> bool:
    """Whether path is a file under root (False for a name the file system refuses: too long, invalid)."""
    try:
        return path.is_file() and _inside(root, path)
    except OSError:
        return False


def make_app(out_dir: Path, settings: Settings | None = None, options: ServeOptions | None = None,
             instance_base: str | None = None) -> Starlette:
    """The web application serving the build in out_dir (raises NotBuiltError if out_dir holds no build).

    The instance namespace is, in order: instance_base, the one the build recorded, the one of settings.
    """
    out_dir = Path(out_dir).resolve()
    graph_file(out_dir)  # raises NotBuiltError if out_dir holds no build
    settings = settings or Settings.default()
    options = options or ServeOptions()
    base = instance_base or built_instance_base(out_dir) or settings.instance_base
    pool = WorkerPool(dataset_file(out_dir), options)
    void = description.read_void(out_dir)
    built_at = dataset_file(out_dir).stat().st_mtime  # the Last-Modified of what the workers answer
    query_page = render_editor(settings.root / "queries", base, ontology_path=settings.ontology_path)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            pool.close()

    async def protocol_request(request: Request) -> protocol.QueryRequest | Response:
        """The request's query, dataset and format, or the error response the Protocol asks for."""
        try:
            pairs = protocol.parse_pairs(request.scope.get("query_string", b""), "query string")
            if request.method == "POST":
                body = await _read_body(request, options.max_body)
                if body is None:
                    return _error(413, f"request body longer than {options.max_body} bytes")
                pairs += protocol.body_pairs(request.headers.get("content-type"), body)
            return protocol.query_request(pairs)
        except ClientDisconnect:
            return _error(400, "the request body did not arrive whole")
        except protocol.ProtocolError as exc:
            return _error(exc.status, exc.message)

    async def sparql(request: Request) -> Response:
        parsed = await protocol_request(request)
        if isinstance(parsed, Response):
            return parsed
        if parsed.query is None:
            accept = request.headers.get("accept", "")
            if request.method in ("GET", "HEAD") and "text/html" in accept:
                return RedirectResponse("query", status_code=303)
            if request.method in ("GET", "HEAD") and parsed == protocol.QueryRequest(None, protocol.Dataset(), parsed.format):
                return await service_description(request, parsed.format)
            return _error(400, "missing query: give it as the 'query' parameter")
        accept = request.headers.get("accept")
        results_format = negotiate(accept, RESULTS, parsed.format)
        graph_format = negotiate(accept, GRAPH, parsed.format)
        if results_format is None and graph_format is None:
            if parsed.format:
                return _error(400, f"unknown format {parsed.format!r}")
            offered = ", ".join(f.media_type for f in [*RESULTS, *GRAPH])
            return _error(406, f"none of the accepted media types is available; available: {offered}")
        refusal = guard.precheck(parsed.query, options.max_query, options.max_depth)
        if refusal is not None:
            return _error(refusal.status, refusal.message)
        job = QueryJob(parsed.query, results_format.key if results_format else None,
                       graph_format.key if graph_format else None, parsed.dataset.default_graphs,
                       parsed.dataset.named_graphs)
        client = request.client.host if request.client else ""
        reply = await pool.submit(job, _estimate(parsed.query, pool.triples), client)
        return _respond(reply, scope=request.scope, kind="results", last_modified=built_at)

    described: dict[str, object] = {}

    async def dataset_counts() -> dict[str | None, int]:
        """The triple count of each graph of the dataset, asked of a worker once."""
        if "counts" not in described:
            reply = await pool.submit(QueryJob(description.COUNTS_QUERY, "json", None))
            if reply.status != 200:
                raise RuntimeError(reply.body.decode("utf-8", "replace"))
            described["counts"] = description.parse_counts(reply.body)
        return described["counts"]  # type: ignore[return-value]

    async def service_description(request: Request, format_param: str | None) -> Response:
        fmt = negotiate(request.headers.get("accept"), GRAPH, format_param)
        if fmt is None:
            return _error(406, "the service description is available as " + ", ".join(f.media_type for f in GRAPH))
        try:
            counts = await dataset_counts()
        except RuntimeError as exc:
            return _error(503, f"the service description is not available now: {exc}")
        endpoint = description.endpoint_of(void) or str(request.url.replace(query=""))
        body = description.serialize(description.service_description(endpoint, void, counts), fmt.key)
        return _respond(Reply(200, media_for(fmt.key), body), scope=request.scope, kind="description",
                        last_modified=built_at)

    async def well_known_void(request: Request) -> Response:
        fmt = negotiate(request.headers.get("accept"), GRAPH, request.query_params.get("format"))
        if fmt is None:
            return _error(406, "the VoID description is available as " + ", ".join(f.media_type for f in GRAPH))
        if not len(void):
            return _error(404, "this build has no VoID description (void.ttl)")
        if fmt.key == "turtle":
            return caching.file_response(request.scope, out_dir / description.VOID_FILE, media_for("turtle"),
                                         {"Vary": "Accept"}, "description")
        return _respond(Reply(200, media_for(fmt.key), description.serialize(void, fmt.key)), scope=request.scope,
                        kind="description", last_modified=built_at)

    async def entity(request: Request) -> Response:
        rest: str = request.path_params["rest"]
        segments = rest.split("/")
        if any(len(s) > MAX_SEGMENT for s in segments):
            return _error(404, f"no entity {request.url.path[:300]}")
        listing = out_dir / "id" / rest / "index.html"
        if (rest == "" or rest.endswith("/")) and _file(out_dir, listing):
            return caching.file_response(request.scope, listing, "text/html; charset=utf-8")
        if not all(_SEGMENT.fullmatch(s) and s not in (".", "..") for s in segments):
            return _error(404, f"no entity {request.url.path[:300]}")
        fmt, negotiated = None, False
        stem = request.url.path
        for ext, key in EXTENSIONS.items():
            if rest.endswith(ext):
                fmt, rest, stem = BY_KEY[key], rest[: -len(ext)], stem[: -len(ext)]
                static = out_dir / "id" / (rest + ext)
                break
        if fmt is None:
            negotiated = True
            fmt = negotiate(request.headers.get("accept"), ENTITY, request.query_params.get("format"))
            if fmt is None:
                offered = ", ".join(f.media_type for f in ENTITY)
                return _error(406, f"none of the accepted media types is available; available: {offered}")
            static = out_dir / "id" / (rest + ".html")
        headers = caching.representation_headers(stem, fmt.key, negotiated)
        if fmt.key == "html" and _file(out_dir, static):
            return caching.file_response(request.scope, static, "text/html; charset=utf-8", headers, "entity")
        if fmt.key != "html" and static.suffix != ".html" and _file(out_dir, static):
            return caching.file_response(request.scope, static, fmt.media_type, headers, "entity")
        reply = await pool.submit(DescribeJob(base + rest, fmt.key, base))
        if reply.status == 200:
            reply = Reply(reply.status, reply.media_type, reply.body, {**reply.headers, **headers})
        return _respond(reply, vary=negotiated, scope=request.scope, kind="entity", last_modified=built_at)

    async def query(request: Request) -> Response:
        return caching.body_response(request.scope, 200, query_page.encode("utf-8"), "text/html; charset=utf-8", {},
                                     "page", built_at)

    async def home(request: Request) -> Response:
        index = out_dir / "index.html"
        if index.is_file():
            return caching.file_response(request.scope, index, "text/html; charset=utf-8")
        return RedirectResponse("/query", status_code=303)

    async def health(request: Request) -> Response:
        return PlainTextResponse(f"ok: {pool.triples} triples, {pool.ready} of {pool.size} query workers ready, "
                                 f"{pool.idle} idle, {pool.kept} kept for light queries, {pool.spares} spare, "
                                 f"{pool.replaced} replaced, "
                                 f"{pool.moved} moved\n", headers={"Cache-Control": caching.CACHE_CONTROL["none"]})

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", query),
        Route("/health", health),
        Route("/.well-known/void", well_known_void),
        *search.routes(out_dir, base),
        Route("/id/{rest:path}", entity),
    ]
    base_path = urlsplit(base).path
    if base_path not in ("", "/", "/id/"):
        routes.append(Route(base_path.rstrip("/") + "/{rest:path}", entity))
    routes.append(Mount("/", caching.CachedStaticFiles(directory=out_dir, html=True)))
    middleware = [
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                   allow_headers=["Accept", "Content-Type"], max_age=600,
                   expose_headers=[TRUNCATED_HEADER, LIMIT_HEADER, "ETag", "Link", "Content-Location"]),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPException: _http_error})
    app.state.pool = pool
    app.state.instance_base = base
    return app


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(out_dir: Path, settings: Settings | None = None, options: ServeOptions | None = None, *, host: str = "127.0.0.1",
        port: int = 8000, public: bool = False, instance_base: str | None = None, log_level: str = "info") -> None:
    """Serve the build in out_dir until interrupted; a non-loopback host needs public=True."""
    import uvicorn

    from .server import config

    if not is_loopback(host) and not public:
        raise PermissionError(f"refusing to listen on {host}, which is not a loopback address: pass public=True (--public) to do so")
    options = options or ServeOptions()
    app = make_app(out_dir, settings, options, instance_base)
    uvicorn.Server(config(app, options, host, port, log_level)).run()
