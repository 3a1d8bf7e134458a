"""The search page: out/search/index.html (entities, searched in the browser), and the page of `/search` in
`miggraph serve` (entities and the full-text search of the passages, rendered on the server)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from ..search import Match, Ref, Results
from .env import env

SEARCH_PAGE = "search/index.html"


@dataclass
class SearchView:
    """What the search page shows. root: the way from the page back to the top of the site."""

    root: str = "../"
    served: bool = False
    q: str = ""
    document: str = ""
    entity: str = ""
    error: str = ""
    results: Results | None = None
    matches: list[Match] = field(default_factory=list)
    documents: list[Ref] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # titles of the kinds of entities

    def link(self, **changes: str | int) -> str:
        """The URL of this search with some parameters changed (relative to the page); offset starts again at 0."""
        values: dict[str, str | int] = {"q": self.q, "document": self.document, "entity": self.entity, **changes}
        query = urlencode([(k, v) for k, v in values.items() if v not in ("", 0, None)])
        return f"{self.root}search" + (f"?{query}" if query else "")

    def pages(self) -> tuple[str | None, str | None]:
        """Links to the previous and next pages of hits, where there are any."""
        r = self.results
        if r is None:
            return None, None
        limit, offset = r.query.limit, r.query.offset
        prev = self.link(offset=max(0, offset - limit)) if offset > 0 else None
        nxt = self.link(offset=offset + limit) if offset + limit < r.total else None
        return prev, nxt


def render_search_page(view: SearchView, nav: Mapping[str, str | None]) -> str:
    prev, nxt = view.pages()
    return env.get_template("search.html").render(root=view.root, css=view.root + "assets/site.css", title="Search",
                                                  site=dict(nav), v=view, prev=prev, next=nxt)
