"""A document's own metadata, read from its text as the document states it: symbol, date of issue, title, kind.

Each reading is a `Found`: the value, the words of the text it was read from and the rule that read it. What
no rule reads is None: ingest leaves it out (or asks for it) rather than guess. The rules:

- **masthead**: the block at the top of a UN document, every line of which is masthead matter: "United Nations
  A/67/254", "General Assembly  Distr.: General", a date alone, "Original: English", "Sixty-seventh session",
  "Item 22 (c) of the provisional agenda*" and the agenda item's title printed under it, bar codes and job
  numbers, or a publication series ("Meetings Coverage and Press Releases"). It ends at the first other line.
- **symbol**: a symbol on a masthead line (alone, after "United Nations" or an organ's name, or before
  "Distr.: General"); else the running header, a symbol alone on its line that is repeated or stands beside a
  page and job number ("11 12-45213"); else a symbol opening the first line (a header printed above the
  title). A symbol the body cites ("the report of the Secretary-General (A/68/190)") is never the document's.
- **date of issue**: a date on a masthead line ("6 August 2012"); else a dateline opening the body ("NEW YORK,
  3 October -- ..."), its year from the dateline, else from the same day and month written with a year in the
  text, else from the General Assembly session the masthead names (the sixty-eighth session runs from
  September 2013 to August 2014).
- **title**: the first block after the masthead that is not a heading, a numbered paragraph, a dateline or a
  sentence, joined with a byline under it ("Report of the Secretary-General" gives "...: report of the
  Secretary-General"). The name of a publication series is masthead, not title.
- **kind** (report, resolution, letter, note, press release, meeting summary): from the title and byline
  ("Report of", "Note by", "Letter dated", "Resolution adopted by", "Chair's summary"), else a press-release
  masthead, else "the present report / note / letter" in the opening text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract.passages import is_furniture
from .extract.patterns import DAY_DATE, MONTHS

HEAD_LINES = 60  # the masthead, title and dateline are read in the first lines only
SYMBOL_FORM = r"[A-Z]{1,6}(?:\.\d+)?(?:/[A-Za-z0-9.]+)+"  # A/67/254, E/CN.9/2006/3, GA/11424
SYMBOL_ALONE = re.compile(rf"^\s*(?P<sym>{SYMBOL_FORM})\*?\s*$")
ORGAN = r"(?:United Nations|General Assembly|Security Council|Economic and Social Council|Human Rights Council|Trusteeship Council)"
MONTH = "(?:" + "|".join(MONTHS) + ")"

# Each masthead line, stripped; the symbol, when the line holds one, is the group "sym".
MASTHEAD_LINES = [
    re.compile(rf"^{ORGAN}(?:\s+(?:(?P<sym>{SYMBOL_FORM})\*?|Distr\.?:.*))?$"),  # "United Nations  A/99/123"
    re.compile(rf"^(?P<sym>{SYMBOL_FORM})\*?(?:\s+Distr\.?:.*)?$"),  # the symbol alone, or before "Distr.: General"
    re.compile(r"^Distr\.?:.*$"),  # "Distr.: General", "Distr.: Limited 6 August 2012"
    re.compile(rf"^\d{{1,2}}\s+{MONTH}\s+(?:19|20)\d{{2}}$"),  # the date of issue alone
    re.compile(r"^Original:.*$|^(?:Arabic|Chinese|English|French|Russian|Spanish)(?:(?:,| and) \w+)*(?: only)?$"),
    re.compile(r"^(?:Resumed |Substantive |Special |Organizational )?[A-Za-z]+(?:-[a-z]+)? session\b.*$"),
    re.compile(r"^(?:\d+(?:st|nd|rd|th)\s*(?:&|and|,)\s*)*\d+(?:st|nd|rd|th) [Mm]eetings?\b.*$"),  # "2nd & 3rd Meetings (AM & PM)"
    re.compile(r"^(?:Provisional agenda |Agenda )?[Ii]tems? \d+.*$"),  # "Item 22 (c) of the provisional agenda*"
    re.compile(r"^\*\d{7,}\*$|^\d{2}-\d{5}(?:\s*\(E\).*)?$"),  # bar code, job number
    re.compile(r"^(?:Meetings Coverage and Press Releases|Press Releases?|Department of Public Information\b.*"
               r"|News and Media Division\b.*)$", re.I),  # the series a press release is published in
]
AGENDA_LINE = MASTHEAD_LINES[7]
PRESS_SERIES = MASTHEAD_LINES[9]
PAGE_AND_JOB = re.compile(r"^\s*(?:\d{1,3}\s+\d{2}-\d{5}|\d{2}-\d{5}\s+\d{1,3})\s*$")  # "11 12-45213"
DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Za-z.'’ -]{{1,40}}),\s+(?P<day>\d{{1,2}})\s+(?P<month>{MONTH})(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?"
    r"(?:\s*\([^)]{1,60}\))?\s*(?:--|—|–|-)\s")
SESSION = re.compile(r"^(?P<ord>[A-Za-z]+(?:-[a-z]+)?) session\b", re.I)
HEADING = re.compile(r"^(?:Summary|Contents|Annex(?:es)?|Introduction|Abstract)\s*$|^(?:\d{1,3}|[IVX]{1,5}|[A-H])\.\s", re.I)
BYLINE = re.compile(r"^(?:Report|Note|Letter|Statement|Summary|Resolution)\s+(?:of|by|from|adopted by)\s+the\b.{0,80}$")
KIND_IN_TITLE = [
    ("resolution", re.compile(r"^Resolution adopted by\b|/RES/")),
    ("letter", re.compile(r"^(?:Identical )?[Ll]etters? dated\b")),
    ("note", re.compile(r"(?:^|: )[Nn]ote by the\b")),
    ("meeting summary", re.compile(r"\b(?:Chair(?:person|man|woman)?|President|Co-[Cc]hairs?)[’']s? [Ss]ummary\b|^Summary of the\b")),
    ("report", re.compile(r"(?:^|: )[Rr]eport of the\b")),
]
PRESENT = re.compile(r"\b[Tt]he present (?P<kind>report|note|letter)\b")
KIND_CLASSES = {  # the ontology's classes for each kind, the first the ontology has
    "report": ("Report",),
    "resolution": ("Resolution",),
    "letter": ("Correspondence",),
    "note": ("Correspondence",),
    "press release": ("PressRelease", "Publication"),
    "meeting summary": ("MeetingSummary",),
}


@dataclass(frozen=True)
class Found:
    """A value read from the text: `quote` is the text it was read from, `rule` the rule that read it."""

    value: str
    quote: str
    rule: str
    detail: str = ""  # how a part of the value was read elsewhere ("the year from the masthead's 'Sixty-eighth session'")


@dataclass(frozen=True)
class Metadata:
    symbol: Found | None
    date: Found | None
    title: Found | None
    kind: Found | None


def read(text: str) -> Metadata:
    """Everything the text states about itself."""
    lines = text.splitlines()
    head = masthead(lines)
    ttl = title(lines, head[-1] + 1 if head else 0)
    return Metadata(symbol(lines, head), issue_date(text, lines, head), ttl, kind(lines, head, ttl))


# -- the masthead ---------------------------------------------------------------------------------------------

def masthead(lines: list[str]) -> list[int]:
    """Indexes of the masthead lines: the leading lines that are all masthead matter (blank lines skipped),
    with the agenda item's title printed directly under an "Item ..." line."""
    found: list[int] = []
    agenda_title = False
    for i, raw in enumerate(lines[:HEAD_LINES]):
        line = raw.strip()
        if not line:
            agenda_title = False
            continue
        if is_masthead_line(line):
            found.append(i)
            agenda_title = bool(AGENDA_LINE.match(line)) or agenda_title
            continue
        if agenda_title:  # "Globalization and interdependence: international\nmigration and development"
            found.append(i)
            continue
        break
    return found


def is_masthead_line(line: str) -> bool:
    return any(p.match(line.strip()) for p in MASTHEAD_LINES)


def _masthead_symbol(line: str) -> str | None:
    for p in MASTHEAD_LINES:
        m = p.match(line.strip())
        if m:
            return m.groupdict().get("sym")
    return None


# -- symbol ---------------------------------------------------------------------------------------------------

def symbol(lines: list[str], head: list[int]) -> Found | None:
    """The document's own symbol: from the masthead, else the running header, else a symbol opening the first line."""
    for i in head:
        sym = _masthead_symbol(lines[i])
        if sym:
            return Found(sym, sym, "masthead")
    return running_header(lines) or top_line_symbol(lines)


def running_header(lines: list[str]) -> Found | None:
    """A symbol alone on its line, printed twice or more, or once beside a page and job number ("11 12-45213")."""
    counts: dict[str, int] = {}
    for i, line in enumerate(lines):
        m = SYMBOL_ALONE.match(line)
        if not m:
            continue
        sym = m.group("sym")
        counts[sym] = counts.get(sym, 0) + 1
        near = [ln for ln in lines[max(0, i - 4):i + 5] if ln.strip()]
        if counts[sym] >= 2 or any(PAGE_AND_JOB.match(ln) for ln in near):
            return Found(sym, sym, "running header")
    return None


def top_line_symbol(lines: list[str]) -> Found | None:
    """A symbol opening the first line of the text: a header printed above the title ("A/99/124 Note by ...")."""
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    m = re.match(rf"(?P<sym>{SYMBOL_FORM})(?:\*|\s|$)", first)
    if m:
        return Found(m.group("sym"), m.group("sym"), "first line")
    return None


# -- date of issue --------------------------------------------------------------------------------------------

def issue_date(text: str, lines: list[str], head: list[int]) -> Found | None:
    """The date of issue: a date on a masthead line, else a dateline with its year as the text gives it."""
    for i in head:
        m = DAY_DATE.search(lines[i])
        if m and not AGENDA_LINE.match(lines[i].strip()):
            return Found(_iso(m.group("year"), m.group("month"), m.group("day")), m.group(0), "masthead")
    return dateline(text, lines, head)


def dateline(text: str, lines: list[str], head: list[int]) -> Found | None:
    """ "NEW YORK, 3 October -- The General Assembly today ...": the day and month, the year as `dateline_year` reads it."""
    for line in lines[:HEAD_LINES]:
        m = DATELINE.match(line)
        if not m:
            continue
        quote = line.strip()[: len(m.group(0).strip())].rstrip(" -—–")
        year, how = dateline_year(m, text, lines, head)
        if year is None:
            return None
        return Found(_iso(year, m.group("month"), m.group("day")), quote, "dateline", how)
    return None


def dateline_year(m: re.Match[str], text: str, lines: list[str], head: list[int]) -> tuple[str | None, str]:
    """The year of a dateline: its own; else the one year the text writes with the same day and month; else the
    year of the General Assembly session the masthead names (session n opens in September of 1945 + n)."""
    if m.group("year"):
        return m.group("year"), ""
    day, month = int(m.group("day")), m.group("month")
    years = {d.group("year") for d in DAY_DATE.finditer(text) if d.group("month") == month and int(d.group("day")) == day}
    if len(years) == 1:
        year = years.pop()
        return year, f"the year from '{day} {month} {year}' in the text"
    session = assembly_session(lines, head)
    if session is not None:
        number, quote = session
        year = 1945 + number + (0 if MONTHS[month] >= 9 else 1)
        return str(year), f"the year from the masthead's '{quote}'"
    return None, ""


def assembly_session(lines: list[str], head: list[int]) -> tuple[int, str] | None:
    """(n, quote) of "Sixty-eighth session" on a masthead that names the General Assembly."""
    if not any("General Assembly" in lines[i] for i in head):
        return None
    for i in head:
        m = SESSION.match(lines[i].strip())
        number = ordinal(m.group("ord")) if m else None
        if m and number is not None:
            return number, m.group(0)
    return None


_UNITS = {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth".split(), start=1)}
_TEENS = {w: i for i, w in enumerate("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
                                      "eighteenth nineteenth".split(), start=10)}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_TENTHS = {w: 10 * i for i, w in enumerate("twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth "
                                            "ninetieth".split(), start=2)}


def ordinal(word: str) -> int | None:
    """The number of an ordinal written in words, 1 to 99 ("sixty-eighth" is 68)."""
    w = word.lower()
    simple = _UNITS.get(w) or _TEENS.get(w) or _TENTHS.get(w)
    if simple:
        return simple
    tens, _, unit = w.partition("-")
    if tens in _TENS and unit in _UNITS:
        return _TENS[tens] + _UNITS[unit]
    return None


def _iso(year: str, month: str, day: str) -> str:
    return f"{year}-{MONTHS[month]:02d}-{int(day):02d}"


# -- title ----------------------------------------------------------------------------------------------------

def title(lines: list[str], start: int) -> Found | None:
    """The title block after the masthead, with the byline under it; None when the text opens with anything else."""
    block, after = _block(lines, start)
    if not block or not _title_like(block):
        return None
    byline: list[str] = []
    for j, line in enumerate(block[1:], start=1):  # a byline printed in the same block
        if BYLINE.match(line):
            block, byline = block[:j], block[j:]
            break
    if not byline:
        following, _ = _block(lines, after)
        if following and BYLINE.match(following[0]) and len(following) <= 2:
            byline = following
    value = _join(block)
    if byline:
        by = _join(byline)
        value = f"{value}: {by[:1].lower()}{by[1:]}"
    return Found(value, block[0], "title block")


def _block(lines: list[str], start: int) -> tuple[list[str], int]:
    """The next block of text lines (stripped) from `start`, skipping blank and furniture lines; the index after it."""
    i = start
    while i < min(len(lines), HEAD_LINES) and (not lines[i].strip() or is_furniture(lines[i])):
        i += 1
    block: list[str] = []
    while i < len(lines) and lines[i].strip() and not is_furniture(lines[i]) and len(block) < 6:
        block.append(lines[i].strip())
        i += 1
    return block, i


def _title_like(block: list[str]) -> bool:
    """Not a heading, a numbered paragraph, a dateline or running text."""
    text = _join(block)
    if HEADING.match(block[0]) or DATELINE.match(block[0]) or len(block) > 4 or len(text) > 300:
        return False
    return not (text.endswith(".") and len(text.split()) > 12)


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        out = out + line if out.endswith("-") or not out else f"{out} {line}"
    return " ".join(out.split())


# -- kind -----------------------------------------------------------------------------------------------------

def kind(lines: list[str], head: list[int], ttl: Found | None) -> Found | None:
    """What the document says it is: by its title and byline, a press-release masthead, or "the present report"."""
    if ttl is not None:
        for name, pattern in KIND_IN_TITLE:
            m = pattern.search(ttl.value)
            if m:
                return Found(name, m.group(0).lstrip(": "), "title")
    for i in head:
        if PRESS_SERIES.match(lines[i].strip()):
            return Found("press release", lines[i].strip(), "masthead")
    opening = "\n".join(lines[: HEAD_LINES * 2])
    m = PRESENT.search(opening)
    if m:
        return Found(m.group("kind"), m.group(0), "opening text")
    return None


def kind_class(kind_name: str, classes: set[str]) -> str | None:
    """The ontology class of a kind: the first of KIND_CLASSES[kind_name] that `classes` holds."""
    return next((c for c in KIND_CLASSES.get(kind_name, ()) if c in classes), None)


# -- an id without a symbol -----------------------------------------------------------------------------------

def slug(title_text: str | None, file_stem: str, limit: int = 60) -> str:
    """A stable id for a document without a symbol: its title's words (cut at a word before `limit` characters),
    else its file name."""
    for source in (title_text or "", file_stem):
        words = re.findall(r"[a-z0-9]+", source.lower())
        out = ""
        for w in words:
            if len(out) + len(w) + 1 > limit:
                break
            out = f"{out}-{w}" if out else w
        if out:
            return out
    return "document"
