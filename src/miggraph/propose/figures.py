"""Figures: numbers a document qualifies, with what they measure.

- `figure.participants`: "Representatives of over 150 Member States participated in the meeting", "some 300
  participants attended M": a Figure of the meeting (`figureValue`, `qualifier`, `measure`);
- `figure.ratified`: "more than 80 States had ratified I" is counted by instruments.py only when exact; qualified,
  it is a Figure of the instrument;
- `figure.count`: "The Dialogue consisted of six plenary sessions and four interactive round tables", "the Global
  Migration Group — an inter-agency group that includes 15 organizations of the United Nations system", "IOM has held
  three workshops on ...", "After 1995, the Second Committee would request four more reports relating to ...": a
  Figure of the entity for each number of things it consists of, includes, held or requested (`measure` and `unit` the
  things counted); not those requested to do something ("requested 15 Member States to report"), nor what a body
  "would request" but in a sentence telling of the past;
- `figure.member-states`: "open to all the 191 Member States of the United Nations": the Member States of the
  organisation;
- `figure.views`: "The 2001 report (A/56/167) presented the views: 47 Governments were in favour of X, 26 expressed
  reservations and 110 did not express a view": a Figure of the document for each count of Governments (States,
  countries) that held a view;
- `figure.each`: "China, India and Mexico were the main destination countries for remittances, each receiving more
  than $20 billion in 2011": a Figure of each country listed (the amount, its currency and year);
- `figure.replied`: "[a letter ... accompanied by a questionnaire for Member States on X ...] By 15 July 2008, 64
  Member States had replied to the questionnaire": a Figure of the document the sentence before introduces;
- `figure.estimated`: "migrants' remittances, estimated at $US 232 billion in 2005": a Figure (approximate) of the
  theme or entity estimated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from rdflib import URIRef

from ..extract import symbol_slug
from ..extract.patterns import MONTHS
from .common import DOCUMENTS, INSTRUMENTS, MEETINGS, NAMED, ORGANISATIONS, entity_list, opening_date, outermost
from .context import DocContext, Sentence, Span
from .model import Candidate

QUALIFIERS = {"over": "MoreThan", "more than": "MoreThan", "in excess of": "MoreThan", "well over": "MoreThan",
              "at least": "AtLeast", "about": "Approximately", "some": "Approximately", "around": "Approximately",
              "approximately": "Approximately", "nearly": "Approximately", "almost": "Approximately", "roughly": "Approximately",
              "fewer than": "LessThan", "less than": "LessThan", "under": "LessThan"}
_Q = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
WHO = r"(?P<what>Member\s+States|States|countries|Governments|participants|delegations|representatives|organizations)"
PARTICIPATED = re.compile(rf"\b(?P<q>{_Q})\s+(?P<n>\d[\d,]*)\s+{WHO}\s+(?:had\s+|have\s+)?(?P<verb>participated|took part|"
                          r"attended|were represented)\b", re.I)
RATIFIED = re.compile(rf"\b(?P<q>{_Q})\s+(?P<n>\d[\d,]*)\s+(?P<what>States|countries|Member\s+States)\s+had\s+ratified\s+", re.I)


def participants(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    meetings = outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.cls in MEETINGS])
    for m in PARTICIPATED.finditer(sent.text):
        meeting = next((s for s in meetings if s.start >= m.end() and s.start - m.end() < 12), None) or (
            meetings[-1] if meetings and meetings[-1].end <= m.start() else None)
        if meeting is None:
            yield from _participants_of_previous(ctx, sent, m)
            continue
        yield _figure(ctx, sent, meeting, m, "figure.participants", f"{' '.join(m.group('what').split())} {m.group('verb')}",
                      (min(meeting.start, m.start()), max(meeting.end, m.end())))


def _participants_of_previous(ctx: DocContext, sent: Sentence, m: re.Match[str]) -> Iterator[Candidate]:
    """"The first meeting of the Global Forum, organized by Belgium, was successful. Representatives of over 150 Member
    States participated.": a sentence that ends with the verb and names no meeting counts those at the meeting the
    sentence before it opens with (both sentences quoted)."""
    if sent.index == 0 or not re.fullmatch(r"\s*[.;]?\s*", sent.text[m.end():]) or not re.fullmatch(r"(?:[A-Z][a-z]+\s+of\s+)?",
                                                                                                  sent.text[:m.start()]):
        return
    prev = next((p for p in ctx.unit_sentences(sent.unit) if p.index == sent.index - 1), None)
    if prev is None:
        return
    meetings = outermost([s for s in prev.spans if s.entity is not None and s.kind in NAMED and s.cls in MEETINGS])
    if not meetings or not re.fullmatch(r"(?:[Tt]he\s+)?", prev.text[:meetings[0].start]):
        return
    joined = _joined(prev, sent)
    moved = PARTICIPATED.match(joined.text, m.start() + len(prev.text) + 1)
    if moved is None:
        return
    yield _figure(ctx, joined, meetings[0], moved, "figure.participants",
                  f"{' '.join(m.group('what').split())} {m.group('verb')}", (0, len(joined.text)))


def _joined(prev: Sentence, sent: Sentence) -> Sentence:
    """Two sentences of a unit read as one (a quote that names the entity in the first and the number in the second)."""
    shift = len(prev.text) + 1
    return Sentence(sent.unit, sent.label, sent.unit_kind, f"{prev.text} {sent.text}", [*prev.positions, prev.positions[-1],
                    *sent.positions], [*prev.spans, *(replace(s, start=s.start + shift, end=s.end + shift) for s in sent.spans)],
                    prev.index)


REPLIED = re.compile(r"^(?:By|As at|As of)\s+[^,]+,\s+(?P<n>\d[\d,]*)\s+(?P<what>Member States|States|Governments|countries)\s+had\s+"
                     r"(?P<verb>replied|responded)\s+to\s+the\s+(?P<head>[a-z]+)(?=[\s.,;]|$)")


def replied(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"On 18 March 2008, a letter ... accompanied by a questionnaire for Member States on X, was sent to ... By 15 July
    2008, 64 Member States had replied to the questionnaire.": the replies to the document the sentence before names
    (a document the text introduces, written out there, up to three sentences before), as of the date the sentence opens
    with."""
    m = REPLIED.match(sent.text)
    if m is None or sent.index == 0:
        return
    before = sorted((p for p in ctx.unit_sentences(sent.unit) if sent.index - 3 <= p.index < sent.index), key=lambda p: -p.index)
    for k, prev in enumerate(before):  # the nearest sentence before that names one such document
        docs = [iri for iri, (cls, label, _, _) in ctx.entities.new.items() if cls in DOCUMENTS and label.split()[0].lower() ==
                m.group("head") and label in prev.text and not ctx.entities.curated(iri)]
        if not docs:
            continue
        if len(docs) > 1:
            return
        joined = sent
        for p in before[:k + 1]:
            joined = _joined(p, joined)
        date = opening_date(sent)
        measure = f"{m.group('what')} had {m.group('verb')} to the {m.group('head')}"
        extra: list = [("unit", m.group("what"))] + ([("period", date[0])] if date else [])
        marker = re.match(r"\d{1,2}\s+(?=[A-Z])", joined.text)  # a footnote's number
        yield _make(ctx, joined, docs[0], "figure.replied", measure, m.group("n").replace(",", ""), None,
                    (marker.end() if marker else 0, len(joined.text) - len(sent.text) + m.end()), extra)
        return


def ratified(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for m in RATIFIED.finditer(sent.text):
        inst = next((s for s in outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.cls in INSTRUMENTS])
                     if s.start >= m.end() and s.start - m.end() < 12), None)
        if inst is None:
            continue
        yield _figure(ctx, sent, inst, m, "figure.ratified", f"{' '.join(m.group('what').split())} that had ratified",
                      (m.start(), inst.end))


def _figure(ctx: DocContext, sent: Sentence, of, m: re.Match[str], rule: str, measure: str, quote: tuple[int, int]) -> Candidate:
    n = m.group("n").replace(",", "")
    qualifier = QUALIFIERS[m.group("q").lower()]
    slug = symbol_slug(f"{ctx.entities.ident(of.entity).split('/', 1)[-1]}-{measure}-{qualifier}-{n}")
    ident = f"figure/{ctx.slug}-{slug}"[:90].rstrip("-")
    label = f"{m.group('q')} {n} {measure} ({_label(ctx, of.entity)})"
    return Candidate(rule, 0.8, sent, [("figureOf", of.entity), ("measure", measure), ("figureValue", n),
                                       ("qualifier", f"mig:{qualifier}")], nary="Figure", quote=quote, ident=ident, label=label)


WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
         "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
NUM = r"(?:\d{1,3}(?:,\d{3})*(?![\d.,]\d)|" + "|".join(WORDS) + r")"
# "consisted of", "includes", "has held": what an entity is made of or has done, counted
COUNT_VERB = re.compile(r"^(?P<gap>\s*(?:[—–-]\s*|,\s*)?(?:an?\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}\s+(?:that|which)\s+)?"
                        r"(?P<aux>has\s+|have\s+|had\s+|would\s+)?)(?P<verb>consisted of|consists of|comprised|comprises|includes|"
                        r"included|held|requested|request|commissioned)\s+")
COUNTED = re.compile(rf"(?:(?P<q>{_Q})\s+)?(?P<n>{NUM})\s+(?P<what>[a-z][\w-]*(?:\s+(?:[a-z][\w-]*|United Nations))*?)"
                     rf"(?=\s+and\s+(?:(?:{_Q})\s+)?{NUM}\s|\s+plus\b|\s+(?:in|since|during|on|at|from)\s+(?:\d|[A-Z])|[,;.:()]|$)", re.I)
REQUEST_VERBS = {"requested", "request", "commissioned"}
ASKED_TO = re.compile(r"\bto\s+(?!the\b|a\b|an\b|its\b|their\b|this\b|that\b|be\b)[a-z]+")  # "... Member States to report"
# "After 1995, the Second Committee would request ...": "would" telling of the past, not proposing
PAST_FRAME = re.compile(r"^(?:After|Since|From|Between|Over)\s+(?:the\s+)?(?:19|20)\d\d\b|^(?:Subsequently|Later|Thereafter)\b")
MEMBER_STATES = re.compile(rf"\b(?:(?P<q>{_Q})\s+)?(?P<n>{NUM})\s+(?P<what>Member States of)\s+(?:the\s+)?$", re.I)
VIEWS = re.compile(rf"(?:(?<=:\s)|,\s+(?:and\s+)?|\s+and\s+)(?P<n>{NUM})\s+(?:(?P<unit>Governments|Member States|States|countries)\s+)?"
                   rf"(?P<view>(?:were|was|expressed|did|had|supported|favoured|opposed|said|indicated|considered|replied)\b[^,;]*?)"
                   rf"(?=,\s+(?:and\s+)?{NUM}\s|\s+and\s+{NUM}\s|[.;]?$)")
EACH = re.compile(r"^(?P<between>\s+(?:were|are|was)\s+(?:the\s+)?[^,;]*?\bfor\s+(?P<what>[a-z][\w\s-]*?)),\s+each\s+"
                  rf"(?P<verb>receiving|received|hosting|hosted|sending|sent)\s+(?:(?P<q>{_Q})\s+)?$")
ESTIMATED = re.compile(r"^,?\s+(?P<q>estimated)\s+(?:at\s+)?$")


def _label(ctx: DocContext, iri: URIRef) -> str:
    """An entity's label: the graph's, or the one a new entity is proposed with."""
    return ctx.entities.new[iri][1] if iri in ctx.entities.new and not ctx.entities.curated(iri) else ctx.entities.label(iri)


def _number(text: str) -> str:
    return str(WORDS[text.lower()]) if text.lower() in WORDS else text.replace(",", "")


def _make(ctx: DocContext, sent: Sentence, of: Span | URIRef, rule: str, measure: str, value: str, q: str | None,
          quote: tuple[int, int], extra: list | None = None, notes: dict[str, str] | None = None) -> Candidate:
    """A Figure of `of` with its value and qualifier (exact when no qualifier is written)."""
    entity = of if isinstance(of, URIRef) else of.entity
    assert entity is not None
    qualifier = QUALIFIERS.get(q.lower(), "Approximately") if q else "Exactly"
    slug = symbol_slug(f"{ctx.entities.ident(entity).split('/', 1)[-1]}-{measure}-{value}")
    ident = f"figure/{ctx.slug}-{slug}"[:90].rstrip("-")
    label = f"{measure} ({_label(ctx, entity)}: {f'{q} ' if q else ''}{value})"
    facts: list = [("figureOf", entity), ("measure", measure), ("figureValue", value), ("qualifier", f"mig:{qualifier}"),
                   *(extra or [])]
    return Candidate(rule, 0.8, sent, facts, nary="Figure", quote=quote, ident=ident, label=label, notes=notes or {})


def _the(sent: Sentence, span: Span) -> int:
    """Where a name starts with the article written before it ("The Dialogue", as the name is found)."""
    the = re.search(r"\b[Tt]he\s+$", sent.text[:span.start])
    return the.start() if the else span.start


def counts(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for subject in outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.cls not in ("Theme", "Country")]):
        verb = COUNT_VERB.match(sent.text[subject.end:])
        if verb is None:
            continue
        pos = subject.end + verb.end()
        while True:
            m = COUNTED.match(sent.text, pos)
            if m is None or re.fullmatch(r"(?:19|20)\d\d", m.group("n")):
                break
            what = m.group("what")
            if what.split()[0].lower() in ("to", "and", "of", "per", "percent", "times") or what.split()[0] in MONTHS:
                break
            if verb.group("verb") in REQUEST_VERBS and (ASKED_TO.search(what) or (
                    (verb.group("aux") or "").strip() == "would" and not PAST_FRAME.match(sent.text))):
                break  # "requested 15 Member States to report": those asked; "the Assembly would request": a proposal
            yield _make(ctx, sent, subject, "figure.count", what, _number(m.group("n")), m.group("q"), (_the(sent, subject), m.end()),
                        [("unit", re.sub(r"^(?:more|further|additional|other)\s+", "", re.split(
                            r"\s+(?:of|at|on|for|in|to|relating|from|with)\b", what)[0]))])
            more = re.match(r"\s+and\s+", sent.text[m.end():])
            if more is None:
                break
            pos = m.end() + more.end()


def member_states(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for org in outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.cls in ORGANISATIONS]):
        m = MEMBER_STATES.search(sent.text, max(0, org.start - 40), org.start)
        if m is None:
            continue
        measure = f"{m.group('what')} {sent.text[m.end('what'):org.end].strip()}"
        yield _make(ctx, sent, org, "figure.member-states", measure, _number(m.group("n")), m.group("q"), (m.start(), org.end),
                    [("unit", "Member States")])


def views(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    colon = sent.text.find(": ")
    if colon < 0:
        return
    docs = [s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.cls in DOCUMENTS and s.end < colon]
    if not docs or docs[0].start > 40:
        return
    doc = docs[0]
    found = list(VIEWS.finditer(sent.text, colon + 2))
    if len(found) < 2 or found[0].start() != colon + 2 or found[0].group("unit") is None:
        return
    pos = colon + 2
    for m in found:  # the items follow each other to the end of the sentence
        if m.start() != pos:
            return
        pos = m.end()
    unit = found[0].group("unit")
    for m in found:
        measure = f"{m.group('unit') or unit} {m.group('view').strip()}"
        yield _make(ctx, sent, doc, "figure.views", measure, _number(m.group("n")), None, (0, m.end()), [("unit", unit)])


def each(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    items, end = entity_list(sent, 0, {"Country"})
    if len(items) < 2:
        return
    for amount in sent.of_kind("money") + sent.of_kind("percentage"):
        m = EACH.match(sent.text[end:amount.start])
        if m is None or amount.found is None:
            continue
        currency, value = amount.found.value.split(" ", 1) if amount.kind == "money" else (None, amount.found.value)
        measure = f"{m.group('what').strip()} {m.group('verb')}"
        extra: list = []
        notes: dict[str, str] = {}
        if currency:
            extra.append(("currency", currency))
            notes["currency"] = f"'{amount.text}': the currency of the amount as written."
        year = re.match(r"\s+in\s+((?:19|20)\d\d)\b", sent.text[amount.end:])
        stop = amount.end + (year.end() if year else 0)
        if year:
            extra.append(("period", year.group(1)))
        for country in items:
            yield _make(ctx, sent, country, "figure.each", measure, value, m.group("q"), (items[0].start, stop), extra, notes)


def estimated(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for amount in sent.of_kind("money"):
        if amount.found is None:
            continue
        head = sent.text[:amount.start]
        subject = next((s for s in reversed(outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED]))
                        if s.end <= amount.start and ESTIMATED.match(head[s.end:])), None)
        if subject is None:
            continue
        owner = re.search(r"(?:^|\s)([a-z]+s['’]\s+|[a-z]+['’]s\s+)$", head[:subject.start])
        start = subject.start - (len(owner.group(1)) if owner else 0)
        measure = f"estimated {sent.text[start:subject.end]}"
        currency, value = amount.found.value.split(" ", 1)
        year = re.match(r"\s+in\s+((?:19|20)\d\d)\b", sent.text[amount.end:])
        extra: list = [("currency", currency)]
        if year:
            extra.append(("period", year.group(1)))
        yield _make(ctx, sent, subject, "figure.estimated", measure, value, "estimated", (start, amount.end + (year.end() if year else 0)),
                    extra, {"currency": f"'{amount.text}': the currency of the amount as written."})


RULES = (participants, ratified, counts, member_states, views, each, estimated, replied)
