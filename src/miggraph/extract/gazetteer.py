"""The gazetteer: every name the graph knows (labels, acronyms, alternative names), matched longest first.

Names are matched token by token over the normalised text of a document, so a name broken across
lines ("Global Forum on\\nMigration") or hyphenated at a line end ("High-\\nlevel") is found. Matching
is case-sensitive: acronyms must be written as they are (IOM, not "iom"); a name written in lower case
in the graph ("remittances", "circular migration") may also start with a capital at the start of a
sentence. Names that would match ordinary words are left out (see `usable`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from ..config import MIG

TOKEN = re.compile(r"\w+(?:[-’'.]\w+)*|[^\w\s]")
# classes whose instances are not named in running text
UNNAMED = {"Passage", "Mention", "NameMention", "ResolutionMention", "SymbolMention", "DateMention", "MoneyMention",
           "PercentageMention", "Membership", "Role", "RatificationStatus"}
# classes whose one-word names are names (a country, a city), not ordinary words
ONE_WORD_OK = {"Country", "City", "Place", "Region", "Person", "Theme"}
# preference when one name belongs to several entities: the lower, the more likely the name means it
PREFERENCE = ["Country", "City", "Region", "Place", "UNEntity", "IntergovernmentalOrganization", "InterAgencyGroup", "Body",
              "RegionalOrganization", "Commission", "Organization", "CivilSocietyOrganization", "GlobalConsultativeProcess",
              "RegionalConsultativeProcess", "ConsultativeProcess", "Person", "HighLevelDialogue", "Programme", "Convention",
              "Protocol", "Instrument"]
STOP_NAMES = {"Conclusions", "Declaration", "Report", "Summary", "Annex", "Forum", "Group", "Dialogue", "Commission", "Office",
              "Division", "Fund", "Programme", "Conference", "Council", "Assembly", "Committee"}
RESOLUTION_OR_SYMBOL = re.compile(r"\d+/\d+|[A-Z]+/[A-Z0-9]")


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]


@dataclass(frozen=True)
class Entry:
    entity: URIRef
    cls: str  # mig: local name of the entity's class
    surface: str
    acronym: bool


def _local(iri: URIRef) -> str:
    return str(iri).split("#", 1)[-1]


def usable(surface: str, cls: str, acronym: bool) -> bool:
    """Whether a name can be matched without flooding the text with false mentions."""
    if RESOLUTION_OR_SYMBOL.search(surface):
        return False  # resolutions and symbols are found by pattern
    toks = [t for _, _, t in tokens(surface)]
    if not toks:
        return False
    if acronym:
        return len(surface) >= 2 and any(c.isupper() for c in surface)
    if len(toks) == 1:
        word = toks[0]
        if cls not in ONE_WORD_OK or word in STOP_NAMES:
            return word.isupper() and len(word) >= 3  # an all-capitals name such as MERCOSUR
        return len(word) >= 4 and (word[0].isupper() or cls == "Theme")
    return True


class Gazetteer:
    """Names → entities, and a longest-first matcher over a text."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
        self.lengths: dict[str, set[int]] = defaultdict(set)  # first token → lengths of names starting with it
        self.classes: dict[URIRef, str] = {}

    @classmethod
    def from_graph(cls, graph: Graph) -> Gazetteer:
        gaz = cls()
        for s, o in sorted(graph.subject_objects(RDF.type)):
            if not isinstance(s, URIRef) or not str(o).startswith(str(MIG)):
                continue
            name = _local(o)
            if name in UNNAMED:
                continue
            gaz.classes.setdefault(s, name)
        for entity, c in sorted(gaz.classes.items()):
            names = [(str(v), False) for v in graph.objects(entity, RDFS.label)]
            names += [(str(v), False) for v in graph.objects(entity, SKOS.altLabel)]
            names += [(str(v), True) for v in graph.objects(entity, MIG.acronym)]
            for surface, acronym in sorted(set(names)):
                gaz.add(entity, c, surface, acronym)
        return gaz

    def add(self, entity: URIRef, cls: str, surface: str, acronym: bool = False) -> None:
        surface = " ".join(surface.split())
        if surface.lower().startswith("the "):
            surface = surface[4:]
        if not usable(surface, cls, acronym):
            return
        variants = {surface}
        if not acronym and surface[:1].islower():
            variants.add(surface[:1].upper() + surface[1:])
        if cls == "Person":
            last = surface.split()[-1]
            for title in ("Mr.", "Ms.", "Mrs.", "Dr."):
                variants.add(f"{title} {last}")
        for v in variants:
            key = tuple(t for _, _, t in tokens(v))
            entry = Entry(entity, cls, surface, acronym)
            if entry not in self.entries[key]:
                self.entries[key].append(entry)
                self.lengths[key[0]].add(len(key))

    def best(self, key: tuple[str, ...]) -> Entry:
        """One entity for a name: when several share it, the most likely by class, then by IRI."""
        candidates = self.entries[key]
        rank = {c: i for i, c in enumerate(PREFERENCE)}
        return min(candidates, key=lambda e: (rank.get(e.cls, len(rank)), str(e.entity)))

    def match(self, text: str) -> list[tuple[int, int, Entry]]:
        """Non-overlapping matches, leftmost and longest first: (start, end, entry) with offsets into text."""
        toks = tokens(text)
        out = []
        i, n = 0, len(toks)
        while i < n:
            first = toks[i][2]
            hit = None
            for length in sorted(self.lengths.get(first, ()), reverse=True):
                if i + length > n:
                    continue
                key = tuple(t for _, _, t in toks[i:i + length])
                if key in self.entries:
                    hit = (length, key)
                    break
            if hit is None:
                i += 1
                continue
            length, key = hit
            out.append((toks[i][0], toks[i + length - 1][1], self.best(key)))
            i += length
        return out

    def recase(self, heading: str) -> str:
        """An all-capitals heading in the casing the names it contains are written in, the rest in lower case."""
        lower = heading.lower()
        out = lower[:1].upper() + lower[1:]
        for key in sorted(self.entries, key=len, reverse=True):
            if len(key) < 2:
                continue
            name = " ".join(key).replace(" - ", "-")
            if not any(c.isupper() for c in name[1:]):
                continue
            pos = out.lower().find(name.lower())
            while pos >= 0:
                before_ok = pos == 0 or not out[pos - 1].isalnum()
                after = pos + len(name)
                if before_ok and (after == len(out) or not out[after].isalnum()):
                    out = out[:pos] + name + out[after:]
                pos = out.lower().find(name.lower(), pos + 1)
        return out
