"""Composers: one per answer shape, each handed the query and what it may draw on.

`COMPOSERS` is tried in order; the first composer that wants the query and returns an
answer wins. A new answer shape is one function and one line in COMPOSERS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..config import Config
from ..search.terms import query_terms
from ..types import Answer, Citation, Hit
from ..understand.query import Query
from ..understand.shape import LOW_CONFIDENCE, asks_figure, figure_subject, label_of
from .briefing import briefing_composer
from .citations import format_month, part_date, verify_quote
from .cited import Cited
from .declined import declined_answer, keeps_shape, needs_council
from .evidence import Evidence
from .facts import fact_composer
from .grades import matching_rows, row_line, years_unheld
from .letter import asks_letter, letter_composer
from .lists import councils, list_composer
from .neighbours import neighbours_composer
from .progress import progress_composer
from .regional import (
    movement_composer,
    region_compare_composer,
    region_table_composer,
    which_councils_composer,
)
from .sentences import overlap_score, split_sentences, states_figure, stem
from .trend import trend_composer
from .which import which_composer

NOT_COVERED = "The reports do not appear to cover this question."
_NUMBER = re.compile(
    r"\b\d[\d,.]*%?|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty|hundred|thousand)\b",
    re.I,
)


@dataclass(frozen=True)
class Sources:
    """What composers may draw on, handed in by the pipeline (never the Retriever)."""

    passage: Callable[[str], Hit | None]  # a passage by id
    search: Callable[[Query], list[Hit]]  # the query's ranked hits
    weigh: Callable[[Query, list[Hit]], Evidence]  # how well hits cover the query
    config: Config
    lists: Callable[..., list[dict]] = lambda **_: []  # Reader.lists: report lists, newest first
    judgements: Callable[[], list[dict]] = list  # every judgement row
    doc_years: Callable[[str], set[int]] = lambda _: set()  # years a document is dated in
    council_documents: Callable[[str], list[str]] = lambda _: []  # a council's, newest first
    councils: Callable[[], list[str]] = list  # every council the index holds reports of
    # how close each hit is to a text: (IDF-weighted share of its terms, cosine), per hit
    closeness: Callable[[str, list[Hit]], list[tuple[float, float]]] = lambda _, hits: [
        (0.0, 0.0) for _ in hits
    ]
    parts_of: Callable[[str], list[dict]] = lambda _: []  # a document's parts
    passages_of: Callable[[str], list[Hit]] = lambda _: []  # a document's passages, in order

    def abstain(self, query: Query, reason: str, hits: list[Hit] | None = None) -> Answer:
        return abstain(query, reason, hits or [], query.derived or query.filters)

    def within(self, docs: set[str]) -> Sources:
        """The same sources seen through a filter (an "as of" date): only these documents'
        lists, judgement rows and council documents, so a composer's "newest" is theirs."""
        lists, judgements, council_documents = (
            self.lists,
            self.judgements,
            self.council_documents,
        )
        return replace(
            self,
            lists=lambda **kw: [x for x in lists(**kw) if x["doc_id"] in docs],
            judgements=lambda: [r for r in judgements() if r["doc_id"] in docs],
            council_documents=lambda c: [d for d in council_documents(c) if d in docs],
        )


def abstain(query: Query, reason: str, hits: list[Hit], filters: dict) -> Answer:
    closest = "\n".join(f"- {h.citation}" for h in hits[:3])
    text = reason + (f"\nThe closest passages are:\n{closest}" if closest else "")
    return Answer(query.text, text, True, [], hits, filters, reason)


# -- grades: stated from the judgement rows ------------------------------------------------
def grade_composer(query: Query, sources: Sources) -> Answer | None:
    """Grades stated from the judgement rows, each quoted from its printed table line."""
    text, citations, summary, hits = grade_answer(sources.passage, query.grade_rows)
    if not citations:
        return None
    return Answer(
        query.text, f"{summary}\n\n{text}", False, citations, hits, query.derived, summary
    )


def grade_answer(
    passage: Callable[[str], Hit | None], rows: list[dict]
) -> tuple[str, list[Citation], str, list[Hit]]:
    citations: list[Citation] = []
    hits: dict[str, Hit] = {}
    lines: list[str] = []
    heading = None
    for row in rows:
        hit = hits.get(row["passage_id"]) or passage(row["passage_id"])
        if hit is None:
            continue
        quote = row_line(row, hit.passage["text"])
        if not quote or not verify_quote(quote, hit.passage["text"]):
            continue
        hits[row["passage_id"]] = hit
        when = format_month(row["inspection_date"]) or "undated"
        this_heading = f"{row['authority']}: inspection {when}"
        if this_heading != heading:
            if lines:
                lines.append("")
            lines.append(this_heading)
            heading = this_heading
        number = len(citations) + 1
        citations.append(Citation(number, row["passage_id"], hit.citation, quote))
        lines.append(f"- {row['area']}: {row['grade']} [{number}]")
    if not citations:
        return "", [], "", []
    first = rows[0]
    summary = (
        f"{first['authority']} ({format_month(first['inspection_date'])}): "
        f"{first['area']}: {first['grade']} [1]"
    )
    if len(citations) > 1:
        summary += f" (and {len(citations) - 1} more below)"
    return "\n".join(lines), citations, summary, list(hits.values())


# -- prose: key sentences grouped by report ------------------------------------------------
def prose_composer(query: Query, sources: Sources) -> Answer:
    """Key sentences of the best passages, grouped by report; abstains on weak evidence."""
    hits = sources.search(query)
    evidence = sources.weigh(query, hits)
    config = sources.config
    if not hits or evidence.is_weak(config.min_similarity, config.min_coverage):
        reason = NOT_COVERED
        if evidence.out_of_scope:
            reason += f" They do not mention {evidence.out_of_scope}."
        return abstain(query, reason, hits, query.derived)
    lead = None
    if query.shape in ("topic", "grades") and asks_figure(query.text):
        # "how many ...?", "what is the ... rate?": answered only by a figure printed about
        # it, the sentence printing it quoted first
        lead = figure_sentence(query, hits[: config.max_sources])
        if lead is None:
            reason = f"{NOT_COVERED} The passages found print no such figure."
            return abstain(query, reason, hits, query.derived)
    text, citations, summary = compose(query, hits, config, lead)
    if not citations:
        return abstain(query, NOT_COVERED, hits, query.derived)
    return Answer(
        query.text, f"{summary}\n\n{text}", False, citations, hits, query.derived, summary
    )


_FIGURE_WORDS = {"many", "much", "number", "rate", "cost", "amount", "figure", "total", "level"}


def figure_sentence(query: Query, hits: list[Hit]) -> tuple[Hit, str] | None:
    """The first sentence of the hits, best hit first, that states the figure asked for."""
    for hit in hits:
        text = hit.passage["text"]
        for sentence in split_sentences(text):
            if states_asked_figure(query, sentence) and verify_quote(sentence, text):
                return hit, sentence
    return None


def states_asked_figure(query: Query, sentence: str) -> bool:
    """The sentence prints a figure next to what the question counts or measures
    (`states_figure`: "14 children", not "children aged 16 to 17") and at least half of
    what the question asks about."""
    terms = [t for t in query_terms(query.intent.topic) if t not in _FIGURE_WORDS]
    subject, follows = figure_subject(query.intent.topic)
    printed = states_figure(sentence, subject, follows) if subject else _NUMBER.search(sentence)
    return bool(printed) and (not terms or overlap_score(sentence, terms) >= 0.5)


def pick_sentences(text: str, terms: list[str], limit: int, min_chars: int = 25) -> list[str]:
    """The sentences of a passage that share most with the question, in printed order."""
    scored = [(overlap_score(s, terms), -i, s) for i, s in enumerate(split_sentences(text))]
    scored = [x for x in scored if x[0] > 0 and len(x[2]) > min_chars]
    scored.sort(reverse=True)
    return [s for _, _, s in sorted(scored[:limit], key=lambda x: -x[1])]


def _words(sentence: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z0-9]+", sentence.lower()) if len(w) > 2}


def repeats(sentence: str, earlier: list[str], threshold: float = 0.7) -> bool:
    """Says much the same as an earlier sentence (the same paragraph quoted twice)."""
    words = _words(sentence)
    for other in earlier:
        others = _words(other)
        if words and others and len(words & others) / min(len(words), len(others)) >= threshold:
            return True
    return False


def hit_date(hit: Hit) -> str:
    return part_date(hit.document, hit.passage["part"])


def report_heading(hit: Hit) -> str:
    part = hit.passage["part"]
    when = format_month(hit_date(hit))
    title = part.get("title") or hit.document["title"]
    return f"{hit.document['authority']}: {title}" + (f" ({when})" if when else "")


def choose_sentences(
    query: Query, hits: list[Hit], config: Config, lead: tuple[Hit, str] | None = None
) -> list[tuple[Hit, str]]:
    """The best sentences of the best hits; `lead`, where given, first."""
    terms = query_terms(query.intent.query)
    chosen: list[tuple[Hit, str]] = [lead] if lead else []
    for hit in hits[: config.max_sources]:
        text = hit.passage["text"]
        sentences = pick_sentences(
            text, terms, config.sentences_per_source, config.min_sentence_chars
        )
        if not sentences and not chosen:
            sentences = split_sentences(text)[:1]
        for sentence in sentences:
            if repeats(sentence, [s for _, s in chosen], config.repeat_overlap):
                continue
            if verify_quote(sentence, text):
                chosen.append((hit, sentence))
    return chosen


def compose(
    query: Query, hits: list[Hit], config: Config, lead: tuple[Hit, str] | None = None
) -> tuple[str, list[Citation], str]:
    """(answer text, citations, one-line summary), grouped by report, newest first; for a
    comparison, by council in the order asked. `lead`: a sentence that must be quoted and
    is the summary (the figure a "how many" question asks for)."""
    intent = query.intent
    chosen = choose_sentences(query, hits, config, lead)
    groups: dict[str, list[tuple[Hit, str]]] = {}
    for hit, sentence in chosen:
        groups.setdefault(report_heading(hit), []).append((hit, sentence))
    ordered = sorted(groups.items(), key=lambda kv: hit_date(kv[1][0][0]), reverse=True)
    if intent.compare and intent.authorities:
        rank = {a: i for i, a in enumerate(intent.authorities)}
        ordered.sort(key=lambda kv: rank.get(kv[1][0][0].document["authority"], len(rank)))
    citations: list[Citation] = []
    lines: list[str] = []
    for heading, items in ordered:
        lines.append(heading)
        for hit, sentence in items:
            number = len(citations) + 1
            citations.append(Citation(number, hit.passage["passage_id"], hit.citation, sentence))
            lines.append(f"- {sentence} [{number}]")
        lines.append("")
    summary = summarise(query, ordered, citations, lead[1] if lead else None)
    return "\n".join(lines).strip(), citations, summary


def summarise(
    query: Query, ordered: list, citations: list[Citation], lead: str | None = None
) -> str:
    """One line: the sentence that answers best (`lead`, where given), and how much more
    there is below."""
    if not citations:
        return ""
    if query.intent.compare and len(ordered) > 1:
        councils = list(dict.fromkeys(items[0][0].document["authority"] for _, items in ordered))
        if len(councils) > 1:
            return f"Side by side from {len(ordered)} reports: {', '.join(councils)}."
    terms = query_terms(query.intent.query)
    best = max(citations, key=lambda c: (c.quote == lead, overlap_score(c.quote, terms), -c.number))
    more = len(ordered) - 1
    tail = f" (more from {more} other report{'s' * (more > 1)} below)" if more else ""
    return f"{best.quote} [{best.number}]{tail}"


# -- compare: grades side by side where areas are named, then the prose -------------------
def compare_composer(query: Query, sources: Sources) -> Answer | None:
    """One block per council in the order asked: the newest grades for the areas named,
    then the best sentences (a list never cut from its lead-in)."""
    from .judged import per_council_newest, print_grades

    prose = prose_composer(query, sources)
    named = councils(query)
    intent = query.intent
    # a comparison with statistical neighbours states the overall grades when no area is named
    areas = intent.areas or (("overall",) if intent.neighbours else ())
    if not areas or len(named) < 2 or prose.abstained:
        return prose
    rows = matching_rows(sources.judgements(), replace(intent, areas=areas), sources.doc_years)
    rows = per_council_newest([r for r in rows if r["authority"] in named])
    rows.sort(key=lambda r: named.index(r["authority"]))
    cited = Cited(sources.passage)
    if not print_grades(cited, rows):
        return prose
    offset = len(cited.citations)
    renumbered = [
        Citation(c.number + offset, c.passage_id, c.citation, c.quote) for c in prose.citations
    ]
    shift = lambda t: re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", t)  # noqa: E731
    body = prose.answer.split("\n\n", 1)[1] if "\n\n" in prose.answer else prose.answer
    summary = shift(prose.summary)
    grades = "\n".join(line for line in cited.lines if line)
    text = f"{summary}\n\n{grades}\n\n{shift(body)}"
    if intent.neighbours:  # grades first, each council's newest inspection, closest first
        summary = neighbours_summary(named)
        notes = "\n".join(f"({n})" for n in intent.notes)
        text = f"{summary}\n{notes}\n\n{grades}\n\n{shift(body)}"
    return Answer(
        query.text,
        text,
        False,
        cited.citations + renumbered,
        list(cited.hits.values()) + prose.hits,
        query.derived,
        summary,
    )


def neighbours_summary(named: list[str]) -> str:
    return (
        f"Side by side, {', '.join(named)}, each from its newest inspection: grades first, "
        "then what the reports say."
    )


# -- the registry: (wants this query?, composer), tried in order ----------------------------
def _asked(query: Query) -> str:
    return label_of(query.shape, query.fact, query.asks_count)


def _neighbours(query: Query) -> bool:
    return query.shape == "neighbours" or (query.shape == "compare" and query.intent.neighbours)


# (wants this query?, composer, the shape an answer from it has)
COMPOSERS: list[
    tuple[
        Callable[[Query], bool],
        Callable[[Query, Sources], Answer | None],
        Callable[[Query], str],
    ]
] = [
    (lambda q: q.shape in ("improve", "recommendations"), list_composer, _asked),
    (lambda q: q.shape == "briefing", briefing_composer, _asked),
    (lambda q: q.shape == "progress", progress_composer, _asked),
    (lambda q: q.shape == "trend", trend_composer, _asked),
    (lambda q: q.shape == "movement", movement_composer, _asked),
    (lambda q: q.shape == "region_table", region_table_composer, _asked),
    (lambda q: q.shape == "region_compare", region_compare_composer, _asked),
    (lambda q: q.shape == "which", which_councils_composer, _asked),
    (lambda q: q.shape == "which", which_composer, _asked),
    (lambda q: q.shape == "fact", fact_composer, _asked),
    (
        _neighbours,
        neighbours_composer,
        lambda q: "neighbours" if q.shape == "neighbours" else "compare",
    ),
    (lambda q: q.intent.asks_grade or q.shape == "grades", grade_composer, lambda q: "grades"),
    (lambda q: q.shape == "compare", compare_composer, lambda q: "compare"),
    (lambda q: True, prose_composer, lambda q: "topic"),
]


def compose_answer(query: Query, sources: Sources) -> Answer:
    if asks_letter(query):  # a visit kind named: that letter answers, whatever its year holds
        return with_shape(query, letter_composer(query, sources, prose_composer), "visit")
    unheld = years_unheld_reason(query, sources)
    if unheld:
        return with_shape(query, abstain(query, unheld, [], query.derived))
    if needs_council(query):
        return with_shape(query, declined_answer(query, sources))
    for wants, composer, shape in COMPOSERS:
        if composer is prose_composer and keeps_shape(query):
            return with_shape(query, declined_answer(query, sources))
        if wants(query):
            answer = composer(query, sources)
            if answer is not None:
                return with_shape(query, with_councils_named(query, answer), shape(query))
    return with_shape(query, abstain(query, NOT_COVERED, [], query.derived))


def with_shape(query: Query, answer: Answer, shape: str | None = None) -> Answer:
    """The answer says which shape it took, in its first line; when the question's reading
    was unsure, what was read and the next likeliest shapes, for the user to switch to."""
    intent = query.intent
    if intent is None:
        return replace(answer, shape=shape or "topic")
    shape = shape or _asked(query)
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
            return f"{who.capitalize() if not named else who} visit letter"
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


def years_unheld_reason(query: Query, sources: Sources) -> str:
    """A grades, briefing or trend question whose years ("after 2018") hold none of a
    named council's graded inspections is answered by saying so, with the inspections the
    index does hold: no other inspection's grades, no passages from around them."""
    intent = query.intent
    if intent is None or query.unjudged or query.shape == "compare":
        return ""  # a comparison shows what each council holds, side by side
    if not (intent.asks_grade or query.shape in ("grades", "briefing", "trend")):
        return ""
    named = list(intent.authorities) or councils(query)
    return years_unheld(named, sources.judgements(), intent, sources.doc_years)


def drawn_from(answer: Answer) -> list[str]:
    """The councils an answer's citations quote, in the order first cited."""
    council = {h.passage["passage_id"]: h.document["authority"] for h in answer.hits}
    return list(
        dict.fromkeys(council[c.passage_id] for c in answer.citations if c.passage_id in council)
    )


def with_councils_named(query: Query, answer: Answer) -> Answer:
    """A question naming no council is answered from whichever councils' reports hold the
    best passages: the answer says which, so nobody reads one council's finding as all's."""
    derived = query.derived or query.filters or {}
    if answer.abstained or query.intent is None or query.intent.authorities:
        return answer
    if answer.table is not None:  # an answer over many councils names each in its rows
        return answer
    if derived.get("authority") or query.intent.boost_authorities:
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
