"""The store the built graph lives in: rdflib's in-memory store, its indexes in a sixth of the memory.

rdflib's SimpleMemory keeps three indexes (subject → predicate → object, predicate → object → subject, object →
subject → predicate), each ending in a dictionary per pair even when that pair has one term, which is most of
them: about 700 bytes a triple on today's graph. `CompactMemory` keeps two of them (subject → predicate → objects,
predicate → object → subjects) and ends each in the term itself while there is one, in an ordered dictionary of
terms once there are more: about 110 bytes a triple. A pattern with only its object given is answered by asking
each predicate's index for that object (a graph has a few hundred predicates). Triples come out in the order
SimpleMemory gives them (with only the object given: grouped by predicate, not by subject), so everything written
from the graph is the same.

It is a plain rdflib store (`Graph(store=CompactMemory())`): the graph's methods, rdflib's SPARQL engine and
parsers work on it unchanged; `miggraph.lookup` reads its indexes directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

Leaf = Any  # one term, or a dict whose keys are the terms (in the order they were added)
Index = dict[Node, dict[Node, Leaf]]

_NO_CONTEXTS: tuple[()] = ()


def leaf_terms(leaf: Leaf) -> Iterable[Node]:
    """The terms at the end of an index: the one term, or each of several (nothing for None)."""
    if leaf is None:
        return ()
    return leaf if type(leaf) is dict else (leaf,)


def _snapshot(leaf: Leaf) -> tuple[Node, ...]:
    """The terms at the end of an index, copied (so the store may change while they are read)."""
    if leaf is None:
        return ()
    return tuple(leaf) if type(leaf) is dict else (leaf,)


def leaf_size(leaf: Leaf) -> int:
    """How many terms are at the end of an index."""
    return len(leaf) if type(leaf) is dict else 1


def leaf_has(leaf: Leaf, term: Node) -> bool:
    """Whether a term is at the end of an index (None holds nothing)."""
    if type(leaf) is dict:
        return term in leaf
    return leaf is not None and leaf == term


def _insert(index: Index, a: Node, b: Node, c: Node) -> bool:
    """Add c at index[a][b]; False when it was there already."""
    inner = index.get(a)
    if inner is None:
        index[a] = {b: c}
        return True
    leaf = inner.get(b)
    if leaf is None:
        inner[b] = c
    elif type(leaf) is dict:
        if c in leaf:
            return False
        leaf[c] = None
    elif leaf == c:
        return False
    else:
        inner[b] = {leaf: None, c: None}
    return True


def _delete(index: Index, a: Node, b: Node, c: Node) -> None:
    """Take c from index[a][b], dropping what is left empty."""
    inner = index[a]
    leaf = inner[b]
    if type(leaf) is dict:
        del leaf[c]
        if len(leaf) == 1:
            inner[b] = next(iter(leaf))
        return
    del inner[b]
    if not inner:
        del index[a]


class CompactMemory(SimpleMemory):
    """An in-memory store of one graph without contexts (see the module's doc). Namespace bindings are
    SimpleMemory's."""

    def __init__(self, configuration: str | None = None, identifier: Node | None = None) -> None:
        super().__init__(configuration, identifier)
        self.spo: Index = {}
        self.pos: Index = {}
        self.count = 0

    def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
        """Add a triple (nothing happens if the store holds it)."""
        s, p, o = triple
        if _insert(self.spo, s, p, o):
            _insert(self.pos, p, o, s)
            self.count += 1

    def addN(self, quads: Iterable[Any]) -> None:  # noqa: N802 (rdflib's name)
        """Add each (s, p, o, context) quad's triple."""
        for s, p, o, _ in quads:
            self.add((s, p, o))

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        """Remove every triple matching the pattern."""
        for (s, p, o), _ in list(self.triples(triple_pattern)):
            _delete(self.spo, s, p, o)
            _delete(self.pos, p, o, s)
            self.count -= 1

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[tuple[Node, Node, Node], Any]]:
        """Every triple matching the pattern (None for any term), each with no contexts."""
        for triple in self.matching(*triple_pattern):
            yield triple, _NO_CONTEXTS

    def matching(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[tuple[Node, Node, Node]]:
        """Every triple matching the pattern (None for any term). What it reads is copied a part at a time, so
        triples may be removed or added while it runs (as rdflib's SPARQL Update does): each is then given or not,
        never twice."""
        if s is not None:
            po = self.spo.get(s)
            if po is None:
                return
            if p is not None:
                if o is None:
                    yield from ((s, p, x) for x in _snapshot(po.get(p)))
                elif leaf_has(po.get(p), o):
                    yield s, p, o
                return
            for q, leaf in tuple(po.items()):
                if o is None:
                    yield from ((s, q, x) for x in _snapshot(leaf))
                elif leaf_has(leaf, o):
                    yield s, q, o
        elif p is not None:
            os_ = self.pos.get(p)
            if os_ is None:
                return
            if o is not None:
                yield from ((x, p, o) for x in _snapshot(os_.get(o)))
                return
            for x, leaf in tuple(os_.items()):
                yield from ((y, p, x) for y in _snapshot(leaf))
        elif o is not None:
            for q, os_ in tuple(self.pos.items()):
                yield from ((x, q, o) for x in _snapshot(os_.get(o)))
        else:
            for x, po in tuple(self.spo.items()):
                for q, leaf in tuple(po.items()):
                    yield from ((x, q, y) for y in _snapshot(leaf))

    def __len__(self, context: Any = None) -> int:
        return self.count
