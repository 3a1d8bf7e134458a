"""Benchmark: SHACL validation of the built graph or of a synthetic one (target: under 60 s at x1000 on 2 cores).

Usage: python benchmarks/validate_bench.py [--runs 3] [--graph out/miggraph.nt | --scale 1000] [--reference]
Prints the time of each run and writes its entry ("today" for the built graph, "x1000" for a scale) into
benchmarks/results/validate.json, keeping the entries of other graphs.
With --reference, also times the reference validation (pySHACL over the whole graph, SPARQL constraints bound to
their focus nodes by VALUES) and checks that both give the same results.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

import pyshacl
from rdflib import Graph

from miggraph.config import Settings
from miggraph.validate import SH, Report, load_ontology, load_shapes, validate_graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _results(report: Report) -> set[tuple[object, ...]]:
    return {(f.severity, f.shape, f.source_shape, f.focus, f.path, f.value, f.message, f.component)
            for f in report.findings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--graph", type=Path, default=ROOT / "out" / "miggraph.nt")
    parser.add_argument("--scale", type=int, default=None,
                        help="validate synthetic.graph(SCALE) (about 970 triples a unit) instead of --graph")
    parser.add_argument("--reference", action="store_true",
                        help="also time the reference validation and check that its results are the same")
    parser.add_argument("--compare-pyshacl", action="store_true",
                        help="also time the same shapes wholly in pySHACL (minutes)")
    args = parser.parse_args()
    settings = Settings(root=ROOT)
    t0 = time.perf_counter()
    if args.scale is not None:
        import synthetic

        graph = synthetic.graph(args.scale)
        name, source = f"x{args.scale}", f"synthetic.graph({args.scale})"
    else:
        graph = Graph().parse(args.graph, format="nt")
        name = "today"
        source = str(args.graph.relative_to(ROOT) if args.graph.is_relative_to(ROOT) else args.graph)
    load_s = time.perf_counter() - t0
    shapes, ontology = load_shapes(settings), load_ontology(settings)
    memory_before = _peak_mb()
    times, cpu = [], []
    report = None
    for _ in range(args.runs):
        c0 = _cpu_s()
        report = validate_graph(graph, settings, shapes=shapes, ontology=ontology)
        times.append(report.seconds)
        cpu.append(_cpu_s() - c0)
    assert report is not None
    memory_after = _peak_mb()
    reference_s = same = None
    if args.reference:
        reference = validate_graph(graph, settings, shapes=shapes, ontology=ontology, reference=True)
        reference_s = round(reference.seconds, 2)
        same = _results(reference) == _results(report)
    pyshacl_only = None
    if args.compare_pyshacl:  # the same shapes wholly in pySHACL, SPARQL constraints included
        t0 = time.perf_counter()
        pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
                         allow_warnings=True, allow_infos=True)
        pyshacl_only = round(time.perf_counter() - t0, 2)
    result = {
        "graph": source,
        "triples": len(graph),
        "load_seconds": round(load_s, 2),
        "validate_seconds_median": round(statistics.median(times), 2),
        "validate_seconds_runs": [round(t, 2) for t in times],
        "validate_cpu_seconds_runs": [round(c, 2) for c in cpu],
        "peak_memory_mb_before_validation": round(memory_before),
        "peak_memory_mb": round(memory_after),
        "reference_seconds": reference_s,
        "same_results_as_reference": same,
        "pyshacl_only_seconds": pyshacl_only,
        "violations": report.count(SH.Violation),
        "warnings": report.count(SH.Warning),
        "infos": report.count(SH.Info),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
    }
    out = ROOT / "benchmarks" / "results" / "validate.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    entries = previous if all(isinstance(v, dict) for v in previous.values()) else {}
    entries[name] = result
    out.write_text(json.dumps(dict(sorted(entries.items())), indent=1) + "\n", encoding="utf-8")
    print(name)
    for key, value in result.items():
        print(f"  {key:34} {value}")
    if same is False:
        raise SystemExit("the fast and the reference validation differ")


if __name__ == "__main__":
    main()
