"""Running the rules over one document: its context, its candidates, its proposals."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from rdflib import Graph, URIRef

from ..config import MIG, Settings
from ..extract import LOWER_WORD
from ..extract.descriptions import Describer
from ..extract.gazetteer import Gazetteer
from ..extract.mentions import analyse
from ..extract.variants import VariantIndex
from ..ontology import Ontology
from . import establishment, figures, instruments, letters, meetings, memberships, references, resolutions
from .context import DocContext, Entities, Sentence, build_context
from .finalise import Gate, finalise
from .model import Candidate, FactKey, Proposal

Rule = Callable[[DocContext, Sentence], Iterable[Candidate]]
FAMILIES = (resolutions, references, meetings, instruments, memberships, establishment, letters, figures)
RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)


class UnknownDocument(LookupError):
    """The slug names no document with a corpus file."""


def document_of(graph: Graph, settings: Settings, slug: str) -> tuple[URIRef, str]:
    """The IRI and corpus file of the document `document/{slug}`."""
    iri = URIRef(settings.instance_base + f"document/{slug}")
    corpus_file = graph.value(iri, MIG.corpusFile)
    if corpus_file is None or not (settings.corpus_dir / str(corpus_file)).is_file():
        raise UnknownDocument(f"no document {slug!r} with a corpus file in {settings.data_dir / 'documents.yaml'}")
    return iri, str(corpus_file)


def context(graph: Graph, settings: Settings, slug: str) -> DocContext:
    """The document as the rules read it, with the names `graph` knows (as text extraction finds them)."""
    iri, corpus_file = document_of(graph, settings, slug)
    return text_context(graph, settings, slug, corpus_file, (settings.corpus_dir / corpus_file).read_text(encoding="utf-8"))


def text_context(graph: Graph, settings: Settings, slug: str, corpus_file: str, text: str) -> DocContext:
    """A text as the rules read it, as document/{slug} (the document need not be in the graph)."""
    iri = URIRef(settings.instance_base + f"document/{slug}")
    texts = [p.read_text(encoding="utf-8") for p in sorted(settings.corpus_dir.glob("*.txt"))]
    common = {m.group(0) for t in texts for m in LOWER_WORD.finditer(t)}
    gazetteer = Gazetteer.from_graph(graph, common)
    describer = Describer(graph, gazetteer)
    doc = analyse(corpus_file, text, gazetteer, describer)
    return build_context(slug, iri, corpus_file, doc, Entities(graph, settings), gazetteer, VariantIndex.from_graph(graph))


def candidates(ctx: DocContext) -> Iterator[Candidate]:
    for sent in ctx.sentences:
        for rule in RULES:
            yield from rule(ctx, sent)


def propose(ctx: DocContext, graph: Graph, settings: Settings, skip: set[FactKey] | None = None,
            rejected: set[str] | None = None, ontology: Ontology | None = None) -> list[Proposal]:
    """The proposals of a document: every candidate that passes the checks, once per fact and quote, in text order.

    `skip` holds facts already curated from this document, `rejected` the ids of proposals a curator rejected."""
    gate = Gate(ctx, graph, settings, ontology)
    skip = skip or set()
    rejected = rejected or set()
    out: dict[str, Proposal] = {}
    for cand in candidates(ctx):
        proposal = finalise(cand, gate)
        if proposal is None or proposal.id in rejected or proposal.id in out:
            continue
        if all(k in skip for k in proposal.keys):
            continue
        out[proposal.id] = proposal
    return sorted(out.values(), key=lambda p: (p.start, p.end, p.relation, p.id))
