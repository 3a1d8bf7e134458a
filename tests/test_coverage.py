"""Every resolution and document symbol the corpus cites has its entity in the graph, and no entity has a twin."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
# "resolution 60/227", "resolutions 61/208 and 62/270", "resolutions 65/190, 66/128 and 66/288", "resolution 2006/2"
RESOLUTIONS = re.compile(r"[Rr]esolutions?\s+((?:\(?\d{2,4}/\d{1,3}\)?(?:,\s*|\s+and\s+|\s+)?)+)")
# "The first resolution on the topic (49/127)"
RESOLUTION_IN_PARENS = re.compile(r"[Rr]esolution[^.()]{0,30}\((\d{2,4}/\d{1,3})\)")
NUMBER = re.compile(r"\d{2,4}/\d{1,3}")
# symbols with two or more slashes: A/63/265, A/C.2/61/L.12, E/ESCWA/SDD/2007/2, POP/DB/MIG/Stock/Rev.2008
SYMBOL = re.compile(r"\b[A-Z]{1,5}(?:/[A-Za-z0-9.]*[A-Za-z0-9])+")


def corpus_text() -> str:
    return " ".join(re.sub(r"-\s*\n\s*", "-", p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt")))


def values(store, predicate: str) -> set[str]:
    q = f"PREFIX mig: <https://w3id.org/miggraph/ontology#> SELECT DISTINCT ?v WHERE {{ ?s mig:{predicate} ?v }}"
    return {row["v"].value for row in store.query(q)}


def test_every_cited_resolution_is_in_the_graph(store):
    text = " ".join(corpus_text().split())
    cited = {n for m in RESOLUTIONS.finditer(text) for n in NUMBER.findall(m.group(1))}
    cited |= {m.group(1) for m in RESOLUTION_IN_PARENS.finditer(text)}
    assert {"60/227", "61/208", "62/270", "65/170", "2006/2", "49/127"} <= cited  # the pattern reads the text
    assert sorted(cited - values(store, "resolutionNumber")) == []


def test_every_cited_symbol_is_in_the_graph(store):
    cited = {m.group(0) for m in SYMBOL.finditer(corpus_text()) if m.group(0).count("/") >= 2}
    assert {"A/C.2/61/L.12", "E/ESCWA/SDD/2007/2", "POP/DB/MIG/Stock/Rev.2008", "A/63/265"} <= cited
    assert sorted(cited - values(store, "symbol")) == []


# Classes whose members legitimately share names, or that are not entities at all: round tables of a recurring
# meeting keep their titles from year to year; passages and mentions are pieces of text (statements are rdf:).
NOT_UNIQUE = re.compile(r"^(RoundTable|Passage|.*Mention)$")
NAMES = """
PREFIX mig: <https://w3id.org/miggraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?cls ?e ?name WHERE {
  ?e a ?cls ; rdfs:label|skos:altLabel ?name .
  FILTER(STRSTARTS(STR(?cls), STR(mig:)))
}
"""


def test_no_two_entities_of_a_class_share_a_name(store):
    """Two ids of one class with a common label or altLabel are one thing recorded twice (or a name too vague)."""
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.query(NAMES):
        cls = row["cls"].value.rsplit("#", 1)[-1]
        if not NOT_UNIQUE.match(cls):
            holders[(cls, " ".join(row["name"].value.split()).lower())].add(row["e"].value)
    assert len(holders) > 500  # the query reads the graph's names
    shared = {f"{cls} {name!r}": sorted(ids) for (cls, name), ids in holders.items() if len(ids) > 1}
    assert shared == {}
