"""PDF to blocks, using the layout of its text runs (position, font size, boldness).

Print layout carries the structure that plain extracted text loses: running headers and
footers repeat at the page edges, headings are bold or larger, numbered paragraphs hang
their continuation lines, and table cells share a baseline. Everything here is derived from
those signals rather than from any one publisher's wording.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..models import Block
from .pdf_runs import TextRun

BULLET_CHARS = "•●◼▪■◦‣∙·-–*"
_BULLETS = set(BULLET_CHARS)
_LABEL_RE = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|\d{4}\.)\s")


@dataclass
class Line:
    text: str
    x: float
    y: float
    size: float
    bold: bool
    page: int
    page_height: float


@dataclass
class _LineBuilder:
    parts: list[str] = field(default_factory=list)
    x: float | None = None
    y: float | None = None
    sizes: Counter = field(default_factory=Counter)
    bold_chars: int = 0
    chars: int = 0


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def normalise_bullets(text: str) -> str:
    """Symbol-font bullets arrive as private-use code points; make them a plain bullet."""
    return _PRIVATE_USE.sub("•", text)


def _is_footnote_marker(text: str, size: float, y: float, line: _LineBuilder) -> bool:
    """A small number set on or just above the line it follows ("improve?1") is a footnote
    reference, not text; a small number far from the line is something else (a page number,
    or the first digit of the next paragraph's label)."""
    if not (text.isdigit() and line.sizes):
        return False
    largest = max(line.sizes)
    return size < 0.8 * largest and -3 <= y - (line.y or 0.0) < largest


def _separate_words(parts: list[str], after: str, gap: float, size: float) -> bool:
    """Whether a run is a new word after the line's parts so far. Within a word, runs sit
    within a tenth of the font size of each other (kerning); a word space or a tab stop is
    wider. A bullet glyph that opens the line is always apart from its item."""
    before = parts[-1]
    if before[-1:].isspace() or after[:1].isspace():
        return False
    if len(parts) == 1 and normalise_bullets(before.strip()) in _BULLETS:
        return True
    # Figures are set with wider tracking ("201" | "5", "1" | "%") than letters.
    within_a_number = before[-1:].isdigit() and (after[:1].isdigit() or after[:1] == "%")
    return gap > (0.3 if within_a_number else 0.15) * size


def page_lines(runs: list[TextRun], page_number: int, page_height: float) -> list[Line]:
    """Lines of one page in content order, each with its position and font.

    A line ends where the next run starts more than 3 points above or below it; PDFium's
    own inferred line breaks are not followed, because it breaks around raised footnote
    markers too. Runs on one line that the layout separates by a gap get a space."""
    lines: list[Line] = []
    cur = _LineBuilder()
    end_x = 0.0
    dropped_marker = False

    def flush() -> None:
        nonlocal cur
        text = "".join(cur.parts)
        if text.strip() and cur.chars:
            size = cur.sizes.most_common(1)[0][0]
            lines.append(
                Line(
                    text=text,
                    x=cur.x or 0.0,
                    y=cur.y or 0.0,
                    size=size,
                    bold=cur.bold_chars * 2 > cur.chars,
                    page=page_number,
                    page_height=page_height,
                )
            )
        cur = _LineBuilder()

    for run in runs:
        text = run.text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
        stripped = text.strip()
        if run.generated or not stripped:
            if cur.parts and text and not cur.parts[-1].endswith(" "):
                cur.parts.append(" ")
            continue
        if cur.y is not None:
            if _is_footnote_marker(stripped, run.size, run.y, cur):
                dropped_marker = True
                continue
            if abs(run.y - cur.y) > 3:
                flush()
            elif _separate_words(cur.parts, text, run.x - end_x, run.size):
                cur.parts.append(" ")
        if dropped_marker and stripped[0] in ",.;:)":
            while cur.parts and not cur.parts[-1].strip():
                cur.parts.pop()
            if cur.parts:
                cur.parts[-1] = cur.parts[-1].rstrip()
        dropped_marker = False
        if cur.y is None:
            cur.x, cur.y = run.x, run.y
        cur.parts.append(text)
        end_x = run.end_x
        n = len(stripped)
        cur.chars += n
        cur.sizes[run.size] += n
        if run.bold:
            cur.bold_chars += n
    flush()
    return lines


def _furniture_key(text: str) -> str:
    """Digits vary between pages (page numbers), so repeated lines compare without them."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def strip_furniture(pages: list[list[Line]], body_size: float) -> list[list[Line]]:
    """Drop running headers, footers, page numbers and footnotes at the page edges."""
    n_pages = len(pages)
    edge_counts: Counter = Counter()
    for lines in pages:
        seen = set()
        for line in lines:
            if _in_edge(line, 0.12):
                seen.add(_furniture_key(line.text))
        edge_counts.update(seen)
    repeat_threshold = max(2, int(0.3 * n_pages))
    kept: list[list[Line]] = []
    for lines in pages:
        out = []
        for line in lines:
            key = _furniture_key(line.text)
            in_edge = _in_edge(line, 0.12)
            if in_edge and edge_counts[key] >= repeat_threshold and n_pages > 1:
                continue
            if in_edge and re.fullmatch(r"(page\s*)?#(\s*(of|/)\s*#)?", key):
                continue
            if line.size < 0.9 * body_size and _in_edge(line, 0.25):
                continue  # footnotes and small print at the foot or head of a page
            out.append(line)
        kept.append(out)
    return kept


def _in_edge(line: Line, fraction: float) -> bool:
    return line.y < fraction * line.page_height or line.y > (1 - fraction) * line.page_height


def _columns_share_row(a: Line, b: Line) -> bool:
    return abs(a.y - b.y) <= max(2.0, 0.75 * a.size) and abs(a.x - b.x) > 40


def _table_spans(lines: list[Line]) -> list[tuple[int, int]]:
    """Index ranges of lines that sit in side-by-side columns (tables)."""
    partnered = [False] * len(lines)
    for i, a in enumerate(lines):
        for j in range(max(0, i - 6), min(len(lines), i + 7)):
            if j != i and _columns_share_row(a, lines[j]):
                partnered[i] = True
                break
    spans: list[tuple[int, int]] = []
    start = None
    last = None
    for i, flag in enumerate(partnered):
        if not flag:
            continue
        if start is None:
            start = last = i
        elif i - last <= 3:
            last = i
        else:
            spans.append((start, last))
            start = last = i
    if start is not None:
        spans.append((start, last))
    return spans


def _table_rows(lines: list[Line]) -> list[Block]:
    """Group table lines into rows by vertical gaps; cells by column position."""
    ordered = sorted(lines, key=lambda ln: (-ln.y, ln.x))
    rows: list[list[Line]] = []
    row_bottom = None
    for line in ordered:
        if row_bottom is None or row_bottom - line.y > 1.6 * line.size:
            rows.append([line])
        else:
            rows[-1].append(line)
        row_bottom = line.y if row_bottom is None else min(row_bottom, line.y)
    blocks = []
    for row in rows:
        columns: dict[int, list[Line]] = {}
        for line in sorted(row, key=lambda ln: -ln.y):
            key = next((k for k in columns if abs(k - line.x) < 30), None)
            columns.setdefault(int(line.x) if key is None else key, []).append(line)
        cells = tuple(join_wrapped([ln.text for ln in columns[k]]) for k in sorted(columns))
        blocks.append(Block(text="\t".join(cells), kind="row", page=row[0].page, cells=cells))
    return blocks


def join_wrapped(texts: list[str]) -> str:
    """Join lines wrapped by the layout, keeping hyphenated compounds whole."""
    out = ""
    for raw in texts:
        t = re.sub(r"\s+", " ", raw).strip()
        if not t:
            continue
        if not out:
            out = t
        elif out.endswith("-") and not out.endswith(" -") and t[:1].islower():
            out += t
        else:
            out += " " + t
    return out


def _starts_item(text: str) -> bool:
    t = text.lstrip()
    return bool(t) and (t[0] in BULLET_CHARS and (len(t) == 1 or t[1] == " "))


def _starts_label(text: str) -> bool:
    return bool(_LABEL_RE.match(text))


def _wrapped_number(current: list[Line], line: Line) -> bool:
    """A wrapped line that happens to open with a number ("21 about remaining active...") sits
    at the hanging indent of the numbered paragraph it carries on, or reads on mid-sentence."""
    first = current[0]
    if not _starts_label(first.text):
        return False
    indent = current[1].x if len(current) > 1 else None
    hangs = line.x > first.x + 8 and (indent is None or abs(line.x - indent) < 3)
    rest = re.sub(r"^\s*\d{1,3}(?:\.\d{1,3})*\.?\s+", "", line.text)
    mid_sentence = rest[:1].islower() and not _ends_sentence(current[-1].text)
    return hangs or mid_sentence


def _wrapped_dash(current: list[Line], line: Line) -> bool:
    """A dash opening a wrapped line mid-sentence ("Multi-Systemic Therapy" / "– Child Abuse
    and Neglect") carries a numbered paragraph on; it is no bullet."""
    first = current[0]
    return (
        line.text.lstrip()[:1] in "-–—"
        and _starts_label(first.text)
        and line.x > first.x + 8
        and not _ends_sentence(current[-1].text)
    )


def _same_size(a: float, b: float) -> bool:
    """Sizes a reader would not tell apart: some producers set a few words of a body line
    at 12.6 points among 12."""
    return abs(a - b) <= max(0.5, 0.06 * max(a, b))


def lines_to_blocks(
    lines: list[Line], body_size: float, line_gap: float
) -> tuple[list[Block], list[tuple[float, float | None]]]:
    """Reflow the lines of one page into blocks, with each block's first and wrap indents."""
    blocks: list[Block] = []
    indents: list[tuple[float, float | None]] = []
    span_starts = dict(_table_spans(lines))
    current: list[Line] = []

    def emit() -> None:
        made = _block_of(current, body_size)
        if made is not None:
            blocks.append(made[0])
            indents.append(made[1])
        current.clear()

    i = 0
    while i < len(lines):
        if i in span_starts:
            emit()
            end = span_starts[i]
            rows = _table_rows(lines[i : end + 1])
            blocks.extend(rows)
            indents.extend((0.0, None) for _ in rows)
            i = end + 1
            continue
        line = lines[i]
        if current and _opens_block(current, line, line_gap):
            emit()
        current.append(replace(line, text=normalise_bullets(line.text)))
        i += 1
    emit()
    return blocks, indents


def _opens_block(current: list[Line], line: Line, line_gap: float) -> bool:
    """A line that starts a block of its own: after a paragraph's gap, up the page, with a
    number or bullet of its own, or in another style."""
    prev = current[-1]
    gap = prev.y - line.y
    return (
        gap > 1.45 * max(line_gap, 1.25 * line.size)
        or gap < -2
        or (_starts_label(line.text) and not _wrapped_number(current, line))
        or (_starts_item(normalise_bullets(line.text)) and not _wrapped_dash(current, line))
        or prev.bold != line.bold
        or not _same_size(prev.size, line.size)
    )


def _block_of(
    current: list[Line], body_size: float
) -> tuple[Block, tuple[float, float | None]] | None:
    """The lines gathered as one block (an item, a heading or text) with its first and wrap
    indents; None when they hold no text."""
    if not current:
        return None
    first = current[0]
    text = join_wrapped([ln.text for ln in current])
    if not text:
        return None
    heading = (first.bold or first.size > 1.15 * body_size) and not _starts_label(text)
    if heading and len(text) > 200:
        heading = False
    if _starts_item(text):
        kind = "item"
        text = text.lstrip(BULLET_CHARS).strip()
    elif heading:
        kind = "heading"
    else:
        kind = "text"
    block = Block(text=text, kind=kind, page=first.page)
    return block, (first.x, current[1].x if len(current) > 1 else None)


def _typical_line_gap(pages: list[list[Line]], body_size: float) -> float:
    gaps: Counter = Counter()
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if abs(a.size - body_size) < 0.5 and abs(b.size - body_size) < 0.5:
                gap = round(a.y - b.y)
                if 0 < gap < 3 * body_size:
                    gaps[gap] += 1
    return float(gaps.most_common(1)[0][0]) if gaps else body_size * 1.2


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?:;)\]'\"’”]\s*$", text))


def join_across_pages(blocks: list[Block], first_on_page: set[int]) -> list[Block]:
    """A paragraph cut by a page break continues in the first text block of the next page."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if (
            i in first_on_page
            and out
            and block.kind == "text"
            and out[-1].kind in ("text", "item")
            and not _starts_label(block.text)
            and (block.continues or not _ends_sentence(out[-1].text) or block.text[:1].islower())
        ):
            prev = out[-1]
            out[-1] = Block(
                text=join_wrapped([prev.text, block.text]),
                kind=prev.kind,
                page=prev.page,
            )
            continue
        out.append(block)
    return out


def exempt_page_marker(lines: list[Line]) -> str | None:
    """The running header or footer that marks a page exempt, read before furniture is
    stripped (a marker on every exempt page is furniture too)."""
    from .exempt import is_marker_line

    edge = [ln.text for ln in lines if _in_edge(ln, 0.12)]
    for i, text in enumerate(edge):
        if is_marker_line(text):
            return text
        if i + 1 < len(edge) and is_marker_line(f"{text} {edge[i + 1]}"):
            return f"{text} {edge[i + 1]}"
    return None


def pdf_blocks(
    pages_of_runs, deadline: float | None = None, stamps: dict[int, list[str]] | None = None
) -> list[Block]:
    """All blocks of a PDF, furniture removed and page-split paragraphs rejoined.

    A page whose running header or footer, or one of whose annotations (a stamp, a
    FreeText note: `stamps`, by 0-based page), is an exemption marker starts with that
    marker as a block of its own, so the exempt cut sees it although it is not body text.
    """
    import time

    from .exempt import is_marker_line

    pages = []
    for n, (runs, page_height) in enumerate(pages_of_runs):
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(f"stopped at page {n + 1}")
        pages.append(page_lines(runs, n + 1, page_height))
    exempt_marks = {n: exempt_page_marker(lines) for n, lines in enumerate(pages)}
    for n, texts in (stamps or {}).items():
        if n in exempt_marks and not exempt_marks[n]:
            exempt_marks[n] = next((t for t in texts if is_marker_line(t)), None)
    sizes: Counter = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 12.0
    pages = strip_furniture(pages, body_size)
    line_gap = _typical_line_gap(pages, body_size)
    blocks: list[Block] = []
    first_on_page: set[int] = set()
    last_wrap_indent = None
    for n, lines in enumerate(pages):
        page_blocks, indents = lines_to_blocks(lines, body_size, line_gap)
        if exempt_marks[n]:
            page_blocks.insert(0, Block(text=exempt_marks[n], kind="heading", page=n + 1))
            indents.insert(0, (0.0, None))
        if page_blocks:
            first_x = indents[0][0]
            hangs = last_wrap_indent is not None and abs(first_x - last_wrap_indent) < 3
            if hangs:
                page_blocks[0] = replace(page_blocks[0], continues=True)
            first_on_page.add(len(blocks))
            first, wrap = indents[-1]
            last_wrap_indent = wrap if wrap is not None and abs(wrap - first) > 5 else None
        blocks.extend(page_blocks)
    return join_across_pages(blocks, first_on_page)
