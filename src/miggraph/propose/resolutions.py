"""Resolutions: what requested the document, what a resolution decided, who adopted it and when.

- `requested-by.pursuant`: "Pursuant to General Assembly resolution 61/208, the present report ...", "The present
  report was prepared in response to General Assembly resolutions 61/208 ... and 62/270", "In accordance with
  paragraph 23 of General Assembly resolution 60/227 ..., the President ... has the honour to transmit herewith
  the summary": the document `requestedBy` each resolution;
- `requested-by.in-response-to-request`: "The first resolution on the topic (49/127) requested the Secretary-General
  to prepare “a report ...”. The report prepared in response to this request showed ... (E/1995/69).": the document
  the second sentence cites `requestedBy` the resolution of the first (quoted as both sentences);
- `requested-by.requested-report`: "In (its) resolution 65/170, the General Assembly requested the
  Secretary-General to report ...", read in a report of the Secretary-General;
- `mandated-by.decided`: "In its resolution 63/225, the General Assembly decided to hold ... a High-level Dialogue",
  "the Second Committee decided that the General Assembly would, in 2006, devote a High-level Dialogue to ...
  (resolution 58/209)" (the body convening it is then the one the that-clause names),
  "Pursuant to General Assembly resolution 63/225, the President ... convened an informal thematic debate",
  "in accordance with resolution 66/124, the High-level Meeting ...": the meeting `mandatedBy` the resolution, and
  `convenedBy` the body that decided or convened it;
- `mandated-by.described`: "Pursuant to General Assembly resolution 63/225, the President of the General Assembly
  convened an informal thematic debate on international migration and development in New York ...": the meeting the
  sentence describes (a new one, as `meetings.described` makes it) `mandatedBy` the resolution;
- `adopted-by.named-body`: "General Assembly resolution 61/208", "resolution 2006/2 of the Commission on Population
  and Development", "In its resolution 65/170, the General Assembly": the resolution `adoptedBy` the body;
- `adopted-on.dated`: "resolution 58/209 of 23 December 2003": `adoptedOn` that day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from .common import MEETINGS, NAMED, ORGANISATIONS, entity_spans
from .context import DocContext, Sentence, Span
from .model import Candidate

INTRO = re.compile(r"\b(?:[Pp]ursuant to|[Ii]n accordance with|[Ii]n response to|[Ii]n compliance with|[Aa]s requested (?:by|in)|"
                   r"[Ii]n (?:its )?resolutions?|[Bb]y (?:its )?resolutions?|in its resolutions?)\b")
PRESENT = re.compile(r"\b(?:the present (?:report|note|document|summary|letter)|this (?:report|note)|has the honour to transmit"
                     r"|, the report (?:includes|contains|provides|reviews|presents|describes))\b")
PREPARED = re.compile(r"\b(?:[Tt]he|This) present (?:report|note)\b[^.]{0,60}?\b(?:prepared|submitted|presented)\s+"
                      r"(?:in response to|pursuant to|in accordance with)\b")
REQUESTED_REPORT = re.compile(r"\brequested the Secretary-General to (?:report|submit|prepare|present)\b")
DECIDED = re.compile(r"\b(?:decided|agreed) to (?:hold|convene|organize|conduct|devote)\b|\b(?:decided|agreed) that (?:the\s+)?"
                     r"(?P<body>[A-Z][^,;]{1,80}?)\s+(?:would|should|will|shall)(?:,[^,;]{1,40},)?\s+(?:hold|convene|organize|"
                     r"conduct|devote)\b")
CONVENED = re.compile(r"\b(?:convened|held|organized|conducted|convenes|holds|organizes|(?:is|was|were|be) (?:scheduled|held|convened))\b")


def _resolutions_after(sent: Sentence, pos: int, until: int) -> list[Span]:
    return [s for s in sent.spans if s.kind == "resolution" and pos <= s.start < until and s.entity is not None]


def _lead_resolutions(sent: Sentence) -> list[Span]:
    """Resolutions named by the sentence's introducing phrase, before its first comma after them."""
    m = INTRO.search(sent.text)
    if m is None or m.start() > 40:
        return []
    found = _resolutions_after(sent, m.start(), len(sent.text))
    if not found:
        return []
    first = found[0]
    if sent.text[m.end():first.start].count(",") > 0 and "paragraph" not in sent.text[m.end():first.start]:
        return []
    lead = [first]
    for s in found[1:]:
        between = sent.text[lead[-1].end:s.start]
        if re.fullmatch(r"\s*(?:,\s*)?(?:and\s+)?|,[^,;]{1,80},\s+and\s+", between):
            lead.append(s)
        else:
            break
    return lead


def requested_by(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """The document's own requesting resolutions."""
    if sent.unit_kind not in ("paragraph", "title") and not sent.label.startswith("Summary"):
        return
    prepared = PREPARED.search(sent.text)
    if prepared:
        for r in _resolutions_after(sent, prepared.end(), len(sent.text)):
            yield Candidate("requested-by.prepared-in-response", 0.95, sent, [("requestedBy", r.entity)], subject=ctx.doc_iri)
        return
    lead = _lead_resolutions(sent)
    if lead and PRESENT.search(sent.text, lead[-1].end):
        for r in lead:
            yield Candidate("requested-by.pursuant", 0.95, sent, [("requestedBy", r.entity)], subject=ctx.doc_iri)
        return
    m = REQUESTED_REPORT.search(sent.text)
    if m and lead and _is_report(ctx) and "General Assembly" in sent.text[:m.start()]:
        for r in lead:
            yield Candidate("requested-by.requested-report", 0.85, sent, [("requestedBy", r.entity)], subject=ctx.doc_iri)


IN_RESPONSE = re.compile(r"\b(?:[Tt]he|[Aa])\s+(?:report|study|note)\s+(?:was\s+|that was\s+)?(?:prepared|submitted|issued)\s+"
                         r"in response to (?:this|that|the) request\b(?!\s+(?:of|from|by|made|contained|in)\b)")
REQUESTED_PREPARE = re.compile(r"\brequested the Secretary-General to (?:prepare|submit|present)\b")


def requested_before(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"The first resolution on the topic (49/127) requested the Secretary-General to prepare “a report on ...”. The
    report prepared in response to this request showed ... (E/1995/69).": the document the second sentence cites by
    its symbol `requestedBy` the one resolution the sentence before says requested it; quoted as the two sentences. A
    request the sentence itself attributes ("in response to the request of Member States") is not that one."""
    m = IN_RESPONSE.search(sent.text)
    if m is None or sent.index == 0:
        return
    symbols = [s for s in sent.of_kind("symbol") if s.entity is not None and s.entity != ctx.doc_iri]
    prev = next((p for p in ctx.unit_sentences(sent.unit) if p.index == sent.index - 1), None)
    if len(symbols) != 1 or prev is None:
        return
    asked = REQUESTED_PREPARE.search(prev.text)
    resolutions = [r for r in prev.of_kind("resolution") if r.entity is not None and asked is not None and r.end <= asked.start()]
    if len(resolutions) != 1 or prev.of_kind("symbol"):
        return
    joined = _joined(prev, sent)
    yield Candidate("requested-by.in-response-to-request", 0.8, joined, [("requestedBy", resolutions[0].entity)],
                    subject=symbols[0].entity)


def _joined(prev: Sentence, sent: Sentence) -> Sentence:
    """Two consecutive sentences of a unit read as one."""
    shift = len(prev.text) + 1
    return Sentence(sent.unit, sent.label, sent.unit_kind, f"{prev.text} {sent.text}", [*prev.positions, prev.positions[-1],
                    *sent.positions], [*prev.spans, *(replace(s, start=s.start + shift, end=s.end + shift) for s in sent.spans)],
                    prev.index)


def _is_report(ctx: DocContext) -> bool:
    return ctx.entities.cls(ctx.doc_iri) in ("Report", "Document", "") or "report" in ctx.entities.label(ctx.doc_iri).lower()


def mandated_by(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """Meetings a resolution decided on, or held pursuant to one."""
    lead = _lead_resolutions(sent)
    resolutions = lead or _resolutions_after(sent, 0, len(sent.text))
    if not resolutions:
        return
    decided = DECIDED.search(sent.text)
    if decided:
        meeting = next((s for s in entity_spans(sent, MEETINGS) if s.start > decided.end()), None)
        if meeting is None or len(resolutions) != 1:
            return
        yield Candidate("mandated-by.decided", 0.9, sent, [("mandatedBy", resolutions[0].entity)], subject=meeting.entity)
        # "the Second Committee decided that the General Assembly would ... devote a High-level Dialogue": the Assembly
        body = _body_at(sent, decided.start("body"), decided.end("body")) if decided.group("body") else _body_before(sent, decided.start())
        if body is not None:
            yield Candidate("convened-by.decided", 0.85, sent, [("convenedBy", body.entity)], subject=meeting.entity)
        return
    if not lead or len(lead) != 1:
        pursuant = re.search(r"\b(?:pursuant to|in accordance with)\s+(?:General Assembly\s+)?resolution\b", sent.text)
        if pursuant is None:
            return
        tail = [s for s in resolutions if s.start >= pursuant.start()]
        if len(tail) != 1:
            return
        meeting = _meeting_before(sent, pursuant.start())
        if meeting is not None:
            yield Candidate("mandated-by.pursuant-after", 0.85, sent, [("mandatedBy", tail[0].entity)], subject=meeting.entity)
        return
    meeting = next((s for s in entity_spans(sent, MEETINGS) if s.start > lead[0].end), None)
    convened = CONVENED.search(sent.text, lead[0].end)
    if meeting is None or convened is None or abs(convened.start() - meeting.start) > 120:
        return
    if PRESENT.search(sent.text, lead[0].end, meeting.start):
        return  # "Pursuant to resolution 61/208, the present report ... the Dialogue, which the Assembly conducted": the report's
    yield Candidate("mandated-by.pursuant", 0.85, sent, [("mandatedBy", lead[0].entity)], subject=meeting.entity)


_TOPIC_WORD = r"(?!(?:in|at|on|where|which|that|from|during|to|for|with|by|as)\b)[a-z][\w-]*"
CONVENES = r"\s+(?:convened|convenes|held|holds|organized|organizes)\s+(?:an?\s+|the\s+)?"
# "..., the President of the General Assembly convened an informal thematic debate on X [in New York ...]"
DESCRIBED_MEETING = re.compile(
    r",\s+[^,;]{1,80}?" + CONVENES + r"(?P<desc>(?:[a-z][\w-]*\s+){0,4}?(?P<head>debate|meetings?|dialogue|consultations?|"
    rf"hearings?|round tables?|panel|seminar|workshop|conference|session|symposium)\s+(?:on|of)\s+{_TOPIC_WORD}"
    rf"(?:\s+{_TOPIC_WORD})*)(?=\s+(?:in|at|on|where|which|that|from|during)\b|[,.;]|$)")


def mandated_described(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"Pursuant to General Assembly resolution 63/225, the President of the General Assembly convened an informal
    thematic debate on international migration and development in New York on 19 May 2011", "In compliance with General
    Assembly resolution 58/208, the Division convenes annual coordination meetings on international migration where
    ...": a meeting the sentence describes rather than names (the new meeting `newentities.described_meeting` makes of
    the description, up to the end of its topic, with the year of the date that follows), `mandatedBy` the one
    resolution the sentence opens with. Who convened it is read by `meetings.described`."""
    from .newentities import described_meeting

    lead = _lead_resolutions(sent)
    if len(lead) != 1:
        return
    m = DESCRIBED_MEETING.search(sent.text, lead[0].end)
    if m is None or "," in sent.text[lead[0].end:m.start()]:
        return
    a, b = m.span("desc")
    if any(s.entity is not None and s.kind in NAMED and s.cls != "Theme" and a <= s.start < b for s in sent.spans):
        return  # a name in the description: the meeting is named, or it is someone's
    label = m.group("desc")
    if len(label.split()) < 4:
        return
    clause_end = re.search(r"[;.](?:\s|$)", sent.text[b:])
    limit = b + clause_end.start() if clause_end else len(sent.text)
    date = next((d for d in sent.of_kind("date") if b <= d.start < limit and d.found is not None), None)
    meeting = described_meeting(ctx.entities, label, date.found.value[:4] if date is not None and date.found is not None else None,
                                sent.label)
    yield Candidate("mandated-by.described", 0.8, sent, [("mandatedBy", lead[0].entity)], subject=meeting, quote=(0, b))


def _body_before(sent: Sentence, pos: int) -> Span | None:
    bodies = [s for s in entity_spans(sent, ORGANISATIONS) if s.end <= pos]
    return bodies[-1] if bodies else None


def _body_at(sent: Sentence, start: int, end: int) -> Span | None:
    """The body named exactly from `start` to `end`."""
    return next((s for s in entity_spans(sent, ORGANISATIONS) if s.start == start and s.end == end), None)


def _meeting_before(sent: Sentence, pos: int) -> Span | None:
    meetings = [s for s in entity_spans(sent, MEETINGS) if s.end <= pos]
    if not meetings:
        return None
    between = sent.text[meetings[-1].end:pos]
    object_of = re.search(r"\b(?:held|convened|conducted)\s+(?:its\s+|the\s+|an?\s+)?$", sent.text[:meetings[-1].start])
    return meetings[-1] if CONVENED.search(between) or "to be convened" in between or object_of else None


def adopted(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """Who adopted a resolution, and on what day."""
    for r in sent.of_kind("resolution"):
        if r.entity is None or r.found is None:
            continue
        body = _adopting_body(sent, r)
        if body is not None:
            yield Candidate("adopted-by.named-body", 0.95, sent, [("adoptedBy", body.entity)], subject=r.entity,
                            quote=(min(body.start, r.start), max(body.end, r.end)))
        dated = re.match(r"\s+of\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})", sent.text[r.end:])
        if dated:
            day = next((s for s in sent.of_kind("date") if s.start == r.end + dated.start(1)), None)
            if day is not None and day.found is not None and len(day.found.value) == 10:
                yield Candidate("adopted-on.dated", 0.95, sent, [("adoptedOn", day.found.value)], subject=r.entity,
                                quote=(r.start, day.end))


def _adopting_body(sent: Sentence, r: Span) -> Span | None:
    """"General Assembly resolution N", "resolution N of the Commission ...", "In its resolution N, the General Assembly",
    "The General Assembly, in its resolution N"."""
    names = [s for s in sent.spans if s.kind == "name" and s.entity is not None and s.cls in ORGANISATIONS]
    for s in names:
        gap = sent.text[s.end:r.start]
        if r.found is not None and r.found.general_assembly and s.text.endswith("General Assembly") and re.fullmatch(r"\s*", gap):
            return s
        # "General Assembly resolutions 65/190 and 66/128": each resolution of the list
        if s.text.endswith("General Assembly") and re.fullmatch(r"\d+/\d+", r.text) and re.fullmatch(
                r"\s*resolutions\s+\d+/\d+(?:(?:,|,?\s+and)\s+\d+/\d+)*(?:,|,?\s+and)\s+", gap):
            return s
        if r.found is not None and r.found.body and s.start > r.end and re.fullmatch(r"\s+of\s+(?:the\s+)?", sent.text[r.end:s.start]):
            return s
    head = re.match(r"(?:In|By) its resolution", sent.text[max(0, r.start - 7):r.start + 12])
    if head and r.start <= 8:
        follow = next((s for s in names if s.start > r.end), None)
        if follow is not None and re.fullmatch(r"\s*,\s*the\s+", sent.text[r.end:follow.start]):
            return follow
    first = names[0] if names else None
    if first is not None and first.start <= 4 and re.fullmatch(r",\s+in\s+its\s+", sent.text[first.end:r.start]):
        return first
    return None


RULES = (requested_by, requested_before, mandated_by, mandated_described, adopted)
