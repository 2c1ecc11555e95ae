"""When the composer of a question's shape cannot answer it, the answer keeps that shape
and says what it needs ("Name a council"), never quoted passages passed off as another
shape's answer: a list of findings read as "what must improve" looks like an answer."""

from __future__ import annotations

from ..types import Answer
from ..understand.query import Query, councils
from .sources import Sources

# The shapes whose answer is read from one council's report: passages about something
# else are no answer to them. The second set is answered from every council's reports too
# ("what was the overall judgement?"), but not by passages when their composer declines.
KEEP = ("improve", "recommendations", "fact", "neighbours")
KEEP_WITHOUT_COUNCIL = ("grades", "briefing", "trend", "progress", "compare")

_NEEDS = {
    "improve": ("what needs to improve", "What does Leeds need to improve?"),
    "recommendations": ("a council report's recommendations", "What did the Kent cabinet "
                        "report recommend?"),
    "lead_inspector": ("the lead inspector", "Who led Leeds's inspection?"),
    "inspection_dates": ("the inspection dates", "When was Leeds inspected?"),
    "publication_date": ("the publication date", "When was the Leeds report published?"),
    "neighbours": ("the statistical neighbours", "Who are Leeds's statistical neighbours?"),
    "grades": ("the grades", "How was Leeds rated?"),
    "briefing": ("a briefing", "Summarise Leeds's inspection"),
    "trend": ("the grades over time", "How have Kent's grades changed?"),
    "compare": ("a comparison", "Compare Leeds with its statistical neighbours"),
    "progress": ("progress since an inspection", "How has Barnet progressed since it was "
                 "judged inadequate?"),
}  # fmt: skip

_MISSING = {
    "improve": "no list of what needs to improve",
    "recommendations": "no cabinet or committee report with recommendations",
    "lead_inspector": "no report printing its lead inspector",
    "inspection_dates": "no report printing its inspection dates",
    "publication_date": "no report printing its publication date",
    "neighbours": "no statistical neighbours",
}


def keeps_shape(query: Query) -> bool:
    """Does a question whose own composer declined keep its shape (and say what it needs)?"""
    if query.intent is None or query.unjudged:
        return False  # a grade of something no judgement grades: the passages answer, or not
    return query.shape in KEEP or (query.shape in KEEP_WITHOUT_COUNCIL and not councils(query))


def needs_council(query: Query) -> bool:
    """A comparison naming no council ("how do we measure up against similar authorities")
    has nobody to compare: said before any grades of every council are listed."""
    return query.intent is not None and query.shape == "compare" and not councils(query)


def declined_reason(query: Query) -> str:
    """What the question needs that it or the index lacks, in one sentence."""
    key = query.fact if query.shape == "fact" and query.fact else query.shape
    what, example = _NEEDS.get(key, ("this", "What does Leeds need to improve?"))
    named = councils(query)
    if not named:
        return (
            f"Name a council: the question asks for {what}, read from one council's "
            f"reports (for example '{example}')."
        )
    if len(named) > 1 and query.shape == "fact":
        return f"Ask about one council at a time: {what} is read from each council's reports."
    years = list(query.derived.year) if query.derived else []
    when = f" from {', '.join(map(str, years))}" if years else ""
    return f"The index holds {_MISSING.get(key, 'no answer')} for {' or '.join(named)}{when}."


def declined_answer(query: Query, sources: Sources) -> Answer:
    """The abstention, with the closest passages when a council was named."""
    hits = sources.search(query) if councils(query) else []
    return sources.abstain(query, declined_reason(query), hits[:3])
