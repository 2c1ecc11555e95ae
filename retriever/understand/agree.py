"""Where the shape classifier gives way to what the question plainly says.

The classifier reads shapes from how people ask and generalises to wordings no cue covers,
but it weighs a question's words by likeness, not by what they do. Two readings it makes
are contradicted by the question itself:

- a whole-report shape (the grades, the report's lists, a briefing) for a question that
  names a subject of its own ("What did the 2017 inspection find about the Central
  Referral Unit?") or asks when something happens ("When does X have to send its
  improvement plan?"): neither is answered by a report's lists, table or summary, so it
  is a topic question, searched for what it names;
- an unsure reading of a question about one council where a cue names a report's own
  list (improve, recommendations) that is one of the classifier's next likeliest shapes,
  and no cue reads its first ("What does X need to work on?" read as a briefing at 0.37,
  improve next): the cue, precise where it fires, settles it. Cues that read two shapes
  ("strengths and weaknesses": a briefing and improve) settle nothing, and the cues know
  no across-council shape, so a question naming no council or several keeps the
  classifier's reading.

Only where the cues read no shape of their own (topic) does a subject or a "when" overrule
the classifier. Pure functions over the question text and the two readings.
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.vocab import STOPWORDS

from .shape import (
    _BRIEFING,
    _HOW_RATED,
    _IMPROVE,
    _PROGRESS,
    _RECOMMEND,
    _TREND,
    _WHICH,
    LOW_CONFIDENCE,
    Shape,
    ShapeKind,
    fact_asked,
    shape_from_label,
)
from .unjudged import not_a_subject

# The shapes whose answer is the report's own table, lists or summary.
WHOLE_REPORT = frozenset({"grades", "improve", "recommendations", "briefing"})
# Lists a report prints, whose cues ("need to work on", "recommendations did Ofsted make")
# name them outright.
REPORT_LISTS = frozenset({"improve", "recommendations"})

_ABOUT = re.compile(r"\b(?:about|regarding|concerning)\b(.*)$", re.I | re.S)
_WHEN = re.compile(r"^\W*(?:and\s+|so\s+|by\s+)?when\b", re.I)
# The whole service or report, not a subject within it: "what did Ofsted say about
# Manchester's children's services / its latest inspection / the council?"
_WHOLE = re.compile(
    r"\b(?:children|child)(?:'s|s')?\s+(?:social\s+care|services?|social\s+services)\b"
    r"|\b(?:social\s+care|services?|department)\b",
    re.I,
)
_REPORT_WORDS = frozenset(
    [
        "inspection",
        "inspections",
        "inspected",
        "report",
        "reports",
        "visit",
        "visits",
        "letter",
        "letters",
        "ilacs",
        "sif",
        "jtai",
        "monitoring",
        "focused",
        "full",
        "short",
        "standard",
        "graded",
        "findings",
        "finding",
        "framework",
        "inspectors",
        "inspector",
        "area",
        "areas",
    ]
)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def subject_named(topic: str) -> str:
    """The subject a question names after "about" ("the central referral unit"), beyond the
    council, its whole service, its reports and the words of asking for a grade; "" for
    none ("what did the report conclude about Bromley?")."""
    m = _ABOUT.search(topic)
    if not m:
        return ""
    words = []
    text = _WHOLE.sub(" ", m.group(1).replace("\u2019", "'"))
    for token in _WORD.findall(text.lower()):
        token = re.sub(r"'s$", "", token)
        if token in STOPWORDS or token in _REPORT_WORDS or not_a_subject(token):
            continue
        words.append(token)
    return " ".join(words)


def cued_shapes(question: str) -> frozenset[ShapeKind]:
    """Every shape a hand-written cue of the question reads, where read_shape keeps only
    the first: "strengths and weaknesses" cues both a briefing and improve."""
    cues: tuple[tuple[ShapeKind, bool], ...] = (
        ("which", bool(_WHICH.search(question))),
        ("fact", fact_asked(question) is not None),
        ("improve", bool(_IMPROVE.search(question))),
        ("recommendations", bool(_RECOMMEND.search(question))),
        ("progress", bool(_PROGRESS.search(question))),
        ("trend", bool(_TREND.search(question))),
        ("briefing", bool(_BRIEFING.search(question))),
        ("grades", bool(_HOW_RATED.search(question))),
    )
    return frozenset(kind for kind, fires in cues if fires)


# A fact is asked for in its own words: a date by "when", "date", "how long"; a
# publication by those or "published", "released", "out", "online"; the lead inspector by
# "who", "inspector", "HMI", "led". The words are wide (any inspection word for the
# inspector) so that only a question with none of them gives way.
_WHEN_WORDS = r"\b(?:when|wen|date[sd]?|days?|week|month|year|how\s+(?:long|recent|soon))\b"
_FACT_WORDS = {
    "fact_dates": re.compile(_WHEN_WORDS, re.I),
    "fact_publication": re.compile(
        rf"{_WHEN_WORDS}|\b(?:publi\w*|releas\w*|out|live|online|up)\b", re.I
    ),
    "fact_inspector": re.compile(
        r"\b(?:who|whom|whose|name|hmi|lead|led|leading|leed|head\w*|in\s+charge)\b|insp\w*",
        re.I,
    ),
}


# A comparison of one council is asked for in words that set it against others.
_SET_AGAINST = re.compile(
    r"\b(?:compar\w*|vs?|versus|differ\w*|both|against|beside|alongside|than|like\s+"
    r"(?:it|us|ours|them|its|theirs)|benchmark\w*|similar|rank\w*|stack\w*\s+up"
    r"|measures?\s+up|ahead|behind|neighbou?r\w*)\b",
    re.I,
)


def _lacks_words(label: str, question: str, councils: int) -> bool:
    """A reading whose own words the question lacks: a fact without its question words, a
    comparison of fewer than two councils without a word setting one against others."""
    if label in _FACT_WORDS:
        return not _FACT_WORDS[label].search(question)
    if label == "compare":
        return councils < 2 and not _SET_AGAINST.search(question)
    return False


def with_own_words(model: Shape, question: str, councils: int, cued: str = "") -> Shape:
    """A fact or comparison reading of a question holding none of its words ("where did
    Kent land at its last ILACS?" read as its dates, "Kent leadership grade" as a
    comparison) gives way to the next likeliest reading that does not lack them; the one
    the cues read (`cued`), where it is among them. The reading kept is as sure as its
    share of the readings left: the ruled-out ones' probability is no longer doubt."""
    label = model.label
    odds = dict(zip(model.alternatives, model.odds, strict=False))
    odds[label] = model.confidence
    ruled_out = {a for a in odds if _lacks_words(a, question, councils)}
    if label not in ruled_out:
        return replace(model, confidence=_share(model.confidence, odds, ruled_out))
    ranked = sorted(model.alternatives, key=lambda a: a != cued)
    for other in ranked:
        if other not in ruled_out and not _lacks_words(other, question, councils):
            rest = tuple(a for a in (label, *model.alternatives) if a != other)[:2]
            sure = _share(odds[other], odds, ruled_out) if model.odds else model.confidence
            return shape_from_label(other, question, sure, rest)
    return model


def _share(p: float, odds: dict[str, float], ruled_out: set[str]) -> float:
    """p among the readings not ruled out (p itself when none is, or no odds are known)."""
    left = 1.0 - sum(odds[a] for a in ruled_out)
    return round(min(1.0, p / left), 3) if ruled_out and left > 0 else p


def asks_when(question: str) -> bool:
    return bool(_WHEN.search(question))


def settle(model: Shape, rules: Shape, question: str, topic: str, councils: int) -> Shape:
    """The shape the question is answered in, from the classifier's reading (`model`) and
    the hand-written cues' (`rules`) of the same words; `topic` is the question without
    its councils and years, `councils` how many it names outright."""
    cued = rules.label if rules.kind != "topic" else ""  # topic: no cue read
    model = with_own_words(model, question, councils, cued)
    if rules.kind == model.kind:
        return model
    alternatives = (model.label, *(a for a in model.alternatives if a != rules.label))[:2]
    if rules.kind == "topic":
        if model.kind in WHOLE_REPORT and (subject_named(topic) or asks_when(question)):
            return replace(rules, confidence=1.0, alternatives=alternatives)
        return model
    unsure = model.confidence < LOW_CONFIDENCE and rules.label in model.alternatives
    lists = rules.kind in REPORT_LISTS and model.kind not in cued_shapes(question)
    if unsure and lists and councils == 1:
        return replace(rules, confidence=1.0, alternatives=alternatives)
    return model
