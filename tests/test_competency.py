"""Each competency question of the design is a SPARQL query in queries/, run over the Turtle export."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

QUERIES = Path(__file__).resolve().parents[1] / "queries"
ID = "https://w3id.org/miggraph/id/"


def select(store: ox.Store, name: str) -> list[dict[str, str]]:
    result = store.query((QUERIES / name).read_text(encoding="utf-8"))
    variables = [v.value for v in result.variables]
    return [{v: sol[v].value for v in variables if sol[v] is not None} for sol in result]


def ids(rows: list[dict[str, str]], var: str) -> set[str]:
    return {r[var].removeprefix(ID) for r in rows}


def test_cq01_report_requested_by_65_170(store):
    rows = select(store, "cq01-report-requested-by-resolution.rq")
    assert [r["symbol"] for r in rows] == ["A/67/254"]


def test_cq02_informal_debate_new_york_19_may_2011(store):
    rows = select(store, "cq02-informal-debate-place-and-date.rq")
    assert {(r["place"], r["date"]) for r in rows} == {("New York", "2011-05-19")}


def test_cq03_organisers_of_brussels_conference(store):
    rows = select(store, "cq03-organisers-of-brussels-conference.rq")
    assert ids(rows, "organizer") == {"country/BEL", "org/iom", "org/european-commission", "org/world-bank"}


def test_cq04_gmg_founders_not_in_geneva_migration_group(store):
    rows = select(store, "cq04-gmg-founders-not-in-geneva-group.rq")
    assert ids(rows, "member") == {"org/undesa", "org/undp", "org/unfpa", "org/world-bank"}


def test_cq05_ad_hoc_regional_consultative_processes(store):
    rows = select(store, "cq05-rcps-with-ad-hoc-development-focus.rq")
    assert ids(rows, "process") == {"process/soderkoping-process", "process/igc", "process/apc"}
    names = {r["name"] for r in rows}
    assert any("Asia-Pacific Consultations" in n for n in names)
    assert any("Intergovernmental Consultations on Migration, Asylum and Refugees" in n for n in names)


def test_cq06_protocols_supplementing_untoc(store):
    rows = select(store, "cq06-instruments-supplementing-untoc.rq")
    assert ids(rows, "instrument") == {"instrument/trafficking-protocol", "instrument/smuggling-protocol"}
    names = " | ".join(sorted(r["name"] for r in rows))
    assert "Trafficking in Persons, Especially Women and Children" in names
    assert "Smuggling of Migrants by Land, Sea and Air" in names


def test_cq07_civil_society_meetings_before_first_two_forum_meetings(store):
    rows = select(store, "cq07-civil-society-meetings-before-global-forum.rq")
    first_two = sorted({r["forumStart"] for r in rows})[:2]
    found = {(r["forumMeeting"].removeprefix(ID), r["organizer"].removeprefix(ID)) for r in rows if r["forumStart"] in first_two}
    assert found == {("meeting/gfmd-2007", "org/king-baudouin-foundation"), ("meeting/gfmd-2008", "org/ayala-foundation")}


def test_cq08_table_2_per_year(store):
    rows = select(store, "cq08-global-forum-follow-up-by-year.rq")
    got = [(r["year"], int(r["recommendations"]), int(r["actions"])) for r in rows]
    assert got == [("2007", 43, 102), ("2008", 33, 86), ("2009", 38, 148), ("2010", 45, 242), ("2011", 40, 181)]


def test_cq09_source_of_bali_process_focus(store):
    rows = select(store, "cq09-source-of-bali-process-focus.rq")
    assert rows, "no statement about the Bali Process cites a passage on smuggling and trafficking"
    assert {(r["symbol"], r["paragraph"]) for r in rows} == {("A/63/265", "63")}
    assert all("migrant smuggling" in r["quote"] for r in rows)


def test_cq10_meetings_in_manila(store):
    rows = select(store, "cq10-meetings-in-manila.rq")
    assert [(r["meeting"].removeprefix(ID), r.get("start"), r.get("end")) for r in rows] == [
        ("meeting/gfmd-2008", "2008-10-29", "2008-10-30")
    ]


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_every_query_parses_and_answers(store, path):
    assert list(store.query(path.read_text(encoding="utf-8")))


def test_class_hierarchy_is_queryable_where_the_graph_is_served(built):
    """`miggraph query` and `miggraph serve` load the ontology beside the graph: subclasses count as their class."""
    from rdflib import RDF, RDFS, Graph, URIRef

    from miggraph.query import open_store, run

    ontology = Graph().parse(built / "ontology.ttl", format="turtle")
    data = Graph().parse(built / "miggraph.nt", format="nt")
    meeting = URIRef("https://w3id.org/miggraph/ontology#Meeting")
    kinds = set(ontology.transitive_subjects(RDFS.subClassOf, meeting))
    expected = {s for s, o in data.subject_objects(RDF.type) if o in kinds}
    _, rows = run(open_store(built / "miggraph.nt"), """
        PREFIX mig: <https://w3id.org/miggraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?m WHERE { ?m a/rdfs:subClassOf* mig:Meeting }""")
    assert {URIRef(r[0]) for r in rows} == expected
    assert len(expected) > 50
