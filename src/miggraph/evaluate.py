"""Measure text extraction against the curated facts and hand-checked samples.

- entity-link recall: for every curated entity and every curated passage it derives from
  (prov:wasDerivedFrom), is the entity mentioned (mig:mentions) by the unit that holds the passage, or is
  the unit about it (dcterms:subject: it lies under a heading naming the entity)? Reported over all such
  passages and over those that name or describe the entity (all but the hand-checked pairs of
  tests/data/unmentioned.tsv);
- precision: the share of correct mentions in a hand-checked sample (tests/data/mention-sample.tsv);
- symbol recall: the share of the resolution numbers and document symbols listed by reading the
  corpus (tests/data/symbols.txt) that extraction found in that document.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.term import Node

from .config import DCTERMS, MIG, PROV, Settings
from .extract import KIND_CLASS, activity

# the mention type of an entity, by its class (the first ancestor found in this list)
FAMILIES = [
    ("Resolution", "resolution"), ("Country", "place"), ("Place", "place"), ("Person", "person"),
    ("ConsultativeProcess", "process"), ("Meeting", "meeting"), ("Instrument", "instrument"), ("Document", "document"),
    ("Programme", "programme"), ("Theme", "theme"), ("Organization", "organization"),
]
NOT_NAMED = {"Passage", "Membership", "Role", "RatificationStatus", "Figure"}


@dataclass
class Score:
    """Hits out of a total, with the misses for inspection."""

    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.hits += 1
        else:
            self.misses.append(what)


@dataclass
class Report:
    recall: dict[str, Score]  # over every curated passage an entity derives from
    named_recall: dict[str, Score]  # over the passages that name or describe it (all but the unmentioned.tsv pairs)
    precision: dict[str, Score]
    symbols: Score
    stale: list[str] = field(default_factory=list)

    def overall(self, scores: dict[str, Score]) -> Score:
        total = Score()
        for s in scores.values():
            total.hits += s.hits
            total.total += s.total
            total.misses += s.misses
        return total


def family(graph: Graph, entity: URIRef) -> str | None:
    classes = {str(c).split("#")[-1] for c in graph.objects(entity, RDF.type) if str(c).startswith(str(MIG))}
    if not classes or classes & NOT_NAMED or any(c.endswith("Mention") for c in classes):
        return None
    ancestors: set[str] = set()
    for c in classes:
        ancestors |= {str(a).split("#")[-1] for a in graph.transitive_objects(MIG[c], _SUBCLASS) if str(a).startswith(str(MIG))}
    for cls, fam in FAMILIES:
        if cls in ancestors:
            return fam
    return "other"


_SUBCLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")


def names_of(graph: Graph, entity: URIRef) -> list[str]:
    out = [str(v) for p in (RDFS.label, SKOS.altLabel, MIG.acronym) for v in graph.objects(entity, p)]
    return [" ".join(n.split()) for n in out]


def entity_link_recall(graph: Graph, ontology: Graph, settings: Settings, unmentioned: set[tuple[str, str]] | None = None
                       ) -> dict[str, Score]:
    """Per mention type: curated (entity, passage) pairs whose unit mentions the entity or is about it.

    A pair counts as found when the unit holding the passage mentions the entity (`mig:mentions`: by a name
    or a description) or lies under a heading that names it (`dcterms:subject`). A corpus document is not
    counted with its own passages (they are in it; they do not mention it). With `unmentioned` (pairs of
    entity and passage ids, read by `read_unmentioned`), the pairs whose passage neither names nor describes
    the entity are left out: recall over the passages that name or describe it.
    """
    merged = graph + ontology if ontology is not None else graph
    generated = activity(settings)
    scores: dict[str, Score] = defaultdict(Score)
    for entity, passage in sorted(graph.subject_objects(PROV.wasDerivedFrom)):
        if not isinstance(entity, URIRef) or (passage, RDF.type, MIG.Passage) not in graph:
            continue
        if (entity, PROV.wasGeneratedBy, generated) in graph or (passage, PROV.wasGeneratedBy, generated) in graph:
            continue  # extracted, not curated
        fam = family(merged, entity)
        if fam is None or graph.value(passage, MIG.inDocument) == entity:
            continue
        if unmentioned is not None and (_id(entity, settings), _id(passage, settings)) in unmentioned:
            continue
        unit = passage if (passage, MIG.startOffset, None) in graph and (passage, URIRef(str(_SCHEMA_TEXT)), None) in graph \
            else graph.value(passage, DCTERMS.isPartOf)
        if unit is None:
            continue  # a quote outside every unit (a running header)
        found = (unit, MIG.mentions, entity) in graph or (unit, DCTERMS.subject, entity) in graph
        scores[fam].add(found, f"{entity} not found in {unit} (cited by {passage})")
    return dict(sorted(scores.items()))


_SCHEMA_TEXT = URIRef("https://schema.org/text")


def _id(iri: Node, settings: Settings) -> str:
    return str(iri).removeprefix(settings.instance_base)


def read_unmentioned(path: Path) -> list[dict[str, str]]:
    """The hand-checked pairs whose passage neither names nor describes the entity (tests/data/unmentioned.tsv)."""
    return read_sample(path)


def curated_pairs(graph: Graph, settings: Settings) -> set[tuple[str, str]]:
    """(entity id, passage id) of every curated derivation."""
    generated = activity(settings)
    return {(_id(e, settings), _id(p, settings)) for e, p in graph.subject_objects(PROV.wasDerivedFrom)
            if (p, RDF.type, MIG.Passage) in graph and (e, PROV.wasGeneratedBy, generated) not in graph}


def read_sample(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")]
    return rows


def precision(graph: Graph, sample: Path, settings: Settings, stale: list[str] | None = None) -> dict[str, Score]:
    """Per mention type: hand-checked mentions judged correct, among those the extraction still makes.

    A row whose mention is no longer made (the extractor or the curated names changed) is not counted;
    it is listed in `stale`, to be checked again.
    """
    stale = stale if stale is not None else []
    scores: dict[str, Score] = defaultdict(Score)
    base = settings.instance_base
    kinds = {v: k for k, v in KIND_CLASS.items()}
    for row in read_sample(sample):
        node = URIRef(f"{base}mention/{row['doc']}-{row['start']}-{row['end']}")
        target = row["entity"]
        if target:
            present = (node, MIG.mentions, URIRef(base + target)) in graph
        else:
            present = (node, RDF.value, None) in graph
        if not present:
            stale.append(f"{node} → {target or row['text']}: no longer extracted (re-check the row)")
            continue
        types = {kinds.get(t) for t in graph.objects(node, RDF.type)}
        assert types, node
        scores[row["type"]].add(row["correct"].strip() == "1", f"{node} → {target or row['text']}: judged wrong ({row['note']})")
    return dict(sorted(scores.items()))


def read_symbols(path: Path) -> list[tuple[str, str, str]]:
    """(document slug, kind, value) per line of the list: `doc<TAB>resolution|symbol<TAB>value`."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc, kind, value = line.split("\t")[:3]
        out.append((doc, kind, value))
    return out


def symbol_recall(graph: Graph, path: Path, settings: Settings) -> Score:
    """Every listed resolution number or symbol is stated by some mention in its document."""
    found: set[tuple[str, str, str]] = set()
    base = settings.instance_base
    for node, entity in graph.subject_objects(MIG.mentions):
        s = str(node)
        if not s.startswith(base + "mention/"):
            continue
        doc = s[len(base + "mention/"):].rsplit("-", 2)[0]
        for p, kind in ((MIG.resolutionNumber, "resolution"), (MIG.symbol, "symbol")):
            for v in graph.objects(entity, p):
                found.add((doc, kind, str(v)))
    score = Score()
    for item in read_symbols(path):
        score.add(item in found, "\t".join(item))
    return score


def evaluate(graph: Graph, settings: Settings, sample: Path, symbols: Path, unmentioned: Path | None = None) -> Report:
    """Recall over all curated passages and over those that name or describe their entity, precision, symbols.

    `unmentioned` defaults to unmentioned.tsv beside the sample. Listed pairs that are no longer curated are
    reported in `stale`, like sample rows no longer extracted.
    """
    ontology = Graph().parse(settings.ontology_path, format="turtle")
    stale: list[str] = []
    listed = read_unmentioned(unmentioned or sample.with_name("unmentioned.tsv"))
    pairs = {(r["entity"], r["passage"]) for r in listed}
    curated = curated_pairs(graph, settings)
    stale += [f"{e} in {p}: listed as not mentioned, no longer curated (re-check the row)" for e, p in sorted(pairs - curated)]
    return Report(entity_link_recall(graph, ontology, settings), entity_link_recall(graph, ontology, settings, pairs),
                  precision(graph, sample, settings, stale), symbol_recall(graph, symbols, settings), stale)
