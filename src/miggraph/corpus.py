"""The corpus: verbatim document texts and the quote matcher.

A text is normalised for matching: a hyphen at a line end joined with the next word, white space collapsed to
one space, none at the start. The way back from a character of the normalised text to its offset in the file
is kept as the points where the offsets stop running on one by one, which are few (a run of white space longer
than one character, a hyphen joined across a line end, the start of a line), and looked up by bisection: a few
bytes per line of text, where one Python integer per character took about 36 bytes each.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from pathlib import Path

_HYPHEN_BREAK = re.compile(r"-[ \t]*\r?\n\s*")
_SPACE = re.compile(r"\s+")
# _HYPHEN_BREAK, tried first, then white space that is not one space alone (re's \s is str.isspace): a single
# space stays as it is, inside a run of text copied whole
_BREAK_OR_SPACE = re.compile(r"-[ \t]*\r?\n\s*|\s{2,}|[^\S ]")
_LEADING_SPACE = re.compile(r"\s*")


def normalise(text: str) -> str:
    """Join hyphens at line ends with the next word and collapse white space."""
    return _SPACE.sub(" ", _HYPHEN_BREAK.sub("-", text)).strip()


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


class CorpusText:
    """One corpus file, with a normalised copy (`norm`) whose spans map back to offsets in the file."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self._unit = UnitText(text, [(0, len(text))])

    @property
    def norm(self) -> str:
        return self._unit.norm

    def find(self, quote: str) -> tuple[int, int] | None:
        """Character offsets [start, end) of the first occurrence of `quote`, or None."""
        q = normalise(quote)
        if not q:
            return None
        pos = self._unit.norm.find(q)
        if pos < 0:
            return None
        return self._unit.to_file(pos, pos + len(q))


class Corpus:
    """The corpus folder: files read once, as UTF-8."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._texts: dict[str, CorpusText] = {}

    def get(self, name: str) -> CorpusText:
        if name not in self._texts:
            path = self.folder / name
            self._texts[name] = CorpusText(name, path.read_text(encoding="utf-8"))
        return self._texts[name]

    def exists(self, name: str) -> bool:
        return (self.folder / name).is_file()
