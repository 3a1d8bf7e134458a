"""The query page: YASGUI's SPARQL editor (Yasqe) and result view (Yasr), vendored into out/assets/yasgui/.

The page works from disk and through `miggraph serve`: syntax highlighting and checking, completion of the
project's prefixes and ontology terms (no request leaves the page: YASGUI's default completers ask prefix.cc and
LOV), the competency questions of queries/*.rq as examples, result tables whose entity IRIs open the entity pages,
CSV and JSON downloads, and a link that reopens the same query (`query.html?query=...`). Every entity page links
here with a query of its facts and their passages (`facts_query`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from ..config import PREFIXES, SCHEMA
from ..export import Render
from ..ontodocs import DOCS_PATH
from .env import env

QUERY_PAGE = "query.html"
YASGUI_DIR = "assets/yasgui"
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css", "LICENSE.txt", "yasgui.min.js.LICENSE.txt", "VENDOR.json")
OWN_ASSETS = {"assets/editor.js": "editor.js", "assets/search.js": "search.js", "assets/search.css": "search.css"}
DISK_ENDPOINT = "http://127.0.0.1:8000/sparql"  # `miggraph serve`'s default address, for the page opened from disk
PAGE_KINDS_SKIPPED = ("statement", "passage", "mention")
CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
COMMON_TERMS = {
    "classes": [str(RDF.Statement), "http://www.w3.org/2004/02/skos/core#Concept"],
    "properties": [str(RDF.type), str(RDF.subject), str(RDF.predicate), str(RDF.object), str(RDF.value), str(RDFS.label),
                   str(RDFS.comment), "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel",
                   "http://www.w3.org/2004/02/skos/core#broader", "http://www.w3.org/ns/prov#wasDerivedFrom",
                   "http://www.w3.org/ns/prov#wasGeneratedBy", "http://purl.org/dc/terms/isPartOf", str(SCHEMA.text)],
}

def static_file(name: str) -> bytes:
    """A file of the package's static/ folder."""
    return resources.files("miggraph.site").joinpath("static").joinpath(*name.split("/")).read_bytes()


def asset_writers() -> dict[str, Render]:
    """The scripts and styles of the search box and the editor, and the vendored YASGUI files, by path under out/."""
    out: dict[str, Render] = {path: (lambda name=name: static_file(name)) for path, name in OWN_ASSETS.items()}  # type: ignore[misc]
    for name in YASGUI_FILES:
        out[f"{YASGUI_DIR}/{name}"] = lambda name=name: static_file(f"yasgui/{name}")  # type: ignore[misc]
    return out


def yasgui_version() -> str:
    return str(json.loads(static_file("yasgui/VENDOR.json"))["version"])


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    sparql: str


def examples(queries_dir: Path) -> list[Example]:
    """The competency questions of queries/*.rq, sorted by file name; the title is the leading comment."""
    found = []
    for path in sorted(Path(queries_dir).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        found.append(Example(path.stem, " ".join(comment) or path.stem, text))
    return found


def prefixes(instance_base: str) -> dict[str, str]:
    """The prefixes the editor completes and the result table abbreviates with, sorted by name."""
    return dict(sorted({**PREFIXES, "schema": str(SCHEMA), "id": instance_base}.items()))


@cache
def _ontology_terms(path: Path, mtime: float) -> dict[str, list[str]]:
    del mtime  # part of the cache key only
    g = Graph().parse(path, format="turtle")
    classes = {str(s) for t in CLASS_TYPES for s in g.subjects(RDF.type, t) if isinstance(s, URIRef)}
    props = {str(s) for t in PROPERTY_TYPES for s in g.subjects(RDF.type, t) if isinstance(s, URIRef)}
    return {"classes": sorted(classes | set(COMMON_TERMS["classes"])), "properties": sorted(props | set(COMMON_TERMS["properties"]))}


def ontology_terms(ontology_path: Path | None) -> dict[str, list[str]]:
    """The classes and properties the editor completes: the ontology's, and the common ones the graph uses."""
    if ontology_path is None or not Path(ontology_path).is_file():
        return {k: sorted(v) for k, v in COMMON_TERMS.items()}
    return _ontology_terms(Path(ontology_path), Path(ontology_path).stat().st_mtime)


def script_json(value: object) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&', keys sorted."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def default_nav(root: str) -> dict[str, str | None]:
    return {"home": root + "index.html", "ontology": root + DOCS_PATH, "viz": root + "viz/index.html", "query": root + QUERY_PAGE}


def render_editor(queries_dir: Path, instance_base: str, endpoint: str | None = None, *,
                  ontology_path: Path | None = None, nav: Mapping[str, str | None] | None = None) -> str:
    """The query page (at the top of out/). endpoint: the SPARQL endpoint it sends queries to; None: `sparql` beside
    the page when it is served over HTTP, `miggraph serve`'s default address when it is opened from disk."""
    found = examples(queries_dir)
    config = {
        "examples": [{"name": e.name, "title": e.title, "sparql": e.sparql} for e in found],
        "prefixes": prefixes(instance_base),
        "instanceBase": instance_base,
        "endpoint": endpoint,
        "diskEndpoint": DISK_ENDPOINT,
        "skippedKinds": list(PAGE_KINDS_SKIPPED),
        "terms": ontology_terms(ontology_path),
    }
    return env.get_template("query.html").render(
        root="", css="assets/site.css", title="Query", site=dict(nav or default_nav("")), examples=found,
        config_json=script_json(config), version=yasgui_version(),
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def facts_query(iri: str, label: str = "") -> str:
    """A SELECT of an entity's facts, each with the passages (document, paragraph, quote) that state it."""
    comment = f"# The facts of {_flat(label)[:200]}, each with the passages that state it\n" if label else ""
    return (
        f"{comment}PREFIX mig: <{PREFIXES['mig']}>\nPREFIX prov: <{PREFIXES['prov']}>\nPREFIX rdf: <{PREFIXES['rdf']}>\n"
        "SELECT ?property ?value ?document ?paragraph ?quote ?passage WHERE {\n"
        f"  VALUES ?entity {{ <{iri}> }}\n"
        "  ?entity ?property ?value .\n"
        "  OPTIONAL {\n"
        "    ?statement rdf:subject ?entity ; rdf:predicate ?property ; rdf:object ?value ;\n"
        "               prov:wasDerivedFrom ?passage .\n"
        "    ?passage mig:inDocument ?document .\n"
        "    OPTIONAL { ?passage mig:paragraph ?paragraph }\n"
        "    OPTIONAL { ?passage mig:quote ?quote }\n"
        "  }\n"
        "}\n"
        "ORDER BY ?property ?value ?document ?paragraph\n"
    )


def query_link(page: str, sparql: str) -> str:
    """A link to the query page that opens (and runs) the query; page: the query page's URL relative to the link."""
    return f"{page}?query={quote(sparql, safe='')}"
