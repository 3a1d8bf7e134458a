"""Benchmark: `miggraph validate` on a graph with very many violations (target: a million triples with 750,000
violations in at most 5 minutes and 4 GB).

Usage: python benchmarks/validate_many.py [--people 250000] [--limit 20] [--keep]

Writes a graph of PEOPLE people as N-Triples into a temporary folder, each with four triples (a type, a label, an
acronym and a description) and three violations (no passage it derives from; two facts without a reified
statement), and runs `miggraph validate` on it in a child process, as a user would. It measures the wall-clock
time, the CPU time and the peak memory (maximum resident set) of that process (and the machine's load average,
on which the wall-clock time depends), checks that the printed report
lists at most LIMIT results per shape with the exact counts of the rest, and that the SHACL results graph it
wrote holds every result. The figures go into benchmarks/results/validate_many.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/miggraph/id/"
MIG = "https://w3id.org/miggraph/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TARGET_SECONDS = 300
TARGET_MB = 4096


def write_graph(path: Path, people: int) -> int:
    """The graph as N-Triples; returns its number of triples."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(people):
            e = f"<{ID}person/p{i}>"
            out.write(f"{e} {RDF_TYPE} <{MIG}Person> .\n"
                      f'{e} {RDFS_LABEL} "Person {i}"@en .\n'
                      f'{e} <{MIG}acronym> "P{i}" .\n'
                      f'{e} <{MIG}description> "Person number {i}" .\n')
    return 4 * people


def run(graph: Path, report: Path, limit: int) -> dict[str, object]:
    cmd = [sys.executable, "-m", "miggraph.cli", "validate", str(graph), "--report", str(report), "--limit", str(limit)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 1:
        raise SystemExit(f"miggraph validate exited {done.returncode}, not 1:\n{done.stderr[-3000:]}")
    return {
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 1),
        "peak_memory_mb": round(after.ru_maxrss / 1024),  # kB on Linux: the largest child so far, here this one
        "stdout": done.stdout,
    }


def check_report(stdout: str, report: Path, limit: int, people: int) -> dict[str, object]:
    """The printed report lists at most `limit` results per shape with exact counts; the graph holds every result."""
    head = re.match(r"Conforms: no \(([\d,]+) violation", stdout)
    assert head is not None, stdout[:500]
    violations = int(head.group(1).replace(",", ""))
    groups = re.findall(r"^Violation · (\S+).* · (\d+) result\(s\)$", stdout, re.MULTILINE)
    listed = stdout.count("\n  - ")
    assert listed <= limit * len(groups), (listed, groups)
    assert sum(int(n) for _, n in groups) == violations == 3 * people, (groups, violations)
    with report.open(encoding="utf-8") as fh:
        results = sum(1 for line in fh if line.startswith("_:report sh:result "))
    assert results == violations, (results, violations)
    return {"violations": violations, "shapes": {name: int(n) for name, n in groups}, "listed": listed,
            "results_in_report_graph": results, "report_graph_mb": round(report.stat().st_size / 2**20)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=250_000, help="people in the graph (four triples each)")
    parser.add_argument("--limit", type=int, default=20, help="results listed per shape")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="validate-many-"))
    graph, report = folder / "many.nt", folder / "report.ttl"
    triples = write_graph(graph, args.people)
    load_before = os.getloadavg()[0]
    measured = run(graph, report, args.limit)
    load_after = os.getloadavg()[0]
    checked = check_report(str(measured.pop("stdout")), report, args.limit, args.people)
    result = {
        "triples": triples,
        **checked,
        **measured,
        "within_target": measured["wall_seconds"] <= TARGET_SECONDS and measured["peak_memory_mb"] <= TARGET_MB,  # type: ignore[operator]
        # the wall-clock time depends on what else the machine runs: its load average, before and after
        "load_average_before_after": [round(load_before, 1), round(load_after, 1)],
        "cores": os.cpu_count(),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
    }
    out = ROOT / "benchmarks" / "results" / "validate_many.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for key, value in result.items():
        print(f"  {key:26} {value}")
    if not args.keep:
        for path in (graph, report):
            path.unlink(missing_ok=True)
        folder.rmdir()
    if not result["within_target"]:
        raise SystemExit(f"over the target ({TARGET_SECONDS} s, {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
