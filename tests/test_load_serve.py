"""`miggraph serve` under load on loopback: 20 concurrent clients, bounded in count and time, every answer checked
against the same build queried locally; the server's memory does not grow between rounds; an expensive query is
stopped by the time limit while the others are served; SERVICE is refused and never fetched; nothing the server
does leaves 127.0.0.1, and no remote JSON-LD context is fetched by the loaders of the served paths."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil
import pytest
from _http import Recorder
from test_serve import EXPENSIVE, TIMEOUT, _servers, free_port, start_server

from miggraph import query as q
from miggraph.validate import RdfInputError, read_rdf

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 20
REQUESTS = 400  # per round
ROUND_SECONDS = 60
MEMORY_GROWTH = 64 * 2**20  # bytes the server (with its workers) may grow by between two equal rounds
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    r = Recorder()
    yield r
    r.close()


@pytest.fixture(scope="module")
def served(built: Path) -> tuple[str, psutil.Process]:
    url = start_server(built)
    return url, psutil.Process(_servers[built][0].pid)


def rows_of(payload: dict) -> list[tuple]:
    variables = payload["head"]["vars"]
    return sorted(tuple((b.get(v) or {}).get("value") for v in variables) for b in payload["results"]["bindings"])


@pytest.fixture(scope="module")
def workload(built: Path, recorder: Recorder) -> list[tuple[str, object]]:
    """(query, expected) pairs: every competency query small enough not to be cut, ASKs, and a SERVICE query."""
    store = q.open_store(built / "miggraph.nt")
    jobs: list[tuple[str, object]] = []
    for path in sorted((ROOT / "queries").glob("*.rq")):
        sparql = path.read_text(encoding="utf-8")
        result = q.run(store, sparql)
        if isinstance(result, tuple) and len(result[1]) < 500:
            variables, rows = result
            jobs.append((sparql, sorted(tuple(r) for r in rows)))
    assert len(jobs) >= 8
    jobs.append(("ASK { ?s a <https://w3id.org/miggraph/ontology#Resolution> }", True))
    jobs.append(("ASK { ?s a <https://w3id.org/miggraph/ontology#NoSuchClass> }", False))
    jobs.append((f"SELECT * WHERE {{ SERVICE <{recorder.url}/sparql> {{ ?s ?p ?o }} }}", "refused"))
    return jobs


def ask(client: httpx.Client, url: str, sparql: str, expected: object) -> str | None:
    """One request; None when the answer is right, else what was wrong."""
    r = client.get(f"{url}/sparql", params={"query": sparql}, headers={"Accept": JSON})
    if expected == "refused":
        return None if r.status_code == 400 and "SERVICE is not allowed" in r.text else f"{r.status_code} {r.text[:200]}"
    if r.status_code != 200:
        return f"{r.status_code} {r.text[:200]}"
    payload = r.json()
    got = payload["boolean"] if isinstance(expected, bool) else rows_of(payload)
    return None if got == expected else f"wrong answer to {sparql[:80]!r}"


def run_round(url: str, workload: list[tuple[str, object]], count: int = REQUESTS) -> tuple[list[str], float]:
    """`count` requests from CLIENTS threads (each with its own connection); the errors and the seconds it took."""
    errors: list[str] = []
    per_client = count // CLIENTS

    def client(k: int) -> None:
        with httpx.Client(timeout=30) as c:
            for i in range(per_client):
                sparql, expected = workload[(k + i) % len(workload)]
                try:
                    wrong = ask(c, url, sparql, expected)
                except httpx.HTTPError as exc:
                    wrong = f"{type(exc).__name__}: {exc}"
                if wrong:
                    errors.append(wrong)

    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client, range(CLIENTS)))
    return errors, time.monotonic() - started


def rss(process: psutil.Process) -> int:
    """Resident memory of the server and its worker processes."""
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def remote_connections(process: psutil.Process) -> list[str]:
    """Every internet connection of the server or its workers with an end that is not 127.0.0.1."""
    found = []
    for p in [process, *process.children(recursive=True)]:
        try:
            conns = p.net_connections(kind="inet")
        except psutil.NoSuchProcess:
            continue
        for c in conns:
            for end in (c.laddr, c.raddr):
                if end and end.ip not in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
                    found.append(f"pid {p.pid}: {c}")
    return found


def wait_workers_ready(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = httpx.get(f"{url}/health", timeout=5).text
        if "2 of 2 query workers ready" in text:
            return
        time.sleep(0.2)
    raise AssertionError(f"workers not ready: {text}")


def test_twenty_clients_get_right_answers_and_memory_does_not_grow(served, workload, recorder):
    url, process = served
    wait_workers_ready(url)
    run_round(url, workload, 100)  # warm-up: workers fill their caches
    errors, seconds = run_round(url, workload)
    assert errors == [] and seconds < ROUND_SECONDS, (errors[:5], seconds)
    first = rss(process)
    assert remote_connections(process) == []
    errors, seconds = run_round(url, workload)
    assert errors == [] and seconds < ROUND_SECONDS, (errors[:5], seconds)
    second = rss(process)
    print(f"\n{REQUESTS} requests from {CLIENTS} clients in {seconds:.1f}s ({REQUESTS / seconds:.0f}/s); "
          f"server RSS {first / 2**20:.0f} MiB, then {second / 2**20:.0f} MiB")
    assert second - first < MEMORY_GROWTH, (first, second)
    assert remote_connections(process) == []
    assert recorder.hits == []


def test_an_expensive_query_is_stopped_while_twenty_clients_keep_being_served(served, workload, recorder):
    url, process = served
    wait_workers_ready(url)
    slow: dict[str, object] = {}

    def run_slow() -> None:
        t0 = time.monotonic()
        slow["response"] = httpx.get(f"{url}/sparql", params={"query": EXPENSIVE}, timeout=60)
        slow["seconds"] = time.monotonic() - t0

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    errors, seconds = run_round(url, workload, 200)
    still_running = thread.is_alive()
    thread.join(60)
    assert errors == [], errors[:5]
    r = slow["response"]
    assert isinstance(r, httpx.Response) and r.status_code == 503 and "time limit" in r.text, r
    assert TIMEOUT <= slow["seconds"] < TIMEOUT + 10  # type: ignore[operator]
    assert still_running or seconds > TIMEOUT * 0.5, "the cheap queries were all answered before the slow one started"
    wait_workers_ready(url)  # the stopped worker is replaced
    errors, _ = run_round(url, workload, 100)
    assert errors == []
    assert remote_connections(process) == []
    assert recorder.hits == []


def test_served_build_with_a_remote_jsonld_context_fetches_nothing(built, tmp_path, recorder):
    """The server reads the build's context.jsonld for its base IRI: a remote context there is ignored, not fetched."""
    import uvicorn

    from miggraph.serve import ServeOptions, make_app

    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(built / "miggraph.nt", out / "miggraph.nt")
    (out / "context.jsonld").write_text(json.dumps({"@context": [f"{recorder.url}/context.jsonld",
                                                                 {"@import": f"{recorder.url}/import.jsonld"}]}))
    (out / "miggraph.jsonld").write_text(json.dumps({"@context": f"{recorder.url}/graph-context.jsonld", "@graph": []}))
    app = make_app(out, options=ServeOptions(timeout=5, max_rows=100, workers=1))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.started
        url = f"http://127.0.0.1:{server.config.port}"
        r = httpx.get(f"{url}/id/org/iom", headers={"Accept": "text/turtle"}, timeout=30)
        assert r.status_code == 200 and "International Organization for Migration" in r.text
        assert httpx.get(f"{url}/miggraph.jsonld", timeout=10).status_code == 200  # served as a file, not parsed
    finally:
        server.should_exit = True
        thread.join(30)
    assert recorder.hits == []


@pytest.mark.parametrize("doc", [
    '{"@context": [{"@import": "URL/import.jsonld"}], "@id": "http://e/a", "name": "x"}',
    '{"@context": {"name": "http://schema.org/name"}, "@id": "http://e/a", "http://e/p": {"@context": "URL/c", "name": "y"}}',
    '{"@context": {"@vocab": "http://e/", "p": {"@id": "http://e/p", "@context": "URL/scoped"}}, "@id": "http://e/a", "p": {"q": 1}}',
])
def test_validate_reads_jsonld_without_fetching_nested_or_scoped_contexts(tmp_path, recorder, doc):
    path = tmp_path / "user.jsonld"
    path.write_text(doc.replace("URL", recorder.url), encoding="utf-8")
    try:
        read_rdf([path])
    except RdfInputError as exc:
        assert "user.jsonld" in str(exc)
    assert recorder.hits == []
