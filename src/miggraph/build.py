"""The build: load the curated data and the corpus into one graph, then export it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from . import export, extract, formats, lanes, ontodocs, regions, search, site, themes, validate, viz
from .config import Settings
from .gcpause import cyclic_gc_paused, give_back_freed_memory
from .load import load
from .site.searchpage import SEARCH_PAGE


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


SHARING_CONVERSION = ("miggraph.ttl", "miggraph.nt", "miggraph.jsonld", "miggraph.trig", "miggraph.nq")  # read `prepared`
SHARING_TURTLE = ("miggraph.ttl", "miggraph.trig")  # begin with the same Turtle text


def output_writers(graph: Graph, settings: Settings, prepared: Callable[[], export.Prepared] | None = None,
                   ) -> dict[str, export.Render]:
    """Every file the build writes, by path under out/, each with the function that renders it (`prepared`: gives
    the graph converted for pyoxigraph, if already made).

    Each stage after the graph (serialisations, site, visualisations ...) contributes its files here.
    """
    writers: dict[str, export.Render] = {}
    prepared = prepared or export.lazy_prepared(graph)  # converted for pyoxigraph once, for every serialisation
    writers.update(export.writers(graph, settings.ontology_path, prepared))
    writers.update(formats.writers(graph, settings, prepared))
    writers.update(ontodocs.writers(settings.ontology_path))
    writers.update(viz.writers(graph, settings))
    writers.update(site.writers(graph, settings, writers))
    writers.update(search.writers(graph, settings))
    writers.update(site.editor_writers(settings, writers))  # the query page: YASGUI
    if isinstance(prepared, export.LazyPrepared):  # the dumps first; then the converted graph is let go
        export.release_after(writers, SHARING_CONVERSION, lambda: _released(prepared))
        export.release_after(writers, SHARING_TURTLE, prepared.forget_turtle)  # and the Turtle text, once both are written
    return writers


def _released(prepared: export.LazyPrepared) -> None:
    prepared.release()
    give_back_freed_memory()


def render_lane(path: str) -> int:
    """The lane of a file when the build renders in parallel (`jobs` of 2): 0 for the site's pages, which share the
    site's indexes; 1 for the dumps, which share the graph converted for pyoxigraph (made there by validation, which
    lane 1 does first: `validate_and_write`), the tables, analytics and views, which share the entity graph, the
    search indexes and the validation report."""
    return 0 if path.startswith("id/") or path in (SEARCH_PAGE, "index.html") else 1


def build_to(
    out_dir: Path,
    root: Path | None = None,
    base: str | None = None,
    progress: Callable[[str], None] | None = None,
    allow_invalid: bool = False,
    jobs: int = 1,
) -> tuple[Graph, list[Path]]:
    """Build the graph, validate it against the shapes and write every output into out_dir, atomically.

    Raises InvalidGraphError (and writes nothing) when the graph violates the shapes, unless allow_invalid.
    jobs=2 renders the files in two processes (`render_lane`) and validates beside them; the files are the same.
    """
    settings = Settings.default(root, base)
    with cyclic_gc_paused():
        graph = make_graph(settings)
        _, written = validate_and_write(graph, settings, out_dir, progress, checked=refuse_invalid(allow_invalid), jobs=jobs)
        return graph, written


def refuse_invalid(allow_invalid: bool) -> Callable[[validate.Report], None]:
    """A check of the validation report that raises InvalidGraphError on a violation, unless allow_invalid."""
    def checked(report: validate.Report) -> None:
        if not report.conforms and not allow_invalid:
            raise validate.InvalidGraphError(report)
    return checked


def validate_and_write(graph: Graph, settings: Settings, out_dir: Path, progress: Callable[[str], None] | None = None,
                       total: Callable[[int], None] | None = None,
                       checked: Callable[[validate.Report], None] | None = None, jobs: int = 1,
                       ) -> tuple[validate.Report, list[Path]]:
    """Validate the graph and write every output, its validation report among them, into out_dir, atomically;
    `checked` is told the report once it is known, before anything is swapped in, and stops the build (out_dir
    untouched) by raising. The graph is converted for pyoxigraph once, for validation and every dump.

    With jobs=2 the files render in two lanes (`render_lane`), and lane 1's process validates the graph before
    its files, beside lane 0's: `checked` is told the report while lane 0 renders (for a graph of up to
    BESIDE_UP_TO triples: `validates_beside`). Otherwise validation comes first. The files are the same either way."""
    prepared = export.lazy_prepared(graph)
    if validates_beside(graph, jobs):
        beside, report = validation_beside(graph, settings, prepared, checked)
        written = write_outputs(graph, settings, out_dir, progress, report, total, prepared, jobs, beside)
        return report(), written
    found = validated(graph, settings, prepared)
    if checked is not None:
        checked(found)
    return found, write_outputs(graph, settings, out_dir, progress, found, total, prepared, jobs)


VALIDATING = "validating the graph"
BESIDE_UP_TO = 3_000_000  # triples: validation beside the files for graphs up to this size (`validates_beside`)


def validates_beside(graph: Graph, jobs: int) -> bool:
    """Whether validation runs beside the files (in lane 1's process, `validation_beside`) rather than before them:
    with lanes (`jobs` of 2 where os.fork exists), for a graph of up to BESIDE_UP_TO triples.

    Validation's store takes about 350 bytes a triple, and once the lanes have forked, each process reading the
    graph's terms copies the memory pages they are in (counting them in Python touches them), so beside the lanes
    the store adds to two copies of the graph: for ten million triples, about 3.5 GB on top of 8. Before them, the
    store is let go before the lanes fork."""
    return jobs > 1 and lanes.can_fork() and len(graph) <= BESIDE_UP_TO


def validation_beside(graph: Graph, settings: Settings, prepared: Callable[[], export.Prepared],
                      checked: Callable[[validate.Report], None] | None = None,
                      ) -> tuple[lanes.Beside, Callable[[], validate.Report]]:
    """Validation as work beside the files (`lanes.Beside`), and a function giving its report once it is known: in
    lane 1's process, where it ran, and here, where `checked` is told it as it arrives."""
    found: list[validate.Report] = []

    def run() -> validate.Report:
        found[:] = [validated(graph, settings, prepared)]
        return found[0]

    def accept(report: object) -> None:
        if not isinstance(report, validate.Report):
            raise TypeError(f"validation sent back {type(report).__name__}, not a report")
        found[:] = [report]
        if checked is not None:
            checked(report)

    return lanes.Beside(VALIDATING, run, accept), lambda: found[0]


def check_graph(graph: Graph, settings: Settings, allow_invalid: bool = False,
                prepared: Callable[[], export.Prepared] | None = None) -> validate.Report:
    """Validate the graph; raise InvalidGraphError on a violation unless allow_invalid (`prepared`: gives the graph
    converted for pyoxigraph, which validation then reads instead of converting it again)."""
    report = validated(graph, settings, prepared)
    refuse_invalid(allow_invalid)(report)
    return report


def validated(graph: Graph, settings: Settings, prepared: Callable[[], export.Prepared] | None = None
              ) -> validate.Report:
    """The graph's validation report (`prepared`: as for check_graph); the memory of validation's store is given
    back to the system once it is let go."""
    report = validate.validate_graph(graph, settings, store=converted_store(prepared))
    give_back_freed_memory()
    return report


def converted_store(prepared: Callable[[], export.Prepared] | None) -> ox.Store | None:
    """A store of the graph from its conversion for the serialisations; None without one, or for a graph the
    serialisations refuse (blank nodes), which validation then converts itself."""
    if prepared is None:
        return None
    try:
        converted = prepared()
    except ValueError:
        return None
    give_back_freed_memory()  # what converting held, before the store is filled
    return validate.store_of(converted.text.open())


def write_outputs(
    graph: Graph,
    settings: Settings,
    out_dir: Path,
    progress: Callable[[str], None] | None = None,
    report: validate.Report | Callable[[], validate.Report] | None = None,
    total: Callable[[int], None] | None = None,
    prepared: Callable[[], export.Prepared] | None = None,
    jobs: int = 1,
    beside: lanes.Beside | None = None,
) -> list[Path]:
    """Render every output of the graph into out_dir, atomically (out_dir is untouched if anything fails).

    progress is told each file's path as it is written; total, first, how many files there are; report (or a
    function giving it, once `beside` has run) is written as the validation report; jobs=2 renders in two
    processes (`render_lane`), lane 1's doing `beside` first (`lanes.Beside`)."""
    writers = output_writers(graph, settings, prepared)
    if report is not None:
        writers[validate.REPORT_FILE] = lambda: validate.results_turtle(report() if callable(report) else report)
    if total is not None:
        total(len(writers))
    if jobs > 1:
        ontodocs.render(settings.ontology_path)  # read by both lanes (pages' links, the docs): made once, before they fork
    return export.write_atomically(out_dir, writers, progress, render_lane if jobs > 1 else None, beside)
