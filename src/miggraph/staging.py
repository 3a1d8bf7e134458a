"""Changes to data/ and out/ made in copies and swapped in together, so that nothing is ever half-done.

A change (an ingest) copies data/ into a staging folder of the project, edits and builds the copy, renders
out/ beside it, and only then swaps both in. The swap is written to a journal first: if the process is
killed during the few renames, the next run of miggraph finishes them (`recover`) and says so; if it is
killed any time before, data/ and out/ were never touched and the next run removes the staging folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

JOURNAL = ".miggraph-swap.json"
PREFIX = ".stage-"


HELD = (signal.SIGINT, signal.SIGTERM)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _finish(entries: list[dict[str, str]]) -> None:
    """Do the renames of a journal that are not done yet (each step can be repeated safely)."""
    for e in entries:
        live, new, old = Path(e["live"]), Path(e["new"]), Path(e["old"])
        if not new.exists():
            continue  # swapped in already
        if live.exists() and not old.exists():
            old.parent.mkdir(parents=True, exist_ok=True)
            os.rename(live, old)
        os.rename(new, live)
    for e in entries:
        shutil.rmtree(e["old"], ignore_errors=True)


def recover(root: Path) -> list[str]:
    """Finish a swap a killed run had started and remove staging folders of runs no longer alive; what was done."""
    done: list[str] = []
    journal = root / JOURNAL
    if journal.exists():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))["swaps"]
        except (OSError, ValueError, KeyError, TypeError):
            entries = None
        if entries is not None:
            _finish(entries)
            done.append("finished a change that was interrupted while it was being swapped in: "
                        + ", ".join(Path(e["live"]).name + "/" for e in entries))
        journal.unlink(missing_ok=True)
    if root.is_dir():
        for folder in sorted(root.glob(PREFIX + "*")):
            pid = folder.name[len(PREFIX):].split("-", 1)[0]
            if folder.is_dir() and pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
                done.append(f"removed {folder.name}/, left by an interrupted run (data/ and out/ were not changed)")
    return done


@dataclass
class Stage:
    """A staging folder holding a copy of the project's data/."""

    root: Path
    folder: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def commit(self, swaps: list[tuple[Path, Path]]) -> None:
        """Swap each (live, new) folder pair in, journalled; signals wait until it is done."""
        entries = []
        for i, (live, new) in enumerate(swaps):
            live = live.resolve()
            old = self.folder / f"old-{i}" if live.parent == self.root.resolve() else live.parent / f"{PREFIX}{os.getpid()}-old-{live.name}"
            entries.append({"live": str(live), "new": str(new.resolve()), "old": str(old)})
        journal = self.root / JOURNAL
        with _signals_held():
            tmp = journal.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as fh:
                json.dump({"swaps": entries}, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, journal)
            _finish(entries)
            journal.unlink()
            shutil.rmtree(self.folder, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def begin(root: Path, data_dir: Path) -> Stage:
    """A staging folder in the project with a copy of data_dir."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=root))
    stage = Stage(root, folder)
    try:
        shutil.copytree(data_dir, stage.data, symlinks=True)
    except BaseException:
        stage.abort()
        raise
    return stage


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM that arrive while the block runs (a few renames) are absorbed: the change is then complete.

    The handlers are swapped rather than the signal mask: Python runs handlers in the main thread
    whichever thread the signal reaches, so a mask on one thread would not hold them.
    """
    try:
        previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in HELD}
    except ValueError:  # not the main thread: nothing to hold
        yield
        return
    try:
        yield
    finally:
        for sig, before in previous.items():
            signal.signal(sig, before)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGINT raise KeyboardInterrupt, so the work in progress is cleaned up.

    SIGINT too: a process started in the background of a shell inherits it ignored, and would otherwise
    be stopped by neither Ctrl-C nor `kill -INT` in a state it can clean up.
    """

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for sig, before in previous.items():
            signal.signal(sig, before)
