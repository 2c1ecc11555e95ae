"""A report's own lists, kept whole and in printed order: what needs to improve, a council
report's recommendations with their lead-in, and the summary.

Pure functions over a laid-out document (`structure.Layout`). The rules follow how the
lists are printed, in every framework, never one report's wording:

- Ofsted's improvement list: "What needs to improve?" (ILACS, 2018 on, footnote markers
  allowed: "What needs to improve?1"), and the single inspection framework's "What does the
  local authority need to improve?" / "Priority and immediate action" / "Areas for
  improvement" / "Recommendations" (numbered paragraphs).
- A council report's recommendation: a lead-in ("Cabinet is recommended to:", "I recommend
  that Cabinet:") and its items (a), b), bullets), under a "Recommendation(s)" heading or not.
- The summary: "Headline findings" / "Summary" / "Summary of key findings" / "Key findings",
  or, in an ILACS report without such a heading, the unnumbered paragraphs between the
  judgement table and the first heading.

Items survive real PDFs: bullets drawn as glyphs or letters, an item wrapped over lines and
pages (a block that starts in lower case, or follows one that stops mid-sentence, carries
the item on), and a trailing "(Outcome three, National Framework)" printed on its own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Block
from ..vocab import INSPECTION_KINDS
from .judgements import split_grade, table_header
from .structure import Layout, PartSpan, looks_like_heading, split_label

LIST_KINDS = ("improve", "recommendations", "summary")

# Printed item markers: bullets (symbol-font glyphs arrive as private-use code points),
# letters and roman numerals: "•", "a)", "(b)", "c.", "iv)".
_MARKER = re.compile(
    r"^\s*(?:[•●◼▪■◦‣∙·\-–*\uf0b7\uf0a7\uf076\uf0d8\ue000-\uf8ff]"
    r"|\(?(?:[a-z]|[ivx]{1,4})\)|\(?[a-z]\.(?=\s))\s*"
)
_LETTER = re.compile(r"^\s*\(?([a-z]|[ivx]{1,4})[.)]")
_TRAILER = re.compile(r"^\s*\((?:outcome|enabler|national framework|see |paragraph)", re.I)
# Heading text, once a printed number, footnote marker and punctuation are taken off.
_HEAD_CLEAN = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?\s+)?|[\s\d*†‡:?.]+$")
_IMPROVE_HEAD = re.compile(
    r"^(?:what (?:needs|does (?:the |this )?[\w’' -]{0,40}? ?need) to (?:improve|be improved)"
    r"(?: in this area of (?:social work )?practice)?"
    r"|what needs improving|areas? for (?:improvement|development|priority action)"
    r"|priority (?:and|&) immediate action|immediate action|recommendations?(?: for improvement)?)$",
    re.I,
)
_RECOMMEND_HEAD = re.compile(
    r"^(?:recommendations?|recommended decisions?|decisions? (?:required|sought)"
    r"|recommendations? (?:of|from) the [\w ]{3,60})$",
    re.I,
)
_SUMMARY_HEAD = re.compile(
    r"^(?:headline findings|summary(?: of (?:key )?(?:findings|judgements))?|key findings"
    r"|overall summary|main findings|summary of findings)$",
    re.I,
)
_LEAD_IN = re.compile(
    r"\b(?:recommend(?:s|ed)?|asked|invited|requested|required|proposed)\b.{0,80}"
    r"\b(?:to|that)\b[^.]{0,80}:\s*$",
    re.I,
)
_POINTS_TO = re.compile(r"\b(?:below|following|as follows)\b|:\s*$", re.I)


@dataclass(frozen=True)
class ListItem:
    n: int  # 1, 2, 3 in printed order
    marker: str  # as printed: "a)", "28", "" for a bullet
    text: str  # exactly as in the document text, from start to end
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class ReportList:
    kind: str  # "improve" | "recommendations" | "summary"
    part_slug: str
    heading: str  # as printed, cleaned: "What needs to improve"
    items: tuple[ListItem, ...]
    lead_in: str = ""  # "Cabinet is recommended to:"
    lead_start: int = -1
    lead_end: int = -1
    page: int | None = None
    section: str = ""  # the heading the list sits under ("" at the head of the report)

    @property
    def start(self) -> int:
        return self.lead_start if self.lead_start >= 0 else self.items[0].start

    @property
    def end(self) -> int:
        return self.items[-1].end

    def item_label(self, item: ListItem) -> str:
        """The label an item is cited by: "What needs to improve, item 3"."""
        marker = item.marker if re.fullmatch(r"\(?[a-z]{1,4}[.)]?", item.marker) else str(item.n)
        return f"{self.heading}, item {marker}"


def heading_text(text: str) -> str:
    return _HEAD_CLEAN.sub("", text.strip()).strip()


def _is_headingish(block: Block) -> bool:
    if block.kind == "heading":
        return True
    if block.kind != "text":
        return False
    text = block.text.strip()
    labelled = split_label(text)
    rest = labelled[1] if labelled else text
    return looks_like_heading(Block(rest)) and len(rest) < 120


def _list_heading(block: Block, part_kind: str) -> str | None:
    """The list kind a heading opens, if any."""
    if block.kind not in ("heading", "text") or len(block.text) > 120:
        return None
    text = heading_text(block.text)
    inspection = part_kind in INSPECTION_KINDS
    if _IMPROVE_HEAD.match(text) and (inspection or not text.lower().startswith("recommend")):
        return "improve"
    if not inspection and _RECOMMEND_HEAD.match(text):
        return "recommendations"
    if _SUMMARY_HEAD.match(text):
        return "summary"
    return None


def _ends_item(text: str) -> bool:
    t = text.rstrip()
    return bool(re.search(r"[.;!?)\]”’'\"]$|\b(?:and|or)$", t))


def _stops(block: Block) -> bool:
    text = block.text.strip()
    if table_header(text):
        return True
    if block.kind == "heading":
        return True
    if block.kind == "row":
        return True
    area, grade = split_grade(text)
    if grade and len(text) < 200 and len(area.split()) >= 2:
        return True  # "The experiences and progress of ...: good"
    return block.kind == "text" and _is_headingish(block)


@dataclass
class _Draft:
    kind: str
    heading: str
    page: int | None
    items: list[list] = None  # [marker, start, end, page, how]
    lead: tuple[str, int, int] | None = None

    def __post_init__(self) -> None:
        self.items = []


def _item_start(text: str) -> tuple[str, int, str] | None:
    """(marker, characters to skip, how) when a block opens a new item by its marker."""
    m = _MARKER.match(text)
    if m and m.end() < len(text):
        letter = _LETTER.match(text)
        marker = letter.group(0).strip() if letter else ""
        return marker, m.end(), "marker"
    return None


def _collect(
    blocks: list[Block],
    offsets: list[tuple[int, int]],
    first: int,
    last: int,
    draft: _Draft,
    part_kind: str,
) -> int:
    """Items after a heading or lead-in, until the list ends; returns the next block."""
    collecting = _Collecting(blocks, offsets, first, last, draft, part_kind)
    j = first
    while j <= last and collecting.takes(j):
        j += 1
    return j


@dataclass
class _Collecting:
    """One list being read block by block into its draft."""

    blocks: list[Block]
    offsets: list[tuple[int, int]]
    first: int
    last: int
    draft: _Draft
    part_kind: str
    headings_skipped: int = 0

    def takes(self, j: int) -> bool:
        """Block j read into the list (an item, a lead-in, a carried-on line, or passed
        over); False where the list has ended before it."""
        block, draft = self.blocks[j], self.draft
        text = block.text
        start, end = self.offsets[j]
        if not text.strip():
            return True
        items = draft.items
        prev = items[-1] if items else None
        labelled = split_label(text) if block.kind in ("text", "item") else None
        marked = _item_start(text) if not labelled else None
        if self._leads_in(text):
            draft.lead = (text.strip(), start, end)
            return True
        carried = prev is not None and block.kind in ("text", "item") and not labelled
        if carried and not marked and self._carries_on(block, prev):
            prev[2] = end  # the item carries on over a line or page break
            return True
        if (
            draft.kind == "improve"
            and self.part_kind != "cabinet_report"  # officers' actions under each area: not a list
            and _sub_heading(self.blocks, j, self.last, self.part_kind)
        ):
            return True  # "Leadership, management and governance", "Immediately:" inside the list
        if _stops(block) and block.kind != "item":
            return self._opening_heading(j)
        return self._adds(block, labelled, marked, start, end)

    def _leads_in(self, text: str) -> bool:
        """ "The local authority should:": the words before the first item."""
        draft = self.draft
        return (
            not draft.items
            and draft.lead is None
            and bool(_LEAD_IN.search(text) or (draft.kind != "summary" and _POINTS_TO.search(text)))
            and len(text) < 400
        )

    def _carries_on(self, block: Block, prev: list) -> bool:
        text = block.text
        prev_text = _text_of(self.blocks, self.offsets, prev)
        lower = text.lstrip()[:1].islower()
        return bool(_TRAILER.match(text)) or (
            block.kind == "text"
            and (lower or (not _ends_item(prev_text) and not _is_headingish(block)))
        )

    def _opening_heading(self, j: int) -> bool:
        """A heading that stops a list may still open this one, before its first item:
        "What does the local authority need to improve?" + "Areas for improvement";
        "Summary of key findings" + "This local authority requires improvement because"."""
        block, draft = self.blocks[j], self.draft
        text = block.text
        opens = _list_heading(block, self.part_kind) == draft.kind or re.search(
            r"\bbecause\s*:?$", text.strip(), re.I
        )
        skipped = self.headings_skipped
        if draft.items or not opens or skipped >= 2 or j != self.first + skipped:
            return False
        if draft.lead is None:
            start, end = self.offsets[j]
            draft.lead = (text.strip(), start, end)
        self.headings_skipped += 1
        return True

    def _adds(self, block: Block, labelled, marked, start: int, end: int) -> bool:
        """The block as the list's next item, or as the rest of the one before; False
        where it is of another kind of item than the list's, so the list has ended."""
        items = self.draft.items
        how = items[0][4] if items else None
        if labelled:
            if how not in (None, "numbered"):
                return False  # a numbered paragraph after a bulleted list: the list has ended
            marker, rest = labelled
            items.append([marker, end - len(rest), end, block.page, "numbered"])
        elif marked or block.kind == "item":
            if how == "numbered" and block.kind == "item":
                items[-1][2] = end  # a list inside a numbered recommendation belongs to it
                return True
            if how not in (None, "marker"):
                return False
            marker, skip, _ = marked or ("", 0, "marker")
            items.append([marker, start + skip, end, block.page, "marker"])
        elif (
            block.kind == "text" and how in (None, "text") and self.draft.kind != "recommendations"
        ):
            items.append(["", start, end, block.page, "text"])  # bullets the PDF did not keep
        else:
            return False
        return True


def _sub_heading(blocks: list[Block], j: int, last: int, part_kind: str) -> bool:
    """A short line that groups the items below it, not a new section."""
    block = blocks[j]
    text = block.text.strip()
    if j >= last or len(text) > 100 or split_grade(text)[1] or split_label(text):
        return False
    if _list_heading(block, part_kind) is not None or table_header(text):
        return False
    if not (block.kind == "text" and _is_headingish(block) or text.endswith(":")):
        return False
    following = blocks[j + 1]
    if text.endswith(":"):  # "Immediately:", "Within three months:"
        return bool(split_label(following.text) or following.kind == "item")
    return split_label(following.text) is not None  # an area heading over numbered items


def _text_of(blocks, offsets, item) -> str:
    # the last block's text of an item is enough to tell whether it ends a sentence
    for k in range(len(offsets) - 1, -1, -1):
        if offsets[k][0] <= item[2] - 1 < offsets[k][1] + 1:
            return blocks[k].text
    return ""


def find_lists(layout: Layout, part_slugs: list[str] | None = None) -> list[ReportList]:
    """Every list of every part, in document order."""
    out: list[ReportList] = []
    slugs = part_slugs or [f"part-{i}" for i in range(len(layout.parts))]
    for part, slug, tables in zip(layout.parts, slugs, layout.tables):
        out.extend(_part_lists(layout, part, slug, tables))
    return out


def _part_lists(layout: Layout, part: PartSpan, slug: str, tables) -> list[ReportList]:
    blocks, offsets = layout.blocks, layout.offsets
    found: list[ReportList] = []
    section = ""
    i = part.first
    while i <= part.last:
        block = blocks[i]
        kind = _list_heading(block, part.kind)
        if kind is None and block.kind != "item" and _is_headingish(block):
            section = heading_text(block.text) if i > part.first + 4 else ""
        lead_only = (
            kind is None
            and part.kind not in INSPECTION_KINDS
            and block.kind in ("text", "item")
            and _LEAD_IN.search(block.text)
            and re.search(r"recommend|asked|invited|requested", block.text, re.I)
            and len(block.text) < 400
        )
        if kind is None and not lead_only:
            i += 1
            continue
        if lead_only:
            draft = _Draft("recommendations", "Recommendations", block.page)
            draft.lead = (block.text.strip(), *offsets[i])
            nxt = _collect(blocks, offsets, i + 1, part.last, draft, part.kind)
        else:
            draft = _Draft(kind, heading_text(block.text), block.page)
            nxt = _collect(blocks, offsets, i + 1, part.last, draft, part.kind)
        if draft.items:
            found.append(_finish(layout, draft, slug, section))
            i = max(nxt, i + 1)
        else:
            i += 1
    if part.kind in INSPECTION_KINDS and not any(x.kind == "summary" for x in found):
        summary = _unheaded_summary(layout, part, slug, tables)
        if summary is not None:
            found.append(summary)
    return _dedupe(found)


def _unheaded_summary(layout: Layout, part: PartSpan, slug: str, tables) -> ReportList | None:
    """ILACS: the paragraphs between the judgement table and the first heading."""
    if not tables:
        return None
    blocks = layout.blocks
    j = tables[0].last + 1
    draft = _Draft("summary", "Summary", blocks[j].page if j <= part.last else None)
    while j <= part.last:
        block = blocks[j]
        area, grade = split_grade(block.text)
        if grade and len(block.text) < 80:
            j += 1  # "Overall effectiveness Good" printed below the table
            continue
        if _stops(block) or split_label(block.text) or block.kind == "item":
            break
        start, end = layout.offsets[j]
        if draft.items and not _ends_item(blocks[j - 1].text):
            draft.items[-1][2] = end
        else:
            draft.items.append(["", start, end, block.page, "text"])
        j += 1
    return _finish(layout, draft, slug) if draft.items else None


def _finish(layout: Layout, draft: _Draft, slug: str, section: str = "") -> ReportList:
    items = []
    for n, (marker, start, end, page, _) in enumerate(draft.items, start=1):
        text = layout.text[start:end]
        stripped = text.strip()
        start += len(text) - len(text.lstrip())
        items.append(ListItem(n, marker, stripped, start, start + len(stripped), page))
    lead_text, lead_start, lead_end = draft.lead or ("", -1, -1)
    return ReportList(
        kind=draft.kind,
        part_slug=slug,
        heading=draft.heading,
        items=tuple(items),
        lead_in=lead_text,
        lead_start=lead_start,
        lead_end=lead_end,
        page=draft.page,
        section=section,
    )


def _dedupe(lists: list[ReportList]) -> list[ReportList]:
    """A council pack prints its recommendation twice (cover and report): keep the first."""
    seen: set[tuple] = set()
    out = []
    for x in lists:
        key = (x.kind, tuple(re.sub(r"\W+", "", i.text.lower()) for i in x.items))
        if key in seen:
            continue
        seen.add(key)
        out.append(x)
    return out
