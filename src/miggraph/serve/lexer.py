"""A small, linear SPARQL scanner: the tokens of a query text, with comments, strings and IRIs each read as one token.

It checks limits before any parser sees the text (how deeply brackets nest) and feeds the static cost estimate.
Each alternative of its pattern reads in time linear in what it matches: a string that is never closed runs to
the end of its line (short strings) or of the text (long strings), which only a malformed query has, so
scanning is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

OPEN = "([{"
CLOSE = ")]}"

_LONG_END = {'"""': re.compile(r'(?:[^"\\]|\\.|\\\Z|"(?!""))*(?:"""|\Z)', re.DOTALL),
             "'''": re.compile(r"(?:[^'\\]|\\.|\\\Z|'(?!''))*(?:'''|\Z)", re.DOTALL)}

# One alternative per kind of token, each matching in time linear in its length; a short string never closed
# runs to the end of its line, a long one (handled apart) to the end of the text.
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<long>\"\"\"|''')
  | (?P<string>"(?:[^"\\\n\r]|\\.)*"?|'(?:[^'\\\n\r]|\\.)*'?)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<bnode>_:\w(?:[\w.\-]*[\w\-])?)
  | (?P<pname>(?:[^\W\d](?:[\w.\-]*[\w\-])?)?:(?:(?:[\w:%]|\\.)(?:(?:[\w.\-:%]|\\.)*(?:[\w\-:%]|\\.))?)?)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
SKIPPED = frozenset({"space", "comment"})


@dataclass(frozen=True)
class Token:
    """One token: its kind (open, close, var, iri, pname, bnode, string, number, word, langtag, punct) and text."""

    kind: str
    text: str


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a SPARQL text, in order, without space and comments."""
    pos = 0
    while pos < len(text):
        found = _TOKEN.match(text, pos)
        assert found is not None  # the last alternative matches any character
        kind, end = found.lastgroup or "punct", found.end()
        if kind == "long":
            closing = _LONG_END[found.group()].match(text, end)
            end = closing.end() if closing else len(text)
            kind = "string"
        if kind not in SKIPPED:
            yield Token(kind, text[pos:end])
        pos = end


def nesting(text: str, limit: int | None = None) -> int:
    """How deeply brackets ( [ { nest in the text outside strings, IRIs and comments; stops counting past limit."""
    depth = deepest = 0
    for token in tokens(text):
        if token.kind == "open":
            depth += 1
            deepest = max(deepest, depth)
            if limit is not None and deepest > limit:
                return deepest
        elif token.kind == "close":
            depth = max(0, depth - 1)
    return deepest
