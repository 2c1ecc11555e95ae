"""My council: the council a person works for, chosen once and kept in the page URL
(`?council=barnet`). Pure functions, so the rules are tested without Streamlit.

A question that names no council is asked about "my council"; "we", "our" and "us" mean it.
Questions across councils ("which councils...", a region, movements) are left as asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer import councils as council_table

# "we", "our", "us", "ours": the person speaks for their council.
_WE = re.compile(r"\b(?:we|our|ours|us)\b", re.I)
# Shapes that are about many councils by nature: never narrowed to one.
ACROSS_COUNCILS = frozenset({"which", "movement", "region_table", "region_compare"})
# Shapes that only make sense for one council: with none chosen, the app asks which.
ONE_COUNCIL = frozenset(
    {"grades", "improve", "recommendations", "briefing", "trend", "progress", "fact"}
)


def slug(name: str) -> str:
    """'Bournemouth, Christchurch and Poole' -> 'bournemouth-christchurch-and-poole'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ")).strip("-")


def from_slug(value: str | None, held: list[str]) -> str | None:
    """The council a URL's `council=` names, among those the index holds; None if none."""
    if not value:
        return None
    wanted = slug(str(value))
    for name in held:
        if slug(name) == wanted:
            return name
    found = council_table.lookup(wanted.replace("-", " "))
    return found.name if found and found.name in held else None


def speaks_for_council(question: str) -> bool:
    """The question says "we", "our" or "us"."""
    return bool(_WE.search(question))


@dataclass(frozen=True)
class Asked:
    """How a question goes to the retriever: its text, and the note shown above the answer."""

    question: str  # what the retriever is asked, as typed
    council: str | None = None  # the council it is narrowed to, if any: the retriever's `council`
    needs_council: bool = False  # no council chosen, and the question needs one


def resolve(question: str, intent, my_council: str | None) -> Asked:
    """The question as the retriever should see it. `intent`: what the retriever understood
    of the question and its history (QuestionIntent). A question naming a council, or one
    across councils, is left alone; otherwise it is asked about my council, or (with none
    chosen) the app must ask which council is meant."""
    if intent.authorities and not speaks_for_council(question):
        return Asked(question)
    if intent.unknown_authorities or intent.not_councils:
        return Asked(question)  # a council the index lacks: the retriever says so
    we = speaks_for_council(question)
    if not we and (intent.shape in ACROSS_COUNCILS or intent.asks_count):
        return Asked(question)
    if my_council is None:
        needs = we or (intent.shape in ONE_COUNCIL and not intent.authorities)
        return Asked(question, needs_council=needs)
    if my_council in intent.authorities:
        return Asked(question, my_council)
    return Asked(question, my_council)


def likely_councils(earlier: list[str], draws_on: list[str], held: list[str], n: int = 8):
    """Councils to offer as buttons: those the conversation already named, then those the
    answer drew on, each once, only councils the index holds."""
    out: list[str] = []
    for name in [*earlier, *draws_on]:
        if name in held and name not in out:
            out.append(name)
    return out[:n]
