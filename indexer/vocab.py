"""The domain's words, written once: part kinds and their names, judgement areas, grades
and their families, the report-date rule, stop words and one text normaliser.

Everything here is plain data or a pure function, so the indexer, the retriever, the app
and the eval can all share it without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class KindWords:
    """How one kind of part is named in each place it shows."""

    label: str  # the app's filter and table ("Ofsted inspection (ILACS)")
    short: str  # a citation ("Leeds Ofsted report, Jul 2025, ...")
    name: str  # the context header embedded with each passage ("Ofsted inspection report")
    slug: str  # the part's slug in passage ids ("ofsted-report"); "" to slug the title


KINDS: dict[str, KindWords] = {
    "ilacs_report": KindWords(
        "Ofsted inspection (ILACS)", "Ofsted report", "Ofsted inspection report", "ofsted-report"
    ),
    "focused_visit": KindWords(
        "Ofsted focused visit",
        "Ofsted focused visit",
        "Ofsted focused visit letter",
        "focused-visit",
    ),
    "monitoring_visit": KindWords(
        "Ofsted monitoring visit",
        "Ofsted monitoring visit",
        "Ofsted monitoring visit letter",
        "monitoring-visit",
    ),
    "cabinet_report": KindWords(
        "Council / cabinet report", "council report", "council report", "council-report"
    ),
    "presentation": KindWords("Presentation", "presentation", "presentation", "presentation"),
    "improvement_plan": KindWords(
        "Improvement plan", "improvement plan", "improvement plan", "improvement-plan"
    ),
    "other": KindWords("Other", "document", "document", ""),
}
PART_KINDS = tuple(KINDS)
# Parts written by Ofsted itself (as against a council's own papers about an inspection).
INSPECTION_KINDS = ("ilacs_report", "focused_visit", "monitoring_visit")
# Ofsted's letters between full inspections: a focused visit looks at one area of practice,
# a monitoring visit follows an inadequate judgement until the next full inspection. Neither
# grades anything, so no judgement row is ever read from one.
VISIT_KINDS = ("focused_visit", "monitoring_visit")
_VISIT_WORDS = {"focused_visit": r"focused[ -]visit", "monitoring_visit": r"monitoring[ -]visit"}


def visit_kind(text: str | None) -> str | None:
    """The visit a title or file name names ("Monitoring visit to Barnet children's
    services", "barnet-2026-10-monitoring-visit"), or None; the first named wins."""
    found = [
        (m.start(), kind)
        for kind, p in _VISIT_WORDS.items()
        if (m := re.search(p, text or "", re.I))
    ]
    return min(found)[1] if found else None


def part_kind(value: str | None) -> str | None:
    """A catalogue's kind as a part kind: "monitoring_visit", or the reports site's slug
    ("monitoring-visit", "ilacs"); None for a value that names no part kind."""
    value = (value or "").strip().lower()
    if value in KINDS:
        return value
    if value in ("ilacs", "sif", "inspection"):
        return "ilacs_report"
    return visit_kind(value)


KIND_LABELS = {k: w.label for k, w in KINDS.items()}
KIND_SHORT = {k: w.short for k, w in KINDS.items()}
KIND_NAMES = {k: w.name for k, w in KINDS.items()}
KIND_SLUGS = {k: w.slug for k, w in KINDS.items() if w.slug}

# Grades as printed in a current judgement table.
GRADES = (
    "Outstanding",
    "Good",
    "Requires improvement to be good",
    "Inadequate",
)
# One name per grade, whichever framework printed it ("Requires improvement" was the
# single-inspection framework's wording of "Requires improvement to be good").
GRADE_FAMILIES = ("Outstanding", "Good", "Requires improvement", "Inadequate")

OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE = GRADE_FAMILIES


def _printed_grade(grade: str) -> str:
    """A printed grade as a regex: any spacing; "Require improvement" is a misprint some SIF
    covers carry."""
    return grade.lower().replace(" ", r"\s+").replace("requires", "requires?")


# Every grade as a report prints it, lower case, longest first so "Requires improvement to be
# good" wins over "Good"; as a regex, PRINTED_GRADE, and without "to be good" (SIF's sentences
# and the LSCB review), PRINTED_FAMILY.
GRADE_PHRASES = tuple(
    sorted({g.lower() for g in (*GRADES, *GRADE_FAMILIES)}, key=len, reverse=True)
)
PRINTED_GRADE = "|".join(map(_printed_grade, GRADE_PHRASES))
PRINTED_FAMILY = "|".join(_printed_grade(g) for g in sorted(GRADE_FAMILIES, key=len, reverse=True))
# Each family as people type it in a question: any case and spacing, and the slips they make
# ("require improvment", "requires improving").
TYPED_GRADES = {
    OUTSTANDING: "outstanding",
    GOOD: "good",
    REQUIRES_IMPROVEMENT: r"requires?\s+improv[a-z]*(?:\s+to\s+be\s+good)?",
    INADEQUATE: "inadequate",
}


def typed_grade(*families: str) -> str:
    """The families named (all of them by default) as one regex alternation."""
    return "|".join(TYPED_GRADES[f] for f in families or GRADE_FAMILIES)


# The judgement areas of an ILACS inspection (and the older single-inspection areas),
# each with the wording that names it in a question or a judgement table.
AREAS = {
    "leaders": r"leaders?\b|leadership|management|governance",
    "help_and_protection": r"help and protection|child protection|\bprotection\b|need of help",
    "children_in_care": r"children in care|looked[- ]after|\bcla\b|\blac\b|in care\b",
    "care_leavers": r"care leavers?|leaving care|care experienced",
    "adoption": r"adoption|permanence",
    "overall": r"overall",
}


@dataclass(frozen=True)
class JudgementName:
    """One judgement a framework grades, under the name its reports print."""

    name: str
    keys: tuple[str, ...]  # the AREAS it grades
    framework: str  # "ILACS", "SIF", "both", or "LSCB review"
    printed: str  # its printed wordings, matched against a whole normalised label

    @property
    def council(self) -> bool:
        """A grade of the council's children's services (the LSCB review grades the local
        safeguarding children board, a partnership, not the council)."""
        return self.framework != "LSCB review"


# Every judgement of the ILACS and single inspection frameworks (SIF, 2013 to 2018), and the
# review of the local safeguarding children board that SIF reports carry. Printed labels
# that name none of these (a sentence, a contents line, two labels glued) are not grades.
JUDGEMENT_NAMES = (
    JudgementName(
        "Overall effectiveness",
        ("overall",),
        "both",
        r"(?:the )?overall (?:effectiveness|judgement)",
    ),
    JudgementName(
        "The impact of leaders on social work practice with children and families",
        ("leaders",),
        "ILACS",
        r"(?:the )?impact of leaders on (?:social work )?practice with(?:in)? children and families",
    ),
    JudgementName(
        "The experiences and progress of children who need help and protection",
        ("help_and_protection",),
        "ILACS",
        r"the experiences? and progress of children (?:who need|in need of) help and protection",
    ),
    JudgementName(
        "The experiences and progress of children in care and care leavers",
        ("children_in_care", "care_leavers"),
        "ILACS",
        r"(?:the )?experiences? and progress of children in care and care leavers",
    ),
    JudgementName(
        "The experiences and progress of children in care",
        ("children_in_care",),
        "ILACS",
        r"(?:the )?experiences? and progress of children in care",
    ),
    JudgementName(
        "The experiences and progress of care leavers",
        ("care_leavers",),
        "ILACS",
        r"the experiences? and progress of (?:children )?care leavers",
    ),
    JudgementName(
        "Children who need help and protection",
        ("help_and_protection",),
        "SIF",
        r"children (?:who need|in need of) help and protection",
    ),
    JudgementName(
        "Children looked after and achieving permanence",
        ("children_in_care",),
        "SIF",
        r"(?:the experiences? and progress of )?children looked after and achieving permanence",
    ),
    JudgementName("Adoption performance", ("adoption",), "SIF", r"adoption performance"),
    JudgementName(
        "Experiences and progress of care leavers",
        ("care_leavers",),
        "SIF",
        r"experiences? and progress of care leavers",
    ),
    JudgementName(
        "Leadership, management and governance",
        ("leaders",),
        "SIF",
        r"leadership,? management and governance",
    ),
    JudgementName(
        "The effectiveness of the Local Safeguarding Children Board",  # LSCB_NAME
        ("lscb",),
        "LSCB review",
        r"(?:the )?(?:judgement for )?(?:the )?(?:effectiveness of the )?"
        r"local safeguarding children'?s? board",
    ),
)
LSCB_NAME = "The effectiveness of the Local Safeguarding Children Board"
_PRINTED = [(re.compile(rf"(?:{j.printed})", re.I), j) for j in JUDGEMENT_NAMES]
# What a label may carry around the name: its number, "(LSCB)", a copula before the grade.
_LABEL_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
_LABEL_TAIL = re.compile(
    r"(?:\s*\((?:lscb|the lscb)\))?(?:\s+(?:is|are|was|were)(?: that (?:it|they) (?:is|are))?"
    r"(?: judged(?: to be)?)?)?\s*[:.\-–—]?\s*$",
    re.I,
)


def judgement_named(label: str) -> JudgementName | None:
    """The framework judgement a printed label names ("2.1 Adoption performance", "The
    experiences and progress of children who need help and protection are"), or None."""
    text = _LABEL_NUMBER.sub("", normalise(label).replace("&", "and"))
    text = _LABEL_TAIL.sub("", text).strip()
    for pattern, judgement in _PRINTED:
        if pattern.fullmatch(text):
            return judgement
    return None


def sif_name(judgement: JudgementName) -> JudgementName:
    """The SIF judgement grading the same areas as an ILACS name (a SIF report's body
    headings use ILACS-like wordings: "The experiences and progress of children who need
    help and protection")."""
    if judgement.framework != "ILACS":
        return judgement
    return next(
        (j for j in JUDGEMENT_NAMES if j.framework == "SIF" and j.keys == judgement.keys),
        judgement,
    )


# Month names as reports print them; MONTHS reads a full name, MONTH_ABBREVIATIONS its first
# three letters ("Sep", "sept."), MONTH_PATTERN finds a full name in text.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)}
MONTH_ABBREVIATIONS = {m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, 1)}
MONTH_PATTERN = "|".join(MONTH_NAMES)


def month_year(iso_date: str | None, long: bool = False) -> str:
    """How a report's date is shown: "Jun 2023" (long: "June 2023"); "" for no date, and
    text that is no ISO date as it is."""
    if not iso_date:
        return ""
    try:
        return datetime.fromisoformat(iso_date).strftime("%B %Y" if long else "%b %Y")
    except ValueError:
        return iso_date


def grade_family(grade: str) -> str:
    """ "Requires improvement to be good" and the older "Requires improvement" are one grade."""
    for family in GRADE_FAMILIES:
        if grade.strip().lower().startswith(family.lower()):
            return family
    return grade.strip()


def report_date(inspection_end: str | None, meeting_date: str | None, fallback: str | None) -> str:
    """The date a report is known by: its inspection, else its meeting, else the file's."""
    return inspection_end or meeting_date or fallback or ""


# Words that carry no topic: left out of the BM25 query.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "ofsted",
        "say",
        "said",
        "tell",
        "told",
        "report",
        "reports",
        "please",
    ]
)

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Casefolded, quotes and dashes made plain, whitespace runs collapsed to one space."""
    return _SPACE.sub(" ", (text or "").translate(_TRANSLATE)).strip().casefold()
