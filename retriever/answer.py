"""Evidence to a cited answer: key sentences grouped by report, grades from the judgement
tables, or an honest abstention. Every quote is checked against the stored passage."""

from __future__ import annotations

import re

import numpy as np

from .evidence import Evidence, coverage, idf, out_of_scope_subject
from .grades import row_line
from .question import QuestionIntent
from .search import Retriever, check_question, format_month, query_terms, report_date
from .sentences import overlap_score, split_sentences, stem
from .types import Answer, Citation, Hit

# Calibrated on the gold set's answerable and unanswerable questions (README, Quality):
# abstain when the best passages are neither close in meaning nor share the question's
# distinctive words.
MIN_SIMILARITY = 0.70
MIN_COVERAGE = 0.24
MAX_SOURCES = 5
SENTENCES_PER_SOURCE = 2
MIN_SENTENCE_CHARS = 25
NOT_COVERED = "The reports do not appear to cover this question."


def verify_quote(quote: str, passage_text: str) -> bool:
    """A citation stands only if its quoted sentence is printed in the cited passage."""
    squash = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    return bool(quote.strip()) and squash(quote) in squash(passage_text)


def checked(retriever: Retriever, citations: list[Citation]) -> list[Citation]:
    """Citations whose quote is in the stored passage, renumbered; the rest are dropped."""
    kept: list[Citation] = []
    for c in citations:
        hit = retriever.passage(c.passage_id)
        if hit is not None and verify_quote(c.quote, hit.passage["text"]):
            kept.append(Citation(len(kept) + 1, c.passage_id, c.citation, c.quote))
    return kept


# -- evidence -------------------------------------------------------------------------
def weigh_evidence(retriever: Retriever, intent: QuestionIntent, hits: list[Hit]) -> Evidence:
    if not hits:
        return Evidence(0.0, 0.0)
    top = hits[:3]
    vectors = retriever.vectors([h.rowid for h in top])
    query = retriever.embedder.encode_query(intent.query)
    similarity = float(np.max(vectors @ query)) if len(vectors) else 0.0
    terms = query_terms(intent.topic)
    frequencies, total = retriever.document_frequency(terms)
    weights = {t: idf(frequencies.get(t, 0), total) for t in terms}
    best = max((coverage(terms, weights, h.passage["text"]) for h in top), default=0.0)
    scope = out_of_scope_subject(intent.question, [h.passage["text"] for h in hits[:5]])
    return Evidence(round(similarity, 4), round(best, 4), scope)


# -- composing ------------------------------------------------------------------------
def pick_sentences(text: str, terms: list[str], limit: int) -> list[str]:
    """The sentences of a passage that share most with the question, in printed order."""
    scored = [(overlap_score(s, terms), -i, s) for i, s in enumerate(split_sentences(text))]
    scored = [x for x in scored if x[0] > 0 and len(x[2]) > MIN_SENTENCE_CHARS]
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


def report_heading(hit: Hit) -> str:
    part = hit.passage["part"]
    when = format_month(hit_date(hit))
    title = part.get("title") or hit.document["title"]
    return f"{hit.document['authority']}: {title}" + (f" ({when})" if when else "")


def hit_date(hit: Hit) -> str:
    return report_date(hit.document, hit.passage["part"])


def choose_sentences(intent: QuestionIntent, hits: list[Hit]) -> list[tuple[Hit, str]]:
    terms = query_terms(intent.query)
    chosen: list[tuple[Hit, str]] = []
    for hit in hits[:MAX_SOURCES]:
        sentences = pick_sentences(hit.passage["text"], terms, SENTENCES_PER_SOURCE)
        if not sentences and not chosen:
            sentences = split_sentences(hit.passage["text"])[:1]
        for sentence in sentences:
            if repeats(sentence, [s for _, s in chosen]):
                continue
            if verify_quote(sentence, hit.passage["text"]):
                chosen.append((hit, sentence))
    return chosen


def compose(intent: QuestionIntent, hits: list[Hit]) -> tuple[str, list[Citation], str]:
    """(answer text, citations, one-line summary), grouped by report, newest first; for a
    comparison, by council in the order asked."""
    chosen = choose_sentences(intent, hits)
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
    return "\n".join(lines).strip(), citations, summarise(intent, ordered, citations)


def summarise(intent: QuestionIntent, ordered: list, citations: list[Citation]) -> str:
    """One line: the sentence that answers best, and how much more there is below."""
    if not citations:
        return ""
    if intent.compare and len(ordered) > 1:
        councils = list(dict.fromkeys(items[0][0].document["authority"] for _, items in ordered))
        if len(councils) > 1:
            return f"Side by side from {len(ordered)} reports: {', '.join(councils)}."
    terms = query_terms(intent.query)
    best = max(citations, key=lambda c: (overlap_score(c.quote, terms), -c.number))
    more = len(ordered) - 1
    tail = f" (more from {more} other report{'s' * (more > 1)} below)" if more else ""
    return f"{best.quote} [{best.number}]{tail}"


# -- grades ---------------------------------------------------------------------------
def grade_answer(
    retriever: Retriever, intent: QuestionIntent, rows: list[dict]
) -> tuple[str, list[Citation], str, list[Hit]]:
    """Grades stated from the judgement rows, each quoted from its printed table line."""
    citations: list[Citation] = []
    hits: dict[str, Hit] = {}
    lines: list[str] = []
    heading = None
    for row in rows:
        hit = hits.get(row["passage_id"]) or retriever.passage(row["passage_id"])
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


# -- the whole answer -----------------------------------------------------------------
def nothing_under(retriever: Retriever, intent: QuestionIntent, filters: dict) -> str:
    """Why nothing can answer: the councils and years asked about share no report."""
    councils = list(intent.authorities) or list(filters.get("authority") or [])
    years = ", ".join(map(str, intent.years or filters.get("year") or []))
    held = retriever.report_years(councils)
    what = f"{' or '.join(councils)} reports" if councils else "reports"
    reason = f"The index holds no {what}" + (f" from {years}" if years else "") + "."
    if held:
        reason += " It holds " + "; ".join(
            f"{c}: {', '.join(map(str, y))}" for c, y in held.items()
        )
        reason += "."
    return reason


def _abstain(question: str, reason: str, hits: list[Hit], filters: dict) -> Answer:
    closest = "\n".join(f"- {h.citation}" for h in hits[:3])
    text = reason + (f"\nThe closest passages are:\n{closest}" if closest else "")
    return Answer(question, text, True, [], hits, filters, reason)


def answer_question(
    retriever: Retriever,
    question: str,
    k: int = 10,
    filters: dict | None = None,
    history: list | None = None,
    mode: str | None = None,
) -> Answer:
    question = check_question(question)
    filters = dict(filters or {})
    retriever.check_filters(filters)  # an unknown filter is the caller's to fix: say so
    intent = retriever.understand(question, history)
    known = retriever.filter_values()
    if intent.not_councils and not intent.authorities and not filters.get("authority"):
        names = " or ".join(intent.not_councils)
        reason = (
            f"{names} is not one of England's 153 councils with children's services, "
            "so the index holds no Ofsted reports for it. Name the council as it is usually "
            "written (for example 'Brighton and Hove' or 'Hull')."
        )
        return _abstain(question, reason, [], filters)
    if intent.unknown_authorities and not intent.authorities and not filters.get("authority"):
        names = " or ".join(intent.unknown_authorities)
        reason = (
            f"The index holds no reports for {names}. "
            f"It holds reports for: {', '.join(known['authority'])}."
        )
        return _abstain(question, reason, [], filters)
    subject = out_of_scope_subject(question)
    if subject:
        reason = (
            f"{NOT_COVERED} Inspection reports on children's services do not deal with {subject}."
        )
        return _abstain(question, reason, [], filters)
    derived = retriever.derived_filters(intent, filters)
    if derived is None or retriever.matches_nothing(derived):
        return _abstain(question, nothing_under(retriever, intent, derived or filters), [], filters)
    if intent.asks_grade:
        rows = retriever.grade_rows(intent, derived)
        text, citations, summary, table_hits = grade_answer(retriever, intent, rows)
        if citations:
            return Answer(
                question, f"{summary}\n\n{text}", False, citations, table_hits, derived, summary
            )
    hits = retriever.search_understood(intent, k=k, mode=mode or "hybrid", filters=filters)
    evidence = weigh_evidence(retriever, intent, hits)
    if not hits or evidence.is_weak(MIN_SIMILARITY, MIN_COVERAGE):
        reason = NOT_COVERED
        if evidence.out_of_scope:
            reason += f" They do not mention {evidence.out_of_scope}."
        return _abstain(question, reason, hits, derived)
    text, citations, summary = compose(intent, hits)
    if not citations:
        return _abstain(question, NOT_COVERED, hits, derived)
    return Answer(question, f"{summary}\n\n{text}", False, citations, hits, derived, summary)
