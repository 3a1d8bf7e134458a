"""The miggraph command: a thin layer over the library."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from . import ontology_checks as ontology_checks_mod
from . import query as q
from . import rdf_limits, staging, support, validate
from .build import make_graph, validate_and_write
from .config import Settings
from .errors import InputError, clip
from .gcpause import cyclic_gc_paused
from .lanes import RenderError, default_jobs
from .load import data_files, load
from .stats import compute

err = Console(stderr=True)
out = Console()


def _settings(root: str | None, base: str | None) -> Settings:
    return Settings.default(Path(root) if root else None, base)


def _fail(exc: InputError) -> None:
    click.echo(f"error: {len(exc.problems)} problem(s) in the input", err=True)
    for p in exc.problems[:200]:
        click.echo(f"  {p}", err=True)
    if len(exc.problems) > 200:
        click.echo(f"  ... and {len(exc.problems) - 200} more", err=True)
    sys.exit(1)


@click.group()
@click.version_option(package_name="miggraph")
def main() -> None:
    """miggraph: the UN governance system for international migration and development as linked data."""


root_opt = click.option(
    "--root", type=click.Path(file_okay=False), help="Project folder holding data/ and ontology/ (default: this checkout)."
)
base_opt = click.option("--base", help="Base IRI for instances (default https://w3id.org/miggraph/ or $MIGGRAPH_BASE).")


@main.command()
@root_opt
@base_opt
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--allow-invalid", is_flag=True, help="Publish even if the graph violates the SHACL shapes.")
@click.option("--verbose", "-v", is_flag=True, help="List every file written.")
@click.option("--jobs", "-j", type=click.IntRange(1, 2), default=None,
              help="Processes: 1, or 2 (two lanes, the second validating the graph before its files, or for a graph "
                   "of over 3 million triples validation before both; for two processor cores). Default: 2 where this "
                   "machine gives the build two cores or more, else 1.")
def build(root: str | None, base: str | None, out_dir: str, allow_invalid: bool, verbose: bool, jobs: int | None) -> None:
    """Build the graph from ontology, corpus and data, validate it, and write OUT (atomically).

    A progress bar shows the stages; then one line says how many files were written, their size, the time taken
    and the validation's verdict (--verbose lists the files first). With two processes (--jobs 2, the default on
    two cores or more) the second validates the graph while the first renders (for a graph of over 3 million triples
    validation comes first, its store let go before the two fork); the files are the same either way."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    settings = _settings(root, base)
    for note in staging.recover(settings.root):
        err.print(note, highlight=False)
    t0 = time.perf_counter()
    columns = (TextColumn("{task.description:<48.48}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar, cyclic_gc_paused():
        task = bar.add_task("loading ontology, corpus and curated data", total=2)
        try:
            graph = make_graph(settings)
        except InputError as exc:
            bar.stop()
            _fail(exc)
        bar.update(task, advance=1, description="validating against the SHACL shapes", refresh=True)

        def checked(report: validate.Report) -> None:
            if not report.conforms:
                bar.stop()
                _not_conforming(report, out_dir, allow_invalid)
                bar.start()
            bar.update(task, advance=1, refresh=True)

        try:
            report, written = validate_and_write(graph, settings, Path(out_dir),
                                                 lambda rel: bar.update(task, advance=1, description=rel),
                                                 lambda n: bar.update(task, total=2 + n), checked,
                                                 jobs or default_jobs())
        except (RenderError, OSError) as exc:
            bar.stop()
            raise click.ClickException(f"{exc}; {out_dir}/ is unchanged") from exc
    if verbose:
        for path in written:
            click.echo(f"  wrote {path}", err=True)
    click.echo(_build_summary(written, len(graph), out_dir, time.perf_counter() - t0, report), err=True)


def _not_conforming(report: validate.Report, out_dir: str, allow_invalid: bool) -> None:
    """Say that the graph violates the shapes; stop unless --allow-invalid."""
    err.print(_verdict(report), highlight=False)
    if not allow_invalid:
        click.echo(validate.format_report(report, severities=(validate.SH.Violation,)), err=True, nl=False)
        click.echo(f"error: not published: the graph violates the shapes; {out_dir}/ is unchanged "
                   "(fix the data, or build with --allow-invalid)", err=True)
        sys.exit(1)
    err.print("publishing anyway (--allow-invalid)", highlight=False)


def _size(n: int) -> str:
    """A size in bytes, in the largest unit under 1,000 (decimal units)."""
    if n < 1000:
        return f"{n:,} bytes"
    value, units = n / 1000, ["KB", "MB", "GB"]
    while value >= 1000 and len(units) > 1:
        value, units = value / 1000, units[1:]
    return f"{value:.1f} {units[0]}"


def _build_summary(written: list[Path], triples: int, out_dir: str, seconds: float, report: validate.Report) -> str:
    """The one line a build ends with: files written, their size, the time taken, the validation's verdict."""
    size = sum(p.stat().st_size for p in written if p.is_file())
    sh = validate.SH
    verdict = "conforms" if report.conforms else "does NOT conform"
    return (f"built {triples:,} triples: wrote {len(written):,} files ({_size(size)}) to {out_dir}/ in {seconds:.1f}s; "
            f"validation: {verdict} ({report.count(sh.Violation)} violation(s), {report.count(sh.Warning)} warning(s))")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@root_opt
def check(files: tuple[str, ...], root: str | None) -> None:
    """Check curated YAML files (default: all of data/) without writing anything.

    A single facts file is checked together with data/documents.yaml only.
    """
    settings = _settings(root, None)
    paths = [Path(f).resolve() for f in files]
    if paths:
        docs = settings.data_dir / "documents.yaml"
        paths = [docs] + [p for p in paths if p != docs.resolve()]
    else:
        paths = data_files(settings)
    try:
        result = load(settings, paths)
    except InputError as exc:
        _fail(exc)
    err.print(f"ok: {len(result.files)} file(s), {len(result.entities)} entities, {len(result.graph):,} triples", highlight=False)


@main.command()
@root_opt
@base_opt
def stats(root: str | None, base: str | None) -> None:
    """Counts per class, facts, passages and the share of facts with provenance (of the graph the build publishes)."""
    settings = _settings(root, base)
    try:
        graph = make_graph(settings)
    except InputError as exc:
        _fail(exc)
    s = compute(graph)
    table = Table(title="miggraph")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("triples", f"{s.triples:,}")
    table.add_row("curated facts", f"{s.facts:,}")
    table.add_row("facts with provenance", f"{s.facts_with_provenance:,} ({s.provenance_share:.1%})")
    table.add_row("passages", f"{s.passages:,}")
    table.add_row("reified statements", f"{s.statements:,}")
    checked = sum(s.support.values()) or 1
    for verdict in support.VERDICTS:
        n = s.support.get(verdict, 0)
        table.add_row(f"facts {verdict}", f"{n:,} ({n / checked:.1%})")
    for cls, n in s.classes.items():
        table.add_row(cls, f"{n:,}")
    out.print(table)


@main.command()
@click.argument("sparql")
@click.option("--graph", "graph_path", default="out/miggraph.nt", show_default=True, type=click.Path(dir_okay=False),
              help="N-Triples file to query (built by 'miggraph build').")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--endpoint", help="Run the query on this SPARQL endpoint (SPARQL 1.1 Protocol) instead of the local build.")
@click.option("--user", help="User name for the endpoint (HTTP basic authentication).")
@click.option("--password", help="Password for the endpoint (or $MIGGRAPH_PASSWORD).", envvar="MIGGRAPH_PASSWORD")
def query(sparql: str, graph_path: str, fmt: str, endpoint: str | None, user: str | None, password: str | None) -> None:
    """Run SPARQL (a query string, or the path of a .rq/.sparql file) over the built graph, or on --endpoint."""
    text = Path(sparql).read_text(encoding="utf-8") if Path(sparql).is_file() else sparql
    if endpoint:
        from .publish import RemoteError, run_remote

        try:
            result = run_remote(endpoint, text, user=user, password=password)
        except (RemoteError, RuntimeError, OSError) as exc:
            raise click.ClickException(str(exc)) from exc
    else:
        nt = Path(graph_path)
        if not nt.exists():
            raise click.ClickException(f"{nt} not found: run 'miggraph build' first")
        store = q.open_store(nt)
        try:
            result = q.run(store, text)
        except SyntaxError as exc:
            raise click.ClickException(f"SPARQL syntax error: {exc}") from exc
    if isinstance(result, bool):
        click.echo("true" if result else "false")
        return
    if isinstance(result, list):
        for s, p, o in result:
            click.echo(f"{s} {p} {o} .")
        return
    variables, rows = result
    if fmt == "csv":
        click.echo(q.as_csv(variables, rows), nl=False)
    elif fmt == "json":
        click.echo(q.as_json(variables, rows), nl=False)
    else:
        table = Table(*variables, show_lines=False)
        for row in rows:
            table.add_row(*["" if v is None else v for v in row])
        out.print(table)
        err.print(f"{len(rows)} row(s)", highlight=False)




@main.command()
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False), help="The build to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback only, unless --public).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--public", is_flag=True, help="Allow listening on an address that is not loopback.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1), help="Query time limit in seconds.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1), help="Result cap (rows or triples).")
@click.option("--max-bytes", default=10_000_000, show_default=True, type=click.IntRange(min=1024),
              help="Result cap in bytes of the answer.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(min=1), help="Query worker processes.")
@click.option("--light-workers", type=click.IntRange(min=0),
              help="Workers kept for light queries (at most --workers minus one) [default: half of --workers].")
@click.option("--light-limit", default=1.0, show_default=True, type=click.FloatRange(min=0.05),
              help="Seconds a light query may run on a kept worker before it is moved to the other workers.")
@click.option("--heavy-per-client", default=2, show_default=True, type=click.IntRange(min=0),
              help="Heavy queries one client address may have waiting or running at once (0: no cap).")
@click.option("--queue-wait", type=click.FloatRange(min=0.0),
              help="Seconds a query waits for a free worker before a 503 [default: the time limit].")
@click.option("--max-query", default=65_536, show_default=True, type=click.IntRange(min=64), help="Longest query, in bytes.")
@click.option("--max-depth", default=64, show_default=True, type=click.IntRange(min=1),
              help="Deepest nesting of ( [ { in a query.")
@click.option("--max-memory", default=1024, show_default=True, type=click.IntRange(min=128),
              help="Address space of each query worker, in MB.")
@click.option("--header-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a client has to send a whole request.")
@click.option("--max-connections", default=256, show_default=True, type=click.IntRange(min=1),
              help="Open connections at once.")
@root_opt
@base_opt
def serve(out_dir: str, host: str, port: int, public: bool, root: str | None, base: str | None, **limits: object) -> None:
    """Serve the build: SPARQL at /sparql, entity IRIs at /id/..., the query page at /query, and the site of OUT."""
    from . import serve as sv

    settings = _settings(root, base)
    options = sv.ServeOptions(**limits)  # type: ignore[arg-type]
    if not sv.is_loopback(host) and not public:
        raise click.ClickException(f"{host} is not a loopback address: pass --public to serve on it")
    err.print(f"serving {out_dir} at http://{host}:{port}/ (SPARQL at /sparql, query page at /query); Ctrl-C stops",
              highlight=False)
    try:
        sv.run(Path(out_dir), settings, options, host=host, port=port, public=public,
               instance_base=settings.instance_base if base else None)
    except sv.NotBuiltError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.option("--endpoint", required=True, help="Graph Store Protocol URL of the store (Oxigraph: http://host:7878/store).")
@click.option("--graph", "graph_iri", help="Named graph to load into (default: the default graph).")
@click.option("--user", help="User name (HTTP basic authentication).")
@click.option("--password", help="Password (or $MIGGRAPH_PASSWORD).", envvar="MIGGRAPH_PASSWORD")
@click.option("--replace/--append", default=True, show_default=True, help="Replace the graph (PUT) or add to it (POST).")
@click.option("--document-graphs/--no-document-graphs", default=True, show_default=True,
              help="Also upload the facts of each source document into its own named graph ({base}id/graph/...).")
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False), help="The build to upload.")
def publish(endpoint: str, graph_iri: str | None, user: str | None, password: str | None, replace: bool,
            document_graphs: bool, out_dir: str) -> None:
    """Upload the built graph to a triple store by the SPARQL 1.1 Graph Store HTTP Protocol."""
    from .publish import RemoteError, publish_document_graphs
    from .publish import publish as upload

    try:
        with err.status(f"uploading to {endpoint} ...") as status:
            done = upload(Path(out_dir), endpoint, graph_iri, user=user, password=password, replace=replace)
            err.print(f"uploaded {done.file} ({done.size:,} bytes, {done.media_type}) to {done.url}: "
                      f"HTTP {done.status_code}", highlight=False)
            if document_graphs:
                graphs = publish_document_graphs(
                    Path(out_dir), endpoint, user=user, password=password, replace=replace,
                    progress=lambda name: status.update(f"uploading the named graph {name} ..."))
                size = sum(g.size for g in graphs)
                err.print(f"uploaded {len(graphs)} named graphs of source documents ({size:,} bytes of N-Triples)",
                          highlight=False)
    except (RemoteError, FileNotFoundError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--symbol", help="Document symbol (default: the symbol of the masthead or running header; none if there is none).")
@click.option("--title", help="Title (default: the title block after the masthead, with its byline).")
@click.option("--date", help="Date of issue, YYYY-MM-DD, YYYY-MM or YYYY (default: the masthead's date or the dateline's).")
@click.option("--kind", default=None, help="Class of the document (Report, Resolution, Correspondence, MeetingSummary ...; "
                                            "default: the kind the text states, else Document).")
@root_opt
@base_opt
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False), help="Output folder (default: ROOT/out).")
def ingest(paths: tuple[str, ...], symbol: str | None, title: str | None, date: str | None, kind: str | None, root: str | None,
           base: str | None, out_dir: str | None) -> None:
    """Add plain-text or PDF documents to the corpus and data/documents.yaml, then rebuild."""
    from rich.progress import Progress

    from .ingest import IngestError
    from .ingest import ingest as run_ingest

    settings = _settings(root, base)
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("ingesting", total=len(paths) + 1)

        def step(msg: str) -> None:
            bar.update(task, description=msg[:60])
            if msg.startswith(("reading", "rebuilding")):
                bar.advance(task)

        try:
            docs = run_ingest([Path(p) for p in paths], settings, {"symbol": symbol, "title": title, "date": date, "kind": kind},
                              Path(out_dir) if out_dir else None, step)
        except IngestError as exc:
            raise click.ClickException(str(exc)) from exc
        except KeyboardInterrupt:
            click.echo("interrupted: data/ and out/ are unchanged", err=True)
            sys.exit(130)
    for d in docs:
        err.print(f"  added document/{d.slug} ({d.symbol or 'no symbol'}): data/corpus/{d.corpus_file}", highlight=False,
                  markup=False, soft_wrap=True)
        for line in ([f"    read {', '.join(d.read)}"] if d.read else []) + [f"    {m}" for m in d.missing]:
            err.print(line, highlight=False, markup=False, soft_wrap=True)


@main.command(name="eval")
@root_opt
@click.option("--sample", type=click.Path(dir_okay=False), help="Hand-checked mentions (default: ROOT/tests/data/mention-sample.tsv).")
@click.option("--symbols", type=click.Path(dir_okay=False), help="Symbols read in the corpus (default: ROOT/tests/data/symbols.txt).")
@click.option("--misses", is_flag=True, help="List every miss.")
@click.option("--facts", "show_facts", is_flag=True,
              help="Measure the fact proposer: per relation, precision and recall against the curated facts of each document, "
                   "proposed from the graph without that document's own records (--misses lists misses and false proposals).")
@click.option("--coverage", "show_coverage", is_flag=True,
              help="For every paragraph, footnote, annex entry and table of the corpus, the facts citing it; list those without "
                   "(exit 1 if one is neither covered nor in data/coverage-reviewed.yaml).")
def eval_cmd(root: str | None, sample: str | None, symbols: str | None, misses: bool, show_coverage: bool,
             show_facts: bool) -> None:
    """Recall and precision of text extraction per mention type, against the curated facts and hand-checked samples;
    the shares of the support check; with --coverage, the facts per paragraph."""
    if show_facts:
        _print_facts(_settings(root, None), misses)
        return
    from .build import graph_and_extraction
    from .evaluate import evaluate

    settings = _settings(root, None)
    try:
        graph, extraction = graph_and_extraction(settings)
    except InputError as exc:
        _fail(exc)
    if show_coverage:
        _print_coverage(graph, extraction, settings)
        return
    data = settings.root / "tests" / "data"
    report = evaluate(graph, settings, Path(sample) if sample else data / "mention-sample.tsv",
                      Path(symbols) if symbols else data / "symbols.txt")
    recall = Table(title="entity-link recall (curated entity found in the unit of each passage it derives from)")
    for col in ("entity type", "all passages", "n", "passages naming or describing it", "n"):
        recall.add_column(col, justify="left" if col == "entity type" else "right")
    for kind in sorted(report.recall):
        r, nr = report.recall[kind], report.named_recall.get(kind)
        recall.add_row(kind, f"{r.value:.3f}", str(r.total), f"{nr.value:.3f}" if nr else "", str(nr.total) if nr else "")
    r_all, n_all = report.overall(report.recall), report.overall(report.named_recall)
    recall.add_row("all", f"{r_all.value:.3f}", str(r_all.total), f"{n_all.value:.3f}", str(n_all.total))
    out.print(recall)
    precision = Table(title="precision (hand-checked sample)")
    for col in ("mention type", "precision", "n"):
        precision.add_column(col, justify="left" if col == "mention type" else "right")
    for kind, p in sorted(report.precision.items()):
        precision.add_row(kind, f"{p.value:.3f}", str(p.total))
    p_all = report.overall(report.precision)
    precision.add_row("all", f"{p_all.value:.3f}", str(p_all.total))
    out.print(precision)
    out.print(_support_table(support.check_graph(graph).counts()))
    out.print(f"resolutions and symbols read in the corpus and found: {report.symbols.hits}/{report.symbols.total} "
              f"(recall {report.symbols.value:.3f})", highlight=False)
    if report.stale:
        out.print(f"{len(report.stale)} row(s) of the sample no longer extracted: check them again (--misses lists them)",
                  highlight=False)
    if misses:
        for m in r_all.misses + p_all.misses + report.symbols.misses + report.stale:
            click.echo(f"  miss: {m}")


def _print_coverage(graph, extraction, settings: Settings) -> None:
    from .coverage import coverage

    try:
        cov = coverage(graph, extraction, settings)
    except InputError as exc:
        _fail(exc)
    table = Table(title="coverage: units of the corpus (paragraphs, footnotes, annex entries, tables) and the facts citing them")
    for col in ("document", "units", "with facts", "reviewed, without facts", "missing"):
        table.add_column(col, justify="left" if col == "document" else "right")
    missing = cov.missing
    for doc, (units, covered, reviewed) in cov.by_document().items():
        table.add_row(doc, str(units), str(covered), str(reviewed), str(sum(1 for u in missing if u.doc == doc)))
    out.print(table)
    for u in missing:
        click.echo(f"  no facts: {u.doc} {u.label!r} ({u.kind}, characters {u.start}-{u.end})")
    if missing:
        click.echo(f"error: {len(missing)} unit(s) without facts: add the facts they state, or list them with the reason in "
                   "data/coverage-reviewed.yaml", err=True)
        sys.exit(1)


def _support_table(counts: dict[str, int]) -> Table:
    """Reified facts by the verdict of the support check, with their shares."""
    table = Table(title="citations (support check: does every cited quote state its fact?)")
    for col in ("facts", "n", "share"):
        table.add_column(col, justify="left" if col == "facts" else "right")
    total = sum(counts.values()) or 1
    for verdict in support.VERDICTS:
        n = counts.get(verdict, 0)
        table.add_row(verdict, f"{n:,}", f"{n / total:.3f}")
    return table


def _graph_for(settings: Settings, graph_file: str | None):
    """The graph (an rdflib.Graph) from an export (--graph), or built from the data."""
    if graph_file:
        from rdflib import Graph
        from rdflib.util import guess_format

        with err.status(f"reading {graph_file} ..."):
            return Graph().parse(graph_file, format=guess_format(graph_file) or "nt")
    with err.status("loading ontology, corpus and curated data ..."):
        try:
            return make_graph(settings)
        except InputError as exc:
            _fail(exc)


graph_opt = click.option("--graph", "graph_file", type=click.Path(exists=True, dir_okay=False),
                         help="Use this export (e.g. out/miggraph.nt) instead of building the graph from the data.")
out_opt = click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False), help="Output folder.")


@main.command()
@root_opt
@base_opt
@graph_opt
@out_opt
def viz(root: str | None, base: str | None, graph_file: str | None, out_dir: str) -> None:
    """(Re)write the interactive network views into OUT/viz/ (atomically; other files of OUT stay)."""
    from . import viz as viz_lib

    settings = _settings(root, base)
    graph = _graph_for(settings, graph_file)
    with err.status("writing views ...") as status:
        written = viz_lib.write(graph, settings, Path(out_dir), lambda rel: status.update(f"writing {rel} ..."))
    err.print(f"wrote {len(written)} files under {Path(out_dir) / 'viz'} (open {Path(out_dir) / 'viz' / 'index.html'})",
              highlight=False)


@main.command()
@root_opt
@base_opt
@graph_opt
@out_opt
@click.option("--top", default=10, show_default=True, help="How many entities to list by PageRank.")
def analyze(root: str | None, base: str | None, graph_file: str | None, out_dir: str, top: int) -> None:
    """Degree, betweenness, PageRank and communities into OUT/analytics.csv and .json; GraphML and GEXF for Gephi."""
    from . import analyze as analyze_lib

    settings = _settings(root, base)
    graph = _graph_for(settings, graph_file)
    with err.status("computing measures ..."):
        g = analyze_lib.entity_graph(graph, settings)
        rows = analyze_lib.metrics(g)
        written = analyze_lib.write(graph, settings, Path(out_dir), provider=lambda: (g, rows))
    for path in written:
        err.print(f"  wrote {path}", highlight=False)
    table = Table("entity", "class", "degree", "betweenness", "PageRank", "community", title=f"top {top} by PageRank")
    for row in sorted(rows, key=lambda r: (-float(r["pagerank"]), str(r["iri"])))[:top]:  # type: ignore[arg-type]
        table.add_row(str(row["label"]), str(row["class"]), str(row["degree"]), f"{row['betweenness']:.4f}",
                      f"{row['pagerank']:.4f}", str(row["community"]))
    out.print(table)


@main.command()
@click.argument("a")
@click.argument("b")
@root_opt
@base_opt
@graph_opt
@click.option("--exclude", multiple=True, metavar="CLASS",
              help="Do not pass through entities of this class or class family (Theme, meetings ...); repeatable.")
def path(a: str, b: str, root: str | None, base: str | None, graph_file: str | None, exclude: tuple[str, ...]) -> None:
    """Explain the shortest path between entities A and B, relation by relation.

    A and B are IRIs, kind/slug (org/iom), labels, acronyms or alternative names.
    """
    import networkx as nx

    from . import analyze as analyze_lib

    settings = _settings(root, base)
    graph = _graph_for(settings, graph_file)
    g = analyze_lib.entity_graph(graph, settings)
    try:
        click.echo(analyze_lib.explain_path(g, a, b, settings.instance_base, exclude), nl=False)
    except analyze_lib.EntityNotFound as exc:
        raise click.ClickException(str(exc)) from exc
    except nx.NetworkXNoPath as exc:
        raise click.ClickException(f"no path between {a!r} and {b!r}") from exc


def _verdict(report: validate.Report) -> str:
    sh = validate.SH
    verdict = "conforms" if report.conforms else "does NOT conform"
    return (f"validated in {report.seconds:.1f}s: {verdict} ({report.count(sh.Violation)} violation(s), "
            f"{report.count(sh.Warning)} warning(s), {report.count(sh.Info)} info(s))")


@main.command(name="validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@root_opt
@click.option("--graph", "graph_path", default="out/miggraph.nt", show_default=True, type=click.Path(dir_okay=False),
              help="The built graph, validated when no FILES are given.")
@click.option("--shapes", "shapes_path", type=click.Path(exists=True, dir_okay=False),
              help="Shapes file (default: shapes/miggraph.shacl.ttl).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              help="Where to write the SHACL results graph (Turtle); default out/validation-report.ttl for the built graph, "
                   "validation-report.ttl in the current folder for your FILES (the build's own report stays as published).")
@click.option("--ontology", "ontology_checks", is_flag=True, help="Also run the ontology quality checks.")
@click.option("--all", "show_all", is_flag=True, help="List every result (default: the first --limit per shape).")
@click.option("--limit", "per_shape", default=20, show_default=True, type=click.IntRange(min=0),
              help="Results listed per shape; the rest are counted (all of them are in the report graph).")
@click.option("--max-depth", default=rdf_limits.MAX_DEPTH, show_default=True, type=click.IntRange(min=1),
              help="Refuse a file nesting brackets ([ ], ( ), { }, << >>) or JSON objects and arrays deeper than this.")
@click.option("--max-prefix-chain", default=rdf_limits.MAX_PREFIX_CHAIN, show_default=True, type=click.IntRange(min=1),
              help="Refuse a JSON-LD file whose @context defines a term through a longer chain of other terms.")
def validate_cmd(files: tuple[str, ...], root: str | None, graph_path: str, shapes_path: str | None, report_path: str | None,
                 ontology_checks: bool, show_all: bool, per_shape: int, max_depth: int, max_prefix_chain: int) -> None:
    """Validate the built graph, or your own Turtle / N-Triples / N-Quads / TriG / JSON-LD FILES, against the shapes.

    Prints a report grouped by severity and shape, writes the SHACL results graph, and exits 1 on violations,
    2 when a file cannot be read or passes a limit.
    """
    settings = _settings(root, None)
    paths = [Path(f) for f in files] or [Path(graph_path)]
    if report_path is None:
        report_path = "validation-report.ttl" if files else str(Path(graph_path).parent / validate.REPORT_FILE)
    if not files and not paths[0].exists():
        raise click.ClickException(f"{paths[0]} not found: run 'miggraph build' first, or name the files to validate")
    limits = rdf_limits.Limits(max_depth=max_depth, max_prefix_chain=max_prefix_chain)
    try:
        with err.status(f"reading {', '.join(str(p) for p in paths)} ..."):
            graph, store = validate.read_rdf_and_store(paths, limits)
        shapes = validate.read_shapes(Path(shapes_path), limits) if shapes_path else None
    except validate.RdfInputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    keep = None if show_all else per_shape
    with err.status(f"validating {len(graph):,} triples against the SHACL shapes ..."):
        try:
            report = validate.validate_graph(graph, settings, shapes=shapes, per_shape=keep, report_path=Path(report_path),
                                             store=store)
        except (RecursionError, MemoryError, ValueError) as exc:  # exit 1 means violations, never a crash
            click.echo(f"error: the validation stopped: {type(exc).__name__}: {clip(str(exc), 300)}", err=True)
            sys.exit(2)
    click.echo(validate.format_report(report, limit_per_shape=10**9 if keep is None else keep), nl=False)
    err.print(f"wrote the SHACL results graph to {report_path}", highlight=False)
    failed = not report.conforms
    if ontology_checks:
        found = ontology_checks_mod.run_all(validate.load_ontology(settings), graph, report.shapes)
        click.echo(f"\nOntology checks: {len(found)} problem(s)")
        for finding in found:
            click.echo(f"  {finding}")
        failed = failed or bool(found)
    sys.exit(1 if failed else 0)


def _print_facts(settings: Settings, misses: bool) -> None:
    from .evaluate_facts import evaluate_facts, tables

    try:
        with err.status("proposing the facts of each document ...") as status:
            report = evaluate_facts(settings, lambda slug: status.update(f"proposing the facts of {slug} ..."))
    except InputError as exc:
        _fail(exc)
    for table in tables(report):
        out.print(table)
    if misses:
        for m in report.misses:
            click.echo(f"  miss: {m}")
        for f in report.false:
            click.echo(f"  false: {f}")


@main.command()
@click.argument("docs", nargs=-1, required=True)
@root_opt
@base_opt
def propose(docs: tuple[str, ...], root: str | None, base: str | None) -> None:
    """Write the facts each document DOC (its slug, e.g. a-63-265) states, as proposals to data/proposed/DOC.yaml."""
    from .propose import UnknownDocument, regenerate

    settings = _settings(root, base)
    with err.status("loading ontology, corpus and curated data ..."):
        try:
            graph = make_graph(settings)
        except InputError as exc:
            _fail(exc)
    for doc in docs:
        try:
            path, proposals = regenerate(settings, doc, graph)
        except UnknownDocument as exc:
            raise click.ClickException(str(exc)) from exc
        err.print(f"  {len(proposals)} proposal(s) for document/{doc}: {path} (miggraph review {doc})", highlight=False)


@main.command()
@click.argument("doc")
@click.option("--accept", "accept_ids", multiple=True, metavar="ID", help="Accept this proposal (repeatable).")
@click.option("--reject", "reject_ids", multiple=True, metavar="ID", help="Reject this proposal (repeatable).")
@click.option("--accept-rule", "accept_rules", multiple=True, metavar="RULE",
              help="Accept every proposal of this rule, rule family (dates) or relation (requestedBy); repeatable.")
@click.option("--list", "list_only", is_flag=True, help="List the pending proposals with their quotes in context, and stop.")
@root_opt
@base_opt
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False), help="Output folder (default: ROOT/out).")
def review(doc: str, accept_ids: tuple[str, ...], reject_ids: tuple[str, ...], accept_rules: tuple[str, ...], list_only: bool,
           root: str | None, base: str | None, out_dir: str | None) -> None:
    """Accept, reject or edit the facts proposed for DOC: interactively in a terminal, or with --accept / --reject /
    --accept-rule. Accepted facts go to data/facts/DOC-accepted.yaml and the graph is rebuilt; rejected ones are
    remembered and not proposed again."""
    from . import review as rv

    settings = _settings(root, base)
    try:
        proposals = rv.pending(settings, doc)
        text = rv.corpus_text(settings, doc)
        if list_only or not (accept_ids or reject_ids or accept_rules) and not sys.stdin.isatty():
            term = rv.Terminal(click.echo, lambda _: "s", lambda _: None, click.style)
            for i, p in enumerate(proposals, start=1):
                rv.describe(p, text, i, len(proposals), term)
            err.print(f"{len(proposals)} pending proposal(s)", highlight=False)
            return
        if accept_ids or reject_ids or accept_rules:
            decisions = rv.select(proposals, accept_ids, reject_ids, accept_rules)
        else:
            term = rv.Terminal(click.echo, lambda msg: click.prompt(msg, type=click.Choice(["a", "r", "e", "s", "q"]), default="s",
                                                                   show_choices=False),
                               lambda yaml_text: click.edit(yaml_text, extension=".yaml"), click.style)
            decisions = rv.interactive(proposals, text, term)
        if not decisions:
            err.print("nothing decided; nothing changed", highlight=False)
            return
        with err.status("applying the decisions ...") as status:
            outcome = rv.apply(settings, doc, decisions, Path(out_dir) if out_dir else None,
                               lambda msg: status.update(msg[:70]))
    except rv.ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("interrupted: data/ and out/ are unchanged", err=True)
        sys.exit(130)
    err.print(f"accepted {len(outcome.accepted)}, rejected {len(outcome.rejected)}, {outcome.pending} pending"
              + (f"; accepted facts in {outcome.accepted_file}, graph rebuilt" if outcome.accepted_file else ""), highlight=False)


if __name__ == "__main__":
    main()
