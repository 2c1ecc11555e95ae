"""Bad input, as a hostile but realistic user would bring it: builders for the catalogue.

Every exempt-marker variant is a file holding a public paragraph, then the marker, then a
planted secret. `EXEMPT_VARIANTS` (in catalogue.py) lists them; add a row there to add a case.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "corpus"
GOOD_REPORT = CORPUS / "staffordshire-2019-ilacs-summary.md"


def index_bytes(index_dir: Path) -> bytes:
    """Every byte of every file of an index (following its link to the build)."""
    root = index_dir.resolve()
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


# --- PDF (fpdf2) ---------------------------------------------------------------------


def write_pdf(
    path: Path,
    pages: list[list[str]],
    header: dict[int, str] | None = None,
    footer: dict[int, str] | None = None,
    bold: set[str] | None = None,
) -> Path:
    """A PDF of body lines per page; header/footer text by page number (1-based)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    for n, lines in enumerate(pages, start=1):
        pdf.add_page()
        if header and header.get(n):
            pdf.set_font("Helvetica", "B", 9)
            pdf.set_xy(20, 10)
            pdf.cell(0, 5, header[n])
        y = 40.0
        for line in lines:
            if line == "":
                y += 6
                continue
            pdf.set_font("Helvetica", "B" if bold and line in bold else "", 11)
            pdf.set_xy(20, y)
            pdf.cell(0, 5, line)
            y += 5.5
        if footer and footer.get(n):
            pdf.set_font("Helvetica", "", 9)
            pdf.set_xy(20, 285)
            pdf.cell(0, 5, footer[n])
        pdf.set_font("Helvetica", "", 9)
        pdf.set_xy(180, 285)
        pdf.cell(0, 5, str(n))
    pdf.output(str(path))
    return path


# --- Word (python-docx) --------------------------------------------------------------


def write_docx(
    path: Path,
    before: list[str],
    after: list[str],
    marker: list[str] | None = None,
    header_after: str | None = None,
    footer_after: str | None = None,
    marker_in_table: str | None = None,
) -> Path:
    """Paragraphs before and after a marker; the marker may be paragraphs, a table cell, or
    only the page header/footer of a new section holding the `after` paragraphs."""
    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    document.add_heading("Cabinet report: children's services", level=1)
    for text in before:
        document.add_paragraph(text)
    for text in marker or []:
        document.add_paragraph(text)
    if marker_in_table:
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = marker_in_table
        table.rows[0].cells[1].text = "Appendix 3"
    if header_after or footer_after:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        if header_after:
            section.header.is_linked_to_previous = False
            section.header.paragraphs[0].text = header_after
        if footer_after:
            section.footer.is_linked_to_previous = False
            section.footer.paragraphs[0].text = footer_after
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def write_docx_bomb(path: Path, expanded_mb: int) -> Path:
    """A valid Word file carrying one extra part that expands to `expanded_mb` MB."""
    import docx

    document = docx.Document()
    document.add_paragraph("A small report on care leavers.")
    document.save(str(path))
    chunk = b"<w:p/>" * (1024 * 1024 // 6)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("word/padding.xml", "w", force_zip64=True) as out,
    ):
        for _ in range(expanded_mb):
            out.write(chunk)
    return path


def write_docx_paragraphs(path: Path, count: int, text: str = "") -> Path:
    """A Word file whose body is `count` paragraphs (empty ones are only a few bytes)."""
    import docx

    document = docx.Document()
    document.add_paragraph("placeholder")
    document.save(str(path))
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    para = f"<w:p>{run}</w:p>".encode()
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts["word/document.xml"].decode()
    start = xml.index("<w:body>") + len("<w:body>")
    end = xml.index("<w:sectPr")
    parts["word/document.xml"] = (xml[:start] + para.decode() * count + xml[end:]).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A corpus of one short real report (the cheapest real build)."""
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOOD_REPORT, corpus / GOOD_REPORT.name)
    return corpus
