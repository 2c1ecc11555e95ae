"""Prose answers: the key sentences of the best passages, grouped by report, newest first;
an abstention where the evidence is weak or a figure asked for is not printed."""

from __future__ import annotations

import re

from ..config import Config
from ..search.terms import query_terms
from ..types import Answer, Citation, Hit
from ..understand.query import Query
from ..understand.shape import asks_figure, figure_subject
from .citations import format_month, part_date, verify_quote
from .sentences import overlap_score, split_sentences, states_figure, stem
from .sources import NOT_COVERED, Sources, abstain

_NUMBER = re.compile(
    r"\b\d[\d,.]*%?|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty|hundred|thousand)\b",
    re.I,
)


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
