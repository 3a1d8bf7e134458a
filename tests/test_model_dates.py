"""Time-dependent facts with their dates, missed document facts, and proposals kept as proposals (issue 12).

- Every membership and every post is dated (mig:asOf, or mig:startDate where the text gives the start of a
  post); "at present" and the present tense of a report are the report's date, stated in a note. The
  corpus prints no date of issue for the reports, so their date is read from the text: A/63/265 is of 2008
  (it counts replies received by 15 July 2008 and has the Manila meeting of October 2008 still to come),
  A/67/254 of 2012. Chairs of standing groups and statuses have no dated term of their own in the
  ontology (mig:asOf is for memberships and ratification statuses only): their date is in the statement's
  note, or in a dated Role where the text names the post.
- Agenda items, issue dates and adopting bodies where a document states them; a draft resolution is linked
  to the resolution adopted from it (mig:adoptedAs) only where a document states the decision.
- What A/67/254 proposes for the 2013 Dialogue sits on proposed entities (mig:proposedIn) with notes
  beginning "Proposed:", so "who participated in the 2013 Dialogue" answers no proposal.
"""

from __future__ import annotations

import re

from _sparql import select, sourced, stated

A63, A65, A67 = "document/a-63-265", "document/a-65-944", "document/a-67-254"
HLD, SUMMARY = "document/hld-2006-and-beyond", "document/hld-2006-chair-summary"
YEAR = re.compile(r"\b(19|20)\d\d\b")


# --- 1. Memberships, posts, chairs and statuses with their dates ----------------------------------

def test_the_steering_group_members_with_their_date(store):
    rows = select(store, """
        SELECT ?member ?date ?doc ?note WHERE {
          ?m a mig:Membership ; mig:group id:org/gfmd-steering-group ; mig:member ?member ; mig:asOf ?date .
          ?st rdf:subject ?m ; rdf:predicate mig:asOf ; rdf:object ?date ; prov:wasDerivedFrom/mig:inDocument ?doc .
          OPTIONAL { ?st rdfs:comment ?note } }""")
    assert {(r["member"], r["date"], r["doc"]) for r in rows} == {
        ("country/BEL", "2008", A63), ("country/GRC", "2008", A63), ("country/PHL", "2008", A63),
        ("role/srsg-migration", "2012", A67)}
    assert all("report" in r["note"] for r in rows)
    ex_officio = sourced(store, next(r["m"] for r in select(store, """
        SELECT ?m WHERE { ?m mig:group id:org/gfmd-steering-group ; mig:member id:country/PHL }""")), "group")
    assert any("ex officio members of the Steering Group" in r["quote"] for r in ex_officio)


def test_every_membership_and_every_post_is_dated(store):
    """A membership has mig:asOf; a post mig:asOf or mig:startDate, or, for a post held for a session of a
    body (the President of the General Assembly at its sixty-first session), the mig:session it is held for."""
    undated = select(store, """
        SELECT ?x WHERE { ?x a ?t . VALUES ?t { mig:Membership mig:Role }
                          FILTER NOT EXISTS { ?x mig:asOf|mig:startDate ?date }
                          FILTER NOT EXISTS { ?x a mig:Role ; mig:session ?session } }""")
    assert undated == []
    assert select(store, "SELECT ?m WHERE { ?m a mig:Membership FILTER NOT EXISTS { ?m mig:asOf ?d } }") == []


def test_at_present_is_the_date_of_the_report_with_a_note(store):
    troika = select(store, """
        SELECT ?member ?date ?note ?quote WHERE {
          ?m a mig:Membership ; mig:group id:org/gfmd-troika ; mig:member ?member ; mig:asOf ?date .
          ?st rdf:subject ?m ; rdf:predicate mig:asOf ; rdf:object ?date ; rdfs:comment ?note ;
              prov:wasDerivedFrom/mig:quote ?quote }""")
    assert {(r["member"], r["date"]) for r in troika} == {("country/BEL", "2008"), ("country/GRC", "2008"),
                                                          ("country/PHL", "2008")}
    assert all("at present" in r["quote"] and r["note"].startswith("'at present': the report's date, 2008")
               for r in troika)
    twg = select(store, """
        SELECT ?date WHERE { ?m mig:group id:org/twg-international-migration ; mig:member id:org/escap ; mig:asOf ?date }""")
    assert [r["date"] for r in twg] == ["2008"]


def test_posts_are_dated_as_the_text_writes_them(store):
    rows = select(store, """
        SELECT ?holder ?name ?start ?asof WHERE { ?r a mig:Role ; mig:holder ?holder ; mig:roleName ?name .
          OPTIONAL { ?r mig:startDate ?start } OPTIONAL { ?r mig:asOf ?asof } }""")
    dated = {(r["holder"], r["name"]): (r.get("start"), r.get("asof")) for r in rows}
    # the text gives the start of one post only: "In January 2006, the Secretary-General ... appointed"
    assert dated[("person/peter-sutherland",
                  "Special Representative of the Secretary-General on International Migration and Development")] == ("2006-01", None)
    assert dated[("person/sha-zukang", "Under-Secretary-General for Economic and Social Affairs")] == (None, "2008-03-18")
    assert dated[("person/eduard-gnesa", "Chair-in-Office")] == (None, "2011-05-19")
    assert dated[("person/tarja-filatov", "Minister of Labour of Finland")] == (None, "2006-09")
    assert dated[("person/louise-arbour", "Chair of the Geneva Migration Group")] == (None, "2005-10-27")
    # a date that only attests the post is never a start date, and says so
    notes = select(store, """
        SELECT ?r ?note WHERE { ?r a mig:Role ; mig:asOf ?d .
          ?st rdf:subject ?r ; rdf:predicate mig:asOf ; rdf:object ?d ; rdfs:comment ?note }""")
    assert notes and all("no start date" in r["note"] for r in notes)


def test_chairs_of_standing_groups_are_dated(store):
    """A chair of a group or process (not of a one-off meeting, which has its own date) states when:
    a dated Role of the holder in the group, or a year in the statement's note."""
    rows = select(store, """
        SELECT ?s ?o ?note ?rd WHERE {
          ?s mig:chairedBy ?o . FILTER (!STRSTARTS(STR(?s), "https://w3id.org/miggraph/id/meeting/"))
          ?st rdf:subject ?s ; rdf:predicate mig:chairedBy ; rdf:object ?o .
          OPTIONAL { ?st rdfs:comment ?note }
          OPTIONAL { ?r a mig:Role ; mig:holder ?o ; mig:roleIn ?s ; mig:asOf|mig:startDate ?rd } }""")
    assert {r["s"] for r in rows} >= {"org/gfmd-steering-group", "org/twg-international-migration",
                                      "org/gmg-wg-mainstreaming", "org/gmg-wg-data-and-research", "process/gfmd"}
    undated = [r for r in rows if not YEAR.search(r.get("note", "")) and "rd" not in r]
    assert undated == []
    wg = sourced(store, "org/gmg-wg-mainstreaming", "chairedBy")
    assert {r["value"] for r in wg} == {"org/undp", "org/iom"} and all("2012" in r["note"] for r in wg)


def test_every_status_says_when_it_held(store):
    """No ontology term dates a status (mig:asOf is for memberships and ratification statuses): each status
    statement gives its date in its quote or its note."""
    rows = select(store, """
        SELECT ?s ?o ?quote ?note WHERE { ?s mig:status ?o .
          ?st rdf:subject ?s ; rdf:predicate mig:status ; rdf:object ?o ; prov:wasDerivedFrom/mig:quote ?quote .
          OPTIONAL { ?st rdfs:comment ?note } }""")
    assert rows
    assert [r for r in rows if not YEAR.search(r["quote"] + " " + r.get("note", ""))] == []


def test_the_proposed_global_forum_is_dated_before_its_meetings(store):
    status = sourced(store, "process/gfmd", "status")
    assert {(r["value"], r["doc"]) for r in status} == {("proposed", SUMMARY)}
    assert all("14 to 15 September 2006" in r["note"] and "not a status of the Forum after 2006" in r["note"]
               for r in status)


# --- 2. Drafts, agenda items, issue dates, adopting bodies -------------------------------------

def test_a_draft_is_linked_to_its_resolution_only_where_a_document_states_the_decision(store):
    """The corpus states no decision on A/C.2/61/L.12: the one passage on it says it "was being discussed
    through the normal intergovernmental process" at the time of writing, and no document says that
    resolution 61/208 was adopted from it. So the graph has no mig:adoptedAs for it; any adoptedAs cites a
    passage naming both the draft and the resolution."""
    assert stated(store, "adoptedAs", subject="document/a-c-2-61-l-12") == []
    status = sourced(store, "document/a-c-2-61-l-12", "status")
    assert [(r["value"], r["doc"]) for r in status] == [("being discussed through the normal intergovernmental process", HLD)]
    assert "25 October 2006" in status[0]["note"]
    for r in select(store, """
            SELECT ?quote ?sym ?num WHERE { ?d mig:adoptedAs ?res ; mig:symbol ?sym . ?res mig:resolutionNumber ?num .
              ?st rdf:subject ?d ; rdf:predicate mig:adoptedAs ; rdf:object ?res ; prov:wasDerivedFrom/mig:quote ?quote }"""):
        assert r["sym"] in r["quote"] and r["num"] in r["quote"]


def test_the_agenda_item_the_second_committee_considered(store):
    item = stated(store, "agendaItem", subject="meeting/ga-second-committee-2006-10-19")
    assert [(r["o"], r["doc"]) for r in item] == [("55(b)", HLD)]
    assert "considered item 55(b) of its agenda" in item[0]["quote"]
    every = select(store, "SELECT ?x ?item WHERE { ?x mig:agendaItem ?item }")
    assert {(r["x"], r["item"]) for r in every} == {("meeting/ga-second-committee-2006-10-19", "55(b)")}


def test_issue_dates_where_the_text_states_them(store):
    """The Chair's summary "had been issued prior to" the Second Committee's meeting of 19 October 2006. The
    draft resolution (presented on 25 October 2006) and the terms of reference of the Global Migration
    Group (transmitted in February 2006) have no date of issue in the text, so none is stated."""
    issued = sourced(store, "document/hld-2006-chair-summary", "issued")
    assert [(r["value"], r["doc"]) for r in issued] == [("2006", HLD)]
    assert "had been issued prior to that meeting" in issued[0]["quote"]
    assert stated(store, "issued", subject="document/a-c-2-61-l-12") == []
    assert stated(store, "issued", subject="document/gmg-terms-of-reference") == []


# Resolutions left without mig:adoptedBy, each with the reason no body is named.
WITHOUT_BODY = {
    "resolution/49-127": "'The first resolution on the topic (49/127)': the text names no adopting body",
    "resolution/66-124": "A/67/254 cites it ('in accordance with resolution 66/124') for the date of a meeting, "
                         "naming no adopting body",
    "resolution/hld-2013-modalities": "'to be adopted during its sixty-seventh session': not adopted when A/67/254 "
                                      "was written, so adoptedBy would state what had not happened",
}


def test_resolutions_without_an_adopting_body_are_those_no_document_names_it_for(store):
    rows = select(store, """
        SELECT ?r WHERE { ?r a mig:Resolution . FILTER NOT EXISTS { ?r mig:adoptedBy ?body }
                          FILTER NOT EXISTS { ?r prov:wasGeneratedBy ?activity } }""")
    assert {r["r"] for r in rows} == set(WITHOUT_BODY)
    committee = sourced(store, "resolution/58-209", "adoptedBy")
    assert [(r["value"], r["doc"]) for r in committee] == [("org/ga-second-committee", HLD)]
    assert "the Second Committee decided" in committee[0]["quote"] and "resolution 58/209" in committee[0]["quote"]


# --- 3. Proposals for the 2013 Dialogue are not participation ------------------------------------

WHO_PARTICIPATED_IN_2013 = """
    SELECT DISTINCT ?who WHERE {
      ?m mig:partOf* id:meeting/hld-2013 .
      VALUES ?p { mig:participant mig:speaker mig:chairedBy }
      ?m ?p ?who .
      FILTER NOT EXISTS { ?m mig:proposedIn ?document }
      FILTER NOT EXISTS { ?st rdf:subject ?m ; rdf:predicate ?p ; rdf:object ?who ; rdfs:comment ?note .
                          FILTER (STRSTARTS(?note, "Proposed:")) }
    }"""


def test_who_participated_in_the_2013_dialogue_answers_no_proposal(store):
    """A/67/254 (2012) only proposes who might take part in the 2013 Dialogue: the corpus says who took part in
    none of it, so the question has no answer, and no proposal stands in for one."""
    assert select(store, WHO_PARTICIPATED_IN_2013) == []
    assert stated(store, "participant", subject="meeting/hld-2013") == []


def test_the_proposed_participants_are_kept_as_proposals(store):
    rows = select(store, """
        SELECT ?m ?p ?who ?note ?para WHERE {
          ?m mig:partOf id:meeting/hld-2013 ; mig:proposedIn id:document/a-67-254 ; mig:status "proposed" .
          VALUES ?p { mig:participant mig:speaker mig:chairedBy }
          ?m ?p ?who .
          ?st rdf:subject ?m ; rdf:predicate ?p ; rdf:object ?who ; rdfs:comment ?note ; prov:wasDerivedFrom/mig:paragraph ?para }""")
    assert rows and all(r["note"].startswith("Proposed:") for r in rows)
    plenary = {(r["who"], r["para"]) for r in rows if r["m"] == "meeting/hld-2013-plenary-2"}
    assert plenary >= {("country/VAT", "56"), ("country/PSE", "56"), ("org/eu", "56"), ("org/iom", "56"),
                       ("org/special-rapporteur-migrants", "57")}
    hearings = sourced(store, "meeting/hld-2013-hearings", "chairedBy")
    assert [r["value"] for r in hearings] == ["org/pga"] and hearings[0]["note"].startswith("Proposed:")
