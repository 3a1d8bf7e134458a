"""A unit's normalised text and the way back from its characters to offsets in the corpus file, in little memory.

The text is the unit's lines joined by "\\n" and normalised as `corpus.CorpusText` does (a hyphen at a line end
joined with the next word, white space collapsed to one space, none at the start); the way back is the
offset in the file of each character of it. CorpusText keeps that as one Python integer per character (about
36 bytes each, twice over with the lines' offsets: a 50 MB unit took 3.6 GB); here it is kept as the points where
the offsets stop running on one by one, which are few (a run of white space longer than one character, a
hyphen joined across a line end, the start of a line), and looked up by bisection.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right

# corpus._HYPHEN_BREAK, tried first, then white space that is not one space alone (re's \s is str.isspace, as
# in CorpusText): a single space stays as it is, inside a run of text copied whole
_BREAK_OR_SPACE = re.compile(r"-[ \t]*\r?\n\s*|\s{2,}|[^\S ]")
_LEADING_SPACE = re.compile(r"\s*")


class _Runs:
    """A map from positions to positions that runs on one by one between a few points."""

    def __init__(self) -> None:
        self.starts = array("q")
        self.targets = array("q")
        self.length = 0

    def add(self, target: int, count: int) -> None:
        """The next `count` positions map to `target`, `target + 1`, ..."""
        if count <= 0:
            return
        if not self.starts or self(self.length - 1) + 1 != target:
            self.starts.append(self.length)
            self.targets.append(target)
        self.length += count

    def __call__(self, pos: int) -> int:
        k = bisect_right(self.starts, pos) - 1
        return self.targets[k] + pos - self.starts[k]


class UnitText:
    """The normalised text of a unit (`norm`) and `to_file(start, end)`: a span of it as offsets in the file."""

    def __init__(self, text: str, segments: list[tuple[int, int]]) -> None:
        self._lines = _Runs()  # position in the joined lines → offset in the file
        parts: list[str] = []
        for s, e in segments:
            if parts:
                parts.append("\n")
                self._lines.add(self._lines(self._lines.length - 1), 1)  # the line break: the line's last character
            parts.append(text[s:e])
            self._lines.add(s, e - s)
        joined = "".join(parts)
        self._norm = _Runs()  # position in `norm` → position in the joined lines
        self.norm = self._normalise(joined)

    def _normalise(self, joined: str) -> str:
        out: list[str] = []
        size = 0  # characters written so far
        pos = _LEADING_SPACE.match(joined).end()  # type: ignore[union-attr]  # white space at the start is dropped
        for m in _BREAK_OR_SPACE.finditer(joined, pos):
            if m.start() > pos:
                out.append(joined[pos:m.start()])
                self._norm.add(pos, m.start() - pos)
                size += m.start() - pos
            if m.group(0)[0] == "-":  # a hyphen at a line end: kept, the line break and the indent after it dropped
                out.append("-")
                self._norm.add(m.start(), 1)
                size += 1
            elif size:  # white space: one space, none at the start
                out.append(" ")
                self._norm.add(m.start(), 1)
                size += 1
            pos = m.end()
        if pos < len(joined):
            out.append(joined[pos:])
            self._norm.add(pos, len(joined) - pos)
        return "".join(out)

    def to_file(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) of `norm` as offsets in the file: of its first character, and after its last."""
        return self._lines(self._norm(start)), self._lines(self._norm(end - 1)) + 1
