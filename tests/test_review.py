"""miggraph review, end to end: ingest a new report, review its proposals, and find the accepted facts in the built
graph with their passages, validated; rejected proposals are remembered; an edit that does not load changes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef
from test_propose import SLUG, by_rule, copy_project, ingest_note, proposals_of

from miggraph import review as rv
from miggraph.cli import main
from miggraph.config import MIG, PROV, Settings
from miggraph.propose.store import accepted_path, rejected_path
from miggraph.validate import SH, validate_graph

ID = "https://w3id.org/miggraph/id/"


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["review", SLUG, *args, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("review") / "project")
    ingest_note(root)
    return root


@pytest.fixture(scope="module")
def accepted(project: Path) -> tuple[Path, list[dict], Graph]:
    """The requesting resolution and the letter's facts accepted with the command line; the built graph."""
    proposals = proposals_of(project)
    [requested] = by_rule(proposals, "requested-by.pursuant")
    run(project, "--accept", requested["id"], "--accept-rule", "letter")
    graph = Graph().parse(project / "out" / "miggraph.nt", format="nt")
    return project, proposals, graph


def statement_passages(graph: Graph, s: URIRef, p: URIRef, o: URIRef | Literal) -> list[URIRef]:
    sts = [st for st in graph.subjects(RDF.subject, s) if (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph]
    return [pa for st in sts for pa in graph.objects(st, PROV.wasDerivedFrom)]


def test_an_accepted_fact_is_in_the_graph_with_its_passage(accepted):
    root, proposals, graph = accepted
    [requested] = by_rule(proposals, "requested-by.pursuant")
    doc, resolution = URIRef(ID + f"document/{SLUG}"), URIRef(ID + "resolution/67-219")
    assert (doc, MIG.requestedBy, resolution) in graph
    [passage] = statement_passages(graph, doc, MIG.requestedBy, resolution)
    assert str(graph.value(passage, MIG.quote)) == requested["quote"]
    assert str(graph.value(passage, MIG.paragraph)) == "Summary"
    assert int(graph.value(passage, MIG.startOffset)) == requested["start"]
    # the new resolution came with it, curated now (no longer text extraction's)
    assert (resolution, MIG.resolutionNumber, Literal("67/219")) in graph
    assert (resolution, PROV.wasGeneratedBy, None) not in graph


def test_the_accepted_letter_facts_and_the_graph_validate(accepted):
    root, _, graph = accepted
    letter = URIRef(ID + "document/a-67-876")
    assert (letter, RDF.type, MIG.Correspondence) in graph
    assert (letter, MIG.sentBy, URIRef(ID + "country/SWE")) in graph
    assert (letter, MIG.sentTo, URIRef(ID + "org/secretary-general")) in graph
    assert str(graph.value(letter, MIG.issued)) == "2013-05-03"
    report = validate_graph(graph, Settings(root=root))
    assert report.count(SH.Violation) == 0


def test_accepted_facts_leave_the_proposals_and_carry_their_provenance(accepted):
    root, proposals, _ = accepted
    text = accepted_path(root / "data", SLUG).read_text(encoding="utf-8")
    [requested] = by_rule(proposals, "requested-by.pursuant")
    assert f"# proposal {requested['id']} · rule requested-by.pursuant · confidence 0.95" in text
    records = yaml.safe_load(text)["records"]
    assert {"about": "document/a-68-190", "requestedBy": requested["record"]["requestedBy"]} in records
    left = {p["id"] for p in proposals_of(root)}
    assert requested["id"] not in left and not {p["id"] for p in by_rule(proposals, "letter.dated")} & left


def test_a_rejected_proposal_is_remembered_and_not_proposed_again(accepted):
    root, _, _ = accepted
    [established] = [p for p in proposals_of(root) if p["relation"] == "membership"]
    before = digest(root / "out")
    output = run(root, "--reject", established["id"])
    assert "rejected 1" in output
    assert digest(root / "out") == before  # a rejection changes no fact: no rebuild
    rejected = yaml.safe_load(rejected_path(root / "data", SLUG).read_text(encoding="utf-8"))["rejected"]
    assert [r["id"] for r in rejected] == [established["id"]]
    result = CliRunner().invoke(main, ["propose", SLUG, "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert established["id"] not in {p["id"] for p in proposals_of(root)}


def test_review_list_shows_each_quote_in_context(accepted):
    root, _, _ = accepted
    output = run(root, "--list")
    assert "mandated-by.decided" in output and "In its resolution 63/225, the General Assembly decided to hold" in output
    assert "pending proposal(s)" in output


def test_unknown_ids_and_rules_are_named(accepted):
    root, _, _ = accepted
    result = CliRunner().invoke(main, ["review", SLUG, "--accept", "p0000000", "--root", str(root)])
    assert result.exit_code != 0 and "no pending proposal p0000000" in result.output
    result = CliRunner().invoke(main, ["review", SLUG, "--accept-rule", "no.such.rule", "--root", str(root)])
    assert result.exit_code != 0 and "no pending proposal from rule 'no.such.rule'" in result.output


class Script:
    """A curator at the terminal: answers and edits given in advance."""

    def __init__(self, answers: list[str], edits: list[str | None]) -> None:
        self.answers, self.edits, self.shown = list(answers), list(edits), []

    def terminal(self) -> rv.Terminal:
        return rv.Terminal(self.shown.append, lambda _: self.answers.pop(0), lambda _: self.edits.pop(0))


def test_interactive_review_accepts_an_edited_fact(accepted):
    root, _, _ = accepted
    settings = Settings(root=root)
    proposals = rv.pending(settings, SLUG)
    [ratified] = [p for p in proposals if p.rule == "ratification.count"]
    order = [ratified] + [p for p in proposals if p is not ratified][:1]
    edited = yaml.safe_dump({**ratified.record, "count": {"value": "46", "note": "States parties, as counted in June 2013."}})
    script = Script(["e", "e", "q"], [None, edited])  # an unchanged edit asks again; then the edit; then quit
    decisions = rv.interactive(order, rv.corpus_text(settings, SLUG), script.terminal())
    assert decisions.accept == [ratified.id] and not decisions.reject
    assert any("As at June 2013, 46 States had ratified" in line for line in script.shown)
    outcome = rv.apply(settings, SLUG, decisions)
    assert [p.id for p in outcome.accepted] == [ratified.id]
    graph = Graph().parse(root / "out" / "miggraph.nt", format="nt")
    [node] = [n for n in graph.subjects(MIG.instrument, URIRef(ID + "instrument/migrant-workers-convention"))
              if str(graph.value(n, MIG.asOf)) == "2013-06"]
    assert int(graph.value(node, MIG["count"])) == 46
    assert "States parties, as counted in June 2013." in accepted_path(root / "data", SLUG).read_text(encoding="utf-8")


def test_an_edit_that_does_not_load_changes_nothing(accepted):
    root, _, _ = accepted
    settings = Settings(root=root)
    [p] = [p for p in rv.pending(settings, SLUG) if p.rule == "mandated-by.decided"]
    before = (digest(root / "data"), digest(root / "out"))
    bad = {**p.record, "mandatedBy": {**p.record["mandatedBy"], "value": "resolution/no-such-resolution"}}
    with pytest.raises(rv.ReviewError, match=r"do not load: .*dangling reference.*data/ and out/ are unchanged"):
        rv.apply(settings, SLUG, rv.Decisions([p.id], [], {p.id: bad}))
    assert (digest(root / "data"), digest(root / "out")) == before
    assert not list(root.glob(".stage-*"))
