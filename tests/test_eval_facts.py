"""miggraph eval --facts: the proposer over the five corpus documents, each from the graph without its own records,
scored against the curated facts per relation; precision and recall are what the README states (at least 0.90 and
0.60)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef

from miggraph.cli import main
from miggraph.config import MIG, PROV, Settings
from miggraph.evaluate_facts import SCOPE, own_ids, without_document
from miggraph.load import load
from miggraph.propose.keys import document_keys

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/miggraph/id/"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(root=ROOT)


@pytest.fixture(scope="module")
def full(settings: Settings) -> Graph:
    return load(settings).graph


@pytest.fixture(scope="module")
def report(settings: Settings) -> str:
    result = CliRunner().invoke(main, ["eval", "--facts", "--misses", "--root", str(ROOT)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_the_graph_without_a_document_knows_neither_its_entities_nor_its_facts(settings, full):
    slug = "a-65-944"
    own = own_ids(settings, slug)
    assert "meeting/informal-thematic-debate-2011" in own
    reduced = without_document(full, settings, slug)
    debate = URIRef(ID + "meeting/informal-thematic-debate-2011")
    assert (debate, None, None) in full and (debate, None, None) not in reduced and (None, None, debate) not in reduced
    doc = URIRef(ID + f"document/{slug}")
    in_doc = set(full.subjects(MIG.inDocument, doc))
    for st in reduced.subjects(RDF.type, RDF.Statement):
        passages = set(reduced.objects(st, PROV.wasDerivedFrom))
        assert not passages or not passages <= in_doc or reduced.value(st, RDF.predicate) == MIG.corpusFile
    assert reduced.value(doc, MIG.corpusFile) is not None  # a new document has its corpus file


def test_the_curated_facts_of_a_document_are_the_gold(settings, full):
    gold = document_keys(full, URIRef(ID + "document/a-67-254"), settings.instance_base)
    assert ("requestedBy", "document/a-67-254", "requestedBy", "resolution/65-170") in gold
    assert ("ratification", "instrument/trafficking-protocol", "149", "2012-06") in gold
    assert ("membership", "org/gmg", "org/iom") in gold


def test_eval_facts_prints_precision_and_recall_per_relation(report):
    for relation in ("requestedBy", "mandatedBy", "references", "startDate", "location", "organizedBy", "membership",
                     "ratification", "sentBy"):
        assert re.search(rf"^\W*{relation}\W", report, re.M), relation
    for slug in ("a-63-265", "a-65-944", "a-67-254", "hld-2006-and-beyond", "hld-2006-chair-summary"):
        assert slug in report
    assert set(SCOPE) >= {"requestedBy", "figure", "ratification"}


def test_precision_and_recall_are_at_least_the_targets(report):
    row = re.search(r"^\W*all\W+(\d+)\W+(\d+)\W+(\d+)\W+([\d.]+)\W+([\d.]+)", report, re.M)
    assert row, report
    gold, proposed, hits, precision, recall = int(row[1]), int(row[2]), int(row[3]), float(row[4]), float(row[5])
    assert proposed >= 100 and hits / proposed == pytest.approx(precision, abs=0.001)
    assert precision >= 0.90
    assert recall == pytest.approx(hits / gold, abs=0.001)
    assert recall >= 0.60


def test_misses_and_false_proposals_are_listed(report):
    assert re.search(r"^  miss: a-63-265: \w+ ", report, re.M)
    assert re.search(r"^  false: \S+: \w+ .*\[[\w.-]+, para .*\]", report, re.M)
