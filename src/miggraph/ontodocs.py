"""HTML documentation of the ontology, made by pyLODE, offline and deterministic, with the site's header and search box.

pyLODE orders parts of its page by Python set iteration (string hashes and object ids), so
it runs in a child process with a fixed PYTHONHASHSEED, and union members are sorted.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .export import Render
from .search import search_form

DOCS_PATH = "ontology/index.html"
ROOT = "../"  # from the page to the top of out/

# The site's header on pyLODE's page: a link home and the search box of every page (assets/search.js gives it its
# type-ahead; Enter opens search/index.html). Clear of pyLODE's table of contents, fixed on the right.
SITE_HEAD = f"""<link rel="stylesheet" href="{ROOT}assets/search.css">
<script src="{ROOT}assets/search.js" defer></script>
<style>
header.site {{ margin: 0 215px 1rem 0; padding: .45rem .8rem; background: #102a43; color: #fff; }}
header.site a {{ color: #fff; margin-right: 1rem; text-decoration: none; }}
header.site .brand {{ font-weight: 700; }}
</style>
"""
SITE_HEADER = f"""<header class="site">
<a class="brand" href="{ROOT}index.html">miggraph</a>
<a href="{ROOT}search/index.html">Search</a>
{search_form(ROOT)}
</header>
"""
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_START = re.compile(r"<body\b[^>]*>\n?", re.I)

# <link>/<script>/<img> pointing at a remote URL (pyLODE can link CSS/JS/fonts from a CDN): dropped
_REMOTE_TAG = re.compile(r"<(?:link|script|img)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?", re.I)
_REMOTE_CSS = re.compile(r"@import\s+(?:url\()?[\"']?(?:https?:)?//[^;]*;?", re.I)


@dataclass(frozen=True)
class OntologyDocs:
    """The page and the fragment (anchor) pyLODE gives each term, by IRI."""

    html: str
    anchors: dict[str, str]


def offline(html: str) -> str:
    """Drop every script, stylesheet or image loaded from a remote URL."""
    return _REMOTE_CSS.sub("", _REMOTE_TAG.sub("", html))


def with_site_header(html: str) -> str:
    """pyLODE's page with the site's header (home link and search box) at the top of its body."""
    head, body = _HEAD_END.search(html), _BODY_START.search(html)
    if head is None or body is None or body.start() < head.end():
        raise RuntimeError("pyLODE's page has no <head> followed by a <body>: cannot add the site's header")
    return html[:head.start()] + SITE_HEAD + html[head.start():body.end()] + SITE_HEADER + html[body.end():]


def _pylode(ontology_ttl: str) -> dict[str, object]:
    """Run pyLODE in this process: {"html": page, "anchors": {iri: fragment}}."""
    import logging

    logging.disable(logging.INFO)
    import pylode.utils
    from pylode import OntPub
    from rdflib import Graph

    original = pylode.utils.intersperse

    def intersperse(lst, sep):  # type: ignore[no-untyped-def]
        return original(sorted(lst, key=str), sep)  # pyLODE passes a set of HTML elements

    pylode.utils.intersperse = intersperse
    try:
        doc = OntPub(Graph().parse(data=ontology_ttl, format="turtle"))
        html = doc.make_html()
    finally:
        pylode.utils.intersperse = original
    return {"html": html, "anchors": {str(k): v for k, v in sorted(doc.fids.items(), key=lambda kv: str(kv[0]))}}


@functools.lru_cache(maxsize=4)
def _render(ontology_ttl: str) -> OntologyDocs:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run([sys.executable, "-m", "miggraph.ontodocs"], input=ontology_ttl, env=env, capture_output=True, text=True,
                          encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"pyLODE failed: {proc.stderr.strip()[-2000:]}")
    result = json.loads(proc.stdout)
    html = with_site_header(offline(result["html"]))
    return OntologyDocs(html if html.endswith("\n") else html + "\n", dict(result["anchors"]))


def render(ontology_path: Path) -> OntologyDocs:
    """The ontology documentation page and its anchors (cached per ontology text)."""
    return _render(ontology_path.read_text(encoding="utf-8"))


def writers(ontology_path: Path) -> dict[str, Render]:
    """`ontology/index.html`: the ontology documentation."""
    return {DOCS_PATH: lambda: render(ontology_path).html}


if __name__ == "__main__":
    json.dump(_pylode(sys.stdin.read()), sys.stdout, ensure_ascii=False)
