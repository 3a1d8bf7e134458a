"""Where proposals live: data/proposed/{doc}.yaml (pending), data/proposed/{doc}.rejected.yaml (rejected, remembered),
data/facts/{doc}-accepted.yaml (accepted: curated facts like any other, with the proposal each came from)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem
from ..yamlio import read_yaml
from .model import Proposal

HEADER = """\
# Proposed facts for document/{slug}: candidates miggraph's rules read in the text (miggraph propose), each with
# its quote, the rule that found it and a confidence. They are not published until accepted:
# `miggraph review {slug}` moves accepted ones into data/facts/{slug}-accepted.yaml and remembers rejected ones in
# data/proposed/{slug}.rejected.yaml. `record` is in the curated format of data/README.md; `needs` are the records
# of entities the fact links that the curated data does not define yet (written with the first fact accepted).
"""
ACCEPTED_HEADER = """\
# Facts accepted from miggraph's proposals for document/{slug} (miggraph review). The comment above each record
# names the proposal, the rule that read it, its confidence and the day it was accepted.
"""
REJECTED_HEADER = """\
# Proposals for document/{slug} a curator rejected (miggraph review): never proposed again.
"""


def proposed_path(data_dir: Path, slug: str) -> Path:
    return data_dir / "proposed" / f"{slug}.yaml"


def rejected_path(data_dir: Path, slug: str) -> Path:
    return data_dir / "proposed" / f"{slug}.rejected.yaml"


def accepted_path(data_dir: Path, slug: str) -> Path:
    return data_dir / "facts" / f"{slug}-accepted.yaml"


def dump(value: Any) -> str:
    """YAML in block style, every scalar as written (quoted where YAML would read it otherwise)."""
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=10**6, default_flow_style=False)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_proposals(data_dir: Path, slug: str, proposals: list[Proposal]) -> Path:
    path = proposed_path(data_dir, slug)
    body = dump({"document": slug, "proposals": [p.as_yaml() for p in proposals]})
    _atomic_write(path, HEADER.format(slug=slug) + body)
    return path


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    content = read_yaml(path, str(path))
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise InputError([Problem(str(path), 1, None, "top level must be a mapping (document, proposals)")])
    return content


def read_proposals(data_dir: Path, slug: str) -> list[Proposal]:
    content = _read(proposed_path(data_dir, slug))
    return [Proposal.from_yaml(p) for p in content.get("proposals") or []]


def read_rejected(data_dir: Path, slug: str) -> set[str]:
    content = _read(rejected_path(data_dir, slug))
    return {str(r["id"]) for r in content.get("rejected") or [] if isinstance(r, dict) and "id" in r}


def add_rejected(data_dir: Path, slug: str, proposals: list[Proposal], today: str | None = None) -> None:
    path = rejected_path(data_dir, slug)
    content = _read(path)
    entries = list(content.get("rejected") or [])
    day = today or dt.date.today().isoformat()
    known = {str(e.get("id")) for e in entries if isinstance(e, dict)}
    for p in proposals:
        if p.id not in known:
            entries.append({"id": p.id, "rule": p.rule, "relation": p.relation, "para": p.para, "quote": p.quote,
                            "facts": [" ".join(k) for k in p.keys], "rejected": day})
    _atomic_write(path, REJECTED_HEADER.format(slug=slug) + dump({"document": slug, "rejected": entries}))


def defined_ids(path: Path) -> set[str]:
    """Ids a facts file defines (`- id: ...` at the start of a record)."""
    if not path.is_file():
        return set()
    return set(re.findall(r"^\s*-\s*id:\s*['\"]?([^'\"\s]+)", path.read_text(encoding="utf-8"), re.M))


def _indented(record: dict[str, Any]) -> str:
    return "".join("  " + line + "\n" for line in dump([record]).splitlines())


def add_accepted(data_dir: Path, slug: str, accepted: list[tuple[Proposal, dict[str, Any]]], defined: set[str],
                 today: str | None = None) -> Path:
    """Append the accepted records (with the new entities they need that nothing defines yet) to the accepted file."""
    path = accepted_path(data_dir, slug)
    text = path.read_text(encoding="utf-8") if path.is_file() else ACCEPTED_HEADER.format(slug=slug) + dump(
        {"document": slug}) + "records:\n"
    defined = set(defined) | defined_ids(path)
    day = today or dt.date.today().isoformat()
    parts = [text if text.endswith("\n") else text + "\n"]
    for proposal, record in accepted:
        for need in proposal.needs:
            if need.ident not in defined:
                parts.append(f"  # entity introduced by proposal {proposal.id} (rule {proposal.rule})\n")
                parts.append(_indented(need.record()))
                defined.add(need.ident)
        if isinstance(record.get("id"), str):
            defined.add(record["id"])
        parts.append(f"  # proposal {proposal.id} · rule {proposal.rule} · confidence {proposal.confidence:.2f} · accepted {day}\n")
        parts.append(_indented(record))
    _atomic_write(path, "".join(parts))
    return path
