"""Paths, namespaces and the configurable base IRI."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import Namespace, URIRef


class Vocabulary(Namespace):
    """An rdflib Namespace whose terms, written as attributes (MIG.inDocument), are made once: the first use keeps
    the URIRef on the namespace, where later uses find it without a new URIRef and its IRI check."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self.__dict__[name] = self.term(name)
        return term


MIG = Vocabulary("https://w3id.org/miggraph/ontology#")
PROV = Vocabulary("http://www.w3.org/ns/prov#")
QB = Vocabulary("http://purl.org/linked-data/cube#")
SCHEMA = Vocabulary("https://schema.org/")
ORG = Vocabulary("http://www.w3.org/ns/org#")
DCTERMS = Vocabulary("http://purl.org/dc/terms/")
# rdflib's RDF, RDFS, SKOS and XSD make a new URIRef at every attribute (and check the name): these, for the code
# that reads them in its inner loops (loading, extraction, validation, the exports, the site), make each term once
RDF = Vocabulary(str(rdflib.RDF))
RDFS = Vocabulary(str(rdflib.RDFS))
SKOS = Vocabulary(str(rdflib.SKOS))
XSD = Vocabulary(str(rdflib.XSD))
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
UNDOCS = "https://undocs.org/en/"
DEFAULT_BASE = "https://w3id.org/miggraph/"

PREFIXES: dict[str, str] = {
    "mig": str(MIG),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": str(PROV),
    "qb": str(QB),
    "dcterms": str(DCTERMS),
}


def project_root() -> Path:
    """The folder holding data/, ontology/ and shapes/ (the checkout, or MIGGRAPH_HOME)."""
    env = os.environ.get("MIGGRAPH_HOME")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "ontology" / "miggraph.ttl").exists() and (parent / "data").is_dir():
            return parent
    return Path.cwd()


@dataclass(frozen=True)
class Settings:
    """Where the inputs are and which base IRI instances get."""

    root: Path
    base: str = DEFAULT_BASE
    data: Path | None = None  # another data/ folder than {root}/data (ingest builds from a staged copy)
    # the support check of citations (support.py); off only for test fixtures that are about something else
    # (hostile markup in names), never for a published build: MIGGRAPH_CHECK_SUPPORT=0
    check_support: bool = True

    @property
    def data_dir(self) -> Path:
        return self.data if self.data is not None else self.root / "data"

    @property
    def corpus_dir(self) -> Path:
        return self.data_dir / "corpus"

    @property
    def ontology_path(self) -> Path:
        return self.root / "ontology" / "miggraph.ttl"

    @property
    def shapes_path(self) -> Path:
        return self.root / "shapes" / "miggraph.shacl.ttl"

    @property
    def instance_base(self) -> str:
        return self.base.rstrip("/") + "/id/"

    @classmethod
    def default(cls, root: Path | None = None, base: str | None = None) -> Settings:
        return cls(
            root=Path(root) if root else project_root(),
            base=base or os.environ.get("MIGGRAPH_BASE", DEFAULT_BASE),
            check_support=os.environ.get("MIGGRAPH_CHECK_SUPPORT", "1") != "0",
        )
