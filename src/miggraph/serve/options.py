"""The limits of the endpoint, with their defaults (each is a `miggraph serve` option of the same name)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServeOptions:
    """Limits of the endpoint.

    timeout: query time limit (s). max_rows / max_bytes: result caps (rows or triples / bytes of the answer).
    workers: query worker processes; light_workers of them are kept for light queries (None: half, rounded down).
    light_limit: how long (s) a light query may run on a kept worker before it counts as heavy and is moved.
    heavy_per_client: heavy queries one client address may have waiting or running at once (0: no cap).
    max_body / max_query: bytes of a request body / of a query text. max_depth: nesting of ( [ { in a query.
    max_memory: address space of a query worker (MB). queue_wait: how long a query waits for a free worker (s;
    None: as long as the time limit). header_timeout: seconds a client has to send a whole request, from
    connecting or from the previous answer. max_connections: open connections at once.
    """

    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 4
    max_body: int = 1_000_000
    queue_wait: float | None = None
    light_workers: int | None = None
    light_limit: float = 1.0
    heavy_per_client: int = 2
    max_query: int = 65_536
    max_depth: int = 64
    max_bytes: int = 10_000_000
    max_memory: int = 1024
    header_timeout: float = 10.0
    max_connections: int = 256

    @property
    def reserved(self) -> int:
        """Workers kept for light queries: never all of them, so heavy queries have somewhere to run."""
        wanted = self.workers // 2 if self.light_workers is None else self.light_workers
        return max(0, min(wanted, self.workers - 1))

    @property
    def wait(self) -> float:
        """Seconds a query waits for a free worker."""
        return self.timeout if self.queue_wait is None else self.queue_wait
