"""Ingest new documents: copy their text into data/corpus/, register them in data/documents.yaml, rebuild.

Plain text (UTF-8) and PDF are accepted; a PDF's text is laid out like the corpus text files, without its page
furniture (pdftext.py). Metadata comes from the options or, where not given, from what the document states
about itself (docmeta.py): the symbol from its masthead or running header, the date of issue from the
masthead or a dateline, the title from the title block, the kind from the title or "the present report".
What cannot be read is left out (the symbol, the date; the kind is then Document) and said, with the option
that sets it; a title that cannot be read is asked for. Every file is checked before anything is written; if
the rebuild then fails, or the run is interrupted, data/ and out/ stay as they were (staging.py).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import docmeta, staging
from .config import Settings
from .errors import InputError
from .extract import symbol_slug
from .extract.passages import split
from .extract.patterns import SYMBOL
from .validate import REPORT_FILE, SH, InvalidGraphError, results_turtle

KINDS = ", ".join(docmeta.KIND_CLASSES)


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
    read: list[str] = field(default_factory=list)  # what was read from the text, and by which rule
    missing: list[str] = field(default_factory=list)  # what was not, and the option that sets it
    date_note: str = ""
    symbol_note: str = ""


def read_text(path: Path) -> str:
    """The text of a plain-text or PDF file; IngestError when unreadable, binary or empty."""
    return read_document(path)[0]


def read_document(path: Path) -> tuple[str, list[str]]:
    """(text, page furniture left out of it) of a plain-text or PDF file; IngestError when unreadable, binary or empty."""
    furniture: list[str] = []
    if path.is_dir():
        raise IngestError(f"{path}: a folder, not a document; name the files in it")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise IngestError(f"{path}: larger than {MAX_BYTES // 1_000_000} MB, the most ingest accepts")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-"):
        text, furniture = _pdf_text(path)
    else:
        if b"\x00" in data[:8192]:
            raise IngestError(f"{path}: binary file, not plain text or PDF")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngestError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise IngestError(f"{path}: holds NUL bytes (a binary file?), not plain text")
    if not text.strip():
        raise IngestError(f"{path}: empty (no text)")
    return text.replace("\r\n", "\n"), furniture


def _pdf_text(path: Path) -> tuple[str, list[str]]:
    from .pdftext import PdfTextError, read_pdf

    try:
        pdf = read_pdf(path)
        return pdf.text, pdf.furniture
    except PdfTextError as exc:
        raise IngestError(f"{path}: cannot read the PDF ({exc})") from exc


def find_symbol(text: str) -> str | None:
    """The document's own symbol (docmeta.symbol): its masthead, running header or first line."""
    found = docmeta.read(text).symbol
    return found.value if found else None


def find_date(text: str) -> str | None:
    """The date of issue (docmeta.issue_date): the masthead's date or a dateline's."""
    found = docmeta.read(text).date
    return found.value if found else None


def find_title(text: str, symbol: str | None = None) -> str | None:
    """The title block after the masthead, with its byline (docmeta.title)."""
    found = docmeta.read(text).title
    return found.value if found else None


def _existing(settings: Settings) -> tuple[set[str], set[str]]:
    """(document ids, corpus file names) already registered."""
    text = (settings.data_dir / "documents.yaml").read_text(encoding="utf-8")
    ids = set(re.findall(r"^\s*-\s*id:\s*(document/\S+)", text, re.M))
    files = set(re.findall(r"^\s*corpusFile:\s*(\S+)", text, re.M))
    return ids, files


def document_classes(settings: Settings) -> set[str]:
    """The document classes of the project's ontology (Document and its subclasses); empty without an ontology."""
    from .ontology import Ontology

    if not settings.ontology_path.is_file():
        return set()
    ont = Ontology(settings.ontology_path)
    return {c for c in ont.classes if ont.is_subclass(c, "Document")}


@dataclass
class _Reading:
    """The metadata of one file as given or read, with what was read and what is missing, said for the user."""

    name: str
    read: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def given_or_read(self, what: str, given: str | None, found: docmeta.Found | None, flag: str,
                      missing: str) -> tuple[str | None, str]:
        """(value, how): the option if given, else what the text states, else None (said, with its option)."""
        if given:
            return given, f"Given to miggraph ingest with {flag}."
        if found is None:
            self.missing.append(f"{self.name}: {missing} (set it with {flag})")
            return None, ""
        detail = f", {found.detail}" if found.detail else ""
        self.read.append(f"{what} {found.value!r} ({found.rule}{detail})")
        return found.value, f"Read by miggraph ingest from the {found.rule}, {found.quote!r}{detail}."


def _kind(reading: _Reading, given: str | None, found: docmeta.Found | None, classes: set[str]) -> str:
    """The class of the document: --kind, else the class of the kind the text states, else Document."""
    if given:
        return given
    cls = docmeta.kind_class(found.value, classes) if found else None
    if found is not None and cls is not None:
        reading.read.append(f"kind {found.value} ({found.rule}: {found.quote!r}), a {cls}")
        return cls
    said = f"says it is a {found.value}, which the ontology has no class for" if found else \
        f"does not say what kind of document it is ({KINDS})"
    reading.missing.append(f"{reading.name}: the text {said}: recorded as a Document (set it with --kind)")
    return "Document"


def _para_of(text: str, quote: str, default: str) -> str:
    """The label of the unit holding the first occurrence of `quote` (`default` when it is page furniture)."""
    pos = text.find(quote)
    for unit in split(text):
        if any(s <= pos < e for s, e in unit.segments):
            return unit.label
    return default


def _with_page_header(meta: docmeta.Metadata, furniture: list[str]) -> docmeta.Metadata:
    """The symbol of the running header of a PDF's pages (left out of its text as furniture) when the text has none."""
    header = docmeta.running_header(furniture) if meta.symbol is None and furniture else None
    if header is None:
        return meta
    return replace(meta, symbol=docmeta.Found(header.value, header.quote, "running header of the PDF's pages"))


def prepare(path: Path, settings: Settings, symbol: str | None = None, title: str | None = None, date: str | None = None,
            kind: str | None = None, classes: set[str] | None = None) -> NewDocument:
    """Read and check one file and work out its metadata (nothing is written)."""
    text, furniture = read_document(path)
    meta = _with_page_header(docmeta.read(text), furniture)
    reading = _Reading(path.name)
    symbol, symbol_note = reading.given_or_read("symbol", symbol, meta.symbol, "--symbol",
                                                "no symbol in a masthead or running header: recorded without one")
    title, _ = reading.given_or_read("title", title, meta.title, "--title", "")
    if not title:
        opening = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:60]
        raise IngestError(f"{path}: no title block found (the text opens with {opening!r}); give the title with --title")
    date, date_note = reading.given_or_read("date", date, meta.date, "--date",
                                            "no date of issue in a masthead or dateline: left out")
    cls = _kind(reading, kind, meta.kind, document_classes(settings) if classes is None else classes)
    slug = symbol_slug(symbol) if symbol else docmeta.slug(title, path.stem)
    corpus_file = (symbol.replace("/", "-") if symbol else slug) + ".txt"
    if symbol and symbol in text:
        rule = meta.symbol.rule if meta.symbol and meta.symbol.value == symbol else "header"
        quote, para = symbol, _para_of(text, symbol, rule)
        symbol_note = ""
    else:
        quote = meta.title.quote if meta.title else next(ln.strip() for ln in text.splitlines() if ln.strip())
        para = _para_of(text, quote, "title")
        if symbol:
            symbol_note += " The corpus text does not print it."
    return NewDocument(path, text, slug, corpus_file, symbol, title, date, cls, quote, para,
                       reading.read, reading.missing, date_note, symbol_note)


def _record(doc: NewDocument) -> str:
    label = f"{doc.title} ({doc.symbol})" if doc.symbol and doc.symbol not in doc.title else doc.title
    lines = [
        "",
        f"  - id: document/{doc.slug}",
        f"    type: {doc.kind}",
        f"    label: {json.dumps(label, ensure_ascii=False)}",
    ]
    if doc.symbol and doc.symbol_note:
        lines += ["    symbol:", f"      value: {json.dumps(doc.symbol)}", f"      note: {json.dumps(doc.symbol_note, ensure_ascii=False)}"]
    elif doc.symbol:
        lines.append(f"    symbol: {json.dumps(doc.symbol)}")
    if doc.date:
        lines += ["    issued:", f"      value: {json.dumps(doc.date)}", f"      note: {json.dumps(doc.date_note, ensure_ascii=False)}"]
    lines += [
        f"    corpusFile: {doc.corpus_file}",
        "    source:",
        f"      doc: {doc.slug}",
        f"      para: {json.dumps(doc.para)}",
        f"      quote: {json.dumps(doc.quote, ensure_ascii=False)}",
    ]
    return "\n".join(lines) + "\n"


OPTION_NAMES = {"symbol": "--symbol", "title": "--title", "date": "--date", "kind": "--kind"}
MAX_BYTES = 50_000_000  # the largest document ingest accepts (50 MB of text)


def check_options(meta: dict[str, str | None]) -> None:
    """Refuse options that could not be written or would not load (before anything is written)."""
    for key, value in meta.items():
        if value is None:
            continue
        flag = OPTION_NAMES.get(key, key)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise IngestError(f"{flag} is not valid UTF-8 text (at character {exc.start}); give it in UTF-8") from exc
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise IngestError(f"{flag} holds a control character (a NUL byte, a line break ...); give it on one line")
        if not value.strip():
            raise IngestError(f"{flag} is empty")
    symbol = meta.get("symbol")
    if symbol is not None:
        m = SYMBOL.fullmatch(symbol.strip())
        if m is None or m.group("sym") != symbol.strip():
            raise IngestError(f"--symbol {symbol!r} is not a UN document symbol (such as A/63/265 or E/CN.9/2006/3)")
    date = meta.get("date")
    if date is not None and not _valid_date(date):
        raise IngestError(f"--date {date!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


def check_kind(kind: str | None, classes: set[str], settings: Settings) -> None:
    """Refuse a project without an ontology, and a --kind that is not one of its document classes (`classes`)."""
    if not settings.ontology_path.is_file():
        raise IngestError(f"no ontology at {settings.ontology_path}: is --root the project folder?")
    if kind is not None and kind not in classes:
        raise IngestError(f"--kind {kind!r} is not a kind of document (one of {', '.join(sorted(classes))})")


def _valid_date(value: str) -> bool:
    import datetime as dt

    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if m is None:
        return False
    try:
        if m.group(3):
            dt.date.fromisoformat(value)
        elif m.group(2) and not 1 <= int(m.group(2)) <= 12:
            return False
    except ValueError:
        return False
    return True


def _accept(paths: list[Path], settings: Settings, meta: dict[str, str | None], classes: set[str],
            progress: Callable[[str], None] | None) -> list[NewDocument]:
    """Read every file and work out its record; IngestError on the first that cannot be added (nothing written)."""
    ids, files = _existing(settings)
    known_texts = {p.read_text(encoding="utf-8"): p.name for p in sorted(settings.corpus_dir.glob("*.txt"))}
    docs: list[NewDocument] = []
    for path in paths:
        if progress:
            progress(f"reading {path}")
        doc = prepare(path, settings, meta.get("symbol"), meta.get("title"), meta.get("date"), meta.get("kind"), classes)
        if f"document/{doc.slug}" in ids or doc.corpus_file in files or (settings.corpus_dir / doc.corpus_file).exists():
            raise IngestError(f"{path}: document/{doc.slug} ({doc.corpus_file}) is already in the corpus; "
                              "give another --symbol or --title")
        if doc.text in known_texts:
            raise IngestError(f"{path}: the same text is already in the corpus, as data/corpus/{known_texts[doc.text]}")
        ids.add(f"document/{doc.slug}")
        files.add(doc.corpus_file)
        known_texts[doc.text] = doc.corpus_file
        docs.append(doc)
    return docs


def _stage_documents(data: Path, docs: list[NewDocument]) -> None:
    for doc in docs:
        (data / "corpus" / doc.corpus_file).write_text(doc.text, encoding="utf-8")
    registry = data / "documents.yaml"
    before = registry.read_text(encoding="utf-8")
    registry.write_text(before.rstrip("\n") + "\n" + "".join(_record(d) for d in docs), encoding="utf-8")


def _first_violation(exc: InvalidGraphError) -> str:
    found = [f for f in exc.report.findings if f.severity == SH.Violation]
    if not found:
        return str(exc)
    f = found[0]
    who = f.focus_label or str(f.focus)
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"the graph with this document violates the shapes: {who}: {f.message}{more}"


def ingest(
    paths: list[Path],
    settings: Settings,
    metadata: dict[str, str | None] | None = None,
    out_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[NewDocument]:
    """Add documents to the corpus and the registry, then rebuild into out_dir (default: {root}/out).

    Everything is done in a staged copy of data/ and a fresh out/ folder, swapped in only when the rebuilt
    graph loads, validates and is written (staging.py). `metadata` (symbol, title, date, kind) applies to a
    single file. Raises IngestError with one line naming the problem; data/ and out/ are then as they were,
    also after Ctrl-C or SIGTERM (a kill is finished or cleaned up by the next run).
    """
    from .build import check_graph, output_writers
    from .build import make_graph as build_graph
    from .export import render_fresh

    meta = metadata or {}
    for note in staging.recover(settings.root):
        if progress:
            progress(note)
    check_options(meta)
    if len(paths) > 1 and any(meta.get(k) for k in ("symbol", "title", "date")):
        raise IngestError("--symbol, --title and --date describe one document: give one file at a time")
    classes = document_classes(settings)
    docs = _accept(paths, settings, meta, classes, progress)
    check_kind(meta.get("kind"), classes, settings)
    out = (out_dir or settings.root / "out").resolve()
    rendered: Path | None = None
    with staging.terminate_as_interrupt():
        stage = staging.begin(settings.root, settings.data_dir)
        try:
            _stage_documents(stage.data, docs)
            staged = Settings(root=settings.root, base=settings.base, data=stage.data, check_support=settings.check_support)
            if progress:
                progress("rebuilding")
            graph = build_graph(staged)
            report = check_graph(graph, staged)
            from .propose import write_for_documents  # the facts each new document states, for review: data/proposed/
            write_for_documents(graph, staged, [d.slug for d in docs])
            writers = output_writers(graph, staged)
            writers[REPORT_FILE] = lambda: results_turtle(report)
            rendered, _ = render_fresh(out, writers, progress)
            stage.commit([(settings.data_dir, stage.data), (out, rendered)])
        except InputError as exc:
            first = exc.problems[0]
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            raise IngestError(f"the document cannot be added: {first}{more}; data/ and out/ are unchanged") from exc
        except InvalidGraphError as exc:
            raise IngestError(f"{_first_violation(exc)}; data/ and out/ are unchanged "
                              "(check --symbol, --title, --date and --kind)") from exc
        except OSError as exc:
            where = f" at {exc.filename}" if exc.filename else ""
            raise IngestError(f"cannot write the new data{where} ({exc.strerror or exc}); data/ and out/ are unchanged "
                              "(check --out and that the project folder is writable)") from exc
        finally:
            stage.abort()
            if rendered is not None and rendered.exists():
                shutil.rmtree(rendered, ignore_errors=True)
    return docs
