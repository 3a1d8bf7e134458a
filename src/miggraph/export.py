"""Deterministic serialisations of the graph, written atomically into out/."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import lanes
from .config import PREFIXES, XSD
from .ntriples import TempText, TermTexts, sorted_ntriples

CONTEXT_FILE = "context.jsonld"

# Serialising goes through pyoxigraph (tens of times faster than rdflib's writers): the graph is converted once,
# term by term, into N-Triples with its lines sorted, in a temporary file (`Prepared`, `miggraph.ntriples`), and
# every format is written from the triples parsed back from it by pyoxigraph.serialize; never through an ox.Store,
# which would turn xsd:nonNegativeInteger into xsd:integer and normalise lexical forms. Every literal keeps its
# datatype and its lexical form as in the rdflib graph.


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
    """The graph's triples as pyoxigraph triples, term by term (`to_ox`), in no particular order."""
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]


def _check_no_blank_nodes(triples: list[ox.Triple]) -> None:
    # rdflib's blank node ids change from run to run: output with them would not be deterministic
    blank = ox.BlankNode
    for t in triples:
        if isinstance(t.subject, blank) or isinstance(t.object, blank):
            raise ValueError(f"blank node in {t}: the exports are deterministic only for graphs without blank nodes")


def used_prefixes(graph: Graph, spaces: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The prefixes bound in the graph (and the project's) that some IRI or datatype is in (`spaces`: their
    namespaces), sorted by name; and of those, the ones to abbreviate with: not those whose local names would hold a
    '/' (written `id:org\\/iom` in Turtle), so instance IRIs stay whole and readable."""
    spaces = set(spaces)
    bound = {**PREFIXES, **{prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}}
    used = {prefix: ns for prefix, ns in sorted(bound.items()) if any(space.startswith(ns) for space in spaces)}
    short = {prefix: ns for prefix, ns in used.items() if not any(s.startswith(ns) and s != ns for s in spaces)}
    return used, short


_SUBJECT_LINE = re.compile(rb"\n(?=[^\s}])")
_SUBJECT_START = re.compile(rb"[^\s}]")
_NON_SPACE = re.compile(rb"\S")


def _prefixes_end(data: bytes) -> int:
    """Where the @prefix lines data begins with end."""
    end = 0
    while data.startswith(b"@prefix ", end):
        line_end = data.find(b"\n", end)
        end = len(data) if line_end < 0 else line_end + 1
    return end


def without_prefixes(data: bytes) -> bytes:
    """Turtle or TriG from pyoxigraph without the @prefix lines it begins with."""
    end = _prefixes_end(data)
    return data[end:] if end else data


def with_prefix_header(data: bytes | list[bytes], declared: dict[str, str]) -> bytes:
    """Turtle or TriG from pyoxigraph (the text, or its pieces in order) with its @prefix lines replaced by
    `declared`, in that order, and a blank line between subjects (see prefix_header_pieces), in one piece."""
    return b"".join(prefix_header_pieces([data] if isinstance(data, bytes) else data, declared))


def _spaced(piece: bytes | memoryview) -> list[bytes]:
    """A piece with a blank line before each subject it begins (pyoxigraph escapes line breaks in literals, so a
    line that is not indented starts a subject or a graph), the one it starts with included."""
    spaced = _SUBJECT_LINE.sub(b"\n\n", piece)  # type: ignore[call-overload]
    return [b"\n", spaced] if _SUBJECT_START.match(piece) else [spaced]  # type: ignore[call-overload]


def prefix_header_pieces(pieces: Iterable[bytes], declared: dict[str, str]) -> Iterator[bytes]:
    """Turtle or TriG from pyoxigraph, given as pieces that each end a line, with its @prefix lines replaced by
    `declared`, in that order, and a blank line between subjects; given and written a piece at a time (just the
    header and a line break when the text holds nothing else)."""
    yield "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in declared.items()).encode("utf-8")
    given = iter(pieces)
    first = next(given, None)
    if first is None:
        yield b"\n"
        return
    current: bytes | memoryview = memoryview(first)[_prefixes_end(first):]
    held: list[bytes] = []  # the pieces so far, while all of them are white space
    blank = True
    for piece in itertools.chain(given, (None,)):
        if piece is None:  # the last: without the line breaks it ends with
            stop = len(current)
            while stop and current[stop - 1] == 10:
                stop -= 1
            current = memoryview(current)[:stop]
        if blank and not _NON_SPACE.search(current):  # type: ignore[call-overload]
            held.extend(_spaced(current))
        else:
            blank = False
            yield from held
            held.clear()
            yield from _spaced(current)
        if piece is not None:
            current = piece
    yield b"\n"


def sort_triples(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples sorted as their N-Triples lines sort (a new list); refuses blank nodes."""
    _check_no_blank_nodes(triples)
    return sorted(triples, key=str)


@dataclass
class Prepared:
    """A graph converted once for every serialisation: its triples written as N-Triples, the lines sorted, in a
    temporary file (`text`: `miggraph.ntriples`), the prefixes to declare and those to abbreviate with; and the
    triples written as Turtle, made once (the TriG dump begins with the same text as the Turtle dump, as the
    N-Quads dump with the N-Triples text).

    The triples are kept as that text, neither in memory nor as pyoxigraph objects, and parsed back, in Rust, each
    time they are read (`triples`); pyoxigraph's parser keeps lexical forms and datatypes as written."""

    text: TempText
    declared: dict[str, str]
    short: dict[str, str]
    _turtle: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def triples(self) -> Iterator[ox.Triple]:
        """The triples, sorted as their N-Triples lines sort, parsed as they are read (none of them is held)."""
        return (quad.triple for quad in ox.parse(self.text.open(), format=ox.RdfFormat.N_TRIPLES))

    def ntriples(self) -> bytes:
        """The triples as N-Triples, one a line, in order."""
        return self.text.read()

    def ntriples_chunks(self) -> Iterator[bytes]:
        """ntriples(), a piece at a time (for a file written as it is read)."""
        return self.text.chunks()

    def turtle(self) -> bytes:
        """The triples as Turtle, abbreviated with the short prefixes, without the @prefix lines."""
        if self._turtle is None:
            data = ox.serialize(self.triples, format=ox.RdfFormat.TURTLE, prefixes=self.short)
            self._turtle = without_prefixes(data or b"")
        return self._turtle

    def forget_turtle(self) -> None:
        """Let the Turtle text go (it is written again if asked for)."""
        self._turtle = None

    def close(self) -> None:
        """Let the N-Triples text go (its temporary file is removed); the object is not to be read after."""
        self._turtle = None
        self.text.close()

    @classmethod
    def of(cls, graph: Graph) -> Prepared:
        """Convert and sort the graph (raises ValueError on a blank node: the output would not be deterministic)."""
        texts = TermTexts()
        text = sorted_ntriples(graph, texts)
        declared, short = used_prefixes(graph, texts.spaces)
        return cls(text, declared, short)


class LazyPrepared:
    """Prepared.of(graph) when first called, the same object on later calls, until `release()` lets it go (a call
    after that converts the graph again)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.made: Prepared | None = None

    def __call__(self) -> Prepared:
        if self.made is None:
            self.made = Prepared.of(self.graph)
        return self.made

    def release(self) -> None:
        if self.made is not None:
            self.made.close()
        self.made = None

    def forget_turtle(self) -> None:
        """Prepared.forget_turtle, if the graph is converted."""
        if self.made is not None:
            self.made.forget_turtle()


def lazy_prepared(graph: Graph) -> LazyPrepared:
    """A function giving Prepared.of(graph), converting the graph on its first call only."""
    return LazyPrepared(graph)


def _prepared(graph: Graph, prepared: Prepared | None) -> Prepared:
    return prepared if prepared is not None else Prepared.of(graph)


def to_ntriples(graph: Graph, prepared: Prepared | None = None) -> str:
    """N-Triples, one triple a line, lines sorted (`prepared`: the graph already converted)."""
    return _prepared(graph, prepared).ntriples().decode("utf-8")


def to_turtle(graph: Graph, prepared: Prepared | None = None) -> str:
    """Turtle with the prefixes the graph uses, subjects in sorted order, a blank line between them.

    The order does not depend on load order, so two builds give the same bytes.
    """
    return turtle_bytes(graph, prepared).decode("utf-8")


def turtle_bytes(graph: Graph, prepared: Prepared | None = None) -> bytes:
    """to_turtle, UTF-8 encoded (with one copy of the text fewer)."""
    p = _prepared(graph, prepared)
    return with_prefix_header(p.turtle(), p.declared)


def jsonld_context(graph: Graph) -> dict:
    """The JSON-LD @context: the prefixes the graph uses."""
    ctx = {prefix: ns for prefix, ns in PREFIXES.items()}
    for prefix, ns in graph.namespaces():
        if prefix == "id":
            ctx["id"] = str(ns)
    return {"@context": dict(sorted(ctx.items()))}


_RDF_TYPE_KEY = re.compile(rb'"rdf:type":\[((?:\{"@id":"[^"]*"\},?)+)\]')
_TYPE_VALUE = re.compile(rb'\{"@id":("[^"]*")\}')


def compact_iris(data: bytes, context: dict, namespaces: Iterable[str] | None = None) -> bytes:
    """Expanded JSON-LD as pyoxigraph writes it (no white space) with every IRI that is a node id, a property or a
    datatype written as prefix:name by the context's prefixes, and rdf:type written as @type (`namespaces`: only
    those of the context's namespaces need looking for).

    In JSON text a `"` inside a string is always escaped, so `{"`, `,"`, `"@id":"` and `"@type":"` followed by
    a namespace occur only where a key, an @id or an @type value begins, never inside a literal's value."""
    wanted = None if namespaces is None else set(namespaces)
    for prefix, ns in sorted(context["@context"].items(), key=lambda kv: -len(kv[1])):
        if not isinstance(ns, str) or not ns.endswith(("/", "#")) or (wanted is not None and ns not in wanted):
            continue
        space, short = ns.encode(), prefix.encode() + b":"
        for lead in (b'{"', b',"', b'"@id":"', b'"@type":"'):
            if lead + space in data:  # a search is cheaper than a copy of the whole text
                data = data.replace(lead + space, lead + short)
    return _RDF_TYPE_KEY.sub(lambda m: b'"@type":[' + b",".join(_TYPE_VALUE.findall(m.group(1))) + b"]", data)


def to_jsonld(graph: Graph, context: dict, prepared: Prepared | None = None) -> str:
    """JSON-LD: the nodes sorted by @id, one a line, IRIs compacted by the context's prefixes, referencing the
    context file (`prepared`: the graph already converted)."""
    return jsonld_bytes(graph, context, prepared).decode("utf-8")


def jsonld_bytes(graph: Graph, context: dict, prepared: Prepared | None = None) -> bytes:
    """to_jsonld, UTF-8 encoded."""
    return b"".join(jsonld_pieces(graph, context, prepared))


def _whole_nodes(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The content of the top-level array of JSON-LD as pyoxigraph writes it (`[{"@id":...]},{"@id":...]}]`, no
    white space), given a piece at a time, in runs of whole nodes: each cut after the `]}` a node ends with, the comma
    between two runs left out. `]},{"@id":` is found only where a node begins (in a string a `"` is escaped)."""
    rest, opened = b"", False
    for piece in pieces:
        rest += piece
        if not opened:
            rest = rest.lstrip()
            if not rest:
                continue
            rest, opened = rest[1:], True  # the array's "["
        cut = rest.rfind(_BETWEEN_NODES)
        if cut >= 0:
            yield rest[: cut + 2]
            rest = rest[cut + 3:]
    rest = rest.rstrip()
    rest = rest[:-1] if rest.endswith(b"]") else rest
    if rest:
        yield rest


_BETWEEN_NODES = b']},{"@id":'


def jsonld_pieces(graph: Graph, context: dict, prepared: Prepared | None = None) -> Iterator[bytes]:
    """to_jsonld, UTF-8 encoded, a piece at a time: pyoxigraph writes the expanded JSON-LD into a temporary file,
    read back in runs of whole nodes (`_whole_nodes`), so that every IRI compact_iris compacts, and each node's
    rdf:type, is in one run."""
    p = _prepared(graph, prepared)
    head = f'{{"@context": "{CONTEXT_FILE}",\n "@graph": ['.encode()
    expanded = TempText()
    try:
        ox.serialize(p.triples, output=expanded, format=ox.RdfFormat.JSON_LD)
        namespaces = list(p.declared.values())
        runs = (compact_iris(run, context, namespaces).replace(_BETWEEN_NODES, b']},\n{"@id":')
                for run in _whole_nodes(expanded.chunks()))
        first = next(runs, None)
        if first is None:
            yield head + b"]}\n"
            return
        yield head + b"\n"
        yield first
        for run in runs:
            yield b",\n"
            yield run
        yield b"\n]}\n"
    finally:
        expanded.close()


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
    out_dir: Path, writers: dict[str, Render], progress: Callable[[str], None] | None = None,
    lane: Callable[[str], int] | None = None, beside: lanes.Beside | None = None,
) -> list[Path]:
    """Render every file into a fresh folder, keep other files of out/, then swap the folders.

    If any writer fails, out/ is left exactly as it was. `lane`, `beside`: render in lanes (see render_fresh).
    """
    tmp, written = render_fresh(out_dir, writers, progress, lane, beside=beside)
    try:
        swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return written


def render_fresh(
    out_dir: Path, writers: dict[str, Render], progress: Callable[[str], None] | None = None,
    lane: Callable[[str], int] | None = None, timed: lanes.Timed | None = None, beside: lanes.Beside | None = None,
) -> tuple[Path, list[Path]]:
    """Render every file into a fresh folder beside out_dir (out_dir itself is not touched): the folder and the
    paths the files will have once it is swapped in.

    `progress` is told each file's path (as it starts, or, for a file of another lane, once it is written);
    `timed`, each file's wall and CPU seconds. With `lane` (a file's path -> its lane), the files of lane 0 are
    rendered here and each other lane's in a forked process of its own (`miggraph.lanes`); the files are the same.
    `beside` is done in lane 1's process before its files (`lanes.Beside`); without lanes, here, first.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clear_interrupted(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-{os.getpid()}-", dir=out_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; out/ is for publishing
    try:
        if lane is not None and lanes.can_fork():
            lanes.render_in_lanes(tmp, writers, lane, progress, timed, beside)
        else:
            if beside is not None:
                beside.accept(beside.run())
            for rel in lanes.render_order(writers):
                lanes.render_one(tmp, rel, writers[rel], timed, progress)
        written = [out_dir / rel for rel in sorted(writers)]
        if out_dir.exists():
            _keep_others(out_dir, tmp)
        return tmp, written
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def swap_in(tmp: Path, out_dir: Path) -> None:
    """Replace out_dir by the rendered folder tmp with two renames (clear_interrupted undoes a kill between them)."""
    out_dir = out_dir.resolve()
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-{os.getpid()}-", dir=out_dir.parent))
        os.rename(out_dir, old / "out")
        os.rename(tmp, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, out_dir)


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


Render = lanes.Render  # a file's content: text, bytes, or its bytes a piece at a time


class _SharingWriter:
    """A writer of a group sharing something costly to hold: rendered before the other files (`render_order`), and
    the shared thing released once every writer of the group has rendered."""

    first = True

    def __init__(self, rel: str, render: Render, pending: set[str], release: Callable[[], None]) -> None:
        self.rel, self.render, self.pending, self.release = rel, render, pending, release

    def __call__(self) -> lanes.Content:
        try:
            content = self.render()
        except BaseException:
            self._done()
            raise
        if lanes.is_whole(content):
            self._done()
            return content
        return self._pieces(content)  # the file is written as its pieces come: released once all of them are

    def _pieces(self, content: Iterable[bytes]) -> Iterator[bytes]:
        try:
            yield from content
        finally:
            self._done()

    def _done(self) -> None:
        self.pending.discard(self.rel)
        if not self.pending:
            self.release()


def release_after(writers: dict[str, Render], paths: Iterable[str], release: Callable[[], None]) -> None:
    """Render the files of `paths` first, and call `release` once all of them are rendered (in this process: a
    lane that renders them releases its own copy)."""
    pending = set(paths) & set(writers)
    for rel in sorted(pending):
        writers[rel] = _SharingWriter(rel, writers[rel], pending, release)


def writers(graph: Graph, ontology_path: Path, prepared: Callable[[], Prepared] | None = None) -> dict[str, Render]:
    """The core serialisations: Turtle, N-Triples, JSON-LD (+ context) and the ontology, by path under out/
    (`prepared`: gives the graph converted once for every serialisation)."""
    context = jsonld_context(graph)
    prepared = prepared or lazy_prepared(graph)

    return {
        "miggraph.ttl": lambda: turtle_bytes(graph, prepared()),
        "miggraph.nt": lambda: prepared().ntriples_chunks(),
        "miggraph.jsonld": lambda: jsonld_pieces(graph, context, prepared()),
        CONTEXT_FILE: lambda: json.dumps(context, indent=1, sort_keys=True) + "\n",
        "ontology.ttl": lambda: ontology_path.read_bytes(),
    }


def export_all(graph: Graph, ontology_path: Path, out_dir: Path) -> list[Path]:
    """Write the core serialisations into out_dir, atomically."""
    return write_atomically(out_dir, writers(graph, ontology_path))
