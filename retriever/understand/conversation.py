"""A conversation keeps its subject: what one turn understood carries to the next.

Each turn's slots (councils, years or an earlier inspection, judged areas, report kinds,
shape) are kept. A follow-up that names none of them inherits them; one that names another
council, year or area replaces that slot; "and the one before that?" is the inspection
before the one the earlier turn asked about. Nothing else of an earlier question reaches the next one: its
words are searched again only when the follow-up brings no words of its own ("and in
Leeds?", in whatever shape it keeps), less the area a follow-up names instead, and its
abstention is never repeated. A default council ("my council") answers
for "we", "our" and "us" and for questions that name no council, except questions across
councils. Pure functions over QuestionIntents, so the rules are tested without an index.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from indexer.vocab import AREAS

from .earlier import after, read_earlier
from .glossary import expand
from .shape import Shape, keeps_shape, label_of

if TYPE_CHECKING:
    from .question import QuestionIntent

# Shapes about many councils by nature: never narrowed to one council.
ACROSS_COUNCILS = frozenset({"which", "movement", "region_table", "region_compare"})
# "we", "our", "us", "ours": the person speaks for their council.
_WE = re.compile(r"\b(?:we|our|ours|us|ourselves)\b", re.I)
# "and for care leavers?", "what about 2019?": a turn that continues the one before.
_CONTINUES = re.compile(
    r"^\s*(?:and|also|plus|but|or|what about|how about|same for|same again|now)\b", re.I
)
# "how does that compare?", "who led it?": a word that points back at the turn before.
_POINTS_BACK = re.compile(r"\b(?:that|this|it|they|them|those|there|same)\b", re.I)
EARLIER = "from your earlier question"
YOURS = "your council"


def speaks_for_council(question: str) -> bool:
    """The question says "we", "our" or "us"."""
    return bool(_WE.search(question))


def own_words(intent: QuestionIntent) -> list[str]:
    """The follow-up's topic words, less those naming a judged area (an area is a slot)."""
    from .question import topic_words

    text = intent.topic.lower()
    for pattern in AREAS.values():
        text = re.sub(pattern, " ", text)
    return topic_words(text)


def is_bare(intent: QuestionIntent) -> bool:
    """A follow-up with nothing of its own to ask ("and for care leavers?", "what about
    2019?", "Leeds?"): it asks what the turn before asked, of the slots it names."""
    if own_words(intent):
        return False
    question = intent.question
    return bool(_CONTINUES.search(question) or _POINTS_BACK.search(question)) or (
        len(question.split()) <= 3
    )


def follow_on(
    intent: QuestionIntent, previous: QuestionIntent, my_council: str | None = None
) -> QuestionIntent:
    """`intent` with the slots it does not name taken from `previous` (the earlier turn,
    itself resolved), and `carried` saying which."""
    bare = is_bare(intent)
    shape = _shape(intent)
    if bare:  # "and the previous one?" asks the same of another inspection
        shape = _shape(previous) if intent.earlier else keeps_shape(shape, _shape(previous))
    carried: list[str] = []
    changes: dict = {}
    we_mine = bool(my_council) and speaks_for_council(intent.question)
    named = intent.authorities or intent.unknown_authorities or intent.not_councils
    # read as over councils, but in words that range over none ("what must they get better
    # at?" read as a change of grade): the follow-up is about the earlier turn's council
    across = shape.kind in ACROSS_COUNCILS and (bare or _over_councils(shape, intent.question))
    if not named and not we_mine and not across:
        if previous.authorities or previous.unknown_authorities:
            changes["authorities"] = previous.authorities
            changes["unknown_authorities"] = previous.unknown_authorities
            changes["boost_authorities"] = intent.boost_authorities or previous.boost_authorities
            carried.append(_named(previous.authorities + previous.unknown_authorities))
    elif intent.authorities and intent.compare and previous.authorities:
        merged = tuple(dict.fromkeys([*previous.authorities, *intent.authorities]))
        changes["authorities"] = merged  # "how does that compare with Leeds?"
    # a year of an event asked about is the follow-up's own time: no report year carries
    own_time = intent.years or intent.latest or intent.event_years or intent.earlier
    if intent.earlier and intent.earlier.after_turn:  # "and the one before that?"
        changes["earlier"] = after(previous.earlier, () if previous.latest else previous.years)
    elif not own_time and previous.earlier:
        changes["earlier"] = previous.earlier
    elif not own_time and (previous.years or previous.latest):
        changes.update(years=previous.years, year_range=previous.year_range, latest=previous.latest)
        if previous.years:
            carried.append(f"{_years(previous)} ({EARLIER})")
    if not intent.areas and previous.areas:
        changes["areas"] = previous.areas
    if not intent.kinds and previous.kinds:
        changes["kinds"] = previous.kinds
    if bare:
        changes["asks_grade"] = intent.asks_grade or previous.asks_grade
    if bare:  # the subject searched is the earlier one, its area replaced by one named
        subject = earlier_subject(previous, intent)
        changes["topic"] = f"{subject} {intent.topic}".strip()
        asked = read_earlier(intent.question)[1]  # "the previous one" is a slot, not words
        changes["query"] = expand(f"{subject} {asked}".strip())
        if shape.kind in ("compare", "neighbours") and previous.neighbours:
            changes.update(neighbours=True, compare=True)
    authorities = changes.get("authorities", intent.authorities)
    if "compare" not in changes:
        changes["compare"] = intent.compare and len(authorities) > 1
    kept_neighbours = changes.get("neighbours") or intent.neighbours
    if shape.kind == "compare" and not changes["compare"] and not kept_neighbours:
        shape = Shape("topic", count=shape.count)
    if not any(k != "compare" for k in changes) and not _CONTINUES.search(intent.question):
        return intent  # nothing to inherit: the question stands as asked
    from .question import _with_shape

    out = replace(intent, followup=True, carried=(*intent.carried, *carried), **changes)
    return _with_shape(out, shape)


def earlier_subject(previous: QuestionIntent, intent: QuestionIntent) -> str:
    """What the earlier turn asked about, for a follow-up with no words of its own. A
    follow-up naming a judged area asks about that area: the earlier area's words give way
    ("care leavers' housing" -> "and for children in care?" is their housing), and an
    earlier subject that was no area ("the front door") is not carried onto it."""
    if not intent.areas or set(intent.areas) == set(previous.areas):
        return previous.topic
    if not previous.areas:
        return ""
    text = previous.topic
    for area in previous.areas:
        text = re.sub(AREAS[area], " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def with_my_council(intent: QuestionIntent, my_council: str | None) -> QuestionIntent:
    """A question that names no council (or says "we") is about my council, unless it is a
    question across councils; "how do we compare with Leeds?" is my council and Leeds."""
    if not my_council:
        return intent
    we = speaks_for_council(intent.question)
    note = f"{my_council} ({YOURS})"
    if intent.authorities:
        if we and intent.compare and my_council not in intent.authorities:
            return replace(
                intent,
                authorities=(my_council, *intent.authorities),
                compare=True,
                carried=(note, *intent.carried),
            )
        return intent
    across = intent.shape in ACROSS_COUNCILS and _over_councils(_shape(intent), intent.question)
    if intent.unknown_authorities or intent.not_councils or across:
        return intent
    return replace(intent, authorities=(my_council,), carried=(note, *intent.carried))


def _over_councils(shape: Shape, question: str) -> bool:
    from .across import fits  # across reads judgement rows, which read questions

    return fits(label_of(shape.kind, shape.fact, shape.count), question)


def _named(names: tuple[str, ...]) -> str:
    return f"{' and '.join(names)} ({EARLIER})"


def _years(intent: QuestionIntent) -> str:
    from .question import years_asked

    return years_asked(intent)


def _shape(intent: QuestionIntent) -> Shape:
    return Shape(
        intent.shape, intent.fact, intent.asks_count, intent.shape_confidence, intent.alternatives
    )
