"""Blocks to cited passages: parts, sections, printed paragraph numbers, judgement tables.

Pure functions over `Block` lists. Nothing here knows a file format or a particular
report; the rules follow how inspection reports and council papers are printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..councils import lookup as council_named
from ..models import Block
from ..vocab import INSPECTION_KINDS, visit_kind
from .exempt import cut_exempt
from .judgements import (
    GradedRow,
    clean_area,
    glued_rows,
    named_row,
    parse_graded_line,
    split_grade,
    table_header,
)

_LABEL_RE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+\.?|\d{1,4}\.)\s+(?=\S)")
_ENDS_SENTENCE_RE = re.compile(r"[.!?;)\]'\"’”]\s*$")
_TITLE_RE = re.compile(
    r"^(?:ofsted'?s?\s+)?inspection of\b.*\b(?:children['’]?s|children)\b.*\bservices?\b"
    # the single inspection framework (2013-2018) names what it inspects
    r"|^(?:ofsted'?s?\s+)?inspection of services for children in need of help and protection"
    r"|^(?:ofsted'?s?\s+)?(?:focused|monitoring) visit (?:to|of|on)\b",
    re.I,
)
_INSPECTION_DATES_RE = re.compile(r"^inspection dates?\s*:", re.I)
# A visit letter prints no "Inspection dates:" line: its title, then "This letter summarises
# the findings of the monitoring visit to ... on 6 and 7 September 2022".
_VISIT_TITLE_RE = re.compile(
    r"^(?:ofsted'?s?\s+)?(?:focused|monitoring) visit (?:to|of|on)\b", re.I
)
_LETTER_OPENING_RE = re.compile(
    r"\bthis letter summarises\b|\bfindings of the (?:focused|monitoring) visit\b", re.I
)
_SALUTATION_RE = re.compile(r"^dear\b", re.I)
# Older reports print the dates on the title's line: "...Children Board Inspection date: 2 June"
_DATES_IN_TITLE_RE = re.compile(r"\binspection dates?\s*:\s*\d", re.I)
_COVER_START_RE = re.compile(
    r"\b(dear (sir|madam|councillor|member)|supplementary agenda|agenda)\b", re.I
)
_COUNCIL_REPORT_RE = re.compile(
    r"^(?:(?:cabinet|council|committee|scrutiny)\b.*\b(?:meeting|\d{4})"
    r"|date of meeting|report title|report of the|report to)\b",
    re.I,
)
_FIELD_RE = re.compile(r"^[A-Z][A-Za-z ]{2,30}:\s*\S")
_BLANK_PAGE_RE = re.compile(r"page is intentionally left blank", re.I)


@dataclass(frozen=True)
class Span:
    """A run of merged blocks that becomes one passage (before size splitting)."""

    section: str
    label: str
    first: int  # index of first block in the merged block list
    last: int  # inclusive
    text_skip: int = 0  # characters of printed label to leave out of the first block


@dataclass(frozen=True)
class PartSpan:
    kind: str
    title: str
    first: int
    last: int


@dataclass(frozen=True)
class JudgementSpan:
    rows: tuple[GradedRow, ...]
    first: int
    last: int


def split_label(text: str) -> tuple[str, str] | None:
    """('35', rest) for a printed paragraph number at the start of text."""
    m = _LABEL_RE.match(text)
    if not m:
        return None
    label = m.group(1).rstrip(".")
    return label, text[m.end() :]


def ends_sentence(text: str) -> bool:
    return bool(_ENDS_SENTENCE_RE.search(text))


def looks_like_heading(block: Block) -> bool:
    """Plain text has no markup, so a heading is a short line that is not a sentence."""
    if block.kind == "heading":
        return True
    if block.kind != "text":
        return False
    text = block.text.strip()
    if not text or len(text) > 250 or split_label(text):
        return False
    area, grade = split_grade(text)
    if grade and len(area.split()) >= 4 and len(text) < 200:
        return True  # "The experiences and progress of care leavers: good."
    if text[-1] in ".,;" or not (text[0].isupper() or text[0].isdigit()):
        return False
    words = text.split()
    if len(words) > 40 or len(words) < 1:
        return False
    if ":" in text[:-1]:
        key, _, _ = text.partition(":")
        if len(key.split()) < 5:
            return False  # "Inspection dates: ..." is a field, not a heading
    if re.search(r"[@<>]|https?://|\bwww\.|\d{4,}\s*\d", text):
        return False
    return sum(ch.isalpha() for ch in text) >= 3


def merge_continuations(blocks: list[Block]) -> list[Block]:
    """Rejoin paragraphs cut by a page break: they stop mid-sentence and carry on below."""
    out: list[Block] = []
    for block in blocks:
        if out and _continues(out[-1], block):
            prev = out[-1]
            out[-1] = replace(prev, text=f"{prev.text} {block.text.strip()}", continues=False)
            continue
        out.append(block)
    return out


def _continues(prev: Block, block: Block) -> bool:
    if prev.kind not in ("text", "item") or block.kind not in ("text",):
        return False
    if split_label(block.text) or table_header(block.text):
        return False
    if _FIELD_RE.match(block.text) or _FIELD_RE.match(prev.text):
        return False  # "Inspection dates: ..." and "Lead inspector: ..." stay separate lines
    if block.continues:
        return True
    labelled = split_label(prev.text)
    first = block.text.lstrip()[:1]
    if labelled and _is_numbered_heading(labelled[1]):
        # a numbered paragraph's first line looks like a heading; a lower-case line below
        # it carries the sentence on ("98 The trust recognises ... significantly" / "under...")
        return first.islower() and not ends_sentence(prev.text) and block.kind == "text"
    if ends_sentence(prev.text):
        return False
    if prev.text.rstrip().endswith(":"):
        return False
    return first.islower() or (not looks_like_heading(block) and not looks_like_heading(prev))


class _Numbering:
    """Accepts a printed number only where it fits the sequence, so stray numbers stay text."""

    def __init__(self) -> None:
        self.last: tuple[int, ...] | None = None

    def accepts(self, label: str) -> bool:
        parts = tuple(int(p) for p in label.split("."))
        last = self.last
        if last is None:
            return parts[0] <= 3
        if len(parts) == 1:
            return parts[0] == 1 or last[0] < parts[0] <= last[0] + 3
        return last[0] <= parts[0] <= last[0] + 1

    def take(self, label: str) -> None:
        self.last = tuple(int(p) for p in label.split("."))

    def is_restart(self, label: str) -> bool:
        parts = tuple(int(p) for p in label.split("."))
        return self.last is not None and len(parts) == 1 and parts[0] == 1 and self.last[0] >= 2


def find_parts(blocks: list[Block]) -> list[PartSpan]:
    """Split a file into its parts: a cover letter or agenda, a council report, Ofsted's report."""
    n = len(blocks)
    if n == 0:
        return []
    report_starts = _report_starts(blocks)
    bounds: list[tuple[int, str, str]] = []  # (first block, kind, title)
    head_end = report_starts[0] if report_starts else n
    if report_starts and 0 < head_end <= 2:
        report_starts[0] = 0  # a name or a line over the report's title is its title page
    elif head_end > 0:
        bounds.extend(_council_parts(blocks[:head_end]))
    for start in report_starts:
        title = _report_title(blocks, start)
        bounds.append((start, visit_kind(title) or "ilacs_report", title))
    parts = []
    for i, (first, kind, title) in enumerate(bounds):
        last = bounds[i + 1][0] - 1 if i + 1 < len(bounds) else n - 1
        if last >= first:
            parts.append(PartSpan(kind=kind, title=title, first=first, last=last))
    return parts


def _report_starts(blocks: list[Block]) -> list[int]:
    starts: list[int] = []
    for i, block in enumerate(blocks):
        if not _INSPECTION_DATES_RE.match(block.text) and not (
            len(block.text) < 600 and _DATES_IN_TITLE_RE.search(block.text)
        ):
            continue
        start = i
        for j in range(i - 1, max(-1, i - 5), -1):
            if (
                _TITLE_RE.match(blocks[j].text)
                or (
                    looks_like_heading(blocks[j]) and not _INSPECTION_DATES_RE.match(blocks[j].text)
                )
                or blocks[j].text.strip().lower() in ("and", "&")
            ):
                start = j
                if _TITLE_RE.match(blocks[j].text):
                    break
            else:
                break
        above = blocks[start - 1].text.strip() if start > 0 else ""
        if above and (re.search(r"\bcouncil$", above, re.I) or council_named(above)):
            start -= 1  # "Birmingham City Council" printed above the report title
        if not starts or start > starts[-1] + 10:
            starts.append(start)
    for start in _letter_starts(blocks):
        if all(abs(start - s) > 10 for s in starts):
            starts.append(start)
    return sorted(starts)


def _letter_starts(blocks: list[Block]) -> list[int]:
    """Where each visit letter starts: its letterhead, date, addressee and salutation above
    a visit title whose next paragraphs say what the letter summarises."""
    starts = []
    for i in range(len(blocks)):
        if not _is_letter_title(blocks, i):
            continue
        start = i
        while start > 0 and i - start < 16 and _letterhead(blocks[start - 1]):
            start -= 1
        starts.append(0 if start <= 2 else start)
    return starts


def _is_letter_title(blocks: list[Block], i: int) -> bool:
    text = blocks[i].text.strip()
    return (
        len(text) <= 200
        and bool(_VISIT_TITLE_RE.match(text))
        and any(_LETTER_OPENING_RE.search(b.text) for b in blocks[i + 1 : i + 4])
    )


def _letter_title(blocks: list[Block], start: int) -> str | None:
    """A visit letter's title, printed under its letterhead."""
    for i in range(start, min(start + 18, len(blocks))):
        text = blocks[i].text.strip()
        if _INSPECTION_DATES_RE.match(text):
            return None
        if _is_letter_title(blocks, i):
            return re.sub(r"\s+", " ", text)
    return None


def _letterhead(block: Block) -> bool:
    """A short line of a letter's head: an address, a date, a name, "Dear ..."."""
    text = block.text.strip()
    return (
        len(text) < 150
        and not _COUNCIL_REPORT_RE.match(text)
        and not _BLANK_PAGE_RE.search(text)
        and (bool(_SALUTATION_RE.match(text)) or not ends_sentence(text) or len(text) < 40)
    )


def _report_title(blocks: list[Block], start: int) -> str:
    letter = _letter_title(blocks, start)
    if letter:
        return letter
    pieces = []
    for block in blocks[start : start + 4]:
        if _INSPECTION_DATES_RE.match(block.text):
            break
        inline = _DATES_IN_TITLE_RE.search(block.text)
        pieces.append(block.text[: inline.start() if inline else None].strip())
        if inline:
            break
    title = " ".join(pieces)
    title = re.sub(r"\s+", " ", title).strip()
    return title or "Inspection report"


def _council_parts(blocks: list[Block]) -> list[tuple[int, str, str]]:
    """The blocks before an Ofsted report: council papers, a presentation, or a preamble."""
    joined = " ".join(b.text for b in blocks[:80])
    has_numbering = any(split_label(b.text) for b in blocks)
    is_council = bool(
        re.search(
            r"\b(cabinet|committee|councillor|portfolio holder|date of meeting)\b", joined, re.I
        )
    ) and bool(re.search(r"\b(recommend|report)", joined, re.I))
    if not is_council:
        kind = "presentation" if not has_numbering and _mostly_short(blocks) else "other"
        title = _first_title(blocks) or "Document"
        return [(0, kind, title)]
    parts: list[tuple[int, str, str]] = []
    report_start = 0
    cover = next((i for i, b in enumerate(blocks[:12]) if _COVER_START_RE.search(b.text)), None)
    if cover is not None:
        for i, block in enumerate(blocks[cover + 3 :], start=cover + 3):
            if _BLANK_PAGE_RE.search(block.text) or _COUNCIL_REPORT_RE.match(block.text):
                report_start = i + 1 if _BLANK_PAGE_RE.search(block.text) else i
                break
        if report_start:
            title = "Agenda" if re.search(r"agenda", joined[:600], re.I) else "Cover letter"
            parts.append((0, "other", title))
    title = _council_title(blocks[report_start:]) or "Council report"
    parts.append((report_start, "cabinet_report", title))
    return parts


def _mostly_short(blocks: list[Block]) -> bool:
    short = sum(1 for b in blocks if b.kind in ("item", "heading", "row") or len(b.text) < 120)
    return short >= 0.6 * max(1, len(blocks))


def _first_title(blocks: list[Block]) -> str | None:
    for block in blocks[:6]:
        if looks_like_heading(block):
            return block.text.strip()
    return None


def _council_title(blocks: list[Block]) -> str | None:
    for block in blocks[:30]:
        m = re.match(r"^report title\s*:\s*(.+)$", block.text, re.I)
        if m:
            return m.group(1).strip()
    for block in blocks[:12]:
        if (
            looks_like_heading(block)
            and not _COUNCIL_REPORT_RE.match(block.text)
            and not _BLANK_PAGE_RE.search(block.text)
        ):
            return block.text.strip()
    return None


def find_judgement_tables(blocks: list[Block], first: int, last: int) -> list[JudgementSpan]:
    """Judgement/grade tables and graded lists, as spans of blocks with their rows."""
    spans: list[JudgementSpan] = []
    i = first
    while i <= last:
        header = table_header(blocks[i].text) or _starts_graded_list(blocks, i, last)
        if header:
            rows, end = _collect_graded(blocks, i + 1, last)
            if rows:
                spans.append(JudgementSpan(rows=tuple(rows), first=i, last=end))
                i = end + 1
                continue
        i += 1
    return spans


def _starts_graded_list(blocks: list[Block], i: int, last: int) -> bool:
    """A numbered list of graded areas with no header above it ("1. Children who need help
    and protection  Requires improvement", "2. ..."): the table starts on the line before."""
    if i + 1 > last or blocks[i].kind == "row" and parse_graded_line(blocks[i]):
        return False
    following = blocks[i + 1]
    if not re.match(r"^\s*1\.?\s+[A-Z]", following.text) or parse_graded_line(following) is None:
        return False
    rows, _ = _collect_graded(blocks, i + 1, last)
    return len(rows) >= 2


def _collect_graded(blocks: list[Block], start: int, last: int) -> tuple[list[GradedRow], int]:
    """Rows after a table header, each under its framework's judgement name; an area and its
    grade may sit in separate blocks. The table ends at its last named row, so a sentence or
    a contents page below it is not read as a row."""
    raw: list[tuple[str, str, str, int]] = []  # area, area without the line above, grade, block
    pending = ""
    for i in range(start, last + 1):
        block = blocks[i]
        glued = glued_rows(block)
        if glued:
            raw.extend((r.area, "", r.grade, i) for r in glued)
            pending = ""
            continue
        row = parse_graded_line(block)
        if row is not None and pending and not row.area:
            # a grade wrapped over two lines: "... governance  Requires improvement to be" / "good"
            whole_area, whole = split_grade(f"{pending} {block.text.strip()}")
            if whole and len(whole) > len(row.grade) and whole_area:
                row, pending = GradedRow(area=clean_area(whole_area), grade=whole), ""
        if row is not None:
            area, alone = row.area or pending, ""
            if pending and row.area:
                # an area name wrapped over two lines, or a line above that is not part of it
                area, alone = f"{pending} {row.area}", row.area
            if area:
                raw.append((clean_area(area), alone, row.grade, i))
            pending = ""
        elif (
            raw
            and not pending
            and _area_carries_on(raw[-1][0], block.text.strip())
            and len(block.text) < 100
        ):
            area, alone, grade, _ = raw[-1]  # the rest of the last row's area, below its grade
            raw[-1] = (clean_area(f"{area} {block.text}"), alone, grade, i)
        elif not pending and len(block.text) < 140 and not ends_sentence(block.text):
            pending = block.text.strip()
        else:
            break
    rows: list[GradedRow] = []
    end = start - 1
    for area, alone, grade, i in raw:
        named = named_row(area, grade) or (named_row(alone, grade) if alone else None)
        if named is None:
            # the last row's area with a heading or contents line below it run on
            named = _named_before_run_on(area, grade)
        if named is not None:
            rows.append(named)
            end = i
    return rows, end


def _named_before_run_on(area: str, grade: str) -> GradedRow | None:
    words = area.split()
    for cut in range(len(words) - 1, max(len(words) - 4, 0), -1):
        named = named_row(" ".join(words[:cut]), grade)
        if named is not None:
            return named
    return None


def _area_carries_on(head: str, tail: str) -> bool:
    """'The impact of leaders on social work practice with' + 'children and families'."""
    tail = re.sub(r"^\s*\d+(?:\.\d+)*\.?\s+", "", tail.split("\t")[0]).strip()
    return bool(tail) and (
        tail[:1].islower() or bool(_DANGLING_WORD.search(head)) or head.rstrip().endswith(",")
    )


def _is_numbered_heading(rest: str) -> bool:
    words = rest.split()
    return (
        1 <= len(words) <= 10
        and any(re.fullmatch(r"[A-Za-z'’&-]{4,}", w) for w in words)
        and rest[:1].isupper()
        and not re.search(r"[.!?]\s", rest)
        and not re.search(r"[.:;,]\s*$", rest)
    )


_DANGLING_VERB = re.compile(r"\s+(?:is that (?:it|they) (?:is|are)|is|are|was|were)\s*$", re.I)
# A heading broken over two lines of the layout ends with a word that needs the next one.
_DANGLING_WORD = re.compile(r"\b(?:of|and|for|the|to|in|with|on|about|by)\s*$", re.I)


def _section_name(heading: str) -> str:
    """Judgement headings end with their grade ("... is that it is good"); the section is
    the area."""
    area, grade = split_grade(heading)
    name = _DANGLING_VERB.sub("", area) if grade and len(area.split()) >= 2 else heading
    return name.strip().rstrip(":?").strip()


def _heading_carries_on(heading: Block, following: Block | None) -> bool:
    """The heading stops mid-phrase and the next short block, not a paragraph, ends it."""
    return (
        following is not None
        and bool(_DANGLING_WORD.search(heading.text))
        and following.kind in ("row", "text", "heading")
        and len(following.text) < 120
        and split_label(following.text) is None
    )


@dataclass
class _Open:
    label: str
    first: int
    last: int
    skip: int
    numbered: bool
    section: str


def passage_spans(blocks: list[Block], part: PartSpan) -> tuple[list[Span], list[JudgementSpan]]:
    """One span per printed paragraph; lists, tables and unnumbered runs kept together."""
    tables = find_judgement_tables(blocks, part.first, part.last)
    spanning = _Spanning(blocks, part, tables)
    i = part.first
    while i <= part.last:
        i = spanning.step(i)
    spanning.flush()
    return spanning.spans, tables


class _Spanning:
    """A part's blocks read in order into spans: the section and judgement area the
    headings so far name, and the paragraph still open."""

    def __init__(self, blocks: list[Block], part: PartSpan, tables: list[JudgementSpan]):
        self.blocks, self.part = blocks, part
        self.table_at = {t.first: t for t in tables}
        self.numbering = _Numbering()
        self.spans: list[Span] = []
        self.section = ""
        self.area = ""  # the graded judgement area the current headings belong to
        self.heading_label = ""
        self.cur: _Open | None = None
        self.inspection = part.kind in INSPECTION_KINDS
        self.default_label = "Summary" if self.inspection else "Introduction"
        self.details_end = part.first + 4
        if self.inspection and tables:
            self.details_end = max(self.details_end, tables[0].first)

    def flush(self) -> None:
        if self.cur is not None:
            cur = self.cur
            self.spans.append(Span(cur.section, cur.label, cur.first, cur.last, cur.skip))
        self.cur = None

    def step(self, i: int) -> int:
        """Block i taken into the spans; the next block to read."""
        block = self.blocks[i]
        table = self.table_at.get(i)
        if table is not None:
            self.flush()
            self.spans.append(Span(self.section, "Judgements table", table.first, table.last))
            return table.last + 1
        labelled = split_label(block.text) if block.kind != "row" else None
        if labelled and self.numbering.accepts(labelled[0]):
            self._numbered(i, *labelled)
            return i + 1
        if block.kind != "item" and looks_like_heading(block):
            self.flush()
            if i < self.details_end and self.inspection:
                self.section = self.part.title
                if i > self.part.first:  # inspector titles and the like: details, not headings
                    self.cur = _Open(self.default_label, i, i, 0, False, self.section)
                return i + 1
            return self._heading(i) + 1
        self._paragraph(i)
        return i + 1

    def _numbered(self, i: int, label: str, rest: str) -> None:
        """A numbered paragraph opens, or a numbered heading names the section."""
        self.numbering.take(label)
        self.flush()
        if _is_numbered_heading(rest):
            self.section = f"{label} {rest.strip()}"
            self.heading_label = self.section
        else:
            skip = len(self.blocks[i].text) - len(rest)
            self.cur = _Open(label, i, i, skip, True, self.section)

    def _heading(self, i: int) -> int:
        """The section a heading names (a graded area heads the short headings under it);
        the heading's last block (its second line may be the next one)."""
        block = self.blocks[i]
        following = self.blocks[i + 1] if i < self.part.last else None
        text = block.text.strip()
        if _heading_carries_on(block, following):
            first_cell, *grade = following.text.split("\t")
            text = " ".join([text, first_cell.strip(), *grade])
            i += 1  # the second line of the heading is not a passage of its own
        section = _section_name(text)
        if split_grade(text)[1]:
            self.area = section  # a graded area heads the short headings under it
        elif self.area and len(section.split()) <= 3:
            section = f"{self.area} – {section}"  # "Summary" and "Inspection findings" of an area
        else:
            self.area = ""
        self.section = section
        self.heading_label = "" if i < self.details_end else section
        return i

    def _paragraph(self, i: int) -> None:
        """A block of text: the open paragraph's, or a new span's first."""
        block, cur = self.blocks[i], self.cur
        if cur is not None and cur.numbered and block.kind in ("item", "row"):
            cur.last = i  # a list or table belongs to the paragraph that introduces it
        elif cur is not None and not cur.numbered and _span_chars(self.blocks, cur, i) < 1500:
            cur.last = i
        else:
            after = cur.label if cur is not None and cur.numbered else None
            self.flush()
            label = f"After para {after}" if after else (self.heading_label or self.default_label)
            self.cur = _Open(label, i, i, 0, False, self.section)


def _span_chars(blocks: list[Block], cur: _Open, upto: int) -> int:
    return sum(len(b.text) for b in blocks[cur.first : upto])


@dataclass(frozen=True)
class Layout:
    """A document's blocks laid out as text, with its parts and passage spans."""

    blocks: list[Block]
    text: str
    offsets: list[tuple[int, int]]
    parts: list[PartSpan]
    spans: list[list[Span]]
    tables: list[list[JudgementSpan]]
    left_out: str | None


# Ofsted's back page: who Ofsted is, other formats, the licence, the address and phone.
_BACK_PAGE_START = re.compile(
    r"the office for standards in education, children['’]?s services and skills \(ofsted\)"
    r" regulates and inspects"
    r"|if you would like a copy of this document in a different format"
    r"|you may reuse this information \(not including logos\)",
    re.I,
)
_BACK_PAGE_LINE = re.compile(
    r"open government licence|nationalarchives\.gov\.uk|psi@nationalarchives|piccadilly gate"
    r"|store street|manchester m1 2wd|0300 123 123\d|enquiries@ofsted|crown copyright"
    r"|interested in our work\?|gov\.uk/(?:government/organisations/)?ofsted"
    r"|this publication is available at|no\.\s*\d{6}$|reference no\.|^t:\s*0300|^textphone",
    re.I,
)


def drop_back_page(blocks: list[Block]) -> list[Block]:
    """Cut Ofsted's back-page boilerplate off the paragraph it was glued to, and drop it."""
    out: list[Block] = []
    on_back_page = False
    for block in blocks:
        start = _BACK_PAGE_START.search(block.text)
        if start:
            on_back_page = True
            head = block.text[: start.start()].rstrip()
            if head:
                out.append(replace(block, text=head))
            continue
        if on_back_page and (
            _BACK_PAGE_LINE.search(block.text) or len(block.text) < 60 and block.kind != "heading"
        ):
            continue
        if _BACK_PAGE_LINE.search(block.text) and len(block.text) < 300:
            continue  # a stray licence or address line
        on_back_page = False
        out.append(block)
    return out


def lay_out(blocks: list[Block], cut: bool = True) -> Layout:
    """Blocks laid out as text, parts and spans; `cut` first drops exempt content (the
    caller may have judged the blocks already)."""
    kept, left_out = cut_exempt(blocks) if cut else (blocks, None)
    merged = merge_continuations(drop_back_page(kept))
    offsets = []
    pos = 0
    for block in merged:
        offsets.append((pos, pos + len(block.text)))
        pos += len(block.text) + 1
    text = "\n".join(b.text for b in merged)
    parts = find_parts(merged)
    spans, tables = [], []
    for part in parts:
        part_spans, part_tables = passage_spans(merged, part)
        spans.append(part_spans)
        tables.append(part_tables)
    return Layout(merged, text, offsets, parts, spans, tables, left_out)
