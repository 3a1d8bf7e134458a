"""Metadata as the document states it (docmeta.py): the symbol of its masthead or running header and never one its
body cites, the date of its masthead or dateline, the title of its title block and not a publication series, the
kind it says it is; what cannot be read is left out and said, with the option that sets it.

The fixtures are written here in the forms UN documents take: a note in the style of a Secretary-General's
report without a symbol header, a press release without numbered paragraphs, a report with its masthead (the
top of A/67/254) and a letter.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_ingest import copy_project

from miggraph import docmeta
from miggraph.cli import main
from miggraph.config import Settings
from miggraph.ingest import IngestError, prepare

ROOT = Path(__file__).resolve().parents[1]

NOTE = """\

  International migration and development


  Note by the Secretary-General



  Summary
 The present note, prepared for testing purposes, follows up the report of the
Secretary-General (A/68/190) on international migration and development and the
High-level Dialogue that the General Assembly held on 3 and 4 October 2013.

 It describes the work of the Global Migration Group since then.


1. In its resolution 67/219, the General Assembly decided to hold the second
High-level Dialogue on International Migration and Development. The report of
the Secretary-General (A/68/190) prepared the Dialogue.

2. The Global Migration Group met in Geneva on 12 March 2014.
"""

UNTITLED_NOTE = NOTE[NOTE.index("  Summary"):]

PRESS_RELEASE = """\
Meetings Coverage and Press Releases

General Assembly
Sixty-eighth session
2nd & 3rd Meetings (AM & PM)

General Assembly Opens High-level Dialogue on International Migration and
Development, as Secretary-General Calls for Safe, Orderly Migration

NEW YORK, 3 October -- The General Assembly today opened its second High-level
Dialogue on International Migration and Development, with the Secretary-General
urging States to protect the rights of migrants, among them domestic workers
covered by the Domestic Workers Convention, 2011 (No. 189).

The President of the General Assembly said that the Dialogue, convened under
resolution 67/219 of 21 December 2012, would adopt a declaration by consensus.

Speakers recalled the first High-level Dialogue, held in September 2006.
"""

A_67_254_MASTHEAD = """\
 United Nations  A/67/254

 General Assembly  Distr.: General
6 August 2012

Original: English

Sixty-seventh session
Item 22 (c) of the provisional agenda
Globalization and interdependence: international
migration and development



  International migration and development


  Report of the Secretary-General



"""

LETTER = """\
 United Nations  A/68/501

 General Assembly  Distr.: General
4 October 2013

Original: English

Sixty-eighth session
Agenda item 19 (c)
Globalization and interdependence: international
migration and development



  Letter dated 2 October 2013 from the Permanent Representative of Mexico
  to the United Nations addressed to the Secretary-General


 I have the honour to transmit herewith the summary of the round table on
migration and development held in Mexico City on 18 September 2013, as a
contribution to the High-level Dialogue (see annex).

 I should be grateful if the present letter and its annex could be circulated
as a document of the General Assembly, under agenda item 19 (c).


(Signed) Juan Pérez
Permanent Representative
"""


def a_67_254_top() -> str:
    """The masthead of A/67/254 above the first 60 lines of its corpus text (the Summary and paragraphs 1 to 3)."""
    body = (ROOT / "data" / "corpus" / "A-67-254.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    return A_67_254_MASTHEAD + "".join(body[:60])


# -- the rules, one document at a time --------------------------------------------------------------------------

def test_a_note_without_a_symbol_header_does_not_take_the_symbol_its_body_cites():
    meta = docmeta.read(NOTE)
    assert meta.symbol is None  # A/68/190 is cited twice, never as the note's own
    assert meta.date is None  # "3 and 4 October 2013", "12 March 2014" are dates the body states
    assert meta.title and meta.title.value == "International migration and development: note by the Secretary-General"
    assert meta.kind and (meta.kind.value, meta.kind.rule) == ("note", "title")


def test_a_note_opening_with_its_summary_has_no_title_but_says_what_it_is():
    meta = docmeta.read(UNTITLED_NOTE)
    assert meta.title is None and meta.symbol is None
    assert meta.kind and (meta.kind.value, meta.kind.quote) == ("note", "The present note")


def test_a_press_release_takes_its_headline_and_its_dateline():
    meta = docmeta.read(PRESS_RELEASE)
    assert meta.title and meta.title.value == ("General Assembly Opens High-level Dialogue on International Migration and "
                                               "Development, as Secretary-General Calls for Safe, Orderly Migration")
    assert meta.date and meta.date.value == "2013-10-03"
    assert (meta.date.rule, meta.date.quote) == ("dateline", "NEW YORK, 3 October")
    assert meta.date.detail == "the year from the masthead's 'Sixty-eighth session'"
    assert meta.kind and meta.kind.value == "press release"
    assert meta.symbol is None


def test_the_year_of_a_dateline_comes_from_the_text():
    with_year = PRESS_RELEASE.replace("NEW YORK, 3 October --", "NEW YORK, 3 October 2013 --")
    assert docmeta.read(with_year).date.value == "2013-10-03"
    stated = PRESS_RELEASE.replace("Sixty-eighth session\n", "") + "\nThe Dialogue was held on 3 and 4 October 2013.\n"
    date = docmeta.read(stated).date
    assert date.value == "2013-10-03" and "'3 October 2013' in the text" in date.detail
    in_spring = PRESS_RELEASE.replace("3 October", "3 April")
    assert docmeta.read(in_spring).date.value == "2014-04-03"  # the sixty-eighth session runs to August 2014
    unknown = PRESS_RELEASE.replace("Sixty-eighth session\n", "")
    assert docmeta.read(unknown).date is None  # no year the text gives: left out, not guessed


def test_a_report_with_its_masthead():
    meta = docmeta.read(a_67_254_top())
    assert (meta.symbol.value, meta.symbol.rule) == ("A/67/254", "masthead")  # not A/65/944, cited in paragraph 3
    assert (meta.date.value, meta.date.rule) == ("2012-08-06", "masthead")
    # the agenda item's title printed under "Item 22 (c)" is masthead, not the title
    assert meta.title.value == "International migration and development: report of the Secretary-General"
    assert meta.kind.value == "report"


def test_a_report_without_a_masthead_has_the_symbol_of_its_running_header():
    meta = docmeta.read((ROOT / "data" / "corpus" / "A-67-254.txt").read_text(encoding="utf-8"))
    assert (meta.symbol.value, meta.symbol.rule) == ("A/67/254", "running header")
    assert meta.title is None and meta.date is None
    assert (meta.kind.value, meta.kind.rule) == ("report", "opening text")


def test_a_letter():
    meta = docmeta.read(LETTER)
    assert meta.symbol.value == "A/68/501"
    assert meta.date.value == "2013-10-04"  # the date of issue, not the letter's own date
    assert meta.title.value == ("Letter dated 2 October 2013 from the Permanent Representative of Mexico to the United "
                                "Nations addressed to the Secretary-General")
    assert meta.kind.value == "letter"


def test_a_symbol_the_body_prints_alone_once_is_not_a_running_header():
    text = NOTE + "\nThe report is\nA/68/190\nand was issued in July.\n"
    assert docmeta.read(text).symbol is None
    paged = NOTE.replace("2. The Global", " A/99/777\n\n14 13-45678\n\n2. The Global")
    assert docmeta.read(paged).symbol.value == "A/99/777"  # beside a page and job number: a running header


@pytest.mark.parametrize(("word", "number"), [("first", 1), ("twelfth", 12), ("twentieth", 20), ("sixty-eighth", 68),
                                              ("Ninety-ninth", 99), ("session", None), ("sixty-tenth", None)])
def test_ordinals(word, number):
    assert docmeta.ordinal(word) == number


def test_a_stable_id_from_the_title_or_the_file_name():
    assert docmeta.slug("International migration and development: note by the Secretary-General", "note") == \
        "international-migration-and-development-note-by-the"
    assert docmeta.slug(None, "My Note (2)") == "my-note-2"
    assert docmeta.slug("…", "Note") == "note"


# -- ingest: what is read, what is said, what is asked for ------------------------------------------------------

def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_prepare_records_what_it_read_and_says_what_it_could_not(tmp_path):
    doc = prepare(_write(tmp_path, "note.txt", NOTE), Settings(root=ROOT))
    assert (doc.symbol, doc.date, doc.kind) == (None, None, "Correspondence")
    assert doc.slug == "international-migration-and-development-note-by-the"
    assert doc.corpus_file == doc.slug + ".txt"
    assert (doc.quote, doc.para) == ("International migration and development", "title")
    assert any("no symbol" in m and "--symbol" in m for m in doc.missing)
    assert any("no date of issue" in m and "--date" in m for m in doc.missing)
    assert "A/68/190" not in " ".join(doc.read + doc.missing)


def test_a_document_without_a_title_is_refused_and_the_title_option_named(tmp_path):
    path = _write(tmp_path, "untitled.txt", UNTITLED_NOTE)
    with pytest.raises(IngestError, match=r"no title block found .*'Summary'.*--title"):
        prepare(path, Settings(root=ROOT))
    doc = prepare(path, Settings(root=ROOT), title="Follow-up note on migration and development")
    assert doc.slug == "follow-up-note-on-migration-and-development"
    assert doc.kind == "Correspondence"  # "The present note"


def test_a_kind_the_text_does_not_state_is_said(tmp_path):
    text = "  Migration figures for 2013\n\n1. Remittances grew by 5 per cent.\n"
    doc = prepare(_write(tmp_path, "figures.txt", text), Settings(root=ROOT))
    assert doc.kind == "Document"
    assert any("--kind" in m and "does not say what kind" in m for m in doc.missing)
    given = prepare(_write(tmp_path, "figures2.txt", text + "\n"), Settings(root=ROOT), kind="Publication")
    assert given.kind == "Publication" and not any("--kind" in m for m in given.missing)


def test_a_given_symbol_the_text_does_not_print_is_recorded_with_a_note(tmp_path):
    doc = prepare(_write(tmp_path, "note.txt", NOTE), Settings(root=ROOT), symbol="A/68/999")
    assert doc.slug == "a-68-999" and doc.corpus_file == "A-68-999.txt"
    assert "--symbol" in doc.symbol_note and doc.quote == "International migration and development"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The note, the press release and the letter ingested together into a copy of the project."""
    tmp = tmp_path_factory.mktemp("meta")
    root = copy_project(tmp / "project")
    files = [_write(tmp, "note.txt", NOTE), _write(tmp, "press.txt", PRESS_RELEASE), _write(tmp, "letter.txt", LETTER)]
    result = CliRunner().invoke(main, ["ingest", *map(str, files), "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root, result.output, (root / "data" / "documents.yaml").read_text(encoding="utf-8")


def test_the_note_is_added_without_the_symbol_it_cites(ingested):
    root, output, registry = ingested
    slug = "international-migration-and-development-note-by-the"
    assert f"added document/{slug} (no symbol): data/corpus/{slug}.txt" in output
    assert "note.txt: no symbol in a masthead or running header: recorded without one (set it with --symbol)" in output
    assert "note.txt: no date of issue in a masthead or dateline: left out (set it with --date)" in output
    record = registry[registry.index(f"  - id: document/{slug}"):]
    record = record[: record.index("\n\n")] if "\n\n" in record else record
    assert "    type: Correspondence\n" in record
    assert 'label: "International migration and development: note by the Secretary-General"' in record
    assert "A/68/190" not in record and "issued" not in record and "symbol" not in record
    assert (root / "out" / "miggraph.nt").is_file()


def test_the_press_release_has_its_headline_and_the_date_of_its_dateline(ingested):
    _, output, registry = ingested
    slug = "general-assembly-opens-high-level-dialogue-on-international"
    assert f"added document/{slug} (no symbol)" in output
    record = registry[registry.index(f"  - id: document/{slug}"):]
    assert "    type: PressRelease\n" in record
    assert 'label: "General Assembly Opens High-level Dialogue on International Migration and Development, as ' in record
    assert 'value: "2013-10-03"' in record
    assert "the dateline, 'NEW YORK, 3 October', the year from the masthead's 'Sixty-eighth session'" in record
    assert "Meetings Coverage" not in record


def test_the_letter_has_its_masthead_metadata(ingested):
    _, output, registry = ingested
    assert "added document/a-68-501 (A/68/501): data/corpus/A-68-501.txt" in output
    record = registry[registry.index("  - id: document/a-68-501"):]
    assert "    type: Correspondence\n" in record
    assert 'symbol: "A/68/501"' in record and 'value: "2013-10-04"' in record
    assert "para: \"masthead\"" in record and 'quote: "A/68/501"' in record


def test_the_report_with_its_masthead_is_the_corpus_document_already_there(ingested, tmp_path):
    root, _, _ = ingested
    result = CliRunner().invoke(main, ["ingest", str(_write(tmp_path, "report.txt", a_67_254_top())), "--root", str(root)])
    assert result.exit_code != 0
    assert "document/a-67-254 (A-67-254.txt) is already in the corpus; give another --symbol or --title" in result.output
