"""How a passage prints a fact a fact question asks for (a lead inspector, the inspection
dates, the publication date): the search ranks such passages first, and the answer quotes
the sentence that matches."""

from __future__ import annotations

import re

from indexer.vocab import MONTH_PATTERN

_MONTHS = rf"(?:{MONTH_PATTERN})"
_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MONTHS}(?: \d{{4}})?"
PRINTED = {
    "inspection_dates": re.compile(
        rf"inspection dates?\b.*?{_DATE}|{_DATE}\s+(?:to|-|–)\s+{_DATE}", re.I
    ),
    "publication_date": re.compile(
        rf"publi(?:shed|cation)\b.*?{_DATE}|{_DATE}.*?\bpublished\b", re.I
    ),
}

_LEAD_INSPECTOR = re.compile(r"\blead inspector\b", re.I)


def prints_fact(text: str, fact: str, lead_inspectors: set[str] = frozenset()) -> bool:
    """Does a passage print the fact a fact question asks for: a lead inspector (the line
    "Lead inspector", or the name of one), the inspection dates or the publication date
    (the patterns the fact answer quotes with)? The ranking puts such passages first."""
    if fact == "lead_inspector":
        return bool(_LEAD_INSPECTOR.search(text)) or any(n in text for n in lead_inspectors)
    pattern = PRINTED.get(fact)
    return bool(pattern and pattern.search(text))
