"""A conversation as a Markdown briefing note, with every reference written out in full.

Everything that came from a report or a user (questions, answer text, titles, sections,
quotes, filters, file names, URLs) goes through `render.md_text`: it shows as text in any
Markdown viewer, on one line, so it cannot run markup or forge a heading or a reference.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from retriever import Answer, Hit, format_month, part_date

from .render import md_text

# The answer's own reference markers, escaped by md_text, shown plain again ("[3]"), unless
# the marker opens its line or a "(" follows it (which would make it a link).
_ESCAPED_MARKER = re.compile(r"(?<=\S)\\\[(\d{1,3})\\\](?!\()")


def _hit_for(answer: Answer, passage_id: str) -> Hit | None:
    return next((h for h in answer.hits if h.passage["passage_id"] == passage_id), None)


def answer_text(text: str) -> str:
    """The answer (plain lines, '- ' bullets, [n] markers) as Markdown, line for line."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("- "):
            line = "- " + md_text(line[2:], line_start=True)
        else:
            line = md_text(line, line_start=True)
        out.append(_ESCAPED_MARKER.sub(r"[\1]", line))
    return "\n".join(out)


def reference(answer: Answer, citation) -> str:
    """'[1] Report: ...; Date: ...; Section: ...; Paragraph: ...' and the quoted sentence."""
    hit = _hit_for(answer, citation.passage_id)
    lines = [f"**[{citation.number}]** {md_text(citation.citation)}"]
    if hit is not None:
        part, doc = hit.passage["part"], hit.document
        when = part_date(doc, part)
        title = part.get("title") or doc.get("title") or hit.passage["doc_id"]
        date = format_month(when) or "not known"
        facts = [
            f"Report: {doc.get('authority', '')}: {title}",
            f"Date: {date}" + (f" ({when})" if when and date != when else ""),
            f"Section: {hit.passage.get('section') or '(none)'}",
            f"Paragraph: {hit.passage.get('label')}",
            f"Source file: corpus/{doc.get('path', '')}",
        ]
        if hit.passage.get("page"):
            facts.append(f"Page: {hit.passage['page']}")
        if doc.get("source_url"):
            facts.append(f"Source: {doc['source_url']}")
        if hit.also_in:
            facts.append(f"Also in: {'; '.join(hit.also_in)}")
        lines += [f"- {md_text(fact)}" for fact in facts]
    lines.append(f"- Passage id: {md_text(citation.passage_id)}")
    lines.append("")
    lines.append(f"> \u201c{md_text(citation.quote)}\u201d")
    return "\n".join(lines)


def briefing_markdown(
    turns: list[tuple[str, Answer | None]],
    title: str = "Briefing note",
    now: datetime | None = None,
) -> str:
    """turns: (question, answer) in order; an answer of None means the question failed."""
    now = now or datetime.now(timezone.utc)
    out = [
        f"# {md_text(title)}",
        "",
        f"Prepared {now.strftime('%d %B %Y, %H:%M')} UTC from published Ofsted reports. "
        "Every statement below quotes the report paragraph it comes from.",
        "",
    ]
    if not turns:
        out.append("_No questions asked yet._")
    for i, (question, answer) in enumerate(turns, 1):
        out += [f"## {i}. {md_text(question)}", ""]
        if answer is None:
            out += ["_No answer._", ""]
            continue
        if answer.filters:
            shown = "; ".join(f"{k}: {v}" for k, v in answer.filters.items() if v)
            if shown:
                out += [f"_Filters: {md_text(shown)}_", ""]
        out += [answer_text(answer.answer), ""]
        if answer.abstained:
            if answer.hits:
                out += ["Closest passages:", ""]
                for h in answer.hits[:3]:
                    out.append(
                        f"- {md_text(h.citation + ' (passage ' + h.passage['passage_id'] + ')')}"
                    )
                out.append("")
            continue
        out += ["### References", ""]
        for citation in answer.citations:
            out += [reference(answer, citation), ""]
    return "\n".join(out).rstrip() + "\n"
