"""The HTTP server: uvicorn's h11 protocol with a deadline for receiving each request and a cap on open connections.

uvicorn arms its keep-alive timer only after a response and resets it on every byte received, so a client
that connects and sends nothing, or trickles a request a byte at a time, holds its connection for ever.
Here each connection has ``header_timeout`` seconds, from connecting or from the previous answer, to send
a whole request (headers and body); otherwise it gets 408 and is closed. A connection beyond
``max_connections`` gets 503 and is closed at once.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .options import ServeOptions


def raw_response(status: int, reason: str, message: str) -> bytes:
    """A whole HTTP/1.1 answer that closes the connection, for when no request was read."""
    body = (message + "\n").encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    return head.encode("ascii") + body


class GuardedH11Protocol(H11Protocol):
    """H11Protocol with a request-receipt deadline and a connection cap (set by protocol_class)."""

    header_timeout: float = 10.0
    max_connections: int = 256

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.write(raw_response(503, "Service Unavailable", "too many open connections; try again later"))
            transport.close()
            return
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.header_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        """Close the connection if the request it owes has not come in whole."""
        self._deadline = None
        if self.transport.is_closing() or self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            return
        answering = self.conn.their_state is h11.SEND_BODY and self.cycle is not None and self.cycle.response_started
        if not answering:
            message = f"request not received within {self.header_timeout:g} s (--header-timeout)"
            self.transport.write(raw_response(408, "Request Timeout", message))
        self.transport.close()


def protocol_class(options: ServeOptions) -> type[GuardedH11Protocol]:
    """The protocol with the options' deadline and connection cap."""
    return type("MiggraphH11Protocol", (GuardedH11Protocol,),
                {"header_timeout": options.header_timeout, "max_connections": options.max_connections})


def config(app: Any, options: ServeOptions, host: str, port: int, log_level: str = "info") -> uvicorn.Config:
    """uvicorn's configuration for the app: the guarded protocol, and request heads long enough for a GET query at
    the size limit (percent-encoded, a byte may take three)."""
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, http=protocol_class(options),
                          h11_max_incomplete_event_size=max(16 * 1024, 3 * options.max_query + 8 * 1024))
