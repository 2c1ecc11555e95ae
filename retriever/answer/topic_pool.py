"""Every sentence of the councils' newest Ofsted reports, read once and kept, so that a
topic across councils is looked for in all of them rather than in a search's top passages.

The national index holds about 9,400 passages in 143 newest reports: their sentences and
word stems are read on the first topic question (a second or two) and kept per report;
each question then costs a few dictionary look-ups per report. How much a unit of the
topic counts is its rarity among these sentences (IDF): "staying close" as two adjacent
words is rare, "care leavers" is everywhere.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass

import numpy as np

from indexer.vocab import INSPECTION_KINDS

from ..search.terms import idf
from .sentences import split_sentences
from .topic_words import Unit, content_stems, holds, joined

# Passages that are a table, not sentences: a grade row says nothing about a topic.
NOT_PROSE = frozenset({"Judgements table"})


@dataclass(frozen=True)
class Report:
    """One newest report's sentences: where each sits, and its stems."""

    doc_id: str
    passage_ids: tuple[str, ...]  # per passage
    rowids: tuple[int, ...]  # per passage
    sections: tuple[str, ...]  # per passage
    headings: dict[str, tuple[int, ...]]  # stem -> the passages whose heading holds it
    sentences: tuple[str, ...]
    passage_of: tuple[int, ...]  # per sentence: its passage
    stems: tuple[tuple[str, ...], ...]  # per sentence
    index: dict[str, tuple[int, ...]]  # stem -> the sentences holding it

    def holding(self, unit: Unit) -> set[int]:
        """The sentences that hold the unit in one of its forms."""
        found: set[int] = set()
        for form in unit.forms:
            lists = [self.index.get(s, ()) for s in form]
            if not all(lists):
                continue
            if len(form) == 1:
                found.update(lists[0])
                continue
            common = set(min(lists, key=len)).intersection(*lists)
            found |= {i for i in common if holds(self.stems[i], form)}
        return found

    def naming(self, unit: Unit) -> set[int]:
        """The passages that name the unit: in a sentence or in their heading."""
        return {self.passage_of[i] for i in self.holding(unit)} | self.headed(unit)

    def headed(self, unit: Unit) -> set[int]:
        """The passages whose heading holds the unit (one word of it suffices)."""
        return {p for form in unit.forms if len(form) == 1 for p in self.headings.get(form[0], ())}


def read_report(doc_id: str, rows: list) -> Report:
    """A report from its passage rows (printed order), each split into sentences."""
    passage_ids, rowids, sections = [], [], []
    headings: dict[str, list[int]] = {}
    sentences, passage_of, stems = [], [], []
    index: dict[str, list[int]] = {}
    for p, row in enumerate(rows):
        passage_ids.append(row["passage_id"])
        rowids.append(int(row["rowid"]))
        section = row["section"] or ""
        sections.append(section)
        for s in set(content_stems(section)):
            headings.setdefault(s, []).append(p)
        for sentence in split_sentences(row["text"]) or [row["text"]]:
            i = len(sentences)
            sentences.append(sentence)
            passage_of.append(p)
            read = tuple(content_stems(sentence))
            stems.append(read)
            for s in set(read):
                index.setdefault(s, []).append(i)
    return Report(
        doc_id,
        tuple(passage_ids),
        tuple(rowids),
        tuple(sections),
        {s: tuple(ps) for s, ps in headings.items()},
        tuple(sentences),
        tuple(passage_of),
        tuple(stems),
        {s: tuple(ids) for s, ids in index.items()},
    )


class Pool:
    """Newest reports read on first use and kept for the life of the index reader."""

    def __init__(self, reader, parts: dict):
        self.reader, self.parts = reader, parts
        self.reports: dict[str, Report] = {}
        self._lock = threading.Lock()

    def get(self, doc_ids: list[str]) -> list[Report]:
        missing = [d for d in doc_ids if d not in self.reports]
        if missing:
            with self._lock:
                self._read([d for d in missing if d not in self.reports])
        return [self.reports[d] for d in doc_ids if d in self.reports]

    def _read(self, doc_ids: list[str]) -> None:
        if not doc_ids:
            return
        placed = self.reader.passages_in(tuple(doc_ids))
        kept = [
            r
            for r, doc, part in placed
            if (self.parts.get((doc, part)) or {}).get("kind") in INSPECTION_KINDS
        ]
        rows = self.reader.rows(sorted(kept))
        by_doc: dict[str, list] = {d: [] for d in doc_ids}
        for rowid in sorted(rows):
            if rows[rowid]["label"] not in NOT_PROSE:
                by_doc[rows[rowid]["doc_id"]].append(rows[rowid])
        for doc_id, doc_rows in by_doc.items():
            self.reports[doc_id] = read_report(doc_id, doc_rows)


_POOLS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_POOLS_LOCK = threading.Lock()


def pool_of(reader, parts: dict) -> Pool:
    """The reader's pool, made on first use."""
    with _POOLS_LOCK:
        pool = _POOLS.get(reader)
        if pool is None:
            pool = _POOLS[reader] = Pool(reader, parts)
        return pool


@dataclass(frozen=True)
class Scored:
    """A sentence of a report and how much of the topic it holds: the IDF-weighted share of
    the topic's units in the sentence, a unit held only elsewhere in its passage (another
    sentence, the heading) counting half: the context a sentence is read in."""

    doc_id: str
    sentence: int
    score: float


# A unit of two or more words counts half as much again as its words: with them, it tells
# a name ("staying close") from its words apart; weighed fully it drowns the rest of the
# topic (chosen on the dev questions: 0.5 over 0, 0.25, 1, 2 and 3).
PAIR = 0.5
# A reading of the topic with one side of an "or" left out names something: its rarest word
# weighs at least this share of the topic's rarest ("care leavers or children placed in B&Bs"
# is not "care leavers"; "the LADO or the handling of allegations" is "the LADO"). Chosen on
# the dev questions of eval/topic_councils.jsonl: 0.4 over 0.5 and 0.6 (a share of the
# readings' whole weight instead, 0.3 to 0.6, let a one-word side such as "LADO" weigh too
# little against the other side's several).
READING_SHARE = 0.4


def score_sentences(
    units: list[Unit],
    reports: list[Report],
    per_report: int = 12,
    floor: float = 0.0,
    required: list[Unit] | None = None,
    readings: list[list[int]] | None = None,
) -> list[Scored]:
    """Each report's `per_report` best sentences that hold a unit of the topic, and every
    `required` unit (a name the question uses), and score at least `floor` of the best
    sentence anywhere; best first. With `readings` (each the indices of its units, the first
    the whole topic), a sentence scores its best reading's share of that reading's weight
    (see READING_SHARE for the readings kept)."""
    readings = readings or [list(range(len(units)))]
    holding = [[np.fromiter(r.holding(u), dtype=np.int64) for u in units] for r in reports]
    # A unit's rarity among sentences (how much a sentence holding it is about it), plus
    # among reports (how well it tells one council from another: "care leavers" does not).
    total = sum(len(r.sentences) for r in reports)
    in_sentences = [sum(len(h[u]) for h in holding) for u in range(len(units))]
    in_reports = [sum(bool(len(h[u])) for h in holding) for u in range(len(units))]
    # A word no report prints ("a dolphin sanctuary") is a topic no report speaks of. Two
    # words never printed together weigh nothing: they only phrase it.
    pair = [min(map(len, u.forms)) > 1 for u in units]
    weights = [
        (idf(f, total) + idf(r, len(reports))) * (PAIR if is_pair else 1.0) if f else 0.0
        for f, r, is_pair in zip(in_sentences, in_reports, pair)
    ]
    kept_readings = [
        (reading, sum(weights[u] for u in reading))
        for reading in readings
        if all(in_sentences[u] or pair[u] for u in reading)
    ]
    rarest = max((weights[u] for u in range(len(units)) if not pair[u]), default=0.0)
    kept_readings = [
        (r, w)
        for i, (r, w) in enumerate(kept_readings)
        if w and (i == 0 or max(weights[u] for u in r) >= READING_SHARE * rarest)
    ]
    if not kept_readings:
        return []
    tops = []
    for report, held in zip(reports, holding):
        n = len(report.sentences)
        if not n:
            continue
        passage_of = np.asarray(report.passage_of)
        gained = np.zeros((len(units), n))
        said = np.zeros(n, dtype=bool)
        for u, unit in enumerate(units):
            if not weights[u]:
                continue
            mask = np.zeros(n, dtype=bool)
            mask[held[u]] = True
            said |= mask
            headed = report.headed(unit) | set(passage_of[held[u]].tolist())
            if headed:
                in_passage = np.zeros(len(report.passage_ids), dtype=bool)
                in_passage[list(headed)] = True
                gained[u, in_passage[passage_of] & ~mask] = weights[u] / 2
            gained[u, mask] = weights[u]
        score = np.max([gained[r].sum(axis=0) / w for r, w in kept_readings], axis=0)
        for unit in required or ():
            mask = np.zeros(n, dtype=bool)
            held_by = report.holding(unit)
            if unit.printed:  # a name: as it is printed, not only its stems
                printed = re.compile(unit.printed, re.I)
                held_by = {i for i in held_by if printed.search(joined(report.sentences[i]))}
            mask[list(held_by)] = True
            said &= mask
        ids = np.nonzero(said)[0]
        if not len(ids):
            continue
        best = ids[np.argsort(-score[ids], kind="stable")[:per_report]]
        tops.extend(Scored(report.doc_id, int(i), float(score[i])) for i in best)
    if not tops:
        return []
    top = max(s.score for s in tops)
    kept = [s for s in tops if s.score >= floor * top]
    kept.sort(key=lambda s: -s.score)
    return kept
