"""SPARQL over the built graph (pyoxigraph) and result formatting."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox

ONTOLOGY_FILE = "ontology.ttl"


def open_store(nt_path: Path, with_ontology: bool = True) -> ox.Store:
    """An in-memory store bulk-loaded from an N-Triples export, with the ontology written beside it.

    The ontology brings the class and property hierarchy, so that `?x a/rdfs:subClassOf* mig:Meeting` finds
    every kind of meeting and labels of ontology terms can be shown.
    """
    store = ox.Store()
    store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
    ontology = nt_path.parent / ONTOLOGY_FILE
    if with_ontology and ontology.is_file():
        store.bulk_load(path=str(ontology), format=ox.RdfFormat.TURTLE)
    return store


def _term(t: object) -> str | None:
    if t is None:
        return None
    if isinstance(t, ox.Literal | ox.NamedNode | ox.BlankNode):
        return t.value
    return str(t)


def run(store: ox.Store, sparql: str) -> tuple[list[str], list[list[str | None]]] | bool | list[tuple]:
    """Run a query: SELECT gives (variables, rows), ASK a bool, CONSTRUCT/DESCRIBE triples."""
    result = store.query(sparql)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[_term(sol[v]) for v in variables] for sol in result]
        return variables, rows
    return [(t.subject, t.predicate, t.object) for t in result]


def as_csv(variables: list[str], rows: list[list[str | None]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def as_json(variables: list[str], rows: list[list[str | None]]) -> str:
    return json.dumps([dict(zip(variables, row, strict=True)) for row in rows], ensure_ascii=False, indent=1) + "\n"
