"""The corpus: verbatim document texts and the quote matcher."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_HYPHEN_BREAK = re.compile(r"-[ \t]*\r?\n\s*")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Join hyphens at line ends with the next word and collapse white space."""
    return _SPACE.sub(" ", _HYPHEN_BREAK.sub("-", text)).strip()


@dataclass
class CorpusText:
    """One corpus file, with a normalised copy whose characters map back to offsets."""

    name: str
    text: str
    _norm: str = field(init=False, repr=False)
    _offsets: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        text = self.text
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "-":
                m = _HYPHEN_BREAK.match(text, i)
                if m and "\n" in m.group(0):
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
        self._norm = "".join(chars)
        self._offsets = offsets

    def find(self, quote: str) -> tuple[int, int] | None:
        """Character offsets [start, end) of the first occurrence of `quote`, or None."""
        q = normalise(quote)
        if not q:
            return None
        pos = self._norm.find(q)
        if pos < 0:
            return None
        start = self._offsets[pos]
        end = self._offsets[pos + len(q) - 1] + 1
        return start, end


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
