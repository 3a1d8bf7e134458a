"""The static linked-data site: one HTML page per entity, with its Turtle and JSON-LD beside it.

Pages live at out/id/{kind}/{slug}.html for every instance IRI {base}id/{kind}/{slug}, except
reified statements and passages: a fact's statement shows as the quotes under the fact, and a
passage as a quote (each passage is listed, with an anchor, on the page of its document).
Memberships, posts, ratification counts and statistical observations have pages of their own
and are also shown on the pages of the entities they link. Every link between pages is
relative, so the site works from file:// and under any base.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import quote, urlsplit

import orjson
import pyoxigraph as ox
from markupsafe import Markup, escape
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..config import MIG, PROV, QB, RDF, RDFS, SKOS, XSD, Settings
from ..export import CONTEXT_FILE, Render, jsonld_context, to_ox
from ..formats import DUMPS, TABLES, curie, kind_of
from ..lookup import lookup
from ..ontodocs import DOCS_PATH
from ..viz.ego import link as ego_link
from . import editor
from .env import env
from .searchpage import SEARCH_PAGE, SearchView, render_search_page

SKIP_KINDS = {"statement", "passage", "mention"}  # shown inside pages, not pages of their own
NARY = {MIG.Membership, MIG.Role, MIG.RatificationStatus}
HIDDEN_FACTS = {RDF.type, RDFS.label, PROV.wasDerivedFrom}
OUTBOUND_HOSTS = ("undocs.org", "publications.europa.eu", "creativecommons.org")
CSS_PATH = "assets/site.css"
KIND_TITLES = {"dsd": "data structures", "observation": "observations", "activity": "activities"}


# -- what the templates show ---------------------------------------------------------------------


@dataclass
class Link:
    """A value shown on a page: text, and where it links (relative, or an allowed outbound URL)."""

    text: str
    href: str | None = None
    outbound: bool = False
    title: str | None = None

    @property
    def html(self) -> Markup:
        """The link as the pages write it: an <a> where it goes somewhere, else a <span>; escaped as Jinja does."""
        title = f' title="{escape(self.title)}"' if self.title else ""
        if self.href:
            rel = ' rel="external"' if self.outbound else ""
            return Markup(f'<a href="{escape(self.href)}"{title}{rel}>{escape(self.text)}</a>')  # noqa: S704 - every value escaped
        return Markup(f"<span{title}>{escape(self.text)}</span>")  # noqa: S704 - every value escaped


@dataclass
class Source:
    """A passage supporting a fact: document, paragraph, verbatim quote."""

    document: Link
    paragraph: str
    quote: str
    href: str


@dataclass
class Value:
    link: Link
    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    anchor: str | None = None  # the value is a part of the page's entity (e.g. a component of a data structure) ...
    parts: list[Property] = field(default_factory=list)  # ... described here


@dataclass
class Property:
    link: Link
    values: list[Value]


@dataclass
class PassageView:
    anchor: str
    label: str
    paragraph: str
    quote: str
    facts: list[tuple[Link, Link, Link]]
    mentions: list[Link]


# -- the graph, indexed once -------------------------------------------------------------------------


_INDENT = re.compile(rb"(?m)^((?:  )+)")


def indented_json(doc: dict) -> str:
    """`json.dumps(doc, ensure_ascii=False, indent=1)` and a line break, written by orjson (its two-space indent
    halved: a JSON text has a line break only between its parts, never inside a string)."""
    data = orjson.dumps(doc, option=orjson.OPT_INDENT_2)
    return _INDENT.sub(lambda m: b" " * (len(m.group(1)) // 2), data).decode("utf-8") + "\n"


OX_CACHE = 50_000  # rdflib terms converted for the entities' Turtle files, kept until there are this many


class Site:
    """Indexes of the graph and the ontology, and the page of every entity."""

    def __init__(self, graph: Graph, settings: Settings, ontology: Graph, anchors: Mapping[str, str],
                 planned: Mapping[str, object] | None = None) -> None:
        self.graph = graph
        self.settings = settings
        self.anchors = anchors
        self.planned = planned if planned is not None else {}
        self.lookup = lk = lookup(graph)  # the store's own indexes: one pass when the triples were added
        self.labels: dict[Node, str] = {}
        for pairs in (ontology.subject_objects(RDFS.label), lk.subject_objects(RDFS.label)):
            for s, label in sorted(pairs, reverse=True):  # the first label in sorted order wins
                if isinstance(label, Literal) and (label.language in (None, "en")):
                    self.labels[s] = str(label)
        self.types: dict[Node, set[Node]] = defaultdict(set)
        for s, t in lk.subject_objects(RDF.type):
            self.types[s].add(t)
        self.statements: dict[tuple[Node, Node, Node], list[Node]] = defaultdict(list)
        self.derived: dict[Node, list[Node]] = defaultdict(list)  # passage -> statements
        self.about: dict[Node, list[Node]] = defaultdict(list)  # subject -> statements
        for st in sorted(lk.subjects(RDF.type, RDF.Statement)):
            triple = (lk.value(st, RDF.subject), lk.value(st, RDF.predicate), lk.value(st, RDF.object))
            self.statements[triple].append(st)  # type: ignore[index]
            self.about[triple[0]].append(st)  # type: ignore[index]
            for passage in lk.objects(st, PROV.wasDerivedFrom):
                self.derived[passage].append(st)
        self.entities: list[tuple[str, str, URIRef]] = []
        for s in self.types:
            k = kind_of(s, settings)
            if k and k[0] not in SKIP_KINDS and self.types.get(s):
                self.entities.append((k[0], k[1], s))  # type: ignore[arg-type]
        self.entities.sort()
        self.pages = {iri: (kind, slug) for kind, slug, iri in self.entities}
        self._paths = {iri: f"id/{kind}/{quote(slug)}.html" for kind, slug, iri in self.entities}
        titles = {**TABLES, **KIND_TITLES}
        self._kinds = {f"id/{k}/index.html": titles.get(k, k).capitalize() for k in sorted({k for k, _, _ in self.entities})}
        self.env = env
        self.context = jsonld_context(graph)["@context"]
        self._ox: dict[Node, object] = {}
        self._described: tuple[Node | None, list[tuple[Node, Node, Node]]] = (None, [])
        self._pointing: tuple[Node | None, list[tuple[Node, Node]]] = (None, [])

    def is_mention(self, node: Node) -> bool:
        k = kind_of(node, self.settings)
        return k is not None and k[0] == "mention"

    # -- labels and links ------------------------------------------------------------------------
    def label(self, node: Node) -> str:
        if node in self.labels:
            return self.labels[node]
        if isinstance(node, Literal):
            return str(node)
        return curie(node)

    def ontology_href(self, term: Node, root: str) -> str | None:
        if not str(term).startswith(str(MIG)):
            return None
        anchor = self.anchors.get(str(term))
        return f"{root}{DOCS_PATH}" + (f"#{quote(anchor)}" if anchor else "")

    def page_path(self, iri: Node) -> str | None:
        return self._paths.get(iri)  # type: ignore[call-overload]

    def href(self, node: Node, root: str) -> tuple[str | None, bool]:
        """Where a link to node goes from a page whose way back to out/ is root; (href, outbound?)."""
        if not isinstance(node, URIRef):
            return None, False
        path = self.page_path(node)
        if path:
            return root + path, False
        text = str(node)
        base = self.settings.instance_base
        if text.startswith(base):
            rest = text[len(base):].split("/")
            if rest[0] == "mention":  # a span of text: link to the passage it was found in
                unit = self.lookup.value(node, PROV.wasDerivedFrom)
                return self.href(unit, root) if unit is not None else (None, False)
            if rest[0] == "passage":
                doc = self.lookup.value(node, MIG.inDocument)
                doc_path = self.page_path(doc) if doc is not None else None
                return (f"{root}{doc_path}#{quote(rest[-1])}" if doc_path else None), False
            if len(rest) == 1 and f"id/{rest[0]}/index.html" in self.kinds():
                return f"{root}id/{rest[0]}/index.html", False  # e.g. the theme scheme
            if len(rest) == 3:  # a part of a page, e.g. a component of a data structure
                parent = self.page_path(URIRef(base + "/".join(rest[:2])))
                return (f"{root}{parent}#{quote(rest[2])}" if parent else None), False
            return None, False
        ontology = self.ontology_href(node, root)
        if ontology:
            return ontology, False
        host = urlsplit(text).hostname or ""
        if urlsplit(text).scheme in ("http", "https") and any(host == h or host.endswith("." + h) for h in OUTBOUND_HOSTS):
            return text, True
        return None, False

    def link(self, node: Node, root: str) -> Link:
        href, outbound = self.href(node, root)
        title = None
        if isinstance(node, Literal) and node.datatype and node.datatype != XSD.string:
            title = curie(node.datatype)
        elif isinstance(node, URIRef):
            title = str(node)
        text = str(node) if outbound else self.label(node)
        return Link(text, href, outbound, title)

    def kinds(self) -> dict[str, str]:
        """Class index pages by path, with their titles."""
        return self._kinds

    # -- facts and their quotes -------------------------------------------------------------------
    def source(self, passage: Node, root: str) -> Source:
        doc = self.lookup.value(passage, MIG.inDocument)
        href, _ = self.href(passage, root)
        return Source(self.link(doc, root) if doc is not None else Link("?"), str(self.lookup.value(passage, MIG.paragraph) or ""),
                      str(self.lookup.value(passage, MIG.quote) or ""), href or "")

    def sources(self, passages: list[Node], root: str) -> list[Source]:
        def order(p: Node) -> tuple[str, int, int, str]:
            return (str(self.lookup.value(p, MIG.inDocument)), int(self.lookup.value(p, MIG.startOffset) or 0),
                    int(self.lookup.value(p, MIG.endOffset) or 0), str(p))

        return [self.source(p, root) for p in sorted(set(passages), key=order)]

    def properties(self, subject: Node, root: str) -> list[Property]:
        by_pred: dict[Node, list[Node]] = defaultdict(list)
        for p, o in self.lookup.predicate_objects(subject):
            if p not in HIDDEN_FACTS:
                by_pred[p].append(o)
        props = []
        for p, objects in by_pred.items():
            values = []
            for o in sorted(objects, key=lambda o: (self.label(o), o.n3())):
                passages: list[Node] = []
                notes: list[str] = []
                for st in self.statements.get((subject, p, o), []):
                    passages.extend(self.lookup.objects(st, PROV.wasDerivedFrom))
                    notes.extend(str(n) for n in self.lookup.objects(st, RDFS.comment))
                value = Value(self.link(o, root), self.sources(passages, root), sorted(set(notes)))
                if isinstance(o, URIRef) and str(o).startswith(str(subject) + "/") and o not in self.pages:
                    value.anchor = str(o).rsplit("/", 1)[-1]
                    value.parts = self.properties(o, root)
                values.append(value)
            props.append(Property(self.prop_link(p, root), values))
        props.sort(key=lambda pr: (pr.link.text.lower(), pr.link.title or ""))
        return props

    def prop_link(self, p: Node, root: str) -> Link:
        return Link(self.label(p), self.ontology_href(p, root), False, curie(p))

    def pointing_at(self, entity: Node) -> list[tuple[Node, Node]]:
        """Every (s, p) of (?, ?, entity). The last one is kept: an entity's page asks for it several times, and its
        .jsonld and .ttl files once more."""
        if self._pointing[0] != entity:
            self._pointing = (entity, self.lookup.subject_predicates(entity))
        return self._pointing[1]

    def incoming_links(self, entity: Node, root: str) -> list[Property]:
        by_pred: dict[Node, list[Node]] = defaultdict(list)
        for s, p in self.pointing_at(entity):
            if RDF.Statement in self.types.get(s, ()) or p == PROV.wasDerivedFrom or self.is_mention(s):
                continue
            by_pred[p].append(s)
        props = []
        for p, subjects in by_pred.items():
            values = sorted((Value(self.link(s, root)) for s in set(subjects)), key=lambda v: (v.link.text, v.link.title or ""))
            props.append(Property(self.prop_link(p, root), values))
        props.sort(key=lambda pr: (pr.link.text.lower(), pr.link.title or ""))
        return props

    def nary(self, entity: Node, root: str) -> list[tuple[Link, list[Property]]]:
        """Memberships, posts and ratification counts that link the entity, with their facts."""
        nodes = {s for s, _ in self.pointing_at(entity) if self.types.get(s, set()) & NARY}
        return [(self.link(n, root), self.properties(n, root)) for n in sorted(nodes, key=lambda n: (self.label(n), str(n)))]

    def passages_of(self, document: Node, root: str) -> list[PassageView]:
        """The passages quoted from a document, in the order of the text, with the facts each supports."""
        found = [s for s, p in self.pointing_at(document) if p == MIG.inDocument and not self.is_mention(s)]
        found.sort(key=lambda p: (int(self.lookup.value(p, MIG.startOffset) or 0), int(self.lookup.value(p, MIG.endOffset) or 0), str(p)))
        views = []
        for passage in found:
            facts = []
            for st in self.derived.get(passage, []):
                s, p, o = (self.lookup.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
                facts.append((self.link(s, root), self.prop_link(p, root), self.link(o, root)))  # type: ignore[arg-type]
            for s in sorted(self.lookup.subjects(PROV.wasDerivedFrom, passage)):
                if s in self.pages:
                    facts.append((self.link(s, root), Link("introduced here"), Link("")))
            facts.sort(key=lambda f: tuple((lk.text, lk.href or "", lk.title or "") for lk in f))
            views.append(PassageView(str(passage).rsplit("/", 1)[-1], self.label(passage),
                                     str(self.lookup.value(passage, MIG.paragraph) or ""),
                                     str(self.lookup.value(passage, MIG.quote) or ""), facts,
                                     sorted((self.link(o, root) for o in set(self.lookup.objects(passage, MIG.mentions))),
                                            key=lambda lk: (lk.text, lk.href or ""))))
        return views

    def observations(self, dataset: Node, root: str) -> tuple[list[Link], list[tuple[Link, list[list[Link]]]]]:
        """A Data Cube data set as a table: a column per property of its observations, a row per observation."""
        rows = sorted(s for s, p in self.pointing_at(dataset) if p == QB.dataSet)
        props = sorted({p for r in rows for p, _ in self.lookup.predicate_objects(r) if str(p).startswith(str(MIG))})
        header = [self.prop_link(p, root) for p in props]
        table = []
        dataset_label = self.label(dataset) + ": "
        for r in rows:
            cells = [[self.link(o, root) for o in sorted(self.lookup.objects(r, p))] for p in props]
            row = self.link(r, root)
            row.text = row.text.removeprefix(dataset_label)
            table.append((row, cells))
        return header, table

    # -- per-entity descriptions -------------------------------------------------------------------
    def description(self, entity: URIRef) -> list[tuple[Node, Node, Node]]:
        """The entity's triples, the triples pointing at it, the reified statements about it, and the passages of
        the entity and of those statements; sorted. The same triples as `miggraph serve` describes the IRI with.

        The last one is kept: an entity's .jsonld and .ttl files, next to each other in sorted order, share it."""
        if self._described[0] == entity:
            return self._described[1]
        triples = {(entity, p, o) for p, o in self.lookup.predicate_objects(entity)}
        triples.update((s, p, entity) for s, p in self.pointing_at(entity))
        passages = set(self.lookup.objects(entity, PROV.wasDerivedFrom))
        for st in self.about.get(entity, []):
            triples.update((st, p, o) for p, o in self.lookup.predicate_objects(st))
            passages.update(self.lookup.objects(st, PROV.wasDerivedFrom))
        for passage in passages:
            triples.update((passage, p, o) for p, o in self.lookup.predicate_objects(passage))
        described = sorted(triples, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
        self._described = (entity, described)
        return described

    def _o(self, t: Node):  # type: ignore[no-untyped-def]
        term = self._ox.get(t)
        if term is None:
            if len(self._ox) >= OX_CACHE:  # bounded: the terms of the entities just described, not of the graph
                self._ox.clear()
            term = self._ox[t] = to_ox(t)
        return term

    def turtle(self, entity: URIRef) -> bytes:
        triples = [ox.Triple(self._o(s), self._o(p), self._o(o)) for s, p, o in self.description(entity)]
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(self.context.items())))

    def compact(self, node: Node) -> str:
        text = str(node)
        base = self.settings.instance_base
        return "id:" + text[len(base):] if text.startswith(base) else curie(text)

    def jsonld_value(self, o: Node, nodes: dict[Node, dict]) -> object:
        if isinstance(o, Literal):
            if o.language:
                return {"@value": str(o), "@language": o.language}
            if o.datatype in (None, XSD.string):
                return str(o)
            return {"@value": str(o), "@type": self.compact(o.datatype)}
        return nodes[o] if o in nodes else {"@id": self.compact(o)}

    def jsonld(self, entity: URIRef, context_href: str) -> str:
        """The entity's description as JSON-LD framed on the entity: the statements about it under
        "@reverse" rdf:subject, each with its passages embedded, the other triples pointing at it under
        "@reverse" of their property; compact IRIs from the shared context."""
        by_subject: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        pointing: dict[str, list[dict[str, str]]] = defaultdict(list)
        for s, p, o in self.description(entity):
            if o == entity and s != entity and not (p == RDF.subject and RDF.Statement in self.types.get(s, ())):
                pointing[self.compact(p)].append({"@id": self.compact(s)})
            else:
                by_subject[s].append((p, o))

        def node(s: Node, embedded: dict[Node, dict]) -> dict:
            obj: dict[str, object] = {"@id": self.compact(s)}
            props: dict[str, list[object]] = defaultdict(list)
            for p, o in by_subject[s]:
                if p == RDF.subject and o == entity:
                    continue  # said by "@reverse": {"rdf:subject": ...} of the entity
                if p == RDF.type:
                    props["@type"].append(self.compact(o))
                else:
                    props[self.compact(p)].append(self.jsonld_value(o, embedded))
            for k in sorted(props):
                vals = props[k]
                if len(vals) > 1:
                    vals.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
                obj[k] = vals[0] if len(vals) == 1 else vals
            return obj

        passages = {s: node(s, {}) for s in by_subject if MIG.Passage in self.types.get(s, ())}
        statements = [node(s, passages) for s in sorted(by_subject)
                      if RDF.Statement in self.types.get(s, ()) and self.lookup.contains(s, RDF.subject, entity)]
        root = node(entity, passages)
        reverse: dict[str, object] = {k: v[0] if len(v) == 1 else sorted(v, key=lambda n: n["@id"])
                                      for k, v in pointing.items()}
        if statements:
            reverse["rdf:subject"] = sorted(statements, key=lambda n: str(n["@id"]))
        if reverse:
            root["@reverse"] = dict(sorted(reverse.items()))
        return indented_json({"@context": context_href, **root})

    # -- pages -------------------------------------------------------------------------------------
    def planned_link(self, path: str, root: str) -> str | None:
        return root + path if path in self.planned else None

    def entity_page(self, kind: str, slug: str, entity: URIRef) -> str:
        root = "../../"
        types = sorted((Link(self.label(t), self.ontology_href(t, root) or self.href(t, root)[0], False, curie(t))
                        for t in self.types.get(entity, ())), key=lambda lk: (lk.text, lk.title or ""))
        values = lambda p: sorted(str(o) for o in self.lookup.objects(entity, p))  # noqa: E731
        is_document = str(self.lookup.value(entity, MIG.corpusFile) or "") != "" or any(
            p == MIG.inDocument for _, p in self.pointing_at(entity))
        header, table = self.observations(entity, root) if QB.DataSet in self.types.get(entity, ()) else ([], [])
        return self.env.get_template("entity.html").render(
            root=root, css=root + CSS_PATH, title=self.label(entity), iri=str(entity), kind=kind,
            kind_href=f"{root}id/{kind}/index.html", kind_title=self.kinds()[f"id/{kind}/index.html"],
            acronyms=values(MIG.acronym), alt_labels=values(SKOS.altLabel), types=types,
            properties=self.properties(entity, root), sources=self.sources(list(self.lookup.objects(entity, PROV.wasDerivedFrom)), root),
            nary=self.nary(entity, root), incoming=self.incoming_links(entity, root),
            passages=self.passages_of(entity, root) if is_document else [],
            obs_header=header, obs_rows=table,
            ego=ego_link(self.planned, str(entity), root),
            query_this=self.query_this(entity, root),
            ttl=f"{quote(slug)}.ttl", jsonld=f"{quote(slug)}.jsonld", site=self.nav(root),
        )

    def query_this(self, entity: URIRef, root: str) -> str | None:
        """A link opening the query page with a query of the entity's facts and their passages."""
        page = self.planned_link(editor.QUERY_PAGE, root)
        return editor.query_link(page, editor.facts_query(str(entity), self.label(entity))) if page else None

    def search_page(self) -> str:
        """out/search/index.html: the entities matching ?q=, found in the browser."""
        return render_search_page(SearchView(root="../"), self.nav("../"))

    def kind_page(self, kind: str) -> str:
        root = "../../"
        rows = []
        for k, _slug, iri in self.entities:
            if k == kind:
                types = ", ".join(sorted(self.label(t) for t in self.types.get(iri, ())))
                rows.append((self.link(iri, root), ", ".join(sorted(str(a) for a in self.lookup.objects(iri, MIG.acronym))), types))
        rows.sort(key=lambda r: (r[0].text.lower(), r[0].href or ""))
        return self.env.get_template("kind.html").render(root=root, css=root + CSS_PATH, title=self.kinds()[f"id/{kind}/index.html"],
                                                        kind=kind, rows=rows, site=self.nav(root))

    def nav(self, root: str) -> dict[str, str | None]:
        return {
            "home": root + "index.html",
            "ontology": self.planned_link(DOCS_PATH, root),
            "viz": self.planned_link("viz/index.html", root),
            "query": self.planned_link("query.html", root),
        }

    def home_page(self) -> str:
        root = ""
        classes: dict[Node, int] = defaultdict(int)
        for ts in self.types.values():
            for t in ts:
                classes[t] += 1
        counts = sorted(((Link(curie(c), self.ontology_href(c, root), False, str(c)), n) for c, n in classes.items()),
                        key=lambda x: x[0].text)
        kinds = []
        for path, title in self.kinds().items():
            kind = path.split("/")[1]
            kinds.append((Link(title, path), sum(1 for k, _, _ in self.entities if k == kind)))
        files = [p for p in (*DUMPS, CONTEXT_FILE, "ontology.ttl", "void.ttl") if p in self.planned]
        csvs = sorted(p for p in self.planned if p.startswith("csv/"))
        return self.env.get_template("home.html").render(
            root=root, css=CSS_PATH, title="miggraph", kinds=kinds, counts=counts, triples=len(self.graph),
            entities=len(self.entities), statements=len(self.statements), files=files, csvs=csvs, site=self.nav(root),
            licence="https://creativecommons.org/licenses/by/4.0/",
        )


def stylesheet() -> str:
    return resources.files("miggraph.site").joinpath("static/site.css").read_text(encoding="utf-8")


def writers(graph: Graph, settings: Settings, planned: Mapping[str, object] | None = None) -> dict[str, Render]:
    """Every file of the site, by path under out/.

    planned is the build's map of every file it writes (it may still grow while the site's
    files are declared): a page links to the network view, the query page or the views'
    index only when the build writes them.
    """
    from .. import ontodocs

    state: dict[str, Site] = {}
    ontology = Graph().parse(settings.ontology_path, format="turtle")

    def site() -> Site:
        if "site" not in state:
            anchors = ontodocs.render(settings.ontology_path).anchors
            state["site"] = Site(graph, settings, ontology, anchors, planned)
        return state["site"]

    entities = sorted({(k[0], k[1], s) for s, _ in lookup(graph).subject_objects(RDF.type)
                       if (k := kind_of(s, settings)) and k[0] not in SKIP_KINDS})
    out: dict[str, Render] = {"index.html": lambda: site().home_page(), CSS_PATH: stylesheet, SEARCH_PAGE: lambda: site().search_page()}
    out.update(editor.asset_writers())
    for kind in sorted({k for k, _, _ in entities}):
        out[f"id/{kind}/index.html"] = lambda kind=kind: site().kind_page(kind)  # type: ignore[misc]
    for kind, slug, iri in entities:
        base = f"id/{kind}/{slug}"
        out[base + ".html"] = lambda kind=kind, slug=slug, iri=iri: site().entity_page(kind, slug, iri)  # type: ignore[misc]
        out[base + ".ttl"] = lambda iri=iri: site().turtle(iri)  # type: ignore[misc]
        out[base + ".jsonld"] = lambda iri=iri: site().jsonld(iri, "../../" + CONTEXT_FILE)  # type: ignore[misc]
    return out


def editor_writers(settings: Settings, planned: Mapping[str, object]) -> dict[str, Render]:
    """The query page, out/query.html (YASGUI); its header links the pages the build writes (planned)."""
    def nav() -> dict[str, str | None]:
        return {k: (v if k == "home" or v in planned else None) for k, v in editor.default_nav("").items()}

    return {editor.QUERY_PAGE: lambda: editor.render_editor(settings.root / "queries", settings.instance_base,
                                                           ontology_path=settings.ontology_path, nav=nav())}

