"""Publishing to a real triple store: an Oxigraph server on 127.0.0.1, loaded by the Graph Store Protocol and queried remotely."""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import require
from test_serve import free_port, start_server

from miggraph import query as q
from miggraph.cli import main
from miggraph.publish import RemoteError, publish, publish_document_graphs, run_remote

QUERIES = sorted((Path(__file__).resolve().parents[1] / "queries").glob("*.rq"))


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory):
    """A real Oxigraph server (the `oxigraph` package of the test extras) on a free port of 127.0.0.1; its base URL."""
    binary = oxigraph_binary()
    require(binary is not None, "the Oxigraph server (pip package 'oxigraph')")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"oxigraph serve did not start: {proc.stderr.read().decode() if proc.stderr else ''}") from None
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def published(oxigraph: str, built: Path) -> str:
    done = publish(built, f"{oxigraph}/store")
    assert done.status_code in (200, 201, 204)
    assert done.file.name == "miggraph.nt"
    graphs = publish_document_graphs(built, f"{oxigraph}/store")
    assert graphs and all(g.status_code in (200, 201, 204) for g in graphs)
    return oxigraph


def count(endpoint: str, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    result = run_remote(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    assert isinstance(result, tuple)
    return int(result[1][0][0] or 0)


def test_the_store_holds_every_triple(published, built):
    lines = [line for line in (built / "miggraph.nt").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert count(f"{published}/query") == len(lines)


def test_the_store_holds_the_named_graph_of_each_document(published, built):
    local: dict[str, set[str]] = {}
    for quad in ox.parse(path=str(built / "miggraph.nq"), format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.NamedNode):
            local.setdefault(quad.graph_name.value, set()).add(str(quad.triple))
    assert len(local) == 5  # the five documents of the corpus
    result = run_remote(f"{published}/query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(result, tuple)
    remote = {g: int(n or 0) for g, n in result[1] if g and g.startswith("https://w3id.org/miggraph/id/graph/")}
    assert remote == {g: len(ts) for g, ts in local.items()}
    assert count(f"{published}/query") == len((built / "miggraph.nt").read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_competency_questions_give_the_same_answers_in_the_store(published, built, path):
    text = path.read_text(encoding="utf-8")
    local = q.run(q.open_store(built / "miggraph.nt"), text)
    remote = run_remote(f"{published}/query", text)
    assert isinstance(local, tuple) and isinstance(remote, tuple)
    assert remote[0] == local[0]
    assert local[1], f"{path.name} has no answer locally"
    assert sorted(remote[1], key=str) == sorted(local[1], key=str)


def test_cli_query_endpoint_prints_what_the_local_query_prints(published, built):
    runner = CliRunner()
    path = str(QUERIES[0])
    for fmt in ("csv", "json", "table"):
        here = runner.invoke(main, ["query", path, "--graph", str(built / "miggraph.nt"), "--format", fmt])
        there = runner.invoke(main, ["query", path, "--endpoint", f"{published}/query", "--format", fmt])
        assert here.exit_code == there.exit_code == 0, there.output
        assert there.output == here.output
    ask = runner.invoke(main, ["query", "ASK { ?s ?p ?o }", "--endpoint", f"{published}/query"])
    assert ask.output.strip() == "true"
    construct = runner.invoke(main, ["query", "CONSTRUCT WHERE { ?s a ?t } LIMIT 3", "--endpoint", f"{published}/query"])
    assert len(construct.output.splitlines()) == 3 and all(line.endswith(" .") for line in construct.output.splitlines())


def test_named_graph_replace_and_append(oxigraph, built):
    graph = "https://example.org/graphs/miggraph"
    result = CliRunner().invoke(main, ["publish", "--endpoint", f"{oxigraph}/store", "--graph", graph, "--out", str(built)])
    assert result.exit_code == 0, result.output
    n = count(f"{oxigraph}/query", graph)
    assert n > 20_000
    again = CliRunner().invoke(main, ["publish", "--endpoint", f"{oxigraph}/store", "--graph", graph, "--append", "--out", str(built)])
    assert again.exit_code == 0, again.output
    assert count(f"{oxigraph}/query", graph) == n  # the same triples again: a set does not grow


def test_a_refused_upload_reports_status_and_body(oxigraph, built):
    with pytest.raises(RemoteError) as info:
        publish(built, f"{oxigraph}/no-such-service")
    assert info.value.status_code == 404
    assert "HTTP 404" in str(info.value) and "not supported" in str(info.value)
    result = CliRunner().invoke(main, ["publish", "--endpoint", f"{oxigraph}/no-such-service", "--out", str(built)])
    assert result.exit_code != 0 and "HTTP 404" in result.output


def test_remote_query_on_our_own_endpoint(built):
    server = start_server(built)
    text = QUERIES[0].read_text(encoding="utf-8")
    assert run_remote(f"{server}/sparql", text) == q.run(q.open_store(built / "miggraph.nt"), text)
    with pytest.raises(RemoteError) as info:
        run_remote(f"{server}/sparql", "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    assert info.value.status_code == 403


class _AuthStore(BaseHTTPRequestHandler):
    """A Graph Store endpoint that wants HTTP basic authentication and keeps what it is sent."""

    received: list[tuple[str, str, bytes]] = []

    def _handle(self) -> None:
        expected = "Basic " + base64.b64encode(b"curator:s3cret").decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.end_headers()
            self.wfile.write(b"credentials required")
            return
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _AuthStore.received.append((self.command, self.path, body))
        self.send_response(201)
        self.end_headers()

    do_PUT = do_POST = _handle

    def log_message(self, *args: object) -> None:
        pass


def test_credentials_are_sent(built):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _AuthStore)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/data"
    try:
        with pytest.raises(RemoteError) as info:
            publish(built, url)
        assert info.value.status_code == 401 and "credentials required" in str(info.value)
        done = publish(built, url, "https://example.org/g", user="curator", password="s3cret", replace=False)
        assert done.status_code == 201
        method, path, body = _AuthStore.received[-1]
        assert method == "POST" and path == "/data?graph=https%3A%2F%2Fexample.org%2Fg"
        assert body == (built / "miggraph.nt").read_bytes()
    finally:
        httpd.shutdown()
