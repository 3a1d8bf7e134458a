"""Reading curated YAML: every scalar a string, line numbers kept, duplicate keys refused, aliases bounded.

An alias stands for the whole node it names, so a few hundred bytes of nested aliases can stand for billions of
nodes (a "billion laughs"). The composer counts the nodes of each document as if every alias were written out,
and refuses a document past `max_nodes()` (MIGGRAPH_YAML_MAX_NODES, default 100,000; the largest curated file has
under 5,000), naming the file and the line of the alias that passes the bound.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
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


class _Loader(yaml.BaseLoader):
    """BaseLoader whose composer counts the nodes of the document with every alias expanded."""

    def __init__(self, stream: str, limit: int = MAX_NODES) -> None:
        super().__init__(stream)
        self.limit = limit
        self.expanded = 0  # nodes of the document so far, each alias counted as the nodes it stands for
        self.sizes: dict[int, int] = {}  # id(node) -> its nodes, aliases expanded (the nodes stay alive meanwhile)

    def compose_document(self) -> Node | None:
        self.expanded, self.sizes = 0, {}
        return super().compose_document()  # type: ignore[no-any-return]

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            target = self.anchors.get(event.anchor)
            self._count(self.sizes.get(id(target), 1), event)  # an anchor still being composed (a cycle) counts 1
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        before = self.expanded
        self._count(1, event)
        node = super().compose_node(parent, index)
        self.sizes[id(node)] = self.expanded - before
        return node  # type: ignore[no-any-return]

    def _count(self, nodes: int, event: yaml.Event) -> None:
        self.expanded += nodes
        if self.expanded > self.limit:
            raise TooManyNodesError(
                None, None, f"with its aliases written out, the document passes {self.limit:,} nodes "
                f"(a limit: {MAX_NODES_ENV}); write the values out or use fewer aliases", event.start_mark)


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
