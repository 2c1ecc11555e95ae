"""What a grade question asks about that no judgement table of the index grades ("adult
social care", "send inspection"): said so, rather than answered with the council's grades."""

from __future__ import annotations

import re

from indexer.vocab import GRADE_FAMILIES, MONTHS

from ..words import stem

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
# Which inspection, not what is graded: "its last ILACS", "the SIF outcome".
_ATTACHES = frozenset({"inspection", "inspections", "inspected", "visit", "ilacs", "sif"})
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
        "need",
        "needs",
        "remind",
        "award",
        "awarded",
        "well",
        "wise",
        "vs",
        "versus",
        "every",
        "each",
        "all",
        "time",
        "now",
        "then",
        "before",
    ]
)
# Who or what the answer is for ("for the scrutiny pack", "before cabinet"), not what is
# graded.
_PURPOSE_WORDS = frozenset(
    [
        "scrutiny",
        "cabinet",
        "committee",
        "meeting",
        "member",
        "members",
        "councillor",
        "councillors",
        "pack",
        "paper",
        "briefing",
        "note",
        "ward",
    ]
)


def unjudged_subject(question_topic: str, labels: list[str]) -> str:
    """The first run of words a grade question asks about ("adult social care", "send
    inspection") holding a word that no judgement label of the index contains; "" when
    everything asked about is graded there (or no grade is asked)."""
    from indexer.vocab import STOPWORDS

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
# "wot"/"wat" as "what" is typed; "right now" as "now"; "i'd like to know".
_DISCOURSE = frozenset(
    ["like", "whats", "hows", "ok", "okay", "thanks", "anyway", "really", "wot", "wat", "right"]
    + ["i'd", "i'm", "i've", "we'd", "we're", "we've"]
)


def not_a_subject(token: str) -> bool:
    """A word of asking for a grade, never what is graded: the rating and asking words, a
    misspelling of one ("ofstead", "raiting"), a grade, an adverb ("actually"), or whom
    the answer is for ("scrutiny")."""
    if token in _RATING_WORDS or token in _ASKING_WORDS or token in _GRADE_WORDS:
        return True
    if token in _PURPOSE_WORDS:
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
