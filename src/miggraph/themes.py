"""The theme scheme's structure: top concepts, skos:broader and skos:related, as the project's editorial layer.

The documents' facts link entities to the themes they name ("remittances", "circular migration"); how those
themes group (circular migration under labour migration, racism related to xenophobia) is not a fact of a
document but the project's vocabulary. It is read from `data/vocabulary/themes.yaml`:

```yaml
top: [theme/remittances, theme/labour-migration]      # the top concepts of the scheme
broader:                                              # each theme under its broader theme
  - {theme: theme/remittance-transfer-costs, broader: theme/remittances}
related:                                              # pairs of associated themes (symmetric)
  - {theme: theme/racism, related: theme/xenophobia}
```

A theme with a broader theme is not a top concept; a theme with neither stays a top concept (the scheme
has no orphan). Every link is published as SKOS (`skos:broader` with its inverse `skos:narrower`,
`skos:related` both ways, `skos:hasTopConcept` / `skos:topConceptOf`), and the scheme says that its
structure is editorial (`skos:editorialNote`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from .config import MIG, RDF, SKOS, Settings
from .errors import InputError, Problem
from .yamlio import LineDict, LineList, read_yaml

EDITORIAL_FILE = Path("vocabulary") / "themes.yaml"
NAME = f"data/{EDITORIAL_FILE}"


def _pairs(content: LineDict, key: str, other: str, problems: list[Problem]) -> list[tuple[str, str, int | None]]:
    entries = content.get(key, LineList())
    if not isinstance(entries, list):
        problems.append(Problem(NAME, content.line_of(key), key, f"expected a list of {{theme, {other}}}"))
        return []
    out = []
    for e in entries:
        if not isinstance(e, LineDict) or not isinstance(e.get("theme"), str) or not isinstance(e.get(other), str):
            problems.append(Problem(NAME, getattr(e, "line", None), key, f"each entry needs 'theme' and '{other}' (theme ids)"))
            continue
        out.append((e["theme"], e[other], e.line))
    return out


def add_structure(graph: Graph, settings: Settings) -> int:
    """Add the editorial structure of data/vocabulary/themes.yaml to the theme scheme; the number of links added."""
    path = settings.data_dir / EDITORIAL_FILE
    if not path.exists():
        return 0
    content = read_yaml(path, NAME)
    if not isinstance(content, LineDict):
        raise InputError([Problem(NAME, 1, None, "expected a mapping with 'top', 'broader' and 'related'")])
    base = settings.instance_base
    scheme = URIRef(base + "theme")
    themes = set(graph.subjects(RDF.type, MIG.Theme))
    problems: list[Problem] = []

    def theme(ident: str, line: int | None, key: str) -> URIRef | None:
        node = URIRef(base + ident)
        if node not in themes:
            problems.append(Problem(NAME, line, key, f"{ident!r} is not a theme of the graph"))
            return None
        return node

    top = content.get("top", LineList())
    tops = [theme(t, content.line_of("top"), "top") for t in top] if isinstance(top, list) else []
    broader = [(theme(a, ln, "broader"), theme(b, ln, "broader")) for a, b, ln in _pairs(content, "broader", "broader", problems)]
    related = [(theme(a, ln, "related"), theme(b, ln, "related")) for a, b, ln in _pairs(content, "related", "related", problems)]
    narrower_of = {a for a, b in broader if a is not None and b is not None}
    for t in tops:
        if t in narrower_of:
            problems.append(Problem(NAME, content.line_of("top"), "top", f"{t} is a top concept and has a broader theme"))
    _check_cycles(broader, problems)
    if problems:
        raise InputError(problems)
    for concept in themes:
        if concept in narrower_of:
            graph.remove((concept, SKOS.topConceptOf, scheme))
            graph.remove((scheme, SKOS.hasTopConcept, concept))
    added = 0
    for a, b in broader:
        graph.add((a, SKOS.broader, b))
        graph.add((b, SKOS.narrower, a))
        added += 1
    for a, b in related:
        graph.add((a, SKOS.related, b))
        graph.add((b, SKOS.related, a))
        added += 1
    graph.add((scheme, SKOS.editorialNote, Literal(
        "The scheme's structure (its top concepts, skos:broader and skos:related) is the project's editorial layer "
        "(data/vocabulary/themes.yaml), not a statement of a document; the documents' facts name the themes.", lang="en")))
    return added


def _check_cycles(broader: list[tuple[URIRef | None, URIRef | None]], problems: list[Problem]) -> None:
    up: dict[URIRef, set[URIRef]] = {}
    for a, b in broader:
        if a is not None and b is not None:
            up.setdefault(a, set()).add(b)
    for start in up:
        seen, todo = set(), list(up[start])
        while todo:
            node = todo.pop()
            if node == start:
                problems.append(Problem(NAME, None, "broader", f"{start} is broader than itself (a cycle)"))
                break
            if node not in seen:
                seen.add(node)
                todo.extend(up.get(node, ()))
