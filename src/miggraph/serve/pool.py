"""The query worker pool: two lanes, so that light queries keep being answered while heavy ones run.

Some workers are kept for light queries (``light_workers``); the others take any query. A query is heavy
when its static cost estimate says so (cost.py) or when the same query (same tokens) was heavy before.
A light query runs on a kept worker if one is free, else on any free worker; a heavy query only on the
others, and one client address may have only ``heavy_per_client`` heavy queries waiting or running.
A light query that runs on a kept worker for longer than ``light_limit`` was misjudged: its worker is
stopped and replaced, the query is remembered as heavy and run again in the other lane.

pyoxigraph cannot interrupt a running query, so a query that outlives its time limit is stopped by killing
its worker; so is a worker that crashed or ran out of memory. A fresh worker takes its place.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import anyio.to_thread

from .cost import Estimate
from .options import ServeOptions
from .workers import DescribeJob, QueryJob, Reply, WorkerLimits, memory_message, worker_main

log = logging.getLogger("miggraph.serve")

KEPT, SHARED = "kept", "shared"  # lanes: workers kept for light queries, workers for any query
LIGHT, HEAVY = "light", "heavy"
SHARED_NICE = 5  # the shared workers run at a lower priority, so that light queries get the CPU first
REMEMBERED = 4096  # heavy queries remembered by fingerprint
MOVED = object()  # a light query overran its slice and must run again in the shared lane


class WorkerError(RuntimeError):
    """A worker could not start (the build in out/ could not be loaded)."""


@dataclass(eq=False)
class Worker:
    process: BaseProcess
    conn: Connection
    lane: str

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

    def exchange(self, job: QueryJob | DescribeJob, limit: float) -> Reply | None:
        """Send a job and wait for its reply up to limit seconds (None if it takes longer; EOFError if the worker died)."""
        self.conn.send(job)
        if not self.conn.poll(limit):
            return None
        return self.conn.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def death(self, max_memory: int) -> Reply:
        """The answer to a query during which this worker died: out of memory (an abort), or a crash."""
        self.process.join(5)
        log.error("a query worker died while running a query (exit code %s)", self.process.exitcode)
        if self.process.exitcode == -signal.SIGABRT:
            return Reply.text(503, memory_message(max_memory), {"Retry-After": "5"})
        return Reply.text(500, "internal error: the query worker stopped while running this query; it was replaced")


@dataclass(eq=False)
class _Waiter:
    kind: str
    future: asyncio.Future[Worker]


def _busy(wait: float) -> Reply:
    return Reply.text(503, f"every query worker is busy (longer than {wait:g} s); try again later", {"Retry-After": "5"})


class WorkerPool:
    """Worker processes in two lanes; a query that outlives its time limit costs its worker, which is replaced."""

    def __init__(self, nt_path: Path, options: ServeOptions | None = None, *, load_timeout: float = 300.0):
        self.options = options or ServeOptions()
        if self.options.workers < 1:
            raise ValueError("at least one worker is needed")
        self.nt_path = nt_path
        self.size = self.options.workers
        self.reserved = self.options.reserved
        self.load_timeout = load_timeout
        self.triples = 0
        self.ready = 0  # workers that have loaded the graph and are not retired
        self.replaced = 0  # workers stopped (time limit, slice, crash, memory) and started again
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: dict[str, list[Worker]] = {KEPT: [], SHARED: []}
        self._waiters: deque[_Waiter] = deque()
        self._all: set[Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._heavy_running: Counter[str] = Counter()
        self._known_heavy: OrderedDict[str, None] = OrderedDict()
        self._started = False

    @property
    def idle(self) -> int:
        """Workers waiting for a query now."""
        return len(self._idle[KEPT]) + len(self._idle[SHARED])

    def _limits(self, lane: str) -> WorkerLimits:
        o = self.options
        nice = SHARED_NICE if lane == SHARED and self.reserved else 0
        return WorkerLimits(max_rows=o.max_rows, max_bytes=o.max_bytes, max_memory=o.max_memory, nice=nice)

    def _spawn(self, lane: str) -> Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=worker_main, args=(child, str(self.nt_path), self._limits(lane)), daemon=True,
                                    name=f"miggraph-query-worker-{lane}")
        process.start()
        child.close()
        worker = Worker(process, parent, lane)
        self._all.add(worker)
        return worker

    def start(self) -> None:
        """Start every worker and wait until each has loaded the graph (raises WorkerError if one cannot)."""
        lanes = [KEPT] * self.reserved + [SHARED] * (self.size - self.reserved)
        workers = [self._spawn(lane) for lane in lanes]
        try:
            for w in workers:
                self.triples = w.wait_ready(self.load_timeout)
        except WorkerError:
            self.close()
            raise
        for w in workers:
            self._idle[w.lane].append(w)
        self.ready = len(workers)
        self._started = True

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for w in list(self._all):
            w.kill()
        self._all.clear()

    # --- handing workers out and back -------------------------------------------------------------------------

    def _take(self, kind: str) -> Worker | None:
        if kind == LIGHT and self._idle[KEPT]:
            return self._idle[KEPT].pop()
        if self._idle[SHARED]:
            return self._idle[SHARED].pop()
        return None

    def _release(self, worker: Worker) -> None:
        """Give a free worker to the longest-waiting query it may run, or keep it idle."""
        for waiter in self._waiters:
            if not waiter.future.done() and (worker.lane == SHARED or waiter.kind == LIGHT):
                self._waiters.remove(waiter)
                waiter.future.set_result(worker)
                return
        self._idle[worker.lane].append(worker)

    async def _acquire(self, kind: str) -> Worker | None:
        """A free worker for a query of this kind, waiting up to queue_wait seconds (None if none frees up)."""
        worker = self._take(kind)
        if worker is not None:
            return worker
        waiter = _Waiter(kind, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(self.options.wait):  # unlike wait_for, never loses a worker taken as time runs out
                return await waiter.future
        except BaseException as exc:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            if waiter.future.done() and not waiter.future.cancelled():
                self._release(waiter.future.result())  # handed over just as the wait ended
            if isinstance(exc, TimeoutError):
                return None
            raise

    def _retire(self, worker: Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        self.ready -= 1
        self.replaced += 1
        task = asyncio.get_running_loop().create_task(self._replace(worker.lane))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, lane: str) -> None:
        worker = self._spawn(lane)
        try:
            await anyio.to_thread.run_sync(worker.wait_ready, self.load_timeout)
        except WorkerError as exc:
            self._all.discard(worker)
            log.error("%s", exc)
            return
        self.ready += 1
        self._release(worker)

    # --- running jobs -----------------------------------------------------------------------------------------

    def kind_of(self, estimate: Estimate | None) -> str:
        """LIGHT or HEAVY: by the estimate, or because the same query was heavy before."""
        if estimate is None:
            return LIGHT
        if estimate.heavy or estimate.fingerprint in self._known_heavy:
            return HEAVY
        return LIGHT

    def _remember_heavy(self, estimate: Estimate | None) -> None:
        if estimate is None:
            return
        self._known_heavy[estimate.fingerprint] = None
        self._known_heavy.move_to_end(estimate.fingerprint)
        while len(self._known_heavy) > REMEMBERED:
            self._known_heavy.popitem(last=False)

    async def submit(self, job: QueryJob | DescribeJob, estimate: Estimate | None = None, client: str = "") -> Reply:
        """Run a job in its lane within its time limit; 503 if it takes longer or no worker frees up within queue_wait,
        429 if the client has too many heavy queries under way."""
        if not self._started:
            raise RuntimeError("the worker pool is not started")
        if self.kind_of(estimate) == LIGHT:
            reply = await self._attempt(job, LIGHT)
            if reply is not MOVED:
                return reply  # type: ignore[return-value]
            log.info("a light query ran past %g s on a kept worker: moved to the shared lane", self.options.light_limit)
            self._remember_heavy(estimate)
        return await self._heavy(job, client)

    async def _heavy(self, job: QueryJob | DescribeJob, client: str) -> Reply:
        cap = self.options.heavy_per_client
        if cap and self._heavy_running[client] >= cap:
            return Reply.text(429, f"too many expensive queries from your address at once (the limit is {cap}, "
                              "--heavy-per-client); wait for one to finish", {"Retry-After": "5"})
        self._heavy_running[client] += 1
        try:
            return await self._attempt(job, HEAVY)  # type: ignore[return-value]
        finally:
            self._heavy_running[client] -= 1
            if not self._heavy_running[client]:
                del self._heavy_running[client]

    async def _attempt(self, job: QueryJob | DescribeJob, kind: str) -> Reply | object:
        """One run of a job on a worker of its lane: its reply, MOVED if a light query overran its slice."""
        worker = await self._acquire(kind)
        if worker is None:
            return _busy(self.options.wait)
        sliced = kind == LIGHT and worker.lane == KEPT
        limit = min(self.options.light_limit, self.options.timeout) if sliced else self.options.timeout
        keep = False
        try:
            reply = await anyio.to_thread.run_sync(worker.exchange, job, limit)
            if reply is None:
                if sliced and limit < self.options.timeout:
                    return MOVED
                return Reply.text(503, f"query stopped: it ran longer than the time limit of {self.options.timeout:g} s",
                                  {"Retry-After": "5"})
            keep = not reply.retire
            return reply
        except (EOFError, OSError):
            return worker.death(self.options.max_memory)
        finally:
            if keep:
                self._release(worker)
            else:  # timed out, died, ran out of memory or the request was cancelled: this worker may still be busy
                self._retire(worker)
