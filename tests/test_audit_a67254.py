"""Facts the audit of A/67/254 added: what the report proposes for the 2013 High-level Dialogue, where
the Global Forum assessment is to be presented, who took part in Global Forum meetings, and the survey
programme it recommends. Each answer comes back with the passage of its reified statement."""

from __future__ import annotations

from _sparql import select, stated

A67 = "document/a-67-254"


def test_meetings_and_documents_the_report_proposes_for_the_2013_dialogue(store):
    found = stated(store, "proposedIn", obj=A67, doc=A67)
    subjects = {r["s"] for r in found}
    assert subjects >= {f"meeting/hld-2013-rt{n}" for n in "1234"} | {f"meeting/hld-2013-plenary-{n}" for n in "1234"}
    assert subjects >= {"meeting/hld-2013-hearings", "document/hld-2013-pga-note", "document/hld-2013-outcome-document"}
    # the Dialogue itself was decided by resolution 63/225, not proposed in the report
    assert "meeting/hld-2013" not in subjects
    rt4 = {(r["para"], r["quote"]) for r in found if r["s"] == "meeting/hld-2013-rt4"}
    assert any(p == "60" and "may wish to consider convening four interactive round-table meetings" in q for p, q in rt4)
    plenary = {(r["para"], r["quote"]) for r in found if r["s"] == "meeting/hld-2013-plenary-2"}
    assert any(p == "52" and "around four plenary meetings" in q for p, q in plenary)


def test_where_the_global_forum_assessment_is_to_be_presented(store):
    part2 = stated(store, "inputTo", subject="programme/gfmd-assessment-part-2", doc=A67)
    assert {r["o"] for r in part2} == {"meeting/gfmd-2012"}
    assert all(r["para"] == "39" and "which will be presented at its forthcoming meeting" in r["quote"] for r in part2)
    rt4 = stated(store, "inputTo", subject="programme/gfmd-assessment", obj="meeting/hld-2013-rt4")
    assert [(r["para"], r["quote"]) for r in rt4] == [
        ("66", "The results of the Global Forum assessment could be presented at the round table.")]


def test_ohchr_took_part_in_the_2010_global_forum_and_issued_the_groups_statement_there(store):
    took_part = stated(store, "participant", subject="meeting/gfmd-2010", obj="org/ohchr")
    assert {(r["doc"], r["para"]) for r in took_part} == {(A67, "15")}
    assert all("OHCHR issued a joint statement of the Global Migration Group" in r["quote"] for r in took_part)
    prepared = stated(store, "preparedFor", subject="document/gmg-joint-statement-2010")
    assert {r["o"] for r in prepared} == {"meeting/gfmd-2010"}
    assert all(r["para"] == "15" and r["quote"].startswith("At the 2010 Global Forum") for r in prepared)


def test_the_meetings_of_the_friends_of_the_forum_are_not_named_as_the_group(store):
    found = stated(store, "participant", subject="meeting/gfmd-friends-of-the-forum", obj="org/gfmd-friends-of-the-forum")
    assert [(r["doc"], r["para"]) for r in found] == [(A67, "38")]
    assert "in meetings of the Friends of the Forum" in found[0]["quote"]
    named = select(store, """
        SELECT ?e WHERE { { ?e rdfs:label "Friends of the Forum"@en } UNION { ?e skos:altLabel "Friends of the Forum"@en } }""")
    assert {r["e"] for r in named} == {"org/gfmd-friends-of-the-forum"}


def test_the_survey_programme_the_report_recommends_and_who_closes_the_dialogue(store):
    proposed = stated(store, "proposedIn", subject="programme/migration-data-survey-programme")
    assert [(r["o"], r["para"]) for r in proposed] == [(A67, "82")]
    assert "consider funding a dedicated survey programme in countries that lack adequate migration data" in proposed[0]["quote"]
    closing = stated(store, "speaker", subject="meeting/hld-2013-plenary-4", obj="org/pga")
    assert [(r["para"], r["quote"]) for r in closing] == [
        ("Annex", "Closing of the High-level Dialogue by the President of the General Assembly")]
