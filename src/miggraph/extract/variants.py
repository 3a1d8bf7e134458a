"""Names as documents write them: numbered instruments cited by number, year or short title.

The graph names an ILO instrument by its title and number ("Convention concerning Decent Work for Domestic
Workers (No. 189)"); documents cite it in other forms the gazetteer's word-for-word names do not cover:

- by number: "ILO Convention No. 189", "Convention No. 97", "Recommendation No. 201", "ILO Conventions No. 97
  and No. 143" (each number one mention), "ILO Convention 189", "C189";
- by short title, year and number: "the Domestic Workers Convention, 2011 (No. 189)", where the short title's
  words are words of the instrument's title (so "Domestic Workers" reads Convention No. 189, and a short title
  sharing no word with it reads nothing).

`VariantIndex.from_graph(graph)` reads the numbered instruments from the labels and alternative names that end
in "(No. N)" or read "Recommendation No. N"; `find(text)` gives (start, end, entity) in the text. A number the graph does not know is not a
mention. Rules read the forms; no variant is added to the graph as a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from ..config import RDFS, SKOS

NUMBERED = re.compile(r"^(?P<title>.*?)\s*\(No\.\s*(?P<n>\d{1,4})\)\s*$")
BARE = re.compile(r"^(?:ILO\s+)?(?P<title>Convention|Recommendation)\s+No\.\s*(?P<n>\d{1,4})$")  # "Recommendation No. 201"
KINDS = ("Convention", "Recommendation", "Protocol")
_ILO = r"(?:(?:the\s+)?(?:ILO|International\s+Labour\s+(?:Organization|Organisation)(?:\s+\(ILO\))?)\s+)?"
# "ILO Convention No. 189", "Conventions No. 97 and No. 143", "ILO Convention 189", "Recommendation No. 201"
BY_NUMBER = re.compile(_ILO + r"(?P<kind>Convention|Recommendation)s?\s+(?P<no>No\.\s*)?(?P<n>\d{1,3})\b(?![/.]\d)"
                       r"(?P<rest>(?:\s*(?:,|and|,\s*and)\s*(?:No\.\s*)?\d{1,3}\b(?![/.]\d))*)")
_REST_NUMBER = re.compile(r"(?:No\.\s*)?(?P<n>\d{1,3})\b")
# "the Domestic Workers Convention, 2011 (No. 189)", "Migration for Employment Convention (Revised), 1949 (No. 97)"
BY_TITLE = re.compile(r"(?P<title>(?:[A-Z][\w’'-]*\s+(?:(?:and|of|for|on|in|the)\s+)?){1,8})(?P<kind>Convention|Recommendation)"
                      r"(?:\s+\([A-Z][a-z]+\))?,\s+(?P<year>(?:19|20)\d\d)\s+\(No\.\s*(?P<n>\d{1,4})\)")
# "C189", "R201": the ILO's own short codes
CODE = re.compile(r"(?<![\w/])(?P<kind>[CR])(?P<n>\d{2,3})(?![\w/])")
STOPWORDS = {"the", "of", "and", "for", "on", "in", "a", "an", "concerning", "convention", "recommendation", "ilo"}


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)} - STOPWORDS


@dataclass
class VariantIndex:
    """Numbered instruments of the graph: (kind, number) → entity, with the words of the entity's titles."""

    numbered: dict[tuple[str, str], URIRef] = field(default_factory=dict)
    title_words: dict[URIRef, set[str]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> VariantIndex:
        index = cls()
        names = [(s, str(o)) for p in (RDFS.label, SKOS.altLabel) for s, o in graph.subject_objects(p)]
        for entity, name in sorted(names):
            name = " ".join(name.split())
            m = NUMBERED.match(name) or BARE.match(name)
            if not m or not isinstance(entity, URIRef):
                continue
            kind = next((k for k in KINDS if k in m.group("title").split()[:3] or m.group("title").startswith(k)), None)
            if kind is None:
                continue
            key = (kind, m.group("n"))
            if index.numbered.setdefault(key, entity) != entity:
                continue  # two entities with one number: leave the first (sorted) one
            index.title_words.setdefault(entity, set()).update(_words(m.group("title")))
        return index

    def find(self, text: str) -> list[tuple[int, int, URIRef]]:
        """Variant names of known numbered instruments in `text`: (start, end, entity), in order, not overlapping."""
        found: list[tuple[int, int, URIRef]] = []
        for m in BY_TITLE.finditer(text):
            entity = self.numbered.get((m.group("kind"), m.group("n")))
            if entity is not None and _words(m.group("title")) & self.title_words.get(entity, set()):
                start = m.start("title")
                found.append((start, m.end(), entity))
        for m in BY_NUMBER.finditer(text):
            if m.group("no") is None and not m.group(0).startswith(("ILO", "the ILO", "International", "the International")):
                continue  # "Convention 189" alone may be anything; "ILO Convention 189" is the ILO's
            kind = m.group("kind")
            numbers = [(m.start("n"), m.end("n"), m.group("n"))]
            rest_at = m.start("rest")
            numbers += [(rest_at + r.start(), rest_at + r.end(), r.group("n")) for r in _REST_NUMBER.finditer(m.group("rest"))]
            for i, (a, b, n) in enumerate(numbers):
                entity = self.numbered.get((kind, n))
                if entity is None:
                    continue
                found.append((m.start() if i == 0 else a, b, entity))
        for m in CODE.finditer(text):
            kind = "Convention" if m.group("kind") == "C" else "Recommendation"
            entity = self.numbered.get((kind, m.group("n")))
            if entity is not None:
                found.append((m.start(), m.end(), entity))
        return _disjoint(found)


def _disjoint(found: list[tuple[int, int, URIRef]]) -> list[tuple[int, int, URIRef]]:
    """The longest of overlapping matches, in order."""
    out: list[tuple[int, int, URIRef]] = []
    for a, b, e in sorted(found, key=lambda x: (x[0], x[0] - x[1], str(x[2]))):
        if out and a < out[-1][1]:
            continue
        out.append((a, b, e))
    return out


def find_variants(graph: Graph, text: str) -> list[tuple[int, int, URIRef]]:
    """`VariantIndex.from_graph(graph).find(text)`: for one text; build the index once for many."""
    return VariantIndex.from_graph(graph).find(text)
