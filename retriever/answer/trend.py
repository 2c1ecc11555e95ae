"""trend: grades per inspection over time, oldest first, said when the framework changed
between them; then the reports' own statements about progress."""

from __future__ import annotations

import re
from dataclasses import replace

from ..understand.grade_rows import matching_rows
from ..understand.query import Query, councils
from .cited import Cited, refs
from .framework import change_note
from .judged import print_grades
from .sentences import split_sentences
from .sources import Sources

_PROGRESS = re.compile(
    r"\b(?:since (?:the )?(?:last|previous|20\d\d)|previous(?:ly)? inspect\w*|last inspection"
    r"|improv(?:ed|ement has)|progress|declin\w*|deteriorat\w*|sustained|strengthened)\b",
    re.I,
)
PROGRESS_SENTENCES = 3


def trend_composer(query: Query, sources: Sources):
    named = councils(query)
    if len(named) != 1:
        return None
    council = named[0]
    years = query.intent.years
    intent = replace(query.intent, years=())
    rows = matching_rows([r for r in sources.judgements() if r["authority"] == council], intent)
    if years:  # "since 2019": that inspection and every one after it
        rows = [
            r for r in rows if r["inspection_date"] and int(r["inspection_date"][:4]) >= min(years)
        ]
    rows = sorted(rows, key=lambda r: r["inspection_date"] or "")
    cited = Cited(sources.passage)
    printed = print_grades(cited, rows)
    dates = sorted({r["inspection_date"] for r in printed if r["inspection_date"]})
    note = change_note(dates)
    if note:
        cited.add(note)
    statements = []
    for hit in sources.search(query)[:8]:
        for sentence in split_sentences(hit.passage["text"]):
            if len(statements) >= PROGRESS_SENTENCES:
                break
            if len(sentence) > 40 and _PROGRESS.search(sentence):
                n = cited.cite([hit.passage["passage_id"]], sentence)
                if n and all(sentence != s for s, _ in statements):
                    statements.append((sentence, n))
    if statements:
        cited.add("")
        cited.add("What the reports say about progress:")
        for sentence, n in statements:
            cited.add(f"- {' '.join(sentence.split())}{refs([n])}")
    if len(dates) > 1:
        summary = f"{council}: {len(dates)} inspections graded, {_span(dates)}, oldest first."
    elif dates:
        summary = f"{council}: one graded inspection in the index ({_span(dates)})."
    else:
        summary = f"{council}: no graded inspection in the index; what the reports say below."
    return cited.answer(query, summary)


def _span(dates: list[str]) -> str:
    from .citations import format_month

    return " to ".join(dict.fromkeys([format_month(dates[0]), format_month(dates[-1])]))
