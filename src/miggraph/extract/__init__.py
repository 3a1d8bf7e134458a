"""Text extraction: the corpus text itself as graph data.

`add_to_graph(graph, settings)` runs after the curated data is loaded and adds:

- every unit of every corpus document (numbered paragraph, heading, footnote, annex entry, table row)
  as a `mig:Passage` named `{base}id/passage/{doc}-{start}-{end}` like the curated quotes, with
  `mig:inDocument`, `mig:paragraph`, offsets, its text (`schema:text`, page furniture left out) and
  `prov:wasGeneratedBy {base}id/activity/text-extraction`; a curated quote passage `dcterms:isPartOf`
  the unit that holds it;
- `unit mig:mentions entity` for every entity named in a unit, and one `mig:Mention` node per match
  (`mention/{doc}-{start}-{end}`, typed by kind: mig:NameMention, mig:ResolutionMention, ...), with
  the matched text (`mig:quote`), offsets, `prov:wasDerivedFrom` its unit, and `mig:mentions` the
  entity or `rdf:value` the date, amount or percentage;
- a resolution or document symbol the graph does not know, as a new entity (`resolution/{n}`,
  `document/{symbol}`) with its number or symbol stated, like a curated fact, by a reified statement
  that derives from the passage quoting it, and `prov:wasGeneratedBy` the extraction activity.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..config import DCTERMS, MIG, PROV, RDF, RDFS, SCHEMA, UNDOCS, XSD, Settings
from ..gcpause import cyclic_gc_paused
from ..lookup import lookup
from .descriptions import Describer
from .gazetteer import Gazetteer
from .mentions import DocumentText, Mention, analyse, quote_of

KIND_CLASS = {
    "name": MIG.NameMention,
    "description": MIG.Mention,  # "the first meeting of the Forum": not a name, so only a mig:Mention
    "resolution": MIG.ResolutionMention,
    "symbol": MIG.SymbolMention,
    "date": MIG.DateMention,
    "money": MIG.MoneyMention,
    "percentage": MIG.PercentageMention,
}
MEETING_CLASSES = {"Meeting", "HighLevelDialogue", "GlobalForumMeeting", "RoundTable", "Conference", "Debate", "Hearing",
                   "CoordinationMeeting", "Panel", "PlenaryMeeting", "CivilSocietyMeeting"}
LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)*(?![\w-])")
DATE_TYPES = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}


def activity(settings: Settings) -> URIRef:
    return URIRef(settings.instance_base + "activity/text-extraction")


def symbol_slug(symbol: str) -> str:
    """document/{slug}: the symbol with / and . as -, in lower case (data/README.md)."""
    return re.sub(r"-+", "-", re.sub(r"[/. ]", "-", symbol.lower())).strip("-")


def symbol_class(symbol: str) -> URIRef:
    parts = symbol.upper().split("/")
    if "RES" in parts:
        return MIG.Resolution
    if any(p.startswith("L.") for p in parts):
        return MIG.DraftResolution
    return MIG.Document


@dataclass
class Extraction:
    """What extraction found, per document slug, and the entities it added."""

    documents: dict[str, DocumentText] = field(default_factory=dict)
    unit_iris: dict[str, list[URIRef]] = field(default_factory=dict)
    new_entities: list[URIRef] = field(default_factory=list)
    links: dict[tuple[str, int], URIRef | None] = field(default_factory=dict)  # (doc, mention index) → entity


class _Writer:
    def __init__(self, graph: Graph, settings: Settings) -> None:
        self.g = graph
        self.settings = settings
        self.base = settings.instance_base
        self.activity = activity(settings)
        self.lookup = lookup(graph)
        self.by_symbol: dict[str, URIRef] = {str(o): s for s, o in self.lookup.subject_objects(MIG.symbol)}  # type: ignore[misc]
        self.by_number: dict[str, list[URIRef]] = {}
        for s, o in sorted(self.lookup.subject_objects(MIG.resolutionNumber)):
            self.by_number.setdefault(str(o), []).append(s)  # type: ignore[arg-type]
        self.result = Extraction()
        self.offsets: dict[int, Literal] = {}

    def offset(self, n: int) -> Literal:
        """An offset as an xsd:nonNegativeInteger (one term per number)."""
        found = self.offsets.get(n)
        if found is None:
            found = self.offsets[n] = Literal(n, datatype=XSD.nonNegativeInteger)
        return found

    def iri(self, ident: str) -> URIRef:
        return URIRef(self.base + ident)

    def text_of(self, doc: str) -> str:
        return self.result.documents[doc].text

    def statement(self, s: Node, p: Node, o: Node, source: URIRef) -> None:
        """A fact with its reified statement, named by a digest of the triple as the loader names it."""
        g = self.g
        g.add((s, p, o))
        st = self.iri("statement/" + hashlib.sha256(f"{s.n3()} {p.n3()} {o.n3()}".encode()).hexdigest()[:20])
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, source))

    # -- entities for resolutions and symbols -----------------------------------
    def resolution(self, m: Mention, gazetteer: Gazetteer, doc: str, unit_label: str, doc_iri: URIRef, short: str) -> URIRef:
        f = m.found
        assert f is not None
        number = f.value
        candidates = self.by_number.get(number, [])
        body_acronym = None
        if f.body:
            hits = gazetteer.match(f.body)
            if hits and hits[0][0] == 0:
                body = hits[0][2].entity
                acr = self.lookup.value(body, MIG.acronym)
                body_acronym = str(acr).lower() if acr else None
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            if body_acronym:
                for c in candidates:
                    if str(c).rsplit("/", 1)[-1].startswith(body_acronym + "-"):
                        return c
            return candidates[0]
        slug = number.replace("/", "-")
        if f.body and not f.general_assembly and f.body != "General Assembly":
            slug = f"{body_acronym or re.sub(r'[^a-z0-9]+', '-', f.body.lower()).strip('-')}-{slug}"
            label = f"resolution {number} of the {f.body}"
        elif f.general_assembly:
            label = f"General Assembly resolution {number}"
        else:
            label = f"resolution {number}"
        entity = self.iri(f"resolution/{slug}")
        self.by_number[number] = [entity]
        source = self.quote_passage(m, doc, unit_label, doc_iri, short)
        self.new_entity(entity, MIG.Resolution, label, source)
        self.statement(entity, MIG.resolutionNumber, Literal(number), source)
        return entity

    def symbol(self, m: Mention, doc: str, unit_label: str, doc_iri: URIRef, short: str) -> URIRef:
        assert m.found is not None
        sym = m.found.value
        if sym in self.by_symbol:
            return self.by_symbol[sym]
        entity = self.iri(f"document/{symbol_slug(sym)}")
        self.by_symbol[sym] = entity
        source = self.quote_passage(m, doc, unit_label, doc_iri, short)
        self.new_entity(entity, symbol_class(sym), sym, source)
        self.statement(entity, MIG.symbol, Literal(sym), source)
        self.g.add((entity, RDFS.seeAlso, URIRef(UNDOCS + sym)))
        return entity

    def new_entity(self, entity: URIRef, cls: URIRef, label: str, source: URIRef) -> None:
        g = self.g
        g.add((entity, RDF.type, cls))
        g.add((entity, RDFS.label, Literal(label, lang="en")))
        g.add((entity, PROV.wasDerivedFrom, source))
        g.add((entity, PROV.wasGeneratedBy, self.activity))
        self.result.new_entities.append(entity)

    def quote_passage(self, m: Mention, doc: str, unit_label: str, doc_iri: URIRef, short: str) -> URIRef:
        """A passage quoting exactly the mention, as a curator would cite it."""
        iri = self.iri(f"passage/{doc}-{m.start}-{m.end}")
        g = self.g
        if not self.lookup.contains(iri, RDF.type, MIG.Passage):
            g.add((iri, RDF.type, MIG.Passage))
            g.add((iri, RDFS.label, Literal(passage_label(short, unit_label), lang="en")))
            g.add((iri, MIG.inDocument, doc_iri))
            g.add((iri, MIG.paragraph, Literal(unit_label)))
            g.add((iri, MIG.quote, Literal(quote_of(self.text_of(doc)[m.start:m.end]))))
            g.add((iri, MIG.startOffset, self.offset(m.start)))
            g.add((iri, MIG.endOffset, self.offset(m.end)))
            g.add((iri, PROV.wasGeneratedBy, self.activity))
        return iri


def passage_label(short: str, para: str) -> str:
    return f"{short}, para. {para}" if para[:1].isdigit() else f"{short}, {para}"


def _value(m: Mention) -> list[tuple[URIRef, Literal]]:
    f = m.found
    assert f is not None
    if m.kind == "date":
        return [(RDF.value, Literal(f.value, datatype=DATE_TYPES[len(f.value)]))]
    if m.kind == "money":
        currency, amount = f.value.split(" ", 1)
        return [(RDF.value, _decimal(amount)), (SCHEMA.currency, Literal(currency))]
    return [(RDF.value, _decimal(f.value))]


def _decimal(value: str) -> Literal:
    """An xsd:decimal in its canonical form, as Turtle writes it back ("15000000.0", not "15000000")."""
    text = f"{Decimal(value):f}"
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def corpus_documents(graph: Graph) -> list[tuple[str, URIRef, str, str]]:
    """(slug, IRI, corpus file, short name) of every document with a corpus file."""
    lk = lookup(graph)
    out = []
    for doc, cf in lk.subject_objects(MIG.corpusFile):
        slug = str(doc).rsplit("/", 1)[-1]
        symbol = lk.value(doc, MIG.symbol)
        short = str(symbol) if symbol else str(lk.value(doc, RDFS.label) or slug)
        out.append((slug, doc, str(cf), short))  # type: ignore[arg-type]
    return sorted(out)


def add_to_graph(graph: Graph, settings: Settings) -> Extraction:
    """Split every corpus document into units, find mentions, and add both to the graph (see the module doc).

    The cyclic garbage collector is paused meanwhile: extraction makes millions of objects that all stay (the
    terms and triples added) and next to no cycles, so each of its collections would only read the whole graph
    again (a third of the time at a million triples). It runs again after, if it ran before.
    """
    with cyclic_gc_paused():
        return _extract(graph, settings)


def _extract(graph: Graph, settings: Settings) -> Extraction:
    documents = corpus_documents(graph)
    paths = {cf: settings.corpus_dir / cf for _, _, cf, _ in documents}
    texts = {cf: p.read_text(encoding="utf-8") for cf, p in paths.items() if p.is_file()}
    common = {w for t in texts.values() for w in LOWER_WORD.findall(t)}
    gazetteer = Gazetteer.from_graph(graph, common)
    describer = Describer(graph, gazetteer)
    w = _Writer(graph, settings)
    act = w.activity
    graph.add((act, RDF.type, PROV.Activity))
    graph.add((act, RDFS.label, Literal("text extraction", lang="en")))
    comment = "Passages and mentions found in the corpus text by miggraph's extractor, not curated."
    graph.add((act, RDFS.comment, Literal(comment, lang="en")))
    curated = _curated_passages(graph)
    for slug, doc_iri, corpus_file, short in documents:
        if corpus_file not in texts:
            continue
        doc = analyse(corpus_file, texts[corpus_file], gazetteer, describer)
        w.result.documents[slug] = doc
        unit_iris = _Units(w, slug, doc_iri, short).add(doc)
        w.result.unit_iris[slug] = unit_iris
        for passage, (start, end) in curated.get(doc_iri, []):
            k = doc.unit_containing(start, end)
            if k is not None and unit_iris[k] != passage:
                graph.add((passage, DCTERMS.isPartOf, unit_iris[k]))
        _Units(w, slug, doc_iri, short).add_mentions(doc, unit_iris, gazetteer)
        _section_subjects(graph, doc, unit_iris, w.result.links, slug)
    return w.result


# the terms written for every unit and mention, made once
_TEXT, _QUOTE, _START, _END = SCHEMA.text, MIG.quote, MIG.startOffset, MIG.endOffset
_PASSAGE, _IN_DOCUMENT, _PARAGRAPH, _MENTIONS = MIG.Passage, MIG.inDocument, MIG.paragraph, MIG.mentions
_GENERATED_BY, _DERIVED_FROM = PROV.wasGeneratedBy, PROV.wasDerivedFrom


class _Units:
    """The units and the mentions of one document, written into the graph."""

    def __init__(self, w: _Writer, slug: str, doc_iri: URIRef, short: str) -> None:
        self.w = w
        self.slug = slug
        self.doc_iri = doc_iri
        self.short = short

    def add(self, doc: DocumentText) -> list[URIRef]:
        """Each unit as a passage (its text on a curated quote of the very span); their IRIs, in order."""
        add, base, slug = self.w.g.add, self.w.base, self.slug
        quoted = self.w.lookup.value
        act = self.w.activity
        unit_iris = []
        for u in doc.units:
            iri = URIRef(f"{base}passage/{slug}-{u.start}-{u.end}")
            unit_iris.append(iri)
            add((iri, _TEXT, Literal(u.text)))
            if quoted(iri, _QUOTE) is not None:
                continue  # a curated quote with exactly this span: the same passage
            add((iri, RDF.type, _PASSAGE))
            add((iri, RDFS.label, Literal(passage_label(self.short, u.label), lang="en")))
            add((iri, _IN_DOCUMENT, self.doc_iri))
            add((iri, _PARAGRAPH, Literal(u.label)))
            add((iri, _START, self.w.offset(u.start)))
            add((iri, _END, self.w.offset(u.end)))
            add((iri, _GENERATED_BY, act))
        return unit_iris

    def add_mentions(self, doc: DocumentText, unit_iris: list[URIRef], gazetteer: Gazetteer) -> None:
        """Each mention as a node, and `unit mig:mentions entity` for what it names."""
        links = self.w.result.links
        for idx, m in enumerate(doc.mentions):
            entity = self._entity(m, doc.units[m.unit].label, gazetteer)
            links[(self.slug, idx)] = entity
            self._mention(m, doc.units[m.unit].label, unit_iris[m.unit], entity)

    def _entity(self, m: Mention, label: str, gazetteer: Gazetteer) -> URIRef | None:
        if m.kind in ("name", "description"):
            assert m.entry is not None
            return m.entry.entity
        if m.kind == "resolution":
            return self.w.resolution(m, gazetteer, self.slug, label, self.doc_iri, self.short)
        if m.kind == "symbol":
            return self.w.symbol(m, self.slug, label, self.doc_iri, self.short)
        return None

    def _mention(self, m: Mention, label: str, unit_iri: URIRef, entity: URIRef | None) -> None:
        add = self.w.g.add
        node = URIRef(f"{self.w.base}mention/{self.slug}-{m.start}-{m.end}")
        add((node, RDF.type, KIND_CLASS[m.kind]))
        add((node, RDFS.label, Literal(f"“{m.text}” in {passage_label(self.short, label)} at {m.start}", lang="en")))
        add((node, _QUOTE, Literal(m.text)))
        add((node, _START, self.w.offset(m.start)))
        add((node, _END, self.w.offset(m.end)))
        add((node, _DERIVED_FROM, unit_iri))
        if entity is not None:
            add((node, _MENTIONS, entity))
            if entity != self.doc_iri:
                add((unit_iri, _MENTIONS, entity))
        else:
            for p, o in _value(m):
                add((node, p, o))


def _section_subjects(g: Graph, doc: DocumentText, unit_iris: list[URIRef], links: dict[tuple[str, int], URIRef | None],
                      slug: str) -> None:
    """A unit under a heading is about what the heading names: `unit dcterms:subject entity`.

    The paragraphs under "III. Panel 1: The contribution of migrants to development" report that panel, those
    under "A.2 The Global Commission on International Migration" that commission, though they may not name it.
    """
    named: dict[int, list[URIRef]] = {}
    titles: dict[int, list[URIRef]] = {}  # an annex entry → the meetings named at its start
    for idx, m in enumerate(doc.mentions):
        entity = links.get((slug, idx))
        unit = doc.units[m.unit]
        if entity is not None and m.kind in ("name", "description", "resolution") and unit.kind != "paragraph":
            named.setdefault(m.unit, []).append(entity)
            if unit.label.startswith("Annex: ") and m.start == unit.start and m.entry is not None and m.entry.cls in MEETING_CLASSES:
                titles.setdefault(m.unit, []).append(entity)
    for i, u in enumerate(doc.units):
        for h in u.sections:
            for entity in named.get(h, ()):
                g.add((unit_iris[i], DCTERMS.subject, entity))
            # the title of a list ("List of intergovernmental conferences ...") is about the meetings it lists
            for entity in titles.get(i, ()) if doc.units[h].kind == "annex" else ():
                g.add((unit_iris[h], DCTERMS.subject, entity))


def _curated_passages(graph: Graph) -> dict[URIRef, list[tuple[URIRef, tuple[int, int]]]]:
    lk = lookup(graph)
    out: dict[URIRef, list[tuple[URIRef, tuple[int, int]]]] = {}
    for p in lk.subjects(RDF.type, MIG.Passage):
        if lk.value(p, MIG.quote) is None:
            continue
        doc = lk.value(p, MIG.inDocument)
        start, end = lk.value(p, MIG.startOffset), lk.value(p, MIG.endOffset)
        if doc is None or start is None or end is None:
            continue
        out.setdefault(doc, []).append((p, (int(start), int(end))))  # type: ignore[arg-type, call-overload]
    for v in out.values():
        v.sort(key=lambda x: (x[1], str(x[0])))
    return out


__all__ = ["Extraction", "add_to_graph", "quote_of", "symbol_slug"]
