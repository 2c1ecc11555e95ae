"""Vetoes for the shapes over many councils: a shape the question's slots cannot carry gives
way to the likeliest one they can. A change between inspections needs a change named
("improved", "from inadequate to good", "still inadequate") and words that range over
councils ("what must they get better at?" names a change of no councils); a region's table
needs a region, and answers no "how many"; regions compared need two regions, the word
itself or England, or one region set against something ("London compared with ..."); a list or count of councils needs words that range over councils ("which", "how
many", "councils", a region)."""

from __future__ import annotations

import re

from indexer.regions import find_regions, without_regions
from indexer.vocab import AREAS, INADEQUATE, OUTSTANDING, REQUIRES_IMPROVEMENT, typed_grade

from .grade_rows import asked_grade
from .movement import change_words, movement_asked
from .shape import asks_count

# A list or count of councils is asked for in words that range over councils: "which",
# "who", "where", "how many", "list", "councils", "LAs", "boroughs", or a region.
_OVER_COUNCILS = re.compile(
    r"\b(?:which|who|whom|whose|where|how\s+many|number\s+of|count|list|any|all|every|"
    r"councils|authorities|las|boroughs|areas|counties)\b",
    re.I,
)
_REGIONS_WORD = re.compile(r"\bregion(?:s|al|ally)?\b|\bnational(?:ly)?\b|\bengland\b", re.I)
# One region set against something: "London compared with ...", "the North East vs ...".
_SET_AGAINST = re.compile(
    r"\bcompar\w*|\bvs?\b|\bversus\b|\bagainst\b|\bthan\b|\brelative\b|\brank\w*"
    r"|\bbenchmark\w*|\bstack\w*\s+up\b|\bcountry\b|\bmeasures?\s+up\b",
    re.I,
)


# What a change of grade is asked in, beside the change and the councils: a question with
# other words ("where are core group meetings not driving change?") asks of a change in
# something the reports describe, not of a grade between inspections.
_OF_GRADES = re.compile(
    r"\b(?:which|who|whom|where|what|councils?|local|authorit(?:y|ies)|las?|boroughs?|areas?"
    r"|counties|have|has|had|did|do|does|were|was|are|is|been|got|get|gets|their|its|they|the"
    r"|an?|at|in|on|for|since|from|to|of|and|or|than|by|with|most|more|much|recent|recently"
    r"|latest|last|previous|prior|current|newest|inspections?|inspected|ofsted|grades?"
    r"|gradings?|ratings?|rated|judgements?|judgments?|judged|overall|effectiveness|now|ever"
    r"|any|all|every|up|down|one|two|children['’]?s?|services?|social|care|list|show|me"
    r"|name|many|how|number|that|whose|this|time|gone|went|come|came|moved?|ilacs|sif"
    # the frame of a comparison in time: "compared with the one before", "have seen"
    r"|before|after|previously|then|compared|comparison|against|seen|see|saw|versus|vs"
    # the words of the judgements' names beside their areas ("the impact of leaders")
    r"|impact|experiences?|progress|need|needs|practice|work)\b",
    re.I,
)


def names_only_grades(question: str) -> bool:
    """Whether the question, beside a change, names nothing but councils, regions, grades,
    inspections and judgement areas: a change of grade ("which councils in Yorkshire
    improved at their last inspection?"), not of a topic."""
    text = without_regions(question).lower()
    for pattern in AREAS.values():
        text = re.sub(pattern, " ", text)
    left = re.findall(r"[a-z]{2,}", _OF_GRADES.sub(" ", change_words(text)))
    return len(left) < 2


def fits(label: str, question: str) -> bool:
    """Whether the question's slots can carry an across-council shape (any other: yes)."""
    if label == "movement":
        asked = movement_asked(question)
        graded = bool(asked.before or asked.after)
        named = graded or (asked.direction != "any" and names_only_grades(question))
        return named and bool(_OVER_COUNCILS.search(question) or find_regions(question))
    if label in ("which", "count"):
        return bool(_OVER_COUNCILS.search(question) or find_regions(question))
    if label == "region_table":  # one region's table, not a number nor other regions
        return (
            bool(find_regions(question))
            and not asks_count(question)
            and not _REGIONS_WORD.search(without_regions(question))
        )
    if label == "region_compare":  # regions set against each other or England
        return compares_regions(question) or (
            bool(find_regions(question)) and bool(_SET_AGAINST.search(question))
        )
    return True


def names_grade_change(question: str) -> bool:
    """The question names a change between inspections by its grades: a grade before
    ("come out of inadequate", "from good"), after ("to good"), or kept ("still good"); or a
    change with nothing beside it but grades, inspections and areas ("whose overall judgement
    went up at their most recent inspection")."""
    asked = movement_asked(question)
    if asked.before or asked.after:
        return True
    return asked.direction != "any" and names_only_grades(question)


# Words asking for the grades themselves, not for councils that have one grade.
_GRADES_ASKED = re.compile(
    r"\b(?:grades|gradings|ratings|judgements|judgments|outcomes|results|table|league|each"
    r"|every)\b|\b(\w+)\s+by\s+\1\b",  # "borough by borough"
    re.I,
)


def compares_regions(question: str) -> bool:
    """Regions set against each other or England by name: two regions, or "regions",
    "national", "England" beside the one named."""
    return len(find_regions(question)) > 1 or bool(_REGIONS_WORD.search(without_regions(question)))


def names_a_grade(question: str) -> bool:
    """The question names a grade, in full or by its family's word ("RI", "inadequate")."""
    return asked_grade(question) is not None or bool(_GRADE_WORD.search(question))


def asks_regions_grades(question: str) -> bool:
    """A list of a region's councils that names no grade but asks for their grades ("a table
    of the South East's local authorities with their latest grades"): the region's table,
    not a topic."""
    if not find_regions(question) or asks_count(question):
        return False
    return not names_a_grade(question) and bool(_GRADES_ASKED.search(question))


def counts_councils_by_grade(question: str, names_council: bool) -> bool:
    """A "how many" that names a grade and no council counts councils ("how many areas are
    sitting at requires improvement overall?"), whatever one council's shape it read as."""
    if names_council or not asks_count(question) or _ONE_COUNCIL.search(question):
        return False
    return names_a_grade(question)


# A question framed over councils by its own words: "which councils/LAs ...", "in which
# local authorities ...", "councils that/using/offering ...", "where has Ofsted ...".
_COUNCILS_FRAME = re.compile(
    r"\b(?:in\s+)?(?:which|any|other)\s+(?:councils|local\s+authorities|las|authorities|boroughs)\b"
    r"|^\s*(?:councils|local\s+authorities|las)\b"
    # "where" opening the question or its clause after a topic ("care leavers out of area:
    # where do they get a worse deal?")
    r"|(?:^|[:;–—]\s*)where\s+(?:has|have|did|do|does|were|was|are|is)\b"
    # "who" doing or having something ("who runs apprenticeships?"), not "who led it?"
    r"|^\s*who\s+(?:runs?|has\s+(?:a|an|got)|have|uses?|offers?|gives?|provides?|funds?|pays?"
    r"|operates?|employs?)\b",
    re.I,
)
# Councils like one named or chosen ("our neighbours"), or the asker's own council ("where
# are we falling short?"): one council's question, not a topic across councils.
_ONE_COUNCIL = re.compile(
    r"\bneighbou?rs?\b|\bsimilar\b|\bcomparable\b|\bcomparator|\b(?:we|our|us)\b", re.I
)
# A grade named by its family's word ("good" alone is too often praise: "good practice").
_GRADE_WORD = re.compile(
    rf"\b(?:{typed_grade(OUTSTANDING, INADEQUATE, REQUIRES_IMPROVEMENT)}|ri)\b", re.I
)


def lists_councils_on_a_topic(question: str, names_council: bool) -> bool:
    """A question that names no council, frames itself over councils and names no grade
    asks which councils' reports say something: a topic listing, whatever else it reads
    like ("where has Ofsted praised FDAC work?" is not one council's topic)."""
    if names_council or not _COUNCILS_FRAME.search(question):
        return False
    if _ONE_COUNCIL.search(question):
        return False
    return not names_a_grade(question)


def first_fitting(label: str, alternatives: tuple[str, ...], question: str) -> str | None:
    """The label itself when it fits, else the first alternative that does; None if none."""
    for candidate in (label, *alternatives):
        if fits(candidate, question):
            return candidate
    return None
