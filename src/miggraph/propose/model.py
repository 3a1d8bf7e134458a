"""Candidate facts as rules find them, and proposals as they are written for review.

A rule yields a `Candidate`: the sentence it read, the part of it to quote, and either one fact about a subject
(`subject`, one `(predicate, value)`) or the fields of an n-ary record (`nary`: Membership, RatificationStatus or
Figure). `finalise.py` turns a candidate into a `Proposal`: the record in the curated YAML format with its
passage, the new entities it needs (a resolution or a symbol the curated data does not define), the keys the
evaluation compares with the curated facts, and a stable id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from .context import Sentence

Value = URIRef | str | list[URIRef]
FactKey = tuple[str, ...]


@dataclass
class Candidate:
    """A fact a rule read in a sentence, before its quote and its support are checked."""

    rule: str
    confidence: float
    sentence: Sentence
    facts: list[tuple[str, Value]]
    subject: URIRef | None = None  # the subject of a plain fact; None for an n-ary record
    nary: str | None = None  # Membership | RatificationStatus | Figure
    quote: tuple[int, int] | None = None  # [start, end) in the sentence's text; None: the whole sentence
    notes: dict[str, str] = field(default_factory=dict)  # predicate → note (how the value was read)
    ident: str | None = None  # a Figure's id
    label: str | None = None  # a Figure's label

    @property
    def relation(self) -> str:
        return {"Membership": "membership", "RatificationStatus": "ratification", "Figure": "figure"}.get(
            self.nary or "", self.facts[0][0])


@dataclass(frozen=True)
class NewEntity:
    """An entity a proposal links that the curated data does not define: written with the first fact accepted."""

    ident: str
    type: str
    label: str
    para: str
    quote: str
    facts: tuple[tuple[str, str], ...] = ()

    def record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {"id": self.ident, "type": self.type, "label": self.label,
                               "source": {"para": self.para, "quote": self.quote}}
        for key, value in self.facts:
            rec[key] = value
        return rec


@dataclass
class Proposal:
    """One candidate fact, checked, in the curated format, waiting for a curator."""

    id: str
    rule: str
    confidence: float
    relation: str
    para: str
    quote: str
    start: int
    end: int
    record: dict[str, Any]
    keys: list[FactKey]
    needs: list[NewEntity] = field(default_factory=list)

    def as_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "rule": self.rule, "confidence": round(self.confidence, 2),
                               "relation": self.relation, "para": self.para, "start": self.start, "end": self.end,
                               "quote": self.quote, "record": self.record}
        if self.needs:
            out["needs"] = [n.record() for n in self.needs]
        return out

    @classmethod
    def from_yaml(cls, data: dict[str, Any]) -> Proposal:
        needs = [NewEntity(str(n["id"]), str(n["type"]), str(n["label"]), str(n["source"]["para"]),
                           str(n["source"]["quote"]),
                           tuple((k, str(v)) for k, v in n.items() if k not in ("id", "type", "label", "source")))
                 for n in data.get("needs") or []]
        record = _plain(data["record"])
        return cls(str(data["id"]), str(data["rule"]), float(data["confidence"]), str(data["relation"]), str(data["para"]),
                   str(data["quote"]), int(data["start"]), int(data["end"]), record, record_keys(record, str(data["relation"])),
                   needs)


def _plain(value: Any) -> Any:
    """A YAML value as plain dicts, lists and strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if value is None else str(value)


def value_of(fact: Any) -> Any:
    """The value of a fact as written: plain, or the `value` of a {value, source, note} mapping."""
    return fact.get("value") if isinstance(fact, dict) else fact


def record_keys(record: dict[str, Any], relation: str) -> list[FactKey]:
    """The facts a record states, as keys the evaluation compares: (relation, subject, value ...)."""
    def ids(v: Any) -> list[str]:
        v = value_of(v)
        return [str(x) for x in v] if isinstance(v, list) else [str(v)] if v is not None else []

    typ = record.get("type")
    if typ == "Membership":
        return [("membership", ids(record.get("group"))[0], m) for m in ids(record.get("member"))]
    if typ == "RatificationStatus":
        as_of = ids(record.get("asOf"))
        return [("ratification", "+".join(sorted(ids(record.get("instrument")))), canonical_number(ids(record.get("count"))[0]),
                 as_of[0] if as_of else "")]
    if typ == "Figure":
        qualifier = ids(record.get("qualifier"))
        return [("figure", ids(record.get("figureOf"))[0], canonical_number(ids(record.get("figureValue"))[0]),
                 qualifier[0] if qualifier else "mig:Exactly")]
    subject = str(record.get("about") or record.get("id"))
    return [(relation, subject, relation, canonical_number(v)) for v in ids(record.get(relation))]


def canonical_number(value: str) -> str:
    """A number as the evaluation compares it: "150", "0.5", "372000000000"."""
    try:
        f = float(value)
    except ValueError:
        return value
    return str(int(f)) if f == int(f) else repr(f)


def proposal_id(keys: list[FactKey], quote: str) -> str:
    """A stable id: the same fact read from the same words has the same id in every run."""
    digest = hashlib.sha256(("|".join("/".join(k) for k in sorted(keys)) + "#" + quote).encode()).hexdigest()
    return "p" + digest[:7]
