"""Time every stage of miggraph on synthetic graphs of growing size, beside the pyoxigraph floor.

    .venv/bin/python benchmarks/run.py                         # x1, x10, x100 and today's real graph (~5 min)
    .venv/bin/python benchmarks/run.py --scales 1000 --no-real # x1000: about a million triples (~30 min)
    .venv/bin/python benchmarks/run.py --scales 1,10 --browser # also open the overview in headless Chromium

A scale is a number of units of `synthetic.py` (one unit: one synthetic document and what the build makes of it,
about 970 triples in the proportions of today's graph; today's graph is about x50). Each scale runs in its own
Python process: it generates the graph (the "load" stage: rdflib, as the build holds it), then runs every other
stage in a forked child of that process, so each stage starts from the same state and its peak memory is its own
(the child's maximum resident set, which includes the graph it inherited). Stages:

- load: generate the graph into rdflib (for `today`: `miggraph.build.make_graph`, the real load + extraction);
- prepare: convert the rdflib graph once into sorted pyoxigraph triples (`export.Prepared`), which every
  serialisation below writes from, as the build does;
- group by document: the facts of each source document, for the named graphs of TriG and N-Quads
  (`formats.document_graphs`, once for both, as the build does);
- validate: `miggraph.validate.validate_graph` (pySHACL core constraints, SPARQL constraints in pyoxigraph);
- export Turtle / N-Triples / JSON-LD / TriG / N-Quads / CSV + VoID: the build's serialisers;
- store load: bulk-loading the N-Triples into a pyoxigraph store;
- queries: every competency question of `queries/*.rq` on that store (which also holds today's real graph, so each
  question has its real answer among the synthetic data), median of 5 runs each;
- analytics: the entity graph and its measures (betweenness, PageRank, Louvain) as `miggraph analyze` computes them;
- overview: the overview view (entity graph, layout, page), as the build writes `out/viz/overview.html`;
  with `--browser`, also the time to open it in headless Chromium until it has settled;
- floor: pyoxigraph alone parsing the same N-Triples, and serialising the same triples to Turtle, N-Triples and
  JSON-LD.

Results: `results/bench.json` (every stage, every scale) and `results/bench.md` (the table). A stage that runs
longer than `--stage-timeout` seconds is stopped and reported as such.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

STAGES = [
    "load", "prepare", "group by document", "validate",
    "export ttl", "export nt", "export jsonld", "export trig", "export nq", "export csv+void",
    "build: load + exports", "store load", "queries", "analytics", "overview", "floor parse nt", "floor ttl", "floor nt", "floor jsonld",
]
# the floor of a stage: the pyoxigraph operation doing the same work on the same triples
FLOOR = {"load": "floor parse nt", "export ttl": "floor ttl", "export nt": "floor nt", "export jsonld": "floor jsonld",
         "export trig": "floor ttl", "export nq": "floor nt"}


class StageTimeout(Exception):
    pass


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_forked(fn: Callable[[], dict], timeout: float) -> dict:
    """Run fn in a forked child; return its result with seconds and the child's peak memory."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        gc.freeze()  # what the child inherited is not the stage's: its collections would walk (and copy) all of it
        result: dict
        try:
            def alarm(*_: object) -> None:
                raise StageTimeout()
            signal.signal(signal.SIGALRM, alarm)
            signal.alarm(int(timeout))
            started = time.perf_counter()
            result = fn()
            result.setdefault("seconds", time.perf_counter() - started)  # a stage may time only its own part
            result.setdefault("cpu_s", _cpu_s())  # a forked child's usage starts at zero
            signal.alarm(0)
        except StageTimeout:
            result = {"error": f"stopped after {timeout:.0f} s"}
        except BaseException as e:  # noqa: BLE001 (reported, not hidden)
            result = {"error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()[-2000:]}
        result["peak_mb"] = _peak_mb()
        with os.fdopen(write, "w") as f:
            json.dump(result, f)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return {"error": f"the stage died (status {status})"}
    return json.loads(data)


def one_scale(scale: str, timeout: float, browser: bool, only: set[str] | None = None) -> dict:
    """Every stage at one scale (a number of units, or 'today'), in this process and forked children."""
    import importlib

    import pyoxigraph as ox
    import synthetic
    from pyshacl.consts import SH

    from miggraph import analyze, export, formats, validate
    from miggraph.config import Settings
    from miggraph.viz import html, load_vocabulary, to_networkx, views

    build = importlib.import_module("miggraph.build")
    settings = Settings.default(ROOT)
    stages: dict[str, dict] = {}
    started, cpu = time.perf_counter(), _cpu_s()
    if scale == "today":
        graph = build.make_graph(settings)
    else:
        graph = synthetic.graph(int(scale))
    stages["load"] = {"seconds": time.perf_counter() - started, "cpu_s": _cpu_s() - cpu, "peak_mb": _peak_mb()}
    n = len(graph)
    started, cpu = time.perf_counter(), _cpu_s()
    prepared = export.Prepared.of(graph)
    stages["prepare"] = {"seconds": time.perf_counter() - started, "cpu_s": _cpu_s() - cpu, "peak_mb": _peak_mb()}
    started, cpu = time.perf_counter(), _cpu_s()
    documents = formats.document_graphs(graph, settings, prepared)
    stages["group by document"] = {"seconds": time.perf_counter() - started, "cpu_s": _cpu_s() - cpu,
                                   "peak_mb": _peak_mb()}
    tmp = Path(tempfile.mkdtemp(prefix="miggraph-bench-"))
    nt_path = tmp / "graph.nt"
    nt_path.write_text(export.to_ntriples(graph, prepared), encoding="utf-8")
    print(f"  {scale}: {n:,} triples, loaded in {stages['load']['seconds']:.1f} s", file=sys.stderr, flush=True)

    def sized(fn: Callable[[], str | bytes]) -> Callable[[], dict]:
        def run() -> dict:
            out = fn()
            return {"bytes": len(out.encode("utf-8") if isinstance(out, str) else out)}
        return run

    def do_validate() -> dict:
        report = validate.validate_graph(graph, settings)
        return {"conforms": report.conforms, "violations": report.count(SH.Violation), "warnings": report.count(SH.Warning)}

    def csv_void() -> dict:
        tables = formats.tables(graph, settings)
        size = sum(len(formats.to_csv(t)) for t in tables)
        void = export.to_turtle(formats.void_graph(graph, settings, None, [f"csv/{t.name}.csv" for t in tables]))
        return {"bytes": size + len(void)}

    def store_load() -> dict:
        store = ox.Store()
        store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
        return {"triples_in_store": len(store)}

    def queries() -> dict:
        store = ox.Store()
        store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
        real = ROOT / "out" / "miggraph.nt"
        if scale != "today" and real.exists():
            store.bulk_load(path=str(real), format=ox.RdfFormat.N_TRIPLES)
        per_query = {}
        for path in sorted((ROOT / "queries").glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            times, rows = [], 0
            for _ in range(5):
                t0 = time.perf_counter()
                rows = len(list(store.query(text)))
                times.append(time.perf_counter() - t0)
            per_query[path.stem] = {"median_ms": statistics.median(times) * 1000, "max_ms": max(times) * 1000, "rows": rows}
        slowest = max(per_query.items(), key=lambda kv: kv[1]["median_ms"])
        return {"per_query": per_query, "slowest": slowest[0], "slowest_ms": slowest[1]["median_ms"]}

    def analytics() -> dict:
        g = to_networkx(graph, settings.instance_base, load_vocabulary(settings.ontology_path))
        rows = analyze.metrics(g)
        return {"nodes": len(rows), "edges": g.number_of_edges()}

    def overview() -> dict:
        t0, cpu0 = time.perf_counter(), _cpu_s()
        g = to_networkx(graph, settings.instance_base, load_vocabulary(settings.ontology_path))
        view = views.overview(g)
        page = html.render(view, root="../")
        path = tmp / "overview.html"
        path.write_text(page, encoding="utf-8")
        result: dict = {"nodes": len(view.nodes), "edges": len(view.edges), "bytes": len(page.encode("utf-8")),
                        "seconds": time.perf_counter() - t0, "cpu_s": _cpu_s() - cpu0}
        if browser:
            import shutil

            from playwright.sync_api import sync_playwright
            from viz_bench import ARGS, open_in_browser

            chromium = shutil.which("chromium")
            with sync_playwright() as pw:
                b = pw.chromium.launch(executable_path=chromium, args=ARGS)
                result["open_s"], _ = open_in_browser(b, path, timeout)
                b.close()
        return result

    def floor_parse() -> dict:
        return {"parsed": len(list(ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)))}

    def floor_serialise(fmt: ox.RdfFormat) -> Callable[[], dict]:
        def run() -> dict:
            triples = list(ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES))
            t0, cpu0 = time.perf_counter(), _cpu_s()
            out = ox.serialize(triples, format=fmt, prefixes={"mig": "https://w3id.org/miggraph/ontology#"}
                               if fmt == ox.RdfFormat.TURTLE else None) or b""
            return {"bytes": len(out), "seconds": time.perf_counter() - t0, "cpu_s": _cpu_s() - cpu0}
        return run

    work: dict[str, Callable[[], dict]] = {
        "validate": do_validate,
        "export ttl": sized(lambda: export.to_turtle(graph, prepared)),
        "export nt": sized(lambda: export.to_ntriples(graph, prepared)),
        "export jsonld": sized(lambda: export.to_jsonld(graph, export.jsonld_context(graph), prepared)),
        "export trig": sized(lambda: formats.to_trig(graph, settings, prepared, documents)),
        "export nq": sized(lambda: formats.to_nquads(graph, settings, prepared, documents)),
        "export csv+void": csv_void,
        "store load": store_load,
        "queries": queries,
        "analytics": analytics,
        "overview": overview,
        "floor parse nt": floor_parse,
        "floor ttl": floor_serialise(ox.RdfFormat.TURTLE),
        "floor nt": floor_serialise(ox.RdfFormat.N_TRIPLES),
        "floor jsonld": floor_serialise(ox.RdfFormat.JSON_LD),
    }
    for name, fn in work.items():
        if only and name not in only:
            continue
        result = run_forked(fn, timeout)
        stages[name] = result
        shown = result.get("error") or f"{result['seconds']:.2f} s"
        print(f"  {scale}: {name:16} {shown}  {result['peak_mb']:.0f} MB", file=sys.stderr, flush=True)
    nt_path.unlink()
    (tmp / "overview.html").unlink(missing_ok=True)
    tmp.rmdir()
    build_stages = ["load", "prepare", "group by document", "export ttl", "export nt", "export jsonld", "export trig", "export nq"]
    if all("seconds" in stages[s] for s in build_stages):
        stages["build: load + exports"] = {
            key: sum(stages[s][key] for s in build_stages) for key in ("seconds", "cpu_s")
        } | {"peak_mb": max(stages[s]["peak_mb"] for s in build_stages),
             "floor_cpu_s": sum(stages[FLOOR[s]]["cpu_s"] for s in build_stages if s in FLOOR)}
    for name, stage in stages.items():
        if stage.get("cpu_s"):  # CPU time: steadier than wall time on a shared machine
            stage["triples_per_cpu_s"] = n / stage["cpu_s"]
        floor = stage.get("floor_cpu_s") or stages.get(FLOOR.get(name, ""), {}).get("cpu_s")
        if stage.get("cpu_s") and floor:
            stage["floor_ratio"] = stage["cpu_s"] / floor
    return {"scale": scale, "triples": n, "stages": stages}


def _secs(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.1f} s"


def cell(name: str, st: dict) -> str:
    """seconds (CPU seconds), thousands of triples per CPU second, ratio to the floor, peak memory."""
    if "error" in st:
        return ("stopped: " if "stopped" in st["error"] else "failed: ") + st["error"].split(":")[0][:40]
    if name == "queries" and "slowest_ms" in st:
        text = f"slowest {st['slowest_ms']:.1f} ms ({st['slowest'].split('-')[0]})"
    else:
        text = f"{_secs(st['seconds'])} ({_secs(st['cpu_s'])} cpu)"
        if "triples_per_cpu_s" in st and not name.startswith("floor"):
            text += f", {st['triples_per_cpu_s'] / 1000:.0f}k/s"
    if "floor_ratio" in st:
        text += f", x{st['floor_ratio']:.0f} floor"
    if name == "overview" and "nodes" in st:
        text += f", {st['nodes']:,} nodes" + (f", opens in {st['open_s']:.1f} s" if "open_s" in st else "")
    if name == "validate" and "conforms" in st:
        text += "" if st["conforms"] else f", {st['violations']} violations"
    return text + f", {st['peak_mb']:,.0f} MB"


def markdown(results: list[dict]) -> str:
    """One table: a row per stage, a column per scale."""
    head = "| stage | " + " | ".join(f"{r['scale']} ({r['triples']:,} triples)" for r in results) + " |"
    lines = [head, "|---|" + "---|" * len(results)]
    for name in STAGES:
        cells = [cell(name, r["stages"][name]) if name in r["stages"] else "" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def summary(results: list[dict]) -> str:
    """The short table of the README: CPU seconds (ratio to the floor) per stage and scale, and peak memory.

    CPU time, because wall time on a shared machine counts the other jobs too; the stages are single-threaded
    Python, so on a quiet machine wall time is about the same."""
    head = "| stage | " + " | ".join(f"x{r['scale']}" if r["scale"] != "today" else "today" for r in results) + " |"
    lines = [head, "|---|" + "---:|" * len(results),
             "| triples | " + " | ".join(f"{r['triples']:,}" for r in results) + " |"]
    for name in STAGES:
        cells = []
        for r in results:
            st = r["stages"].get(name, {})
            if not st:
                text = ""
            elif "error" in st:
                text = "stopped" if "stopped" in st["error"] else "failed"
            elif name == "queries":
                text = f"{st['slowest_ms']:.0f} ms"
            else:
                text = _secs(st["cpu_s"]) + (f" (x{st['floor_ratio']:.0f})" if "floor_ratio" in st else "")
                if name == "overview" and "open_s" in st:
                    text += f", opens {st['open_s']:.1f} s"
            cells.append(text)
        label = "queries (slowest, median of 5)" if name == "queries" else name
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    peak = [f"{max(st.get('peak_mb', 0) for st in r['stages'].values()) / 1024:.2f} GB" for r in results]
    lines.append("| peak memory (any stage) | " + " | ".join(peak) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100", help="numbers of synthetic units, comma separated")
    parser.add_argument("--no-real", action="store_true", help="leave out today's real graph")
    parser.add_argument("--browser", action="store_true", help="open the overview in headless Chromium")
    parser.add_argument("--stages", default="", help="run only these stages (comma separated) besides load")
    parser.add_argument("--stage-timeout", type=float, default=900, help="seconds after which a stage is stopped")
    parser.add_argument("--out", default=str(HERE / "results"), help="folder for bench.json and bench.md")
    parser.add_argument("--merge", action="store_true", help="keep the other scales already in bench.json")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a child process: one scale, printed as JSON on the last line
        result = one_scale(args.one, args.stage_timeout, args.browser, {s for s in args.stages.split(",") if s})
        print(json.dumps(result))
        return
    scales = [s for s in args.scales.split(",") if s] + ([] if args.no_real else ["today"])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    previous = {}
    if args.merge and (out / "bench.json").exists():
        previous = {r["scale"]: r for r in json.loads((out / "bench.json").read_text())["results"]}
    for scale in scales:
        print(f"scale {scale}", flush=True)
        cmd = [sys.executable, __file__, "--one", scale, "--stage-timeout", str(args.stage_timeout), "--stages", args.stages]
        if args.browser:
            cmd.append("--browser")
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False)
        lines = proc.stdout.strip().splitlines()
        if proc.returncode != 0 or not lines:
            print(f"scale {scale} failed (exit {proc.returncode})", flush=True)
            continue
        result = json.loads(lines[-1])
        if scale in previous and args.stages:  # a partial run updates those stages only
            previous[scale]["stages"].update((k, v) for k, v in result["stages"].items() if k != "load")
        else:
            previous[scale] = result

    def order(scale: str) -> tuple[int, float]:
        return (1, 0.0) if scale == "today" else (0, float(scale))

    results = [previous[s] for s in sorted(previous, key=order)]
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "unit_triples": "about 970 (one synthetic document; today's graph is about x50)"}
    (out / "bench.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1, sort_keys=True) + "\n")
    table = markdown(results)
    (out / "bench.md").write_text(
        "# miggraph benchmark\n\nScales are numbers of synthetic units (`benchmarks/synthetic.py`, about 970 triples "
        "each); `today` is the real graph. CPU seconds of each stage, and in brackets its ratio to the pyoxigraph floor "
        "doing the same work; queries: wall time of the slowest competency question (median of 5 runs):\n\n"
        + summary(results) + "\nEach stage in full: wall time (CPU time), thousands of triples per CPU second, "
        "ratio to the floor, peak memory of the stage's process.\n\n" + table)
    print(summary(results))


if __name__ == "__main__":
    main()
