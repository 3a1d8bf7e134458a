"""From candidates to proposals: the quote found where the rule read it, every fact passing the support check.

A candidate becomes a proposal only when (1) its quote occurs in the document, first in the unit the rule read
(so the curated passage will cite that paragraph), and (2) every fact it states passes `support.SupportChecker`
on that quote, the check every curated fact passes at build time: evidenced by the quote, or read with the note
the rule gives. New entities a fact links (a resolution, a symbol) are checked as the records a curator would
accept with it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from ..config import MIG, Settings
from ..corpus import normalise
from ..extract.gazetteer import FUNCTION_WORDS
from ..ontology import DATE_RANGES, Ontology
from ..support import EVIDENCED, WITH_NOTE, SupportChecker
from .context import DocContext, Sentence, Span
from .model import Candidate, NewEntity, Proposal, Value, proposal_id, record_keys


class Gate:
    """Quote placement and the support check for one document's candidates."""

    def __init__(self, ctx: DocContext, graph: Graph, settings: Settings, ontology: Ontology | None = None) -> None:
        self.ctx = ctx
        self.graph = graph
        self.ont = ontology or Ontology(settings.ontology_path)
        gazetteer = ctx.gazetteer
        self.checker = SupportChecker(graph, lambda q: [(a, b, e.entity) for a, b, e in gazetteer.match(normalise(q))])

    # -- the quote ----------------------------------------------------------------
    def place(self, cand: Candidate) -> tuple[str, int, int] | None:
        """The quote of a candidate and its offsets, when its first occurrence lies in the candidate's unit."""
        sent = cand.sentence
        a, b = cand.quote or (0, len(sent.text))
        acronym = re.match(r"\s*\([A-Z][\w-]{1,9}\)", sent.text[b:])
        if acronym:  # a name's acronym written right after it belongs to the quote: "... for Refugees (UNHCR)"
            b += acronym.end()
        for lo, hi in ((a, b), (0, len(sent.text))):
            quote = sent.text[lo:hi].strip().rstrip(",;:")
            if len(quote) < 3:
                continue
            span = self.ctx.corpus.find(quote)
            if span is not None and self.ctx.doc.unit_containing(*span) == sent.unit:
                return quote, span[0], span[1]
        return None

    # -- terms ----------------------------------------------------------------------
    def term(self, predicate: str, value: URIRef | str) -> Node:
        if isinstance(value, URIRef):
            return value
        if value.startswith("mig:"):
            return MIG[value[4:]]
        info = self.ont.properties[predicate]
        if info.range in DATE_RANGES:
            return Literal(value, datatype={10: XSD.date, 7: XSD.gYearMonth}.get(len(value), XSD.gYear))
        if info.range in (XSD.nonNegativeInteger, XSD.integer):
            return Literal(int(value), datatype=XSD.nonNegativeInteger)
        if info.range == XSD.decimal:
            return Literal(value if "." in value else value + ".0", datatype=XSD.decimal)
        return Literal(value)

    @contextlib.contextmanager
    def overlay(self, triples: list[tuple[Node, Node, Node]]) -> Iterator[None]:
        """Triples added to the graph while the block runs (an n-ary node, new entities), then taken away."""
        added = [t for t in triples if t not in self.graph]
        for t in added:
            self.graph.add(t)
        try:
            yield
        finally:
            for t in added:
                self.graph.remove(t)

    # -- the check ------------------------------------------------------------------
    def supported(self, subject: Node, predicate: str, value: URIRef | str, quote: str, note: str | None) -> bool:
        verdict, _ = self.checker.verdict(subject, MIG[predicate], self.term(predicate, value), quote, note, self.ctx.doc_iri)
        return verdict == EVIDENCED or (verdict == WITH_NOTE and note is not None)


def _values(value: Value) -> list[URIRef | str]:
    return list(value) if isinstance(value, list) else [value]


def new_entities(cand: Candidate, ctx: DocContext, para: str, quote: str) -> list[NewEntity]:
    """The entities the candidate links that the curated data does not define, as records citing its quote."""
    out: list[NewEntity] = []
    linked = [cand.subject] if cand.subject is not None else []
    linked += [v for _, value in cand.facts for v in _values(value) if isinstance(v, URIRef)]
    for iri in linked:
        if iri is None or ctx.entities.curated(iri) or str(iri).startswith(str(MIG)):
            continue
        info = ctx.entities.new.get(iri)
        if info is None:
            return []  # an entity neither curated nor made from a resolution or a symbol: cannot be proposed
        cls, label, facts, intro = info
        out.append(NewEntity(ctx.entities.ident(iri), cls, label, *(intro or (para, quote)), facts))
    return list({n.ident: n for n in out}.values())


def _new_triples(gate: Gate, news: list[NewEntity]) -> list[tuple[Node, Node, Node]]:
    triples: list[tuple[Node, Node, Node]] = []
    for n in news:
        iri = gate.ctx.entities.iri(n.ident)
        triples += [(iri, RDF.type, MIG[n.type]), (iri, RDFS.label, Literal(n.label, lang="en"))]
        triples += [(iri, MIG[k], Literal(v)) for k, v in n.facts]
    return triples


CONTINUES = re.compile(r"^\s+(?:on|of|for)\s+(?!the\s+[A-Z])[a-z]")  # "Global Migration Group on mainstreaming": a longer name
PART_OF = re.compile(r"\b(?!adoption\s)[a-z]+\s+of\s+(?:the\s+)?$")  # "the first meeting of [the Forum]": not the subject (an adoption is)
# "Ministerial Euro-African [Conference ...]": a name inside a longer one the graph does not know ("United Nations [...]" aside)
PRECEDED = re.compile(r"(?:^|\s)(?!(?:" + "|".join([*FUNCTION_WORDS, "Nations", "ILO"]) + r")\s)[A-Z][\w-]*\s$")
MEETING_CLASSES = {"Meeting", "HighLevelDialogue", "GlobalForumMeeting", "RoundTable", "Conference", "Debate", "Hearing",
                   "CoordinationMeeting", "Panel", "PlenaryMeeting", "CivilSocietyMeeting"}


def consistent(cand: Candidate, ctx: DocContext) -> bool:
    """Whether the subject as the sentence names it is the entity the graph knows: not the start of a longer name the graph
    does not know, and, for a meeting the graph dates, not in a sentence dating it in other years only."""
    if cand.subject is None:
        return True
    sent = cand.sentence
    span = next((s for s in sent.spans if s.entity == cand.subject), None)
    if span is None:
        return True
    before = sent.text[:span.start]
    if span.kind in ("name", "description") and (CONTINUES.match(sent.text[span.end:]) or PRECEDED.search(before)
                                                 or PART_OF.search(before)):
        return False
    if span.cls in MEETING_CLASSES:
        known = ctx.entities.graph.value(cand.subject, MIG.startDate)
        years = {d.found.value[:4] for d in sent.of_kind("date")
                 if d.found is not None and d.start >= span.start and not _dates_a_document(sent, d)}
        if known is not None and years and str(known)[:4] not in years:
            return False
    return True


OF_DOCUMENT = re.compile(r"^,?\s+(?:of|dated)\s+$")  # "resolution 58/209 of 23 December 2003", "(A/61/187) dated ..."


def _dates_a_document(sent: Sentence, date: Span) -> bool:
    """Whether the date is that of a resolution or a document the sentence cites just before it."""
    return any(s.kind in ("resolution", "symbol") and s.end <= date.start and OF_DOCUMENT.match(sent.text[s.end:date.start])
               for s in sent.spans)


def _read_as_notes(cand: Candidate, kind: str, say: Callable[[Span, URIRef], str]) -> dict[str, str]:
    """A note for each fact linking an entity the sentence writes only in a form of `kind` (no plain name of it there):
    `say` tells how that form was read."""
    forms = {s.entity: s for s in cand.sentence.spans if s.kind == kind}
    named = {s.entity for s in cand.sentence.spans if s.kind != kind}
    out: dict[str, str] = {}
    for predicate, value in cand.facts:
        for v in _values(value):
            if isinstance(v, URIRef) and v in forms and v not in named:
                out[predicate] = say(forms[v], v)
    return out


def _variant_notes(cand: Candidate, ctx: DocContext) -> dict[str, str]:
    """An instrument the sentence names in a variant form only ("ILO Convention No. 189"): the support check reads
    the graph's names word for word, and the note says how the form was read."""
    return _read_as_notes(cand, "variant", lambda span, v: f"'{span.text}' is the {ctx.entities.label(v)}, read by "
                          "its number (extract/variants.py).")


def _anaphora_notes(cand: Candidate, ctx: DocContext) -> dict[str, str]:
    """An entity the sentence names only as "the Group" after the document named it (a name the graph does not know
    yet): the note says which name "the Group" was read as."""
    return _read_as_notes(cand, "anaphora", lambda span, v: f"'the {span.text}' is the {ctx.entities.new[v][1]} the "
                          "document names before.")


def _name_triples(cand: Candidate, ctx: DocContext) -> list[tuple[Node, Node, Node]]:
    """The symbol or number by which the sentence names a curated entity, where the graph does not state it yet (the
    document's own curation states it: the build's check then reads the entity named)."""
    out: list[tuple[Node, Node, Node]] = []
    for iri in [cand.subject, *(v for _, val in cand.facts for v in _values(val))]:
        if isinstance(iri, URIRef) and ctx.entities.curated(iri) and iri in ctx.entities.new:
            out += [(iri, MIG[k], Literal(v)) for k, v in ctx.entities.new[iri][2]]
    return out


def finalise(cand: Candidate, gate: Gate) -> Proposal | None:
    """The proposal of a candidate, or None when its quote cannot be placed or a fact is not supported."""
    if not consistent(cand, gate.ctx):
        return None
    placed = gate.place(cand)
    if placed is None:
        return None
    quote, start, end = placed
    ctx = gate.ctx
    para = cand.sentence.label
    news = new_entities(cand, ctx, para, quote)
    linked_new = any(isinstance(v, URIRef) and not ctx.entities.curated(v) for _, val in cand.facts for v in _values(val))
    if (linked_new or (cand.subject is not None and not ctx.entities.curated(cand.subject))) and not news:
        return None
    if any(not _names_itself(n, quote) for n in news):
        return None
    node = ctx.entities.iri(cand.ident) if cand.ident else URIRef(ctx.entities.base + "proposal/node")
    subject = cand.subject if cand.subject is not None else node
    triples = _new_triples(gate, news) + _name_triples(cand, ctx)
    if cand.nary:
        triples.append((node, RDF.type, MIG[cand.nary]))
        triples += [(node, MIG[p], gate.term(p, v)) for p, val in cand.facts for v in _values(val)]
    notes = {**_variant_notes(cand, ctx), **_anaphora_notes(cand, ctx), **cand.notes}
    with gate.overlay(triples):
        for predicate, value in cand.facts:
            for v in _values(value):
                if not gate.supported(subject, predicate, v, quote, notes.get(predicate)):
                    return None
    cand = replace(cand, notes=notes)
    record = _record(cand, ctx, para, quote)
    keys = record_keys(record, cand.relation)
    return Proposal(proposal_id(keys, quote), cand.rule, cand.confidence, cand.relation, para, quote, start, end, record, keys,
                    news)


def _names_itself(n: NewEntity, quote: str) -> bool:
    from ..support import contains

    return all(contains(quote, v) for _, v in n.facts)


def _yaml_value(ctx: DocContext, value: Value) -> str | list[str]:
    if isinstance(value, list):
        return [ctx.entities.ident(v) for v in value]
    if isinstance(value, URIRef):
        return ctx.entities.ident(value)
    return value


def _record(cand: Candidate, ctx: DocContext, para: str, quote: str) -> dict[str, object]:
    """The candidate in the curated YAML format (data/README.md)."""
    source = {"para": para, "quote": quote}
    if cand.nary is None:
        assert cand.subject is not None
        predicate, value = cand.facts[0]
        fact: dict[str, object] = {"value": _yaml_value(ctx, value), "source": source}
        if predicate in cand.notes:
            fact["note"] = cand.notes[predicate]
        return {"about": ctx.entities.ident(cand.subject), predicate: fact}
    record: dict[str, object] = {}
    if cand.ident:
        record["id"] = cand.ident
    record["type"] = cand.nary
    if cand.label:
        record["label"] = cand.label
    record["source"] = source
    for predicate, value in cand.facts:
        written = _yaml_value(ctx, value)
        record[predicate] = {"value": written, "note": cand.notes[predicate]} if predicate in cand.notes else written
    return record
