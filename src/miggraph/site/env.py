"""The Jinja environment of the site's pages (entity, kind and home pages, the query page, the search page)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..search import search_form

env = Environment(loader=PackageLoader("miggraph.site", "templates"), autoescape=True, undefined=StrictUndefined,
                  trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
env.globals["search_form"] = search_form
