"""Time the whole `miggraph build` of synthetic projects, stage by stage, with peak memory, beside the pyoxigraph floor.

    .venv/bin/python benchmarks/run.py                                   # x100 and today's real project
    .venv/bin/python benchmarks/run.py --scales 1000 --no-real --merge   # x1000: about a million triples
    .venv/bin/python benchmarks/run.py --scales 10000 --no-real --merge  # x10000, if it fits (see --memory-limit)
    .venv/bin/python benchmarks/run.py --scales 1000 --browser --merge   # also open views in headless Chromium

A scale is a number of units of `synthetic.py`: one unit is one synthetic document as the build reads it (its
record in `data/documents.yaml`, a facts file of 14 entities and about 40 facts each citing the sentence that
states it, and a corpus text of 10 paragraphs), about 990 triples once built. `synthetic.write_project` writes
the project (the real ontology and shapes, linked); `today` is the real project. Each scale runs in its own
Python process, which builds the project as `miggraph build --root P --out O` does, timing each stage:

- load: the YAML records into the graph (`miggraph.load.load`: records, passages, the support check);
- vocabulary: the region hierarchy and the theme structure;
- extract: text extraction (units, mentions) over the corpus;
- validate: SHACL validation (`build.check_graph`), with the one conversion of the graph to pyoxigraph terms that
  validation and every dump read;
  with `--jobs 2`, as `miggraph build --jobs 2`, validation runs in lane 1's process before that lane's files,
  beside lane 0's (`build.validation_beside`): there is no validate stage, and it is timed as "validate beside",
  inside render's wall time;
- declare outputs: `build.output_writers`, the map of every file the build writes;
- render: every file, rendered and written as `export.write_atomically` does (into a fresh folder, then swapped
  in; with `--jobs 2` in two lanes, as `miggraph build --jobs 2`), its wall time; each file is also timed, in the
  lane that rendered it, by the kind of file: the dumps (Turtle, N-Triples, JSON-LD, TriG, N-Quads), CSV + VoID,
  the analytics, the views, the ego view, entity pages (HTML, JSON-LD, Turtle), kind pages, search, the rest.
  Work shared by several files is paid by the first file of its lane that needs it, in sorted order: the entity
  graph and its measures fall to `analytics.csv`, the site's indexes to the first kind page;
- swap: the fresh folder renamed into place.

Peak memory: a thread samples the resident set every 20 ms (while lane processes run, the proportional set
sizes of the build and its lanes, every 0.5 s, so that pages they share count once), so each stage has the
highest seen while it ran (the graph it holds included), the files' stages that of the whole rendering, and the
run the maximum. The whole build's wall time is that of the stages one after the other; its CPU time adds every
file's, in whichever lane. After the build, in forked
children: the pyoxigraph floor (parsing the build's N-Triples, serialising the same triples to Turtle,
N-Triples and JSON-LD), a store bulk-load and the competency questions of `queries/*.rq` (median of 5 runs).
With `--browser`, the ego views of a few entities (the one with most neighbours, the largest one still laid out
live, a median one) and the overview are opened from the built out/ in headless Chromium until they settle.
`--memory-limit` (GB, default 12): a build whose resident set passes it is stopped (and reported as such) rather
than pushing the machine into swap or the OOM killer.

Results: `results/bench.json` (every stage, every scale) and `results/bench.md` (the tables).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

BUILD_STAGES = ["load", "vocabulary", "extract", "validate", "declare outputs", "render"]
FILE_STAGES = [
    "validate beside",
    "miggraph.ttl", "miggraph.nt", "miggraph.jsonld", "miggraph.trig", "miggraph.nq", "csv + void", "analytics",
    "views", "ego view", "entity pages html", "entity pages jsonld", "entity pages ttl", "kind pages", "home page",
    "search", "validation report", "ontology docs", "other files", "swap",
]
EXPORTS = ["miggraph.ttl", "miggraph.nt", "miggraph.jsonld", "miggraph.trig", "miggraph.nq"]
AFTER = ["floor parse nt", "floor ttl", "floor nt", "floor jsonld", "store load", "queries"]
SUMS = ["whole build", "load + exports"]
# the floor of a stage: the pyoxigraph operation doing the same work on the same triples
FLOOR = {"load": "floor parse nt", "miggraph.ttl": "floor ttl", "miggraph.nt": "floor nt",
         "miggraph.jsonld": "floor jsonld", "miggraph.trig": "floor ttl", "miggraph.nq": "floor nt"}
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def file_stage(path: str) -> str:
    """The stage a file of out/ is timed under."""
    if path in EXPORTS:
        return path
    if path == importlib.import_module("miggraph.build").VALIDATING:  # with --jobs 2, in lane 1 before its files
        return "validate beside"
    parts = path.split("/")
    if path.startswith("csv/") or path == "void.ttl":
        return "csv + void"
    if path.startswith(("analytics.", "miggraph.graphml", "miggraph.gexf")):
        return "analytics"
    if path in ("viz/ego.html", "viz/ego-network.js") or path.startswith("viz/ego/"):
        return "ego view"
    if path.startswith("viz/") or path == "assets/vis-network.min.js":
        return "views"
    if parts[0] == "id" and len(parts) == 3:
        if parts[2] == "index.html":
            return "kind pages"
        return "entity pages " + parts[2].rsplit(".", 1)[-1]
    if path == "index.html":
        return "home page"
    if parts[0] == "search":
        return "search"
    if path == "validation-report.ttl":
        return "validation report"
    if parts[0] == "ontology" or path == "ontology.ttl":
        return "ontology docs"
    return "other files"


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE_SIZE / 2**20


def _children() -> list[str]:
    found = []
    for task in Path("/proc/self/task").iterdir():
        try:
            found += (task / "children").read_text().split()
        except OSError:
            pass
    return found


def _pss_mb(pid: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


_PSS_EVERY = 0.5  # s: reading the proportional set size walks the page tables, too slow for every 20 ms
_last_pss = [0.0, 0.0]  # when, what


def _memory_mb() -> float:
    """The memory of the build: its resident set; while lane processes run, the proportional set sizes of this
    process and of them (pages they share counted once in all), read every _PSS_EVERY seconds."""
    children = _children()
    if not children:
        return _rss_mb()
    now = time.monotonic()
    if now - _last_pss[0] >= _PSS_EVERY:
        _last_pss[:] = [now, _pss_mb("self") + sum(_pss_mb(pid) for pid in children)]
    return _last_pss[1]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Meter:
    """Wall and CPU seconds, files and the highest resident set, per stage; a thread samples the resident set."""

    def __init__(self, limit_mb: float = float("inf")) -> None:
        self.limit_mb = limit_mb
        self.stages: dict[str, dict] = {}
        self.current: str | None = None
        self._mark = (time.perf_counter(), _cpu_s())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            rss = _memory_mb()
            self._note(rss)
            if rss > self.limit_mb:  # stop before the machine swaps or the OOM killer picks a process
                print(f"memory limit: {rss / 1024:.1f} GB resident during {self.current}", file=sys.stderr, flush=True)
                os._exit(3)

    def _note(self, rss: float) -> None:
        if self.current is not None:
            stage = self.stages[self.current]
            stage["peak_mb"] = max(stage["peak_mb"], rss)

    def enter(self, name: str | None) -> None:
        """End the current stage (adding to it, if it ran before) and start the next."""
        now, cpu = time.perf_counter(), _cpu_s()
        if self.current is not None:
            stage = self.stages[self.current]
            stage["seconds"] += now - self._mark[0]
            stage["cpu_s"] += cpu - self._mark[1]
        self._mark = (now, cpu)
        self.current = name
        if name is not None:
            self.stages.setdefault(name, {"seconds": 0.0, "cpu_s": 0.0, "peak_mb": 0.0, "files": 0})
            self._note(_rss_mb())

    def file(self, path: str, wall: float, cpu: float) -> None:
        """render_fresh's `timed`: a file's wall and CPU seconds, in whichever lane rendered it, added to its stage;
        its stage's peak is the highest memory seen while the files were rendered."""
        stage = self.stages.setdefault(file_stage(path), {"seconds": 0.0, "cpu_s": 0.0, "peak_mb": 0.0, "files": 0})
        stage["seconds"] += wall
        stage["cpu_s"] += cpu
        stage["files"] += 1
        stage["peak_mb"] = max(stage["peak_mb"], self.stages["render"]["peak_mb"])

    def stop(self) -> None:
        self.enter(None)
        self._stop.set()


def build_in_stages(root: Path, out: Path, meter: Meter, jobs: int = 1) -> dict:
    """What `miggraph build --root root --out out` does, stage by stage."""
    from miggraph.config import Settings

    build = importlib.import_module("miggraph.build")  # the package's `build` is the library function

    settings = Settings.default(root)
    from miggraph.gcpause import cyclic_gc_paused

    with cyclic_gc_paused():  # as `miggraph build`
        return _stages(build, settings, out, meter, jobs)


def _stages(build, settings, out: Path, meter: Meter, jobs: int) -> dict:  # type: ignore[no-untyped-def]
    from miggraph import export, extract, ontodocs, regions, themes, validate
    from miggraph.load import load

    meter.enter("load")
    graph = load(settings).graph
    meter.enter("vocabulary")
    regions.add_hierarchy(graph, settings)
    themes.add_structure(graph, settings)
    meter.enter("extract")
    extract.add_to_graph(graph, settings)
    prepared = export.lazy_prepared(graph)  # as `miggraph build`: converted once, for validation and the dumps
    beside = None
    if build.validates_beside(graph, jobs):  # as build.validate_and_write: in lane 1's process, beside lane 0's files
        beside, report = build.validation_beside(graph, settings, prepared)
    else:
        meter.enter("validate")
        found = build.validated(graph, settings, prepared)
        report = lambda: found  # noqa: E731
    meter.enter("declare outputs")
    writers = build.output_writers(graph, settings, prepared)
    writers[validate.REPORT_FILE] = lambda: validate.results_turtle(report())
    meter.enter("render")
    if jobs > 1:
        ontodocs.render(settings.ontology_path)  # as build.write_outputs: before the lanes fork
    tmp, written = export.render_fresh(out, writers, None, build.render_lane if jobs > 1 else None, meter.file, beside)
    meter.enter("swap")
    export.swap_in(tmp, out)
    meter.enter(None)
    return {"triples": len(graph), "files": len(written), "conforms": report().conforms}


class StageTimeout(Exception):
    pass


def run_forked(fn: Callable[[], dict], timeout: float) -> dict:
    """Run fn in a forked child; return its result with seconds, CPU seconds and the child's peak memory."""
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


def after_build(out: Path, scale: str, timeout: float) -> dict[str, dict]:
    """The floor, store load and queries, each in a forked child, on the build's N-Triples."""
    import pyoxigraph as ox

    nt_path = out / "miggraph.nt"

    def floor_parse() -> dict:
        return {"parsed": len(list(ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)))}

    def floor_serialise(fmt: ox.RdfFormat) -> Callable[[], dict]:
        def run() -> dict:
            triples = list(ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES))
            t0, cpu0 = time.perf_counter(), _cpu_s()
            prefixes = {"mig": "https://w3id.org/miggraph/ontology#"} if fmt == ox.RdfFormat.TURTLE else None
            data = ox.serialize(triples, format=fmt, prefixes=prefixes) or b""
            return {"bytes": len(data), "seconds": time.perf_counter() - t0, "cpu_s": _cpu_s() - cpu0}
        return run

    def store_load() -> dict:
        store = ox.Store()
        store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
        return {"triples_in_store": len(store)}

    def queries() -> dict:
        store = ox.Store()
        store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
        real = ROOT / "out" / "miggraph.nt"
        if scale != "today" and real.exists():  # each question then has its real answer among the synthetic data
            store.bulk_load(path=str(real), format=ox.RdfFormat.N_TRIPLES)
        per_query = {}
        for path in sorted((ROOT / "queries").glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            times, rows = [], 0
            for _ in range(5):
                t0 = time.perf_counter()
                rows = len(list(store.query(text)))
                times.append(time.perf_counter() - t0)
            per_query[path.stem] = {"median_ms": statistics.median(times) * 1000, "rows": rows}
        slowest = max(per_query.items(), key=lambda kv: kv[1]["median_ms"])
        return {"per_query": per_query, "slowest": slowest[0], "slowest_ms": slowest[1]["median_ms"]}

    work = {"floor parse nt": floor_parse, "floor ttl": floor_serialise(ox.RdfFormat.TURTLE),
            "floor nt": floor_serialise(ox.RdfFormat.N_TRIPLES), "floor jsonld": floor_serialise(ox.RdfFormat.JSON_LD),
            "store load": store_load, "queries": queries}
    results = {}
    for name, fn in work.items():
        results[name] = run_forked(fn, timeout)
        shown = results[name].get("error") or f"{results[name]['seconds']:.2f} s"
        print(f"  {scale}: {name:20} {shown}", file=sys.stderr, flush=True)
    return results


def sums(stages: dict[str, dict]) -> None:
    """The whole build (every build stage and file) and load + exports, with their floor."""
    # wall: the stages one after the other (the files' rendering as one, lanes in parallel); CPU: every file's
    # CPU in whichever lane rendered it, with the stages before
    walled = [s for s in [*BUILD_STAGES, "swap"] if s in stages]
    files = [s for s in FILE_STAGES if s in stages]
    stages["whole build"] = {
        "seconds": sum(stages[s]["seconds"] for s in walled),
        "cpu_s": sum(stages[s]["cpu_s"] for s in walled if s != "render") + sum(stages[s]["cpu_s"] for s in files),
        "peak_mb": max(stages[s]["peak_mb"] for s in walled + files)}
    part = [s for s in ["load", *EXPORTS] if s in stages]
    floors = [FLOOR[s] for s in part if "cpu_s" in stages.get(FLOOR[s], {})]
    stages["load + exports"] = {key: sum(stages[s][key] for s in part) for key in ("seconds", "cpu_s")} | {
        "peak_mb": max(stages[s]["peak_mb"] for s in part), "floor_cpu_s": sum(stages[f]["cpu_s"] for f in floors)}
    for name, stage in stages.items():
        floor = stage.get("floor_cpu_s") or stages.get(FLOOR.get(name, ""), {}).get("cpu_s")
        if stage.get("cpu_s") and floor:
            stage["floor_ratio"] = stage["cpu_s"] / floor


def sizes(out: Path) -> dict[str, dict[str, int]]:
    """Files and bytes of out/ by stage."""
    found: dict[str, dict[str, int]] = {}
    for p in out.rglob("*"):
        if p.is_file():
            entry = found.setdefault(file_stage(str(p.relative_to(out))), {"files": 0, "bytes": 0})
            entry["files"] += 1
            entry["bytes"] += p.stat().st_size
    return found


def yaml_bound(units: int) -> int | None:
    """documents.yaml holds one record per document, about 21 YAML nodes each: above about 4,700 documents it passes
    the loader's bound on the nodes of one YAML document (100,000), which MIGGRAPH_YAML_MAX_NODES raises. Set it
    when needed (and say so in the results), as a project of that many documents would have to."""
    needed = 25 * units + 1000
    if needed <= 100_000:
        return None
    os.environ["MIGGRAPH_YAML_MAX_NODES"] = str(needed)
    return needed


def one_scale(scale: str, timeout: float, browser: bool, keep: Path | None, limit_gb: float = 12, jobs: int = 1) -> dict:
    """Generate the project of a scale (or take the real one), build it in stages, then the floor and queries."""
    import synthetic

    work = Path(tempfile.mkdtemp(prefix="miggraph-bench-"))
    started = time.perf_counter()
    root = ROOT if scale == "today" else synthetic.write_project(int(scale), work / "project")
    yaml_nodes = yaml_bound(int(scale)) if scale != "today" else None
    generated = time.perf_counter() - started
    print(f"  {scale}: project ready in {generated:.1f} s", file=sys.stderr, flush=True)
    out = (keep or work) / "out"
    meter = Meter(limit_gb * 1024)
    try:
        info = build_in_stages(root, out, meter, jobs)
    finally:
        meter.stop()
    stages = meter.stages
    for name in BUILD_STAGES + FILE_STAGES:
        if name in stages:
            st = stages[name]
            print(f"  {scale}: {name:20} {st['seconds']:7.2f} s  {st['cpu_s']:7.2f} cpu  {st['peak_mb']:6.0f} MB",
                  file=sys.stderr, flush=True)
    gc.collect()
    stages.update(after_build(out, scale, timeout))
    sums(stages)
    result = {"scale": scale, "triples": info["triples"], "files": info["files"], "conforms": info["conforms"],
              "yaml_max_nodes": yaml_nodes,
              "load_average": os.getloadavg(), "code": str(Path(importlib.import_module("miggraph").__file__).parent),
              "generate_s": generated, "peak_mb": _peak_mb(), "stages": stages, "sizes": sizes(out)}
    if browser:
        import viz_bench

        result["browser"] = viz_bench.open_built_views(out, timeout)
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        shutil.rmtree(work / "project", ignore_errors=True)
    return result


def _secs(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.1f} s" if s < 600 else f"{s / 60:.1f} min"


def _scale_name(r: dict) -> str:
    return "today" if r["scale"] == "today" else f"x{r['scale']}"


def summary(results: list[dict]) -> str:
    """One table: a row per stage, a column per scale; wall seconds (CPU seconds, ratio to the floor), and peaks."""
    lines = ["| stage | " + " | ".join(_scale_name(r) for r in results) + " |", "|---|" + "---:|" * len(results),
             "| triples | " + " | ".join(f"{r['triples']:,}" for r in results) + " |",
             "| files written | " + " | ".join(f"{r['files']:,}" for r in results) + " |"]
    for name in BUILD_STAGES + FILE_STAGES + SUMS + AFTER:
        cells = []
        for r in results:
            st = r["stages"].get(name)
            if not st:
                cells.append("")
            elif "error" in st:
                cells.append("stopped" if "stopped" in st["error"] else "failed: " + st["error"].split(":")[0])
            elif name == "queries":
                cells.append(f"slowest {st['slowest_ms']:.0f} ms")
            else:
                text = f"{_secs(st['seconds'])} ({_secs(st['cpu_s'])} cpu" + (
                    f", x{st['floor_ratio']:.1f} floor)" if "floor_ratio" in st else ")")
                if name in SUMS or name in BUILD_STAGES:
                    text += f", {st['peak_mb'] / 1024:.2f} GB"
                cells.append(text)
        label = f"**{name}**" if name in SUMS else name
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("| peak memory of the build | " + " | ".join(f"{r['stages']['whole build']['peak_mb'] / 1024:.2f} GB"
                                                           for r in results) + " |")
    return "\n".join(lines) + "\n"


def browser_table(results: list[dict]) -> str:
    rows = [(r, v) for r in results for v in r.get("browser", [])]
    if not rows:
        return ""
    lines = ["| scale | view | nodes | edges | layout | opens and settles in |", "|---|---|---:|---:|---|---:|"]
    for r, v in rows:
        lines.append(f"| {_scale_name(r)} | {v['what']} | {v['nodes']:,} | {v['edges']:,} | {v['layout']} | {v['open_s']:.2f} s |")
    return "\n".join(lines) + "\n"


def failed(scale: str, code: int, log: list[str], seconds: float) -> dict:
    """A scale whose process did not finish: what happened, from its exit status and the last lines it printed."""
    return {"scale": scale, "failed": True, "exit": code, "seconds": seconds, "log": [ln for ln in log if ln.strip()][-6:]}


def run_teed(cmd: list[str]) -> tuple[int, str, list[str]]:
    """Run a scale's process, passing its progress (stderr) through as it comes; its exit status, output and log."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    log: list[str] = []

    def tee() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            sys.stderr.write(line)
            log.append(line.rstrip("\n"))

    thread = threading.Thread(target=tee, daemon=True)
    thread.start()
    assert proc.stdout is not None
    stdout = proc.stdout.read()
    proc.wait()
    thread.join()
    return proc.returncode, stdout, log


def _commit() -> str:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, check=False)
    return proc.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="100", help="numbers of synthetic units, comma separated")
    parser.add_argument("--no-real", action="store_true", help="leave out today's real project")
    parser.add_argument("--browser", action="store_true", help="open ego views and the overview in headless Chromium")
    parser.add_argument("--stage-timeout", type=float, default=900, help="seconds after which a floor or query stage stops")
    parser.add_argument("--memory-limit", type=float, default=12, help="GB resident a scale's build may reach")
    parser.add_argument("--keep", help="keep each scale's out/ under this folder (out-<scale>)")
    parser.add_argument("--out", default=str(HERE / "results"), help="folder for bench.json and bench.md")
    parser.add_argument("--name", default="bench", help="name of the results files (bench: bench.json, bench.md)")
    parser.add_argument("--merge", action="store_true", help="keep the other scales already in bench.json")
    parser.add_argument("--jobs", type=int, default=None, choices=(1, 2),
                        help="processes, as `miggraph build --jobs` (default as it: 2 on two cores or more, else 1)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.jobs is None:
        from miggraph.lanes import default_jobs
        args.jobs = default_jobs()
    if args.one:  # a child process: one scale, printed as JSON on the last line
        keep = Path(args.keep) / f"out-{args.one}" if args.keep else None
        print(json.dumps(one_scale(args.one, args.stage_timeout, args.browser, keep, args.memory_limit, args.jobs)))
        return
    scales = [s for s in args.scales.split(",") if s] + ([] if args.no_real else ["today"])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    previous: dict[str, dict] = {}
    if args.merge and (out / f"{args.name}.json").exists():
        previous = {r["scale"]: r for r in json.loads((out / f"{args.name}.json").read_text())["results"]}
    for scale in scales:
        print(f"scale {scale}", flush=True)
        cmd = [sys.executable, __file__, "--one", scale, "--stage-timeout", str(args.stage_timeout),
               "--memory-limit", str(args.memory_limit), "--jobs", str(args.jobs), *(["--browser"] if args.browser else []),
               *(["--keep", args.keep] if args.keep else [])]
        started = time.perf_counter()
        code, stdout, log = run_teed(cmd)
        lines = stdout.strip().splitlines()
        if code != 0 or not lines:
            previous[scale] = failed(scale, code, log, time.perf_counter() - started)
            print(f"scale {scale} failed (exit {code})", flush=True)
            continue
        previous[scale] = json.loads(lines[-1])

    def order(scale: str) -> tuple[int, float]:
        return (1, 0.0) if scale == "today" else (0, float(scale))

    results = [previous[s] for s in sorted(previous, key=order)]
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(), "jobs": args.jobs,
            "commit": _commit(),
            "unit_triples": "about 990 (one synthetic document as the build reads it; today's project is about x50)"}
    (out / f"{args.name}.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1, sort_keys=True) + "\n")
    done = [r for r in results if not r.get("failed")]
    notes = "".join(f"\n- {_scale_name(r)}: did not finish (exit {r['exit']} after {_secs(r['seconds'])}): "
                    f"{' / '.join(r['log'][-2:])}" for r in results if r.get("failed"))
    table = summary(done) if done else ""
    (out / f"{args.name}.md").write_text(
        "# miggraph benchmark: the whole build\n\nScales are numbers of synthetic units (`benchmarks/synthetic.py`, "
        "one synthetic document each, about 990 triples once built); `today` is the real project. Wall time (CPU "
        "time, and the ratio to the pyoxigraph floor doing the same work), and the highest resident set of the "
        "build stages:\n\n" + table + ("\nViews opened in headless Chromium:\n\n" + browser_table(done) if browser_table(done) else "")
        + (f"\nScales that did not finish:{notes}\n" if notes else ""))
    print(table + notes)


if __name__ == "__main__":
    main()
