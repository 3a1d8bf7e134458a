"""The gazetteer: every name the graph knows (labels, acronyms, alternative names), matched longest first.

Names are matched token by token over the normalised text of a document, so a name broken across
lines ("Global Forum on\\nMigration") or hyphenated at a line end ("High-\\nlevel") is found. Matching
is case-sensitive: acronyms must be written as they are (IOM, not "iom"); a name written in lower case
in the graph ("remittances", "circular migration") may also start with a capital at the start of a
sentence. Names that would match ordinary words are left out (see `usable`).
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..config import MIG, RDF, RDFS, SKOS
from ..lookup import Lookup, lookup
from .recase import Recaser

# a word: letters and digits, joined by hyphens and apostrophes, or by a full stop before a letter ("U.S"); a
# footnote mark after a word ("migration.19", "instruments²") is a token of its own
_W = r"[^\W⁰¹²³⁴⁵⁶⁷⁸⁹]"
TOKEN = re.compile(rf"{_W}+(?:[-’']{_W}+|\.[^\W\d_]{_W}*)*|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[^\w\s]")
# classes whose instances are not named in running text
UNNAMED = {"Passage", "Mention", "NameMention", "ResolutionMention", "SymbolMention", "DateMention", "MoneyMention",
           "PercentageMention", "Membership", "Role", "RatificationStatus", "Figure"}
# classes whose one-word names are names (a country, a city), not ordinary words
ONE_WORD_OK = {"Country", "City", "Place", "Region", "Person", "Theme"}
# preference when one name belongs to several entities: the lower, the more likely the name means it
PREFERENCE = ["Country", "City", "Region", "Place", "UNEntity", "IntergovernmentalOrganization", "InterAgencyGroup", "Body",
              "RegionalOrganization", "Commission", "Organization", "WorkingGroup", "CivilSocietyOrganization", "GlobalConsultativeProcess",
              "RegionalConsultativeProcess", "ConsultativeProcess", "Person", "HighLevelDialogue", "Programme", "Convention",
              "Protocol", "Instrument"]
# "the Forum", "the Group": the head nouns that refer back to the last entity with that head
HEAD_NOUNS = {"Forum", "Group", "Dialogue", "Assembly", "Commission", "Committee", "Council", "Conference", "Division", "Office",
              "Fund", "Programme", "Facility", "Troika", "Secretary-General", "Organization", "Convention", "Protocol", "Process",
              "Initiative", "Bank", "Union", "Secretariat", "Centre", "Institute", "Network", "Observatory", "Department",
              "Consultations", "Summit", "Foundation", "Platform", "Partnership", "Debate", "Hearings", "Agency"}
FUNCTION_WORDS = {"In", "The", "For", "At", "By", "From", "To", "And", "Of", "With", "On", "Since", "Between", "During", "Within",
                  "Across", "Both", "All", "Many", "Some", "Most", "Several", "Other", "Its", "Their", "This", "That", "These", "Like",
                  "Including", "As", "Also", "Outside", "Inside", "Among", "Until", "After", "Before", "Venue", "Organizers", "Organizer"}
# a topic named by a noun is also named by its verb: "protection of migrant workers", "protecting migrant workers"
VERBS = {"protection": ("protect", "protecting"), "recognition": ("recognize", "recognizing"), "promotion": ("promote", "promoting"),
         "reduction": ("reduce", "reducing"), "ratification": ("ratify", "ratifying"), "integration": ("integrate", "integrating"),
         "management": ("manage", "managing"), "facilitation": ("facilitate", "facilitating"),
         "prevention": ("prevent", "preventing"), "regulation": ("regulate", "regulating")}
ROMAN = re.compile(r"[IVX]{1,4}")  # a row number in a table ("II Remittances and ...")
YEAR = re.compile(r"(?:19|20)\d\d")
YEAR_KEY = " year"  # in `recent`: the last year written
PREPOSITIONS = {"of", "for", "on", "to", "against", "in", "at", "with", "from", "by", "concerning", "relating", "among", "between"}
# classes whose entities are not referred back to by a head noun
NO_ANAPHORA = {"Document", "Report", "Publication", "Theme", "Country", "City", "Region", "Place", "Person", "Correspondence",
               "MeetingSummary"}
# classes whose names may hold another entity's name at their start ("ILO" in "ILO Convention ...")
NESTING_CONTAINERS = {"Convention", "Protocol", "Instrument", "Recommendation", "CodeOfPractice", "Declaration", "PlanOfAction",
                      "PolicyFramework", "Meeting", "Conference", "RoundTable", "Document", "Report", "Publication", "Programme",
                      "Theme", "HighLevelDialogue", "GlobalForumMeeting", "Debate", "Hearing", "CoordinationMeeting", "Panel",
                      "PlenaryMeeting", "CivilSocietyMeeting", "Resolution", "DraftResolution", "MeetingSummary", "Correspondence"}
# a meeting's name inside the name of another meeting of the same class is part of it, not a mention
# (and a region inside a region: "Caribbean" in "Latin America and the Caribbean")
MEETINGS = {"Meeting", "HighLevelDialogue", "GlobalForumMeeting", "RoundTable", "Conference", "Debate", "Hearing",
            "CoordinationMeeting", "Panel", "PlenaryMeeting", "CivilSocietyMeeting", "Region", "Place", "Country", "City"}
STOP_NAMES = {"Conclusions", "Declaration", "Report", "Summary", "Annex", "Forum", "Group", "Dialogue", "Commission", "Office",
              "Division", "Fund", "Programme", "Conference", "Council", "Assembly", "Committee"}
RESOLUTION_OR_SYMBOL = re.compile(r"\d+/\d+|[A-Z]+/[A-Z0-9.]+/")


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]


class Tokens:
    """The tokens of a text as three columns: starts, ends and the words (each distinct word stored once), in a
    tenth of the memory of `tokens` for a long text. `Tokens.of(text)` keeps the last text's: the matcher and
    the describer read the same unit's text three times."""

    _last: ClassVar[tuple[str, Tokens] | None] = None

    def __init__(self, text: str) -> None:
        seen: dict[str, str] = {}
        self.words: list[str] = [seen.setdefault(w, w) for w in TOKEN.findall(text)]
        self.starts = array("q")
        self.ends = array("q")
        pos = 0
        find = text.find
        for w in self.words:  # between two tokens there is only white space: every other character is in one
            pos = find(w, pos)
            self.starts.append(pos)
            pos += len(w)
            self.ends.append(pos)

    @classmethod
    def of(cls, text: str) -> Tokens:
        last = cls._last
        if last is None or last[0] is not text:
            last = cls._last = (text, cls(text))
        return last[1]

    @classmethod
    def forget(cls) -> None:
        """Let go of the last text's tokens."""
        cls._last = None


@dataclass(frozen=True, slots=True)
class Entry:
    entity: URIRef
    cls: str  # mig: local name of the entity's class
    surface: str
    acronym: bool


def _named_classes(lk: Lookup) -> list[Node]:
    """The classes of the ontology (mig:) whose instances are named in running text."""
    mig = str(MIG)
    return [o for o in dict.fromkeys(o for _, o in lk.subject_objects(RDF.type))
            if str(o).startswith(mig) and _local(o) not in UNNAMED]  # type: ignore[arg-type]


def _local(iri: URIRef) -> str:
    return str(iri).split("#", 1)[-1]


def head_noun(toks: list[str]) -> str | None:
    """The head of a name: its last word before a preposition ("Forum" in "Global Forum on Migration and Development")."""
    before: list[str] = []
    for t in toks:
        if t in PREPOSITIONS:
            break
        before.append(t)
    return before[-1] if before and before[-1][:1].isupper() else None


def usable(surface: str, cls: str, acronym: bool, common: set[str], heads: set[str]) -> bool:
    """Whether a name can be matched on its own without flooding the text with false mentions.

    A one-word name is used when it is an acronym or all capitals (MERCOSUR), the name of a country,
    city, region or theme, or a word never written in lower case in the corpus and not the last word
    of a longer name ("Eurostat", "Troika" but not "Forum", "Assembly": those are found as "the Forum"
    by `Gazetteer.match`).
    """
    if RESOLUTION_OR_SYMBOL.search(surface):
        return False  # resolutions and symbols are found by pattern
    toks = [t for _, _, t in tokens(surface)]
    if not toks:
        return False
    if acronym:
        return len(surface) >= 2 and any(c.isupper() for c in surface)
    if len(toks) == 1:
        word = toks[0]
        if word.isupper() and len(word) >= 3:
            return True
        if word in STOP_NAMES or len(word) < 4:
            return False
        if cls in ONE_WORD_OK:
            return word[0].isupper() or cls == "Theme"
        return word[0].isupper() and word.lower() not in common and word not in heads
    return True


@dataclass
class _Node:
    """A node of the token trie: the name ending here, if any, and the nodes one token further."""

    next: dict[str, _Node] = field(default_factory=dict)
    key: tuple[str, ...] | None = None


class Gazetteer:
    """Names → entities, and a longest-first matcher over a text.

    `common` is the set of words written in lower case somewhere in the corpus: a one-word name that is
    also a common word ("Forum", "Dialogue") is only found as "the Forum", and stands for the entity with
    that head word mentioned last in the document (or the only entity with that name).
    """

    def __init__(self, common: set[str] | None = None) -> None:
        self.common = common or set()
        self.entries: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
        self.lengths: dict[str, set[int]] = defaultdict(set)  # first token → lengths of names starting with it
        self.trie: dict[str, _Node] = {}  # first token → the trie of the names starting with it (see `_candidates`)
        self.longest = 0  # the most tokens a name has
        self._recaser: Recaser | None = None
        self.classes: dict[URIRef, str] = {}
        self.heads_of: dict[URIRef, set[str]] = defaultdict(set)  # entity → last words of its names
        self.single: dict[str, set[Entry]] = defaultdict(set)  # one-word names
        self.names_of: dict[URIRef, list[str]] = defaultdict(list)
        self.rank = {c: i for i, c in enumerate(PREFERENCE)}  # when several entities share a name

    @classmethod
    def from_graph(cls, graph: Graph, common: set[str] | None = None) -> Gazetteer:
        gaz = cls(common)
        lk = lookup(graph)
        typed = [(s, o) for o in _named_classes(lk) for s in lk.subjects(RDF.type, o) if isinstance(s, URIRef)]
        for s, o in sorted(typed):
            gaz.classes.setdefault(s, _local(o))  # type: ignore[arg-type]
        raw: list[tuple[URIRef, str, str, bool]] = []
        for entity, c in sorted(gaz.classes.items()):
            names = [(str(v), False) for v in lk.objects(entity, RDFS.label)]
            # a one-word alternative name of an organisation or a meeting is only found as "the Forum"
            names += [(str(v), False) for v in lk.objects(entity, SKOS.altLabel)
                      if c in ONE_WORD_OK or len(str(v).split()) > 1 or str(v) in HEAD_NOUNS]
            names += [(str(v), True) for v in lk.objects(entity, MIG.acronym)]
            for surface, acronym in sorted(set(names)):
                surface = " ".join(surface.split())
                if surface.lower().startswith("the "):
                    surface = surface[4:]
                raw.append((entity, c, surface, acronym))
                gaz.names_of[entity].append(surface)
                if not acronym and surface.startswith("United Nations ") and surface[15:16].isupper():
                    raw.append((entity, c, surface[15:], False))  # "United Nations Headquarters": "Headquarters"
        heads: set[str] = set()
        for entity, c, surface, acronym in raw:
            toks = [t for _, _, t in tokens(surface)]
            if not toks or acronym or RESOLUTION_OR_SYMBOL.search(surface):
                continue
            if len(toks) > 1 and toks[-1][:1].isupper():
                heads.add(toks[-1])
            head = head_noun(toks)
            if head in HEAD_NOUNS and c not in NO_ANAPHORA:
                gaz.heads_of[entity].add(head)
            if len(toks) == 1 and toks[0] in HEAD_NOUNS:
                gaz.single[toks[0]].add(Entry(entity, c, surface, acronym))
        for entity, c, surface, acronym in raw:
            gaz.add(entity, c, surface, acronym, heads)
        return gaz

    def add(self, entity: URIRef, cls: str, surface: str, acronym: bool = False, heads: set[str] | None = None) -> None:
        surface = " ".join(surface.split())
        if not usable(surface, cls, acronym, self.common, heads or set()):
            return
        variants = {surface, surface.replace("’", "'"), surface.replace("'", "’")}  # curly or straight apostrophes
        if not acronym and surface[:1].islower():
            variants.add(surface[:1].upper() + surface[1:])
        if cls in ("Region", "Place") and " " in surface:
            variants.add(surface[:1].lower() + surface[1:])  # "northern Africa"
        if len(surface.split()) >= 5 and cls not in ONE_WORD_OK and not acronym:
            # a title written in running text in lower case: "a global code of practice on the international ..."
            variants.add(" ".join(w if w.isupper() else w.lower() for w in surface.split()))
        if cls == "Theme":
            words = surface.split(" ", 2)
            if len(words) == 3 and words[1] == "of" and words[0].lower() in VERBS:  # "protection of X": "protecting X"
                for verb in VERBS[words[0].lower()]:
                    variants.update({f"{verb} {words[2]}", f"{verb.capitalize()} {words[2]}"})
        if cls == "Person":
            last = surface.split()[-1]
            for title in ("Mr.", "Ms.", "Mrs.", "Dr."):
                variants.add(f"{title} {last}")
        for v in sorted(variants):  # in a fixed order: which of two names of one length `recase` writes last
            key = tuple(t for _, _, t in tokens(v))
            entry = Entry(entity, cls, surface, acronym)
            if entry not in self.entries[key]:
                self.entries[key].append(entry)
                self.lengths[key[0]].add(len(key))
                self._index(key)

    def _index(self, key: tuple[str, ...]) -> None:
        """Put a name into the token trie: one dictionary look-up per token of the text while matching."""
        node = self.trie.setdefault(key[0], _Node())
        for t in key[1:]:
            node = node.next.setdefault(t, _Node())
        node.key = key
        self.longest = max(self.longest, len(key))
        self._recaser = None


    def chosen(self, key: tuple[str, ...]) -> list[Entry]:
        """The entities a name stands for: the most likely one, and every theme of that name."""
        candidates = self.entries[key]
        themes = sorted((e for e in candidates if e.cls == "Theme"), key=lambda e: str(e.entity))
        others = [e for e in candidates if e.cls != "Theme"]
        if not others:
            return themes
        best = min(others, key=lambda e: (self.rank.get(e.cls, len(self.rank)), str(e.entity)))
        return [best, *themes]  # a round table named after its theme names the theme too

    def match(self, text: str, recent: dict[str, Entry] | None = None, section: list[Entry] | None = None
              ) -> list[tuple[int, int, Entry]]:
        """Matches in text: (start, end, entry), offsets into text, in order.

        `section` holds the entities the headings above the text name: under "IV. 2013 High-level Dialogue ...",
        "the High-level Dialogue" and "the Dialogue" stand for that Dialogue.

        At each token the longest name wins. A name inside a longer one is kept when it names another
        entity ("General Assembly" in "Second Committee of the General Assembly"), unless it starts the
        longer name of an organisation ("United Nations" in "United Nations Development Programme").
        "the Forum" stands for the entity with the head word "Forum" last mentioned (`recent`, kept
        across the units of a document by the caller). A name several entities of one class share (the
        round tables of each year's Global Forum) stands for the one whose names hold the year last written.
        """
        recent = recent if recent is not None else {}
        toks = Tokens.of(text)
        words = toks.words
        kept = self._kept(self._candidates(words), words)
        events: list[tuple[int, int, Entry | None]] = list(kept)
        events += self._the_heads(words, kept)
        years = [(i, t) for i, t in enumerate(words) if YEAR.fullmatch(t)]
        out: list[tuple[int, int, Entry]] = []
        named_here: set[URIRef] = set()  # entities named in full in this text so far
        seen_years = 0  # the years written before the event (events come in order)
        for a, b, entry in sorted(events, key=lambda e: (e[0], e[0] - e[1])):
            while seen_years < len(years) and years[seen_years][0] < a:
                seen_years += 1
            if seen_years:
                recent[YEAR_KEY] = Entry(URIRef(""), "", years[seen_years - 1][1], False)
            if entry is not None:
                entry = self._by_year(entry, tuple(words[a:b]), recent.get(YEAR_KEY))
            if entry is None:
                head = words[a]
                entry = recent.get(head)
                for sec in section or ():
                    if head in self.heads_of.get(sec.entity, ()) and (entry is None or entry.entity not in named_here):
                        entry = sec
                if entry is None and len({e.entity for e in self.single.get(head, ())}) == 1:
                    entry = min(self.single[head], key=lambda e: e.surface)
                if entry is None:
                    continue
            else:
                surface = text[toks.starts[a]:toks.ends[b - 1]]
                head = head_noun(words[a:b]) or words[b - 1]  # "Dialogue" in "High-level Dialogue on ..."
                entry = self._refers_back(entry, surface, head, recent)
                for sec in section or ():
                    if sec.entity != entry.entity and sec.cls == entry.cls and self._shortens(surface, sec.entity) \
                            and entry.entity not in named_here:
                        entry = sec
                named_here.add(entry.entity)
            for h in self.heads_of.get(entry.entity, ()):
                recent[h] = entry
            out.append((toks.starts[a], toks.ends[b - 1], entry))
        return out

    def _candidates(self, words: list[str]) -> list[tuple[int, int, Entry]]:
        """Every name at every token, longest first at each token: one trie walk per token, as long as the
        longest name that starts there (the cost is the text's, not the text's times the names')."""
        found: list[tuple[int, int, Entry]] = []
        trie = self.trie
        n = len(words)
        for i in range(n):
            node = trie.get(words[i])
            ends: list[tuple[int, tuple[str, ...]]] = []
            j = i + 1
            while node is not None:
                if node.key is not None:
                    ends.append((j, node.key))
                if j >= n:
                    break
                node = node.next.get(words[j])
                j += 1
            for end, key in reversed(ends):
                found.extend((i, end, e) for e in self.chosen(key))
        return found

    def _kept(self, found: list[tuple[int, int, Entry]], words: list[str]) -> list[tuple[int, int, Entry]]:
        """The names kept, longest first at each token (see `match`)."""
        kept: list[tuple[int, int, Entry]] = []
        for m in sorted(found, key=lambda m: (m[0], m[0] - m[1], str(m[2].entity))):
            one_word = m[1] - m[0] == 1 and not m[2].acronym
            before = words[m[0] - 1] if m[0] > 0 else ""
            if one_word and before[:1].isupper() and before not in FUNCTION_WORDS and not ROMAN.fullmatch(before):
                continue  # "Africa" in "South Africa": part of a name the graph does not know
            if not self._clashes(m, kept):
                kept.append(m)
        return kept

    @staticmethod
    def _the_heads(words: list[str], kept: list[tuple[int, int, Entry]]) -> list[tuple[int, int, Entry | None]]:
        """"the Forum", "the Group" outside the names kept: to be resolved to the entity they refer back to."""
        n = len(words)
        covered = bytearray(n)
        for a, b, _ in kept:
            covered[a:b] = b"\x01" * (b - a)
        events: list[tuple[int, int, Entry | None]] = []
        for i in range(n - 1):
            if words[i] in ("the", "The") and not covered[i + 1] and words[i + 1] in HEAD_NOUNS \
                    and (i + 2 >= n or words[i + 2] not in ("of", "on") and not words[i + 2][:1].isupper()):
                events.append((i + 1, i + 2, None))
        return events

    def _clashes(self, m: tuple[int, int, Entry], kept: list[tuple[int, int, Entry]]) -> bool:
        """Whether a name kept before overlaps `m` in a way that rules it out.

        Names are kept in the order of their first token, so only those starting fewer than `longest` tokens
        before `m` can overlap it: the search looks back that far and no further.
        """
        for idx in range(len(kept) - 1, -1, -1):
            k = kept[idx]
            if k[0] <= m[0] - self.longest:
                break
            if m[0] >= k[1] or m[1] <= k[0] or (m[0], m[1]) == (k[0], k[1]) and m[2].entity != k[2].entity:
                continue
            inside = k[0] <= m[0] and m[1] <= k[1]
            if not inside and m[2].cls == k[2].cls == "Theme" and m[2].entity != k[2].entity:
                continue  # two topics may overlap: "protection of migrants’ rights"
            if not inside or m[2].entity == k[2].entity or (m[2].cls == k[2].cls and k[2].cls in MEETINGS) \
                    or (m[0] == k[0] and k[2].cls not in NESTING_CONTAINERS):
                return True
        return False

    def _by_year(self, entry: Entry, key: tuple[str, ...], year: Entry | None) -> Entry:
        candidates = [e for e in self.entries[key] if e.cls == entry.cls and e.entity != entry.entity]
        if not candidates or year is None or entry.cls == "Theme":
            return entry
        for e in sorted([entry, *candidates], key=lambda e: str(e.entity)):
            if any(year.surface in name for name in self.names_of.get(e.entity, ())):
                return e
        return entry

    def _refers_back(self, entry: Entry, surface: str, last: str, recent: dict[str, Entry]) -> Entry:
        """A short name ("the High-level Dialogue") stands for the entity of the same class last named in full
        with it ("the 2013 High-level Dialogue ..."), rather than for the entity it is a name of."""
        other = recent.get(last)
        if other is None or other.entity == entry.entity or other.cls != entry.cls or surface == other.surface:
            return entry
        if self._shortens(surface, other.entity):
            return other
        return entry

    def _shortens(self, surface: str, entity: URIRef) -> bool:
        """Whether a name is a shorter form of one of the entity's names ("High-level Dialogue" of "2013 High-level Dialogue")."""
        return any(surface in n and len(n) > len(surface) for n in self.names_of.get(entity, ()))

    def recase(self, heading: str) -> str:
        """An all-capitals heading in the casing the names it contains are written in, the rest in lower case
        (each name of two or more tokens, longest first; see `recase.Recaser`)."""
        if self._recaser is None:
            self._recaser = Recaser(self.entries)
        return self._recaser.recase(heading)
