"""A briefing asked for in the chat ("brief me on Barnet", "briefing for Leeds"): the
retriever answers it in the briefing shape (grades, headlines, what needs to improve, each
cited); the app turns that answer into the council's cabinet briefing, the same paper the
Briefing view exports, with its grades per inspection and its neighbour table. Pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from retriever import Answer

from .cabinet import Briefing, build_briefing

SHAPE = "briefing"


def is_briefing(answer: Answer | None) -> bool:
    return answer is not None and not answer.abstained and answer.shape == SHAPE


def briefing_council(answer: Answer) -> str | None:
    """The one council the briefing answer is about, or None."""
    named = answer.filters.get("authority") or []
    named = [named] if isinstance(named, str) else list(named)
    return named[0] if len(named) == 1 else None


def without_assumed(answer: Answer) -> Answer:
    """The answer without its first line saying what it assumed ("Kent (your council)"):
    the paper names its council in its own title."""
    first = " · ".join(answer.carried or [])
    if not first or not answer.answer.startswith(first):
        return answer
    return replace(answer, answer=answer.answer[len(first) :].lstrip("\n"))


def chat_briefing(
    question: str, answer: Answer | None, judgements: list[dict], today: date | None = None
) -> Briefing | None:
    """The cabinet briefing a briefing-shaped answer stands for; None for any other answer
    (another shape, an abstention, no single council)."""
    if not is_briefing(answer):
        return None
    council = briefing_council(answer)
    if council is None:
        return None
    return build_briefing([(question, without_assumed(answer))], judgements, council, today=today)
