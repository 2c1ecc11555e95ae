"""Untrusted text -> Markdown that shows exactly that text: pure functions, no Streamlit.

Everything from a report or a user passes through `md_escape`, so nothing in it can inject
HTML or Markdown; the only markup added is the app's own (bold markers, highlights).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

# Characters that mean something to Markdown or to Streamlit's Markdown extensions
# (":red[...]", ":emoji:", "$math$"). Each becomes a numeric character reference, which
# Markdown shows as the literal character and never interprets.
_MD_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:&=^\"'")


def md_escape(text: str, inline: bool = False, strip: bool = True) -> str:
    """Untrusted text -> Markdown that displays exactly that text and nothing else."""
    text = str(text or "")
    lines = text.split("\n")
    if strip:
        lines = [line.strip() for line in lines]
    out = []
    for line in lines:
        out.append("".join(f"&#{ord(c)};" if c in _MD_SPECIAL else c for c in line))
    return (" " if inline else "  \n").join(out)


def find_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where each quoted sentence sits in the passage text (whitespace-insensitive)."""
    spans = []
    for quote in quotes:
        words = quote.split()
        if not words:
            continue
        match = re.search(r"\s+".join(map(re.escape, words)), text)
        if match:
            spans.append((match.start(), match.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted_markdown(text: str, quotes: list[str]) -> str:
    """The whole passage, escaped, with the cited sentences on a highlighted background."""
    text = "\n".join(line.strip() for line in str(text or "").splitlines())
    pieces, pos = [], 0
    for start, end in find_spans(text, quotes):
        pieces.append(md_escape(text[pos:start], strip=False))
        pieces.append(f":orange-background[{md_escape(text[start:end], inline=True)}]")
        pos = end
    pieces.append(md_escape(text[pos:], strip=False))
    return "".join(pieces)


def answer_markdown(text: str) -> str:
    """The answer text (plain, with '- ' bullets and [n] markers) as safe Markdown."""
    out: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            out.append("- " + _markers(md_escape(line[2:], inline=True)))
            continue
        is_header = i + 1 < len(lines) and lines[i + 1].strip().startswith("- ")
        body = _markers(md_escape(line, inline=True))
        out += ["", f"**{body}**" if is_header else body, ""]
    return "\n".join(out).strip()


def _markers(escaped: str) -> str:
    """Escaped '[n]' back to a visible, bold reference marker."""
    return re.sub(r"&#91;(\d{1,3})&#93;", r"**[\1]**", escaped)


def stream_chunks(markdown: str, delay: float = 0.0) -> Iterator[str]:
    """The answer Markdown one line at a time (never splitting an escape), for st.write_stream."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        yield line + ("\n" if i + 1 < len(lines) else "")
        if delay:
            time.sleep(delay)
