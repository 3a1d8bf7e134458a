"""What `miggraph build` prints: one summary line (files written, size, time, validation verdict), the files with
--verbose. Fast cases run the command over a tiny graph and a few writers; one runs the real build."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from miggraph import cli, export

SUMMARY = re.compile(r"built ([\d,]+) triples: wrote ([\d,]+) files \(([\d.,]+) (bytes|KB|MB|GB)\) to (.+)/ in ([\d.]+)s; "
                     r"validation: (conforms|does NOT conform) \((\d+) violation\(s\), (\d+) warning\(s\)\)")
FILES = {"a.txt": "alpha\n", "sub/b.ttl": "<http://x/a> <http://x/b> <http://x/c> .\n", "c.html": "<p>c</p>\n"}


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build command over a graph of two triples, writing FILES."""
    graph = Graph()
    graph.add((URIRef("http://example.org/a"), URIRef("http://example.org/label"), Literal("a")))
    graph.add((URIRef("http://example.org/b"), URIRef("http://example.org/label"), Literal("b")))
    monkeypatch.setattr(cli, "make_graph", lambda settings: graph)

    def write(graph, settings, out_dir, progress=None, report=None, total=None, prepared=None, jobs=1, beside=None):
        writers = {rel: (lambda text=text: text) for rel, text in FILES.items()}
        if total is not None:
            total(len(writers))
        return export.write_atomically(out_dir, writers, progress, None, beside)

    monkeypatch.setattr(importlib.import_module("miggraph.build"), "write_outputs", write)


def run_build(out: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(cli.main, ["build", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return [line for line in result.output.splitlines() if line.strip()]


def test_build_prints_one_summary_line(tiny, tmp_path):
    lines = run_build(tmp_path / "out")
    assert len(lines) == 1, lines
    m = SUMMARY.fullmatch(lines[0])
    assert m, lines[0]
    assert m[1] == "2" and m[2] == "3" and m[7] == "conforms"
    assert m[3] == str(sum(len(t.encode()) for t in FILES.values())) and m[4] == "bytes"


def test_on_a_terminal_a_progress_bar_goes_through_the_stages_then_leaves_one_line(tiny, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=120, color_system=None))
    lines = run_build(tmp_path / "out")
    assert len(lines) == 1 and SUMMARY.fullmatch(lines[0]), lines
    frames = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", f).strip() for f in screen.getvalue().split("\r")]
    frames = [f for f in frames if f]
    assert frames[0].startswith("loading ontology, corpus and curated data") and re.search(r" 0/2 \d:\d\d:\d\d$", frames[0])
    assert any(f.startswith("validating against the SHACL shapes") for f in frames)
    assert re.fullmatch(r"(sub/b\.ttl|a\.txt|c\.html) +━+ 5/5 \d:\d\d:\d\d", frames[-1]), frames[-1]  # 2 stages + 3 files
    assert screen.getvalue().endswith("\x1b[2K")  # the bar is erased: only the summary line stays


def test_verbose_lists_every_file_then_the_summary(tiny, tmp_path):
    out = tmp_path / "out"
    *listed, summary = run_build(out, "--verbose")
    assert SUMMARY.fullmatch(summary)
    assert sorted(line.strip() for line in listed) == sorted(f"wrote {out.resolve() / rel}" for rel in FILES)


@pytest.mark.parametrize(("n", "text"), [(0, "0 bytes"), (999, "999 bytes"), (1000, "1.0 KB"), (68_512_345, "68.5 MB"),
                                         (3 * 10**12, "3000.0 GB")])
def test_sizes(n, text):
    assert cli._size(n) == text


def test_real_build_summary_matches_what_it_wrote(tmp_path):
    out = tmp_path / "out"
    *listed, summary = run_build(out, "--verbose")
    m = SUMMARY.fullmatch(summary)
    assert m, summary
    files = [p for p in out.rglob("*") if p.is_file()]
    assert int(m[2].replace(",", "")) == len(listed) == len(files) > 1000
    assert m[7] == "conforms" and m[8] == "0"
    assert all(line.startswith("  wrote ") for line in listed)
