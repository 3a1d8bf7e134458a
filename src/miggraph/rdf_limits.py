"""Bounds a user's RDF file must keep before a parser sees it: nesting depth, and JSON-LD prefix chains.

The RDF parsers recurse on nesting (pyoxigraph's JSON-LD parser crashes the process, without a message, on a few
thousand nested objects or a chain of a few thousand prefixes each defined by the one before). So `check_file`
measures, before parsing:

- the nesting of brackets: in Turtle and TriG `[ ]`, `( )`, `{ }` and the `<< >>` of RDF 1.2 triple terms, read by
  a scanner that skips strings, IRIs, escapes and comments; in N-Triples and N-Quads the triple terms; in JSON-LD
  objects and arrays, skipping strings;
- in JSON-LD, the longest chain of term definitions in its `@context`s, each term defined through another one
  (`"p2": "p1:"`, `"p1": "p0:"` ...), and the depth of its JSON.

A file past a bound raises `LimitError`, naming the file, the line and the option that sets the bound. The scan
reads the file through a memory map (nothing is copied) and also notes the line of the first triple term.
"""

from __future__ import annotations

import json
import mmap
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import shown

MAX_DEPTH = 500  # nesting of brackets / JSON containers; the parsers crash somewhere past 3,000
MAX_PREFIX_CHAIN = 100  # term definitions, each through another; real contexts chain two or three


class LimitError(ValueError):
    """A file passes one of the bounds of `Limits`; the message says where and which option sets it."""


@dataclass(frozen=True)
class Limits:
    """The bounds on a user's RDF file."""

    max_depth: int = MAX_DEPTH
    max_prefix_chain: int = MAX_PREFIX_CHAIN


@dataclass(frozen=True)
class Scan:
    """What the scan of a file found: its deepest nesting, and the line of its first triple term (or None)."""

    depth: int
    triple_term_line: int | None


_TURTLE_TOKENS = re.compile(rb"""
    \#[^\r\n]*                                      # comment
  | \"\"\"(?:\"{0,2}(?:[^"\\]|\\.))*\"\"\"         # long strings
  | '''(?:'{0,2}(?:[^'\\]|\\.))*'''
  | "(?:[^"\\\r\n]|\\.)*"                           # strings
  | '(?:[^'\\\r\n]|\\.)*'
  | (?P<open><<|\{[ \t\r\n]*\||[\[({])               # << and {| (RDF 1.2 annotations) make triple terms
  | (?P<close>>>|[\])}])
  | <[^<>"{}|^`\\\x00-\x20]*>                       # IRI
  | \\.                                             # an escaped character of a local name
  | (?P<reifier>~)                                  # an RDF 1.2 reifier: a triple term too
""", re.VERBOSE | re.DOTALL)
_NTRIPLES_TOKENS = re.compile(rb"""
    \#[^\r\n]*
  | "(?:[^"\\\r\n]|\\.)*"
  | (?P<open><<)
  | (?P<close>>>)
  | <[^<>"{}|^`\\\x00-\x20]*>
""", re.VERBOSE | re.DOTALL)
_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|(?P<open>[\[{])|(?P<close>[\]}])', re.DOTALL)

TURTLE_LIKE = {".ttl", ".turtle", ".trig"}
NTRIPLES_LIKE = {".nt", ".ntriples", ".nq"}
JSON_LIKE = {".jsonld", ".json"}


def check_file(path: Path, limits: Limits = Limits()) -> Scan:  # noqa: B008 - a frozen dataclass
    """Check `path` against `limits` before it is parsed; raise LimitError if it passes one."""
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        return Scan(0, None)
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if suffix in TURTLE_LIKE:
            return _nesting(path, data, _TURTLE_TOKENS, limits.max_depth)
        if suffix in NTRIPLES_LIKE:  # nothing nests but triple terms: no scan without one
            return _nesting(path, data, _NTRIPLES_TOKENS, limits.max_depth) if data.find(b"<<") >= 0 else Scan(0, None)
        if suffix in JSON_LIKE:
            scan = _nesting(path, data, _JSON_TOKENS, limits.max_depth, what="JSON objects and arrays")
            _check_prefix_chains(path, data, limits.max_prefix_chain)
            return Scan(scan.depth, None)
    return Scan(0, None)


def _line_of(data: mmap.mmap, position: int) -> int:
    return data[:position].count(b"\n") + 1


def _makes_triple_term(match: re.Match[bytes]) -> bool:
    """True for the tokens of RDF 1.2 that make a triple term: <<, {| and ~."""
    opening = match.group("open")
    if opening:
        return opening == b"<<" or opening.endswith(b"|")
    return "reifier" in match.re.groupindex and match.group("reifier") is not None


def _nesting(path: Path, data: mmap.mmap, tokens: re.Pattern[bytes], limit: int, what: str = "brackets") -> Scan:
    """The deepest nesting of the opening and closing tokens of `tokens` (strings and IRIs skipped)."""
    depth = deepest = 0
    first_triple_term = None
    for match in tokens.finditer(data):  # type: ignore[call-overload]
        if first_triple_term is None and _makes_triple_term(match):
            first_triple_term = match.start()
        if match.group("open"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if depth > limit:
                    raise LimitError(f"{path}:{_line_of(data, match.start())}: {what} nested more than {limit} deep "
                                     f"(a limit of miggraph validate: --max-depth)")
        elif match.group("close"):
            depth = max(0, depth - 1)
    line = _line_of(data, first_triple_term) if first_triple_term is not None else None
    return Scan(deepest, line)


# ---------------------------------------------------------------------------
# JSON-LD contexts
# ---------------------------------------------------------------------------


def _check_prefix_chains(path: Path, data: mmap.mmap, limit: int) -> None:
    try:
        document = json.loads(data[:])
    except (ValueError, RecursionError):
        return  # not JSON: the parser gives the syntax error with its line
    edges: dict[str, set[str]] = {}
    for context in _contexts(document):
        _add_definitions(context, edges)
    length, term = _longest_chain(edges)
    if length > limit:
        raise LimitError(f"{path}: in the JSON-LD @context, term {shown(term)} expands through a chain of {length:,} "
                         f"terms, each defined by another: more than {limit} (a limit of miggraph validate: "
                         "--max-prefix-chain)")


def _contexts(document: Any) -> Iterator[dict[str, Any]]:
    """Every context object of the document: top-level, embedded, scoped, inside arrays of contexts."""
    todo = [document]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            context = node.get("@context")
            for ctx in context if isinstance(context, list) else [context]:
                if isinstance(ctx, dict):
                    yield ctx
            todo.extend(node.values())


def _references(value: str) -> Iterator[str]:
    """The terms an IRI written in a context may be expanded through: its prefix, or the whole value."""
    prefix, colon, suffix = value.partition(":")
    if not colon:
        yield value
    elif prefix != "_" and not suffix.startswith("//"):
        yield prefix


def _add_definitions(context: dict[str, Any], edges: dict[str, set[str]]) -> None:
    for term, definition in context.items():
        if term.startswith("@") and term != "@vocab":
            continue
        targets = edges.setdefault(term, set())
        if ":" in term:
            targets.update(_references(term))
        values = [definition] if isinstance(definition, str) else (
            [definition.get(k) for k in ("@id", "@reverse", "@type")] if isinstance(definition, dict) else [])
        for value in values:
            if isinstance(value, str) and not value.startswith("@"):
                targets.update(ref for ref in _references(value) if ref != term)


def _longest_chain(edges: dict[str, set[str]]) -> tuple[int, str]:
    """The most terms one term is defined through, each by the next (cycles cut), and that term."""
    memo: dict[str, int] = {}
    for start in edges:
        if start in memo:
            continue
        stack = [(start, iter(edges[start]))]
        on_path = {start}
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                memo[node] = max((1 + memo[c] for c in edges[node] if c in memo), default=0)
            elif child not in memo and child not in on_path:
                if child in edges:
                    stack.append((child, iter(edges[child])))
                    on_path.add(child)
                else:
                    memo[child] = 0
    if not memo:
        return 0, ""
    term = max(memo, key=lambda t: (memo[t], t))
    return memo[term], term
