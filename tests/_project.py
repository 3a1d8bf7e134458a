"""Throw-away copies of the project's inputs, for tests that build or load data of their own."""

from __future__ import annotations

import shutil
from pathlib import Path

from miggraph.config import Settings

ROOT = Path(__file__).resolve().parents[1]

# One well-formed record citing a real passage: a facts file that loads.
GOOD_FACTS = """\
document: a-63-265
records:
  - id: process/gfmd
    type: GlobalConsultativeProcess
    label: Global Forum on Migration and Development
    source:
      para: "2"
      quote: "The Global Forum on Migration and Development was therefore launched in 2006"
    established: "2006"
"""


def copy_project(root: Path, extra: tuple[str, ...] = ()) -> Settings:
    """Copy ontology/, shapes/ (and the `extra` folders), the corpus and the document registry under `root`,
    with an empty data/facts/, and return the settings of that copy."""
    (root / "data" / "facts").mkdir(parents=True)
    for folder in ("ontology", "shapes", *extra):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(ROOT / "data" / "corpus", root / "data" / "corpus")
    shutil.copy(ROOT / "data" / "documents.yaml", root / "data" / "documents.yaml")
    return Settings(root=root)
