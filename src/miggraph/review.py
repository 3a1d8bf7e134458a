"""`miggraph review DOC`: accept, reject or edit the facts proposed for a document.

Accepted facts are appended, with their passage and the proposal they came from, to data/facts/{doc}-accepted.yaml,
a curated facts file like any other; rejected ones are remembered in data/proposed/{doc}.rejected.yaml and never
proposed again; both leave data/proposed/{doc}.yaml. The change is made in a staged copy of data/ (staging.py):
when a fact is accepted the graph is rebuilt from it, validated and rendered beside out/, and data/ and out/ are
swapped in together only if all of that succeeds. Otherwise nothing changes and the error names the fact.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import staging
from .config import Settings
from .corpus import normalise
from .errors import InputError
from .propose.model import Proposal
from .propose.store import accepted_path, add_accepted, add_rejected, defined_ids, read_proposals, write_proposals
from .validate import REPORT_FILE, SH, InvalidGraphError, results_turtle


class ReviewError(Exception):
    """A decision cannot be applied; data/ and out/ are unchanged."""


@dataclass
class Decisions:
    accept: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)  # proposal id → the record as the curator edited it

    def __bool__(self) -> bool:
        return bool(self.accept or self.reject)


@dataclass
class Outcome:
    accepted: list[Proposal]
    rejected: list[Proposal]
    pending: int
    accepted_file: Path | None


def pending(settings: Settings, slug: str) -> list[Proposal]:
    """The proposals waiting for review (ReviewError when there is no proposals file)."""
    from .propose.store import proposed_path

    if not proposed_path(settings.data_dir, slug).is_file():
        raise ReviewError(f"no proposals for {slug!r}: run 'miggraph propose {slug}' (or ingest the document) first")
    try:
        return read_proposals(settings.data_dir, slug)
    except (InputError, KeyError, TypeError, ValueError) as exc:
        raise ReviewError(f"data/proposed/{slug}.yaml cannot be read ({exc}); run 'miggraph propose {slug}' again") from exc


def select(proposals: list[Proposal], accept: tuple[str, ...] = (), reject: tuple[str, ...] = (),
           accept_rules: tuple[str, ...] = ()) -> Decisions:
    """Decisions from ids and rules given on the command line; ReviewError naming an id or a rule that matches nothing."""
    ids = {p.id for p in proposals}
    unknown = [i for i in (*accept, *reject) if i not in ids]
    if unknown:
        raise ReviewError(f"no pending proposal {', '.join(unknown)} (miggraph review DOC --list lists them)")
    both = set(accept) & set(reject)
    if both:
        raise ReviewError(f"{', '.join(sorted(both))} both accepted and rejected")
    chosen = list(dict.fromkeys(accept))
    for rule in accept_rules:
        matched = [p.id for p in proposals if p.rule == rule or p.rule.startswith(rule + ".") or p.relation == rule]
        if not matched:
            raise ReviewError(f"no pending proposal from rule {rule!r} (rules: {', '.join(sorted({p.rule for p in proposals}))})")
        chosen += [i for i in matched if i not in chosen and i not in reject]
    return Decisions(chosen, list(dict.fromkeys(reject)))


def in_context(proposal: Proposal, text: str, width: int = 160) -> tuple[str, str, str]:
    """The text before the quote, the quote, and the text after it (white space collapsed; a space kept at either
    side of the quote where the text has one), cut at words, for display."""
    lo, hi = max(0, proposal.start - width), min(len(text), proposal.end + width)
    before = normalise(text[lo:proposal.start]) + (" " if text[proposal.start - 1:proposal.start].isspace() else "")
    after = (" " if text[proposal.end:proposal.end + 1].isspace() else "") + normalise(text[proposal.end:hi])
    before = re.sub(r"^\S*\s", "", before) if lo > 0 else before
    after = re.sub(r"\s\S*$", "", after) if hi < len(text) else after
    return before, normalise(text[proposal.start:proposal.end]), after


def curated_ids(settings: Settings) -> set[str]:
    """Ids the curated data defines (every `- id:` of documents.yaml, facts/ and tables/)."""
    ids: set[str] = set()
    for path in [settings.data_dir / "documents.yaml", *sorted((settings.data_dir / "facts").glob("*.yaml")),
                 *sorted((settings.data_dir / "tables").glob("*.yaml"))]:
        ids |= defined_ids(path)
    return ids


def apply(settings: Settings, slug: str, decisions: Decisions, out_dir: Path | None = None,
          progress: Callable[[str], None] | None = None) -> Outcome:
    """Apply the decisions in a staged copy of data/, rebuild when a fact is accepted, and swap data/ and out/ in."""
    proposals = pending(settings, slug)
    by_id = {p.id: p for p in proposals}
    accepted = [by_id[i] for i in decisions.accept]
    rejected = [by_id[i] for i in decisions.reject]
    decided = {p.id for p in accepted + rejected}
    remaining = [p for p in proposals if p.id not in decided]
    out = (out_dir or settings.root / "out").resolve()
    for note in staging.recover(settings.root):
        if progress:
            progress(note)
    with staging.terminate_as_interrupt():
        stage = staging.begin(settings.root, settings.data_dir)
        rendered: Path | None = None
        try:
            if accepted:
                add_accepted(stage.data, slug, [(p, decisions.edits.get(p.id, p.record)) for p in accepted], curated_ids(settings))
            if rejected:
                add_rejected(stage.data, slug, rejected)
            write_proposals(stage.data, slug, remaining)
            swaps = [(settings.data_dir, stage.data)]
            if accepted:
                rendered = _rebuild(settings, stage.data, out, progress)
                swaps.append((out, rendered))
            stage.commit(swaps)
        except InputError as exc:
            first = exc.problems[0]
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            raise ReviewError(f"the accepted facts do not load: {first}{more}; data/ and out/ are unchanged "
                              "(edit the proposal, or reject it)") from exc
        except InvalidGraphError as exc:
            raise ReviewError(f"{_first_violation(exc)}; data/ and out/ are unchanged (edit the proposal, or reject it)") from exc
        except OSError as exc:
            raise ReviewError(f"cannot write the reviewed data ({exc.strerror or exc}); data/ and out/ are unchanged") from exc
        finally:
            stage.abort()
            if rendered is not None and rendered.exists():
                shutil.rmtree(rendered, ignore_errors=True)
    return Outcome(accepted, rejected, len(remaining), accepted_path(settings.data_dir, slug) if accepted else None)


def _rebuild(settings: Settings, data: Path, out: Path, progress: Callable[[str], None] | None) -> Path:
    """Build, validate and render the graph of the staged data beside out/; the rendered folder."""
    from .build import check_graph, make_graph, output_writers
    from .export import render_fresh

    staged = Settings(root=settings.root, base=settings.base, data=data, check_support=settings.check_support)
    if progress:
        progress("rebuilding")
    graph = make_graph(staged)
    report = check_graph(graph, staged)
    writers = output_writers(graph, staged)
    writers[REPORT_FILE] = lambda: results_turtle(report)
    rendered, _ = render_fresh(out, writers, progress)
    return rendered


def _first_violation(exc: InvalidGraphError) -> str:
    found = [f for f in exc.report.findings if f.severity == SH.Violation]
    if not found:
        return str(exc)
    f = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"the graph with the accepted facts violates the shapes: {f.focus_label or f.focus}: {f.message}{more}"


def parse_edit(text: str) -> dict[str, Any]:
    """A record as the curator edited it (YAML, every scalar a string); ReviewError when it is not one mapping."""
    import yaml

    try:
        value = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds plain strings, lists and dicts
    except yaml.YAMLError as exc:
        raise ReviewError(f"the edited record is not YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(value, dict) or not ("about" in value or "type" in value or "id" in value):
        raise ReviewError("the edited record must be one mapping with 'about' (or 'type' / 'id') and its facts")
    return value


@dataclass
class Terminal:
    """How the interactive review talks to the curator (click's functions; replaced in tests)."""

    echo: Callable[[str], None]
    choose: Callable[[str], str]  # the prompt → one of a, r, e, s, q
    edit: Callable[[str], str | None]  # the record's YAML → the edited YAML (None: unchanged)
    style: Callable[..., str] = lambda text, **_: text


def describe(p: Proposal, text: str, index: int, total: int, term: Terminal) -> None:
    """A proposal as the curator sees it: what it states, the rule and confidence, the quote in its context."""
    from .propose.store import dump

    before, quote, after = in_context(p, text)
    term.echo(term.style(f"[{index}/{total}] {p.id} · {p.relation} · rule {p.rule} · confidence {p.confidence:.2f} · para {p.para}",
                         bold=True))
    for line in dump(p.record).splitlines():
        term.echo(f"    {line}")
    for need in p.needs:
        term.echo(f"    (with the new entity {need.ident}: {need.type} “{need.label}”)")
    term.echo("  … " + before + term.style(f"«{quote}»", fg="yellow", bold=True) + after + " …")


def interactive(proposals: list[Proposal], text: str, term: Terminal) -> Decisions:
    """Ask about each proposal in turn: accept, reject, edit (then accept), skip, or quit (keeping the decisions made)."""
    from .propose.store import dump

    decisions = Decisions()
    for i, p in enumerate(proposals, start=1):
        describe(p, text, i, len(proposals), term)
        while True:
            answer = term.choose("[a]ccept, [r]eject, [e]dit, [s]kip, [q]uit")
            if answer == "e":
                edited = term.edit(dump(p.record))
                if edited is None:
                    term.echo("  unchanged")
                    continue
                try:
                    decisions.edits[p.id] = parse_edit(edited)
                except ReviewError as exc:
                    term.echo(f"  {exc}")
                    continue
                answer = "a"
            break
        if answer == "q":
            break
        if answer == "a":
            decisions.accept.append(p.id)
        elif answer == "r":
            decisions.reject.append(p.id)
    return decisions


def corpus_text(settings: Settings, slug: str) -> str:
    """The corpus text of document/{slug}, for showing quotes in context (empty when the registry does not give it)."""
    from .yamlio import read_yaml

    registry = read_yaml(settings.data_dir / "documents.yaml", "data/documents.yaml")
    for rec in (registry or {}).get("records") or []:
        if isinstance(rec, dict) and rec.get("id") == f"document/{slug}" and isinstance(rec.get("corpusFile"), str):
            path = settings.corpus_dir / rec["corpusFile"]
            return path.read_text(encoding="utf-8") if path.is_file() else ""
    return ""
