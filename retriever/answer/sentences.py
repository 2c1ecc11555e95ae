"""Sentences of a passage and how well each answers a question (pure functions)."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "para.",
    "paras.",
    "no.",
    "approx.",
    "St.",
    "Mr.",
    "Mrs.",
    "Dr.",
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, kept verbatim so each can be found in the passage again."""
    protected = text
    for i, abbr in enumerate(_ABBREVIATIONS):
        protected = protected.replace(abbr, abbr.replace(".", f"\x00{i}\x00"))
    pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9‘'\"(])|\n+", protected)
    out = []
    for piece in pieces:
        for i, abbr in enumerate(_ABBREVIATIONS):
            piece = piece.replace(abbr.replace(".", f"\x00{i}\x00"), abbr)
        piece = piece.strip()
        if len(piece) >= 3:
            out.append(piece)
    return out


_LOCAL = threading.local()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter2 stem, as close as it gets to what the FTS index's porter tokenizer does."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:  # one per thread: a snowball stemmer keeps its word in the object
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word.lower())


def overlap_score(sentence: str, terms: list[str]) -> float:
    """Share of the question's terms that the sentence mentions (stemmed)."""
    if not terms:
        return 0.0
    words = {stem(w) for w in re.findall(r"[A-Za-z0-9]+", sentence)}
    stems = [stem(t) for t in terms]
    return sum(1 for s in stems if s in words) / len(stems)
