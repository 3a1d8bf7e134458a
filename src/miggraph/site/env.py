"""The Jinja environment of the pages rendered outside a `Site`: the query page and the search page."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

env = Environment(loader=PackageLoader("miggraph.site", "templates"), autoescape=True, undefined=StrictUndefined,
                  trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
