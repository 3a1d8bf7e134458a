"""Fact proposal rules for the structure between documents and bodies (references, citations, establishment,
memberships, resolutions), on small texts in the style of UN documents that are not in the corpus: what each rule
proposes, and what it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from _propose import proposals
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from miggraph.config import MIG, Settings
from miggraph.evaluate_facts import without_document
from miggraph.load import load
from miggraph.propose.model import Proposal

ROOT = Path(__file__).resolve().parents[1]
DOC = "document/test-note"
RULE = "__________________ \n\n"  # the line that opens a page's footnotes


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.default(ROOT)


def with_test_note(graph: Graph, settings: Settings) -> Graph:
    """The graph with the test note as a document record, as ingest writes one for a new document."""
    note = URIRef(settings.instance_base + DOC)
    graph.add((note, RDF.type, MIG.Report))
    graph.add((note, RDFS.label, Literal("Report of the Secretary-General on migration", lang="en")))
    return graph


@pytest.fixture(scope="module")
def full(settings: Settings) -> Graph:
    return with_test_note(load(settings).graph, settings)


@pytest.fixture(scope="module")
def without_a63(full: Graph, settings: Settings) -> Graph:
    """The graph before A/63/265 was curated: the Troika of the Global Forum is unknown."""
    return with_test_note(without_document(full, settings, "a-63-265"), settings)


def facts(props: list[Proposal], relation: str | None = None) -> set[tuple[str, ...]]:
    return {k for p in props for k in p.keys if relation is None or k[0] == relation}


def needs(props: list[Proposal]) -> dict[str, str]:
    return {n.ident: n.label for p in props for n in p.needs}


def body(text: str) -> str:
    return "1. The present note reviews recent publications on migration.\n\n" + RULE + text


# -- references: instruments, citations, titles -------------------------------------------------------------------------

def test_an_instrument_named_after_a_call_to_ratify_is_referenced(full, settings):
    text = ("1. States were encouraged to ratify and implement the relevant instruments, in particular the International "
            "Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families.")
    props = proposals(full, settings, text)
    assert facts(props, "references") == {("references", DOC, "references", "instrument/migrant-workers-convention")}
    [p] = [p for p in props if p.relation == "references"]
    assert p.rule == "references.instrument"


def test_an_instrument_said_to_be_ratified_is_not_a_reference(full, settings):
    text = ("1. As at June 2012, 130 countries had ratified the Protocol against the Smuggling of Migrants by Land, Sea "
            "and Air. The Office supports States parties to the International Convention on the Protection of the "
            "Rights of All Migrant Workers and Members of Their Families.")
    assert not facts(proposals(full, settings, text), "references")


def test_an_instrument_a_footnote_says_is_ratified_is_not_a_reference(full, settings):
    text = body("¹ As at June 2013, 48 States had ratified the International Convention on the Protection of the Rights "
                "of All Migrant Workers and Members of Their Families.\n"
                "² The Protocol against the Smuggling of Migrants by Land, Sea and Air.\n")
    assert facts(proposals(full, settings, text), "references") == {
        ("references", DOC, "references", "instrument/smuggling-protocol")}


def test_a_call_to_ratify_reaches_no_further_than_its_clause(full, settings):
    text = ("1. Member States were invited to consider ratifying the conventions of ILO, and the Secretary-General noted "
            "that the Protocol against the Smuggling of Migrants by Land, Sea and Air had entered into force. States "
            "were urged to ratify the relevant instruments; the International Convention on the Protection of the Rights "
            "of All Migrant Workers and Members of Their Families was mentioned.")
    assert not facts(proposals(full, settings, text), "references")


def test_an_instrument_whose_adoption_is_welcomed_is_referenced(full, settings):
    text = ("1. The adoption of the International Convention on the Protection of the Rights of All Migrant Workers and "
            "Members of Their Families, by the General Assembly in 1990, was welcomed. The adoption of the Protocol "
            "against the Smuggling of Migrants by Land, Sea and Air was discussed.")
    assert facts(proposals(full, settings, text), "references") == {
        ("references", DOC, "references", "instrument/migrant-workers-convention")}


def test_the_instruments_a_footnote_names_are_referenced(full, settings):
    text = body("¹ The Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the United Nations "
                "Convention against Transnational Organized Crime.\n")
    assert facts(proposals(full, settings, text), "references") == {
        ("references", DOC, "references", "instrument/smuggling-protocol"),
        ("references", DOC, "references", "instrument/untoc")}


def test_a_footnote_citing_a_publication_by_its_quoted_title(full, settings):
    text = body(" 1  World Bank, “Remittance markets in small island States” (Washington, D.C., 2013).\n")
    props = proposals(full, settings, text)
    new = "document/remittance-markets-in-small-island-states"
    assert facts(props, "references") == {("references", DOC, "references", new)}
    assert facts(props, "issued") == {("issued", new, "issued", "2013")}
    assert needs(props) == {new: "Remittance markets in small island States"}
    [ref] = [p for p in props if p.relation == "references"]
    assert ref.quote == "World Bank, “Remittance markets in small island States” (Washington, D.C., 2013)."
    assert [n.type for n in ref.needs] == ["Publication"]


def test_a_citation_with_a_series_after_its_title_and_a_month_in_its_imprint(full, settings):
    text = body(" 4  UNESCO Institute for Statistics, “Tertiary students abroad from small States”, UIS Information "
                "Bulletin, No. 9 (March, 2013).\n")
    props = proposals(full, settings, text)
    new = "document/tertiary-students-abroad-from-small-states"
    assert facts(props, "references") == {("references", DOC, "references", new)}
    assert facts(props, "issued") == {("issued", new, "issued", "2013-03")}


def test_a_citation_ending_with_its_year_after_a_comma(full, settings):
    text = body(" 2  See “Migration governance in the post-2015 agenda: report of the expert group”, United Nations "
                "system task team, 2013.\n")
    props = proposals(full, settings, text)
    new = "document/migration-governance-in-the-post-2015-agenda-report-of-the-e"  # slugs stop at 60 characters
    assert facts(props, "issued") == {("issued", new, "issued", "2013")}
    assert [n.type for p in props for n in p.needs] == ["Report", "Report"]


def test_an_unquoted_title_after_a_known_publisher(full, settings):
    text = body(" 7  UNHCR, Global Trends in Forced Displacement: Eleventh edition (Geneva, 2012).\n")
    props = proposals(full, settings, text)
    new = "document/global-trends-in-forced-displacement-eleventh-edition"
    assert facts(props, "references") == {("references", DOC, "references", new)}
    assert facts(props, "issued") == {("issued", new, "issued", "2012")}
    assert needs(props)[new] == "Global Trends in Forced Displacement: Eleventh edition"


def test_an_unquoted_title_after_words_that_name_no_publisher_is_not_read(full, settings):
    text = body(" 7  Some authors, Global Trends in Forced Displacement (Geneva, 2012).\n")
    assert not facts(proposals(full, settings, text), "references")


def test_a_united_nations_publication_without_imprint_year(full, settings):
    text = body(" 3  See Trends in Remittance Flows: Migrants by Corridor (United Nations publication, forthcoming).\n")
    props = proposals(full, settings, text)
    new = "document/trends-in-remittance-flows-migrants-by-corridor"
    assert facts(props, "references") == {("references", DOC, "references", new)}
    assert not facts(props, "issued")


def test_footnotes_that_cite_no_title_or_a_symbol_propose_no_new_publication(full, settings):
    text = body(" 1  See www.example.org/remittances.pdf.\n"
                " 2  See “Compendium of Good Practices on Migration” (ESA/P/WP.199).\n"
                " 3  Percentage of the population living on less than $1.25 per day (World Bank, 2012).\n")
    props = proposals(full, settings, text)
    assert not [p for p in props if p.rule in ("references.citation", "issued.citation")]
    assert facts(props, "references") == {("references", DOC, "references", "document/esa-p-wp-199")}


def test_a_citation_layout_in_a_paragraph_is_not_a_footnote(full, settings):
    text = "1. World Bank, “Remittance markets in small island States” (Washington, D.C., 2013).\n"
    assert not facts(proposals(full, settings, text), "references")


def test_a_publication_entitled_in_the_text_is_referenced(full, settings):
    text = ("1. The section draws upon the working paper entitled “Diaspora bonds and their uses in small States”, "
            "prepared for the Global Forum. The Group promotes the report entitled Counting Migrants: Three Steps "
            "Toward Better Data. In 2007, the League adopted a declaration entitled “Migration and Regional "
            "Integration in the Arab World”.")
    props = proposals(full, settings, text)
    assert facts(props, "references") == {
        ("references", DOC, "references", "document/diaspora-bonds-and-their-uses-in-small-states"),
        ("references", DOC, "references", "document/counting-migrants-three-steps-toward-better-data")}
    assert needs(props)["document/counting-migrants-three-steps-toward-better-data"] == \
        "Counting Migrants: Three Steps Toward Better Data"


def test_a_title_right_after_published_is_referenced_and_issued(full, settings):
    text = ("1. In 2012, IOM and the World Bank published Mapping Diaspora Skills in Development: a Guide for Consulates "
            "in Host Countries to help Governments engage diasporas. In 2013, UNHCR released “Protection at sea: the "
            "way forward”.")
    props = proposals(full, settings, text)
    guide = "document/mapping-diaspora-skills-in-development-a-guide-for-consulate"
    sea = "document/protection-at-sea-the-way-forward"
    assert facts(props, "references") == {("references", DOC, "references", guide), ("references", DOC, "references", sea)}
    assert facts(props, "issued") == {("issued", guide, "issued", "2012"), ("issued", sea, "issued", "2013")}
    assert needs(props)[guide] == "Mapping Diaspora Skills in Development: a Guide for Consulates in Host Countries"


def test_what_is_launched_or_published_without_a_title_is_no_publication(full, settings):
    text = ("1. In 2012, UNHCR published a study on protection at sea. In 2007, Belgium launched Global Forum Sessions "
            "on Migration and Development in Brussels. In 2010, ECA published Migration in Africa Today (ECA/SDD/10/2). "
            "In 2013, UNHCR published Global Trends in Forced Displacement in June 2013. UNHCR published the "
            "Global Forum on Migration and Development Report to Member States.")
    assert not [p for p in proposals(full, settings, text) if p.rule in ("references.published", "issued.published")]


# -- establishment ------------------------------------------------------------------------------------------------------

def test_the_agent_of_an_establishment_is_quoted_with_its_article(full, settings):
    text = ("1. The Secretary-General approved the terms of reference and proceeded to establish the Global Migration "
            "Group (GMG).")
    props = proposals(full, settings, text)
    [p] = [p for p in props if p.relation == "establishedBy"]
    assert p.keys == [("establishedBy", "org/gmg", "establishedBy", "org/secretary-general")]
    assert p.quote.startswith("The Secretary-General approved")


def test_the_partners_of_an_agent_in_collaboration_establish_with_it(full, settings):
    text = ("1. The Population Division, in collaboration with the United Nations Children’s Fund, the Special Unit for "
            "South-South Cooperation of the United Nations Development Programme (UNDP) and the World Bank, developed the "
            "United Nations Global Migration Database, which contains tabulations of migrants.")
    found = facts(proposals(full, settings, text), "establishedBy")
    db = "programme/un-global-migration-database"
    assert found == {("establishedBy", db, "establishedBy", agent)
                     for agent in ("org/un-population-division", "org/unicef", "org/undp-special-unit-ssc", "org/world-bank")}
    # not UNDP: a name inside the Special Unit's


def test_partners_of_an_agent_in_another_clause_establish_nothing(full, settings):
    text = ("1. IOM, in collaboration with the World Bank, organized a seminar on remittances, developed the United Nations "
            "Global Migration Database. ILO, in cooperation with UNDP, held a workshop on labour migration in Asia, "
            "established the Global Migration Group.")
    assert not facts(proposals(full, settings, text), "establishedBy")


def test_an_organisation_is_not_developed(full, settings):
    text = "1. In 2012, the Population Division developed the Global Migration Group further."
    assert not facts(proposals(full, settings, text), "establishedBy")


def test_a_programme_described_not_named_is_a_new_programme(full, settings):
    text = ("1. In 2011, the United Nations Institute for Training and Research (UNITAR) launched a campaign to promote "
            "the financial literacy of migrant workers in the Pacific.")
    props = proposals(full, settings, text)
    new = "programme/campaign-to-promote-the-financial-literacy-of-migrant-worker"
    assert facts(props, "establishedBy") == {("establishedBy", new, "establishedBy", "org/unitar")}
    assert facts(props, "established") == {("established", new, "established", "2011")}
    assert needs(props)[new] == "campaign to promote the financial literacy of migrant workers in the Pacific"


def test_a_described_programme_launched_by_it_has_its_date_only(full, settings):
    text = ("1. The World Bank supports surveys. It launched a multi-country survey project on remittances, savings and "
            "investment in Asia in 2009.")
    props = proposals(full, settings, text)
    new = "programme/multi-country-survey-project-on-remittances-savings-and-inve"
    assert facts(props, "established") == {("established", new, "established", "2009")}
    assert not facts(props, "establishedBy")
    assert needs(props)[new] == "multi-country survey project on remittances, savings and investment in Asia"


def test_descriptions_that_do_not_tell_a_programme_are_not_read(full, settings):
    text = ("1. In 2011, UNITAR launched a project on migration. In 2010, IOM launched a network of museums to show the "
            "contributions of migrants. A campaign to end statelessness was launched by UNHCR in 2014. In 2012, UNHCR "
            "launched a programme for refugees in May 2012 with partners. In 2013, UNDP launched a project to support "
            "the World Bank in its surveys.")
    props = proposals(full, settings, text)
    assert not [p for p in props if p.rule == "established.described"]


def test_a_description_the_sentence_opens_with_established_by_an_agent(full, settings):
    text = ("1. A regional observatory on labour mobility, established by ECE and UNDP, allows for the exchange of data. "
            "A regional observatory on labour mobility, established by several Governments, allows for exchanges.")
    props = proposals(full, settings, text)
    new = "programme/regional-observatory-on-labour-mobility"
    assert facts(props, "establishedBy") == {("establishedBy", new, "establishedBy", "org/ece"),
                                             ("establishedBy", new, "establishedBy", "org/undp")}
    assert needs(props)[new] == "regional observatory on labour mobility"


def test_a_description_the_sentence_opens_with_that_tells_no_programme(full, settings):
    text = ("1. A working group on migration data, established by ECE, meets annually. A handbook on diaspora engagement, "
            "developed by IOM and UNDP, offers guidance. A study on return migration, launched by ILO, shows a rise.")
    assert not facts(proposals(full, settings, text), "establishedBy")


def test_a_programme_named_that_the_graph_does_not_know_is_a_new_programme(full, settings):
    text = ("1. In 2008, UNHCR launched the Global Initiative to Protect Refugee Children in Transit, which aims at "
            "reuniting families. Also in 2009 a joint council of ministers established the Andean, Caribbean and Pacific "
            "Remittance Facility, which received funds.")
    props = proposals(full, settings, text)
    gi = "programme/global-initiative-to-protect-refugee-children-in-transit"
    facility = "programme/andean-caribbean-and-pacific-remittance-facility"
    assert facts(props, "establishedBy") == {("establishedBy", gi, "establishedBy", "org/unhcr")}
    assert facts(props, "established") == {("established", gi, "established", "2008"),
                                           ("established", facility, "established", "2009")}
    assert needs(props)[facility] == "Andean, Caribbean and Pacific Remittance Facility"


def test_a_name_without_a_programme_head_or_in_the_passive_is_not_a_new_programme(full, settings):
    text = ("1. In 2008, UNHCR launched the Global Dialogue on Protection Challenges, which met twice. In 2009, the "
            "Regional Initiative on Migrant Rights was launched the Pacific Campaign on Remittances.")
    assert not [p for p in proposals(full, settings, text) if p.rule == "established.named-new"]


# -- memberships --------------------------------------------------------------------------------------------------------

def members_of(props: list[Proposal]) -> set[tuple[str, str]]:
    return {(k[1], k[2]) for k in facts(props, "membership")}


def test_a_group_described_between_dashes_and_the_group_named_before(full, settings):
    text = ("1. Since 2006, the Global Migration Group — an inter-agency group that includes 15 organizations of the "
            "United Nations system plus the International Organization for Migration — has made strides. As at 2013, the "
            "Group includes 17 members, comprising 16 United Nations entities and IOM.")
    props = proposals(full, settings, text)
    assert members_of(props) == {("org/gmg", "org/iom")}
    [dated] = [p for p in props if p.relation == "membership" and "asOf" in p.record]
    assert dated.record["asOf"] == "2013"
    assert "named before" in dated.record["group"]["note"]


def test_a_list_goes_on_past_a_name_the_graph_does_not_know(full, settings):
    text = ("1. As of mid-2009, the membership of the Global Migration Group included ILO, the United Nations Office "
            "for Outer Space and Orbital Affairs, UNDP and the World Bank as well as the regional commissions.")
    assert members_of(proposals(full, settings, text)) == {("org/gmg", m) for m in ("org/ilo", "org/undp", "org/world-bank")}


def test_a_list_stops_at_other_words(full, settings):
    text = "1. As of 2009, the membership of the Global Migration Group included ILO, other regional bodies and UNDP."
    assert members_of(proposals(full, settings, text)) == {("org/gmg", "org/ilo")}


def test_the_troika_is_a_body_named_by_its_kind(without_a63, settings):
    text = "1. Therefore, the Troika is constituted at present by representatives of Mexico, Morocco and Spain."
    props = proposals(without_a63, settings, text)
    assert members_of(props) == {("org/troika", c) for c in ("country/MEX", "country/MAR", "country/ESP")}
    [p] = [p for p in props if p.relation == "membership"]
    assert needs([p])["org/troika"] == "Troika"
    assert "read as the body" in p.record["group"]["note"]


def test_a_word_that_is_not_a_body_by_its_kind_is_no_group(without_a63, settings):
    text = "1. Therefore, the Panel is constituted at present by representatives of Mexico, Morocco and Spain."
    assert not facts(proposals(without_a63, settings, text), "membership")


def test_the_troika_the_graph_knows_is_linked(full, settings):
    text = "1. Therefore, the Troika is constituted at present by representatives of Mexico, Morocco and Spain."
    assert members_of(proposals(full, settings, text)) == {("org/gfmd-troika", c) for c in ("country/MEX", "country/MAR",
                                                                                            "country/ESP")}


# -- resolutions ----------------------------------------------------------------------------------------------------------

def test_a_committee_deciding_that_the_assembly_would_devote_a_meeting(full, settings):
    text = ("1. In 2003 the Second Committee decided that the General Assembly would, in 2006, devote a High-level "
            "Dialogue to the task of identifying ways to maximize the development benefits of migration (resolution "
            "58/209).")
    props = proposals(full, settings, text)
    assert facts(props, "mandatedBy") == {("mandatedBy", "meeting/hld-2006", "mandatedBy", "resolution/58-209")}
    assert facts(props, "convenedBy") == {("convenedBy", "meeting/hld-2006", "convenedBy", "org/ga")}  # not the Committee


def test_deciding_that_a_body_would_do_something_else_mandates_no_meeting(full, settings):
    text = ("1. In 2003 the Second Committee decided that the General Assembly would, in 2006, review the High-level "
            "Dialogue (resolution 58/209).")
    props = proposals(full, settings, text)
    assert not facts(props, "mandatedBy") and not facts(props, "convenedBy")


def test_a_report_prepared_in_response_to_the_request_the_sentence_before_states(full, settings):
    text = ("1. The first resolution on the topic (49/127) requested the Secretary-General to prepare “a report on "
            "international migration and development” (para. 2). The report prepared in response to this request "
            "showed that there was no support for a conference (A/50/999).")
    props = proposals(full, settings, text)
    [p] = [p for p in props if p.relation == "requestedBy"]
    assert p.keys == [("requestedBy", "document/a-50-999", "requestedBy", "resolution/49-127")]
    assert p.quote.startswith("The first resolution") and p.quote.endswith("(A/50/999).")


def test_a_request_not_in_the_sentence_before_requests_nothing(full, settings):
    text = ("1. The first resolution on the topic (49/127) requested the Secretary-General to prepare a report. Member "
            "States discussed it. The report prepared in response to this request showed little support (A/50/999). "
            "Resolution 50/123 noted the report of the Secretary-General. A report prepared in response to that request "
            "was issued (A/51/999).")
    assert not facts(proposals(full, settings, text), "requestedBy")


def test_a_report_prepared_at_the_request_of_someone_else_is_not_requested_by_the_resolution(full, settings):
    text = ("1. In resolution 58/208, the General Assembly requested the Secretary-General to submit a report. The note "
            "prepared in response to the request of Member States (A/59/325) was discussed.")
    assert not facts(proposals(full, settings, text), "requestedBy") - {
        ("requestedBy", DOC, "requestedBy", "resolution/58-208")}  # the test note's own request, read by another rule


def test_a_meeting_described_that_a_resolution_mandated(full, settings):
    text = ("1. Pursuant to General Assembly resolution 63/225, the President of the General Assembly convened an "
            "informal interactive hearing on migrant remittances and development in New York on 12 May 2012.")
    props = proposals(full, settings, text)
    new = "meeting/informal-interactive-hearing-on-migrant-remittances-2012"  # the year of the date that follows
    assert facts(props, "mandatedBy") == {("mandatedBy", new, "mandatedBy", "resolution/63-225")}
    assert needs([p for p in props if p.relation == "mandatedBy"])[new] == \
        "informal interactive hearing on migrant remittances and development"


def test_a_meeting_described_without_a_date(full, settings):
    text = ("1. In compliance with General Assembly resolution 58/208, the Division convenes annual coordination "
            "meetings on labour migration statistics where entities exchange information.")
    props = proposals(full, settings, text)
    new = "meeting/annual-coordination-meetings-on-labour-migration-statistics"
    assert facts(props, "mandatedBy") == {("mandatedBy", new, "mandatedBy", "resolution/58-208")}


def test_a_meeting_described_without_a_resolution_leading_the_sentence_is_not_mandated(full, settings):
    text = ("1. The President of the General Assembly convened an informal interactive hearing on migrant remittances "
            "and development, as decided in resolution 63/225. Pursuant to resolutions 63/225 and 65/170, the President "
            "convened an informal meeting on migrant remittances and development. Pursuant to resolution 63/225, the "
            "President convened a meeting.")
    assert not facts(proposals(full, settings, text), "mandatedBy")
