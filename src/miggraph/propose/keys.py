"""The facts a graph states from one document's passages, as the keys proposals are compared by."""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from ..config import MIG, PROV
from .model import FactKey, canonical_number

NARY = {MIG.Membership: "membership", MIG.RatificationStatus: "ratification", MIG.Figure: "figure"}
NUMBER_TYPES = {XSD.nonNegativeInteger, XSD.integer, XSD.decimal}


def term_key(term: Node, base: str) -> str:
    """An RDF term as a key part: an entity by its id (org/iom), an individual as mig:X, a number canonically."""
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(str(MIG)):
            return "mig:" + text[len(str(MIG)):]
        return text[len(base):] if text.startswith(base) else text
    if isinstance(term, Literal) and term.datatype in NUMBER_TYPES:
        return canonical_number(str(term))
    return str(term)


def nary_key(graph: Graph, node: URIRef, kind: str, base: str) -> FactKey | None:
    """The key of a membership, a ratification status or a figure, from its fields."""
    def one(p: URIRef) -> str:
        v = graph.value(node, p)
        return term_key(v, base) if v is not None else ""

    if kind == "membership":
        return ("membership", one(MIG.group), one(MIG.member))
    if kind == "ratification":
        instruments = sorted(term_key(o, base) for o in graph.objects(node, MIG.instrument))
        return ("ratification", "+".join(instruments), one(MIG["count"]), one(MIG.asOf))
    qualifier = one(MIG.qualifier) or "mig:Exactly"
    return ("figure", one(MIG.figureOf), one(MIG.figureValue), qualifier)


def document_keys(graph: Graph, doc: URIRef, base: str) -> dict[FactKey, list[URIRef]]:
    """Every fact the graph states citing a passage of `doc`: key → the statements (or n-ary nodes) behind it."""
    in_doc = {p for p in graph.subjects(MIG.inDocument, doc)}
    out: dict[FactKey, list[URIRef]] = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        if not any(pa in in_doc for pa in graph.objects(st, PROV.wasDerivedFrom)):
            continue
        s, p, o = graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object)
        if s is None or p is None or o is None:
            continue
        kind = next((NARY[t] for t in graph.objects(s, RDF.type) if t in NARY), None)
        if kind is not None:
            key = nary_key(graph, s, kind, base)  # type: ignore[arg-type]
            if key is not None:
                out.setdefault(key, []).append(s)  # type: ignore[arg-type]
            continue
        name = term_key(p, base).removeprefix("mig:")
        out.setdefault((name, term_key(s, base), name, term_key(o, base)), []).append(st)  # type: ignore[arg-type]
    return out
