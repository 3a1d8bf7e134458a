"""HTTP caching: strong ETags from the content served, Last-Modified from the build, conditional requests answered
304, and a Cache-Control for each kind of resource.

A file's ETag is a hash of its bytes (kept while its size and modification time stay the same); an answer made by
a query worker (an entity description, query results, the service description) gets the hash of its body, and the
build's time (the modification time of the dataset file) as its Last-Modified.
"""

from __future__ import annotations

import hashlib
import os
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from .conneg import BY_KEY, EXTENSIONS

# Cache-Control by kind of resource: how long a cache may reuse it before asking again (with its ETag).
CACHE_CONTROL = {
    "asset": "public, max-age=86400",  # stylesheets, scripts, images, fonts: change only with a new build
    "data": "public, max-age=3600",  # the dumps (N-Triples, Turtle, TriG, JSON-LD, CSV ...)
    "page": "public, max-age=300",  # the site's HTML pages
    "entity": "public, max-age=300",  # an entity IRI's description, in any format
    "description": "public, max-age=3600",  # the service description, the VoID description
    "results": "public, max-age=60",  # SPARQL results of a GET
    "none": "no-store",  # errors, POST answers, health
}
ASSET_SUFFIXES = {".css", ".js", ".mjs", ".png", ".svg", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".map"}
# Headers a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5).
KEPT_ON_304 = ("etag", "last-modified", "cache-control", "vary", "content-location", "link", "expires")

EXTENSION_OF = {key: ext for ext, key in EXTENSIONS.items()}

_file_tags: dict[str, tuple[int, int, str]] = {}


def etag_of(data: bytes) -> str:
    """A strong ETag: the hash of the bytes served."""
    return '"' + hashlib.sha256(data).hexdigest()[:40] + '"'


def file_etag(path: Path, stat: os.stat_result) -> str:
    """The strong ETag of a file's content, hashed once while its size and modification time stay the same."""
    key = str(path)
    known = _file_tags.get(key)
    if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    tag = '"' + digest.hexdigest()[:40] + '"'
    _file_tags[key] = (stat.st_mtime_ns, stat.st_size, tag)
    return tag


def representation_headers(stem: str, served: str, negotiated: bool) -> dict[str, str]:
    """The headers of an entity's representation: a Link to each representation (rel="alternate", by file
    extension), the Content-Location of the one served, and Vary: Accept when it was chosen by the Accept header."""
    links = [f'<{stem}{ext}>; rel="alternate"; type="{BY_KEY[key].media_type}"' for ext, key in EXTENSIONS.items()]
    headers = {"Link": ", ".join(links), "Content-Location": stem + EXTENSION_OF[served]}
    if negotiated:
        headers["Vary"] = "Accept"
    return headers


def http_date(timestamp: float) -> str:
    return formatdate(timestamp, usegmt=True)


def kind_of_file(path: Path) -> str:
    """The kind of resource a file of the build is, for its Cache-Control."""
    suffix = path.suffix.lower()
    if suffix in ASSET_SUFFIXES:
        return "asset"
    return "page" if suffix in {".html", ".htm"} else "data"


def not_modified(request: Headers, etag: str, last_modified: float | None) -> bool:
    """Whether a GET or HEAD with these headers may be answered 304: If-None-Match first, else If-Modified-Since."""
    if_none_match = request.get("if-none-match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = request.get("if-modified-since")
    if since is None or last_modified is None:
        return False
    try:
        return int(last_modified) <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False


def validators(etag: str, last_modified: float | None, kind: str) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL[kind]}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    return headers


def _not_modified_response(headers: dict[str, str]) -> Response:
    return Response(status_code=304, headers={k: v for k, v in headers.items() if k.lower() in KEPT_ON_304})


def conditional(scope: Scope, response: Response, etag: str, last_modified: float | None, kind: str) -> Response:
    """The response with its validators and Cache-Control, or a 304 when the request's validators match."""
    headers = validators(etag, last_modified, kind)
    response.headers.update(headers)
    if scope.get("method") in ("GET", "HEAD") and not_modified(Headers(scope=scope), etag, last_modified):
        return _not_modified_response(dict(response.headers))
    return response


def body_response(scope: Scope, status: int, body: bytes, media_type: str, headers: dict[str, str], kind: str,
                  last_modified: float | None) -> Response:
    """An answer made in memory: a 200 of a GET gets an ETag and Cache-Control (and may become a 304); others no-store."""
    response = Response(body, status_code=status, media_type=media_type, headers=headers)
    if status != 200 or scope.get("method") not in ("GET", "HEAD"):
        response.headers["Cache-Control"] = CACHE_CONTROL["none"]
        return response
    return conditional(scope, response, etag_of(body), last_modified, kind)


def file_response(scope: Scope, path: Path, media_type: str | None = None, headers: dict[str, str] | None = None,
                  kind: str | None = None) -> Response:
    """A file with its content ETag, Last-Modified and the Cache-Control of its kind (or a 304)."""
    stat = os.stat(path)
    response = FileResponse(path, media_type=media_type, headers=headers, stat_result=stat)
    return conditional(scope, response, file_etag(path, stat), stat.st_mtime, kind or kind_of_file(path))


class CachedStaticFiles(StaticFiles):
    """The site's files, with content ETags and Cache-Control."""

    def file_response(self, full_path: os.PathLike | str, stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        path = Path(full_path)
        if status_code != 200:  # the 404 page
            response = FileResponse(path, status_code=status_code, stat_result=stat_result)
            response.headers["Cache-Control"] = CACHE_CONTROL["none"]
            return response
        response = FileResponse(path, stat_result=stat_result)
        return conditional(scope, response, file_etag(path, stat_result), stat_result.st_mtime, kind_of_file(path))
