"""Establishment: when an organisation, a group or a process was established, and by whom.

- `established.passive`: "The Global Migration Group was established by the Secretary-General prior to ...",
  "E, established in 2006", "E was created in 2003": `established` (the date), `establishedBy` (the agent);
- `established.active`: "In 2003, the Governments of Sweden and Switzerland established E", "B set up E in 2005",
  "B launched E", "A and B took the initiative to launch E", "B set up a €10 million E";
- `established.since-creation`: "E has initiated a review ... since its creation in 2006", "Since its establishment
  in 2006, E has ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .common import AGENTS, NAMED, ORGANISATIONS, entity_list, outermost
from .context import DocContext, Sentence, Span
from .model import Candidate

ESTABLISHABLE = ORGANISATIONS | {"Programme", "Process", "Fund", "Facility", "Network", "Platform", "Partnership", "Initiative"}
PASSIVE = re.compile(r"\b(?:was|were|had been|has been|is)\s+(?:formally\s+|therefore\s+|thus\s+|officially\s+)?"
                     r"(?:established|created|set up|founded|launched|started)\b")
PARTICIPLE = re.compile(r"^,\s+(?:which was\s+)?(?:established|created|set up|founded|launched)\b")
MONEY = r"(?:[€$£]\s?\d[\d.,]*(?:\s+(?:million|billion))?\s+)?"
ACTIVE = re.compile(r"\b(?:established|created|set up|founded|launched|(?:proceeded|decided|took the initiative) to "
                    r"(?:establish|create|set up|launch))\s+(?:the\s+|an?\s+)?" + MONEY)
SINCE_CREATION = re.compile(r"\bsince its (?:creation|establishment|inception) in\s+")
SINCE_OPENING = re.compile(r"^Since its (?:creation|establishment|inception) in\s+")


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
                yield Candidate(rule, 0.85, sent, [("establishedBy", a.entity)], subject=subject.entity, quote=(subject.start, end))
    date = _date_after(sent, end)
    if date is not None:
        yield Candidate(rule, 0.85, sent, [("established", date.found.value)], subject=subject.entity,  # type: ignore[union-attr]
                        quote=(subject.start, date.end))


def active(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for m in ACTIVE.finditer(sent.text):
        if re.search(r"\b(?:was|were|been|is|are|be)\s+$", sent.text[:m.start()]):
            continue
        target = next((s for s in outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED])
                       if s.start == m.end()), None)
        if target is None or target.cls not in ESTABLISHABLE:
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
                            quote=(chain[0].start, target.end))
        dates = sent.of_kind("date")
        date = _date_after(sent, target.end) or (dates[0] if dates and sent.text[:dates[0].start].strip() in ("In", "By") else None)
        if date is not None and date.found is not None:
            yield Candidate("established.active", 0.8, sent, [("established", date.found.value)], subject=target.entity,
                            quote=(min(date.start, agents[-1].start), max(date.end, target.end)))


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


RULES = (passive, active, since_creation, since_opening)
