"""Pattern lookups on the built graph without rdflib's per-call overhead.

rdflib's in-memory stores (Memory, and SimpleMemory, which the loader uses: one graph needs no contexts) keep
three indexes of their triples (subject → predicate → object, predicate → object → subject, object → subject →
predicate), built once as the triples are added. Every `Graph.value`,
`Graph.objects` or `Graph.subjects` call goes through generators that also work out each triple's contexts, which
costs more than the lookup itself: at a million triples the site, VoID, the support check and validation spent
most of their time there. A `Lookup` reads those indexes directly, for a plain `Graph` over the in-memory store;
any other graph is answered through its own methods, with the same results. It holds no copy: what it answers is
the graph as it is when asked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory, SimpleMemory
from rdflib.term import Node

_EMPTY: dict[Any, Any] = {}


class Lookup:
    """Triple patterns answered from the indexes of the graph's store (see the module's doc)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        store = graph.store
        kind = type(store).__name__
        direct = type(graph) is Graph and type(store) in (Memory, SimpleMemory) and store.__len__() == len(graph)
        self._spo: dict[Node, dict[Node, dict[Node, int]]] | None = getattr(store, f"_{kind}__spo") if direct else None
        self._pos: dict[Node, dict[Node, dict[Node, int]]] = getattr(store, f"_{kind}__pos") if direct else {}
        self._osp: dict[Node, dict[Node, dict[Node, int]]] = getattr(store, f"_{kind}__osp") if direct else {}

    def subject_index(self) -> dict[Node, dict[Node, dict[Node, int]]] | None:
        """The store's subject → predicate → object index itself (not to be changed), or None for a graph answered
        through its own methods."""
        return self._spo

    @property
    def holds_terms(self) -> bool:
        """Whether every term answered is an object the graph holds (so its identity names it while the graph
        lives): true when reading the in-memory indexes."""
        return self._spo is not None

    def objects(self, s: Node, p: Node) -> list[Node]:
        """The objects of (s, p, ?), in the order the graph gives them."""
        if self._spo is None:
            return list(self.graph.objects(s, p))
        return list(self._spo.get(s, _EMPTY).get(p, _EMPTY))

    def value(self, s: Node, p: Node) -> Node | None:
        """One object of (s, p, ?) (the first the graph gives), or None."""
        if self._spo is None:
            return self.graph.value(s, p)
        for o in self._spo.get(s, _EMPTY).get(p, _EMPTY):
            return o
        return None

    def subjects(self, p: Node, o: Node) -> list[Node]:
        """The subjects of (?, p, o)."""
        if self._spo is None:
            return list(self.graph.subjects(p, o))
        return list(self._pos.get(p, _EMPTY).get(o, _EMPTY))

    def subject_objects(self, p: Node) -> list[tuple[Node, Node]]:
        """Every (s, o) of (?, p, ?)."""
        if self._spo is None:
            return list(self.graph.subject_objects(p))
        return [(s, o) for o, subjects in self._pos.get(p, _EMPTY).items() for s in subjects]

    def predicate_objects(self, s: Node) -> list[tuple[Node, Node]]:
        """Every (p, o) of (s, ?, ?)."""
        if self._spo is None:
            return list(self.graph.predicate_objects(s))
        return [(p, o) for p, objects in self._spo.get(s, _EMPTY).items() for o in objects]

    def subject_predicates(self, o: Node) -> list[tuple[Node, Node]]:
        """Every (s, p) of (?, ?, o)."""
        if self._spo is None:
            return list(self.graph.subject_predicates(o))
        return [(s, p) for s, predicates in self._osp.get(o, _EMPTY).items() for p in predicates]

    def contains(self, s: Node, p: Node, o: Node) -> bool:
        """Whether the triple is in the graph."""
        if self._spo is None:
            return (s, p, o) in self.graph
        return o in self._spo.get(s, _EMPTY).get(p, _EMPTY)

    def subject_counts(self) -> dict[Node, int]:
        """Each subject with the number of triples it is the subject of."""
        return self._counts(self._spo, 0)

    def predicate_counts(self) -> dict[Node, int]:
        """Each predicate with the number of triples it is the predicate of."""
        return self._counts(self._pos, 1)

    def _counts(self, index: dict[Node, dict[Node, dict[Node, int]]] | None, position: int) -> dict[Node, int]:
        """The terms at `position` of the triples with their numbers of triples, from the index keyed by them."""
        if self._spo is None or index is None:
            return dict(Counter(t[position] for t in self.graph))
        found = {k: sum(len(inner) for inner in nested.values()) for k, nested in index.items()}
        return {k: n for k, n in found.items() if n}

    def distinct_objects(self) -> set[Node]:
        """Every term that is the object of some triple."""
        if self._spo is None:
            return set(self.graph.objects())
        return {o for o, sp in self._osp.items() if any(sp.values())}

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """Every triple, grouped by subject (one pass over the subject index). Not to be used while the graph
        changes."""
        if self._spo is None:
            yield from self.graph
            return
        for s, po in self._spo.items():
            for p, objects in po.items():
                for o in objects:
                    yield s, p, o


def lookup(graph: Graph) -> Lookup:
    """The graph's Lookup, made once per graph object and kept with it."""
    found = graph.__dict__.get("_miggraph_lookup")
    if not isinstance(found, Lookup):
        found = graph.__dict__["_miggraph_lookup"] = Lookup(graph)
    return found
