"""Mentions in one document: names by the gazetteer, resolutions and symbols, dates, money and percentages by pattern."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from rdflib import URIRef

from ..corpus import UnitText
from . import patterns
from .descriptions import Describer
from .gazetteer import Entry, Gazetteer, Tokens
from .passages import Unit, furniture_spans, is_caps, split


@dataclass(frozen=True, slots=True)
class Mention:
    """Something found in a document: [start, end) offsets into the corpus file, its kind and what it names."""

    start: int
    end: int
    kind: str  # name | description | resolution | symbol | date | money | percentage
    text: str  # the matched text, white space collapsed (as a quote)
    unit: int  # index of the unit holding it
    entry: Entry | None = None  # for a name or a description
    found: patterns.Found | None = None  # for a pattern match


@dataclass
class DocumentText:
    """A document split into units, with everything mentioned in it."""

    text: str
    units: list[Unit]
    mentions: list[Mention]

    def unit_containing(self, start: int, end: int) -> int | None:
        """The smallest unit whose lines hold [start, end) (not page furniture between its lines)."""
        best = None
        for i, u in enumerate(self.units):
            inside = any(s <= start < e for s, e in u.segments) and any(s < end <= e for s, e in u.segments)
            smaller = best is None or u.end - u.start < self.units[best].end - self.units[best].start
            if inside and u.start <= start and end <= u.end and smaller:
                best = i
        return best


def quote_of(text: str) -> str:
    """A span of a corpus file as a quote: hyphens at line ends joined, white space collapsed."""
    return " ".join(text.replace("-\n", "-").split())


def masked(text: str) -> str:
    """The text with page furniture blanked out, offsets unchanged."""
    chars = list(text)
    for s, e in furniture_spans(text):
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def analyse(name: str, text: str, gazetteer: Gazetteer, describer: Describer | None = None) -> DocumentText:
    """Split a document into units and find every mention in each unit's own text.

    A unit's text joins its lines only, so a name or an amount broken by a page break or by the
    footnotes printed in the middle of a paragraph ("18 per [footnotes] cent") is found whole. With a
    `describer`, descriptions are found too ("the first meeting of the Forum", kind "description").
    """
    units = split(text, gazetteer.recase)
    mentions: list[Mention] = []
    recent: dict[str, Entry] = {}  # head word → entity last named, for "the Forum"
    named_in: dict[int, list[Entry]] = {}  # heading unit → the entities it names
    table_parts: list[URIRef] = []  # entities named in the rows of a table since its last "Total" row
    history: list[URIRef] = []  # entities named or described in the units before, in order
    for i, unit in enumerate(units):
        ut = UnitText(text, unit.segments)
        norm, to_file = ut.norm, ut.to_file

        found = patterns.find_all(norm)
        symbol_spans = [(f.start, f.end) for f in found if f.kind == "symbol"]
        for f in found:
            s, e = to_file(f.start, f.end)
            mentions.append(Mention(s, e, f.kind, norm[f.start:f.end], i, found=f))
        section = [e for h in unit.sections for e in named_in.get(h, ())]
        # an all-capitals title or heading is matched in the casing of the names it holds (same length)
        cased = gazetteer.recase(norm) if is_caps(norm) else norm
        cased = cased if len(cased) == len(norm) else norm
        inside_symbol = _Spans(symbol_spans)
        names = [(start, end, entry) for start, end, entry in gazetteer.match(cased, recent, section)
                 if not inside_symbol.overlaps(start, end)]  # "ESCAP" inside ST/ESCAP/2622
        for start, end, entry in names:
            s, e = to_file(start, end)
            mentions.append(Mention(s, e, "name", norm[start:end], i, entry=entry))
            if unit.kind != "paragraph":
                named_in.setdefault(i, []).append(entry)
        if describer is None:
            continue
        in_section = [e.entity for e in section]
        context = [*history[-40:], *in_section]  # the last named before, then the section's
        found_d = describer.find(norm, names, context, in_section)
        found_d = sorted({*found_d, *describer.find(norm, sorted([*names, *found_d], key=lambda x: x[0]), context, in_section)},
                         key=lambda x: (x[0], x[1], str(x[2].entity)))  # "the report of [the first meeting]"
        if unit.kind == "table":
            whole = describer.total_row(norm, table_parts)
            if whole is not None:
                total = re.match(r"Total\s+\d{4}", norm)
                assert total is not None
                found_d.append((0, total.end(), Entry(whole, gazetteer.classes.get(whole, ""), total.group(0), False)))
                table_parts = []
            else:
                table_parts += [entry.entity for _, _, entry in names]
        else:
            table_parts = []
        as_names = {(m.start, m.end, m.entry) for m in mentions[len(mentions) - len(names):]}  # this unit's names
        for start, end, entry in found_d:
            s, e = to_file(start, end)
            if (s, e, entry) in as_names:
                continue  # a description that is also a name
            mentions.append(Mention(s, e, "description", norm[start:end], i, entry=entry))
            if unit.kind != "paragraph":
                named_in.setdefault(i, []).append(entry)
        history += [entry.entity for _, _, entry in sorted([*names, *found_d], key=lambda x: x[0])]
    Tokens.forget()
    mentions.sort(key=lambda m: (m.start, m.end, m.kind, m.text))
    return DocumentText(text, units, mentions)


class _Spans:
    """Spans in order that do not overlap one another (the symbols of a text), and whether a span overlaps one."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.ordered = all(b <= c for (_, b), (c, _) in zip(spans, spans[1:], strict=False))
        self.starts = [a for a, _ in spans]

    def overlaps(self, start: int, end: int) -> bool:
        if not self.ordered:
            return any(a < end and start < b for a, b in self.spans)
        k = bisect_left(self.starts, end)  # the spans starting before `end`; the last of them ends last
        return k > 0 and start < self.spans[k - 1][1]
