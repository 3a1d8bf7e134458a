"""More serialisations of the graph: TriG and N-Quads with a named graph per source document,
CSV tables of the main classes, and a VoID + DCAT description of the dataset."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version as package_version

import pyoxigraph as ox
from rdflib import OWL, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from . import export
from .config import DCTERMS, MIG, PREFIXES, PROV, RDF, RDFS, SKOS, XSD, Settings
from .export import Prepared, Render, prefix_header_pieces, turtle_bytes, without_prefixes
from .lookup import lookup
from .ntriples import TermTexts

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

# the dumps: path under out/ (and under the base IRI) -> (media type, RDF dump?)
DUMPS: dict[str, tuple[str, bool]] = {
    "miggraph.ttl": ("text/turtle", True),
    "miggraph.nt": ("application/n-triples", True),
    "miggraph.jsonld": ("application/ld+json", True),
    "miggraph.trig": ("application/trig", True),
    "miggraph.nq": ("application/n-quads", True),
}

# kinds of IRI ({base}id/{kind}/{slug}) that get a CSV table, and the table's name
TABLES: dict[str, str] = {
    "document": "documents",
    "resolution": "resolutions",
    "instrument": "instruments",
    "meeting": "meetings",
    "org": "organisations",
    "process": "processes",
    "programme": "programmes",
    "person": "people",
    "country": "countries",
    "region": "regions",
    "city": "cities",
    "place": "places",
    "theme": "themes",
    "membership": "memberships",
    "role": "roles",
    "ratification": "ratifications",
    "dataset": "datasets",
}
JOIN = " | "

TITLE = "miggraph: the United Nations governance system for international migration and development"
DESCRIPTION = (
    "A knowledge graph of General Assembly resolutions and the meetings and reports they mandate, the High-level "
    "Dialogues, the Global Forum on Migration and Development, regional consultative processes, agencies, inter-agency "
    "groups and international instruments. Every curated fact is reified as an rdf:Statement that derives "
    "(prov:wasDerivedFrom) from a mig:Passage quoting its source document verbatim."
)


# -- TriG and N-Quads ----------------------------------------------------------------------------


def graph_iri(settings: Settings, document: URIRef) -> URIRef:
    """The named graph of a source document: {base}id/graph/{document-slug}."""
    return URIRef(f"{settings.instance_base}graph/{str(document).rstrip('/').rsplit('/', 1)[-1]}")


def document_statements(graph: Graph, settings: Settings) -> dict[str, list[URIRef]]:
    """The reified facts (rdf:Statements) by the named graph of each document one of their passages comes from:
    graph IRI -> the statements, in order of their IRIs; the graphs in order of their IRIs."""
    lk = lookup(graph)
    out: dict[str, list[URIRef]] = defaultdict(list)
    statements = sorted((st for st in lk.subjects(RDF.type, RDF.Statement) if isinstance(st, URIRef)), key=str)
    for statement in statements:
        for doc in sorted({str(d) for passage in lk.objects(statement, PROV.wasDerivedFrom)
                           for d in lk.objects(passage, MIG.inDocument) if isinstance(d, URIRef)}):
            out[str(graph_iri(settings, URIRef(doc)))].append(statement)
    return dict(sorted(out.items()))


def document_lines(graph: Graph, statements: Iterable[URIRef], document_graph: str, settings: Settings) -> list[str]:
    """The N-Triples lines of one document's named graph, sorted: for each of its reified facts the triple itself,
    its rdf:Statement (type, subject, predicate, object, note) with the prov:wasDerivedFrom links to that document's
    passages, and those passages."""
    lk, texts = lookup(graph), TermTexts()
    lines: set[str] = set()

    def add(s: Node, p: Node, o: Node) -> None:
        lines.add(f"{texts(s)} {texts(p)} {texts(o)} .\n")

    for statement in statements:
        own = list(lk.predicate_objects(statement))
        reified = dict((p, o) for p, o in own if p in (RDF.subject, RDF.predicate, RDF.object))
        s, p, o = (reified.get(k) for k in (RDF.subject, RDF.predicate, RDF.object))
        if s is not None and p is not None and o is not None and texts(o) in {texts(x) for x in lk.objects(s, p)}:
            add(s, p, o)
        for q, value in own:
            if q != PROV.wasDerivedFrom:
                add(statement, q, value)
            elif any(isinstance(d, URIRef) and str(graph_iri(settings, d)) == document_graph
                     for d in lk.objects(value, MIG.inDocument)):
                add(statement, q, value)
                for pq, po in lk.predicate_objects(value):
                    add(value, pq, po)
    return sorted(lines)


DocumentStatements = dict[str, list[URIRef]]


def trig_pieces(graph: Graph, settings: Settings, prepared: Prepared | None = None,
                documents: DocumentStatements | None = None) -> Iterator[bytes]:
    """TriG with the prefixes the graph uses (instance IRIs written whole): the default graph, then the named
    graph of each document in order of their IRIs (`documents`: document_statements, if already made), written a
    piece at a time."""
    p = prepared or Prepared.of(graph)
    documents = documents if documents is not None else document_statements(graph, settings)

    def parts() -> Iterator[bytes]:
        yield p.turtle()
        for name, statements in documents.items():
            lines = "".join(document_lines(graph, statements, name, settings)).encode("utf-8")
            triples = (quad.triple for quad in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES))
            # pyoxigraph writes one statement a line (line breaks in literals are escaped): indent the lines in braces
            body = without_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=p.short) or b"")
            yield b"<" + name.encode() + b"> {\n\t" + body.rstrip(b"\n").replace(b"\n", b"\n\t") + b"\n}\n"

    return prefix_header_pieces(parts(), p.declared)


def to_trig(graph: Graph, settings: Settings, prepared: Prepared | None = None,
            documents: DocumentStatements | None = None) -> bytes:
    """trig_pieces, in one piece."""
    return b"".join(trig_pieces(graph, settings, prepared, documents))


def nquads_pieces(graph: Graph, settings: Settings, prepared: Prepared | None = None,
                  documents: DocumentStatements | None = None) -> Iterator[bytes]:
    """N-Quads: the default graph's lines (sorted), then each document's graph in order of their IRIs, written a
    piece at a time."""
    p = prepared or Prepared.of(graph)
    documents = documents if documents is not None else document_statements(graph, settings)
    yield from p.ntriples_chunks()
    for name, statements in documents.items():
        ending = f" <{name}> .\n"  # an N-Triples line ends with " .\n": the graph name goes before the dot
        yield "".join(line[:-3] + ending for line in document_lines(graph, statements, name, settings)).encode("utf-8")


def to_nquads(graph: Graph, settings: Settings, prepared: Prepared | None = None,
              documents: DocumentStatements | None = None) -> bytes:
    """nquads_pieces, in one piece."""
    return b"".join(nquads_pieces(graph, settings, prepared, documents))


# -- CSV ------------------------------------------------------------------------------------------


def kind_of(iri: Node, settings: Settings) -> tuple[str, str] | None:
    """(kind, slug) of an instance IRI {base}id/{kind}/{slug}; None for anything else."""
    if not isinstance(iri, URIRef) or not str(iri).startswith(settings.instance_base):
        return None
    parts = str(iri)[len(settings.instance_base):].split("/")
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))  # the longest namespace first


@lru_cache(maxsize=1 << 16)
def _curie(text: str) -> str:
    for prefix, ns in _BY_LENGTH:
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def curie(iri: Node) -> str:
    """prefix:name for the known prefixes, else the IRI."""
    return _curie(str(iri))


@dataclass
class Table:
    name: str
    kind: str
    header: list[str]
    rows: list[list[str]]


NAMES = [("label", RDFS.label), ("acronym", MIG.acronym), ("altLabel", SKOS.altLabel)]
LINKS = [("seeAlso", RDFS.seeAlso), ("sameAs", OWL.sameAs)]


def tables(graph: Graph, settings: Settings) -> list[Table]:
    """One table per main kind of entity.

    Columns: id, label, acronym, altLabel, type (the entity's classes as CURIEs), then every
    mig: property some entity of the table has (by name), then rdfs:seeAlso and owl:sameAs
    where used. Several values are sorted and joined with " | ".
    """
    lk = lookup(graph)
    members: dict[str, list[URIRef]] = defaultdict(list)
    for s in {s for s, _ in lk.subject_objects(RDF.type)}:
        k = kind_of(s, settings)
        if k and k[0] in TABLES:
            members[k[0]].append(s)  # type: ignore[arg-type]
    out = []
    for kind, name in TABLES.items():
        entities = sorted(members.get(kind, []))
        if not entities:
            continue
        props = sorted({p for e in entities for p, _ in lk.predicate_objects(e) if str(p).startswith(str(MIG)) and p != MIG.acronym})
        used = [(curie(p).split(":", 1)[1], p) for p in props]
        used += [c for c in LINKS if any(lk.objects(e, c[1]) for e in entities)]
        header = ["id", *(n for n, _ in NAMES), "type", *(n for n, _ in used)]
        rows = []
        for e in entities:
            row = [str(e)]
            row += [JOIN.join(sorted(str(v) for v in lk.objects(e, p))) for _, p in NAMES]
            row.append(JOIN.join(sorted(curie(t) for t in lk.objects(e, RDF.type))))
            row += [JOIN.join(sorted(str(v) for v in lk.objects(e, p))) for _, p in used]
            rows.append(row)
        out.append(Table(name, kind, header, rows))
    return out


def to_csv(table: Table) -> str:
    """RFC 4180: comma separated, CRLF line ends, quoted where needed, a header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buf.getvalue()


# -- VoID + DCAT ----------------------------------------------------------------------------------


def namespace_of(iri: str) -> str:
    """The vocabulary an IRI belongs to: up to its last '#' or '/'."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _local(iri: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in curie(URIRef(iri)).replace(":", "-")).strip("-")


def void_graph(graph: Graph, settings: Settings, ontology: Graph | None = None, csv_files: Iterable[str] = ()) -> Graph:
    """A VoID + DCAT description of the dataset, every count computed from the graph."""
    base = settings.base.rstrip("/") + "/"
    ds = URIRef(base + "void#miggraph")
    g = Graph()
    for prefix, ns in {"void": VOID, "dcat": DCAT, "dcterms": DCTERMS, "foaf": FOAF, "xsd": XSD, "rdfs": RDFS}.items():
        g.bind(prefix, ns)
    version = None
    creator = None
    if ontology is not None:
        for onto in ontology.subjects(RDF.type, OWL.Ontology):
            version = version or ontology.value(onto, OWL.versionInfo)
            creator = creator or ontology.value(onto, DCTERMS.creator)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((ds, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((ds, DCTERMS.license, CC_BY))
    g.add((ds, OWL.versionInfo, Literal(str(version or package_version('miggraph')))))
    g.add((ds, DCAT.version, Literal(str(version or package_version('miggraph')))))
    agent = URIRef(base + "void#maintainers")
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, FOAF.name, Literal(str(creator or "The miggraph maintainers"))))
    g.add((ds, DCTERMS.creator, agent))
    g.add((ds, DCTERMS.publisher, agent))
    g.add((ds, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    g.add((ds, VOID.uriSpace, Literal(settings.instance_base)))
    g.add((ds, VOID.rootResource, URIRef(base)))

    lk = lookup(graph)
    subjects = lk.subject_counts()
    g.add((ds, VOID.triples, Literal(len(graph))))
    g.add((ds, VOID.entities, Literal(sum(1 for s in subjects if str(s).startswith(settings.instance_base)))))
    g.add((ds, VOID.distinctSubjects, Literal(len(subjects))))
    g.add((ds, VOID.distinctObjects, Literal(len(lk.distinct_objects()))))
    predicates = lk.predicate_counts()
    g.add((ds, VOID.properties, Literal(len(predicates))))
    classes: dict[Node, set[Node]] = defaultdict(set)
    for s, c in lk.subject_objects(RDF.type):
        classes[c].add(s)
    g.add((ds, VOID.classes, Literal(len(classes))))
    for c, instances in sorted(classes.items()):
        part = URIRef(f"{base}void#class-{_local(str(c))}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], c))
        g.add((part, VOID.entities, Literal(len(instances))))
    for p, n in sorted(predicates.items()):
        part = URIRef(f"{base}void#property-{_local(str(p))}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, p))
        g.add((part, VOID.triples, Literal(n)))
    vocabularies = {namespace_of(str(p)) for p in predicates} | {namespace_of(str(c)) for c in classes}
    for v in sorted(vocabularies):
        g.add((ds, VOID.vocabulary, URIRef(v)))

    for path, (media, is_rdf) in [*DUMPS.items(), *((f, ("text/csv", False)) for f in sorted(csv_files))]:
        url = URIRef(base + path)
        if is_rdf:
            g.add((ds, VOID.dataDump, url))
        dist = URIRef(f"{base}void#distribution-{_local(path)}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(path)))
        g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media)))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCTERMS.license, CC_BY))

    for e in example_resources(graph, settings):
        g.add((ds, VOID.exampleResource, e))
    return g


def example_resources(graph: Graph, settings: Settings, n: int = 3) -> list[URIRef]:
    """The entities (not statements, passages or table rows) with the most triples about them."""
    counts: dict[URIRef, int] = {}
    for s, count in lookup(graph).subject_counts().items():
        k = kind_of(s, settings)
        if k and k[0] in TABLES:
            counts[s] = count  # type: ignore[index]
    return [e for e, _ in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n]]


# -- the build's files ----------------------------------------------------------------------------


def writers(graph: Graph, settings: Settings, prepared: Callable[[], Prepared] | None = None) -> dict[str, Render]:
    """TriG, N-Quads, CSV tables and void.ttl, by path under out/ (`prepared`: gives the graph converted once
    for every serialisation)."""
    cache: dict[str, object] = {}
    prepared = prepared or export.lazy_prepared(graph)

    def documents() -> DocumentStatements:
        if "documents" not in cache:
            cache["documents"] = document_statements(graph, settings)
        return cache["documents"]  # type: ignore[return-value]

    def all_tables() -> dict[str, Table]:
        if "tables" not in cache:
            cache["tables"] = {f"csv/{t.name}.csv": t for t in tables(graph, settings)}
        return cache["tables"]  # type: ignore[return-value]

    ontology = Graph().parse(settings.ontology_path, format="turtle") if settings.ontology_path.exists() else None
    out: dict[str, Render] = {
        "miggraph.trig": lambda: trig_pieces(graph, settings, prepared(), documents()),
        "miggraph.nq": lambda: nquads_pieces(graph, settings, prepared(), documents()),
        "void.ttl": lambda: turtle_bytes(void_graph(graph, settings, ontology, all_tables())),
    }
    export.release_after(out, ("miggraph.trig", "miggraph.nq"), lambda: cache.pop("documents", None))
    for path in all_tables():
        out[path] = lambda path=path: to_csv(all_tables()[path])  # type: ignore[misc]
    return out
