"""The lists of each council's newest report that has them (the first kind any report
has): what an improve, recommendations or briefing answer is made of, so the search ranks
those passages first and the answer prints them."""

from __future__ import annotations

from ..understand.query import Query, councils


def in_years(entry: dict, query: Query, doc_years) -> bool:
    years = query.derived.year if query.derived else ()
    if not years:
        return True
    years = {int(y) for y in years}
    return bool(years & doc_years(entry["doc_id"]))


def newest_lists(query: Query, sources, kinds: tuple[str, ...]) -> list[dict]:
    """Per council asked about, the lists of its newest report that has one (of the first
    kind that any report has), newest report first. `sources`: what has `lists(**kw)` and
    `doc_years(doc_id)` (answer/sources.py Sources, or the search's own view of the lists)."""
    out = []
    for council in councils(query):
        for kind in kinds:
            found = [
                x
                for x in sources.lists(authority=council, kinds=(kind,))
                if in_years(x, query, sources.doc_years)
            ]
            if found:
                newest = found[0]
                out.extend(
                    x
                    for x in found
                    if (x["doc_id"], x["part_slug"]) == (newest["doc_id"], newest["part_slug"])
                )
                break
    return out
