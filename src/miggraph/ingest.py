"""Ingest new documents: copy their text into data/corpus/, register them in data/documents.yaml, rebuild.

Plain text (UTF-8) and PDF (text extracted with pypdf) are accepted. Metadata comes from the
arguments or, where not given, from the text: the symbol from a header line holding only a symbol
("A/99/123"), the date from the first "19 May 2011" in the first lines, the title from the first line
that is neither furniture nor a header. Every file is checked before anything is written; if the
rebuild then fails, data/ is restored as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .errors import InputError, Problem
from .extract import symbol_slug
from .extract.passages import is_furniture
from .extract.patterns import DAY_DATE, MONTHS, SYMBOL

HEADER_NOISE = re.compile(r"^\s*(?:United Nations|General Assembly|Economic and Social Council|Security Council|Distr\.?:.*|"
                          r"Original:.*|English|Sixty-\w+ session|Agenda item.*|Item \d+.*)\s*$", re.I)


class IngestError(Exception):
    """A file cannot be ingested; nothing was written."""


@dataclass
class NewDocument:
    source: Path
    text: str
    slug: str
    corpus_file: str
    symbol: str | None
    title: str
    date: str | None
    kind: str
    quote: str
    para: str


def read_text(path: Path) -> str:
    """The text of a plain-text or PDF file; IngestError when unreadable, binary or empty."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-"):
        text = _pdf_text(path)
    else:
        if b"\x00" in data[:8192]:
            raise IngestError(f"{path}: binary file, not plain text or PDF")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngestError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise IngestError(f"{path}: empty (no text)")
    return text.replace("\r\n", "\n")


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        raise IngestError(f"{path}: cannot read the PDF ({exc})") from exc


def find_symbol(text: str) -> str | None:
    """A symbol standing alone on one of the first lines (the running header of a UN document)."""
    for line in text.splitlines()[:40]:
        m = SYMBOL.search(line)
        if m and m.group("sym").count("/") >= 2 and len(line.strip()) < 60:
            return m.group("sym")
    return None


def find_date(text: str) -> str | None:
    head = " ".join(text.splitlines()[:40])
    m = DAY_DATE.search(head)
    if not m:
        return None
    return f"{m.group('year')}-{MONTHS[m.group('month')]:02d}-{int(m.group('day')):02d}"


def find_title(text: str, symbol: str | None) -> str | None:
    """The first block of text that is not a header, furniture or the symbol."""
    lines: list[str] = []
    for line in text.splitlines()[:60]:
        s = line.strip()
        if not s:
            if lines:
                break
            continue
        if s == symbol or is_furniture(line) or HEADER_NOISE.match(line) or DAY_DATE.fullmatch(s):
            if lines:
                break
            continue
        lines.append(s)
        if len(lines) >= 3:
            break
    return " ".join(lines) if lines else None


def _existing(settings: Settings) -> tuple[set[str], set[str]]:
    """(document ids, corpus file names) already registered."""
    text = (settings.data_dir / "documents.yaml").read_text(encoding="utf-8")
    ids = set(re.findall(r"^\s*-\s*id:\s*(document/\S+)", text, re.M))
    files = set(re.findall(r"^\s*corpusFile:\s*(\S+)", text, re.M))
    return ids, files


def prepare(path: Path, settings: Settings, symbol: str | None = None, title: str | None = None, date: str | None = None,
            kind: str = "Report") -> NewDocument:
    """Read and check one file and work out its metadata (nothing is written)."""
    text = read_text(path)
    symbol = symbol or find_symbol(text)
    title = title or find_title(text, symbol)
    if not title:
        raise IngestError(f"{path}: no title found; give one with --title")
    date = date or find_date(text)
    if date and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", date):
        raise IngestError(f"{path}: malformed date {date!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
    slug = symbol_slug(symbol) if symbol else re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    corpus_file = (symbol.replace("/", "-") if symbol else slug) + ".txt"
    if symbol and symbol in text:
        quote, para = symbol, "running header"
    else:
        first = next(ln.strip() for ln in text.splitlines() if ln.strip())
        quote, para = first, "title"
    return NewDocument(path, text, slug, corpus_file, symbol, title, date, kind, quote, para)


def _record(doc: NewDocument) -> str:
    label = f"{doc.title} ({doc.symbol})" if doc.symbol and doc.symbol not in doc.title else doc.title
    lines = [
        "",
        f"  - id: document/{doc.slug}",
        f"    type: {doc.kind}",
        f"    label: {json.dumps(label, ensure_ascii=False)}",
    ]
    if doc.symbol:
        lines.append(f"    symbol: {json.dumps(doc.symbol)}")
    if doc.date:
        lines.append(f"    issued: {json.dumps(doc.date)}")
    lines += [
        f"    corpusFile: {doc.corpus_file}",
        "    source:",
        f"      doc: {doc.slug}",
        f"      para: {json.dumps(doc.para)}",
        f"      quote: {json.dumps(doc.quote, ensure_ascii=False)}",
    ]
    return "\n".join(lines) + "\n"


def ingest(
    paths: list[Path],
    settings: Settings,
    metadata: dict[str, str | None] | None = None,
    out_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[NewDocument]:
    """Add documents to the corpus and the registry, then rebuild into out_dir (default: {root}/out).

    `metadata` (symbol, title, date, kind) applies to a single file. Raises IngestError for a bad file
    and InputError when the rebuild fails; in both cases data/ is left as it was.
    """
    from .build import build_to

    meta = metadata or {}
    if len(paths) > 1 and any(meta.get(k) for k in ("symbol", "title", "date")):
        raise IngestError("--symbol, --title and --date describe one document: give one file at a time")
    ids, files = _existing(settings)
    known_texts = {p.read_text(encoding="utf-8") for p in settings.corpus_dir.glob("*.txt")}
    docs: list[NewDocument] = []
    for path in paths:
        if progress:
            progress(f"reading {path}")
        doc = prepare(path, settings, meta.get("symbol"), meta.get("title"), meta.get("date"), meta.get("kind") or "Report")
        if f"document/{doc.slug}" in ids or doc.corpus_file in files or (settings.corpus_dir / doc.corpus_file).exists():
            raise IngestError(f"{path}: document/{doc.slug} ({doc.corpus_file}) is already in the corpus")
        if doc.text in known_texts:
            raise IngestError(f"{path}: the same text is already in the corpus")
        ids.add(f"document/{doc.slug}")
        files.add(doc.corpus_file)
        known_texts.add(doc.text)
        docs.append(doc)
    registry = settings.data_dir / "documents.yaml"
    before = registry.read_text(encoding="utf-8")
    written: list[Path] = []
    try:
        for doc in docs:
            target = settings.corpus_dir / doc.corpus_file
            target.write_text(doc.text, encoding="utf-8")
            written.append(target)
        registry.write_text(before.rstrip("\n") + "\n" + "".join(_record(d) for d in docs), encoding="utf-8")
        if progress:
            progress("rebuilding")
        build_to(out_dir or settings.root / "out", root=settings.root, base=settings.base, progress=progress)
    except (InputError, OSError) as exc:
        registry.write_text(before, encoding="utf-8")
        for p in written:
            p.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError([Problem(str(registry), None, None, f"cannot write: {exc}")]) from exc
        raise
    return docs
