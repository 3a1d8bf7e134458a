"""Queries run in worker processes, each with its own pyoxigraph store loaded from the build.

pyoxigraph cannot interrupt a running query, so a query that outlives the time limit is stopped by
killing its worker; a fresh worker takes its place while the other workers go on serving.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import anyio.to_thread
import pyoxigraph as ox

from ..query import open_store
from . import guard, results, sandbox
from .conneg import BY_KEY, GRAPH, RESULTS

log = logging.getLogger("miggraph.serve")

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV = "http://www.w3.org/ns/prov#"
TRUNCATED_HEADER = "Result-Truncated"
LIMIT_HEADER = "Result-Limit"
NO_NETWORK = "SERVICE is not allowed: this endpoint does not call other endpoints (its query workers have no network access)"


@dataclass(frozen=True)
class Reply:
    """An HTTP answer made in a worker: status, media type, body and extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"), headers or {})


@dataclass(frozen=True)
class QueryJob:
    """A SPARQL query with the formats negotiated for each kind of answer (None: the client accepts none)."""

    sparql: str
    results_format: str | None
    graph_format: str | None


@dataclass(frozen=True)
class DescribeJob:
    """The description of one entity: its triples, incoming links, the statements about it and their passages."""

    iri: str
    format: str
    instance_base: str


def _not_acceptable(kind: str) -> Reply:
    offered = RESULTS if kind == "results" else GRAPH
    return Reply.text(406, "none of the accepted media types is available for this query; available: "
                      + ", ".join(f.media_type for f in offered))


def _media(fmt: str) -> str:
    media = BY_KEY[fmt].media_type
    return media + "; charset=utf-8" if media.startswith("text/") else media


def run_query(store: ox.Store, job: QueryJob, max_rows: int) -> Reply:
    """Check, run and serialise one query, cutting the result after max_rows rows or triples."""
    refusal = guard.check(job.sparql)
    if refusal is not None:
        return Reply.text(refusal.status, refusal.message)
    try:
        result = store.query(job.sparql)
    except SyntaxError as exc:
        return Reply.text(400, f"SPARQL syntax error: {exc}")
    except PermissionError:
        return Reply.text(400, NO_NETWORK)
    try:
        if isinstance(result, ox.QueryBoolean):
            if job.results_format is None:
                return _not_acceptable("results")
            return Reply(200, _media(job.results_format), results.boolean(bool(result), job.results_format))
        if isinstance(result, ox.QuerySolutions):
            if job.results_format is None:
                return _not_acceptable("results")
            variables = [v.value for v in result.variables]
            rows = [[sol[v] for v in variables] for sol in itertools.islice(result, max_rows + 1)]
            headers = _cut(rows, max_rows)
            return Reply(200, _media(job.results_format), results.solutions(variables, rows, job.results_format), headers)
        if job.graph_format is None:
            return _not_acceptable("graph")
        found = list(itertools.islice(result, max_rows + 1))
        headers = _cut(found, max_rows)
        return Reply(200, _media(job.graph_format), results.triples(found, job.graph_format), headers)
    except PermissionError:  # the engine tried to open a connection (SERVICE) and the sandbox refused it
        return Reply.text(400, NO_NETWORK)
    except (OSError, ValueError, RuntimeError) as exc:
        return Reply.text(400, f"query failed: {exc}")


def _cut(items: list, max_rows: int) -> dict[str, str]:
    if len(items) <= max_rows:
        return {}
    del items[max_rows:]
    return {TRUNCATED_HEADER: "true", LIMIT_HEADER: str(max_rows)}


def description(store: ox.Store, iri: str) -> list[ox.Triple]:
    """The entity's own triples, the triples pointing at it, the reified statements about it and their passages,
    and the passages that introduce it."""
    node = str(ox.NamedNode(iri))
    sparql = f"""
    PREFIX rdf: <{RDF}>
    PREFIX prov: <{PROV}>
    CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} . ?st ?sp ?so . ?pa ?pp ?po . }}
    WHERE {{
      {{ {node} ?p ?o }}
      UNION {{ ?s ?q {node} }}
      UNION {{ ?st rdf:subject {node} ; ?sp ?so }}
      UNION {{ ?st rdf:subject {node} ; prov:wasDerivedFrom ?pa . ?pa ?pp ?po }}
      UNION {{ {node} prov:wasDerivedFrom ?pa . ?pa ?pp ?po }}
    }}"""
    return list(store.query(sparql))  # type: ignore[arg-type]


def run_describe(store: ox.Store, job: DescribeJob) -> Reply:
    """An entity's description in the negotiated format; 404 if the store says nothing about it."""
    subject = ox.NamedNode(job.iri)
    if next(iter(store.quads_for_pattern(subject, None, None)), None) is None:
        return Reply.text(404, f"no entity {job.iri} in this graph")
    found = description(store, job.iri)
    if job.format == "html":
        from .pages import render_entity

        return Reply(200, "text/html; charset=utf-8", render_entity(job.iri, found, job.instance_base).encode("utf-8"))
    return Reply(200, _media(job.format), results.triples(found, job.format))


def execute(store: ox.Store, job: QueryJob | DescribeJob, max_rows: int) -> Reply:
    if isinstance(job, QueryJob):
        return run_query(store, job, max_rows)
    return run_describe(store, job)


def load_store(nt_path: Path) -> ox.Store:
    """The build's graph with the ontology beside it (class hierarchy, labels of terms)."""
    return open_store(nt_path)


def worker_main(conn: Connection, nt_path: str, max_rows: int) -> None:
    """A worker process: cut itself off from the network, load the store, say so, then answer jobs one at a time
    until the pipe closes."""
    try:
        sandbox.deny_network()
    except sandbox.SandboxError as exc:
        conn.send(("failed", str(exc)))
        return
    try:
        store = load_store(Path(nt_path))
    except Exception as exc:  # report any load failure to the parent, which shows it
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", len(store)))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, job, max_rows)
        except Exception:  # a bug must not take the worker down with it
            log.exception("query failed")
            reply = Reply.text(500, "internal error while answering this request")
        conn.send(reply)


class WorkerError(RuntimeError):
    """A worker could not start (the build in out/ could not be loaded)."""


@dataclass(eq=False)
class Worker:
    process: BaseProcess
    conn: Connection

    def wait_ready(self, timeout: float) -> int:
        """Block until the worker has loaded its store; its triple count."""
        if not self.conn.poll(timeout):
            self.kill()
            raise WorkerError(f"a query worker did not load the graph within {timeout:.0f}s")
        try:
            message = self.conn.recv()
        except EOFError as exc:
            self.kill()
            raise WorkerError("a query worker died while loading the graph") from exc
        if message[0] != "ready":
            self.kill()
            raise WorkerError(f"a query worker could not load the graph: {message[1]}")
        return int(message[1])

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of worker processes; a query that outlives the time limit costs its worker, which is replaced."""

    def __init__(self, nt_path: Path, *, size: int = 2, timeout: float = 10.0, max_rows: int = 10_000,
                 load_timeout: float = 300.0, queue_wait: float | None = None):
        if size < 1:
            raise ValueError("at least one worker is needed")
        self.nt_path = nt_path
        self.size = size
        self.timeout = timeout
        self.queue_wait = timeout if queue_wait is None else queue_wait  # how long a query waits for an idle worker
        self.max_rows = max_rows
        self.load_timeout = load_timeout
        self.triples = 0
        self.ready = 0  # workers that have loaded the graph and are not retired
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[Worker] | None = None
        self._all: set[Worker] = set()
        self._tasks: set[asyncio.Task] = set()

    @property
    def idle(self) -> int:
        """Workers waiting for a query now."""
        return 0 if self._idle is None else self._idle.qsize()

    def _spawn(self) -> Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=worker_main, args=(child, str(self.nt_path), self.max_rows), daemon=True,
                                    name="miggraph-query-worker")
        process.start()
        child.close()
        worker = Worker(process, parent)
        self._all.add(worker)
        return worker

    def start(self) -> None:
        """Start every worker and wait until each has loaded the graph (raises WorkerError if one cannot)."""
        self._idle = asyncio.Queue()
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for w in workers:
                self.triples = w.wait_ready(self.load_timeout)
        except WorkerError:
            self.close()
            raise
        for w in workers:
            self._idle.put_nowait(w)
        self.ready = len(workers)

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for w in list(self._all):
            w.kill()
        self._all.clear()

    def _retire(self, worker: Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        self.ready -= 1
        task = asyncio.get_running_loop().create_task(self._replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self) -> None:
        worker = self._spawn()
        try:
            await anyio.to_thread.run_sync(worker.wait_ready, self.load_timeout)
        except WorkerError as exc:
            self._all.discard(worker)
            log.error("%s", exc)
            return
        assert self._idle is not None
        self.ready += 1
        self._idle.put_nowait(worker)

    async def submit(self, job: QueryJob | DescribeJob) -> Reply:
        """Run a job on an idle worker within the time limit; 503 if it takes longer or no worker frees up within queue_wait."""
        if self._idle is None:
            raise RuntimeError("the worker pool is not started")
        try:
            async with asyncio.timeout(self.queue_wait):  # unlike wait_for, never loses a worker taken as time runs out
                worker = await self._idle.get()
        except TimeoutError:
            return Reply.text(503, f"every query worker is busy (longer than {self.queue_wait:g} s); try again later",
                              {"Retry-After": "5"})
        done = False
        try:
            worker.conn.send(job)
            if await anyio.to_thread.run_sync(worker.conn.poll, self.timeout):
                reply = worker.conn.recv()
                done = True
                return reply
            return Reply.text(503, f"query stopped: it ran longer than the time limit of {self.timeout:g} s",
                              {"Retry-After": "5"})
        except (EOFError, OSError) as exc:
            log.error("a query worker died: %s", exc)
            return Reply.text(500, "the query worker died while running this query")
        finally:
            if done:
                self._idle.put_nowait(worker)
            else:  # timed out, died or the request was cancelled: this worker may still be busy
                self._retire(worker)
