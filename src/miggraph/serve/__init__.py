"""`miggraph serve`: a read-only, time-limited, result-capped SPARQL endpoint over the build, entity IRIs that
dereference with content negotiation, a query page, and the static site of out/."""

from __future__ import annotations

from .app import NotBuiltError, ServeOptions, is_loopback, make_app, run

__all__ = ["NotBuiltError", "ServeOptions", "is_loopback", "make_app", "run"]
