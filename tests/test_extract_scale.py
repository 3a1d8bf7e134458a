"""Extraction grows with the text, not with the text times the names, and finds what it found before.

The growth tests count work rather than time it where they can: Python calls made by `analyse` (a name-dense
unit four times as long must cost about four times the calls, not sixteen). Work the regular-expression engine
does is not counted by calls, so two tests compare the time of N and 4N with a generous ratio. The other tests
check each fast path against the slow reading it replaces, on random texts.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDFS, SKOS, URIRef

from miggraph import regions, themes
from miggraph.config import MIG, Settings
from miggraph.corpus import CorpusText, normalise
from miggraph.extract import LOWER_WORD, patterns
from miggraph.extract.descriptions import Describer
from miggraph.extract.gazetteer import Entry, Gazetteer
from miggraph.extract.mentions import analyse
from miggraph.load import load

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def matchers() -> tuple[Gazetteer, Describer, list[str]]:
    """The gazetteer and describer of the real graph, as the build makes them, and the graph's names."""
    settings = Settings(root=ROOT)
    graph = load(settings).graph
    regions.add_hierarchy(graph, settings)
    themes.add_structure(graph, settings)
    corpus = [p.read_text(encoding="utf-8") for p in sorted(settings.corpus_dir.glob("*.txt"))]
    gazetteer = Gazetteer.from_graph(graph, {m.group(0) for t in corpus for m in LOWER_WORD.finditer(t)})
    names = sorted({" ".join(str(o).split()) for p in (RDFS.label, SKOS.altLabel, MIG.acronym) for o in graph.objects(None, p)})
    return gazetteer, Describer(graph, gazetteer), names


def dense(names: list[str], size: int, seed: int = 3) -> str:
    """Names of the graph, one after another, in lines of 80 columns and no blank line: one unit."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        out.append(rng.choice(names))
        total += len(out[-1]) + 1
    text = " ".join(out)[:size]
    return "\n".join(text[i:i + 80] for i in range(0, len(text), 80)) + "\n"


def calls(work: Callable[[], object]) -> int:
    """Python calls (functions and generator steps) made while `work` runs."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def best_time(work: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def grows_in_proportion(small: Callable[[], object], large: Callable[[], object], bound: float = 8, attempts: int = 3) -> float:
    """The ratio of the best times of `large` (4x the input) and `small`: below `bound` in one of a few attempts
    (a busy machine may slow one attempt; a cost growing with the square of the input is 16x every time)."""
    ratio = float("inf")
    for _ in range(attempts):
        ratio = min(ratio, best_time(large) / best_time(small))
        if ratio < bound:
            break
    return ratio


def test_dense_unit_costs_calls_in_proportion(matchers: tuple[Gazetteer, Describer, list[str]]) -> None:
    """A unit of nothing but names: 4x the text, about 4x the calls (before: 15x, 195,000 and 2,970,000)."""
    gazetteer, describer, names = matchers
    texts = [dense(names, n) for n in (20_000, 80_000)]
    small, large = (calls(lambda t=t: analyse("dense.txt", t, gazetteer, describer)) for t in texts)
    assert large / small < 6, (small, large)
    assert large < 80_000 * 4, large  # a few calls per character at most


def test_all_capitals_unit_in_proportion(matchers: tuple[Gazetteer, Describer, list[str]]) -> None:
    """An all-capitals unit is recased in the casing of the names it holds: in one pass (before, once per name,
    with a new copy of the text for every occurrence)."""
    gazetteer, _, names = matchers
    small, large = (dense(names, n).upper().replace("\n", " ") for n in (100_000, 400_000))
    gazetteer.recase(small[:100])  # the automaton is built once
    ratio = grows_in_proportion(lambda: gazetteer.recase(small), lambda: gazetteer.recase(large))
    assert ratio < 8, ratio


def test_long_lists_in_proportion(matchers: tuple[Gazetteer, Describer, list[str]]) -> None:
    """A list of words or ordinals that does not end as a coordination does ("remittances, remittances, ...",
    "first, first, ...") is read once, not again from each of its words (before: 16x the time for 4x)."""
    gazetteer, describer, _ = matchers
    for item in ("remittances, ", "first, "):
        small, large = (item * n + "!" for n in (4_000, 16_000))
        ratio = grows_in_proportion(lambda t=small: describer.find(t, [], [], []), lambda t=large: describer.find(t, [], [], []))
        assert ratio < 8, (item, ratio)


def test_a_dense_unit_is_read_whole(matchers: tuple[Gazetteer, Describer, list[str]]) -> None:
    """What is found, not how fast: the dense unit is one unit, full of names and descriptions."""
    gazetteer, describer, names = matchers
    doc = analyse("dense.txt", dense(names, 20_000, seed=1), gazetteer, describer)
    assert len(doc.units) == 1
    assert {"name", "description"} <= {m.kind for m in doc.mentions}
    assert len(doc.mentions) > 500


# -- each fast path against the reading it replaces ---------------------------------------------------------

LIST_PIECES = ["a", "b", "ab", "and", "or", "-", ", ", ", ", " ", ",", "X", "first", "second", "First", "AND", "x-y", "third",
               " and ", " or ", ".", "_", "é", "\n", "1"]


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LIST_PIECES), max_size=60).map("".join))
def test_list_scans_are_the_patterns_own(text: str) -> None:
    from miggraph.extract import scan
    from miggraph.extract.descriptions import COORDINATED, ORDINAL_RUN, ORDINALS

    assert _spans(scan.coordinated(COORDINATED, text)) == _spans(COORDINATED.finditer(text))
    assert _spans(scan.ordinal_runs(ORDINAL_RUN, ORDINALS, text)) == _spans(ORDINAL_RUN.finditer(text))


SPACE_PIECES = ["a", "b", "-", " ", "\n", "\t", "\r", "\r\n", "  ", "\u00a0", "\u2028", "x-", "-\n", "- \n  ", "é", "\x0c"]
_HYPHEN_BREAK = re.compile(r"-[ \t]*\r?\n\s*")


def per_character(text: str) -> tuple[str, list[int]]:
    """The slow reading: the normalised text built a character at a time, with the offset of each character."""
    chars: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "-":
            m = _HYPHEN_BREAK.match(text, i)
            if m:
                chars.append("-")
                offsets.append(i)
                i = m.end()
                continue
        if ch.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(i)
            i = j
            continue
        chars.append(ch)
        offsets.append(i)
        i += 1
    return "".join(chars), offsets


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(SPACE_PIECES), min_size=1, max_size=40).map("".join), st.data())
def test_unit_text_is_the_per_character_reading(text: str, data: st.DataObject) -> None:
    """The normalised text of a unit and its offsets, as the per-character reading gives them for its joined lines."""
    from miggraph.corpus import UnitText

    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), min_size=2, max_size=6)))
    segments = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b > a]
    if not segments:
        return
    parts: list[str] = []
    file_pos: list[int] = []
    for s, e in segments:
        if parts:
            parts.append("\n")
            file_pos.append(file_pos[-1])
        parts.append(text[s:e])
        file_pos.extend(range(s, e))
    norm, offsets = per_character("".join(parts))
    new = UnitText(text, segments)
    assert new.norm == norm
    for a in range(len(norm)):
        for b in (a + 1, len(norm)):
            assert new.to_file(a, b) == (file_pos[offsets[a]], file_pos[offsets[b - 1]] + 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SPACE_PIECES), min_size=1, max_size=40).map("".join),
       st.lists(st.sampled_from(SPACE_PIECES), min_size=1, max_size=6).map("".join))
def test_corpus_text_finds_what_the_per_character_reading_finds(text: str, quote: str) -> None:
    """A quote's first occurrence, at the offsets the per-character reading gives, or None where it gives none."""
    norm, offsets = per_character(text)
    q = normalise(quote)
    pos = norm.find(q) if q else -1
    expected = None if pos < 0 else (offsets[pos], offsets[pos + len(q) - 1] + 1)
    assert CorpusText("t.txt", text).find(quote) == expected
    for piece in (text, text[1:], text[:-1]):
        q = normalise(piece)
        if q:
            pos = norm.find(q)
            assert CorpusText("t.txt", text).find(piece) == (offsets[pos], offsets[pos + len(q) - 1] + 1)


def test_recaser_is_the_loop(matchers: tuple[Gazetteer, Describer, list[str]]) -> None:
    """One pass with the automaton writes what the loop over the names writes, on capitals made of names."""
    from miggraph.extract.recase import Recaser

    gazetteer, _, names = matchers
    recaser = Recaser(gazetteer.entries)
    rng = random.Random(5)
    for _ in range(40):
        text = " ".join(rng.choice([*rng.sample(names, 1), "AND", "OF THE", "-", ",", "2009"]) for _ in range(rng.randint(1, 40))).upper()
        lower = text.lower()
        assert recaser.recase(text) == recaser.recase_slowly(lower[:1].upper() + lower[1:])


def _dates_before(text: str) -> list[patterns.Found]:
    """patterns.dates as it was: all earlier spans searched for each match."""
    taken: list[tuple[int, int]] = []
    out = []
    for m in patterns.DAY_DATE.finditer(text):
        try:
            d = dt.date(int(m.group("year")), patterns.MONTHS[m.group("month")], int(m.group("day")))
        except ValueError:
            continue
        taken.append((m.start(), m.end()))
        out.append(patterns.Found(m.start(), m.end(), "date", d.isoformat()))
    for m in patterns.MONTH_DATE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        taken.append((m.start(), m.end()))
        out.append(patterns.Found(m.start(), m.end(), "date", f"{m.group('year')}-{patterns.MONTHS[m.group('month')]:02d}"))
    for m in patterns.YEAR_DATE.finditer(text):
        s = m.start("year")
        if not any(a <= s < b for a, b in taken):
            out.append(patterns.Found(s, m.end("year"), "date", m.group("year")))
    return out


DATE_PIECES = ["14 ", "31 ", "and ", "to ", "- ", "September ", "February ", "May, ", "2006", "2011 ", "in ", "since ", "mid-", ", ",
               "(Geneva, 2011)", "x"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=30).map("".join))
def test_dates_are_found_as_before(text: str) -> None:
    assert list(patterns.dates(text)) == _dates_before(text)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 5), st.sampled_from("ABC"), st.sampled_from(["s", "t"])), max_size=25))
def test_one_span_per_entity_as_before(spans: list[tuple[int, int, str, str]]) -> None:
    from miggraph.extract.descriptions import _one_span_per_entity

    out = [(a, a + n, Entry(URIRef(f"urn:{e}"), "", surface, False)) for a, n, e, surface in spans]
    ordered = sorted(set(out), key=lambda x: (x[0], -x[1], str(x[2].entity)))
    before = [x for x in ordered if not any(y[2].entity == x[2].entity and y[0] <= x[0] and x[1] <= y[1] and y[:2] != x[:2]
                                            for y in ordered)]
    assert _one_span_per_entity(out) == before


def test_years_in_the_sentence_before() -> None:
    """The "annual meeting" rule reads the year last written in the sentence before the name, from an index."""
    from miggraph.extract.descriptions import YEAR, _Sentences

    rng = random.Random(2)
    for _ in range(150):
        text = "".join(rng.choice(["2009", "2010 ", ". ", ".", " ", "x", "1999", "20101", "a2008"]) for _ in range(rng.randint(0, 30)))
        index = _Sentences(text)
        for at in range(len(text) + 1):
            start = max(text.rfind(". ", 0, at), 0)
            years = YEAR.findall(text[start:at])
            assert index.last_year(at) == (years[-1] if years else None), (text, at)


def test_no_name_pattern_is_built_over_the_whole_text() -> None:
    """Names are looked up token by token in a trie, not by a pattern of all names run over the text."""
    import miggraph.extract.gazetteer as gaz_module

    assert not any(isinstance(v, re.Pattern) and v.pattern.count("|") > 100 for v in vars(gaz_module).values())
