"""A citation supports its fact: every reified statement is checked against the quote of every passage it cites.

The rules, by what the fact states:

- a **name** (`skos:altLabel`, `mig:acronym`, `mig:symbol`, `mig:resolutionNumber`, `mig:roleName` ...) occurs
  in the quote, word for word after the corpus normalisation and the typographic equivalences of
  `equivalent` (curly and straight quotes and apostrophes, dashes and hyphens, no-break spaces);
- a **date** is written in the quote at the precision the fact states ("14 to 15 September 2006" for a day,
  "July 2007" for a month, "2006" or "mid-2008" for a year); a date read from the text rather than written
  in it ("at present": the document's date) needs a note;
- a **number** is written in the quote, in digits or in words, without a qualifier: "over 150" is not 150,
  and is stated as a qualified quantity (`mig:minCount` ...), never as an exact count;
- an **entity** is named in the quote by one of its names (its label, alternative names and acronym, or a
  name text extraction's gazetteer finds), or the subject is, and the fact has a note saying how the
  object was read (a theme read from a title, "the Group" for a group named before);
- **anything else** (a description, an individual such as `mig:AdHocFocus`) occurs in the quote, or has a note.

A fact that passes with a note is "read with a note"; one that fails is "unsupported" and stops the build
with the file, line and field of the fact, as a quote not found does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .config import MIG, PROV, RDF, RDFS, SKOS, XSD
from .corpus import normalise
from .extract.gazetteer import HEAD_NOUNS

NAME_PREDICATES = {SKOS.altLabel, MIG.acronym, MIG.symbol, MIG.resolutionNumber, MIG.roleName}
EXEMPT_PREDICATES = {MIG.corpusFile, MIG.countryCode}  # project metadata and codes from ISO 3166, not statements of a document
DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}
NUMBER_TYPES = {XSD.nonNegativeInteger, XSD.integer, XSD.decimal}

NARY = {MIG.Membership, MIG.Role, MIG.RatificationStatus, MIG.Figure}
EVIDENCED, WITH_NOTE, UNSUPPORTED = "evidenced by the quote", "read with a note", "unsupported"
VERDICTS = (EVIDENCED, WITH_NOTE, UNSUPPORTED)

# typographic equivalences: nothing else is normalised
_EQUIV = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-", "\u00a0": " ", "\u202f": " "})

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_MONTH = "(" + "|".join(MONTHS) + ")"
_DAY = r"(\d{1,2})"
_YEAR = r"((?:19|20)\d\d)"
_SEP = r"\s*(?:-|to|and|through)\s*"
# "14 to 15 September 2006", "9-10 July 2007", "19 May 2011", "30 October to 1 November 2008", "September 14, 2006"
DAY_RANGE = re.compile(rf"\b{_DAY}(?:{_SEP}{_DAY})?\s+{_MONTH},?\s+{_YEAR}\b")
CROSS_MONTH = re.compile(rf"\b{_DAY}\s+{_MONTH}(?:\s+{_YEAR})?{_SEP}{_DAY}\s+{_MONTH},?\s+{_YEAR}\b")
US_DATE = re.compile(rf"\b{_MONTH}\s+{_DAY}(?:{_SEP}{_DAY})?,\s+{_YEAR}\b")
MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b")
YEAR = re.compile(rf"(?<![\d/.]){_YEAR}(?![\d/])")

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100, "dozen": 12, "a dozen": 12,
    "single": 1, "both": 2, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "half": 0.5, "a half": 0.5, "one half": 0.5, "a quarter": 0.25, "one quarter": 0.25, "a third": 1 / 3,
    "one third": 1 / 3, "two thirds": 2 / 3,
}
# the words of each qualifier of a figure (mig:qualifier)
QUALIFIER_WORDS = {
    "MoreThan": ("over", "more than", "in excess of", "above", "well over", "just over", "upwards of"),
    "AtLeast": ("at least",),
    "Approximately": ("about", "some", "around", "approximately", "nearly", "almost", "roughly", "close to",
                      "an estimated", "estimated", "several"),
    "LessThan": ("fewer than", "less than", "under", "below", "just under"),
    "AtMost": ("up to", "at most", "no more than"),
    "Between": ("between",),
}
FIGURE_NUMBERS = {MIG.figureValue, MIG.upperValue}
QUALIFIERS = ("over", "more than", "about", "some", "nearly", "almost", "approximately", "around", "at least", "up to",
              "fewer than", "less than", "under", "close to", "roughly", "an estimated", "estimated", "between", "well over",
              "in excess of", "upwards of", "at most", "no more than", "just over", "just under", "several", "above", "below")
# a qualifier stands right before the number, or before "at" / "to be" and a currency mark: "estimated at $US 232 billion"
_QUALIFIER = re.compile(r"\b(" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
                        + r")\s+(?:(?:at|to be)\s+)?(?:(?:\\?\$US|US\$|USD|\$|€|£)\s*)?$", re.I)
_DIGITS = re.compile(r"(?<![\d.,])(\d{1,3}(?:[,\s]\d{3})+|\d+)(?:\.(\d+))?(?![\d])")
SCALES = {"million": 10**6, "billion": 10**9, "trillion": 10**12}


SYMBOL_BREAK = re.compile(r"/ (?=[A-Z0-9])")  # "ST/ESCAP/ 2622": a symbol broken after a slash at a line end


@lru_cache(maxsize=1 << 14)
def equivalent(text: str) -> str:
    """Text after the corpus normalisation and the typographic equivalences."""
    return normalise(text).translate(_EQUIV)


def occurrences(quote: str, value: str) -> list[tuple[int, int]]:
    """Where the value occurs in the (equivalent) quote, not inside a longer word; a capital or a small letter
    at its start and a full stop at its end do not count (a sentence quoted as a description)."""
    q, v = equivalent(quote), equivalent(value)
    if v.endswith(".") and len(v) > 1 and not v[-2].isupper():
        v = v[:-1]
    if not v:
        return []
    firsts = set(v[0].lower() + v[0].upper()) if v[:1].isalpha() and not (len(v) > 1 and v[1].isupper()) else {v[0]}
    out = []
    end = 0
    for start in _starts(q, [first + v[1:] for first in firsts]):  # leftmost first, not overlapping, as re.finditer
        if start < end:
            continue
        end = start + len(v)
        before = q[start - 1] if start > 0 else " "
        after = q[end] if end < len(q) else " "
        if not (before.isalnum() and v[0].isalnum()) and not (after.isalnum() and v[-1].isalnum()):
            out.append((start, end))
    return out


def _starts(text: str, forms: list[str]) -> list[int]:
    """Every position where one of the forms (all of one length) starts in the text, sorted."""
    found: set[int] = set()
    for form in forms:
        i = text.find(form)
        while i >= 0:
            found.add(i)
            i = text.find(form, i + 1)
    return sorted(found)


def contains(quote: str, value: str) -> bool:
    """Whether the value occurs in the quote (see `occurrences`)."""
    return bool(occurrences(quote, value))


STOPWORDS = {"a", "an", "the", "of", "in", "on", "to", "for", "and", "by", "at", "from", "with", "or"}
WORDED = {MIG.measure, MIG.unit}  # written in the document's words, not necessarily in their order


def words_in(quote: str, value: str) -> bool:
    """Whether every word of the value (but a, the, of ...) is a word of the quote, in any order and form of case."""
    def bare(text: str) -> set[str]:  # possessives read as their word: "States'" is "states"
        return {w.lower().removesuffix("'s").rstrip("'") for w in re.findall(r"[\w'-]+", equivalent(text))}

    have, need = bare(quote), bare(value) - STOPWORDS
    return bool(need) and need <= have


def dates_in(quote: str) -> tuple[set[str], set[str], set[str]]:
    """The days (YYYY-MM-DD), months (YYYY-MM) and years written in a quote."""
    q = equivalent(quote)
    days: set[str] = set()
    months: set[str] = set()

    def day(y: str, m: str, d: str) -> None:
        mm = MONTHS.index(m) + 1
        days.add(f"{y}-{mm:02d}-{int(d):02d}")
        months.add(f"{y}-{mm:02d}")

    for m in CROSS_MONTH.finditer(q):
        d1, m1, y1, d2, m2, y2 = m.groups()
        day(y1 or y2, m1, d1)
        day(y2, m2, d2)
    for m in DAY_RANGE.finditer(q):
        d1, d2, mon, y = m.groups()
        day(y, mon, d1)
        if d2:
            day(y, mon, d2)
    for m in US_DATE.finditer(q):
        mon, d1, d2, y = m.groups()
        day(y, mon, d1)
        if d2:
            day(y, mon, d2)
    for m in MONTH_YEAR.finditer(q):
        months.add(f"{m.group(2)}-{MONTHS.index(m.group(1)) + 1:02d}")
    years = {m.group(1) for m in YEAR.finditer(q)}
    return days, months, years


def date_written(quote: str, value: Literal) -> bool:
    days, months, years = dates_in(quote)
    text = str(value)
    if value.datatype == XSD.date:
        return text in days
    if value.datatype == XSD.gYearMonth:
        return text in months
    return text in years


@dataclass(frozen=True)
class Number:
    """A number written in a quote, with the qualifier written before it (if any)."""

    value: float
    qualifier: str | None


def numbers_in(quote: str) -> list[Number]:
    q = equivalent(quote)
    found: list[Number] = []
    for m in _DIGITS.finditer(q):
        whole = re.sub(r"[,\s]", "", m.group(1))
        value = float(whole + ("." + m.group(2) if m.group(2) else ""))
        tail = q[m.end():m.end() + 10].strip().split(" ", 1)[0].lower().rstrip(",.;:)")
        if tail in SCALES:
            found.append(Number(value * SCALES[tail], _qualifier(q[:m.start()])))
        found.append(Number(value, _qualifier(q[:m.start()])))
    lower = q.lower()
    for word, value in NUMBER_WORDS.items():
        for m in re.finditer(rf"\b{re.escape(word)}\b", lower):
            found.append(Number(float(value), _qualifier(q[:m.start()])))
    for m in re.finditer(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|five|six|seven|eight|nine)\b",
                         lower):
        found.append(Number(float(NUMBER_WORDS[m.group(1)] + NUMBER_WORDS[m.group(2)]), _qualifier(q[:m.start()])))
    return found


def _qualifier(before: str) -> str | None:
    m = _QUALIFIER.search(before[-40:])
    return m.group(1).lower() if m else None


@dataclass(frozen=True)
class Citation:
    """One fact and one passage it cites, with the verdict."""

    statement: URIRef
    subject: Node
    predicate: URIRef
    object: Node
    passage: URIRef
    verdict: str
    reason: str = ""


@dataclass
class SupportReport:
    citations: list[Citation] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        """Facts by verdict: a fact is unsupported if one of its citations is, read with a note if one is."""
        worst: dict[URIRef, str] = {}
        order = {EVIDENCED: 0, WITH_NOTE: 1, UNSUPPORTED: 2}
        for c in self.citations:
            if order[c.verdict] >= order.get(worst.get(c.statement, EVIDENCED), 0):
                worst[c.statement] = c.verdict
        return Counter(worst.values())

    @property
    def unsupported(self) -> list[Citation]:
        return [c for c in self.citations if c.verdict == UNSUPPORTED]


NamesFound = Callable[[str], list[tuple[int, int, Node]]]  # a quote → the names found in it: (start, end, entity)
PLACES = {"Place", "Region", "Country", "City"}
MEETINGS = {"Meeting", "HighLevelDialogue", "GlobalForumMeeting", "RoundTable", "Conference", "Debate", "Hearing",
            "CoordinationMeeting", "Panel", "PlenaryMeeting", "CivilSocietyMeeting"}


class SupportChecker:
    """Decides, for a fact and a quote, whether the quote states the fact."""

    def __init__(self, graph: Graph, names_found: NamesFound | None = None) -> None:
        self.graph = graph
        self._names: dict[Node, list[str]] = {}
        self._found = names_found
        self._found_cache: dict[str, list[tuple[int, int, Node]]] = {}

    def names(self, entity: Node) -> list[str]:
        if entity not in self._names:
            g = self.graph
            names = [str(v) for p in (RDFS.label, SKOS.altLabel, MIG.acronym, SKOS.prefLabel) for v in g.objects(entity, p)]
            out: list[str] = []
            for n in names:
                n = " ".join(n.split())
                out.append(n)
                if n.lower().startswith("the ") and len(n.split()) > 2:  # "the Group" is not "Group of Eight"
                    out.append(n[4:])
            self._names[entity] = out
        return self._names[entity]

    def named(self, entity: Node, quote: str, document: Node | None = None) -> bool:
        """Whether the quote names the entity: by one of its names, a name the gazetteer finds, or, for the
        document the quote is from, by being that document; an n-ary node (a membership, a role, a figure)
        through one of the entities it links."""
        if document is not None and entity == document:
            return True
        if self.graph.value(entity, RDF.type) in NARY:
            return any(self.named(o, quote, document) for p, o in self.graph.predicate_objects(entity)
                       if isinstance(o, URIRef) and p not in (RDF.type, PROV.wasDerivedFrom) and not str(o).startswith(str(MIG)))
        found = self.found(quote)
        for name in self.names(entity):
            if name in HEAD_NOUNS:
                continue  # "Forum", "Group": which one "the Forum" is, the gazetteer decides (the last one named)
            if any(not self._inside_another(entity, span, found) for span in occurrences(quote, name)):
                return True
        for code in (*self.graph.objects(entity, MIG.resolutionNumber), *self.graph.objects(entity, MIG.symbol)):
            if contains(quote, str(code)):  # "resolution 61/208", "(A/63/265)"
                return True
        return any(e == entity for _, _, e in found)

    def found(self, quote: str) -> list[tuple[int, int, Node]]:
        """The names the gazetteer finds in the quote, with their spans."""
        if self._found is None:
            return []
        if quote not in self._found_cache:
            self._found_cache[quote] = self._found(quote)
        return self._found_cache[quote]

    def _inside_another(self, entity: Node, span: tuple[int, int], found: list[tuple[int, int, Node]]) -> bool:
        """A name inside the longer name of another entity of its kind does not name it: "Africa" in "Northern Africa",
        "Dialogue" in "2013 High-level Dialogue" (but "ILO" in "ILO Convention No. 97" names the ILO)."""
        kind = self._kind(entity)
        return any(a <= span[0] and span[1] <= b and (b - a) > (span[1] - span[0]) and e != entity and self._kind(e) == kind
                   for a, b, e in found)

    def _kind(self, entity: Node) -> str:
        types = {str(t).split("#", 1)[-1] for t in self.graph.objects(entity, RDF.type)}
        if types & PLACES:
            return "place"
        if types & MEETINGS:
            return "meeting"
        return min(types) if types else ""

    def verdict(self, s: Node, p: URIRef, o: Node, quote: str, note: str | None, document: Node | None = None) -> tuple[str, str]:
        """(verdict, reason) for one fact and one quote."""
        if p in NAME_PREDICATES:
            if contains(quote, str(o)) or (p == MIG.symbol and contains(SYMBOL_BREAK.sub("/", quote), str(o))):
                return EVIDENCED, ""
            return UNSUPPORTED, f"the quote does not contain the name {str(o)!r}"
        if isinstance(o, Literal) and o.datatype in DATE_TYPES:
            if date_written(quote, o):
                return EVIDENCED, ""
            if note:
                return WITH_NOTE, ""
            return UNSUPPORTED, (f"the quote does not write the date {o} (at that precision); cite a passage that does, "
                                 "or say in a note how it was read")
        if isinstance(o, Literal) and o.datatype in NUMBER_TYPES:
            qualified = p in FIGURE_NUMBERS and self.graph.value(s, MIG.qualifier) not in (None, MIG.Exactly)
            return self._number(o, quote, qualified)
        if p == MIG.qualifier and isinstance(o, URIRef):
            return self._qualifier(s, o, quote)
        if isinstance(o, URIRef) and not str(o).startswith(str(MIG)):
            if self.named(o, quote, document):
                return EVIDENCED, ""
            if note and self.named(s, quote, document):
                return WITH_NOTE, ""
            what = self.names(o)[:1] or [str(o)]
            if note:
                return UNSUPPORTED, f"the quote names neither {what[0]!r} nor the subject of the fact"
            return UNSUPPORTED, (f"the quote does not name {what[0]!r}; cite a passage that does, or name the subject "
                                 "and say in a note how the object was read")
        if isinstance(o, Literal) and o.datatype in (None, XSD.string) and contains(quote, str(o)):
            return EVIDENCED, ""
        if p in WORDED and words_in(quote, str(o)):
            return EVIDENCED, ""
        if note:
            return WITH_NOTE, ""
        return UNSUPPORTED, "the quote does not state this value; cite a passage that does, or say in a note how it was read"

    def _qualifier(self, s: Node, o: URIRef, quote: str) -> tuple[str, str]:
        """A figure's qualifier is evidenced by the words written before its value."""
        values = [float(v.toPython()) for v in self.graph.objects(s, MIG.figureValue)]
        written = [n for n in numbers_in(quote) if any(abs(n.value - v) < 1e-9 for v in values)]
        name = str(o).split("#", 1)[-1]
        if name == "Exactly":
            if any(n.qualifier is None for n in written):
                return EVIDENCED, ""
            return UNSUPPORTED, "the quote qualifies the number: give the qualifier it writes"
        words = QUALIFIER_WORDS.get(name, ())
        if any(n.qualifier in words for n in written):
            return EVIDENCED, ""
        return UNSUPPORTED, f"the quote does not write {' / '.join(repr(w) for w in words[:3])} before the figure's value"

    def _number(self, o: Literal, quote: str, qualified: bool) -> tuple[str, str]:
        value = float(o.toPython())
        written = [n for n in numbers_in(quote) if abs(n.value - value) < 1e-9]
        if not written:
            return UNSUPPORTED, f"the quote does not write the number {o}"
        if qualified:
            return EVIDENCED, ""
        if all(n.qualifier for n in written):
            return UNSUPPORTED, (f"the quote qualifies the number ('{written[0].qualifier} {o}'): state it as a qualified "
                                 "quantity (a mig:Figure with its mig:qualifier), never as an exact number")
        return EVIDENCED, ""


def statements(graph: Graph) -> Iterable[tuple[URIRef, Node, URIRef, Node, list[URIRef], str | None]]:
    """Every reified statement: (statement, subject, predicate, object, passages, note)."""
    for st in sorted(graph.subjects(RDF.type, RDF.Statement)):
        s, p, o = graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object)
        passages = sorted(graph.objects(st, PROV.wasDerivedFrom))
        note = graph.value(st, RDFS.comment)
        yield st, s, p, o, passages, (str(note) if note is not None else None)


def check(graph: Graph, names_found: NamesFound | None = None) -> SupportReport:
    """The verdict on every citation of every reified statement of the graph."""
    checker = SupportChecker(graph, names_found)
    report = SupportReport()
    quotes: dict[URIRef, tuple[str, Node | None]] = {}
    for st, s, p, o, passages, note in statements(graph):
        if p in EXEMPT_PREDICATES:
            continue
        for pa in passages:
            if pa not in quotes:
                q = graph.value(pa, MIG.quote)
                quotes[pa] = (str(q) if q is not None else "", graph.value(pa, MIG.inDocument))
            verdict, reason = checker.verdict(s, p, o, quotes[pa][0], note, quotes[pa][1])
            report.citations.append(Citation(st, s, p, o, pa, verdict, reason))
    return report


def check_graph(graph: Graph) -> SupportReport:
    """`check` with the names text extraction's gazetteer finds in each quote ("the Forum" for the only Forum ...)
    and the variant names of numbered instruments (extract/variants.py)."""
    from .extract.gazetteer import Gazetteer
    from .extract.variants import VariantIndex

    gazetteer = Gazetteer.from_graph(graph)
    variants = VariantIndex.from_graph(graph)  # "the Domestic Workers Convention, 2011 (No. 189)", "ILO Convention No. 189"

    def named(quote: str) -> list[tuple[int, int, URIRef]]:
        text = normalise(quote)
        return [(a, b, e.entity) for a, b, e in gazetteer.match(text)] + variants.find(text)

    return check(graph, named)
