"""Read a corpus file of any supported format into blocks.

Each loader only knows its format; the structure of a report (numbering, parts, sections)
is worked out afterwards, from blocks, by `structure`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..models import Block

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
# One size limit for every file, wherever it comes from: the build, the app's check of an
# upload, and Streamlit's uploader (`server.maxUploadSize`, in the same binary megabytes, set
# from MAX_FILE_MB in .streamlit/config.toml and the Makefile). Say it with `size_text`.
MAX_FILE_MB = 50
MEGABYTE = 1024 * 1024
MAX_FILE_BYTES = MAX_FILE_MB * MEGABYTE


def size_text(n_bytes: int) -> str:
    """A size as the limit is worded everywhere: '50 MB', '50.3 MB' (MB of 1,048,576 bytes)."""
    mb = n_bytes / MEGABYTE
    return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"


class LoadError(Exception):
    """A file that cannot be read; the message says why, in words a user can act on."""


def load_blocks(path: Path, max_bytes: int | None = MAX_FILE_BYTES) -> list[Block]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"unsupported file type {suffix or '(none)'}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise LoadError("empty file (0 bytes)")
    if max_bytes is not None and size > max_bytes:
        raise LoadError(
            f"file is {size_text(size)}, over the {size_text(max_bytes)} limit "
            "(pass --max-file-mb to allow it)"
        )
    if suffix == ".pdf":
        return _load_pdf(path)
    if suffix == ".docx":
        return _load_docx(path)
    text = _read_text(path)
    if suffix in (".html", ".htm"):
        return html_blocks(text)
    return markdown_blocks(text)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise LoadError("binary content in a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8") from exc
    return text


def _load_pdf(path: Path) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from .pdf import pdf_blocks

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoadError("encrypted PDF")
        blocks = pdf_blocks(reader)
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"corrupt or unreadable PDF ({exc.__class__.__name__}: {exc})") from exc
    if not blocks:
        raise LoadError("PDF has no extractable text (scanned image?)")
    return blocks


def _load_docx(path: Path) -> list[Block]:
    import zipfile

    import docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"corrupt or unreadable Word file ({exc})") from exc
    blocks: list[Block] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = docx.text.paragraph.Paragraph(child, document)
            text = clean_inline(para.text)
            if not text:
                continue
            style = (para.style.name or "").lower() if para.style is not None else ""
            if style.startswith("heading") or style == "title":
                level = int(re.sub(r"\D", "", style) or 1)
                blocks.append(Block(text=text, kind="heading", level=level))
            elif "list" in style:
                blocks.append(Block(text=text, kind="item"))
            else:
                blocks.append(Block(text=text, kind="text"))
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            for row in table.rows:
                cells = _dedupe_cells(clean_inline(c.text) for c in row.cells)
                if any(cells):
                    blocks.append(Block(text="\t".join(cells), kind="row", cells=cells))
    return blocks


def _dedupe_cells(cells) -> tuple[str, ...]:
    """Merged Word cells repeat their text once per grid column."""
    out: list[str] = []
    for cell in cells:
        if not out or cell != out[-1]:
            out.append(cell)
    return tuple(out)


# --- Markdown, plain text and HTML ------------------------------------------------------

_TAG_RE = re.compile(r"<[^>]+>")
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET_RE = re.compile(r"^\s*(?:[-*+•◼▪●]|\d+\))\s+(.*)$")
_BOLD_LINE_RE = re.compile(r"^\*\*(.+?)\*\*:?\s*$")


def clean_inline(text: str) -> str:
    """Plain text from a line of Markdown or HTML-sprinkled text."""
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = _TAG_RE.sub("", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"__(.+?)__", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = html.unescape(text)
    text = text.replace("\u00a0", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


def markdown_blocks(text: str) -> list[Block]:
    """Blocks from Markdown or plain text (plain text is Markdown without markup)."""
    if re.search(r"<(table|ul|ol|p|div)\b", text, flags=re.I):
        text = _html_fragments_to_lines(text)
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if "\t" in line and not line.lstrip().startswith(("-", "*")):
            cells = tuple(c for c in (clean_inline(c) for c in line.split("\t")) if c)
            if len(cells) >= 2:
                blocks.append(Block(text="\t".join(cells), kind="row", cells=cells))
                continue
        if re.match(r"^\s*\|.*\|\s*$", line):
            if re.match(r"^\s*\|[\s:|-]+\|\s*$", line):
                continue  # Markdown table rule
            cells = tuple(c for c in (clean_inline(c) for c in line.strip().strip("|").split("|")))
            blocks.append(Block(text="\t".join(cells), kind="row", cells=cells))
            continue
        heading = _MD_HEADING_RE.match(line)
        if heading:
            body = clean_inline(heading.group(2))
            if body:
                blocks.append(Block(text=body, kind="heading", level=len(heading.group(1))))
            continue
        bold = _BOLD_LINE_RE.match(line.strip())
        if bold and len(bold.group(1)) < 150:
            blocks.append(Block(text=clean_inline(bold.group(1)), kind="heading"))
            continue
        bullet = _BULLET_RE.match(line)
        if bullet:
            body = clean_inline(bullet.group(1))
            if body:
                blocks.append(Block(text=body, kind="item"))
            continue
        body = clean_inline(line)
        if body:
            blocks.append(Block(text=body, kind="text"))
    return blocks


def _html_fragments_to_lines(text: str) -> str:
    """Inline HTML tables and lists in Markdown become tab-separated rows and bullets."""
    from bs4 import BeautifulSoup

    def replace_table(match: re.Match) -> str:
        soup = BeautifulSoup(match.group(0), "html.parser")
        lines = []
        for tr in soup.find_all("tr"):
            cells = [
                re.sub(r"\s+", " ", td.get_text(" ")).strip() for td in tr.find_all(["td", "th"])
            ]
            lines.append("\t".join(c for c in cells if c))
        return "\n" + "\n".join(lines) + "\n"

    text = re.sub(r"<table\b.*?</table>", replace_table, text, flags=re.I | re.S)
    text = re.sub(r"<li\b[^>]*>", "\n- ", text, flags=re.I)
    text = re.sub(r"</?(ul|ol|p|div)\b[^>]*>", "\n", text, flags=re.I)
    text = re.sub(r"</li>", "\n", text, flags=re.I)
    return text


def html_blocks(text: str) -> list[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    blocks: list[Block] = []
    wanted = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre", "blockquote"]
    for el in soup.find_all(wanted):
        if el.name != "tr" and el.find_parent(["li", "tr", "p"]) is not None:
            continue
        if el.name == "tr":
            cells = tuple(
                c
                for c in (
                    re.sub(r"\s+", " ", td.get_text(" ")).strip()
                    for td in el.find_all(["td", "th"])
                )
                if c
            )
            if cells:
                blocks.append(Block(text="\t".join(cells), kind="row", cells=cells))
            continue
        body = re.sub(r"\s+", " ", el.get_text(" ")).strip()
        if not body:
            continue
        if el.name.startswith("h"):
            blocks.append(Block(text=body, kind="heading", level=int(el.name[1])))
        elif el.name == "li":
            blocks.append(Block(text=body, kind="item"))
        else:
            blocks.append(Block(text=body, kind="text"))
    if not blocks:
        body = re.sub(r"\s+", " ", soup.get_text(" ")).strip()
        if body:
            blocks.append(Block(text=body, kind="text"))
    return blocks
