"""A question's words as search terms, and how much of them a passage holds (IDF-weighted).

Shared by the lexical searcher, the reranker and the evidence check, so all three read a
question the same way.
"""

from __future__ import annotations

import math
import re

from indexer.vocab import STOPWORDS

from ..understand.glossary import TERMS, printed, report_words
from ..words import stem


def query_terms(question: str) -> list[str]:
    words = re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?", question.lower())
    terms = []
    for word in words:
        word = re.sub(r"['’]s$", "", word)
        if word in STOPWORDS or len(word) < 2:
            continue
        if word not in terms:
            terms.append(word)
    return terms


def fts_query(terms: list[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


def idf(document_frequency: int, total: int) -> float:
    return math.log((total + 1) / (document_frequency + 0.5))


def term_weights(terms: list[str], frequencies: dict[str, int], total: int) -> dict[str, float]:
    return {t: idf(frequencies.get(t, 0), total) for t in terms}


def term_present(term: str, text_stems: set[str], text_lower: str) -> bool:
    """The term, or its spelled-out or abbreviated form, is in the passage."""
    if stem(term) in text_stems:
        return True
    return any(term == short.lower() and long in text_lower for short, long in TERMS.items())


def equivalents(question: str) -> dict[str, tuple[str, ...]]:
    """For each term of an everyday wording in the question ("teenagers", "turn" of "turn
    up"), the reports' words that say it (glossary.EVERYDAY)."""
    out: dict[str, tuple[str, ...]] = {}
    for asked, words in report_words(question):
        for term in query_terms(asked):
            out[term] = out.get(term, ()) + words
    return out


def coverage(
    terms: list[str],
    weights: dict[str, float],
    text: str,
    equivalent: dict[str, tuple[str, ...]] | None = None,
) -> float:
    """The IDF-weighted share of the terms the text holds; a term also counts as held when
    the text prints one of its `equivalent` report words."""
    total = sum(weights.get(t, 0.0) for t in terms)
    if not total:
        return 0.0
    lowered = text.lower()
    stems = {stem(w) for w in re.findall(r"[a-z0-9]+", lowered)}
    equivalent = equivalent or {}

    def held(term: str) -> bool:
        if term_present(term, stems, lowered):
            return True
        return any(printed(p, lowered) for p in equivalent.get(term, ()))

    return sum(weights.get(t, 0.0) for t in terms if held(t)) / total
