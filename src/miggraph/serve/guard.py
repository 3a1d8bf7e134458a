"""What a request may run: read-only queries that call no other service.

Two independent checks, so that neither a comment nor a string literal can hide an operation:
a SPARQL tokeniser (comments, strings and IRIs are single tokens, so a keyword is only found where
the grammar has one) and rdflib's SPARQL parser, whose parse tree names every ``SERVICE`` pattern,
however deep (sub-queries, ``EXISTS``, ``OPTIONAL`` ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults

from . import lexer

# Order matters: comments, strings and IRIs first, so that what they contain is never read as keywords.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d](?:[\w.\-]*[\w\-])?)?:(?:(?:[\w:%]|\\.)(?:(?:[\w.\-:%]|\\.)*(?:[\w\-:%]|\\.))?)?)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
PROLOGUE = frozenset({"PREFIX", "BASE"})


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class BadEscape(ValueError):
    """A \\u or \\U escape naming no Unicode character."""


def unescape(sparql: str) -> str:
    """The query with its codepoint escapes replaced, as SPARQL reads it before parsing (SPARQL 1.1 §19.2)."""

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise BadEscape(f"invalid codepoint escape {m.group(0)!r}")
        return chr(code)

    return _CODEPOINT.sub(one, sparql)


def keywords(sparql: str) -> list[str]:
    """The bare words of a SPARQL text, upper-cased, outside comments, strings, IRIs, variables and prefixed names."""
    return [m.group("word").upper() for m in _TOKEN.finditer(sparql) if m.lastgroup == "word"]


def operation(sparql: str) -> str | None:
    """The first keyword after the prologue: SELECT, ASK, CONSTRUCT, DESCRIBE, or an update operation (INSERT ...)."""
    for word in keywords(sparql):
        if word not in PROLOGUE:
            return word
    return None


def is_update(sparql: str) -> bool:
    """True for a SPARQL Update request (INSERT, DELETE, LOAD, CLEAR, DROP ...)."""
    return operation(sparql) in UPDATE_KEYWORDS


def _tree_has_service(node: object, depth: int = 0) -> bool:
    if depth > 200:
        return True  # refuse what is too deep to inspect
    name = getattr(node, "name", None)
    if name == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):  # rdflib's CompValue
        return any(_tree_has_service(v, depth + 1) for v in node.values())
    if isinstance(node, list | tuple | ParseResults):
        return any(_tree_has_service(v, depth + 1) for v in node)
    return False


def parsed_uses_service(sparql: str) -> bool | None:
    """Whether rdflib's parse tree of the query holds a SERVICE pattern; None if rdflib cannot parse it."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(sparql)
    except (ParseException, ValueError, TypeError, RecursionError):
        return None
    return _tree_has_service(tree)


def uses_service(sparql: str) -> bool:
    """True if the query holds a SERVICE clause, by the tokeniser or by the parse tree.

    A (codepoint-unescaped) text without the letters of the keyword, in any case, has none: parsers match
    keywords by upper-casing, so that is the only check for most queries, and the slow parse is skipped."""
    if "SERVICE" not in sparql.upper():
        return False
    if "SERVICE" in keywords(sparql):
        return True
    return bool(parsed_uses_service(sparql))


@dataclass(frozen=True)
class Refusal:
    """Why a request is not run: its HTTP status and a message for the user."""

    status: int
    message: str


def check(sparql: str) -> Refusal | None:
    """None if the query may run here; otherwise why not."""
    try:
        sparql = unescape(sparql)
    except BadEscape as exc:
        return Refusal(400, f"SPARQL syntax error: {exc}")
    if not sparql.strip():
        return Refusal(400, "empty query")
    if is_update(sparql):
        return Refusal(403, "this endpoint is read-only: SPARQL Update is not allowed")
    if uses_service(sparql):
        return Refusal(400, "SERVICE is not allowed: this endpoint does not call other endpoints")
    return None


def precheck(sparql: str, max_query: int, max_depth: int) -> Refusal | None:
    """The limits checked before any parser reads the query: its size in bytes and how deeply its brackets nest
    (counted after codepoint escapes are read, outside strings, IRIs and comments)."""
    size = len(sparql.encode("utf-8", "replace"))
    if size > max_query:
        return Refusal(400, f"query too long: {size} bytes, more than the limit of {max_query} bytes (--max-query)")
    try:
        text = unescape(sparql)
    except BadEscape:
        text = sparql  # the worker's check answers it
    if lexer.nesting(text, max_depth) > max_depth:
        return Refusal(400, f"query nested too deeply: brackets ( [ {{ more than {max_depth} levels deep, "
                       f"the limit of --max-depth")
    return None
