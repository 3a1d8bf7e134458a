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


def test_every_process_in_africa_includes_those_of_its_sub_regions(store):
    in_africa = {r["p"] for r in select(store, """SELECT DISTINCT ?p WHERE {
        ?p a/rdfs:subClassOf* mig:ConsultativeProcess ; mig:region/mig:withinRegion* id:region/africa }""")}
    direct = {r["p"] for r in select(store, """SELECT ?p WHERE { ?p a/rdfs:subClassOf* mig:ConsultativeProcess ;
        mig:region id:region/africa }""")}
    via_sub = {r["p"] for r in select(store, """SELECT ?p WHERE { ?p a/rdfs:subClassOf* mig:ConsultativeProcess ;
        mig:region ?r . ?r mig:withinRegion+ id:region/africa }""")}
    assert via_sub - direct, "a process placed only in a sub-region of Africa"
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
