"""Load the curated YAML and the corpus into an RDF graph with reified provenance.

Flow: read every YAML file (documents.yaml, facts/*.yaml, tables/*.yaml), register every
id, then turn each record into triples. Each curated triple (other than rdf:type and
rdfs:label) is also reified as an rdf:Statement that derives from the passages it cites.
All problems are collected and raised together as an InputError.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
from rdflib import OWL, Graph, Literal, URIRef
from rdflib.term import Node

from . import support
from .config import EU_COUNTRY, MIG, PREFIXES, PROV, QB, RDF, RDFS, SKOS, UNDOCS, XSD, Settings
from .corpus import Corpus
from .errors import InputError, Problem, clip, shown
from .memstore import CompactMemory
from .ontology import DATE_RANGES, Ontology
from .yamlio import LineDict, LineList, read_yaml

ID_RE = re.compile(r"^([a-z][a-z0-9-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)$")
CURIE_RE = re.compile(r"^mig:([A-Za-z][A-Za-z0-9_]*)$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
INT_RE = re.compile(r"^\d+$")
DEC_RE = re.compile(r"^-?\d+(?:\.\d+)?$")

RECORD_KEYS = {"id", "about", "type", "label", "altLabel", "source"}
SOURCE_KEYS = {"para", "quote", "doc"}
FACT_KEYS = {"value", "source", "note"}
AUTO_ID_TYPES = {"Membership", "Role", "RatificationStatus"}
STRUCTURAL = {"inDocument", "paragraph", "quote", "startOffset", "endOffset", "mentions"}


@dataclass
class Where:
    """A place in an input file, for error messages."""

    path: str
    line: int | None
    field: str | None = None


@dataclass
class EntityInfo:
    iri: URIRef
    type: str
    where: Where
    label: str | None = None


@dataclass
class DocInfo:
    iri: URIRef
    corpus_file: str | None
    short: str


@dataclass
class LoadResult:
    """The loaded graph and what went into it."""

    graph: Graph
    entities: dict[str, EntityInfo]
    files: list[str] = field(default_factory=list)


def _slug(text: str, limit: int = 60) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].rstrip("-") or "x"


class Loader:
    """Turns YAML records into RDF; collects problems instead of stopping at the first."""

    def __init__(self, settings: Settings, ontology: Ontology, corpus: Corpus) -> None:
        self.settings = settings
        self.ont = ontology
        self.corpus = corpus
        self.base = settings.instance_base
        self.graph = Graph(store=CompactMemory())  # one graph, no contexts: the compact in-memory store
        for prefix, ns in PREFIXES.items():
            self.graph.bind(prefix, ns)
        self.graph.bind("id", self.base)
        self.problems: list[Problem] = []
        self.entities: dict[str, EntityInfo] = {}
        self.documents: dict[str, DocInfo] = {}
        self.passages: dict[tuple[str, int, int], tuple[URIRef, str]] = {}
        self.auto_ids: dict[str, URIRef] = {}
        self.origins: dict[tuple[URIRef, URIRef], Where] = {}  # (statement, passage) → the fact citing it

    # -- helpers ---------------------------------------------------------
    def problem(self, where: Where, message: str, fld: str | None = None) -> None:
        self.problems.append(Problem(where.path, where.line, fld or where.field, message))

    def iri(self, ident: str) -> URIRef:
        return URIRef(self.base + ident)

    def _display(self, path: Path) -> str:
        try:  # a staged data/ folder is named as the data/ it stands for
            return str(Path("data") / path.relative_to(self.settings.data_dir))
        except ValueError:
            pass
        try:
            return str(path.relative_to(self.settings.root))
        except ValueError:
            return str(path)

    # -- pass 1: read files and register ids ----------------------------
    def read_files(self, paths: list[Path]) -> list[tuple[str, Any]]:
        docs: list[tuple[str, Any]] = []
        for path in paths:
            name = self._display(path)
            try:
                content = read_yaml(path, name)
            except InputError as exc:
                self.problems.extend(exc.problems)
                continue
            if content is None:
                self.problem(Where(name, None), "file is empty")
                continue
            if not isinstance(content, LineDict):
                self.problem(Where(name, 1), "top level must be a mapping with 'records' (and 'document')")
                continue
            docs.append((name, content))
        return docs

    def register(self, name: str, content: LineDict) -> None:
        allowed = {"document", "records", "datasets"}
        for key in content:
            if key not in allowed:
                self.problem(Where(name, content.line_of(key), key),
                             f"unknown top-level key {shown(key)} (expected one of {sorted(allowed)})")
        for rec in self._records(name, content, "records"):
            self._register_record(name, rec)
        for ds in self._records(name, content, "datasets"):
            self._register_record(name, ds, forced_type="DataSet")

    def _records(self, name: str, content: LineDict, key: str) -> list[LineDict]:
        recs = content.get(key)
        if recs is None:
            return []
        if not isinstance(recs, LineList):
            self.problem(Where(name, content.line_of(key), key), "must be a list of records")
            return []
        out = []
        for rec in recs:
            if not isinstance(rec, LineDict):
                self.problem(Where(name, recs.line, key), "each record must be a mapping")
                continue
            out.append(rec)
        return out

    def _register_record(self, name: str, rec: LineDict, forced_type: str | None = None) -> None:
        ident = rec.get("id")
        if ident is None:
            return
        where = Where(name, rec.line_of("id"), "id")
        if not isinstance(ident, str) or not ID_RE.match(ident):
            self.problem(where, f"malformed id {shown(ident)} (expected kind/slug, e.g. org/iom)")
            return
        kind, slug = ID_RE.match(ident).groups()  # type: ignore[union-attr]
        if kind == "country":
            if not re.fullmatch(r"[A-Z]{3}", slug) or pycountry.countries.get(alpha_3=slug) is None:
                self.problem(where, f"{shown(slug)} is not an ISO 3166-1 alpha-3 country code")
                return
        elif slug != slug.lower():
            self.problem(where, f"slug of {shown(ident)} must be lower case")
            return
        if ident in self.entities:
            first = self.entities[ident].where
            self.problem(where, f"duplicate id {shown(ident)} (first defined at {first.path}:{first.line})")
            return
        typ = forced_type or rec.get("type")
        if not isinstance(typ, str):
            self.problem(Where(name, rec.line, "type"), f"record {shown(ident)} has no type")
            typ = "?"
        elif forced_type is None and typ not in self.ont.classes:
            self.problem(Where(name, rec.line_of("type"), "type"), f"unknown class mig:{clip(typ)} (not declared in the ontology)")
        label = rec.get("label")
        self.entities[ident] = EntityInfo(self.iri(ident), typ, where, label if isinstance(label, str) else None)
        if typ in ("Document",) or (typ in self.ont.classes and self.ont.is_subclass(typ, "Document")):
            cf = rec.get("corpusFile")
            slug_doc = slug
            symbol = self._plain(rec, "symbol")
            short = symbol if isinstance(symbol, str) else str(rec.get("label", slug_doc))
            self.documents[slug_doc] = DocInfo(self.iri(ident), cf if isinstance(cf, str) else None, short)

    # -- pass 2: records to triples --------------------------------------
    def emit(self, name: str, content: LineDict) -> None:
        default_doc = content.get("document")
        if default_doc is not None:
            if not isinstance(default_doc, str) or default_doc not in self.documents:
                self.problem(Where(name, content.line_of("document"), "document"), f"unknown document {shown(default_doc)}")
                default_doc = None
            elif self.documents[default_doc].corpus_file is None:
                self.problem(Where(name, content.line_of("document"), "document"), f"document {shown(default_doc)} has no corpusFile")
                default_doc = None
        for rec in self._records(name, content, "records"):
            self._emit_record(name, rec, default_doc)
        for ds in self._records(name, content, "datasets"):
            self._emit_dataset(name, ds, default_doc)

    def _sources(self, name: str, value: Any, line: int, default_doc: str | None) -> list[URIRef] | None:
        """Passages for a `source` value; None when one of them was bad (already reported)."""
        before = len(self.problems)
        found = self._resolve_sources(name, value, line, default_doc)
        return None if len(self.problems) > before else found

    def _resolve_sources(self, name: str, value: Any, line: int, default_doc: str | None) -> list[URIRef]:
        items = value if isinstance(value, list) else [value]
        out: list[URIRef] = []
        for item in items:
            where = Where(name, getattr(item, "line", line), "source")
            if not isinstance(item, LineDict):
                self.problem(where, "a source must be a mapping with 'para' and 'quote'")
                continue
            for key in item:
                if key not in SOURCE_KEYS:
                    self.problem(Where(name, item.line_of(key), f"source.{key}"), "unknown key in source (expected para, quote, doc)")
            doc = item.get("doc", default_doc)
            para, quote = item.get("para"), item.get("quote")
            if not isinstance(doc, str) or doc not in self.documents:
                self.problem(Where(name, item.line_of("doc"), "source.doc"), f"unknown document {shown(doc)}")
                continue
            if not isinstance(para, str) or not para.strip():
                self.problem(Where(name, item.line_of("para"), "source.para"), "missing paragraph label")
                continue
            if not isinstance(quote, str) or not quote.strip():
                self.problem(Where(name, item.line_of("quote"), "source.quote"), "missing quote")
                continue
            info = self.documents[doc]
            if info.corpus_file is None or not self.corpus.exists(info.corpus_file):
                self.problem(Where(name, item.line_of("doc"), "source.doc"), f"document {shown(doc)} has no corpus file")
                continue
            span = self.corpus.get(info.corpus_file).find(quote)
            if span is None:
                self.problem(
                    Where(name, item.line_of("quote"), "source.quote"),
                    f"quote not found in {info.corpus_file}: {shown(quote[:80])}",
                )
                continue
            out.append(self._passage(name, item, doc, para.strip(), quote, span))
        return out

    def _passage(self, name: str, item: LineDict, doc: str, para: str, quote: str, span: tuple[int, int]) -> URIRef:
        key = (doc, span[0], span[1])
        if key in self.passages:
            iri, known_para = self.passages[key]
            if known_para != para:
                self.problem(
                    Where(name, item.line_of("para"), "source.para"),
                    f"the same quote is cited elsewhere as paragraph {shown(known_para)}, here as {shown(para)}",
                )
            return iri
        iri = self.iri(f"passage/{doc}-{span[0]}-{span[1]}")
        self.passages[key] = (iri, para)
        info = self.documents[doc]
        label = f"{info.short}, para. {para}" if para[:1].isdigit() else f"{info.short}, {para}"
        g = self.graph
        g.add((iri, RDF.type, MIG.Passage))
        g.add((iri, RDFS.label, Literal(label, lang="en")))
        g.add((iri, MIG.inDocument, info.iri))
        g.add((iri, MIG.paragraph, Literal(para)))
        g.add((iri, MIG.quote, Literal(" ".join(quote.split()))))
        g.add((iri, MIG.startOffset, Literal(span[0], datatype=XSD.nonNegativeInteger)))
        g.add((iri, MIG.endOffset, Literal(span[1], datatype=XSD.nonNegativeInteger)))
        return iri

    def statement_iri(self, s: Node, p: Node, o: Node) -> URIRef:
        """The reified statement of a triple: named by a digest of the triple, so stable across builds."""
        digest = hashlib.sha256(f"{s.n3()} {p.n3()} {o.n3()}".encode()).hexdigest()[:20]
        return self.iri(f"statement/{digest}")

    def fact(self, s: URIRef, p: URIRef, o: Node, sources: Iterable[URIRef], note: str | None = None,
             where: Where | None = None) -> None:
        """Add a triple and its reification with provenance (`where`: the fact in its file, for the support check)."""
        g = self.graph
        g.add((s, p, o))
        st = self.statement_iri(s, p, o)
        sources = list(sources)
        if where is not None:
            for src in sources:
                self.origins.setdefault((st, src), where)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        for src in sources:
            g.add((st, PROV.wasDerivedFrom, src))
        if note:
            g.add((st, RDFS.comment, Literal(note, lang="en")))

    def _emit_record(self, name: str, rec: LineDict, default_doc: str | None) -> None:
        ident, about, typ = rec.get("id"), rec.get("about"), rec.get("type")
        if (ident is None) == (about is None) and not (ident is None and isinstance(typ, str) and typ in AUTO_ID_TYPES):
            self.problem(Where(name, rec.line, "id"), "a record needs exactly one of 'id' or 'about'")
            return
        for key in rec:
            if key not in RECORD_KEYS and key not in self.ont.properties:
                self.problem(Where(name, rec.line_of(key), key), f"unknown key {shown(key)} (not a mig: property of the ontology)")
        sources: list[URIRef] = []
        bad_source = False
        if "source" in rec:
            found = self._sources(name, rec["source"], rec.line_of("source"), default_doc)
            bad_source = found is None
            sources = found or []
        if about is not None:
            if not isinstance(about, str) or about not in self.entities:
                self.problem(Where(name, rec.line_of("about"), "about"), f"unknown entity {shown(about)}")
                return
            for key in ("type", "label"):
                if key in rec:
                    self.problem(Where(name, rec.line_of(key), key), f"an 'about' record cannot set {shown(key)}")
            subject = self.entities[about].iri
            typ = self.entities[about].type
        elif ident is None:
            if not bad_source:
                self._emit_auto(name, rec, sources, default_doc)
            return
        else:
            info = self.entities.get(ident) if isinstance(ident, str) else None
            if info is None or (info.where.path, info.where.line) != (name, rec.line_of("id")):
                return  # malformed or duplicate: reported in pass 1
            subject = self.entities[ident].iri
            typ = self.entities[ident].type
            label = rec.get("label")
            if typ in AUTO_ID_TYPES and label is None:
                label = self._auto_label(typ, rec)
            if not isinstance(label, str) or not label.strip():
                self.problem(Where(name, rec.line_of("label"), "label"), f"entity {shown(ident)} needs one label (a string)")
            else:
                self.graph.add((subject, RDFS.label, Literal(" ".join(label.split()), lang="en")))
            if typ in self.ont.classes:
                self.graph.add((subject, RDF.type, MIG[typ]))
            if not sources and not bad_source:
                self.problem(Where(name, rec.line, "source"), f"entity {shown(ident)} cites no passage (give a 'source')")
            self._implied(subject, typ, ident, rec, sources)
        for src in sources:
            self.graph.add((subject, PROV.wasDerivedFrom, src))
        self._emit_properties(name, rec, subject, sources, default_doc, quiet=bad_source)

    def _emit_properties(
        self, name: str, rec: LineDict, subject: URIRef, sources: list[URIRef], default_doc: str | None, quiet: bool = False
    ) -> None:
        for key, raw in rec.items():
            if key in RECORD_KEYS - {"altLabel"}:
                continue
            if key != "altLabel" and key not in self.ont.properties:
                continue
            line = rec.line_of(key)
            items = raw if isinstance(raw, list) else [raw]
            for item in items:
                self._emit_fact(name, key, item, line, subject, sources, default_doc, quiet)

    def _emit_fact(
        self, name: str, key: str, item: Any, line: int, subject: URIRef, sources: list[URIRef], default_doc: str | None, quiet: bool
    ) -> None:
        """One value (or a {value, source, note} mapping of one or more values) of one property."""
        fact_sources = sources
        note = None
        value = item
        if isinstance(item, LineDict):
            line = item.line
            for k in item:
                if k not in FACT_KEYS:
                    self.problem(Where(name, item.line_of(k), f"{key}.{k}"), "unknown key in a fact (expected value, source, note)")
            if "value" not in item:
                self.problem(Where(name, line, key), "a fact written as a mapping needs 'value'")
                return
            value = item["value"]
            if "source" in item:
                found = self._sources(name, item["source"], item.line_of("source"), default_doc)
                if found is None:
                    return
                fact_sources = found
            note = item.get("note") if isinstance(item.get("note"), str) else None
        if not fact_sources:
            if not quiet:
                self.problem(Where(name, line, key), "fact cites no passage (give a 'source' for it or for its record)")
            return
        for v in value if isinstance(value, list) else [value]:
            term = self.term(name, key, v, line)
            if term is not None:
                pred = SKOS.altLabel if key == "altLabel" else MIG[key]
                self.fact(subject, pred, term, fact_sources, note, Where(name, getattr(v, "line", line), key))

    def term(self, name: str, key: str, value: Any, line: int) -> Node | None:
        """Convert one YAML value to an RDF term, as the ontology range says."""
        where = Where(name, getattr(value, "line", line), key)
        if not isinstance(value, str):
            self.problem(where, f"expected a single value (a string), got {type(value).__name__}")
            return None
        value = value.strip()
        if key == "altLabel":
            return Literal(" ".join(value.split()), lang="en")
        info = self.ont.properties[key]
        if info.is_object:
            m = CURIE_RE.match(value)
            if m:
                if m.group(1) not in self.ont.individuals:
                    self.problem(where, f"unknown individual {shown(value)} (not declared in the ontology)")
                    return None
                return MIG[m.group(1)]
            if value not in self.entities:
                self.problem(where, f"dangling reference {shown(value)}: no record defines this id")
                return None
            return self.entities[value].iri
        rng = info.range
        if rng in DATE_RANGES:
            return self._date(where, value)
        if rng in (XSD.nonNegativeInteger, XSD.integer):
            if not INT_RE.match(value):
                self.problem(where, f"expected a non-negative integer, got {shown(value)}")
                return None
            return Literal(int(value), datatype=XSD.nonNegativeInteger)
        if rng == XSD.decimal:
            if not DEC_RE.match(value):
                self.problem(where, f"expected a decimal number, got {shown(value)}")
                return None
            return Literal(value if "." in value else value + ".0", datatype=XSD.decimal)  # canonical form, as Turtle writes it
        if rng == XSD.boolean:
            if value not in ("true", "false"):
                self.problem(where, f"expected true or false, got {shown(value)}")
                return None
            return Literal(value == "true")
        return Literal(" ".join(value.split()))

    def _date(self, where: Where, value: str) -> Literal | None:
        m = DATE_RE.match(value)
        if not m:
            self.problem(where, f"malformed date {shown(value)} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        year, month, day = m.groups()
        try:
            if day:
                dt.date.fromisoformat(value)
                return Literal(value, datatype=XSD.date)
            if month:
                if not 1 <= int(month) <= 12:
                    raise ValueError(value)
                return Literal(value, datatype=XSD.gYearMonth)
        except ValueError:
            self.problem(where, f"malformed date {shown(value)} (no such day or month)")
            return None
        return Literal(year, datatype=XSD.gYear)

    def _implied(self, subject: URIRef, typ: str, ident: str, rec: LineDict, sources: list[URIRef]) -> None:
        """Triples that follow from a standard: country codes, undocs links, theme scheme."""
        g = self.graph
        kind, slug = ident.split("/", 1)
        if kind == "country":
            self.fact(subject, MIG.countryCode, Literal(slug), sources)
            g.add((subject, OWL.sameAs, URIRef(EU_COUNTRY + slug)))
        symbol = self._plain(rec, "symbol")
        if isinstance(symbol, str) and typ in self.ont.classes and self.ont.is_subclass(typ, "Document"):
            g.add((subject, RDFS.seeAlso, URIRef(UNDOCS + symbol.strip().replace(" ", "%20"))))
        if typ == "Theme":
            scheme = self.iri("theme")
            g.add((subject, SKOS.inScheme, scheme))
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            name = Literal("miggraph themes", lang="en")
            g.add((scheme, RDFS.label, name))
            g.add((scheme, SKOS.prefLabel, name))

    def complete_scheme(self) -> None:
        """Make the theme scheme readable by SKOS tools (Skosmos, VocBench, qSKOS): each theme's label is also its
        skos:prefLabel, and, the scheme being flat, each theme is one of its top concepts."""
        g = self.graph
        scheme = self.iri("theme")
        for concept in list(g.subjects(SKOS.inScheme, scheme)):
            for label in list(g.objects(concept, RDFS.label)):
                g.add((concept, SKOS.prefLabel, label))
            g.add((concept, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, concept))

    def refine_dates(self) -> None:
        """Drop a date that another source gives more precisely ("2008" beside "2008-10-29").

        The two do not disagree; keeping both would give a meeting two start dates. The
        coarser statement goes; the entity keeps the passage that gave it.
        """
        date_props = [MIG[k] for k, info in self.ont.properties.items() if info.range in DATE_RANGES]
        g = self.graph
        for p in date_props:
            for s in set(g.subjects(p, None)):
                values = [str(v) for v in g.objects(s, p)]
                for v in values:
                    if any(w.startswith(v + "-") for w in values):
                        coarse = next(o for o in g.objects(s, p) if str(o) == v)
                        g.remove((s, p, coarse))
                        g.remove((self.statement_iri(s, p, coarse), None, None))

    def check_support(self) -> None:
        """A problem for every citation whose quote does not state its fact (support.py)."""
        found = support.check_graph(self.graph)
        for c in found.unsupported:
            where = self.origins.get((c.statement, c.passage))
            if where is None:
                continue  # a fact the loader made itself from a standard (country codes): nothing to cite
            quote = str(self.graph.value(c.passage, MIG.quote))
            self.problem(where, f"the citation does not support the fact: {c.reason} (quote: {shown(quote[:100])})")
        self.support = found

    # -- memberships, roles and ratifications without explicit ids ---------
    def _ref_slug(self, value: Any) -> str:
        return _slug(value.split("/", 1)[-1]) if isinstance(value, str) else "x"

    def _label_of(self, ident: Any) -> str:
        if isinstance(ident, str) and ident in self.entities:
            return self.entities[ident].label or ident
        return str(ident)

    def _plain(self, rec: LineDict, key: str) -> Any:
        v = rec.get(key)
        return v.get("value") if isinstance(v, LineDict) else v

    def _auto_label(self, typ: str, rec: LineDict) -> str:
        if typ == "Membership":
            as_of = self._plain(rec, "asOf")
            tail = f", as of {as_of}" if as_of else ""
            return f"{self._label_of(self._plain(rec, 'member'))} in {self._label_of(self._plain(rec, 'group'))}{tail}"
        if typ == "Role":
            return f"{self._label_of(self._plain(rec, 'holder'))}, {self._plain(rec, 'roleName')}"
        as_of = self._plain(rec, "asOf")
        tail = f", as of {as_of}" if as_of else ""
        return f"{self._label_of(self._plain(rec, 'instrument'))}: {self._plain(rec, 'count')} ratifications{tail}"

    def _auto_id(self, typ: str, rec: LineDict) -> str:
        if typ == "Membership":
            parts = [self._ref_slug(self._plain(rec, "group")), self._plain(rec, "asOf"), self._ref_slug(self._plain(rec, "member"))]
            return "membership/" + "-".join(_slug(str(p)) for p in parts if p)
        if typ == "Role":
            return f"role/{self._ref_slug(self._plain(rec, 'holder'))}-{_slug(str(self._plain(rec, 'roleName')), 50)}"
        parts = [self._ref_slug(self._plain(rec, "instrument")), self._plain(rec, "asOf"), self._plain(rec, "count")]
        return "ratification/" + "-".join(_slug(str(p)) for p in parts if p)

    def _emit_auto(self, name: str, rec: LineDict, sources: list[URIRef], default_doc: str | None) -> None:
        typ = rec["type"]
        required = {"Membership": ("member", "group"), "Role": ("holder", "roleName"), "RatificationStatus": ("instrument", "count")}[typ]
        for key in required:
            if key not in rec:
                self.problem(Where(name, rec.line, key), f"a {typ} needs '{key}'")
                return
        if not sources:
            self.problem(Where(name, rec.line, "source"), f"a {typ} record cites no passage (give a 'source')")
            return
        members = self._plain(rec, "member") if typ == "Membership" else None
        variants: list[LineDict] = []
        if isinstance(members, list):
            for m in members:
                one = LineDict(rec)
                one.line, one.key_lines = rec.line, rec.key_lines
                one["member"] = m if not isinstance(rec["member"], LineDict) else LineDict({**rec["member"], "value": m})
                if isinstance(rec["member"], LineDict):
                    one["member"].line, one["member"].key_lines = rec["member"].line, rec["member"].key_lines
                variants.append(one)
        else:
            variants.append(rec)
        for one in variants:
            ident = self._auto_id(typ, one)
            subject = self.iri(ident)
            if ident not in self.auto_ids:
                self.auto_ids[ident] = subject
                self.graph.add((subject, RDF.type, MIG[typ]))
                self.graph.add((subject, RDFS.label, Literal(self._auto_label(typ, one), lang="en")))
            for src in sources:
                self.graph.add((subject, PROV.wasDerivedFrom, src))
            self._emit_properties(name, one, subject, sources, default_doc)

    # -- Data Cube ----------------------------------------------------------
    def _emit_dataset(self, name: str, ds: LineDict, default_doc: str | None) -> None:
        ident = ds.get("id")
        if not isinstance(ident, str) or ident not in self.entities:
            if ident is None:
                self.problem(Where(name, ds.line, "id"), "a dataset needs an id")
            return
        g = self.graph
        subject = self.entities[ident].iri
        slug = ident.split("/", 1)[1]
        allowed = {"id", "label", "source", "dimensions", "measures", "attributes", "observations"}
        for key in ds:
            if key not in allowed:
                self.problem(Where(name, ds.line_of(key), key), f"unknown key in a dataset (expected {sorted(allowed)})")
        sources = self._sources(name, ds.get("source"), ds.line_of("source"), default_doc) if "source" in ds else []
        if sources == []:
            self.problem(Where(name, ds.line, "source"), f"dataset {shown(ident)} cites no passage")
        label = ds.get("label")
        if not isinstance(label, str):
            self.problem(Where(name, ds.line, "label"), f"dataset {shown(ident)} needs a label")
            label = ident
        g.add((subject, RDF.type, QB.DataSet))
        g.add((subject, RDFS.label, Literal(label, lang="en")))
        for src in sources or []:
            g.add((subject, PROV.wasDerivedFrom, src))
        dsd = self.iri(f"dsd/{slug}")
        g.add((subject, QB.structure, dsd))
        g.add((dsd, RDF.type, QB.DataStructureDefinition))
        g.add((dsd, RDFS.label, Literal(f"Structure of {label}", lang="en")))
        components: dict[str, list[str]] = {}
        for role, qb_type, qb_link in (
            ("dimensions", QB.DimensionProperty, QB.dimension),
            ("measures", QB.MeasureProperty, QB.measure),
            ("attributes", QB.AttributeProperty, QB.attribute),
        ):
            props = ds.get(role, LineList())
            if not isinstance(props, list):
                self.problem(Where(name, ds.line_of(role), role), "must be a list of property names")
                props = []
            components[role] = []
            for order, prop in enumerate(props, start=1):
                where = Where(name, ds.line_of(role), role)
                if not isinstance(prop, str) or (MIG[prop], RDF.type, qb_type) not in self.ont.graph:
                    self.problem(where, f"{shown(prop)} is not declared as a {qb_type.split('#')[1]} in the ontology")
                    continue
                components[role].append(prop)
                comp = self.iri(f"dsd/{slug}/{prop}")
                g.add((dsd, QB.component, comp))
                g.add((comp, RDF.type, QB.ComponentSpecification))
                g.add((comp, qb_link, MIG[prop]))
                if role == "dimensions":
                    g.add((comp, QB.order, Literal(order)))
        obs_list = ds.get("observations")
        if not isinstance(obs_list, list) or not obs_list:
            self.problem(Where(name, ds.line_of("observations"), "observations"), "a dataset needs a list of observations")
            return
        wanted = components["dimensions"] + components["measures"]
        for n, obs in enumerate(obs_list, start=1):
            if not isinstance(obs, LineDict):
                self.problem(Where(name, ds.line_of("observations"), "observations"), "each observation must be a mapping")
                continue
            oiri = self.iri(f"observation/{slug}-{n:03d}")
            g.add((oiri, RDF.type, QB.Observation))
            g.add((oiri, QB.dataSet, subject))
            for key in obs:
                if key != "source" and key not in self.ont.properties:
                    self.problem(Where(name, obs.line_of(key), key), f"unknown key {shown(key)} in an observation")
            for key in wanted:
                if key not in obs:
                    self.problem(Where(name, obs.line, key), f"observation lacks '{key}'")
            obs_sources = self._sources(name, obs.get("source"), obs.line_of("source"), default_doc) if "source" in obs else []
            if obs_sources == []:
                self.problem(Where(name, obs.line, "source"), "observation cites no passage (its table row)")
            for src in obs_sources or []:
                g.add((oiri, PROV.wasDerivedFrom, src))
            dims = []
            for key, value in obs.items():
                if key == "source" or key not in self.ont.properties:
                    continue
                term = self.term(name, key, value, obs.line_of(key))
                if term is not None:
                    g.add((oiri, MIG[key], term))
                    if key in components["dimensions"]:
                        dims.append(str(value))
            row = obs.get("rowLabel")
            g.add((oiri, RDFS.label, Literal(f"{label}: {row if isinstance(row, str) else ', '.join(dims)}", lang="en")))


def data_files(settings: Settings) -> list[Path]:
    """The YAML inputs, in build order."""
    d = settings.data_dir
    files = [d / "documents.yaml"]
    for sub in ("facts", "tables"):
        if (d / sub).is_dir():
            files.extend(sorted((d / sub).glob("*.yaml")))
    return files


def load(settings: Settings, files: list[Path] | None = None, ontology: Ontology | None = None) -> LoadResult:
    """Load YAML files (all of data/ by default) into a graph; raise InputError on any problem."""
    ont = ontology or Ontology(settings.ontology_path)
    corpus = Corpus(settings.corpus_dir)
    loader = Loader(settings, ont, corpus)
    paths = files if files is not None else data_files(settings)
    if not paths[0].exists():
        raise InputError([Problem(str(paths[0]), None, None, "file not found")])
    contents = loader.read_files(paths)
    for name, content in contents:
        loader.register(name, content)
    for name, content in contents:
        loader.emit(name, content)
    loader.refine_dates()
    loader.complete_scheme()
    if settings.check_support:
        loader.check_support()
    if loader.problems:
        order = {name: i for i, name in enumerate(n for n, _ in contents)}
        raise InputError(sorted(loader.problems, key=lambda p: (order.get(p.path, -1), p.line or 0)))
    return LoadResult(loader.graph, loader.entities, [n for n, _ in contents])
