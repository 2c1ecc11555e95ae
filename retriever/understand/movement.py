"""The grades a question about change between inspections names, and in which role: before
("come out of inadequate", "lost their outstanding rating"), after ("improved to good", "are
good now") or both ("still inadequate", "stayed good"), with the direction asked for.

A slot reader: it says nothing about whether a question is about change (the shape reader
decides that), only what change it names.
"""

from __future__ import annotations

import re

from indexer.vocab import GRADE_FAMILIES, REQUIRES_IMPROVEMENT, typed_grade

from ..types import MovementAsked

_GRADE = rf"(?P<{{name}}>{typed_grade()}|\bri\b)"


def _grade(name: str) -> str:
    return _GRADE.format(name=name)


def family_of(word: str) -> str:
    word = word.lower()
    if word.startswith("require") or word == "ri":
        return REQUIRES_IMPROVEMENT
    return word.capitalize()


_FROM_TO = re.compile(
    rf"\bfrom\s+(?:being\s+|a\s+|an\s+)?{_grade('a')}\b.*?\bto\s+(?:being\s+|a\s+|an\s+)?{_grade('b')}"
    rf"|\b{_grade('c')}\s*(?:->|→|to)\s*{_grade('d')}\b",
    re.I,
)
_OUT_OF = re.compile(
    rf"\b(?:come|came|coming|got|get|getting|moved?|moving|climbed?)\s+(?:up\s+)?out\s+of\s+"
    rf"(?:being\s+)?{_grade('a')}"
    # "RI at the previous inspection but aren't any more"
    rf"|\b{_grade('e')}\s+(?:at|in|on)\s+(?:their|its|the)\s+(?:previous|last|earlier|prior)\b"
    rf"[^.?!]*?\bbut\s+(?:(?:are|is|were|was)\s*(?:n['’]t|not)|no\s+longer|not)\b"
    rf"|\bno\s+longer\s+(?:rated\s+|judged\s+)?{_grade('b')}"
    rf"|\b(?:left|escaped|exited|emerged\s+from)\s+{_grade('c')}"
    rf"|\b(?:lost|lose|losing)\s+(?:their|its|the|a|an)\s+{_grade('d')}"
    # "outstanding last time but have lost that grade"
    rf"|\b{_grade('f')}\b[^.?!]*?\b(?:lost|lose|losing|dropped)\s+(?:that|this|the|their|its)\s+"
    rf"(?:grade|rating|judgement|judgment)\b",
    re.I,
)
_STILL = re.compile(
    rf"\b(?:still|remain(?:s|ed)?|stay(?:s|ed)?|kept|keep|retain(?:s|ed)?|consistently"
    rf"|(?:held|hold(?:s|ing)?|hung|hang(?:s|ing)?)\s+on(?:to|\s+to)?|maintain(?:s|ed)?"
    rf"|sustain(?:s|ed)?)\s+"
    # "kept their outstanding rating", "still stuck on requires improvement"
    rf"(?:(?:stuck|sitting|sat)\s+(?:on|at|in)\s+|(?:their|its|the|an?)\s+)?"
    rf"(?:rated\s+|judged\s+|graded\s+|at\s+|being\s+)?{_grade('a')}"
    rf"|\b{_grade('d')}(?:\s+overall)?\s+(?:at|in|for|on)\s+both\b"  # "good at both of ..."
    rf"|\b{_grade('b')}\s+(?:twice|both\s+times|again|in\s+a\s+row|two\s+times)"
    rf"|\b(?:twice|consecutive(?:ly)?|two\s+consecutive)\s+(?:rated\s+|judged\s+)?{_grade('c')}",
    re.I,
)
_PREVIOUS_NOW = re.compile(
    rf"\b{_grade('a')}\s+(?:at|in|on|for)?\s*(?:their|its|the)?\s*"
    rf"(?:previous|last|earlier|prior|before)\b.*?\b{_grade('b')}",
    re.I,
)
_WERE_NOW = re.compile(
    rf"\b(?:were|was|had\s+been)\s+(?:rated\s+|judged\s+)?{_grade('a')}\b.*?\b(?:now|are|is|became|become)\s+"
    rf"(?:rated\s+|judged\s+)?{_grade('b')}",
    re.I,
)
_UP = re.compile(
    r"\b(?:improv(?:e|ed|es|ing|ement|ers?)|better|went\s+up|gone\s+up|moved\s+up|upgraded?"
    r"|rose|risen|climb(?:ed)?|turn(?:ed)?\s+(?:it\s+)?around|progress(?:ed)?"
    r"|(?:gone|went|go|going|moved?|moving|stepped)\s+forwards?)\b",
    re.I,
)
_DOWN = re.compile(
    r"\b(?:declin(?:e|ed|es|ing|ers?)|worse|worsen(?:ed)?|went\s+down|gone\s+down|moved\s+down"
    r"|downgraded?|dropped|drop|fell|fallen|slip(?:s|ped|ping)?|deteriorat(?:e|ed|ing)"
    r"|(?:gone|went|go|going|moved?|moving|slid|sliding)\s+backwards?|regress(?:ed|ing)?)\b",
    re.I,
)
_CHANGED = re.compile(r"\b(?:chang(?:e|ed|es|ing)|moved|different\s+grade)\b", re.I)
_SAME = re.compile(r"\b(?:same\s+grade|unchanged|no\s+change|held|kept\s+(?:its|their))\b", re.I)
_TO_GRADE = re.compile(rf"\bto\s+(?:being\s+|a\s+|an\s+)?{_grade('a')}", re.I)
_FROM_GRADE = re.compile(rf"\bfrom\s+(?:being\s+|a\s+|an\s+)?{_grade('a')}", re.I)
# "improvement" inside the grade's own name is not a direction, nor "progress" inside a
# judgement's ("the experiences and progress of children in care").
_GRADE_WORDS = re.compile(
    typed_grade(REQUIRES_IMPROVEMENT) + r"|\bexperiences?\s+and\s+progress\b", re.I
)


def _families(*words: str | None) -> frozenset[str]:
    return frozenset(family_of(w) for w in words if w)


def _others(family: frozenset[str]) -> frozenset[str]:
    return frozenset(GRADE_FAMILIES) - family


def movement_asked(text: str) -> MovementAsked:
    """The change a question names; MovementAsked() (any change) when it names none."""
    match = _FROM_TO.search(text)
    if match:
        before = _families(match["a"] or match["c"])
        after = _families(match["b"] or match["d"])
        return MovementAsked("any", before, after)
    match = _PREVIOUS_NOW.search(text) or _WERE_NOW.search(text)
    if match:
        return MovementAsked("any", _families(match["a"]), _families(match["b"]))
    match = _OUT_OF.search(text)
    if match:
        named = (match[g] for g in "abcdef")
        before = _families(next((g for g in named if g), None))
        return MovementAsked("any", before, _others(before))
    match = _STILL.search(text)
    if match:
        grade = _families(match["a"] or match["b"] or match["c"] or match["d"])
        return MovementAsked("same", grade, grade)
    plain = _GRADE_WORDS.sub(" ", text)
    direction = "any"
    if _DOWN.search(plain):
        direction = "declined"
    elif _UP.search(plain):
        direction = "improved"
    elif _SAME.search(plain):
        direction = "same"
    elif _CHANGED.search(plain):
        direction = "changed"
    to_grade, from_grade = _TO_GRADE.search(text), _FROM_GRADE.search(text)
    return MovementAsked(
        direction,
        _families(from_grade["a"]) if from_grade else frozenset(),
        _families(to_grade["a"]) if to_grade else frozenset(),
    )


def change_words(text: str) -> str:
    """The text with its words of change ("improved", "dropped", "no change") blanked."""
    for pattern in (_DOWN, _UP, _SAME, _CHANGED):
        text = pattern.sub(" ", text)
    return text


def describe(asked: MovementAsked, plural: bool = True) -> str:
    """The change asked for as a predicate ("improved from inadequate to good"), for the
    answer's first line; `plural`: agreeing with "councils" (else with one council)."""

    def names(families: frozenset[str]) -> str:
        ordered = [f.lower() for f in GRADE_FAMILIES if f in families]
        return " or ".join(ordered)

    were, are = ("were", "are") if plural else ("was", "is")
    span = "between their last two graded inspections"
    if asked.direction == "same" and asked.before and asked.before == asked.after:
        return f"{were} judged {names(asked.before)} at both of their last two graded inspections"
    if asked.before and asked.after and asked.after == _others(asked.before):
        return (
            f"{are} no longer judged {names(asked.before)}, as they were at the inspection before"
        )
    grades = ""
    if asked.before:
        grades += f" from {names(asked.before)}"
    if asked.after:
        grades += f" to {names(asked.after)}"
    verbs = {
        "improved": "improved",
        "declined": "declined",
        "same": "kept the same grade",
        "changed": "changed grade",
    }
    verb = verbs.get(asked.direction, "moved" if grades else "")
    if not verb:
        return f"{were} graded twice, with any grade {span}"
    return f"{verb}{grades} {span}"
