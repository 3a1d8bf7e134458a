"""Letters and notes: who sent them, to whom, on what day, and what they transmit.

- `letter.dated`: "Letter dated 19 July 2006 from the Permanent Representative of Morocco to the United Nations
  addressed to the Secretary-General (A/61/170)", "Note dated 27 July 2006 by the President of the sixtieth session
  of the General Assembly (A/61/187)": the document of the symbol `issued` that day, `sentBy` the country the
  representative or mission is of (or the office that writes it), `sentTo` the addressee; "by the President of the
  sixtieth session of the General Assembly" is the person who held the post that session (a new Person, labelled
  with the post); an addressee printed with a hyphen for a space ("the President of the General-Assembly") is the
  entity of the name with the space (read with a note);
- `letter.outcome`: an annex entry "Outcome Document: Plan of Action, Rabat Declaration Letter dated 19 July 2006
  from ... (A/61/170)", "Outcome documents: The Migration Policy Framework for Africa; African Common Position on
  Migration and Development Letter dated ...": the letter `transmits` each outcome document the entry lists (one the
  graph does not know is a new document or instrument, by its head noun: a Declaration, a Plan of Action, a Report,
  a Summary ...; a bare head, "Declaration", "Ministerial Declaration", "Conclusions", is named as written but is an
  entity of the entry's heading, not one shared by every annex that lists a "Declaration");
- `letter.from`: "On 18 March 2008, a letter from the Under-Secretary-General for Economic and Social Affairs, Sha
  Zukang, accompanied by a questionnaire for Member States on ..., was sent by telefax to ...": a new letter (labelled
  "letter from the Under-Secretary-General ... of 18 March 2008") `issued` that day, `sentBy` the person named after
  the post, that `transmits` the document it is accompanied by (a new document, named as written), `sentTo` each
  country the list of recipients names ("the Holy See and Palestine", short forms of the ISO names);
- `letter.herewith`: "the President of the sixty-first session of the General Assembly has the honour to transmit
  herewith the summary of the High-level Dialogue ... that ...": a new transmittal (labelled "Transmittal by the
  President ... of the summary of the High-level Dialogue ...") `sentBy` the sender, that `transmits` the present
  document (read with a note: "herewith");
- `report.titled-to`: "See “Realizing the future we want for all: report to the Secretary-General”, ...": the
  report the title names (a new Report, titled as quoted) is `transmittedTo` the addressee its title names;
- `report.requested-in-summary`: the summary of a report opening "In resolution 65/170, the General Assembly requested
  the Secretary-General to report on ... at its sixty-seventh session": the present report is `transmittedTo` the body
  that requested it (read with a note).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from rdflib import URIRef

from .common import AGENTS, DOCUMENTS, INSTRUMENTS, NAMED, outermost
from .context import DocContext, Sentence, Span
from .model import Candidate
from .newentities import country_names, slug

LETTER = re.compile(r"\b(?P<kind>Letter|Note|Note verbale|Identical letters) dated\s+")
OUTCOME = re.compile(r"\bOutcome [Dd]ocuments?:\s+(?P<list>.+?)\s*$")
SESSION_PRESIDENT = re.compile(r"President of the (?P<session>[a-z]+(?:-[a-z]+)? session) of the General Assembly")
# an outcome document's head noun → its id kind and class ("Lima Declaration", "Report of the ... meeting")
OUTCOME_HEADS = (("Declaration", "instrument", "Declaration"), ("Plan of Action", "instrument", "PlanOfAction"),
                 ("Programme of Action", "instrument", "PlanOfAction"), ("Action Plan", "instrument", "PlanOfAction"),
                 ("Framework", "instrument", "PolicyFramework"), ("Common Position", "instrument", "PolicyFramework"),
                 ("Report", "document", "Report"), ("Summary", "document", "MeetingSummary"),
                 ("Conclusions", "document", "Document"), ("Recommendations", "document", "Document"),
                 ("Discussion", "document", "Document"), ("Statement", "document", "Document"))
# a name that is only a head noun, with a word saying whose or how final ("Declaration", "Ministerial Declaration",
# "Conference Conclusions"): it names the outcome only together with the meeting the entry is of
BARE_HEAD = re.compile(r"(?:(?:Ministerial|Final|Joint|Conference|Meeting|Chair['’]s|Chairperson['’]s|Chairman['’]s|Summit)\s+)?"
                       r"(?:" + "|".join(h for h, _, _ in OUTCOME_HEADS) + ")")
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
        yield from _outcomes(ctx, sent, m.start(), iri, symbol.end + 1)
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
            elif (hyphenated := _hyphenated_name(ctx, sent.text[to.end():symbol.start])) is not None:
                yield Candidate("letter.dated", 0.85, sent, [("sentTo", hyphenated[0])], subject=iri, quote=quote,
                                notes={"sentTo": hyphenated[1]})


def _sender(ctx: DocContext, sent: Sentence, start: int, end: int) -> tuple[Span, str | None] | None:
    """The country whose representative or mission writes, else the office named first."""
    named = _named(sent, start, end)
    for s in named:
        if s.cls == "Country" and REPRESENTATIVE.search(sent.text[start:s.start]):
            return s, None
    held = SESSION_PRESIDENT.match(sent.text[start:end])
    if held:  # the person who held the post that session, not the office
        label = held.group(0)
        iri = ctx.entities.named(label) or ctx.entities.iri(f"person/{slug(label)}")
        if not ctx.entities.curated(iri):
            ctx.entities.new.setdefault(iri, ("Person", label, (), None))
        return Span(start, start + held.end(), label, "name", iri, "Person"), None
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


def _hyphenated_name(ctx: DocContext, text: str) -> tuple[URIRef, str] | None:
    """An addressee printed with a hyphen for a space between two capitalised words ("the President of the
    General-Assembly", as an annex may print it): the one entity the graph names with the space, with a note saying how
    it was read."""
    m = re.match(r"(?:the\s+)?(?P<name>[A-Z][^()]*?)\s*\(?$", text)
    if m is None or not re.search(r"[A-Z][a-z]+-[A-Z]", m.group("name")):
        return None
    name = re.sub(r"(?<=[a-z])-(?=[A-Z][a-z])", " ", m.group("name"))
    known = ctx.entities.named(name)
    if known is None:
        return None
    return known, f"'the {m.group('name')}', as the text prints it, is the {name}."


def _outcomes(ctx: DocContext, sent: Sentence, letter_at: int, letter: URIRef, end: int) -> Iterator[Candidate]:
    """The outcome documents an annex entry lists right before the letter that transmits them."""
    m = OUTCOME.search(sent.text, 0, letter_at)
    if m is None or LETTER.search(m.group("list")) or "(" in m.group("list"):
        return
    items = _outcome_items(ctx, sent, m.start("list"), m.end("list"))
    plural = m.group(0).split(":", 1)[0].endswith("s")
    note = f"The annex entry lists the letter under the outcome document{'s' if plural else ''} it transmits."
    for item in items:
        yield Candidate("letter.outcome", 0.85, sent, [("transmits", item)], subject=letter, quote=(m.start(), end),
                        notes={"transmits": note})


def _outcome_items(ctx: DocContext, sent: Sentence, start: int, end: int) -> list[URIRef]:
    """The documents of an outcome list ("A; B", "A, B"): each a name the sentence links, or a new document named by its
    head noun; none if one item is neither."""
    items: list[tuple[URIRef, tuple[str, str] | None]] = []
    for piece in re.finditer(r"[^;]+", sent.text[start:end]):
        a, b = start + piece.start(), start + piece.end()
        parts = [_outcome_item(ctx, sent, a + x.start(), a + x.end(), headed=True) for x in re.finditer(r"[^,]+", sent.text[a:b])]
        if len(parts) > 1 and all(p is not None for p in parts):  # "Plan of Action, Rabat Declaration": two documents
            items += [p for p in parts if p is not None]
            continue
        whole = _outcome_item(ctx, sent, a, b)  # "Summary of the hearings with A, B and C": one title
        if whole is None:
            return []
        items.append(whole)
    out: list[URIRef] = []
    for iri, new in items:
        if new is not None:
            ctx.entities.new.setdefault(iri, (*new, (), None))
        out.append(iri)
    return list(dict.fromkeys(out))


def _outcome_item(ctx: DocContext, sent: Sentence, a: int, b: int, headed: bool = False) -> tuple[URIRef, tuple[str, str] | None] | None:
    """The document an outcome item names: the entity a name of it links, else a new one by its title, with its class and
    label (when `headed`, only a title with the head noun of a document: an item of a list cut at its commas)."""
    text = sent.text[a:b].strip()
    a = a + (len(sent.text[a:b]) - len(sent.text[a:b].lstrip()))
    b = a + len(text)
    label = re.sub(r"^[Tt]he\s+", "", text)
    bare = BARE_HEAD.fullmatch(label) is not None
    exact = next((s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.start == a and s.end == b
                  and s.cls in INSTRUMENTS | DOCUMENTS and not (bare and not ctx.entities.curated(s.entity))), None)
    if exact is not None and exact.entity is not None:  # (text extraction's entity of a bare head is every such head's)
        return exact.entity, None
    if not re.fullmatch(r"[A-Z][\w'’-]*(?:,? [\w'’-]+)*", label):
        return None
    words = label.split()
    cut = next((i for i, w in enumerate(words) if w in ("of", "on", "for", "at", "in") and i > 0), len(words))
    before = " ".join(words[:cut])
    head = next(((kind, cls) for h, kind, cls in OUTCOME_HEADS if re.search(rf"(?:^|\s){h}$", before)
                 or label == h or label.startswith(h + " ")),
                None if headed else ("document", "Document"))  # the slot makes a title a document's
    if head is None:
        return None
    kind, cls = head
    if len(words) > 1 and not bare and (known := ctx.entities.named(label)) is not None:
        return known, None
    heading = sent.label.rsplit(": ", 1)[-1]  # "Annex: Regional Conference on ...": the meeting the entry is of
    owner = heading if bare and re.search(r"[A-Za-z]", heading) else ctx.slug if bare else ""
    iri = ctx.entities.iri(f"{kind}/{slug(f'{label} {owner}'.strip(), 90)}")
    if ctx.entities.curated(iri):
        return None
    return iri, (cls, label)


LETTER_FROM = re.compile(r"^(?:\d{1,2}\s+)?On\s+(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4}),\s+(?:a|an)\s+(?P<kind>letter|note verbale|note)\s+"
                         r"from\s+(?:the\s+)?(?P<sender>[A-Z][^,]*?)(?:,\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}),)?\s+"
                         r"(?:accompanied by|transmitting|enclosing)\s+(?:a|an|the)\s+(?P<doc>[a-z][^,]*?),\s+was\s+sent\b")


def letter_from(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """A letter a sentence tells of, by its date and sender, with what it is accompanied by."""
    m = LETTER_FROM.match(sent.text)
    if m is None:
        return
    date = next((d for d in sent.of_kind("date") if d.start == m.start("date") and d.found is not None), None)
    if date is None or date.found is None:
        return
    label = f"{m.group('kind')} from the {m.group('sender')} of {m.group('date')}"
    letter = ctx.entities.iri(f"document/{slug(label, 90)}")
    if ctx.entities.curated(letter):
        return
    ctx.entities.new.setdefault(letter, ("Correspondence", label, (), None))
    quote = (sent.text.index("On"), m.end())
    yield Candidate("letter.from", 0.85, sent, [("issued", date.found.value)], subject=letter, quote=quote)
    if m.group("name"):
        person = ctx.entities.named(m.group("name")) or ctx.entities.iri(f"person/{slug(m.group('name'))}")
        if not ctx.entities.curated(person):
            ctx.entities.new.setdefault(person, ("Person", m.group("name"), (), None))
        yield Candidate("letter.from", 0.85, sent, [("sentBy", person)], subject=letter, quote=quote)
    doc = m.group("doc")
    known = ctx.entities.named(doc)
    accompanying = known or ctx.entities.iri(f"document/{slug(doc, 90)}")
    if known is None and not ctx.entities.curated(accompanying):
        ctx.entities.new.setdefault(accompanying, ("Document", doc, (), None))
    yield Candidate("letter.from", 0.85, sent, [("transmits", accompanying)], subject=letter, quote=quote)
    to = re.match(r"\s+(?:by\s+[a-z-]+\s+)?to\s+(?P<list>[^;.]+?)(?=,\s+with\b|[;.]|$)", sent.text[m.end():])
    if to is None:
        return
    listed = to.group("list")
    for item in re.split(r",\s+(?:and\s+)?|\s+and\s+", listed):
        code = _country_code(item.strip().removeprefix("the "))
        if code is None:
            continue
        country = ctx.entities.iri(f"country/{code}")
        if not ctx.entities.curated(country):
            ctx.entities.new.setdefault(country, ("Country", item.strip().removeprefix("the "), (), None))
        yield Candidate("letter.from", 0.8, sent, [("sentTo", country)], subject=letter,
                        quote=(quote[0], m.end() + to.end()))


@cache
def _short_country_names() -> dict[str, str]:
    """Country names as documents write them, with the short form of an ISO name too: "Holy See" for "Holy See
    (Vatican City State)", "Palestine" for "Palestine, State of"."""
    out = dict(country_names())
    for name, code in country_names().items():
        short = re.split(r" \(|, ", name, maxsplit=1)[0]
        out.setdefault(short, code)
    return out


def _country_code(name: str) -> str | None:
    return _short_country_names().get(name.lower()) if re.fullmatch(r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*", name) else None


HEREWITH = re.compile(r"(?:^|,\s+)(?:the\s+)?(?P<sender>[A-Z][^,;]*?)\s+(?:has|have) the honour to transmit\s+herewith\s+"
                      r"(?:the\s+|a\s+)(?P<doc>[a-z][^,;.]*?)(?=\s+(?:that|which|prepared|submitted|adopted)\b|[,;.]|$)")


def herewith(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """A transmittal the present document opens with: who transmits it, and that it transmits the present document."""
    m = HEREWITH.search(sent.text)
    if m is None:
        return
    sender_text = m.group("sender")
    label = f"Transmittal by the {sender_text} of the {m.group('doc')}"
    letter = ctx.entities.iri(f"document/{slug(label, 90)}")
    if ctx.entities.curated(letter):
        return
    ctx.entities.new.setdefault(letter, ("Correspondence", label, (), None))
    quote = (m.start("sender") - (4 if sent.text[:m.start("sender")].endswith("the ") else 0), m.end())
    note = f"'transmit herewith': the {m.group('doc')} is the present document."
    yield Candidate("letter.herewith", 0.8, sent, [("transmits", ctx.doc_iri)], subject=letter, quote=quote,
                    notes={"transmits": note})
    sender = _sender(ctx, sent, m.start("sender"), m.end("sender"))
    if sender is not None and sender[0].end == m.end("sender"):
        yield Candidate("letter.herewith", 0.8, sent, [("sentBy", sender[0].entity)], subject=letter, quote=quote,
                        notes={"sentBy": sender[1]} if sender[1] else {})


TITLED_TO = re.compile(r"[“\"](?P<title>[A-Z][^”\"]{3,200}?:\s+(?:a\s+)?report\s+to\s+(?:the\s+)?(?P<to>[A-Z][^”\"]{2,80}))[”\"]")


def titled_to(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """A report whose quoted title says to whom it is addressed ("...: report to the Secretary-General")."""
    for m in TITLED_TO.finditer(sent.text):
        to = next((s for s in _named(sent, m.start("to"), m.end("to")) if s.start == m.start("to") and s.end == m.end("to")), None)
        if to is None or to.cls not in AGENTS or to.entity is None:
            continue
        title = m.group("title")
        report = ctx.entities.named(title) or ctx.entities.iri(f"document/{slug(title, 90)}")
        if not ctx.entities.curated(report):
            ctx.entities.new.setdefault(report, ("Report", title, (), None))
        yield Candidate("report.titled-to", 0.8, sent, [("transmittedTo", to.entity)], subject=report, quote=(m.start(), m.end()),
                        notes={"transmittedTo": f"The title reads \"{title}\"."})


REQUESTED_REPORT = re.compile(r"^(?:In|By)\s+(?:its\s+)?resolution\s+\d+/\d+(?:\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?,\s+"
                              r"(?:the\s+)?(?P<body>.+?)\s+requested the Secretary-General to (?:report|submit (?:a|his|her|its) report)\b")


def requested_report(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """The body a report's summary says requested the report: the present report is transmitted to it."""
    if sent.label.strip().lower() != "summary":
        return
    m = REQUESTED_REPORT.match(sent.text)
    if m is None:
        return
    body = next((s for s in _named(sent, m.start("body"), m.end("body")) if s.start == m.start("body") and s.end == m.end("body")), None)
    if body is None or body.cls not in AGENTS or body.entity is None:
        return
    note = (f"The summary of the present report states the request it answers: the report is the Secretary-General's report "
            f"to the {body.text}.")
    yield Candidate("report.requested-in-summary", 0.8, sent, [("transmittedTo", body.entity)], subject=ctx.doc_iri,
                    notes={"transmittedTo": note})


RULES = (letters, letter_from, herewith, titled_to, requested_report)
