"""Split a corpus document into its units: numbered paragraphs, headings, footnotes, annex entries, table rows.

The splitter reads the file line by line, as the UN plain-text exports lay them out:

- page furniture (a running symbol such as "A/63/265" alone on its line, "15 08-45678" page and job
  numbers, "*0845678*" bar codes, lone page numbers, "Distr.: General" ...) belongs to no unit;
- blank lines separate blocks; a block that starts in lower case (or follows a block that stopped
  mid-sentence) continues the paragraph before it, across page breaks and footnotes;
- a line of underscores starts the footnotes of a page (" 1  See ..."); an indented line that is not a
  footnote ends them; "¹ ..." starts a footnote in documents with superscript marks;
- "1. Text" starts numbered paragraph 1; "I. Introduction", "A. Global Forum ...", "Summary", "Annex",
  "Table 2" are headings, and the paragraphs under a heading without a number take its label.

Every unit keeps the character offsets of its lines, so a unit is a span [start, end) of the file, and
its text is the text of its own lines only (furniture and footnotes inside the span are left out).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..corpus import normalise

FURNITURE = [
    re.compile(r"^\s*[A-Z]{1,6}(?:/[A-Za-z0-9.]+){1,6}\s*$"),  # running symbol: A/63/265
    re.compile(r"^\s*\d{1,3}\s+\d{2}-\d{5}\s*$"),  # "15 08-45678": page number and job number
    re.compile(r"^\s*\d{2}-\d{5}\s+\d{1,3}\s*$"),  # "08-45678 15"
    re.compile(r"^\s*\d{2}-\d{5}\s*(?:\(E\).*)?$"),  # job number, "08-45678 (E) 120808"
    re.compile(r"^\s*\*\d{7,}\*\s*$"),  # bar code "*0845678*"
    re.compile(r"^\s*\d{1,3}\s*$"),  # page number alone
    re.compile(r"^\s*(?:Distr\.?:.*|Original:.*|Please recycle.*|\d{1,2} [A-Z][a-z]+ \d{4}\s*$)"),
    # the masthead: "United Nations  A/99/123", "General Assembly  Distr.: General", "Sixty-third session", "Item 21 ..."
    re.compile(r"^\s*(?:United Nations|General Assembly|Economic and Social Council)\s+(?:[A-Z]{1,6}(?:/[A-Za-z0-9.]+)+|Distr\..*)\s*$"),
    re.compile(r"^\s*(?:[A-Z][a-z]+(?:-[a-z]+)? session|(?:Provisional agenda |Agenda )?[Ii]tem \d+.* agenda.*)\s*$"),
]
SEPARATOR = re.compile(r"^\s*_{5,}\s*$")
FOOTNOTE = re.compile(r"^\s+(?P<n>\d{1,3})\s{2,}\S")
SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹⁰"
SUPER_FOOTNOTE = re.compile(r"^\s*(?P<n>[" + SUPERSCRIPT + r"]+)\s*\S")
NUMBERED = re.compile(r"^\s*(?P<n>\d{1,3})\.\s+(?P<rest>\S.*)$", re.S)
ROMAN = re.compile(r"^\s*(?P<n>[IVX]{1,5})\.\s+(?P<rest>\S.*)$", re.S)
LETTER = re.compile(r"^\s*(?P<n>[A-H])\.\s+(?P<rest>\S.*)$", re.S)
NAMED_HEADING = re.compile(r"^\s*(?P<h>Summary|Annex|ANNEX|Annexes|Contents)\s*$", re.I)
TABLE = re.compile(r"^\s*(?P<h>Table\s+\d+|Figure(?:\s+\d+)?)\s*$")
TERMINAL = re.compile(r"[.:;!?”\")]\s*$")
_ASCII_LOWER = re.compile(r"[a-z]")


@dataclass
class Unit:
    """One unit of a document: its label, its kind and the spans of its lines in the file."""

    label: str
    kind: str  # title, heading, paragraph, footnote, annex, table
    segments: list[tuple[int, int]] = field(default_factory=list)
    text: str = ""
    sections: list[int] = field(default_factory=list)  # indices (in the split's result) of the headings it lies under

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append(_Line(pos, pos + len(body), body))
        pos += len(raw)
    return out


def is_furniture(line: str) -> bool:
    return any(p.match(line) for p in FURNITURE)


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of every furniture line and footnote separator: belongs to no unit."""
    return [(ln.start, ln.end) for ln in _lines(text) if not ln.blank and (is_furniture(ln.text) or SEPARATOR.match(ln.text))]


def _trim(line: _Line) -> tuple[int, int]:
    lead = len(line.text) - len(line.text.lstrip())
    return line.start + lead, line.start + len(line.text.rstrip())


def _flat(lines: list[_Line]) -> str:
    return " ".join(" ".join(ln.text.split()) for ln in lines).strip()


def is_caps(s: str) -> bool:
    """Whether the text has more than three letters, all capitals."""
    if _ASCII_LOWER.search(s):  # a lower-case letter: most texts have one near their start
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


class Splitter:
    """The units of one document; `recase` turns an all-capitals heading into its printed casing."""

    def __init__(self, text: str, recase: Callable[[str], str] | None = None) -> None:
        self.text = text
        self.recase = recase or (lambda s: s[:1] + s[1:].lower())
        self.units: list[Unit] = []
        self.context = ""  # the label unnumbered paragraphs take
        self.section = ""  # the letter of the current section, for sub-section labels ("A.3 ...")
        self.mode = "body"  # body | table | annex
        self.annex_entries = False  # an annex listing entries with "Date:" lines
        self.annex_entry: Unit | None = None  # the entry the next lines belong to
        self.last_body: Unit | None = None  # the paragraph a continuation joins
        self.last_footnote: Unit | None = None
        self.next_n = 1  # the number the next numbered paragraph will have
        self.open: dict[int, Unit] = {}  # level → the heading of that level the next units lie under
        self._under: dict[int, list[Unit]] = {}  # id(unit) → the headings it lies under, outermost first

    # -- blocks ---------------------------------------------------------------
    def split(self) -> list[Unit]:
        lines = _lines(self.text)
        blocks: list[tuple[str, list[_Line]]] = []  # (kind, lines): kind is body or footnote
        current: list[_Line] = []
        kind = "body"
        footnotes = False

        def close() -> None:
            nonlocal current
            if current:
                blocks.append((kind, current))
            current = []

        for ln in lines:
            if ln.blank:
                close()
                continue
            if is_furniture(ln.text):
                continue
            if SEPARATOR.match(ln.text):
                close()
                footnotes = True
                continue
            if SUPER_FOOTNOTE.match(ln.text):
                close()
                kind = "footnote"
                current = [ln]
                close()
                kind = "body"
                continue
            if footnotes:
                if FOOTNOTE.match(ln.text):
                    close()
                    kind = "footnote"
                    current = [ln]
                    continue
                if ln.text[:1].isspace():  # an indented line after the footnotes: the body goes on
                    close()
                    footnotes = False
                    kind = "body"
                elif not current:  # a footnote going on after a blank line
                    kind = "footnote-cont"
            if current and kind == "body" and self._starts_block(ln.text, current[-1].text):
                close()
            if kind == "body" and not current:
                m = NUMBERED.match(ln.text)
                if m:
                    self.next_n = int(m.group("n")) + 1
            current.append(ln)
        close()
        lookahead = [b for b in blocks]
        for i, (k, block) in enumerate(blocks):
            following = lookahead[i + 1][1] if i + 1 < len(lookahead) else None
            if k == "footnote":
                self._footnote(block)
            elif k == "footnote-cont":
                if self.last_footnote is not None:
                    self._extend(self.last_footnote, block)
                else:
                    self._body(block, following)
            else:
                self._body(block, following)
        for unit in self.units:
            unit.text = normalise("\n".join(self.text[s:e] for s, e in unit.segments))
        kept = [u for u in self.units if u.text]
        index = {id(u): i for i, u in enumerate(kept)}
        for u in kept:
            u.sections = [index[id(h)] for h in self._under.get(id(u), []) if id(h) in index]
        return kept

    def _starts_block(self, line: str, previous: str) -> bool:
        """A line that starts a new block though no blank line precedes it: the next numbered paragraph, a heading."""
        m = NUMBERED.match(line)
        if m and int(m.group("n")) == self.next_n and TERMINAL.search(previous):
            return True
        if NAMED_HEADING.match(line) or TABLE.match(line) or NAMED_HEADING.match(previous) or TABLE.match(previous):
            return True
        return bool(line[:1].isspace() and (ROMAN.match(line) or LETTER.match(line)) and TERMINAL.search(previous))

    def _new(self, label: str, kind: str, block: list[_Line], level: int | None = None) -> Unit:
        """A new unit; a heading of `level` (0 the outermost) closes the headings of its level and below."""
        unit = Unit(label, kind, [_trim(ln) for ln in block])
        if level is not None:
            self.open = {k: v for k, v in self.open.items() if k < level}
        self._under[id(unit)] = [self.open[k] for k in sorted(self.open)]
        if level is not None:
            self.open[level] = unit
        self.units.append(unit)
        return unit

    def _extend(self, unit: Unit, block: list[_Line]) -> None:
        unit.segments.extend(_trim(ln) for ln in block)

    def _footnote(self, block: list[_Line]) -> None:
        first = block[0].text
        m = FOOTNOTE.match(first) or SUPER_FOOTNOTE.match(first)
        n = m.group("n") if m else "?"
        n = n.translate(str.maketrans(SUPERSCRIPT, "1234567890"))
        self.last_footnote = self._new(f"footnote {n}", "footnote", block)

    # -- body blocks ----------------------------------------------------------
    def _body(self, block: list[_Line], following: list[_Line] | None) -> None:
        flat = _flat(block)
        first = flat[:1]
        # a continuation: starts in lower case, or the paragraph before stopped mid-sentence
        if self.last_body is not None and self.mode != "table":
            prev = self.text[self.last_body.segments[-1][0]:self.last_body.segments[-1][1]]
            continues = first.islower() or (
                self.mode == "body" and not TERMINAL.search(prev) and not self._heading_like(flat) and not NUMBERED.match(flat)
            )
            if continues:
                self._extend(self.last_body, block)
                return
        if not self.units and len(flat) < 250 and not TERMINAL.search(flat) and not self._heading_like(flat):
            self._new("title", "title", block)
            self.context = "introductory paragraph"
            return
        heading = self._heading(flat, following)
        if heading is not None:
            label, kind, level = heading
            unit = self._new(label, kind, block, level)
            self.last_body = None
            self.annex_entry = unit if self.annex_entries and label.startswith("Annex: ") else None
            return
        m = NUMBERED.match(flat)
        if m and (self.mode != "table" or len(flat) > 200):
            if self.mode == "table":
                self.open = {k: v for k, v in self.open.items() if k < 4}  # the table ends
            self.mode = "body"
            self.last_body = self._new(m.group("n"), "paragraph", block)
            return
        if self.mode == "table":
            self._new(self.context, "table", block)
            self.last_body = None
            return
        if self.mode == "annex" and self.annex_entry is not None:
            self._extend(self.annex_entry, block)  # "Date: ...", "Venue: ...": lines of the entry
            return
        kind = "annex" if self.mode == "annex" else "paragraph"
        unit = self._new(self.context or "introductory paragraph", kind, block)
        self.last_body = unit if self.mode == "body" else None

    def _heading_like(self, flat: str) -> bool:
        return bool(NAMED_HEADING.match(flat) or TABLE.match(flat) or ROMAN.match(flat) or (LETTER.match(flat) and len(flat) < 160))

    def _heading(self, flat: str, following: list[_Line] | None) -> tuple[str, str, int] | None:
        """(label, kind, level) when the block is a heading; sets the context for the paragraphs under it.

        Levels nest: 0 "Annex"; 1 "Summary", "I. Introduction", the title of a list in an annex; 2 "A. ...", an
        annex entry; 3 "3. The Global Migration Group" (a numbered sub-section); 4 "Table 2".
        """
        m = NAMED_HEADING.match(flat)
        if m:
            name = m.group("h").capitalize()
            self.mode = "annex" if name.startswith("Annex") else "body"
            self.annex_entries = False
            self.context = name
            self.section = ""
            return name, "heading", 0 if self.mode == "annex" else 1
        m = TABLE.match(flat)
        if m:
            self.mode = "table"
            self.context = " ".join(m.group("h").split())
            return self.context, "table", 4
        short = len(flat) < 200 and not flat.endswith(".")
        m = ROMAN.match(flat)
        if m and short:
            label = f"{m.group('n')}. {self._case(m.group('rest'))}"
            self.mode = "body"
            self.section = ""
            self.context = label
            return label, "heading", 1
        m = LETTER.match(flat)
        if m and short:
            label = f"{m.group('n')}. {self._case(m.group('rest'))}"
            self.mode = "body"
            self.section = m.group("n")
            self.context = label
            return label, "heading", 2
        m = NUMBERED.match(flat)
        if m and len(flat) < 120 and not flat.endswith((".", ";", ":")):  # "3. The Global Migration Group": a sub-section
            rest = self._case(m.group("rest"))
            label = f"{self.section}.{m.group('n')} {rest}" if self.section else f"{m.group('n')}. {rest}"
            self.mode = "body"
            self.context = label
            return label, "heading", 3
        if self.mode == "annex" and following is not None and re.match(r"\s*Date\s*:", following[0].text):
            title = re.split(r",\s+(?=[a-z]+ed\b)", flat, maxsplit=1)[0]  # "..., prepared by ..." is not the title
            self.annex_entries = True
            self.context = f"Annex: {title}"
            return self.context, "annex", 2  # under the list's title, if it has one
        if self.mode == "annex" and not self.annex_entries and len(flat) < 200 and not TERMINAL.search(flat):
            return "Annex", "annex", 1
        if len(flat) < 200 and is_caps(flat):
            label = self._case(flat)
            self.context = label
            return label, "heading", 1
        return None

    def _case(self, s: str) -> str:
        s = re.sub(r"(?<=[a-z])\d{1,2}$", "", " ".join(s.split()))  # a footnote mark at the end of a heading
        return self.recase(s) if is_caps(s) else s


def split(text: str, recase: Callable[[str], str] | None = None) -> list[Unit]:
    """The units of a document, in order."""
    return Splitter(text, recase).split()
