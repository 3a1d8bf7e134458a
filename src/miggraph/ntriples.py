"""The graph written once as N-Triples, its lines sorted, into a temporary file every dump and validation's store read.

`sorted_ntriples` writes the lines straight from the graph's subject index, each term's N-Triples text made once
(pyoxigraph writes it), and never holds a pyoxigraph Triple per triple (each holds its own copy of its terms'
strings: about half a gigabyte a million triples): subjects in the order of their text, then each subject's
predicates, then each predicate's objects. That is the order of the lines themselves: an IRI's text ends with
its only `>`, so one subject's or predicate's text never begins another's; and where one object's text begins
another's (`"a"` and `"a"@en`), what follows it in the longer is greater than the space that follows it in its line.

`TempText` keeps the text in an anonymous temporary file (the system lets it go with the process, however it
ends), which any number of readers read at once, each from its own position.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from operator import itemgetter
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .config import RDF, XSD
from .lookup import lookup
from .memstore import leaf_terms

CHUNK = 1 << 20  # bytes read or written at a time
_LANG_STRING = str(RDF.langString)


class _Reader(io.RawIOBase):
    """Reads a file from its start through its descriptor, at a position of its own (os.pread)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd, self.pos = fd, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = os.pread(self.fd, len(buffer), self.pos)
        buffer[: len(data)] = data
        self.pos += len(data)
        return len(data)


class TempText:
    """Text written once, a piece at a time, then read as often as wanted: in an anonymous temporary file where the
    system reads files at a position (os.pread), else in memory."""

    def __init__(self) -> None:
        self._file: BinaryIO = tempfile.TemporaryFile(prefix="miggraph-", suffix=".nt") if hasattr(os, "pread") \
            else io.BytesIO()  # type: ignore[assignment]
        self.size = 0

    def write(self, data: bytes) -> int:
        """Add data at the end (pyoxigraph may write into this as into a file); returns its length."""
        self._file.write(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self._file.flush()

    def open(self) -> BinaryIO:
        """A reader of the whole text, from its start."""
        self._file.flush()
        if isinstance(self._file, io.BytesIO):
            return io.BytesIO(self._file.getbuffer())
        return io.BufferedReader(_Reader(self._file.fileno()), CHUNK)  # type: ignore[return-value]

    def chunks(self) -> Iterator[bytes]:
        """The text, a piece at a time."""
        with self.open() as reader:
            while piece := reader.read(CHUNK):
                yield piece

    def read(self) -> bytes:
        with self.open() as reader:
            return reader.read()

    def close(self) -> None:
        self._file.close()


def _namespace(iri: str) -> str:
    return iri[: max(iri.rfind("#"), iri.rfind("/")) + 1]


class TermTexts:
    """Each rdflib term's N-Triples text, made once (by the identity of the object: rdflib terms hash slowly; the
    graph holds every term, so no identity is reused while this lives), and the namespaces of the IRIs and datatypes
    met (`spaces`). Refuses blank nodes: rdflib's blank node ids change from run to run, so output with them would
    not be deterministic."""

    def __init__(self) -> None:
        self.texts: dict[int, str] = {}
        self.spaces: set[str] = set()
        self._datatypes: dict[str | None, ox.NamedNode] = {None: ox.NamedNode(str(XSD.string))}

    def __call__(self, term: Node) -> str:
        text = self.texts.get(id(term))
        if text is None:
            text = self.texts[id(term)] = self._text(term)
        return text

    def _text(self, term: Node) -> str:
        if isinstance(term, URIRef):
            self.spaces.add(_namespace(term))  # type: ignore[arg-type]
            return str(ox.NamedNode(term))  # type: ignore[arg-type]
        if isinstance(term, Literal):
            if term.language:
                self.spaces.add(_namespace(_LANG_STRING))
                return str(ox.Literal(term, language=term.language))
            dt = term.datatype
            datatype = self._datatypes.get(dt) or self._datatypes.setdefault(dt, ox.NamedNode(dt))
            self.spaces.add(_namespace(datatype.value))
            return str(ox.Literal(term, datatype=datatype))
        if isinstance(term, BNode):
            raise ValueError(f"blank node {term.n3()}: the exports are deterministic only for graphs without blank nodes")
        raise TypeError(f"not an RDF term: {term!r}")


def sorted_ntriples(graph: Graph, texts: TermTexts | None = None) -> TempText:
    """The graph's triples as N-Triples, one a line, the lines sorted (see the module's text), in a temporary file;
    `texts` is left holding every term's text and the namespaces met (raises ValueError on a blank node)."""
    texts = texts if texts is not None else TermTexts()
    out = TempText()
    spo = lookup(graph).subject_index()
    if spo is None:  # a graph answered through its own methods: grouped here
        grouped: dict[Node, dict[Node, dict[Node, None]]] = {}
        for s, p, o in graph:
            grouped.setdefault(s, {}).setdefault(p, {})[o] = None
        spo = grouped  # type: ignore[assignment]
    lines: list[str] = []
    for subject_text, po in sorted(((texts(s), po) for s, po in spo.items()), key=itemgetter(0)):
        head = subject_text + " "
        for predicate_text, objects in sorted(((texts(p), objects) for p, objects in po.items()), key=itemgetter(0)):
            start = head + predicate_text + " "
            lines.extend(sorted(start + texts(o) + " .\n" for o in leaf_terms(objects)))
        if len(lines) >= 20_000:
            out.write("".join(lines).encode("utf-8"))
            lines.clear()
    out.write("".join(lines).encode("utf-8"))
    out.flush()  # all of it in the file: a process forked later shares the file, not this one's buffer
    return out
