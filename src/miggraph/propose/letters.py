"""Letters and notes: who sent them, to whom, on what day, and what they transmit.

- `letter.dated`: "Letter dated 19 July 2006 from the Permanent Representative of Morocco to the United Nations
  addressed to the Secretary-General (A/61/170)", "Note dated 27 July 2006 by the President of the sixtieth session
  of the General Assembly (A/61/187)": the document of the symbol `issued` that day, `sentBy` the country the
  representative or mission is of (or the office that writes it), `sentTo` the addressee.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .common import AGENTS, NAMED, outermost
from .context import DocContext, Sentence, Span
from .model import Candidate

LETTER = re.compile(r"\b(?P<kind>Letter|Note|Note verbale|Identical letters) dated\s+")
FROM = re.compile(r"^\s+(?:from|by)\s+(?:the\s+)?")
ADDRESSED = re.compile(r"\baddressed to\s+(?:the\s+)?")
REPRESENTATIVE = re.compile(r"(?:Permanent Representative|Chargé d['’]affaires a\.i\.|Permanent Mission|Deputy Permanent Representative|"
                            r"Ambassador)\s+of\s+(?:the\s+)?$")


def _named(sent: Sentence, start: int, end: int) -> list[Span]:
    return outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and start <= s.start and s.end <= end])


def letters(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for m in LETTER.finditer(sent.text):
        date = next((d for d in sent.of_kind("date") if d.start == m.end() and d.found is not None and len(d.found.value) == 10), None)
        if date is None:
            continue
        symbol = next((s for s in sent.of_kind("symbol") if s.start > date.end and s.entity is not None), None)
        if symbol is None or not re.fullmatch(r"\s*\)", sent.text[symbol.end:symbol.end + 1] or ")"):
            continue
        if sent.text[:symbol.start].rstrip()[-1:] != "(":
            continue
        iri = symbol.entity
        assert iri is not None
        if iri in ctx.entities.new:
            _, label, facts, intro = ctx.entities.new[iri]
            ctx.entities.new[iri] = ("Correspondence", label, facts, intro)
        quote = (m.start(), symbol.end + 1)
        yield Candidate("letter.dated", 0.95, sent, [("issued", date.found.value)], subject=iri, quote=quote)  # type: ignore[union-attr]
        frm = FROM.match(sent.text[date.end:])
        to = ADDRESSED.search(sent.text, date.end, symbol.start)
        if frm is None:
            continue
        from_end = to.start() if to else symbol.start
        sender = _sender(ctx, sent, date.end + frm.end(), from_end)
        if sender is not None:
            span, note = sender
            yield Candidate("letter.dated", 0.9, sent, [("sentBy", span.entity)], subject=iri, quote=quote,
                            notes={"sentBy": note} if note else {})
        if to is not None:
            recipient = _named(sent, to.end(), symbol.start)
            if recipient and recipient[0].start == to.end() and recipient[0].cls in AGENTS:
                yield Candidate("letter.dated", 0.9, sent, [("sentTo", recipient[0].entity)], subject=iri, quote=quote)


def _sender(ctx: DocContext, sent: Sentence, start: int, end: int) -> tuple[Span, str | None] | None:
    """The country whose representative or mission writes, else the office named first."""
    named = _named(sent, start, end)
    for s in named:
        if s.cls == "Country" and REPRESENTATIVE.search(sent.text[start:s.start]):
            return s, None
    office = re.match(r"President of the (?:[\w-]+ session of the )?General Assembly", sent.text[start:end])
    if office:
        pga = next((e for a, b, e in ((a, b, e.entity) for a, b, e in ctx.gazetteer.match("President of the General Assembly"))
                    if a == 0 and b == len("President of the General Assembly")), None)
        if pga is not None:
            return Span(start, start + office.end(), office.group(0), "name", pga, ctx.entities.cls(pga)), (
                f"'the {office.group(0)}' is the President of the General Assembly.")
    if named and named[0].start == start and named[0].cls in AGENTS and named[0].cls != "Country":
        return named[0], None
    return None


RULES = (letters,)
