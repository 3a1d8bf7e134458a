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
from .corpus import normalise
from .errors import InputError, Problem
from .extract import Extraction
from .yamlio import LineDict, LineList, read_yaml

REVIEWED_FILE = "coverage-reviewed.yaml"
REVIEWED_NAME = f"data/{REVIEWED_FILE}"
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


@dataclass(frozen=True)
class ReviewedEntry:
    doc: str
    para: str
    reason: str
    quote: str | None  # words of the unit, to tell apart units sharing a label ("Table 2", a section's paragraphs)
    line: int | None

    def pick(self, texts: list[str]) -> list[int]:
        """The units (indexes into texts, those of this entry's label) the entry names: the one whose whole text
        the quote is, else those containing it."""
        if self.quote is None:
            return list(range(len(texts)))
        quote = _words(self.quote)
        whole = [i for i, t in enumerate(texts) if _words(t) == quote]
        return whole or [i for i, t in enumerate(texts) if quote in _words(t)]


def _words(text: str) -> str:
    return normalise(text)


def reviewed(settings: Settings) -> list[ReviewedEntry]:
    """The entries of data/coverage-reviewed.yaml (empty if there is none)."""
    path = settings.data_dir / REVIEWED_FILE
    if not path.exists():
        return []
    content = read_yaml(path, REVIEWED_NAME)
    entries = content.get("units") if isinstance(content, LineDict) else None
    if not isinstance(entries, LineList):
        raise InputError([Problem(REVIEWED_NAME, 1, "units", "expected a list 'units' of {doc, para, reason}")])
    out: list[ReviewedEntry] = []
    problems = []
    for e in entries:
        if not isinstance(e, LineDict) or not all(isinstance(e.get(k), str) and e.get(k).strip() for k in ("doc", "para", "reason")):
            problems.append(Problem(REVIEWED_NAME, getattr(e, "line", None), "units", "each entry needs doc, para and reason (strings)"))
            continue
        quote = e.get("quote")
        if quote is not None and not (isinstance(quote, str) and quote.strip()):
            problems.append(Problem(REVIEWED_NAME, e.line, "quote", "a quote is words of the unit (a string)"))
            continue
        out.append(ReviewedEntry(e["doc"], e["para"], e["reason"], quote, e.line))
    if problems:
        raise InputError(problems)
    return out


def _assign(entries: list[ReviewedEntry], units: dict[tuple[str, str], list[UnitCoverage]],
            texts: dict[tuple[str, str], list[str]]) -> None:
    """Give each unit its reviewed reason. Every entry names exactly one unit (a label several units share
    needs a quote of the one meant), and an entry naming none is an error: the file does not go stale."""
    problems = []
    for e in entries:
        hits = e.pick(texts.get((e.doc, e.para), []))
        if len(hits) == 1:
            units[(e.doc, e.para)][hits[0]].reviewed = e.reason
        elif not hits:
            known = (e.doc, e.para) in texts
            what = f"no unit {e.para!r} of {e.doc!r}" + (" contains the quote" if known else "")
            problems.append(Problem(REVIEWED_NAME, e.line, "quote" if known else "para", what))
        else:
            problems.append(Problem(REVIEWED_NAME, e.line, "quote",
                                    f"{len(hits)} units of {e.doc!r} are labelled {e.para!r}: give a quote of the one meant"))
    if problems:
        raise InputError(problems)


def coverage(graph: Graph, extraction: Extraction, settings: Settings) -> Coverage:
    """Every unit of every corpus document with the number of curated facts citing a passage that overlaps it."""
    spans = cited_spans(graph)
    units: dict[tuple[str, str], list[UnitCoverage]] = defaultdict(list)
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    result = Coverage()
    for slug, doc in sorted(extraction.documents.items()):
        doc_iri = URIRef(settings.instance_base + f"document/{slug}")
        cited = spans.get(doc_iri, [])
        for u in doc.units:
            if u.kind not in KINDS or not u.text.strip():
                continue
            n = sum(c for s, e, c in cited if s < u.end and e > u.start)
            unit = UnitCoverage(slug, u.label, u.kind, u.start, u.end, n)
            result.units.append(unit)
            units[(slug, u.label)].append(unit)
            texts[(slug, u.label)].append(u.text)
    _assign(reviewed(settings), units, texts)
    return result
