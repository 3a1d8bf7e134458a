"""Rendering in lanes (miggraph.lanes): the same files as one process, every file reported, errors raised here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from miggraph import export, lanes


def _writers(fail: str | None = None, pids: Path | None = None) -> dict[str, export.Render]:
    def render(rel: str) -> str | bytes:
        if pids is not None:
            with pids.open("a") as f:
                f.write(f"{os.getpid()}\n")
        if rel == fail:
            raise ValueError(f"no value for {rel}")
        return f"{rel}\n" if rel.endswith(".txt") else rel.encode() * 3
    return {rel: (lambda rel=rel: render(rel)) for rel in
            ["id/a.txt", "id/b.bin", "index.html", "dump.txt", "csv/t.txt", "viz/v.bin", "search/s.txt"]}


def _lane(rel: str) -> int:
    return 0 if rel.startswith("id/") or rel == "index.html" else 1


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_lanes_write_what_one_process_writes(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    export.write_atomically(one, _writers())
    seen: list[str] = []
    timed: list[str] = []
    export.render_fresh(two, _writers(), seen.append, _lane, lambda rel, wall, cpu: timed.append(rel))
    fresh = next(p for p in tmp_path.iterdir() if p.name.startswith(".two-new-"))
    assert _files(fresh) == _files(one)
    assert sorted(seen) == sorted(timed) == sorted(_writers())
    here = [rel for rel in seen if _lane(rel) == 0]
    assert here == ["id/a.txt", "id/b.bin", "index.html"]  # this process's files are reported as they start, in order


def test_a_sharing_group_renders_here_and_lets_go_of_what_it_shares_before_the_lanes_fork(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    writers = _writers(pids=pids)
    released: list[int] = []
    export.release_after(writers, ("dump.txt", "csv/t.txt"), lambda: released.append(os.getpid()))
    seen: list[str] = []
    export.write_atomically(tmp_path / "out", writers, seen.append, _lane)
    assert released == [os.getpid()]  # in this process, once both were rendered
    assert seen[:2] == ["csv/t.txt", "dump.txt"]  # before any other file, though lane 1's
    by_process = pids.read_text().split()
    assert by_process[:2] == [str(os.getpid())] * 2 and set(by_process[2:]) - {str(os.getpid())}  # then the lanes
    assert _files(tmp_path / "out") == {**{rel: (f"{rel}\n".encode() if rel.endswith(".txt") else rel.encode() * 3)
                                           for rel in _writers()}}


def test_a_failure_in_a_lane_process_names_the_file_and_leaves_out_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export.write_atomically(out, _writers())
    before = _files(out)
    pids = tmp_path / "pids"
    with pytest.raises(lanes.RenderError, match=r"rendering viz/v.bin failed: ValueError: no value for viz/v.bin"):
        export.write_atomically(out, _writers(fail="viz/v.bin", pids=pids), None, _lane)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "pids"]
    _no_lane_left(pids)


def test_a_failure_here_stops_the_lane_processes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pids = tmp_path / "pids"
    with pytest.raises(ValueError, match="no value for id/b.bin"):
        export.write_atomically(out, _writers(fail="id/b.bin", pids=pids), None, _lane)
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["pids"]
    _no_lane_left(pids)


def _no_lane_left(pids: Path) -> None:
    """Every process other than this one that rendered a file has ended and been waited for."""
    others = {int(pid) for pid in pids.read_text().split()} - {os.getpid()}
    for pid in others:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # not a child any more: ended and reaped


SLOW_LANE = """
import os, sys, time
from pathlib import Path
from miggraph import export

pid_file = Path(sys.argv[2])

def slow() -> str:
    pid_file.write_text(str(os.getpid()))
    time.sleep(60)
    return "late"

writers = {"id/a.txt": lambda: time.sleep(60) or "a", "dump.txt": slow}
export.write_atomically(Path(sys.argv[1]), writers, None, lambda rel: 0 if rel.startswith("id/") else 1)
"""


def _running(pid: int) -> bool:
    """Whether the process runs (an ended one not yet reaped by its new parent does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def test_a_lane_process_ends_with_a_build_killed_half_way(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    pid_file = tmp_path / "lane.pid"
    build = subprocess.Popen([sys.executable, "-c", SLOW_LANE, str(tmp_path / "out"), str(pid_file)])
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline and build.poll() is None, "the lane process never started"
        time.sleep(0.05)
    lane = int(pid_file.read_text())
    build.send_signal(signal.SIGKILL)
    build.wait()
    while time.monotonic() < deadline:
        if not _running(lane):
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"lane process {lane} outlived the killed build")
    export.clear_interrupted(tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lane.pid"]


def _beside(tmp_path: Path, result: object = "verdict", fail: bool = False,
            accept: object = None) -> tuple[lanes.Beside, list[tuple[int, object]]]:
    """Work beside the files: it notes the process it ran in; `accepted` gets (process, result) here."""
    accepted: list[tuple[int, object]] = []

    def run() -> object:
        (tmp_path / "beside.pid").write_text(str(os.getpid()))
        if fail:
            raise RuntimeError("the shapes could not be read")
        return {"result": result, "pid": os.getpid()}

    def took(value: object) -> None:
        accepted.append((os.getpid(), value))
        if callable(accept):
            accept(value)

    return lanes.Beside("validating the graph", run, took), accepted


def test_work_beside_runs_in_lane_1_before_its_files_and_its_result_comes_back_here(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    writers = _writers(pids=pids)
    export.release_after(writers, ("dump.txt", "csv/t.txt"), lambda: None)
    beside, accepted = _beside(tmp_path)
    timed: list[str] = []
    tmp, _ = export.render_fresh(tmp_path / "out", writers, None, _lane, lambda rel, w, c: timed.append(rel), beside)
    lane_pid = int((tmp_path / "beside.pid").read_text())
    assert lane_pid != os.getpid()
    assert accepted == [(os.getpid(), {"result": "verdict", "pid": lane_pid})]
    assert "validating the graph" in timed
    # the sharing group is not rendered here first: its files are lane 1's, rendered there after the work beside
    by_process = pids.read_text().split()
    assert by_process.count(str(lane_pid)) == sum(1 for rel in writers if _lane(rel) == 1)
    assert _files(tmp) == {rel: (f"{rel}\n".encode() if rel.endswith(".txt") else rel.encode() * 3) for rel in writers}


def test_a_refused_result_stops_the_lanes_and_leaves_out_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export.write_atomically(out, _writers())
    before = _files(out)

    def refuse(value: object) -> None:
        raise ValueError("the graph does not conform")

    beside, accepted = _beside(tmp_path, accept=refuse)
    pids = tmp_path / "pids"
    with pytest.raises(ValueError, match="does not conform"):
        export.write_atomically(out, _writers(pids=pids), None, _lane, beside)
    assert len(accepted) == 1
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beside.pid", "out", "pids"]
    lane_pid = int((tmp_path / "beside.pid").read_text())
    with pytest.raises(ChildProcessError):
        os.waitpid(lane_pid, os.WNOHANG)  # ended and reaped


def test_a_failure_beside_is_named_and_leaves_out_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export.write_atomically(out, _writers())
    before = _files(out)
    beside, accepted = _beside(tmp_path, fail=True)
    with pytest.raises(lanes.RenderError, match=r"validating the graph failed: RuntimeError: the shapes could not be read"):
        export.write_atomically(out, _writers(), None, _lane, beside)
    assert accepted == []
    assert _files(out) == before
