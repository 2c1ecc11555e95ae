"""Evidence to a cited answer: key sentences grouped by report, or an honest abstention."""

from __future__ import annotations

import re

import numpy as np

from .search import Retriever, check_question, format_month, query_terms
from .sentences import overlap_score, split_sentences
from .types import Answer, Citation, Hit

# Calibrated on the gold set's unanswerable questions (see README, Quality).
MIN_DENSE_SIMILARITY = 0.35
MIN_TERM_OVERLAP = 0.5
MAX_SOURCES = 5
SENTENCES_PER_SOURCE = 2
NOT_COVERED = "The reports do not appear to cover this question."


def verify_quote(quote: str, passage_text: str) -> bool:
    """A citation stands only if its quoted sentence is printed in the cited passage."""
    squash = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    return bool(quote.strip()) and squash(quote) in squash(passage_text)


def evidence_strength(retriever: Retriever, question: str, hits: list[Hit]) -> tuple[float, float]:
    """(best cosine similarity, best share of question terms in one sentence) over top hits."""
    if not hits:
        return 0.0, 0.0
    top = hits[:3]
    vectors = retriever.vectors([h.rowid for h in top])
    query = retriever.embedder.encode_query(question)
    cosine = float(np.max(vectors @ query)) if len(vectors) else 0.0
    terms = query_terms(question)
    overlap = max(
        (overlap_score(s, terms) for h in top for s in split_sentences(h.passage["text"])),
        default=0.0,
    )
    return cosine, overlap


def pick_sentences(text: str, terms: list[str], limit: int) -> list[str]:
    scored = [(overlap_score(s, terms), -i, s) for i, s in enumerate(split_sentences(text))]
    scored = [x for x in scored if x[0] > 0 and len(x[2]) > 25]
    scored.sort(reverse=True)
    return [s for _, _, s in sorted(scored[:limit], key=lambda x: -x[1])]


def compose(question: str, hits: list[Hit]) -> tuple[str, list[Citation], str]:
    terms = query_terms(question)
    chosen: list[tuple[Hit, str]] = []
    seen: set[str] = set()
    for hit in hits[:MAX_SOURCES]:
        sentences = pick_sentences(hit.passage["text"], terms, SENTENCES_PER_SOURCE)
        if not sentences and hit is hits[0]:
            sentences = split_sentences(hit.passage["text"])[:1]
        for sentence in sentences:
            key = re.sub(r"\W+", " ", sentence.lower()).strip()
            if key in seen or not verify_quote(sentence, hit.passage["text"]):
                continue
            seen.add(key)
            chosen.append((hit, sentence))
    groups: dict[str, list[tuple[Hit, str]]] = {}
    for hit, sentence in chosen:
        groups.setdefault(_report_key(hit), []).append((hit, sentence))
    ordered = sorted(groups.items(), key=lambda kv: _report_date(kv[1][0][0]), reverse=True)
    citations: list[Citation] = []
    lines: list[str] = []
    for report, items in ordered:
        lines.append(report)
        for hit, sentence in items:
            number = len(citations) + 1
            citations.append(Citation(number, hit.passage["passage_id"], hit.citation, sentence))
            lines.append(f"- {sentence} [{number}]")
        lines.append("")
    summary = ""
    if citations:
        summary = f"{citations[0].quote} [1]"
    return "\n".join(lines).strip(), citations, summary


def _report_key(hit: Hit) -> str:
    part = hit.passage["part"]
    when = format_month(
        part.get("inspection_end") or part.get("meeting_date") or hit.document.get("date")
    )
    title = part.get("title") or hit.document["title"]
    return f"{hit.document['authority']}: {title}" + (f" ({when})" if when else "")


def _report_date(hit: Hit) -> str:
    part = hit.passage["part"]
    return part.get("inspection_end") or part.get("meeting_date") or hit.document.get("date") or ""


def answer_question(
    retriever: Retriever,
    question: str,
    k: int = 10,
    filters: dict | None = None,
    history: list | None = None,
    mode: str | None = None,
) -> Answer:
    question = check_question(question)
    hits = retriever.search(question, k=k, mode=mode or "hybrid", filters=filters)
    cosine, overlap = evidence_strength(retriever, question, hits)
    weak = not hits or (cosine < MIN_DENSE_SIMILARITY and overlap < MIN_TERM_OVERLAP)
    if not weak:
        text, citations, summary = compose(question, hits)
        if citations:
            return Answer(
                question, f"{summary}\n\n{text}", False, citations, hits, filters or {}, summary
            )
    closest = "\n".join(f"- {h.citation}" for h in hits[:3])
    text = NOT_COVERED + (f"\nThe closest passages are:\n{closest}" if closest else "")
    return Answer(question, text, True, [], hits, filters or {}, NOT_COVERED)
