"""A visit letter asked for by kind ("the latest monitoring visit to Barnet", "Ofsted's
focused visit to Leeds", "when Ofsted visited Kent in March 2025"): answered from that one
letter, its headline findings cited, or from its passages when the question names a topic.
When the index holds no such letter, the answer says so and names the latest inspection
instead; it never answers from another kind of report unasked."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from indexer.vocab import INSPECTION_KINDS, MONTH_ABBREVIATIONS, MONTHS, VISIT_KINDS

from ..types import Answer, Filters
from ..understand.query import Query, councils
from ..understand.question import topic_words
from ..understand.shape import fact_asked
from .citations import format_month
from .cited import Cited
from .lists import print_list
from .sources import Sources
from .visits import Report, headline, kind_name, kinds_named, pick, reports_of

HEADLINES = 4  # headline findings quoted
# Shapes a kind named in the question does not decide: they are answered across reports.
_NOT_LETTER = ("progress", "trend", "which", "movement", "region_table", "region_compare",
               "compare", "neighbours")  # fmt: skip
# Words that ask about more than one report: "since", "progress", "each visit".
_OVER_TIME = re.compile(
    r"\bsince\b|\bprogress\w*|\bjourney\b|\bimprov\w*|\bover time\b|\b(?:each|every|all)\b"
    r"|\btimeline\b|\bin order\b|\bvisits\b",
    re.I,
)
# Words of asking about a letter, not a topic within it.
_LETTER_WORDS = frozenset(
    [
        "visit",
        "visits",
        "visited",
        "visiting",
        "monitoring",
        "focused",
        "letter",
        "letters",
        "find",
        "found",
        "findings",
        "finding",
        "inspectors",
        "inspector",
        "inspection",
        "summary",
        "headline",
        "headlines",
        "key",
        "main",
        "conclude",
        "concluded",
        "children",
        "childrens",
        "services",
        "service",
        "local",
        "la",
        "conclusions",
    ]
)
_MONTH_WORDS = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS) | {"sept"}


def asks_letter(query: Query) -> bool:
    """A visit kind named in the question (a slot read by rule, like years), one council,
    and a shape that one report answers (progress only where the question asks over time)."""
    intent = query.intent
    return (
        intent is not None
        and any(k in VISIT_KINDS for k in intent.kinds)
        and (
            query.shape not in _NOT_LETTER
            or (query.shape == "progress" and not _OVER_TIME.search(query.text))
        )
        # "when was the monitoring visit?" asks a date; "what did Ofsted find when it
        # visited Kent in March 2025?", read as a date question by its wording, does not
        and not (query.shape == "fact" and fact_asked(query.text))
        and len(councils(query)) == 1
    )


def letter_composer(
    query: Query, sources: Sources, prose: Callable[[Query, Sources], Answer]
) -> Answer:
    """`prose`: the topic composer, for a topic asked of the letter."""
    intent = query.intent
    council = councils(query)[0]
    kinds = tuple(k for k in intent.kinds if k in INSPECTION_KINDS)
    years = () if intent.latest else tuple(intent.years)
    chosen = pick(reports_of(sources, council, kinds), intent.months, years)
    if chosen is None:
        return sources.abstain(query, none_held(sources, council, kinds, intent.months, years))
    title = f"{council}: {kind_name(chosen.kind)} of {chosen.when()}"
    if chosen.published and chosen.kind in VISIT_KINDS:
        title += f" (letter of {format_month(chosen.published)})"
    if own_topic(intent):
        scoped = replace(
            query, derived=Filters.of({"authority": [council], "doc": [chosen.doc_id]})
        )
        answer = prose(scoped, sources)
        if answer.abstained:
            reason = f"The {kind_name(chosen.kind)} letter ({title}) does not appear to cover this."
            return sources.abstain(query, reason, answer.hits[:3])
        return replace(answer, answer=f"{title}\n{answer.answer}", summary=answer.summary)
    return findings(query, sources, chosen, title)


def own_topic(intent) -> list[str]:
    """What the question asks about within the letter, beyond asking for the letter."""
    words = topic_words(intent.topic)
    return [w for w in words if w not in _LETTER_WORDS | _MONTH_WORDS]


def findings(query: Query, sources: Sources, report: Report, title: str) -> Answer:
    cited = Cited(sources.passage)
    quotes = [([pid], quote, "") for pid, quote in headline(sources, report)[:HEADLINES]]
    cited.add_points("Headline findings:", quotes)
    improve = [
        x
        for x in sources.lists(doc_id=report.doc_id, kinds=("improve",))
        if x["part_slug"] == report.part_slug
    ]
    if improve:
        cited.add(f"{improve[0]['heading']}:")
        print_list(cited, improve[0])
    answer = cited.answer(query, title + ".")
    if answer is None:
        reason = f"{title}: the letter is in the index, but no finding in it could be quoted."
        return sources.abstain(query, reason)
    return answer


def none_held(sources: Sources, council: str, kinds, months, years) -> str:
    """The index holds no such letter: said plainly, with what it does hold instead."""
    when = ""
    if months:
        when = " from " + " or ".join(format_month(f"{m}-01") for m in months)
    elif years:
        when = " from " + " or ".join(map(str, years))
    reason = f"The index holds no {kinds_named(kinds)} for {council}{when}."
    held = [r for r in reports_of(sources, council, VISIT_KINDS) if r.kind in VISIT_KINDS]
    if held:
        listed = "; ".join(f"{kind_name(r.kind)}, {r.when()}" for r in held[-4:])
        reason += f" Its visit letters in the index: {listed}."
    latest = latest_inspection(sources, council)
    if latest:
        reason += (
            f" Its latest inspection in the index is of {latest}: ask "
            f'"Summarise {council}\'s latest inspection" for it.'
        )
    return reason


def latest_inspection(sources: Sources, council: str) -> str:
    """ "Nov 2023 (overall effectiveness: Requires improvement to be good)", or ""."""
    rows = [r for r in sources.judgements() if r["authority"] == council and r["inspection_date"]]
    if not rows:
        return ""
    newest = max(r["inspection_date"] for r in rows)
    overall = next(
        (r for r in rows if r["inspection_date"] == newest and "overall" in r["area"].lower()), None
    )
    grade = f" (overall effectiveness: {overall['grade']})" if overall else ""
    return f"{format_month(newest)}{grade}"
