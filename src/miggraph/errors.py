"""Errors raised for bad input: each names the file, the line and the field.

A message shows a value of the input through `shown`, which cuts it to `VALUE_LIMIT` characters whatever its size
or nesting; a Problem also cuts its whole message to `MESSAGE_LIMIT` characters and its field to `VALUE_LIMIT`,
so that no input, however large, makes a large error message.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass
from typing import Any

VALUE_LIMIT = 200  # characters of one value shown in a message
MESSAGE_LIMIT = 1000  # characters of one message
ELLIPSIS = "…"


def clip(text: str, limit: int = VALUE_LIMIT) -> str:
    """`text` cut to `limit` characters, the cut marked by an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


class _BoundedRepr(reprlib.Repr):
    """repr() that reads a bounded part of a value: a few items of each container, a few levels, long strings cut."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxdict = self.maxlist = self.maxtuple = self.maxset = 6
        self.maxstring = self.maxother = VALUE_LIMIT
        self.maxlong = 60

    def repr_str(self, x: str, level: int) -> str:
        return clip(repr(x[: self.maxstring + 1]), self.maxstring)

    # the line-keeping containers of yamlio are dicts and lists: shown as such, not by their full repr()
    def repr_LineDict(self, x: dict[Any, Any], level: int) -> str:  # noqa: N802 - reprlib's naming
        return self.repr_dict(x, level)

    def repr_LineList(self, x: list[Any], level: int) -> str:  # noqa: N802 - reprlib's naming
        return self.repr_list(x, level)


_REPR = _BoundedRepr()


def shown(value: object, limit: int = VALUE_LIMIT) -> str:
    """A value of the input as a message shows it: its repr, reading and showing at most `limit` characters."""
    return clip(_REPR.repr(value), limit)


@dataclass(frozen=True)
class Problem:
    """One problem in one input file."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", clip(self.message, MESSAGE_LIMIT))
        if self.field is not None:
            object.__setattr__(self, "field", clip(self.field, VALUE_LIMIT))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f" field '{self.field}':" if self.field else ""
        return f"{where}:{what} {self.message}"


class InputError(Exception):
    """The input data is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown_ = "\n".join(str(p) for p in problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the input:\n{shown_}{more}")
