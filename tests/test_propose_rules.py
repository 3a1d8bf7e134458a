"""Fact proposal rules on small texts in the style of UN documents (not in the corpus) and on corpus paragraphs: what
each rule proposes, read from the graph without the document's own records, as a new document is."""

from __future__ import annotations

from pathlib import Path

import pytest
from _propose import proposals
from rdflib import Graph

from miggraph.config import Settings
from miggraph.evaluate_facts import without_document
from miggraph.load import load
from miggraph.propose.model import Proposal

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.default(ROOT)


@pytest.fixture(scope="module")
def full(settings: Settings) -> Graph:
    return load(settings).graph


@pytest.fixture(scope="module")
def without_a63(full: Graph, settings: Settings) -> Graph:
    """The graph before A/63/265 was curated: the Global Migration Group, IOM, UNDP ... are unknown."""
    return without_document(full, settings, "a-63-265")


def facts(props: list[Proposal], relation: str | None = None) -> set[tuple[str, ...]]:
    return {k for p in props for k in p.keys if relation is None or k[0] == relation}


def needs(props: list[Proposal]) -> dict[str, str]:
    return {n.ident: n.label for p in props for n in p.needs}


NOTE = """\
1. The Global Migration Group is an inter-agency body. As at 2010, the membership of the Group included the United
Nations Development Programme (UNDP), the United Nations Conference on Trade and Development (UNCTAD) and the
Office of the United Nations High Commissioner for Refugees (UNHCR).

Annex

Regional Meeting on Diaspora Engagement

Date: 4-5 May 2010

Venue: Accra, Ghana

Organizers: Government of Ghana; International Organization for Migration (IOM)
"""


def test_organisers_written_as_the_government_of_a_country(without_a63, settings):
    props = proposals(without_a63, settings, NOTE)
    organised = {k[3] for k in facts(props, "organizedBy")}
    assert {"country/GHA", "org/iom"} <= organised


def test_names_without_acronym_are_new_entities_and_the_group_stands_for_the_last_named(without_a63, settings):
    props = proposals(without_a63, settings, NOTE)
    members = {k[2] for k in facts(props, "membership") if k[1] == "org/global-migration-group"}
    # a United Nations programme or conference introduced with its acronym is an entity of the system
    assert members == {"org/undp", "org/unctad", "org/unhcr"}
    named = needs(props)
    assert named["org/global-migration-group"] == "Global Migration Group"
    assert named["org/undp"] == "United Nations Development Programme"
    [membership] = [p for p in props if p.relation == "membership"]
    assert membership.quote.startswith("As at 2010, the membership of the Group included")
    assert "the Group" in membership.record["group"]["note"]  # read with a note: "the Group" is the name before


def test_a_name_known_word_for_word_is_linked_not_made_new(full, settings):
    props = proposals(full, settings, "1. As at 2010, the membership of the Global Migration Group included IOM and UNDP.")
    assert facts(props, "membership") == {("membership", "org/gmg", "org/iom"), ("membership", "org/gmg", "org/undp")}
    assert not needs(props)


def test_a_name_cut_by_a_comma_is_not_a_name(without_a63, settings):
    text = "1. The Protocol to Prevent, Suppress and Punish Trafficking was adopted in 2000 by the General Assembly."
    props = proposals(without_a63, settings, text)
    assert "instrument/protocol-to-prevent" not in needs(props)


def test_each_resolution_of_a_general_assembly_list_is_adopted_by_the_assembly(full, settings):
    text = "1. See General Assembly resolutions 65/190 and 67/219 on international migration and development."
    adopted = {(k[1], k[3]) for k in facts(proposals(full, settings, text), "adoptedBy")}
    assert adopted == {("resolution/65-190", "org/ga"), ("resolution/67-219", "org/ga")}


def test_the_general_assembly_unknown_to_the_graph_is_named_as_the_document_names_it(without_a63, settings):
    text = "1. Pursuant to General Assembly resolution 61/208, the present report reviews recent developments."
    props = proposals(without_a63, settings, text)
    [adopted] = [p for p in props if p.relation == "adoptedBy"]
    assert adopted.keys == [("adoptedBy", "resolution/61-208", "adoptedBy", "org/general-assembly")]
    assert needs([adopted])["org/general-assembly"] == "General Assembly"


def test_establishment_read_from_launch_and_set_up(without_a63, settings):
    text = ("1. In 2004, the Governments of Norway and Mexico took the initiative to launch the Global Council on Labour "
            "Mobility (GCLM). In March 2009, the Government of Ghana and the ECOWAS Commission set up a $5 million "
            "Ghana-ECOWAS Fund on Return Migration. Since its establishment in 2009, the Global Council on Labour "
            "Mobility has met twice.")
    found = facts(proposals(without_a63, settings, text))
    assert {("establishedBy", "org/gclm", "establishedBy", "country/NOR"), ("establishedBy", "org/gclm", "establishedBy", "country/MEX"),
            ("established", "org/gclm", "established", "2004")} <= found
    fund = "programme/ghana-ecowas-fund-on-return-migration"  # a fund that is not an international organisation
    assert {("established", fund, "established", "2009-03"), ("establishedBy", fund, "establishedBy", "country/GHA"),
            ("establishedBy", fund, "establishedBy", "org/ecowas-commission")} <= found


def test_what_the_present_report_is_pursuant_to_is_not_the_mandate_of_a_meeting_it_mentions(full, settings):
    text = ("1. Pursuant to General Assembly resolution 61/208, the present report reviews the follow-up to the "
            "High-level Dialogue on International Migration and Development, which the Assembly held in 2006.")
    assert not facts(proposals(full, settings, text), "mandatedBy")


def test_the_date_of_a_resolution_cited_beside_a_meeting_does_not_date_the_meeting(full: Graph, settings: Settings,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from miggraph.propose import finalise

    text = ("1. The High-level Dialogue on International Migration and Development was convened by the General Assembly "
            "in its resolution 58/209 of 23 December 2003.\n")
    found = facts(proposals(full, settings, text))
    assert ("convenedBy", "meeting/hld-2006", "convenedBy", "org/ga") in found  # the Dialogue of 2006, not another one
    assert ("adoptedOn", "resolution/58-209", "adoptedOn", "2003-12-23") in found
    monkeypatch.setattr(finalise, "_dates_a_document", lambda sent, date: False)  # read as the meeting's date, it would not be
    assert ("convenedBy", "meeting/hld-2006", "convenedBy", "org/ga") not in facts(proposals(full, settings, text))
