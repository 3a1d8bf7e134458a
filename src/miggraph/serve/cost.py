"""A cheap static cost estimate of a query, from its tokens: light queries get a lane of their own.

The estimate reads the query's triple patterns and VALUES blocks (not the ones of a CONSTRUCT template),
joins them into groups by shared variables, and gives each group a size on a log10 scale: a pattern of
three variables matches every triple of the graph, one with a variable at both ends (a constant predicate)
a good part of it, one with a variable subject and a constant object (a class) fewer, one with a constant
subject a few triples, a VALUES block its number of rows,
a property path closure (``*``, ``+``) between two variables every pair of nodes. Groups that share no
variable are a cross product, so their sizes add up. A query whose estimate passes ``HEAVY_AT`` (about
ten million intermediate results), or that builds many strings, or has very many patterns, is heavy.
The estimate can be wrong both ways; the pool also watches how long a light query runs (see pool.py).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .lexer import Token, tokens

HEAVY_AT = 7.0  # log10 of the intermediate results past which a query is heavy
MAX_PATTERNS = 40
MAX_STRING_BUILDERS = 8
STRING_BUILDERS = frozenset({"CONCAT", "REPLACE", "STRUUID", "UUID", "ENCODE_FOR_URI", "SHA512", "SHA384", "SHA256"})
TERM_WORDS = frozenset({"A", "TRUE", "FALSE", "UNDEF"})
VAR_LIKE = frozenset({"var", "bnode", "anon"})
CLOSURE = frozenset({"*", "+"})


@dataclass(frozen=True)
class Estimate:
    """What the pool needs to schedule a query: heavy or not (and why), and a fingerprint of its text."""

    heavy: bool
    reason: str
    fingerprint: str
    score: float = 0.0


@dataclass
class _Node:
    """A triple pattern (with its predicate-object list) or a VALUES block: its variables and size (log10)."""

    variables: set[str]
    size: float
    full_scan: bool = False


@dataclass
class _Reader:
    """Walks the tokens once, collecting pattern nodes; brackets tell patterns from expressions."""

    graph_size: float
    nodes: list[_Node] = field(default_factory=list)
    builders: int = 0
    patterns: int = 0
    _stack: list[str] = field(default_factory=list)
    _current: list[Token] = field(default_factory=list)
    _prev: Token | None = None

    def in_pattern(self) -> bool:
        return bool(self._stack) and self._stack[-1] in ("{", "[", "path")

    def flush(self) -> None:
        if len(self._current) >= 3:
            self.nodes.append(_pattern(self._current, self.graph_size))
            self.patterns += 1
        self._current = []

    def read(self, toks: Sequence[Token]) -> None:
        i = 0
        while i < len(toks):
            token = toks[i]
            if token.kind == "word" and token.text.upper() == "VALUES":
                self.flush()
                node, i = _values(toks, i + 1)
                self.nodes.append(node)
                continue
            self.step(token)
            self._prev = token
            i += 1
        self.flush()

    def step(self, token: Token) -> None:
        if token.kind == "open":
            self.open(token)
        elif token.kind == "close":
            self.close(token)
        elif token.kind == "word" and token.text.upper() not in TERM_WORDS:
            self.builders += token.text.upper() in STRING_BUILDERS
            if self.in_pattern():
                self.flush()  # a keyword (FILTER, OPTIONAL, UNION, BIND ...) ends the pattern before it
        elif self.in_pattern():
            if token.kind == "punct" and token.text == ".":
                self.flush()
            else:
                self._current.append(token)

    def open(self, token: Token) -> None:
        prev = self._prev
        if token.text == "{":
            self.flush()
            template = prev is not None and prev.kind == "word" and prev.text.upper() == "CONSTRUCT"
            self._stack.append("template" if template else "{")
        elif token.text == "[":
            if self.in_pattern():
                self._current.append(Token("anon", "[]"))
            self._stack.append("[" if self.in_pattern() else "expr")
        else:
            called = prev is not None and prev.kind == "word" and prev.text.upper() not in TERM_WORDS
            path = self.in_pattern() and not called
            if path:
                self._current.append(token)
            self._stack.append("path" if path else "expr")

    def close(self, token: Token) -> None:
        if token.text == "}":
            self.flush()
        if self._stack:
            kind = self._stack.pop()
            if kind == "path":
                self._current.append(token)


def _pattern(toks: list[Token], graph_size: float) -> _Node:
    """A subject with its predicate-object list; sized by its first triple."""
    variables = {t.text.lstrip("?$") for t in toks if t.kind in ("var", "bnode")}
    end = next((i for i, t in enumerate(toks) if t.kind == "punct" and t.text in ";,"), len(toks))
    subject, predicate, obj = toks[0], toks[1:end - 1], toks[end - 1]
    ends_free = subject.kind in VAR_LIKE and obj.kind in VAR_LIKE
    if ends_free and any(t.kind == "punct" and t.text in CLOSURE for t in predicate):
        return _Node(variables, 2 * graph_size, full_scan=True)  # every pair of nodes may be joined by the path
    if ends_free and len(predicate) == 1 and predicate[0].kind in VAR_LIKE:
        return _Node(variables, graph_size, full_scan=True)
    if ends_free:
        return _Node(variables, 0.7 * graph_size)
    if subject.kind in VAR_LIKE:  # ?x a mig:Meeting: a class or a value may have many members
        return _Node(variables, 0.5 * graph_size)
    return _Node(variables, min(2.0, graph_size / 2))


def _values(toks: Sequence[Token], i: int) -> tuple[_Node, int]:
    """A VALUES block starting at toks[i] (after the keyword): its variables and log10 of its rows; the index after it."""
    variables: set[str] = set()
    single = i < len(toks) and toks[i].kind == "var"  # VALUES ?x { ... } rather than VALUES (?x ?y) { (...) ... }
    while i < len(toks) and toks[i].text != "{":
        if toks[i].kind == "var":
            variables.add(toks[i].text.lstrip("?$"))
        i += 1
    rows, depth = 0, 0
    i += 1
    while i < len(toks):
        t = toks[i]
        i += 1
        if t.kind == "open":
            depth += 1
            rows += not single and depth == 1
        elif t.kind == "close":
            if depth == 0:
                break
            depth -= 1
        elif single and depth == 0:
            rows += 1
    return _Node(variables, math.log10(max(rows, 1))), i


def _groups(nodes: list[_Node]) -> list[list[_Node]]:
    """Nodes joined into groups by shared variables."""
    groups: list[tuple[set[str], list[_Node]]] = []
    for node in nodes:
        joined = [g for g in groups if g[0] & node.variables]
        merged_vars, merged_nodes = set(node.variables), [node]
        for g in joined:
            merged_vars |= g[0]
            merged_nodes += g[1]
            groups.remove(g)
        groups.append((merged_vars, merged_nodes))
    return [g[1] for g in groups]


def _group_size(group: list[_Node], graph_size: float) -> float:
    """The largest node of a group, times a quarter of the graph's magnitude for each further full scan joined to it
    (joins through hubs such as rdf:type objects fan out)."""
    scans = sum(1 for n in group if n.full_scan)
    return max(n.size for n in group) + max(0, scans - 1) * graph_size / 4


def fingerprint(toks: Sequence[Token]) -> str:
    """A digest of the query's tokens (space and comments do not change it)."""
    return hashlib.blake2b("\x1f".join(t.text for t in toks).encode("utf-8", "replace"), digest_size=12).hexdigest()


def estimate(sparql: str, triples: int = 100_000) -> Estimate:
    """The static estimate of a (codepoint-unescaped) query over a graph of that many triples."""
    toks = list(tokens(sparql))
    reader = _Reader(graph_size=math.log10(max(triples, 10)))
    reader.read(toks)
    score = sum(_group_size(g, reader.graph_size) for g in _groups(reader.nodes))
    digest = fingerprint(toks)
    if reader.builders >= MAX_STRING_BUILDERS:
        return Estimate(True, f"it builds strings {reader.builders} times", digest, score)
    if reader.patterns > MAX_PATTERNS:
        return Estimate(True, f"it has {reader.patterns} triple patterns", digest, score)
    if score >= HEAVY_AT:
        return Estimate(True, f"about 10^{score:.0f} intermediate results", digest, score)
    return Estimate(False, "", digest, score)
