"""Competency questions over the facts of A/63/265, A/65/944 and the Chairperson's summary of the
2006 High-level Dialogue: proposals, offers, preparation, signing, transmission, endorsement and
collaboration, each answered with the passage that states it (the reified statement's source)."""

from __future__ import annotations

from _sparql import select, sourced


def passages(rows: list[dict[str, str]], value: str) -> set[tuple[str, str]]:
    return {(r["doc"], r["para"]) for r in rows if r["value"] == value}


# --- offers to host and to organize ------------------------------------------------------------

def test_who_offered_to_host_the_first_global_forum_meeting(store):
    rows = select(store, """
        SELECT ?who ?name ?quote ?para WHERE {
          ?meeting a mig:GlobalForumMeeting ; rdfs:label ?label ; mig:offeredToHostBy ?who .
          FILTER(CONTAINS(LCASE(?label), "first meeting"))
          ?who rdfs:label ?name .
          ?st rdf:subject ?meeting ; rdf:predicate mig:offeredToHostBy ; rdf:object ?who ;
              prov:wasDerivedFrom/mig:quote ?quote ; prov:wasDerivedFrom/mig:paragraph ?para .
        }""")
    assert {(r["who"], r["name"]) for r in rows} == {("country/BEL", "Belgium")}
    assert any(r["para"] == "24" and "offered to host the first meeting of the Global Forum in 2007" in r["quote"]
               for r in rows)


def test_offers_for_the_third_and_fourth_forum_meetings_are_offers_not_hosts(store):
    host_2009 = sourced(store, "meeting/gfmd-2009", "offeredToHostBy")
    host_2010 = sourced(store, "meeting/gfmd-2010", "offeredToHostBy")
    assert passages(host_2009, "country/GRC") >= {("document/a-63-265", "70")}
    assert passages(host_2010, "country/ARG") >= {("document/a-63-265", "70")}
    organize_2010 = sourced(store, "meeting/gfmd-2010", "offeredToOrganizeBy")
    assert passages(organize_2010, "country/ARG") == {("document/a-63-265", "16")}
    assert all("Argentina has done so for the 2010 meeting" in r["quote"] for r in organize_2010)
    # A/63/265 states no host or organizer of these meetings, and no offer is written as a status.
    stated = select(store, """
        SELECT ?p ?o WHERE {
          VALUES ?m { id:meeting/gfmd-2009 id:meeting/gfmd-2010 }
          ?st rdf:subject ?m ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom/mig:inDocument id:document/a-63-265 .
          FILTER(?p IN (mig:hostedBy, mig:organizedBy, mig:status))
        }""")
    assert stated == []


def test_belgium_offered_to_organize_the_first_meeting_and_then_organized_it(store):
    offer = sourced(store, "meeting/gfmd-2007", "offeredToOrganizeBy")
    assert passages(offer, "country/BEL") == {("document/a-63-265", "2"), ("document/a-63-265", "10")}
    organized = [r for r in sourced(store, "meeting/gfmd-2007", "organizedBy")
                 if r["doc"] == "document/a-63-265"]
    # the organizer is cited where the report says "organized by", never where it reports the offer
    assert {r["para"] for r in organized} == {"70"}
    assert all("organized by the Government of Belgium" in r["quote"] for r in organized)


# --- proposals ---------------------------------------------------------------------------------

def test_who_proposed_the_global_forum_and_where_it_is_said(store):
    rows = sourced(store, "process/gfmd", "proposedBy")
    assert {r["value"] for r in rows} == {"org/secretary-general"}
    assert passages(rows, "org/secretary-general") >= {
        ("document/a-63-265", "2"), ("document/a-63-265", "10"), ("document/a-63-265", "69"),
        ("document/hld-2006-chair-summary", "20"),
    }


def test_the_secretary_general_proposed_a_trust_fund_for_the_forum(store):
    rows = sourced(store, "programme/gfmd-trust-fund", "proposedBy")
    assert passages(rows, "org/secretary-general") == {("document/hld-2006-chair-summary", "24")}
    assert all("ready to establish a voluntary trust fund" in r["quote"] for r in rows)


# --- meetings that precede or prepare other meetings -------------------------------------------

def test_civil_society_meetings_that_preceded_the_first_two_forum_meetings(store):
    rows = select(store, """
        SELECT ?cs ?forum ?organizer ?quote WHERE {
          ?cs a mig:CivilSocietyMeeting ; mig:precedes ?forum ; mig:organizedBy ?organizer .
          ?forum a mig:GlobalForumMeeting .
          ?st rdf:subject ?cs ; rdf:predicate mig:precedes ; rdf:object ?forum ;
              prov:wasDerivedFrom/mig:quote ?quote .
        }""")
    found = {(r["forum"], r["organizer"]) for r in rows}
    assert {("meeting/gfmd-2007", "org/king-baudouin-foundation"), ("meeting/gfmd-2008", "org/ayala-foundation")} <= found
    assert all("preceded" in r["quote"] for r in rows if r["forum"] in {"meeting/gfmd-2007", "meeting/gfmd-2008"})


def test_the_2011_informal_debate_prepared_the_2013_dialogue(store):
    rows = sourced(store, "meeting/informal-thematic-debate-2011", "preparatoryTo")
    assert {r["value"] for r in rows} == {"meeting/hld-2013"}
    assert passages(rows, "meeting/hld-2013") >= {("document/a-65-944", "1")}
    assert ("document/a-65-944", "18") not in passages(rows, "meeting/hld-2013")  # para 18 names neither meeting
    assert any("the process leading to the General Assembly’s second High-level Dialogue" in r["quote"] for r in rows)


def test_documents_prepared_for_the_second_forum_meeting(store):
    rows = select(store, """
        SELECT ?doc ?meeting WHERE {
          ?doc mig:preparedFor ?meeting .
          { BIND(id:meeting/gfmd-2008 AS ?meeting) } UNION { ?meeting mig:partOf id:meeting/gfmd-2008 }
        }""")
    assert {(r["doc"], r["meeting"]) for r in rows} >= {
        ("document/gmg-joint-report-migration-human-rights", "meeting/gfmd-2008"),
        ("document/rcp-working-paper-gfmd-2008", "meeting/gfmd-2008-rt3-3"),
    }
    paper = sourced(store, "document/rcp-working-paper-gfmd-2008", "preparedFor")
    assert passages(paper, "meeting/gfmd-2008-rt3-3") == {("document/a-63-265", "footnote 3")}


# --- transmission, signing, endorsement, collaboration -----------------------------------------

def test_to_whom_the_report_of_the_first_forum_meeting_was_transmitted(store):
    rows = sourced(store, "document/gfmd-2007-report", "transmittedTo")
    assert passages(rows, "org/pga") == {("document/a-63-265", "20")}
    assert all("transmitted to the President of the General Assembly" in r["quote"] for r in rows)
    csd = sourced(store, "document/gfmd-2007-csd-report", "transmittedTo")
    assert {r["value"] for r in csd} == {"process/gfmd"}


def test_memoranda_of_understanding_signed_with_iom(store):
    rows = select(store, """
        SELECT ?mou ?party ?year WHERE {
          ?mou mig:signedBy id:org/iom , ?party ; mig:issued ?year .
          FILTER(?party != id:org/iom)
        } ORDER BY ?year""")
    assert [(r["party"], r["year"]) for r in rows] == [("org/eca", "2006"), ("org/escap", "2007")]
    # signing is not adoption
    adopted = select(store, """
        SELECT ?mou WHERE { VALUES ?mou { id:document/eca-iom-mou-2006 id:document/escap-iom-mou-2007 }
                            ?mou mig:adoptedBy ?x }""")
    assert adopted == []


def test_who_endorsed_the_five_by_five_initiative(store):
    rows = sourced(store, "programme/five-by-five", "endorsedBy")
    assert passages(rows, "org/g8") == {("document/a-65-944", "3")}
    assert all("endorsed by the Group of Eight in 2009" in r["quote"] for r in rows)
    assert sourced(store, "programme/five-by-five", "supportedBy") == []


def test_organizations_ilo_works_closely_with(store):
    rows = sourced(store, "org/ilo", "collaboratesWith")
    assert {r["value"] for r in rows if r["doc"] == "document/a-63-265" and r["para"] == "40"} == {
        "org/european-commission", "org/oecd"}
    assert all("works closely with" in r["quote"] for r in rows if r["para"] == "40")


# --- one question per document on facts that were corrected ------------------------------------

def test_chair_summary_round_table_participation_counts_each_say_what_they_count(store):
    rows = sourced(store, "meeting/hld-2006", "participantCount")
    chair = {r["value"] for r in rows if r["doc"] == "document/hld-2006-chair-summary"}
    assert chair == {"162", "16", "2", "12"}
    # a count stated by two documents is one statement with both passages and both notes
    notes = {v: " | ".join(sorted({r.get("note", "") for r in rows if r["value"] == v})) for v in chair}
    assert "high-level representatives of member States" in notes["162"]
    assert "regional commissions whose Executive Secretaries" in notes["2"]
    assert "United Nations agencies, funds and programmes" in notes["16"]
    assert "non-governmental organizations, civil society and private sector entities" in notes["12"]


def test_global_migration_group_members_as_stated_in_a_65_944(store):
    """A/65/944 writes "15 organizations of the United Nations system plus the International Organization for
    Migration", never 16: a figure of 15 United Nations organizations, not a member count of 16 from that passage."""
    rows = sourced(store, "org/gmg", "memberCount")
    assert ("document/a-65-944", "15") not in passages(rows, "16")
    figure = select(store, """SELECT ?value ?qualifier ?quote WHERE { ?f a mig:Figure ; mig:figureOf id:org/gmg ;
        mig:figureValue ?value ; mig:qualifier ?qualifier ; prov:wasDerivedFrom ?p .
        ?p mig:inDocument id:document/a-65-944 ; mig:quote ?quote }""")
    assert any(float(r["value"]) == 15 and r["qualifier"].endswith("Exactly")
               and "15 organizations of the United Nations system plus the International Organization for Migration" in r["quote"]
               for r in figure), figure


def test_global_migration_group_membership_as_of_mid_2008(store):
    rows = select(store, """
        SELECT ?member WHERE {
          ?m a mig:Membership ; mig:group id:org/gmg ; mig:asOf ?asOf ; mig:member ?member .
          FILTER(STR(?asOf) = "2008")
        }""")
    members = {r["member"] for r in rows}
    assert len(members) == 14
    assert {"org/undesa", "org/unitar", "org/unodc", "org/un-regional-commissions"} <= members


def test_what_the_first_forum_meeting_launched_and_approved(store):
    launched = select(store, """
        SELECT ?what WHERE { ?what mig:launchedAt id:meeting/gfmd-2007 }""")
    assert {r["what"] for r in launched} >= {"programme/gfmd-network-of-national-focal-points"}
    network = sourced(store, "programme/gfmd-network-of-national-focal-points", "launchedAt")
    assert passages(network, "meeting/gfmd-2007") == {("document/a-63-265", "70")}
    approved = sourced(store, "document/gfmd-operational-modalities-paper", "endorsedBy")
    assert passages(approved, "meeting/gfmd-2007") == {("document/a-63-265", "16")}
    assert all("discussed and approved" in r["quote"] for r in approved)


# --- counts, mandates and considerations short of a proposal --------------------------------------

def test_how_many_regional_consultative_processes_a_63_265_counts(store):
    found = sourced(store, "document/a-63-265", "regionalProcessCount")
    assert {(r["value"], r["doc"], r["para"]) for r in found} == {("13", "document/a-63-265", "45")}
    assert all(f"currently {r['value']} regional consultative processes" in r["quote"] for r in found)


def test_who_the_secretary_general_addressed_and_how_often_it_is_said(store):
    found = sourced(store, "process/gfmd", "addressedBy")
    assert passages(found, "org/secretary-general") == {("document/a-67-254", "38")}
    assert all("three of the five Global Forum meetings" in r["quote"] and "three of the five" in r["note"]
               for r in found)


def test_whose_mandate_the_secretary_general_extended(store):
    found = select(store, """
        SELECT ?holder ?name ?who ?para ?quote WHERE {
          ?role a mig:Role ; mig:holder ?holder ; mig:roleName ?name ; mig:mandateExtendedBy ?who .
          ?st rdf:subject ?role ; rdf:predicate mig:mandateExtendedBy ; rdf:object ?who ; prov:wasDerivedFrom ?p .
          ?p mig:inDocument id:document/hld-2006-chair-summary ; mig:paragraph ?para ; mig:quote ?quote .
        }""")
    assert {(r["holder"], r["who"], r["para"]) for r in found} == {
        ("person/peter-sutherland", "org/secretary-general", "24")}
    assert all("decision to extend the mandate of the Special Representative" in r["quote"] for r in found)


def test_a_fund_under_consideration_is_not_a_proposal(store):
    found = sourced(store, "programme/eu-co-development-fund", "consideredEstablishingBy")
    assert passages(found, "org/eu") == {("document/hld-2006-and-beyond", "B.2 Co-development")}
    assert sourced(store, "programme/eu-co-development-fund", "proposedBy") == []
