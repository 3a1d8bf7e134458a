"""Establishment: when an organisation, a group or a process was established, and by whom.

- `established.passive`: "The Global Migration Group was established by the Secretary-General prior to ...",
  "E, established in 2006", "E was created in 2003": `established` (the date), `establishedBy` (the agent);
- `established.active`: "In 2003, the Governments of Sweden and Switzerland established E", "B set up E in 2005",
  "B launched E", "A and B took the initiative to launch E", "B set up a €10 million E";
- `established.in-collaboration`: "The Population Division, in collaboration with the United Nations Children’s Fund
  and the World Bank, developed E", "UNESCO, in collaboration with IOM, has established E": `establishedBy` the agent
  and each partner ("developed" only for a programme, a database, a tool);
- `established.described`: "In 2006, UNODC launched an initiative to strengthen the response of ... to migrant
  smuggling", "It launched a multi-country survey project on ... in Africa in 2007": a programme, project, initiative
  or campaign described rather than named, a new programme labelled by its description; and "A clearing house on
  migration statistics, established by ECE, allows ...": what a sentence opens by describing, established by the
  agents of the participle;
- `established.named-new`: "In 2007, it launched the United Nations Global Initiative to Fight Human Trafficking",
  "Also in 2006 ... established the African, Caribbean and Pacific States Migration Facility": a programme named that
  the graph does not know (an initiative, programme, project, campaign, facility, network, database ...), new;
- `established.since-creation`: "E has initiated a review ... since its creation in 2006", "Since its establishment
  in 2006, E has ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import URIRef

from .common import AGENTS, NAMED, ORGANISATIONS, entity_list, outermost
from .context import DocContext, Sentence, Span
from .model import Candidate
from .newentities import slug

ESTABLISHABLE = ORGANISATIONS | {"Programme", "Process", "Fund", "Facility", "Network", "Platform", "Partnership", "Initiative"}
PASSIVE = re.compile(r"\b(?:was|were|had been|has been|is)\s+(?:formally\s+|therefore\s+|thus\s+|officially\s+)?"
                     r"(?:established|created|set up|founded|launched|started)\b")
PARTICIPLE = re.compile(r"^,\s+(?:which was\s+)?(?:established|created|set up|founded|launched)\b")
MONEY = r"(?:[€$£]\s?\d[\d.,]*(?:\s+(?:million|billion))?\s+)?"
ACTIVE = re.compile(r"\b(?:established|created|set up|founded|launched|developed|(?:proceeded|decided|took the initiative) to "
                    r"(?:establish|create|set up|launch))\s+(?:the\s+|an?\s+)?" + MONEY)
SINCE_CREATION = re.compile(r"\bsince its (?:creation|establishment|inception) in\s+")
SINCE_OPENING = re.compile(r"^Since its (?:creation|establishment|inception) in\s+")


def _from(sent: Sentence, span: Span) -> int:
    """Where a quote naming `span` starts: with the article written before it ("the Secretary-General" is the name the
    gazetteer reads, "Secretary-General" alone is not)."""
    m = re.search(r"\b[Tt]he\s+$", sent.text[:span.start])
    return m.start() if m else span.start


def _new_programme(ctx: DocContext, label: str) -> URIRef | None:
    """The new programme `programme/{slug}` labelled `label`, as a sentence describes or names it; None where the graph
    curates an entity of that IRI (what it says of a known one is left to the rules that read known names)."""
    iri = ctx.entities.iri(f"programme/{slug(label)}")
    if ctx.entities.curated(iri):
        return None
    ctx.entities.new.setdefault(iri, ("Programme", label, (), None))
    return iri


def _date_after(sent: Sentence, pos: int, limit: int = 12) -> Span | None:
    m = re.match(r"\s+(?:in|on)\s+", sent.text[pos:pos + limit])
    if m is None:
        return None
    return next((d for d in sent.of_kind("date") if d.start == pos + m.end() and d.found is not None), None)


def _subject_before(sent: Sentence, pos: int) -> Span | None:
    subjects = outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.end <= pos])
    if not subjects or subjects[-1].cls not in ESTABLISHABLE:
        return None
    s = subjects[-1]
    return s if re.fullmatch(r"\s*(?:\([A-Z]+\)\s*)?", sent.text[s.end:pos]) else None


def passive(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for m in PASSIVE.finditer(sent.text):
        subject = _subject_before(sent, m.start())
        if subject is None:
            continue
        yield from _facts(sent, subject, m.end(), "established.passive")
    for subject in outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.cls in ESTABLISHABLE]):
        m = PARTICIPLE.match(sent.text[subject.end:])
        if m:
            yield from _facts(sent, subject, subject.end + m.end(), "established.participle")


def _facts(sent: Sentence, subject: Span, pos: int, rule: str) -> Iterator[Candidate]:
    by = re.match(r"\s+by\s+(?:the\s+)?", sent.text[pos:])
    end = pos
    if by:
        agents, end = entity_list(sent, pos + by.end(), AGENTS)
        for a in agents:
            if a.entity != subject.entity:
                yield Candidate(rule, 0.85, sent, [("establishedBy", a.entity)], subject=subject.entity, quote=(_from(sent, subject), end))
    date = _date_after(sent, end)
    if date is not None:
        yield Candidate(rule, 0.85, sent, [("established", date.found.value)], subject=subject.entity,  # type: ignore[union-attr]
                        quote=(_from(sent, subject), date.end))


def active(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for m in ACTIVE.finditer(sent.text):
        if re.search(r"\b(?:was|were|been|is|are|be)\s+$", sent.text[:m.start()]):
            continue
        target = next((s for s in outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED])
                       if s.start == m.end()), None)
        if target is None or target.cls not in ESTABLISHABLE:
            continue
        if m.group(0).startswith("developed") and target.cls != "Programme":
            continue  # a database, a tool, a programme is developed; an organisation is not
        collaborators = _collaboration(sent, m.start())
        if collaborators:
            for agent in collaborators:
                yield Candidate("established.in-collaboration", 0.8, sent, [("establishedBy", agent.entity)],
                                subject=target.entity, quote=(_from(sent, collaborators[0]), target.end))
            continue
        agents = [s for s in outermost(sent.entities(*AGENTS)) if s.end <= m.start()]
        if not agents or not (re.fullmatch(r"\s+(?:has\s+|had\s+|also\s+)?", sent.text[agents[-1].end:m.start()]) or (
                re.fullmatch(r"(?:[Tt]he\s+)?", sent.text[:agents[-1].start])
                and re.fullmatch(r"\s+(?:[a-z]+\s+){1,8}and\s+", sent.text[agents[-1].end:m.start()]))):
            continue  # "B established E", "The Secretary-General approved the terms of reference and proceeded to establish E"
        chain = [agents[-1]]  # "the Governments of Sweden and Switzerland took the initiative to launch E": both
        for a in reversed(agents[:-1]):
            if re.fullmatch(r"\s*(?:,\s*|\s+and\s+|,\s+and\s+)(?:the\s+)?", sent.text[a.end:chain[0].start]):
                chain.insert(0, a)
            else:
                break
        for agent in chain:
            yield Candidate("established.active", 0.8, sent, [("establishedBy", agent.entity)], subject=target.entity,
                            quote=(_from(sent, chain[0]), target.end))
        dates = sent.of_kind("date")
        date = _date_after(sent, target.end) or (dates[0] if dates and sent.text[:dates[0].start].strip() in ("In", "By") else None)
        if date is not None and date.found is not None:
            yield Candidate("established.active", 0.8, sent, [("established", date.found.value)], subject=target.entity,
                            quote=(min(date.start, _from(sent, agents[-1])), max(date.end, target.end)))


COLLABORATION = re.compile(r",\s+in (?:collaboration|cooperation|partnership) with\s+")


def _collaboration(sent: Sentence, verb: int) -> list[Span]:
    """"The Population Division, in collaboration with the United Nations Children’s Fund, the Special Unit ... of the
    United Nations Development Programme (UNDP) and the World Bank, developed E", "UNESCO, in collaboration with IOM, has
    established E": the agent before the phrase and each partner in it (not a name inside a longer one: "... of the
    United Nations Development Programme"), when the phrase ends with the comma before the verb (the partners are the
    last thing in it: not "IOM, in collaboration with the World Bank, held a seminar on ..., developed E")."""
    close = re.search(r",\s+(?:has\s+|have\s+|had\s+|also\s+)?$", sent.text[:verb])
    if close is None:
        return []
    m = next(COLLABORATION.finditer(sent.text, 0, close.start()), None)
    if m is None:
        return []
    names = outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED])
    last = max((s.end for s in names if m.end() <= s.start and s.end <= close.start() and s.cls in AGENTS), default=None)
    if last is None or not re.fullmatch(r"\s*(?:\([A-Z][\w-]*\))?\s*", sent.text[last:close.start()]):
        return []
    lead = next((s for s in reversed(names) if s.end <= m.start()), None)
    if lead is None or lead.cls not in AGENTS or not re.fullmatch(r"\s*(?:\([A-Z][\w-]*\)\s*)?", sent.text[lead.end:m.start()]) \
            or not re.fullmatch(r"(?:.*[,;:]\s+|\s*)(?:[Tt]he\s+)?", sent.text[:lead.start]):
        return []
    partners: list[Span] = []
    inside: set[object] = set()  # entities named inside a longer name, and so their acronym after it too
    for s in names:
        if not (m.end() <= s.start and s.end <= close.start()):
            continue
        if re.search(r"\bof\s+(?:the\s+)?$", sent.text[:s.start]):
            inside.add(s.entity)
        elif sent.text[:s.start].endswith("("):
            continue  # an acronym restating the name before it
        elif s.cls in AGENTS and s.entity not in inside and s.entity not in {p.entity for p in partners}:
            partners.append(s)
    return [lead, *partners] if partners else []


DESCRIBED = re.compile(r"\b(?:launched|established|set up|created|initiated|started)\s+(?:a|an)\s+"
                       r"(?P<desc>(?:[a-z][\w-]*\s+){0,3}?(?P<head>programme|project|initiative|campaign)\s+(?:to|on|for)\s)")
DESCRIPTION_END = re.compile(r"[.;(]\s|[.;]$|,\s+(?:which|who|and|while|but|with|in order|as well)\b|"
                             r"\s+and\s+(?:[a-z]+ed|has|have|is|was)\b")
PRONOUN = re.compile(r"(?:^|[,;]\s+)(?:It|it|They|they)\s+(?:has\s+|had\s+|also\s+)?$")


def described(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"In 2006, UNODC launched an initiative to strengthen the response of national criminal justice systems to migrant
    smuggling.", "It launched a multi-country survey project on international migration, remittances and development in
    Africa in 2007.": a programme, project, initiative or campaign the sentence describes rather than names, `established`
    (the date the sentence opens with, or the one after the description) by the agent named before the verb (none for
    "It"). The description, from its head noun to the end of its clause, is the new programme's label."""
    for m in DESCRIBED.finditer(sent.text):
        if re.search(r"\b(?:was|were|been|is|are|be)\s+$", sent.text[:m.start()]):
            continue
        start = m.start("desc")
        cut = DESCRIPTION_END.search(sent.text, m.end())
        end = cut.start() if cut else len(sent.text.rstrip(". "))
        dates = [d for d in sent.of_kind("date") if d.found is not None]
        inner = next((d for d in dates if start < d.start < end), None)
        date_after = None
        if inner is not None:
            lead = re.search(r"\s+(?:in|on)\s+$", sent.text[start:inner.start])
            if lead is None or sent.text[inner.end:end].strip():
                continue  # a date inside the description: where the description ends is not clear
            date_after, end = inner, start + lead.start()
        label = sent.text[start:end].strip()
        if len(label.split()) < 4 or any(s.entity is not None and start <= s.start < end and s.kind == "name" and s.cls in AGENTS
                                         for s in sent.spans):
            continue  # too short to tell the programme, or naming an agent (whose programme it is would be read wrong)
        agents = [s for s in outermost(sent.entities(*AGENTS)) if s.end <= m.start()]
        agent = agents[-1] if agents and re.fullmatch(r"\)?(?:\s*\([A-Z][\w-]*\))?\s+(?:has\s+|had\s+|also\s+)?",
                                                     sent.text[agents[-1].end:m.start()]) else None
        if agent is None and not PRONOUN.search(sent.text[:m.start()]):
            continue
        iri = _new_programme(ctx, label)
        if iri is None:
            continue
        first = _from(sent, agent) if agent is not None else PRONOUN.search(sent.text[:m.start()]).start()  # type: ignore[union-attr]
        while sent.text[first:first + 1] in (",", ";", " "):
            first += 1
        if agent is not None:
            yield Candidate("established.described", 0.75, sent, [("establishedBy", agent.entity)], subject=iri, quote=(first, end))
        opening = dates[0] if dates and sent.text[:dates[0].start].strip() in ("In", "By") else None
        date = date_after or opening
        if date is not None and date.found is not None:
            yield Candidate("established.described", 0.75, sent, [("established", date.found.value)], subject=iri,
                            quote=(min(first, date.start), max(end, date.end)))


DESCRIBED_PASSIVE = re.compile(r"^(?:A|An)\s+(?P<desc>(?:[a-z][\w-]*\s+){0,3}?(?P<head>programme|project|initiative|campaign|"
                               r"facility|fund|network|database|platform|portal|observatory|clearing house|clearinghouse|"
                               r"toolkit)\s+(?:on|for|of|to|in|against)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,9}),\s+"
                               r"(?:which was\s+)?(?:established|created|set up|launched|developed)\s+by\s+")


def described_passive(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"A clearing house on migration statistics, established by ECE, allows for ...": what the sentence opens by
    describing, when its head noun tells a programme (a programme, project, initiative, campaign, facility, fund,
    network, database, platform, portal, observatory, clearing house, toolkit: not a working group, a study, a
    handbook), a new programme labelled by the description, `establishedBy` each agent the participle names."""
    m = DESCRIBED_PASSIVE.match(sent.text)
    if m is None or any(s.entity is not None and s.start < m.end("desc") and s.cls != "Theme" for s in sent.spans):
        return  # (a theme may be written in the description: "on labour mobility")
    agents, end = entity_list(sent, m.end(), AGENTS)
    if not agents or not re.match(r"\s*,", sent.text[end:]):
        return  # the participle's agents, up to the comma that closes it
    label = m.group("desc")
    iri = _new_programme(ctx, label)
    if iri is None:
        return
    for agent in agents:
        yield Candidate("established.described", 0.75, sent, [("establishedBy", agent.entity)], subject=iri, quote=(0, end))


_CAP = r"[A-Z][\w'’-]*"
NEW_NAME = re.compile(rf"\b(?:launched|established|created|set up|founded)\s+the\s+(?P<name>{_CAP}(?:(?:\s+|,\s+(?={_CAP}))"
                      rf"(?:(?:to|of|for|on|against|and|the|in)\s+)*{_CAP})*)(?=\s*[,.;(]|\s+(?:in|on|with|which|that)\s)")
NEW_HEADS = {"Initiative", "Programme", "Project", "Campaign", "Facility", "Network", "Database", "Platform", "Partnership"}
OPENING_DATE = re.compile(r"^(?:(?:Also|Then|Later)\s+(?:in|by)|In|By)\s+$")


def named_new(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"In 2007, it launched the United Nations Global Initiative to Fight Human Trafficking, which ...", "Also in 2006 a
    Joint ... Council of Ministers established the African, Caribbean and Pacific States Migration Facility": a programme
    the sentence names (an initiative, programme, project, campaign, facility, network, database, platform or
    partnership) that the graph does not know, as a new programme `established` at the date the sentence opens with (or
    the one after the name), `establishedBy` the agent named right before the verb, if one is."""
    from .newentities import _head

    for m in NEW_NAME.finditer(sent.text):
        a, b = m.span("name")
        name = m.group("name")
        words = name.replace(",", "").split()
        head = _head(words) or next((w for w in words if w in NEW_HEADS), None)
        if head not in NEW_HEADS or len(words) < 3 or re.search(r"\b(?:was|were|been|is|are|be)\s+$", sent.text[:m.start()]):
            continue
        if any(s.entity is not None and s.kind in NAMED and s.start <= a and b <= s.end for s in sent.spans):
            continue  # a name the graph knows: `established.active`
        iri = _new_programme(ctx, name)
        if iri is None:
            continue
        agents = [s for s in outermost(sent.entities(*AGENTS)) if s.end <= m.start()]
        agent = agents[-1] if agents and re.fullmatch(r"\)?\s+(?:has\s+|had\s+|also\s+)?", sent.text[agents[-1].end:m.start()]) else None
        if agent is not None:
            yield Candidate("established.named-new", 0.75, sent, [("establishedBy", agent.entity)], subject=iri,
                            quote=(_from(sent, agent), b))
        dates = [d for d in sent.of_kind("date") if d.found is not None]
        opening = dates[0] if dates and OPENING_DATE.match(sent.text[:dates[0].start]) else None
        date = _date_after(sent, b) or opening
        if date is not None and date.found is not None:
            yield Candidate("established.named-new", 0.75, sent, [("established", date.found.value)], subject=iri,
                            quote=(min(date.start, a), max(date.end, b)))


def since_creation(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"the Global Migration Group has initiated a review ... since its creation in 2006": the subject named before."""
    for m in SINCE_CREATION.finditer(sent.text):
        date = next((d for d in sent.of_kind("date") if d.start == m.end() and d.found is not None), None)
        subjects = outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.end <= m.start()])
        # the subject of the clause: the entity before its verb ("the Global Migration Group has initiated ...")
        candidates = [s for s in subjects if s.cls in ESTABLISHABLE and re.match(r"\s+(?:has|have|had|is|was)\s", sent.text[s.end:])]
        if date is None or len({s.entity for s in candidates}) != 1:
            continue
        subject = candidates[-1]
        yield Candidate("established.since-creation", 0.75, sent, [("established", date.found.value)],  # type: ignore[union-attr]
                        subject=subject.entity, quote=(subject.start, date.end))


def since_opening(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"Since its establishment in 2006, the Global Migration Group has ...": the subject the clause goes on with."""
    m = SINCE_OPENING.match(sent.text)
    if m is None:
        return
    date = next((d for d in sent.of_kind("date") if d.start == m.end() and d.found is not None), None)
    if date is None:
        return
    subject = next((s for s in outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED])
                    if s.start > date.end), None)
    if subject is None or subject.cls not in ESTABLISHABLE or not re.fullmatch(r",\s+(?:the\s+)?", sent.text[date.end:subject.start]):
        return
    yield Candidate("established.since-creation", 0.75, sent, [("established", date.found.value)],  # type: ignore[union-attr]
                    subject=subject.entity, quote=(0, subject.end))


RULES = (passive, active, described, described_passive, named_new, since_creation, since_opening)
