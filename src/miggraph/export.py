"""Deterministic serialisations of the graph, written atomically into out/."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from .config import PREFIXES

CONTEXT_FILE = "context.jsonld"


def to_ntriples(graph: Graph) -> str:
    """N-Triples, one triple a line, lines sorted."""
    lines = sorted({line for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def to_turtle(graph: Graph) -> str:
    """Turtle from a graph rebuilt in sorted order, so that output does not depend on load order."""
    ordered = Graph()
    for prefix, ns in graph.namespaces():
        ordered.bind(prefix, ns, override=True)
    for triple in sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        ordered.add(triple)
    return ordered.serialize(format="turtle")


def jsonld_context(graph: Graph) -> dict:
    """The JSON-LD @context: the prefixes the graph uses."""
    ctx = {prefix: ns for prefix, ns in PREFIXES.items()}
    for prefix, ns in graph.namespaces():
        if prefix == "id":
            ctx["id"] = str(ns)
    return {"@context": dict(sorted(ctx.items()))}


def _sort_json(value: object) -> object:
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    if isinstance(value, dict):
        return {k: _sort_json(v) for k, v in value.items()}
    return value


def to_jsonld(graph: Graph, context: dict) -> str:
    """Compact JSON-LD against the context, nodes sorted by @id, referencing the context file."""
    data = json.loads(graph.serialize(format="json-ld", context=context["@context"], auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    nodes = sorted((_sort_json(n) for n in nodes), key=lambda n: str(n.get("@id", "")))  # type: ignore[union-attr]
    doc = {"@context": CONTEXT_FILE, "@graph": nodes}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_atomically(
    out_dir: Path, writers: dict[str, Callable[[], str | bytes]], progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Render every file into a fresh folder, keep other files of out/, then swap the folders.

    If any writer fails, out/ is left exactly as it was.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clear_interrupted(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-{os.getpid()}-", dir=out_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; out/ is for publishing
    try:
        written = []
        for rel, render in sorted(writers.items()):
            if progress is not None:
                progress(rel)
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            content = render()
            if isinstance(content, str):
                target.write_text(content, encoding="utf-8", newline="\n")
            else:
                target.write_bytes(content)
            written.append(out_dir / rel)
        if out_dir.exists():
            for entry in out_dir.iterdir():
                dest = tmp / entry.name
                if dest.exists():
                    continue
                if entry.is_dir():
                    shutil.copytree(entry, dest, symlinks=True)
                else:
                    shutil.copy2(entry, dest)
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-{os.getpid()}-", dir=out_dir.parent))
            os.rename(out_dir, old / "out")
            os.rename(tmp, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out_dir)
        return written
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clear_interrupted(out_dir: Path) -> None:
    """Undo what a build killed half-way left beside out_dir: put back the out/ it had moved aside (killed between
    the two renames of the swap), and remove the temporary folders of builds no longer running."""
    pattern = re.compile(rf"\.{re.escape(out_dir.name)}-(new|old)-(\d+)-[^/]*")
    for sibling in sorted(out_dir.parent.iterdir()):
        m = pattern.fullmatch(sibling.name)
        if m is None or not sibling.is_dir() or _running(int(m.group(2))):
            continue
        if m.group(1) == "old" and (sibling / "out").is_dir() and not out_dir.exists():
            os.rename(sibling / "out", out_dir)
        shutil.rmtree(sibling, ignore_errors=True)


Render = Callable[[], str | bytes]


def writers(graph: Graph, ontology_path: Path) -> dict[str, Render]:
    """The core serialisations: Turtle, N-Triples, JSON-LD (+ context) and the ontology, by path under out/."""
    context = jsonld_context(graph)
    return {
        "miggraph.ttl": lambda: to_turtle(graph),
        "miggraph.nt": lambda: to_ntriples(graph),
        "miggraph.jsonld": lambda: to_jsonld(graph, context),
        CONTEXT_FILE: lambda: json.dumps(context, indent=1, sort_keys=True) + "\n",
        "ontology.ttl": lambda: ontology_path.read_bytes(),
    }


def export_all(graph: Graph, ontology_path: Path, out_dir: Path) -> list[Path]:
    """Write the core serialisations into out_dir, atomically."""
    return write_atomically(out_dir, writers(graph, ontology_path))
