"""Fact proposals: a realistic new report ingested into a copy of the project gets its facts proposed, each with its
paragraph, verbatim quote and offsets, the rule and a confidence, every one passing the support check; variant names
of numbered instruments are read as the instruments the graph knows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph, URIRef

from miggraph.cli import main
from miggraph.config import Settings
from miggraph.corpus import normalise
from miggraph.extract.variants import VariantIndex
from miggraph.load import load
from miggraph.propose.context import _split
from miggraph.propose.store import proposed_path

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/miggraph/id/"

# A report of the Secretary-General as it arrives: masthead, summary, numbered paragraphs, a letter cited in the body.
NOTE = """\
 United Nations  A/68/190

 General Assembly  Distr.: General
25 July 2013

Original: English

Sixty-eighth session
Item 22 (c) of the provisional agenda

  International migration and development: report of the Secretary-General

  Summary
 Pursuant to General Assembly resolution 67/219, the present report reviews recent
developments in international migration and development and the preparations for
the 2013 High-level Dialogue on International Migration and Development.

  I. Introduction

1. In its resolution 63/225, the General Assembly decided to hold a High-level
Dialogue on International Migration and Development during its sixty-eighth
session, in 2013. The 2013 High-level Dialogue on International Migration and
Development will take place in New York on 3 and 4 October 2013.

2. As at June 2013, 46 States had ratified the International Convention on the
Protection of the Rights of All Migrant Workers and Members of Their Families.
In June 2011, the International Labour Conference adopted the Domestic Workers
Convention, 2011 (No. 189), which entered into force in September 2013.

3. As at 2013, the Global Migration Group includes the International Labour
Organization, IOM, UNDP and UNFPA.

4. Letter dated 3 May 2013 from the Permanent Representative of Sweden to the
United Nations addressed to the Secretary-General (A/67/876) transmitted the
conclusions of a meeting held in Stockholm.
"""
SLUG = "a-68-190"


def copy_project(dest: Path) -> Path:
    for name in ("ontology", "shapes", "queries"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    (dest / "data").mkdir(parents=True)
    for name in ("corpus", "facts", "tables", "vocabulary"):
        if (ROOT / "data" / name).is_dir():
            shutil.copytree(ROOT / "data" / name, dest / "data" / name)
    for name in ("documents.yaml", "coverage-reviewed.yaml"):
        if (ROOT / "data" / name).is_file():
            shutil.copy(ROOT / "data" / name, dest / "data" / name)
    return dest


def ingest_note(root: Path) -> str:
    """Ingest NOTE into the project at `root` with the command line; the command's output."""
    note = root.parent / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(note), "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def proposals_of(root: Path) -> list[dict]:
    return yaml.safe_load(proposed_path(root / "data", SLUG).read_text(encoding="utf-8"))["proposals"]


def by_rule(proposals: list[dict], rule: str) -> list[dict]:
    return [p for p in proposals if p["rule"] == rule]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("project") / "project")
    ingest_note(root)
    return root


def test_ingest_writes_the_proposals_of_the_new_document(ingested):
    proposals = proposals_of(ingested)
    assert len(proposals) >= 12
    text = (ingested / "data" / "corpus" / "A-68-190.txt").read_text(encoding="utf-8")
    for p in proposals:
        assert set(p) >= {"id", "rule", "confidence", "relation", "para", "start", "end", "quote", "record"}
        assert normalise(text[int(p["start"]):int(p["end"])]) == p["quote"], p  # verbatim, at its offsets
        assert 0 < float(p["confidence"]) <= 1
        source = next(v["source"] for v in [p["record"], *p["record"].values()] if isinstance(v, dict) and "source" in v)
        assert source == {"para": p["para"], "quote": p["quote"]}


def test_the_report_and_the_meeting_get_their_resolutions(ingested):
    proposals = proposals_of(ingested)
    [requested] = by_rule(proposals, "requested-by.pursuant")
    assert requested["record"]["about"] == "document/a-68-190"
    assert requested["record"]["requestedBy"]["value"] == "resolution/67-219"
    assert requested["para"] == "Summary"
    # the resolution is new to the graph: its record comes with the proposal
    assert requested["needs"][0]["id"] == "resolution/67-219" and requested["needs"][0]["resolutionNumber"] == "67/219"
    [mandated] = by_rule(proposals, "mandated-by.decided")
    assert mandated["record"] == {"about": "meeting/hld-2013", "mandatedBy": {"value": "resolution/63-225", "source": {
        "para": "1", "quote": mandated["quote"]}}}
    assert mandated["quote"].startswith("In its resolution 63/225, the General Assembly decided to hold")
    dates = {(p["relation"], p["record"][p["relation"]]["value"]) for p in by_rule(proposals, "dates.held")}
    assert dates == {("startDate", "2013-10-03"), ("endDate", "2013-10-04")}


def test_ratification_membership_and_letter(ingested):
    proposals = proposals_of(ingested)
    [ratified] = by_rule(proposals, "ratification.count")
    assert ratified["record"]["type"] == "RatificationStatus"
    assert (ratified["record"]["instrument"], ratified["record"]["count"], ratified["record"]["asOf"]) == (
        "instrument/migrant-workers-convention", "46", "2013-06")
    [membership] = by_rule(proposals, "membership.list")
    assert membership["record"]["group"] == "org/gmg"
    assert membership["record"]["member"] == ["org/ilo", "org/iom", "org/undp", "org/unfpa"]
    assert membership["record"]["asOf"] == "2013"
    letter = {p["relation"]: p["record"][p["relation"]]["value"] for p in by_rule(proposals, "letter.dated")}
    assert letter == {"issued": "2013-05-03", "sentBy": "country/SWE", "sentTo": "org/secretary-general"}


def test_a_convention_cited_by_short_title_year_and_number_is_the_one_the_graph_knows(ingested):
    proposals = proposals_of(ingested)
    adopted = {p["relation"]: p for p in by_rule(proposals, "adopted.agent")}
    assert adopted["adoptedBy"]["record"]["about"] == "instrument/ilo-c189"
    assert adopted["adoptedBy"]["record"]["adoptedBy"]["value"] == "org/ilc"
    assert "Domestic Workers Convention, 2011 (No. 189)" in adopted["adoptedBy"]["quote"]
    assert adopted["adoptedOn"]["record"]["adoptedOn"]["value"] == "2011-06"


def test_proposals_are_not_published(ingested):
    graph = Graph().parse(ingested / "out" / "miggraph.nt", format="nt")
    doc = URIRef(ID + f"document/{SLUG}")
    assert (doc, URIRef("https://w3id.org/miggraph/ontology#requestedBy"), None) not in graph
    assert (URIRef(ID + "resolution/67-219"), URIRef("https://w3id.org/miggraph/ontology#adoptedBy"), None) not in graph


def test_propose_regenerates_the_same_proposals(ingested):
    before = proposals_of(ingested)
    result = CliRunner().invoke(main, ["propose", SLUG, "--root", str(ingested)])
    assert result.exit_code == 0, result.output
    assert f"{len(before)} proposal(s) for document/{SLUG}" in result.output
    assert [p["id"] for p in proposals_of(ingested)] == [p["id"] for p in before]


def test_propose_names_an_unknown_document(ingested):
    result = CliRunner().invoke(main, ["propose", "no-such-document", "--root", str(ingested)])
    assert result.exit_code != 0
    assert "no document 'no-such-document'" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load(Settings.default(ROOT)).graph


@pytest.mark.parametrize("text, found", [
    ("the Domestic Workers Convention, 2011 (No. 189)", ["Domestic Workers Convention, 2011 (No. 189)"]),
    ("ILO Convention No. 189 and Recommendation No. 201", ["ILO Convention No. 189", "Recommendation No. 201"]),
    ("ILO Conventions No. 97 and No. 143", ["ILO Conventions No. 97", "No. 143"]),
    ("the ILO Convention 143", ["the ILO Convention 143"]),
    ("C189", ["C189"]),
    ("the Seafarers Convention, 2006 (No. 189)", []),  # a short title sharing no word with the title
    ("Convention 189", []),  # a bare number could be anything
    ("Convention No. 999", []),  # a number the graph does not know
])
def test_variant_names(graph, text, found):
    index = VariantIndex.from_graph(graph)
    assert [text[a:b] for a, b, _ in index.find(text)] == found


def test_variant_names_link_the_instrument(graph):
    index = VariantIndex.from_graph(graph)
    [(_, _, entity)] = index.find("ratify the Domestic Workers Convention, 2011 (No. 189) soon")
    assert entity == URIRef(ID + "instrument/ilo-c189")


def test_sentences_do_not_end_at_abbreviations():
    text = "The Convention (No. 189) was adopted. Mr. Smith spoke on 3 May 2013. It ended."
    assert [text[a:b] for a, b in _split(text)] == ["The Convention (No. 189) was adopted.", "Mr. Smith spoke on 3 May 2013.",
                                                    "It ended."]
