"""Memberships stated as lists: "the Group includes A, B and C", "the Troika is constituted at present by
representatives of Belgium, Greece and the Philippines", "As at 2012, the Group includes 16 members, comprising 15
United Nations entities and IOM": a Membership of each member in the group (`asOf` the date the sentence opens with).

The group may be described between dashes ("the Global Migration Group — an inter-agency group that includes ..."),
written as "the Group" after its name, or be a body named by its kind ("the Troika", "the Bureau": the one the graph
names so, else a new working group). A list item that is a count ("16 members", "15 United Nations entities") is
skipped, and so is a name the graph does not know once the list is under way ("the United Nations Office on Drugs and
Crime", one item though it holds "and"); any other item that is not an entity ends the list, as do "as well as", a
dash, "which", "that".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .common import GROUPS, MEMBERS, NAMED, opening_date, outermost
from .context import DocContext, Sentence, Span
from .model import Candidate
from .newentities import slug

INCLUDES = re.compile(r"\b(?:includes|included|comprises|comprised|consists of|consisted of|is composed of|was composed of|"
                      r"is constituted (?:at present )?by|brings together|(?:its )?members (?:are|include)|"
                      r"with the following members:)\s+(?::\s*)?")
SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+plus\s+)(?:(?:comprising|including|namely)\s+)?|"
                       r"\s+(?:comprising|including|namely)\s+")
UNKNOWN_ACRONYM = re.compile(r"^[A-Z][A-Z-]{1,9}$")  # "UNDESA" where the graph knows no such acronym: skipped
# "the United Nations Office on Drugs and Crime" where the graph knows no such name: skipped, in a list under way
UNKNOWN_NAME = re.compile(r"^(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|on|for|and|the|in|against))*\s+[A-Z][\w'’-]*$")
_WORD = r"[A-Z][\w'’-]*"
NAME_RUN = re.compile(rf"{_WORD}(?:\s+{_WORD})*\s+(?:of|on|for|against)\s+(?:the\s+)?{_WORD}"
                      rf"(?:\s+(?:(?:and|of|on|for|the|in)\s+)?{_WORD})*")
HEADS = ("Group", "Troika", "Forum", "Committee", "Council")  # "the Group": a group named before by its full name
COUNT_ITEM = re.compile(r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several)\b")


def _group_before(sent: Sentence, pos: int) -> Span | None:
    groups = outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.end <= pos])
    if not groups or groups[-1].cls not in GROUPS:
        return None
    g = groups[-1]
    gap = (r"\s*(?:\([A-Z]+\)\s*)?(?:,[^,]{1,80},\s*|\s*[—–]\s*an?\s[^,;—–]{1,60}?\b(?:that|which)\s+)?"
           r"(?:at present\s+|now\s+|currently\s+)?")
    return g if re.fullmatch(gap, sent.text[g.end:pos]) else None


# a body whose kind is its name, written with "the": "the Troika is constituted ... by", "the Bureau comprises"
BY_ITS_KIND = re.compile(r"\b[Tt]he\s+(?P<name>Troika|Bureau)\s+(?:is\s+|was\s+)?(?:at present\s+|now\s+|currently\s+)?$")


def _body_by_its_kind(ctx: DocContext, sent: Sentence, pos: int) -> Span | None:
    """The group "the Troika" names where the graph knows no group of that name: the one the graph names so, else a new
    working group labelled with the word."""
    m = BY_ITS_KIND.search(sent.text[:pos] + (" " if not sent.text[:pos].endswith(" ") else ""))
    if m is None or any(s.entity is not None and s.start < m.end("name") and m.start("name") < s.end for s in sent.spans):
        return None
    name = m.group("name")
    known = ctx.entities.named(name)
    if known is not None:
        return Span(m.start("name"), m.end("name"), name, "name", known, ctx.entities.cls(known))
    iri = ctx.entities.iri(f"org/{slug(name)}")
    if not ctx.entities.curated(iri):
        ctx.entities.new.setdefault(iri, ("WorkingGroup", name, (), None))
    return Span(m.start("name"), m.end("name"), name, "name", iri, "WorkingGroup")


def _members(sent: Sentence, start: int) -> list[Span]:
    """The members listed from `start`: items separated by commas, "and", "comprising" ... (not inside a name); an item is
    one entity (after "the", "representatives of"), or a count, which is skipped; any other item ends the list."""
    stop = re.search(r"[.;]\s|\s(?:which|who|that|to|in order|as well as)\s|\s[—–]\s", sent.text[start:])
    end = start + stop.start() if stop else len(sent.text.rstrip(".;: "))
    spans = outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and start <= s.start and s.end <= end])
    inside = [(s.start, s.end) for s in spans]
    # a name the graph does not know, with a preposition before its "and" ("the United Nations Office on Drugs and
    # Crime"): one item, not two
    inside += [(n.start(), n.end()) for n in NAME_RUN.finditer(sent.text, start, end) if " and " in n.group(0)]
    cuts = [m for m in SEPARATOR.finditer(sent.text, start, end) if not any(a < m.start() < b for a, b in inside)]
    bounds = [start, *[x for m in cuts for x in (m.start(), m.end())], end]
    out: list[Span] = []
    for a, b in zip(bounds[::2], bounds[1::2], strict=False):
        item = sent.text[a:b].strip()
        if not item:
            continue
        held = [s for s in spans if a <= s.start and s.end <= b]
        if len(held) == 2 and held[0].entity == held[1].entity and re.fullmatch(r"\s*\(", sent.text[held[0].end:held[1].start]):
            held = held[:1]  # "the United Nations Development Programme (UNDP)": one member, with its acronym
        lead = sent.text[a:held[0].start].strip() if len(held) == 1 else None
        if len(held) == 1 and re.fullmatch(r"(?:the|representatives of(?: the)?|the Governments? of(?: the)?|)", lead or "") \
                and re.fullmatch(r"(?:\([A-Z][\w-]*\))?", sent.text[held[0].end:b].strip()):
            if held[0].cls not in MEMBERS:
                break
            out.append(held[0])
        elif COUNT_ITEM.match(item) or (UNKNOWN_ACRONYM.match(item) or UNKNOWN_NAME.match(item)) and out:
            continue
        else:
            break
    return out


def memberships(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for m in INCLUDES.finditer(sent.text):
        group = _group_before(sent, m.start()) or _body_by_its_kind(ctx, sent, m.start())
        if group is None:
            continue
        members = [s for s in _members(sent, m.end()) if s.entity != group.entity]
        if not members:
            continue
        facts: list = [("group", group.entity), ("member", members[0].entity if len(members) == 1 else [s.entity for s in members])]
        notes = {}
        opening = opening_date(sent)
        if opening is not None:
            facts.append(("asOf", opening[0]))
        elif "at present" in sent.text[group.start:m.end()]:
            notes["member"] = "\"at present\", i.e. at the time of the document; no date given, so no asOf."
        written = group.text if group.text.lower().startswith("the ") else sent.text[max(0, group.start - 4):group.end]
        if written.lower().startswith("the ") and len(written.split()) == 2 and written.split()[-1] in HEADS and \
                ctx.entities.curated(group.entity):  # type: ignore[arg-type]
            notes["group"] = f"'{written}' is the {ctx.entities.label(group.entity)}, named before in the text."  # type: ignore[arg-type]
        elif BY_ITS_KIND.search(sent.text[:group.end] + " ") and not ctx.entities.curated(group.entity):  # type: ignore[arg-type]
            notes["group"] = f"'the {group.text}' read as the body the document calls the {group.text}."
        yield Candidate("membership.list", 0.85, sent, facts, nary="Membership", quote=(0 if opening else group.start, members[-1].end),
                        notes=notes)


RULES = (memberships,)
