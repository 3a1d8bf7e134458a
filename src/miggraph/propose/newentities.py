"""Entities a new document names that the graph does not define yet, proposed with the facts that link them.

- countries, by their ISO 3166 names as documents write them ("Morocco", "the Gambia", "the Republic of Moldova",
  "the Republic of the Congo", "the United States of America"): `country/{alpha-3}`, as the curated ids are;
- cities of a venue line ("Venue: Rabat, Morocco"): `city/{slug}`;
- the meeting an annex entry lists ("Ministerial Euro-African Conference on Migration and Development  Date: ...
  Venue: ..."): `meeting/{slug}`, labelled with the entry's title.

Each is registered in `Entities.new`, so that a proposal linking it carries its record (written once, with the
first fact accepted); a country the graph defines but the gazetteer does not find in that form is linked as is.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

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
        joined_next = j < len(words) and text[b:words[j][0]] == " "
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
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].rstrip("-") or "x"


def city(entities: Entities, name: str, para: str, quote: str) -> Span:
    """A city named in a venue line, as a span linking it (a new entity when the graph does not define it)."""
    iri = entities.iri(f"city/{slug(name)}")
    if not entities.curated(iri):
        entities.new.setdefault(iri, ("City", name, (), (para, quote)))
    return Span(0, 0, name, "name", iri, "City")


def meeting(entities: Entities, title: str, para: str) -> Span:
    """The meeting an annex entry's title names (a new entity)."""
    cls = "Conference" if re.search(r"\bConference\b", title) else "Meeting"
    iri = entities.iri(f"meeting/{slug(title)}")
    if not entities.curated(iri):
        entities.new.setdefault(iri, (cls, title, (), (para, title)))
    return Span(0, len(title), title, "name", iri, cls)
