"""The loader and the validator bound their inputs: YAML aliases, the size of values in messages, the nesting and
the prefix chains of a user's RDF files, RDF 1.2 terms, and the report of a graph with very many violations."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from _project import copy_project
from click.testing import CliRunner
from conftest import require
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from miggraph.cli import main
from miggraph.config import Settings
from miggraph.errors import MESSAGE_LIMIT, InputError, Problem, shown
from miggraph.load import load
from miggraph.validate import SH, load_ontology, load_shapes, validate_graph
from miggraph.yamlio import read_yaml

ROOT = Path(__file__).resolve().parents[1]
MIG = Namespace("https://w3id.org/miggraph/ontology#")
ID = "https://w3id.org/miggraph/id/"


def _bomb(levels: int = 9) -> str:
    """Nested aliases: each level a list of nine aliases to the one before (9 ** levels strings, a few hundred bytes)."""
    lines = ["document: a-63-265", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    lines += ["records:", f"  - id: *{prev}", "    type: Person", ""]
    return "\n".join(lines)


def _run_cli(*args: str, timeout: float = 60, memory_mb: int = 1500) -> subprocess.CompletedProcess[str]:
    """`miggraph ARGS` in a child process with an address-space limit: a crash or a blow-up fails the test, not the run."""
    import resource

    require(hasattr(resource, "RLIMIT_AS"), "resource.RLIMIT_AS (Linux)")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))

    return subprocess.run([sys.executable, "-m", "miggraph.cli", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit, cwd=ROOT)  # noqa: PLW1509 - a limit, no threads


# ---------------------------------------------------------------------------
# YAML alias bomb, long values
# ---------------------------------------------------------------------------


def test_yaml_alias_bomb_is_refused_fast_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(), encoding="utf-8")
    assert len(path.read_bytes()) < 450
    t0 = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_yaml(path, "data/facts/bomb.yaml")
    assert time.perf_counter() - t0 < 1.0
    [problem] = info.value.problems
    assert problem.path == "data/facts/bomb.yaml" and problem.line is not None and 2 < problem.line < 12
    assert "100,000 nodes" in problem.message and "MIGGRAPH_YAML_MAX_NODES" in problem.message


def test_yaml_aliases_within_the_bound_still_load(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text("a: &s {para: '2', quote: 'q'}\nb: *s\nc: [*s, *s]\n", encoding="utf-8")
    assert read_yaml(path)["c"][1] == {"para": "2", "quote": "q"}


def test_alias_bomb_in_a_facts_file_fails_the_check_quickly_in_little_memory(tmp_path: Path) -> None:
    settings = copy_project(tmp_path / "project")
    bomb = settings.data_dir / "facts" / "bomb.yaml"
    bomb.write_text(_bomb(), encoding="utf-8")
    t0 = time.perf_counter()
    done = _run_cli("check", str(bomb), "--root", str(settings.root), timeout=60, memory_mb=1500)
    assert time.perf_counter() - t0 < 30
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert len(done.stderr) < 5000
    assert re.search(r"data/facts/bomb\.yaml:\d+: with its aliases written out", done.stderr), done.stderr


def test_values_in_messages_are_cut(project) -> None:
    huge = "org/" + "x" * 1_000_000
    settings = project(f"""\
        document: a-63-265
        records:
          - id: {huge}
            type: Person
        """)
    with pytest.raises(InputError) as info:
        load(settings)
    messages = [str(p) for p in info.value.problems]
    assert messages and all(len(m) <= MESSAGE_LIMIT + 200 for m in messages)
    assert any("…" in m for m in messages)


def test_nested_aliases_under_the_bound_make_a_short_message(project) -> None:
    settings = project(_bomb(levels=4))  # 9 ** 4 strings: under the bound, but far too many to print
    t0 = time.perf_counter()
    with pytest.raises(InputError) as info:
        load(settings)
    assert time.perf_counter() - t0 < 10
    assert all(len(str(p)) < MESSAGE_LIMIT + 200 for p in info.value.problems)
    assert any("malformed id" in p.message for p in info.value.problems)


def test_a_problem_cuts_its_message_and_shown_cuts_values() -> None:
    assert len(Problem("f", 1, "x" * 5000, "y" * 50_000).message) == MESSAGE_LIMIT
    assert shown("z" * 10_000).endswith("…") and len(shown("z" * 10_000)) == 200
    assert shown("org/iom") == "'org/iom'"


# ---------------------------------------------------------------------------
# A user's RDF files: nesting, prefix chains, RDF 1.2
# ---------------------------------------------------------------------------


def _prefix_chain(n: int) -> str:
    context = {"p0": "http://example.org/"} | {f"p{i}": f"p{i - 1}:" for i in range(1, n)}
    return json.dumps({"@context": context, "@id": f"p{n - 1}:x", f"p{n - 1}:name": "y"})


def test_jsonld_chaining_ten_thousand_prefixes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "chain.jsonld"
    path.write_text(_prefix_chain(10_000), encoding="utf-8")
    done = _run_cli("validate", str(path), "--report", str(tmp_path / "r.ttl"))
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "--max-prefix-chain" in done.stderr and "Traceback" not in done.stderr


def test_a_short_prefix_chain_is_read(tmp_path: Path) -> None:
    path = tmp_path / "chain.jsonld"
    path.write_text(_prefix_chain(3), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--report", str(tmp_path / "r.ttl")])
    assert result.exit_code == 0, result.output


DEEP = 5000
DEEP_CASES = {
    "deep-arrays.jsonld": '{"@id": "http://e/a", "http://e/p": ' + "[" * DEEP + '"x"' + "]" * DEEP + "}",
    "deep.ttl": "<http://e/a> <http://e/p> " + "[ <http://e/p> " * DEEP + "<http://e/b>" + " ]" * DEEP + " .\n",
    "deep-lists.ttl": "<http://e/a> <http://e/p> " + "( " * DEEP + "<http://e/b>" + " )" * DEEP + " .\n",
    "deep.trig": "<http://e/g> { <http://e/a> <http://e/p> " + "[ <http://e/p> " * DEEP + "1" + " ]" * DEEP + " . }\n",
}


def test_deeply_nested_jsonld_objects_are_refused(tmp_path: Path) -> None:
    """A child process: the JSON-LD parser crashed the process on this."""
    path = tmp_path / "deep.jsonld"
    path.write_text('{"@id": "http://e/a", "http://e/p": ' * DEEP + '"x"' + "}" * DEEP, encoding="utf-8")
    done = _run_cli("validate", str(path), "--report", str(tmp_path / "r.ttl"))
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert f"{path}:1:" in done.stderr and "--max-depth" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("name", sorted(DEEP_CASES))
def test_deep_nesting_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(DEEP_CASES[name], encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--report", str(tmp_path / "r.ttl")])
    assert result.exit_code == 2, result.output
    assert f"{path}:1:" in result.output and "--max-depth" in result.output


def test_brackets_in_strings_iris_and_comments_do_not_count(tmp_path: Path) -> None:
    path = tmp_path / "fine.ttl"
    brackets = "[[[(((" * 200
    path.write_text(textwrap.dedent(f"""\
        @prefix ex: <http://example.org/> .
        # {brackets}
        ex:a ex:b "{brackets}" , '{brackets}' , \"\"\"{brackets}
        {brackets}\"\"\" , <http://example.org/{"x" * 10}> , [ ex:c ( 1 2 [ ex:d 3 ] ) ] .
        """), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--report", str(tmp_path / "r.ttl"), "--max-depth", "5"])
    assert result.exit_code == 0, result.output


def test_max_depth_is_an_option(tmp_path: Path) -> None:
    path = tmp_path / "nested.ttl"
    path.write_text("<http://e/a> <http://e/p> " + "[ <http://e/p> " * 20 + "1" + " ]" * 20 + " .\n", encoding="utf-8")
    report = str(tmp_path / "r.ttl")
    assert CliRunner().invoke(main, ["validate", str(path), "--report", report]).exit_code == 0
    refused = CliRunner().invoke(main, ["validate", str(path), "--report", report, "--max-depth", "10"])
    assert refused.exit_code == 2 and "nested more than 10 deep" in refused.output


RDF12 = "@prefix ex: <http://example.org/> .\n@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"


@pytest.mark.parametrize("name, text, line", [
    ("triple-term.ttl", RDF12 + "ex:a ex:says <<( ex:s ex:p ex:o )>> .\n", 3),
    ("reified.ttl", RDF12 + "<< ex:s ex:p ex:o >> ex:certainty 0.9 .\n", 3),
    ("reifies.ttl", RDF12 + "\nex:r rdf:reifies <<( ex:s ex:p ex:o )>> .\n", 4),
    ("annotation.ttl", RDF12 + "ex:s ex:p ex:o {| ex:source ex:doc |} .\n", 3),
    ("reifier.ttl", RDF12 + "# << not here\nex:s ex:p ex:o ~ ex:r .\n", 4),
    ("triple-term.nt", "<http://e/a> <http://e/b> <<( <http://e/s> <http://e/p> <http://e/o> )>> .\n", 1),
    ("direction.nt", '<http://e/a> <http://e/b> "text"@en--ltr .\n', None),
])
def test_rdf_1_2_terms_are_refused_cleanly(tmp_path: Path, name: str, text: str, line: int | None) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--report", str(tmp_path / "r.ttl")])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "RDF 1.2" in result.output and "Traceback" not in result.output
    if line is not None:
        assert f"{path}:{line}:" in result.output


# ---------------------------------------------------------------------------
# Very many violations
# ---------------------------------------------------------------------------

PEOPLE = 1700  # three violations each: no source, and two facts without a reified statement


def _people(n: int = PEOPLE) -> Graph:
    g = Graph()
    for i in range(n):
        e = URIRef(f"{ID}person/p{i}")
        g.add((e, RDF.type, MIG.Person))
        g.add((e, RDFS.label, Literal(f"Person {i}", lang="en")))
        g.add((e, MIG.acronym, Literal(f"P{i}")))
        g.add((e, MIG.description, Literal(f"d{i}")))
    return g


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("many") / "many.nt"
    _people().serialize(path, format="nt", encoding="utf-8")
    return path


def test_many_violations_list_the_first_of_each_shape_and_count_the_rest(many: Path, tmp_path: Path) -> None:
    report_file = tmp_path / "report.ttl"
    result = CliRunner().invoke(main, ["validate", str(many), "--report", str(report_file), "--limit", "5"])
    assert result.exit_code == 1, result.output
    out = result.output
    assert f"Conforms: no ({3 * PEOPLE} violation(s)" in out
    assert f"migsh:EntityShape (entity) · {PEOPLE} result(s)" in out
    assert f"· {2 * PEOPLE} result(s)" in out
    assert out.count("\n  - ") == 10  # five for each of the two shapes
    assert f"... and {PEOPLE - 5} more (see the report graph)" in out
    assert f"... and {2 * PEOPLE - 5} more (see the report graph)" in out
    results = Graph().parse(report_file, format="turtle")
    assert len(set(results.objects(None, SH.result))) == 3 * PEOPLE
    assert (None, SH.conforms, Literal(False)) in results


def test_the_default_lists_twenty_per_shape(tmp_path: Path) -> None:
    from miggraph.validate import format_report

    report = validate_graph(_people(60), Settings(root=ROOT), per_shape=20, report_path=tmp_path / "r.ttl")
    text = format_report(report)
    assert text.count("\n  - ") == 40
    assert "... and 40 more (see the report graph)" in text and "... and 100 more (see the report graph)" in text


def test_streamed_report_keeps_the_first_findings_in_order_and_exact_counts(tmp_path: Path) -> None:
    settings = Settings(root=ROOT)
    shapes, ontology = load_shapes(settings), load_ontology(settings)
    graph = _people(400)
    whole = validate_graph(graph, settings, shapes, ontology)
    streamed = validate_graph(graph, settings, shapes, ontology, per_shape=7, report_path=tmp_path / "r.ttl", chunk=90)
    assert streamed.results is None and streamed.counts == whole.counts and streamed.total == 1200
    first: dict[tuple, list] = {}
    for f in whole.findings:
        first.setdefault((f.severity, f.shape), []).append(f)
    assert streamed.findings == [f for items in first.values() for f in items[:7]]
    written = Graph().parse(tmp_path / "r.ttl", format="turtle")
    assert len(set(written.objects(None, SH.result))) == 1200


def test_validation_in_chunks_gives_the_reference_results(tmp_path: Path) -> None:
    """Chunks of a few focus nodes, each with the classes of the values outside it: the reference results, in
    memory and streamed to a Turtle file."""
    from rdflib.compare import isomorphic
    from test_validate import _broken_synthetic_graph

    settings = Settings(root=ROOT)
    shapes, ontology = load_shapes(settings), load_ontology(settings)
    graph = _broken_synthetic_graph()
    chunked = validate_graph(graph, settings, shapes, ontology, chunk=37)
    reference = validate_graph(graph, settings, shapes, ontology, reference=True)
    assert len(chunked.findings) >= 15
    assert sorted(chunked.findings, key=repr) == sorted(reference.findings, key=repr)
    assert chunked.results is not None and reference.results is not None
    assert isomorphic(chunked.results, reference.results)
    streamed = validate_graph(graph, settings, shapes, ontology, chunk=37, report_path=tmp_path / "r.ttl", per_shape=2)
    assert streamed.counts == reference.counts
    assert isomorphic(Graph().parse(tmp_path / "r.ttl", format="turtle"), reference.results)
