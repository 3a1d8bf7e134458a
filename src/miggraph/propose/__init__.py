"""Fact proposals: candidate facts a document states, each with its quote, for a curator to review.

`propose_document(graph, settings, slug)` runs the rules (one module per relation family: resolutions, references,
meetings, instruments, memberships, establishment, letters, figures) over the document's units and mentions as text
extraction finds them, and keeps the candidates whose quote is found in the unit they were read in and whose every
fact passes the support check (support.py), as curated facts must. `miggraph propose DOC` and `miggraph ingest`
write them to data/proposed/{doc}.yaml; `miggraph review DOC` accepts them into data/facts/{doc}-accepted.yaml or
rejects them (remembered in data/proposed/{doc}.rejected.yaml, never proposed again). Proposals are not published.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from ..config import Settings
from .keys import document_keys
from .model import Proposal
from .run import UnknownDocument, context, propose
from .store import read_rejected, write_proposals

__all__ = ["Proposal", "UnknownDocument", "propose_document", "regenerate", "write_for_documents"]


def propose_document(graph: Graph, settings: Settings, slug: str) -> list[Proposal]:
    """The proposals for document/{slug}: not those the curated data already states from it, nor those rejected."""
    ctx = context(graph, settings, slug)
    skip = set(document_keys(graph, URIRef(settings.instance_base + f"document/{slug}"), settings.instance_base))
    return propose(ctx, graph, settings, skip=skip, rejected=read_rejected(settings.data_dir, slug))


def regenerate(settings: Settings, slug: str, graph: Graph | None = None) -> tuple[Path, list[Proposal]]:
    """Write data/proposed/{slug}.yaml afresh from the graph (built from the data if not given)."""
    if graph is None:
        from ..build import make_graph

        graph = make_graph(settings)
    proposals = propose_document(graph, settings, slug)
    return write_proposals(settings.data_dir, slug, proposals), proposals


def write_for_documents(graph: Graph, settings: Settings, slugs: list[str]) -> list[Path]:
    """The proposals of newly ingested documents, written into `settings.data_dir` (ingest's staged copy of data/)."""
    return [regenerate(settings, slug, graph)[0] for slug in slugs]
