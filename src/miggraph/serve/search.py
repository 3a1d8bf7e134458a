"""`/search` in `miggraph serve`: full-text search of the corpus passages (out/search/passages.sqlite, FTS5, opened
read-only) and the entities whose names match (out/search/entities.js), as HTML or JSON.

GET /search?q=words[&document=kind/slug|IRI][&entity=kind/slug|IRI][&limit=20][&offset=0][&format=json|html]
(also at /search/ and /search/index.html, where the static site's search box sends its queries). JSON when
format=json or when Accept prefers application/json. A query that cannot be run (too long, no words, a bad
number) is answered 400 with a message, never 500; every text shown is escaped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .. import search
from ..site.editor import default_nav
from ..site.searchpage import SearchView, render_search_page
from .conneg import Format, negotiate

PATHS = ("/search", "/search/", "/search/index.html")
JSON = Format("json", "application/json", "page")
HTML = Format("html", "text/html", "page")
ENTITY_MATCHES = 10


class BadRequest(ValueError):
    pass


def _one(request: Request, name: str, default: str = "") -> str:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"give '{name}' once")
    return values[0] if values else default


def _int(request: Request, name: str, default: int) -> int:
    text = _one(request, name, str(default)).strip()
    if not text.isdigit() or len(text) > 6:
        raise BadRequest(f"'{name}' must be a whole number")
    return int(text)


def parse(request: Request) -> search.Query:
    """The search asked for (raises BadRequest for a malformed parameter)."""
    return search.Query(text=_one(request, "q"), document=_one(request, "document").strip(),
                        entity=_one(request, "entity").strip(), limit=_int(request, "limit", 20),
                        offset=_int(request, "offset", 0))


def _ref(r: search.Ref | None) -> dict[str, str] | None:
    if r is None:
        return None
    out = {"iri": r.iri, "path": r.path, "label": r.label, "page": "/" + r.href if r.href else ""}
    if r.symbol:
        out["symbol"] = r.symbol
    return out


def results_json(results: search.Results | None, matches: list[search.Match], error: str = "") -> dict[str, object]:
    """The JSON answer: hits with document, paragraph, snippet (plain and as segments), and the facets."""
    out: dict[str, object] = {"entities": [{"iri": m.entry.iri, "label": m.entry.label, "kind": m.entry.kind,
                                            "matched": m.name.text, "page": "/" + m.entry.href} for m in matches]}
    if error:
        out["error"] = error
    if results is None:
        return out
    q = results.query
    out.update({
        "query": {"q": q.text, "document": q.document, "entity": q.entity, "limit": q.limit, "offset": q.offset},
        "filters": {k: _ref(v) for k, v in results.filters.items()},
        "total": results.total,
        "hits": [{"passage": h.passage, "page": "/" + h.href if h.href else "", "document": _ref(h.document),
                  "paragraph": h.paragraph, "score": h.score, "snippet": h.text,
                  "highlights": [{"text": t, "match": m} for t, m in h.snippet],
                  "mentions": [_ref(m) for m in h.mentions]} for h in results.hits],
        "facets": {"documents": [{**(_ref(d) or {}), "count": n} for d, n in results.documents],
                   "entities": [{**(_ref(e) or {}), "count": n} for e, n in results.entities]},
    })
    return out


@dataclass
class _Cached:
    key: tuple[int, int, int]
    entries: list[search.EntityEntry]
    documents: list[search.Ref]
    kinds: dict[str, str]


class Index:
    """The build's search files, reloaded when the build changes them."""

    def __init__(self, out_dir: Path, instance_base: str) -> None:
        self.db_path = Path(out_dir) / search.PASSAGES_DB
        self.js_path = Path(out_dir) / search.ENTITIES_JS
        self.instance_base = instance_base
        self._cache: _Cached | None = None

    def _key(self) -> tuple[int, int, int]:
        st = os.stat(self.js_path)
        return st.st_ino, st.st_mtime_ns, st.st_size

    def names(self) -> _Cached:
        key = self._key()
        if self._cache is None or self._cache.key != key:
            entries = search.load_entities(self.js_path, self.instance_base)
            db = search.open_index(self.db_path)
            try:
                documents = [search.Ref(*row) for row in db.execute(
                    "SELECT iri, path, label, href, symbol FROM document ORDER BY symbol = '', symbol, label, iri")]
            finally:
                db.close()
            self._cache = _Cached(key, entries, documents, search.kind_titles(entries))
        return self._cache

    def run(self, q: search.Query) -> search.Results:
        db = search.open_index(self.db_path)
        try:
            return search.search_passages(db, q)
        finally:
            db.close()


def _answer(request: Request, index: Index) -> tuple[int, search.Query | None, search.Results | None, list, str]:
    try:
        q = parse(request)
    except BadRequest as e:
        return 400, None, None, [], str(e)
    if not q.text.strip() and not (q.document or q.entity):
        return 200, q, None, [], ""  # the empty search form
    matches = search.rank(index.names().entries, q.text, ENTITY_MATCHES) if len(q.text) <= search.MAX_QUERY else []
    try:
        return 200, q, index.run(q), matches, ""
    except search.SearchError as e:
        return 400, q, None, matches, str(e)


def endpoint(out_dir: Path, instance_base: str) -> Callable[[Request], Response]:
    """The /search endpoint over the build in out_dir (a plain function: Starlette runs it in its thread pool)."""
    index = Index(out_dir, instance_base)

    def search_endpoint(request: Request) -> Response:
        fmt = negotiate(request.headers.get("accept"), [HTML, JSON], request.query_params.get("format") or None)
        if fmt is None:
            return JSONResponse({"error": "format must be html or json"}, status_code=400 if "format" in request.query_params else 406)
        try:
            status, q, results, matches, error = _answer(request, index)
        except FileNotFoundError:
            status, q, results, matches, error = 503, None, None, [], "this build has no search index: run 'miggraph build'"
        headers = {"Vary": "Accept", "Cache-Control": "no-cache"}
        if fmt.key == "json":
            if status == 200 and q is not None and results is None:
                status, error = 400, "give some words to search for: q=..."
            body = json.dumps(results_json(results, matches, error), ensure_ascii=False, indent=1, sort_keys=True)
            return Response(body + "\n", status_code=status, media_type="application/json", headers=headers)
        root = "../" if request.url.path.startswith("/search/") else ""
        view = SearchView(root=root, served=True, q=q.text if q else "", document=q.document if q else "",
                          entity=q.entity if q else "", error=error, results=results, matches=matches)
        if status != 503:
            try:
                cached = index.names()
                view.documents, view.kinds = cached.documents, cached.kinds
            except FileNotFoundError:
                status, view.error = 503, "this build has no search index: run 'miggraph build'"
        return HTMLResponse(render_search_page(view, default_nav(root)), status_code=status, headers=headers)

    return search_endpoint


def routes(out_dir: Path, instance_base: str) -> list[Route]:
    """The routes of the search, to put before the static files' mount."""
    handler = endpoint(out_dir, instance_base)
    return [Route(path, handler, methods=["GET", "HEAD"]) for path in PATHS]
