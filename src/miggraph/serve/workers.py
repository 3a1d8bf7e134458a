"""What a query worker process does: each has its own pyoxigraph store loaded from the build, answers one job at a
time, cuts results at the row and byte caps, and runs under an address-space limit (a query that needs more
memory is stopped). The pool that schedules the workers is in pool.py.
"""

from __future__ import annotations

import logging
import os
import resource
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from ..query import ONTOLOGY_FILE, open_store
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
    retire: bool = False  # the worker that made it must be replaced (it ran out of memory)

    @classmethod
    def text(cls, status: int, message: str, headers: dict[str, str] | None = None, retire: bool = False) -> Reply:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"), headers or {},
                   retire)


@dataclass(frozen=True)
class QueryJob:
    """A SPARQL query with the formats negotiated for each kind of answer (None: the client accepts none)."""

    sparql: str
    results_format: str | None
    graph_format: str | None
    default_graphs: tuple[str, ...] = ()  # the Protocol's default-graph-uri (§2.1.4): with named_graphs, the dataset
    named_graphs: tuple[str, ...] = ()

    @property
    def dataset(self) -> dict[str, list[ox.NamedNode]]:
        """The store.query arguments of the Protocol's dataset: none if the request gave none (the query's FROM and
        FROM NAMED hold, or the store's graphs); else exactly the graphs given (none of a kind not given)."""
        if not (self.default_graphs or self.named_graphs):
            return {}
        return {"default_graph": [ox.NamedNode(g) for g in self.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in self.named_graphs]}


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


@dataclass(frozen=True)
class WorkerLimits:
    """What a worker enforces itself: result caps (rows or triples, bytes), its address space (MB), its niceness."""

    max_rows: int = 10_000
    max_bytes: int = 10_000_000
    max_memory: int = 1024
    nice: int = 0


def memory_message(max_memory: int) -> str:
    return (f"query stopped: it needed more memory than the limit of {max_memory} MB per query worker (--max-memory); "
            "its worker was replaced")


def media_for(fmt: str) -> str:
    """The Content-Type of a format (a conneg key), with the charset of a text format."""
    media = BY_KEY[fmt].media_type
    return media + "; charset=utf-8" if media.startswith("text/") else media


def run_query(store: ox.Store, job: QueryJob, limits: WorkerLimits) -> Reply:
    """Check, run and serialise one query, cutting the result at the row and byte caps."""
    refusal = guard.check(job.sparql)
    if refusal is not None:
        return Reply.text(refusal.status, refusal.message)
    try:
        result = store.query(job.sparql, **job.dataset)  # type: ignore[arg-type]
    except ValueError as exc:  # a graph IRI pyoxigraph does not take
        return Reply.text(400, f"bad dataset: {exc}")
    except SyntaxError as exc:
        return Reply.text(400, f"SPARQL syntax error: {exc}")
    except PermissionError:
        return Reply.text(400, NO_NETWORK)
    try:
        return _answer(result, job, limits)
    except PermissionError:  # the engine tried to open a connection (SERVICE) and the sandbox refused it
        return Reply.text(400, NO_NETWORK)
    except (OSError, ValueError, RuntimeError) as exc:
        return Reply.text(400, f"query failed: {exc}")


def _answer(result: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples, job: QueryJob, limits: WorkerLimits) -> Reply:
    if isinstance(result, ox.QueryBoolean):
        if job.results_format is None:
            return _not_acceptable("results")
        return Reply(200, media_for(job.results_format), results.boolean(bool(result), job.results_format))
    if isinstance(result, ox.QuerySolutions):
        if job.results_format is None:
            return _not_acceptable("results")
        variables = [v.value for v in result.variables]
        rows = ([sol[v] for v in variables] for sol in result)
        body, cut = results.capped_solutions(variables, rows, job.results_format, limits.max_rows, limits.max_bytes)
        return Reply(200, media_for(job.results_format), body, _cut_headers(cut, limits))
    if job.graph_format is None:
        return _not_acceptable("graph")
    body, cut = results.capped_triples(result, job.graph_format, limits.max_rows, limits.max_bytes)
    return Reply(200, media_for(job.graph_format), body, _cut_headers(cut, limits))


def _cut_headers(cut: str | None, limits: WorkerLimits) -> dict[str, str]:
    """The truncation headers: Result-Limit is the row cap, or the byte cap followed by "bytes"."""
    if cut is None:
        return {}
    return {TRUNCATED_HEADER: "true", LIMIT_HEADER: str(limits.max_rows) if cut == "rows" else f"{limits.max_bytes} bytes"}


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


def run_describe(store: ox.Store, job: DescribeJob, limits: WorkerLimits) -> Reply:
    """An entity's description in the negotiated format; 404 if the store says nothing about it."""
    subject = ox.NamedNode(job.iri)
    if next(iter(store.quads_for_pattern(subject, None, None)), None) is None:
        return Reply.text(404, f"no entity {job.iri} in this graph")
    found = description(store, job.iri)
    if job.format == "html":
        from .pages import render_entity

        return Reply(200, "text/html; charset=utf-8", render_entity(job.iri, found, job.instance_base).encode("utf-8"))
    body, cut = results.capped_triples(found, job.format, None, limits.max_bytes)
    return Reply(200, media_for(job.format), body, _cut_headers(cut, limits))


def execute(store: ox.Store, job: QueryJob | DescribeJob, limits: WorkerLimits) -> Reply:
    if isinstance(job, QueryJob):
        return run_query(store, job, limits)
    return run_describe(store, job, limits)


def load_store(path: Path) -> ox.Store:
    """The build's dataset with the ontology beside it (class hierarchy, labels of terms): from N-Quads, the default
    graph and the named graph of each source document; from N-Triples, the default graph alone."""
    if path.suffix != ".nq":
        return open_store(path)
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    ontology = path.parent / ONTOLOGY_FILE
    if ontology.is_file():
        store.bulk_load(path=str(ontology), format=ox.RdfFormat.TURTLE)
    return store


def address_space() -> int:
    """Bytes of address space this process uses now."""
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def limit_memory(max_memory: int) -> None:
    """Cap this process's address space at max_memory MB (raises ValueError if the graph alone comes near it)."""
    limit = max_memory * 2**20
    needed = address_space() + 64 * 2**20
    if needed > limit:
        raise ValueError(f"the memory limit of {max_memory} MB per query worker (--max-memory) is too small: "
                         f"a worker holding this graph needs more than {needed // 2**20} MB")
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _prepare(nt_path: str, limits: WorkerLimits) -> ox.Store:
    """Cut this process off from the network, lower its priority, load the store and cap its memory."""
    sandbox.deny_network()
    if limits.nice:
        os.setpriority(os.PRIO_PROCESS, 0, max(limits.nice, os.getpriority(os.PRIO_PROCESS, 0)))
    store = load_store(Path(nt_path))
    limit_memory(limits.max_memory)
    return store


def _serve_jobs(conn: Connection, store: ox.Store, limits: WorkerLimits) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, job, limits)
        except MemoryError:
            reply = Reply.text(503, memory_message(limits.max_memory), {"Retry-After": "5"}, retire=True)
        except Exception:  # a bug must not take the worker down with it
            log.exception("query failed")
            reply = Reply.text(500, "internal error while answering this request")
        conn.send(reply)
        if reply.retire:
            return


def worker_main(conn: Connection, nt_path: str, limits: WorkerLimits) -> None:
    """A worker process: prepare itself, say so, then answer jobs one at a time until the pipe closes (or a job
    ran out of memory, after which the worker ends and is replaced)."""
    try:
        store = _prepare(nt_path, limits)
    except sandbox.SandboxError as exc:
        conn.send(("failed", str(exc)))
        return
    except Exception as exc:  # report any load failure to the parent, which shows it
        conn.send(("failed", str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", len(store)))
    _serve_jobs(conn, store, limits)
