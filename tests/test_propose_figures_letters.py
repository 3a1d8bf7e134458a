"""Rules of figures.py, letters.py and instruments.py on small texts in the style of UN documents (not in the corpus):
what each proposes, read from the graph without A/65/944's own records, as a new document is."""

from __future__ import annotations

from pathlib import Path

import pytest
from _propose import proposals
from rdflib import Graph

from miggraph.config import Settings
from miggraph.evaluate_facts import without_document
from miggraph.load import load
from miggraph.propose.model import Proposal
from miggraph.propose.run import propose, text_context

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.default(ROOT)


@pytest.fixture(scope="module")
def graph(settings: Settings) -> Graph:
    return without_document(load(settings).graph, settings, "a-65-944")


def facts(props: list[Proposal], relation: str) -> set[tuple[str, ...]]:
    return {k for p in props for k in p.keys if k[0] == relation}


def needs(props: list[Proposal]) -> dict[str, tuple[str, str]]:
    return {n.ident: (n.type, n.label) for p in props for n in p.needs}


OUTCOMES = """\
Annex

Regional Ministerial Meeting on Labour Mobility in South Asia

Date: 3-4 March 2011

Venue: Dhaka, Bangladesh

Organizers: Government of Bangladesh

Outcome documents: Dhaka Declaration; Framework for Regional Cooperation on Labour Mobility, Plan of Action on
Skills Recognition Letter dated 15 March 2011 from the Permanent Representative of Bangladesh to the United Nations
addressed to the President of the General-Assembly (A/65/901)

Annex

Consultation of Civil Society on Migration and Development

Date: 12 July 2011

Venue: Geneva, Switzerland

Outcome document: Summary of the consultation with representatives of trade unions, migrant associations and the
private sector Note dated 27 July 2011 by the President of the sixty-fifth session of the General Assembly (A/65/902)
"""


def test_a_letter_transmits_the_outcome_documents_its_annex_entry_lists(graph, settings):
    props = proposals(graph, settings, OUTCOMES)
    assert facts(props, "transmits") == {
        ("transmits", "document/a-65-901", "transmits", "instrument/dhaka-declaration"),
        ("transmits", "document/a-65-901", "transmits", "instrument/framework-for-regional-cooperation-on-labour-mobility"),
        ("transmits", "document/a-65-901", "transmits", "instrument/plan-of-action-on-skills-recognition"),
        ("transmits", "document/a-65-902", "transmits",
         "document/summary-of-the-consultation-with-representatives-of-trade-unions-migrant-associations-and"),
    }
    named = needs(props)
    assert named["instrument/dhaka-declaration"] == ("Declaration", "Dhaka Declaration")
    assert named["instrument/plan-of-action-on-skills-recognition"] == ("PlanOfAction", "Plan of Action on Skills Recognition")
    # a title with commas whose parts are not each a document's title is one document
    summary = [v for k, v in named.items() if k.startswith("document/summary")]
    assert summary == [("MeetingSummary", "Summary of the consultation with representatives of trade unions, migrant "
                                          "associations and the private sector")]
    [one] = [p for p in props if p.rule == "letter.outcome" and "dhaka" in str(p.record["transmits"]["value"])]
    assert one.record["transmits"]["note"] == "The annex entry lists the letter under the outcome documents it transmits."
    assert one.quote.startswith("Outcome documents: Dhaka Declaration;") and one.quote.endswith("(A/65/901)")


def test_the_president_of_a_session_is_a_person_and_the_hyphenated_office_is_read_with_a_note(graph, settings):
    props = proposals(graph, settings, OUTCOMES)
    assert facts(props, "sentBy") == {
        ("sentBy", "document/a-65-901", "sentBy", "country/BGD"),
        ("sentBy", "document/a-65-902", "sentBy", "person/president-of-the-sixty-fifth-session-of-the-general-assembly"),
    }
    assert needs(props)["person/president-of-the-sixty-fifth-session-of-the-general-assembly"] == (
        "Person", "President of the sixty-fifth session of the General Assembly")
    assert facts(props, "sentTo") == {("sentTo", "document/a-65-901", "sentTo", "org/pga")}
    [to] = [p for p in props if p.relation == "sentTo"]
    assert "General-Assembly" in to.record["sentTo"]["note"]


def test_no_outcome_without_a_letter_right_after_the_list(graph, settings):
    text = """\
Annex

Regional Ministerial Meeting on Labour Mobility in South Asia

Outcome document: Dhaka Declaration

The Declaration was transmitted later. Letter dated 15 March 2011 from the Permanent Representative of Bangladesh to
the United Nations addressed to the Secretary-General (A/65/901)
"""
    props = proposals(graph, settings, text)
    assert facts(props, "transmits") == set()
    assert ("sentTo", "document/a-65-901", "sentTo", "org/secretary-general") in facts(props, "sentTo")


def figures(props: list[Proposal], rule: str) -> set[tuple[str, ...]]:
    return {k for p in props if p.rule == rule for k in p.keys}


def test_counts_of_what_an_entity_consists_of_includes_or_held(graph, settings):
    text = """\
1. The Global Migration Group — an inter-agency group that includes 12 organizations of the United Nations system plus
the World Bank — met in Geneva. The Global Forum on Migration and Development consisted of three round tables and
two plenary sessions in 2010.

2. The Global Migration Group held 14 September 2010 a meeting. The Global Forum on Migration and Development
included to 2009 its partners. After 2010, the Global Migration Group would request five more reports relating to the
possibility of holding a meeting.
"""
    props = proposals(graph, settings, text)
    assert figures(props, "figure.count") == {
        ("figure", "org/gmg", "12", "mig:Exactly"),
        ("figure", "process/gfmd", "3", "mig:Exactly"),
        ("figure", "process/gfmd", "2", "mig:Exactly"),
        ("figure", "org/gmg", "5", "mig:Exactly"),
    }
    by_value = {p.record["figureValue"]: p.record for p in props if p.rule == "figure.count"}
    assert by_value["12"]["measure"] == "organizations of the United Nations system"
    assert by_value["12"]["unit"] == "organizations"
    assert by_value["2"]["measure"] == "plenary sessions"
    assert by_value["5"]["measure"] == "more reports relating to the possibility of holding a meeting"
    assert by_value["5"]["unit"] == "reports"


def test_member_states_of_an_organization(graph, settings):
    text = "3. The Council is open to the 151 Member States of the International Organization for Migration and to observers.\n"
    props = proposals(graph, settings, text)
    assert figures(props, "figure.member-states") == {("figure", "org/iom", "151", "mig:Exactly")}
    [one] = [p.record for p in props if p.rule == "figure.member-states"]
    assert one["measure"] == "Member States of the International Organization for Migration"
    props = proposals(graph, settings, "3. The Council is open to 151 States and the International Organization for Migration.\n")
    assert figures(props, "figure.member-states") == set()


def test_counts_of_views_a_report_presented(graph, settings):
    text = ("4. The 2004 report (A/59/325) presented the replies received: 31 Governments were in favour of holding a "
            "dialogue, 12 expressed reservations about doing so and 40 did not reply.\n\n"
            "5. The 2004 report (A/59/325) presented the replies received: 31 of them were late.\n")
    props = proposals(graph, settings, text)
    assert figures(props, "figure.views") == {
        ("figure", "document/a-59-325", "31", "mig:Exactly"),
        ("figure", "document/a-59-325", "12", "mig:Exactly"),
        ("figure", "document/a-59-325", "40", "mig:Exactly"),
    }
    measures = {p.record["measure"] for p in props if p.rule == "figure.views"}
    assert measures == {"Governments were in favour of holding a dialogue", "Governments expressed reservations about doing so",
                        "Governments did not reply"}


def test_each_country_of_a_list_receiving_an_amount(graph, settings):
    text = ("6. Egypt, Nigeria and Bangladesh were the main destination countries for remittances in Africa and Asia, "
            "each receiving more than $10 billion in 2010.\n\n"
            "7. Egypt, Nigeria and Bangladesh sent $3 billion in 2010.\n")
    props = proposals(graph, settings, text)
    assert figures(props, "figure.each") == {("figure", f"country/{c}", "10000000000", "mig:MoreThan") for c in ("EGY", "NGA", "BGD")}
    [one] = [p.record for p in props if p.rule == "figure.each" and p.record["figureOf"] == "country/EGY"]
    assert one["measure"] == "remittances in Africa and Asia receiving"
    assert one["currency"]["value"] == "USD" and one["period"] == "2010"


def test_an_amount_estimated_for_a_theme(graph, settings):
    text = ("8. Participants noted that migrants' remittances, estimated at $US 300 billion in 2008, were growing.\n\n"
            "9. Remittances reached $US 300 billion in 2008.\n")
    props = proposals(graph, settings, text)
    assert figures(props, "figure.estimated") == {("figure", "theme/remittances", "300000000000", "mig:Approximately")}
    [one] = [p.record for p in props if p.rule == "figure.estimated"]
    assert one["measure"] == "estimated migrants' remittances" and one["period"] == "2008"


def test_adopted_on_the_date_a_sentence_opens_with(graph, settings):
    text = """\
10. In March 2009 a regional meeting of ministers of labour adopted a Declaration on Labour Mobility and Development in
Dhaka. In May 2009, the League adopted a declaration entitled “Migration and Arab Regional Integration”, which was
welcomed.

11. In June 2009, the Conference adopted the Convention concerning Decent Work for Seafarers. In 2009, the plan that
the ministers had drafted adopted a Declaration on Labour Mobility and Development.
"""
    props = proposals(graph, settings, text)
    assert facts(props, "adoptedOn") == {
        ("adoptedOn", "instrument/declaration-on-labour-mobility-and-development", "adoptedOn", "2009-03"),
        ("adoptedOn", "instrument/migration-and-arab-regional-integration", "adoptedOn", "2009-05"),
        # the whole name, not a shorter one inside it
        ("adoptedOn", "instrument/convention-concerning-decent-work-for-seafarers", "adoptedOn", "2009-06"),
    }
    assert needs(props)["instrument/migration-and-arab-regional-integration"] == ("Declaration", "Migration and Arab Regional Integration")


def test_the_adoption_of_an_instrument_by_a_body(graph, settings):
    text = ("12. The adoption of the Global Code of Practice on the International Recruitment of Health Personnel, by the "
            "sixty-third World Health Assembly in 2010, was welcomed.\n")
    props = proposals(graph, settings, text)
    code = "instrument/global-code-of-practice-on-the-international-recruitment-of"
    assert facts(props, "adoptedBy") == {("adoptedBy", code, "adoptedBy", "org/world-health-assembly")}
    assert facts(props, "adoptedOn") == {("adoptedOn", code, "adoptedOn", "2010")}


REPORT = """\
  International migration and development: report of the Secretary-General

  Summary
 In resolution 66/172, the General Assembly requested the Secretary-General to
report on the implementation of that resolution at its sixty-seventh session.

  I. Introduction

1. In resolution 66/172, the General Assembly requested the Secretary-General to
report on the implementation of that resolution at its sixty-seventh session.

2. In resolution 66/172, the Second Committee of the General Assembly welcomed the report.
"""


def test_the_body_a_report_summary_says_requested_it_receives_the_report(settings):
    graph = without_document(load(settings).graph, settings, "a-67-254")
    ctx = text_context(graph, settings, "a-67-254", "A-67-254.txt", REPORT)
    props = propose(ctx, graph, settings)
    assert facts(props, "transmittedTo") == {("transmittedTo", "document/a-67-254", "transmittedTo", "org/ga")}
    [one] = [p for p in props if p.relation == "transmittedTo"]
    assert one.para == "Summary"  # the same request in a numbered paragraph is not read so
    assert one.record["transmittedTo"]["note"].startswith("The summary of the present report states the request")


def test_participants_of_the_meeting_the_sentence_before_opens_with(graph, settings):
    text = ("5. The second meeting of the Global Forum on Migration and Development, hosted by the Philippines, was a success. "
            "Representatives of some 160 Member States participated.\n\n"
            "6. The second meeting of the Global Forum on Migration and Development was a success. The report said that "
            "over 150 Member States participated.\n")
    props = proposals(graph, settings, text)
    assert figures(props, "figure.participants") == {("figure", "meeting/gfmd-2008", "160", "mig:Approximately")}
    [one] = [p for p in props if p.rule == "figure.participants"]
    assert one.quote.startswith("The second meeting of the Global Forum") and one.quote.endswith("Member States participated.")


LETTER_FROM = """\
7. On 2 April 2012, a letter from the Director of the Population Division, Maria Lopez, accompanied by a survey of
Governments on migration policies, was sent by e-mail to 190 Permanent Representatives, the Holy See and Palestine.
Reminders were sent in May 2012. By 30 June 2012, 82 Member States had replied to the survey.

8. On 3 April 2012, a letter from the Director was received. By 30 June 2012, 12 Member States had replied to the letter.
"""


def test_a_letter_told_of_by_its_date_and_sender_with_what_accompanies_it(graph, settings):
    props = proposals(graph, settings, LETTER_FROM)
    letter = "document/letter-from-the-director-of-the-population-division-of-2-april-2012"
    survey = "document/survey-of-governments-on-migration-policies"
    assert facts(props, "issued") == {("issued", letter, "issued", "2012-04-02")}
    assert facts(props, "sentBy") == {("sentBy", letter, "sentBy", "person/maria-lopez")}
    assert facts(props, "transmits") == {("transmits", letter, "transmits", survey)}
    assert facts(props, "sentTo") == {("sentTo", letter, "sentTo", "country/VAT"), ("sentTo", letter, "sentTo", "country/PSE")}
    named = needs(props)
    assert named[letter] == ("Correspondence", "letter from the Director of the Population Division of 2 April 2012")
    assert named[survey] == ("Document", "survey of Governments on migration policies")
    # the replies to the document two sentences before, as of the date the sentence opens with
    assert figures(props, "figure.replied") == {("figure", survey, "82", "mig:Exactly")}
    [replies] = [p for p in props if p.rule == "figure.replied"]
    assert replies.record["period"] == "2012-06-30" and replies.quote.startswith("On 2 April 2012, a letter")


TRANSMITTAL = """\
1. In accordance with paragraph 4 of General Assembly resolution 66/172, the President of the sixty-sixth session of
the General Assembly has the honour to transmit herewith the report of the informal debate on migration that the
Assembly held on 5 May 2012.

2. The President of the sixty-sixth session of the General Assembly has the honour to transmit the report of the debate.
"""


def test_a_transmittal_herewith_transmits_the_present_document(settings):
    graph = without_document(load(settings).graph, settings, "hld-2006-chair-summary")
    ctx = text_context(graph, settings, "hld-2006-chair-summary", "hld-2006-chair-summary.txt", TRANSMITTAL)
    props = [p for p in propose(ctx, graph, settings) if p.rule == "letter.herewith"]
    letter = "document/transmittal-by-the-president-of-the-sixty-sixth-session-of-the-general-assembly-of-the-rep"
    assert facts(props, "transmits") == {("transmits", letter, "transmits", "document/hld-2006-chair-summary")}
    assert facts(props, "sentBy") == {
        ("sentBy", letter, "sentBy", "person/president-of-the-sixty-sixth-session-of-the-general-assembly")}
    assert needs(props)[letter] == ("Correspondence", "Transmittal by the President of the sixty-sixth session of the General "
                                                      "Assembly of the report of the informal debate on migration")


def test_a_report_titled_as_addressed_to_someone_is_transmitted_to_them(graph, settings):
    text = ("9. See “Migration in a changing climate: report to the Secretary-General”, United Nations task team, 2013; "
            "“Migration in a changing climate: report of the task team”, 2013.\n")
    props = proposals(graph, settings, text)
    report = "document/migration-in-a-changing-climate-report-to-the-secretary-general"
    assert facts(props, "transmittedTo") == {("transmittedTo", report, "transmittedTo", "org/secretary-general")}
    assert needs(props)[report] == ("Report", "Migration in a changing climate: report to the Secretary-General")


def test_adopted_on_an_opening_date_names_read_without_a_span_and_no_bare_plan(graph, settings):
    text = """\
13. In May 2010 the Conference of Ministers of Labour, held in Mali, adopted the Bamako Declaration and an Action Plan.
In 2009, the group of Pacific Island States, which have special ties with Australia, adopted a Declaration on Labour,
Mobility and Skills and a Plan of Action.
"""
    props = proposals(graph, settings, text)
    assert facts(props, "adoptedOn") == {
        ("adoptedOn", "instrument/bamako-declaration", "adoptedOn", "2010-05"),
        ("adoptedOn", "instrument/declaration-on-labour-mobility-and-skills", "adoptedOn", "2009"),
    }
    assert needs(props)["instrument/declaration-on-labour-mobility-and-skills"] == (
        "Declaration", "Declaration on Labour, Mobility and Skills")
    # "the group of Pacific Island States, which ..., adopted": the group, a new organisation, adopted it
    group = "org/group-of-pacific-island-states"
    assert facts(props, "adoptedBy") == {("adoptedBy", "instrument/declaration-on-labour-mobility-and-skills", "adoptedBy", group)}
    assert needs(props)[group] == ("IntergovernmentalOrganization", "group of Pacific Island States")


def test_year_before_a_name_no_span_covers(graph, settings):
    text = """\
14. The 1954 Convention relating to the Status of Stateless Persons and the 1961 Protocol thereto guide the work. Many
States had ratified the 1978 ILO Convention concerning Labour Administration (No. 150). The 2003 Protocol to Prevent
Abuse in Transit, especially Women and Children, is new.
"""
    props = proposals(graph, settings, text)
    ilo = "instrument/convention-concerning-labour-administration-no-150"
    assert facts(props, "adoptedOn") == {
        ("adoptedOn", "instrument/convention-relating-to-the-status-of-stateless-persons", "adoptedOn", "1954"),
        ("adoptedOn", "instrument/1961-protocol", "adoptedOn", "1961"),
        ("adoptedOn", ilo, "adoptedOn", "1978"),
    }
    assert facts(props, "adoptedBy") == {("adoptedBy", ilo, "adoptedBy", "org/ilo")}
    named = needs(props)
    assert named["instrument/1961-protocol"] == ("Protocol", "1961 Protocol")
    assert named[ilo] == ("Convention", "Convention concerning Labour Administration (No. 150)")
    [by] = [p for p in props if p.relation == "adoptedBy"]
    assert by.record["adoptedBy"]["note"] == 'Read from "the 1978 ILO Convention concerning Labour Administration (No. 150)".'


def test_adopted_on_an_opening_date_each_instrument_of_the_list_with_its_number(graph, settings):
    text = ("15. In June 2012, the International Labour Conference adopted the Convention concerning Decent Work for "
            "Seafarers (No. 190) and Recommendation No. 202 and called for their ratification.\n")
    props = proposals(graph, settings, text)
    assert facts(props, "adoptedOn") == {
        ("adoptedOn", "instrument/convention-concerning-decent-work-for-seafarers-no-190", "adoptedOn", "2012-06"),
        ("adoptedOn", "instrument/recommendation-no-202", "adoptedOn", "2012-06"),
    }
    assert needs(props)["instrument/recommendation-no-202"] == ("Recommendation", "Recommendation No. 202")
    # the agent's adoption reads the new name with its number too
    assert facts(props, "adoptedBy") == {
        ("adoptedBy", "instrument/convention-concerning-decent-work-for-seafarers-no-190", "adoptedBy", "org/ilc")}


def test_the_outcome_of_a_meeting_held_in_a_year_is_adopted_that_year(graph, settings):
    text = ("16. Chapter II of the Programme of Action of the World Summit on Migration and Employment, held in Dakar in "
            "2009, is the reference. The Programme of Action of the World Summit on Migration and Employment was "
            "discussed in 2010.\n")
    props = proposals(graph, settings, text)
    programme = "instrument/programme-of-action-of-the-world-summit-on-migration-and-emp"
    assert facts(props, "adoptedOn") == {("adoptedOn", programme, "adoptedOn", "2009")}
    [one] = [p for p in props if p.relation == "adoptedOn"]
    assert one.record["adoptedOn"]["note"] == "The outcome of the meeting it is named after, held in 2009."


BARE = """\
Annex

Subregional Meeting on Labour Migration

Date: 5 March 2011

Venue: Accra, Ghana

Outcome Document: Plan of Action, Conclusions

Letter dated 4 May 2011 from the Permanent Representative of Ghana to the United Nations addressed to the Secretary-General (A/65/881)

Annex

Meeting of Experts on Migration Statistics

Date: 6 March 2011

Venue: Geneva, Switzerland

Outcome Document: Declaration

Letter dated 5 May 2011 from the Permanent Representative of Switzerland to the United Nations addressed to the
Under-Secretary-General for Economic and Social Affairs (A/65/883)
"""


def test_an_outcome_named_by_a_bare_head_is_the_entry_s_own(graph, settings):
    props = proposals(graph, settings, BARE)
    # not "instrument/declaration", one entity for every annex that lists a "Declaration"
    assert facts(props, "transmits") == {
        ("transmits", "document/a-65-881", "transmits", "instrument/plan-of-action-subregional-meeting-on-labour-migration"),
        ("transmits", "document/a-65-881", "transmits", "document/conclusions-subregional-meeting-on-labour-migration"),
        ("transmits", "document/a-65-883", "transmits", "instrument/declaration-meeting-of-experts-on-migration-statistics"),
    }
    named = needs(props)
    assert named["instrument/declaration-meeting-of-experts-on-migration-statistics"] == ("Declaration", "Declaration")
    assert named["instrument/plan-of-action-subregional-meeting-on-labour-migration"] == ("PlanOfAction", "Plan of Action")


def test_no_count_of_those_requested_to_act_nor_of_a_proposal(graph, settings):
    text = ("1. In its resolution 63/225, the General Assembly requested 15 Member States to report on their policies.\n\n"
            "2. Under the draft resolution, the Global Migration Group would request three reports on the follow-up.\n\n"
            "3. After 2009, the Global Migration Group would request two further reports on coherence.\n")
    props = proposals(graph, settings, text)
    assert figures(props, "figure.count") == {("figure", "org/gmg", "2", "mig:Exactly")}


def test_a_group_of_member_states_is_no_organisation(graph, settings):
    text = "17. In 2008, the group of Member States, which met in New York, adopted a Declaration on Labour Mobility and Skills.\n"
    props = proposals(graph, settings, text)
    assert facts(props, "adoptedBy") == set()
    assert facts(props, "adoptedOn") == {("adoptedOn", "instrument/declaration-on-labour-mobility-and-skills", "adoptedOn", "2008")}
