"""improve and recommendations: the report's own list, whole, in printed order, every item
cited; a lead-in ("Cabinet is recommended to:") is never shown without its items."""

from __future__ import annotations

import re

from ..search.newest import newest_lists
from ..understand.query import Query
from .citations import format_month
from .cited import Cited, refs
from .sentences import split_sentences
from .sources import Sources

_KINDS = {"improve": ("improve",), "recommendations": ("recommendations", "improve")}
_WHAT = {"improve": "what needs to improve", "recommendations": "recommendation"}


def print_list(cited: Cited, entry: dict, bullet: str = "-") -> int:
    """The lead-in, then every item whole, each cited; returns the items printed."""
    pids = entry["passage_ids"]
    lead, lead_in = None, entry["lead_in"]
    if lead_in:
        # a lead-in printed with its paragraph number ("2.1 Cabinet is ..."): the number is
        # the passage's label, not its text
        unnumbered = re.sub(r"^\s*\d+(?:\.\d+)*\.?\s+", "", lead_in)
        for quote in dict.fromkeys([lead_in, unnumbered]):
            lead = cited.cite([entry["lead_passage_id"], *pids], quote)
            if lead:
                lead_in = quote
                break
    printed = 0
    lines: list[str] = []
    for item in entry["items"]:
        label = f"item {item['marker'] or item['n']}"
        number = cited.cite([item["passage_id"], *pids], item["text"], label)
        if number:
            numbers = [number]
        else:  # an item printed over two passages (a page break): each piece in its own
            numbers = [
                cited.cite([item["passage_id"], *pids], s, label)
                for s in split_sentences(item["text"])
            ]
            if not all(numbers):
                continue
        marker = item["marker"] or f"{item['n']}."
        lines.append(f"{bullet} {marker} {' '.join(item['text'].split())}{refs(numbers)}")
        printed += 1
    if not printed:
        return 0
    if entry["lead_in"]:
        if lead is not None:
            cited.add(f"{' '.join(lead_in.split())} [{lead}]")
        elif _labels(cited, entry["lead_passage_id"], lead_in):
            # laid out as the heading of the items' passage: its citation names it
            cited.add(f"{' '.join(lead_in.split())}")
        else:
            return 0  # a lead-in is never cut from its items, nor its items from it
    for line in lines:
        cited.add(line)
    return printed


def _labels(cited: Cited, passage_id: str, lead_in: str) -> bool:
    """The lead-in is the label (heading) of its passage, so a citation of it names it."""
    hit = cited.hit(passage_id)
    squash = lambda t: re.sub(r"\W+", " ", t).strip().lower()  # noqa: E731
    return hit is not None and squash(hit.passage["label"]) == squash(lead_in)


def list_composer(query: Query, sources: Sources):
    """The newest report's list for each council asked about; with a count asked, the number."""
    shape = query.shape if query.shape in _KINDS else "improve"
    entries = newest_lists(query, sources, _KINDS[shape])
    if not entries:
        return None
    cited = Cited(sources.passage)
    totals = []
    for entry in entries:
        when = format_month(entry["date"])
        title = entry["part_title"] or "report"
        heading = f"{entry['authority']}: {title}" + (f" ({when})" if when else "")
        cited.add(f"{heading}, {entry['heading']}:")
        n = print_list(cited, entry)
        if n:
            totals.append((entry, n))
        cited.add("")
    if not totals:
        return None
    entry, n = totals[0]
    what = "improvement point" if entry["kind"] == "improve" else "recommendation"
    summary = (
        f"{entry['authority']}'s {entry['part_title'] or 'report'} "
        f"({format_month(entry['date'])}) lists {n} {what}{'s' * (n != 1)} "
        f'under "{entry["heading"]}", printed whole below.'
    )
    if len(totals) > 1:
        summary += f" ({sum(k for _, k in totals)} items in {len(totals)} lists.)"
    return cited.answer(query, summary)
