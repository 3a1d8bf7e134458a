"""References to other documents: every resolution and document symbol a document cites.

- `references.symbol`: "(see A/65/944)", "(E/ESCWA/SDD/2007/2)": the document `references` the document the symbol
  names (not its own symbol, and not a symbol in its masthead);
- `references.resolution`: "General Assembly resolution 60/206": the document `references` the resolution.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import DocContext, Sentence, Span
from .model import Candidate

CLAUSE = re.compile(r"[,;:()]")


def clause(sent: Sentence, span: Span, limit: int = 160) -> tuple[int, int]:
    """The clause around a span: from the punctuation before it to the punctuation after it, at most `limit` long."""
    start = max((m.end() for m in CLAUSE.finditer(sent.text, 0, span.start) if sent.text[m.start()] != "("), default=0)
    ends = [m.start() for m in CLAUSE.finditer(sent.text, span.end) if sent.text[m.start()] != "("]
    end = ends[0] if ends else len(sent.text)
    if sent.text[end:end + 1] == ")":
        end += 1
    start = max(start, span.start - limit)
    end = min(end, span.end + limit)
    while start < span.start and sent.text[start] == " ":
        start += 1
    return start, end


def references(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    if sent.unit_kind == "title":
        return
    for s in sent.spans:
        if s.kind not in ("resolution", "symbol") or s.entity is None or s.entity == ctx.doc_iri:
            continue
        yield Candidate(f"references.{s.kind}", 0.9, sent, [("references", s.entity)], subject=ctx.doc_iri, quote=clause(sent, s))


RULES = (references,)
