"""`finditer` for the two patterns of descriptions.py whose backtracking is quadratic in a long list.

`COORDINATED` ("temporary or circular migration") reads a list of words joined by ", " before "and" or "or";
`ORDINAL_RUN` ("the third and fourth meetings") a run of ordinals joined by "," or "and". Run by `finditer`,
either reads the whole list again from every word of it where the list does not end as the pattern wants
("a, a, a, ..." of 8,000 words: 3 s; of 80,000: about 5 minutes). The functions here give the very matches of `pattern.finditer(text)`, but
read each list once: where a match can end depends on the list's end only, so a start from which none can is
skipped with the rest of its list, and the pattern itself is run only where it matches, and only as far as it
matches (`tests/test_extract_scale.py` compares both on random texts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# COORDINATED: r"\b(?P<mods>[a-z-]+(?:, [a-z-]+)*,? (?:and|or) [a-z-]+) (?P<noun>[a-z]+)\b"
_WORD_START = re.compile(r"\b[a-z-]")
# where a list can end: after a word, ",? and|or W N" follows
_TAIL_POINT = re.compile(r"(?<=[a-z-])(?=,? (?:and|or) [a-z-]+ [a-z]+\b)")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz-")


def coordinated(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for descriptions.COORDINATED.

    A match is a list "w1, w2, ..., wn" (words of [a-z-] joined by ", ") from its start, then ",? and|or W N".
    From any start in a list the pattern's list runs to wn, then gives back words until that tail follows:
    after wn, or after wn-1 where wn is "and" or "or" (no other word of a list is followed by ", and " or
    " and "). So the matches are found from the places such a tail follows (`_TAIL_POINT`, one pass): for
    each, the first start in its list, which reads the list once.
    """
    pos = 0
    for point in _TAIL_POINT.finditer(text):
        p = point.start()
        if p < pos:
            continue  # inside the last match
        start = _WORD_START.search(text, max(_list_start(text, p), pos))
        if start is None or start.start() >= p:
            continue  # the list holds no start before the tail (it began inside the last match)
        m = pattern.match(text, start.start())
        if m is not None:
            yield m
            pos = m.end()


def _list_start(text: str, p: int) -> int:
    """Where the list of words ending at `p` starts: back over words and the ", " between them."""
    i = p
    while True:
        while i > 0 and text[i - 1] in _LETTERS:
            i -= 1
        if i >= 3 and text[i - 2:i] == ", " and text[i - 3] in _LETTERS:
            i -= 2
            continue
        return i


# ORDINAL_RUN: rf"\b(?P<ords>(?:{ords})(?:(?:,\s*|\s+and\s+)(?:{ords}))*)\s+(?P<w1>[a-z-]+)(?:\s+(?P<w2>[a-z]+))?", re.I
def ordinal_runs(pattern: re.Pattern[str], ordinals: list[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for descriptions.ORDINAL_RUN (built from `ordinals`, none the start of another).

    The run of ordinals from any of its ordinals ends at the same last one; the pattern needs a word after an
    ordinal, which follows the last one or, within the run, an ordinal followed by "and". So a start matches
    if and only if the last ordinal is followed by a word, or an "and" comes after the start.
    """
    ords = "|".join(ordinals)
    first = re.compile(rf"\b(?:{ords})", re.I)
    step = re.compile(rf"(?P<sep>,\s*|\s+and\s+)(?:{ords})", re.I)
    word_after = re.compile(r"\s+[a-z-]+(?:\s+[a-z]+)?", re.I)
    pos = 0
    run: _Run | None = None
    while True:
        start = first.search(text, pos)
        if start is None:
            return
        s = start.start()
        if run is None or s >= run.end:
            run = _Run(text, start.end(), step, word_after)
        k = run.tail_after(s)
        if k is None:
            pos = run.end
            continue
        m = pattern.match(text, s, word_after.match(text, k).end())  # type: ignore[union-attr]
        if m is None:  # not expected: then the pattern's own answer, one start further
            pos = s + 1
            continue
        yield m
        pos = m.end()


class _Run:
    """A run of ordinals: where it ends, and after which of its ordinals a word follows."""

    def __init__(self, text: str, first_end: int, step: re.Pattern[str], word_after: re.Pattern[str]) -> None:
        ends = [first_end]
        self.ands: list[int] = []  # ends of the ordinals followed by "and" and another ordinal
        m = step.match(text, first_end)
        while m is not None:
            if not m.group("sep").startswith(","):
                self.ands.append(ends[-1])
            ends.append(m.end())
            m = step.match(text, m.end())
        self.end = ends[-1]
        self.last_ok = word_after.match(text, self.end) is not None

    def tail_after(self, s: int) -> int | None:
        """Where the ordinals of a match from `s` end: the last ordinal, or the last one followed by "and"."""
        if self.last_ok:
            return self.end
        if self.ands and self.ands[-1] > s:
            return self.ands[-1]
        return None
