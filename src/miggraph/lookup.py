"""Pattern lookups on the built graph without rdflib's per-call overhead.

The loader holds the graph in a `CompactMemory` store (`miggraph.memstore`), which keeps two indexes of its
triples (subject → predicate → objects, predicate → object → subjects), built once as the triples are added.
Every `Graph.value`, `Graph.objects` or `Graph.subjects` call goes through generators that also work out each
triple's contexts, which costs more than the lookup itself: at a million triples the site, VoID, the support
check and validation spent most of their time there. A `Lookup` reads those indexes directly, for a plain
`Graph` over that store; any other graph is answered through its own methods, with the same results. It holds
no copy: what it answers is the graph as it is when asked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from .memstore import CompactMemory, Index, leaf_has, leaf_size, leaf_terms

_EMPTY: dict[Any, Any] = {}


class Lookup:
    """Triple patterns answered from the indexes of the graph's store (see the module's doc)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        store = graph.store
        direct = type(graph) is Graph and type(store) is CompactMemory
        self._spo: Index | None = store.spo if direct else None
        self._pos: Index = store.pos if direct else {}

    def subject_index(self) -> Index | None:
        """The store's subject → predicate → objects index itself (not to be changed; read the objects with
        `memstore.leaf_terms`), or None for a graph answered through its own methods."""
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
        return list(leaf_terms(self._spo.get(s, _EMPTY).get(p)))

    def value(self, s: Node, p: Node) -> Node | None:
        """One object of (s, p, ?) (the first the graph gives), or None."""
        if self._spo is None:
            return self.graph.value(s, p)
        for o in leaf_terms(self._spo.get(s, _EMPTY).get(p)):
            return o
        return None

    def subjects(self, p: Node, o: Node) -> list[Node]:
        """The subjects of (?, p, o)."""
        if self._spo is None:
            return list(self.graph.subjects(p, o))
        return list(leaf_terms(self._pos.get(p, _EMPTY).get(o)))

    def subject_objects(self, p: Node) -> list[tuple[Node, Node]]:
        """Every (s, o) of (?, p, ?)."""
        if self._spo is None:
            return list(self.graph.subject_objects(p))
        return [(s, o) for o, subjects in self._pos.get(p, _EMPTY).items() for s in leaf_terms(subjects)]

    def predicate_objects(self, s: Node) -> list[tuple[Node, Node]]:
        """Every (p, o) of (s, ?, ?)."""
        if self._spo is None:
            return list(self.graph.predicate_objects(s))
        return [(p, o) for p, objects in self._spo.get(s, _EMPTY).items() for o in leaf_terms(objects)]

    def subject_predicates(self, o: Node) -> list[tuple[Node, Node]]:
        """Every (s, p) of (?, ?, o)."""
        if self._spo is None:
            return list(self.graph.subject_predicates(o))
        found: list[tuple[Node, Node]] = []
        for p, objects in self._pos.items():  # each predicate's index, asked for o (a graph has a few hundred)
            subjects = objects.get(o)
            if subjects is not None:
                found.extend((s, p) for s in leaf_terms(subjects))
        return found

    def contains(self, s: Node, p: Node, o: Node) -> bool:
        """Whether the triple is in the graph."""
        if self._spo is None:
            return (s, p, o) in self.graph
        return leaf_has(self._spo.get(s, _EMPTY).get(p), o)

    def subject_counts(self) -> dict[Node, int]:
        """Each subject with the number of triples it is the subject of."""
        if self._spo is None:
            return self._counted(0)
        return {s: sum(map(leaf_size, po.values())) for s, po in self._spo.items()}

    def predicate_counts(self) -> dict[Node, int]:
        """Each predicate with the number of triples it is the predicate of."""
        if self._spo is None:
            return self._counted(1)
        return {p: sum(map(leaf_size, os_.values())) for p, os_ in self._pos.items()}

    def _counted(self, position: int) -> dict[Node, int]:
        """The terms at `position` of the triples with their numbers of triples, counted through the graph."""
        return dict(Counter(t[position] for t in self.graph))

    def distinct_objects(self) -> set[Node]:
        """Every term that is the object of some triple."""
        if self._spo is None:
            return set(self.graph.objects())
        return {o for os_ in self._pos.values() for o in os_}

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """Every triple, grouped by subject (one pass over the subject index). Not to be used while the graph
        changes."""
        if self._spo is None:
            yield from self.graph
            return
        for s, po in self._spo.items():
            for p, objects in po.items():
                for o in leaf_terms(objects):
                    yield s, p, o


def lookup(graph: Graph) -> Lookup:
    """The graph's Lookup, made once per graph object and kept with it."""
    found = graph.__dict__.get("_miggraph_lookup")
    if not isinstance(found, Lookup):
        found = graph.__dict__["_miggraph_lookup"] = Lookup(graph)
    return found
