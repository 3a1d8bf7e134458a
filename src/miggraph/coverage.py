"""Coverage: for every numbered paragraph, footnote, annex entry and table of the corpus, the facts that cite it.

A unit of a document (extract/passages.py) is covered when a curated fact (a reified statement) cites a
passage overlapping it. A unit without facts is either listed for a curator, or is in the reviewed file
`data/coverage-reviewed.yaml`, with the reason the vocabulary cannot state what it says (or that it
states nothing: a greeting, a heading repeated as text).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, Graph, URIRef

from .config import MIG, PROV, QB, Settings
from .errors import InputError, Problem
from .extract import Extraction
from .yamlio import LineDict, LineList, read_yaml

REVIEWED_FILE = "coverage-reviewed.yaml"
KINDS = {"paragraph", "footnote", "annex", "table"}  # headings and titles are covered through what they head


@dataclass
class UnitCoverage:
    doc: str
    label: str
    kind: str
    start: int
    end: int
    facts: int
    reviewed: str | None = None  # the reason, if the unit is in the reviewed file


@dataclass
class Coverage:
    units: list[UnitCoverage] = field(default_factory=list)

    @property
    def missing(self) -> list[UnitCoverage]:
        """Units without facts that are not in the reviewed list."""
        return [u for u in self.units if u.facts == 0 and u.reviewed is None]

    def by_document(self) -> dict[str, tuple[int, int, int]]:
        """doc → (units, units with facts, reviewed units without facts)."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for u in self.units:
            row = out[u.doc]
            row[0] += 1
            row[1] += u.facts > 0
            row[2] += u.facts == 0 and u.reviewed is not None
        return {d: (a, b, c) for d, (a, b, c) in sorted(out.items())}


def cited_spans(graph: Graph) -> dict[URIRef, list[tuple[int, int, int]]]:
    """Per document: (start, end, number of curated statements and table observations citing it) of every cited passage."""
    counts: dict[URIRef, int] = defaultdict(int)
    for st in graph.subjects(RDF.type, RDF.Statement):
        if (st, PROV.wasGeneratedBy, None) in graph:
            continue  # extracted, not curated
        for pa in graph.objects(st, PROV.wasDerivedFrom):
            counts[pa] += 1
    for cls in (QB.Observation, QB.DataSet):  # a table and its rows carry their provenance per resource
        for obs in graph.subjects(RDF.type, cls):
            for pa in graph.objects(obs, PROV.wasDerivedFrom):
                counts[pa] += 1
    out: dict[URIRef, list[tuple[int, int, int]]] = defaultdict(list)
    for pa, n in counts.items():
        doc, start, end = graph.value(pa, MIG.inDocument), graph.value(pa, MIG.startOffset), graph.value(pa, MIG.endOffset)
        if doc is not None and start is not None and end is not None:
            out[doc].append((int(start), int(end), n))
    return out


def reviewed(settings: Settings) -> dict[tuple[str, str], str]:
    """(document slug, paragraph label) → reason, from data/coverage-reviewed.yaml (empty if there is none)."""
    path = settings.data_dir / REVIEWED_FILE
    if not path.exists():
        return {}
    name = f"data/{REVIEWED_FILE}"
    content = read_yaml(path, name)
    entries = content.get("units") if isinstance(content, LineDict) else None
    if not isinstance(entries, LineList):
        raise InputError([Problem(name, 1, "units", "expected a list 'units' of {doc, para, reason}")])
    out: dict[tuple[str, str], str] = {}
    problems = []
    for e in entries:
        if not isinstance(e, LineDict) or not all(isinstance(e.get(k), str) and e.get(k).strip() for k in ("doc", "para", "reason")):
            problems.append(Problem(name, getattr(e, "line", None), "units", "each entry needs doc, para and reason (strings)"))
            continue
        out[(e["doc"], e["para"])] = e["reason"]
    if problems:
        raise InputError(problems)
    return out


def coverage(graph: Graph, extraction: Extraction, settings: Settings) -> Coverage:
    """Every unit of every corpus document with the number of curated facts citing a passage that overlaps it."""
    spans = cited_spans(graph)
    done = reviewed(settings)
    result = Coverage()
    for slug, doc in sorted(extraction.documents.items()):
        doc_iri = URIRef(settings.instance_base + f"document/{slug}")
        cited = spans.get(doc_iri, [])
        for u in doc.units:
            if u.kind not in KINDS or not u.text.strip():
                continue
            n = sum(c for s, e, c in cited if s < u.end and e > u.start)
            result.units.append(UnitCoverage(slug, u.label, u.kind, u.start, u.end, n, done.get((slug, u.label))))
    return result
