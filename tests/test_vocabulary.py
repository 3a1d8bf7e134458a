"""Vocabulary structure published beside the documents' facts: the region hierarchy (UN M49 through
country_converter, and the editorial layer) and what it answers."""

from __future__ import annotations

import pytest
from _sparql import select

from miggraph import regions
from miggraph.errors import InputError
from miggraph.load import load


def test_m49_sub_regions_lie_within_their_continent_as_the_package_classifies_them():
    within = regions.m49_within()
    assert within["Northern Africa"] == "Africa" and within["Western Asia"] == "Asia" and within["Southern Europe"] == "Europe"


def test_the_graph_places_its_regions_by_m49_and_marks_the_editorial_ones(store):
    rows = select(store, """SELECT ?a ?b ?editorial WHERE { ?a mig:withinRegion ?b .
                            OPTIONAL { ?a mig:withinRegionEditorial ?b . BIND (true AS ?editorial) } }""")
    pairs = {(r["a"], r["b"]): "editorial" in r for r in rows}
    within = regions.m49_within()
    labels = {r["r"]: r["label"] for r in select(store, "SELECT ?r ?label WHERE { ?r a mig:Region ; rdfs:label ?label }")}
    by_label = {v: k for k, v in labels.items()}
    expected = {(by_label[s], by_label[c]) for s, c in within.items() if s in by_label and c in by_label}
    assert expected and {p for p, ed in pairs.items() if not ed} == expected
    assert pairs[("region/northern-africa", "region/africa")] is False
    assert pairs[("region/sub-saharan-africa", "region/africa")] is True
    notes = select(store, "SELECT ?note WHERE { id:region/sub-saharan-africa skos:editorialNote ?note }")
    assert notes and "editorial layer" in notes[0]["note"]


def test_everything_in_africa_includes_what_lies_in_its_sub_regions(store):
    """Processes and organisations in Africa: those whose stated region is Africa or lies within it."""
    in_africa = {r["p"] for r in select(store, "SELECT DISTINCT ?p WHERE { ?p mig:region/mig:withinRegion* id:region/africa }")}
    direct = {r["p"] for r in select(store, "SELECT ?p WHERE { ?p mig:region id:region/africa }")}
    via_sub = {r["p"] for r in select(store, "SELECT ?p WHERE { ?p mig:region ?r . ?r mig:withinRegion+ id:region/africa }")}
    assert via_sub - direct, "something placed only in a sub-region of Africa"
    assert in_africa == direct | via_sub


def test_a_fact_states_the_region_the_passage_names_not_also_its_broader_region(store):
    """The hierarchy answers "in Africa": the data does not repeat the broader region from the same passage."""
    rows = select(store, """SELECT ?s ?narrow ?broad WHERE {
        ?s mig:region ?narrow , ?broad . ?narrow mig:withinRegion+ ?broad .
        ?a rdf:subject ?s ; rdf:predicate mig:region ; rdf:object ?narrow ; prov:wasDerivedFrom ?pa .
        ?b rdf:subject ?s ; rdf:predicate mig:region ; rdf:object ?broad ; prov:wasDerivedFrom ?pa . }""")
    assert rows == []


def test_an_editorial_placement_of_an_unknown_region_names_the_file_and_line(project):
    from _project import GOOD_FACTS

    from miggraph.build import make_graph

    settings = project(GOOD_FACTS)
    (settings.data_dir / "vocabulary").mkdir()
    (settings.data_dir / "vocabulary" / "regions.yaml").write_text(
        "within:\n  - region: region/atlantis\n    within: region/africa\n    reason: test\n", encoding="utf-8")
    load(settings)
    with pytest.raises(InputError) as exc:
        make_graph(settings)
    assert "data/vocabulary/regions.yaml:2" in str(exc.value.problems[0]) and "region/atlantis" in str(exc.value.problems[0])


THEMES = """\
document: a-63-265
records:
  - id: theme/remittances
    type: Theme
    label: remittances
    source: {para: "21", quote: "migration and remittances"}
  - id: theme/remittance-costs
    type: Theme
    label: cost of remittances
    source: {para: "21", quote: "migration and remittances"}
  - id: theme/brain-drain
    type: Theme
    label: brain drain
    source: {para: "21", quote: "migration and remittances"}
"""


def _themes_project(project, structure: str):
    from miggraph.build import make_graph

    settings = project(THEMES)
    (settings.data_dir / "vocabulary").mkdir(exist_ok=True)
    (settings.data_dir / "vocabulary" / "themes.yaml").write_text(structure, encoding="utf-8")
    return settings, make_graph


def test_the_theme_scheme_has_its_editorial_hierarchy(project):
    from rdflib import SKOS, URIRef

    settings, make_graph = _themes_project(project, """\
top: [theme/remittances, theme/brain-drain]
broader:
  - {theme: theme/remittance-costs, broader: theme/remittances}
related:
  - {theme: theme/remittance-costs, related: theme/brain-drain}
""")
    graph = make_graph(settings)
    t = lambda s: URIRef(settings.instance_base + s)  # noqa: E731
    scheme = t("theme")
    assert set(graph.objects(scheme, SKOS.hasTopConcept)) == {t("theme/remittances"), t("theme/brain-drain")}
    assert (t("theme/remittance-costs"), SKOS.broader, t("theme/remittances")) in graph
    assert (t("theme/remittances"), SKOS.narrower, t("theme/remittance-costs")) in graph
    assert (t("theme/brain-drain"), SKOS.related, t("theme/remittance-costs")) in graph
    assert "editorial layer" in str(graph.value(scheme, SKOS.editorialNote))


@pytest.mark.parametrize(("structure", "message"), [
    ("broader:\n  - {theme: theme/atlantis, broader: theme/remittances}\n", "'theme/atlantis' is not a theme"),
    ("broader:\n  - {theme: theme/remittances, broader: theme/remittance-costs}\n"
     "  - {theme: theme/remittance-costs, broader: theme/remittances}\n", "a cycle"),
    ("top: [theme/remittance-costs]\nbroader:\n  - {theme: theme/remittance-costs, broader: theme/remittances}\n",
     "top concept and has a broader theme"),
])
def test_a_bad_theme_structure_names_its_file(project, structure, message):
    settings, make_graph = _themes_project(project, structure)
    with pytest.raises(InputError) as exc:
        make_graph(settings)
    assert str(exc.value.problems[0]).startswith("data/vocabulary/themes.yaml") and message in str(exc.value.problems[0])


def test_every_theme_is_a_top_concept_or_narrower_than_one(store):
    orphans = select(store, """SELECT ?t WHERE { ?t a mig:Theme .
        FILTER NOT EXISTS { ?t skos:topConceptOf ?scheme } FILTER NOT EXISTS { ?t skos:broader ?b } }""")
    assert orphans == []
    tops = {r["t"] for r in select(store, "SELECT ?t WHERE { ?scheme skos:hasTopConcept ?t }")}
    under = {r["t"] for r in select(store, "SELECT DISTINCT ?t WHERE { ?t a mig:Theme ; skos:broader ?b }")}
    themes = {r["t"] for r in select(store, "SELECT ?t WHERE { ?t a mig:Theme }")}
    assert tops | under == themes and not tops & under


def test_the_scheme_has_a_small_set_of_top_concepts_each_with_narrower_themes(store):
    tops = {r["t"] for r in select(store, "SELECT ?t WHERE { id:theme skos:hasTopConcept ?t }")}
    assert 8 <= len(tops) <= 15, tops
    lonely = tops - {r["t"] for r in select(store, "SELECT DISTINCT ?t WHERE { ?n skos:broader ?t }")}
    assert lonely == set()


def test_the_themes_narrower_than_one_top_concept(store):
    """Every theme under irregular migration, at any depth: trafficking in children lies under human trafficking."""
    under = {r["t"] for r in select(store, "SELECT ?t WHERE { ?t skos:broader+ id:theme/irregular-migration }")}
    assert {"theme/human-trafficking", "theme/child-trafficking", "theme/migrant-smuggling"} <= under
    assert "theme/remittances" not in under


@pytest.mark.parametrize(("kept", "merged_name", "merged_id"), [
    ("theme/migrant-entrepreneurship", "migrant entrepreneurs", "theme/migrant-entrepreneurs"),
    ("theme/temporary-circular-and-return-migration", "return and circular migration", "theme/return-and-circular-migration"),
    ("theme/temporary-circular-and-return-migration", "temporary and circular migration", "theme/temporary-and-circular-migration"),
    ("theme/migrant-women", "migration of women", "theme/migration-of-women"),
    ("theme/labour-mobility", "international labour mobility", "theme/international-labour-mobility"),
    ("theme/good-practices-and-lessons-learned", "best practices", "theme/best-practices"),
])
def test_a_merged_theme_keeps_its_name_as_an_alternative_name_citing_a_passage_with_it(store, kept, merged_name, merged_id):
    rows = select(store, f"""SELECT ?quote WHERE {{ id:{kept} skos:altLabel ?n . FILTER (str(?n) = "{merged_name}")
        ?st rdf:subject id:{kept} ; rdf:predicate skos:altLabel ; rdf:object ?n ; prov:wasDerivedFrom ?pa .
        ?pa mig:quote ?quote }}""")
    assert rows and all(merged_name in " ".join(r["quote"].split()) for r in rows)
    assert select(store, f"SELECT ?p WHERE {{ id:{merged_id} ?p ?o }}") == []
    assert select(store, f"SELECT ?s WHERE {{ ?s ?p id:{merged_id} }}") == []


def test_racism_and_discrimination_are_distinct_themes_under_one_broader(store):
    rows = select(store, """SELECT ?t WHERE { ?t skos:broader id:theme/racism-discrimination-xenophobia }""")
    assert {"theme/racism", "theme/discrimination", "theme/xenophobia"} <= {r["t"] for r in rows}
    assert not select(store, """SELECT ?n WHERE { id:theme/discrimination skos:altLabel ?n FILTER (str(?n) = "racism") }""")


THEMES_OF_A_MEETING = """SELECT DISTINCT ?t WHERE {
    { id:meeting/hld-2006 mig:theme ?t }
    UNION { ?part mig:partOf+ id:meeting/hld-2006 ; mig:theme ?t }
    UNION { ?doc mig:reportsOn|^mig:hasOutcome id:meeting/hld-2006 . ?doc mig:theme ?t } }"""


def test_the_themes_of_the_2006_dialogue_include_those_its_summaries_and_round_tables_report(store):
    """The Chair's summary, the publication's account of the debate and the round tables all report the Dialogue."""
    themes = {r["t"] for r in select(store, THEMES_OF_A_MEETING)}
    own = {r["t"] for r in select(store, "SELECT ?t WHERE { id:meeting/hld-2006 mig:theme ?t }")}
    chair = {r["t"] for r in select(store, "SELECT ?t WHERE { id:document/hld-2006-chair-summary mig:theme ?t }")}
    beyond = {r["t"] for r in select(store, "SELECT ?t WHERE { id:document/hld-2006-and-beyond mig:theme ?t }")}
    assert chair and beyond and (chair | beyond) - own, "the summaries report themes the Dialogue's own facts do not"
    assert own | chair | beyond <= themes
    assert "theme/migrant-entrepreneurship" in themes  # "migrant entrepreneurs" (Chair's summary, para. 8)
    reporting = {r["d"] for r in select(store, "SELECT ?d WHERE { ?d mig:reportsOn id:meeting/hld-2006 }")}
    assert reporting == {"document/hld-2006-chair-summary", "document/hld-2006-and-beyond"}


def test_the_readmes_query_gives_every_remittance_figure_by_year_across_documents(store):
    from _project import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("Every remittance figure, by year, across documents"):]
    query = block[block.index("```sparql") + len("```sparql"):block.index("```", block.index("```sparql") + 9)]
    rows = select(store, query)
    by_doc = {(r["doc"], r.get("period")) for r in rows}
    assert ("document/hld-2006-and-beyond", "2005") in by_doc and ("document/a-67-254", "2011") in by_doc
    amounts = {(r.get("period"), float(r["value"]), r["qualifier"].rsplit("#", 1)[-1]) for r in rows if r.get("currency")}
    assert ("2011", 372e9, "Exactly") in amounts and ("2005", 232e9, "Approximately") in amounts
    assert ("2011", 20e9, "MoreThan") in amounts  # "more than $20 billion", never an exact amount
