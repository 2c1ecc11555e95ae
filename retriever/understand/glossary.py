"""Children's-services shorthand, so "LADO" finds "local authority designated officer".

Reports spell a term out in one paragraph and abbreviate it in the next; officers ask
either way. Expanding the question both ways lets lexical search meet the text halfway.
"""

from __future__ import annotations

import re

TERMS = {
    "LADO": "local authority designated officer",
    "MASH": "multi-agency safeguarding hub",
    "UASC": "unaccompanied asylum-seeking children",
    "CLA": "children looked after",
    "LAC": "looked after children",
    "IRO": "independent reviewing officer",
    "PA": "personal adviser",
    "PAs": "personal advisers",
    "PLO": "public law outline",
    "CSE": "child sexual exploitation",
    "CCE": "child criminal exploitation",
    "SEND": "special educational needs and disabilities",
    "EHCP": "education, health and care plan",
    "PEP": "personal education plan",
    "NEET": "not in education, employment or training",
    "EET": "education, employment or training",
    "DSL": "designated safeguarding lead",
    "LSCB": "local safeguarding children board",
    "ILACS": "inspection of local authority children's services",
    "SIF": "single inspection framework",
    "CAMHS": "child and adolescent mental health services",
    "YOT": "youth offending team",
    "SGO": "special guardianship order",
}


def expansions(question: str) -> list[str]:
    """The long form of each abbreviation in the question, and vice versa (abbreviations
    matched as printed: "PA" is one, "pa" is not)."""
    extra = []
    lowered = question.lower()
    for short, long in TERMS.items():
        if re.search(rf"\b{re.escape(short)}\b", question) and long not in lowered:
            extra.append(long)
        elif long in lowered and not re.search(rf"\b{re.escape(short)}\b", question):
            extra.append(short)
    return extra


def expand(question: str, like: str | None = None) -> str:
    """The question plus the long form of each abbreviation in it, and vice versa; `like`:
    the text to read them from when `question` has lost its capitals (a topic)."""
    extra = expansions(question if like is None else like)
    return f"{question} ({'; '.join(extra)})" if extra else question
