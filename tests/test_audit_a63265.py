"""Facts the audit of A/63/265 added: who supports the Global Forum and its meetings, where the
Friends of the Forum meet and who takes part, the regional commissions and their regions, the
round-table session a working paper was prepared for, and the date the questionnaire went out,
each asserted with the paragraph and quote that state it."""

from __future__ import annotations

from _sparql import cited_in, select, sourced

DOC = "document/a-63-265"



def test_special_representative_takes_part_in_meetings_of_the_friends_of_the_forum(store):
    rows = cited_in(sourced(store, "meeting/gfmd-friends-of-the-forum", "participant"), "role/srsg-migration", DOC)
    assert {r["para"] for r in rows} == {"20"}
    assert all("who participates in meetings of the Steering Group and the Friends of the Forum" in r["quote"]
               for r in rows)
    where = cited_in(sourced(store, "meeting/gfmd-friends-of-the-forum", "location"), "city/geneva", DOC)
    assert {r["para"] for r in where} == {"18"}
    assert all("mainly in Geneva" in r["quote"] for r in where)
    # the post is also known by the name A/63/265 gives it
    names = select(store, "SELECT ?n WHERE { id:role/srsg-migration skos:altLabel ?n }")
    assert "Special Representative on International Migration and Development" in {r["n"] for r in names}


def test_support_to_the_forum_and_its_meetings(store):
    for meeting in ("meeting/gfmd-2007", "meeting/gfmd-2008"):
        gmg = cited_in(sourced(store, meeting, "supportedBy"), "org/gmg", DOC)
        assert {r["para"] for r in gmg} == {"44"}, meeting
        assert all("members of the Group have been providing substantive inputs to those events" in r["quote"]
                   for r in gmg)
    steering = cited_in(sourced(store, "meeting/gfmd-2008", "supportedBy"), "org/gfmd-steering-group", DOC)
    assert {r["para"] for r in steering} == {"17"}
    assert all("input for the thematic preparation of the second meeting of the Forum" in r["quote"]
               for r in steering)
    process = cited_in(sourced(store, "process/gfmd", "supportedBy"), "org/gfmd-steering-group", DOC)
    assert {r["para"] for r in process} == {"17"}
    assert all("firmly committed to offer sustained support to the Global Forum process" in r["quote"]
               for r in process)


def test_regional_commissions_and_the_regions_they_cover(store):
    rows = select(store, """
        SELECT ?c ?para ?quote WHERE {
          ?c mig:partOf id:org/un-regional-commissions .
          ?st rdf:subject ?c ; rdf:predicate mig:partOf ; rdf:object id:org/un-regional-commissions ;
              prov:wasDerivedFrom ?p .
          ?p mig:inDocument id:document/a-63-265 ; mig:paragraph ?para ; mig:quote ?quote .
        }""")
    heading = {r["c"] for r in rows if r["para"] == "B. Regional commissions" and r["quote"] == "B. Regional commissions"}
    assert heading == {"org/eca", "org/eclac", "org/escap", "org/escwa"}
    assert any(r["c"] == "org/eclac" and r["para"] == "30" and "the other regional commissions" in r["quote"]
               for r in rows)
    escap = cited_in(sourced(store, "org/escap", "region"), "region/asia-pacific", DOC)
    assert [(r["para"], r["quote"]) for r in escap] == [
        ("31", "The Economic and Social Commission for Asia and the Pacific (ESCAP)")]
    escwa = cited_in(sourced(store, "org/escwa", "region"), "region/western-asia", DOC)
    assert [(r["para"], r["quote"]) for r in escwa] == [
        ("32", "The Economic and Social Commission for Western Asia (ESCWA)")]
    project = cited_in(sourced(store, "programme/eclac-national-capacities-project", "participant"),
                          "org/un-regional-commissions", DOC)
    assert {r["para"] for r in project} == {"30"}


def test_working_paper_session_belongs_to_the_third_round_table_of_manila(store):
    rows = cited_in(sourced(store, "meeting/gfmd-2008-rt3-3", "partOf"), "meeting/gfmd-2008-rt3", DOC)
    assert {r["para"] for r in rows} == {"footnote 3"}
    assert all("prepared for round-table session 3.3 of the second meeting" in r["quote"] for r in rows)
    # so the round table of Table 2 of A/67/254 reaches the working paper A/63/265 draws upon
    papers = select(store, """
        SELECT ?doc WHERE { ?doc mig:preparedFor/mig:partOf id:meeting/gfmd-2008-rt3 }""")
    assert {r["doc"] for r in papers} == {"document/rcp-working-paper-gfmd-2008"}


def test_questionnaire_date_and_no_invented_names(store):
    rows = sourced(store, "document/questionnaire-hld-follow-up-2008", "issued")
    assert [(r["value"], r["doc"], r["para"]) for r in rows] == [("2008-03-18", DOC, "footnote 1")]
    assert "On 18 March 2008, a letter from the Under-Secretary-General" in rows[0]["quote"]
    # alternative names are names as written in a document; these three were not
    invented = select(store, """
        SELECT ?e WHERE {
          VALUES ?name { "Tripoli Declaration on Migration and Development"@en "ECOWAS common approach on migration"@en
                         "first Plan of Action on Migration and Development of the Puebla Process"@en
                         "Tripoli Declaration on Migration and Development" "ECOWAS common approach on migration"
                         "first Plan of Action on Migration and Development of the Puebla Process" }
          ?e skos:altLabel ?name }""")
    assert invented == []
