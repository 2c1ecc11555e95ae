"""The Grades view's tables as cells that know where they are printed: every grade carries
the passage (the judgement table of its report) it is quoted from, so the page can make
each grade a link to that passage's card. Pure: tables and their HTML, no Streamlit."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.vocab import (
    GOOD,
    GRADE_FAMILIES,
    INADEQUATE,
    OUTSTANDING,
    REQUIRES_IMPROVEMENT,
    grade_family,
)

from .neighbours import (
    COLUMNS,
    SIF_COLUMNS,
    area_of,
    framework,
    inspection_rows,
    neighbour_table,
    sif_rows,
)

GRADE_COLOURS = {
    OUTSTANDING: "#1b7837",
    GOOD: "#a6dba0",
    REQUIRES_IMPROVEMENT: "#f4a261",
    INADEQUATE: "#b2182b",
    "Other": "#ffffff",
}
GRADE_TEXT = {OUTSTANDING: "white", INADEQUATE: "white"}
AREAS = [label for _, label in COLUMNS]
GRADED = {*AREAS, *SIF_COLUMNS}  # the columns whose cells are grades, coloured by family
SIF_CAPTION = "Older inspections (single inspection framework)"


def grade_band(grade: str) -> str:
    """The grade's family (indexer.vocab), or "Other" for anything else."""
    family = grade_family(grade or "")
    return family if family in GRADE_FAMILIES else "Other"


@dataclass(frozen=True)
class Cell:
    text: str
    source: str = ""  # the passage id the text is quoted from; "" where it is not a quote


@dataclass(frozen=True)
class CellTable:
    caption: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    row_name: str = "{}"  # a row's name for a screen reader, from its first cell

    def sources(self) -> list[str]:
        """The passages its cells quote, in reading order, each once."""
        return list(dict.fromkeys(c.source for row in self.rows for c in row if c.source))


def printed_in(judgements: list[dict], council: str, date: str) -> dict[str, str]:
    """Column label -> the passage printing that inspection's grade for it (the first row
    naming the area, as the tables take their grade from)."""
    out: dict[str, str] = {}
    for r in judgements:
        if r["authority"] != council or r.get("inspection_date") != date:
            continue
        for key, label in COLUMNS:
            if key in area_of(r["area"]) and label not in out and r.get("passage_id"):
                out[label] = r["passage_id"]
    return out


def _cells(line: dict, columns: list[str], sources: dict[str, str]) -> list[Cell]:
    return [Cell(str(line.get(c, "")), sources.get(c, "") if line.get(c) else "") for c in columns]


def inspection_cells(judgements: list[dict], council: str) -> CellTable:
    """My council's ILACS inspections, newest first, judgements as columns (overall first).
    Its SIF inspections graded other judgements: they are `sif_cells`, under their names."""
    ilacs = [r for r in judgements if framework(r.get("inspection_date") or "") != "SIF"]
    lines = inspection_rows(ilacs, council)
    columns = [c for c in (lines[0] if lines else {}) if c not in ("Passage", "Framework")]
    rows = [_cells(line, columns, printed_in(ilacs, council, line["Inspection"])) for line in lines]
    caption = f"{council}: inspections since 2018 (ILACS), newest first"
    return CellTable(caption, columns, rows, row_name=f"{council}, inspection of {{}}")


def sif_cells(judgements: list[dict], council: str) -> CellTable:
    """My council's single inspection framework inspections, newest first, each judgement
    under its own name (`sif_rows`: the LSCB review last), each grade naming its passage."""
    lines = sif_rows(judgements, council)
    columns = list(lines[0]) if lines else []
    rows = []
    for line in lines:
        sources: dict[str, str] = {}
        for r in judgements:
            same = r["authority"] == council and r.get("inspection_date") == line["Inspection"]
            if same and r["area"] in columns and r.get("passage_id"):
                sources.setdefault(r["area"], r["passage_id"])
        rows.append(_cells(line, columns, sources))
    return CellTable(SIF_CAPTION, columns, rows, row_name=f"{council}, SIF inspection of {{}}")


def has_sif(table: CellTable) -> bool:
    """A row of the table is an inspection under the single inspection framework."""
    if "Inspection" not in table.columns:
        return False
    at = table.columns.index("Inspection")
    return any(row[at].text and framework(row[at].text) == "SIF" for row in table.rows)


def neighbour_cells(judgements: list[dict], council: str) -> tuple[CellTable, list[str]]:
    """The council and its statistical neighbours (newest inspection each), then its region
    and England; and the neighbours the index holds no grades for. A council's grades open
    their passage; the region and England rows are shares, quoting no one passage."""
    lines, missing = neighbour_table(judgements, council)
    columns = list(lines[0]) if lines else []
    rows = []
    for line in lines:
        sources = (
            printed_in(judgements, line["Council"], line["Inspection"])
            if line["Inspection"]
            else {}
        )
        rows.append(_cells(line, columns, sources))
    return CellTable(f"{council} and its statistical neighbours", columns, rows), missing


def _style(column: str, text: str) -> str:
    if column not in GRADED or not text or text.endswith("%"):
        return ""
    band = grade_band(text)
    return f"background-color: {GRADE_COLOURS[band]}; color: {GRADE_TEXT.get(band, '#0b0c0c')}"


def table_html(table: CellTable, target: Callable[[str], str]) -> str:
    """The table as HTML: every quoted cell a link to `target(source)` (a card's anchor).
    Grades are shown whole, coloured by family; text is escaped, so a report's words
    cannot add markup. The first column heads its row."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(c)}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for i, (column, cell) in enumerate(zip(table.columns, row)):
            style = _style(column, cell.text)
            text = e(cell.text)
            if cell.source:
                name = table.row_name.format(row[0].text)
                label = e(f"{name}, {column}: {cell.text}. Open where it is printed")
                colour = GRADE_TEXT.get(grade_band(cell.text), "#0b0c0c") if style else "#1d4ed8"
                text = (
                    f'<a href="#{e(target(cell.source))}" aria-label="{label}" '
                    f'style="color: {colour}">{text}</a>'
                )
            tag = "th" if i == 0 else "td"
            scope = ' scope="row"' if i == 0 else ""
            cells.append(f'<{tag}{scope} style="{style}">{text}</{tag}>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<p class="grade-table-title" aria-hidden="true">{e(table.caption)}</p>'
        f'<div class="grade-table-wrap" role="region" tabindex="0" '
        f'aria-label="{e(table.caption)}">'
        f'<table class="grade-table"><caption>{e(table.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


STYLE = """
<style>
.grade-table-wrap { overflow-x: auto; max-width: 100%; margin-bottom: 0.5rem; }
.grade-table-wrap:focus-visible { outline: 3px solid #1d70b8; }
table.grade-table { border-collapse: collapse; font-size: 0.9rem; width: 100%; }
.grade-table-title { font-weight: 600; margin: 0.25rem 0; color: #1f1f27; }
/* The caption names the table for screen readers; the title above stays in view when a
   wide table scrolls inside its region on a phone. */
.grade-table caption { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 640px) {
  table.grade-table { font-size: 0.8rem; }
  .grade-table th, .grade-table td { padding: 0.25rem 0.35rem; }
}
.grade-table th, .grade-table td { border: 1px solid #c8c8d0; padding: 0.35rem 0.5rem;
  text-align: left; vertical-align: top; color: #1f1f27; }
.grade-table thead th { background: #f0f2f6; font-weight: 600; }
.grade-table a { color: inherit; text-decoration: underline; font-weight: 600; }
.grade-table a:focus-visible { outline: 3px solid #1d70b8; outline-offset: 1px; }
</style>
"""


def plain_cells(caption: str, lines: list[dict]) -> CellTable:
    """Rows of {column: text} (a briefing's tables) as a table of cells that open nothing."""
    columns = list(lines[0]) if lines else []
    rows = [[Cell(str(line.get(c, ""))) for c in columns] for line in lines]
    return CellTable(caption, columns, rows)
