"""Competency questions over the curated facts of "The High-level Dialogue ... and Beyond" and A/67/254.

Each question is answered by SPARQL over the Turtle export, and each answer comes back with the
passage its reified statement derives from, so the quote that supports it is checked too.
"""

from __future__ import annotations

import pytest
from _sparql import ID, select, stated

HLD = "document/hld-2006-and-beyond"
A67 = "document/a-67-254"


def values(found: list[dict[str, str]], var: str) -> set[str]:
    return {r[var] for r in found}


# --- The High-level Dialogue on International Migration and Development and Beyond --------------

def test_who_offered_to_host_the_first_global_forum_meeting(store):
    found = stated(store, "offeredToHostBy", subject="meeting/gfmd-2007")
    assert values(found, "o") == {"country/BEL"}
    hld = [r for r in found if r["doc"] == HLD]
    assert [(r["para"], r["quote"]) for r in hld] == [
        ("B.17 Follow-up to the High-level Dialogue",
         "The Government of Belgium offered to host the first meeting of the Forum in 2007.")]


def test_an_offer_to_host_is_not_a_start_date(store):
    """The offer "to host the first meeting of the Forum in 2007" does not date the meeting."""
    assert stated(store, "startDate", subject="meeting/gfmd-2007", doc=HLD) == []


def test_belgium_offered_to_convene_the_forum_according_to_the_draft_resolution(store):
    found = stated(store, "offeredToOrganizeBy", subject="process/gfmd", doc=HLD)
    assert values(found, "o") == {"country/BEL"}
    assert all("offer of the Government of Belgium to convene a global consultative forum" in r["quote"] for r in found)


def test_the_global_forum_was_proposed_by_the_secretary_general_in_his_report(store):
    by = stated(store, "proposedBy", subject="process/gfmd", doc=HLD)
    assert values(by, "o") == {"org/secretary-general"}
    assert {r["para"] for r in by} == {"A.5 A Global Migration Forum", "B.17 Follow-up to the High-level Dialogue"}
    assert any("the proposal of the Secretary-General to create a Global Forum" in r["quote"] for r in by)
    inside = stated(store, "proposedIn", subject="process/gfmd", doc=HLD)
    assert values(inside, "o") == {"document/sg-report-hld-2006"}
    assert any("proposed the establishment of a consultative Forum" in r["quote"] for r in inside)
    assert values(stated(store, "preparedFor", subject="document/sg-report-hld-2006"), "o") == {"meeting/hld-2006"}


def test_the_eleven_annex_meetings_prepared_the_dialogue(store):
    found = stated(store, "preparatoryTo", obj="meeting/hld-2006", doc=HLD)
    assert values(found, "s") == {
        "meeting/ldc-ministerial-conference-remittances-2006",
        "meeting/brussels-conference-migration-development-2006",
        "meeting/south-american-conference-on-migration-2006",
        "meeting/lima-ministerial-conference-2006",
        "meeting/euro-african-ministerial-conference-2006",
        "meeting/hld-2006-hearings",
        "meeting/iberoamerican-conference-on-migration-2006",
        "meeting/helsinki-process-meeting-2006",
        "meeting/au-executive-council-2006-07",
        "meeting/santo-domingo-regional-consultation-2006",
        "meeting/mercosur-interior-ministers-2006-08",
    }
    assert {r["quote"] for r in found if r["para"] == "Annex"} == {
        "List of intergovernmental conferences organized to provide input to the High-level Dialogue"}


def test_which_preparatory_meetings_were_held_in_july_2006(store):
    """A question that joins the new property with the meetings' dates and places."""
    found = select(store, """
        SELECT ?m ?start ?city WHERE {
          ?m mig:preparatoryTo <https://w3id.org/miggraph/id/meeting/hld-2006> ; mig:startDate ?start ; mig:location ?place .
          ?place a mig:City ; rdfs:label ?city .
          FILTER(STR(?start) >= "2006-07-01" && STR(?start) <= "2006-07-31")
        } ORDER BY ?start ?m""")
    assert [(r["start"], r["city"]) for r in found] == [
        ("2006-07-10", "Rabat"), ("2006-07-12", "New York"), ("2006-07-18", "Madrid"),
        ("2006-07-25", "Banjul"), ("2006-07-25", "Mexico City"), ("2006-07-27", "Santo Domingo")]


def test_reports_requested_by_the_second_committee(store):
    found = stated(store, "requestedByBody", obj="org/ga-second-committee", doc=HLD)
    assert values(found, "s") == {"document/a-56-167", "document/a-58-98"}
    assert all(any("the Second Committee would request four more reports" in q["quote"]
                   for q in found if q["s"] == s) for s in values(found, "s"))


def test_draft_resolution_considered_by_the_second_committee(store):
    found = stated(store, "consideredBy", subject="document/a-c-2-61-l-12")
    assert values(found, "o") == {"org/ga-second-committee"}
    assert any("presented for consideration of the Second Committee (A/C.2/61/L.12)" in r["quote"] for r in found)
    assert stated(store, "issued", subject="document/a-c-2-61-l-12", doc=HLD) == []


def test_recommendation_33_and_the_consultations_that_answered_it(store):
    part = stated(store, "partOfDocument", subject="document/gcim-report-recommendation-33")
    assert values(part, "o") == {"document/gcim-report"}
    answer = stated(store, "inResponseTo", obj="document/gcim-report-recommendation-33")
    # the consultations answered it, and the group they led to (the Geneva Migration Group expanded) in turn
    assert values(answer, "s") == {"meeting/sg-consultations-2005-10-27", "org/gmg"}
    assert all(any(r["s"] == s and "In response to this recommendation, the Secretary-General held consultations" in r["quote"]
                   for r in answer) for s in values(answer, "s"))
    assert any(r["s"] == "org/gmg" and "expand the Geneva Migration Group" in r["quote"] for r in answer)
    proposed = stated(store, "proposedIn", obj="document/gcim-report-recommendation-33")
    assert values(proposed, "s") == {"org/inter-agency-global-migration-facility",
                                     "org/gcim-high-level-inter-institutional-group"}


def test_documents_transmitted_to_and_approved_by_the_secretary_general(store):
    found = stated(store, "transmittedTo", obj="org/secretary-general", doc=HLD)
    assert values(found, "s") == {"document/gcim-report", "document/gmg-terms-of-reference"}
    quotes = {r["s"]: r["quote"] for r in found}
    assert "October 2005" in quotes["document/gcim-report"]
    assert "February 2006" in quotes["document/gmg-terms-of-reference"]
    approved = stated(store, "endorsedBy", subject="document/gmg-terms-of-reference")
    assert values(approved, "o") == {"org/secretary-general"}


def test_one_special_unit_for_south_south_cooperation(store):
    found = select(store, """
        SELECT ?org WHERE { <https://w3id.org/miggraph/id/meeting/santo-domingo-regional-consultation-2006> mig:organizedBy ?org .
                            ?org rdfs:label ?l . FILTER(CONTAINS(?l, "South-South")) }""")
    assert values(found, "org") == {"org/undp-special-unit-ssc"}
    gone = f"<{ID}org/special-unit-for-south-south-cooperation>"
    assert select(store, f"SELECT ?p WHERE {{ {gone} ?p ?o }}") == []


# --- A/67/254 ----------------------------------------------------------------------------------------

def test_where_was_the_global_forum_launched(store):
    found = stated(store, "launchedAt", subject="process/gfmd")
    assert values(found, "o") == {"meeting/hld-2006"}
    assert {(r["doc"], r["para"]) for r in found} >= {(A67, "37")}
    assert any("It was launched during the 2006 High-level Dialogue" in r["quote"] for r in found)


def test_what_the_2011_global_forum_meeting_endorsed(store):
    found = stated(store, "endorsedBy", obj="meeting/gfmd-2011", doc=A67)
    assert values(found, "s") == {"document/gmg-migration-profile-indicators"}
    assert [r["para"] for r in found] == ["29"]
    assert values(stated(store, "proposedBy", subject="document/gmg-migration-profile-indicators"), "o") == {"org/gmg"}


def test_meetings_preparing_the_2013_dialogue(store):
    found = stated(store, "preparatoryTo", obj="meeting/hld-2013", doc=A67)
    proposed = {r["m"] for r in select(store, "SELECT ?m WHERE { ?m mig:proposedIn id:document/a-67-254 }")}
    assert values(found, "s") - proposed == {"meeting/eca-dialogue-2011", "meeting/cpd-46", "meeting/informal-thematic-debate-2011"}
    # what the report proposes: the hearings "could be organized", other activities the Assembly "may wish to recommend"
    assert values(found, "s") & proposed == {"meeting/hld-2013-hearings", "meeting/hld-2013-other-preparatory-activities"}
    quotes = {r["s"]: r["quote"] for r in found if r["para"] != "G. Preparatory activities"}
    assert "in preparation for the 2013 High-level Dialogue" in quotes["meeting/eca-dialogue-2011"]
    assert "allowing the Economic and Social Council to contribute" in quotes["meeting/cpd-46"]


def test_the_annex_is_part_of_the_report_and_prepared_for_the_2013_dialogue(store):
    found = select(store, """
        SELECT ?annex ?meeting WHERE {
          ?annex mig:partOfDocument <https://w3id.org/miggraph/id/document/a-67-254> ; mig:preparedFor ?meeting }""")
    assert [(r["annex"], r["meeting"]) for r in found] == [("document/a-67-254-annex", "meeting/hld-2013")]


def test_the_report_is_transmitted_to_the_general_assembly(store):
    found = stated(store, "transmittedTo", subject="document/a-67-254")
    assert values(found, "o") == {"org/ga"}
    assert all(r["para"] == "48" for r in found)


def test_who_the_unesco_institute_for_statistics_collaborates_with(store):
    found = stated(store, "collaboratesWith", subject="org/unesco-institute-for-statistics", doc=A67)
    assert values(found, "o") == {"org/oecd", "org/eurostat"}
    assert all("in collaboration with the Organization for Economic Cooperation and Development and Eurostat"
               in r["quote"] for r in found)


@pytest.mark.parametrize("rt", ["rt1", "rt2", "rt3", "rt4"])
def test_proposed_round_tables_of_2013_have_no_participant_count(store, rt):
    """'could be limited to 50 or fewer' is a proposed ceiling, not a number of participants."""
    assert stated(store, "participantCount", subject=f"meeting/hld-2013-{rt}") == []


def test_ratification_counts_as_at_june_2012(store):
    found = select(store, """
        SELECT ?inst ?count ?asOf WHERE {
          ?r a mig:RatificationStatus ; mig:instrument ?inst ; mig:count ?count ; mig:asOf ?asOf .
          FILTER(?inst IN (<https://w3id.org/miggraph/id/instrument/trafficking-protocol>, <https://w3id.org/miggraph/id/instrument/smuggling-protocol>))
        } ORDER BY ?inst""")
    assert [(r["inst"], r["count"], r["asOf"]) for r in found] == [
        ("instrument/smuggling-protocol", "130", "2012-06"), ("instrument/trafficking-protocol", "149", "2012-06")]


def test_chapter_x_is_part_of_the_cairo_programme_of_action(store):
    found = select(store, """
        SELECT ?part ?whole ?city WHERE {
          ?part mig:partOfDocument ?whole ; rdfs:label ?l . FILTER(STRSTARTS(?l, "Chapter X"))
          ?conference mig:hasOutcome ?whole ; mig:location/rdfs:label ?city }""")
    assert [(r["part"], r["whole"], r["city"]) for r in found] == [
        ("document/icpd-programme-of-action-chapter-x", "instrument/icpd-programme-of-action", "Cairo")]
    assert any("remains one of the most comprehensive internationally agreed texts on international migration"
               in r["quote"] for r in stated(store, "partOfDocument", subject="document/icpd-programme-of-action-chapter-x"))


def test_proposed_dates_of_the_2013_dialogue_are_not_its_dates(store):
    """'could be held on 24 and 25 September 2013' is one of two options, so the graph dates the Dialogue 2013."""
    assert values(stated(store, "startDate", subject="meeting/hld-2013"), "o") == {"2013"}
    assert stated(store, "endDate", subject="meeting/hld-2013") == []
    options = select(store, f"""SELECT ?d WHERE {{
        <{ID}meeting/hld-2013> mig:description ?d . FILTER(CONTAINS(?d, "24 and 25 September 2013")) }}""")
    assert len(options) == 1  # each option is its own description, with its own passage (paras 50 and 51)
    other = select(store, f"""SELECT ?d WHERE {{
        <{ID}meeting/hld-2013> mig:description ?d . FILTER(STRSTARTS(?d, "Alternatively")) }}""")
    assert len(other) == 1 and "two days immediately following the conclusion of the general debate" in other[0]["d"]


def test_each_mandate_of_the_2006_dialogue_cites_its_own_passage(store):
    found = stated(store, "mandatedBy", subject="meeting/hld-2006", doc=HLD)
    by_resolution = {}
    for r in found:
        by_resolution.setdefault(r["o"], set()).add(r["quote"])
    assert set(by_resolution) == {"resolution/58-209", "resolution/60-227"}
    assert all("58/209" in q for q in by_resolution["resolution/58-209"])
    assert all("60/227" in q for q in by_resolution["resolution/60-227"])


def test_what_is_meant_as_input_to_the_2013_dialogue(store):
    found = stated(store, "inputTo", obj="meeting/hld-2013")
    assert values(found, "s") == {"programme/gfmd-assessment", "programme/un-system-initiative-hld-2013"}
    assert {(r["s"], r["para"]) for r in found} == {("programme/gfmd-assessment", "14"),
                                                   ("programme/un-system-initiative-hld-2013", "85")}


def test_session_during_which_the_2013_dialogue_is_held(store):
    found = stated(store, "session", subject="meeting/hld-2013", doc=A67)
    assert values(found, "o") == {"sixty-eighth session"}
    assert [r["para"] for r in found] == ["47"]
