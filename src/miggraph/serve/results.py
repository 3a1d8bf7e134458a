"""SPARQL results written row by row, so that a result can be cut at the cap (JSON, XML, CSV, TSV) and RDF output."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..config import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Row = Sequence[object | None]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def _json_term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, str] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    return f"<literal>{escape(str(term))}</literal>"


def _plain(term: object | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _tsv(term: object | None) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t")


@dataclass(frozen=True)
class Layout:
    """How a results format is written: what comes before the rows, each row, between rows, and after them."""

    head: str
    row: Callable[[Row], str]
    sep: str
    tail: str


def _json_layout(variables: list[str]) -> Layout:
    def row(r: Row) -> str:
        return json.dumps({v: _json_term(t) for v, t in zip(variables, r, strict=True) if t is not None}, ensure_ascii=False)

    head = json.dumps({"head": {"vars": variables}, "results": {"bindings": []}}, ensure_ascii=False)[:-3]
    return Layout(head, row, ", ", "]}}")


def _xml_layout(variables: list[str]) -> Layout:
    def row(r: Row) -> str:
        bindings = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                           for v, t in zip(variables, r, strict=True) if t is not None)
        return f"<result>{bindings}</result>\n"

    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>'
            + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>\n<results>\n")
    return Layout(head, row, "", "</results>\n</sparql>\n")


def _csv_line(values: Iterable[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(values)
    return buf.getvalue()


def _csv_layout(variables: list[str]) -> Layout:
    return Layout(_csv_line(variables), lambda r: _csv_line(_plain(t) for t in r), "", "")


def _tsv_layout(variables: list[str]) -> Layout:
    head = "\t".join(f"?{v}" for v in variables) + "\n"
    return Layout(head, lambda r: "\t".join(_tsv(t) for t in r) + "\n", "", "")


LAYOUTS: dict[str, Callable[[list[str]], Layout]] = {"json": _json_layout, "xml": _xml_layout, "csv": _csv_layout,
                                                      "tsv": _tsv_layout}


def _raw_size(row: Row) -> int:
    """A lower bound of the bytes a row takes in any format: the length of its values."""
    return sum(len(getattr(t, "value", "")) for t in row if isinstance(t, ox.NamedNode | ox.BlankNode | ox.Literal))


def capped_solutions(variables: list[str], rows: Iterable[Row], fmt: str, max_rows: int | None = None,
                     max_bytes: int | None = None) -> tuple[bytes, str | None]:
    """SELECT results in the SPARQL 1.1 JSON, XML, CSV or TSV results format, cut after max_rows rows or before the
    row that would make the answer longer than max_bytes; the answer and what cut it (None, "rows" or "bytes")."""
    if fmt not in LAYOUTS:
        raise ValueError(f"unknown results format {fmt!r}")
    layout = LAYOUTS[fmt](variables)
    parts = [layout.head.encode("utf-8")]
    size = len(parts[0]) + len(layout.tail)
    count, cut = 0, None
    sep = layout.sep.encode("utf-8")
    for row in rows:
        if max_rows is not None and count >= max_rows:
            cut = "rows"
            break
        if max_bytes is not None and size + _raw_size(row) > max_bytes:
            cut = "bytes"
            break
        chunk = (sep if count else b"") + layout.row(row).encode("utf-8")
        if max_bytes is not None and size + len(chunk) > max_bytes:
            cut = "bytes"
            break
        parts.append(chunk)
        size += len(chunk)
        count += 1
    parts.append(layout.tail.encode("utf-8"))
    return b"".join(parts), cut


def solutions(variables: list[str], rows: Iterable[Row], fmt: str) -> bytes:
    """SELECT results in the SPARQL 1.1 JSON, XML, CSV or TSV results format."""
    return capped_solutions(variables, rows, fmt)[0]


def boolean(value: bool, fmt: str) -> bytes:
    """An ASK result (CSV and TSV, which define no boolean, get the bare word)."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                f"<head/>\n<boolean>{word}</boolean>\n</sparql>\n").encode()
    return f"{word}\n".encode()


def triples(items: Iterable[ox.Triple], fmt: str) -> bytes:
    """Triples in Turtle, N-Triples, JSON-LD or RDF/XML (with the project's prefixes where the format has them)."""
    rdf_format = RDF_FORMATS[fmt]
    ordered = sorted(items, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if fmt == "ntriples":
        return ox.serialize(ordered, format=rdf_format) or b""
    return ox.serialize(ordered, format=rdf_format, prefixes=PREFIXES) or b""


def capped_triples(items: Iterable[ox.Triple], fmt: str, max_rows: int | None = None,
                   max_bytes: int | None = None) -> tuple[bytes, str | None]:
    """Triples as triples() writes them, cut after max_rows triples or so that the answer fits in max_bytes;
    the answer and what cut it (None, "rows" or "bytes")."""
    kept: list[ox.Triple] = []
    size, cut = 0, None
    for triple in items:
        if max_rows is not None and len(kept) >= max_rows:
            cut = "rows"
            break
        line = len(str(triple).encode("utf-8")) + 3
        if max_bytes is not None and size + line > max_bytes:
            cut = "bytes"
            break
        kept.append(triple)
        size += line
    body = triples(kept, fmt)
    while max_bytes is not None and len(body) > max_bytes and kept:  # a format longer than N-Triples: cut some more
        kept = kept[: int(len(kept) * max_bytes / len(body) * 0.9)]
        body, cut = triples(kept, fmt), "bytes"
    return body, cut
