"""Reading curated YAML: every scalar a string, line numbers kept, duplicate keys refused, aliases bounded.

An alias stands for the whole node it names, so a few hundred bytes of nested aliases can stand for billions of
nodes (a "billion laughs"). The composer counts the nodes of each document as if every alias were written out,
and refuses a document past `max_nodes()` (MIGGRAPH_YAML_MAX_NODES, default 100,000; the largest curated file has
under 5,000), naming the file and the line of the anchored node whose aliases pass the bound. The document is
composed by libyaml's parser (PyYAML's own when it was built without it) and checked before anything is
constructed from it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from .errors import InputError, Problem

MAX_NODES = 100_000
MAX_NODES_ENV = "MIGGRAPH_YAML_MAX_NODES"


def max_nodes() -> int:
    """The bound on the nodes of one document, aliases written out: MIGGRAPH_YAML_MAX_NODES or 100,000."""
    value = os.environ.get(MAX_NODES_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else MAX_NODES


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based) and of itself."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers its line."""

    line: int = 0


class TooManyNodesError(yaml.MarkedYAMLError):
    """The document, its aliases written out, has more nodes than the bound."""


try:  # libyaml's parser when PyYAML was built with it, else PyYAML's own
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


class _Loader(_Parser, yaml.constructor.BaseConstructor, yaml.resolver.BaseResolver):
    """A BaseLoader on libyaml's parser; the composed document is checked against the bound before construction."""

    def __init__(self, stream: str, limit: int = MAX_NODES) -> None:
        _Parser.__init__(self, stream)
        yaml.constructor.BaseConstructor.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)
        self.limit = limit

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _check_bound(node, self.limit)
        return self.construct_document(node)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _expanded_sizes(root: Node) -> dict[int, int]:
    """id(node) -> its nodes with every alias written out (a node inside itself, a cycle, counts 1 there)."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            sizes[key] = 1 + sum(sizes.get(id(c), 1) for c in _children(node))
        elif key not in sizes and key not in open_:
            open_.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in _children(node) if id(c) not in sizes and id(c) not in open_)
    return sizes


def _check_bound(root: Node, limit: int) -> None:
    """Refuse a document whose nodes, aliases written out, pass the limit, at the node where the count passes it."""
    sizes = _expanded_sizes(root)
    if sizes[id(root)] <= limit:
        return
    seen: set[int] = set()
    count = 0
    stack = [root]
    while stack:  # document order: a node met again (an alias) counts all it stands for, at its own mark
        node = stack.pop()
        again = id(node) in seen
        seen.add(id(node))
        count += sizes[id(node)] if again else 1
        if count > limit:
            raise TooManyNodesError(
                None, None, f"with its aliases written out, the document passes {limit:,} nodes "
                f"(a limit: {MAX_NODES_ENV}); write the values out or use fewer aliases", node.start_mark)
        if not again:
            stack.extend(reversed(_children(node)))


def _construct_mapping(loader: _Loader, node: MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain strings", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path, display: str | None = None) -> Any:
    """Parse a YAML file; syntax errors become an InputError naming line and column."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(name, None, None, f"cannot read file: {exc}")]) from exc
    limit = max_nodes()
    try:
        loader = _Loader(text, limit)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except TooManyNodesError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError([Problem(name, line, None, str(exc.problem))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        problem = exc.problem or str(exc)
        raise InputError([Problem(name, line, None, f"YAML syntax error{col}: {problem}")]) from exc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: no mark, but its position
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problem = f"unacceptable character #x{exc.character:04x}" if isinstance(exc.character, int) else exc.reason
        raise InputError([Problem(name, line, None, f"YAML syntax error, column {col}: {problem}")]) from exc
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, None, None, f"YAML error: {exc}")]) from exc
