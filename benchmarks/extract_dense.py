"""Mention finding on large texts: name-dense text and plain words, 1, 10 and 50 MB.

    .venv/bin/python benchmarks/extract_dense.py                       # 1, 10, 50 MB of each kind
    .venv/bin/python benchmarks/extract_dense.py --sizes 1,4 --kinds dense
    .venv/bin/python benchmarks/extract_dense.py --src /tmp/old/src --timeout 900   # another checkout's code

Each row runs in a fresh process: it loads the project's graph, makes the gazetteer and the describer as the
build does, writes a synthetic document of the given size, and times `extract.mentions.analyse` on it (the
split into units, names, descriptions, patterns: everything extraction does before writing triples):

- **dense**: the graph's own names (labels, alternative names, acronyms) drawn at random (fixed seed) and joined
  by spaces, commas, "and" and "the", with a year, a date or an ordinal now and then, wrapped at 80 columns in
  paragraphs of about 2,000 characters: nearly every word is part of a name;
- **plain**: words drawn at random from the corpus's own text, in the same layout;
- **one unit** (`--layout unit`): the same text without blank lines, one paragraph of the whole size.

It reports the time (wall clock, and CPU time of the process: the figure to read on a busy machine), the mentions
found and the peak resident memory of the process while extracting, less what was resident before (`peak MB`:
Linux's VmHWM, reset before extraction). Results go to `results/extract_dense.json` (one entry per row and code,
replaced when run again).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "extract_dense.json"
EXTRAS = ["in 2009", "the Forum", "14 September 2006", "the second meeting", "resolution 63/225", "and", "the", "its report",
          "temporary or circular migration", "the 2010 meeting", "A/63/265", "$15 million", "3 per cent"]
WORD = re.compile(r"[A-Za-z][a-z-]+")


def _names(graph: object) -> list[str]:
    from rdflib import RDFS, SKOS, Graph

    from miggraph.config import MIG

    assert isinstance(graph, Graph)
    return sorted({" ".join(str(o).split()) for p in (RDFS.label, SKOS.altLabel, MIG.acronym) for o in graph.objects(None, p)})


def make_text(kind: str, size: int, names: list[str], words: list[str], layout: str = "paragraphs", seed: int = 7) -> str:
    """A synthetic document of about `size` characters (see the module doc)."""
    rng = random.Random(seed)  # noqa: S311 (synthetic text, not secrets)
    parts: list[str] = []
    total = 0
    while total < size:
        if kind == "dense":
            r = rng.random()
            piece = rng.choice(EXTRAS) if r < 0.12 else rng.choice(names) + rng.choice([" ", ", ", " and ", " the "])
        else:
            piece = rng.choice(words) + " "
        parts.append(piece)
        total += len(piece)
    body = "".join(parts)[:size]
    lines = textwrap.wrap(body, 80, break_long_words=False, break_on_hyphens=False)
    if layout == "unit":
        return "\n".join(lines) + "\n"
    paragraphs = ["\n".join(lines[i:i + 25]) + "." for i in range(0, len(lines), 25)]  # a full stop ends each
    return "\n\n".join(paragraphs) + "\n"


def measure(kind: str, mb: float, layout: str, root: Path = ROOT) -> dict[str, object]:
    """One row, in this process: load, build the matchers, extract, and report."""
    from miggraph.build import load, regions, themes
    from miggraph.config import Settings
    from miggraph.extract import LOWER_WORD
    from miggraph.extract.descriptions import Describer
    from miggraph.extract.gazetteer import Gazetteer
    from miggraph.extract.mentions import analyse

    settings = Settings(root=root)
    graph = load(settings).graph
    regions.add_hierarchy(graph, settings)
    themes.add_structure(graph, settings)
    corpus = [p.read_text(encoding="utf-8") for p in sorted(settings.corpus_dir.glob("*.txt"))]
    common = {m.group(0) for t in corpus for m in LOWER_WORD.finditer(t)}
    gazetteer = Gazetteer.from_graph(graph, common)
    describer = Describer(graph, gazetteer)
    words = sorted({w for t in corpus for w in WORD.findall(t)})
    text = make_text(kind, int(mb * 1_000_000), _names(graph), words, layout)
    base = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    doc = analyse("bench.txt", text, gazetteer, describer)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"kind": kind, "mb": mb, "layout": layout, "chars": len(text), "units": len(doc.units), "mentions": len(doc.mentions),
            "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_mb": round(_peak_mb() - base), "base_mb": round(base),
            "python": sys.version.split()[0]}


def _rss_mb() -> float:
    """The resident memory of this process now, in MB; from here on the peak is counted anew (Linux)."""
    status = Path("/proc/self/status").read_text()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to what is resident now
    except OSError:
        pass
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


def _peak_mb() -> float:
    """The peak resident memory of this process since `_rss_mb` was called (or since it started), in MB."""
    status = Path("/proc/self/status").read_text()
    m = re.search(r"VmHWM:\s+(\d+)", status)
    return int(m.group(1)) / 1024 if m else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_row(kind: str, mb: float, layout: str, src: str | None, timeout: float, root: Path = ROOT) -> dict[str, object]:
    """One row in a fresh process (so that its peak memory is its own), `src` first on the path if given."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    cmd = [sys.executable, __file__, "--row", f"{kind}:{mb}:{layout}", "--root", str(root)]
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"kind": kind, "mb": mb, "layout": layout, "seconds": None, "timeout": timeout}
    except subprocess.CalledProcessError as e:
        return {"kind": kind, "mb": mb, "layout": layout, "seconds": None, "error": e.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def save(rows: list[dict[str, object]], code: str) -> None:
    """Put the rows into the results file, replacing those of the same kind, size, layout and code (under a lock:
    two runs may save at once)."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with open(Path(tempfile.gettempdir()) / "miggraph-extract-dense.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
        keys = {(r["kind"], r["mb"], r["layout"], code) for r in rows}
        kept = [r for r in old if (r["kind"], r["mb"], r["layout"], r.get("code", "this checkout")) not in keys]
        RESULTS.write_text(json.dumps(kept + [{**r, "code": code} for r in rows], indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,50", help="sizes in MB, comma-separated")
    ap.add_argument("--kinds", default="dense,plain")
    ap.add_argument("--layout", default="paragraphs", choices=["paragraphs", "unit"])
    ap.add_argument("--src", help="put this source folder first on the path (to time another checkout's code)")
    ap.add_argument("--label", help="what to call that code in the results (default: the --src path)")
    ap.add_argument("--root", type=Path, default=ROOT, help="project folder whose graph and corpus to use")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per row")
    ap.add_argument("--row", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.row:
        kind, mb, layout = args.row.split(":")
        print(json.dumps(measure(kind, float(mb), layout, args.root)))
        return
    rows = []
    print("| kind | MB | layout | units | mentions | seconds | CPU s | peak MB |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for kind in args.kinds.split(","):
        for mb in (float(x) for x in args.sizes.split(",")):
            row = run_row(kind, mb, args.layout, args.src, args.timeout, args.root)
            rows.append(row)
            save([row], args.label or args.src or "this checkout")  # each row as it comes
            secs = row["seconds"] if row["seconds"] is not None else f"> {args.timeout:.0f} (stopped)" if "timeout" in row else "error"
            cells = [kind, f"{mb:g}", args.layout, row.get("units", ""), row.get("mentions", ""), secs, row.get("cpu_seconds", ""),
                     row.get("peak_mb", "")]
            print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


if __name__ == "__main__":
    main()
