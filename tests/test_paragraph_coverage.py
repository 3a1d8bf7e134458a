"""miggraph eval --coverage: every unit of the corpus has facts citing it, or a reviewed reason why not."""

from __future__ import annotations

import pytest
from _project import GOOD_FACTS
from click.testing import CliRunner

from miggraph.build import graph_and_extraction
from miggraph.cli import main
from miggraph.coverage import coverage
from miggraph.errors import InputError


def test_eval_coverage_lists_every_unit_without_facts_and_fails_while_one_is_left(built):
    from miggraph.config import Settings

    settings = Settings.default()
    graph, extraction = graph_and_extraction(settings)
    missing = coverage(graph, extraction, settings).missing
    result = CliRunner().invoke(main, ["eval", "--coverage"])
    assert result.output.count("no facts:") == len(missing)
    assert result.exit_code == (1 if missing else 0), result.output
    assert "a-63-265" in result.output and "a-65-944" in result.output
    assert [(u.doc, u.label, u.start) for u in missing] == []  # every unit has its facts or its reviewed reason


def test_a_reviewed_quote_that_is_a_units_whole_text_names_that_unit_among_those_containing_it(built):
    """A table's header cell "change" is also inside "Percentage change": the cell whose whole text it is is meant."""
    from miggraph.config import Settings
    from miggraph.coverage import ReviewedEntry

    entry = ReviewedEntry("a-67-254", "Table 1", "test", "change", None)
    assert entry.pick(["Percentage change", "change", "Absolute change 1990"]) == [1]
    assert ReviewedEntry("a-67-254", "Table 1", "test", "Absolute", None).pick(["Percentage change", "change", "Absolute change"]) == [2]
    settings = Settings.default()
    graph, extraction = graph_and_extraction(settings)
    reviewed = [u for u in coverage(graph, extraction, settings).units if u.reviewed and u.facts == 0]
    assert len(reviewed) == len({(u.doc, u.start) for u in reviewed}) > 20


def test_a_unit_without_facts_is_listed_until_it_is_reviewed(project):
    settings = project(GOOD_FACTS)  # one fact, citing paragraph 2 of A/63/265
    graph, extraction = graph_and_extraction(settings)
    cov = coverage(graph, extraction, settings)
    covered = {(u.doc, u.label) for u in cov.units if u.facts}
    assert ("a-63-265", "2") in covered and ("a-63-265", "3") not in covered
    missing = {(u.doc, u.label) for u in cov.missing}
    assert ("a-63-265", "3") in missing and ("a-63-265", "2") not in missing
    (settings.data_dir / "coverage-reviewed.yaml").write_text(
        'units:\n  - doc: a-63-265\n    para: "3"\n    reason: test\n', encoding="utf-8")
    cov = coverage(graph, extraction, settings)
    assert ("a-63-265", "3") not in {(u.doc, u.label) for u in cov.missing}
    assert next(u for u in cov.units if (u.doc, u.label) == ("a-63-265", "3")).reviewed == "test"
    result = CliRunner().invoke(main, ["eval", "--coverage", "--root", str(settings.root)])
    assert result.exit_code == 1 and "no facts: a-63-265 '4'" in result.output


def test_a_malformed_reviewed_list_names_its_file_and_line(project):
    settings = project(GOOD_FACTS)
    (settings.data_dir / "coverage-reviewed.yaml").write_text("units:\n  - doc: a-63-265\n    para: '3'\n", encoding="utf-8")
    graph, extraction = graph_and_extraction(settings)
    with pytest.raises(InputError) as exc:
        coverage(graph, extraction, settings)
    assert str(exc.value.problems[0]).startswith("data/coverage-reviewed.yaml:2")


def test_a_reviewed_entry_with_a_quote_covers_only_the_unit_holding_it(project):
    settings = project(GOOD_FACTS)
    graph, extraction = graph_and_extraction(settings)
    units = [u for u in coverage(graph, extraction, settings).missing if u.doc == "a-63-265"]
    target = units[0]
    opening = " ".join(extraction.documents["a-63-265"].text[target.start:target.end].split()[:8])
    (settings.data_dir / "coverage-reviewed.yaml").write_text(
        f'units:\n  - doc: a-63-265\n    para: "{target.label}"\n    quote: "{opening}"\n    reason: test\n', encoding="utf-8")
    after = {(u.doc, u.start) for u in coverage(graph, extraction, settings).missing}
    assert ("a-63-265", target.start) not in after
    assert {(u.doc, u.start) for u in units[1:]} <= after


def test_a_reviewed_entry_naming_no_unit_or_several_is_an_error(project):
    settings = project(GOOD_FACTS)
    graph, extraction = graph_and_extraction(settings)
    for entry, expected in [
        ('  - doc: a-63-265\n    para: "3"\n    quote: "words no paragraph holds"\n    reason: test\n', "contains the quote"),
        ('  - doc: a-63-265\n    para: "999"\n    reason: test\n', "no unit '999'"),
    ]:
        (settings.data_dir / "coverage-reviewed.yaml").write_text("units:\n" + entry, encoding="utf-8")
        with pytest.raises(InputError) as exc:
            coverage(graph, extraction, settings)
        assert expected in str(exc.value.problems[0]) and str(exc.value.problems[0]).startswith("data/coverage-reviewed.yaml:2")
