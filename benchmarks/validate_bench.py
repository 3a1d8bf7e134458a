"""Benchmark: SHACL validation of the built graph (target: under 5 s on a 2-core machine).

Usage: python benchmarks/validate_bench.py [--runs 3] [--graph out/miggraph.nt]
Prints the time of each stage and writes benchmarks/results/validate.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import pyshacl
from rdflib import Graph

from miggraph.config import Settings
from miggraph.validate import SH, load_ontology, load_shapes, validate_graph

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--graph", type=Path, default=ROOT / "out" / "miggraph.nt")
    parser.add_argument("--compare-pyshacl", action="store_true",
                        help="also time the same shapes wholly in pySHACL (minutes)")
    args = parser.parse_args()
    settings = Settings(root=ROOT)
    t0 = time.perf_counter()
    graph = Graph().parse(args.graph, format="nt")
    parse_s = time.perf_counter() - t0
    shapes, ontology = load_shapes(settings), load_ontology(settings)
    times = []
    report = None
    for _ in range(args.runs):
        report = validate_graph(graph, settings, shapes=shapes, ontology=ontology)
        times.append(report.seconds)
    assert report is not None
    pyshacl_only = None
    if args.compare_pyshacl:  # the same shapes wholly in pySHACL, SPARQL constraints included
        t0 = time.perf_counter()
        pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
                         allow_warnings=True, allow_infos=True)
        pyshacl_only = round(time.perf_counter() - t0, 2)
    result = {
        "graph": str(args.graph.relative_to(ROOT) if args.graph.is_relative_to(ROOT) else args.graph),
        "triples": len(graph),
        "parse_seconds": round(parse_s, 2),
        "validate_seconds_median": round(statistics.median(times), 2),
        "validate_seconds_runs": [round(t, 2) for t in times],
        "pyshacl_only_seconds": pyshacl_only,
        "violations": report.count(SH.Violation),
        "warnings": report.count(SH.Warning),
        "infos": report.count(SH.Info),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
    }
    out = ROOT / "benchmarks" / "results" / "validate.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for key, value in result.items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
