"""Instruments: how many States had ratified them and when, who adopted them and when.

- `ratification.count`: "As at June 2012, 149 countries had ratified the 2000 Protocol ..., while 130 countries had
  ratified the 2000 Protocol against the Smuggling of Migrants", "By June 2012, 83 States had ratified at least one
  of three international instruments ..., namely, A, B and C": a RatificationStatus (instrument, count, asOf);
- `adopted.agent`: "In June 2011, the International Labour Conference of ILO adopted the Convention ... and
  Recommendation No. 201", "the Association of Southeast Asian Nations adopted in January 2007 a Declaration ...":
  `adoptedBy` the agent, `adoptedOn` the date;
- `adopted.adoption-of`: "The adoption of the Global Code of Practice ..., by the sixty-third World Health Assembly
  in 2010";
- `adopted-on.opening-date`: "In November 2006 a joint meeting of Member States from Africa and the European Union
  adopted a Declaration on Migration and Development in Tripoli", "In July 2006, the League adopted a declaration
  entitled “Activating the Role of Migration ...”", "In July 2006 the Conference ..., held in Morocco, adopted the
  Rabat Declaration and an Action Plan": `adoptedOn` the date the sentence opens with, for each instrument right
  after "adopted" (a title in quotes after "a declaration entitled", or a capitalised name with an instrument's head
  noun no span covers, is a new instrument, "Recommendation No. 201" too; "the group of African, Caribbean and
  Pacific States, which ..., adopted" is `adoptedBy` that group, a new organisation; and a new name the text goes on with its
  number is read with it; a bare "an Action Plan" names none), when "adopted" is the verb of the sentence's subject;
- `adopted-on.year-before-name`: "the 1990 Migrant Workers Convention", "the 1951 Convention relating to the Status of
  Refugees": `adoptedOn` the year, with a note saying it was read from the name;
- `adopted-on.meeting-held`: "the Programme of Action of the International Conference on Population and
  Development, held in Cairo in 1994": `adoptedOn` the year the meeting it is named after was held (with a note);
- `adopted-on.year-before-new-name`: the same for a name no span covers ("the 1967 Protocol thereto", "the 1975 ILO
  Convention concerning ... (No. 143)"), a new instrument (a bare head with its year: "1967 Protocol"), `adoptedBy`
  the specialised agency the name is of (not "United Nations": its conventions are adopted by the General Assembly);
  a name going on after a comma ("..., especially Women and Children") is the graph's name or none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import URIRef

from .common import AGENTS, INSTRUMENTS, MEETINGS, NAMED, ORGANISATIONS, PLACES, opening_date, outermost
from .context import DocContext, Sentence, Span
from .model import Candidate
from .newentities import slug

TREATIES = INSTRUMENTS - {"Resolution"}
RATIFIED = re.compile(r"\b(?P<n>\d[\d,]*)\s+(?:States|countries|Member\s+States|Governments)\s+had\s+ratified\s+")
ADOPTED = re.compile(r"\badopted\b")
ADOPTION_OF = re.compile(r"\b[Tt]he adoption of\s+(?:the\s+|a\s+)?")


def _instruments(sent: Sentence, start: int, end: int) -> list[Span]:
    return outermost([s for s in sent.spans if s.entity is not None and s.kind in NAMED and s.cls in TREATIES
                      and start <= s.start and s.end <= end])


def ratified(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    opening = opening_date(sent)
    found = list(RATIFIED.finditer(sent.text))
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(sent.text)
        tail = sent.text[m.end():end]
        namely = re.search(r"\bnamely,?\s+", tail)
        if tail.startswith(("at least one of", "either of", "one or more of")) and namely is None:
            continue  # the instruments are named elsewhere
        start = m.end() + (namely.end() if namely else 0)
        instruments = _instruments(sent, start, end)
        stated = re.search(r"\b(two|three|four|five|six)\b[^,]{0,60}\binstruments\b", tail[:namely.start()] if namely else "")
        if stated and len(instruments) != ["two", "three", "four", "five", "six"].index(stated.group(1)) + 2:
            continue  # "one of three instruments, namely, A, B and C": all three must be known
        if not namely:
            instruments = instruments[:1] if instruments and re.fullmatch(r"(?:the\s+)?(?:(?:19|20)\d\d\s+)?",
                                                                         sent.text[start:instruments[0].start]) else []
        if not instruments:
            continue
        value = instruments[0].entity if len(instruments) == 1 else [s.entity for s in instruments]
        facts: list = [("instrument", value), ("count", m.group("n").replace(",", ""))]
        notes = {}
        if namely:
            notes["count"] = f"States that had ratified {tail[:namely.start()].strip().rstrip(',')}."
        if opening is not None:
            facts.append(("asOf", opening[0]))
        quote_start = 0 if opening is not None else m.start()
        yield Candidate("ratification.count", 0.9, sent, facts, nary="RatificationStatus", quote=(quote_start, instruments[-1].end),
                        notes=notes)


def adopted(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for m in ADOPTED.finditer(sent.text):
        agents = [s for s in outermost(sent.entities(*AGENTS)) if s.end <= m.start()]
        if not agents or agents[-1].cls in MEETINGS:
            continue
        agent = agents[-1]
        between = sent.text[agent.end:m.start()]
        if not re.fullmatch(r"\s*(?:,[^,]{1,80},\s*)?(?:\s*(?:has|had|also)\s+)?\s*", between):
            continue
        if not re.search(r"(?:^|,\s+|\b(?:In|By|On)\s+\S+(?:\s+\S+){0,2},?\s+)(?:the\s+)?$", sent.text[:agent.start]):
            continue
        rest = sent.text[m.end():]
        date_after = re.match(r"\s+(?:in|on)\s+", rest)
        target_from = m.end() + (date_after.end() if date_after else 0)
        dates = sent.of_kind("date")
        date = next((d for d in dates if d.start == target_from), None) if date_after else None
        if date is not None:
            target_from = date.end
        instruments = _instruments(sent, target_from, len(sent.text))
        if not instruments or not re.fullmatch(r"\s*(?:at its [\w-]+ session\s+)?(?:the\s+|a\s+|an\s+)?",
                                               sent.text[target_from:instruments[0].start]):
            continue
        listed = [instruments[0]]
        for s in instruments[1:]:
            if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+|an?\s+)?", sent.text[listed[-1].end:s.start]):
                listed.append(s)
        if date is None and dates and dates[0].end <= agent.start and sent.text[:dates[0].start].strip() in ("In", "On", "By"):
            date = dates[0]
        for span in listed:
            read = _reread(ctx, sent, span)
            if read is None:
                continue
            iri, end = read
            yield Candidate("adopted.agent", 0.9, sent, [("adoptedBy", agent.entity)], subject=iri,
                            quote=(min(agent.start, date.start if date else agent.start), end))
            if date is not None and date.found is not None:
                yield Candidate("adopted.agent", 0.9, sent, [("adoptedOn", date.found.value)], subject=iri,
                                quote=(min(agent.start, date.start), end))


def _reread(ctx: DocContext, sent: Sentence, span: Span) -> tuple[URIRef, int] | None:
    """The instrument a span names, and where its name ends: a new name the text goes on with its number ("... for
    Seafarers (No. 190)") is read with it; a name the text goes on after ("the Convention concerning ...") is the
    longer name, or none."""
    if span.entity is None:
        return None
    number = re.match(r"\s+\(No\.\s+\d+\)", sent.text[span.end:])
    if NAME_GOES_ON.match(sent.text, span.end) or (number and not ctx.entities.curated(span.entity)):
        return _new_instrument(ctx, sent, span.start)
    return span.entity, span.end


def adoption_of(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for m in ADOPTION_OF.finditer(sent.text):
        inst = next((s for s in _instruments(sent, m.end(), len(sent.text)) if s.start == m.end()), None)
        if inst is None:
            continue
        by = re.match(r"\s*,?\s*by\s+(?:the\s+)?", sent.text[inst.end:])
        if by is None:
            continue
        at = inst.end + by.end()
        agent = next((s for s in outermost(sent.entities(*AGENTS)) if at <= s.start < at + 30), None)
        if agent is None:
            continue
        yield Candidate("adopted.adoption-of", 0.85, sent, [("adoptedBy", agent.entity)], subject=inst.entity,
                        quote=(m.start(), agent.end))
        year = re.match(r"\s+in\s+", sent.text[agent.end:])
        date = next((d for d in sent.of_kind("date") if year and d.start == agent.end + year.end()), None)
        if date is not None and date.found is not None:
            yield Candidate("adopted.adoption-of", 0.85, sent, [("adoptedOn", date.found.value)], subject=inst.entity,
                            quote=(m.start(), date.end))


def year_before_name(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    for inst in _instruments(sent, 0, len(sent.text)):
        m = re.search(r"\b[Tt]he\s+((?:19|20)\d\d)\s+(?:United Nations\s+|ILO\s+)?$", sent.text[max(0, inst.start - 30):inst.start])
        if m is None or m.group(1) in inst.text:
            continue
        year = m.group(1)
        start = inst.start - (len(sent.text[max(0, inst.start - 30):inst.start]) - m.start())
        yield Candidate("adopted-on.year-before-name", 0.8, sent, [("adoptedOn", year)], subject=inst.entity,
                        quote=(start, inst.end), notes={"adoptedOn": f"Read from \"{sent.text[start:inst.end]}\"."})


NAME_GOES_ON = re.compile(r"\s+(?:concerning|on|for|against|relating to|to|of)\s+(?:the\s+)?[A-Z]")
OPENING_ADOPTED = re.compile(r"\s+adopted\s+(?P<art>the\s+|a\s+|an\s+)")
OTHER_VERB = re.compile(r"\b(?:which|that|who|whose|was|were|is|are|has|have|had|been|be|adopted)\b|[;:()]")
ENTITLED = re.compile(r"(?P<kind>declaration|plan of action|programme of action|framework|code of practice|convention|protocol)"
                      r"\s+(?:entitled|titled)\s+[“\"](?P<title>[A-Z][^”\"]{3,150})[”\"]")
ENTITLED_CLASS = {"declaration": "Declaration", "plan of action": "PlanOfAction", "programme of action": "PlanOfAction",
                  "framework": "PolicyFramework", "code of practice": "CodeOfPractice", "convention": "Convention",
                  "protocol": "Protocol"}


# "the group of African, Caribbean and Pacific States": a group of States named by its members, an organisation
# (not "the group of Member States", which names none)
GROUP_OF = re.compile(r"\s*,?\s*the\s+(group of (?!Member\s+States\b)[A-Z][\w'’-]*(?:(?:,\s+|\s+and\s+|\s+)[A-Z][\w'’-]*)*"
                      r"\s+(?:States|Countries))\s*")
PLACE_CLASSES = PLACES | {"Region"}  # a place inside a name does not stop it
RELATIVE = re.compile(r",\s+(?:which|who|that|held|organized|organised|hosted|convened|chaired|led|meeting|gathered)\b[^,]*,")
GENERIC = {"Plan of Action", "Action Plan", "Programme of Action", "Declaration", "Framework", "Convention", "Protocol",
           "Code of Practice", "Recommendation", "Agreement", "Resolution"}
# a name of capitalised words, with commas and connectors: "Declaration on Asylum, Migration and Mobility", "Rabat Declaration"
NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:(?:,\s+(?:and\s+)?|\s+(?:and|of|on|for|the|in|against|to|concerning|relating to)\s+(?:the\s+)?|"
                      r"\s+)(?!No\.)[A-Z][\w'’-]*)*(?:\s+\((?:No\.\s+\d+|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)\)|\s+No\.\s+\d+)*")
INSTRUMENT_HEADS = {"Declaration": "Declaration", "Convention": "Convention", "Protocol": "Protocol", "Charter": "Instrument",
                    "Framework": "PolicyFramework", "Agenda": "PlanOfAction", "Plan": "PlanOfAction", "Programme": "PlanOfAction",
                    "Code": "CodeOfPractice", "Recommendation": "Recommendation", "Agreement": "Agreement"}


def _new_instrument(ctx: DocContext, sent: Sentence, pos: int, year: str | None = None) -> tuple[URIRef, int] | None:
    """An instrument the sentence names at `pos` that no span covers, by its head noun (the last capitalised word before
    the first connector: "Rabat Declaration", "Declaration on Asylum, Migration and Mobility"), as a new entity; a place
    inside the name, or a new name shorter than it, does not stop it. After a year ("the 1967 Protocol"), a bare head is
    named with the year."""
    m = NAME_RUN.match(sent.text, pos)
    if m is None or any(s.entity is not None and s.start < m.end() and pos < s.end and s.cls not in PLACE_CLASSES
                        and not (pos <= s.start and s.end <= m.end() and (s.end - s.start) < (m.end() - pos)
                                 and (not ctx.entities.curated(s.entity) or " " not in s.text)) for s in sent.spans):
        return None
    name = m.group(0)
    core = re.sub(r"(?:\s+\([^)]*\)|\s+No\.\s+\d+)+$", "", name)  # "(No. 143)", "No. 201": numbers, not heads
    head = re.split(r"\s+(?:of|on|for|in|against|to|concerning|relating)\s+|,|\s+\(", core, maxsplit=1)[0].split()[-1]
    if head not in INSTRUMENT_HEADS or re.match(r",\s+[A-Z]", sent.text[m.end():]):
        return None
    longer = re.match(r",\s+[a-z]+\s+" + NAME_RUN.pattern, sent.text[m.end():])
    if longer:  # "Protocol to Prevent ... in Persons, especially Women and Children": one name, known or not read
        known = ctx.entities.named(name + longer.group(0))
        return (known, m.end() + longer.end()) if known is not None else None
    if len(name.split()) < 2:
        if year is None:
            return None
        name = f"{year} {name}"
    iri = ctx.entities.iri(f"instrument/{slug(name)}")
    if ctx.entities.curated(iri):
        return None
    ctx.entities.new.setdefault(iri, (INSTRUMENT_HEADS[head], name, (), None))
    return iri, m.end()


def adopted_on_opening(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    if not sent.text.startswith(("In ", "On ")):
        return
    opening = opening_date(sent)
    if opening is None:
        return
    value, date_end = opening
    m = OPENING_ADOPTED.search(sent.text, date_end)
    if m is None:
        return
    subject = re.sub(RELATIVE, " ", sent.text[date_end:m.start()])  # "the group of States, which have ..., adopted"
    if not subject.strip(" ,") or OTHER_VERB.search(subject):
        return
    found: list[tuple[URIRef, int]] = []
    pos = m.end()
    while True:
        article = sent.text[:pos].rstrip().rsplit(" ", 1)[-1]
        inst = next((s for s in _instruments(sent, pos, len(sent.text)) if s.start == pos), None)
        if inst is not None and article in ("a", "an") and inst.text in GENERIC:
            break  # "an Action Plan": a plan, not one named
        if inst is not None and NAME_GOES_ON.match(sent.text, inst.end):
            inst = None  # "the Convention concerning Decent Work ...": a longer name than the one found
        number = re.match(r"\s+\(No\.\s+\d+\)", sent.text[inst.end:]) if inst is not None else None
        if inst is not None and number and inst.entity is not None and not ctx.entities.curated(inst.entity):
            inst = None  # a new name without its number: read with it
        if inst is not None and inst.entity is not None:
            found.append((inst.entity, inst.end))
            end = inst.end + (number.end() if number else 0)
        else:
            titled = ENTITLED.match(sent.text, pos)
            if titled is None:
                named = _new_instrument(ctx, sent, pos)
                if named is None or (article in ("a", "an") and sent.text[pos:named[1]] in GENERIC):
                    break
                found.append(named)
                end = named[1]
            else:
                title = titled.group("title").strip().rstrip(",.")
                iri = ctx.entities.iri(f"instrument/{slug(title)}")
                if not ctx.entities.curated(iri):
                    ctx.entities.new.setdefault(iri, (ENTITLED_CLASS[titled.group("kind")], title, (), None))
                found.append((iri, titled.end()))
                end = titled.end()
        more = re.match(r"\s+and\s+(?:the\s+|a\s+|an\s+)?", sent.text[end:])
        if more is None:
            break
        pos = end + more.end()
    agent = _group_agent(ctx, sent, date_end, m.start())
    for iri, end in found:
        yield Candidate("adopted-on.opening-date", 0.85, sent, [("adoptedOn", value)], subject=iri, quote=(0, end))
        if agent is not None:
            yield Candidate("adopted-on.opening-date", 0.8, sent, [("adoptedBy", agent)], subject=iri, quote=(0, end))


def _group_agent(ctx: DocContext, sent: Sentence, start: int, verb: int) -> URIRef | None:
    """The group of States named by its members that is the subject from `start` to the verb at `verb` ("the group of
    African, Caribbean and Pacific States, which ..., adopted"): the graph's entity of the name, else a new organisation;
    none when a name other than a place's overlaps it."""
    group = GROUP_OF.match(sent.text, start)
    if group is None:
        return None
    between = sent.text[group.end(1):verb].strip()
    if (between and not RELATIVE.fullmatch(between)) or any(
            s.entity is not None and s.start < group.end(1) and group.start(1) < s.end and s.cls not in PLACE_CLASSES for s in sent.spans):
        return None
    name = group.group(1)
    agent = ctx.entities.named(name) or ctx.entities.iri(f"org/{slug(name)}")
    if not ctx.entities.curated(agent):
        ctx.entities.new.setdefault(agent, ("IntergovernmentalOrganization", name, (), None))
    return agent


YEAR_BEFORE = re.compile(r"\b[Tt]he\s+((?:19|20)\d\d)\s+")


def year_before_new_name(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"The 1951 Convention relating to the Status of Refugees and the 1967 Protocol thereto", "the 1975 ILO Convention
    concerning ... (No. 143)": an instrument no span names, after its year (and the organisation it is of): a new
    instrument `adoptedOn` the year, `adoptedBy` the organisation (a specialised agency: a United Nations convention is
    adopted by the General Assembly), each read from the name with a note."""
    for m in YEAR_BEFORE.finditer(sent.text):
        pos = m.end()
        org = next((s for s in outermost(sent.entities(*ORGANISATIONS)) if s.start == pos and s.kind in NAMED), None)
        if org is not None:
            acronym = re.match(r"\s*\([A-Z]{2,8}\)", sent.text[org.end:])
            pos = org.end + (acronym.end() if acronym else 0) + 1
            if sent.text[pos - 1:pos] != " ":
                continue
        elif re.match(r"United Nations\s+", sent.text[pos:]):
            pos += len(re.match(r"United Nations\s+", sent.text[pos:]).group(0))  # type: ignore[union-attr]
        if any(s.start == pos and s.entity is not None and ctx.entities.curated(s.entity) for s in sent.spans):
            continue  # a known name: year_before_name reads it
        found = _new_instrument(ctx, sent, pos, m.group(1))
        if found is None:
            continue
        iri, end = found
        read = f"Read from \"{sent.text[m.start():end]}\"."
        yield Candidate("adopted-on.year-before-new-name", 0.8, sent, [("adoptedOn", m.group(1))], subject=iri, quote=(m.start(), end),
                        notes={"adoptedOn": read})
        if org is not None and org.text != "United Nations" and org.entity is not None:
            yield Candidate("adopted-on.year-before-new-name", 0.75, sent, [("adoptedBy", org.entity)], subject=iri,
                            quote=(m.start(), end), notes={"adoptedBy": read})


HELD = re.compile(r",\s+held\s+in\s+[A-Z][^,;]{0,60}?\s+in\s+((?:19|20)\d\d)\b")


def outcome_of_meeting_held(ctx: DocContext, sent: Sentence) -> Iterator[Candidate]:
    """"the Programme of Action of the International Conference on Population and Development, held in Cairo in 1994":
    the outcome of a meeting, named after it, adopted in the year the meeting was held (read with a note)."""
    for m in re.finditer(r"\b[Tt]he\s+(?=(?:Programme of Action|Plan of Action|Declaration|Final Declaration) of the [A-Z])", sent.text):
        run = NAME_RUN.match(sent.text, m.end())
        held = HELD.match(sent.text, run.end()) if run else None
        if run is None or held is None or not re.search(r"\b(?:Conference|Summit|Meeting|Assembly|Forum|Dialogue)\b", run.group(0)):
            continue
        found = next(((s.entity, s.end) for s in _instruments(sent, m.end(), run.end()) if s.start == m.end() and s.end == run.end()),
                     None) or _new_instrument(ctx, sent, m.end())
        if found is None or found[0] is None:
            continue
        yield Candidate("adopted-on.meeting-held", 0.75, sent, [("adoptedOn", held.group(1))], subject=found[0],
                        quote=(m.start(), held.end()),
                        notes={"adoptedOn": f"The outcome of the meeting it is named after, held in {held.group(1)}."})


RULES = (ratified, adopted, adoption_of, adopted_on_opening, year_before_name, year_before_new_name, outcome_of_meeting_held)
