"""Judgement rows printed as cited lines: each grade quoted from its judgement-table line."""

from __future__ import annotations

from .citations import format_month
from .cited import Cited
from .grades import row_line


def newest_inspection(rows: list[dict]) -> list[dict]:
    """The rows of the newest dated inspection (rows come newest first)."""
    dated = [r for r in rows if r["inspection_date"]]
    if not dated:
        return rows
    newest = max(r["inspection_date"] for r in dated)
    return [r for r in dated if r["inspection_date"] == newest]


def per_council_newest(rows: list[dict]) -> list[dict]:
    """For each council, only the rows of its newest inspection."""
    newest: dict[str, str] = {}
    for r in rows:
        if r["inspection_date"] and r["inspection_date"] > newest.get(r["authority"], ""):
            newest[r["authority"]] = r["inspection_date"]
    return [r for r in rows if r["inspection_date"] == newest.get(r["authority"])]


def print_grades(cited: Cited, rows: list[dict], headings: bool = True) -> list[dict]:
    """One line per row ("- area: grade [n]") under a heading per inspection; returns the
    rows printed (a row whose table line is not in its passage is left out)."""
    printed, heading = [], None
    for row in rows:
        hit = cited.hit(row["passage_id"])
        quote = row_line(row, hit.passage["text"]) if hit else None
        number = cited.cite([row["passage_id"]], quote) if quote else None
        if not number:
            continue
        when = format_month(row["inspection_date"]) or "undated"
        this = f"{row['authority']}: inspection {when}"
        if headings and this != heading:
            if printed:
                cited.add("")
            cited.add(this)
            heading = this
        cited.add(f"- {row['area']}: {row['grade']} [{number}]")
        printed.append(row)
    return printed
