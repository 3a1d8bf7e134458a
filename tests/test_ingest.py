"""miggraph ingest: a new UN-style report goes into a copy of the project, is linked to what the graph knows,
and adds what it does not; bad files are refused and leave data/ as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from miggraph.cli import main
from miggraph.config import MIG, PROV, SCHEMA, Settings
from miggraph.ingest import IngestError, find_date, find_symbol, find_title, prepare

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "tests" / "data" / "a-99-123.txt"
ID = "https://w3id.org/miggraph/id/"


def copy_project(dest: Path) -> Path:
    for name in ("ontology", "shapes", "queries"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    (dest / "data").mkdir(parents=True)
    for name in ("corpus", "facts", "tables"):
        shutil.copytree(ROOT / "data" / name, dest / "data" / name)
    shutil.copy(ROOT / "data" / "documents.yaml", dest / "data" / "documents.yaml")
    return dest


def data_digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((root / "data").rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph, str]:
    """The report ingested with the command line into a copy of the project, rebuilt into its out/."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    result = CliRunner().invoke(main, ["ingest", str(REPORT), "--root", str(root)])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(root / "out" / "miggraph.nt", format="nt")
    return root, graph, result.output


def units_of(graph: Graph, doc: str) -> dict[str, URIRef]:
    out = {}
    for unit in graph.subjects(MIG.inDocument, URIRef(ID + f"document/{doc}")):
        if (unit, SCHEMA.text, None) in graph:
            out[str(graph.value(unit, MIG.paragraph))] = unit
    return out


def test_metadata_found_in_the_text():
    text = REPORT.read_text(encoding="utf-8")
    assert find_symbol(text) == "A/99/123"
    assert find_date(text) == "2044-08-12"
    assert find_title(text, "A/99/123") == "Follow-up to the Global Forum on Migration and Development: report of the Secretary-General"


def test_document_registered_and_copied(ingested):
    root, graph, output = ingested
    assert "document/a-99-123" in output
    assert (root / "data" / "corpus" / "A-99-123.txt").read_text(encoding="utf-8") == REPORT.read_text(encoding="utf-8")
    registry = (root / "data" / "documents.yaml").read_text(encoding="utf-8")
    assert "  - id: document/a-99-123\n    type: Report\n" in registry
    doc = URIRef(ID + "document/a-99-123")
    assert (doc, RDF.type, MIG.Report) in graph
    assert graph.value(doc, MIG.symbol) == Literal("A/99/123")
    assert str(graph.value(doc, MIG.issued)) == "2044-08-12"
    assert graph.value(doc, RDFS.label) == Literal(
        "Follow-up to the Global Forum on Migration and Development: report of the Secretary-General (A/99/123)", lang="en")


def test_known_bodies_and_resolutions_are_linked(ingested):
    _, graph, _ = ingested
    units = units_of(graph, "a-99-123")
    assert {"title", "Summary", "I. Introduction", "1", "2", "3"} <= set(units)
    summary = set(graph.objects(units["Summary"], MIG.mentions))
    assert {URIRef(ID + "resolution/63-225"), URIRef(ID + "process/gfmd"), URIRef(ID + "org/gmg"),
            URIRef(ID + "meeting/hld-2006")} <= summary
    para1 = set(graph.objects(units["1"], MIG.mentions))
    assert {URIRef(ID + "org/iom"), URIRef(ID + "org/gmg"), URIRef(ID + "resolution/60-227"), URIRef(ID + "resolution/65-170"),
            URIRef(ID + "org/ga")} <= para1
    para2 = set(graph.objects(units["2"], MIG.mentions))
    assert {URIRef(ID + "org/iom"), URIRef(ID + "org/undp")} <= para2
    assert URIRef(ID + "city/manila") in set(graph.objects(units["3"], MIG.mentions))
    # known resolutions stay curated: extraction adds nothing to them
    assert (URIRef(ID + "resolution/60-227"), PROV.wasGeneratedBy, None) not in graph


def test_unknown_resolution_and_symbol_become_extracted_entities(ingested):
    _, graph, _ = ingested
    activity = URIRef(ID + "activity/text-extraction")
    res = URIRef(ID + "resolution/98-321")
    doc = URIRef(ID + "document/monh-sur-2043-4")
    assert (res, RDF.type, MIG.Resolution) in graph and (doc, RDF.type, MIG.Document) in graph
    assert graph.value(res, MIG.resolutionNumber) == Literal("98/321")
    assert graph.value(doc, MIG.symbol) == Literal("MONH/SUR/2043/4")
    for entity, quote in ((res, "98/321"), (doc, "MONH/SUR/2043/4")):
        assert (entity, PROV.wasGeneratedBy, activity) in graph
        source = graph.value(entity, PROV.wasDerivedFrom)
        assert quote in str(graph.value(source, MIG.quote))
        assert graph.value(source, MIG.inDocument) == URIRef(ID + "document/a-99-123")
        # the number or symbol is stated like a curated fact: a reified statement citing the passage
        statements = [st for st in graph.subjects(RDF.subject, entity) if (st, PROV.wasDerivedFrom, source) in graph]
        assert statements
    extracted = set(graph.subjects(PROV.wasGeneratedBy, activity)) - set(graph.subjects(RDF.type, MIG.Passage))
    assert extracted == {res, doc}


def test_page_furniture_of_the_new_report_is_dropped(ingested):
    _, graph, _ = ingested
    texts = [str(graph.value(u, SCHEMA.text)) for u in units_of(graph, "a-99-123").values()]
    assert not any("44-12345" in t or "Distr." in t or "A/99/123" in t for t in texts)
    money = [n for n in graph.subjects(RDF.type, MIG.MoneyMention) if str(n).startswith(ID + "mention/a-99-123-")]
    assert [str(graph.value(n, RDF.value)) for n in money] == ["12000000.0"]


def test_ingesting_the_same_document_twice_is_refused(ingested):
    root, _, _ = ingested
    before = data_digest(root)
    result = CliRunner().invoke(main, ["ingest", str(REPORT), "--root", str(root)])
    assert result.exit_code != 0
    assert "already in the corpus" in result.output
    assert data_digest(root) == before


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n  \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"caf\xe9 au lait", "not UTF-8"),
    (b"%PDF-1.4\nthis is not really a PDF", "cannot read the PDF"),
])
def test_bad_files_are_refused_and_data_is_untouched(tmp_path, content, message):
    root = tmp_path / "project"
    (root / "data" / "corpus").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "documents.yaml", root / "data" / "documents.yaml")
    bad = tmp_path / ("bad.pdf" if content.startswith(b"%PDF") else "bad.txt")
    bad.write_bytes(content)
    before = data_digest(root)
    result = CliRunner().invoke(main, ["ingest", str(bad), "--root", str(root)])
    assert result.exit_code != 0
    assert message in result.output
    assert data_digest(root) == before


def test_unreadable_file(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(IngestError, match="cannot read"):
        prepare(link, Settings(root=ROOT))


def test_pdf_text_is_read(tmp_path):
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(_minimal_pdf("A/99/124 Note by the Secretary-General on IOM"))
    doc = prepare(pdf, Settings(root=ROOT))
    assert "Note by the Secretary-General on IOM" in doc.text
    assert doc.symbol == "A/99/124"


def _minimal_pdf(line: str) -> bytes:
    """A one-page PDF with one line of text, written by hand (offsets computed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
