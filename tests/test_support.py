"""The support check: each rule has a fixture that fails it and one that passes (a citation supports its fact)."""

from __future__ import annotations

import json
import re

from rdflib import XSD, Literal

from miggraph import support
from miggraph.errors import InputError
from miggraph.load import load

JULY = "The first meeting of the Global Forum took place in Brussels in July 2007"
HOSTED = "took place in Brussels in July 2007 and was hosted by the Government of Belgium"
OVER = "Representatives of over 150 Member States participated."
FIRST = "The first meeting of the Global Forum on Migration and Development, organized by the Government of Belgium"
FOCAL = "the national focal points designated in the context of the Global Forum process"
OFFERED = "the Government of Belgium offered to organize the first meeting"


GFMD = """\
  - id: process/gfmd
    type: GlobalConsultativeProcess
    label: Global Forum on Migration and Development
    source: {para: "2", quote: "The Global Forum on Migration and Development was therefore launched in 2006"}
"""
BELGIUM = """\
  - id: country/BEL
    type: Country
    label: Belgium
    source: {para: "2", quote: "the Government of Belgium offered to organize the first meeting of such a forum"}
"""
MEETING = """\
  - id: meeting/gfmd-2007
    type: GlobalForumMeeting
    label: first meeting of the Global Forum on Migration and Development
    source: {para: "70", quote: "FIRST"}
""".replace("FIRST", FIRST)


def fact(key: str, value: str, para: str, quote: str, note: str | None = None) -> str:
    """One fact with its own passage, as a line of a record."""
    body = {"value": value, "source": {"para": para, "quote": quote}, **({"note": note} if note else {})}
    return f"    {key}: {json.dumps(body)}\n"


def facts(*records: str) -> str:
    return "document: a-63-265\nrecords:\n" + "".join(records)


def problems(project, text: str) -> list[str]:
    try:
        load(project(text))
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


def unsupported(project, text: str) -> list[str]:
    return [p for p in problems(project, text) if "does not support" in p]


# --- names ------------------------------------------------------------------------------------------------------------

def test_an_alternative_name_needs_a_quote_holding_it(project):
    bad = GFMD + '    altLabel: ["Global Forum process"]\n'
    found = unsupported(project, facts(bad))
    assert len(found) == 1 and "test.yaml:" in found[0] and "field 'altLabel'" in found[0] and "'Global Forum process'" in found[0]
    good = GFMD + fact("altLabel", "Global Forum process", "21", FOCAL)
    assert problems(project, facts(good)) == []


def test_an_acronym_is_checked_word_for_word(project):
    assert unsupported(project, facts(GFMD + "    acronym: GFMD\n"))
    other = GFMD + fact("acronym", "GFMD", "2", OFFERED)
    assert unsupported(project, facts(other))  # GFMD is not in that quote either
    assert support.contains("the Global Forum on Migration and Development (GFMD)", "GFMD")
    assert not support.contains("the GFMDs", "GFMD")


# --- dates ------------------------------------------------------------------------------------------------------------

def test_a_date_must_be_written_at_its_precision(project):
    good = MEETING + fact("startDate", "2007-07", "Summary", JULY)
    assert problems(project, facts(BELGIUM, good)) == []
    too_precise = MEETING + fact("startDate", "2007-07-09", "Summary", JULY)
    found = unsupported(project, facts(BELGIUM, too_precise))
    assert len(found) == 1 and "2007-07-09" in found[0]


def test_a_date_read_rather_than_written_passes_with_a_note(project):
    read = GFMD + ('    established: {value: "2007", source: {para: "2", quote: "The Global Forum on Migration and Development was '
                   'therefore launched in 2006"}, note: "Test: read from elsewhere."}\n')
    assert problems(project, facts(read)) == []
    assert unsupported(project, facts(GFMD + '    established: {value: "2007", source: {para: "2", quote: "The Global Forum '
                                                'on Migration and Development was therefore launched in 2006"}}\n'))


def test_date_forms_of_the_documents():
    days, months, years = support.dates_in("held in New York on 14 and 15 September 2006, and from 30 October to 1 November 2008")
    assert {"2006-09-14", "2006-09-15", "2008-10-30", "2008-11-01"} <= days
    assert {"2006-09", "2008-10", "2008-11"} <= months and {"2006", "2008"} <= years
    assert support.date_written("as of mid-2008", Literal("2008", datatype=XSD.gYear))
    assert not support.date_written("resolution 2006/2", Literal("2006", datatype=XSD.gYear))


# --- numbers ----------------------------------------------------------------------------------------------------------

def test_a_qualified_number_is_not_an_exact_count(project):
    exact = MEETING + fact("participantCount", "150", "70", OVER)
    found = unsupported(project, facts(BELGIUM, exact))
    assert len(found) == 1 and "qualifies the number" in found[0] and "over 150" in found[0]
    figure = """\
  - id: figure/gfmd-2007-member-states
    type: Figure
    label: Member States represented at the first meeting of the Global Forum
    source: {para: "70", quote: "FIRST, was successful on many counts. OVER"}
    figureOf: meeting/gfmd-2007
    measure: Representatives of Member States
    figureValue: "150"
    qualifier: QUALIFIER
    unit: Member States
"""
    figure = figure.replace("FIRST", FIRST).replace("OVER", OVER)
    assert problems(project, facts(BELGIUM, MEETING, figure.replace("QUALIFIER", "mig:MoreThan"))) == []
    for wrong in ("mig:Exactly", "mig:Approximately"):
        found = unsupported(project, facts(BELGIUM, MEETING, figure.replace("QUALIFIER", wrong)))
        assert any("field 'qualifier'" in f for f in found), found
    found = unsupported(project, facts(BELGIUM, MEETING, figure.replace("QUALIFIER", "mig:Exactly")))
    assert any("field 'figureValue'" in f and "qualifies the number" in f for f in found), found


def test_numbers_in_digits_and_words():
    values = {(n.value, n.qualifier) for n in support.numbers_in("twelve members, about half of them, 1,250 delegates, $372 billion")}
    assert {(12.0, None), (0.5, "about"), (1250.0, None), (372e9, None)} <= values
    assert support.words_in("Representatives of over 150 Member States participated", "Member States' representatives")
    assert not support.words_in("Representatives of over 150 Member States participated", "delegations")
    assert {(150.0, "over")} <= {(n.value, n.qualifier) for n in support.numbers_in("Representatives of over 150 Member States")}


def test_a_qualifier_before_a_currency_mark_qualifies_the_amount():
    pairs = lambda q: {(n.value, n.qualifier) for n in support.numbers_in(q)}  # noqa: E731
    assert (232e9, "estimated") in pairs("migrants' remittances, estimated at \\$US 232 billion in 2005")
    assert (20e9, "more than") in pairs("each receiving more than $20 billion in 2011")
    assert (372e9, None) in pairs("remittances to developing countries reached $372 billion in 2011")
    assert (2005.0, None) in pairs("estimated at $US 232 billion in 2005")


# --- entities ---------------------------------------------------------------------------------------------------------

def test_an_entity_object_is_named_in_the_quote(project):
    named = MEETING + fact("hostedBy", "country/BEL", "Summary", HOSTED)
    assert problems(project, facts(BELGIUM, named)) == []
    unnamed = MEETING + fact("hostedBy", "country/BEL", "70", OVER)
    found = unsupported(project, facts(BELGIUM, unnamed))
    assert len(found) == 1 and "does not name 'Belgium'" in found[0]


def test_an_object_read_from_the_text_needs_the_subject_named_and_a_note(project):
    read = MEETING + fact("partOf", "process/gfmd", "70", FIRST, "Test: the meeting is one of the Forum.")
    assert problems(project, facts(GFMD, read)) == []  # the quote names both
    neither = MEETING + fact("partOf", "process/gfmd", "70", OVER, "Test: read.")
    found = unsupported(project, facts(GFMD, neither))
    assert len(found) == 1 and "names neither" in found[0]


def test_an_instrument_cited_by_a_variant_of_its_name_is_named(project):
    """"Recommendation No. 201" names the Recommendation the graph knows by its title and number."""
    adopted = ("In June 2011, the International Labour Conference of ILO adopted the Convention concerning Decent "
               "Work for Domestic Workers (No. 189) and Recommendation No. 201.")
    records = """document: a-67-254
records:
  - id: org/ilc
    type: Body
    label: International Labour Conference
    source: {para: "16", quote: "the International Labour Conference of ILO adopted"}
  - id: instrument/ilo-r201
    type: Recommendation
    label: Recommendation concerning Decent Work for Domestic Workers (No. 201)
    source: {para: "16", quote: "QUOTE"}
    adoptedBy: {value: org/ilc, source: {para: "16", quote: "QUOTE"}}
    theme: {value: theme/migrant-women, source: {para: "16", quote: "QUOTE"}, note: "Test: the women the standard protects."}
  - id: theme/migrant-women
    type: Theme
    label: migrant women
    source: {para: "16", quote: "the rights of millions of women migrants"}
"""
    assert problems(project, records.replace("QUOTE", adopted)) == []
    other = records.replace("(No. 201)", "(No. 202)")  # the same passage, a Recommendation of another number
    found = [p for p in problems(project, other.replace("QUOTE", adopted)) if "does not support" in p]
    assert len(found) == 1 and "names neither" in found[0]


# --- anything else ----------------------------------------------------------------------------------------------------

def test_a_description_is_a_span_of_its_quote_or_has_a_note(project):
    verbatim = MEETING + fact("description", "representatives of over 150 Member States participated", "70", OVER)
    assert problems(project, facts(verbatim)) == []
    assert unsupported(project, facts(MEETING + fact("description", "well attended", "70", OVER)))
    noted = MEETING + fact("description", "well attended", "70", OVER, "Test: a paraphrase.")
    assert problems(project, facts(noted)) == []


def test_an_individual_needs_a_note(project):
    rcp = """\
  - id: process/puebla
    type: RegionalConsultativeProcess
    label: Regional Conference on Migration
    source: {para: "56", quote: "Regional Conference on Migration"}
"""
    assert unsupported(project, facts(rcp + "    developmentFocus: mig:AdHocFocus\n"))
    assert problems(project, facts(rcp + '    developmentFocus: {value: mig:AdHocFocus, note: "Test: classified in para 56."}\n')) == []


def test_a_fact_citing_two_passages_needs_both_to_state_it(project):
    two = MEETING + ('    hostedBy:\n      value: country/BEL\n      source:\n'
                     f'        - {{para: "Summary", quote: "{HOSTED}"}}\n'
                     f'        - {{para: "70", quote: "{OVER}"}}\n')
    found = unsupported(project, facts(BELGIUM, two))
    assert len(found) == 1 and "over 150" in found[0]


def test_the_published_graph_has_no_unsupported_citation(built):
    from rdflib import Graph

    graph = Graph().parse(built / "miggraph.nt", format="nt")
    report = support.check_graph(graph)
    counts = report.counts()
    assert counts[support.EVIDENCED] > 1000 and counts[support.WITH_NOTE] > 0
    assert report.unsupported == []


def test_stats_report_the_shares_of_the_support_check():
    from click.testing import CliRunner

    from miggraph.cli import main

    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0, result.output
    for verdict in support.VERDICTS:
        assert f"facts {verdict}" in result.output
    line = next(ln for ln in result.output.splitlines() if "facts unsupported" in ln)
    assert re.search(r"│\s+0 \(0\.0%\) │", line), line


def test_a_name_inside_the_longer_name_of_another_place_does_not_name_it(project):
    regions = """\
  - id: region/africa
    type: Region
    label: Africa
    source: {para: "59", quote: "In Europe and Northern Africa"}
  - id: region/northern-africa
    type: Region
    label: Northern Africa
    source: {para: "59", quote: "In Europe and Northern Africa"}
  - id: meeting/rabat-2006
    type: Conference
    label: Euro-African Ministerial Conference on Migration and Development
    source: {para: "59", quote: "In Europe and Northern Africa"}
"""
    stated = regions + fact("location", "region/northern-africa", "59", "In Europe and Northern Africa")
    assert problems(project, facts(stated)) == []
    broader = regions + fact("location", "region/africa", "59", "In Europe and Northern Africa")
    found = unsupported(project, facts(broader))
    assert len(found) == 1 and "does not name 'Africa'" in found[0]
