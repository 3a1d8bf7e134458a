"""`miggraph eval --facts`: the fact proposer measured against the curated facts.

For each corpus document, the proposer runs as it would on that document newly ingested: over a graph of the
curated data without the document's own records (the entities its facts files define are unknown, and every
fact citing only its passages is taken away). What it proposes is compared with the facts the curated data
states citing that document, relation by relation (a membership, a ratification status and a figure are each
compared by their fields), for the relations the proposer covers (`SCOPE`). A proposal is a hit when the
curated data states the same fact from the document, whatever the passage it cites; precision is hits over
proposals, recall hits over curated facts. "Reachable" counts the curated facts whose entities a new document
could link: known from other documents, or a resolution or symbol text extraction names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from .config import MIG, PROV, Settings
from .load import load
from .ontology import Ontology
from .propose.keys import document_keys
from .propose.model import FactKey, Proposal
from .propose.run import context, propose
from .yamlio import read_yaml

SCOPE = ("requestedBy", "mandatedBy", "convenedBy", "adoptedBy", "adoptedOn", "references", "startDate", "endDate", "location",
         "hostedBy", "organizedBy", "chairedBy", "participantCount", "membership", "ratification", "established",
         "establishedBy", "sentBy", "sentTo", "transmits", "transmittedTo", "issued", "figure")
KEEP = {MIG.corpusFile}  # project metadata: a new document has its corpus file too


@dataclass
class RelationScore:
    gold: int = 0
    proposed: int = 0
    hits: int = 0
    reachable: int = 0
    reachable_hits: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0

    @property
    def reachable_recall(self) -> float:
        return self.reachable_hits / self.reachable if self.reachable else 1.0

    def add(self, other: RelationScore) -> None:
        self.gold += other.gold
        self.proposed += other.proposed
        self.hits += other.hits
        self.reachable += other.reachable
        self.reachable_hits += other.reachable_hits


@dataclass
class FactsReport:
    by_relation: dict[str, RelationScore] = field(default_factory=dict)
    by_document: dict[str, RelationScore] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)  # curated facts not proposed
    false: list[str] = field(default_factory=list)  # proposals the curated data does not state

    @property
    def overall(self) -> RelationScore:
        total = RelationScore()
        for score in self.by_relation.values():
            total.add(score)
        return total


def own_ids(settings: Settings, slug: str) -> set[str]:
    """The ids a document's own facts files define (files whose `document:` is the document)."""
    out: set[str] = set()
    for path in sorted((settings.data_dir / "facts").glob("*.yaml")):
        content = read_yaml(path, str(path))
        if not isinstance(content, dict) or content.get("document") != slug:
            continue
        for rec in content.get("records") or []:
            if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                out.add(rec["id"])
    return out


def without_document(curated: Graph, settings: Settings, slug: str) -> Graph:
    """The curated graph as it would be before the document was curated (see the module doc)."""
    base = settings.instance_base
    doc = URIRef(base + f"document/{slug}")
    unknown = {URIRef(base + i) for i in own_ids(settings, slug)}
    in_doc = set(curated.subjects(MIG.inDocument, doc))
    g = Graph()
    for prefix, ns in curated.namespaces():
        g.bind(prefix, ns)
    dropped: set[tuple] = set()
    statements: set[URIRef] = set()
    for st in curated.subjects(RDF.type, RDF.Statement):
        s, p, o = curated.value(st, RDF.subject), curated.value(st, RDF.predicate), curated.value(st, RDF.object)
        passages = set(curated.objects(st, PROV.wasDerivedFrom))
        if p in KEEP:
            continue
        if s in unknown or o in unknown or (passages and passages <= in_doc):
            dropped.add((s, p, o))
            statements.add(st)  # type: ignore[arg-type]
    for t in curated:
        s, _, o = t
        if t in dropped or s in statements or s in unknown or o in unknown:
            continue
        g.add(t)
    return g


def _reachable(key: FactKey, known: Graph, full: Graph, base: str) -> bool:
    for part in key[1:]:
        if "/" not in part or part.startswith("mig:"):
            continue
        iri = URIRef(base + part)
        if (iri, RDF.type, None) in known:
            continue
        if (iri, MIG.resolutionNumber, None) in full or (iri, MIG.symbol, None) in full or part.startswith("country/"):
            continue
        return False
    return True


def evaluate_facts(settings: Settings, progress: Callable[[str], None] | None = None) -> FactsReport:
    """Propose the facts of every corpus document from the graph without it, and compare with the curated facts."""
    full = load(settings).graph
    ontology = Ontology(settings.ontology_path)
    base = settings.instance_base
    report = FactsReport()
    slugs = sorted(str(d)[len(base) + len("document/"):] for d in full.subjects(MIG.corpusFile, None))
    for slug in slugs:
        if progress:
            progress(slug)
        gold = {k: v for k, v in document_keys(full, URIRef(base + f"document/{slug}"), base).items() if k[0] in SCOPE}
        known = without_document(full, settings, slug)
        ctx = context(known, settings, slug)
        proposals = propose(ctx, known, settings, ontology=ontology)
        aligned = align(proposals, full, {URIRef(base + i) for i in own_ids(settings, slug)}, base)
        _score(report, slug, gold, aligned, known, full, base)
    return report


def _names(text: str) -> str:
    return " ".join(text.lower().removeprefix("the ").split())


def align(proposals: list[Proposal], full: Graph, unknown: set[URIRef], base: str) -> list[Proposal]:
    """Proposals whose new entities are read as the curated entities of the same name: an entity the document's own
    records define (and so unknown to the proposer) with that label, alternative name or acronym."""
    by_name: dict[str, str] = {}
    for iri in sorted(unknown):
        for p in (RDFS.label, SKOS.altLabel, MIG.acronym):
            for name in full.objects(iri, p):
                ident = str(iri)[len(base):]
                by_name.setdefault(ident.split("/", 1)[0] + " " + _names(str(name)), ident)
    out = []
    for p in proposals:
        mapping = {n.ident: by_name.get(n.ident.split("/", 1)[0] + " " + _names(n.label), n.ident) for n in p.needs
                   if URIRef(base + n.ident) not in unknown}
        if mapping:
            p = replace(p, keys=[tuple(mapping.get(part, part) for part in k) for k in p.keys])
        out.append(p)
    return out


def _score(report: FactsReport, slug: str, gold: dict[FactKey, list[URIRef]], proposals: list[Proposal], known: Graph, full: Graph,
           base: str) -> None:
    proposed: dict[FactKey, Proposal] = {}
    for p in proposals:
        for k in p.keys:
            if k[0] in SCOPE:
                proposed.setdefault(k, p)
    doc_score = report.by_document.setdefault(slug, RelationScore())
    for key in set(gold) | set(proposed):
        score = report.by_relation.setdefault(key[0], RelationScore())
        reachable = key in gold and _reachable(key, known, full, base)
        hit = key in gold and key in proposed
        one = RelationScore(gold=int(key in gold), proposed=int(key in proposed), hits=int(hit), reachable=int(reachable),
                            reachable_hits=int(hit and reachable))
        score.add(one)
        doc_score.add(one)
        if key in gold and key not in proposed:
            report.misses.append(f"{slug}: {' '.join(key)}" + ("" if one.reachable else "  (entity unknown without the document)"))
        elif key in proposed and key not in gold:
            p = proposed[key]
            report.false.append(f"{slug}: {' '.join(key)}  [{p.rule}, para {p.para}] {p.quote[:160]!r}")


def tables(report: FactsReport) -> list[object]:
    """The report as rich tables: per relation, and per document."""
    from rich.table import Table

    out: list[object] = []
    for title, rows in (("fact proposals against the curated facts, per relation", report.by_relation),
                        ("per document", report.by_document)):
        table = Table(title=title)
        for col in ("relation" if rows is report.by_relation else "document", "curated", "proposed", "hits", "precision",
                    "recall", "reachable", "recall of reachable"):
            first = col in ("relation", "document")  # names are never cut, whatever the terminal's width
            table.add_column(col, justify="left" if first else "right", no_wrap=first,
                             min_width=max(map(len, rows), default=8) if first else None)
        for name, s in sorted(rows.items()):
            table.add_row(name, str(s.gold), str(s.proposed), str(s.hits), f"{s.precision:.2f}", f"{s.recall:.2f}", str(s.reachable),
                          f"{s.reachable_recall:.2f}")
        if rows is report.by_relation:
            o = report.overall
            table.add_row("all", str(o.gold), str(o.proposed), str(o.hits), f"{o.precision:.3f}", f"{o.recall:.3f}", str(o.reachable),
                          f"{o.reachable_recall:.3f}")
        out.append(table)
    return out
