"""Ingest never leaves data/ or out/ half-changed: refusals, failed rebuilds, Ctrl-C, SIGTERM and kills.

Each test works in a git repository holding a copy of the project (with a built out/), and checks that
`git status` and the digest of out/ are what they were before.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_ingest import REPORT, copy_project

from miggraph import staging

ROOT = Path(__file__).resolve().parents[1]


def run(root: Path, *args: str | bytes, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "miggraph.cli", *args, "--root", str(root)], capture_output=True,
                          timeout=timeout, cwd=root)


def git_status(root: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=root, capture_output=True, text=True,
                          check=True).stdout


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project under git, built once (out/ ignored, as in the real checkout)."""
    root = copy_project(tmp_path_factory.mktemp("repo"))
    (root / ".gitignore").write_text("out/\n", encoding="utf-8")
    done = run(root, "build", "--out", str(root / "out"))
    assert done.returncode == 0, done.stderr
    for cmd in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start"]):
        subprocess.run(["git", *cmd], cwd=root, check=True)
    return root


@pytest.fixture
def unchanged(repo: Path):
    """Asserts, after the test, that the project is exactly as before it."""
    before = (git_status(repo), digest(repo / "out"))
    yield repo
    assert (git_status(repo), digest(repo / "out")) == before
    assert not list(repo.glob(".stage-*")) and not (repo / staging.JOURNAL).exists()


def one_clear_line(done: subprocess.CompletedProcess, *words: str) -> str:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode != 0
    assert "Traceback" not in err and "Error:" in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def test_a_symbol_that_is_not_one_is_refused_before_anything_is_written(unchanged):
    one_clear_line(run(unchanged, "ingest", str(REPORT), "--symbol", "NOT A SYMBOL"), "--symbol", "not a UN document symbol")


def test_a_title_in_another_encoding_is_refused_and_documents_yaml_keeps_its_content(unchanged):
    one_clear_line(run(unchanged, "ingest", str(REPORT), "--title", b"caf\xe9 au lait"), "--title", "UTF-8")
    assert (unchanged / "data" / "documents.yaml").stat().st_size > 0


@pytest.mark.parametrize(("option", "value", "words"), [
    ("--date", "2011-02-30", ("--date", "not a date")),
    ("--kind", "Meeting", ("--kind", "not a kind of document")),
    ("--title", "two\nlines", ("--title", "control character")),
])
def test_other_bad_options_are_refused(unchanged, option, value, words):
    one_clear_line(run(unchanged, "ingest", str(REPORT), option, value), *words)


def test_nul_bytes_anywhere_in_the_text_are_refused(unchanged, tmp_path):
    text = REPORT.read_bytes()
    bad = tmp_path / "late-nul.txt"
    bad.write_bytes(text + b"\n" * 9000 + b"tail\x00 of the file\n")
    one_clear_line(run(unchanged, "ingest", str(bad)), "NUL")


def test_a_rebuild_that_fails_validation_rolls_everything_back(unchanged, tmp_path):
    """A project whose shapes require a requesting resolution for the new document: the rebuild fails, nothing stays."""
    shapes = unchanged / "shapes" / "miggraph.shacl.ttl"
    original = shapes.read_bytes()
    shapes.write_bytes(original + b"""
<urn:test:strict> a <http://www.w3.org/ns/shacl#NodeShape> ;
    <http://www.w3.org/ns/shacl#targetNode> <https://w3id.org/miggraph/id/document/a-99-123> ;
    <http://www.w3.org/ns/shacl#property> [ <http://www.w3.org/ns/shacl#path> <https://w3id.org/miggraph/ontology#requestedBy> ;
        <http://www.w3.org/ns/shacl#minCount> 1 ; <http://www.w3.org/ns/shacl#message> "needs its requesting resolution" ] .
""")
    try:
        line = one_clear_line(run(unchanged, "ingest", str(REPORT)), "violates the shapes", "unchanged")
        assert "needs its requesting resolution" in line
    finally:
        shapes.write_bytes(original)


@pytest.mark.parametrize(("name", "content", "words"), [
    ("empty.txt", b"", ("empty.txt", "empty")),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("binary.txt", "binary")),
    ("latin1.txt", "café au lait".encode("latin-1"), ("latin1.txt", "not UTF-8")),
    ("fake.pdf", b"%PDF-1.4\nthis is not really a PDF", ("fake.pdf", "cannot read the PDF")),
    ("untitled.txt", b"  Summary\n The present note reviews the work of the Group (A/68/190).\n",
     ("untitled.txt", "no title block", "--title")),
])
def test_a_file_that_cannot_be_read_is_refused(unchanged, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    one_clear_line(run(unchanged, "ingest", str(path)), *words)


def test_a_missing_file_a_folder_and_a_file_too_large_are_refused(unchanged, tmp_path):
    one_clear_line(run(unchanged, "ingest", str(tmp_path / "nowhere.txt")), "nowhere.txt", "cannot read", "No such file")
    one_clear_line(run(unchanged, "ingest", str(tmp_path)), "a folder, not a document")
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: refused by its size before it is read
        fh.truncate(51_000_000)
    one_clear_line(run(unchanged, "ingest", str(big)), "big.txt", "larger than 50 MB")


def test_a_pdf_without_text_is_refused(unchanged, tmp_path):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 200, 200, fill=1)
    c.save()
    one_clear_line(run(unchanged, "ingest", str(path)), "scan.pdf", "no text", "OCR")


def test_a_clash_with_a_document_of_the_corpus_is_refused(unchanged, tmp_path):
    one_clear_line(run(unchanged, "ingest", str(REPORT), "--symbol", "A/63/265"),
                   "document/a-63-265", "already in the corpus", "--symbol or --title")
    copy = tmp_path / "summary.txt"
    copy.write_bytes((unchanged / "data" / "corpus" / "hld-2006-chair-summary.txt").read_bytes())
    one_clear_line(run(unchanged, "ingest", str(copy)), "same text is already in the corpus", "hld-2006-chair-summary.txt")


def test_options_for_one_document_with_several_files_are_refused(unchanged, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("  Another report\n\n1. Text.\n", encoding="utf-8")
    one_clear_line(run(unchanged, "ingest", str(REPORT), str(other), "--title", "One title"), "--title", "one file at a time")


def test_a_rebuild_that_cannot_load_the_data_rolls_everything_back(unchanged):
    """A facts file of the project that does not load: the message names it, and nothing stays."""
    broken = unchanged / "data" / "facts" / "zz-broken.yaml"
    broken.write_text("document: a-63-265\nrecords:\n  - id: org/zz\n    type: Organization\n    label: ZZ\n"
                      "    source: {para: \"2\", quote: \"words the report does not hold\"}\n", encoding="utf-8")
    try:
        one_clear_line(run(unchanged, "ingest", str(REPORT)), "cannot be added", "zz-broken.yaml", "quote not found",
                       "unchanged")
    finally:
        broken.unlink()


def test_a_failed_write_rolls_everything_back_and_names_the_option(unchanged, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    one_clear_line(run(unchanged, "ingest", str(REPORT), "--out", str(blocker / "out")), "cannot write", "--out", "unchanged")


def _start_ingest(root: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "miggraph.cli", "ingest", str(REPORT), "--root", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until the rebuild works in its staging folder
        staged = [p for p in root.glob(".stage-*/data/corpus/A-99-123.txt")]
        if staged:
            time.sleep(0.5)
            return proc
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the ingest never staged its document")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_during_the_rebuild_leaves_data_and_out_as_they_were(unchanged, sig):
    proc = _start_ingest(unchanged)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"interrupted: data/ and out/ are unchanged" in err
    assert b"Traceback" not in err


def test_a_kill_during_the_rebuild_is_cleaned_up_by_the_next_run(unchanged):
    proc = _start_ingest(unchanged)
    proc.kill()
    proc.wait(30)
    assert list(unchanged.glob(".stage-*"))  # what the killed run left, outside data/ and out/
    notes = staging.recover(unchanged)
    assert any("removed .stage-" in n for n in notes), notes


def test_a_kill_between_the_renames_of_the_swap_is_finished_by_the_next_run(tmp_path):
    root = tmp_path / "p"
    (root / "data").mkdir(parents=True)
    (root / "data" / "documents.yaml").write_text("old\n", encoding="utf-8")
    stage = staging.begin(root, root / "data")
    (stage.data / "documents.yaml").write_text("new\n", encoding="utf-8")
    entries = [{"live": str(root / "data"), "new": str(stage.data), "old": str(stage.folder / "old-0")}]
    (root / staging.JOURNAL).write_text(json.dumps({"swaps": entries}), encoding="utf-8")
    os.rename(root / "data", stage.folder / "old-0")  # killed here: data/ is moved aside, the new one not yet in
    notes = staging.recover(root)
    assert (root / "data" / "documents.yaml").read_text(encoding="utf-8") == "new\n"
    assert not (root / staging.JOURNAL).exists()
    assert any("finished a change" in n for n in notes)
