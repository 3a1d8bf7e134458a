"""A PDF reads like the text: PDFs written from corpus text, with a masthead, running headers, page and job
numbers, footers, footnotes under a rule and raised footnote marks, give the units of the text file.

The PDFs are generated here with reportlab: each line of the text file is a line of the PDF (so its hyphenated
line ends are the PDF's), paginated anew, with the furniture of a UN document added and the text file's own
furniture left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_ingest import ID, copy_project

from miggraph import docmeta
from miggraph.cli import main
from miggraph.extract.passages import FOOTNOTE, SEPARATOR, is_furniture, split
from miggraph.ingest import prepare
from miggraph.pdftext import PdfTextError, _join_hyphens, pdf_text, read_pdf

canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")
pagesizes = pytest.importorskip("reportlab.lib.pagesizes")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"

MASTHEAD_254 = """\
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

LEFT, RIGHT, TOP, BOTTOM = 72.0, 523.0, 770.0, 80.0
BODY, NOTE = ("Times-Roman", 10.0, 12.0), ("Times-Roman", 8.0, 9.5)


@dataclass
class Source:
    """A text file read as a typesetter would: its masthead, its body lines and blank lines, its footnotes."""

    masthead: list[str]
    items: list[tuple[str, str]] = field(default_factory=list)  # ("line", text) | ("blank", "") | ("note", number)
    notes: dict[str, list[str]] = field(default_factory=dict)


def read_source(text: str) -> Source:
    lines = text.splitlines()
    head = docmeta.masthead(lines)
    end = head[-1] + 1 if head else 0
    src = Source(lines[:end])
    in_notes, current = False, None
    for line in lines[end:]:
        if not line.strip():
            src.items.append(("blank", ""))
            continue
        if SEPARATOR.match(line):
            in_notes = True
            continue
        if is_furniture(line):
            continue
        if in_notes:
            m = FOOTNOTE.match(line)
            if m:
                current = m.group("n")
                src.notes[current] = [line.strip()[len(current):].strip()]
                src.items.append(("note", current))
                continue
            if not line[:1].isspace() and current is not None:
                src.notes[current].append(line.strip())
                continue
            in_notes = False
        src.items.append(("line", line.rstrip()))
    return src


class Typesetter:
    """Lays a Source out on A4 pages in the manner of a UN document."""

    def __init__(self, path: Path, symbol: str, job: str) -> None:
        self.c = canvas_mod.Canvas(str(path), pagesize=pagesizes.A4)
        self.symbol, self.job = symbol, job
        self.page = 1
        self.y = TOP
        self.notes: list[list[str]] = []
        self.marks: set[str] = set()

    def masthead(self, lines: list[str]) -> None:
        self.y = 800.0
        for line in lines:
            if not line.strip():
                self.y -= 8
                continue
            cols = re.split(r"\s{2,}", line.strip())
            bold = cols[0] in ("United Nations", "General Assembly")
            self.c.setFont("Times-Bold" if bold else "Times-Roman", 13 if bold else 10)
            self.c.drawString(LEFT + 6 * (len(line) - len(line.lstrip())), self.y, cols[0])
            for col in cols[1:]:
                self.c.setFont("Times-Bold" if "/" in col else "Times-Roman", 11 if "/" in col else 10)
                self.c.drawRightString(RIGHT, self.y, col)
            self.y -= 14
        self.y -= 10

    def body_line(self, text: str) -> None:
        if self.y < self._floor():
            self.new_page()
        indent = len(text) - len(text.lstrip())
        x = LEFT + 6 * indent
        for piece, raised in self._pieces(text.strip()):
            size = 6.0 if raised else BODY[1]
            self.c.setFont(BODY[0], size)
            self.c.drawString(x, self.y + (3.5 if raised else 0), piece)
            x += self.c.stringWidth(piece, BODY[0], size)
        self.y -= BODY[2]

    def blank(self) -> None:
        if self.y < TOP:
            self.y -= BODY[2]

    def note(self, lines: list[str]) -> None:
        self.notes.append(lines)
        if self.y < self._floor():
            self.notes.pop()
            self.new_page()
            self.notes.append(lines)

    def _floor(self) -> float:
        return BOTTOM + sum(len(n) for n in self.notes) * NOTE[2] + (14 if self.notes else 0)

    def _pieces(self, text: str) -> list[tuple[str, bool]]:
        """The line cut around its footnote marks (a known footnote number right after a word or a stop)."""
        out: list[tuple[str, bool]] = []
        pos = 0
        for m in re.finditer(r"(?<=[A-Za-z.,;:)”’])(\d{1,2})(?=[\s.,;:]|$)", text):
            if m.group(1) in self.marks:
                out += [(text[pos:m.start()], False), (m.group(1), True)]
                pos = m.end()
        return [p for p in out + [(text[pos:], False)] if p[0]]

    def new_page(self) -> None:
        self._finish_page()
        self.c.showPage()
        self.page += 1
        self.y = TOP

    def _finish_page(self) -> None:
        y = BOTTOM + sum(len(n) for n in self.notes) * NOTE[2]
        if self.notes:
            self.c.setLineWidth(0.5)
            self.c.line(LEFT, y + 6, LEFT + 144, y + 6)
        for lines in self.notes:
            for i, line in enumerate(lines):
                y -= NOTE[2]
                self.c.setFont(NOTE[0], NOTE[1])
                if i == 0:
                    num, text = line.split("\x00", 1)
                    self.c.drawString(LEFT + 6, y, num)
                    self.c.drawString(LEFT + 20, y, text)
                else:
                    self.c.drawString(LEFT, y, line)
        self.notes = []
        self.c.setFont("Times-Roman", 9)
        if self.page == 1:
            self.c.drawString(LEFT, 50, f"{self.job} (E)    160812")
            self.c.setFont("Courier", 10)
            self.c.drawString(LEFT, 36, "*" + self.job.replace("-", "") + "*")
            self.c.setFont("Times-Roman", 7)
            self.c.drawRightString(RIGHT, 36, "Please recycle")
            return
        self.c.setFont("Times-Bold", 10)
        if self.page % 2:
            self.c.drawRightString(RIGHT, 805, self.symbol)
            self.c.setFont("Times-Roman", 9)
            self.c.drawRightString(RIGHT, 40, f"{self.job} {self.page}")
        else:
            self.c.drawString(LEFT, 805, self.symbol)
            self.c.setFont("Times-Roman", 9)
            self.c.drawString(LEFT, 40, f"{self.page} {self.job}")

    def save(self) -> None:
        self._finish_page()
        self.c.save()


def typeset(text: str, path: Path, symbol: str = "A/67/254", job: str = "12-45213") -> Path:
    src = read_source(text)
    t = Typesetter(path, symbol, job)
    t.marks = set(src.notes)
    if src.masthead:
        t.masthead(src.masthead)
    for kind, value in src.items:
        if kind == "line":
            t.body_line(value)
        elif kind == "blank":
            t.blank()
        else:
            lines = src.notes[value]
            t.note([f"{value}\x00{lines[0]}", *lines[1:]])
    t.save()
    return path


def units(text: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(label, text) of the units other than footnotes, in order, and the footnotes by label."""
    found = split(text)
    body = [(u.label, u.text) for u in found if u.kind != "footnote"]
    notes = {u.label: u.text for u in found if u.kind == "footnote"}
    return body, notes


@pytest.fixture(scope="module")
def report_254(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A/67/254 with its masthead, as text and as a typeset PDF."""
    text = MASTHEAD_254 + (CORPUS / "A-67-254.txt").read_text(encoding="utf-8")
    return text, typeset(text, tmp_path_factory.mktemp("pdf") / "A-67-254.pdf")


def test_the_pdf_gives_the_units_of_the_text_file(report_254):
    text, pdf = report_254
    expected, got = units(text), units(pdf_text(pdf))
    assert len(expected[0]) > 100 and len(expected[1]) == 19
    assert got[0] == expected[0]
    assert got[1] == expected[1]


def test_page_furniture_is_left_out_and_reported(report_254):
    text, pdf = report_254
    read = read_pdf(pdf)
    assert read.pages > 10
    for furniture in ("12-45213", "*1245213*", "Please recycle"):
        assert furniture not in read.text
    assert read.text.count("A/67/254") == 1  # the masthead's only
    assert "A/67/254" in read.furniture and "2 12-45213" in read.furniture and "12-45213 3" in read.furniture


def test_footnotes_stay_footnotes_with_their_marks(report_254):
    _, pdf = report_254
    out = pdf_text(pdf)
    assert "\n 1  See “Realizing the future we want for all" in out
    assert "living in more developed countries, compared with 53 per cent in 1990.2" in out
    assert out.count("__________________") >= 5


def test_hyphenated_line_ends_are_joined(report_254):
    _, pdf = report_254
    out = pdf_text(pdf)
    assert not re.search(r"[A-Za-z]-\n", out)
    assert "the Secretary-General to" in out or "Secretary-General" in out
    assert _join_hyphens(["the Secretary-", "General", "a migra\u00adtion", "x"]) == ["the Secretary-General", "a migra\u00adtion", "x"]
    assert _join_hyphens(["a migra\u00ad", "tion policy"]) == ["a migration policy"]
    assert _join_hyphens(["ends with a dash -", "And goes on", "A line-", " indented"]) == [
        "ends with a dash -", "And goes on", "A line-", " indented"]


def test_metadata_of_the_pdf_is_read_from_its_masthead(report_254):
    _, pdf = report_254
    meta = docmeta.read(pdf_text(pdf))
    assert meta.symbol and meta.symbol.value == "A/67/254" and meta.symbol.rule == "masthead"
    assert meta.date and meta.date.value == "2012-08-06"
    assert meta.title and meta.title.value == "International migration and development: report of the Secretary-General"
    assert meta.kind and meta.kind.value == "report"


def test_a_short_report_as_pdf_reads_like_its_text(tmp_path):
    text = (ROOT / "tests" / "data" / "a-99-123.txt").read_text(encoding="utf-8")
    pdf = typeset(text, tmp_path / "a-99-123.pdf", symbol="A/99/123", job="44-12345")
    assert units(pdf_text(pdf)) == units(text)
    doc = prepare(pdf, _settings())
    assert (doc.symbol, doc.date, doc.kind) == ("A/99/123", "2044-08-12", "Report")


def _settings():
    from miggraph.config import Settings

    return Settings(root=ROOT)


def test_a_pdf_without_text_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "scan.pdf"
    c = canvas_mod.Canvas(str(path), pagesize=pagesizes.A4)
    c.rect(100, 100, 200, 200, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(PdfTextError, match="no text"):
        pdf_text(path)


def test_ingesting_a_pdf_registers_it_with_its_metadata(tmp_path):
    """The command on a PDF: symbol, date, title and kind read from the masthead; the stored text splits like the text file."""
    text = (ROOT / "tests" / "data" / "a-99-123.txt").read_text(encoding="utf-8")
    pdf = typeset(text, tmp_path / "report.pdf", symbol="A/99/123", job="44-12345")
    root = copy_project(tmp_path / "project")
    result = CliRunner().invoke(main, ["ingest", str(pdf), "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "added document/a-99-123 (A/99/123): data/corpus/A-99-123.txt" in result.output
    record = (root / "data" / "documents.yaml").read_text(encoding="utf-8")
    assert "  - id: document/a-99-123\n    type: Report\n" in record
    assert 'label: "Follow-up to the Global Forum on Migration and Development: report of the Secretary-General (A/99/123)"' in record
    assert 'value: "2044-08-12"' in record
    assert units((root / "data" / "corpus" / "A-99-123.txt").read_text(encoding="utf-8")) == units(text)
    assert ID + "document/a-99-123" in (root / "out" / "miggraph.nt").read_text(encoding="utf-8")


def test_a_pdf_without_a_masthead_has_the_symbol_of_its_running_header(tmp_path):
    """The running header is furniture, left out of the text: the symbol is read from it, with a note saying so."""
    text = (CORPUS / "A-63-265.txt").read_text(encoding="utf-8")
    pdf = typeset(text, tmp_path / "a-63-265.pdf", symbol="A/63/265", job="08-45678")
    assert "A/63/265" not in pdf_text(pdf)
    doc = prepare(pdf, _settings(), title="International migration and development: report of the Secretary-General")
    assert (doc.symbol, doc.slug, doc.kind) == ("A/63/265", "a-63-265", "Report")  # the kind: "the present report"
    assert "running header of the PDF's pages" in doc.symbol_note and "does not print it" in doc.symbol_note
    assert units(doc.text) == units(text)
