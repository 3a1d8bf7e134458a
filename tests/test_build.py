"""The build as a user sees it: deterministic files, provenance for every fact, stats and query commands."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from miggraph import build
from miggraph.cli import main
from miggraph.stats import compute

ROOT = Path(__file__).resolve().parents[1]
build_module = importlib.import_module("miggraph.build")  # the module (`miggraph.build` is also the function)


def _build_in_subprocess(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "miggraph.cli", "build", "--jobs", "2", "--out", str(out)], cwd=ROOT, env=env, check=True,
                   capture_output=True)


def test_two_builds_are_byte_identical(tmp_path, built):
    """`miggraph build` in a fresh process (its own hash seed), rendering in two lanes, writes the same bytes as the
    session's build, rendered in one."""
    _build_in_subprocess(tmp_path / "a", "1")
    names = sorted(str(p.relative_to(tmp_path / "a")) for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(built)) for p in built.rglob("*") if p.is_file())
    assert {"context.jsonld", "miggraph.jsonld", "miggraph.nt", "miggraph.ttl", "ontology.ttl"} <= set(names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (built / name).read_bytes(), name


def test_a_graph_validated_before_the_lanes_fork_gives_the_same_files(tmp_path, built, monkeypatch):
    """Past build.BESIDE_UP_TO triples, two processes validate before the lanes fork instead of beside them: the
    files are the same."""
    monkeypatch.setattr(build_module, "BESIDE_UP_TO", 0)
    graph = build_module.make_graph(build_module.Settings.default(ROOT))
    assert not build_module.validates_beside(graph, 2) and not build_module.validates_beside(graph, 1)
    build_module.build_to(tmp_path / "a", ROOT, jobs=2)
    names = sorted(str(p.relative_to(tmp_path / "a")) for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(built)) for p in built.rglob("*") if p.is_file())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (built / name).read_bytes(), name


def test_exports_hold_the_same_graph(built):
    graph = build(ROOT)
    turtle = Graph().parse(built / "miggraph.ttl", format="turtle")
    ntriples = Graph().parse(built / "miggraph.nt", format="nt")
    context = json.loads((built / "context.jsonld").read_text())
    doc = json.loads((built / "miggraph.jsonld").read_text())
    assert doc["@context"] == "context.jsonld"
    doc["@context"] = context["@context"]
    jsonld = Graph().parse(data=json.dumps(doc), format="json-ld")
    assert len(turtle) == len(ntriples) == len(jsonld) == len(graph)
    assert isomorphic(turtle, graph)
    assert isomorphic(ntriples, jsonld)


def test_every_curated_fact_has_a_passage(store):
    """Independent of the stats module: every mig: fact has a reified statement deriving from a whole passage."""
    prefixes = """
    PREFIX mig: <https://w3id.org/miggraph/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX qb: <http://purl.org/linked-data/cube#>
    """
    facts = {(r["s"], r["p"], r["o"]) for r in store.query(prefixes + """
    SELECT ?s ?p ?o WHERE {
      ?s ?p ?o .
      FILTER(STRSTARTS(STR(?p), STR(mig:)))
      FILTER(?p NOT IN (mig:inDocument, mig:paragraph, mig:quote, mig:startOffset, mig:endOffset, mig:mentions,
                        mig:withinRegion, mig:withinRegionEditorial))  # the region hierarchy is vocabulary
      FILTER NOT EXISTS { ?s a qb:Observation }
    }""")}
    sourced = {(r["s"], r["p"], r["o"]) for r in store.query(prefixes + """
    SELECT DISTINCT ?s ?p ?o WHERE {
      ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?passage .
      ?passage a mig:Passage ; mig:inDocument ?doc ; mig:paragraph ?para ; mig:quote ?quote .
    }""")}
    assert len(facts) > 1000
    assert sorted(map(str, facts - sourced)) == []


def test_every_entity_has_a_label_and_a_passage(store):
    query = """
    PREFIX mig: <https://w3id.org/miggraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?e (COUNT(DISTINCT ?label) AS ?labels) WHERE {
      ?e a ?class . FILTER(STRSTARTS(STR(?class), STR(mig:)) && ?class != mig:Passage)
      OPTIONAL { ?e rdfs:label ?label . FILTER(LANG(?label) = "en") }
      FILTER EXISTS { ?e a ?c2 }
    } GROUP BY ?e"""
    rows = list(store.query(query))
    assert rows
    assert [r["e"].value for r in rows if int(r["labels"].value) != 1] == []
    missing = list(store.query("""
    PREFIX mig: <https://w3id.org/miggraph/ontology#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT DISTINCT ?e WHERE {
      ?e a ?class . FILTER(STRSTARTS(STR(?class), STR(mig:)) && ?class != mig:Passage)
      FILTER NOT EXISTS { ?e prov:wasDerivedFrom ?p }
    }"""))
    assert [r["e"].value for r in missing] == []


def test_every_quote_is_in_its_document(store):
    """Re-read each passage's offsets from the corpus file and compare with its quote."""
    rows = store.query("""
    PREFIX mig: <https://w3id.org/miggraph/ontology#>
    SELECT ?quote ?start ?end ?file WHERE {
      ?p a mig:Passage ; mig:quote ?quote ; mig:startOffset ?start ; mig:endOffset ?end ; mig:inDocument/mig:corpusFile ?file .
    }""")
    checked = 0
    for r in rows:
        text = (ROOT / "data" / "corpus" / r["file"].value).read_text(encoding="utf-8")
        span = text[int(r["start"].value):int(r["end"].value)]
        assert " ".join(span.replace("-\n", "-").split()) == r["quote"].value
        checked += 1
    assert checked > 100


def test_stats_report_full_provenance():
    stats = compute(build(ROOT))
    assert stats.facts > 500
    assert stats.facts_with_provenance == stats.facts
    assert stats.classes["mig:Passage"] == stats.passages > 100
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0
    assert "facts with provenance" in result.output
    assert "100.0%" in result.output


def test_query_command_formats(built):
    nt = str(built / "miggraph.nt")
    q = 'PREFIX mig: <https://w3id.org/miggraph/ontology#> SELECT ?s WHERE { ?s mig:symbol "A/67/254" }'
    runner = CliRunner()
    as_csv = runner.invoke(main, ["query", q, "--graph", nt, "--format", "csv"])
    assert as_csv.exit_code == 0
    assert as_csv.output.splitlines() == ["s", "https://w3id.org/miggraph/id/document/a-67-254"]
    as_json = runner.invoke(main, ["query", str(ROOT / "queries" / "cq01-report-requested-by-resolution.rq"), "--graph", nt,
                                   "--format", "json"])
    assert json.loads(as_json.output) == [{"report": "https://w3id.org/miggraph/id/document/a-67-254", "symbol": "A/67/254"}]
    table = runner.invoke(main, ["query", q, "--graph", nt])
    assert "document/a-67-254" in table.output
    bad = runner.invoke(main, ["query", "SELECT WHERE {", "--graph", nt])
    assert bad.exit_code != 0
    assert "SPARQL syntax error" in bad.output


def test_turtle_loads_into_oxigraph(built):
    store = ox.Store()
    store.load(path=str(built / "miggraph.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(built / "miggraph.nt", format="nt"))


def test_no_two_entities_share_a_label_or_acronym(store):
    """Two ids for one thing would split its facts: labels are unique per class, acronyms overall."""
    rows = store.query("""
    PREFIX mig: <https://w3id.org/miggraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?class ?key (GROUP_CONCAT(STR(?e); separator=" ") AS ?entities) WHERE {
      ?e a ?class ; rdfs:label ?label .
      FILTER(STRSTARTS(STR(?class), STR(mig:)) && ?class NOT IN (mig:Passage, mig:Membership, mig:Role, mig:RatificationStatus))
      BIND(LCASE(STR(?label)) AS ?key)
    } GROUP BY ?class ?key HAVING (COUNT(DISTINCT ?e) > 1)""")
    assert [(r["key"].value, r["entities"].value) for r in rows] == []
    rows = store.query("""
    PREFIX mig: <https://w3id.org/miggraph/ontology#>
    SELECT ?acronym (GROUP_CONCAT(STR(?e); separator=" ") AS ?entities) WHERE {
      ?e mig:acronym ?acronym .
    } GROUP BY ?acronym HAVING (COUNT(DISTINCT ?e) > 1)""")
    assert [(r["acronym"].value, r["entities"].value) for r in rows] == []
