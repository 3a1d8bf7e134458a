"""The text of a PDF laid out like the corpus text files, without its page furniture.

The characters are read with pdfminer.six, with their positions and sizes, and laid out by these rules, so
that extract/passages.py splits the text into the units it finds in the equivalent text file:

- **lines**: characters sharing a baseline form a line; a raised character in a smaller size (a footnote
  mark) joins it without a space ("in 2010.2"). A gap of a word space is one space, a wide gap (a tab, a
  column of the masthead) two ("United Nations  A/67/254", " 1  See ...");
- **furniture**: at the foot of every page, and at the head of every page but the first, lines that are page
  furniture (a running symbol, page and job numbers such as "12-45213 11", a bar code, "Please recycle") or
  that repeat at the same height on other pages (a running header or footer) are left out, and returned in
  `PdfText.furniture`. The masthead of the first page is kept: it is the document's own metadata;
- **blank lines**: a vertical gap wider than the line spacing is a blank line. A page break is one when the
  next page opens a paragraph (its first line is indented or numbered, or the page before ended on a short
  line with final punctuation); otherwise the paragraph runs on;
- **footnotes**: the lines below a short horizontal rule at the foot of a page (or, without a rule, trailing
  lines in a smaller size opening with a number) are the page's footnotes. They follow the page's body after a
  line of underscores, each opening " 1  See ...", its other lines not indented; the first body line after
  them is indented, as in the text files;
- **hyphens**: a line ending in a hyphen after a letter is joined with the next line of its block: the hyphen
  is kept ("Secretary-" "General" gives "Secretary-General"), as the corpus normalisation keeps it; a soft
  hyphen is dropped ("migra­" "tion" gives "migration"). Ligatures are spelled out ("ﬁ" gives "fi").
"""

from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .extract.passages import NUMBERED, TERMINAL, is_furniture

MAX_PAGES = 2000
SEPARATOR = "__________________"
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
SOFT_HYPHEN = "\u00ad"
MARGIN_ZONE = 0.15  # the top and bottom share of a page where running headers and footers are looked for

logging.getLogger("pdfminer").addHandler(logging.NullHandler())  # its warnings about a malformed file are not for the user


class PdfTextError(Exception):
    """The PDF cannot be read or holds no text."""


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line:
    """The glyphs of one baseline, left to right once `finish` has run."""

    glyphs: list[Glyph] = field(default_factory=list)
    text: str = ""
    size: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    y0: float = 0.0  # the bottom of its full-size glyphs
    y1: float = 0.0

    @property
    def ink(self) -> list[Glyph]:
        return [g for g in self.glyphs if g.text.strip()]

    def note_number(self) -> tuple[str, str] | None:
        """(number, rest) of a line opening a footnote: a number raised, or followed by more than a word space."""
        ink = self.ink
        n = 0
        while n < min(len(ink) - 1, 3) and (ink[n].text.isdigit() or ink[n].text == "*"):
            n += 1
        if n == 0 or n == len(ink) or ink[n].text.isdigit():
            return None
        number = "".join(g.text for g in ink[:n])
        if ink[0].size < 0.85 * self.size or ink[n].x0 - ink[n - 1].x1 > 0.4 * self.size:
            return number, self.text.strip()[len(number):].strip()
        return None

    def finish(self) -> Line:
        self.glyphs.sort(key=lambda g: g.x0)
        ink = [g for g in self.glyphs if g.text.strip()]
        self.size = Counter(round(g.size, 1) for g in ink).most_common(1)[0][0]
        base = min(g.y0 for g in ink if round(g.size, 1) == self.size)
        body = [g for g in ink if not _raised(g, self.size, base)]
        self.x0, self.x1 = ink[0].x0, ink[-1].x1
        self.y0, self.y1 = min(g.y0 for g in body or ink), max(g.y1 for g in ink)
        self.text = _spell(self.glyphs, self.size, body)
        return self


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line]
    rules: list[float]  # heights of short horizontal rules (footnote separators)


@dataclass
class PdfText:
    text: str
    furniture: list[str]  # the furniture lines left out, in the order of the pages
    pages: int


def pdf_text(path: Path) -> str:
    """The text of the PDF at `path`, laid out like a corpus text file (see the module's rules)."""
    return read_pdf(path).text


def read_pdf(path: Path) -> PdfText:
    pages = list(_pages(path))
    if not any(p.lines for p in pages):
        raise PdfTextError(f"no text in its {len(pages)} page(s): a scanned PDF needs OCR first")
    return layout(pages)


# -- reading --------------------------------------------------------------------------------------------------

def _pages(path: Path) -> Iterator[Page]:
    """The pages with their lines and rules; PdfTextError for a PDF pdfminer cannot read."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    try:
        with path.open("rb") as fh:
            manager = PDFResourceManager()
            device = PDFPageAggregator(manager, laparams=None)
            interpreter = PDFPageInterpreter(manager, device)
            for i, page in enumerate(PDFPage.get_pages(fh, check_extractable=False), start=1):
                if i > MAX_PAGES:
                    raise PdfTextError(f"more than {MAX_PAGES} pages")
                interpreter.process_page(page)
                yield _page(i, device.get_result())
    except PdfTextError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds of error on a malformed file
        name = type(exc).__name__
        if "Encrypt" in name or "Password" in name:
            raise PdfTextError("encrypted: give a decrypted copy") from exc
        raise PdfTextError("not a readable PDF (damaged, truncated or not a PDF at all): "
                           "export it again, or give its text as a .txt file") from exc


def _page(number: int, layout: object) -> Page:
    from pdfminer.layout import LTChar, LTCurve

    glyphs: list[Glyph] = []
    rules: list[float] = []
    width = layout.width  # type: ignore[attr-defined]
    for item in _walk(layout):
        if isinstance(item, LTChar):
            text = item.get_text().translate(LIGATURES)
            glyphs.append(Glyph(text, item.x0, item.x1, item.y0, item.y1, item.size))
        elif isinstance(item, LTCurve) and item.height < 2 and 20 < item.width < 0.6 * width:
            rules.append(item.y0)
    return Page(number, layout.height, _lines(glyphs), rules)  # type: ignore[attr-defined]


def _walk(item: object) -> Iterator[object]:
    for child in item if hasattr(item, "__iter__") else ():  # type: ignore[attr-defined]
        yield child
        if hasattr(child, "__iter__") and not isinstance(child, str):
            yield from _walk(child)


def _lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs grouped by baseline, top to bottom: a glyph whose middle lies within a line's height joins it."""
    lines: list[Line] = []
    low = high = 0.0
    for g in sorted(glyphs, key=lambda g: -g.middle):
        if lines and low - 0.5 <= g.middle <= high + 0.5:
            lines[-1].glyphs.append(g)
            low, high = min(low, g.y0), max(high, g.y1)
            continue
        lines.append(Line([g]))
        low, high = g.y0, g.y1
    return [ln.finish() for ln in lines if any(g.text.strip() for g in ln.glyphs)]


def _raised(g: Glyph, size: float, base: float) -> bool:
    """A footnote mark: smaller than its line and standing above its baseline (`base`, the bottom of its glyphs)."""
    return g.size < 0.85 * size and g.y0 > base + 0.15 * size


def _spell(glyphs: list[Glyph], size: float, body: list[Glyph]) -> str:
    """The characters of a line, spaced by their gaps: a word space is one space, a wide gap two."""
    out: list[str] = []
    last: Glyph | None = None
    spaced = False
    marks = {id(g) for g in glyphs if g.text.strip()} - {id(g) for g in body}
    for g in glyphs:
        if not g.text.strip():
            spaced = True
            continue
        if last is not None:
            gap = g.x0 - last.x1
            if gap > 1.2 * size:
                out.append("  ")
            elif spaced or (gap > 0.2 * size and id(g) not in marks):
                out.append(" ")
        out.append(g.text)
        last, spaced = g, False
    return "".join(out)


# -- laying out -----------------------------------------------------------------------------------------------

def layout(pages: list[Page]) -> PdfText:
    """The text of the pages, furniture left out, each page's footnotes after the paragraph the page ends in."""
    repeated = _repeated(pages)
    size = _body_size(pages)
    pitch = _pitch(pages, size)
    margin = _margin([ln for p in pages for ln in p.lines if ln.size == size])
    furniture: list[str] = []
    out = _Out()
    before: list[Line] = []
    for page in pages:
        body, notes, dropped = _parts(page, repeated, size, pitch)
        furniture += dropped
        lines = _text_lines(body, pitch, margin)
        if before and lines and _opens_paragraph(before, lines[0], margin):
            out.add("")
        for line in lines:
            out.add(line)
        out.notes += _footnote_lines(notes)
        before = body or before
    out.add("")
    return PdfText("\n".join(_join_hyphens(out.lines)).rstrip() + "\n", furniture, len(pages))


class _Out:
    """The lines laid out so far; footnotes wait for the end of the paragraph, the next line is then indented to end them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.indent_next = False

    def add(self, line: str) -> None:
        if not line and self.notes:
            self.lines += ["", SEPARATOR, "", *self.notes]
            self.notes, self.indent_next = [], True
        elif line and self.indent_next:
            line = line if line[:1].isspace() else " " + line
            self.indent_next = False
        if line or (self.lines and self.lines[-1]):
            self.lines.append(line)


def _key(line: Line, page: Page) -> tuple[int, str]:
    """A line as a running header or footer: its height on the page and its text with the digits blanked."""
    return round(line.y0 / 3), re.sub(r"\d+", "#", line.text.strip())


def _in_margin(line: Line, page: Page) -> bool:
    return line.y0 > page.height * (1 - MARGIN_ZONE) or line.y1 < page.height * MARGIN_ZONE


def _repeated(pages: list[Page]) -> set[tuple[int, str]]:
    """The lines in the margins of two pages or more at the same height: running headers and footers."""
    counts = Counter(k for p in pages for k in {_key(ln, p) for ln in p.lines if _in_margin(ln, p)})
    return {k for k, n in counts.items() if n >= 2} if len(pages) >= 2 else set()


def _furniture(line: Line, page: Page, repeated: set[tuple[int, str]], neighbour: Line | None, pitch: float) -> bool:
    """A line in the margin of a page that is furniture in each of its columns ("*1245213*  Please recycle"), or that
    repeats on other pages and stands apart from the text (`neighbour`, the next line towards the body)."""
    if not _in_margin(line, page):
        return False
    if all(is_furniture(col) or col.lower().startswith("please recycle") for col in re.split(r"\s{2,}", line.text.strip())):
        return True
    apart = neighbour is None or abs(neighbour.y0 - line.y0) > 1.5 * pitch
    return _key(line, page) in repeated and apart


def _parts(page: Page, repeated: set[tuple[int, str]], size: float, pitch: float) -> tuple[list[Line], list[Line], list[str]]:
    """(body lines, footnote lines, furniture left out) of a page."""
    lines = list(page.lines)
    dropped: list[str] = []
    while lines and _furniture(lines[-1], page, repeated, lines[-2] if len(lines) > 1 else None, pitch):
        dropped.insert(0, lines.pop().text.strip())
    if page.number > 1:
        while lines and _furniture(lines[0], page, repeated, lines[1] if len(lines) > 1 else None, pitch):
            dropped.append(lines.pop(0).text.strip())
    cut = _footnote_start(lines, page, size)
    return lines[:cut], lines[cut:], dropped


def _footnote_start(lines: list[Line], page: Page, size: float) -> int:
    """The index of the first footnote line: under the highest rule below which every line is smaller than the
    text and the first opens a footnote, else where such trailing lines start; len(lines) when there are none."""
    def notes_from(i: int) -> bool:
        return 0 < i < len(lines) and all(ln.size < 0.95 * size for ln in lines[i:]) and lines[i].note_number() is not None

    for rule in sorted(page.rules, reverse=True):
        below = next((i for i, ln in enumerate(lines) if ln.y1 <= rule + 1), len(lines))
        if notes_from(below):
            return below
    i = len(lines)
    while i > 1 and lines[i - 1].size < 0.95 * size:
        i -= 1
    while i < len(lines) and lines[i].note_number() is None:
        i += 1
    return i if notes_from(i) else len(lines)


def _body_size(pages: list[Page]) -> float:
    sizes = Counter(round(g.size, 1) for p in pages for ln in p.lines for g in ln.glyphs if g.text.strip())
    return sizes.most_common(1)[0][0]


def _pitch(pages: list[Page], size: float) -> float:
    """The usual distance between the baselines of two lines of body text."""
    steps = [a.y0 - b.y0 for p in pages for a, b in zip(p.lines, p.lines[1:], strict=False)
             if a.size == size == b.size and 0 < a.y0 - b.y0 < 3 * size]
    return statistics.median(steps) if steps else 1.2 * size


def _margin(lines: list[Line]) -> float:
    """The left margin: where most lines start."""
    if not lines:
        return 0.0
    return Counter(round(ln.x0) for ln in lines).most_common(1)[0][0]


def _indent(line: Line, margin: float) -> str:
    shift = line.x0 - margin
    if shift < 0.15 * line.size:
        return ""
    return " " * max(1, min(10, round(shift / (0.5 * line.size))))


def _text_lines(lines: list[Line], pitch: float, margin: float) -> list[str]:
    """Body lines with their indentation, a blank line for each gap wider than the line spacing."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and lines[i - 1].y0 - line.y0 > 1.5 * pitch:
            out.append("")
        out.append(_indent(line, margin) + line.text.strip())
    return out


def _footnote_lines(lines: list[Line]) -> list[str]:
    """Footnote lines: each footnote opens " 1  See ...", its other lines are not indented."""
    out: list[str] = []
    for line in lines:
        opening = line.note_number()
        out.append(f" {opening[0]}  {opening[1]}" if opening else line.text.strip())
    return out


def _opens_paragraph(before: list[Line], first: str, margin: float) -> bool:
    """The first line of a page opens a paragraph: it is indented or numbered, or the page before ended on a short
    line with final punctuation."""
    last = before[-1]
    widest = max(ln.x1 for ln in before)
    short_end = bool(TERMINAL.search(last.text)) and last.x1 - margin < 0.8 * (widest - margin)
    return first[:1].isspace() or bool(NUMBERED.match(first)) or short_end


def _join_hyphens(lines: list[str]) -> list[str]:
    """A line ending in a hyphen after a letter joined with the next line of its block (a soft hyphen dropped)."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if prev and line[:1].isalpha():  # a line of the same block, not indented
            if prev.endswith(SOFT_HYPHEN):
                out[-1] = prev[:-1] + line.lstrip()
                continue
            if re.search(r"[A-Za-z]-$", prev):
                out[-1] = prev + line.lstrip()
                continue
        out.append(line)
    return out
