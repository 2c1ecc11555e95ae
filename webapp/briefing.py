"""A conversation as a Markdown briefing note, with every reference written out in full."""

from __future__ import annotations

from datetime import datetime, timezone

from retriever.answer.citations import format_month, part_date
from retriever.types import Answer, Hit


def _hit_for(answer: Answer, passage_id: str) -> Hit | None:
    return next((h for h in answer.hits if h.passage["passage_id"] == passage_id), None)


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


def reference(answer: Answer, citation) -> str:
    """'[1] Report: ...; Date: ...; Section: ...; Paragraph: ...' and the quoted sentence."""
    hit = _hit_for(answer, citation.passage_id)
    lines = [f"**[{citation.number}]** {citation.citation}"]
    if hit is not None:
        part, doc = hit.passage["part"], hit.document
        when = part_date(doc, part)
        title = part.get("title") or doc.get("title") or hit.passage["doc_id"]
        lines += [
            f"- Report: {doc.get('authority', '')}: {title}",
            f"- Date: {format_month(when) or 'not known'}"
            + (f" ({when})" if when and format_month(when) != when else ""),
            f"- Section: {hit.passage.get('section') or '(none)'}",
            f"- Paragraph: {hit.passage.get('label')}",
            f"- Source file: corpus/{doc.get('path', '')}",
        ]
        if hit.passage.get("page"):
            lines.append(f"- Page: {hit.passage['page']}")
        if doc.get("source_url"):
            lines.append(f"- Source: {doc['source_url']}")
        if hit.also_in:
            lines.append(f"- Also in: {'; '.join(hit.also_in)}")
    lines.append(f"- Passage id: {citation.passage_id}")
    lines.append("")
    lines.append(_quote_block(f"\u201c{citation.quote}\u201d"))
    return "\n".join(lines)


def briefing_markdown(
    turns: list[tuple[str, Answer | None]],
    title: str = "Briefing note",
    now: datetime | None = None,
) -> str:
    """turns: (question, answer) in order; an answer of None means the question failed."""
    now = now or datetime.now(timezone.utc)
    out = [
        f"# {title}",
        "",
        f"Prepared {now.strftime('%d %B %Y, %H:%M')} UTC from published Ofsted reports. "
        "Every statement below quotes the report paragraph it comes from.",
        "",
    ]
    if not turns:
        out.append("_No questions asked yet._")
    for i, (question, answer) in enumerate(turns, 1):
        out += [f"## {i}. {question}", ""]
        if answer is None:
            out += ["_No answer._", ""]
            continue
        if answer.filters:
            shown = "; ".join(f"{k}: {v}" for k, v in answer.filters.items() if v)
            if shown:
                out += [f"_Filters: {shown}_", ""]
        out += [answer.answer, ""]
        if answer.abstained:
            if answer.hits:
                out += ["Closest passages:", ""]
                out += [
                    f"- {h.citation} (passage {h.passage['passage_id']})" for h in answer.hits[:3]
                ]
                out.append("")
            continue
        out += ["### References", ""]
        for citation in answer.citations:
            out += [reference(answer, citation), ""]
    return "\n".join(out).rstrip() + "\n"
