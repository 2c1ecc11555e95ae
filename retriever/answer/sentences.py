"""Sentences of a passage and how well each answers a question (pure functions)."""

from __future__ import annotations

import re

from ..words import stem

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


def overlap_score(sentence: str, terms: list[str]) -> float:
    """Share of the question's terms that the sentence mentions (stemmed)."""
    if not terms:
        return 0.0
    words = {stem(w) for w in re.findall(r"[A-Za-z0-9]+", sentence)}
    stems = [stem(t) for t in terms]
    return sum(1 for s in stems if s in words) / len(stems)


# A figure: digits (a sum of money, a percentage), or a number written out. One glued to a
# word by a hyphen ("17-year-old", "24-hour") describes something, and counts nothing.
_FIGURE_TOKEN = re.compile(
    r"[£$€]?\d+(?:,\d{3})*(?:\.\d+)?(?:%|m|bn|k)?(?![\w-])|[A-Za-z][A-Za-z'’-]*|[,;:()\[\]–—]"
)
# Numbers written out, index = value ("zero" to "twenty"); the eval reads them too.
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip
# "one" is as often a pronoun ("one of the children") as a count, so it is not a figure.
_SPELLED_FIGURES = frozenset(
    NUMBER_WORDS[2:]
    + ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
    + ("hundred", "thousand", "million")
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# "the number of children ... 850": a figure named before what it counts.
_COUNT_NOUNS = frozenset({"number", "numbers", "total", "proportion", "percentage", "rate"})
NEAR_BEFORE = 4  # "850 looked after children": the figure at most this many words before
NEAR_AFTER = 6  # "the number of children in care rose to 850": at most this many after


def _is_figure(token: str) -> bool:
    if token[0].isdigit() or token[0] in "£$€":
        return not _YEAR.fullmatch(token)  # "in 2019" dates, it does not count
    return token.lower() in _SPELLED_FIGURES


def states_figure(sentence: str, subject: tuple[str, ...], follows: bool = False) -> bool:
    """The sentence prints a figure next to what the question counts (`subject`, as read
    by understand.shape.figure_subject): at most NEAR_BEFORE words before it in the same
    clause ("14 children"), or after it where the sentence names a number of it ("the
    number of children rose to 850") or `follows` lets the figure come after ("spent
    £2m"). A number elsewhere in the sentence ("children aged 16 to 17") is not its figure."""
    stems = {stem(w) for w in subject}
    clauses: list[list[str]] = [[]]
    for token in _FIGURE_TOKEN.findall(sentence):
        if token[0].isalnum() or token[0] in "£$€":
            clauses[-1].append(token)
        else:  # punctuation ends a clause: a figure beyond it is another clause's
            clauses.append([])
    return any(_states_in_clause(c, stems, follows) for c in clauses)


def _states_in_clause(tokens: list[str], stems: set[str], follows: bool) -> bool:
    for j, token in enumerate(tokens):
        if not token[0].isalpha() or stem(token.lower()) not in stems:
            continue
        if any(_is_figure(t) for t in tokens[max(0, j - NEAR_BEFORE) : j]):
            return True
        lead = range(max(0, j - NEAR_BEFORE - 1), j)
        named = follows or any(
            tokens[k].lower() in _COUNT_NOUNS and tokens[k + 1].lower() == "of" for k in lead
        )
        if named and any(_is_figure(t) for t in tokens[j + 1 : j + 1 + NEAR_AFTER]):
            return True
    return False
