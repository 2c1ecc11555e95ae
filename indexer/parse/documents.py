"""One corpus file to a ParsedDocument: loading, layout, metadata and passage records."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..councils import name_council
from ..dates import parse_date_range
from ..models import Block, DocumentMeta, Judgement, ParsedDocument, Part, Passage
from ..vocab import (
    INSPECTION_KINDS,
    KIND_SLUGS,
    LSCB_NAME,
    STOPWORDS,
    VISIT_KINDS,
    part_kind,
    visit_kind,
)
from . import metadata as md
from .carriers import Withheld, document_markings
from .exempt import judge
from .judgements import in_own_names, lscb_judgement, overall_judgement
from .lists import find_lists
from .loaders import MAX_FILE_BYTES, load_blocks
from .structure import Layout, PartSpan, lay_out

MAX_PASSAGE_CHARS = 1200
SPLIT_OVERLAP = 150


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    return path.relative_to(corpus_dir).with_suffix("").as_posix()


def parse_file(
    path: Path,
    corpus_dir: Path,
    catalog: dict[str, dict[str, str]] | None = None,
    max_bytes: int | None = MAX_FILE_BYTES,
) -> ParsedDocument:
    """One file parsed, its exempt content cut; `Withheld` (a LoadError) when the whole
    file is not public, unless catalog.csv releases it."""
    doc_id = doc_id_for(path, corpus_dir)
    overrides = (catalog or {}).get(doc_id, {})
    blocks = load_blocks(path, max_bytes=max_bytes)
    if is_released(overrides):
        layout = lay_out(blocks, cut=False)
        doc = build_document(doc_id, path.relative_to(corpus_dir).as_posix(), layout, overrides)
        doc.warnings.append(
            "released in catalog.csv after checking: indexed in full, exemption markings "
            "not applied"
        )
        return doc
    kept, note = withhold(path, blocks)
    layout = replace(lay_out(kept, cut=False), left_out=note)
    return build_document(doc_id, path.relative_to(corpus_dir).as_posix(), layout, overrides)


RELEASE_COLUMN = "release"
_NOT_RELEASED = ("", "no", "n", "false", "0", "-", "none")


def is_released(overrides: dict[str, str]) -> bool:
    """catalog.csv's `release` column: a person checked the file and says it is public."""
    return overrides.get(RELEASE_COLUMN, "").strip().lower() not in _NOT_RELEASED


def withhold(path: Path, blocks: list[Block]) -> tuple[list[Block], str | None]:
    """The blocks that may be indexed and a note of what was cut; raises `Withheld` when a
    marking covers the whole file (its properties, metadata, cover, a status label, or a
    marking-like phrase that cannot be placed)."""
    found = document_markings(path)
    if found:
        raise Withheld(found[0])
    verdict = judge(blocks)
    if verdict.whole is not None:
        raise Withheld(verdict.whole)
    if verdict.cut is None:
        return blocks, None
    i = verdict.cut
    dropped = blocks[i:]
    page = f", from page {blocks[i].page}" if blocks[i].page else ""
    words = f" ('{verdict.found.words}')" if verdict.found and verdict.found.words else ""
    note = (
        f"left out {len(dropped)} of {len(blocks)} blocks "
        f"({sum(len(b.text) for b in dropped)} characters) from block {i + 1}{page} on, "
        f"after an exemption marker{words}"
    )
    return blocks[:i], note


def build_document(
    doc_id: str, rel_path: str, layout: Layout, overrides: dict[str, str]
) -> ParsedDocument:
    """A laid-out file as a document: its parts, their passages and judgements, and who,
    what and when (the catalogue's overrides win)."""
    parts = _parts(layout, overrides, doc_id)
    authority, unsure = name_council(doc_id, layout.text, parts, overrides)
    passages: list[Passage] = []
    judgements: list[Judgement] = []
    has_inspection = any(p.kind in INSPECTION_KINDS for p in parts)
    for part, spans, tables in zip(parts, layout.spans, layout.tables):
        own, table_passage = _part_passages(doc_id, part, spans, layout)
        passages.extend(own)
        if part.kind == "cabinet_report" and has_inspection:
            continue  # a council report's copy of Ofsted's table is not a second inspection
        if part.kind in VISIT_KINDS:
            continue  # a visit grades nothing: "judged inadequate in 2022" is history
        if part.kind in INSPECTION_KINDS:
            span = layout.parts[parts.index(part)]
            judgements.extend(
                _overall_sentence(doc_id, part, span, authority, layout, tables, passages)
            )
        judgements.extend(_table_judgements(doc_id, part, authority, tables, table_passage))
    meta = _meta(doc_id, rel_path, parts, authority, overrides)
    left_out = [layout.left_out] if layout.left_out else []
    lists = find_lists(layout, [p.slug for p in parts])
    doc = ParsedDocument(
        meta, layout.text, parts, passages, in_own_names(judgements), left_out, lists
    )
    if unsure:
        doc.warnings.append(unsure)
    return doc


def _part_passages(
    doc_id: str, part: Part, spans: list[PartSpan], layout: Layout
) -> tuple[list[Passage], dict[int, str]]:
    """A part's passages, each span cut into pieces that say something, and the passage id
    of each judgement table by its first block."""
    passages: list[Passage] = []
    table_passage: dict[int, str] = {}
    seen_labels: dict[str, int] = {}
    for span in spans:
        count = seen_labels.get(span.label, 0) + 1
        seen_labels[span.label] = count
        label = span.label if count == 1 else f"{span.label} ({count})"
        start = layout.offsets[span.first][0] + span.text_skip
        end = layout.offsets[span.last][1]
        page = layout.blocks[span.first].page
        pieces = [p for p in split_passage(layout.text[start:end]) if says_something(p[1])]
        for n, (offset, piece) in enumerate(pieces, start=1):
            suffix = "" if len(pieces) == 1 else f"~{n}"
            passages.append(
                Passage(
                    passage_id=f"{doc_id}#{part.slug}/{label}{suffix}",
                    doc_id=doc_id,
                    part=part,
                    section=span.section,
                    label=label,
                    text=piece,
                    start=start + offset,
                    end=start + offset + len(piece),
                    page=page,
                )
            )
        if span.label == "Judgements table":
            table_passage[span.first] = f"{doc_id}#{part.slug}/{label}"
    return passages, table_passage


def _table_judgements(
    doc_id: str, part: Part, authority: str, tables, table_passage: dict[int, str]
) -> list[Judgement]:
    """One judgement per row of a part's judgement tables, cited to the table's passage."""
    return [
        Judgement(
            doc_id=doc_id,
            part_slug=part.slug,
            authority=authority,
            inspection_date=part.inspection_end or part.inspection_start,
            area=row.area,
            grade=row.grade,
            passage_id=table_passage.get(table.first, ""),
        )
        for table in tables
        for row in table.rows
    ]


def _meta(
    doc_id: str, rel_path: str, parts: list[Part], authority: str, overrides: dict[str, str]
) -> DocumentMeta:
    """Who, what and when of the whole file: its first part that is not "other" speaks for
    it (else its inspection report), unless the catalogue says otherwise."""
    main = next((p for p in parts if p.kind in INSPECTION_KINDS), parts[0] if parts else None)
    first = next((p for p in parts if p.kind != "other"), main)
    doc_date = overrides.get("date") or (
        (first.meeting_date or first.inspection_end or first.published) if first else None
    )
    return DocumentMeta(
        doc_id=doc_id,
        path=rel_path,
        title=overrides.get("title") or (first.title if first else doc_id),
        authority=authority,
        kind=overrides.get("kind") or (first.kind if first else "other"),
        date=doc_date,
        source_url=overrides.get("source_url"),
    )


def says_something(text: str) -> bool:
    """A passage needs one word that is not a stop word: a lone "and" between two title
    lines, "N/A" or "89." cites nothing and, matched on its section title, would crowd out
    the paragraphs that do say something."""
    return any(len(w) > 2 and w not in STOPWORDS for w in re.findall(r"[a-z]+", text.casefold()))


def _parts(layout: Layout, overrides: dict[str, str], doc_id: str = "") -> list[Part]:
    parts: list[Part] = []
    used: dict[str, int] = {}
    for span in layout.parts:
        text = _part_text(layout, span)
        slug = KIND_SLUGS.get(span.kind) or _slugify(span.title) or "part"
        used[slug] = used.get(slug, 0) + 1
        if used[slug] > 1:
            slug = f"{slug}-{used[slug]}"
        start, end = md.inspection_dates(text)
        if start is None and span.kind in VISIT_KINDS:
            start, end = md.visit_dates(text)
        if start is None and span.kind == "presentation":
            start, end = parse_date_range(
                " ".join(b.text for b in layout.blocks[span.first : span.first + 6])
            )
        meeting = md.meeting_date(text) if span.kind in ("cabinet_report", "other") else None
        parts.append(
            Part(
                slug=slug,
                kind=span.kind,
                title=span.title,
                inspection_start=start,
                inspection_end=end,
                meeting_date=meeting,
                published=md.published_date(text)
                or (md.letter_date(text) if span.kind in VISIT_KINDS else None),
                lead_inspector=md.lead_inspector(text),
            )
        )
    named = visit_kind(doc_id.rsplit("/", 1)[-1])
    if len(parts) == 1 and overrides.get("kind"):
        only = parts[0]
        kind = part_kind(overrides["kind"]) or overrides["kind"]
        parts[0] = Part(**{**only.__dict__, "kind": kind})
    elif len(parts) == 1 and named and parts[0].kind not in INSPECTION_KINDS:
        # a letter whose title the layout did not find, named by the reports site's kind
        # ("barnet-2026-10-monitoring-visit.pdf", as `ofsted-qa national` saves it)
        parts[0] = Part(**{**parts[0].__dict__, "kind": named, "slug": KIND_SLUGS[named]})
    return _dated(parts, overrides, doc_id)


def _dated(parts: list[Part], overrides: dict[str, str], doc_id: str) -> list[Part]:
    """Each report's publication date: catalog.csv's `published` (or the national
    catalogue's `publication_date`), else printed, else its file name's month where the
    file is an Ofsted report (a council pack's name gives its meeting month)."""
    catalogued = overrides.get("published") or overrides.get("publication_date")
    reports = [p for p in parts if p.kind in INSPECTION_KINDS]
    one_report = bool(reports) and all(
        p.kind in INSPECTION_KINDS or p.kind == "other" for p in parts
    )
    out = []
    for part in parts:
        if reports and part.kind not in INSPECTION_KINDS:
            out.append(part)  # the catalogue's date is the report's, not its cover letter's
            continue
        named = md.month_from_name(doc_id, part.inspection_end) if one_report else None
        published = md.publication_date(part.published, catalogued, named)
        out.append(Part(**{**part.__dict__, "published": published}))
    return out


def _overall_sentence(doc_id, part, span, authority, layout, tables, passages) -> list[Judgement]:
    """The overall grade printed as a sentence, where the report's table has none; and the
    review of the local safeguarding children board, which a SIF report prints as a line of
    its own, under its own name (it grades the board, not the council)."""
    areas = {row.area for table in tables for row in table.rows}
    begin = layout.offsets[span.first][0]
    end = layout.offsets[span.last][1]
    out = []
    for area, found in (
        ("Overall effectiveness", overall_judgement(layout.text[begin : begin + 4000])),
        (LSCB_NAME, lscb_judgement(layout.text[begin:end])),
    ):
        if found is None or area in areas:
            continue
        grade, offset = found
        at = begin + offset
        own = [p for p in passages if p.part.slug == part.slug and p.end > at]
        # the paragraph it is printed in, or (a heading) the paragraph below it
        cited = min(own, key=lambda p: p.start).passage_id if own else ""
        out.append(
            Judgement(
                doc_id=doc_id,
                part_slug=part.slug,
                authority=authority,
                inspection_date=part.inspection_end or part.inspection_start,
                area=area,
                grade=grade,
                passage_id=cited,
            )
        )
    return out


def _part_text(layout: Layout, span: PartSpan) -> str:
    return layout.text[layout.offsets[span.first][0] : layout.offsets[span.last][1]]


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


@lru_cache(maxsize=1)
def _splitter():
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=MAX_PASSAGE_CHARS,
        chunk_overlap=SPLIT_OVERLAP,
        separators=["\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
        add_start_index=True,
    )


def split_passage(text: str) -> list[tuple[int, str]]:
    """Long paragraphs split into pieces that fit the embedder, each with its offset."""
    if len(text) <= MAX_PASSAGE_CHARS:
        return [(0, text)]
    pieces = []
    for doc in _splitter().create_documents([text]):
        piece = doc.page_content.strip()
        offset = text.find(piece, doc.metadata.get("start_index", 0))
        if offset < 0:
            offset = text.find(piece)
        pieces.append((max(offset, 0), piece))
    return pieces
