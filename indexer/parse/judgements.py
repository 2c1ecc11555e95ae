"""Judgement grades: recognising graded lines and tables, normalising areas and grades."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..models import Block, Judgement
from ..vocab import (
    GRADE_PHRASES,
    JUDGEMENT_NAMES,
    PRINTED_FAMILY,
    PRINTED_GRADE,
    judgement_named,
    sif_name,
)

_GRADE_RE = re.compile(r"(?:^|[\s:–—-])(" + PRINTED_GRADE + r")\.?\s*$", re.I)
_LEADING_GRADE_RE = re.compile(rf"^\s*({PRINTED_GRADE})\b", re.I)
# Where a number starts the next label in a cell that holds two ("2.1 Adoption performance
# 2.2 Experiences and progress of care leavers").
_NEXT_NUMBER_RE = re.compile(r"\s+(?=\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z])")
_HEADER_RE = re.compile(r"^\s*judgements?\s*\t?\s*(grades?|judgements?)?\s*$", re.I)
_GRADED_TITLE_RE = re.compile(
    rf"\b(judgements?|services? .* (?:are|is|requires?) (?:improvement to be good|{PRINTED_FAMILY}))\b",
    re.I,
)


@dataclass(frozen=True)
class GradedRow:
    area: str
    grade: str


def normalise_grade(text: str) -> str:
    t = re.sub(r"\s+", " ", text.strip().rstrip(".")).lower()
    t = re.sub(r"^require\b", "requires", t)
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
            lead = _LEADING_GRADE_RE.match(cells[-1])
            if (
                lead
                and not re.match(r"\s*to\b", cells[-1][lead.end() :], re.I)
                and judgement_named(" ".join(cells[:-1]))
            ):
                # the grade cell runs on into the next line's text: the grade is its start
                grade = normalise_grade(lead.group(1))
                return GradedRow(area=clean_area(" ".join(cells[:-1])), grade=grade)
        text = " ".join(cells)
    else:
        text = block.text
    if (
        len(text) > 200
        or text.rstrip().endswith((".", ";", ","))
        and not text.rstrip(".").lower().endswith(GRADE_PHRASES)
    ):
        return None
    area, grade = split_grade(text)
    if grade is None or len(area.split()) > 25:
        return None
    return GradedRow(area=clean_area(area), grade=grade)


def glued_rows(block: Block) -> list[GradedRow]:
    """A table row whose cells each hold two or more lines of the table, as a layout that
    reads a table by column prints them ("2.1 Adoption performance 2.2 Experiences and
    progress of care leavers" | "requires improvement requires improvement"): one row per
    numbered label, paired in order with the grades, where the counts agree."""
    cells = [c for c in (block.cells or ()) if c.strip()] if block.kind == "row" else []
    if len(cells) < 2:
        return []
    labels = [x for x in _NEXT_NUMBER_RE.split(" ".join(cells[:-1]).strip()) if x.strip()]
    grades = re.findall(PRINTED_GRADE, cells[-1], re.I)
    rest = re.sub(PRINTED_GRADE, "", cells[-1], flags=re.I).strip(" .,;\t")
    if len(labels) < 2 or len(grades) != len(labels) or rest:
        return []
    return [GradedRow(clean_area(a), normalise_grade(g)) for a, g in zip(labels, grades)]


def named_row(area: str, grade: str) -> GradedRow | None:
    """The row under the name its framework gives the judgement (vocab.JUDGEMENT_NAMES), or
    None where the label names no judgement: a sentence ("The LSCB is not yet demonstrating
    the characteristics of good"), a contents line, two labels run together. The overall
    judgement printed as a sentence ("Children's services in Kent are good") is the
    overall effectiveness row."""
    judgement = judgement_named(area)
    if judgement is not None:
        return GradedRow(area=judgement.name, grade=grade)
    if len(area.split()) <= 15:
        found = overall_judgement(f"{area} {grade}")
        if found is not None and found[1] >= len(area) - 1 and _OVERALL_START_RE.match(area):
            return GradedRow(area="Overall effectiveness", grade=grade)
    return None


def clean_area(area: str) -> str:
    area = re.sub(r"^\s*\d+(?:\.\d+)*\.?\s+", "", area)
    return re.sub(r"\s+", " ", area).strip().rstrip(".:")


_OVERALL_RE = re.compile(
    r"(?:\boverall judgement is(?:\s+that)?(?:\s+children['’]s\s+services)?"
    r"(?:\s+in\s+[A-Z][\w ,'’&-]{1,60}?)?"
    r"|\bchildren['’]s\s+services\s+in\s+[A-Z][\w ,'’&-]{1,60}?"
    r"|\boverall,?\s+(?:children['’]s\s+)?services\s+for\s+children\s+in\s+[A-Z][\w ,'’&-]{1,60}?)"
    rf"\s+(?:(?:are|is)\s+)?({PRINTED_GRADE})"
    r"\b",
    re.I,
)


# A label that is the overall judgement's sentence from its first word.
_OVERALL_START_RE = re.compile(
    r"^\s*(?:the\s+)?(?:overall\b|children['’]s\s+services\s+in\b)", re.I
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


_LSCB_RE = re.compile(
    r"^[ \t]*(?:the\s+)?(?:judgement\s+for\s+)?(?:the\s+)?(?:effectiveness\s+of\s+the\s+)?"
    r"local\s+safeguarding\s+children['’]?s?\s+board(?:\s+\(LSCB\))?\s+(?:(?:is|are)\s+)?"
    rf"({PRINTED_FAMILY})\.?[ \t]*$",
    re.I | re.M,
)


def lscb_judgement(text: str) -> tuple[str, int] | None:
    """(grade, offset) of the review of the local safeguarding children board, printed on a
    line of its own in a SIF report ("The Local Safeguarding Children Board requires
    improvement"). It grades the board, not the council's children's services."""
    m = _LSCB_RE.search(text)
    if not m:
        return None
    grade = re.sub(r"^require\b", "requires", re.sub(r"\s+", " ", m.group(1).lower()))
    return normalise_grade(grade), m.start(1)


_SIF_ONLY = {j.name for j in JUDGEMENT_NAMES if j.framework == "SIF"}
_BY_NAME = {j.name: j for j in JUDGEMENT_NAMES}


def in_own_names(rows: list[Judgement]) -> list[Judgement]:
    """Each part's rows under its own framework's names, once each. A SIF report's body
    headings word its judgements as ILACS does ("The experiences and progress of children
    who need help and protection"), so in a part that prints any SIF-only judgement those
    rows take the SIF name; a judgement printed twice (table and heading) keeps its first."""
    sif_parts = {(r.doc_id, r.part_slug) for r in rows if r.area in _SIF_ONLY}
    out: list[Judgement] = []
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        part = (row.doc_id, row.part_slug)
        area = row.area
        if part in sif_parts and area in _BY_NAME:
            area = sif_name(_BY_NAME[area]).name
        if (*part, area) in seen:
            continue
        seen.add((*part, area))
        out.append(row if area == row.area else replace(row, area=area))
    return out
