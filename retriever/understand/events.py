"""Years that date an event a question asks about, not the report it asks of.

"What did Ofsted say about the SEND inspection in November 2018?" asks what the reports
say of an event of 2018, and the report that discusses it may be a later one; "since the
2017 inspection" dates the inspection that change is measured from. Such a year (and its
month) filters nothing: it only ranks the reports from then on higher. A year that says
which report is asked about ("in its 2019 inspection", "Barnet's 2019 report", "what about
2019?") is left to question.find_years, a filter.

A year dates an event when it is attached to an event noun (an inspection, visit or review
that is not the council's own children's services inspection: "the joint targeted area
inspection in 2019", "the 2018 SEND inspection"), or to the inspection a change is
measured from or to ("since the 2017 inspection", "before its inspection in 2019").
Pure functions over the question text.
"""

from __future__ import annotations

import re

from indexer.dates import TYPED_MONTH

_YEAR = r"(?:19[89]\d|20[0-4]\d)"
_MONTH = rf"{TYPED_MONTH}\.?"
# "November 2018", "2018", "(July 2018)", "14 March 2019"
_DATE = rf"\(?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTH},?\s+)?{_YEAR}\)?"
# Inspections, visits and reviews other than the council's own children's services
# inspection: of its SEND services with health, the joint targeted area inspections, other
# inspectorates', and reviews.
_EVENT = (
    r"(?:(?:local\s+)?area\s+)?(?:send|special\s+educational\s+needs\s+(?:and\s+|or\s+)*"
    r"disabilit(?:y|ies))(?:\s+area)?\s+(?:re)?(?:inspection|visit|review)s?"
    r"|joint\s+targeted\s+area\s+inspections?(?:\s+\(jtai\))?|jtais?"
    r"|(?:youth\s+(?:justice|offending)|yot|cqc|hmip?|hmicfrs|police|health|probation)"
    r"\s+(?:service\s+)?(?:inspection|review)s?"
    r"|(?:peer|serious\s+case|(?:child\s+)?safeguarding\s+practice|domestic\s+homicide)"
    r"\s+reviews?|peer\s+challenge"
)
_LINK = r"(?:\s+(?:held|carried\s+out|conducted|undertaken|published))?\s*(?:in|of|from|during|on|,)?\s+"
# The inspection a change is measured from or to: "since the 2017 inspection"
_REFERENCE = (
    r"\b(?:since|after|following|before|prior\s+to|ahead\s+of)\s+"
    r"(?:the|its|their|our|that|this|his|her)?\s*"
    r"(?:(?:last|previous|earlier|first|ofsted|ilacs|sif|full|graded|standard|short)\s+)*"
)
_INSPECTION = r"(?:inspections?|reports?|visits?|judge?ments?)"
_PATTERNS = tuple(
    re.compile(p, re.I)
    for p in (
        rf"\b(?:{_EVENT}){_LINK}{_DATE}",  # "the SEND inspection in November 2018"
        rf"\b{_DATE}(?:'s)?\s+(?:{_EVENT})\b",  # "the 2018 SEND inspection"
        rf"{_REFERENCE}{_DATE}(?:'s)?\s+{_INSPECTION}\b",  # "since the 2017 inspection"
        rf"{_REFERENCE}{_INSPECTION}{_LINK}{_DATE}",  # "since its inspection in 2017"
    )
)
_YEAR_IN = re.compile(rf"\b{_YEAR}\b")
_DATE_IN = re.compile(rf"(?:\b{_MONTH},?\s+)?\b{_YEAR}\b", re.I)


def event_years(text: str) -> list[int]:
    """The years that date an event the question names, in order, once each."""
    years = [int(y) for span in _event_spans(text) for y in _YEAR_IN.findall(text[slice(*span)])]
    return list(dict.fromkeys(years))


def without_event_dates(text: str) -> str:
    """The text with the dates of its events (a month with its year, or a year) left out,
    the event nouns kept: what is left of its years are the reports asked about."""
    spans = _event_spans(text)
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(_DATE_IN.sub(" ", text[start:end]))
        last = end
    out.append(text[last:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out))


def _event_spans(text: str) -> list[tuple[int, int]]:
    spans = sorted({m.span() for p in _PATTERNS for m in p.finditer(text)})
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
