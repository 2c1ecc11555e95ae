"""Judgement grades: recognising graded lines and tables, normalising areas and grades."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Block

# Longest first so "Requires improvement to be good" wins over "Good".
_GRADE_PHRASES = (
    "requires improvement to be good",
    "requires improvement",
    "outstanding",
    "inadequate",
    "good",
)
_GRADE_RE = re.compile(
    r"(?:^|[\s:–—-])(" + "|".join(p.replace(" ", r"\s+") for p in _GRADE_PHRASES) + r")\.?\s*$",
    re.I,
)
_HEADER_RE = re.compile(r"^\s*judgements?\s*\t?\s*(grades?|judgements?)?\s*$", re.I)
_GRADED_TITLE_RE = re.compile(
    r"\b(judgements?|services? .* (?:are|is|requires?) (?:improvement to be good"
    r"|requires? improvement|outstanding|good|inadequate))\b",
    re.I,
)


@dataclass(frozen=True)
class GradedRow:
    area: str
    grade: str


def normalise_grade(text: str) -> str:
    t = re.sub(r"\s+", " ", text.strip().rstrip(".")).lower()
    return t[:1].upper() + t[1:]


def split_grade(text: str) -> tuple[str, str | None]:
    """('Overall effectiveness', 'Outstanding') from a line that ends with a grade."""
    m = _GRADE_RE.search(text.strip())
    if not m:
        return text.strip(), None
    area = text.strip()[: m.start(1)].strip(" \t:–—-")
    return area, normalise_grade(m.group(1))


def table_header(text: str) -> bool:
    """The heading row of a judgement table, or the title line of a graded list."""
    t = re.sub(r"<[^>]+>", "", text).strip()
    if re.match(r"^\d{1,3}(\.\d{1,3})*\.?\s", t):
        return False  # a numbered paragraph that mentions judgements, not a table
    if _HEADER_RE.match(t):
        return True
    return bool(len(t) < 120 and _GRADED_TITLE_RE.search(t) and not t.endswith("."))


def parse_graded_line(block: Block) -> GradedRow | None:
    """A table row or a short line that pairs an area with a grade."""
    if block.kind == "row" and block.cells:
        cells = [c for c in block.cells if c.strip()]
        if len(cells) >= 2:
            area, grade = split_grade(cells[-1])
            if grade and not area:
                return GradedRow(area=clean_area(" ".join(cells[:-1])), grade=grade)
        text = " ".join(cells)
    else:
        text = block.text
    if (
        len(text) > 200
        or text.rstrip().endswith((".", ";", ","))
        and not text.rstrip(".").lower().endswith(_GRADE_PHRASES)
    ):
        return None
    area, grade = split_grade(text)
    if grade is None or len(area.split()) > 25:
        return None
    return GradedRow(area=clean_area(area), grade=grade)


def clean_area(area: str) -> str:
    area = re.sub(r"^\s*\d+(?:\.\d+)*\.?\s+", "", area)
    return re.sub(r"\s+", " ", area).strip().rstrip(".:")


_OVERALL_RE = re.compile(
    r"(?:\boverall judgement is(?:\s+that)?(?:\s+children['’]s\s+services)?"
    r"(?:\s+in\s+[A-Z][\w ,'’&-]{1,60}?)?"
    r"|\bchildren['’]s\s+services\s+in\s+[A-Z][\w ,'’&-]{1,60}?)"
    r"\s+(?:(?:are|is)\s+)?(requires?\s+improvement(?:\s+to\s+be\s+good)?|good|outstanding|inadequate)"
    r"\b",
    re.I,
)


def overall_judgement(text: str) -> tuple[str, int] | None:
    """(grade, offset) of a report's overall judgement printed as a sentence, as the single
    inspection framework did ("The overall judgement is that children's services require
    improvement", "Children's services in Slough are inadequate")."""
    m = _OVERALL_RE.search(text)
    if not m:
        return None
    grade = re.sub(r"^require\b", "requires", re.sub(r"\s+", " ", m.group(1).lower()))
    return normalise_grade(grade), m.start(1)
