"""Bad input stops the build with a message naming file, line and field, and leaves out/ untouched."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from _project import GOOD_FACTS
from click.testing import CliRunner

from miggraph.build import build_to
from miggraph.cli import main
from miggraph.errors import InputError
from miggraph.load import load

GOOD = GOOD_FACTS


def problems(settings) -> list[str]:
    with pytest.raises(InputError) as info:
        load(settings)
    return [str(p) for p in info.value.problems]


def test_good_file_loads(project):
    result = load(project(GOOD))
    assert "process/gfmd" in result.entities


def test_yaml_syntax_error_names_line_and_column(project):
    bad = GOOD.replace('    label: Global', '    label: [Global')
    msgs = problems(project(bad))
    assert len(msgs) == 1
    assert msgs[0].startswith("data/facts/test.yaml:")
    assert "YAML syntax error, column" in msgs[0]


def test_duplicate_key_in_mapping(project):
    msgs = problems(project(GOOD + "    label: Again\n"))
    assert msgs == ["data/facts/test.yaml:10: YAML syntax error, column 5: duplicate key 'label'"]


def test_unknown_key(project):
    msgs = problems(project(GOOD + "    foundedIn: Brussels\n"))
    assert msgs == ["data/facts/test.yaml:10: field 'foundedIn': unknown key 'foundedIn' (not a mig: property of the ontology)"]


def test_unknown_class(project):
    msgs = problems(project(GOOD.replace("GlobalConsultativeProcess", "GlobalProcess")))
    assert msgs == ["data/facts/test.yaml:4: field 'type': unknown class mig:GlobalProcess (not declared in the ontology)"]


def test_unknown_individual(project):
    rcp = GOOD.replace("GlobalConsultativeProcess", "RegionalConsultativeProcess")
    msgs = problems(project(rcp + "    developmentFocus: mig:SometimesFocus\n"))
    assert msgs == [
        "data/facts/test.yaml:10: field 'developmentFocus': unknown individual 'mig:SometimesFocus' (not declared in the ontology)"
    ]


def test_dangling_reference(project):
    msgs = problems(project(GOOD + "    hostedBy: country/BEL\n"))
    assert msgs == ["data/facts/test.yaml:10: field 'hostedBy': dangling reference 'country/BEL': no record defines this id"]


def test_duplicate_id(project):
    second = GOOD.split("records:\n", 1)[1]
    msgs = problems(project(GOOD + second))
    assert msgs == ["data/facts/test.yaml:10: field 'id': duplicate id 'process/gfmd' (first defined at data/facts/test.yaml:3)"]


def test_duplicate_id_across_files(project):
    project(GOOD, "a.yaml")
    msgs = problems(project(GOOD, "b.yaml"))
    assert msgs == ["data/facts/b.yaml:3: field 'id': duplicate id 'process/gfmd' (first defined at data/facts/a.yaml:3)"]


@pytest.mark.parametrize("value", ["2006-13", "2006-02-30", "14 September 2006", "06"])
def test_malformed_date(project, value):
    msgs = problems(project(GOOD.replace('established: "2006"', f'established: "{value}"')))
    assert len(msgs) == 1
    assert msgs[0].startswith("data/facts/test.yaml:9: field 'established': malformed date")


def test_quote_not_found(project):
    msgs = problems(project(GOOD.replace("was therefore launched in 2006", "was launched in 2006")))
    assert msgs == [
        "data/facts/test.yaml:8: field 'source.quote': quote not found in A-63-265.txt: "
        "'The Global Forum on Migration and Development was launched in 2006'"
    ]


def test_quote_across_line_break_and_hyphen_is_found(project):
    # A-63-265.txt prints "High-" at a line end and "level" on the next line.
    facts = GOOD.replace(
        "The Global Forum on Migration and Development was therefore launched in 2006",
        "reviews the substantive conclusions of the High-level Dialogue and developments following the Dialogue",
    )
    result = load(replace(project(facts), check_support=False))  # quote matching only: the date is not in this quote
    assert len(result.graph) > 0


def test_bad_country_code(project):
    facts = GOOD + "  - id: country/XXA\n    type: Country\n    label: Nowhere\n    source: {para: \"2\", quote: \"Belgium\"}\n"
    msgs = problems(project(facts))
    assert msgs == ["data/facts/test.yaml:10: field 'id': 'XXA' is not an ISO 3166-1 alpha-3 country code"]


def test_fact_without_passage(project):
    facts = GOOD + "  - about: document/a-63-265\n    requestedBy: resolution/61-208\n"
    msgs = problems(project(facts))
    assert msgs == ["data/facts/test.yaml:11: field 'requestedBy': fact cites no passage (give a 'source' for it or for its record)"]


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bad_input_leaves_out_untouched(project, tmp_path):
    settings = project(GOOD)
    out = tmp_path / "out"
    build_to(out, root=settings.root)
    before = _digest(out)
    assert "miggraph.ttl" in before
    project(GOOD + "    startDate: 2006-13-01\n")
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--root", str(settings.root), "--out", str(out)])
    assert result.exit_code == 1
    assert "data/facts/test.yaml:10: field 'startDate': malformed date '2006-13-01'" in result.output
    assert _digest(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out-")]
