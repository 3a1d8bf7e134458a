"""The RDF graph as a networkx graph: entities as nodes, object properties between them as typed edges."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..config import MIG, PREFIXES, PROV, RDF, RDFS, SKOS
from ..lookup import lookup

# Class families: (family, its root classes, colour). The first family whose root is a superclass of an entity's class wins,
# so instruments come before documents and countries before places.
FAMILIES: list[tuple[str, tuple[str, ...], str]] = [
    ("instruments", ("Instrument",), "#e6550d"),
    ("documents", ("Document",), "#3182bd"),
    ("meetings", ("Meeting",), "#31a354"),
    ("processes", ("ConsultativeProcess",), "#756bb1"),
    ("organisations", ("Organization",), "#d62728"),
    ("people", ("Person",), "#e377c2"),
    ("countries", ("Country",), "#8c564b"),
    ("places", ("Place",), "#bcbd22"),
    ("programmes", ("Programme",), "#17becf"),
    ("themes", ("Theme",), "#9e9e9e"),
    ("other", (), "#636363"),
]
FAMILY_COLOURS: dict[str, str] = {name: colour for name, _, colour in FAMILIES}

# n-ary and provenance classes: kept out of the entity graph unless provenance is asked for
NARY_CLASSES = frozenset(MIG[c] for c in ("Membership", "Role", "RatificationStatus", "Passage"))
DATE_PROPERTIES = ("adoptedOn", "startDate", "endDate", "issued", "established", "asOf")
YEAR_PROPERTIES = ("adoptedOn", "startDate", "issued", "established", "asOf")
DERIVED_LABELS = {"memberOf": "member of", "postIn": "holds a post in"}


@dataclass(frozen=True)
class Vocabulary:
    """What the ontology says about classes and properties: superclasses and labels."""

    superclasses: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    labels: dict[URIRef, str] = field(default_factory=dict)

    def ancestors(self, cls: URIRef) -> set[URIRef]:
        seen: set[URIRef] = set()
        todo = [cls]
        while todo:
            c = todo.pop()
            if c in seen:
                continue
            seen.add(c)
            todo.extend(self.superclasses.get(c, ()))
        return seen

    def family(self, cls: URIRef) -> str:
        anc = self.ancestors(cls)
        for name, roots, _ in FAMILIES:
            if any(MIG[r] in anc for r in roots):
                return name
        return "other"

    def label(self, term: URIRef) -> str:
        return self.labels.get(term) or curie(term)


@cache
def _vocabulary_from(path: str, mtime: float) -> Vocabulary:
    onto = Graph()
    onto.parse(path, format="turtle")
    supers: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in onto.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            supers[s].add(o)
    labels = {s: str(o) for s, o in onto.subject_objects(RDFS.label) if isinstance(s, URIRef) and isinstance(o, Literal)}
    return Vocabulary({k: frozenset(v) for k, v in supers.items()}, labels)


def load_vocabulary(ontology_path: Path) -> Vocabulary:
    """The class hierarchy and labels of the ontology (read once per file version)."""
    return _vocabulary_from(str(ontology_path), ontology_path.stat().st_mtime)


def curie(term: URIRef) -> str:
    """mig: terms by their local name, others as prefix:local."""
    text = str(term)
    if text.startswith(str(MIG)):
        return text[len(str(MIG)) :]
    for prefix, ns in sorted(PREFIXES.items()):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def entity_path(iri: str, base: str) -> str | None:
    """'kind/slug' for an IRI under the instance base, else None."""
    if not iri.startswith(base):
        return None
    rest = iri[len(base) :]
    if rest.count("/") != 1 or not all(rest.split("/")) or rest.startswith("."):
        return None
    return rest


Values = dict[URIRef, list[Node]]


def values_of(graph: Graph, s: URIRef) -> Values:
    """Every object of the subject, by predicate: one look-up of its triples, read by everything after it."""
    found: Values = defaultdict(list)
    for p, o in lookup(graph).predicate_objects(s):
        found[p].append(o)  # type: ignore[index]
    return found


def _first(values: Values, p: URIRef) -> str | None:
    found = sorted(str(o) for o in values.get(p, ()) if isinstance(o, Literal))
    return found[0] if found else None


def _joined(values: Values, p: URIRef, sep: str) -> str:
    return sep.join(sorted(str(o) for o in values.get(p, ())))


def _most_specific(types: list[URIRef], vocab: Vocabulary) -> URIRef:
    return sorted(types, key=lambda t: (-len(vocab.ancestors(t)), str(t)))[0]


def node_attributes(graph: Graph, s: URIRef, cls: URIRef, base: str, vocab: Vocabulary,
                    values: Values | None = None) -> dict[str, str]:
    """Label, class, family, acronym, dates and the relative paths of the entity page and ego network
    (values: the subject's objects by predicate, when the caller has them)."""
    v = values if values is not None else values_of(graph, s)
    label = _first(v, RDFS.label) or str(s)
    attrs: dict[str, str] = {
        "label": label,
        "cls": curie(cls),
        "family": vocab.family(cls),
        "acronym": _joined(v, MIG.acronym, ", "),
        "alt": _joined(v, SKOS.altLabel, "; "),
        "symbol": _joined(v, MIG.symbol, "; "),
        "number": _joined(v, MIG.resolutionNumber, "; "),
    }
    dates = []
    for prop in DATE_PROPERTIES:
        value = _first(v, MIG[prop])
        if value:
            dates.append(f"{vocab.label(MIG[prop])}: {value}")
    attrs["dates"] = "; ".join(dates)
    year = ""
    for prop in YEAR_PROPERTIES:
        value = _first(v, MIG[prop])
        if value and value[:4].isdigit():
            year = value[:4]
            break
    attrs["year"] = year
    path = entity_path(str(s), base)
    attrs["page"] = f"id/{path}.html" if path else ""  # file paths under out/, not URL-quoted
    attrs["ego"] = f"viz/ego.html#{path}" if path else ""  # the ego view of the entity, drawn in the browser
    return attrs


def is_nary(cls: URIRef, vocab: Vocabulary) -> bool:
    """Memberships, posts, ratification counts, passages and mentions (any subclass of them)."""
    return bool(vocab.ancestors(cls) & NARY_CLASSES)


def entity_types(graph: Graph, base: str, vocab: Vocabulary, include_provenance: bool = False) -> dict[URIRef, list[URIRef]]:
    """The nodes of the entity graph with their rdf:types.

    Entities are the subjects under the instance base typed with mig: classes, except the n-ary and provenance ones
    (memberships, posts, ratification counts, passages, mentions) and what text extraction generated
    (prov:wasGeneratedBy). With include_provenance every typed subject under the base is a node.
    """
    lk = lookup(graph)
    found: dict[URIRef, list[URIRef]] = defaultdict(list)
    for s, t in lk.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(t, URIRef) and str(s).startswith(base):
            found[s].append(t)
    if include_provenance:
        return found
    entities: dict[URIRef, list[URIRef]] = {}
    for s, types in found.items():
        mig_types = [t for t in types if str(t).startswith(str(MIG))]
        if mig_types and not any(is_nary(t, vocab) for t in mig_types) and not lk.objects(s, PROV.wasGeneratedBy):
            entities[s] = mig_types
    return entities


def to_networkx(graph: Graph, base: str, vocab: Vocabulary, include_provenance: bool = False) -> nx.MultiDiGraph:
    """Entities as nodes (keyed by IRI), object properties between them as edges keyed by relation.

    Memberships and posts are n-ary nodes; without provenance they become direct edges
    (member -memberOf-> group, with their dates in `asOf`; holder -postIn-> organization, with the post in `post`).
    With include_provenance=True every typed node under the base (statements, passages, memberships,
    observations ...) is a node and every IRI-valued triple between nodes an edge.
    """
    types = entity_types(graph, base, vocab, include_provenance)
    g = nx.MultiDiGraph()
    edges: set[tuple[str, str, str]] = set()
    for s in sorted(types, key=str):  # each entity's triples read once, for its attributes and its relations
        values = values_of(graph, s)
        g.add_node(str(s), **node_attributes(graph, s, _most_specific(types[s], vocab), base, vocab, values))
        for p, objects in values.items():
            if p != RDF.type:
                edges.update((str(s), str(o), curie(p)) for o in objects if isinstance(o, URIRef) and o in types)
    extra: dict[tuple[str, str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    lk = lookup(graph)
    if not include_provenance:
        for m in lk.subjects(RDF.type, MIG.Membership):
            for member in lk.objects(m, MIG.member):
                for group in lk.objects(m, MIG.group):
                    if member in types and group in types:
                        key = (str(member), str(group), "memberOf")
                        edges.add(key)
                        extra[key]["asOf"].update(str(d) for d in lk.objects(m, MIG.asOf))
        for r in lk.subjects(RDF.type, MIG.Role):
            for holder in lk.objects(r, MIG.holder):
                for org in lk.objects(r, MIG.roleIn):
                    if holder in types and org in types:
                        key = (str(holder), str(org), "postIn")
                        edges.add(key)
                        extra[key]["post"].update(str(n) for n in lk.objects(r, MIG.roleName))
    for u, v, rel in sorted(edges):
        label = DERIVED_LABELS.get(rel) or vocab.label(MIG[rel] if ":" not in rel else URIRef(_expand(rel)))
        attrs = {"relation": rel, "label": label}
        for name, values in sorted(extra.get((u, v, rel), {}).items()):
            attrs[name] = "; ".join(sorted(values))
        g.add_edge(u, v, key=rel, **attrs)
    return g


def _expand(rel: str) -> str:
    prefix, local = rel.split(":", 1)
    return PREFIXES.get(prefix, prefix + ":") + local


def synthetic_graph(n: int, seed: int = 1, base: str = "https://example.org/id/") -> nx.MultiDiGraph:
    """A random entity graph of n nodes shaped like the real one (hubs, every class family), for benchmarks and tests."""
    import random

    rng = random.Random(seed)  # noqa: S311 (a reproducible sample, not a secret)
    families = [name for name, roots, _ in FAMILIES if roots]
    scaffold = nx.barabasi_albert_graph(n, 2, seed=seed)
    g = nx.MultiDiGraph()
    names = {}
    for i in range(n):
        family = families[rng.randrange(len(families))]
        names[i] = f"{base}{family}/n{i}"
        g.add_node(names[i], label=f"{family} {i}", cls=family, family=family, acronym="", alt="", symbol="", number="",
                   dates="", year="", page=f"id/{family}/n{i}.html", ego="")
    for u, v in sorted(scaffold.edges()):
        g.add_edge(names[max(u, v)], names[min(u, v)], key="references", relation="references", label="references")
    return g
