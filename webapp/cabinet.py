"""A briefing for cabinet, as data: title, council and date, the council's grades, its
neighbours (with its region and England), the answers the user chose, their references
numbered once across the whole paper, and the reports it draws on. Pure: the Word and PDF
writers (webapp.export) only lay it out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from retriever import Answer, format_month, part_date

from .neighbours import SIF_NOTE, SUMMARY_NOTE, inspection_rows, neighbour_table
from .render import clean_label

_MARK = re.compile(r"\[(\d{1,4})\]")


@dataclass(frozen=True)
class Reference:
    number: int
    report: str  # "Leeds: Inspection of Leeds City local authority children's services"
    date: str  # "Jul 2025"
    section: str
    paragraph: str
    page: int | None
    url: str
    quote: str


@dataclass(frozen=True)
class Section:
    question: str
    lines: list[str]  # the answer's lines, "- " bullets kept, [n] the paper's own numbers


@dataclass(frozen=True)
class Briefing:
    title: str
    council: str | None
    prepared: str  # "12 March 2026"
    grades: list[dict] = field(default_factory=list)  # one row per inspection
    neighbours: list[dict] = field(default_factory=list)  # with region and England rows
    notes: list[str] = field(default_factory=list)  # what the tables' columns mean
    sections: list[Section] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the reports it draws on

    @property
    def drawn_from(self) -> str:
        if not self.sources:
            return "No report is cited."
        return "Drawn from: " + "; ".join(self.sources) + "."


def build_briefing(
    chosen: list[tuple[str, Answer]],
    judgements: list[dict],
    council: str | None,
    title: str = "",
    today: date | None = None,
) -> Briefing:
    """chosen: (question, answer) in the order they were asked."""
    today = today or date.today()
    grades, neighbours, notes = [], [], []
    if council:
        grades = [
            {k: v for k, v in row.items() if k != "Passage"}
            for row in inspection_rows(judgements, council)
        ]
        neighbours, _ = neighbour_table(judgements, council)
        if neighbours:
            notes.append(SUMMARY_NOTE)
        if any(g.get("Framework") == "SIF" for g in grades):
            notes.append(SIF_NOTE)
    numbers: dict[tuple[str, str], int] = {}
    references: list[Reference] = []
    sources: dict[str, str] = {}
    sections = []
    for question, answer in chosen:
        hits = {h.passage["passage_id"]: h for h in answer.hits}
        local: dict[int, int] = {}
        for c in answer.citations:
            key = (c.passage_id, c.quote)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                references.append(_reference(numbers[key], c, hits.get(c.passage_id)))
                hit = hits.get(c.passage_id)
                if hit is not None:
                    sources.setdefault(hit.passage["doc_id"], _source(hit))
            local[c.number] = numbers[key]
        lines = [renumber(line.strip(), local) for line in answer.answer.splitlines()]
        sections.append(Section(question, [line for line in lines if line]))
    return Briefing(
        title=title.strip() or f"Ofsted inspection briefing{f': {council}' if council else ''}",
        council=council,
        prepared=f"{today.day} {format_month(today.isoformat(), long=True)}",
        grades=grades,
        neighbours=neighbours,
        notes=notes,
        sections=sections,
        references=references,
        sources=list(sources.values()),
    )


def renumber(line: str, numbers: dict[int, int]) -> str:
    """An answer line with its [n] markers in the paper's own numbering."""
    return _MARK.sub(lambda m: f"[{numbers.get(int(m[1]), m[1])}]", line)


def _reference(number: int, citation, hit) -> Reference:
    if hit is None:
        return Reference(
            number, clean_label(citation.citation), "", "", "", None, "", citation.quote
        )
    p, d = hit.passage, hit.document
    part = p.get("part") or {}
    title = part.get("title") or d.get("title") or p["doc_id"]
    return Reference(
        number=number,
        report=f"{d.get('authority', '')}: {title}",
        date=format_month(part_date(d, part)),
        section=p.get("section") or "",
        paragraph=str(p.get("label") or ""),
        page=p.get("page"),
        url=d.get("source_url") or "",
        quote=citation.quote,
    )


def _source(hit) -> str:
    """'Leeds: Inspection of ... (inspected Jul 2025, published Aug 2025)'."""
    p, d = hit.passage, hit.document
    part = p.get("part") or {}
    title = part.get("title") or d.get("title") or p["doc_id"]
    when = [f"inspected {format_month(part_date(d, part))}"] if part_date(d, part) else []
    published = str(part.get("published") or "")
    if published:
        when.append(
            f"published {format_month(published if len(published) > 7 else published + '-01')}"
        )
    return f"{d.get('authority', '')}: {title}" + (f" ({', '.join(when)})" if when else "")
