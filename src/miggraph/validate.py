"""SHACL validation of a miggraph graph against the shapes in shapes/, with the ontology as the ontology graph.

The core constraints (cardinalities, datatypes, classes, patterns ...) run in pySHACL, over the part of the graph
they read: the triples of the shapes' focus nodes, the classes of their values, and the ontology (`core_part`),
taken a chunk of focus nodes at a time (`CHUNK`), so that pySHACL never holds the results of more than one chunk.
The SPARQL-based constraints (`sh:sparql`) run in a pyoxigraph store holding the data and the ontology: the same
semantics (pre-bound `$this`, `sh:prefixes`, `{?var}` in messages), tens of times faster than rdflib's SPARQL
engine. Each runs once over the store, and its solutions are kept for the focus nodes of its shape
(`_filters_afterwards` says when that equals binding `$this` to them). Both kinds of result go, one at a time,
into one SHACL validation report: held in memory (`validate_graph`), or streamed to a Turtle file keeping only
the first results of each shape and exact counts (`validate_graph(..., report_path=..., per_shape=N)`), so that
a graph with a million violations is reported in bounded memory. `validate_graph(..., reference=True)` validates
the plain way, for comparison.
"""

from __future__ import annotations

import functools
import gc
import itertools
import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, BinaryIO, Protocol

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from .config import RDF, RDFS, Settings
from .errors import clip
from .gcpause import cyclic_gc_paused
from .lookup import lookup
from .rdf_limits import LimitError, Limits, check_file

SH = Namespace("http://www.w3.org/ns/shacl#")
SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
SEVERITY_NAME = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
REPORT_FILE = "validation-report.ttl"


@dataclass(frozen=True)
class Finding:
    """One validation result, in terms a person can read."""

    severity: URIRef
    shape: Node  # the named shape (a node shape, or a named property shape) the result comes from
    source_shape: Node  # the shape as in sh:sourceShape (may be a blank property shape)
    focus: Node
    focus_label: str | None
    path: Node | None
    value: Node | None
    message: str
    component: Node | None

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAME.get(self.severity, str(self.severity))


GroupKey = tuple[URIRef, Node]  # (severity, named shape)
Triple = tuple[Node, Node, Node]
CHUNK = int(os.environ.get("MIGGRAPH_VALIDATE_CHUNK", "20000"))  # focus nodes per pySHACL run


@dataclass
class Report:
    """The outcome of validating a graph.

    `counts` holds the exact number of results of each (severity, named shape); `findings` holds every result,
    or, when validation kept only the first `per_shape` of each shape, those (in report order). `results` is the
    SHACL results graph when it was kept in memory, None when it was streamed to a file.
    """

    findings: list[Finding]
    results: Graph | None
    seconds: float
    shapes: Graph = field(repr=False)
    counts: dict[GroupKey, int] = field(default_factory=dict)
    per_shape: int | None = None

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos are reported, not fatal)."""
        return self.count(SH.Violation) == 0

    def count(self, severity: URIRef) -> int:
        return sum(n for (sev, _shape), n in self.counts.items() if sev == severity)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class InvalidGraphError(Exception):
    """The graph violates the shapes; carries the report."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"the graph does not conform to the shapes: {report.count(SH.Violation)} violation(s)")


def load_shapes(settings: Settings) -> Graph:
    """The shapes graph of the project."""
    return Graph().parse(settings.shapes_path, format="turtle")


def load_ontology(settings: Settings) -> Graph:
    return Graph().parse(settings.ontology_path, format="turtle")


def validate_graph(graph: Graph, settings: Settings, shapes: Graph | None = None, ontology: Graph | None = None,
                   *, reference: bool = False, per_shape: int | None = None, report_path: Path | None = None,
                   chunk: int = CHUNK, store: ox.Store | None = None) -> Report:
    """Validate `graph` against the shapes, with the ontology supplying the class hierarchy.

    The core constraints run in pySHACL over the part of the graph they read (see `core_part`), `chunk` focus
    nodes at a time; the SPARQL-based ones once each over the whole store, their solutions kept for the focus
    nodes of their shape. With `reference=True`, pySHACL validates the whole graph at once and every SPARQL
    constraint gets its focus nodes as a VALUES block: the same results, much more slowly on large graphs.

    By default the report holds every result and the SHACL results graph. With `report_path`, the results graph
    is written there as it is made (Turtle, through a temporary file) instead of kept; with `per_shape`, the
    report keeps only the first `per_shape` results of each shape (and the exact count of all). `store` is a
    pyoxigraph store already holding the triples of `graph` in its default graph (`read_rdf(..., store=)`); the
    ontology is added to it.
    """
    t0 = time.perf_counter()
    shapes = shapes if shapes is not None else load_shapes(settings)
    ontology = ontology if ontology is not None else load_ontology(settings)
    collector = _Collector(per_shape)
    sink: _Sink = _GraphSink(shapes) if report_path is None else _TurtleSink(report_path, shapes)
    try:
        names = _ShapeNames(shapes)
        store = _store(graph, ontology) if store is None else _with(store, ontology)
        results = itertools.chain(_core_results(graph, ontology, shapes, store, reference=reference, chunk=chunk),
                                  _sparql_results(store, shapes, reference=reference))
        for node, triples in results:
            collector.add(_finding(node, triples, shapes, names))
            sink.add(node, triples)
        results_graph = sink.close(conforms=collector.total == 0)
    except BaseException:
        sink.abort()
        raise
    findings = [replace(f, focus_label=_label(graph, ontology, f.focus)) for f in collector.findings()]
    return Report(findings, results_graph, time.perf_counter() - t0, shapes, dict(collector.counts), per_shape)


# ---------------------------------------------------------------------------
# The part of the data graph the core constraints read
# ---------------------------------------------------------------------------

# Parameters of the shapes whose evaluation on a focus node reads only the node's own triples, and, of its value
# nodes, only their rdf:type (sh:class), with the class hierarchy.
_FOCUS_LOCAL = {SH[name] for name in (
    "targetClass targetSubjectsOf targetNode property path class datatype nodeKind minCount maxCount "
    "minLength maxLength pattern flags languageIn uniqueLang in hasValue minInclusive maxInclusive minExclusive "
    "maxExclusive or and not xone qualifiedValueShape qualifiedMinCount qualifiedMaxCount "
    "qualifiedValueShapesDisjoint closed ignoredProperties equals disjoint lessThan lessThanOrEquals severity "
    "message deactivated name description order group declare prefix namespace prefixes defaultValue "
    "select"  # the SPARQL constraints, left unattached in the core shapes graph
).split()}
# Of a shape applied to value nodes (inside sh:or, sh:and, sh:not, sh:xone, sh:qualifiedValueShape of a property
# shape): the parameters that read nothing of the value node but its rdf:type.
_VALUE_LOCAL = {SH[name] for name in (
    "class datatype nodeKind in hasValue pattern flags languageIn minLength maxLength minInclusive maxInclusive "
    "minExclusive maxExclusive or and not xone severity message deactivated name description"
).split()}
_NESTING = (SH["or"], SH["and"], SH["xone"])


def _nested_shapes(shapes: Graph, shape: Node) -> list[Node]:
    """The shapes applied to the same node as `shape` through sh:or, sh:and, sh:xone and sh:not."""
    found: list[Node] = []
    for p in _NESTING:
        for lst in shapes.objects(shape, p):
            found.extend(shapes.items(lst))
    found.extend(shapes.objects(shape, SH["not"]))
    return found


def _value_local(shapes: Graph, shape: Node, seen: set[Node]) -> bool:
    if shape in seen:
        return True
    seen.add(shape)
    for p in set(shapes.predicates(shape)):
        if str(p).startswith(str(SH)) and p not in _VALUE_LOCAL:
            return False
    return all(_value_local(shapes, nested, seen) for nested in _nested_shapes(shapes, shape))


def _reads_only_neighbourhood(core: Graph) -> bool:
    """True when every core constraint of `core` reads only what `core_part` keeps of a focus node."""
    for p in set(core.predicates()):
        if str(p).startswith(str(SH)) and p not in _FOCUS_LOCAL:
            return False
    if any(not isinstance(path, URIRef) for path in core.objects(None, SH.path)):
        return False
    for prop in set(core.subjects(SH.path, None)):  # property shapes: nested shapes apply to their value nodes
        nested = _nested_shapes(core, prop) + list(core.objects(prop, SH.qualifiedValueShape))
        if not all(_value_local(core, n, set()) for n in nested):
            return False
    return True


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_NOT_CONSTRAINTS = {*_TARGETS, SH.severity, SH.message, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
                    SH.declare, SH.prefixes}


def _shapes_with_targets(shapes: Graph) -> set[Node]:
    """The shapes with targets and at least one constraint (a shape without any yields no result anywhere)."""
    found: set[Node] = set()
    for p in _TARGETS:
        found.update(shapes.subjects(p, None))
    found.update(s for s in shapes.subjects(RDF.type, RDFS.Class) if (s, RDF.type, SH.NodeShape) in shapes)
    return {s for s in found
            if any(str(p).startswith(str(SH)) and p not in _NOT_CONSTRAINTS for p in shapes.predicates(s))}


def _core_shapes(shapes: Graph) -> Graph:
    """The shapes without their SPARQL-based constraints (which run in pyoxigraph)."""
    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


def _batched(core: Graph) -> tuple[Graph, set[Triple]]:
    """The core shapes with each property shape that one node shape holds given that node shape's targets instead.

    pySHACL validates a property shape reached through sh:property once per focus node, and a property shape with
    targets of its own once for all its focus nodes. The two give the same results (the same focus nodes, values,
    source shape, severity and messages) when the node shape is the only one to hold the property shape, and the
    property shape has no targets of its own: then it is moved. Several times faster on large graphs. Returns the
    shapes and the target triples added (pySHACL copies a blank source shape into its results: they are left out).
    """
    batched = Graph()
    for triple in core:
        batched.add(triple)
    added: set[Triple] = set()
    holders: dict[Node, list[Node]] = {}
    for holder, prop in core.subject_objects(SH.property):
        holders.setdefault(prop, []).append(holder)
    for prop, [holder, *others] in holders.items():
        if others or any(core.value(prop, t) is not None for t in _TARGETS) or len(set(core.subjects(None, prop))) != 1:
            continue
        if core.value(holder, SH.deactivated) == Literal(True):
            continue
        batched.remove((holder, SH.property, prop))
        added.update((prop, target, value) for target in _TARGETS for value in core.objects(holder, target))
        if (holder, RDF.type, RDFS.Class) in core:
            added.add((prop, SH.targetClass, holder))
    for triple in added:
        batched.add(triple)
    return batched, added


def _focus_nodes(core: Graph, store: ox.Store) -> set[Node]:
    focus: set[Node] = set()
    for shape in _shapes_with_targets(core):
        focus.update(_targets(store, core, shape))
    return focus


def core_part(graph: Graph, ontology: Graph, core: Graph, store: ox.Store) -> Graph | None:
    """The part of `graph` the core constraints read, with the ontology: None when the shapes may read more.

    It holds every triple of every focus node of a shape (and of the blank nodes they lead to), the rdf:type
    triples of their values (sh:class), every rdfs:subClassOf triple of the data, and the ontology. On that part a
    shape finds the same focus nodes, and each of them the same values and classes, as on the whole graph.
    """
    if not _reads_only_neighbourhood(core):
        return None
    return _part(graph, ontology, _focus_nodes(core, store))


def _part(graph: Graph, ontology: Graph, focus: Iterable[Node]) -> Graph:
    """The triples of the `focus` nodes (and of the blank nodes they lead to), the classes of their values, every
    rdfs:subClassOf triple of the data, and the ontology: all a neighbourhood-local shape reads of them."""
    part = Graph()
    add = part.add
    for triple in ontology:
        add(triple)
    lk = lookup(graph)
    for s, o in lk.subject_objects(RDFS.subClassOf):
        add((s, RDFS.subClassOf, o))
    values: set[Node] = set()
    todo = list(focus)
    done: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in done:
            continue
        done.add(node)
        for p, value in lk.predicate_objects(node):
            add((node, p, value))
            if isinstance(value, BNode):
                todo.append(value)
            elif isinstance(value, URIRef):
                values.add(value)
    for value in values - done:
        for cls in lk.objects(value, RDF.type):
            add((value, RDF.type, cls))
    return part


def _core_results(graph: Graph, ontology: Graph, shapes: Graph, store: ox.Store, *, reference: bool,
                  chunk: int) -> Iterator[tuple[Node, list[Triple]]]:
    """The results of the core constraints, one at a time.

    When the shapes read only the neighbourhood of their focus nodes, pySHACL runs on the part of the graph of
    `chunk` focus nodes at a time, and keeps the results on those nodes (a value node outside the chunk comes
    with its classes only, and what pySHACL finds on it is left for its own chunk). Otherwise (or with
    `reference`), pySHACL validates the whole graph with the ontology mixed in, once.
    """
    core = _core_shapes(shapes)
    if reference or not _reads_only_neighbourhood(core):
        yield from _pyshacl_results(_pyshacl(graph, core, ontology), None)
        return
    focus = sorted(_focus_nodes(core, store), key=lambda n: (isinstance(n, BNode), str(n)))
    batched, added = _batched(core)
    for start in range(0, len(focus), max(1, chunk)):
        nodes = focus[start:start + max(1, chunk)]
        part = _part(graph, ontology, nodes)  # holds the ontology: no copy of the data graph to mix it in
        yield from _pyshacl_results(_pyshacl(part, batched, None), set(nodes), added)
        del part
        # what pySHACL made for the chunk holds reference cycles, and the build pauses the cyclic collector: collect
        # it now, while it is all in the youngest generation (at ten million triples, 0.3 GB a chunk otherwise)
        gc.collect(0)


def _pyshacl(data: Graph, core: Graph, ontology: Graph | None) -> Graph:
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=core, ont_graph=ontology, inference="none",
                                                 advanced=False, allow_warnings=True, allow_infos=True)
    assert isinstance(results, Graph)
    return results


def _pyshacl_results(results: Graph, keep: set[Node] | None,
                     leave_out: set[Triple] | None = None) -> Iterator[tuple[Node, list[Triple]]]:
    """Each result of a pySHACL results graph whose focus node is one of `keep` (all if None), with its triples
    (and those of the blank nodes it leads to: a blank focus node or value, a path), but those in `leave_out`."""
    for node in list(results.subjects(RDF.type, SH.ValidationResult)):
        if keep is not None and results.value(node, SH.focusNode) not in keep:
            continue
        triples = _closure(results, node)
        yield node, [t for t in triples if t not in leave_out] if leave_out else triples


def _closure(graph: Graph, node: Node) -> list[Triple]:
    triples: list[Triple] = []
    todo, seen = [node], {node}
    while todo:
        for triple in graph.triples((todo.pop(), None, None)):
            triples.append(triple)
            if isinstance(triple[2], BNode) and triple[2] not in seen:
                seen.add(triple[2])
                todo.append(triple[2])
    return triples


# ---------------------------------------------------------------------------
# Reading a user's RDF files
# ---------------------------------------------------------------------------

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
REFUSED = {".rdf", ".owl", ".xml", ".rdfxml"}


class RdfInputError(Exception):
    """A file given for validation cannot be read: the message names the file, and the line and column of a syntax error."""


class Rdf12TermError(TypeError):
    """An RDF 1.2 term (a triple term, a literal with a base direction) that an RDF 1.1 graph cannot hold."""


class TripleTermError(Rdf12TermError):
    """An RDF 1.2 triple term."""


def read_rdf(paths: Iterable[Path], limits: Limits | None = None, store: ox.Store | None = None) -> Graph:
    """Parse Turtle, N-Triples, N-Quads, TriG or JSON-LD files (chosen by extension) into one graph.

    Parsing uses pyoxigraph, which reports the line and column of a syntax error and never fetches a remote
    JSON-LD @context. RDF/XML is refused (XML external entities). Named graphs are merged into one graph. Each
    file is first checked against `limits` (nesting depth, JSON-LD prefix chains: `rdf_limits`); RDF 1.2 triple
    terms and directional literals are refused, since the SHACL validation reads RDF 1.1 graphs. With `store`, the
    triples also go into its default graph (give it to `validate_graph`: no second copy of the graph to make).
    """
    graph = Graph()
    for path in paths:
        fmt = _format_of(path)
        try:
            scan = check_file(path, limits or Limits())
        except LimitError as exc:
            raise RdfInputError(str(exc)) from None
        except OSError as exc:
            raise RdfInputError(f"{path}: cannot be read: {exc}") from None
        try:
            _parse_into(graph, path, fmt, store)
        except Rdf12TermError as exc:
            where = f"{path}:{scan.triple_term_line}" if scan.triple_term_line and isinstance(exc, TripleTermError) else str(path)
            raise RdfInputError(f"{where}: {exc}") from None
    return graph


def read_rdf_and_store(paths: Iterable[Path], limits: Limits | None = None) -> tuple[Graph, ox.Store]:
    """`read_rdf`, and a pyoxigraph store holding the same triples, for `validate_graph(..., store=)`."""
    store = ox.Store()
    return read_rdf(paths, limits, store), store


def read_shapes(path: Path, limits: Limits | None = None) -> Graph:
    """A shapes file in Turtle, checked against `limits` first, its prefixes kept (the report names shapes by them)."""
    try:
        check_file(path, limits or Limits())
        return Graph().parse(path, format="turtle")
    except LimitError as exc:
        raise RdfInputError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - rdflib's parser raises many kinds; each is the file's fault
        raise RdfInputError(f"{path}: cannot be read as Turtle shapes: {clip(str(exc), 500)}") from None


def _format_of(path: Path) -> ox.RdfFormat:
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        raise RdfInputError(f"{path}: RDF/XML is not accepted; convert it to Turtle, N-Triples or JSON-LD first")
    fmt = RDF_FORMATS.get(suffix)
    if fmt is None:
        known = ", ".join(sorted(RDF_FORMATS))
        raise RdfInputError(f"{path}: unknown RDF format {clip(suffix) or '(no extension)'!r}; use one of {known}")
    if not path.is_file():
        raise RdfInputError(f"{path}: no such file")
    return fmt


def _parse_into(graph: Graph, path: Path, fmt: ox.RdfFormat, store: ox.Store | None) -> None:
    try:
        _add_quads(graph, ox.parse(path=str(path), format=fmt), store)
    except SyntaxError as exc:
        if "LoadDocumentCallback" in str(exc.msg):
            raise RdfInputError(f"{path}: the JSON-LD @context refers to a document on the web, which is never fetched; "
                                "put the context inline in the file") from None
        where = f"{path}:{exc.lineno}:{exc.offset}" if exc.lineno else str(path)
        raise RdfInputError(f"{where}: syntax error: {clip(str(exc.msg), 500)}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RdfInputError(f"{path}: cannot be read: {clip(str(exc), 500)}") from None


class _Terms:
    """pyoxigraph terms as rdflib terms, each of the recent IRIs made once (a URIRef checks its IRI when made)."""

    def __init__(self, size: int = 100_000) -> None:
        self.size = size
        self.iris: dict[ox.NamedNode, URIRef] = {}

    def __call__(self, term: object) -> Node:
        if isinstance(term, ox.NamedNode):
            found = self.iris.get(term)
            if found is None:
                if len(self.iris) >= self.size:
                    self.iris.clear()
                found = self.iris[term] = URIRef(term.value)
            return found
        return _from_ox(term)


def _add_quads(graph: Graph, quads: Iterable[ox.Quad], store: ox.Store | None, batch: int = 50_000) -> None:
    """The quads' triples into `graph` (and into the default graph of `store`)."""
    term = _Terms()
    default = ox.DefaultGraph()
    pending: list[ox.Quad] = []
    add = graph.add
    with cyclic_gc_paused():
        for quad in quads:
            add((term(quad.subject), term(quad.predicate), term(quad.object)))
            if store is not None:
                pending.append(ox.Quad(quad.subject, quad.predicate, quad.object, default))
                if len(pending) >= batch:
                    store.bulk_extend(pending)
                    pending.clear()
        if store is not None and pending:
            store.bulk_extend(pending)


# ---------------------------------------------------------------------------
# SPARQL-based constraints in pyoxigraph
# ---------------------------------------------------------------------------


def _to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _from_ox(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise TripleTermError(
            f"RDF 1.2 triple terms are not accepted (here <<( {clip(str(term), 160)} )>>; << >>, ~ and {{| |}} make "
            "them too): the SHACL validation reads RDF 1.1 graphs. State the triple as an rdf:Statement "
            "(rdf:subject, rdf:predicate, rdf:object) instead")
    if not isinstance(term, ox.Literal):
        raise Rdf12TermError(f"a term of an unknown kind ({type(term).__name__}) is not accepted")
    if getattr(term, "direction", None):
        raise Rdf12TermError(f"an RDF 1.2 literal with a base direction ({clip(str(term), 120)}) is not accepted: "
                             "SHACL validation reads RDF 1.1 graphs; drop the --ltr / --rtl")
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _with(store: ox.Store, graph: Graph) -> ox.Store:
    store.bulk_extend(_quads(graph))
    return store


def store_of(ntriples: bytes | BinaryIO) -> ox.Store:
    """A store holding the triples of this N-Triples text, or of what this reader reads (parsed in Rust), in its
    default graph, as `validate_graph`'s `store` (the build converts its graph once, as N-Triples, for validation and
    every serialisation)."""
    store = ox.Store()
    store.load(ntriples, format=ox.RdfFormat.N_TRIPLES)  # a lower peak than bulk_load: 0.39 GB, not 0.62, for 1M triples
    return store


def _store(*graphs: Graph) -> ox.Store:
    store = ox.Store()
    for g in graphs:
        store.bulk_extend(_quads(g))
    return store


def _quads(graph: Graph) -> Iterator[ox.Quad]:
    """The graph's triples as quads of the default graph, each term converted once: by identity where the graph
    holds its terms (rdflib terms hash slowly), else by value."""
    found = lookup(graph)
    cache: dict[object, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
    by_identity = found.holds_terms
    default = ox.DefaultGraph()

    def convert(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        k = id(term) if by_identity else term
        term_ox = cache.get(k)
        if term_ox is None:
            term_ox = cache[k] = _to_ox(term)
        return term_ox

    for s, p, o in found.triples():
        yield ox.Quad(convert(s), convert(p), convert(o), default)  # type: ignore[arg-type]


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for decl_owner in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(decl_owner, SH.declare):
            prefix = shapes.value(decl, SH.prefix)
            ns = shapes.value(decl, SH.namespace)
            if prefix is not None and ns is not None:
                lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines)))


_THIS = re.compile(r"\$this\b")


def _targets(store: ox.Store, shapes: Graph, shape: Node) -> set[Node]:
    """The focus nodes of a shape: sh:targetClass (with subclasses), targetNode, targetSubjectsOf, targetObjectsOf."""
    found: set[Node] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        q = f"SELECT DISTINCT ?x WHERE {{ ?x a/<{RDFS.subClassOf}>* <{cls}> }}"
        found.update(_from_ox(r["x"]) for r in store.query(q))  # type: ignore[union-attr]
    if (shape, RDF.type, RDFS.Class) in shapes:
        q = f"SELECT DISTINCT ?x WHERE {{ ?x a/<{RDFS.subClassOf}>* <{shape}> }}"
        found.update(_from_ox(r["x"]) for r in store.query(q))  # type: ignore[union-attr]
    found.update(shapes.objects(shape, SH.targetNode))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        found.update(_from_ox(r["x"]) for r in store.query(f"SELECT DISTINCT ?x WHERE {{ ?x <{prop}> ?o }}"))  # type: ignore[union-attr]
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        found.update(_from_ox(r["x"]) for r in store.query(f"SELECT DISTINCT ?x WHERE {{ ?s <{prop}> ?x }}"))  # type: ignore[union-attr]
    return found


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_TARGET_KINDS = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def _of_target_classes(select: str, store: ox.Store, shapes: Graph, shape: Node) -> str:
    """A query that filters afterwards (`_filters_afterwards`), made to find only the solutions of the instances of
    the shape's target classes when those are its only targets: its WHERE clause starts by selecting them (each
    once), so that the store does not work out solutions for every other node only to have them dropped."""
    classes = [*shapes.objects(shape, SH.targetClass)] + ([shape] if (shape, RDF.type, RDFS.Class) in shapes else [])
    if not classes or any(not isinstance(c, URIRef) for c in classes) or any(
            (shape, kind, None) in shapes for kind in _TARGET_KINDS):
        return select
    values = " ".join(sorted(c.n3() for c in classes))
    closure = sorted(r["c"].value for r in store.query(  # type: ignore[union-attr,index]
        f"SELECT DISTINCT ?c WHERE {{ VALUES ?t {{ {values} }} ?c <{RDFS.subClassOf}>* ?t }}"))
    instances = " ".join(f"<{c}>" for c in closure)
    head = f" {{ SELECT DISTINCT ?this WHERE {{ VALUES ?miggraph_target_class {{ {instances} }} ?this a ?miggraph_target_class }} }} "
    return _WHERE.sub(lambda m: m.group(0) + head, select, count=1)


def _bind_targets(select: str, targets: set[Node]) -> str:
    """Pre-bind ?this to the focus nodes with a VALUES block at the start of every WHERE clause (subqueries too)."""
    values = " ".join(sorted(t.n3() for t in targets if isinstance(t, URIRef)))
    if len(values) == 0 or any(not isinstance(t, URIRef) for t in targets):
        return select
    return _WHERE.sub(lambda m: m.group(0) + f" VALUES ?this {{ {values} }} ", select)


_MESSAGE_VAR = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def _show(term: Node | None, namespaces: list[tuple[str, str]] | None = None) -> str:
    """A term as a message shows it: a literal's text, an IRI by prefix when `namespaces` has one."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    if namespaces is not None and isinstance(term, URIRef):
        for prefix, ns in namespaces:
            if term.startswith(ns) and len(term) > len(ns):
                return f"{prefix}:{term[len(ns):]}"
    return f"<{term}>"


_SINGLE_SCOPE_BREAKERS = re.compile(r"\b(LIMIT|OFFSET|SERVICE)\b", re.IGNORECASE)
_LEADS_WITH_THIS = re.compile(r"\bWHERE\s*\{\s*\$this\s", re.IGNORECASE)
_GROUP_BY = re.compile(r"\bGROUP\s+BY\b(.*?)(\bHAVING\b|\bORDER\b|$)", re.IGNORECASE | re.DOTALL)


def _filters_afterwards(select: str) -> bool:
    """True when running the query once and keeping the solutions whose ?this is a focus node gives what the query
    gives with ?this bound to the focus nodes by a VALUES block at the start of its WHERE clause.

    That holds when the WHERE clause is the only one (no subquery), its group begins with a triple pattern whose
    subject is $this (so every solution binds ?this), the solutions are not cut (LIMIT, OFFSET), and any grouping
    is by ?this: keeping the solutions of some values of ?this then commutes with every later join, OPTIONAL,
    FILTER, BIND, MINUS, grouping by ?this, DISTINCT and projection.
    """
    if len(_WHERE.findall(select)) != 1 or _SINGLE_SCOPE_BREAKERS.search(select) or not _LEADS_WITH_THIS.search(select):
        return False
    group = _GROUP_BY.search(select)
    return group is None or re.search(r"[?$]this\b", group.group(1)) is not None


@dataclass(frozen=True)
class _Constraint:
    """One SPARQL-based constraint of a shape, ready to run."""

    shape: Node
    node: Node
    query: str
    severity: Node
    messages: tuple[Node, ...]
    path: Node | None


def _sparql_constraints(shapes: Graph, *, reference: bool, targets_of: dict[Node, set[Node]],
                        store: ox.Store) -> Iterator[_Constraint]:
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql), key=lambda so: (str(so[0]), str(so[1]))):
        select = shapes.value(constraint, SH.select)
        if shapes.value(constraint, SH.deactivated) == Literal(True) or select is None:
            continue
        if shape not in targets_of:
            targets_of[shape] = _targets(store, shapes, shape)
        targets = targets_of[shape]
        if not targets:
            continue
        text = _THIS.sub("?this", str(select))
        if reference or not _filters_afterwards(str(select)):
            text = _bind_targets(text, targets)
        else:
            text = _of_target_classes(text, store, shapes, shape)
        yield _Constraint(
            shape, constraint, _prefixes(shapes, constraint) + "\n" + text,
            shapes.value(constraint, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation,
            tuple(shapes.objects(constraint, SH.message)) or tuple(shapes.objects(shape, SH.message)),
            shapes.value(shape, SH.path))


def _sparql_results(store: ox.Store, shapes: Graph, *, reference: bool = False) -> Iterator[tuple[Node, list[Triple]]]:
    """The results of the SPARQL-based constraints, one at a time, as they come from pyoxigraph."""
    namespaces = [(prefix, str(ns)) for prefix, ns in shapes.namespaces() if prefix]
    term = _Terms()
    targets_of: dict[Node, set[Node]] = {}
    focus_of: dict[Node, set[object]] = {}
    for c in _sparql_constraints(shapes, reference=reference, targets_of=targets_of, store=store):
        if c.shape not in focus_of:  # the constraints come shape by shape: the last shape's nodes are let go
            focus_of.clear()
            for done in [shape for shape in targets_of if shape != c.shape]:
                del targets_of[done]
            focus_of[c.shape] = {_to_ox(t) for t in targets_of[c.shape]}
        focus_nodes = focus_of[c.shape]
        solutions = store.query(c.query)
        variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        if "this" not in variables:
            continue
        this = variables.index("this")
        for row in solutions:  # type: ignore[union-attr]
            if row[this] in focus_nodes:
                values = (row[i] for i in range(len(variables)))
                bound = {name: (term(value) if value is not None else None) for name, value in zip(variables, values, strict=True)}
                yield _sparql_result(c, bound, namespaces)


def _sparql_result(c: _Constraint, bound: dict[str, Node | None], namespaces: list[tuple[str, str]]) -> tuple[Node, list[Triple]]:
    focus = bound["this"]
    assert focus is not None
    result = BNode()
    triples: list[Triple] = [
        (result, RDF.type, SH.ValidationResult),
        (result, SH.focusNode, focus),
        (result, SH.resultSeverity, c.severity),
        (result, SH.sourceShape, c.shape),
        (result, SH.sourceConstraint, c.node),
        (result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent),
    ]
    result_path = bound.get("path") or c.path
    if result_path is not None:
        triples.append((result, SH.resultPath, result_path))
    value = bound.get("value")
    if value is None and c.path is None:
        value = focus
    if value is not None:
        triples.append((result, SH.value, value))
    for msg in c.messages:
        text = _MESSAGE_VAR.sub(lambda m: _show(bound.get(m.group(1)), namespaces), str(msg))
        lang = msg.language if isinstance(msg, Literal) else None
        triples.append((result, SH.resultMessage, Literal(text, lang=lang)))
    return result, triples


# ---------------------------------------------------------------------------
# Reading the results
# ---------------------------------------------------------------------------


def _named_shape(shapes: Graph, shape: Node) -> Node:
    """The node shape a result belongs to: a property shape (blank or named) is named by the node shape that holds it."""
    seen = set()
    current = shape
    while current not in seen and (isinstance(current, BNode) or (current, RDF.type, SH.NodeShape) not in shapes):
        seen.add(current)
        parent = shapes.value(predicate=SH.property, object=current)
        if parent is None:
            parent = next(iter(s for s, p, _ in shapes.triples((None, None, current)) if p in (SH.node, SH.qualifiedValueShape)), None)
        if parent is None:
            # inside an RDF list (sh:or / sh:and): walk up the list to its holder
            parent = shapes.value(predicate=RDF.first, object=current)
            while parent is not None and shapes.value(predicate=RDF.rest, object=parent) is not None:
                parent = shapes.value(predicate=RDF.rest, object=parent)
            if parent is not None:
                parent = next(iter(s for s, _, _ in shapes.triples((None, None, parent))), None)
        if parent is None:
            break
        current = parent
    return current


def _label(data: Graph, ontology: Graph, node: Node) -> str | None:
    for g in (data, ontology):
        for lbl in g.objects(node, RDFS.label):
            return str(lbl)
    return None


class _ShapeNames:
    """The named shape of each source shape, found once."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.cache: dict[Node, Node] = {}

    def __call__(self, source: Node) -> Node:
        found = self.cache.get(source)
        if found is None:
            found = self.cache[source] = _named_shape(self.shapes, source)
        return found


def _finding(node: Node, triples: list[Triple], shapes: Graph, names: _ShapeNames) -> Finding:
    """The finding of one result, from its triples (its label is filled in later, for the findings kept)."""
    own: dict[Node, list[Node]] = {}
    for s, p, o in triples:
        if s == node:
            own.setdefault(p, []).append(o)

    def one(p: Node) -> Node | None:
        found = own.get(p)
        return found[0] if found else None

    source, focus = one(SH.sourceShape), one(SH.focusNode)
    assert focus is not None and source is not None
    messages = [str(m) for m in own.get(SH.resultMessage, [])] or [str(m) for m in shapes.objects(source, SH.message)]
    return Finding(
        severity=one(SH.resultSeverity) or SH.Violation,  # type: ignore[arg-type]
        shape=names(source),
        source_shape=source,
        focus=focus,
        focus_label=None,
        path=one(SH.resultPath),
        value=one(SH.value),
        message=" ".join(sorted(set(messages))) or "(no message)",
        component=one(SH.sourceConstraintComponent),
    )


def _order(f: Finding) -> tuple[int, str, str, str, str, str]:
    return (SEVERITY_ORDER.get(f.severity, 9), str(f.shape), str(f.focus), str(f.path), str(f.value), f.message)


class _Collector:
    """The findings grouped by severity and named shape: exact counts, and the first `keep` of each group in report
    order (every finding when `keep` is None). Memory: about 2 x `keep` findings a group."""

    def __init__(self, keep: int | None) -> None:
        self.keep = keep
        self.counts: Counter[GroupKey] = Counter()
        self.groups: dict[GroupKey, list[Finding]] = {}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, finding: Finding) -> None:
        key = (finding.severity, finding.shape)
        self.counts[key] += 1
        items = self.groups.setdefault(key, [])
        items.append(finding)
        if self.keep is not None and len(items) >= 2 * self.keep + 64:
            items.sort(key=_order)
            del items[self.keep:]

    def findings(self) -> list[Finding]:
        out: list[Finding] = []
        for items in self.groups.values():
            items.sort(key=_order)
            out.extend(items if self.keep is None else items[:self.keep])
        out.sort(key=_order)
        return out


class _Sink(Protocol):
    def add(self, node: Node, triples: list[Triple]) -> None: ...

    def close(self, *, conforms: bool) -> Graph | None: ...

    def abort(self) -> None: ...


class _GraphSink:
    """The SHACL results graph, in memory."""

    def __init__(self, shapes: Graph) -> None:
        self.graph = Graph()
        for prefix, iri in shapes.namespaces():
            self.graph.bind(prefix, iri, override=True)
        self.graph.bind("sh", SH)
        self.report = BNode()
        self.graph.add((self.report, RDF.type, SH.ValidationReport))

    def add(self, node: Node, triples: list[Triple]) -> None:
        self.graph.add((self.report, SH.result, node))
        for triple in triples:
            self.graph.add(triple)

    def close(self, *, conforms: bool) -> Graph | None:
        self.graph.add((self.report, SH.conforms, Literal(conforms)))
        return self.graph

    def abort(self) -> None:
        pass


_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


class _TurtleSink:
    """The SHACL results graph, written to a Turtle file result by result (through a temporary file beside it,
    renamed at the end): nothing of it is kept in memory but the labels of the data's blank nodes."""

    def __init__(self, path: Path, shapes: Graph) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.out: IO[str] = self.tmp.open("w", encoding="utf-8", newline="\n")
        namespaces = {str(iri): prefix for prefix, iri in shapes.namespaces() if prefix}
        namespaces[str(SH)] = "sh"
        self.namespaces = sorted(((iri, prefix) for iri, prefix in namespaces.items()), key=lambda ip: -len(ip[0]))
        for iri, prefix in sorted(namespaces.items(), key=lambda ip: ip[1]):
            self.out.write(f"@prefix {prefix}: <{iri}> .\n")
        self.out.write("\n_:report a sh:ValidationReport .\n")
        self.blank: dict[Node, str] = {}
        self.literals: dict[Node, str] = {}
        self.pairs: dict[tuple[Node, Node], str] = {}
        self.written: set[Node] = set()  # blank nodes (not results) whose triples are written
        self.results = 0
        self.iri = functools.lru_cache(maxsize=4096)(self._iri)

    def _iri(self, iri: str) -> str:
        for ns, prefix in self.namespaces:
            if iri.startswith(ns) and _PLAIN_LOCAL.match(iri, len(ns)):
                return f"{prefix}:{iri[len(ns):]}"
        return URIRef(iri).n3()

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.iri(str(node))
        if isinstance(node, BNode):
            label = self.blank.get(node)
            if label is None:
                label = self.blank[node] = f"_:b{len(self.blank)}"
            return label
        found = self.literals.get(node)  # messages, severities: the same few literals again and again
        if found is None:
            if len(self.literals) > 10_000:
                self.literals.clear()
            found = self.literals[node] = node.n3()
        return found

    def pair(self, p: Node, o: Node) -> str:
        """Predicate and object as Turtle: the same few pairs again and again (type, shape, severity, message)."""
        if isinstance(o, BNode):
            return f"{'a' if p == RDF.type else self.term(p)} {self.term(o)}"
        found = self.pairs.get((p, o))
        if found is None:
            if len(self.pairs) > 10_000:
                self.pairs.clear()
            found = self.pairs[(p, o)] = f"{'a' if p == RDF.type else self.term(p)} {self.term(o)}"
        return found

    def add(self, node: Node, triples: list[Triple]) -> None:
        self.results += 1
        result = f"_:r{self.results}"
        lines = [f"\n_:report sh:result {result} .\n"]
        written = set()
        for s, p, o in triples:
            if s != node and s in self.written:  # a blank node copied into many results: its triples once
                continue
            written.add(s)
            subject = result if s == node else self.term(s)
            lines.append(f"{subject} {self.pair(p, o)} .\n")
        self.out.write("".join(lines))
        self.written.update(n for n in written if n != node)

    def close(self, *, conforms: bool) -> Graph | None:
        self.out.write(f"\n_:report sh:conforms {'true' if conforms else 'false'} .\n")
        self.out.close()
        self.tmp.replace(self.path)
        return None

    def abort(self) -> None:
        self.out.close()
        self.tmp.unlink(missing_ok=True)


def _qname(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # noqa: BLE001 - any IRI rdflib cannot shorten is shown whole
            return f"<{node}>"
    return str(node)


def format_report(report: Report, limit_per_shape: int = 20, severities: Iterable[URIRef] | None = None) -> str:
    """The report as text: grouped by severity, then by shape, each focus node by label and IRI; the first
    `limit_per_shape` results of each shape, and how many more there are."""
    wanted = set(severities) if severities is not None else None
    ns = Graph()
    for prefix, iri in report.shapes.namespaces():
        ns.bind(prefix, iri, override=True)
    lines = [
        "Conforms: " + ("yes" if report.conforms else "no")
        + f" ({report.count(SH.Violation)} violation(s), {report.count(SH.Warning)} warning(s), "
        + f"{report.count(SH.Info)} info(s); {report.seconds:.1f}s)"
    ]
    groups: dict[GroupKey, list[Finding]] = {key: [] for key in report.counts}
    for f in report.findings:
        groups.setdefault((f.severity, f.shape), []).append(f)
    for (severity, shape), items in sorted(groups.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 9), str(kv[0][1]))):
        if wanted is not None and severity not in wanted:
            continue
        total = report.counts.get((severity, shape), len(items))
        title = report.shapes.value(shape, RDFS.label)
        lines.append("")
        lines.append(f"{SEVERITY_NAME.get(severity, str(severity))} · {_qname(ns, shape)}" + (f" ({title})" if title else "")
                     + f" · {total} result(s)")
        for f in items[:limit_per_shape]:
            lines.extend(_finding_lines(ns, f))
        if total > min(limit_per_shape, len(items)):
            lines.append(f"  ... and {total - min(limit_per_shape, len(items))} more (see the report graph)")
    return "\n".join(lines) + "\n"


def _finding_lines(ns: Graph, f: Finding) -> list[str]:
    who = f"{f.focus_label} <{f.focus}>" if f.focus_label else _qname(ns, f.focus) if isinstance(f.focus, URIRef) else str(f.focus)
    where = f" · path {_qname(ns, f.path)}" if f.path is not None else ""
    value = f" · value {_shorten(f.value)}" if f.value is not None and f.value != f.focus else ""
    return [f"  - {clip(who, 300)}{where}{value}", f"    {clip(f.message, 1000)}"]


def _shorten(node: Node | None, width: int = 80) -> str:
    text = node.n3() if isinstance(node, (URIRef, Literal)) else str(node)
    return text if len(text) <= width else text[: width - 1] + "…"


def results_turtle(report: Report) -> str:
    """The SHACL results graph as Turtle, deterministic (blank nodes named by their content)."""
    from rdflib.compare import to_canonical_graph

    if report.results is None:
        raise ValueError("the results graph was written to a file as it was made, not kept")
    canonical = to_canonical_graph(report.results)
    ordered = Graph()
    ordered.bind("sh", SH)
    for prefix, iri in report.shapes.namespaces():
        ordered.bind(prefix, iri, override=False)
    for triple in sorted(canonical, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        ordered.add(triple)
    return ordered.serialize(format="turtle")


def findings_by(report: Report, severities: Iterable[URIRef] = (SH.Violation,)) -> list[Finding]:
    wanted = set(severities)
    return [f for f in report.findings if f.severity in wanted]
