"""Rendering the build's files in lanes: lane 0 in this process, every other lane in a forked process of its own.

A lane is a group of files that share the work behind them (the site's pages share its indexes; the dumps, tables,
analytics and views share the graph converted for pyoxigraph and the entity graph), so no work is done twice: a
forked process starts with everything this process has already made, and makes what only its lane needs. Each file
is still rendered by its own function and written into the same fresh folder; what a file holds does not depend on
the lane that wrote it. A lane process tells this one of every file it has written (for the progress bar) through a
pipe, and of the first error, which is raised here as a RenderError once every lane has stopped.

Work that is not a file can run beside the files (`Beside`): lane 1's process does it before its own files and
sends back what it returned, which this process is told of as soon as it arrives, while it renders lane 0's files;
`miggraph build --jobs 2` validates the graph so.
"""

from __future__ import annotations

import base64
import ctypes
import gc
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

Content = str | bytes | Iterable[bytes]  # a file's text, its bytes, or its bytes a piece at a time
Render = Callable[[], Content]
Timed = Callable[[str, float, float], None]


class RenderError(Exception):
    """A file could not be rendered in a lane process."""


@dataclass
class Beside:
    """Work done in lane 1's process before its files: `run` there, and `accept` here, told what `run` returned (it
    may raise, which stops every lane and the build); `name` says what it is in an error ("validating the graph")."""

    name: str
    run: Callable[[], object]
    accept: Callable[[object], None]


def can_fork() -> bool:
    """Whether lanes can run in processes of their own here (os.fork exists: Linux, macOS)."""
    return hasattr(os, "fork")


def default_jobs() -> int:
    """The lanes `miggraph build` uses unless told: 2 where this process may run on two processor cores or more
    and lanes can fork, else 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 and can_fork() else 1


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def is_whole(content: Content) -> TypeGuard[str | bytes | bytearray | memoryview]:
    """Whether a file's content is given whole (text or bytes), not as pieces to be written as they come."""
    return isinstance(content, str | bytes | bytearray | memoryview)


def write_file(target: Path, content: Content) -> None:
    """Write one rendered file (text as UTF-8 with LF line ends; bytes given a piece at a time, as they come)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8", newline="\n")
    elif is_whole(content):
        target.write_bytes(content)
    else:
        with target.open("wb") as f:
            for piece in content:
                f.write(piece)


def render_one(tmp: Path, rel: str, render: Render, timed: Timed | None,
               progress: Callable[[str], None] | None = None) -> None:
    """Render the file `rel` into tmp; `progress` is told its path first, `timed` its wall and CPU seconds."""
    if progress is not None:
        progress(rel)
    wall, cpu = time.perf_counter(), _cpu()
    write_file(tmp / rel, render())
    if timed is not None:
        timed(rel, time.perf_counter() - wall, _cpu() - cpu)


def _send(fd: int, line: str) -> None:
    data = (line.replace("\n", " ") + "\n").encode("utf-8", "replace")
    while data:
        data = data[os.write(fd, data):]


def _die_with(parent: int) -> None:
    """Have the kernel end this process when its parent ends (Linux), so that a build killed half-way leaves no
    process writing into the folder the next build clears; elsewhere each file checks the parent first."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def _lane_process(tmp: Path, rels: list[str], writers: Mapping[str, Render], fd: int, parent: int,
                  beside: Beside | None) -> None:
    """The body of a lane's process: do `beside` and send back its result, render its files, report each, and
    exit without returning."""
    code, current = 1, ""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _die_with(parent)
        if beside is not None:
            current = beside.name
            wall, cpu = time.perf_counter(), _cpu()
            result = base64.b64encode(pickle.dumps(beside.run(), protocol=pickle.HIGHEST_PROTOCOL)).decode("ascii")
            _send(fd, f"=\t{result}\t{time.perf_counter() - wall:.6f}\t{_cpu() - cpu:.6f}")
        for rel in rels:
            if os.getppid() != parent:
                os._exit(1)
            current = f"rendering {rel}"
            render_one(tmp, rel, writers[rel], lambda r, w, c: _send(fd, f"{r}\t{w:.6f}\t{c:.6f}"))
        code = 0
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        _send(fd, f"!\t{current}\t{type(exc).__name__}: {exc}")
    finally:
        os._exit(code)


class _Lane:
    """A forked lane process and the pipe it reports on."""

    def __init__(self, tmp: Path, rels: list[str], writers: Mapping[str, Render], beside: Beside | None = None) -> None:
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _lane_process(tmp, rels, writers, write, parent, beside)
        os.close(write)
        os.set_blocking(read, False)
        self.pid, self.fd, self.buffer, self.error = pid, read, b"", None
        self.open = True
        self.beside, self.accepted = beside, False

    def drain(self, progress: Callable[[str], None] | None, timed: Timed | None, block: bool = False) -> None:
        """Report the files the lane has written since the last call (block: until it closes its pipe)."""
        os.set_blocking(self.fd, block)
        while self.open:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                self.open = False
                break
            self.buffer += chunk
            *lines, self.buffer = self.buffer.split(b"\n")
            for line in lines:
                self._report(line.decode("utf-8"), progress, timed)

    def _report(self, line: str, progress: Callable[[str], None] | None, timed: Timed | None) -> None:
        parts = line.split("\t")
        if parts[0] == "!":
            self.error = self.error or f"{parts[1]} failed: {parts[2] if len(parts) > 2 else '?'}"
            return
        if parts[0] == "=" and self.beside is not None:
            if timed is not None:
                timed(self.beside.name, float(parts[2]), float(parts[3]))
            self.accepted = True
            self.beside.accept(pickle.loads(base64.b64decode(parts[1])))  # noqa: S301 - from our own fork, over its pipe
            return
        if progress is not None:
            progress(parts[0])
        if timed is not None and len(parts) == 3:
            timed(parts[0], float(parts[1]), float(parts[2]))

    def finish(self, progress: Callable[[str], None] | None, timed: Timed | None) -> str | None:
        """Wait for the lane to end; its error, if any."""
        self.drain(progress, timed, block=True)
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        if self.error is None and status != 0:
            self.error = f"a rendering process ended with status {status}"
        if self.error is None and self.beside is not None and not self.accepted:
            self.error = f"{self.beside.name}: no result came back"
        return self.error

    def stop(self) -> None:
        """End the lane now (this process failed or was interrupted)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        if self.open:
            os.close(self.fd)
            self.open = False


def render_order(writers: Mapping[str, Render]) -> list[str]:
    """The order files are rendered in: those of a sharing group (`export.release_after`) first, then the others,
    each part sorted. What each file holds does not depend on it."""
    return sorted(writers, key=lambda rel: (not getattr(writers[rel], "first", False), rel))


def render_in_lanes(tmp: Path, writers: Mapping[str, Render], lane: Callable[[str], int],
                    progress: Callable[[str], None] | None = None, timed: Timed | None = None,
                    beside: Beside | None = None) -> None:
    """Render every file into tmp: the files of lane 0 here, in `render_order`, those of each other lane in a
    process of its own (raises RenderError, after every lane has stopped, if one of them failed).

    Without `beside`, the files of the sharing groups (`export.release_after`) are rendered here first, so that what
    they share is let go before the lanes fork and neither lane holds it. With it, the lanes fork at once and lane
    1's process does `beside` first; the sharing groups are rendered by the lanes their files belong to."""
    by_lane: dict[int, list[str]] = {}
    for rel in render_order(writers):
        if beside is None and getattr(writers[rel], "first", False):
            render_one(tmp, rel, writers[rel], timed, progress)
        else:
            by_lane.setdefault(lane(rel), []).append(rel)
    if beside is not None:
        by_lane.setdefault(1, [])
    mine = by_lane.pop(0, [])
    gc.collect()
    gc.freeze()  # the collector would otherwise touch, and so copy, every object the lanes share
    others: list[_Lane] = []
    try:
        for k in sorted(by_lane):
            others.append(_Lane(tmp, by_lane[k], writers, beside if k == 1 else None))
        for rel in mine:
            render_one(tmp, rel, writers[rel], timed, progress)
            for other in others:
                other.drain(progress, timed)
        errors = [e for e in (other.finish(progress, timed) for other in others) if e]
    except BaseException:
        for other in others:
            other.stop()
        raise
    finally:
        gc.unfreeze()
    if errors:
        raise RenderError(errors[0])
