"""Untrusted text -> Markdown that shows exactly that text: pure functions, no Streamlit.

Everything from a report or a user passes through `md_escape` (the page) or `md_text` (the
briefing file), so nothing in it can inject HTML or Markdown; the only markup added is the
app's own (headings, bold markers, highlights).
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


# In a file people also read as plain text, character references would bury the words, so
# `md_text` backslash-escapes Markdown's inline punctuation and writes only HTML's three
# characters as entities; line-start syntax (headings, lists, setext lines) is escaped where
# the text starts a line.
_MD_INLINE = frozenset("\\`*_[]|~$")
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_LINE_START = re.compile(r"^(?:(\d{1,9})([.)])|([-+=#]))")


def md_text(text: str, line_start: bool = False) -> str:
    """Untrusted text -> one line of Markdown that shows that text (line breaks become
    spaces, so it can never start a heading, a list or a reference of its own)."""
    one_line = " ".join(str(text or "").split())
    out = "".join(_HTML_ENTITIES.get(c) or (f"\\{c}" if c in _MD_INLINE else c) for c in one_line)
    if line_start:
        out = _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", out)
    return out


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


# One background per citation number, so [1] and [2] are told apart at a glance (Streamlit's
# named backgrounds: light tints that keep dark text readable).
TINTS = ("blue", "green", "violet", "orange", "red", "gray")


def tint(number: int) -> str:
    return TINTS[(number - 1) % len(TINTS)]


def ref_anchor(prefix: str, number: int) -> str:
    """The id of citation `number`'s card in the turn `prefix`: its [n] marker links here."""
    return f"ref-{prefix}-{number}"


def answer_markdown(text: str, anchors: str | None = None) -> str:
    """The answer text (plain, with '- ' bullets and [n] markers) as safe Markdown. With
    `anchors` (the turn's id), each [n] is a tinted link to its card."""
    out: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            out.append("- " + _markers(md_escape(line[2:], inline=True), anchors))
            continue
        is_header = i + 1 < len(lines) and lines[i + 1].strip().startswith("- ")
        body = _markers(md_escape(line, inline=True), anchors)
        out += ["", f"**{body}**" if is_header else body, ""]
    return "\n".join(out).strip()


def _markers(escaped: str, anchors: str | None = None) -> str:
    """Escaped '[n]' back to a visible, bold reference marker (a tinted link to its card)."""
    if anchors is None:
        return re.sub(r"&#91;(\d{1,3})&#93;", r"**[\1]**", escaped)

    def link(m: re.Match) -> str:
        n = int(m[1])
        return f":{tint(n)}-background[[**[{n}]**](#{ref_anchor(anchors, n)})]"

    return re.sub(r"&#91;(\d{1,3})&#93;", link, escaped)


_CLOSEST = re.compile(r"\n?The closest passages are:\n(?:- [^\n]*(?:\n|$))*")


def without_closest(text: str) -> str:
    """An abstention's text without its list of closest passages (the cards show them)."""
    return _CLOSEST.sub("\n", text).strip()


def clean_label(text: str) -> str:
    """A citation label without doubled parts: "Report Summary, Report Summary" once,
    "said,, Introduction" with one comma."""
    parts = [p.strip() for p in re.split(r",(?:\s*,)*", str(text or ""))]
    out: list[str] = []
    for part in parts:
        if part and (not out or out[-1].lower() != part.lower()):
            out.append(part)
    return ", ".join(out)


def stream_chunks(markdown: str, delay: float = 0.0) -> Iterator[str]:
    """The answer Markdown one line at a time (never splitting an escape), for st.write_stream."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        yield line + ("\n" if i + 1 < len(lines) else "")
        if delay:
            time.sleep(delay)
