"""Ofsted's visit letters (focused and monitoring visits) and the reports around them: which
a council has, in date order, and each one's headline finding, quoted and cited.

A visit grades nothing; the grades of the inspections around it come from the judgement
rows (full inspections only), never from a letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.vocab import INSPECTION_KINDS, KIND_NAMES, VISIT_KINDS

from .citations import format_month
from .cited import Cited, refs
from .sentences import split_sentences
from .sources import Sources

# A headline finding is quoted whole up to this length, else its first sentence.
HEADLINE_CHARS = 400
_FINDINGS_SECTION = re.compile(r"\bfindings?\b|\bprogress\b", re.I)
_OPENING = re.compile(r"^\s*this letter summarises\b", re.I)


@dataclass(frozen=True)
class Report:
    """One of Ofsted's own reports of a council: a full inspection or a visit letter."""

    doc_id: str
    part_slug: str
    kind: str
    title: str
    start: str  # the visit's or inspection's first day, "" when not printed
    end: str  # its last day, else the letter's date
    published: str

    @property
    def date(self) -> str:
        """When it happened: the visit's last day, else the letter's date."""
        return self.end or self.published or ""

    def in_month(self, month: str) -> bool:
        """Visited (or, with no visit dates printed, published) in "2025-03"."""
        if self.start and self.end:
            return self.start[:7] <= month <= self.end[:7]
        return (self.published or "")[:7] == month

    def when(self) -> str:
        """ "Sep 2022", or "May to Jun 2022" for a visit over two months."""
        first, last = format_month(self.start or self.date), format_month(self.date)
        if first and first != last:
            return (
                f"{first.split()[0]} to {last}" if first[-4:] == last[-4:] else f"{first} to {last}"
            )
        return last


def kind_name(kind: str) -> str:
    """ "monitoring visit", "focused visit", "inspection"."""
    if kind in VISIT_KINDS:
        return kind.replace("_", " ")
    return "inspection" if kind == "ilacs_report" else KIND_NAMES.get(kind, kind)


def kinds_named(kinds) -> str:
    """ "monitoring visit", "focused or monitoring visit", "Ofsted report"."""
    visits = [k for k in VISIT_KINDS if k in kinds]
    if set(kinds) >= set(INSPECTION_KINDS):
        return "Ofsted report or visit letter"
    if len(visits) == 2:
        return "focused or monitoring visit letter"
    return " or ".join(f"{kind_name(k)} letter" for k in visits) or "Ofsted report"


def reports_of(sources: Sources, council: str, kinds=INSPECTION_KINDS) -> list[Report]:
    """A council's reports of these kinds, oldest first."""
    found = []
    for doc_id in sources.council_documents(council):
        for part in sources.parts_of(doc_id):
            if part.get("kind") not in kinds:
                continue
            found.append(
                Report(
                    doc_id=doc_id,
                    part_slug=part["slug"],
                    kind=part["kind"],
                    title=part.get("title") or "",
                    start=part.get("inspection_start") or "",
                    end=part.get("inspection_end") or "",
                    published=part.get("published") or "",
                )
            )
    return sorted(found, key=lambda r: (r.date, r.doc_id))


def pick(reports: list[Report], months=(), years=()) -> Report | None:
    """The report of a month named, else the newest of the years named, else the newest."""
    if months:
        reports = [r for r in reports if any(r.in_month(m) for m in months)]
    elif years:
        reports = [r for r in reports if r.date[:4].isdigit() and int(r.date[:4]) in years]
    return reports[-1] if reports else None


def headline(sources: Sources, report: Report) -> list[tuple[str, str]]:
    """A report's headline findings as (passage_id, quote): its summary paragraphs, else
    the first paragraphs under a findings heading, else its first paragraph that is not the
    letter's opening."""
    lists = [
        x
        for x in sources.lists(doc_id=report.doc_id, kinds=("summary",))
        if x["part_slug"] == report.part_slug
    ]
    if lists:
        return [(i["passage_id"], _quotable(i["text"])) for i in lists[0]["items"]]
    passages = [
        h
        for h in sources.passages_of(report.doc_id)
        if h.passage["part"]["slug"] == report.part_slug
    ]
    body = [h for h in passages if len(h.passage["text"]) > 80]
    findings = [h for h in body if _FINDINGS_SECTION.search(h.passage["section"] or "")]
    chosen = findings or [h for h in body if not _OPENING.match(h.passage["text"])]
    return [(h.passage["passage_id"], _quotable(h.passage["text"])) for h in chosen[:2]]


def _quotable(text: str) -> str:
    text = text.strip()
    if len(text) <= HEADLINE_CHARS:
        return text
    return next(iter(split_sentences(text)), text)


def cite_headline(cited: Cited, sources: Sources, report: Report, limit: int = 1) -> list[str]:
    """Up to `limit` headline findings as cited lines."""
    lines = []
    for passage_id, quote in headline(sources, report)[:limit]:
        n = cited.cite([passage_id], quote)
        if n:
            lines.append(f"{' '.join(quote.split())}{refs([n])}")
    return lines
