"""Read a corpus file of any supported format into blocks.

Each loader only knows its format; the structure of a report (numbering, parts, sections)
is worked out afterwards, from blocks, by `structure`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..errors import OfstedQAError
from ..models import Block

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
# One size limit for every file, wherever it comes from: the build, the app's check of an
# upload, and Streamlit's uploader (`server.maxUploadSize`, in the same binary megabytes, set
# from MAX_FILE_MB in .streamlit/config.toml and the Makefile). Say it with `size_text`.
MAX_FILE_MB = 50
MEGABYTE = 1024 * 1024
MAX_FILE_BYTES = MAX_FILE_MB * MEGABYTE
# A Word file is a zip: what it expands to is limited as well as its size on disk (a zip
# bomb of 1 MB can hold 1 GB of XML). The longest real report is a few hundred blocks, and
# a file that takes minutes to read would hold the whole build.
MAX_UNZIPPED_BYTES = 200 * MEGABYTE
MAX_BLOCKS_PER_FILE = 20_000
MAX_SECONDS_PER_FILE = 120.0


def size_text(n_bytes: int) -> str:
    """A size as the limit is worded everywhere: '50 MB', '50.3 MB' (MB of 1,048,576 bytes)."""
    mb = n_bytes / MEGABYTE
    return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"


class LoadError(OfstedQAError):
    """A file that cannot be read; the message says why, in words a user can act on."""


def load_blocks(
    path: Path,
    max_bytes: int | None = MAX_FILE_BYTES,
    max_seconds: float | None = MAX_SECONDS_PER_FILE,
) -> list[Block]:
    """Blocks of one file, within the limits of size, expanded size, blocks and time."""
    import time

    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    try:
        blocks = _load_blocks(path, max_bytes, deadline)
    except TimeoutError as exc:
        raise LoadError(
            f"reading took over {max_seconds:.0f} s ({exc}); the file was left out so the "
            "rest of the corpus could be indexed"
        ) from exc
    if len(blocks) > MAX_BLOCKS_PER_FILE:
        raise LoadError(_too_many_blocks())
    if deadline is not None and time.monotonic() > deadline:
        raise LoadError(f"reading took over {max_seconds:.0f} s; the file was left out")
    return blocks


def _too_many_blocks() -> str:
    return (
        f"over {MAX_BLOCKS_PER_FILE:,} paragraphs in one file - far more than any report; "
        "split it into smaller files"
    )


def _check_time(deadline: float | None, where: str) -> None:
    import time

    if deadline is not None and time.monotonic() > deadline:
        raise TimeoutError(where)


def _load_blocks(path: Path, max_bytes: int | None, deadline: float | None) -> list[Block]:
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
        return _load_pdf(path, deadline)
    if suffix == ".docx":
        return _load_docx(path, deadline)
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


def _load_pdf(path: Path, deadline: float | None = None) -> list[Block]:
    from .pdf import pdf_blocks
    from .pdf_runs import PdfiumError, PdfPages, needs_password

    not_pdf = _not_a_pdf(path)
    if not_pdf:
        raise LoadError(not_pdf)
    from .carriers import pdf_annotation_texts

    try:
        stamps = pdf_annotation_texts(path)  # stamps and notes mark their page
        with PdfPages(str(path)) as pages:
            blocks = pdf_blocks(pages, deadline=deadline, stamps=stamps)
    except (LoadError, TimeoutError):
        raise
    except PdfiumError as exc:
        if needs_password(exc):
            raise LoadError("encrypted PDF") from exc
        raise LoadError(f"corrupt or unreadable PDF ({exc})") from exc
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"corrupt or unreadable PDF ({exc.__class__.__name__}: {exc})") from exc
    if not blocks:
        raise LoadError("PDF has no extractable text (scanned image?)")
    return blocks


def _check_unzipped_size(path: Path) -> None:
    """Refuse a zip that expands past MAX_UNZIPPED_BYTES before anything is unpacked."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(f"corrupt or unreadable Word file ({exc})") from exc
    if total > MAX_UNZIPPED_BYTES:
        raise LoadError(
            f"Word file expands to {size_text(total)}, over the "
            f"{size_text(MAX_UNZIPPED_BYTES)} limit (a zip bomb or a damaged file)"
        )


def _section_markers(document) -> list[str | None]:
    """Per Word section, the page header or footer text that marks it exempt, if any: its
    paragraphs, tables, text boxes and watermark, first-page and even-page ones too."""
    from .exempt import is_marker_line

    marks: list[str | None] = []
    for section in document.sections:
        found = None
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            try:
                lines = docx_lines(part._get_or_add_definition().element)
            except (KeyError, ValueError, AttributeError):
                continue
            for i, line in enumerate(lines):
                run = " ".join(lines[i : i + 6])
                if is_marker_line(line):
                    found = line
                elif len(line.split()) <= 6 and is_marker_line(run):
                    found = run
                if found:
                    break
            if found:
                break
        marks.append(found)
    return marks


_V_NS = "urn:schemas-microsoft-com:vml"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TXBX = f"{{{'http://schemas.openxmlformats.org/wordprocessingml/2006/main'}}}txbxContent"


def _outside(el, stop, tags: tuple[str, ...]) -> bool:
    """No ancestor of el up to stop has one of tags."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return False
        parent = parent.getparent()
    return True


def docx_paragraph_text(p) -> str:
    """A Word paragraph's printed text, tracked insertions, content controls and field
    results included; its text boxes are read as paragraphs of their own."""
    w = f"{{{_W_NS}}}"
    out: list[str] = []
    for el in p.iter(f"{w}t", f"{w}tab", f"{w}br", f"{w}cr", f"{w}noBreakHyphen"):
        if not _outside(el, p, (_TXBX, _MC_FALLBACK)):
            continue
        tag = el.tag[len(w) :]
        if tag == "t":
            out.append(el.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag == "noBreakHyphen":
            out.append("-")
        else:
            out.append(" ")
    return "".join(out)


def docx_text_boxes(p) -> list[str]:
    """Paragraphs of the text boxes anchored in a paragraph (one copy of each)."""
    w = f"{{{_W_NS}}}"
    out = []
    for box in p.iter(_TXBX):
        if _outside(box, p, (_MC_FALLBACK, _TXBX)):
            out += [docx_paragraph_text(q) for q in box.iter(f"{w}p")]
    return out


def docx_lines(root) -> list[str]:
    """Every paragraph of a Word XML part (header, footer, comments) as a line, text
    boxes and watermarks (VML text paths) included."""
    w = f"{{{_W_NS}}}"
    lines = [clean_inline(docx_paragraph_text(p)) for p in root.iter(f"{w}p")]
    lines += [clean_inline(el.get("string") or "") for el in root.iter(f"{{{_V_NS}}}textpath")]
    return [line for line in lines if line]


def _not_a_pdf(path: Path) -> str | None:
    """What a file named .pdf really is when it is not a PDF (a saved web page, say)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if b"%PDF-" in head[:1024]:
        return None
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered:
        title = re.search(rb"<title[^>]*>([^<]{1,200})", head, re.I)
        named = f" titled '{html.unescape(title.group(1).decode('utf-8', 'replace')).strip()}'"
        return (
            "not a PDF: an HTML web page saved under a .pdf name"
            + (named if title else "")
            + "; download the report again"
        )
    return None


def _load_docx(path: Path, deadline: float | None = None) -> list[Block]:
    import zipfile

    import docx

    _check_unzipped_size(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"corrupt or unreadable Word file ({exc})") from exc
    blocks: list[Block] = []
    body = document.element.body
    if len(body) > 5 * MAX_BLOCKS_PER_FILE:
        raise LoadError(_too_many_blocks())
    section_marks = _section_markers(document)
    section = 0
    if section_marks and section_marks[0]:
        blocks.append(Block(text=section_marks[0], kind="heading"))
    pending_mark = None
    style_names: dict[str | None, str] = {}
    for n, child in enumerate(_body_items(body)):
        if n % 1000 == 0:
            _check_time(deadline, f"stopped at paragraph {n:,}")
        if len(blocks) > MAX_BLOCKS_PER_FILE:
            raise LoadError(_too_many_blocks())
        if pending_mark:
            blocks.append(Block(text=pending_mark, kind="heading"))
            pending_mark = None
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p" and child.find(f"{{{_W_NS}}}pPr/{{{_W_NS}}}sectPr") is not None:
            # This paragraph ends a section; the next may have an exempt page header.
            section += 1
            if section < len(section_marks):
                pending_mark = section_marks[section]
        if tag == "p":
            for box in docx_text_boxes(child):
                if clean_inline(box):
                    blocks.append(Block(text=clean_inline(box), kind="text"))
            text = clean_inline(docx_paragraph_text(child))
            if not text:
                continue
            para = docx.text.paragraph.Paragraph(child, document)
            style = _style_name(para, style_names)
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
                cells = _dedupe_cells(_cell_text(c) for c in row.cells)
                if any(cells):
                    blocks.append(Block(text="\t".join(cells), kind="row", cells=cells))
    return blocks


def _body_items(body):
    """Paragraphs and tables of the body, those inside content controls and custom XML
    wrappers included (python-docx skips them)."""
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag in ("p", "tbl"):
            yield child
        elif tag == "sdt":
            content = child.find(f"{{{_W_NS}}}sdtContent")
            if content is not None:
                yield from _body_items(content)
        elif tag in ("customXml", "ins", "smartTag"):
            yield from _body_items(child)


def _cell_text(cell) -> str:
    return clean_inline(" ".join(docx_paragraph_text(p) for p in cell._tc.iter(f"{{{_W_NS}}}p")))


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _style_name(para, cache: dict[str | None, str]) -> str:
    """A paragraph's style name, looked up once per style: python-docx scans every style
    for each unstyled paragraph, which made a file of many paragraphs take minutes."""
    style_id = para._p.style
    if style_id not in cache:
        style = para.style
        cache[style_id] = (style.name or "").lower() if style is not None else ""
    return cache[style_id]


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
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    blocks: list[Block] = []
    wanted = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre", "blockquote"]
    loose: list[str] = []  # text outside those elements (in a <div>, a bare <strong>)

    def flush_loose() -> None:
        # Loose text is not indexed, but an exemption marker in it still cuts what follows.
        from .exempt import is_marker_line

        if loose:
            joined = " ".join(loose)
            mark = next((t for t in (*loose, joined) if is_marker_line(t)), None)
            if mark:
                blocks.append(Block(text=mark, kind="text"))
            loose.clear()

    for el in soup.descendants:
        if isinstance(el, NavigableString):
            if type(el) is NavigableString and el.strip() and el.find_parent(wanted) is None:
                loose.append(re.sub(r"\s+", " ", el).strip())
            continue
        if el.name not in wanted:
            continue
        if el.name != "tr" and el.find_parent(["li", "tr", "p"]) is not None:
            continue
        flush_loose()
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
    flush_loose()
    if not blocks:
        body = re.sub(r"\s+", " ", soup.get_text(" ")).strip()
        if body:
            blocks.append(Block(text=body, kind="text"))
    return blocks
