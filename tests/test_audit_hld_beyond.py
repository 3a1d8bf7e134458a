"""Facts the audit of "The High-level Dialogue on International Migration and Development and Beyond"
added: the Global Migration Group as the answer to recommendation 33 of the Global Commission, the
Group's support to the Dialogue, the outcome documents of the preparatory conferences as input to the
Dialogue, the documents the publication cites, and themes and regions read from titles and names,
each asserted with the paragraph and quote that state it."""

from __future__ import annotations

from _sparql import cited_in, select, sourced

DOC = "document/hld-2006-and-beyond"



def test_global_migration_group_answers_recommendation_33_and_supported_the_dialogue(store):
    rows = cited_in(sourced(store, "org/gmg", "inResponseTo"), "document/gcim-report-recommendation-33", DOC)
    # one passage holds the recommendation's answer and the group it led to (it runs from A.2 into A.3)
    assert {r["para"] for r in rows} == {"A.3 The Global Migration Group"}
    assert any("In response to this recommendation, the Secretary-General held consultations" in r["quote"]
               and "proceeded to establish the Global Migration Group" in r["quote"] for r in rows)
    support = cited_in(sourced(store, "meeting/hld-2006", "supportedBy"), "org/gmg", DOC)
    assert {r["para"] for r in support} == {"A.3 The Global Migration Group"}
    assert any("key actors in the preparatory activities for the Dialogue" in r["quote"] for r in support)


def test_outcome_documents_of_the_annex_meetings_are_input_to_the_dialogue(store):
    rows = select(store, """
        SELECT DISTINCT ?outcome ?para ?quote WHERE {
          ?meeting mig:preparatoryTo id:meeting/hld-2006 ; mig:hasOutcome ?outcome .
          ?outcome mig:inputTo id:meeting/hld-2006 .
          ?st rdf:subject ?outcome ; rdf:predicate mig:inputTo ; rdf:object id:meeting/hld-2006 ;
              prov:wasDerivedFrom ?p .
          ?p mig:inDocument id:document/hld-2006-and-beyond ; mig:paragraph ?para ; mig:quote ?quote .
        }""")
    outcomes = {r["outcome"] for r in rows}
    assert {"instrument/cotonou-ministerial-declaration-2006", "document/brussels-conference-conclusions-2006",
            "instrument/asuncion-declaration-2006", "instrument/lima-declaration-2006",
            "instrument/rabat-plan-of-action-2006", "instrument/rabat-declaration-2006",
            "document/hld-2006-hearings-summary", "document/iberoamerican-conference-conclusions-2006",
            "document/helsinki-process-meeting-report-2006", "instrument/migration-policy-framework-for-africa",
            "instrument/african-common-position-on-migration-and-development",
            "instrument/santo-domingo-declaration-2006",
            "document/mercosur-discussion-of-the-issue-of-migration-2006"} <= outcomes
    for outcome in outcomes:
        mine = [r for r in rows if r["outcome"] == outcome]
        assert {r["para"] for r in mine} == {"Annex", "B.16 Intergovernmental cooperation"}, outcome
        assert any("The declarations or conclusions from these meetings were mentioned" in r["quote"]
                   and "In the run up to the High-level Dialogue" in r["quote"] for r in mine), outcome


def test_the_publication_cites_the_letters_of_its_annex_and_the_draft_resolution(store):
    rows = select(store, """
        SELECT ?symbol ?para ?quote WHERE {
          id:document/hld-2006-and-beyond mig:references ?d . ?d mig:symbol ?symbol .
          ?st rdf:subject id:document/hld-2006-and-beyond ; rdf:predicate mig:references ; rdf:object ?d ;
              prov:wasDerivedFrom ?p . ?p mig:paragraph ?para ; mig:quote ?quote .
        }""")
    symbols = {r["symbol"] for r in rows}
    letters = {"A/61/230", "A/61/73", "A/61/86", "A/61/91", "A/61/170", "A/61/187", "A/61/506",
               "A/61/345", "A/61/343", "A/61/321"}
    assert letters | {"A/C.2/61/L.12", "E/1995/69", "A/56/167", "A/58/98"} <= symbols
    for r in rows:
        assert f"({r['symbol']})" in r["quote"], r
        if r["symbol"] in letters:
            assert r["para"].startswith("Annex: "), r
    a61187 = [r for r in rows if r["symbol"] == "A/61/187"]
    assert a61187 and "President of the sixtieth session of the General Assembly" in a61187[0]["quote"]
    cited = {r["value"] for r in sourced(store, DOC, "references")}
    assert {"instrument/trafficking-protocol", "instrument/smuggling-protocol", "instrument/untoc",
            "document/hld-2006-chair-summary"} <= cited


def test_themes_and_regions_read_from_titles_and_names(store):
    for meeting, para in (
        ("meeting/brussels-conference-migration-development-2006", "Annex: Conference on Migration and Development"),
        ("meeting/euro-african-ministerial-conference-2006",
         "Annex: Ministerial Euro-African Conference on Migration and Development"),
    ):
        rows = cited_in(sourced(store, meeting, "theme"), "theme/international-migration-and-development", DOC)
        assert {r["para"] for r in rows} == {para}, meeting
        assert all("on Migration and Development" in r["quote"] for r in rows)
        assert all(r.get("note") == "read from the conference's title" for r in rows)
    mida = cited_in(sourced(store, "programme/mida", "region"), "region/africa", DOC)
    assert {r["para"] for r in mida} == {"B.6 Return migration"}
    assert all("(Migration for Development in Africa)" in r["quote"] for r in mida)


def test_mercosur_forum_meeting_prepared_the_ministers_meeting_and_names_added(store):
    rows = cited_in(sourced(store, "meeting/mercosur-specialized-forum-on-migration-14", "preparatoryTo"),
                    "meeting/mercosur-interior-ministers-2006-08", DOC)
    assert len(rows) == 1
    assert "prepared by the 14th meeting of the Specialized Forum on Migration" in rows[0]["quote"]
    names = select(store, """
        SELECT ?e ?n WHERE {
          VALUES ?e { id:org/pga id:role/srsg-migration id:document/hld-2006-chair-summary }
          ?e skos:altLabel ?n }""")
    pairs = {(r["e"], r["n"]) for r in names}
    # the President of the sixtieth session is not the office: a person holding the post of that session
    assert not [n for e, n in pairs if e == "org/pga" and "sixtieth" in n]
    post = select(store, """SELECT ?holder ?name WHERE { id:role/pga-60 mig:holder ?holder ; mig:roleName ?name }""")
    assert [(r["holder"], r["name"]) for r in post] == [
        ("person/pga-60", "President of the sixtieth session of the General Assembly")]
    assert ("role/srsg-migration",
            "Special Representative of the Secretary-General on International Migration and Development") in pairs
    assert ("document/hld-2006-chair-summary", "Chair's summary of the High-level Dialogue") in pairs
