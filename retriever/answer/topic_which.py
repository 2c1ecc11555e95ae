"""Which councils' reports say something (a topic, not a grade): "Which councils have a
Staying Close scheme?", "Which councils were criticised for placing children in
unregistered homes?".

Each council is represented by its newest Ofsted report, and by the one sentence of it
that says the topic most directly. Every sentence of every newest report is read
(topic_pool.py), so no council is missed for ranking below a search's cut; a sentence
counts by the share of the topic's units it holds, weighted by their rarity, so a named
scheme ("Staying Close") counts as a name and common words ("care leavers") count little.
Where the question asks for criticism or praise, a sentence that says otherwise is passed
over for the council's next best ("no children were living in an unregistered children's
home" is not a criticism); where it asks what a council has, a plan is not having it. The
cut-off is calibrated on judged questions (`eval/topic_councils.jsonl`,
`python -m eval.topic_which --calibrate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from indexer.vocab import INSPECTION_KINDS

from ..types import Answer, Hit, Table, TableCell
from ..understand.query import Query
from .citations import format_month, part_date
from .cited import Cited
from .polarity import is_improvement_list, says
from .regional import asked_regions, councils_in
from .sources import Sources
from .topic_pool import pool_of, score_sentences
from .topic_words import (
    asked_polarity,
    asked_shortfalls,
    asks_improvement_list,
    head_unit,
    names_in,
    reading_units,
    topic_of,
    topic_units,
)

MAX_COUNCILS = 30


@dataclass(frozen=True)
class Cutoff:
    """A council is listed when its best sentence holds at least `coverage` of the topic
    (IDF-weighted units, topic_pool.score_sentences) and at least `relative` of the best
    council's: the relative floor keeps a long topic, which no sentence holds whole, from
    listing nobody, and a short one from listing everybody. A sentence that holds a name
    the question uses ("Staying Close") is on its topic and needs neither."""

    coverage: float = 0.2
    relative: float = 0.55


# Chosen on every judged question whose errors have been read (dev, test and the first three
# blind sets, 74 questions; best mean F1 0.687), with `python -m eval.topic_which --calibrate
# --on dev,test,blind,blind2,blind3`: 19 dev questions had chosen cut-offs, and readings,
# that did not carry over to questions never seen (docs/quality.md).
CUTOFF = Cutoff()
# A sentence whose passage never names the thing a "has it" or praise question asks about
# (head_unit) counts this share of its score. Chosen on the dev questions of
# eval/topic_councils.jsonl, the cut-off calibrated anew for each: dev F1 0.763 (1, no
# penalty), 0.762 (0.8), 0.763 (0.7), 0.768 (0.6), 0.769 (0.5), 0.763 (0.4), 0.749 (0.3);
# over the 74 questions of CUTOFF, each with its best cut-off, 0.687 against 0.674 without.
HEAD = 0.5
CHECKED = 15  # a report's best sentences read for the polarity asked, best first
# Sentences below this share of the best sentence's score are not read: below any relative
# cut-off worth calibrating (eval.topic_which searches from here up), and reading each for
# its polarity is most of a question's time.
FLOOR = 0.4


@dataclass(frozen=True)
class Listed:
    council: str
    hit: Hit
    sentence: str
    coverage: float


@dataclass(frozen=True)
class Candidate:
    """A council's best sentence on the topic that says what the question asks."""

    council: str
    doc_id: str
    passage_id: str
    sentence: str
    coverage: float
    named: bool = False  # holds a name the question uses: on its topic whatever else


def newest_reports(sources: Sources, councils: set[str]) -> dict[str, str]:
    """Each council's newest Ofsted report (an inspection or visit, not a council paper)."""
    newest: dict[str, str] = {}
    for council in councils:
        for doc_id in sources.council_documents(council):
            kinds = {p.get("kind") for p in sources.parts_of(doc_id)}
            if kinds & set(INSPECTION_KINDS):
                newest[council] = doc_id
                break
    return newest


def read_newest(sources: Sources) -> None:
    """Read every council's newest Ofsted report into the topic pool now (a second or two on
    the national index), so the first topic question does not wait for it: the app starts
    this in the background as the index opens (Retriever.preload)."""
    newest = newest_reports(sources, set(sources.councils()))
    pool_of(sources.passages.reader, sources.catalogue.parts).get(sorted(newest.values()))


def candidates(query: Query, sources: Sources, cutoff: Cutoff | None = None) -> list[Candidate]:
    """Every council whose newest Ofsted report holds a sentence on the question's topic
    that says what it asks (criticism, praise, or that the thing is there): its best such
    sentence, best first. `kept` applies the cut-off; given it here too, sentences that
    could not pass it are not read for their polarity (most of a question's time), which
    leaves what `kept` keeps unchanged."""
    topic = topic_of(query.text)
    units, readings = reading_units(topic)
    if not units:
        return []
    polarity = asked_polarity(query.text)
    shortfalls = asked_shortfalls(query.text)
    only_list = asks_improvement_list(query.text)
    regions, _ = asked_regions(query)
    councils = sources.councils()
    within = councils_in(regions)
    if within is not None:
        councils = [c for c in councils if c in within]
    newest = newest_reports(sources, set(councils))
    if not newest:
        return []
    council_of = {doc: council for council, doc in newest.items()}
    pool = pool_of(sources.passages.reader, sources.catalogue.parts)
    reports = {r.doc_id: r for r in pool.get(sorted(newest.values()))}
    words = frozenset(w.lower() for u in units for w in re.findall(r"[A-Za-z]+", u.words))
    found: dict[str, Candidate] = {}
    names = names_in(query.text)
    # The thing a "has it" or praise question names ("support groups"): a sentence whose
    # passage never names it speaks of something near it ("support for young parents").
    head = head_unit(topic) if polarity != "criticism" and not names else None
    heads: dict[str, set[int]] = {}
    best = 0.0
    for scored in score_sentences(units, list(reports.values()), CHECKED, FLOOR, names, readings):
        # Sentences come best first, and a sentence's score only falls below: once one is
        # under the cut-off's floor (the best kept so far sets its relative part), so is
        # every one after it. A named council is kept whatever its score.
        if cutoff is not None and not names and scored.score < floor_of(cutoff, best):
            break
        doc = scored.doc_id
        report = reports[doc]
        i = scored.sentence
        passage = report.passage_of[i]
        score = scored.score
        if head is not None:
            if doc not in heads:
                heads[doc] = report.naming(head)
            if passage not in heads[doc]:
                score *= HEAD
        if doc in found and found[doc].coverage >= score:
            continue
        section = report.sections[passage]
        if only_list and not is_improvement_list(section):
            continue
        if not says(report.sentences[i], section, polarity, words, shortfalls):
            continue
        found[doc] = Candidate(
            council_of[doc],
            doc,
            report.passage_ids[passage],
            report.sentences[i],
            score,
            bool(names),
        )
        best = max(best, score)
    return sorted(found.values(), key=lambda c: -c.coverage)


def floor_of(cutoff: Cutoff, best: float) -> float:
    """The least coverage a council is listed with, the best council's being `best`."""
    return max(cutoff.coverage, cutoff.relative * best)


def kept(found: list[Candidate], cutoff: Cutoff = CUTOFF) -> list[Candidate]:
    """The candidates that pass the cut-off (see Cutoff), best first."""
    if not found:
        return []
    floor = floor_of(cutoff, max(c.coverage for c in found))
    return [c for c in found if c.named or c.coverage >= floor]


def listed_councils(
    query: Query, sources: Sources, cutoff: Cutoff = CUTOFF, limit: int | None = MAX_COUNCILS
) -> list[Listed]:
    """Councils whose newest Ofsted report says the question's topic, most direct first:
    each with its best passage and the sentence that says it."""
    listed = []
    for c in kept(candidates(query, sources, cutoff), cutoff)[:limit]:
        hit = sources.passage(c.passage_id)
        if hit is not None:
            listed.append(Listed(c.council, hit, c.sentence, c.coverage))
    return listed


def topic_which_composer(query: Query, sources: Sources, cutoff: Cutoff = CUTOFF) -> Answer | None:
    topic = topic_of(query.text)
    if not topic_units(topic):
        return None
    listed = listed_councils(query, sources, cutoff)
    return _answer(query, sources, topic, asked_polarity(query.text), listed)


def _answer(
    query: Query, sources: Sources, topic: str, polarity: str, listed: list[Listed]
) -> Answer:
    said = {"criticism": "criticise", "praise": "praise", "any": "say"}[polarity]
    if not listed:
        text = (
            f"No council's newest Ofsted report in the index says this ({topic}): none of "
            f"their passages on it {said}s it closely enough to list."
        )
        return Answer(query.text, text, True, [], [], query.derived or {}, text)
    capped = " (the first 30, most direct first)" if len(listed) >= MAX_COUNCILS else ""
    summary = (
        f"{len(listed)} councils' newest Ofsted reports {said} this{capped}: "
        + ", ".join(item.council for item in listed)
        + "."
    )
    cited = Cited(sources.passage)
    rows = []
    for item in listed:
        cited.hits.setdefault(item.hit.passage["passage_id"], item.hit)
        number = cited.cite([item.hit.passage["passage_id"]], item.sentence)
        when = format_month(part_date(item.hit.document, item.hit.passage["part"]))
        rows.append([TableCell(item.council), TableCell(when), TableCell(item.sentence, number)])
        cited.add(f"- {item.council} ({when}): {item.sentence} [{number}]")
    cited.add("")
    cited.add(
        "Each council is represented by its newest Ofsted report; a council whose newest "
        "report does not say it is not listed, whatever an older report said. The list is "
        "found from the reports' wording: a report that says it in other words can be "
        "missing, and a listed sentence may speak of something close to it, so check each."
    )
    answer = cited.answer(query, summary)
    table = Table(
        ["Council", "Report", "What it says"], rows, f"Councils whose reports {said} this"
    )
    if answer is None:
        return Answer(query.text, summary, False, [], [], query.derived or {}, summary, table=table)
    return replace(answer, table=table)
