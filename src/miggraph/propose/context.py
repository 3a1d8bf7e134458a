"""What the rules read: a document's units split into sentences, each with the entities and values it mentions.

A `Sentence` is a span of one unit's normalised text (white space collapsed, hyphens at line ends joined, as
quotes are written), with `Span`s for the names, descriptions, resolutions, symbols, dates, amounts and
percentages text extraction found in it, and the variant names of `extract/variants.py`. `Entities` says
what an entity is (its id, class and whether the curated data defines it) and gives the entity a resolution
or a symbol stands for, as text extraction names it (`resolution/61-208`, `document/a-60-623`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from ..config import MIG, PROV, Settings
from ..corpus import CorpusText, UnitText
from ..extract import symbol_class, symbol_slug
from ..extract.gazetteer import Gazetteer
from ..extract.mentions import DocumentText, Mention
from ..extract.patterns import Found
from ..extract.variants import VariantIndex

# a full stop ends a sentence unless it ends an abbreviation or an initial
_BREAK = re.compile(r"[.!?][”\"’)]*(?=\s+[A-Z“\"(‘'\d])")
_INITIALS = re.compile(r"\(?(?:[A-Za-z]\.)+")
_ABBREVIATIONS = ("Mr.", "Ms.", "Mrs.", "Dr.", "No.", "Nos.", "St.", "a.i.", "i.e.", "e.g.", "D.C.", "U.S.", "Rev.", "para.",
                  "paras.", "Corr.", "Add.", "Vol.", "p.", "pp.", "cf.", "vs.", "H.E.", "approx.")


@dataclass(frozen=True)
class Span:
    """Something a sentence mentions: [start, end) in the sentence's text."""

    start: int
    end: int
    text: str
    kind: str  # name | description | resolution | symbol | date | money | percentage | variant | anaphora
    entity: URIRef | None = None
    cls: str = ""
    found: Found | None = None


@dataclass
class Sentence:
    """One sentence of a unit: its normalised text, where each character is in the file, and what it mentions."""

    unit: int
    label: str
    unit_kind: str
    text: str
    positions: list[int]  # character i of text is at file offset positions[i]
    spans: list[Span] = field(default_factory=list)
    index: int = 0  # the sentence's place in its unit

    def entities(self, *classes: str) -> list[Span]:
        """Spans that name an entity, of one of the classes if any are given."""
        return [s for s in self.spans if s.entity is not None and (not classes or s.cls in classes)]

    def of_kind(self, kind: str) -> list[Span]:
        return [s for s in self.spans if s.kind == kind]


class Entities:
    """The entities of the graph a proposal may link: ids, classes, and resolutions and symbols by their number."""

    def __init__(self, graph: Graph, settings: Settings) -> None:
        self.graph = graph
        self.base = settings.instance_base
        extraction = URIRef(self.base + "activity/text-extraction")
        self.generated = set(graph.subjects(PROV.wasGeneratedBy, extraction))
        self.by_number: dict[str, list[URIRef]] = {}
        for s, o in sorted(graph.subject_objects(MIG.resolutionNumber)):
            if s not in self.generated:
                self.by_number.setdefault(str(o), []).append(s)  # type: ignore[arg-type]
        self.by_symbol = {str(o): s for s, o in graph.subject_objects(MIG.symbol) if s not in self.generated}
        # entities the curated data does not define (a resolution, a symbol, a country ...): class, label, name facts,
        # and the passage (para, quote) that introduces it, when not the quote of the fact linking it
        self.new: dict[URIRef, tuple[str, str, tuple[tuple[str, str], ...], tuple[str, str] | None]] = {}
        self._names: dict[str, set[URIRef]] | None = None

    def named(self, name: str) -> URIRef | None:
        """The one curated entity whose label or alternative name is `name` (case aside, "the" aside), if one."""
        if self._names is None:
            self._names = {}
            for p in (RDFS.label, SKOS.altLabel):
                for s, o in self.graph.subject_objects(p):
                    if isinstance(s, URIRef) and s not in self.generated:
                        self._names.setdefault(_name_key(str(o)), set()).add(s)
        found = self._names.get(_name_key(name), set())
        return next(iter(found)) if len(found) == 1 else None

    def ident(self, iri: URIRef) -> str:
        return str(iri)[len(self.base):] if str(iri).startswith(self.base) else str(iri)

    def iri(self, ident: str) -> URIRef:
        return URIRef(self.base + ident)

    def curated(self, iri: URIRef) -> bool:
        """Whether the curated data defines the entity (text extraction's own entities do not count)."""
        return iri not in self.generated and (iri, RDF.type, None) in self.graph

    def cls(self, iri: URIRef) -> str:
        for t in sorted(self.graph.objects(iri, RDF.type)):
            if str(t).startswith(str(MIG)):
                return str(t)[len(str(MIG)):]
        return ""

    def label(self, iri: URIRef) -> str:
        value = self.graph.value(iri, RDFS.label)
        return str(value) if value is not None else self.ident(iri)

    def resolution(self, found: Found, body: URIRef | None) -> tuple[URIRef, str]:
        """The entity of a resolution mention and the label a new record would give it (as text extraction does)."""
        number = found.value
        candidates = self.by_number.get(number, [])
        acronym = self.graph.value(body, MIG.acronym) if body is not None else None
        # the body's acronym, or the slug of its id (org/cpd): resolution/cpd-2006-2, as the curated ids are written
        prefix = str(acronym).lower() if acronym else (self.ident(body).split("/", 1)[-1] if body is not None else None)
        if len(candidates) == 1 and self.curated(candidates[0]):
            return candidates[0], self.label(candidates[0])
        if candidates:
            for c in candidates:
                if prefix and self.ident(c).split("/", 1)[-1].startswith(prefix + "-"):
                    return c, self.label(c)
            return candidates[0], self.label(candidates[0])
        slug = number.replace("/", "-")
        if found.body and not found.general_assembly and found.body != "General Assembly":
            slug = f"{prefix or re.sub(r'[^a-z0-9]+', '-', found.body.lower()).strip('-')}-{slug}"
            label = f"resolution {number} of the {found.body}"
        elif found.general_assembly:
            label = f"General Assembly resolution {number}"
        else:
            label = f"resolution {number}"
        iri = self.iri(f"resolution/{slug}")
        self.new.setdefault(iri, ("Resolution", label, (("resolutionNumber", number),), None))
        return iri, label

    def symbol(self, found: Found) -> tuple[URIRef, str, str]:
        """The entity of a symbol mention, its label and its class."""
        sym = found.value
        if sym in self.by_symbol:
            iri = self.by_symbol[sym]
            return iri, self.label(iri), self.cls(iri)
        iri = self.iri(f"document/{symbol_slug(sym)}")
        cls = str(symbol_class(sym)).rsplit("#", 1)[-1]
        self.new.setdefault(iri, (cls, sym, (("symbol", sym),), None))
        return iri, sym, cls


def _name_key(name: str) -> str:
    return " ".join(name.split()).lower().removeprefix("the ")


@dataclass
class DocContext:
    """One document as the rules read it."""

    slug: str
    doc_iri: URIRef
    corpus_file: str
    text: str
    doc: DocumentText
    entities: Entities
    gazetteer: Gazetteer
    sentences: list[Sentence]
    corpus: CorpusText

    def unit_sentences(self, unit: int) -> list[Sentence]:
        return [s for s in self.sentences if s.unit == unit]


def _unit_text(text: str, segments: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """A unit's normalised text and, per character, its offset in the file (as extract.mentions builds it)."""
    unit = UnitText(text, segments)
    return unit.norm, [unit.to_file(k, k + 1)[0] for k in range(len(unit.norm))]


def _split(norm: str) -> list[tuple[int, int]]:
    """Sentence spans of a normalised text: a full stop, question or exclamation mark (and a closing quote) before
    a capital, a quote, a bracket or a digit ends a sentence, unless it ends an abbreviation or an initial."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK.finditer(norm):
        word = norm[start:m.start() + 1].rsplit(" ", 1)[-1].lstrip("(“\"'‘[")
        if m.group(0)[0] == "." and (word in _ABBREVIATIONS or _INITIALS.fullmatch(word)):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(norm) and norm[start] == " ":
            start += 1
    spans.append((start, len(norm)))
    return [(a, b) for a, b in spans if norm[a:b].strip()]


def _span_of(m: Mention, index: dict[int, int]) -> tuple[int, int] | None:
    """A mention's span in its unit's normalised text."""
    a = index.get(m.start)
    b = index.get(m.end - 1)
    if a is None or b is None:
        return None
    return a, b + 1


def build_context(slug: str, doc_iri: URIRef, corpus_file: str, doc: DocumentText, entities: Entities,
                  gazetteer: Gazetteer, variants: VariantIndex | None = None) -> DocContext:
    """Sentences of every unit, each with its spans (resolutions and symbols linked as text extraction links them)."""
    from .newentities import country_spans, name_spans
    sentences: list[Sentence] = []
    by_unit: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        by_unit.setdefault(m.unit, []).append(m)
    per_unit: list[tuple[int, str, list[int], list[Span]]] = []
    acronyms: dict[str, Span] = {}
    for i, unit in enumerate(doc.units):
        norm, positions = _unit_text(doc.text, unit.segments)
        index: dict[int, int] = {}
        for k, p in enumerate(positions):
            index.setdefault(p, k)  # a joining space shares the offset of the character before it
        spans = _unit_spans(by_unit.get(i, []), index, norm, entities, gazetteer)
        names = [(s.start, s.end) for s in spans if s.kind == "name"]
        spans = [s for s in spans if s.kind != "description" or not any(a < s.end and s.start < b for a, b in names)]
        if variants is not None:
            taken = [(s.start, s.end) for s in spans if s.entity is not None]
            for a, b, entity in variants.find(norm):
                if not any(a < e and s < b for s, e in taken):
                    spans.append(Span(a, b, norm[a:b], "variant", entity, entities.cls(entity)))
        spans += country_spans(norm, spans, entities)
        new, replaced, found = name_spans(norm, spans, entities, unit.label)
        spans = [s for s in spans if s not in replaced] + new
        for acr, span in found.items():
            acronyms.setdefault(acr, span)
        per_unit.append((i, norm, positions, spans))
    latest: dict[str, Span] = {}  # head noun → the last name the document introduces with it, so far
    for i, norm, positions, spans in per_unit:
        spans += _acronym_spans(norm, spans, acronyms)
        spans += _head_anaphora(norm, spans, entities, latest)
        for k, (a, b) in enumerate(_split(norm)):
            local = [Span(s.start - a, s.end - a, s.text, s.kind, s.entity, s.cls, s.found) for s in spans
                     if a <= s.start and s.end <= b]
            local.sort(key=lambda s: (s.start, -s.end))
            sentences.append(Sentence(i, doc.units[i].label, doc.units[i].kind, norm[a:b], positions[a:b], local, k))
    return DocContext(slug, doc_iri, corpus_file, doc.text, doc, entities, gazetteer, sentences, CorpusText(corpus_file, doc.text))


_THE_HEAD = re.compile(r"\b(?<![\w-])[Tt]he\s+(?P<head>[A-Z][a-z]+)\b(?![\w-]|\s+(?:of|on|for)\b|\s+[A-Z])")


def _head_anaphora(norm: str, spans: list[Span], entities: Entities, latest: dict[str, Span]) -> list[Span]:
    """"The Global Migration Group is an inter-agency body ... the membership of the Group included ...": "the Group"
    written after a name the document introduces (one the graph does not know), with that name's head noun, stands
    for it; the latest such name before it, in this unit or an earlier one. A head the graph's own names already
    resolve here (a span covers it) is left as it is."""
    from .newentities import _head

    out: list[Span] = []
    events: list[tuple[int, int, Span | None, str]] = []
    for s in spans:
        if s.entity is not None and s.kind == "name" and not entities.curated(s.entity) and s.entity in entities.new:
            head = _head(entities.new[s.entity][1].split())
            if head is not None and " " not in head:
                events.append((s.start, 0, s, head))
    taken = [(s.start, s.end) for s in spans if s.entity is not None]
    for m in _THE_HEAD.finditer(norm):
        a, b = m.start("head"), m.end("head")
        if not any(x < b and a < y for x, y in taken):
            events.append((a, 1, None, m.group("head")))
    for pos, _order, span, head in sorted(events, key=lambda e: (e[0], e[1])):
        if span is not None:
            latest[head] = span
        elif head in latest:
            ref = latest[head]
            out.append(Span(pos, pos + len(head), head, "anaphora", ref.entity, ref.cls))
    return out


def _acronym_spans(norm: str, spans: list[Span], acronyms: dict[str, Span]) -> list[Span]:
    """An acronym a new name was introduced with ("Economic Commission for Africa (ECA)"), wherever else it is written."""
    out: list[Span] = []
    taken = [(s.start, s.end) for s in spans if s.entity is not None]
    for acr, span in acronyms.items():
        for m in re.finditer(rf"(?<![\w/-]){re.escape(acr)}(?![\w/-])", norm):
            introduced = any(s.entity == span.entity and re.fullmatch(r"\s*\(", norm[s.end:m.start()]) for s in spans)
            if not introduced and not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(Span(m.start(), m.end(), acr, "name", span.entity, span.cls))
    return out


def _unit_spans(mentions: list[Mention], index: dict[int, int], norm: str, entities: Entities, gazetteer: Gazetteer) -> list[Span]:
    spans: list[Span] = []
    for m in mentions:
        where = _span_of(m, index)
        if where is None:
            continue
        a, b = where
        entity: URIRef | None = None
        cls = ""
        if m.kind in ("name", "description") and m.entry is not None:
            entity, cls = m.entry.entity, m.entry.cls
        elif m.kind == "resolution" and m.found is not None:
            body = None
            if m.found.body:
                hits = gazetteer.match(m.found.body)
                body = hits[0][2].entity if hits and hits[0][0] == 0 else None
            entity, _ = entities.resolution(m.found, body)
            cls = "Resolution"
        elif m.kind == "symbol" and m.found is not None:
            entity, _, cls = entities.symbol(m.found)
        spans.append(Span(a, b, norm[a:b], m.kind, entity, cls, m.found))
    return spans
