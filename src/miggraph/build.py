"""The build: load the curated data and the corpus into one graph, then export it."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .config import Settings
from .export import export_all
from .load import load


def build(root: Path | None = None, base: str | None = None) -> Graph:
    """Load ontology, corpus and data/ and return the graph (raises InputError on bad input)."""
    settings = Settings.default(root, base)
    return load(settings).graph


def build_to(out_dir: Path, root: Path | None = None, base: str | None = None) -> tuple[Graph, list[Path]]:
    """Build the graph and write every export into out_dir, atomically."""
    settings = Settings.default(root, base)
    graph = load(settings).graph
    return graph, export_all(graph, settings.ontology_path, out_dir)
