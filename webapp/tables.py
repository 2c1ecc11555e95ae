"""An answer over many councils as a table: one row per cited judgement (council,
inspection, judgement, grade, reference), read from the answer's own lines. Pure."""

from __future__ import annotations

import csv
import io
import re

from retriever import format_month, part_date

MANY_COUNCILS = 3  # an answer citing this many councils or more is shown as a table
INLINE_ROWS = 20  # rows shown before "show all"
_MARK = re.compile(r"\s*\[(\d{1,4})\]")


def cited_councils(answer) -> list[str]:
    """The councils the answer's citations come from, in order of first citation."""
    hits = {h.passage["passage_id"]: h for h in answer.hits}
    out: list[str] = []
    for c in answer.citations:
        hit = hits.get(c.passage_id)
        name = hit.document.get("authority") if hit else None
        if name and name not in out:
            out.append(name)
    return out


def is_many(answer) -> bool:
    """An answer over many councils: one the retriever gave as a table, or a grade list
    ("which councils ...") citing several councils."""
    if answer.abstained:
        return False
    if getattr(answer, "table", None) is not None:
        return True
    shape = getattr(answer, "shape", "")
    return shape in ("which", "count") and len(cited_councils(answer)) >= MANY_COUNCILS


def table_rows(answer) -> list[dict]:
    """The retriever's table as rows: its columns, the references each row cites, and the
    public address of the report its first reference is in."""
    hits = {h.passage["passage_id"]: h for h in answer.hits}
    by_number = {c.number: c for c in answer.citations}
    rows = []
    for cells in answer.table.rows:
        row = {col: cell.text for col, cell in zip(answer.table.columns, cells)}
        numbers = [cell.citation for cell in cells if cell.citation]
        row["Ref"] = " ".join(f"[{n}]" for n in dict.fromkeys(numbers))
        first = by_number.get(numbers[0]) if numbers else None
        hit = hits.get(first.passage_id) if first else None
        row["Report"] = (hit.document.get("source_url") or "") if hit else ""
        rows.append(row)
    return rows


def shown_references(rows: list[dict]) -> set[int]:
    """The citation numbers a set of rows shows."""
    return {int(n) for r in rows for n in re.findall(r"\[(\d+)\]", r.get("Ref", ""))}


def council_rows(answer) -> list[dict]:
    """The retriever's table where it gave one; else one row per citation: Council,
    Inspection (month and year), Judgement, Grade, Ref. The judgement and grade come from
    the answer line that cites it ("- Area: Grade [n]"); a line without that form gives its
    text as the Judgement."""
    if getattr(answer, "table", None) is not None:
        return table_rows(answer)
    lines: dict[int, str] = {}
    for line in answer.answer.splitlines():
        for m in _MARK.finditer(line):
            lines.setdefault(int(m[1]), line)
    hits = {h.passage["passage_id"]: h for h in answer.hits}
    rows = []
    for c in answer.citations:
        hit = hits.get(c.passage_id)
        doc = hit.document if hit else {}
        part = hit.passage.get("part") or {} if hit else {}
        text = _MARK.sub("", lines.get(c.number, c.quote)).strip().lstrip("- ").strip()
        area, _, grade = text.partition(": ")
        rows.append(
            {
                "Council": doc.get("authority", ""),
                "Inspection": format_month(part_date(doc, part)) if hit else "",
                "Judgement": area if grade else text,
                "Grade": grade,
                "Ref": f"[{c.number}]",
                "Report": doc.get("source_url") or "",
            }
        )
    return rows


def headline(answer) -> str:
    """The answer's number line ("4 of the 9 councils ... good"): the summary of a table
    answer, else the first line up to its list of names."""
    if getattr(answer, "table", None) is not None and answer.summary:
        return answer.summary.split(": ")[0].rstrip(".") + "."
    first = next((line.strip() for line in answer.answer.splitlines() if line.strip()), "")
    return first.split(": ")[0].rstrip(".") + "."


def rows_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
