"""SPARQL helpers shared by the tests: the project's own prefix table (so tests and library agree) and the queries
that read a curated fact back with the passage it cites."""

from __future__ import annotations

import re

import pyoxigraph as ox

from miggraph.config import PREFIXES as _TABLE

PREFIXES = "\n" + "\n".join(f"PREFIX {prefix}: <{ns}>" for prefix, ns in _TABLE.items()) + "\n"

ID = "https://w3id.org/miggraph/id/"


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    """Run a query where `id:kind/slug` stands for an instance IRI (slashes are not allowed in prefixed names);
    instance IRIs in the answers come back as `kind/slug`."""
    query = re.sub(r"\bid:([A-Za-z0-9/._-]*[A-Za-z0-9])", lambda m: f"<{ID}{m.group(1)}>", query)
    result = store.query(PREFIXES + query)
    variables = [v.value for v in result.variables]
    return [{v: sol[v].value.removeprefix(ID) for v in variables if sol[v] is not None} for sol in result]


def sourced(store: ox.Store, subject: str, prop: str) -> list[dict[str, str]]:
    """Every value of `prop` on `subject`, one row per passage of its reified statement (and its note)."""
    return select(store, f"""
        SELECT ?value ?doc ?para ?quote ?note WHERE {{
          id:{subject} mig:{prop} ?value .
          ?st a rdf:Statement ; rdf:subject id:{subject} ; rdf:predicate mig:{prop} ; rdf:object ?value ;
              prov:wasDerivedFrom ?passage .
          ?passage mig:inDocument ?doc ; mig:paragraph ?para ; mig:quote ?quote .
          OPTIONAL {{ ?st rdfs:comment ?note }}
        }}""")


def stated(store: ox.Store, prop: str, *, subject: str | None = None, obj: str | None = None,
           doc: str | None = None) -> list[dict[str, str]]:
    """Every curated fact with property `prop`, with the passage (document, paragraph, quote) it cites."""
    bind = "".join(f"VALUES ?{var} {{ <{ID}{val}> }} " for var, val in (("s", subject), ("o", obj), ("doc", doc)) if val)
    return select(store, f"""
        SELECT ?s ?o ?doc ?para ?quote WHERE {{
          {bind}
          ?s mig:{prop} ?o .
          ?st rdf:subject ?s ; rdf:predicate mig:{prop} ; rdf:object ?o ; prov:wasDerivedFrom ?p .
          ?p mig:inDocument ?doc ; mig:paragraph ?para ; mig:quote ?quote .
        }} ORDER BY ?s ?o ?para ?quote""")


def cited_in(rows: list[dict[str, str]], value: str, doc: str) -> list[dict[str, str]]:
    """The rows of `sourced` for one value whose passage is in one document."""
    return [r for r in rows if r["value"] == value and r["doc"] == doc]
