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


PUBLISHED = re.compile(r"\b(?:published|prepared|issued|released|launched)\s+(?:a|an|the|its)\s+[\w\s-]{0,40}?\b(?:entitled|titled)\s+")
THE_YEAR_REPORT = re.compile(r"\b[Tt]he\s+((?:19|20)\d\d)\s+(?:report|study|survey|publication)\s+\($")


def issued(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"In 2006, ECA prepared a report entitled “...” (ECA/SDD/06/01)", "The 2001 report (A/56/167)": the year the
    document with that symbol was issued."""
    opening = re.match(r"(?:In|By)\s+", sent.text)
    dates = sent.of_kind("date")
    for s in sent.of_kind("symbol"):
        if s.entity is None or s.entity == ctx.doc_iri or sent.text[s.start - 1:s.start] != "(":
            continue
        year = THE_YEAR_REPORT.search(sent.text[:s.start])
        if year:
            yield Candidate("issued.year-report", 0.85, sent, [("issued", year.group(1))], subject=s.entity,
                            quote=(year.start(), s.end + 1))
            continue
        published = PUBLISHED.search(sent.text, 0, s.start)
        if opening and dates and dates[0].start == opening.end() and dates[0].found is not None and published and \
                not [x for x in sent.of_kind("symbol") if x.start < s.start]:
            yield Candidate("issued.published-in", 0.85, sent, [("issued", dates[0].found.value)], subject=s.entity,
                            quote=(0, s.end + 1))


RULES = (references, issued)
