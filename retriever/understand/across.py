"""Vetoes for the shapes over many councils: a shape the question's slots cannot carry gives
way to the likeliest one they can. A change between inspections needs a change named
("improved", "from inadequate to good", "still inadequate"); a region's table needs a
region; regions compared need a region or the word itself."""

from __future__ import annotations

import re

from indexer.regions import find_regions

from .movement import movement_asked

_REGIONS_WORD = re.compile(r"\bregion(?:s|al|ally)?\b|\bnational(?:ly)?\b|\bengland\b", re.I)


def fits(label: str, question: str) -> bool:
    """Whether the question's slots can carry an across-council shape (any other: yes)."""
    if label == "movement":
        asked = movement_asked(question)
        return asked.direction != "any" or bool(asked.before or asked.after)
    if label == "region_table":
        return bool(find_regions(question))
    if label == "region_compare":
        return bool(find_regions(question)) or bool(_REGIONS_WORD.search(question))
    return True


def first_fitting(label: str, alternatives: tuple[str, ...], question: str) -> str | None:
    """The label itself when it fits, else the first alternative that does; None if none."""
    for candidate in (label, *alternatives):
        if fits(candidate, question):
            return candidate
    return None
