"""Queries never reach the network: the workers' seccomp filter refuses the connection wherever SERVICE hides.

A recording server on 127.0.0.1 is the target of every query here; it must see no request at all.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import httpx
import pytest
from _http import Recorder
from test_serve import sparql, start_server

from miggraph.serve import guard


@pytest.fixture(scope="module")
def server(built):
    """The served build (the one test_serve.py queries: started once per session)."""
    return start_server(built)


@pytest.fixture(scope="module")
def recorder():
    r = Recorder()
    yield r
    r.close()


def escaped_queries(url: str) -> list[str]:
    """SERVICE written every way a SPARQL parser accepts it."""
    target = f"<{url}/sparql>"
    return [
        f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
        f"PREFIX iom: <http://x/> SELECT * WHERE {{ ?s ?p ?o . # \\UFFFFFFFF\n iom:.SERVICE {target} {{ ?s ?p ?o }} }}",
        f"PREFIX iom: <http://x/> SELECT * WHERE {{ ?s ?p ?o . iom:.SERVICE {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVIC\\u0045 {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053\\u0045\\u0052\\u0056\\u0049\\u0043\\u0045 {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{url}/\\u0073parql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ #\"\n SERVICE#'\n{target}{{?s ?p ?o}} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE {target} {{ ?s ?q ?x }} }} }} LIMIT 1",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE SILENT {target} {{ ?s ?q ?x }} }} }} LIMIT 1",
        f"SELECT * WHERE {{ BIND({target} AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ {target} }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"ASK {{ OPTIONAL {{ SERVICE {target} {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}",
    ]


def test_every_escaped_service_is_refused_and_reaches_nothing(server, recorder):
    for query in escaped_queries(recorder.url):
        r = sparql(server, query, "application/sparql-results+json")
        assert r.status_code == 400, (query, r.status_code, r.text)
        r = httpx.post(f"{server}/sparql", data={"query": query}, timeout=30)
        assert r.status_code == 400, (query, r.status_code, r.text)
    assert recorder.hits == []


def test_the_worker_cannot_connect_even_when_the_guard_lets_a_service_through(recorder):
    """The guard is a courtesy: a worker's engine, given SERVICE directly, is stopped by the kernel."""
    code = textwrap.dedent(f"""
        import socket, pyoxigraph as ox
        from miggraph.serve import sandbox
        sandbox.deny_network()
        assert sandbox.network_denied()
        a, b = socket.socketpair()          # the worker's pipe to the server still works
        a.send(b"ok"); assert b.recv(2) == b"ok"
        try:
            list(ox.Store().query("SELECT * WHERE {{ SERVICE <{recorder.url}/direct> {{ ?s ?p ?o }} }}"))
        except PermissionError:
            print("refused")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused"
    assert recorder.hits == []


def test_the_sandbox_is_what_stops_it(recorder):
    """Without the filter the same engine does connect: the test above can fail."""
    code = f"""
import pyoxigraph as ox
try:
    list(ox.Store().query("SELECT * WHERE {{ SERVICE <{recorder.url}/unsandboxed> {{ ?s ?p ?o }} }}"))
except Exception:
    pass
"""
    subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert "/unsandboxed" in recorder.hits
    recorder.hits.clear()


def test_guard_reads_escapes_and_prefixed_names_as_the_parser_does():
    assert guard.uses_service(guard.unescape("SELECT * { SERVIC\\u0045 <http://x/> { ?s ?p ?o } }"))
    assert guard.uses_service("PREFIX a: <http://x/> SELECT * { ?s ?p ?o . a:.SERVICE <http://x/> { ?s ?p ?o } }")
    assert guard.keywords("SELECT ?s { ?s ex:a.b ?o . ex:c. }") == ["SELECT"]
    assert guard.check("SELECT * { ?s ?p ?o } # \\UFFFFFFFF").status == 400
