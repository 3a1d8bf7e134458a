"""Figures: numbers a document qualifies, with what they measure.

- `figure.participants`: "Representatives of over 150 Member States participated in the meeting", "some 300
  participants attended M": a Figure of the meeting (`figureValue`, `qualifier`, `measure`);
- `figure.ratified`: "more than 80 States had ratified I" is counted by instruments.py only when exact; qualified,
  it is a Figure of the instrument.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract import symbol_slug
from .common import INSTRUMENTS, MEETINGS, NAMED, outermost
from .context import DocContext, Sentence
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
            continue
        yield _figure(ctx, sent, meeting, m, "figure.participants", f"{' '.join(m.group('what').split())} {m.group('verb')}",
                      (min(meeting.start, m.start()), max(meeting.end, m.end())))


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
    label = f"{m.group('q')} {n} {measure} ({ctx.entities.label(of.entity)})"
    return Candidate(rule, 0.8, sent, [("figureOf", of.entity), ("measure", measure), ("figureValue", n),
                                       ("qualifier", f"mig:{qualifier}")], nary="Figure", quote=quote, ident=ident, label=label)


RULES = (participants, ratified)
