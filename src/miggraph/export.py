"""Deterministic serialisations of the graph, written atomically into out/."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .config import PREFIXES

CONTEXT_FILE = "context.jsonld"

# Serialising goes through pyoxigraph (tens of times faster than rdflib's writers): the triples are converted
# term by term and given to pyoxigraph.serialize as a sorted list, never through an ox.Store, which would turn
# xsd:nonNegativeInteger into xsd:integer and normalise lexical forms. Every literal keeps its datatype and its
# lexical form as in the rdflib graph.


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term, lexical form and datatype unchanged."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


def ox_triples(graph: Graph) -> list[ox.Triple]:
    """The graph's triples as pyoxigraph triples, each term converted once, in no particular order."""
    cache: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def conv(t: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        term = cache.get(t)
        if term is None:
            term = cache[t] = to_ox(t)
        return term

    return [ox.Triple(conv(s), conv(p), conv(o)) for s, p, o in graph]  # type: ignore[arg-type]


def _check_no_blank_nodes(triples: list[ox.Triple]) -> None:
    # rdflib's blank node ids change from run to run: output with them would not be deterministic
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            raise ValueError(f"blank node in {t}: the exports are deterministic only for graphs without blank nodes")


def used_prefixes(graph: Graph, triples: list[ox.Triple]) -> tuple[dict[str, str], dict[str, str]]:
    """The prefixes bound in the graph (and the project's) that some IRI of the triples is in, sorted by name;
    and of those, the ones to abbreviate with: not those whose local names would hold a '/' (written
    `id:org\\/iom` in Turtle), so instance IRIs stay whole and readable."""
    spaces: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            iri = term.datatype.value if isinstance(term, ox.Literal) else term.value if isinstance(term, ox.NamedNode) else ""
            spaces.add(iri[: max(iri.rfind("#"), iri.rfind("/")) + 1])
    bound = {**PREFIXES, **{prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}}
    used = {prefix: ns for prefix, ns in sorted(bound.items()) if any(space.startswith(ns) for space in spaces)}
    short = {prefix: ns for prefix, ns in used.items() if not any(s.startswith(ns) and s != ns for s in spaces)}
    return used, short


def with_prefix_header(data: bytes, declared: dict[str, str]) -> str:
    """Turtle or TriG from pyoxigraph with its @prefix lines replaced by `declared`, in that order, and a blank
    line between subjects (pyoxigraph escapes line breaks in literals, so a line that is not indented starts a
    subject or a graph)."""
    lines = data.decode("utf-8").splitlines()
    while lines and lines[0].startswith("@prefix "):
        lines.pop(0)
    out = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in declared.items()]
    for line in lines:
        if line and not line[0].isspace() and line != "}":
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def sort_triples(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples sorted by subject, predicate and object (a new list); refuses blank nodes."""
    _check_no_blank_nodes(triples)
    return sorted(triples, key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))


def to_ntriples(graph: Graph, triples: list[ox.Triple] | None = None) -> str:
    """N-Triples, one triple a line, lines sorted (`triples`: the graph already converted by ox_triples)."""
    data = ox.serialize(triples if triples is not None else ox_triples(graph), format=ox.RdfFormat.N_TRIPLES) or b""
    lines = sorted({line for line in data.decode("utf-8").splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def to_turtle(graph: Graph, triples: list[ox.Triple] | None = None) -> str:
    """Turtle with the prefixes the graph uses, triples sorted by subject, predicate and object.

    The order does not depend on load order, so two builds give the same bytes. `triples`: the graph already
    converted by ox_triples.
    """
    ordered = sort_triples(triples if triples is not None else ox_triples(graph))
    declared, short = used_prefixes(graph, ordered)
    return with_prefix_header(ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=short) or b"", declared)


def jsonld_context(graph: Graph) -> dict:
    """The JSON-LD @context: the prefixes the graph uses."""
    ctx = {prefix: ns for prefix, ns in PREFIXES.items()}
    for prefix, ns in graph.namespaces():
        if prefix == "id":
            ctx["id"] = str(ns)
    return {"@context": dict(sorted(ctx.items()))}


def _sort_json(value: object) -> object:
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    if isinstance(value, dict):
        return {k: _sort_json(v) for k, v in value.items()}
    return value


def to_jsonld(graph: Graph, context: dict) -> str:
    """Compact JSON-LD against the context, nodes sorted by @id, referencing the context file."""
    data = json.loads(graph.serialize(format="json-ld", context=context["@context"], auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    nodes = sorted((_sort_json(n) for n in nodes), key=lambda n: str(n.get("@id", "")))  # type: ignore[union-attr]
    doc = {"@context": CONTEXT_FILE, "@graph": nodes}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _keep_others(old: Path, new: Path) -> None:
    """Copy into `new` every file of `old` that the new rendering did not write, folder by folder."""
    for entry in old.iterdir():
        dest = new / entry.name
        if entry.is_dir() and not entry.is_symlink():
            if dest.is_dir():
                _keep_others(entry, dest)
            elif not dest.exists():
                shutil.copytree(entry, dest, symlinks=True)
        elif not dest.exists():
            shutil.copy2(entry, dest, follow_symlinks=False)


def write_atomically(
    out_dir: Path, writers: dict[str, Callable[[], str | bytes]], progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Render every file into a fresh folder, keep other files of out/, then swap the folders.

    If any writer fails, out/ is left exactly as it was.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clear_interrupted(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-{os.getpid()}-", dir=out_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; out/ is for publishing
    try:
        written = []
        for rel, render in sorted(writers.items()):
            if progress is not None:
                progress(rel)
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            content = render()
            if isinstance(content, str):
                target.write_text(content, encoding="utf-8", newline="\n")
            else:
                target.write_bytes(content)
            written.append(out_dir / rel)
        if out_dir.exists():
            _keep_others(out_dir, tmp)
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-{os.getpid()}-", dir=out_dir.parent))
            os.rename(out_dir, old / "out")
            os.rename(tmp, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out_dir)
        return written
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clear_interrupted(out_dir: Path) -> None:
    """Undo what a build killed half-way left beside out_dir: put back the out/ it had moved aside (killed between
    the two renames of the swap), and remove the temporary folders of builds no longer running."""
    pattern = re.compile(rf"\.{re.escape(out_dir.name)}-(new|old)-(\d+)-[^/]*")
    for sibling in sorted(out_dir.parent.iterdir()):
        m = pattern.fullmatch(sibling.name)
        if m is None or not sibling.is_dir() or _running(int(m.group(2))):
            continue
        if m.group(1) == "old" and (sibling / "out").is_dir() and not out_dir.exists():
            os.rename(sibling / "out", out_dir)
        shutil.rmtree(sibling, ignore_errors=True)


Render = Callable[[], str | bytes]


def writers(graph: Graph, ontology_path: Path) -> dict[str, Render]:
    """The core serialisations: Turtle, N-Triples, JSON-LD (+ context) and the ontology, by path under out/."""
    context = jsonld_context(graph)
    converted: list[list[ox.Triple]] = []

    def triples() -> list[ox.Triple]:  # converted once, for both writers
        if not converted:
            converted.append(ox_triples(graph))
        return converted[0]

    return {
        "miggraph.ttl": lambda: to_turtle(graph, triples()),
        "miggraph.nt": lambda: to_ntriples(graph, triples()),
        "miggraph.jsonld": lambda: to_jsonld(graph, context),
        CONTEXT_FILE: lambda: json.dumps(context, indent=1, sort_keys=True) + "\n",
        "ontology.ttl": lambda: ontology_path.read_bytes(),
    }


def export_all(graph: Graph, ontology_path: Path, out_dir: Path) -> list[Path]:
    """Write the core serialisations into out_dir, atomically."""
    return write_atomically(out_dir, writers(graph, ontology_path))
