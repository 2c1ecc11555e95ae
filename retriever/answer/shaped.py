"""What every answer says of itself: the shape it took (its first line), what the question
carried over, the likeliest other readings, and the councils it draws on."""

from __future__ import annotations

from dataclasses import replace

from ..types import Answer
from ..understand.query import Query, councils
from ..understand.shape import LOW_CONFIDENCE, label_of
from .citations import format_month


def shape_asked(query: Query) -> str:
    """The shape a question asks for, as an answer names it."""
    return label_of(query.shape, query.fact, query.asks_count)


def with_shape(query: Query, answer: Answer, shape: str | None = None) -> Answer:
    """The answer says which shape it took, in its first line; when the question's reading
    was unsure, what was read and the next likeliest shapes, for the user to switch to."""
    intent = query.intent
    if intent is None:
        return replace(answer, shape=shape or "topic")
    shape = shape or shape_asked(query)
    alternatives = [a for a in intent.alternatives if a != shape][:2]
    unsure = intent.shape_confidence < LOW_CONFIDENCE
    text = answer.answer
    first = heading(shape, query, answer)
    if not answer.abstained and not text.startswith(first):
        text = f"{first}\n{text}"
    if unsure and alternatives:
        text += (
            f"\n\n(The question was read as asking for {SHAPE_NAMES.get(shape, shape)}; it may "
            f"also ask for {' or '.join(SHAPE_NAMES.get(a, a) for a in alternatives)}.)"
        )
    if intent.carried:  # what the question did not say itself: said before all else
        text = f"{' · '.join(intent.carried)}\n{text}"
    return replace(
        answer,
        answer=text,
        carried=list(intent.carried),
        shape=shape,
        shape_confidence=intent.shape_confidence,
        alternatives=alternatives if unsure else [],
    )


SHAPE_NAMES = {
    "grades": "the grades",
    "improve": "what must improve",
    "recommendations": "the report's recommendations",
    "briefing": "a briefing",
    "trend": "the grades over time",
    "progress": "progress since an inspection",
    "visit": "a visit letter's findings",
    "compare": "a comparison",
    "neighbours": "the statistical neighbours",
    "which": "a list of councils",
    "count": "a number of councils",
    "fact_inspector": "the lead inspector",
    "fact_dates": "the inspection dates",
    "fact_publication": "the publication date",
    "topic": "what the reports say",
}


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def heading(shape: str, query: Query, answer: Answer) -> str:
    """The answer's first line: the shape it answered, of which council and inspection."""
    if answer.table is not None and answer.table.title:
        return answer.table.title
    named = councils(query) or answer.draws_on or drawn_from(answer)
    who = " and ".join(_possessive(n) for n in named[:3]) if named else "the"
    rows = query.grade_rows
    when = format_month(rows[0]["inspection_date"]) if rows and len(named) <= 1 else ""
    inspection = (
        f"{who} {when} inspection" if when else f"{who} inspection" + "s" * (len(named) > 1)
    )
    match shape:
        case "grades":
            return f"Grades of {inspection}"
        case "improve":
            return f"What must improve, from {inspection}"
        case "recommendations":
            return f"Recommendations of {who} council report"
        case "briefing":
            return f"Briefing on {inspection}"
        case "trend":
            return f"Grades over time: {', '.join(named) or 'the councils named'}"
        case "progress":
            return f"Progress since inspection: {', '.join(named) or 'the council named'}"
        case "visit":
            return f"Ofsted's visit to {', '.join(named)}" if named else "Ofsted's visit"
        case "compare" | "neighbours":
            return answer.summary if named else "Comparison"
        case "which":
            return "Councils with these judgements"
        case "count":
            return "How many councils"
        case "fact_inspector":
            return f"Lead inspector of {inspection}"
        case "fact_dates":
            return f"Dates of {inspection}"
        case "fact_publication":
            return f"Publication of {who} inspection report"
    return "What the reports say" + (f" ({', '.join(named)})" if named else "")


def drawn_from(answer: Answer) -> list[str]:
    """The councils an answer's citations quote, in the order first cited."""
    council = {h.passage["passage_id"]: h.document["authority"] for h in answer.hits}
    return list(
        dict.fromkeys(council[c.passage_id] for c in answer.citations if c.passage_id in council)
    )


def with_councils_named(query: Query, answer: Answer) -> Answer:
    """A question naming no council is answered from whichever councils' reports hold the
    best passages: the answer says which, so nobody reads one council's finding as all's."""
    derived = query.derived or query.filters
    if answer.abstained or query.intent is None or query.intent.authorities:
        return answer
    if answer.table is not None:  # an answer over many councils names each in its rows
        return answer
    if derived.authority or query.intent.boost_authorities:
        return answer
    named = drawn_from(answer)
    if not named:
        return answer
    shown = ", ".join(named[:-1]) + f" and {named[-1]}" if len(named) > 1 else named[0]
    plural = "s" if len(named) > 1 else ""
    note = (
        f"The question names no council: this answer draws on the reports of {shown} "
        f"({len(named)} council{plural}). Name a council to ask about its reports alone."
    )
    return replace(answer, answer=f"{answer.answer}\n\n{note}", draws_on=named)
