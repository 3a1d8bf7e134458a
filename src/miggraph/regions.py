"""The region hierarchy: which region lies within which, as vocabulary, not as a fact of a document.

The documents name regions ("Northern Africa", "Asia-Pacific", "sub-Saharan Africa") and the curated facts
state only the region a passage names. Which region lies within which is taken

- from the UN M49 geographic regions, as the maintained package country_converter classifies countries: a
  sub-region lies within the continent of (most of) its countries, e.g. Northern Africa within Africa
  (`mig:withinRegion`);
- where M49, as that package holds it, gives no answer (sub-Saharan Africa, Latin America and the Caribbean,
  Asia-Pacific ...), from the project's own editorial layer, `data/vocabulary/regions.yaml`, each placement
  with its reason (published as the region's `skos:editorialNote`; `mig:withinRegionEditorial`, a
  sub-property of `mig:withinRegion`, so that both answer
  "every process in Africa": `?p mig:region/mig:withinRegion* <.../region/africa>`).

Regions are matched to M49 names by their English label, exactly.
"""

from __future__ import annotations

import csv
import importlib.util
from collections import Counter, defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from .config import MIG, RDF, RDFS, SKOS, Settings
from .errors import InputError, Problem
from .yamlio import LineDict, LineList, read_yaml

EDITORIAL_FILE = Path("vocabulary") / "regions.yaml"


def m49_within() -> dict[str, str]:
    """M49 sub-region name → the continent most of its countries belong to, from country_converter's data."""
    spec = importlib.util.find_spec("country_converter")
    if spec is None or spec.origin is None:
        raise InputError([Problem("country_converter", None, None, "the package is not installed (pip install country_converter)")])
    table = Path(spec.origin).parent / "country_data.tsv"
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    with table.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            sub, continent = (row.get("UNregion") or "").strip(), (row.get("continent") or "").strip()
            if sub and continent and sub != continent:
                votes[sub][continent] += 1
    return {sub: counts.most_common(1)[0][0] for sub, counts in sorted(votes.items())}


def editorial(settings: Settings) -> list[tuple[str, str, str, int | None]]:
    """(region id, broader region id, reason, line) from data/vocabulary/regions.yaml (none if there is no such file)."""
    path = settings.data_dir / EDITORIAL_FILE
    if not path.exists():
        return []
    name = f"data/{EDITORIAL_FILE}"
    content = read_yaml(path, name)
    entries = content.get("within") if isinstance(content, LineDict) else None
    if not isinstance(entries, LineList):
        raise InputError([Problem(name, 1, "within", "expected a list 'within' of {region, within, reason}")])
    out = []
    for e in entries:
        if not isinstance(e, LineDict) or not all(isinstance(e.get(k), str) for k in ("region", "within", "reason")):
            raise InputError([Problem(name, getattr(e, "line", None), "within", "each entry needs region, within and reason")])
        out.append((e["region"], e["within"], e["reason"], e.line))
    return out


def add_hierarchy(graph: Graph, settings: Settings) -> int:
    """Add mig:withinRegion between the graph's regions (M49 and the editorial layer); the number of links added."""
    regions = {str(label): r for r in graph.subjects(RDF.type, MIG.Region) for label in graph.objects(r, RDFS.label)}
    added = 0
    for sub, continent in m49_within().items():
        if sub in regions and continent in regions:
            graph.add((regions[sub], MIG.withinRegion, regions[continent]))
            added += 1
    base = settings.instance_base
    problems = []
    for region, within, reason, line in editorial(settings):
        a, b = URIRef(base + region), URIRef(base + within)
        for ident, node in ((region, a), (within, b)):
            if (node, RDF.type, MIG.Region) not in graph:
                problems.append(Problem(f"data/{EDITORIAL_FILE}", line, "region", f"{ident!r} is not a region of the graph"))
        graph.add((a, MIG.withinRegionEditorial, b))
        graph.add((a, MIG.withinRegion, b))
        graph.add((a, SKOS.editorialNote, Literal(f"Placed within {within} by the project's editorial layer: {reason}.", lang="en")))
        added += 1
    if problems:
        raise InputError(problems)
    return added
