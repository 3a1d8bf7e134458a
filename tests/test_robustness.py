"""Bad and hostile input: property-based tests of the YAML loader, the quote matcher and the extractor, and builds
that fail or are killed half-way (out/ stays exactly as it was, no temporary folder is left behind)."""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from _project import GOOD_FACTS, copy_project
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from miggraph.config import Settings
from miggraph.corpus import CorpusText, normalise
from miggraph.errors import InputError
from miggraph.export import write_atomically
from miggraph.extract.gazetteer import Gazetteer
from miggraph.extract.mentions import analyse
from miggraph.extract.passages import split
from miggraph.load import load
from miggraph.ontology import Ontology

build_module = importlib.import_module("miggraph.build")  # the module, not the function miggraph.build
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
FACTS = "data/facts/fuzz.yaml"
GOOD = GOOD_FACTS
# Problems about the file as a whole (it cannot be read, or holds nothing) have no line; every other one has.
WHOLE_FILE = ("file is empty", "cannot read file")
UNICODE_JUNK = st.characters(codec="utf-8", exclude_categories=("Cs",))
JUNK_TEXT = st.text(UNICODE_JUNK, max_size=300)
# text shaped like the corpus: words, numbers, symbols, hyphens at line ends, page breaks, control characters
PIECES = st.sampled_from([
    "General Assembly", "resolution 60/227", "resolutions 65/190 and 66/128", "A/63/265", "A/C.2/61/L.12", "IOM",
    "Global Forum on Migration and Development", "the Forum", "High-\nlevel", "\n\n", "\n", " ", "  ", "\t", "1. ",
    "12. ", "II. ", "A. ", "Summary\n", "Annex\n", "Table 2\n", "¹ ", "\f", "\r\n", "\x00", "\u200b", "\u202e",
    "\u2028", "\x85", "14 September 2006", "US$ 2.5 million", "18 per cent", "45%", "08-45678", "(", ")", ".", "-",
    "—", "“", "”", "مرحبا", "\ufeff", "ﬁ", "e\u0301",
])
CORPUS_LIKE = st.lists(st.one_of(PIECES, st.text(UNICODE_JUNK, max_size=12)), max_size=80).map("".join)


# ---------------------------------------------------------------------------------------------------------------------
# the YAML loader: any text as a facts file gives a result or an InputError naming file, line and field
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Ontology]:
    settings = copy_project(tmp_path_factory.mktemp("fuzz-project") / "project")
    return settings, Ontology(settings.ontology_path)


def load_facts(project: tuple[Settings, Ontology], text: str | bytes) -> None:
    """Load the project with `text` as its one facts file: a result, or an InputError whose problems say where."""
    settings, ontology = project
    path = settings.root / FACTS
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    try:
        result = load(settings, ontology=ontology)
    except InputError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.path == FACTS, str(p)  # documents.yaml is good: every problem is in the fuzzed file
            assert p.message.strip(), str(p)
            if p.message.startswith(WHOLE_FILE):
                continue
            assert isinstance(p.line, int) and p.line >= 1, str(p)
            if not p.message.startswith(("YAML syntax error", "top level must be")):
                assert p.field is not None, str(p)  # a problem inside a record names its field (a key may be '')
        return
    assert len(result.graph) > 0


KEYS = ["document", "records", "datasets", "id", "about", "type", "label", "altLabel", "acronym", "source", "para",
        "quote", "doc", "value", "note", "established", "startDate", "endDate", "hostedBy", "member", "group", "asOf",
        "count", "participantCount", "symbol", "developmentFocus", "mandatedBy", "dimensions", "measures",
        "observations", "rowLabel", "corpusFile", "theme", "location", "x"]
SCALARS = st.one_of(
    st.sampled_from(["a-63-265", "a-67-254", "process/gfmd", "org/iom", "country/BEL", "country/XXA", "Country",
                     "GlobalConsultativeProcess", "Membership", "mig:SystematicFocus", "2006", "2006-13", "2006-02-30",
                     "2", "-1", "1e9", "", "~", "null", "The Global Forum on Migration and Development", "\x00",
                     "Org/IOM", "org/", "/x"]),
    st.text(UNICODE_JUNK, max_size=20),
    st.integers(), st.booleans(), st.none(), st.floats(allow_nan=True),
)
RECORD_TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(KEYS), children, max_size=6)),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=st.dictionaries(st.sampled_from(KEYS), RECORD_TREES, max_size=4))
def test_any_structure_of_records_loads_or_says_where_it_is_wrong(fuzz_project, tree):
    load_facts(fuzz_project, yaml.safe_dump(tree, allow_unicode=True))


@settings(max_examples=100, deadline=None)
@given(record=st.dictionaries(st.sampled_from(KEYS), RECORD_TREES, max_size=6))
def test_any_record_beside_a_good_one_loads_or_says_where_it_is_wrong(fuzz_project, record):
    extra = yaml.safe_dump([record], allow_unicode=True)
    load_facts(fuzz_project, GOOD + "".join("  " + line + "\n" for line in extra.splitlines()))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
@example(data=None)
def test_any_text_as_a_facts_file_loads_or_says_where_it_is_wrong(fuzz_project, data):
    if data is None:  # the plain good file loads
        load_facts(fuzz_project, GOOD)
        return
    text = GOOD
    for _ in range(data.draw(st.integers(1, 4))):  # a few edits of a good file, most likely to reach deep code
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 8))
        text = text[:at] + data.draw(st.one_of(JUNK_TEXT, st.sampled_from(KEYS).map(lambda k: f"\n    {k}: "))) + text[at + cut:]
    load_facts(fuzz_project, text)


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(JUNK_TEXT, st.binary(max_size=200)))
@example(text=b"\xff\xfe\x00")
@example(text="")
@example(text="records:\n" + "  - " * 60 + "x\n")
@example(text="a: &a [*a]\n")
@example(text="a: &x [1]\nb: *x\n" * 2)
@example(text="records: !!python/object/apply:os.system ['false']\n")
def test_junk_as_a_facts_file_loads_or_says_where_it_is_wrong(fuzz_project, text):
    load_facts(fuzz_project, text)


# ---------------------------------------------------------------------------------------------------------------------
# the quote matcher
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, CorpusText]:
    return {p.name: CorpusText(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))}


def check_found(ct: CorpusText, quote: str) -> tuple[int, int] | None:
    found = ct.find(quote)
    if found is None:
        return None
    start, end = found
    assert 0 <= start < end <= len(ct.text)
    assert normalise(ct.text[start:end]) == normalise(quote)
    return found


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_quotes_cut_from_the_corpus_at_random_spans_are_found(corpus_texts, data):
    name = data.draw(st.sampled_from(sorted(corpus_texts)))
    text = corpus_texts[name].text
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 400)))
    quote = text[start:end]
    assume(normalise(quote))
    assert check_found(corpus_texts[name], quote) is not None, repr(quote)


@settings(max_examples=300, deadline=None)
@given(quote=st.one_of(JUNK_TEXT, CORPUS_LIKE), text=st.one_of(JUNK_TEXT, CORPUS_LIKE))
@example(quote="High-\nlevel", text="the High-\n  level Dialogue")
@example(quote="a -\r\nb", text="a -\r\n\tb")
@example(quote="x\u2028y", text="x \x85 y")
def test_any_quote_in_any_text_is_found_with_matching_offsets_or_not_at_all(quote, text):
    ct = CorpusText("t.txt", text)
    check_found(ct, quote)
    # a span of the text is always found in it
    if text:
        mid = len(text) // 2
        for piece in (text, text[:mid], text[mid:], text[mid // 2: mid + mid // 2 + 1]):
            if normalise(piece):
                assert check_found(ct, piece) is not None, (piece, text)


@settings(max_examples=100, deadline=None)
@given(quote=st.one_of(JUNK_TEXT, CORPUS_LIKE))
def test_any_quote_against_the_real_corpus(corpus_texts, quote):
    for ct in corpus_texts.values():
        check_found(ct, quote)


# ---------------------------------------------------------------------------------------------------------------------
# the extractor: units and mentions with valid offsets, for any text
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    graph = load(Settings(root=ROOT)).graph
    common = {w for p in CORPUS.glob("*.txt") for w in p.read_text(encoding="utf-8").split() if w.islower()}
    return Gazetteer.from_graph(graph, common)


def check_extraction(gazetteer: Gazetteer, text: str) -> None:
    doc = analyse("fuzz.txt", text, gazetteer)
    n = len(text)
    for u in doc.units:
        assert u.segments, u
        for s, e in u.segments:
            assert 0 <= s <= e <= n, (u.label, s, e, n)
        assert all(a[1] <= b[0] for a, b in zip(u.segments, u.segments[1:], strict=False)), u.segments
        assert isinstance(u.label, str) and u.label.strip(), u
    for m in doc.mentions:
        assert 0 <= m.start < m.end <= n, m
        assert 0 <= m.unit < len(doc.units), m
        unit = doc.units[m.unit]
        assert unit.start <= m.start and m.end <= unit.end, (m, unit.segments)
        assert m.text and m.text == m.text.strip(), m
        if any(s <= m.start and m.end <= e for s, e in unit.segments):  # within one line span of the file
            assert normalise(text[m.start:m.end]) == m.text, (m, text[m.start:m.end])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(CORPUS_LIKE, JUNK_TEXT))
@example(text="")
@example(text="\n\n\n")
@example(text="1. " + "General Assembly " * 5000)
@example(text="resolution " + "1/" * 20000)
@example(text="A/" + "RES/" * 20000 + "\n2. x")
@example(text="x" * 100_000 + "\n12. y")
@example(text=("\u202e\u200b<script>alert(1)</script>\x00\x07 " * 2000))
@example(text="12. The International Organization for Migration (IOM) and\f the Forum, per resolution 60/227 of 2006")
def test_any_text_gives_units_and_mentions_inside_it(gazetteer, text):
    check_extraction(gazetteer, text)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_corpus_documents_cut_and_spliced_give_units_and_mentions_inside_them(gazetteer, data):
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    parts = []
    for _ in range(data.draw(st.integers(1, 3))):
        t = data.draw(st.sampled_from(texts))
        a = data.draw(st.integers(0, len(t)))
        parts.append(t[a:a + data.draw(st.integers(0, 3000))])
        parts.append(data.draw(st.one_of(PIECES, JUNK_TEXT)))
    check_extraction(gazetteer, "".join(parts))


def test_huge_lines_are_split_in_bounded_time(gazetteer):
    line = "The Global Forum on Migration and Development, resolution 60/227, 18 per cent; " * 3000
    text = f"1. {line}\n2. {line}\n"
    started = time.perf_counter()
    units = split(text)
    check_extraction(gazetteer, text)
    assert [u.label for u in units] == ["1", "2"]
    assert time.perf_counter() - started < 20


# ---------------------------------------------------------------------------------------------------------------------
# atomic builds: a build failing or killed half-way leaves out/ as it was and no temporary folder behind
# ---------------------------------------------------------------------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}-"))


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project with one facts file, built once; the test copies out/ before spoiling it."""
    root = copy_project(tmp_path_factory.mktemp("atomic") / "project").root
    (root / "data" / "facts" / "test.yaml").write_text(GOOD, encoding="utf-8")
    out = root.parent / "built"
    build_module.build_to(out, root=root)
    return root, out


def fresh_out(small_build: tuple[Path, Path], tmp_path: Path) -> Path:
    out = tmp_path / "site" / "out"
    shutil.copytree(small_build[1], out)
    (out / "kept-by-the-user.txt").write_text("not the build's", encoding="utf-8")
    return out


def test_a_writer_that_raises_half_way_leaves_out_as_it_was(small_build, tmp_path, monkeypatch):
    root, _ = small_build
    out = fresh_out(small_build, tmp_path)
    before = digest(out)
    real = build_module.output_writers
    rendered: list[str] = []

    def spoiled(graph, settings, prepared=None):
        writers = real(graph, settings, prepared)
        names = sorted(writers)
        for name in names:
            writers[name] = (lambda name=name, render=writers[name]: (rendered.append(name), render())[1])
        victim = names[len(names) // 2]

        def boom() -> str:
            raise RuntimeError(f"disk full while writing {victim}")

        writers[victim] = boom
        return writers

    monkeypatch.setattr(build_module, "output_writers", spoiled)
    with pytest.raises(RuntimeError, match="disk full"):
        build_module.build_to(out, root=root)
    assert len(rendered) > 10  # it failed half-way, after writing many files
    assert digest(out) == before
    assert siblings(out) == []


def test_write_atomically_into_a_new_folder_that_fails_creates_nothing(tmp_path):
    out = tmp_path / "out"

    def boom() -> str:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(out, {"a.txt": lambda: "a", "b/c.txt": lambda: "c", "d.txt": boom})
    assert not out.exists() and siblings(out) == []


def test_a_build_killed_while_it_writes_leaves_out_as_it_was(small_build, tmp_path):
    root, _ = small_build
    out = fresh_out(small_build, tmp_path)
    before = digest(out)
    cmd = [sys.executable, "-u", "-m", "miggraph.cli", "build", "--root", str(root), "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    written = 0
    deadline = time.monotonic() + 120
    while written < 40 and proc.poll() is None and time.monotonic() < deadline:  # wait until it is writing
        written = sum(1 for p in out.parent.glob(".out-new-*/**/*") if p.is_file())
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL and written >= 40, "the build ended before it had written 40 files"
    assert digest(out) == before
    assert any(name.startswith(".out-new-") for name in siblings(out))  # what the killed build was writing
    # the next build clears what a killed build left behind
    build_module.build_to(out, root=root)
    assert siblings(out) == []
    assert (out / "kept-by-the-user.txt").read_text(encoding="utf-8") == "not the build's"
    assert set(digest(out)) == set(before)


def test_a_build_killed_between_the_two_renames_is_recovered(small_build, tmp_path):
    """The swap is two renames; a build stopped between them leaves out/ in the -old- folder: the next one puts it back."""
    root, _ = small_build
    out = fresh_out(small_build, tmp_path)
    before = digest(out)
    gone = subprocess.Popen(["true"])
    gone.wait()
    old = out.parent / f".out-old-{gone.pid}-abcd"
    old.mkdir()
    os.rename(out, old / "out")
    stale_new = out.parent / f".out-new-{gone.pid}-efgh"
    (stale_new / "id").mkdir(parents=True)
    build_module.build_to(out, root=root)
    assert siblings(out) == []
    after = digest(out)
    assert set(after) == set(before) and after["kept-by-the-user.txt"] == before["kept-by-the-user.txt"]
