"""The build: load the curated data and the corpus into one graph, then export it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from . import export, extract, formats, ontodocs, regions, search, site, themes, validate, viz
from .config import Settings
from .load import load


def make_graph(settings: Settings) -> Graph:
    """Every stage that makes the published graph: the curated data, then what is derived from it."""
    return graph_and_extraction(settings)[0]


def graph_and_extraction(settings: Settings) -> tuple[Graph, extract.Extraction]:
    """The published graph and what text extraction found on the way (units and mentions per document)."""
    graph = load(settings).graph
    regions.add_hierarchy(graph, settings)
    themes.add_structure(graph, settings)
    return graph, extract.add_to_graph(graph, settings)


def build(root: Path | None = None, base: str | None = None) -> Graph:
    """Load ontology, corpus and data/ and return the graph (raises InputError on bad input)."""
    return make_graph(Settings.default(root, base))


def output_writers(graph: Graph, settings: Settings) -> dict[str, export.Render]:
    """Every file the build writes, by path under out/, each with the function that renders it.

    Each stage after the graph (serialisations, site, visualisations ...) contributes its files here.
    """
    writers: dict[str, export.Render] = {}
    prepared = export.lazy_prepared(graph)  # converted for pyoxigraph once, for every serialisation
    writers.update(export.writers(graph, settings.ontology_path, prepared))
    writers.update(formats.writers(graph, settings, prepared))
    writers.update(ontodocs.writers(settings.ontology_path))
    writers.update(viz.writers(graph, settings))
    writers.update(site.writers(graph, settings, writers))
    writers.update(search.writers(graph, settings))
    writers.update(site.editor_writers(settings, writers))  # the query page: YASGUI
    return writers


def build_to(
    out_dir: Path,
    root: Path | None = None,
    base: str | None = None,
    progress: Callable[[str], None] | None = None,
    allow_invalid: bool = False,
) -> tuple[Graph, list[Path]]:
    """Build the graph, validate it against the shapes and write every output into out_dir, atomically.

    Raises InvalidGraphError (and writes nothing) when the graph violates the shapes, unless allow_invalid.
    """
    settings = Settings.default(root, base)
    graph = make_graph(settings)
    report = check_graph(graph, settings, allow_invalid)
    return graph, write_outputs(graph, settings, out_dir, progress, report)


def check_graph(graph: Graph, settings: Settings, allow_invalid: bool = False) -> validate.Report:
    """Validate the graph; raise InvalidGraphError on a violation unless allow_invalid."""
    report = validate.validate_graph(graph, settings)
    if not report.conforms and not allow_invalid:
        raise validate.InvalidGraphError(report)
    return report


def write_outputs(
    graph: Graph,
    settings: Settings,
    out_dir: Path,
    progress: Callable[[str], None] | None = None,
    report: validate.Report | None = None,
    total: Callable[[int], None] | None = None,
) -> list[Path]:
    """Render every output of the graph into out_dir, atomically (out_dir is untouched if anything fails).

    progress is told each file's path as it is written; total, first, how many files there are."""
    writers = output_writers(graph, settings)
    if report is not None:
        writers[validate.REPORT_FILE] = lambda: validate.results_turtle(report)
    if total is not None:
        total(len(writers))
    return export.write_atomically(out_dir, writers, progress)
