"""Offices distinct from people, types as the documents list them, duplicates merged and generic outcome
labels made distinctive (issue 12): each read back through SPARQL on the built graph."""

from __future__ import annotations

from _sparql import select, sourced, stated

CHAIR = "document/hld-2006-chair-summary"
BEYOND = "document/hld-2006-and-beyond"


def alt_labels(store, subject: str) -> list[dict[str, str]]:
    """Every alternative name of `subject`, one row per passage its statement cites."""
    return select(store, f"""
        SELECT ?value ?doc ?para ?quote WHERE {{
          id:{subject} skos:altLabel ?value .
          ?st a rdf:Statement ; rdf:subject id:{subject} ; rdf:predicate skos:altLabel ; rdf:object ?value ;
              prov:wasDerivedFrom ?p . ?p mig:inDocument ?doc ; mig:paragraph ?para ; mig:quote ?quote }}""")


# --- the President of the General Assembly: the office, and the post of a given session ------------------

def test_the_president_of_the_sixty_first_session_is_a_post_with_its_holder(store):
    rows = select(store, """
        SELECT ?role ?holder ?name ?session ?holderLabel WHERE {
          ?role a mig:Role ; mig:roleIn id:org/ga ; mig:session "sixty-first session" ;
                mig:roleName ?name ; mig:holder ?holder .
          ?holder a mig:Person ; rdfs:label ?holderLabel .
          BIND ("sixty-first session" AS ?session) }""")
    assert [(r["role"], r["holder"], r["name"]) for r in rows] == [
        ("role/pga-61", "person/pga-61", "President of the sixty-first session of the General Assembly")]
    for prop in ("roleName", "roleIn", "session", "holder"):
        cited = sourced(store, "role/pga-61", prop)
        assert cited and all(r["doc"] == CHAIR and r["para"] == "introductory paragraph" for r in cited), prop
        assert all("President of the sixty-first session of the General Assembly" in r["quote"] for r in cited), prop
    # no date is stated for the post, so none is given
    assert select(store, "SELECT ?d WHERE { id:role/pga-61 mig:startDate ?d }") == []


def test_each_session_has_its_own_president_and_neither_is_the_office(store):
    rows = select(store, """
        SELECT ?session ?holder WHERE { ?r a mig:Role ; mig:roleIn id:org/ga ; mig:session ?session ; mig:holder ?holder }""")
    by_session = {r["session"]: r["holder"] for r in rows}
    assert by_session == {"sixtieth session": "person/pga-60", "sixty-first session": "person/pga-61"}
    # the office keeps no name of a session's President
    names = {r["n"] for r in select(store, "SELECT ?n WHERE { id:org/pga skos:altLabel ?n }")}
    assert not [n for n in names if "session" in n]
    kinds = {r["e"]: r["t"] for r in select(store, """
        SELECT ?e ?t WHERE { VALUES ?e { id:org/pga id:person/pga-60 id:person/pga-61 } ?e a ?t }""")}
    assert kinds == {"org/pga": "https://w3id.org/miggraph/ontology#UNEntity",
                     "person/pga-60": "https://w3id.org/miggraph/ontology#Person",
                     "person/pga-61": "https://w3id.org/miggraph/ontology#Person"}


def test_the_two_summaries_of_2006_do_not_share_an_author(store):
    """The Chairperson's Summary is the sixty-first session President's; the note transmitting the summary of
    the hearings (A/61/187) is the sixtieth session President's."""
    chair = sourced(store, CHAIR, "preparedBy")
    assert {r["value"] for r in chair} == {"person/pga-61"}
    note = sourced(store, "document/a-61-187", "sentBy")
    assert {r["value"] for r in note} == {"person/pga-60"}
    assert all("President of the sixtieth session of the General Assembly" in r["quote"] for r in note)
    transmits = {r["value"] for r in sourced(store, "document/a-61-187", "transmits")}
    assert transmits == {"document/hld-2006-hearings-summary"}
    # the transmittal of the Chairperson's Summary has its sender too
    sender = sourced(store, "document/hld-2006-chair-summary-transmittal", "sentBy")
    assert {r["value"] for r in sender} == {"person/pga-61"}
    assert all("President of the sixty-first session" in r["quote"] for r in sender)


def test_who_opened_and_closed_the_2006_dialogue(store):
    opened = stated(store, "speaker", subject="meeting/hld-2006", obj="person/pga-61")
    assert [r["para"] for r in opened] == ["2"]
    closed = stated(store, "speaker", subject="meeting/hld-2006-plenary", obj="person/pga-61")
    assert [r["para"] for r in closed] == ["5"]
    # the office without a session speaks nowhere in the Chairperson's Summary
    assert stated(store, "speaker", obj="org/pga", doc=CHAIR) == []
    assert stated(store, "preparedBy", obj="org/pga", doc=CHAIR) == []


def test_the_office_without_a_session_stays_the_office(store):
    """Where a document speaks of the President of the General Assembly without a session, the fact stays on
    the office: letters addressed to it, the 2011 debate it convened, the proposals for 2013."""
    assert {r["s"] for r in stated(store, "sentTo", obj="org/pga")} >= {
        "document/a-61-91", "document/a-61-345", "document/a-61-343"}
    assert stated(store, "convenedBy", subject="meeting/informal-thematic-debate-2011", obj="org/pga")
    assert stated(store, "speaker", subject="meeting/hld-2013-plenary-4", obj="org/pga")
    part = sourced(store, "org/pga", "partOf")
    assert {r["value"] for r in part} == {"org/ga"}


def test_every_letter_or_note_has_its_sender(store):
    rows = select(store, """
        SELECT ?c WHERE { ?c a mig:Correspondence . FILTER NOT EXISTS { ?c mig:sentBy ?who } }""")
    assert rows == []


# --- types as the documents list them --------------------------------------------------------------------

def test_the_world_bank_is_a_united_nations_entity_as_a_63_265_lists_it(store):
    types = {r["t"] for r in select(store, "SELECT ?t WHERE { id:org/world-bank a ?t }")}
    assert types == {"https://w3id.org/miggraph/ontology#UNEntity"}
    rows = sourced(store, "org/world-bank", "description")
    listed = [r for r in rows if r["para"] == "E. Specialized agencies"]
    assert [(r["doc"], r["quote"]) for r in listed] == [("document/a-63-265", "E. Specialized agencies")]
    assert "Specialized agencies" in listed[0]["note"] and "para 42" in listed[0]["note"]
    # with the other agencies A/63/265 reviews under that heading
    assert {r["e"] for r in select(store, "SELECT ?e WHERE { VALUES ?e { id:org/ilo id:org/unesco } ?e a mig:UNEntity }")} == {
        "org/ilo", "org/unesco"}


def test_the_european_commission_is_an_institution_of_the_european_union(store):
    part = sourced(store, "org/european-commission", "partOf")
    assert {r["value"] for r in part} == {"org/eu"}
    assert all(r["doc"] == "document/a-63-265" and r["para"] == "48" for r in part)
    assert all("European Commission" in r["quote"] and "European Union" in r["quote"] for r in part)
    assert all("No document of the corpus states" in r["note"] for r in part)  # read, and said how
    types = {r["t"] for r in select(store, "SELECT ?t WHERE { id:org/european-commission a ?t }")}
    assert types == {"https://w3id.org/miggraph/ontology#Organization"}  # not an organization of States


def test_the_special_representative_is_one_post_with_its_holder_and_date(store):
    rows = select(store, """
        SELECT ?r ?holder ?in ?start WHERE { ?r a mig:Role ; mig:holder ?holder ; mig:roleName ?name .
          FILTER(CONTAINS(?name, "Special Representative"))
          OPTIONAL { ?r mig:roleIn ?in } OPTIONAL { ?r mig:startDate ?start } }""")
    assert {(r["r"], r["holder"], r.get("in"), r.get("start")) for r in rows} == {
        ("role/srsg-migration", "person/peter-sutherland", "org/secretary-general", "2006-01")}
    # what the two documents say of the post, on the one Role: the appointment (2006 and beyond) and the
    # extension of the mandate (Chairperson's Summary)
    assert {r["doc"] for r in sourced(store, "role/srsg-migration", "holder")} == {BEYOND, CHAIR}
    assert [r["value"] for r in sourced(store, "role/srsg-migration", "mandateExtendedBy")] == ["org/secretary-general"]


def test_no_organization_stands_in_for_the_special_representative(store):
    """One entity, the post: it chairs, participates and is a member (a post is an agent, acting through its holder)."""
    acts = {r["p"] for r in select(store, "SELECT DISTINCT ?p WHERE { ?s ?p id:role/srsg-migration }")}
    assert {"https://w3id.org/miggraph/ontology#chairedBy", "https://w3id.org/miggraph/ontology#participant"} <= acts
    rows = select(store, """
        SELECT ?e WHERE { ?e rdfs:label|skos:altLabel ?n .
          FILTER(STRSTARTS(STR(?e), "https://w3id.org/miggraph/id/org/") && CONTAINS(?n, "Special Representative")) }""")
    assert rows == []


# --- duplicates ------------------------------------------------------------------------------------------

def test_the_unfpa_iom_initiative_of_a_67_254_is_one_programme(store):
    """Paragraph 36 (coordinated by UNFPA and IOM) and paragraph 85 (led by UNFPA and IOM) speak of one
    initiative: one id, paragraph 36's name kept as an alternative name that cites it."""
    rows = select(store, """
        SELECT DISTINCT ?p WHERE { ?p a mig:Programme ; ?r1 id:org/unfpa ; ?r2 id:org/iom .
          ?p prov:wasDerivedFrom ?x . ?x mig:inDocument id:document/a-67-254 }""")
    assert [r["p"] for r in rows] == ["programme/un-system-initiative-hld-2013"]
    paras = {r["para"] for r in select(store, """
        SELECT ?para WHERE { id:programme/un-system-initiative-hld-2013 prov:wasDerivedFrom/mig:paragraph ?para }""")}
    assert paras == {"36", "85"}
    names = alt_labels(store, "programme/un-system-initiative-hld-2013")
    assert [(r["value"], r["para"]) for r in names] == [
        ("set of conclusions and recommendations on international migration and development", "36")]
    assert all(r["value"] in r["quote"] for r in names)
    for prop, value in (("organizedBy", "org/unfpa"), ("implementedBy", "org/iom"), ("supportedBy", "org/undesa"),
                        ("participant", "org/gmg"), ("inputTo", "meeting/hld-2013")):
        assert value in {r["value"] for r in sourced(store, "programme/un-system-initiative-hld-2013", prop)}, prop
    assert select(store, "SELECT ?p ?o WHERE { id:programme/gmg-conclusions-and-recommendations ?p ?o }") == []


def test_no_two_programmes_share_a_partner_pair_and_a_paragraph(store):
    rows = select(store, """
        SELECT DISTINCT ?a ?b ?x ?y ?para WHERE {
          ?a a mig:Programme ; ?p1 ?x , ?y . ?b a mig:Programme ; ?q1 ?x , ?y .
          FILTER(STR(?a) < STR(?b) && STR(?x) < STR(?y))
          FILTER(STRSTARTS(STR(?x), "https://w3id.org/miggraph/id/org/") && STRSTARTS(STR(?y), "https://w3id.org/miggraph/id/org/"))
          ?a prov:wasDerivedFrom ?pa . ?b prov:wasDerivedFrom ?pb .
          ?pa mig:inDocument ?doc ; mig:paragraph ?para . ?pb mig:inDocument ?doc ; mig:paragraph ?para . }""")
    assert rows == []


def test_the_review_of_the_global_migration_group_is_one_programme(store):
    """The same kind of duplicate, already one: the review of paragraph 35 is the review of paragraph 84."""
    paras = {r["para"] for r in select(store, """
        SELECT ?para WHERE { id:programme/gmg-review prov:wasDerivedFrom/mig:paragraph ?para }""")}
    assert paras == {"35", "84"}


# --- distinctive labels for generic outcome documents ------------------------------------------------------

GENERIC = {"Plan of Action", "Action Plan", "Declaration", "Conclusions", "Ministerial Declaration",
           "Conference Conclusions", "Final Declaration", "Outcome document", "Report", "Summary"}


def test_no_outcome_document_has_a_bare_generic_label(store):
    rows = select(store, """
        SELECT ?d ?label WHERE { ?m mig:hasOutcome ?d . ?d rdfs:label ?label }""")
    assert rows and [r for r in rows if r["label"] in GENERIC] == []
    documents = select(store, """
        SELECT ?d ?label WHERE { ?d rdfs:label ?label . ?d a ?t .
          VALUES ?t { mig:Document mig:Instrument mig:Declaration mig:PlanOfAction mig:PolicyFramework } }""")
    assert [r for r in documents if r["label"] in GENERIC] == []


def test_the_printed_names_of_the_outcome_documents_stay_as_cited_alternative_names(store):
    expected = {
        "instrument/cotonou-ministerial-declaration-2006": "Ministerial Declaration",
        "document/brussels-conference-conclusions-2006": "Conference Conclusions",
        "document/iberoamerican-conference-conclusions-2006": "Conclusions",
        "instrument/santo-domingo-declaration-2006": "Declaration",
    }
    for entity, printed in expected.items():
        names = alt_labels(store, entity)
        assert [r["value"] for r in names] == [printed], entity
        assert names[0]["doc"] == BEYOND and names[0]["quote"] == f"Outcome Document: {printed}", entity
    labels = {r["d"]: r["label"] for r in select(store, """
        SELECT ?d ?label WHERE { VALUES ?d { id:instrument/cotonou-ministerial-declaration-2006
          id:instrument/santo-domingo-declaration-2006 id:instrument/rabat-plan-of-action-2006 } ?d rdfs:label ?label }""")}
    assert labels["instrument/rabat-plan-of-action-2006"] == (
        "Plan of Action of the Ministerial Euro-African Conference on Migration and Development (Rabat, 2006)")
    assert labels["instrument/cotonou-ministerial-declaration-2006"].startswith("Ministerial Declaration of the ")
    assert "(Santo Domingo, 2006)" in labels["instrument/santo-domingo-declaration-2006"]


def test_a_bare_plan_of_action_is_not_read_as_the_rabat_one(store):
    """The Rabat Plan of Action keeps "Action Plan" (A/63/265, said of it only) but not the bare "Plan of
    Action", which text extraction would find in the ACP States', the Ibero-American Forum's and the Puebla
    Process's plans of action."""
    names = {r["n"] for r in select(store, "SELECT ?n WHERE { id:instrument/rabat-plan-of-action-2006 skos:altLabel ?n }")}
    assert names == {"Action Plan"}
    mislinked = select(store, """
        SELECT ?m ?text WHERE { ?m a mig:NameMention ; mig:mentions id:instrument/rabat-plan-of-action-2006 ;
          mig:quote ?text ; prov:wasDerivedFrom/mig:inDocument ?doc . FILTER(?doc != id:document/hld-2006-and-beyond) }""")
    assert {r["text"] for r in mislinked} == {"Action Plan"}
