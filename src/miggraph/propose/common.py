"""What the rules share: classes of entities, dates read from their mentions, spans near a position."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract.patterns import MONTHS
from .context import Sentence, Span

MEETINGS = {"Meeting", "HighLevelDialogue", "GlobalForumMeeting", "RoundTable", "Conference", "Debate", "Hearing",
            "CoordinationMeeting", "Panel", "PlenaryMeeting", "CivilSocietyMeeting", "Session", "Summit"}
ACTIVITIES = MEETINGS | {"Programme", "Project", "Initiative", "Campaign", "Course"}
AGENTS = {"Body", "UNEntity", "IntergovernmentalOrganization", "InterAgencyGroup", "RegionalOrganization", "Commission",
          "Organization", "WorkingGroup", "CivilSocietyOrganization", "Foundation", "Agency", "Office", "Government",
          "GlobalConsultativeProcess", "RegionalConsultativeProcess", "ConsultativeProcess", "Country", "Person", "Post"}
ORGANISATIONS = AGENTS - {"Country", "Person", "Post"}
GROUPS = {"InterAgencyGroup", "WorkingGroup", "Body", "Organization", "IntergovernmentalOrganization", "RegionalOrganization",
          "GlobalConsultativeProcess", "RegionalConsultativeProcess", "ConsultativeProcess", "Commission"}
MEMBERS = AGENTS - {"Person", "Post"}
PLACES = {"City", "Country", "Place"}
INSTRUMENTS = {"Convention", "Protocol", "Instrument", "Recommendation", "CodeOfPractice", "Declaration", "PlanOfAction",
               "PolicyFramework", "Agreement", "Resolution"}
DOCUMENTS = {"Document", "Report", "Publication", "Correspondence", "MeetingSummary", "Resolution", "DraftResolution"}

_DAYS = re.compile(r"(?P<d1>\d{1,2})(?:\s*(?:-|–|and|to)\s*(?P<d2>\d{1,2}))?\s+(?P<month>[A-Z][a-z]+),?\s+(?P<year>\d{4})")
_CROSS = re.compile(r"(?P<d1>\d{1,2})\s+(?P<m1>[A-Z][a-z]+)(?:\s+(?P<y1>\d{4}))?\s*(?:-|–|to)\s*(?P<d2>\d{1,2})\s+(?P<m2>[A-Z][a-z]+),?\s+"
                    r"(?P<year>\d{4})")


@dataclass(frozen=True)
class DateRange:
    """A date as written: its first and last day (or month, or year) at the precision of the text."""

    start: str
    end: str | None  # None for a single month or year: only a start date is stated
    span: tuple[int, int]  # in the sentence


def date_at(sent: Sentence, span: Span) -> DateRange | None:
    """The date a date mention writes; a range of days ("14 and 15 September 2006", "25-29 July 2006") gives both ends,
    "30 October to 1 November 2008" too (read from the sentence before the mention)."""
    if span.found is None:
        return None
    value = span.found.value
    if len(value) < 10:
        return DateRange(value, None, (span.start, span.end))
    cross = _CROSS.search(sent.text, max(0, span.start - 25), span.end)
    if cross and cross.end() == span.end and cross.group("m1") in MONTHS and cross.group("m2") in MONTHS:
        y1 = cross.group("y1") or cross.group("year")
        start = f"{y1}-{MONTHS[cross.group('m1')]:02d}-{int(cross.group('d1')):02d}"
        return DateRange(start, value, (cross.start(), cross.end()))
    m = _DAYS.fullmatch(span.text) or _DAYS.search(span.text)
    if m and m.group("d2") and m.group("month") in MONTHS:
        end = f"{m.group('year')}-{MONTHS[m.group('month')]:02d}-{int(m.group('d2')):02d}"
        return DateRange(value, end if end > value else None, (span.start, span.end))
    return DateRange(value, value, (span.start, span.end))


OPENING = re.compile(r"^(?:As\s+(?:at|of)|By|In|At\s+(?:the\s+)?end\s+of)\s+")
_YEAR = re.compile(r"((?:19|20)\d\d)\b")


def opening_date(sent: Sentence) -> tuple[str, int] | None:
    """The date a sentence opens with ("As at June 2012,", "By mid-2012,", "As at 2012,"): its value and where it ends."""
    head = OPENING.match(sent.text)
    if head is None:
        return None
    for d in sent.of_kind("date"):
        if head.end() <= d.start <= head.end() + 4 and d.found is not None:
            return d.found.value, d.end
    year = _YEAR.match(sent.text, head.end())
    return (year.group(1), year.end()) if year else None


def before(sent: Sentence, pos: int, kinds: set[str] | None = None, classes: set[str] | None = None) -> list[Span]:
    """Spans ending at or before `pos`, nearest last."""
    return [s for s in sent.spans if s.end <= pos and (kinds is None or s.kind in kinds)
            and (classes is None or s.cls in classes)]


def after(sent: Sentence, pos: int, kinds: set[str] | None = None, classes: set[str] | None = None) -> list[Span]:
    """Spans starting at or after `pos`, nearest first."""
    return [s for s in sent.spans if s.start >= pos and (kinds is None or s.kind in kinds)
            and (classes is None or s.cls in classes)]


NAMED = {"name", "description", "variant", "resolution", "symbol", "anaphora"}


def entity_spans(sent: Sentence, classes: set[str]) -> list[Span]:
    return [s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.cls in classes]


def outermost(spans: list[Span]) -> list[Span]:
    """Spans not inside a longer one ("General Assembly" inside "Second Committee of the General Assembly" is left)."""
    return [s for s in spans if not any(o is not s and o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start)
                                        for o in spans)]


def gap(sent: Sentence, a: int, b: int) -> str:
    """The text between two positions of the sentence."""
    return sent.text[a:b] if a <= b else ""


_LIST_SEPARATOR = re.compile(r"^(?:,\s*|\s+and\s+|,\s+and\s+|;\s*|\s*&\s*)$")
_LEADING = re.compile(r"^(?:the\s+|its\s+|representatives\s+of\s+(?:the\s+)?|the\s+Governments?\s+of\s+(?:the\s+)?|"
                      r"Government\s+of\s+(?:the\s+)?)+", re.I)


def entity_list(sent: Sentence, start: int, classes: set[str], end: int | None = None) -> tuple[list[Span], int]:
    """The entities listed from `start` ("A, B, C and D", "the Governments of A and B"), and where the list ends.

    Every item must be an entity of one of the classes; the list stops at the first item that is not (and is empty if
    the first is not)."""
    limit = len(sent.text) if end is None else end
    items: list[Span] = []
    pos = start
    for s in outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and start <= s.start and s.end <= limit]):
        between = sent.text[pos:s.start]
        lead = between.strip() if not items else between
        if not items:
            if _LEADING.sub("", lead.strip()).strip():
                break
        else:
            rest = _LEADING.sub("", re.sub(r"^(?:,\s*(?:and\s+)?|\s+and\s+|;\s*)", "", between)).strip()
            if rest or not re.match(r"^(?:,|\s+and\s|;)", between):
                break
        if s.cls not in classes:
            break
        items.append(s)
        pos = s.end
    return items, pos
