"""The query worker pool: two lanes, so that light queries keep being answered while heavy ones run.

Some workers are kept for light queries (``light_workers``); the others take any query. A query is heavy
when its static cost estimate says so (cost.py) or when the same query (same tokens) was heavy before.
A light query runs on a kept worker if one is free, else on any free worker; a heavy query only on the
others, and one client address may have only ``heavy_per_client`` heavy queries waiting or running.
A light query that runs on a kept worker for longer than ``light_limit`` was misjudged and is remembered
as heavy. If a shared worker is idle, the two workers swap lanes and the query runs on; otherwise the
kept worker is stopped and a fresh one started in its place (a kept worker must not be lent for the
whole time limit while light queries wait), the query runs again as a heavy one, and the client's
queries run as heavy ones for ``PENALTY`` seconds, so that fresh disguises cannot keep stopping kept workers.

pyoxigraph cannot interrupt a running query, so a query that outlives its time limit is stopped by killing
its worker; so is a worker that crashed or ran out of memory. A fresh worker takes its place; a kept
worker's place is taken at once by a spare that stands by loaded (and a new spare is started).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import time
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

KEPT, SHARED, SPARE = "kept", "shared", "spare"  # lanes: kept for light queries, for any query, standing by
LIGHT, HEAVY = "light", "heavy"
SHARED_NICE = 5  # the shared workers run at a lower priority, so that light queries get the CPU first
REMEMBERED = 4096  # heavy queries remembered by fingerprint
PENALTY = 30.0  # seconds a client's queries run as heavy ones after one of them cost a kept worker


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
        return self.reply(limit)

    def reply(self, limit: float) -> Reply | None:
        """The reply to the job sent, waiting up to limit seconds for it (None if it takes longer)."""
        if not self.conn.poll(max(0.0, limit)):
            return None
        return self.conn.recv()

    def renice(self, nice: int) -> None:
        """Set the worker's CPU priority (lowering it again may not be allowed: then it stays)."""
        if self.process.pid is None:
            return
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, nice)
        except OSError:
            pass

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


MOVED = Reply.text(0, "moved")  # a light query overran its slice: run it again in the shared lane


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
        self.replaced = 0  # workers stopped (time limit, crash, memory) and started again
        self.moved = 0  # light queries that overran their slice on a kept worker and went on as heavy ones
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: dict[str, list[Worker]] = {KEPT: [], SHARED: []}
        self._waiters: deque[_Waiter] = deque()
        self._all: set[Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._heavy_running: Counter[str] = Counter()
        self._known_heavy: OrderedDict[str, None] = OrderedDict()
        self._penalty: dict[str, float] = {}  # client address: until when its queries run as heavy ones
        self._spare: Worker | None = None  # loaded and standing by to replace a kept worker at once
        self._started = False

    @property
    def idle(self) -> int:
        """Workers waiting for a query now."""
        return len(self._idle[KEPT]) + len(self._idle[SHARED])

    @property
    def spares(self) -> int:
        """Workers loaded and standing by (0 or 1)."""
        return int(self._spare is not None)

    @property
    def kept(self) -> int:
        """Workers in the kept lane now (busy, idle or starting)."""
        return sum(1 for w in self._all if w.lane == KEPT)

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
        if self._limits(lane).nice:
            worker.renice(SHARED_NICE)  # at once: starting (imports, loading the graph) takes CPU from light queries too
        self._all.add(worker)
        return worker

    def start(self) -> None:
        """Start every worker and wait until each has loaded the graph (raises WorkerError if one cannot)."""
        lanes = [KEPT] * self.reserved + [SHARED] * (self.size - self.reserved) + [SPARE] * bool(self.reserved)
        workers = [self._spawn(lane) for lane in lanes]
        try:
            for w in workers:
                self.triples = w.wait_ready(self.load_timeout)
        except WorkerError:
            self.close()
            raise
        for w in workers:
            if w.lane == SPARE:
                self._spare = w
            else:
                self._idle[w.lane].append(w)
        self.ready = len(workers) - bool(self._spare)
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
        """Stop a worker and start another; a kept worker is replaced at once by the spare, if it is ready."""
        worker.kill()
        self._all.discard(worker)
        self.ready -= 1
        self.replaced += 1
        lane = worker.lane
        if lane == KEPT and self._spare is not None:
            spare, self._spare = self._spare, None
            spare.lane = KEPT
            self.ready += 1
            self._release(spare)
            lane = SPARE
        task = asyncio.get_running_loop().create_task(self._replace(lane))
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
        if lane == SPARE:
            self._spare = worker
            return
        self.ready += 1
        self._release(worker)

    # --- running jobs -----------------------------------------------------------------------------------------

    def kind_of(self, estimate: Estimate | None, client: str = "") -> str:
        """LIGHT or HEAVY: by the estimate, because the same query was heavy before, or because a query of the same
        client recently cost a kept worker."""
        if self._penalised(client):
            return HEAVY
        if estimate is None:
            return LIGHT
        if estimate.heavy or estimate.fingerprint in self._known_heavy:
            return HEAVY
        return LIGHT

    def _penalised(self, client: str) -> bool:
        until = self._penalty.get(client)
        if until is None:
            return False
        if until > time.monotonic():
            return True
        del self._penalty[client]
        return False

    def _penalise(self, client: str) -> None:
        now = time.monotonic()
        if len(self._penalty) > REMEMBERED:
            self._penalty = {c: t for c, t in self._penalty.items() if t > now}
        self._penalty[client] = now + PENALTY

    def _remember_heavy(self, estimate: Estimate | None) -> None:
        if estimate is None:
            return
        self._known_heavy[estimate.fingerprint] = None
        self._known_heavy.move_to_end(estimate.fingerprint)
        while len(self._known_heavy) > REMEMBERED:
            self._known_heavy.popitem(last=False)

    def _count_heavy(self, client: str, step: int) -> None:
        self._heavy_running[client] += step
        if self._heavy_running[client] <= 0:
            del self._heavy_running[client]

    async def submit(self, job: QueryJob | DescribeJob, estimate: Estimate | None = None, client: str = "") -> Reply:
        """Run a job in its lane within its time limit; 503 if it takes longer or no worker frees up within queue_wait,
        429 if it is heavy and the client has too many heavy queries under way."""
        if not self._started:
            raise RuntimeError("the worker pool is not started")
        if self.kind_of(estimate, client) == LIGHT:
            reply = await self._run(job, LIGHT, estimate, client)
            if reply is not MOVED:
                return reply
        cap = self.options.heavy_per_client
        if cap and self._heavy_running[client] >= cap:
            return Reply.text(429, f"too many expensive queries from your address at once (the limit is {cap}, "
                              "--heavy-per-client); wait for one to finish", {"Retry-After": "5"})
        self._count_heavy(client, 1)
        try:
            return await self._run(job, HEAVY, estimate, client)
        finally:
            self._count_heavy(client, -1)

    async def _run(self, job: QueryJob | DescribeJob, kind: str, estimate: Estimate | None, client: str) -> Reply:
        """One run of a job on a free worker of its lane (MOVED: run it again as a heavy query)."""
        worker = await self._acquire(kind)
        if worker is None:
            return _busy(self.options.wait)
        keep = False
        try:
            reply = await self._answer(worker, job, kind, estimate, client)
            if reply is None:
                return Reply.text(503, f"query stopped: it ran longer than the time limit of {self.options.timeout:g} s",
                                  {"Retry-After": "5"})
            keep = not reply.retire and reply is not MOVED
            return reply
        except (EOFError, OSError):
            return worker.death(self.options.max_memory)
        finally:
            if keep:
                self._release(worker)
            else:  # timed out, died, ran out of memory, moved or the request was cancelled: it may still be busy
                self._retire(worker)

    async def _answer(self, worker: Worker, job: QueryJob | DescribeJob, kind: str, estimate: Estimate | None,
                      client: str) -> Reply | None:
        """The worker's reply within the time limit (None past it). A light query still running on a kept worker after
        its slice is heavy: if a shared worker is idle, the two swap lanes and the query runs on; otherwise the kept
        worker is stopped (a fresh one starts) and MOVED says to run the query again in the shared lane."""
        timeout, light_limit = self.options.timeout, self.options.light_limit
        if kind == HEAVY or worker.lane != KEPT or light_limit >= timeout:
            return await anyio.to_thread.run_sync(worker.exchange, job, timeout)
        reply = await anyio.to_thread.run_sync(worker.exchange, job, light_limit)
        if reply is not None:
            return reply
        self.moved += 1
        self._remember_heavy(estimate)
        if not self._idle[SHARED]:
            log.warning("a light query from %s ran past %g s on a kept worker: worker stopped, query run again as heavy",
                        client, light_limit)
            self._penalise(client)
            return MOVED
        log.warning("a light query from %s ran past %g s on a kept worker: it goes on as a heavy one", client, light_limit)
        self._swap(worker)
        self._count_heavy(client, 1)
        try:
            return await anyio.to_thread.run_sync(worker.reply, timeout - light_limit)
        finally:
            self._count_heavy(client, -1)

    def _swap(self, worker: Worker) -> None:
        """The kept worker goes to the shared lane (at its priority), an idle shared worker to the kept one."""
        worker.lane = SHARED
        worker.renice(SHARED_NICE)
        other = self._idle[SHARED].pop()
        other.lane = KEPT
        other.renice(0)
        self._release(other)
