"""Patterns for what is found by its form: resolutions, document symbols, dates, money amounts, percentages.

Every pattern runs over the normalised text of a document (white space collapsed, hyphens at
line ends joined: see corpus.CorpusText), so a symbol or a date broken across lines is found.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# "resolution 60/227", "resolutions 65/190 and 66/128", "resolutions 61/208, on ..., and 62/270",
# "resolution 2006/2 of the Commission on Population and Development", "(resolution 58/209 of 23 December 2003)"
RESOLUTION_NUMBER = r"\d{2,4}/\d{1,3}(?![\d/])"
RESOLUTION_LIST = re.compile(
    r"\b(?P<kw>[Rr]esolutions?)\s+(?P<first>" + RESOLUTION_NUMBER + r")"
    r"(?P<rest>(?:(?:,\s*(?:and\s+)?|\s+and\s+|,\s+(?:[^,;()]{1,80}?),\s+and\s+)" + RESOLUTION_NUMBER + r")*)"
)
# a number in the tail of a list: "and 66/128", ", on ..., and 62/270"
_TAIL_NUMBER = re.compile(RESOLUTION_NUMBER)
# "The first resolution on the topic (49/127)"
RESOLUTION_IN_PARENS = re.compile(r"\b[Rr]esolution\b[^.()]{0,40}\((?P<n>" + RESOLUTION_NUMBER + r")\)")
# "of the Commission on Population and Development": the body named right after a resolution number
ADOPTING_BODY = re.compile(r"\s+of\s+the\s+(?P<body>(?:[A-Z][\w’'-]*|and|on|of|for|the)(?:\s+(?:[A-Z][\w’'-]*|and|on|of|for|the))*)")
GENERAL_ASSEMBLY_BEFORE = re.compile(r"General\s+Assembly\s+$")

# UN document symbols: two or more parts separated by "/", the first upper case (A/63/265, A/C.2/61/L.12,
# E/ESCWA/SDD/2007/2, ESA/P/WP.197, POP/DB/MIG/Stock/Rev.2008, ST/ESCAP/2622); a space may follow a "/"
# where the line broke ("ST/ESCAP/ 2622").
SYMBOL = re.compile(
    r"(?<![\w/.])(?P<sym>[A-Z]{1,6}(?:\.\d+)?(?:/ ?(?:[A-Z][A-Za-z]*\.?\d*|\d+(?:\.\d+)?|[A-Z]\.\d+|Rev\.\d+|L\.\d+))+)(?![\w/])"
)
NOT_SYMBOLS = {"HIV/AIDS"}

MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    start=1)}
_MONTH = r"(?P<month>" + "|".join(MONTHS) + r")"
# "14 and 15 September 2006", "from 14 to 15 September 2006", "9-10 February 2006", "4 - 5 May 2006", "19 May 2011"
DAY_DATE = re.compile(r"\b(?P<day>\d{1,2})(?:\s*(?:-|–|and|to)\s*(?P<day2>\d{1,2}))?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b")
MONTH_DATE = re.compile(r"\b" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b")
# a year standing as a date: "in 2006", "since 1995", "mid-2008", "(Geneva, 2011)"
YEAR_DATE = re.compile(
    r"(?:\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Aa]fter|[Bb]efore|[Dd]uring|[Bb]etween|[Tt]o|[Aa]nd|[Ee]arly|[Ll]ate|[Ee]nd\s+of)\s+"
    r"|\bmid-|,\s)(?P<year>(?:19|20)\d{2})\b(?![/.]\d|-\d)"
)

# money: "€15 million", "€25 million", "$372 billion", "$1.25", "\$US 232 billion", "US$ 10 million"
MONEY = re.compile(
    r"(?P<cur>\\?\$US|US\$|\\?\$|€|£)\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s(?P<scale>million|billion|trillion)\b)?"
)
CURRENCY = {"$": "USD", "\\$": "USD", "$US": "USD", "\\$US": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
SCALE = {None: 1, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# "60 per cent", "3.1 per cent", "12%"
PERCENT = re.compile(r"(?<![\w.])(?P<num>\d+(?:\.\d+)?)\s?(?:per\s+cent\b|percent\b|%)")


@dataclass(frozen=True, slots=True)
class Found:
    """A match in normalised text: [start, end) in that text, its kind and what it says."""

    start: int
    end: int
    kind: str  # resolution | symbol | date | money | percentage
    value: str  # the resolution number, the symbol, the ISO date, "EUR 15000000", "3.1"
    body: str | None = None  # for a resolution: the body named after it ("Commission on Population and Development")
    general_assembly: bool = False  # for a resolution: "General Assembly resolution ..."


def resolutions(text: str) -> Iterator[Found]:
    seen: set[int] = set()
    for m in RESOLUTION_LIST.finditer(text):
        ga = bool(GENERAL_ASSEMBLY_BEFORE.search(text, max(0, m.start() - 30), m.start()))
        numbers = [(m.start("first"), m.end("first"))]
        rest_at = m.start("rest")
        numbers += [(rest_at + n.start(), rest_at + n.end()) for n in _TAIL_NUMBER.finditer(m.group("rest"))]
        for i, (s, e) in enumerate(numbers):
            body_m = ADOPTING_BODY.match(text, e) if i == len(numbers) - 1 else None
            body = _trim_body(body_m.group("body")) if body_m else None
            # the first number is reported with its keyword ("resolution 60/227"), the others alone
            start = m.start() if i == 0 else s
            seen.add(s)
            yield Found(start, e, "resolution", text[s:e], body, ga)
    for m in RESOLUTION_IN_PARENS.finditer(text):
        if m.start("n") not in seen:
            yield Found(m.start("n"), m.end("n"), "resolution", m.group("n"))


def _trim_body(body: str) -> str | None:
    words = body.split()
    while words and words[-1] in ("and", "on", "of", "for", "the"):
        words.pop()
    return " ".join(words) or None


def symbols(text: str) -> Iterator[Found]:
    for m in SYMBOL.finditer(text):
        sym = m.group("sym").replace("/ ", "/")
        if sym.count("/") < 1 or sym in NOT_SYMBOLS:
            continue
        parts = sym.split("/")
        # a symbol has at least two slashes, or one slash and a series part with a digit (ESA/P/WP.197 has two)
        if len(parts) < 3:
            continue
        yield Found(m.start("sym"), m.end("sym"), "symbol", sym)


def dates(text: str) -> Iterator[Found]:
    days: list[tuple[int, int]] = []  # spans of the day dates, then of the month dates: a year inside one is no date
    for m in DAY_DATE.finditer(text):
        try:
            d = dt.date(int(m.group("year")), MONTHS[m.group("month")], int(m.group("day")))
        except ValueError:
            continue
        days.append((m.start(), m.end()))
        yield Found(m.start(), m.end(), "date", d.isoformat())
    taken = _Taken(days)
    months: list[tuple[int, int]] = []
    for m in MONTH_DATE.finditer(text):
        if taken.holds(m.start()):  # month dates do not overlap one another: only the day dates can hold one
            continue
        months.append((m.start(), m.end()))
        yield Found(m.start(), m.end(), "date", f"{m.group('year')}-{MONTHS[m.group('month')]:02d}")
    in_months = _Taken(months)
    for m in YEAR_DATE.finditer(text):
        s = m.start("year")
        if taken.holds(s) or in_months.holds(s):
            continue
        yield Found(s, m.end("year"), "date", m.group("year"))


class _Taken:
    """Spans found by one pattern (in order, not overlapping): whether a position lies in one, by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [a for a, _ in spans]

    def holds(self, at: int) -> bool:
        k = bisect_right(self.starts, at) - 1
        return k >= 0 and at < self.spans[k][1]


def money(text: str) -> Iterator[Found]:
    for m in MONEY.finditer(text):
        try:
            amount = Decimal(m.group("num").replace(",", "")) * SCALE[m.group("scale")]
        except InvalidOperation:
            continue
        value = f"{CURRENCY[m.group('cur')]} {amount.normalize():f}"
        yield Found(m.start(), m.end(), "money", value)


def percentages(text: str) -> Iterator[Found]:
    for m in PERCENT.finditer(text):
        yield Found(m.start(), m.end(), "percentage", m.group("num"))


def find_all(text: str) -> list[Found]:
    """Every pattern match in a normalised text, sorted by position."""
    found = [*resolutions(text), *symbols(text), *dates(text), *money(text), *percentages(text)]
    return sorted(found, key=lambda f: (f.start, f.end, f.kind, f.value))
