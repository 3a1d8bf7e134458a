"""What the tests of the fact proposal rules share: the proposals for a text read as a new document."""

from __future__ import annotations

from rdflib import Graph

from miggraph.config import Settings
from miggraph.propose.model import Proposal
from miggraph.propose.run import propose, text_context


def proposals(graph: Graph, settings: Settings, text: str) -> list[Proposal]:
    """Every proposal for `text`, read as the new document test-note over `graph`."""
    ctx = text_context(graph, settings, "test-note", "test-note.txt", text)
    return propose(ctx, graph, settings)
