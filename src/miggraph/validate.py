"""SHACL validation of a miggraph graph against the shapes in shapes/, with the ontology as the ontology graph.

The core constraints (cardinalities, datatypes, classes, patterns ...) run in pySHACL, over the part of the graph
they read: the triples of the shapes' focus nodes, the classes of their values, and the ontology (`core_part`).
The SPARQL-based constraints (`sh:sparql`) run in a pyoxigraph store holding the data and the ontology: the same
semantics (pre-bound `$this`, `sh:prefixes`, `{?var}` in messages), tens of times faster than rdflib's SPARQL
engine. Each runs once over the store, and its solutions are kept for the focus nodes of its shape
(`_filters_afterwards` says when that equals binding `$this` to them). Both kinds of result go into one SHACL
validation report graph. `validate_graph(..., reference=True)` validates the plain way, for comparison.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from .config import Settings

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


@dataclass
class Report:
    """The outcome of validating a graph."""

    findings: list[Finding]
    results: Graph
    seconds: float
    shapes: Graph = field(repr=False)

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos are reported, not fatal)."""
        return not any(f.severity == SH.Violation for f in self.findings)

    def count(self, severity: URIRef) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


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
                   *, reference: bool = False) -> Report:
    """Validate `graph` against the shapes, with the ontology supplying the class hierarchy.

    The core constraints run in pySHACL over the part of the graph they read (see `core_part`), the SPARQL-based
    ones once each over the whole store, their solutions kept for the focus nodes of their shape. With
    `reference=True`, pySHACL validates the whole graph and every SPARQL constraint gets its focus nodes as a
    VALUES block: the same results, much more slowly on large graphs.
    """
    t0 = time.perf_counter()
    shapes = shapes if shapes is not None else load_shapes(settings)
    ontology = ontology if ontology is not None else load_ontology(settings)
    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    store = _store(graph, ontology)
    part = None if reference else core_part(graph, ontology, core, store)
    if part is None:
        data, ont_graph = graph, ontology
    else:
        data, ont_graph = part, None  # the part already holds the ontology: no copy of the data graph to mix it in
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=core,
        ont_graph=ont_graph,
        inference="none",
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
    )
    assert isinstance(results, Graph)
    _run_sparql_constraints(store, shapes, results, reference=reference)
    findings = _findings(results, shapes, graph, ontology)
    results.bind("sh", SH)
    _set_conforms(results, findings)
    return Report(findings, results, time.perf_counter() - t0, shapes)


# ---------------------------------------------------------------------------
# The part of the data graph the core constraints read
# ---------------------------------------------------------------------------

# Parameters of the shapes whose evaluation on a focus node reads only the node's own triples, and, of its value
# nodes, only their rdf:type (sh:class), with the class hierarchy.
_FOCUS_LOCAL = {SH[name] for name in (
    "targetClass targetSubjectsOf targetObjectsOf targetNode property path class datatype nodeKind minCount maxCount "
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


def core_part(graph: Graph, ontology: Graph, core: Graph, store: ox.Store) -> Graph | None:
    """The part of `graph` the core constraints read, with the ontology: None when the shapes may read more.

    It holds every triple of every focus node of a shape (and of the blank nodes they lead to), the rdf:type
    triples of their values (sh:class), every rdfs:subClassOf triple of the data, and the ontology. On that part a
    shape finds the same focus nodes, and each of them the same values and classes, as on the whole graph.
    """
    if not _reads_only_neighbourhood(core):
        return None
    focus: set[Node] = set()
    for shape in _shapes_with_targets(core):
        focus.update(_targets(store, core, shape))
    part = Graph()
    add = part.add
    for triple in ontology:
        add(triple)
    for triple in graph.triples((None, RDFS.subClassOf, None)):
        add(triple)
    values: set[Node] = set()
    todo = list(focus)
    done: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in done:
            continue
        done.add(node)
        for triple in graph.triples((node, None, None)):
            add(triple)
            value = triple[2]
            if isinstance(value, BNode):
                todo.append(value)
            elif isinstance(value, URIRef):
                values.add(value)
    for value in values - done:
        for cls in graph.objects(value, RDF.type):
            add((value, RDF.type, cls))
    return part


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


def read_rdf(paths: Iterable[Path]) -> Graph:
    """Parse Turtle, N-Triples, N-Quads, TriG or JSON-LD files (chosen by extension) into one graph.

    Parsing uses pyoxigraph, which reports the line and column of a syntax error and never fetches a remote
    JSON-LD @context. RDF/XML is refused (XML external entities). Named graphs are merged into one graph.
    """
    graph = Graph()
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in REFUSED:
            raise RdfInputError(f"{path}: RDF/XML is not accepted; convert it to Turtle, N-Triples or JSON-LD first")
        fmt = RDF_FORMATS.get(suffix)
        if fmt is None:
            known = ", ".join(sorted(RDF_FORMATS))
            raise RdfInputError(f"{path}: unknown RDF format {suffix or '(no extension)'!r}; use one of {known}")
        if not path.is_file():
            raise RdfInputError(f"{path}: no such file")
        try:
            quads = ox.parse(path=str(path), format=fmt)
            for quad in quads:
                graph.add((_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)))
        except SyntaxError as exc:
            if "LoadDocumentCallback" in str(exc.msg):
                raise RdfInputError(f"{path}: the JSON-LD @context refers to a document on the web, which is never fetched; "
                                    "put the context inline in the file") from None
            where = f"{path}:{exc.lineno}:{exc.offset}" if exc.lineno else str(path)
            raise RdfInputError(f"{where}: syntax error: {exc.msg}") from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise RdfInputError(f"{path}: cannot be read: {exc}") from None
    return graph


def write_text_atomically(path: Path, text: str) -> None:
    """Write a file through a temporary file beside it and a rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(path)


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
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _store(*graphs: Graph) -> ox.Store:
    store = ox.Store()
    cache: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def convert(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        found = cache.get(term)
        if found is None:
            found = cache[term] = _to_ox(term)
        return found

    default = ox.DefaultGraph()
    for g in graphs:
        store.bulk_extend(ox.Quad(convert(s), convert(p), convert(o), default) for s, p, o in g)  # type: ignore[arg-type]
    return store


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


def _bind_targets(select: str, targets: set[Node]) -> str:
    """Pre-bind ?this to the focus nodes with a VALUES block at the start of every WHERE clause (subqueries too)."""
    values = " ".join(sorted(t.n3() for t in targets if isinstance(t, URIRef)))
    if len(values) == 0 or any(not isinstance(t, URIRef) for t in targets):
        return select
    return _WHERE.sub(lambda m: m.group(0) + f" VALUES ?this {{ {values} }} ", select)


_MESSAGE_VAR = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def _show(term: Node | None, shapes: Graph | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    if shapes is not None and isinstance(term, URIRef):
        for prefix, ns in shapes.namespaces():
            if prefix and str(term).startswith(str(ns)) and len(str(term)) > len(str(ns)):
                return f"{prefix}:{str(term)[len(str(ns)):]}"
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


def _run_sparql_constraints(store: ox.Store, shapes: Graph, results: Graph, *, reference: bool = False) -> None:
    constraints = sorted(shapes.subject_objects(SH.sparql), key=lambda so: (str(so[0]), str(so[1])))
    if not constraints:
        return
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None:
        report = BNode()
        results.add((report, RDF.type, SH.ValidationReport))
    focus_of: dict[Node, tuple[set[Node], set[object]]] = {}
    for shape, constraint in constraints:
        if shapes.value(constraint, SH.deactivated) == Literal(True):
            continue
        if shape not in focus_of:
            found = _targets(store, shapes, shape)
            focus_of[shape] = (found, {_to_ox(t) for t in found})
        targets, focus_nodes = focus_of[shape]
        if not targets:
            continue
        select = shapes.value(constraint, SH.select)
        if select is None:
            continue
        text = str(select)
        if reference or not _filters_afterwards(text):
            text = _bind_targets(_THIS.sub("?this", text), targets)
        else:
            text = _THIS.sub("?this", text)
        query = _prefixes(shapes, constraint) + "\n" + text
        severity = shapes.value(constraint, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation
        messages = list(shapes.objects(constraint, SH.message)) or list(shapes.objects(shape, SH.message))
        path = shapes.value(shape, SH.path)
        solutions = store.query(query)
        variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        if "this" not in variables:
            continue
        this = variables.index("this")
        for row in solutions:  # type: ignore[union-attr]
            if row[this] not in focus_nodes:
                continue
            bound = {name: (_from_ox(row[name]) if row[name] is not None else None) for name in variables}
            focus = bound["this"]
            assert focus is not None
            result = BNode()
            results.add((report, SH.result, result))
            results.add((result, RDF.type, SH.ValidationResult))
            results.add((result, SH.focusNode, focus))
            results.add((result, SH.resultSeverity, severity))
            results.add((result, SH.sourceShape, shape))
            results.add((result, SH.sourceConstraint, constraint))
            results.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            result_path = bound.get("path") or path
            if result_path is not None:
                results.add((result, SH.resultPath, result_path))
            value = bound.get("value")
            if value is None and path is None:
                value = focus
            if value is not None:
                results.add((result, SH.value, value))
            for msg in messages:
                text = _MESSAGE_VAR.sub(lambda m, b=bound: _show(b.get(m.group(1)), shapes), str(msg))
                lang = msg.language if isinstance(msg, Literal) else None
                results.add((result, SH.resultMessage, Literal(text, lang=lang)))


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


def _findings(results: Graph, shapes: Graph, data: Graph, ontology: Graph) -> list[Finding]:
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity) or SH.Violation
        source = results.value(result, SH.sourceShape)
        focus = results.value(result, SH.focusNode)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        if not messages and source is not None:
            messages = [str(m) for m in shapes.objects(source, SH.message)]
        assert focus is not None and source is not None
        out.append(
            Finding(
                severity=severity,  # type: ignore[arg-type]
                shape=_named_shape(shapes, source),
                source_shape=source,
                focus=focus,
                focus_label=_label(data, ontology, focus),
                path=results.value(result, SH.resultPath),
                value=results.value(result, SH.value),
                message=" ".join(sorted(set(messages))) or "(no message)",
                component=results.value(result, SH.sourceConstraintComponent),
            )
        )
    out.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), str(f.shape), str(f.focus), str(f.path), str(f.value), f.message))
    return out


def _set_conforms(results: Graph, findings: list[Finding]) -> None:
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    if report is None:
        return
    results.remove((report, SH.conforms, None))
    results.add((report, SH.conforms, Literal(not findings)))


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
    """The report as text: grouped by severity, then by shape, each focus node by label and IRI."""
    wanted = set(severities) if severities is not None else None
    ns = Graph()
    for prefix, iri in report.shapes.namespaces():
        ns.bind(prefix, iri, override=True)
    lines = [
        "Conforms: " + ("yes" if report.conforms else "no")
        + f" ({report.count(SH.Violation)} violation(s), {report.count(SH.Warning)} warning(s), "
        + f"{report.count(SH.Info)} info(s); {report.seconds:.1f}s)"
    ]
    groups: dict[tuple[URIRef, Node], list[Finding]] = defaultdict(list)
    for f in report.findings:
        if wanted is None or f.severity in wanted:
            groups[(f.severity, f.shape)].append(f)
    for (severity, shape), items in sorted(groups.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 9), str(kv[0][1]))):
        title = report.shapes.value(shape, RDFS.label)
        lines.append("")
        lines.append(f"{SEVERITY_NAME.get(severity, str(severity))} · {_qname(ns, shape)}" + (f" ({title})" if title else "")
                     + f" · {len(items)} result(s)")
        for f in items[:limit_per_shape]:
            who = f"{f.focus_label} <{f.focus}>" if f.focus_label else _qname(ns, f.focus) if isinstance(f.focus, URIRef) else str(f.focus)
            where = f" · path {_qname(ns, f.path)}" if f.path is not None else ""
            value = f" · value {_shorten(f.value)}" if f.value is not None and f.value != f.focus else ""
            lines.append(f"  - {who}{where}{value}")
            lines.append(f"    {f.message}")
        if len(items) > limit_per_shape:
            lines.append(f"  ... and {len(items) - limit_per_shape} more (see the report graph)")
    return "\n".join(lines) + "\n"


def _shorten(node: Node | None, width: int = 80) -> str:
    text = node.n3() if isinstance(node, (URIRef, Literal)) else str(node)
    return text if len(text) <= width else text[: width - 1] + "…"


def results_turtle(report: Report) -> str:
    """The SHACL results graph as Turtle, deterministic (blank nodes named by their content)."""
    from rdflib.compare import to_canonical_graph

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
