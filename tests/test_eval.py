"""Extraction measured against the curated facts, the hand-checked sample and the symbols read in the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from miggraph.build import make_graph
from miggraph.cli import main
from miggraph.config import MIG, Settings
from miggraph.evaluate import evaluate, names_of, read_sample, read_symbols, read_unmentioned

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def graph():
    return make_graph(Settings(root=ROOT))


@pytest.fixture(scope="module")
def report(graph):
    return evaluate(graph, Settings(root=ROOT), DATA / "mention-sample.tsv", DATA / "symbols.txt")


def test_every_resolution_and_symbol_read_in_the_corpus_is_found(report):
    assert len(read_symbols(DATA / "symbols.txt")) == report.symbols.total >= 40
    assert report.symbols.misses == []
    assert report.symbols.value == 1.0


def test_precision_on_the_hand_checked_sample(report):
    rows = read_sample(DATA / "mention-sample.tsv")
    assert len(rows) == report.overall(report.precision).total + len(report.stale)
    assert report.overall(report.precision).total >= 150
    assert len(report.stale) <= len(rows) // 20, report.stale  # rows the extraction no longer makes: re-check them
    assert {r["type"] for r in rows} == {"name", "description", "resolution", "symbol", "date", "money", "percentage"}
    assert report.overall(report.precision).value >= 0.95
    assert report.precision["name"].value >= 0.95
    assert report.precision["description"].total >= 30 and report.precision["description"].value >= 0.95


def test_entity_link_recall(report):
    # over the passages that name or describe their entity: all but the hand-checked pairs that do neither
    mentioned = report.overall(report.named_recall)
    listed = read_unmentioned(DATA / "unmentioned.tsv")
    everything = report.overall(report.recall)
    assert mentioned.total == everything.total - len(listed) > 1000
    assert mentioned.value >= 0.95, mentioned.misses[:20]
    # over every passage an entity derives from, whether or not it names or describes it
    assert everything.value >= 0.95, everything.misses[:20]
    for fam in ("meeting", "organization", "place", "theme"):
        assert report.named_recall[fam].value >= 0.93, (fam, report.named_recall[fam].misses)
    assert not [s for s in report.stale if "listed as not mentioned" in s]


def test_pairs_listed_as_not_mentioned_are_misses_and_do_not_name_the_entity(report, graph):
    """The hand-checked list holds only pairs extraction misses, and none whose quote holds one of the entity's names."""
    settings = Settings(root=ROOT)
    missed = "\n".join(report.overall(report.recall).misses)
    for row in read_unmentioned(DATA / "unmentioned.tsv"):
        entity, passage = URIRef(settings.instance_base + row["entity"]), URIRef(settings.instance_base + row["passage"])
        assert f"{entity} not found in" in missed and f"(cited by {passage})" in missed, row
        quote = " ".join(str(graph.value(passage, MIG.quote)).split()).lower()
        assert not any(n.lower() in quote for n in names_of(graph, entity)), row
        assert row["kind"] in {"own-text", "url", "footnote-mark", "year-span", "ellipsis"}, row


def test_eval_command_prints_recall_and_precision_per_type():
    result = CliRunner().invoke(main, ["eval", "--root", str(ROOT)])
    assert result.exit_code == 0, result.output
    for word in ("entity-link recall", "precision", "organization", "theme", "name", "money", "percentage",
                 "resolutions and symbols read in the corpus and found: 40/40"):
        assert word in result.output, word
