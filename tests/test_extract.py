"""Text extraction: units of the corpus documents, mentions, and what the build publishes of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Literal, URIRef

from miggraph import extract
from miggraph.config import DCTERMS, MIG, PROV, SCHEMA, Settings
from miggraph.corpus import normalise
from miggraph.extract import patterns
from miggraph.extract.mentions import quote_of
from miggraph.extract.passages import split
from miggraph.load import load

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
ID = "https://w3id.org/miggraph/id/"


@pytest.fixture(scope="module")
def extracted():
    settings = Settings(root=ROOT)
    graph = load(settings).graph
    result = extract.add_to_graph(graph, settings)
    return graph, result


def unit_with(result, doc: str, needle: str):
    units = [u for u in result.documents[doc].units if needle in u.text]
    assert units, needle
    return units[0]


# -- units ---------------------------------------------------------------------------------------
def test_page_furniture_is_dropped_at_a_real_page_break():
    """A/63/265, para. 47 runs over the page break "A/63/265 / 15 08-45678": one unit, without them."""
    text = (CORPUS / "A-63-265.txt").read_text(encoding="utf-8")
    header = text.index("\n A/63/265\n") + 1
    job = text.index("15 08-45678")
    units = split(text)
    (para47,) = [u for u in units if u.label == "47"]
    assert para47.start < header < job < para47.end  # the span runs over the page break
    assert "A/63/265" not in para47.text and "08-45678" not in para47.text
    assert "has held meetings with regional economic communities in Africa, especially with the Economic Community" in para47.text
    assert not any(u.start <= job < u.end and u.label != "47" for u in units)  # furniture is in no unit


def test_footnotes_are_units_of_their_own_inside_the_paragraph_they_interrupt():
    text = (CORPUS / "A-63-265.txt").read_text(encoding="utf-8")
    units = split(text)
    (para22,) = [u for u in units if u.label == "22"]
    (fn1,) = [u for u in units if u.label == "footnote 1"]
    assert para22.start < fn1.start < fn1.end < para22.end
    assert fn1.text.startswith("1 On 18 March 2008, a letter from the Under-Secretary-General")
    assert "Sha Zukang" not in para22.text
    assert "nature of the Forum provided the flexibility needed to explore complex and potentially divisive issues" in para22.text


def test_unit_labels_follow_the_labels_curators_use(extracted):
    _, result = extracted
    labels = {doc: {u.label for u in d.units} for doc, d in result.documents.items()}
    assert {"Summary", "footnote 3", "63", "VI. Conclusions"} <= labels["a-63-265"]
    assert {"Table 1", "Table 2", "Annex", "footnote 19", "E. Structure, format and themes of the interactive round-table meetings"} \
        <= labels["a-67-254"]
    assert {"title", "A.3 The Global Migration Group", "B. The debate during the High-level Dialogue",
            "B.17 Follow-up to the High-level Dialogue", "Annex: Helsinki Process Meeting on International Migration",
            "Annex: Discussion of the Issue of Migration at the meeting of Ministers of the Interior of MERCOSUR and the "
            "Associated States"} <= labels["hld-2006-and-beyond"]
    assert {"title", "introductory paragraph", "II. Key Issues"} <= labels["hld-2006-chair-summary"]
    assert {"II. Opening session", "III. Panel 1: The contribution of migrants to development"} <= labels["a-65-944"]
    numbered = [int(lb) for lb in labels["a-63-265"] if lb.isdigit()]
    assert sorted(numbered) == list(range(1, max(numbered) + 1))  # every numbered paragraph, once


def test_table_rows_are_units(extracted):
    _, result = extracted
    row = unit_with(result, "a-67-254", "2007 I Human capital development and labour mobility")
    assert row.label == "Table 2"
    assert row.text == "2007 I Human capital development and labour mobility 9 3 5 1 21 2.3"


def test_units_in_the_graph(extracted):
    graph, result = extracted
    text = (CORPUS / "A-63-265.txt").read_text(encoding="utf-8")
    para29 = unit_with(result, "a-63-265", "29. The Economic Commission for Africa (ECA)")
    iri = URIRef(f"{ID}passage/a-63-265-{para29.start}-{para29.end}")
    assert (iri, RDF.type, MIG.Passage) in graph
    assert graph.value(iri, MIG.paragraph) == Literal("29")
    assert graph.value(iri, MIG.inDocument) == URIRef(ID + "document/a-63-265")
    assert graph.value(iri, RDFS.label) == Literal("A/63/265, para. 29", lang="en")
    assert int(graph.value(iri, MIG.startOffset)) == para29.start
    assert normalise(text[para29.start:para29.end]) == str(graph.value(iri, SCHEMA.text))
    assert (iri, PROV.wasGeneratedBy, URIRef(ID + "activity/text-extraction")) in graph


def test_curated_quotes_are_part_of_the_unit_that_holds_them(extracted):
    graph, _ = extracted
    generated = URIRef(ID + "activity/text-extraction")
    curated = [p for p in graph.subjects(RDF.type, MIG.Passage)
               if (p, MIG.quote, None) in graph and (p, PROV.wasGeneratedBy, generated) not in graph]
    assert len(curated) > 1000
    outside = []
    units = [(int(graph.value(u, MIG.startOffset)), int(graph.value(u, MIG.endOffset)), graph.value(u, MIG.inDocument))
             for u in graph.subjects(SCHEMA.text, None)]
    for p in curated:
        unit = graph.value(p, DCTERMS.isPartOf)
        if unit is None and (p, SCHEMA.text, None) not in graph:  # not itself a unit
            start, end, doc = int(graph.value(p, MIG.startOffset)), int(graph.value(p, MIG.endOffset)), graph.value(p, MIG.inDocument)
            begins = any(a <= start < b and d == doc for a, b, d in units)
            ends = any(a < end <= b and d == doc for a, b, d in units)
            if not (begins and ends):  # a quote may run on from one unit into the next (a heading and its paragraph)
                outside.append(str(graph.value(p, MIG.paragraph)))
            continue
        if unit is not None:
            assert int(graph.value(unit, MIG.startOffset)) <= int(graph.value(p, MIG.startOffset))
            assert int(graph.value(p, MIG.endOffset)) <= int(graph.value(unit, MIG.endOffset))
    assert set(outside) <= {"running header"}  # the document's own symbol, page furniture


# -- mentions ------------------------------------------------------------------------------------
def test_names_are_linked_across_line_breaks(extracted):
    graph, result = extracted
    para29 = unit_with(result, "a-63-265", "29. The Economic Commission for Africa (ECA)")
    unit = URIRef(f"{ID}passage/a-63-265-{para29.start}-{para29.end}")
    mentioned = set(graph.objects(unit, MIG.mentions))
    assert {URIRef(ID + "org/eca"), URIRef(ID + "org/iom"), URIRef(ID + "document/eca-sdd-06-01")} <= mentioned
    # "International Organization for Migration (IOM)" breaks across lines in the file
    text = (CORPUS / "A-63-265.txt").read_text(encoding="utf-8")
    iom = [m for m in result.documents["a-63-265"].mentions if m.entry is not None and m.entry.entity == URIRef(ID + "org/iom")
           and para29.start <= m.start < para29.end]
    assert any("\n" in text[m.start:m.end] for m in iom) or iom


def test_acronyms_are_case_sensitive_and_head_nouns_refer_back(extracted):
    _, result = extracted
    doc = result.documents["a-63-265"]
    texts = {m.text for m in doc.mentions if m.kind == "name"}
    assert "IOM" in texts and "iom" not in texts
    para16 = unit_with(result, "a-63-265", "16. The operational modalities of the Global Forum")
    forum = [m for m in doc.mentions if m.unit == doc.units.index(para16) and m.text == "Forum"]
    assert forum and all(m.entry.entity == URIRef(ID + "process/gfmd") for m in forum)


def test_resolution_lists_and_bodies():
    text = ("General Assembly resolutions 61/208, on international migration and development, and 62/270, on the Global Forum. "
            "See resolution 2006/2 of the Commission on Population and Development and resolutions 65/190 and 66/128. "
            "The first resolution on the topic (49/127) requested")
    found = list(patterns.resolutions(text))
    assert [f.value for f in found] == ["61/208", "62/270", "2006/2", "65/190", "66/128", "49/127"]
    assert found[0].general_assembly and text[found[0].start:found[0].end] == "resolutions 61/208"
    assert found[2].body == "Commission on Population and Development"


def test_symbols_dates_money_percentages():
    assert [f.value for f in patterns.symbols("(ST/ESCAP/ 2622) and A/C.2/61/L.12, POP/DB/MIG/Stock/Rev.2008, HIV/AIDS")] == \
        ["ST/ESCAP/2622", "A/C.2/61/L.12", "POP/DB/MIG/Stock/Rev.2008"]
    assert [f.value for f in patterns.dates("on 14 and 15 September 2006, in July 2007 and since 1995; 9-10 February 2006")] == \
        ["2006-09-14", "2006-02-09", "2007-07", "1995"]
    assert [f.value for f in patterns.money("allocating €15 million, estimated at \\$US 232 billion, less than $1.25")] == \
        ["EUR 15000000", "USD 232000000000", "USD 1.25"]
    assert [f.value for f in patterns.percentages("fell from 39 per cent to 3.1 per cent")] == ["39", "3.1"]


def test_mention_nodes(extracted):
    graph, result = extracted
    text = (CORPUS / "A-67-254.txt").read_text(encoding="utf-8")
    # "18 per / [footnotes] / cent": found whole, across the footnotes printed inside the paragraph
    (m18,) = [m for m in result.documents["a-67-254"].mentions if m.kind == "percentage" and m.found.value == "18"]
    node = URIRef(f"{ID}mention/a-67-254-{m18.start}-{m18.end}")
    assert (node, RDF.type, MIG.PercentageMention) in graph
    assert graph.value(node, RDF.value) == Literal("18.0", datatype=XSD.decimal)
    assert graph.value(node, MIG.quote) == Literal("18 per cent")
    assert text[m18.start:m18.start + 2] == "18" and text[m18.end - 4:m18.end] == "cent"
    euro = [n for n in graph.subjects(RDF.type, MIG.MoneyMention) if graph.value(n, MIG.quote) == Literal("€15 million")]
    assert euro and graph.value(euro[0], SCHEMA.currency) == Literal("EUR")
    # every name mention's quote is the text at its offsets
    for m in result.documents["hld-2006-chair-summary"].mentions:
        if m.kind == "name":
            assert quote_of(text_of("hld-2006-chair-summary.txt")[m.start:m.end]) == m.text
    # the unit mentions what its mention nodes mention; every mentioned entity is a labelled entity
    for n, entity in graph.subject_objects(MIG.mentions):
        assert graph.value(entity, RDFS.label) is not None, entity
        if str(n).startswith(ID + "mention/"):
            assert (graph.value(n, PROV.wasDerivedFrom), MIG.mentions, entity) in graph or "document/" in str(entity)


def text_of(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def test_extraction_is_fast_and_deterministic():
    import time

    settings = Settings(root=ROOT)
    graphs = []
    for _ in range(2):
        graph = load(settings).graph
        t0 = time.perf_counter()
        extract.add_to_graph(graph, settings)
        assert time.perf_counter() - t0 < 10
        graphs.append(graph)
    assert set(graphs[0]) == set(graphs[1])


# -- descriptions and sections -------------------------------------------------------------------
def described(result, doc: str) -> dict[str, set[str]]:
    """Text of each description in a document → the ids of the entities it stands for."""
    out: dict[str, set[str]] = {}
    for m in result.documents[doc].mentions:
        if m.kind == "description":
            out.setdefault(m.text, set()).add(str(m.entry.entity).removeprefix(ID))
    return out


def test_meetings_described_by_their_order_and_year_in_the_series(extracted):
    """Ordinals come from the graph: the parts of the Forum by start date, numbered from the labels that state one."""
    graph, result = extracted
    found = described(result, "a-63-265")
    assert found["third meeting of the Forum"] == {"meeting/gfmd-2009"}
    assert found["2010 meeting"] == {"meeting/gfmd-2010"}
    # no label calls the 2010 meeting the fourth: it follows from the third, a year before
    assert found["third and fourth meetings"] == {"meeting/gfmd-2009", "meeting/gfmd-2010"}
    assert "fourth" not in str(graph.value(URIRef(ID + "meeting/gfmd-2010"), RDFS.label))
    assert found["first meeting"] == {"meeting/gfmd-2007"}  # "At its first meeting", after "the Global Forum"
    assert found["report of the first meeting"] == {"document/gfmd-2007-report"}
    assert described(result, "a-67-254")["the five Global Forum meetings"] == {f"meeting/gfmd-{y}" for y in range(2007, 2012)}


def test_table_totals_stand_for_the_meeting_their_round_tables_belong_to(extracted):
    graph, result = extracted
    doc = result.documents["a-67-254"]
    totals = {m.text: m.entry.entity for m in doc.mentions if m.kind == "description" and m.text.startswith("Total")}
    assert set(totals) == {f"Total {y}" for y in range(2007, 2012)}
    for text, meeting in totals.items():
        row = next(m for m in doc.mentions if m.kind == "description" and m.text == text)
        above = [m.entry.entity for m in doc.mentions if m.kind == "name" and m.entry.cls == "RoundTable"
                 and doc.units[m.unit].label == "Table 2" and m.start < row.start]
        assert (above[-1], MIG.partOf, meeting) in graph  # the round table in the row above belongs to it


def test_descriptions_are_mentions_but_not_name_mentions(extracted):
    graph, result = extracted
    m = next(m for m in result.documents["a-63-265"].mentions if m.kind == "description")
    node = URIRef(f"{ID}mention/a-63-265-{m.start}-{m.end}")
    assert (node, RDF.type, MIG.Mention) in graph and (node, RDF.type, MIG.NameMention) not in graph
    assert (node, MIG.mentions, m.entry.entity) in graph


def test_short_names_stand_for_the_entity_of_their_section(extracted):
    """Under "IV. 2013 High-level Dialogue ...", "the High-level Dialogue" is the 2013 one; in 2006 documents the 2006 one."""
    _, result = extracted
    doc = result.documents["a-67-254"]
    para59 = next(i for i, u in enumerate(doc.units) if u.label == "59")
    hld = {m.entry.entity for m in doc.mentions if m.unit == para59 and m.text == "High-level Dialogue"}
    assert hld == {URIRef(ID + "meeting/hld-2013")}
    old = {m.entry.entity for m in result.documents["hld-2006-chair-summary"].mentions if m.text == "High-level Dialogue"}
    assert old == {URIRef(ID + "meeting/hld-2006")}


def test_units_are_about_what_their_headings_name(extracted):
    """A paragraph under "III. Panel 1: ..." is about that panel (dcterms:subject), not about the next panel."""
    graph, result = extracted
    doc = result.documents["a-65-944"]
    for label, panel, other in (("3", "panel1", "panel2"), ("12", "panel2", "panel1")):
        i = next(i for i, u in enumerate(doc.units) if u.label == label)
        unit = result.unit_iris["a-65-944"][i]
        subjects = set(graph.objects(unit, DCTERMS.subject))
        assert URIRef(f"{ID}meeting/informal-thematic-debate-2011-{panel}") in subjects
        assert URIRef(f"{ID}meeting/informal-thematic-debate-2011-{other}") not in subjects
        assert URIRef(f"{ID}meeting/informal-thematic-debate-2011-{panel}") not in set(graph.objects(unit, MIG.mentions))
    # the title of a list in an annex is about the meetings it lists
    hld = result.documents["hld-2006-and-beyond"]
    i = next(i for i, u in enumerate(hld.units) if u.text.startswith("List of intergovernmental conferences"))
    listed = set(graph.objects(result.unit_iris["hld-2006-and-beyond"][i], DCTERMS.subject))
    assert {URIRef(ID + "meeting/au-executive-council-2006-07"), URIRef(ID + "meeting/helsinki-process-meeting-2006")} <= listed
