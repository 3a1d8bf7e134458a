"""Search indexes the build writes into out/search/, and the searches run over them.

- `search/entities.js`: the type-ahead index of the site, every entity with a page and its names (label,
  acronyms, alternative names, symbols, resolution numbers), as a script defining `window.MIGGRAPH_SEARCH`
  (a page opened from disk cannot fetch() a JSON file, but it can load a script). `rank` orders entities for a
  query exactly as the site's script (assets/search.js) does.
- `search/passages.sqlite`: an SQLite database with an FTS5 index of the text of every passage of the corpus (each
  unit of a document, and each curated quote outside the units), its document, paragraph and the entities it
  mentions. `search_passages` runs a query over it: the user's words are quoted one by one, so no FTS5 syntax
  can come from the user; ranked by BM25, with highlighted snippets.

Both files depend only on the graph: two builds write the same bytes.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from markupsafe import Markup
from rdflib import DCTERMS, Graph, Literal, URIRef
from rdflib.term import Node

from .config import MIG, RDF, RDFS, SCHEMA, SKOS, Settings
from .export import Render
from .formats import kind_of
from .lookup import lookup


def search_form(root: str) -> Markup:
    """The search box of the site's header (assets/search.js gives it its type-ahead; Enter opens the search page),
    for a page `root` away from the top of out/ ("../" from id/org/, "/" in serve)."""
    return Markup(
        '<form class="site-search" role="search" action="{0}search/index.html" method="get" data-root="{0}">\n'
        '<input type="search" name="q" id="site-search" placeholder="Search names, acronyms, symbols, passages" '
        'aria-label="Search" autocomplete="off" spellcheck="false">\n</form>').format(root)

ENTITIES_JS = "search/entities.js"
PASSAGES_DB = "search/passages.sqlite"
GLOBAL = "MIGGRAPH_SEARCH"
FORMAT_VERSION = 1
SKIP_KINDS = {"statement", "passage", "mention"}  # no pages of their own (as in the site)
MINOR_KINDS = {"membership", "role", "ratification", "observation", "dsd", "figure", "activity"}  # ranked after the others

# name types, strongest first: an exact acronym, symbol or resolution number ranks before anything else
ACRONYM, SYMBOL, NUMBER, LABEL, ALT = "acronym", "symbol", "number", "label", "alt"
EXACT_FIRST = {ACRONYM, SYMBOL, NUMBER}
NAME_PROPERTIES: list[tuple[URIRef, str]] = [
    (MIG.acronym, ACRONYM), (MIG.symbol, SYMBOL), (MIG.resolutionNumber, NUMBER),
    (RDFS.label, LABEL), (SKOS.prefLabel, LABEL), (SKOS.altLabel, ALT),
]
NAME_ORDER = [ACRONYM, SYMBOL, NUMBER, LABEL, ALT]


def normalise(text: str) -> str:
    """Lower case, accents dropped, every run of characters that are not letters or digits one space.

    assets/search.js normalises the user's query the same way (NFKD, marks dropped, [^\\p{L}\\p{N}]+ as a space)."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(" " if not c.isalnum() else c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return " ".join(kept.lower().split())


# -- the entity index ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    text: str
    type: str
    norm: str


@dataclass(frozen=True)
class EntityEntry:
    """An entity of the type-ahead index: its label, page (relative to out/), kind and names."""

    iri: str
    label: str
    href: str
    kind: str
    names: tuple[Name, ...] = field(default_factory=tuple)

    @property
    def minor(self) -> bool:
        return self.kind in MINOR_KINDS


def _english(value: Node) -> bool:
    return isinstance(value, Literal) and value.language in (None, "en")


def _names(graph: Graph, entity: URIRef) -> tuple[Name, ...]:
    """The entity's names, each once (by normalised form, under its strongest type), in a stable order."""
    found: dict[str, Name] = {}
    for prop, kind in NAME_PROPERTIES:
        for value in sorted(lookup(graph).objects(entity, prop)):
            if not _english(value):
                continue
            text = " ".join(str(value).split())
            norm = normalise(text)
            if norm and (norm not in found or NAME_ORDER.index(kind) < NAME_ORDER.index(found[norm].type)):
                found[norm] = Name(text, kind, norm)
    return tuple(sorted(found.values(), key=lambda n: (NAME_ORDER.index(n.type), n.norm, n.text)))


def _label(graph: Graph, entity: URIRef, names: tuple[Name, ...]) -> str:
    labels = sorted(str(v) for v in lookup(graph).objects(entity, RDFS.label) if _english(v))
    if labels:
        return " ".join(labels[0].split())
    return names[0].text if names else str(entity)


def entity_entries(graph: Graph, settings: Settings) -> list[EntityEntry]:
    """Every entity with a page of the site, with its names, sorted by page."""
    entries = []
    for s in sorted({s for s, _ in lookup(graph).subject_objects(RDF.type)}):
        k = kind_of(s, settings)
        if k is None or k[0] in SKIP_KINDS:
            continue
        names = _names(graph, s)  # type: ignore[arg-type]
        if names:
            entries.append(EntityEntry(str(s), _label(graph, s, names), f"id/{k[0]}/{quote(k[1])}.html", k[0], names))  # type: ignore[arg-type]
    return sorted(entries, key=lambda e: e.href)


def _tier(name: Name, query: str, words: list[str]) -> int | None:
    """0 exact acronym/symbol/number, 1 exact name, 2 the name starts with the query, 3 every word of the query
    starts a word of the name; None: no match."""
    if name.norm == query:
        return 0 if name.type in EXACT_FIRST else 1
    if name.norm.startswith(query):
        return 2
    name_words = name.norm.split(" ")
    if all(any(w.startswith(q) for w in name_words) for q in words):
        return 3
    return None


@dataclass(frozen=True)
class Match:
    entry: EntityEntry
    name: Name
    tier: int


def rank(entries: Iterable[EntityEntry], query: str, limit: int = 10) -> list[Match]:
    """The entities matching a query, best first: by tier (see _tier), then main kinds before memberships, posts
    and observations, then shorter matched names, then label and page. assets/search.js ranks the same way."""
    q = normalise(query)
    if not q:
        return []
    words = q.split(" ")
    found: list[tuple[tuple[int, int, int, str, str], Match]] = []
    for entry in entries:
        best: Match | None = None
        for name in entry.names:
            tier = _tier(name, q, words)
            if tier is not None and (best is None or (tier, len(name.norm)) < (best.tier, len(best.name.norm))):
                best = Match(entry, name, tier)
        if best is not None:
            key = (best.tier, int(entry.minor), len(best.name.norm), entry.label.lower(), entry.href)
            found.append((key, best))
    found.sort(key=lambda kv: kv[0])
    return [m for _, m in found[:limit]]


def kind_titles(entries: Iterable[EntityEntry]) -> dict[str, str]:
    """A title for every kind of page (as the site's index pages title them)."""
    from .formats import TABLES

    titles = {**TABLES, "dsd": "data structures", "observation": "observations", "activity": "activities"}
    return {k: titles.get(k, k).capitalize() for k in sorted({e.kind for e in entries})}


def entities_js(entries: list[EntityEntry]) -> str:
    """The type-ahead index as a script: `window.MIGGRAPH_SEARCH = {...};`, ASCII only, one entity a line.

    Each entity is [label, page, kind, minor (0/1), [[name, type, normalised name], ...]]."""
    head = {"version": FORMAT_VERSION, "kinds": kind_titles(entries),
            "fields": ["label", "href", "kind", "minor", "names"], "names": ["text", "type", "norm"]}
    rows = [json.dumps([e.label, e.href, e.kind, int(e.minor), [[n.text, n.type, n.norm] for n in e.names]],
                       ensure_ascii=True, separators=(",", ":")) for e in entries]
    body = json.dumps(head, ensure_ascii=True, sort_keys=True, separators=(",", ":"))[:-1]
    return ("/* miggraph type-ahead index, written by `miggraph build`: every entity with a page and its names. */\n"
            f"window.{GLOBAL} = {body},\n\"entities\":[\n" + ",\n".join(rows) + "\n]};\n")


# -- the passage index --------------------------------------------------------------------------------------------

SCHEMA_SQL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE document(id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, path TEXT NOT NULL, label TEXT NOT NULL,
                      symbol TEXT NOT NULL, href TEXT NOT NULL);
CREATE TABLE passage(id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, document INTEGER NOT NULL REFERENCES document(id),
                     paragraph TEXT NOT NULL, start INTEGER NOT NULL, href TEXT NOT NULL);
CREATE TABLE entity(id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, path TEXT NOT NULL, label TEXT NOT NULL,
                    href TEXT NOT NULL);
CREATE TABLE mention(passage INTEGER NOT NULL REFERENCES passage(id), entity INTEGER NOT NULL REFERENCES entity(id),
                     PRIMARY KEY (passage, entity)) WITHOUT ROWID;
CREATE INDEX mention_entity ON mention(entity, passage);
CREATE VIRTUAL TABLE passage_text USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');
"""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class PassageRow:
    iri: str
    document: str
    paragraph: str
    start: int
    text: str
    mentions: tuple[str, ...]


def _int(value: Node | None) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


def passage_rows(graph: Graph) -> list[PassageRow]:
    """The passages to search: every unit of the corpus (with its text), and every curated quote that is part of no
    unit; in document order."""
    lk = lookup(graph)
    rows = []
    for p in set(lk.subjects(RDF.type, MIG.Passage)):
        if lk.contains(p, RDF.type, MIG.Mention) or lk.value(p, MIG.inDocument) is None:
            continue
        text = lk.value(p, SCHEMA.text)
        if text is None:
            if lk.value(p, DCTERMS.isPartOf) is not None:
                continue  # a curated quote inside a unit: the unit is searched
            text = lk.value(p, MIG.quote)
        if text is None:
            continue
        mentions = tuple(sorted(str(o) for o in lk.objects(p, MIG.mentions) if isinstance(o, URIRef)))
        rows.append(PassageRow(str(p), str(lk.value(p, MIG.inDocument)), str(lk.value(p, MIG.paragraph) or ""),
                               _int(lk.value(p, MIG.startOffset)), _CONTROL.sub(" ", str(text)), mentions))
    return sorted(rows, key=lambda r: (r.document, r.start, r.iri))


def _page(iri: str, settings: Settings) -> tuple[str, str]:
    """(kind/slug, page under out/) of an instance IRI; ("", "") for an IRI outside the instance namespace."""
    k = kind_of(URIRef(iri), settings)
    return (f"{k[0]}/{k[1]}", f"id/{k[0]}/{quote(k[1])}.html") if k else ("", "")


def _entity_label(graph: Graph, iri: str) -> str:
    labels = sorted(str(v) for v in lookup(graph).objects(URIRef(iri), RDFS.label) if _english(v))
    return " ".join(labels[0].split()) if labels else iri.rsplit("/", 1)[-1]


def _fill(db: sqlite3.Connection, graph: Graph, settings: Settings, rows: list[PassageRow]) -> None:
    documents = sorted({r.document for r in rows})
    doc_ids = {iri: i for i, iri in enumerate(documents, 1)}
    for iri, i in doc_ids.items():
        path, href = _page(iri, settings)
        symbol = " ".join(str(v) for v in sorted(lookup(graph).objects(URIRef(iri), MIG.symbol)))
        db.execute("INSERT INTO document VALUES (?, ?, ?, ?, ?, ?)", (i, iri, path, _entity_label(graph, iri), symbol, href))
    entities = sorted({m for r in rows for m in r.mentions if _page(m, settings)[0]})
    ent_ids = {iri: i for i, iri in enumerate(entities, 1)}
    for iri, i in ent_ids.items():
        path, href = _page(iri, settings)
        db.execute("INSERT INTO entity VALUES (?, ?, ?, ?, ?)", (i, iri, path, _entity_label(graph, iri), href))
    for i, r in enumerate(rows, 1):
        doc_href = _page(r.document, settings)[1]
        href = f"{doc_href}#{quote(r.iri.rsplit('/', 1)[-1])}" if doc_href else ""
        db.execute("INSERT INTO passage VALUES (?, ?, ?, ?, ?, ?)", (i, r.iri, doc_ids[r.document], r.paragraph, r.start, href))
        db.execute("INSERT INTO passage_text(rowid, text) VALUES (?, ?)", (i, r.text))
        db.executemany("INSERT INTO mention VALUES (?, ?)", [(i, ent_ids[m]) for m in r.mentions if m in ent_ids])
    meta = {"format": str(FORMAT_VERSION), "instance_base": settings.instance_base, "passages": str(len(rows)),
            "documents": str(len(documents))}
    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))


def passages_db(graph: Graph, settings: Settings) -> bytes:
    """The passage index as the bytes of an SQLite database (built in memory; the same bytes for the same graph)."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA_SQL)
        with db:
            _fill(db, graph, settings, passage_rows(graph))
        db.execute("INSERT INTO passage_text(passage_text) VALUES ('optimize')")
        db.commit()
        db.execute("VACUUM")
        return db.serialize()
    finally:
        db.close()


def writers(graph: Graph, settings: Settings) -> dict[str, Render]:
    """The search indexes, by path under out/."""
    return {
        ENTITIES_JS: lambda: entities_js(entity_entries(graph, settings)),
        PASSAGES_DB: lambda: passages_db(graph, settings),
    }


# -- searching the passages ---------------------------------------------------------------------------------------

MAX_QUERY = 300  # characters
MAX_TERMS = 12
MAX_LIMIT = 50
MAX_OFFSET = 10_000
MARK_START, MARK_END = "\x02", "\x03"  # snippet() marks: control characters, removed from the indexed text
_TERM = re.compile(r"\w+(?:[-'’./]\w+)*\*?")
_STEPS = 2_000_000  # SQLite virtual machine steps a search may take


class SearchError(ValueError):
    """A search that cannot be run as given (the message says why, for the user)."""


def terms(text: str) -> list[str]:
    """The search terms of a user's text: words, and "quoted phrases" (an unbalanced quote is ignored); a word may
    end with * (prefix search). Anything else (operators, brackets, markup) is dropped."""
    parts = text.split('"')
    if len(parts) % 2 == 0:  # an odd number of quotes: the last one opens nothing
        parts = [*parts[:-2], parts[-2] + " " + parts[-1]]
    found: list[str] = []
    for i, part in enumerate(parts):
        words = _TERM.findall(part)
        if i % 2 == 1 and len(words) > 1:
            found.append(" ".join(w.rstrip("*") for w in words))
        else:
            found.extend(words)
    return found


def match_expression(found: list[str]) -> str:
    """An FTS5 query of the terms, all required: each a quoted string (so none is read as FTS5 syntax), a
    trailing * as FTS5's prefix marker."""
    out = []
    for term in found:
        prefix = term.endswith("*")
        body = term.rstrip("*").replace('"', '""')
        out.append(f'"{body}"' + (" *" if prefix else ""))
    return " AND ".join(out)


@dataclass(frozen=True)
class Query:
    text: str = ""
    document: str = ""  # a document's IRI or kind/slug
    entity: str = ""  # an entity's IRI or kind/slug
    limit: int = 20
    offset: int = 0

    def check(self) -> list[str]:
        """The query's terms (raises SearchError for a query that is too long or has no words)."""
        if len(self.text) > MAX_QUERY:
            raise SearchError(f"the query is longer than {MAX_QUERY} characters")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise SearchError(f"limit must be between 1 and {MAX_LIMIT}")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise SearchError(f"offset must be between 0 and {MAX_OFFSET}")
        found = terms(self.text)
        if len(found) > MAX_TERMS:
            raise SearchError(f"the query has more than {MAX_TERMS} words")
        if not found and self.text.strip():
            raise SearchError("the query has no words to search for (letters or digits)")
        if not found and not (self.document or self.entity):
            raise SearchError("give some words to search for")
        return found


@dataclass(frozen=True)
class Ref:
    iri: str
    path: str
    label: str
    href: str
    symbol: str = ""


@dataclass(frozen=True)
class Hit:
    passage: str
    href: str
    document: Ref
    paragraph: str
    snippet: list[tuple[str, bool]]  # (text, highlighted)
    mentions: list[Ref]
    score: float

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.snippet)


@dataclass
class Results:
    query: Query
    total: int
    hits: list[Hit]
    documents: list[tuple[Ref, int]]  # facet: documents of the matching passages, with counts
    entities: list[tuple[Ref, int]]  # facet: entities they mention most, with counts
    filters: dict[str, Ref | None] = field(default_factory=dict)


def open_index(path: Path) -> sqlite3.Connection:
    """The passage index, read-only (raises FileNotFoundError if the build wrote none)."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path} not found: run 'miggraph build'")
    db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro&immutable=1", uri=True, check_same_thread=False)
    db.set_progress_handler(_budget(), 1000)
    return db


def _budget():  # type: ignore[no-untyped-def]
    left = [_STEPS // 1000]

    def tick() -> int:
        left[0] -= 1
        return 1 if left[0] < 0 else 0  # non-zero interrupts the statement

    return tick


def _ref(db: sqlite3.Connection, table: str, key: str) -> Ref | None:
    if not key:
        return None
    cols = "iri, path, label, href" + (", symbol" if table == "document" else "")
    row = db.execute(f"SELECT {cols} FROM {table} WHERE iri = ? OR path = ?", (key, key)).fetchone()  # noqa: S608
    return Ref(*row) if row else Ref(key, "", "", "")


def _split_snippet(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{MARK_START}{MARK_END}]", text)):
        if chunk:
            parts.append((chunk, i % 2 == 1))
    return parts


def _where(match: str, document: Ref | None, entity: Ref | None, facet: str = "") -> tuple[str, list[object]]:
    clauses, args = [], []
    if match:
        clauses.append("passage_text MATCH ?")
        args.append(match)
    if document is not None and facet != "document":
        clauses.append("p.document = (SELECT id FROM document WHERE iri = ?)")
        args.append(document.iri)
    if entity is not None and facet != "entity":
        clauses.append("EXISTS (SELECT 1 FROM mention m WHERE m.passage = p.id AND m.entity = (SELECT id FROM entity WHERE iri = ?))")
        args.append(entity.iri)
    return " AND ".join(clauses) or "1", args


FROM = "FROM passage_text JOIN passage p ON p.id = passage_text.rowid JOIN document d ON d.id = p.document"


def _hits(db: sqlite3.Connection, match: str, where: str, args: list[object], q: Query) -> Iterator[Hit]:
    if match:
        snippet = f"snippet(passage_text, 0, '{MARK_START}', '{MARK_END}', '…', 40)"
        order = "bm25(passage_text), p.id"
        score = "bm25(passage_text)"
    else:
        snippet, order, score = "substr(passage_text.text, 1, 300)", "p.id", "0.0"
    sql = (f"SELECT p.id, p.iri, p.href, p.paragraph, d.iri, d.path, d.label, d.href, d.symbol, {snippet}, {score} "  # noqa: S608
           f"{FROM} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?")
    for row in db.execute(sql, [*args, q.limit, q.offset]).fetchall():
        mentions = [Ref(*m) for m in db.execute(
            "SELECT e.iri, e.path, e.label, e.href FROM mention m JOIN entity e ON e.id = m.entity WHERE m.passage = ? "
            "ORDER BY e.label, e.iri", (row[0],))]
        yield Hit(row[1], row[2], Ref(row[4], row[5], row[6], row[7], row[8]), row[3], _split_snippet(row[9]),
                  mentions, round(-float(row[10]), 4))


def _facets(db: sqlite3.Connection, match: str, document: Ref | None, entity: Ref | None) -> tuple[list, list]:
    where, args = _where(match, document, entity, "document")
    docs = [(Ref(*r[:5]), r[5]) for r in db.execute(
        f"SELECT d.iri, d.path, d.label, d.href, d.symbol, COUNT(*) {FROM} WHERE {where} "  # noqa: S608
        "GROUP BY d.id ORDER BY COUNT(*) DESC, d.label, d.iri", args)]
    where, args = _where(match, document, entity, "entity")
    ents = [(Ref(*r[:4]), r[4]) for r in db.execute(
        f"SELECT e.iri, e.path, e.label, e.href, COUNT(*) {FROM} JOIN mention m ON m.passage = p.id "  # noqa: S608
        f"JOIN entity e ON e.id = m.entity WHERE {where} GROUP BY e.id ORDER BY COUNT(*) DESC, e.label, e.iri LIMIT 15", args)]
    return docs, ents


def search_passages(db: sqlite3.Connection, q: Query) -> Results:
    """Run a search (raises SearchError for a query that cannot be run: too long, no words, too costly)."""
    match = match_expression(q.check())
    document, entity = _ref(db, "document", q.document), _ref(db, "entity", q.entity)
    where, args = _where(match, document, entity)
    try:
        total = db.execute(f"SELECT COUNT(*) {FROM} WHERE {where}", args).fetchone()[0]  # noqa: S608
        hits = list(_hits(db, match, where, args, q))
        docs, ents = _facets(db, match, document, entity)
    except sqlite3.OperationalError as e:
        if "interrupt" in str(e):
            raise SearchError("the search took too long: use fewer or longer words") from e
        raise SearchError(f"the search could not be run: {e}") from e
    return Results(q, total, hits, docs, ents, {"document": document, "entity": entity})


def load_entities(path: Path, instance_base: str) -> list[EntityEntry]:
    """The type-ahead index written into out/ (search/entities.js), read back (IRIs made from the pages' paths)."""
    text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text[text.index("{"):text.rindex("}") + 1])
    return [EntityEntry(instance_base + unquote(href.removeprefix("id/").removesuffix(".html")), label, href, kind,
                        tuple(Name(*n) for n in names)) for label, href, kind, _minor, names in data["entities"]]
