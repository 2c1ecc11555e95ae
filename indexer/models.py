"""Plain data that crosses component boundaries: blocks, parts, passages, judgements.

The words these carry (part kinds, grades) are listed once, in `indexer.vocab`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Block:
    """One visual unit of a source document (heading, paragraph, list item or table row).

    Loaders turn every format into blocks so that one structure parser serves them all.
    """

    text: str
    kind: str = "text"  # "heading" | "text" | "item" | "row"
    page: int | None = None
    level: int = 0  # heading level when the source says it (Markdown, HTML, Word)
    cells: tuple[str, ...] = ()  # table cells, for rows
    continues: bool = False  # layout says this block carries on the previous one


@dataclass(frozen=True)
class Part:
    slug: str
    kind: str
    title: str
    inspection_start: str | None = None  # ISO dates
    inspection_end: str | None = None
    meeting_date: str | None = None
    published: str | None = None
    lead_inspector: str | None = None


@dataclass(frozen=True)
class Passage:
    passage_id: str
    doc_id: str
    part: Part
    section: str
    label: str
    text: str
    start: int
    end: int
    page: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Judgement:
    doc_id: str
    part_slug: str
    authority: str
    inspection_date: str | None  # ISO date of the inspection's last day
    area: str
    grade: str
    passage_id: str


@dataclass(frozen=True)
class DocumentMeta:
    doc_id: str
    path: str
    title: str
    authority: str
    kind: str
    date: str | None = None  # ISO date that best dates the document
    source_url: str | None = None


@dataclass
class ParsedDocument:
    """What the structure parser makes of one file."""

    meta: DocumentMeta
    text: str
    parts: list[Part]
    passages: list[Passage]
    judgements: list[Judgement] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # reasons for text never indexed
    lists: list = field(default_factory=list)  # lists.ReportList: improve, recommendations, summary
    warnings: list[str] = field(default_factory=list)  # what the build could not tell
