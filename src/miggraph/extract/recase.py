"""All-capitals text in the casing of the names it holds, in one pass over the text.

`Recaser.recase(text)` gives what this loop gives, one name at a time, longest name (in tokens) first:

    out = text.lower() with its first character upper case
    for each name of two or more tokens with a capital after its first character:
        for each occurrence of the name in `out`, in any case, not inside a word:
            write the name over it

so where occurrences overlap, the name written last wins: the shorter name, or of two names of one length the
one the gazetteer holds later, or of two occurrences of one name the later one. Instead of searching the text
once per name (text × names, and a new copy of the text for every occurrence), an Aho-Corasick automaton
finds every occurrence of every name in one pass, and each character takes the name that would have been
written over it last.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

import ahocorasick


class Recaser:
    """The names to write over all-capitals text, in the order they would be written."""

    def __init__(self, keys: Iterable[tuple[str, ...]]) -> None:
        self.names: list[str] = []  # by rank: the later, the later written
        self.exotic = False  # a name whose lower case is not as long as itself: then the loop itself runs
        best: dict[str, int] = {}  # lower-case name → the rank of the last name written with it
        for key in sorted(keys, key=len, reverse=True):
            if len(key) < 2:
                continue
            name = " ".join(key).replace(" - ", "-")
            if not any(c.isupper() for c in name[1:]):
                continue
            self.exotic |= len(name.lower()) != len(name)
            best[name.lower()] = len(self.names)
            self.names.append(name)
        self.automaton = ahocorasick.Automaton()
        for lowered, rank in best.items():
            self.automaton.add_word(lowered, rank)
        if best:
            self.automaton.make_automaton()

    def recase(self, heading: str) -> str:
        lower = heading.lower()
        out = lower[:1].upper() + lower[1:]
        folded = out.lower()
        if self.exotic or len(folded) != len(out):
            return self.recase_slowly(out)
        if not self.names:
            return out
        return _paint(out, self._occurrences(out, folded), self.names)

    def _occurrences(self, out: str, folded: str) -> list[tuple[int, int, int]]:
        """(start, end, rank) of every occurrence not inside a word."""
        found = []
        n = len(out)
        for last, rank in self.automaton.iter(folded):
            end = last + 1
            start = end - len(self.names[rank])
            if (start == 0 or not out[start - 1].isalnum()) and (end == n or not out[end].isalnum()):
                found.append((start, end, rank))
        return found

    def recase_slowly(self, out: str) -> str:
        """The loop itself (for names or text whose lower case changes their length)."""
        for name in self.names:
            pos = out.lower().find(name.lower())
            while pos >= 0:
                before_ok = pos == 0 or not out[pos - 1].isalnum()
                after = pos + len(name)
                if before_ok and (after == len(out) or not out[after].isalnum()):
                    out = out[:pos] + name + out[after:]
                pos = out.lower().find(name.lower(), pos + 1)
        return out


def _paint(out: str, occurrences: list[tuple[int, int, int]], names: list[str]) -> str:
    """`out` with each character taken from the occurrence covering it written last: the highest (rank, start)."""
    if not occurrences:
        return out
    occurrences.sort()
    bounds = sorted({0, len(out), *(s for s, _, _ in occurrences), *(e for _, e, _ in occurrences)})
    active: list[tuple[int, int, int, int]] = []  # (-rank, -start, start, end): the winner on top
    pieces: list[str] = []
    i = 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        while i < len(occurrences) and occurrences[i][0] <= a:
            s, e, rank = occurrences[i]
            heapq.heappush(active, (-rank, -s, s, e))
            i += 1
        while active and active[0][3] <= a:
            heapq.heappop(active)
        if active:
            rank, start = -active[0][0], active[0][2]
            pieces.append(names[rank][a - start:b - start])
        else:
            pieces.append(out[a:b])
    return "".join(pieces)
