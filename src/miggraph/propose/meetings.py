"""Meetings: when and where they were held, who hosted, organised, convened and chaired them, how many took part.

- `dates.held`: "The first meeting of the Global Forum took place in Brussels on 10 and 11 July 2007", "M, held in
  Cairo in 1994", "M is scheduled for Monday, 23 September 2013": `startDate` (and `endDate` for days);
- `dates.convened-in`: "In May 2008 the Ibero-American General Secretariat (SEGIB) convened the Ibero-American Forum";
- `dates.annex-entry` / `location.venue` / `organized-by.organizers`: an annex entry "M  Date: 25-29 July 2006
  Venue: Banjul, the Gambia  Organizers: A; B" ("Venue: Mexico City, Mexico"; "Organizers: Latin American Demographics
  Study Centre (CELADE)"; a title naming a known process whole, "South American Conference on Migration", is a meeting
  of it; "Discussion of X at the meeting of Ministers of ...": that meeting);
- `location.held-in`: "took place in Brussels", "held in Rio de Janeiro, Brazil", "at United Nations Headquarters";
- `location.based-in`: "The International Training Centre of ILO, based in Turin, Italy": an organisation's place;
- `hosted-by`: "was hosted by the Government of Belgium", "The Government of the Philippines ... will host it";
  "the meeting" there and after "organizing" stands for the meeting the paragraph names last before (with a note);
- `organized-by`: "M, organized by A and B", "A organized M", "A, in collaboration with B and C, organizes M";
- `convened-by`: "A convened M", "M, convened by A", "M, conducted by A"; `convened-by.session`: "the sixty-eighth
  session of the Assembly" is convened by the Assembly (read from the name, with a note);
- `*.described`: "The President of the General Assembly convened an informal thematic debate on international migration
  and development in New York on 19 May 2011", "ESCAP will convene a high-level meeting on ... in 2008", "preceded
  by a one-day meeting of representatives of civil society, organized by the King Baudouin Foundation": a meeting
  described in lower case (a new one labelled with the words), its convener or organiser, date and place;
- `chaired-by`: "M ... was chaired by Ms. Tarja Filatov", "co-chaired by UNDP and IOM", "Under the chairmanship of
  the Philippines, the Steering Group";
- `chaired-by.described`: "The working group of the Global Migration Group on mainstreaming, co-chaired by UNDP and
  IOM" (a new group labelled with the words);
- `chaired-by.part`: "Round table 1 focused on the “Effects of ...” and was chaired by Ms. Tarja Filatov, Minister of
  ...", "Round table 2 discussed “...” and had Mr. X, Minister ..., as chair": a round table (or panel) of the meeting
  the document names last, `meeting/{its slug}-rt1` labelled "Round table 1: Effects of ...", and the person;
- `participants`: "The 132 Member States that participated in M", "there were 138 participants at M1, compared with
  45 at M2"; a number the text qualifies ("over 150") is a Figure (figures.py);
- `participants.listed`: "Participants in the round tables included 162 high-level representatives of Governments,
  officials of 16 ... agencies ... and representatives of 12 civil society entities", "During the Dialogue, high-level
  officials of 127 Governments made statements", "Representatives of 156 Member States participated in the meeting":
  each number, for the meeting named, the one "the meeting" stands for, or the one the section heading names;

A meeting's date is not proposed when the graph dates the meeting in another year (the name then stands for
another meeting of its series), nor a month or a year when the document (or the graph) dates the meeting to a day of
it;
"is scheduled to start on 17 September 2013" gives the first day only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import URIRef

from ..config import MIG
from . import newentities
from .common import ACTIVITIES, AGENTS, GROUPS, MEETINGS, NAMED, ORGANISATIONS, PLACES, date_at, entity_list, outermost
from .context import DocContext, Sentence, Span
from .model import Candidate

HELD = re.compile(r"\b(?:(?:was|were|is|are|will be|to be|had been|has been)\s+)?(?:held|took place|take place|takes place|"
                  r"convened|conducted|met|scheduled for|scheduled to (?:start|take place) on|opened)\b")
STARTS = re.compile(r"\bstart|\bopened\b")  # "is scheduled to start on 17 September 2013": its first day only
VENUE_GAP = re.compile(r"^\s*$")
IN_PLACE = re.compile(r"^\s*,?\s*(?:in|at)\s+(?:the\s+)?$")
DATE_GAP = re.compile(r"^(?:\s*,?\s*(?:in|at)\s+[^,;]{1,60}?(?:,\s*(?:the\s+)?[A-Z][^,;]{1,40}?)?,?)?"  # "in Rio de Janeiro, Brazil,"
                      r"(?:\s*,?\s*(?:on|from|in|during|for)?\s*(?:[A-Z][a-z]+day,\s*)?)$")
ORGANIZED_BY = re.compile(r"\b(?:co-)?organi[sz]ed\s+(?:\w+\s+){0,4}?by\s+(?:the\s+)?")
ORGANIZES = re.compile(r"\b(?:has been |have been |is |are |was |were )?(?:co-)?organi[sz](?:es|ed|ing|e)\b")
CONVENED_BY = re.compile(r"\b(?:convened|conducted)\s+by\s+(?:the\s+)?")
CONVENES = re.compile(r"\bconven(?:es|ed)\b")
HOSTED_BY = re.compile(r"\bhosted\s+by\s+(?:the\s+)?")
HOSTS = re.compile(r"\bwill host (?:it|the meeting)\b|\bhosts\b")
CHAIRED_BY = re.compile(r"\b(?:co-)?chaired\s+by\s+(?:the\s+)?")
CHAIRMANSHIP = re.compile(r"\b[Uu]nder the (?:chairmanship|chairpersonship|presidency) of\s+(?:the\s+)?")
PARTICIPATED = re.compile(r"^(?:The\s+)?(?P<n>\d[\d,]*)\s+(?:Member\s+States|States|countries|Governments|participants|delegations)"
                          r"\s+(?:that\s+|which\s+|who\s+)?(?:had\s+)?(?:participated|took part)\s+in\s+(?:the\s+)?$")
THERE_WERE = re.compile(r"\bthere were (?P<n>\d[\d,]*) participants at\s+(?:the\s+)?$")
# "there were 138 participants at M1, compared with 45 at M2": the participants of M2 too
COMPARED = re.compile(r"\bthere were \d[\d,]* participants at .+?,\s+compared with (?P<n>\d[\d,]*) (?:at|in)\s+(?:the\s+)?$")
COLLABORATION = re.compile(r"^\s*,\s*in (?:collaboration|cooperation|partnership) with\s+")


def _agents_at(sent: Sentence, pos: int) -> tuple[list[Span], int]:
    """The agents listed from `pos`: "the Government of Belgium" read as Belgium, "UNDP and IOM"."""
    lead = re.match(r"(?:the\s+)?Governments?\s+of\s+(?:the\s+)?", sent.text[pos:])
    return entity_list(sent, pos + (lead.end() if lead else 0), AGENTS)


def _meetings(sent: Sentence, classes: set[str] = MEETINGS) -> list[Span]:
    return outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.cls in classes])


def _year_conflict(ctx: DocContext, meeting: URIRef, date: str) -> bool:
    known = ctx.entities.graph.value(meeting, MIG.startDate)
    return known is not None and str(known)[:4] != date[:4]


def _date_facts(ctx: DocContext, sent: Sentence, rule: str, meeting: Span, date: Span, confidence: float,
                start_only: bool = False) -> Iterator[Candidate]:
    dr = date_at(sent, date)
    if dr is None or meeting.entity is None or _year_conflict(ctx, meeting.entity, dr.start):
        return
    known = ctx.entities.graph.value(meeting.entity, MIG.startDate)
    if len(dr.start) < 10 and (_dated_to_the_day(ctx, meeting.entity, dr.start) or (
            known is not None and len(str(known)) > len(dr.start) and str(known).startswith(dr.start))):
        return  # (a month or a year of a meeting dated to the day, here or in the graph, is no date of its own)
    quote = (min(meeting.start, dr.span[0]), max(meeting.end, dr.span[1]))
    yield Candidate(rule, confidence, sent, [("startDate", dr.start)], subject=meeting.entity, quote=quote)
    if dr.end is not None and not start_only:
        yield Candidate(rule, confidence, sent, [("endDate", dr.end)], subject=meeting.entity, quote=quote)


def _dated_to_the_day(ctx: DocContext, meeting: URIRef, month: str) -> bool:
    """Whether the document dates the meeting to a day of that month or year elsewhere ("took place in July 2007" and
    "took place ... on 10 and 11 July 2007"): the month is then not a date of its own."""
    for other in ctx.sentences:
        spans = [s for s in other.spans if s.entity == meeting]
        if spans and any(d.found is not None and len(d.found.value) == 10 and d.found.value.startswith(month)
                         and d.start > spans[0].end and DATE_GAP.match(_held_gap(other.text[spans[0].end:d.start]))
                         for d in other.of_kind("date")):
            return True
    return False


def _held_gap(text: str) -> str:
    """The words between a meeting and its date, less the verb saying it was held."""
    m = HELD.match(text.lstrip())
    return text.lstrip()[m.end():] if m else "\0"


def held(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """Dates and places of meetings said to be held, to take place, convened or conducted."""
    meetings = _meetings(sent)
    for m in HELD.finditer(sent.text):
        before = [s for s in meetings if s.end <= m.start()]
        if not before or m.start() - before[-1].end > 120:
            continue
        meeting = before[-1]
        between = sent.text[meeting.end:m.start()]
        if any(s.start >= meeting.end and s.end <= m.start() for s in meetings) or ";" in between:
            continue
        for d in (s for s in sent.of_kind("date") if s.start >= m.end()):
            gap_text = sent.text[m.end():d.start]
            if DATE_GAP.match(gap_text) and not any(s.start >= m.end() and s.end <= d.start for s in meetings):
                yield from _date_facts(ctx, sent, "dates.held", meeting, d, 0.9, start_only=bool(STARTS.search(m.group(0))))
                yield from _places(sent, meeting, d.end, "location.held-in", ctx=ctx)  # "held from 14 to 15 September 2006 at"
            break
        yield from _places(sent, meeting, m.end(), "location.held-in", ctx=ctx)


ACTIVE_HELD = re.compile(r"\b(?P<verb>held|convened|conducted|convenes|holds)\s+(?:its\s+|the\s+|an?\s+)?")


def active_held(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"The General Assembly held its first High-level Dialogue ... from 14 to 15 September 2006 at United Nations
    Headquarters", "the summary of M that the General Assembly conducted from ... at ...": convener, dates, place."""
    meetings = _meetings(sent)
    for m in ACTIVE_HELD.finditer(sent.text):
        agents = [s for s in outermost(sent.entities(*ORGANISATIONS)) if s.end <= m.start()]
        if not agents or not re.fullmatch(r"\s+(?:has\s+|had\s+|also\s+)?", sent.text[agents[-1].end:m.start()]):
            continue
        agent = agents[-1]
        meeting = next((s for s in meetings if s.start == m.end()), None)
        if meeting is None:
            before = [s for s in meetings if s.end <= agent.start]
            if not before or not re.fullmatch(r"\s+(?:that|which)\s+(?:the\s+)?", sent.text[before[-1].end:agent.start]):
                continue
            meeting, pos = before[-1], m.end()
        else:
            pos = meeting.end
        if meeting.entity == agent.entity:
            continue
        yield Candidate("convened-by.held", 0.85, sent, [("convenedBy", agent.entity)], subject=meeting.entity,
                        quote=(min(agent.start, meeting.start), max(agent.end, meeting.end)))
        date = next((d for d in sent.of_kind("date") if d.start >= pos), None)
        if date is not None and DATE_GAP.match(sent.text[pos:date.start]):
            yield from _date_facts(ctx, sent, "dates.held", meeting, date, 0.85)
            pos = date.end
        yield from _places(sent, meeting, pos, "location.held-in", ctx=ctx)


def _places(sent: Sentence, meeting: Span, pos: int, rule: str, gap: re.Pattern[str] = IN_PLACE,
            ctx: DocContext | None = None) -> Iterator[Candidate]:
    """"in Brussels", "in Rio de Janeiro, Brazil", "at United Nations Headquarters" right after `pos`; with `ctx`, a city
    the graph does not know, by its name (a new city)."""
    places = [s for s in sent.spans if s.entity is not None and s.cls in PLACES and s.start >= pos]
    if ctx is not None and (not places or not gap.match(sent.text[pos:places[0].start])):
        city = _new_city(ctx, sent, pos, gap)
        if city is not None:
            places = [city, *(s for s in places if s.start >= city.end)]
    if not places or not gap.match(sent.text[pos:places[0].start]):
        return
    first = places[0]
    quote = (meeting.start, first.end)
    yield Candidate(rule, 0.9, sent, [("location", first.entity)], subject=meeting.entity, quote=quote)
    if len(places) > 1 and first.cls == "City" and places[1].cls == "Country" and re.fullmatch(r",\s*(?:the\s+)?",
                                                                                            sent.text[first.end:places[1].start]):
        yield Candidate(rule, 0.85, sent, [("location", places[1].entity)], subject=meeting.entity, quote=(meeting.start, places[1].end))


_STOP = (r"(?:in|at|from|during|to|for|with|which|that|by|held|since|under|as|through|and|on|of|was|were|is|will|would|its|"
         r"their|the|an?)")
_WORD = r"(?!" + _STOP + r"\b)[a-z][\w-]*"
# what a meeting or a group is about: "labour migration, integration and reintegration", "the protection of migrants"
_TOPIC = r"(?:the\s+)?" + _WORD + r"(?:(?:\s+|,\s+|\s+and\s+)" + _WORD + r")*"
_DESCRIPTION = (r"(?P<what>(?:" + _WORD + r"\s+){0,4}?(?P<head>meeting|debate|dialogue|workshop|seminar|conference|summit|"
                r"consultation|round table|forum|symposium|hearing)(?P<about>(?:\s+(?:on|of)\s+" + _TOPIC + r")+))(?=[\s,.;]|$)")
DESCRIBED = re.compile(
    r"(?P<verb>convened|convenes|will\s+convene|organized|organised|organizes|organises|will\s+organize|held|holds|will\s+hold)"
    r"\s+an?\s+" + _DESCRIPTION)
# "preceded by a one-day meeting of representatives of civil society, organized by the King Baudouin Foundation"
DESCRIBED_BY = re.compile(r"\ban?\s+" + _DESCRIPTION + r",?\s+(?P<verb>organi[sz]ed|convened)\s+by\s+(?:the\s+)?")
NOT_MEETINGS = re.compile(r"(?:press|news)\b")  # "a press conference on ...": no meeting


def described(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"The President of the General Assembly convened an informal thematic debate on international migration and
    development in New York on 19 May 2011", "ESCAP will convene a high-level meeting on international migration and
    development in 2008", "the Budapest Process recently organized a meeting on labour migration, integration and
    reintegration", "a one-day meeting of representatives of civil society, organized by the King Baudouin Foundation":
    a meeting the sentence describes in lower case, with the words as its label (a new meeting unless the graph names
    one so), its convener or organiser, and (after an active verb) the date and place that follow. A description says
    what the meeting is on or of: a bare "a meeting", "a plenary meeting" or "a bilateral meeting" is no name, nor a
    press conference, nor a description a relative clause goes on with ("a workshop on policy coherence that ...")."""
    yield from _described_active(ctx, sent)
    yield from _described_passive(ctx, sent)


def _described_agent(sent: Sentence, verb: int) -> list[Span]:
    """The subject of a verb describing a meeting: "A and B organized", or the organisation opening the sentence
    ("ESCAP (...) will convene", "The Budapest Process recently organized", "UNHCR, as part of ..., convened")."""
    return _agents_before(sent, verb) or [
        s for s in outermost(sent.entities(*ORGANISATIONS)) if s.end <= verb and _opens(sent, s.start)
        and re.fullmatch(r"\s*(?:\([A-Z][\w-]*\)\s*)?(?:has\s+|had\s+|also\s+|recently\s+|,[^,]{0,120},\s*)?", sent.text[s.end:verb])][-1:]


def _described_candidate(sent: Sentence, verb: str, agent: Span, meeting: URIRef, quote: tuple[int, int]) -> Candidate:
    predicate = "organizedBy" if verb.startswith("organi") else "convenedBy"
    rule = "organized-by.described" if predicate == "organizedBy" else "convened-by.described"
    return Candidate(rule, 0.8, sent, [(predicate, agent.entity)], subject=meeting, quote=quote)


def _described_active(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"A convened / organized / will hold a ... meeting on X [date] [in place]"."""
    for m in DESCRIBED.finditer(sent.text):
        what = m.group("what")
        if NOT_MEETINGS.match(what) or re.match(r"\s+(?:that|which|who)\b", sent.text[m.end():]):
            continue
        agents = _described_agent(sent, m.start())
        if not agents:
            continue
        a, b = m.start("what"), m.end("what")
        if any(s.start < b and a < s.end and not (a <= s.start and s.end <= b and s.cls in ("Theme", "Region", "Country"))
               for s in sent.spans if s.entity is not None):
            continue  # (a name the graph knows; a theme or a region the words are about is part of them)
        date = next((d for d in sent.of_kind("date") if d.start >= b and DATE_GAP.match(sent.text[b:d.start])), None)
        dr = date_at(sent, date) if date is not None else None
        meeting = newentities.described_meeting(ctx.entities, what, dr.start[:4] if dr else None, sent.label)
        span = Span(a, b, what, "description", meeting, "Meeting")
        for agent in agents:
            yield _described_candidate(sent, m.group("verb").split()[-1], agent, meeting, (agents[0].start, b))
        if date is not None:
            yield from _date_facts(ctx, sent, "dates.described", span, date, 0.8)
        yield from _places(sent, span, b, "location.described", ctx=ctx)


def _described_passive(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"a ... meeting of X, organized by A"."""
    for m in DESCRIBED_BY.finditer(sent.text):
        what, (a, b) = m.group("what"), m.span("what")
        if NOT_MEETINGS.match(what) or any(s.start < b and a < s.end for s in sent.spans
                                           if s.entity is not None and s.cls not in ("Theme", "Region")):
            continue
        agents, end = _agents_at(sent, m.end())
        if not agents:
            continue
        meeting = newentities.described_meeting(ctx.entities, what, None, sent.label)
        for agent in agents:
            yield _described_candidate(sent, m.group("verb"), agent, meeting, (a, end))


def _new_city(ctx: DocContext, sent: Sentence, pos: int, gap: re.Pattern[str]) -> Span | None:
    """"in Manila", "in Rio de Janeiro, Brazil": a city by its name at `pos` after "in"/"at", where no span is."""
    head = re.match(r"\s*,?\s*(?:in|at)\s+", sent.text[pos:])
    if head is None or not gap.match(sent.text[pos:pos + head.end()]):
        return None
    a = pos + head.end()
    name = newentities.city_at(sent.text[a:])
    if name is None or any(s.start < a + len(name) and a < s.end for s in sent.spans if s.entity is not None):
        return None
    span = newentities.city(ctx.entities, name, sent.label, name)
    return Span(a, a + len(name), name, "name", span.entity, "City")


SESSION_OF = re.compile(r"(?:" + newentities.ORDINAL + r")\s+session\s+of\s+(?:the\s+)?")


OFFICE_OF = re.compile(r"\b(?:President|Vice-President|Chair|Chairman|Chairperson|Bureau|Rapporteur)s?\s+of\s+(?:the\s+)?$")


def session_of(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"the sixty-eighth session of the Assembly": a numbered session of a body, new to the graph, is convened by the
    body (read from the name, with a note)."""
    for s in sent.spans:
        if s.cls != "Meeting" or s.entity is None or ctx.entities.curated(s.entity) or not SESSION_OF.match(s.text):
            continue
        if OFFICE_OF.search(sent.text[:s.start]):
            continue  # "the President of the sixtieth session of the General Assembly": a post, not the session's business
        owner = next((o for o in sent.entities(*ORGANISATIONS) if o.end == s.end and o.start > s.start), None)
        if owner is None or owner.cls not in ("Body", "Commission", "UNEntity"):
            continue
        yield Candidate("convened-by.session", 0.8, sent, [("convenedBy", owner.entity)], subject=s.entity, quote=(s.start, s.end),
                        notes={"convenedBy": f"Read from the name: a session of the {ctx.entities.label(owner.entity)} is "
                                             "convened by it."})


def convened_in(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"In May 2008 the SEGIB convened the Ibero-American Forum ... in Cuenca, Ecuador": date, convener, place."""
    head = re.match(r"(?:In|On|At)\s+", sent.text)
    dates = sent.of_kind("date")
    if head is None or not dates or dates[0].start != head.end():
        return
    verb = CONVENES.search(sent.text, dates[0].end)
    if verb is None:
        return
    agents = [s for s in sent.entities(*ORGANISATIONS) if dates[0].end <= s.start and s.end <= verb.start()]
    meeting = next((s for s in _meetings(sent) if s.start >= verb.end() and re.fullmatch(r"\s+(?:the\s+|an?\s+)?",
                                                                                        sent.text[verb.end():s.start])), None)
    if meeting is None:
        return
    yield from _date_facts(ctx, sent, "dates.convened-in", meeting, dates[0], 0.85)
    if agents:
        yield Candidate("convened-by.agent", 0.85, sent, [("convenedBy", agents[0].entity)], subject=meeting.entity,
                        quote=(agents[0].start, meeting.end))
    yield from _places(sent, meeting, meeting.end, "location.held-in", ctx=ctx)


def convened_by(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"A convened M" and "M, convened by A"."""
    meetings = _meetings(sent)
    for m in CONVENED_BY.finditer(sent.text):
        before = [s for s in meetings if s.end <= m.start() and m.start() - s.end < 80]
        agents, _ = _agents_at(sent, m.end())
        if before and agents:
            for a in agents:
                yield Candidate("convened-by.passive", 0.85, sent, [("convenedBy", a.entity)], subject=before[-1].entity,
                                quote=(before[-1].start, agents[-1].end))
    for m in re.finditer(r"\bconvened\s+(?:the\s+|an?\s+)?", sent.text):
        agents = [s for s in sent.entities(*ORGANISATIONS) if s.end <= m.start()]
        meeting = next((s for s in meetings if s.start == m.end()), None)
        if not agents or meeting is None or sent.text.startswith(("In ", "On ")) and sent.of_kind("date"):
            continue
        agent = agents[-1]
        if re.fullmatch(r"\s+(?:has\s+|had\s+)?", sent.text[agent.end:m.start()]):
            yield Candidate("convened-by.agent", 0.85, sent, [("convenedBy", agent.entity)], subject=meeting.entity,
                            quote=(agent.start, meeting.end))


def organized_by(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """Organisers of meetings and activities."""
    activities = _meetings(sent, ACTIVITIES)
    for m in ORGANIZED_BY.finditer(sent.text):
        before = [s for s in activities if s.end <= m.start() and m.start() - s.end < 100]
        organisers, end = _agents_at(sent, m.end())
        if not before or not organisers or any(s.start > before[-1].end and s.end <= m.start() for s in sent.entities(*AGENTS)):
            continue
        for o in organisers:
            yield Candidate("organized-by.passive", 0.9, sent, [("organizedBy", o.entity)], subject=before[-1].entity,
                            quote=(before[-1].start, end))
    activities = sorted(activities + _the_meeting(ctx, sent), key=lambda s: s.start)
    for m in ORGANIZES.finditer(sent.text):
        if sent.text[m.end():m.end() + 3] == " by":
            continue
        target = next((s for s in activities if s.start >= m.end() and re.fullmatch(r"\s+(?:the\s+|an?\s+|its\s+)?",
                                                                                    sent.text[m.end():s.start])), None)
        if target is None:
            continue
        organisers = _agents_before(sent, m.start())
        for o in organisers:
            yield Candidate("organized-by.active", 0.85, sent, [("organizedBy", o.entity)], subject=target.entity,
                            quote=(organisers[0].start, target.end), notes=_read_as(ctx, target, "organizedBy"))


def _agents_before(sent: Sentence, verb: int) -> list[Span]:
    """The subject of a verb: "A organizes", "A and B organized", "A, in collaboration with B and C, organizes", at the
    start of the sentence or after its opening date ("In May 2011, the President ... organized")."""
    agents = outermost([s for s in sent.entities(*AGENTS) if s.end <= verb])
    if not agents:
        return []
    last = agents[-1]
    gap = sent.text[last.end:verb]
    for first in agents:  # "A, in collaboration with B, C and D, organizes": all of them
        collab = COLLABORATION.match(sent.text[first.end:])
        if collab and _opens(sent, first.start):
            listed, end = entity_list(sent, first.end + collab.end(), AGENTS)
            if listed and listed[-1] is last and re.fullmatch(r"\s*,\s*(?:has\s+|have\s+|also\s+)?", gap):
                return [first, *listed]
    if not re.fullmatch(r"\s+(?:has\s+|have\s+|had\s+|also\s+|is\s+|are\s+)?|\s*,\s*which\s+", gap):
        return []  # ("The Government of the Philippines, which is organizing the meeting")
    chain = [last]
    for s in reversed(agents[:-1]):
        if re.fullmatch(r"\s*(?:,\s*|\s+and\s+|,\s+and\s+)", sent.text[s.end:chain[0].start]):
            chain.insert(0, s)
        else:
            break
    return chain if _opens(sent, chain[0].start) else []


def _opens(sent: Sentence, start: int) -> bool:
    """Whether a subject at `start` opens its sentence (after "The", or after an opening "In May 2011,", "Pursuant to
    resolution 63/225,")."""
    return bool(re.fullmatch(r"(?:(?:In|By|Since|From|On|At)\s[^,]{1,40},\s*|(?:Pursuant to|In accordance with|In response to)\s"
                             r"[^,]{1,80},\s*)?(?:[Tt]he\s+)?(?:Governments?\s+of\s+(?:the\s+)?)?", sent.text[:start]))


THE_MEETING = re.compile(r"\b[Tt]he meeting\b(?!\s+of\b|\s+[A-Z])")


def _the_meeting(ctx: DocContext, sent: Sentence) -> list[Span]:
    """"The Government of the Philippines, which is organizing the meeting, will host it": "the meeting" stands for the
    meeting the paragraph names last before it (none when the paragraph names none)."""
    out: list[Span] = []
    earlier = [x for x in ctx.sentences if x.unit == sent.unit and x.index < sent.index]
    for m in THE_MEETING.finditer(sent.text):
        named = [s for s in _meetings(sent) if s.end <= m.start()]
        for x in reversed(earlier):
            if named:
                break
            named = _meetings(x)
        if named and named[-1].entity is not None and named[-1].cls not in ("RoundTable", "Panel"):
            out.append(Span(m.start() + 4, m.end(), "meeting", "anaphora", named[-1].entity, named[-1].cls))
    return out


def _read_as(ctx: DocContext, span: Span, predicate: str) -> dict[str, str]:
    """The note of a fact about a meeting the sentence writes "the meeting"."""
    if span.kind != "anaphora" or span.entity is None:
        return {}
    label = ctx.entities.new[span.entity][1] if span.entity in ctx.entities.new else ctx.entities.label(span.entity)
    return {predicate: f"'the meeting' is the {label} the paragraph names before."}


def hosted_by(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"M was hosted by the Government of Belgium", "A hosts M", "The Government of X, which is organizing the meeting,
    will host it in City on date": the host, and after "will host" the place and date."""
    meetings = sorted(_meetings(sent, MEETINGS | {"Programme"}) + _the_meeting(ctx, sent), key=lambda s: s.start)
    for m in HOSTED_BY.finditer(sent.text):
        before = [s for s in meetings if s.end <= m.start() and m.start() - s.end < 120]
        hosts, end = _agents_at(sent, m.end())
        if before and hosts:
            for h in hosts:
                yield Candidate("hosted-by.passive", 0.9, sent, [("hostedBy", h.entity)], subject=before[-1].entity,
                                quote=(before[-1].start, end))
    for m in HOSTS.finditer(sent.text):
        hosts = _agents_before(sent, m.start()) or [s for s in sent.entities(*AGENTS) if s.end <= m.start()][:1]
        target = next((s for s in meetings if s.start >= m.end() - 3 and s.start - m.end() < 6), None)
        if target is None and m.group(0).startswith("will host"):
            target = next((s for s in meetings if s.end <= m.start()), None)
        if hosts and target is not None and target.entity not in {h.entity for h in hosts}:
            yield Candidate("hosted-by.active", 0.8, sent, [("hostedBy", hosts[0].entity)], subject=target.entity,
                            notes=_read_as(ctx, target, "hostedBy"))
            if m.group(0).startswith("will host"):
                for cand in _date_and_place_after(ctx, sent, target, m.end()):
                    cand.notes.update(_read_as(ctx, target, cand.facts[0][0]))
                    yield cand


def _date_and_place_after(ctx: DocContext, sent: Sentence, meeting: Span, pos: int) -> Iterator[Candidate]:
    """"... will host it in Manila on 29 and 30 October 2008": the place and the first date after `pos`."""
    yield from _places(sent, meeting, pos, "location.host-in", ctx=ctx)
    d = next((s for s in sent.of_kind("date") if s.start >= pos), None)
    if d is not None and DATE_GAP.match(sent.text[pos:d.start]):
        yield from _date_facts(ctx, sent, "dates.host-on", meeting, d, 0.85)


# between a name and "chaired by": the chair is of a part of what the name names ("The Commission, whose Bureau was
# chaired by ...", "The Dialogue, at which the round tables were chaired by ...")
OTHER_CHAIRED = re.compile(r"\b(?:whose|of which|at which|in which|where)\b|\b(?:working\s+groups?|task\s+forces?|sub-?groups?|"
                           r"committees?|[Bb]ureau|panels?|round\s+tables?|sessions?|segments?)\b")


def chaired_by(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"M ... was chaired by Ms. X", "G, co-chaired by UNDP and IOM", "Under the chairmanship of the Philippines, the
    Steering Group ...": the chairs of a meeting or a group the sentence names; not where the words between say the
    chair is of a part of it ("whose Bureau was chaired by")."""
    chaired = _meetings(sent, MEETINGS | ORGANISATIONS)
    for m in CHAIRED_BY.finditer(sent.text):
        before = [s for s in chaired if s.end <= m.start() and m.start() - s.end < 140]
        chairs, end = _agents_at(sent, m.end())
        if before and OTHER_CHAIRED.search(sent.text[before[-1].end:m.start()]):
            continue
        if before and chairs and before[-1].entity not in {c.entity for c in chairs}:
            for c in chairs:
                yield Candidate("chaired-by.passive", 0.9, sent, [("chairedBy", c.entity)], subject=before[-1].entity,
                                quote=(before[-1].start, end))
    m = CHAIRMANSHIP.search(sent.text)
    if m:
        chairs, end = _agents_at(sent, m.end())
        target = next((s for s in chaired if s.start > end and s.entity not in {c.entity for c in chairs}), None)
        if chairs and target is not None and re.fullmatch(r"\s*,\s*(?:the\s+)?", sent.text[end:target.start]):
            yield Candidate("chaired-by.chairmanship", 0.85, sent, [("chairedBy", chairs[0].entity)], subject=target.entity,
                            quote=(m.start(), target.end))


PERSON = r"(?:Ms|Mr|Mrs|Dr|Sir)\.?\s+(?P<person>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|van|von|bin|al|el)){0,3}\s+[A-Z][\w'’-]+)"
PART = re.compile(r"(?P<part>(?P<kind>Round table|Roundtable|Panel)\s+(?P<n>\d{1,2}|[IVX]{1,4}))\b")
TOPIC = re.compile(r"\s+(?:focused on|discussed|considered|addressed|examined|dealt with|was devoted to)\s+(?:ways of\s+|the\s+)?"
                   r"“(?P<topic>[^”]{3,300})”")
PART_CHAIR = re.compile(r"\s+and\s+(?:was\s+(?:co-)?chaired\s+by\s+" + PERSON + r"|had\s+" + PERSON.replace("person", "person2")
                        + r"(?:,[^,;“”]{3,120},)?\s+as\s+(?:co-)?chair(?:person)?\b)")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def part_chaired(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"Round table 1 focused on the “Effects of ...” and was chaired by Ms. Tarja Filatov, Minister of Labour of Finland",
    "Round table 2 discussed “...” and had Mr. X, Minister for Foreign Affairs of Y, as chair": the chair of a round table
    (or panel) of the meeting the document last names, both new entities where the graph does not know them."""
    part = PART.match(sent.text)
    if part is None:
        return
    topic = TOPIC.match(sent.text, part.end())
    chair = PART_CHAIR.match(sent.text, topic.end() if topic else part.end())
    parent = _last_meeting(ctx, sent)
    if chair is None or parent is None:
        return
    n = part.group("n")
    number = int(n) if n.isdigit() else ROMAN.get(n, 0)
    if not number:
        return
    label = f"{part.group('part')}: {topic.group('topic')}" if topic else part.group("part")
    intro = sent.text[:topic.end()] if topic else part.group("part")
    kind = "rt" if part.group("kind") != "Panel" else "panel"
    rt = newentities.part_of_meeting(ctx.entities, parent, f"{kind}{number}", label, "RoundTable", sent.label, intro)
    name = chair.group("person") or chair.group("person2")
    person = newentities.person(ctx.entities, name)
    yield Candidate("chaired-by.part", 0.85, sent, [("chairedBy", person)], subject=rt, quote=(0, chair.end()))


DESCRIBED_GROUP = re.compile(r"(?:[Tt]he\s+)?(?P<what>(?:working\s+group|task\s+force|sub-?group|steering\s+committee)"
                             r"(?:\s+of\s+the\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?(?:\s+on\s+" + _TOPIC + r")?)\s*,\s*"
                             r"(?:co-)?chaired\s+by\s+(?:the\s+)?")


def chaired_group(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"The working group of the Global Migration Group on mainstreaming, co-chaired by UNDP and IOM, is piloting ...": a
    group the sentence describes in lower case (a new one labelled with the words, `org/{slug}`) and its chairs."""
    d = DESCRIBED_GROUP.match(sent.text)
    if d is not None:
        a, b = d.span("what")
        if " " not in d.group("what").replace("working group", "").replace("task force", "").replace("steering committee", "").strip():
            return  # a bare "The working group" is no name
        inside = [s for s in sent.entities() if a <= s.start < b and s.cls not in ("Theme", "Region")]
        if len({s.entity for s in inside}) > 1 or any(s.cls not in GROUPS | {"InterAgencyGroup"} for s in inside):
            return  # (one group the words are of, at most: "of the Global Migration Group")
        chairs, end = _agents_at(sent, d.end())
        if chairs:
            group_iri = newentities.described_group(ctx.entities, d.group("what"), sent.label)
            for c in chairs:
                yield Candidate("chaired-by.described", 0.8, sent, [("chairedBy", c.entity)], subject=group_iri, quote=(a, end))


BASED_IN = re.compile(r",?\s+(?:based|headquartered|located)\s+(?=in\s)")


def based_in(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"The International Training Centre of ILO, based in Turin, Italy, hosts ...": where an organisation is based."""
    for m in BASED_IN.finditer(sent.text):
        org = next((s for s in outermost(sent.entities(*ORGANISATIONS)) if s.end == m.start()), None)
        if org is not None:
            yield from _places(sent, org, m.end(), "location.based-in", ctx=ctx)


def _last_meeting(ctx: DocContext, sent: Sentence) -> URIRef | None:
    """The meeting the document names last before the sentence (not a round table or a panel of one)."""
    for s in reversed(ctx.sentences[:next((i for i, x in enumerate(ctx.sentences) if x is sent), 0)]):
        named = [m for m in _meetings(s) if m.cls not in ("RoundTable", "Panel") and m.entity is not None]
        if named:
            return named[-1].entity
    return None


def participants(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"The 132 Member States that participated in M", "there were 138 participants at M1, compared with 45 at M2": the
    number right before the meeting's name, unless the text qualifies it ("over 150")."""
    for meeting in _meetings(sent):
        head = sent.text[:meeting.start]
        for pattern in (PARTICIPATED, THERE_WERE, COMPARED):
            m = pattern.search(head[-120:])
            if m and not _qualified(head[:len(head) - len(head[-120:]) + m.start("n")]):
                n = m.group("n").replace(",", "")
                yield Candidate("participants.count", 0.85, sent, [("participantCount", n)], subject=meeting.entity,
                                notes={"participantCount": f"Number of {_counted(m.group(0))} that took part."})


_NUMBER_WORDS = {w: i + 1 for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                                  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                                  "seventeen", "eighteen", "nineteen", "twenty"))}
TAKING_PART = re.compile(r"\b(?:[Pp]articipants\s+(?:in|at)\b[^.;]*?\bincluded|(?:[Oo]ther\s+)?(?:orators|speakers)\s+included|"
                         r"made\s+statements|statements\s+were\s+made\s+by|participated\s+in|took\s+part\s+in)\b")
_WHO = (r"representatives|officials|agencies|commissions|entities|organizations|organisations|States|State|Governments|"
        r"Ministers|Vice-ministers|Vice-presidents?|delegations|participants|countries|experts|observers")
# the words between a number and what it counts qualify it ("162 high-level representatives", "16 United Nations
# agencies"): no preposition, verb or relative pronoun ("12 recommendations addressed to Governments" counts no one)
_QUALIFIER = (r"(?!(?:of|to|in|at|for|from|with|by|on|which|that|who|was|were|is|are|had|have|has|million|billion|thousand)\b)"
              r"[\w-]+\s+")
COUNTED = re.compile(r"(?:(?<=\s)|^)(?P<n>\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")\s+(?P<what>(?:" + _QUALIFIER + r"){0,6}?(?:"
                     + _WHO + r")\b(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?)")
_THE_MEETING = re.compile(r"(?:in|at|during)\s+the\s+(?:round\s+tables|meeting|sessions|panels|dialogue|conference)\b")


def taking_part(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"Participants in the round tables included 162 high-level representatives of Governments, officials of 16 United
    Nations agencies, ... and representatives of 12 civil society entities", "During the Dialogue, high-level officials of
    127 Governments made statements", "Representatives of 156 Member States participated in the meeting": each number of
    those who took part in the meeting the sentence names, or that "the meeting" / "the round tables" stands for (the one
    named last before), or that the section heading names. Not the numbers of "plenary meetings at which statements were
    made by ...": those are counts of the plenary meetings; nor a number of things ("adopted 12 recommendations addressed
    to Governments") or of those a speaker stood for ("on behalf of 27 States")."""
    head = TAKING_PART.search(sent.text)
    if head is None or re.search(r"\b(?:meetings?|sessions?|round tables?|panels?)\s+at\s+which\b", sent.text):
        return
    named = [s for s in _meetings(sent) if s.start < head.end() + 8]  # "During M, ...", "participated in M"
    if len({s.entity for s in named}) > 1:
        return
    meeting, how = (named[0].entity, "") if named else (None, "")
    if meeting is None and (_THE_MEETING.search(head.group(0)) or _THE_MEETING.match(sent.text, head.end() - 2)):
        meeting, how = _last_meeting(ctx, sent), " (the meeting the document names before)"
    if meeting is None:
        hits = [e.entity for _, _, e in ctx.gazetteer.match(sent.label) if e.cls in MEETINGS]
        meeting, how = (hits[-1], f" (the meeting the heading '{sent.label}' names)") if len(set(hits)) == 1 else (None, "")
    if meeting is None:
        return
    for m in COUNTED.finditer(sent.text):
        if _qualified(sent.text[:m.start()]) or re.search(r"\bon\s+behalf\s+of\s+(?:the\s+)?$", sent.text[:m.start()]) or any(
                d.start <= m.start() < d.end for d in sent.spans if d.kind in ("date", "percentage", "money")):
            continue  # ("on behalf of 27 States": those a speaker stood for, not who took part)
        n = m.group("n").replace(",", "")
        n = str(_NUMBER_WORDS[n]) if n in _NUMBER_WORDS else n
        what = " ".join(m.group("what").split())
        yield Candidate("participants.listed", 0.8, sent, [("participantCount", n)], subject=meeting,
                        notes={"participantCount": f"Number of {what} that took part{how}."})


def _qualified(text: str) -> bool:
    return bool(re.search(r"\b(?:over|more than|about|some|nearly|almost|approximately|around|at least|up to)\s*$", text))


def _counted(text: str) -> str:
    m = re.search(r"Member\s+States|States|countries|Governments|participants|delegations", text)
    return " ".join(m.group(0).split()) if m else "participants"


def annex_entry(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"M Date: 25-29 July 2006 Venue: Banjul, the Gambia Organizers: A; B" in an annex list of meetings; a meeting the
    graph does not know is proposed with the entry's title as its label."""
    date_m = re.search(r"\bDate:\s*", sent.text)
    if sent.unit_kind != "annex" or date_m is None:
        return
    title = re.split(r",\s+(?=[a-z]+ed\b)", sent.text[:date_m.start()].strip(), maxsplit=1)[0]
    at = AT_MEETING.match(title)  # "Discussion of the Issue of Migration at the meeting of Ministers of ...": that meeting
    start = at.start("meeting") if at else 0
    title = title[start:]
    meeting = next((s for s in _meetings(sent) if s.start == start and (s.end == start + len(title) or ctx.entities.curated(s.entity))),
                   None)
    if meeting is None:
        # a title naming a process or a body the graph knows, whole ("South American Conference on Migration"), is
        # the entry's meeting of it; a known name opening a longer title leaves the entry unread
        if not title or len(title) > 200 or any(s.start == start and s.end != start + len(title) and s.entity is not None
                                                 and ctx.entities.curated(s.entity) for s in sent.spans):
            return
        meeting = newentities.meeting(ctx.entities, title, sent.label, start)
    d = next((s for s in sent.of_kind("date") if s.start == date_m.end()), None)
    if d is not None:
        yield from _date_facts(ctx, sent, "dates.annex-entry", meeting, d, 0.95)
    venue = VENUE.search(sent.text)
    if venue:
        yield from _venue(ctx, sent, meeting, venue)
    orgs = re.search(r"\bOrgani[sz]ers?:\s*", sent.text)
    if orgs:
        end = re.search(r"\b(?:Outcome [Dd]ocuments?|Letter dated|Note dated|Note by)\b", sent.text[orgs.end():])
        stop = orgs.end() + end.start() if end else len(sent.text)
        for o in _organisers(sent, orgs.end(), stop):
            yield Candidate("organized-by.organizers", 0.9, sent, [("organizedBy", o.entity)], subject=meeting.entity,
                            quote=(orgs.start(), stop))


AT_MEETING = re.compile(r"(?:Discussion|Consideration|Examination|Review|Debate)\s+of\s+.+?\s+at\s+the\s+"
                        r"(?P<meeting>(?:[a-z]+\s+)?(?:meeting|session|conference|summit)\s+of\s+\S.*)$")
VENUE = re.compile(r"\bVenue:\s*(?P<city>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})(?:,\s*(?:the\s+)?(?P<country>[A-Z][^,]*?))?"
                   r"(?=\s+(?:Organi[sz]ers?:|Outcome|Letter|Note)|\s*$)")


def _venue(ctx: DocContext, sent: Sentence, meeting: Span, venue: re.Match[str]) -> Iterator[Candidate]:
    """"Venue: Rabat, Morocco": the city (a new one if the graph does not know it) and the country."""
    quote = (venue.start(), venue.end())
    places = [s for s in sent.spans if s.entity is not None and s.cls in PLACES and venue.start("city") <= s.start < venue.end()]
    city = next((s for s in places if s.start == venue.start("city") and s.end == venue.end("city")), None)
    # a country's name inside the city's ("Mexico City") is not the city
    if city is None and not any(s.start < venue.end("city") and not (s.cls == "Country" and venue.start("city") <= s.start
                                                                     and s.end < venue.end("city")) for s in places):
        city = newentities.city(ctx.entities, venue.group("city"), sent.label, sent.text[venue.start():venue.end()])
    if city is not None and city.cls in ("City", "Place"):
        yield Candidate("location.venue", 0.9, sent, [("location", city.entity)], subject=meeting.entity, quote=quote)
    if venue.group("country"):
        country = next((s for s in places if s.start >= venue.start("country") and s.end == venue.end("country")
                        and s.cls == "Country"), None)
        if country is not None:
            yield Candidate("location.venue", 0.9, sent, [("location", country.entity)], subject=meeting.entity, quote=quote)


def _organisers(sent: Sentence, start: int, stop: int) -> list[Span]:
    """Organisers listed with ";": each item one entity ("Government of X" read as X), or "Governments of A, B and C"."""
    out: list[Span] = []
    for item in re.finditer(r"[^;]+", sent.text[start:stop]):
        a, b = start + item.start(), start + item.end()
        inside = outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and a <= s.start and s.end <= b])
        governments = re.match(r"\s*(?:the\s+)?Governments\s+of\s+", sent.text[a:b])
        if governments:
            listed, end = entity_list(sent, a + governments.end(), {"Country"}, b)
            if listed and not sent.text[end:b].strip():
                out += listed
            continue
        if inside and len({s.entity for s in inside}) == 1 and inside[0].cls in AGENTS:
            s, last = inside[0], inside[-1]  # "International Organization for Migration (IOM)": the name and its acronym
            lead, tail = sent.text[a:s.start].strip(), sent.text[last.end:b].strip()
            if len(inside) > 1 and not re.fullmatch(r"\s*\(", sent.text[s.end:last.start]):
                continue
            if re.fullmatch(r"(?:the|(?:the\s+)?Government\s+of(?:\s+the)?)?", lead) and re.fullmatch(r"(?:\([A-Z]+\))?\)?", tail):
                out.append(s)
            elif re.fullmatch(r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|the|on))*\s*\(", sent.text[a:s.start].lstrip()) \
                    and s.text.isupper() and tail == ")":
                out.append(s)  # "Latin American Demographics Study Centre (CELADE)": a name the graph writes otherwise
    return out


RULES = (held, active_held, convened_in, convened_by, organized_by, hosted_by, chaired_by, part_chaired, participants, annex_entry,
         described, taking_part, session_of, chaired_group, based_in)
