"""Shared fixtures: the real project, a built graph, and throw-away project copies for bad input."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from _project import copy_project

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
            copy_project(root)
        (root / "data" / "facts" / name).write_text(textwrap.dedent(facts), encoding="utf-8")
        return Settings(root=root)

    return make


def require(found: bool, what: str) -> None:
    """A test that needs a component fails without it under CI=true, and is skipped elsewhere."""
    if found:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing (CI=true: install it; scripts/test.sh does)")
    pytest.skip(f"{what} is missing")


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (no browser download)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    require(path is not None, "Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()
