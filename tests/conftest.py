"""Shared fixtures: the real project, a built graph, and throw-away project copies for bad input."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from miggraph.build import build_to
from miggraph.config import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data built once into a temporary out/ folder."""
    out = tmp_path_factory.mktemp("out")
    build_to(out, root=ROOT)
    return out


@pytest.fixture(scope="session")
def store(built: Path) -> ox.Store:
    """The Turtle export loaded into pyoxigraph, as a user would load it."""
    s = ox.Store()
    s.load(path=str(built / "miggraph.ttl"), format=ox.RdfFormat.TURTLE)
    return s


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str, str], Settings]:
    """A copy of the project with the real corpus and documents, plus one facts file of the test's own."""

    def make(facts: str, name: str = "test.yaml") -> Settings:
        root = tmp_path / "project"
        if not root.exists():
            (root / "data" / "facts").mkdir(parents=True)
            shutil.copytree(ROOT / "ontology", root / "ontology")
            shutil.copytree(ROOT / "data" / "corpus", root / "data" / "corpus")
            shutil.copy(ROOT / "data" / "documents.yaml", root / "data" / "documents.yaml")
        (root / "data" / "facts" / name).write_text(textwrap.dedent(facts), encoding="utf-8")
        return Settings(root=root)

    return make
