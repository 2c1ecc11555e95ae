"""The question's shape: what kind of answer it asks for (DESIGN "Answers take the question's shape").

Pure functions over the question text and what `question.py` already read from it (how many
councils it names, whether it asks for a grade or a comparison). The shape decides which
composer answers: the report's own list for "what does Halton need to improve?", the
judgement rows for "how was Leeds rated?", a briefing for "key findings", and so on.

Cues are about how people ask, never about any one report, so they hold on reports the
index has not seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from indexer.vocab import INADEQUATE, STOPWORDS, typed_grade

ShapeKind = Literal[
    "grades",
    "improve",
    "recommendations",
    "briefing",
    "trend",
    "progress",
    "compare",
    "neighbours",
    "which",
    "movement",
    "region_table",
    "region_compare",
    "fact",
    "topic",
]
SHAPES: tuple[ShapeKind, ...] = get_args(ShapeKind)
# Below this, an answer says how it read the question and offers the next likeliest shapes.
LOW_CONFIDENCE = 0.6
FactKind = Literal["lead_inspector", "inspection_dates", "publication_date"]


@dataclass(frozen=True)
class Shape:
    kind: ShapeKind = "topic"
    fact: FactKind | None = None  # for kind "fact": what is asked for
    count: bool = False  # "how many ...": the answer carries a number
    confidence: float = 1.0  # how sure the reading is (the classifier's probability)
    alternatives: tuple[str, ...] = ()  # the next likeliest shapes, as labels
    odds: tuple[float, ...] = ()  # the alternatives' probabilities, where read

    @property
    def label(self) -> str:
        """The shape as the classifier names it: "fact_inspector", "count", "grades"..."""
        return label_of(self.kind, self.fact, self.count)


_FACT_LABELS: dict[str, FactKind] = {
    "fact_inspector": "lead_inspector",
    "fact_dates": "inspection_dates",
    "fact_publication": "publication_date",
}


def label_of(kind: str, fact: str | None = None, count: bool = False) -> str:
    if kind == "fact" and fact:
        return next(label for label, f in _FACT_LABELS.items() if f == fact)
    if kind == "which" and count:
        return "count"
    return kind


def shape_from_label(
    label: str,
    question: str,
    confidence: float = 1.0,
    alternatives: tuple[str, ...] = (),
    odds: tuple[float, ...] = (),
) -> Shape:
    """The Shape for a classifier's label. Whether a number is asked is a slot read by rule
    ("how many"), so "which" and "count" are one shape that differ by it."""
    count = asks_count(question)
    if label in _FACT_LABELS:
        return Shape("fact", _FACT_LABELS[label], count, confidence, alternatives, odds)
    kind = "which" if label == "count" else label
    return Shape(kind, None, count, confidence, alternatives, odds)  # type: ignore[arg-type]


# "Number of" (or "no. of") asks for a number when the question is after it ("what is the
# number of ...", "number of children in care in Kent?"), not inside a question about
# something else ("is early help keeping down the number of children on plans?").
# A question opening "count"/"total" over councils ("count councils in the South East rated
# good", "total councils rated inadequate") asks for a number as "how many" does.
_COUNT = re.compile(
    r"\bhow many\b|\bcounts? (?:of|the)\b|\bhow much\b"
    r"|^\s*(?:count|total)(?=\s+(?:the\s+)?(?:number\s+of\s+)?"
    r"(?:councils|local authorities|authorities|las)\b)"
    r"|(?:^\s*|(?:\bwhat(?:'s|’s|s| is| was| are| were)?|\b(?:tell|give|show) me)\s+)"
    r"(?:the\s+)?(?:total\s+)?(?:number|no\.) of\b",
    re.I,
)

# "Which councils were rated inadequate ...", "list the councils that ...", "how many LAs ..."
_COUNCILS = r"(?:councils?|local authorities|authorities|las|areas in england|counties|boroughs)"
# Other things a count or list may be asked over ("how many schools were rated outstanding?"):
# still a "which" question, which the judgement data may not be able to answer.
_RATED_THINGS = r"(?:schools?|academies|nurseries|colleges|providers|settings|children's homes)"
_WHICH = re.compile(
    rf"\b(?:which|what|list(?: the| all)?|name the|how many|number of)\s+(?:other\s+)?{_COUNCILS}\b"
    rf"|\b{_COUNCILS}\s+(?:that|which|who)\s+(?:were|was|are|have|got|received)\b"
    rf"|\b(?:any|all)\s+(?:other\s+)?{_COUNCILS}\s+(?:rated|judged|graded|with)\b"
    rf"|\b(?:which|how many|number of|list(?: the| all)?)\s+{_RATED_THINGS}\b",
    re.I,
)

_FACTS: tuple[tuple[FactKind, re.Pattern], ...] = (
    (
        "lead_inspector",
        re.compile(
            r"\blead(?:ing)? inspector\b|\bwho (?:led|lead|carried out|conducted|did)\b"
            r"|\bwhich inspectors?\b|\bname of the inspector|\binspectors? (?:was|were) who\b",
            re.I,
        ),
    ),
    (
        "publication_date",
        re.compile(
            # "out" as in "when was the report out", not "when was it carried out"
            r"\bwhen (?:was|were|did|is|will)\b.*\b(?:publish|published|release|released|come out"
            r"|(?<!carried )(?<!carry )out)\b"
            r"|\bpublication date\b|\bdate (?:of )?publication\b|\bdate\b.*\bpublished\b",
            re.I,
        ),
    ),
    (
        "inspection_dates",
        re.compile(
            r"\bwhen (?:was|were|did|is|will)\b.*\b(?:inspect\w*|visit\w*)\b"
            r"|\binspection dates?\b|\bdates? of (?:the |its |their )?(?:last |latest |most recent )?"
            r"(?:ilacs |sif |ofsted )?(?:inspection|visit)\b|\bhow long did (?:the )?inspection\b"
            r"|\bwhat dates?\b.*\binspect",
            re.I,
        ),
    ),
)

# Ofsted's own list: "What needs to improve?", SIF "Areas for improvement"/"Recommendations".
_OFSTED = r"(?:ofsted|inspectors?|inspection|ilacs|sif|the inspectorate)"
_IMPROVE = re.compile(
    r"\bneed(?:s|ed)? to (?:improve|get better|work on|address|fix)\b"
    r"|\bneeds? improving\b|\bareas? (?:for|of|to|needing|requiring) (?:improvement|development|improve)\b"
    r"|\bimprovement (?:points|areas|priorities|actions|needs)\b|\bwhat should\b.*\bimprove\b"
    r"|\bwhat (?:must|has) .* (?:to )?improve\b|\bweak(?:nesses| points| areas)\b"
    r"|\bwhat (?:is|was|were|are) (?:not )?(?:going )?(?:wrong|not good enough|poor)\b"
    rf"|\b{_OFSTED}(?:'s|s')?\s+(?:own\s+)?recommendations?\b"
    rf"|\brecommendations?\b.*\b(?:from|by|of|did) {_OFSTED}\b"
    rf"|\b{_OFSTED}\b.*\brecommend\w*\b",
    re.I,
)
# A council report's own recommendation: what members are asked to decide.
_RECOMMEND = re.compile(
    r"\b(?:cabinet|members?|councillors?|committee|council|the meeting)\b.*\b(?:asked|invited|"
    r"requested|recommended|required|being asked) to\b"
    r"|\basked to (?:decide|agree|approve|note|endorse|consider)\b"
    r"|\b(?:what|which) decisions?\b|\bdecide\b|\bwhat is (?:being )?(?:proposed|recommended)\b"
    r"|\brecommend(?:s|ed|ation|ations)?\b",
    re.I,
)
_TREND = re.compile(
    r"\b(?:has|have|did)\b.*\b(?:changed?|improved|declined|deteriorated|progressed|moved on)\b"
    r"|\bchanged? (?:since|over|between|from)\b|\bprogress since\b|\bprogress (?:made )?"
    r"(?:since|from|over)\b|\bsince (?:the )?(?:last|previous|earlier|first) (?:inspection|report|visit)\b"
    r"|\bover time\b|\btrend\w*\b|\btrajectory\b|\bbetter or worse\b|\bgot (?:better|worse)\b"
    r"|\b(?:improv\w+|declin\w+|deteriorat\w+) (?:since|over|between)\b"
    r"|\bhistory of\b.*\b(?:grades?|judgements?|inspections?|ratings?)\b"
    r"|\b(?:previous|past|earlier|all) (?:inspections|grades|judgements|ratings)\b"
    r"|\bcompared? (?:with|to) (?:the |its |their )?(?:last|previous|earlier|prior) (?:inspection|report|time)\b"
    r"|\bbetween (?:19|20)\d\d and (?:19|20)\d\d\b",
    re.I,
)
# Progress since an inspection, told through the visits after it (monitoring visits follow
# an inadequate judgement).
_INADEQUATE = typed_grade(INADEQUATE)
_PROGRESS = re.compile(
    rf"\bprogress\w*\b.*\bsince\b.*\b(?:judged|rated|found|{_INADEQUATE}|inspection|ofsted)\b"
    rf"|\bsince\b.*\b(?:judged|rated|found) {_INADEQUATE}\b"
    r"|\b(?:monitoring|focused) visits?\b.*\bsince\b",
    re.I,
)
_BRIEFING = re.compile(
    r"\bsummar(?:y|ise|ize|ising|izing)\b|\bbrief(?:ing)?\b|\bkey (?:findings|messages|points|issues)\b"
    r"|\bheadlines?\b|\bmain (?:findings|points|messages|conclusions)\b|\boverview\b|\bin a nutshell\b"
    r"|\btop ?line\b|\bhighlights\b|\btl;?dr\b|\bstrengths and weaknesses\b"
    rf"|^\s*what did (?:the |this |that |its |their )?(?:{_OFSTED}|report|ofsted report)"
    r"\s+(?:find|say|conclude|report)\s*\??\s*$"
    r"|\bhow did\b.*\b(?:do|fare|get on)\b.*\b(?:inspection|ofsted)\b",
    re.I,
)
_HOW_RATED = re.compile(
    r"^\s*how (?:was|were|is|are|did)\b.{0,60}\b(?:rated|judged|graded|do|score|fare)\b"
    r"(?:\s+(?:by ofsted|at (?:the |its |their )?(?:last|latest|most recent) "
    r"(?:ofsted |ilacs |full )?inspection|overall"
    r"|in (?:[a-z]+ )?(?:19|20)\d\d|(?:in|at) (?:the |its |their )?(?:19|20)\d\d inspection))*"
    r"\s*[?.!]*\s*$",
    re.I,
)


_RATED_THING = re.compile(
    rf"\b(?:which|how many|number of|list(?: the| all)?)\s+(?:[\w'’-]+\s+){{0,3}}?({_RATED_THINGS})\b",
    re.I,
)


def rated_thing(question: str) -> str:
    """What else than a council a "which"/"how many" question asks about ("schools"): the
    judgement data holds councils' children's services only."""
    m = _RATED_THING.search(question)
    return m.group(1).lower() if m else ""


_FIGURE = re.compile(
    r"\bhow much\b|\bwhat (?:is|was|are|were) (?:the |its |their )?[\w'’ /-]{0,40}?"
    r"\b(?:rate|cost|amount|figure|total|level|percentage|proportion)\b",
    re.I,
)


def asks_figure(question: str) -> bool:
    """A number is the answer ("how many", "how much", "what is the ... rate?")."""
    return asks_count(question) or bool(_FIGURE.search(question))


def asks_how_rated(question: str) -> bool:
    """The whole question asks how something was rated ("How was Leeds rated at its most
    recent Ofsted inspection?"), nothing else."""
    return bool(_HOW_RATED.search(question))


def asks_count(question: str) -> bool:
    return bool(_COUNT.search(question))


# Auxiliary verbs end what a count asks about: "how many social workers | does ...".
_AUXILIARIES = frozenset(
    [
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "might",
        "must",
    ]
)


def figure_subject(question: str) -> tuple[tuple[str, ...], bool]:
    """What a figure question counts or measures, and whether its number may follow it.

    "How many social workers does ... employ?": ("social", "workers"), the number before
    them ("120 social workers"); "how much does ... spend": ("spend",), the amount either
    side; "what is the ... rate?": ("rate",), either side. ((), True) when none is read."""
    m = _COUNT.search(question)
    if m:
        after_cue = question[m.end() :]
        words: list[str] = []
        for word in re.findall(r"[a-z][a-z'’-]*", after_cue.lower()):
            if word in _AUXILIARIES:
                if words:
                    break
                continue  # "how much does ... spend"
            if word in STOPWORDS:
                if words and m.group(0).lower() == "how much":
                    break
                continue
            words.append(word)
        return tuple(words), m.group(0).lower() == "how much"
    m = _FIGURE.search(question)
    if m:
        return (re.findall(r"[a-z]+", m.group(0).lower())[-1],), True
    return (), True


def fact_asked(question: str) -> FactKind | None:
    for kind, pattern in _FACTS:
        if pattern.search(question):
            return kind
    return None


def read_shape(
    question: str,
    *,
    councils: int = 0,
    asks_grade: bool = False,
    compare: bool = False,
) -> Shape:
    """The shape of one question. `councils` is how many it names outright; `asks_grade`
    and `compare` are what `question.py` read from it."""
    count = asks_count(question)
    if _WHICH.search(question):
        return Shape("which", count=count)
    fact = fact_asked(question)
    if fact is not None:
        return Shape("fact", fact=fact, count=count)
    if _IMPROVE.search(question):
        return Shape("improve", count=count)
    if _RECOMMEND.search(question):
        return Shape("recommendations", count=count)
    if _PROGRESS.search(question):
        return Shape("progress", count=count)
    if _TREND.search(question):
        return Shape("trend", count=count)
    if _BRIEFING.search(question):
        return Shape("briefing", count=count)
    if compare or councils > 1:
        return Shape("compare", count=count)
    if asks_grade or (councils and _HOW_RATED.search(question)):
        return Shape("grades", count=count)
    return Shape("topic", count=count)


def keeps_shape(own: Shape, previous: Shape) -> Shape:
    """A follow-up that only changes the council ("and Knowsley?") asks what the last
    question asked; one with a shape of its own keeps its own."""
    if own.kind == "topic" and not own.count:
        return previous
    return own
