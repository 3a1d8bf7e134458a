"""References to other documents: every resolution and document symbol a document cites, the instruments it calls
on States to ratify, and the publications it cites by title; and the year a cited document was issued.

- `references.symbol`: "(see A/65/944)", "(E/ESCWA/SDD/2007/2)": the document `references` the document the symbol
  names (not its own symbol, and not a symbol in its masthead);
- `references.resolution`: "General Assembly resolution 60/206": the document `references` the resolution;
- `references.instrument`: "States were urged to ratify and implement all the relevant instruments, including the
  International Convention on the Protection of the Rights of All Migrant Workers ...", and an instrument a footnote
  names, and one whose adoption is welcomed: the document `references` the instrument (not one only said to be
  ratified: "130 countries had ratified");
- `references.citation`, `issued.citation`: a footnote citing a publication, "World Bank, “Migration and development
  brief 18” (Washington, D.C., 2012).", "UNHCR, 2010 Statistical Yearbook: Tenth edition (Geneva, 2011).", "See Trends
  in International Migrant Stock: Migrants by Age and Sex (United Nations publication, forthcoming).": the document
  `references` the publication so titled (a new entity), `issued` in the year (or month) of the imprint;
- `references.entitled`: "the working paper entitled “Regional consultative processes ...”", "the report entitled
  Migrants Count: Five Steps Toward Better Migration Data": the document `references` the publication so titled;
- `references.published`, `issued.published`: "In 2011, IOM and the Migration Policy Institute published Developing a
  Road Map for Engaging Diasporas in Development: a Handbook for ...": a title right after "published" (or "issued",
  "released"), referenced, and issued at the date the sentence opens with;
- `issued.year-report`, `issued.published-in`: "The 2001 report (A/56/167)", "In 2006, ECA prepared a report entitled
  “...” (ECA/SDD/06/01)": the year the document with that symbol was issued.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .common import DOCUMENTS, INSTRUMENTS, NAMED, ORGANISATIONS, outermost
from .context import DocContext, Sentence, Span
from .model import Candidate
from .newentities import slug

CLAUSE = re.compile(r"[,;:()]")


def clause(sent: Sentence, span: Span, limit: int = 160) -> tuple[int, int]:
    """The clause around a span: from the punctuation before it to the punctuation after it, at most `limit` long."""
    start = max((m.end() for m in CLAUSE.finditer(sent.text, 0, span.start) if sent.text[m.start()] != "("), default=0)
    ends = [m.start() for m in CLAUSE.finditer(sent.text, span.end) if sent.text[m.start()] != "("]
    end = ends[0] if ends else len(sent.text)
    if sent.text[end:end + 1] == ")":
        end += 1
    start = max(start, span.start - limit)
    end = min(end, span.end + limit)
    while start < span.start and sent.text[start] == " ":
        start += 1
    return start, end


def references(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    if sent.unit_kind == "title":
        return
    for s in sent.spans:
        if s.kind not in ("resolution", "symbol") or s.entity is None or s.entity == ctx.doc_iri:
            continue
        yield Candidate(f"references.{s.kind}", 0.9, sent, [("references", s.entity)], subject=ctx.doc_iri, quote=clause(sent, s))


NAMED_INSTRUMENTS = INSTRUMENTS - {"Resolution"}
WELCOMED = re.compile(r"\b[Ww]elcom(?:ed|es|ing)\b")
CALL_TO_RATIFY = re.compile(r"\b(?:to ratify|ratifying|to accede to|acceding to)\b")
# where the call's scope ends: another clause ("..., and the Secretary-General noted that the Protocol ...")
CALL_END = re.compile(r";|,\s+(?:but|while|whereas)\b|\b(?:noted|said|stated|stressed|observed|recalled|added|reported)\s+that\b")
# an instrument a footnote only says is ratified ("46 States had ratified the Convention"): a ratification status
RATIFIED = re.compile(r"\b(?:ratified|acceded to|ratifications? of|(?:States )?[Pp]arties to)\s+(?:the\s+)?(?:(?:19|20)\d\d\s+)?$")


def instrument(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"Member States were urged to ratify and implement all the international instruments ..., including the
    International Convention on the Protection of the Rights of All Migrant Workers ...", "the importance of ratifying
    ... and, in particular, the International Convention ...": the document `references` each instrument named after a
    call to ratify (or accede to) instruments, up to the end of the call's clause (a ";", ", but", "noted that" ...), or
    whose adoption the sentence welcomes ("The adoption of the Global Code of Practice ... was welcomed"); and each
    instrument a footnote names ("² The Protocol to Prevent ..., supplementing the United Nations Convention against
    Transnational Organized Crime."). An instrument only said to
    have been ratified ("149 countries had ratified the 2000 Protocol"), in the text or in a footnote, is a ratification
    status, not a reference."""
    if sent.unit_kind == "title":
        return
    call = CALL_TO_RATIFY.search(sent.text)
    names = outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED])
    if WELCOMED.search(sent.text):  # "The adoption of the Global Code of Practice ..., by ..., was welcomed."
        for s in names:
            if s.cls in NAMED_INSTRUMENTS and re.search(r"\badoption of (?:the\s+)?$", sent.text[:s.start]):
                yield Candidate("references.instrument", 0.85, sent, [("references", s.entity)], subject=ctx.doc_iri,
                                quote=clause(sent, s) if sent.text[:s.start].count(",") else (0, s.end))
    if call is None and sent.unit_kind != "footnote":
        return
    start = call.end() if call is not None else 0
    stop = CALL_END.search(sent.text, start) if call is not None else None
    end = stop.start() if stop is not None else len(sent.text)
    for s in names:
        if not start <= s.start < end or s.cls not in NAMED_INSTRUMENTS or s.entity == ctx.doc_iri:
            continue
        if call is None and RATIFIED.search(sent.text[:s.start]):
            continue
        yield Candidate("references.instrument", 0.85, sent, [("references", s.entity)], subject=ctx.doc_iri, quote=clause(sent, s))


FOOTNOTE_MARK = re.compile(r"^(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s+(?:See\s+(?:also\s+)?)?")
QUOTED_TITLE = re.compile(r"“(?P<title>[^“”]{8,300}?)”")
# what follows a title: its imprint, "(Geneva, 2011).", "(February, 2012).", "..., 2012." (a year, with a place or a
# month before it), or the series it belongs to first ("UIS Information Bulletin, No. 7 (February, 2012)")
IMPRINT = re.compile(r"(?:,\s+[^“”()]{1,120}?)?(?:\s+\((?:[^()]{1,60},\s+)?(?P<y1>[^(),]*(?:19|20)\d\d)\)|,\s+(?P<y2>(?:19|20)\d\d))\.?$")
UNQUOTED_TITLE = re.compile(r",\s+(?P<title>[A-Z0-9][^“”(),;]{8,200}?(?::\s+[^“”(),;]{3,120})?)(?=\s+\()")
# "See Trends in International Migrant Stock: the 2008 Revision (United Nations publication, forthcoming)."
UN_PUBLICATION = re.compile(r"(?P<title>[A-Z][^“”(),;]{8,200}?)\s+\(United Nations publication\b")
UN_PUBLICATION_AT = re.compile(r"\s+\(United Nations publication\b[^()]*\)\.?$")
NOT_A_TITLE = re.compile(r"^(?:www\.|https?:|resolutions?\b|paras?\.|paragraphs?\b|for example\b|[a-z])")


def _new_document(ctx: DocContext, title: str) -> Span:
    """The document a citation titles, as a new entity (a report when its title says so, a publication otherwise)."""
    iri = ctx.entities.iri(f"document/{slug(title)}")
    cls = "Report" if re.search(r"\b[Rr]eport\b", title) else "Publication"
    if not ctx.entities.curated(iri):
        ctx.entities.new.setdefault(iri, (cls, title, (), None))
    return Span(0, len(title), title, "name", iri, cls)


def citation(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """A footnote citing a publication by its title, as UN documents cite: "5 World Bank, “Migration and development brief
    18” (Washington, D.C., 2012).", "9 UNHCR, 2010 Statistical Yearbook: Tenth edition (Geneva, 2011).", "1 See
    “Realizing the future we want for all: report to the Secretary-General”, United Nations system task team ...,
    2012.": the document `references` the publication so titled (a new entity, unless the graph knows that title), and
    the publication was `issued` in the year (or month) of its imprint. A title without quotation marks must follow a
    publisher the graph knows and end at the imprint's bracket. A citation with a symbol is left to `references.symbol`."""
    if sent.unit_kind != "footnote" or sent.index != 0 or sent.of_kind("symbol") or sent.of_kind("resolution"):
        return
    mark = FOOTNOTE_MARK.match(sent.text)
    if mark is None:
        return
    quoted = QUOTED_TITLE.match(sent.text, mark.end()) or QUOTED_TITLE.search(sent.text, mark.end())
    if quoted is not None:
        head = sent.text[mark.end():quoted.start()]
        if head and not re.fullmatch(r"[^“”()]{2,150},\s+", head):
            return
        title, end = quoted.group("title").strip().rstrip(","), quoted.end()
    elif UN_PUBLICATION.match(sent.text, mark.end()) and sent.text[:mark.end()].rstrip().endswith("See"):
        unquoted = UN_PUBLICATION.match(sent.text, mark.end())
        assert unquoted is not None
        title, end = unquoted.group("title").strip(), unquoted.end("title")
    else:
        publisher = next((s for s in outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED])
                          if s.start == mark.end()), None)
        unquoted = UNQUOTED_TITLE.match(sent.text, publisher.end) if publisher is not None else None
        if publisher is None or unquoted is None or publisher.cls not in ORGANISATIONS:
            return
        title, end = unquoted.group("title").strip(), unquoted.end()
    if NOT_A_TITLE.match(title) or len(title.split()) < 2:
        return
    imprint = IMPRINT.match(sent.text, end)
    if imprint is None and not UN_PUBLICATION_AT.match(sent.text, end):
        return
    known = ctx.entities.named(title)
    target = known if known is not None else _new_document(ctx, title).entity
    quote = (mark.end() - len(re.sub(r"^(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s+", "", sent.text[:mark.end()])), len(sent.text))
    yield Candidate("references.citation", 0.85, sent, [("references", target)], subject=ctx.doc_iri, quote=quote)
    if imprint is None:
        return
    written = imprint.end("y1") if imprint.group("y1") else imprint.end("y2")
    date = next((d for d in sent.of_kind("date") if d.end == written and d.found is not None), None)
    if date is not None and date.found is not None:
        yield Candidate("issued.citation", 0.8, sent, [("issued", date.found.value)], subject=target, quote=quote)


ENTITLED = re.compile(r"\b(?:report|paper|study|publication|handbook|guide|brochure|booklet|compendium|manual)\s+"
                      r"(?:entitled|titled)\s+")
TITLE_WORDS = re.compile(r"[A-Z0-9][\w'’-]*(?:(?::\s+|\s+)(?:[A-Z0-9][\w'’-]*|(?:a|an|and|at|by|for|from|in|of|on|the|to|toward|"
                         r"towards|with)(?=\s+[A-Z0-9])))+")


def entitled(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"the working paper entitled “Regional consultative processes at the interface of migration and development”",
    "the report entitled Migrants Count: Five Steps Toward Better Migration Data": the document `references` the
    publication so titled (in quotation marks, or in words all capitalised, small connecting words aside). A title
    followed by its symbol is left to `references.symbol`; an instrument "entitled" is not a publication."""
    if sent.unit_kind == "title":
        return
    for m in ENTITLED.finditer(sent.text):
        quoted = QUOTED_TITLE.match(sent.text, m.end())
        words = None if quoted is not None else TITLE_WORDS.match(sent.text, m.end())
        if quoted is not None:
            title, end = quoted.group("title").strip().rstrip(","), quoted.end()
        elif words is not None and re.match(r"\s*(?:[.,;]|$)", sent.text[words.end():]):
            title, end = words.group(0), words.end()
        else:
            continue
        if re.match(r"\s*\(", sent.text[end:]) and any(x.start >= end for x in sent.of_kind("symbol")):
            continue
        if words is not None and any(d.start < end and m.end() < d.end for d in sent.of_kind("date")):
            continue  # a date read into a title in capitalised words ("entitled Global Trends in June 2012")
        if NOT_A_TITLE.match(title) or len(title.split()) < 3:
            continue
        known = ctx.entities.named(title)
        target = known if known is not None else _new_document(ctx, title).entity
        yield Candidate("references.entitled", 0.8, sent, [("references", target)], subject=ctx.doc_iri,
                        quote=(m.start(), end))


PUBLISHED_TITLE = re.compile(r"\b(?:published|issued|released)\s+(?=[“A-Z0-9])")


def published_title(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"In 2011, IOM and the Migration Policy Institute published Developing a Road Map for Engaging Diasporas in
    Development: a Handbook for Policymakers and Practitioners in Home and Host Countries to encourage ...": a title (in
    quotation marks, or in capitalised words, small connecting words aside) right after "published": the document
    `references` the publication so titled (new unless the graph knows the title), `issued` at the date the sentence
    opens with. A title the graph knows as anything but a document, or followed by its symbol, is left alone."""
    if sent.unit_kind == "title":
        return
    for m in PUBLISHED_TITLE.finditer(sent.text):
        quoted = QUOTED_TITLE.match(sent.text, m.end())
        words = None if quoted is not None else TITLE_WORDS.match(sent.text, m.end())
        if quoted is not None:
            title, end = quoted.group("title").strip().rstrip(","), quoted.end()
        elif words is not None:
            title, end = words.group(0), words.end()
        else:
            continue
        if len(title.split()) < 4 or NOT_A_TITLE.match(title) or re.match(r"\s*\(", sent.text[end:]):
            continue
        if any(s.start < end and m.end() < s.end and (s.kind == "date" or s.entity is not None and s.kind in NAMED
                                                       and s.cls != "Theme") for s in sent.spans):
            continue  # a name of something else the graph knows, or a date ("published Global Trends 2012 in June")
        known = ctx.entities.named(title)
        if known is not None and ctx.entities.cls(known) not in DOCUMENTS:
            continue
        target = known if known is not None else _new_document(ctx, title).entity
        yield Candidate("references.published", 0.8, sent, [("references", target)], subject=ctx.doc_iri, quote=(m.start(), end))
        opening = re.match(r"(?:In|By)\s+", sent.text)
        date = next((d for d in sent.of_kind("date") if opening and d.start == opening.end() and d.found is not None), None)
        if date is not None and date.found is not None:
            yield Candidate("issued.published", 0.8, sent, [("issued", date.found.value)], subject=target, quote=(0, end))


PUBLISHED = re.compile(r"\b(?:published|prepared|issued|released|launched)\s+(?:a|an|the|its)\s+[\w\s-]{0,40}?\b(?:entitled|titled)\s+")
THE_YEAR_REPORT = re.compile(r"\b[Tt]he\s+((?:19|20)\d\d)\s+(?:report|study|survey|publication)\s+\($")


def issued(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"In 2006, ECA prepared a report entitled “...” (ECA/SDD/06/01)", "The 2001 report (A/56/167)": the year the
    document with that symbol was issued."""
    opening = re.match(r"(?:In|By)\s+", sent.text)
    dates = sent.of_kind("date")
    for s in sent.of_kind("symbol"):
        if s.entity is None or s.entity == ctx.doc_iri or sent.text[s.start - 1:s.start] != "(":
            continue
        year = THE_YEAR_REPORT.search(sent.text[:s.start])
        if year:
            yield Candidate("issued.year-report", 0.85, sent, [("issued", year.group(1))], subject=s.entity,
                            quote=(year.start(), s.end + 1))
            continue
        published = PUBLISHED.search(sent.text, 0, s.start)
        if opening and dates and dates[0].start == opening.end() and dates[0].found is not None and published and \
                not [x for x in sent.of_kind("symbol") if x.start < s.start]:
            yield Candidate("issued.published-in", 0.85, sent, [("issued", dates[0].found.value)], subject=s.entity,
                            quote=(0, s.end + 1))


RULES = (references, instrument, citation, entitled, published_title, issued)
