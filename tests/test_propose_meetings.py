"""Meeting rules (propose/meetings.py) and the new entities they make (propose/newentities.py), on small texts in the
style of UN documents (not in the corpus): the exact facts each rule proposes, and what it leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from _propose import proposals
from rdflib import Graph

from miggraph.config import Settings
from miggraph.evaluate_facts import without_document
from miggraph.load import load
from miggraph.propose.model import Proposal
from miggraph.propose.newentities import find_countries, slug

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


# -- round tables and their chairs -----------------------------------------------------------------------------------

ROUND_TABLES = """\
1. The General Assembly held its first High-level Dialogue on International Migration and Development from 14 to
15 September 2006 at United Nations Headquarters.

2. Round table 1 focused on the “Remittances and their effects on poverty” and was chaired by Ms. Anna Virtanen,
Minister of Labour of Finland. Round table 2 discussed “Return and reintegration” and had Mr. José Luis Pérez,
Minister for Foreign Affairs of Chile, as chair. Round table 3 was chaired by the Minister of Labour of Chile.
"""


def test_the_chair_of_a_round_table_of_the_meeting_named_before(without_chair_summary, settings):
    props = proposals(without_chair_summary, settings, ROUND_TABLES)
    assert facts(props, "chairedBy") == {("meeting/hld-2006-rt1", "person/anna-virtanen"),
                                         ("meeting/hld-2006-rt2", "person/jose-luis-perez")}
    named = needs(props)
    # the round table is labelled with the topic the document quotes, the person with the name after "Ms."/"Mr."
    assert named["meeting/hld-2006-rt1"] == "Round table 1: Remittances and their effects on poverty"
    assert named["person/jose-luis-perez"] == "José Luis Pérez"


def test_no_round_table_chair_without_a_meeting_named_before(without_chair_summary, settings):
    text = "1. Round table 1 focused on the “Remittances” and was chaired by Ms. Anna Virtanen, Minister of Labour of Finland.\n"
    assert not facts(proposals(without_chair_summary, settings, text), "chairedBy")


# -- numbered and dated meetings and sessions of a known owner -------------------------------------------------------

def test_a_numbered_session_of_a_body_is_a_meeting_with_the_bodys_id_and_label(full, settings):
    text = ("1. The forty-ninth session of the General Assembly is scheduled to start on Tuesday, 20 September 2044. "
            "The eleventh meeting of the Global Forum on Migration and Development took place in Athens on 4 and 5 November "
            "2045 and was hosted by the Government of Greece.\n")
    props = proposals(full, settings, text)
    named = needs(props)
    assert named["meeting/ga-49"] == "forty-ninth session of the General Assembly"
    assert named["meeting/gfmd-11"] == "eleventh meeting of the Global Forum on Migration and Development"
    # "scheduled to start on": the first day only
    assert facts(props, "startDate") == {("meeting/ga-49", "2044-09-20"), ("meeting/gfmd-11", "2045-11-04")}
    assert facts(props, "endDate") == {("meeting/gfmd-11", "2045-11-05")}
    assert facts(props, "hostedBy") == {("meeting/gfmd-11", "country/GRC")}


def test_a_month_is_no_date_of_its_own_where_the_document_gives_the_days(full, settings):
    text = ("1. The eleventh meeting of the Global Forum on Migration and Development took place in November 2045.\n\n"
            "2. The eleventh meeting of the Global Forum on Migration and Development took place on 4 and 5 November 2045.\n")
    props = proposals(full, settings, text)
    assert facts(props, "startDate") == {("meeting/gfmd-11", "2045-11-04")}


def test_ordinals():
    from miggraph.propose.newentities import ordinal

    assert [ordinal(w) for w in ("first", "twelfth", "twentieth", "sixty-eighth", "forty-sixth", "fiftyth")] == [
        1, 12, 20, 68, 46, None]


# -- meetings described in lower case ---------------------------------------------------------------------------------

def test_a_meeting_described_in_lower_case_with_its_convener_date_and_place(full, settings):
    text = ("1. Pursuant to General Assembly resolution 63/225, the President of the General Assembly convened an informal "
            "interactive dialogue on labour mobility and remittances in New York on 3 March 2044.\n\n"
            "2. The International Organization for Migration (IOM) will organize a regional workshop on diaspora "
            "engagement in 2045.\n")
    props = proposals(full, settings, text)
    dialogue = "meeting/informal-interactive-dialogue-on-labour-mobility-2044"
    workshop = "meeting/regional-workshop-on-diaspora-engagement-2045"
    assert needs(props)[dialogue] == "informal interactive dialogue on labour mobility and remittances"
    assert facts(props, "convenedBy") == {(dialogue, "org/pga")}
    assert facts(props, "organizedBy") == {(workshop, "org/iom")}
    assert facts(props, "startDate") == {(dialogue, "2044-03-03"), (workshop, "2045")}
    assert facts(props, "endDate") == {(dialogue, "2044-03-03")}
    assert facts(props, "location") == {(dialogue, "city/new-york")}


@pytest.mark.parametrize("sentence", [
    "1. The International Organization for Migration convened a meeting in Geneva on 3 March 2044.",  # a bare "a meeting"
    "1. The International Organization for Migration organized a workshop on policy coherence that included "
    "consideration of remittances in 2044.",  # a relative clause goes on with the description
    "1. Member States convened a meeting on remittances in 2044.",  # no organisation the graph knows convenes
])
def test_no_described_meeting_without_a_name_of_its_own_or_a_known_convener(full, settings, sentence):
    props = proposals(full, settings, sentence + "\n")
    assert not facts(props, "convenedBy") and not facts(props, "organizedBy") and not facts(props, "startDate")


def test_long_ids_are_cut_between_words():
    from miggraph.propose.newentities import word_slug

    assert word_slug("high-level meeting on international migration and development") == (
        "high-level-meeting-on-international-migration")
    assert word_slug("regional workshop on diaspora engagement") == "regional-workshop-on-diaspora-engagement"


# -- numbers of those who took part ----------------------------------------------------------------------------------

def test_each_number_of_those_taking_part_in_the_meeting_named_before(full, settings):
    text = ("1. The eleventh meeting of the Global Forum on Migration and Development took place on 4 and 5 November 2045. "
            "Participants in the round tables included 140 high-level representatives of Governments, officials of 14 "
            "United Nations agencies, funds and programmes, the Executive Secretaries of three United Nations regional "
            "commissions and representatives of 25 civil society entities.\n\n"
            "2. Over 150 Member States participated in the meeting.\n\n"
            "3. The Forum included two plenary meetings at which statements were made by officials of 90 Member States.\n")
    props = proposals(full, settings, text)
    counts = facts(props, "participantCount")
    # "over 150" is qualified (a Figure); the officials of 90 Member States spoke at the plenary meetings
    assert counts == {("meeting/gfmd-11", n) for n in ("140", "14", "3", "25")}
    notes = {p.record["participantCount"]["value"]: p.record["participantCount"]["note"] for p in props
             if p.relation == "participantCount"}
    assert notes["140"] == ("Number of high-level representatives of Governments that took part (the meeting the document "
                            "names before).")


def test_participants_compared_with_another_meeting(full, settings):
    text = "1. There were 95 delegations at the 2044 Coordination Meeting, and there were 120 participants at the 2045 " \
           "Coordination Meeting, compared with 75 at the 2043 Coordination Meeting.\n"
    counts = facts(proposals(full, settings, text), "participantCount")
    assert counts == {("meeting/2045-coordination-meeting", "120"), ("meeting/2043-coordination-meeting", "75")}


# -- cities where meetings were held ---------------------------------------------------------------------------------

def test_a_city_where_a_meeting_was_held_by_its_name(full, settings):
    text = ("1. The eleventh meeting of the Global Forum on Migration and Development took place in Nairobi on 4 and 5 "
            "November 2045. The twelfth meeting of the Global Forum on Migration and Development will take place in "
            "Rio de Janeiro, Brazil, in 2046. The thirteenth meeting of the Global Forum on Migration and Development "
            "took place in Fairness in 2047.\n")
    props = proposals(full, settings, text)
    # "Fairness" names no city; "Rio de Janeiro, Brazil": the city and its country
    assert facts(props, "location") == {("meeting/gfmd-11", "city/nairobi"), ("meeting/gfmd-12", "city/rio-de-janeiro"),
                                        ("meeting/gfmd-12", "country/BRA")}
    assert needs(props)["city/nairobi"] == "Nairobi"


def test_city_names():
    from miggraph.propose.newentities import city_at

    assert city_at("New York on 19 May 2011") == "New York"
    assert city_at("Rio de Janeiro, Brazil") == "Rio de Janeiro"
    assert city_at("Mexico in 2006") is None  # a country's name, not Mexico City
    assert city_at("Genevan institutions") is None


# -- conveners read from a session's name, and "conducted by" --------------------------------------------------------

def test_a_numbered_session_is_convened_by_its_body_with_a_note(full, settings):
    text = ("1. The forty-ninth session of the General Assembly is scheduled to start on Tuesday, 20 September 2044.\n\n"
            "2. Note dated 27 July 2044 by the President of the fiftieth session of the General Assembly.\n")
    props = proposals(full, settings, text)
    # the President of a session holds a post: that session is not what the sentence is about
    assert facts(props, "convenedBy") == {("meeting/ga-49", "org/ga")}
    [p] = [p for p in props if p.relation == "convenedBy"]
    assert p.record["convenedBy"]["note"] == "Read from the name: a session of the General Assembly is convened by it."


def test_a_meeting_conducted_by_a_body(full, settings):
    text = ("1. The eleventh meeting of the Global Forum on Migration and Development, conducted by the Economic and Social "
            "Council on 4 and 5 November 2045, was a success.\n")
    assert facts(proposals(full, settings, text), "convenedBy") == {("meeting/gfmd-11", "org/ecosoc")}


# -- names of meetings inside longer runs of capitalised words -------------------------------------------------------

def test_a_conference_named_after_of_the_and_one_an_organisation_opens(full, settings):
    text = ("1. Chapter IV of the Programme of Action of the World Conference on Rural Migration, held in Nairobi in 2031, "
            "remains relevant. At the United Nations Conference on Urban Mobility, held in Rio de Janeiro, Brazil, in June "
            "2032, Member States agreed on a plan.\n")
    props = proposals(full, settings, text)
    rural, urban = "meeting/world-conference-on-rural-migration", "meeting/united-nations-conference-on-urban-mobility"
    named = needs(props)
    assert named[rural] == "World Conference on Rural Migration"
    assert named[urban] == "United Nations Conference on Urban Mobility"
    assert facts(props, "location") == {(rural, "city/nairobi"), (urban, "city/rio-de-janeiro"), (urban, "country/BRA")}
    # "held in Rio de Janeiro, Brazil, in June 2032": the date after the city and its country
    assert facts(props, "startDate") == {(rural, "2031"), (urban, "2032-06")}


def test_a_run_without_a_meeting_after_its_last_of_the_names_nothing():
    from miggraph.propose.newentities import find_names

    assert find_names("Chapter IV of the Report of the Expert") == []
    assert [kind for _, _, kind, _ in find_names("Chapter IV of the Programme of Action of the World Conference on Women")] == [
        "meeting"]


def test_a_described_meeting_organised_by_a_named_organisation(full, settings):
    text = ("1. The meeting of Member States was preceded by a one-day meeting of representatives of migrant associations, "
            "organized by the Lumen Foundation. It was followed by a meeting organized by the International Organization "
            "for Migration.\n")
    props = proposals(full, settings, text)
    meeting = "meeting/one-day-meeting-of-representatives-of-migrant-associations"
    # a bare "a meeting organized by" names no meeting
    assert facts(props, "organizedBy") == {(meeting, "org/lumen-foundation")}
    assert needs(props)[meeting] == "one-day meeting of representatives of migrant associations"


def test_a_dialogue_is_a_meeting_with_its_date_and_city(full, settings):
    text = "1. The High Commissioner chaired a Dialogue on Maritime Rescue, held in Geneva in December 2044.\n"
    props = proposals(full, settings, text)
    dialogue = "meeting/dialogue-on-maritime-rescue"
    assert facts(props, "startDate") == {(dialogue, "2044-12")}
    assert facts(props, "location") == {(dialogue, "city/geneva")}


def test_a_working_group_described_in_lower_case_and_its_chairs(full, settings):
    text = ("1. The working group of the Global Migration Group on return and reintegration, co-chaired by UNDP and the "
            "International Organization for Migration, is piloting a handbook. The working group, chaired by UNDP, met "
            "twice.\n")
    props = proposals(full, settings, text)
    group = "org/working-group-of-the-global-migration-group-on-return"
    # a bare "The working group" is no name
    assert facts(props, "chairedBy") == {(group, "org/undp"), (group, "org/iom")}
    assert needs(props)[group] == "working group of the Global Migration Group on return and reintegration"


def test_where_an_organisation_is_based(full, settings):
    text = ("1. The Lumen Foundation, based in Nairobi, Kenya, supports migrants. The Lumen Foundation, founded in 2001, "
            "works in Nairobi.\n")
    props = proposals(full, settings, text)
    assert facts(props, "location") == {("org/lumen-foundation", "city/nairobi"), ("org/lumen-foundation", "country/KEN")}


def test_the_meeting_stands_for_the_meeting_the_paragraph_names_before(full, settings):
    text = ("1. The organization of the eleventh meeting of the Global Forum on Migration and Development is well under way. "
            "The Government of Kenya, which is organizing the meeting, will host it in Nairobi on 4 and 5 November 2045.\n\n"
            "2. The Government of Ghana, which is organizing the meeting, will host it in Accra on 1 and 2 June 2046.\n")
    props = proposals(full, settings, text)
    # paragraph 2 names no meeting before "the meeting": nothing is read there
    assert facts(props, "hostedBy") == {("meeting/gfmd-11", "country/KEN")}
    assert facts(props, "organizedBy") == {("meeting/gfmd-11", "country/KEN")}
    assert facts(props, "location") == {("meeting/gfmd-11", "city/nairobi")}
    assert facts(props, "startDate") == {("meeting/gfmd-11", "2045-11-04")}
    [hosted] = [p for p in props if p.relation == "hostedBy"]
    assert hosted.record["hostedBy"]["note"] == ("'the meeting' is the eleventh meeting of the Global Forum on Migration and "
                                                 "Development the paragraph names before.")


# -- what the rules leave alone ----------------------------------------------------------------------------------------

def test_a_city_name_opening_a_longer_name_is_no_city(full, settings):
    from miggraph.propose.newentities import city_at

    text = ("1. The eleventh meeting of the Global Forum on Migration and Development was held at Columbia University on 4 "
            "and 5 November 2045. The twelfth meeting of the Global Forum on Migration and Development took place in "
            "Victoria Falls, Zimbabwe, in 2046.\n")
    props = proposals(full, settings, text)
    assert facts(props, "location") == set()
    assert facts(props, "startDate") == {("meeting/gfmd-11", "2045-11-04"), ("meeting/gfmd-12", "2046")}
    assert city_at("Columbia University on 4 May") is None and city_at("Columbia on 4 May") == "Columbia"


@pytest.mark.parametrize("sentence", [
    "1. The General Assembly held a plenary meeting in 2044.",  # no topic: no name of its own
    "1. The International Organization for Migration held a bilateral meeting with the Government of Kenya in March 2044.",
    "1. The International Organization for Migration held a press conference on remittances in Geneva on 3 May 2044.",
    "1. The Economic and Social Council convened a meeting of the Security Council on 3 March 2044.",  # no "meeting of the"
])
def test_no_described_meeting_without_a_topic(full, settings, sentence):
    props = proposals(full, settings, sentence + "\n")
    assert not facts(props, "convenedBy") and not facts(props, "startDate") and not facts(props, "location")
    assert not [i for i in needs(props) if i.startswith("meeting/")]


def test_a_described_meeting_on_the_topic_keeps_its_article(full, settings):
    text = "1. The Economic and Social Council convened a special meeting on the protection of migrants in 2044.\n"
    props = proposals(full, settings, text)
    meeting = "meeting/special-meeting-on-the-protection-of-migrants-2044"
    assert facts(props, "convenedBy") == {(meeting, "org/ecosoc")}
    assert needs(props)[meeting] == "special meeting on the protection of migrants"


def test_no_chair_of_a_part_of_what_the_sentence_names(full, settings):
    text = ("1. The Global Migration Group, whose working group on data is chaired by UNDP, met twice. The Commission on "
            "Population and Development, at which the Bureau was chaired by Mexico, met in 2044. The Global Migration Group, "
            "chaired by UNDP, met in 2044.\n")
    assert facts(proposals(full, settings, text), "chairedBy") == {("org/gmg", "org/undp")}


def test_no_count_of_things_or_of_those_a_speaker_stood_for(full, settings):
    text = ("1. Representatives of 156 Member States participated in the eleventh meeting of the Global Forum on Migration "
            "and Development, which adopted 12 recommendations addressed to Governments. During the eleventh meeting of the "
            "Global Forum on Migration and Development, three Ministers made statements on behalf of 27 States.\n")
    assert facts(proposals(full, settings, text), "participantCount") == {("meeting/gfmd-11", "156"), ("meeting/gfmd-11", "3")}
