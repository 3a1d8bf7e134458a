"""A standing fuzz suite: hostile and unlucky input to every door of miggraph, property-based (hypothesis).

Doors: the loader (YAML records), `miggraph ingest` (options and text), `miggraph validate` (user RDF files),
and the SPARQL endpoint and entity pages of `miggraph serve` (query parameters and bodies, entity paths,
Accept headers), on a throw-away project copy and a small build served on 127.0.0.1. Each case asserts:
no 500 and no traceback or exception class name in what the user sees; on a refusal, data/ and out/ as they
were; and an answer within a bounded time (hypothesis's deadline). Example counts are modest so that the
whole file runs in about a minute; run with `--hypothesis-seed` or HYPOTHESIS_PROFILE to vary.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import select
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import yaml
from _project import GOOD_FACTS, copy_project
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from miggraph import staging
from miggraph.cli import main
from miggraph.config import Settings
from miggraph.errors import MESSAGE_LIMIT, InputError, Problem
from miggraph.load import load
from miggraph.ontology import Ontology

ROOT = Path(__file__).resolve().parents[1]
# what a user must never see: a traceback, or the name of an exception class
PYTHON_ERRORS = ("ValueError", "TypeError", "KeyError", "IndexError", "AttributeError", "AssertionError", "RecursionError",
                 "UnicodeDecodeError", "UnicodeEncodeError", "RuntimeError", "OSError", "MemoryError", "OverflowError",
                 "ZeroDivisionError", "NotImplementedError", "StopIteration", "SyntaxError", "Traceback")
JUNK = st.characters(codec="utf-8", exclude_categories=("Cs",))
ANY_CHARS = st.characters(exclude_categories=())  # surrogates too: what Python makes of bytes that are not UTF-8
# no shrinking: a case that fails is reported as it was found, within the time of the run
NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]
FAST = settings(max_examples=25, deadline=timedelta(seconds=20), phases=NO_SHRINK,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def leaks(text: str) -> list[str]:
    """The Python exception names or traceback a text shows."""
    return [name for name in PYTHON_ERRORS if name in text]


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    if folder.exists():
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------------------------------
# YAML records, through the loader, on a copy of the project
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def yaml_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Ontology]:
    settings = copy_project(tmp_path_factory.mktemp("fuzz-yaml") / "project")
    return settings, Ontology(settings.ontology_path)


KEYS = ["document", "records", "id", "about", "type", "label", "altLabel", "acronym", "source", "para", "quote", "value",
        "note", "established", "startDate", "endDate", "hostedBy", "member", "group", "asOf", "count", "symbol", "x"]
VALUES = st.one_of(st.sampled_from(["a-63-265", "process/gfmd", "org/iom", "Country", "2006", "2006-02-30", "", "~", "&a x",
                                    "*a", "!!binary aGk=", "!!python/name:os.system", "<<: *a", "\x00", "\ufeff", "a" * 5000]),
                   st.text(JUNK, max_size=30), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())


def aliases(depth: int, width: int) -> str:
    """A document whose aliases stand for width ** depth strings."""
    lines = ['a0: &a0 ["x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, depth + 1)]
    return "\n".join(lines) + "\n"


@settings(FAST, max_examples=10)
@given(records=st.lists(st.dictionaries(st.sampled_from(KEYS), st.recursive(VALUES, lambda c: st.lists(c, max_size=3)
                                                                              | st.dictionaries(st.sampled_from(KEYS), c, max_size=3),
                                                                              max_leaves=12), max_size=6), max_size=4),
       header=st.sampled_from(["document: a-63-265\n", "", "document: [x]\n", "%YAML 1.1\n---\ndocument: a-63-265\n"]))
@example(records=[], header=aliases(9, 9))
@example(records=[], header="records: &r [*r]\n")
@example(records=[], header="document: a-63-265\nrecords:\n" + "  - " * 300 + "x\n")
def test_yaml_records_load_or_are_refused_with_bounded_messages(yaml_project: tuple[Settings, Ontology], records: list,
                                                                   header: str) -> None:
    settings, ontology = yaml_project
    data_before = digest(settings.data_dir / "corpus") + digest(settings.data_dir / "documents.yaml")
    path = settings.data_dir / "facts" / "fuzz.yaml"
    path.write_text(header + (yaml.safe_dump({"records": records}, allow_unicode=True) if records else ""), encoding="utf-8")
    try:
        load(settings, ontology=ontology)
    except InputError as exc:
        assert exc.problems
        for p in exc.problems:
            assert isinstance(p, Problem) and p.message.strip() and len(p.message) <= MESSAGE_LIMIT, p
            assert not leaks(p.message), p.message
        assert len(str(exc)) < 20 * MESSAGE_LIMIT * max(1, len(exc.problems))
    finally:
        path.unlink()
    assert digest(settings.data_dir / "corpus") + digest(settings.data_dir / "documents.yaml") == data_before


# ---------------------------------------------------------------------------------------------------------------------
# miggraph ingest: options and text, on a copy of the project; the rebuild is stubbed to fail, so every case
# is a refusal, early (the options, the file) or at the rebuild (staging rolled back)
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingest_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("fuzz-ingest") / "project").root
    (root / "data" / "facts" / "gfmd.yaml").write_text(GOOD_FACTS, encoding="utf-8")
    (root / "out").mkdir()
    (root / "out" / "miggraph.nt").write_text("<urn:x> <urn:y> <urn:z> .\n", encoding="utf-8")
    return root


def _stopped_rebuild(settings: Settings) -> None:
    raise InputError([Problem("data/facts", None, None, "the fuzz suite stops every rebuild here")])


SYMBOLS = st.one_of(st.sampled_from(["A/63/265", "A/99/1", "NOT A SYMBOL", "A//1", "A/1/", "../../etc/passwd", "A/63/265\n",
                                     "E/CN.9/2006/3", "a/63/265", "A/" + "1/" * 200, "A/\u202e63/265"]), st.text(ANY_CHARS, max_size=30))
TITLES = st.one_of(st.sampled_from(["Report", "", "  ", "\x00", "Title\nwith a line break", "\udcff\udcfe", "<script>x</script>",
                                    "x" * 20_000, "\u202eevil", "'; DROP"]), st.text(ANY_CHARS, max_size=60))
DATES = st.one_of(st.sampled_from(["2006", "2006-13", "2006-02-30", "2006-02-28", "20061", "0000", "9999-12-31", "2006-1-1",
                                   "٢٠٠٦"]), st.text(ANY_CHARS, max_size=12))
KINDS = st.one_of(st.sampled_from(["Report", "Resolution", "Document", "Country", "Passage", "report", "owl:Thing", "", "\x00"]),
                  st.text(ANY_CHARS, max_size=15))
TEXT_PIECES = st.sampled_from(["United Nations", "A/99/1", "General Assembly", "\n\n", "1. ", "Report of the Secretary-General\n",
                               "International migration and development", "14 September 2006", "\x00", "\ufeff", "\r\n",
                               "\x85", "é", "\u202e", "-\n", "the Global Forum on Migration and Development "])
TEXTS = st.one_of(st.lists(TEXT_PIECES, max_size=40).map(lambda p: "".join(p).encode("utf-8")),
                  st.binary(max_size=300),
                  st.text(JUNK, max_size=300).map(lambda t: t.encode("utf-8")),
                  st.text(JUNK, max_size=80).map(lambda t: t.encode("utf-16")))


def _ingest(root: Path, args: list[str]) -> tuple[int, str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(importlib.import_module("miggraph.build"), "make_graph", _stopped_rebuild)
        result = CliRunner().invoke(main, ["ingest", *args, "--root", str(root)], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"ingest raised {result.exception!r}; output: {result.output}")
    return result.exit_code, result.output


@FAST
@given(text=TEXTS, name=st.sampled_from(["doc.txt", "doc", ".hidden.txt", "déjà vu.txt", "a;b.txt", "doc.TXT"]),
       symbol=st.none() | SYMBOLS, title=st.none() | TITLES, date=st.none() | DATES, kind=st.none() | KINDS)
@example(text=b"Report\n\nA/99/1\n\n1. Text.\n", name="doc.txt", symbol="NOT A SYMBOL", title=None, date=None, kind=None)
@example(text=b"Report\n\n1. Text.\n", name="doc.txt", symbol=None, title="\udcff\udcfe", date=None, kind=None)
@example(text=b"Report\n\n1. Text." + b" " * 9000 + b"\x00", name="doc.txt", symbol=None, title=None, date=None, kind=None)
def test_ingest_refusals_leave_data_and_out_as_they_were(ingest_project: Path, tmp_path_factory: pytest.TempPathFactory,
                                                          text: bytes, name: str, symbol: str | None, title: str | None,
                                                          date: str | None, kind: str | None) -> None:
    root = ingest_project
    before = (digest(root / "data"), digest(root / "out"))
    folder = tmp_path_factory.mktemp("in")
    (folder / name).write_bytes(text)
    args = [str(folder / name)]
    for flag, value in (("--symbol", symbol), ("--title", title), ("--date", date), ("--kind", kind)):
        if value is not None:
            args += [flag, value]
    code, output = _ingest(root, args)
    assert code != 0, output  # refused, or stopped at the rebuild
    assert not leaks(output), output
    assert output.strip(), "a refusal says why"
    assert (digest(root / "data"), digest(root / "out")) == before
    assert not list(root.glob(".stage-*")) and not (root / staging.JOURNAL).exists()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize(("name", "content"), [("doc.pdf", b""), ("doc.pdf", b"not a pdf at all"), ("doc.txt", b"%PDF-1.4\n")])
def test_a_pdf_that_cannot_be_read_is_refused_without_naming_an_exception(ingest_project: Path, tmp_path: Path, name: str,
                                                                          content: bytes) -> None:
    before = (digest(ingest_project / "data"), digest(ingest_project / "out"))
    (tmp_path / name).write_bytes(content)
    code, output = _ingest(ingest_project, [str(tmp_path / name)])
    assert (digest(ingest_project / "data"), digest(ingest_project / "out")) == before
    assert code != 0 and output.strip()
    assert not leaks(output), output


def test_ingest_of_a_missing_file_or_a_folder_is_refused_plainly(ingest_project: Path, tmp_path: Path) -> None:
    for path in (tmp_path / "missing.txt", tmp_path):
        code, output = _ingest(ingest_project, [str(path)])
        assert code != 0 and output.strip() and not leaks(output), output


# ---------------------------------------------------------------------------------------------------------------------
# miggraph validate: user RDF files (each run in a child process of its own: a crash is a finding, not the end of the run)
# ---------------------------------------------------------------------------------------------------------------------


def run_forked(work: Callable[[], tuple[int, str]], timeout: float = 60) -> tuple[int | str, str]:
    """(exit code, output) of `work` run in a forked child, or ("signal N", "") if the child was killed."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send the result, leave without cleanup
        os.close(read)
        try:
            code, out = work()
            payload = json.dumps([code, out]).encode()
        except BaseException as exc:  # noqa: BLE001 - anything the work raised is the finding
            payload = json.dumps([-1, f"raised {exc!r}"]).encode()
        with os.fdopen(write, "wb") as w:
            w.write(payload)
        os._exit(0)
    os.close(write)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    with os.fdopen(read, "rb", buffering=0) as r:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([r], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                continue
            chunk = r.read(65536)
            if not chunk:
                break
            chunks.append(chunk)
    if time.monotonic() >= deadline:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        return "timeout", ""
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}", ""
    code, out = json.loads(b"".join(chunks) or b'[-1, "no result"]')
    return code, out


@pytest.fixture(scope="module")
def validate_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("fuzz-validate") / "project").root
    (root / "out").mkdir()
    return root


def _validate(root: Path, path: Path) -> tuple[int | str, str]:
    report = path.with_suffix(".report.ttl")

    def work() -> tuple[int, str]:
        os.chdir(path.parent)
        result = CliRunner().invoke(main, ["validate", str(path), "--root", str(root), "--report", str(report)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            return -1, f"raised {result.exception!r}: {result.output}"
        return result.exit_code, result.output

    return run_forked(work)


RDF_PIECES = st.sampled_from([
    "@prefix ex: <http://example.org/> .\n", "@prefix mig: <https://w3id.org/miggraph/ontology#> .\n", "ex:a ", "ex:b ", "mig:Country ",
    "a ", '"x" ', '"x"@en ', '"1"^^<http://www.w3.org/2001/XMLSchema#integer> ', "[ ", "] ", "( ", ") ", "{ ", "} ", "<< ", ">> ",
    "<<( ", ")>> ", ". ", "; ", ", ", "\n", "<http://127.0.0.1:9/x> ", '"""', "\\u0000", "_:b ", "GRAPH ex:g ", "@base <x> .\n",
    "<rdf:RDF>", '{"@context": ', '"@id": "ex:a"', "}", "[", "]", '"@context": "http://127.0.0.1:9/ctx"', "\x00", "\ufeff",
])
RDF_FILES = st.one_of(st.lists(RDF_PIECES, max_size=60).map("".join), st.text(JUNK, max_size=200))


@settings(max_examples=10, deadline=timedelta(seconds=60), phases=NO_SHRINK,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=RDF_FILES, ext=st.sampled_from([".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".txt"]))
@example(body="@prefix ex: <http://example.org/> .\nex:a ex:b " + "[ ex:b " * 3000 + "]" * 3000 + " .\n", ext=".ttl")
@example(body='{"@context": {' + ", ".join(f'"p{i}": "p{i - 1}:"' for i in range(1, 3000)) + '}, "@id": "p2999:x"}', ext=".jsonld")
@example(body="<http://e/a> <http://e/b> <<( <http://e/a> <http://e/b> <http://e/c> )>> .\n", ext=".nt")
def test_validate_user_files_answers_0_1_or_2_and_says_why(validate_project: Path, tmp_path_factory: pytest.TempPathFactory,
                                                            body: str, ext: str) -> None:
    root = validate_project
    before = (digest(root / "data"), digest(root / "out"))
    folder = tmp_path_factory.mktemp("rdf")
    path = folder / f"mine{ext}"
    path.write_text(body, encoding="utf-8")
    code, output = _validate(root, path)
    assert code in (0, 1, 2), (code, output[-2000:])
    assert not leaks(output), output[-2000:]
    if code == 2:
        assert output.strip(), "a refusal says why"
    assert (digest(root / "data"), digest(root / "out")) == before
    shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------------------
# the endpoint: a small build served by the real app on 127.0.0.1
# ---------------------------------------------------------------------------------------------------------------------

BASE = "https://w3id.org/miggraph/id/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The library's app (uvicorn in a thread) over a small build of a few entities."""
    import uvicorn

    from miggraph.serve import ServeOptions, make_app

    out = tmp_path_factory.mktemp("fuzz-out")
    lines = [f'<{BASE}org/x> <{LABEL}> "X & <Y> Organisation"@en .',
             f"<{BASE}org/x> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <{BASE}org/y> .",
             f'<{BASE}org/y> <{LABEL}> "Y"@en .',
             f'<{BASE}country/BEL> <{LABEL}> "Belgium"@en .',
             f'<{BASE}org/%C3%A9> <{LABEL}> "é"@en .']
    (out / "miggraph.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "context.jsonld").write_text(json.dumps({"@context": {"id": BASE}}), encoding="utf-8")
    app = make_app(out, options=ServeOptions(timeout=2, max_rows=20, workers=2, queue_wait=4))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 90
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(30)


def check_answer(r: httpx.Response) -> None:
    assert r.status_code < 500 or r.status_code == 503, (r.status_code, r.text[:500])
    assert not leaks(r.text), r.text[:2000]


SPARQL_PIECES = st.sampled_from([
    "SELECT ", "ASK ", "CONSTRUCT ", "DESCRIBE ", "* ", "?s ", "?p ", "?o ", "WHERE ", "{ ", "} ", "( ", ") ", "[ ", "] ", ". ", "; ",
    "FILTER ", "REGEX(", "STR(", "CONCAT(", "?s ?p ?o ", "OPTIONAL ", "UNION ", "MINUS ", "VALUES ?x { 1 2 } ", "LIMIT 5 ",
    "OFFSET -1 ", "ORDER BY ", "GROUP BY ", "COUNT(*) ", "AS ", "BIND(", "SERVICE <http://127.0.0.1:9/> ", "\\u0053ERVICE ",
    "INSERT DATA { <a> <b> <c> } ", "LOAD <http://127.0.0.1:9/> ", "DROP ALL ", "PREFIX ex: <http://example.org/> ", "ex:a ",
    "# comment\n", '"x" ', '"""', "'", "\\", "<", ">", "<http://x/>", "\x00", "\ufeff", "\uffff", "\ud7ff", "é", "9" * 30,
    "1e999 ", "<<( ?s ?p ?o )>> ", "FROM <http://127.0.0.1:9/> ", "+", "*", "/", "|", "^", "!", "?", "$", "@en ",
])
QUERIES = st.one_of(st.lists(SPARQL_PIECES, max_size=40).map("".join), st.text(JUNK, max_size=200))
QUERY_SETTINGS = settings(max_examples=30, deadline=timedelta(seconds=30),
                          phases=NO_SHRINK, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@QUERY_SETTINGS
@given(query=QUERIES, extra=st.dictionaries(st.sampled_from(["default-graph-uri", "named-graph-uri", "format", "timeout", "query",
                                                             "update", "x"]), st.text(JUNK, max_size=20), max_size=3))
@example(query="SELECT * WHERE { ?s ?p ?o }", extra={})
@example(query="(" * 5000 + ")" * 5000, extra={})
@example(query="SELECT * WHERE { ?s ?p ?o } # \\uFFFFFFFF", extra={"default-graph-uri": "\x00"})
def test_any_query_in_a_get_is_answered_without_a_500(endpoint: str, query: str, extra: dict[str, str]) -> None:
    r = httpx.get(f"{endpoint}/sparql", params={"query": query, **extra}, timeout=60)
    check_answer(r)


@QUERY_SETTINGS
@given(body=st.one_of(QUERIES.map(lambda q: q.encode("utf-8")), st.binary(max_size=300)),
       content_type=st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update",
                                     "text/plain", "multipart/form-data; boundary=x", "application/json", "",
                                     "application/sparql-query; charset=latin-1", "application/x-www-form-urlencoded; charset=utf-16"]))
@example(body=b"query=" + b"%" * 50, content_type="application/x-www-form-urlencoded")
@example(body=b"\xff\xfe\x00S\x00E", content_type="application/sparql-query")
def test_any_body_in_a_post_is_answered_without_a_500(endpoint: str, body: bytes, content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    r = httpx.post(f"{endpoint}/sparql", content=body, headers=headers, timeout=60)
    check_answer(r)


PATH_PIECES = st.sampled_from(["org", "x", "y", "country", "BEL", "/", "//", ".", "..", "%2e%2e", "%2F", "%25zz", "%", "%C3%A9",
                               "%FF", "%00", "é", "~", ";", "?", "#", "a" * 260, ".ttl", ".jsonld", ".html", ".nt", "\\", " "])
ACCEPT = st.one_of(st.sampled_from(["text/html", "text/turtle", "application/ld+json", "application/n-triples", "*/*", "",
                                    "text/turtle;q=0.5, application/ld+json;q=0.9", "application/rdf+xml", "image/png",
                                    "text/*;q=abc", ";;;,,,", "text/turtle; q=-1", "application/ld+json;q=1e999"]),
                   st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60).map(str.strip))


@settings(max_examples=40, deadline=timedelta(seconds=30), phases=NO_SHRINK,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(path=st.lists(PATH_PIECES, max_size=8).map("".join), accept=ACCEPT)
@example(path="org/" + "a" * 251, accept="text/html")
@example(path="org/%25zz", accept="text/turtle")
@example(path="org/x", accept="text/turtle;q=0.5, application/ld+json;q=0.9")
def test_any_entity_path_and_accept_header_are_answered_without_a_500(endpoint: str, path: str, accept: str) -> None:
    url = f"{endpoint}/id/{path}"
    try:
        request = httpx.Request("GET", url, headers={"Accept": accept} if accept else {})
        with httpx.Client(timeout=60) as client:
            r = client.send(request)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError, ValueError, UnicodeError):
        return  # a URL or header no client can send
    check_answer(r)
    if r.status_code == 200 and path in ("org/x", "org/y"):
        assert r.headers.get("content-type", "").split(";")[0] in {"text/html", "text/turtle", "application/ld+json",
                                                                   "application/n-triples", "application/rdf+xml"}


@settings(max_examples=25, deadline=timedelta(seconds=30), phases=NO_SHRINK,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(accept=ACCEPT, query=st.sampled_from(["SELECT * WHERE { ?s ?p ?o }", "ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }",
                                             "DESCRIBE <https://w3id.org/miggraph/id/org/x>"]))
def test_any_accept_header_on_a_query_is_answered_without_a_500(endpoint: str, accept: str, query: str) -> None:
    r = httpx.get(f"{endpoint}/sparql", params={"query": query}, headers={"Accept": accept} if accept else {}, timeout=60)
    check_answer(r)
    assert r.status_code in (200, 400, 406, 429, 503), (r.status_code, r.text[:300])
