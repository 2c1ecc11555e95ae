"""Children's-services shorthand, so "LADO" finds "local authority designated officer".

Reports spell a term out in one paragraph and abbreviate it in the next; officers ask
either way. Expanding the question both ways lets lexical search meet the text halfway.
Officers also ask in everyday words for what reports name in their own ("teenagers who
turn up homeless", "16- and 17-year-olds presenting as homeless"): EVERYDAY, read by the
evidence check so a question is not refused for asking in plain English, and added to what
the lexical search looks for (the embedding already meets plain English halfway).
"""

from __future__ import annotations

import re
from functools import lru_cache

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
    "JTAI": "joint targeted area inspection",
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


# Everyday words for what the reports name in their own terms: an officer asks about
# "teenagers who turn up homeless", a report writes of "16- and 17-year-olds presenting as
# homeless". Each entry: the everyday wording (a pattern over the lowered question) and the
# reports' words for it. Read one way only: the reports' own words need no translating.
EVERYDAY: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"\bteen(?:ager)?s?\b|\bteenaged?\b|\badolescents?\b",
        ("16 and 17", "16 to 17", "sixteen and 17", "young people", "adolescent", "older children"),
    ),
    (
        r"\b(?:turn|show|end|rock|roll|pitch)(?:s|ed|ing)? up\b",
        ("present",),
    ),
    (r"\bkids?\b", ("children", "child", "young people")),
    (
        r"\bfront door\b|\bfirst port of call\b",
        (
            "multi-agency safeguarding hub",
            "MASH",
            "point of contact",
            "contacts and referrals",
            "incoming contacts",
            "referral",
            "first response",
        ),
    ),
    (r"\bsofa[- ]?surf\w*|\bsleeping rough\b|\bon the streets\b", ("homeless", "accommodation")),
    (
        r"\b(?:kicked|thrown|chucked) out\b",
        ("homeless", "family breakdown", "leave home", "accommodation"),
    ),
    (
        r"\brun(?:s|ning)? away\b|\brunaways?\b|\bran away\b|\bdisappear\w*",
        ("missing from home", "missing from care", "go missing", "missing"),
    ),
    (r"\bgangs?\b|\bcounty lines\b", ("criminal exploitation", "exploitation", "county lines")),
    (r"\bgroom(?:ed|ing)?\b", ("sexual exploitation", "exploitation")),
    (r"\bfoster (?:parents?|mums?|dads?|famil\w+)\b", ("foster carers", "foster carer")),
    (r"\bcare homes?\b|\bresidential homes?\b", ("children's homes", "residential")),
    (r"\bsocial services\b", ("children's services", "social care")),
    (r"\btaken into care\b|\bput into care\b", ("come into care", "entering care", "proceedings")),
    (r"\bdomestic violence\b|\bviolence at home\b", ("domestic abuse",)),
    (r"\basylum seekers?\b|\brefugees?\b", ("unaccompanied asylum-seeking", "asylum")),
    (r"\bjobs?\b", ("employment", "apprenticeships", "training")),
    (r"\buni\b|\buniversity\b", ("higher education", "university")),
    (r"\b(?:agency|temporary|temp) (?:staff|workers?)\b|\btemps\b", ("agency", "locum", "interim")),
    (
        r"\bstaff (?:leaving|turnover)\b|\bstaff keep leaving\b",
        ("turnover", "retention", "stability"),
    ),
    (r"\bdrugs?\b|\bdrinking\b|\balcohol\b", ("substance misuse", "alcohol", "drug")),
    (r"\bpoverty\b|\bpoor families\b", ("deprivation", "disadvantage", "poverty")),
)


@lru_cache(maxsize=1)
def _everyday() -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    return tuple((re.compile(p), words) for p, words in EVERYDAY)


def report_words(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(the everyday words as asked, the reports' words for them), for each everyday
    wording in `text`."""
    lowered = text.lower()
    return [(m.group(0), words) for p, words in _everyday() for m in p.finditer(lowered)]


def printed(phrase: str, lowered_text: str) -> bool:
    """The reports' phrase is in the text, each word allowing an ending ("present" is in
    "presenting", "16 and 17" in "16- and 17-year-olds")."""
    return bool(_phrase(phrase.lower()).search(lowered_text))


@lru_cache(maxsize=256)
def _phrase(phrase: str) -> re.Pattern:
    words = re.findall(r"[a-z0-9']+", phrase)
    return re.compile(r"\b" + r"\w*\W+".join(map(re.escape, words)) + r"\w*")


def with_report_words(text: str) -> str:
    """The text plus the reports' words for each everyday wording in it, for the lexical
    search: "front door" finds a report's "multi-agency safeguarding hub"."""
    lowered = text.lower()
    extra: list[str] = []
    for _, words in report_words(text):
        extra.extend(w for w in words if w.lower() not in lowered and w not in extra)
    return f"{text} ({'; '.join(extra)})" if extra else text
