"""The miggraph command: a thin layer over the library."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from . import query as q
from .build import make_graph, write_outputs
from .config import Settings
from .errors import InputError
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
def build(root: str | None, base: str | None, out_dir: str) -> None:
    """Build the graph from ontology, corpus and data into OUT (atomically)."""
    settings = _settings(root, base)
    t0 = time.perf_counter()
    with err.status("loading ontology, corpus and curated data ..."):
        try:
            graph = make_graph(settings)
        except InputError as exc:
            _fail(exc)
    err.print(f"loaded {len(graph):,} triples in {time.perf_counter() - t0:.1f}s", highlight=False)
    with err.status("writing outputs ...") as status:
        written = write_outputs(graph, settings, Path(out_dir), lambda rel: status.update(f"writing {rel} ..."))
    for path in written:
        err.print(f"  wrote {path}", highlight=False)
    err.print(f"done in {time.perf_counter() - t0:.1f}s", highlight=False)


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
    """Counts per class, facts, passages and the share of facts with provenance."""
    settings = _settings(root, base)
    try:
        graph = load(settings).graph
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
    for cls, n in s.classes.items():
        table.add_row(cls, f"{n:,}")
    out.print(table)


@main.command()
@click.argument("sparql")
@click.option("--graph", "graph_path", default="out/miggraph.nt", show_default=True, type=click.Path(dir_okay=False),
              help="N-Triples file to query (built by 'miggraph build').")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def query(sparql: str, graph_path: str, fmt: str) -> None:
    """Run SPARQL (a query string, or the path of a .rq/.sparql file) over the built graph."""
    text = Path(sparql).read_text(encoding="utf-8") if Path(sparql).is_file() else sparql
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




if __name__ == "__main__":
    main()
