"""Descriptions that identify an entity without naming it, resolved from the graph's own facts.

- "X of the W": an entity labelled "first meeting of the Global Forum on Migration and Development",
  "sixty-eighth session of the General Assembly" or "coordination segment of the Tenth Coordination
  Meeting" is described by its label's head X ("first meeting", "sixty-eighth session") followed by any
  mention of W ("of the Forum", "of the Assembly"), or by X alone right after W or the unit's last
  whole was named ("Greece and Argentina ... the third and fourth meetings", "its first meeting",
  "The second meeting will take place in Manila" after "the Global Forum"). W is the entity the rest of
  the label names, or the one the entity is `mig:partOf`.
- the meetings of a series in order: the dated parts of a whole (`mig:partOf`, `mig:startDate`) numbered
  from an ordinal a label states ("first meeting of the Global Forum ...") over consecutive years, so
  "the fourth meeting" of the Forum is its 2010 meeting; "the 2010 meeting", "the 2009 Global Forum
  meeting", "the 2011 Global Forum" and "In 2011, the Global Forum annual meeting" are the part of that
  year; "the five Global Forum meetings" are its first five;
- a "Total 2007" row of a table stands for the whole the rows above it name parts of (the round tables of
  the 2007 meeting).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, URIRef

from ..config import MIG, RDFS, SKOS
from ..lookup import lookup
from . import patterns, scan
from .gazetteer import RESOLUTION_OR_SYMBOL, Entry, Gazetteer, Tokens, tokens

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
            "twelfth"]
NUMBERS = {w: i for i, w in enumerate(["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], start=2)}
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
# classes whose labels are names or topics, not descriptions to be read off their first words
NOT_DESCRIBED = {"Theme", "Country", "City", "Region", "Place", "Person"}
FUNCTION = {"of", "on", "the", "and", "for", "in", "to", "a", "an", "by", "between", "with", "at", "from", "its", "their", ","}
COORDINATED = re.compile(r"\b(?P<mods>[a-z-]+(?:, [a-z-]+)*,? (?:and|or) [a-z-]+) (?P<noun>[a-z]+)\b")
MEETING_CLASSES = {"Meeting", "HighLevelDialogue", "GlobalForumMeeting", "RoundTable", "Conference", "Debate", "Hearing",
                   "CoordinationMeeting", "Panel", "PlenaryMeeting", "CivilSocietyMeeting"}
GENERIC = {"meeting", "meetings", "session", "sessions", "conference", "segment"}  # too common to refer back alone
AGENT = re.compile(r" (?:has |have |had )?[a-z]+ed an? $")  # "[the Global Forum] initiated an [assessment]"
POSSESSIVE = re.compile(r"\b(?:whose|its|[Ii]ts)\s+$")
MEETING_WORDS = r"(?:annual\s+)?(?:meeting|meetings|session|sessions|edition)"
MEETING_TAIL = re.compile(r"\s+" + MEETING_WORDS + r"\b")  # "the 2010 meeting"
MEETINGS_AFTER = re.compile(r"\s+(?:annual\s+)?meetings?\b")
ANNUAL_MEETING = re.compile(r"\s+annual\s+meeting\b")
MEETINGS_PLURAL = re.compile(r"\s+meetings\b")
OUTCOME_DOCUMENT = re.compile(r"\b[Oo]utcome [Dd]ocument:\s+")
THE_NOUN = re.compile(r"\b[Tt]he (?P<noun>[a-z]+)\b(?! (?:of|on|in)\b)")
_ORDS = "|".join(ORDINALS)
ORDINAL_RUN = re.compile(rf"\b(?P<ords>(?:{_ORDS})(?:(?:,\s*|\s+and\s+)(?:{_ORDS}))*)\s+(?P<w1>[a-z-]+)(?:\s+(?P<w2>[a-z]+))?", re.I)
SENTENCE_BREAK = re.compile(r"\. ")
LastWhole = Callable[..., "URIRef | None"]  # (before, heads, series=False) → the whole named last


@dataclass(frozen=True)
class Described:
    """A label read as a description: its words, and the entity whose name it starts with, if any."""

    entity: URIRef
    cls: str
    tokens: tuple[str, ...]
    lead: URIRef | None


@dataclass(frozen=True)
class Head:
    """A label's head X ("first meeting") and the wholes W its label names or it is part of."""

    entity: URIRef
    cls: str
    words: str  # X, as written in the label
    wholes: frozenset[URIRef]
    named: frozenset[URIRef] = frozenset()  # the wholes the label names (not only mig:partOf)


class Describer:
    """Descriptions of the graph's entities, found in the text of a unit beside the names found there."""

    def __init__(self, graph: Graph, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.classes = gazetteer.classes
        lk = lookup(graph)
        self.whole_of: dict[URIRef, set[URIRef]] = defaultdict(set)
        for part, whole in lk.subject_objects(MIG.partOf):
            if isinstance(part, URIRef) and isinstance(whole, URIRef):
                self.whole_of[part].add(whole)
        self.heads: dict[str, list[Head]] = defaultdict(list)  # X in lower case → heads
        self.outcomes: dict[URIRef, list[URIRef]] = defaultdict(list)
        for meeting, outcome in sorted(lk.subject_objects(MIG.hasOutcome)):
            if isinstance(outcome, URIRef):
                self.outcomes[meeting].append(outcome)  # type: ignore[index]
        self.labels = {e: sorted(str(v) for v in lk.objects(e, RDFS.label)) for e in {o for v in self.outcomes.values() for o in v}}
        self._rest_cache: dict[tuple[Described, int], frozenset[URIRef]] = {}
        for entity, cls in sorted(self.classes.items()):
            labels = sorted({str(v) for p in (RDFS.label, SKOS.altLabel) for v in lk.objects(entity, p)})
            for label in labels:
                self._add_label(entity, cls, " ".join(label.split()))
        # dated parts of each whole, in order, and their ordinals
        self.parts: dict[URIRef, list[tuple[str, URIRef]]] = defaultdict(list)
        for part, wholes in sorted(self.whole_of.items()):
            date = lk.value(part, MIG.startDate)
            if date is None or not self.classes.get(part, "").endswith(("Meeting", "Dialogue", "Conference")):
                continue
            for whole in sorted(wholes):
                self.parts[whole].append((str(date), part))
        for whole, parts in self.parts.items():
            parts.sort()
            self._ordinals(whole, parts)
        self.prefixes: dict[str, list[Described]] = defaultdict(list)  # first word → labels read as descriptions
        for entity, cls in sorted(self.classes.items()):
            if cls in NOT_DESCRIBED:
                continue
            for label in sorted({str(v) for v in lk.objects(entity, RDFS.label)}):
                self._add_prefix(entity, cls, " ".join(label.split()))
        self.lower_heads: dict[str, set[URIRef]] = defaultdict(set)  # "debate" → meetings labelled "... debate on ..."
        for entity, cls in self.classes.items():
            if cls in MEETING_CLASSES:
                for label in lk.objects(entity, RDFS.label):
                    head = re.match(r"(?:[a-z-]+ )+?(?P<head>[a-z]+) (?:on|of|with) ", str(label))
                    if head and head.group("head") not in GENERIC:
                        self.lower_heads[head.group("head")].add(entity)
        others = sorted((w for w in self.heads if w.split()[0] not in ORDINALS), key=lambda w: (-len(w), w))
        self.other_heads = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in others) + r")\b", re.I) if others else None

    def _add_label(self, entity: URIRef, cls: str, label: str) -> None:
        first = label.split(" ", 1)[0]
        if first[:1].isupper() and first.lower() in self.gaz.common and label[len(first):len(first) + 4] in (" of ", " mee"):
            label = first.lower() + label[len(first):]  # "Report of the Global Commission ...", "Plenary meetings of ..."
        for a, b, e in self.gaz.match(label):
            if a == 0 and e.entity != entity and re.fullmatch(r" [a-z]+", label[b:]):
                # "Global Forum assessment": also "the assessment of the Global Forum"
                words = label[b + 1:]
                head = Head(entity, cls, words, frozenset({e.entity}), frozenset({e.entity}))
                if head not in self.heads[words]:
                    self.heads[words].append(head)
                return
        if not label[:1].islower():
            return
        for m in OF_THE.finditer(label):
            words, rest = label[:m.start()], label[m.end():]
            wholes = set(self.whole_of.get(entity, ()))
            named = set()
            hits = self.gaz.match(rest)
            if hits and hits[0][0] == 0 and hits[0][1] == len(rest):
                named.add(hits[0][2].entity)
            named.discard(entity)
            wholes |= named
            if wholes and len(words.split()) <= 4:
                head = Head(entity, cls, words, frozenset(wholes), frozenset(named))
                if head not in self.heads[words.lower()]:
                    self.heads[words.lower()].append(head)
                return

    def _add_prefix(self, entity: URIRef, cls: str, label: str) -> None:
        """A label that reads as a description ("memorandum of understanding between ECA and ..."), or one
        after the name of its author ("ILO policy brief on migration and development")."""
        lead: URIRef | None = None
        toks = [t for _, _, t in tokens(label)]
        for a, b, e in self.gaz.match(label):
            rest = label[b:].lstrip()
            if a == 0 and e.entity != entity and rest[:1].islower() and rest.split()[0] not in FUNCTION:
                lead, label = e.entity, rest
                toks = [t for _, _, t in tokens(label)]
                break
        if not (label[:1].islower() or YEAR.match(label)) or len(toks) < 2 or RESOLUTION_OR_SYMBOL.search(label):
            return
        self.prefixes[toks[0].lower()].append(Described(entity, cls, tuple(toks), lead))

    def _rest_names(self, d: Described, k: int) -> frozenset[URIRef]:
        key = (d, k)
        if key not in self._rest_cache:
            rest = " ".join(d.tokens[k:])
            self._rest_cache[key] = frozenset(e.entity for _, _, e in self.gaz.match(rest) if e.entity != d.entity)
        return self._rest_cache[key]

    def _prefix_matches(self, text: str, present: set[URIRef]) -> list[tuple[int, int, Entry]]:
        """Labels read as descriptions: the label's first words (at least two, ending on a content word) in
        the text, where the unit names everything the rest of the label names ("a memorandum of understanding"
        in a unit naming ECA and IOM) and the label's author, if it starts with one."""
        toks = Tokens.of(text)
        words = toks.words
        out = []
        for i, t in enumerate(words):
            best: list[tuple[int, Described]] = []
            for d in self.prefixes.get(t.lower(), ()):
                if d.lead is not None and d.lead not in present:
                    continue
                k = 1
                while k < len(d.tokens) and i + k < len(words) and words[i + k].lower() == d.tokens[k].lower():
                    k += 1
                while k > 1 and d.tokens[k - 1].lower() in FUNCTION:
                    k -= 1
                if k < 2:
                    continue
                if k < len(d.tokens):
                    rest = {e for e in self._rest_names(d, k) if self.classes.get(e) != "Theme"}
                    said = {e for e in self._rest_names(d, 0) if self.classes.get(e) != "Theme"} - rest  # in the words matched
                    dated = bool(YEAR.match(d.tokens[0]))  # "the 2000 round of censuses"
                    if not rest <= present or k < 6 and not dated and not rest | said:
                        continue  # a topic alone does not tell one meeting or report from another
                best.append((k, d))
            if not best:
                continue
            k = max(k for k, _ in best)
            chosen = {d.entity for kk, d in best if kk == k}
            if len(chosen) == 1:
                a, end = toks.starts[i], toks.ends[i + k - 1]
                d = next(d for kk, d in best if kk == k)
                out.append((a, end, Entry(d.entity, d.cls, text[a:end], False)))
        return out

    def _ordinals(self, whole: URIRef, parts: list[tuple[str, URIRef]]) -> None:
        """Number the parts from one whose label states its ordinal, while the years run on one by one."""
        known = {}
        for i, (_, part) in enumerate(parts):
            for h in (h for hs in self.heads.values() for h in hs if h.entity == part and whole in h.wholes):
                first = h.words.split()[0]
                if first in ORDINALS and h.words.split()[1:] == ["meeting"]:
                    known[i] = ORDINALS.index(first)
        if not known:
            return
        i0, n0 = min(known.items())
        for j, (date, part) in enumerate(parts):
            if j <= i0 or j in known:
                continue
            if int(date[:4]) - int(parts[i0][0][:4]) == j - i0 and n0 + j - i0 < len(ORDINALS):
                words = f"{ORDINALS[n0 + j - i0]} meeting"
                self.heads[words].append(Head(part, self.classes[part], words, frozenset({whole}), frozenset({whole})))

    def _resolve(self, text: str, start: int, end: int, keys: list[str], heads: list[Head],
                 by_start: dict[int, tuple[int, Entry]], last_whole: LastWhole,
                 out: list[tuple[int, int, Entry]]) -> None:
        """The entity of each key whose whole is named right after ("of the Forum") or last before."""
        after = OF_THE.match(text, end)
        whole: URIRef | None
        if after and after.end() in by_start:
            end, entry = by_start[after.end()]
            whole = entry.entity
        else:
            whole = last_whole(start, heads)
        for k in keys:
            chosen = {h.entity for h in heads if h.words.lower() == k and whole in h.wholes}
            if len(chosen) == 1:
                out.append((start, end, self._entry(next(iter(chosen)), text[start:end])))

    def part_in(self, whole: URIRef, year: str) -> URIRef | None:
        """The part of a series held in that year (a series: dated parts in more than one year)."""
        parts = self.parts.get(whole, ())
        if len({d[:4] for d, _ in parts}) < 2:
            return None
        found = [p for d, p in parts if d[:4] == year]
        return found[0] if len(found) == 1 else None

    def _entry(self, entity: URIRef, surface: str) -> Entry:
        return Entry(entity, self.classes.get(entity, ""), surface, False)

    def find(self, text: str, names: list[tuple[int, int, Entry]], context: list[URIRef], section: list[URIRef]
             ) -> list[tuple[int, int, Entry]]:
        """Descriptions in a unit's normalised text: (start, end, entry).

        `names` are the names found in it; `context` the entities named before it in the document and by the
        headings above it (the whole a bare "the second meeting" belongs to when the unit names none);
        `section` those the headings name. Each kind of description is found in one pass over the text, and
        whatever looks back for the entity named last does so through an index (`_Named`), so the cost is
        the text's, not the text's times the names'.
        """
        out: list[tuple[int, int, Entry]] = []
        by_start = {a: (b, e) for a, b, e in names}
        named = _Named([(a, e.entity) for a, _, e in names], self.classes, self.parts)

        def last_whole(before: int, heads: list[Head], series: bool = False) -> URIRef | None:
            """The whole named last before `before` (or by the headings above): for an ordinal, the last
            series named at all, so "the first meeting" after the Dialogue is not a meeting of the Forum."""
            wholes = {w for h in heads for w in h.wholes}
            kinds = {self.classes.get(w) for w in wholes}  # a Dialogue named last, if not the one, stops the search
            ordinal = series or any(h.words.split()[0] in ORDINALS for h in heads)

            def test(entity: URIRef) -> bool:
                return entity in wholes or ordinal and entity in self.parts or self.classes.get(entity) in kinds

            found = named.last(before, test, wholes, kinds, ordinal)
            return found if found is not None else next((e for e in reversed(context) if test(e)), None)

        self._ordinal_descriptions(text, by_start, last_whole, out)
        self._head_descriptions(text, names, named, by_start, last_whole, out)
        self._year_descriptions(text, by_start, last_whole, out)
        self._series_descriptions(text, names, out)
        self._dated_sessions(text, names, out)
        self._outcomes(text, names, out)
        self._debates(text, named, context, out)
        self._coordinated(text, out)
        present = {e.entity for _, _, e in names} | set(section) | {e.entity for _, _, e in out}
        out += self._prefix_matches(text, present)
        return _one_span_per_entity(out)

    def _ordinal_descriptions(self, text: str, by_start: dict[int, tuple[int, Entry]], last_whole: LastWhole,
                              out: list[tuple[int, int, Entry]]) -> None:
        """"the first meeting of the Forum", "its fourth meeting", "the third and fourth meetings"."""
        ords = "|".join(ORDINALS)
        for m in scan.ordinal_runs(ORDINAL_RUN, ORDINALS, text):
            ords_found = [o.lower() for o in re.findall(ords, m.group("ords"), re.I)]
            for noun, noun_end in ((f"{m.group('w1')} {m.group('w2')}", m.end("w2")), (m.group("w1"), m.end("w1"))):
                if noun_end < 0 or "None" in noun:
                    continue
                noun = noun.lower()
                noun = noun[:-1] if noun.endswith("s") and len(ords_found) > 1 else noun
                keys = [f"{o} {noun}" for o in ords_found]
                heads = [h for k in keys for h in self.heads.get(k, ())]
                if heads:
                    self._resolve(text, m.start(), noun_end, keys, heads, by_start, last_whole, out)
                    break

    def _head_descriptions(self, text: str, names: list[tuple[int, int, Entry]], named: _Named,
                           by_start: dict[int, tuple[int, Entry]], last_whole: LastWhole, out: list[tuple[int, int, Entry]]) -> None:
        """Heads of other labels: "the sixty-eighth session of the Assembly", "a coordination segment"."""
        if self.other_heads is None:
            return
        first_ending: dict[int, Entry] = {}  # end → the first name ending there
        for _, b, e in names:
            first_ending.setdefault(b, e)
        for m in self.other_heads.finditer(text):
            words = m.group(0).lower()
            heads = self.heads[words]
            after = OF_THE.match(text, m.end())
            owner = POSSESSIVE.search(text, max(0, m.start() - 8), m.start())
            if owner is not None:  # "the Global Commission ... whose report", "its report": the owner's
                if owner.group(0).startswith("whose"):  # "the Foundation, whose report": the name right before
                    whole = named.last(owner.start(), lambda e: True, every=True)
                else:
                    authors = {e for h in heads for e in h.named}
                    whole = named.last(owner.start(), authors.__contains__, authors)
                chosen = {h.entity for h in heads if whole in h.named}
                if len(chosen) == 1:
                    out.append((owner.start(), m.end(), self._entry(next(iter(chosen)), text[owner.start():m.end()])))
                continue
            if len(words.split()) < 2:  # "report": only "the report of [the first meeting]", as the label says
                agent = AGENT.search(text, max(0, m.start() - 60), m.start())
                if agent and not (after and after.end() in by_start):
                    # "the Global Forum initiated an assessment": the whole named just before does it
                    doer = first_ending.get(agent.start())
                    chosen = {h.entity for h in heads if doer is not None and doer.entity in h.named}
                    if len(chosen) == 1:
                        out.append((m.start(), m.end(), self._entry(next(iter(chosen)), text[m.start():m.end()])))
                    continue
                if not (after and after.end() in by_start):
                    continue
                heads = [h for h in heads if by_start[after.end()][1].entity in h.named]
            if not heads:
                continue
            self._resolve(text, m.start(), m.end(), [words], heads, by_start, last_whole, out)

    def _year_descriptions(self, text: str, by_start: dict[int, tuple[int, Entry]], last_whole: LastWhole,
                           out: list[tuple[int, int, Entry]]) -> None:
        """"the 2010 meeting", "the 2009 Global Forum meeting", "the 2011 Global Forum"."""
        for m in YEAR.finditer(text):
            year = m.group(1)
            nxt = text[m.end():m.end() + 1]
            if nxt != " ":
                continue
            if m.end() + 1 in by_start:
                end, entry = by_start[m.end() + 1]
                part = self.part_in(entry.entity, year)
                tail = MEETING_TAIL.match(text, end)
                end = end + (tail.end() - tail.start()) if tail else end
            else:
                tail = MEETING_TAIL.match(text, m.end())
                if not tail:
                    continue
                end = tail.end()
                whole = last_whole(m.start(), [], series=True)
                part = self.part_in(whole, year) if whole is not None else None
            if part is not None:
                out.append((m.start(), end, self._entry(part, text[m.start():end])))

    def _series_descriptions(self, text: str, names: list[tuple[int, int, Entry]], out: list[tuple[int, int, Entry]]) -> None:
        """"In 2011, the Global Forum annual meeting", "the five Global Forum meetings", "In 2011, the Dialogue addressed"."""
        sentences = _Sentences(text)
        for a, b, entry in names:
            if entry.entity not in self.parts:
                continue
            opening = re.search(r"(?:^|\. )In ((?:19|20)\d\d), the $", text[max(0, a - 16):a])
            if opening and not MEETINGS_AFTER.match(text, b):
                part = self.part_in(entry.entity, opening.group(1))
                if part is not None:
                    out.append((a, b, self._entry(part, text[a:b])))
            tail = ANNUAL_MEETING.match(text, b)
            if tail:
                year = sentences.last_year(a)
                part = self.part_in(entry.entity, year) if year else None
                if part is not None:
                    out.append((a, tail.end(), self._entry(part, text[a:tail.end()])))
                continue
            before = re.search(r"\bthe\s+(?P<n>" + "|".join(NUMBERS) + r")\s+$", text[max(0, a - 12):a])
            tail = MEETINGS_PLURAL.match(text, b)
            if before and tail:
                start = a - (len(text[max(0, a - 12):a]) - before.start())
                for _, part in self.parts[entry.entity][:NUMBERS[before.group("n")]]:
                    out.append((start, tail.end(), self._entry(part, text[start:tail.end()])))

    def _dated_sessions(self, text: str, names: list[tuple[int, int, Entry]], out: list[tuple[int, int, Entry]]) -> None:
        """"Executive Council of the African Union Date: 25-29 July 2006": the session of that date."""
        if not any(self.parts.get(entry.entity) for _, _, entry in names):
            return  # no name of a series: no date to read
        dates = sorted(((f.start, f.value) for f in patterns.dates(text) if len(f.value) == 10), key=lambda d: d[0])
        starts = [at for at, _ in dates]
        for a, b, entry in names:
            parts = self.parts.get(entry.entity, ())
            if not parts:
                continue
            k = bisect_left(starts, b)  # the first date written after the name, if within 80 characters
            following = [dates[k][1]] if k < len(dates) and dates[k][0] <= b + 80 else []
            for date, part in parts:
                if date in following:
                    out.append((a, b, self._entry(part, text[a:b])))

    def _outcomes(self, text: str, names: list[tuple[int, int, Entry]], out: list[tuple[int, int, Entry]]) -> None:
        """"Outcome Document: Conclusions" in the entry of a meeting: that meeting's outcome of that title."""
        titles = list(dict.fromkeys((outcome, label) for _, _, entry in names for outcome in self.outcomes.get(entry.entity, ())
                                    for label in self.labels.get(outcome, ())))
        if not titles:
            return
        for m in OUTCOME_DOCUMENT.finditer(text):
            for outcome, label in titles:
                if text.startswith(label, m.end()):
                    out.append((m.end(), m.end() + len(label), self._entry(outcome, label)))

    def _debates(self, text: str, named: _Named, context: list[URIRef], out: list[tuple[int, int, Entry]]) -> None:
        """"the debate": the meeting last named whose descriptive label has that head noun."""
        for m in THE_NOUN.finditer(text):
            candidates = self.lower_heads.get(m.group("noun"))
            if not candidates:
                continue
            last = named.last(m.start(), candidates.__contains__, candidates)
            last = last if last is not None else next((e for e in reversed(context) if e in candidates), None)
            if last is not None:
                out.append((m.start("noun"), m.end(), self._entry(last, m.group("noun"))))

    def _coordinated(self, text: str, out: list[tuple[int, int, Entry]]) -> None:
        """Coordinated modifiers share their noun: "temporary or circular migration" names "temporary migration"."""
        for m in scan.coordinated(COORDINATED, text):
            noun = m.group("noun")
            for w in re.finditer(r"[A-Za-z-]+", m.group("mods")):
                key = tuple(t for _, _, t in tokens(f"{w.group(0)} {noun}"))
                if w.end() == len(m.group("mods")) or key not in self.gaz.entries:
                    continue  # the last modifier is next to its noun: a name the gazetteer finds
                for entry in self.gaz.chosen(key):
                    if entry.cls == "Theme":
                        start = m.start("mods") + w.start()
                        out.append((start, m.end(), self._entry(entry.entity, text[start:m.end()])))

    def total_row(self, text: str, parts_above: list[URIRef]) -> URIRef | None:
        """The whole a "Total 2007" row sums: the one whole of the parts the rows above it name."""
        if not re.match(r"Total\s+(?:19|20)\d\d\b", text):
            return None
        wholes = {w for p in parts_above for w in self.whole_of.get(p, ())}
        return next(iter(wholes)) if len(wholes) == 1 else None


class _Named:
    """The entities a unit names, in the order of their names, indexed so that the last one named before a
    point that passes a test is found without reading all those before it."""

    def __init__(self, named: list[tuple[int, URIRef]], classes: dict[URIRef, str], parts: dict[URIRef, list[tuple[str, URIRef]]]
                 ) -> None:
        self.starts = [a for a, _ in named]
        self.entities = [e for _, e in named]
        self.ordered = all(x <= y for x, y in zip(self.starts, self.starts[1:], strict=False))
        self.by_entity: dict[URIRef, list[int]] = defaultdict(list)
        self.by_class: dict[str | None, list[int]] = defaultdict(list)
        self.series: list[int] = []  # the entities with dated parts
        for i, e in enumerate(self.entities):
            self.by_entity[e].append(i)
            self.by_class[classes.get(e)].append(i)
            if e in parts:
                self.series.append(i)

    def last(self, before: int, test: Callable[[URIRef], bool], entities: set[URIRef] | frozenset[URIRef] = frozenset(),
             classes: set[str | None] | frozenset[str | None] = frozenset(), series: bool = False, every: bool = False
             ) -> URIRef | None:
        """The entity named last before `before` that passes `test`: one of `entities`, of `classes`, one with
        dated parts (`series`), or any (`every`); `test` says the same of an entity."""
        if not self.ordered:
            return next((e for a, e in reversed(list(zip(self.starts, self.entities, strict=True))) if a < before and test(e)), None)
        cut = bisect_left(self.starts, before)
        if every:
            return self.entities[cut - 1] if cut else None
        lists = [self.by_entity.get(e, []) for e in entities] + [self.by_class.get(c, []) for c in classes]
        best = max((_last_below(ix, cut) for ix in (*lists, self.series if series else [])), default=-1)
        return self.entities[best] if best >= 0 else None


def _last_below(indices: list[int], cut: int) -> int:
    """The greatest of the sorted `indices` below `cut`, or -1."""
    k = bisect_left(indices, cut)
    return indices[k - 1] if k else -1


class _Sentences:
    """The years written in the sentence before a point: `YEAR.findall(text[start:at])` where the sentence
    starts at the last ". " before `at` (or at the start), without reading the sentence again for each point."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._breaks: list[int] | None = None
        self._years: list[tuple[int, int, str]] | None = None

    def last_year(self, at: int) -> str | None:
        if self._breaks is None or self._years is None:
            self._breaks = [m.start() for m in SENTENCE_BREAK.finditer(self.text)]
            self._years = [(m.start(), m.end(), m.group(1)) for m in YEAR.finditer(self.text)]
        k = bisect_right(self._breaks, at - 2) - 1  # text.rfind(". ", 0, at)
        start = max(self._breaks[k] if k >= 0 else -1, 0)
        cut = YEAR.match(self.text, max(at - 4, start), at)  # a year ending at `at` counts there, as in the slice
        if cut is not None and cut.end() == at:
            return cut.group(1)
        j = bisect_left(self._years, (at,)) - 1
        while j >= 0 and self._years[j][1] >= at:  # ends at `at` or beyond: not in the slice as such
            j -= 1
        if j >= 0 and self._years[j][0] >= start:
            return self._years[j][2]
        return None


def _one_span_per_entity(out: list[tuple[int, int, Entry]]) -> list[tuple[int, int, Entry]]:
    """One span per entity: a span inside another span of the same entity is left out ("first meeting"
    inside "first meeting of the Forum" is the same mention). In order of start, longest first; one pass."""
    spans = sorted(set(out), key=lambda x: (x[0], -x[1], str(x[2].entity)))
    reach: dict[URIRef, tuple[tuple[int, int], int, int]] = {}  # entity → (its last span, furthest end before it, so far)
    kept = []
    for x in spans:
        span, entity = (x[0], x[1]), x[2].entity
        last = reach.get(entity)
        if last is None:
            before, furthest = -1, x[1]
        elif last[0] == span:
            before, furthest = last[1], last[2]
        else:
            before, furthest = last[2], max(last[2], x[1])
        reach[entity] = (span, before, furthest)
        if before < x[1]:
            kept.append(x)
    return kept
