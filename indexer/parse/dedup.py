"""Near-duplicate passages: the same paragraph quoted in two places is retrieved once."""

from __future__ import annotations

import re

from ..models import Passage
from ..vocab import INSPECTION_KINDS

KIND_PREFERENCE = {**{k: 0 for k in INSPECTION_KINDS}, "cabinet_report": 1}


def normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _shingles(words: list[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def canonical_map(
    passages: list[Passage], threshold: float = 0.9, groups: list[str] | None = None
) -> list[int]:
    """For each passage, the index of the passage that stands for it (itself if unique).

    The original (an Ofsted report) is preferred over a council paper quoting it. With
    `groups` (each passage's council), a passage is a duplicate only within its own group:
    two councils' judgement tables read alike but are different facts.
    """
    order = sorted(
        range(len(passages)),
        key=lambda i: (KIND_PREFERENCE.get(passages[i].part.kind, 2), i),
    )
    canonical = list(range(len(passages)))
    exact: dict[tuple[str, str], int] = {}
    by_opening: dict[tuple[str, str], list[int]] = {}
    shingles: dict[int, set] = {}
    for i in order:
        norm = normalise(passages[i].text)
        if len(norm) < 40:
            continue  # short lines ("N/A") repeat without being the same statement
        group = groups[i] if groups is not None else ""
        if (group, norm) in exact:
            canonical[i] = exact[group, norm]
            continue
        words = norm.split()
        opening = (group, " ".join(words[:8]))
        sh = _shingles(words)
        match = None
        for j in by_opening.get(opening, []):
            other = shingles[j]
            if len(sh & other) / max(1, len(sh | other)) >= threshold:
                match = j
                break
        if match is not None:
            canonical[i] = match
            continue
        exact[group, norm] = i
        by_opening.setdefault(opening, []).append(i)
        shingles[i] = sh
    return canonical
