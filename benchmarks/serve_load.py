"""Benchmark: light queries under load from heavy ones, against a real `miggraph serve` on loopback.

Usage: python benchmarks/serve_load.py [--out out] [--clients 30] [--heavy 10] [--seconds 60] [--requests 400]
                                       [--label default] [-- serve options ...]

Starts `miggraph serve` over the build in --out (built into a temporary folder if it holds none) on a free
port of 127.0.0.1, then runs a fixed number of client threads for a fixed time (each client stops after
--requests requests or --seconds seconds, whichever comes first). Each client has its own connection and
its own loopback address (127.0.0.2, 127.0.0.3 ...), as separate users would. Light clients send the
competency queries of queries/ in turn; heavy clients send, in turn, a cross product that runs into the
time limit, a 10 KB query of 5,000 nested parentheses, a query building a string of gigabytes, one
building long strings for every triple (cut at the byte cap), a join chain through every triple, and a
cross product of labels that the static estimate takes for light, with a fresh literal each time so that
it is never recognised (it is moved out of the light lane after its slice). Reports the share of light
queries answered 200, their latency (p50, p95, max), what the heavy ones got, and whether every worker
is back at the end. Writes its entry (by --label) into benchmarks/results/serve_load.json.
Target: 30 clients of which 10 heavy, >= 95 % of light queries answered 200, light p95 <= 2 s, no worker lost.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "serve_load.json"
JSON = "application/sparql-results+json"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def _doubling(times: int, prefix: str = "v") -> str:
    binds = [f'BIND("xxxxxxxxxx" AS ?{prefix}0)']
    binds += [f"BIND(CONCAT(?{prefix}{i}, ?{prefix}{i}) AS ?{prefix}{i + 1})" for i in range(times)]
    return " ".join(binds)


def heavy_queries() -> list[str | None]:
    """The heavy clients' queries, in turn (None: the disguised cross product, made fresh each time)."""
    return [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        f"SELECT (STRLEN(?v28) AS ?n) WHERE {{ {_doubling(28)} }}",
        f"SELECT ?s ?v14 WHERE {{ ?s ?p ?o {_doubling(14)} }}",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?b ?q ?c . ?c ?r ?d }",
        None,
    ]


def disguised(n: int) -> str:
    return (f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a {RDFS_LABEL} ?l . ?b {RDFS_LABEL} ?m . "
            f'FILTER(?l != "never {n}") }}')


def light_queries() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]


@dataclass
class Tally:
    """What the clients saw: (status, seconds) of each light request, statuses of the heavy ones."""

    light: list[tuple[int, float]] = field(default_factory=list)
    heavy: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_built(out: Path) -> Path:
    if (out / "miggraph.nt").is_file():
        return out
    from miggraph.build import build_to

    target = Path(tempfile.mkdtemp(prefix="miggraph-bench-")) / "out"
    print(f"building into {target} ...", flush=True)
    build_to(target, root=ROOT)
    return target


def start_server(out: Path, port: int, extra: list[str], log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "miggraph.cli", "serve", "--out", str(out), "--port", str(port), *extra]
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"miggraph serve exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("miggraph serve did not start")


def client(url: str, address: str, queries: list[str | None], heavy: bool, until: float, requests: int,
           tally: Tally, offset: int) -> None:
    """One user: its own connection from its own loopback address, one request after the other."""
    counter = itertools.count(offset * 100_000)
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(transport=transport, timeout=60) as c:
        for i in range(requests):
            if time.monotonic() >= until:
                return
            sparql = queries[(offset + i) % len(queries)] or disguised(next(counter))
            t0 = time.monotonic()
            try:
                status = c.post(f"{url}/sparql", data={"query": sparql}, headers={"Accept": JSON}).status_code
            except httpx.HTTPError as exc:
                status = 0
                print(f"{address}: {type(exc).__name__}", file=sys.stderr)
            seconds = time.monotonic() - t0
            with tally.lock:
                if heavy:
                    tally.heavy[str(status)] += 1
                else:
                    tally.light.append((status, seconds))


def run_clients(url: str, clients: int, heavy: int, seconds: float, requests: int) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    light, hard = light_queries(), heavy_queries()
    threads = [threading.Thread(target=client, args=(url, f"127.0.0.{2 + k}", hard if k < heavy else light,
                                                     k < heavy, until, requests, tally, k), daemon=True)
               for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    return tally


def workers_back(url: str, wait: float = 60.0) -> tuple[str, bool]:
    """The health line once every worker is ready again (or after wait seconds), and whether they all are."""
    deadline = time.monotonic() + wait
    text = ""
    while time.monotonic() < deadline:
        text = httpx.get(f"{url}/health", timeout=5).text.strip()
        found = re.search(r"(\d+) of (\d+) query workers ready", text)
        if found and found.group(1) == found.group(2):
            return text, True
        time.sleep(0.5)
    return text, False


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(tally: Tally, health: str, back: bool, args: argparse.Namespace, extra: list[str]) -> dict:
    times = [s for _, s in tally.light]
    ok = sum(1 for status, _ in tally.light if status == 200)
    replaced = re.search(r"(\d+) replaced", health)
    return {
        "clients": args.clients, "heavy_clients": args.heavy, "seconds": args.seconds, "serve_options": extra,
        "light_requests": len(tally.light), "light_ok_share": round(ok / max(1, len(tally.light)), 4),
        "light_statuses": dict(Counter(str(s) for s, _ in tally.light)),
        "light_p50_s": round(statistics.median(times), 3) if times else None,
        "light_p95_s": round(percentile(times, 0.95), 3), "light_max_s": round(max(times, default=0.0), 3),
        "heavy_requests": sum(tally.heavy.values()), "heavy_statuses": dict(tally.heavy),
        "workers_replaced": int(replaced.group(1)) if replaced else None, "no_worker_lost": back, "health": health,
        "cores": os.cpu_count(), "load_average_before": args.load_before, "python": platform.python_version(),
    }


def save(label: str, entry: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    data[label] = entry
    RESULTS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--heavy", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--requests", type=int, default=400, help="at most this many requests per client")
    parser.add_argument("--label", default="default")
    args, extra = parser.parse_known_args()
    extra = [a for a in extra if a != "--"]
    out = ensure_built(args.out)
    args.load_before = round(os.getloadavg()[0], 2)  # other work on the machine takes CPU from the workers too
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="serve-load-", suffix=".log")[1])
    proc = start_server(out, port, extra, log)
    url = f"http://127.0.0.1:{port}"
    try:
        tally = run_clients(url, args.clients, args.heavy, args.seconds, args.requests)
        health, back = workers_back(url)
    finally:
        proc.terminate()
        proc.wait(30)
    entry = summary(tally, health, back, args, extra)
    save(args.label, entry)
    print(json.dumps(entry, indent=2))
    target = entry["light_ok_share"] >= 0.95 and entry["light_p95_s"] <= 2.0 and back
    print(f"target (>= 95 % light 200, p95 <= 2 s, no worker lost): {'met' if target else 'NOT met'}; log: {log}")


if __name__ == "__main__":
    main()
