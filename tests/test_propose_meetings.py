"""Meeting rules (propose/meetings.py) and the new entities they make (propose/newentities.py), on small texts in the
style of UN documents (not in the corpus): the exact facts each rule proposes, and what it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from miggraph.config import Settings
from miggraph.evaluate_facts import without_document
from miggraph.load import load
from miggraph.propose.model import Proposal
from miggraph.propose.newentities import find_countries, slug
from miggraph.propose.run import propose, text_context

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.default(ROOT)


@pytest.fixture(scope="module")
def full(settings: Settings) -> Graph:
    return load(settings).graph


@pytest.fixture(scope="module")
def without_chair_summary(full: Graph, settings: Settings) -> Graph:
    """The graph before the Chairperson's summary of 2006 was curated: its round tables and chairs are unknown."""
    return without_document(full, settings, "hld-2006-chair-summary")


def proposals(graph: Graph, settings: Settings, text: str) -> list[Proposal]:
    ctx = text_context(graph, settings, "test-note", "test-note.txt", text)
    return propose(ctx, graph, settings)


def facts(props: list[Proposal], relation: str) -> set[tuple[str, str]]:
    """(subject, value) of every proposed fact of the relation."""
    return {(k[1], k[3]) for p in props for k in p.keys if k[0] == relation}


def needs(props: list[Proposal]) -> dict[str, str]:
    return {n.ident: n.label for p in props for n in p.needs}


# -- annex entries ---------------------------------------------------------------------------------------------------

ANNEX = """\
Annex

Regional Meeting on Labour Mobility in Central America

Date: 3-4 June 2010

Venue: Panama City, Panama

Organizers: Government of Panama; International Organization for Migration (IOM); Latin American Demographics Study
Centre (CELADE); the Global Foundation for Democracy and Development

Outcome Document: Conclusions
"""


def test_annex_entry_reads_a_city_holding_a_country_name_and_organisers_with_their_acronyms(full, settings):
    props = proposals(full, settings, ANNEX)
    meeting = "meeting/regional-meeting-on-labour-mobility-in-central-america"
    assert facts(props, "location") == {(meeting, "city/panama-city"), (meeting, "country/PAN")}
    assert facts(props, "organizedBy") == {(meeting, "country/PAN"), (meeting, "org/iom"), (meeting, "org/celade"),
                                           (meeting, "org/global-foundation-for-democracy-and-development")}
    assert facts(props, "startDate") == {(meeting, "2010-06-03")}
    assert facts(props, "endDate") == {(meeting, "2010-06-04")}
    assert needs(props)["city/panama-city"] == "Panama City"


def test_a_country_before_the_next_field_label_of_an_entry_is_read():
    text = "Venue: Cotonou, Benin Organizers: Government of Benin"
    assert [(code, name) for _, _, code, name in find_countries(text, [])] == [("BEN", "Benin"), ("BEN", "Benin")]
    # a capitalised word that is no field label still makes a longer name: "Benin Gulf" is not Benin
    assert find_countries("Venue: Benin Gulf", []) == []


def test_a_process_named_whole_as_an_entry_title_is_a_meeting_of_it(full, settings):
    text = """\
Annex

South American Conference on Migration

Date: 2-3 October 2011

Venue: Asunción, Paraguay

Organizers: Government of Paraguay
"""
    props = proposals(full, settings, text)
    meeting = "meeting/south-american-conference-on-migration"
    assert needs(props)[meeting] == "South American Conference on Migration"
    assert facts(props, "startDate") == {(meeting, "2011-10-02")}
    assert facts(props, "organizedBy") == {(meeting, "country/PRY")}
    assert (meeting, "country/PRY") in facts(props, "location")
    # the city's id is written without its accents, as the curated ids are
    assert slug("Asunción") == "asuncion" and slug("Jean-François Laínez") == "jean-francois-lainez"


def test_an_item_discussed_at_a_meeting_is_an_entry_of_that_meeting(full, settings):
    text = """\
Annex

Consideration of labour migration at the meeting of Ministers of Labour of the Andean Community

Date: 14-15 March 2011

Venue: Quito, Ecuador

Organizers: Government of Ecuador
"""
    props = proposals(full, settings, text)
    meeting = "meeting/meeting-of-ministers-of-labour-of-the-andean-community"
    assert needs(props)[meeting] == "meeting of Ministers of Labour of the Andean Community"
    assert facts(props, "startDate") == {(meeting, "2011-03-14")}
    assert facts(props, "endDate") == {(meeting, "2011-03-15")}
    assert facts(props, "organizedBy") == {(meeting, "country/ECU")}


def test_a_known_name_opening_a_longer_entry_title_leaves_the_entry_unread(full, settings):
    text = """\
Annex

IOM seminar series on remittances for diplomats

Date: 1 May 2010

Venue: Geneva, Switzerland

Organizers: International Organization for Migration (IOM)
"""
    props = proposals(full, settings, text)
    assert not facts(props, "startDate") and not facts(props, "organizedBy") and not facts(props, "location")
