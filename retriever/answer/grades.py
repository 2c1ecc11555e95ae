"""Grade questions answered from the extracted judgement rows, not from prose (pure)."""

from __future__ import annotations

import re

from indexer.parse.judgements import named_row, overall_judgement, split_grade
from indexer.vocab import GRADE_FAMILIES, MONTHS, grade_family, month_year

from ..understand.question import QuestionIntent, area_of, years_asked

_ASKED_GRADE = {
    "Outstanding": r"\boutstanding\b",
    "Inadequate": r"\binadequate\b",
    "Requires improvement": r"\brequires? improv[a-z]*\b",
    "Good": r"\b(?:rated|graded|judged|as|were|was|got|get|received|are|is) good\b",
}


def asked_grade(question: str) -> str | None:
    """The grade a "which councils were rated X" question asks about."""
    for grade, pattern in _ASKED_GRADE.items():
        if re.search(pattern, question, re.I):
            return grade
    return None


def in_years(row: dict, years: set[int], report_years=None) -> bool:
    """A judgement row is of a year asked about when its inspection was, or its report is
    dated then (`report_years(doc_id)`: published in January 2019, a report of an
    inspection in December 2018 answers "the 2019 inspection" as the year filter does)."""
    if not years:
        return True
    date = row.get("inspection_date") or ""
    if date[:4].isdigit() and int(date[:4]) in years:
        return True
    return bool(date and report_years and set(report_years(row["doc_id"])) & years)


def matching_rows(rows: list[dict], intent: QuestionIntent, report_years=None) -> list[dict]:
    """Rows for the areas, years and grade asked about; one per inspection and area,
    newest inspection first. Undated copies (a council paper quoting the table) give way
    to the dated rows of the report itself. `report_years(doc_id)`: the years a report is
    dated in (its publication among them), so a year named matches either date
    (`in_years`); a range ("after 2018", "since 2019") asks when inspections took place."""
    areas = set(intent.areas) or None
    grade = None if intent.authorities else asked_grade(intent.question)
    years = set(intent.years)
    report_years = None if intent.year_range else report_years
    dated = {r["authority"] for r in rows if r["inspection_date"]}
    picked: dict[tuple, dict] = {}
    for row in rows:
        if not row["inspection_date"] and row["authority"] in dated:
            continue
        if not in_years(row, years, report_years):
            continue
        row_areas = set(area_of(row["area"]))
        if areas and not (row_areas & areas):
            continue
        if grade and not row_areas:
            continue  # the LSCB review grades the board, not the council's services
        if grade and grade_family(row["grade"]) != grade:
            continue
        key = (row["authority"], row["inspection_date"], row["area"].lower().strip(" ."))
        picked.setdefault(key, row)
    return sorted(
        picked.values(),
        key=lambda r: (r["inspection_date"] or "", r["authority"]),
        reverse=True,
    )


def years_unheld(
    councils: list[str], rows: list[dict], intent: QuestionIntent, report_years=None
) -> str:
    """Why a grades, briefing or trend question cannot be answered for the years it names
    ("after 2018"), when a council it names has graded inspections in the index but none
    of them in those years (the same test as `matching_rows`); "" otherwise."""
    years = set(intent.years)
    if not years or intent.latest:
        return ""
    report_years = None if intent.year_range else report_years
    for council in councils:
        held = [r for r in rows if r["authority"] == council and r.get("inspection_date")]
        if not held or any(in_years(r, years, report_years) for r in held):
            continue
        dates = sorted({r["inspection_date"] for r in held}, reverse=True)
        shown = ", ".join(dict.fromkeys(month_year(d, long=True) for d in dates))
        return (
            f"The index holds no {council} inspection {years_asked(intent)}; "
            f"its inspections: {shown}."
        )
    return ""


def row_line(row: dict, passage_text: str) -> str | None:
    """The printed line of the judgement table that states this row, for quoting: its name
    and grade, or a line that names it in another printed wording ("The experience and
    progress of ...", "2.1 Adoption performance 2.2 ...") or, for the overall judgement and
    the LSCB review of a SIF report, its sentence ("Children's services in Kent are good",
    "The Local Safeguarding Children Board requires improvement")."""
    area_words = re.findall(r"[a-z]+", row["area"].lower())
    grade = row["grade"].lower()
    lines = [line.strip() for line in passage_text.splitlines() if line.strip()]
    for width in (1, 2):  # a grade printed on the line below its area
        for i in range(len(lines) - width + 1):
            text = " ".join(lines[i : i + width])
            lowered = text.lower()
            if grade in lowered and all(w in lowered for w in area_words):
                return text
    for width in (1, 2):
        for i in range(len(lines) - width + 1):
            text = " ".join(lines[i : i + width])
            if _states(row, text):
                return text
    return None


def _states(row: dict, text: str) -> bool:
    """The line grades the row's judgement with its grade, in whatever wording it prints."""
    family = grade_family(row["grade"])
    area, grade = split_grade(text)
    if grade is not None and grade_family(grade) == family:
        named = named_row(area, grade)
        if named is not None and named.area == row["area"]:
            return True
    found = overall_judgement(text) if row["area"] == "Overall effectiveness" else None
    return found is not None and grade_family(found[0]) == family


# -- what a grade question asks about that no judgement table grades ----------------------
_RATING_CUE = re.compile(
    r"\b(?:rat(?:ed|e|ing|ings)|grade[ds]?|judged|judge?ments?|outcomes?|results?|scores?)\b",
    re.I,
)
# Words of asking for a grade, not of what is graded.
_RATING_WORDS = frozenset(MONTHS) | frozenset(
    [
        "grade",
        "grades",
        "graded",
        "rated",
        "rate",
        "rating",
        "ratings",
        "judged",
        "judgement",
        "judgements",
        "judgment",
        "judgments",
        "ofsted",
        "get",
        "got",
        "give",
        "given",
        "receive",
        "received",
        "latest",
        "last",
        "recent",
        "most",
        "newest",
        "current",
        "overall",
        "score",
        "scored",
        "outcome",
        "outcomes",
        "result",
        "results",
        "table",
        "tables",
        "effectiveness",
        "service",
        "services",
        "council",
        "councils",
        "authority",
        "local",
        "what",
        "which",
        "how",
        "did",
        "does",
        "do",
        "was",
        "were",
        "is",
        "are",
    ]
)
_ATTACHES = frozenset({"inspection", "inspections", "inspected", "visit"})
# Words of asking, not of what is asked about: "what does requires improvement mean?" asks
# about no unjudged subject called "mean".
_ASKING_WORDS = frozenset(
    [
        "mean",
        "means",
        "meaning",
        "meant",
        "list",
        "show",
        "tell",
        "give",
        "explain",
        "explained",
        "say",
        "says",
        "said",
        "please",
        "me",
        "us",
        "we",
        "our",
        "they",
        "their",
        "it",
        "its",
        "know",
        "find",
        "found",
        "stand",
        "stands",
        "describe",
    ]
)


def unjudged_subject(question_topic: str, labels: list[str]) -> str:
    """The first run of words a grade question asks about ("adult social care", "send
    inspection") holding a word that no judgement label of the index contains; "" when
    everything asked about is graded there (or no grade is asked)."""
    from indexer.vocab import STOPWORDS

    from .sentences import stem

    if not _RATING_CUE.search(question_topic):
        return ""
    graded = {stem(w) for label in labels for w in re.findall(r"[a-z]+", label.lower())}
    runs: list[list[str]] = [[]]
    for token in re.findall(r"[a-z]+(?:'[a-z]+)?", question_topic.lower()):
        token = re.sub(r"'s$", "", token)
        if token in STOPWORDS or not_a_subject(token):
            runs.append([])
        else:
            runs[-1].append(token)
    for run in runs:
        if any(t not in _ATTACHES and stem(t) not in graded for t in run):
            return " ".join(run)
    return ""


# The grades themselves ("why was it rated inadequate?") and words that only colour the
# asking ("what was the rating, exactly?", "what's the rating like?").
_GRADE_WORDS = frozenset(w for g in GRADE_FAMILIES for w in g.lower().split())
_DISCOURSE = frozenset(["like", "whats", "hows", "ok", "okay", "thanks", "anyway", "really"])


def not_a_subject(token: str) -> bool:
    """A word of asking for a grade, never what is graded: the rating and asking words, a
    misspelling of one ("ofstead", "raiting"), a grade, or an adverb ("actually")."""
    if token in _RATING_WORDS or token in _ASKING_WORDS or token in _GRADE_WORDS:
        return True
    if token in _DISCOURSE or _is_adverb(token):
        return True
    return len(token) >= 5 and any(
        _one_edit(token, w) for w in _RATING_WORDS | _ASKING_WORDS if len(w) >= 5
    )


def _is_adverb(token: str) -> bool:
    """ "actually", "exactly", "currently": -ly words long enough not to be "family",
    "early" or "only", which name things."""
    return len(token) >= 7 and token.endswith("ly") and not token.endswith("ily")


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one letter added, dropped or changed (not equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
