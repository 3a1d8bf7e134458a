"""Facts the audit of the two meeting summaries added: the Chairperson's summary of the 2006
High-level Dialogue and A/65/944 (the informal thematic debate of 19 May 2011). Each test asks for
a fact and the passage (document, paragraph, quote) its reified statement derives from."""

from __future__ import annotations

from _sparql import select, sourced


def cited(rows: list[dict[str, str]], value: str, doc: str, para: str, words: str) -> bool:
    return any(r["value"] == value and r["doc"] == doc and r["para"] == para and words in r["quote"] for r in rows)


def test_iom_in_the_global_migration_group_as_of_the_2011_debate(store):
    rows = select(store, """
        SELECT ?m ?asOf ?para ?quote WHERE {
          ?m a mig:Membership ; mig:member id:org/iom ; mig:group id:org/gmg ; mig:asOf ?asOf .
          ?st rdf:subject ?m ; rdf:predicate mig:asOf ; rdf:object ?asOf ; prov:wasDerivedFrom ?p .
          ?p mig:inDocument id:document/a-65-944 ; mig:paragraph ?para ; mig:quote ?quote .
        }""")
    assert {r["asOf"] for r in rows} == {"2011-05-19"}
    assert any(r["para"] == "15" and "includes 15 organizations of the United Nations system plus the International "
               "Organization for Migration" in r["quote"] for r in rows)
    assert any(r["para"] == "1" and "in New York on 19 May 2011" in r["quote"] for r in rows)


def test_global_forum_assessment_under_the_auspices_of_the_chair_in_office(store):
    support = sourced(store, "programme/gfmd-assessment", "supportedBy")
    assert cited(support, "person/eduard-gnesa", "document/a-65-944", "14",
                 "being undertaken under the auspices of the Forum’s Chair-in-Office (Ambassador Eduard Gnesa")
    status = sourced(store, "programme/gfmd-assessment", "status")
    assert cited(status, "ongoing", "document/a-65-944", "14", "being undertaken")


def test_sessions_of_the_one_day_debate_are_dated(store):
    rows = select(store, """
        SELECT ?session ?start ?end WHERE {
          ?session mig:partOf id:meeting/informal-thematic-debate-2011 ; mig:startDate ?start ; mig:endDate ?end .
        }""")
    assert {r["session"] for r in rows} == {f"meeting/informal-thematic-debate-2011-{s}"
                                             for s in ("opening", "panel1", "panel2", "closing")}
    assert {(r["start"], r["end"]) for r in rows} == {("2011-05-19", "2011-05-19")}
    panel2 = sourced(store, "meeting/informal-thematic-debate-2011-panel2", "startDate")
    assert cited(panel2, "2011-05-19", "document/a-65-944", "1", "in New York on 19 May 2011")


def test_themes_of_the_debate_panels_and_the_gmg(store):
    panel1 = sourced(store, "meeting/informal-thematic-debate-2011-panel1", "theme")
    assert {r["value"] for r in panel1} >= {"theme/family-reunification", "theme/remittances", "theme/circular-migration"}
    assert {r["doc"] for r in panel1} == {"document/a-65-944"}
    # themes the panel's passages only paraphrase are not stated as its themes
    assert not {r["value"] for r in panel1} & {"theme/migration-and-families", "theme/ratification-of-international-instruments"}
    gmg = sourced(store, "org/gmg", "theme")
    assert cited(gmg, "theme/evidence-on-international-migration-and-development", "document/a-65-944", "16",
                 "contributions made by the Global Migration Group to the improvement of the evidence")


def test_themes_of_the_2006_chairpersons_summary(store):
    rows = sourced(store, "document/hld-2006-chair-summary", "theme")
    doc = "document/hld-2006-chair-summary"
    assert cited(rows, "theme/regularization", doc, "17", "the regularization of migrants in an irregular situation")
    assert cited(rows, "theme/follow-up-to-the-high-level-dialogue", doc, "III. Follow-up to the High-level Dialogue",
                 "Follow-up to the High-level Dialogue")
