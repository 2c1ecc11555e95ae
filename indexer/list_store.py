"""The report lists on disk: two tables in passages.sqlite, written by the build, read by
the composers.

    lists(list_id, doc_id, part_slug, kind, heading, section, lead_in, lead_passage_id,
          n_items, start, "end", page, passage_ids)
    list_items(list_id, n, marker, label, text, start, "end", page, passage_id)

A list is one unit: its lead-in ("Cabinet is recommended to:") and its items in printed
order. Every item is citable on its own: `label` ("What needs to improve, item 3") names it
and `passage_id` is the stored passage whose text contains it (its printed paragraph for a
numbered recommendation, the list's passage for a bullet), so a citation quoting the item
checks against that passage like any other. `passage_ids` (one per line, in order; ids may hold spaces) are
the passages that together print the whole list. No passage is added or renumbered.
"""

from __future__ import annotations

import sqlite3

from .lists import ReportList
from .models import Passage

LISTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS lists (
    list_id TEXT PRIMARY KEY, doc_id TEXT, part_slug TEXT, kind TEXT, heading TEXT,
    section TEXT, lead_in TEXT, lead_passage_id TEXT, n_items INTEGER, start INTEGER,
    "end" INTEGER, page INTEGER, passage_ids TEXT
);
CREATE INDEX IF NOT EXISTS lists_doc ON lists(doc_id, kind);
CREATE TABLE IF NOT EXISTS list_items (
    list_id TEXT, n INTEGER, marker TEXT, label TEXT, text TEXT, start INTEGER,
    "end" INTEGER, page INTEGER, passage_id TEXT, PRIMARY KEY (list_id, n)
);
"""


def passage_for(passages: list[Passage], part_slug: str, start: int, end: int) -> str:
    """The passage of the part that holds [start, end), or the one overlapping it most."""
    best, best_overlap = "", 0
    for p in passages:
        if p.part.slug != part_slug:
            continue
        if p.start <= start and end <= p.end:
            return p.passage_id
        overlap = min(end, p.end) - max(start, p.start)
        if overlap > best_overlap:
            best, best_overlap = p.passage_id, overlap
    return best


def list_rows(doc_id: str, lists: list[ReportList], passages: list[Passage]):
    """(list row, item rows) for each list of one document."""
    used: dict[str, int] = {}
    for x in lists:
        base = f"{doc_id}#{x.part_slug}/list:{x.kind}"
        used[base] = used.get(base, 0) + 1
        list_id = base if used[base] == 1 else f"{base}-{used[base]}"
        items = []
        for item in x.items:
            pid = passage_for(passages, x.part_slug, item.start, item.end)
            items.append(
                (
                    list_id,
                    item.n,
                    item.marker,
                    x.item_label(item),
                    item.text,
                    item.start,
                    item.end,
                    item.page,
                    pid,
                )
            )
        lead_pid = passage_for(passages, x.part_slug, x.lead_start, x.lead_end) if x.lead_in else ""
        if x.lead_in and not lead_pid and items:
            lead_pid = items[0][-1]  # a lead-in laid out as a heading labels its items' passage
        order = [lead_pid] if lead_pid else []
        for row in items:
            if row[-1] and row[-1] not in order:
                order.append(row[-1])
        row = (
            list_id,
            doc_id,
            x.part_slug,
            x.kind,
            x.heading,
            x.section,
            x.lead_in,
            lead_pid,
            len(items),
            x.start,
            x.end,
            x.page,
            "\n".join(order),
        )
        yield row, items


def write_lists(conn: sqlite3.Connection, doc_id: str, lists, passages: list[Passage]) -> None:
    conn.executescript(LISTS_SCHEMA)
    for row, items in list_rows(doc_id, lists, passages):
        conn.execute("INSERT INTO lists VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
        conn.executemany("INSERT INTO list_items VALUES (?,?,?,?,?,?,?,?,?)", items)


def read_lists(
    conn: sqlite3.Connection,
    *,
    authority: str | None = None,
    doc_id: str | None = None,
    kinds: tuple[str, ...] | list[str] = (),
) -> list[dict]:
    """A council's (or a document's) lists, newest report first, each with its items in
    printed order. Dates are the part's inspection end, meeting or publication date,
    falling back to the document's. An index built before lists were kept has none."""
    has = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'lists'"
    ).fetchone()[0]
    if not has:
        return []
    where, params = [], []
    if authority:
        where.append("d.authority = ?")
        params.append(authority)
    if doc_id:
        where.append("l.doc_id = ?")
        params.append(doc_id)
    if kinds:
        where.append(f"l.kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    sql = (
        "SELECT l.*, d.authority, p.kind AS part_kind, p.title AS part_title, "
        "COALESCE(p.inspection_end, p.meeting_date, p.published, d.date) AS date "
        "FROM lists l JOIN documents d ON d.doc_id = l.doc_id "
        "LEFT JOIN parts p ON p.doc_id = l.doc_id AND p.slug = l.part_slug"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY date IS NULL, date DESC, l.doc_id, l.start"
    )
    out = []
    for row in conn.execute(sql, params).fetchall():
        item_rows = conn.execute(
            'SELECT n, marker, label, text, start, "end", page, passage_id FROM list_items '
            "WHERE list_id = ? ORDER BY n",
            (row["list_id"],),
        ).fetchall()
        entry = dict(zip(row.keys(), tuple(row)))
        entry["passage_ids"] = entry["passage_ids"].split("\n") if entry["passage_ids"] else []
        entry["items"] = [dict(zip(r.keys(), tuple(r))) for r in item_rows]
        out.append(entry)
    return out
