"""The earlier inspection a question asks about: "the previous one", "their last-but-one
inspection", "what did they get last time?", "and the one before that?".

A report slot, like a year: it names one of the council's graded inspections by its place
before the latest (or, "the one before that", before the one the earlier turn answered
about); understand/resolve.py turns it into that inspection's documents. An inspection
that change is measured from or to ("progress since the previous inspection", "compared
with the previous one") is no slot: it is the subject of a progress or change question.
Nor is a word of the earlier inspection that names something else ("previous
recommendations were met"). Pure functions over the question text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_KIND = r"(?:(?:full|graded|ofsted|ilacs|sif|standard|children'?s\s+services)\s+)*"
# one inspection: "previous grades" are every earlier one ("all of Kent's previous grades")
_WHAT = rf"{_KIND}(?:one|inspection|report)\b(?!s)"
_BEFORE_LATEST = (
    r"(?:the\s+)?(?:latest|last|most\s+recent|current|newest)(?:\s+(?:one|inspection|report))?"
)
# "the previous one", "their earlier inspection", "the last-but-one report"
_PLACED = re.compile(
    rf"\b(?:previous|prior|earlier|preceding|penultimate|last[\s-]+but[\s-]+one)\s+{_WHAT}",
    re.I,
)
# "the one before (that)", "the inspection before the latest", "the report before last"
_BEFORE = re.compile(
    rf"\b(?:one|inspection|report|time)\s+before\b(?!\s+(?:19[89]\d|20[0-4]\d))"
    rf"(?:\s+(?P<latest>last\b|{_BEFORE_LATEST})|\s+(?P<that>that|it|this|then)\b)?",
    re.I,
)
# "what did they get last time?"
_LAST_TIME = re.compile(r"\blast\s+time\b", re.I)
# Measured from or to: "since the previous inspection", "compared with the earlier one".
_REFERENCE = re.compile(
    r"\b(?:since|after|following|before|prior\s+to|ahead\s+of|compared?\s+(?:with|to)"
    r"|comparison\s+with|than|from|against|versus|vs\.?|between)\s+"
    r"(?:(?:at|in|with)\s+)?(?:(?:the|its|their|our|his|her|that|this)\s+)?$",
    re.I,
)
# "previous and latest", "the previous two", "last time vs this time": many inspections,
# not one
_MANY = re.compile(
    r"^\s*(?:and|&|two|three|few|several|vs?|versus|against|compared\s+(?:with|to))\b", re.I
)


@dataclass(frozen=True)
class Earlier:
    """An earlier inspection asked about: `steps` before the latest (1: the one before
    it), or, when `after_turn`, `steps` before the one the earlier turn answered about."""

    steps: int = 1
    after_turn: bool = False
    before_year: int | None = None  # the earlier turn's year: the inspection before it


def after(previous: Earlier | None, years: tuple[int, ...]) -> Earlier:
    """ "The one before that", of an earlier turn about `previous` (an earlier inspection
    itself) or the inspection of `years` (none: the latest)."""
    if previous is not None:
        return Earlier(previous.steps + 1, False, previous.before_year)
    if years:
        return Earlier(1, False, min(years))
    return Earlier(1, False)


def pick(
    earlier: Earlier, dates: list[str], dated_in: Callable[[str], set[int]] | None = None
) -> str | None:
    """The inspection date asked about, of a council's graded inspections (newest first).
    `dated_in(date)`: the years that inspection is dated in (its report's too), so "the one
    before that" of "Kent's 2026 grades" is the one before the inspection that answered it
    (November 2025, published in 2026), not before the year."""
    year = earlier.before_year
    if year is not None:
        of_year = [i for i, d in enumerate(dates) if year in (dated_in or _own_year)(d)]
        dates = dates[of_year[0] + 1 :] if of_year else [d for d in dates if int(d[:4]) < year]
        return dates[earlier.steps - 1] if len(dates) >= earlier.steps else None
    return dates[earlier.steps] if len(dates) > earlier.steps else None


def _own_year(date: str) -> set[int]:
    return {int(date[:4])}


def none_earlier(council: str, shown: list[str], earlier: Earlier) -> str:
    """Why no inspection answers: the council's graded inspections the index holds."""
    if not shown:
        return f"The index holds no graded inspection of {council}, so none before its latest."
    held = "; ".join(shown)
    if earlier.before_year is not None:
        return (
            f"The index holds no graded inspection of {council} before {earlier.before_year}; "
            f"its graded inspections: {held}."
        )
    count = len(shown)
    return (
        f"The index holds {count} graded inspection{'s' * (count != 1)} of {council} "
        f"({held}): none before {'it' if count == 1 else shown[-1]}."
    )


def read_earlier(text: str) -> tuple[Earlier | None, str]:
    """(the earlier inspection the text names, or None; the text without its words)."""
    found: Earlier | None = None
    spans: list[tuple[int, int]] = []
    for pattern in (_PLACED, _BEFORE, _LAST_TIME):
        for m in pattern.finditer(text):
            if _REFERENCE.search(text[: m.start()]) or _MANY.search(text[m.end() :]):
                continue
            spans.append(m.span())
            if found is None:
                relative = pattern is _BEFORE and not m.group("latest")
                found = Earlier(1, after_turn=relative)
    if found is None:
        return None, text
    out = text
    for start, end in sorted(spans, reverse=True):
        out = out[:start] + " " + out[end:]
    return found, re.sub(r"[ \t]{2,}", " ", out)
