"""A cabinet briefing (webapp.cabinet.Briefing) as a Word document and as a PDF.

Every piece of text is written as text (python-docx runs, fpdf2 cells), never as markup,
so nothing from a report can format or script the file."""

from __future__ import annotations

import io

from .cabinet import Briefing, Reference


def reference_line(ref: Reference) -> str:
    """'Leeds: Inspection of ... (Jul 2025); section: ...; paragraph 10; page 3; URL'."""
    parts = [ref.report + (f" ({ref.date})" if ref.date else "")]
    if ref.section:
        parts.append(f"section: {ref.section}")
    if ref.paragraph:
        parts.append(f"paragraph {ref.paragraph}")
    if ref.page:
        parts.append(f"page {ref.page}")
    if ref.url:
        parts.append(ref.url)
    return "; ".join(parts)


def _subtitle(b: Briefing) -> str:
    return (f"{b.council} · " if b.council else "") + f"Prepared {b.prepared}"


def briefing_docx(b: Briefing) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = b.title
    doc.add_heading(b.title, level=0)
    doc.add_paragraph(_subtitle(b))
    doc.add_paragraph(
        "Every statement quotes the published Ofsted report paragraph given in its "
        "numbered reference."
    )
    for heading, rows in (("Latest grades", b.grades), ("Statistical neighbours", b.neighbours)):
        if not rows:
            continue
        doc.add_heading(heading, level=1)
        columns = list(rows[0])
        table = doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, columns):
            cell.text = name
        for row in rows:
            cells = table.add_row().cells
            for cell, name in zip(cells, columns):
                cell.text = str(row.get(name, ""))
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
    for note in b.notes:
        doc.add_paragraph(note).runs[0].italic = True
    for i, section in enumerate(b.sections, 1):
        doc.add_heading(f"{i}. {section.question}", level=1)
        for line in section.lines:
            if line.startswith("- "):
                doc.add_paragraph(line[2:], style="List Bullet")
            else:
                doc.add_paragraph(line)
    if b.references:
        doc.add_heading("References", level=1)
        for ref in b.references:
            p = doc.add_paragraph()
            p.add_run(f"[{ref.number}] ").bold = True
            p.add_run(reference_line(ref))
            if ref.quote:
                doc.add_paragraph(f"\u201c{ref.quote}\u201d").runs[0].italic = True
    doc.add_paragraph(b.drawn_from)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# The PDF's built-in fonts hold Latin-1 only: typographic marks become their plain forms.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00b7": "-",
        "\u00a0": " ",
    }
)


def _latin(text: str) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def briefing_pdf(b: Briefing) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_title(_latin(b.title))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    width = pdf.epw

    def para(text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, size * 0.5, _latin(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    para(b.title, 18, "B", 2)
    para(_subtitle(b), 11)
    para(
        "Every statement quotes the published Ofsted report paragraph given in its numbered "
        "reference.",
        9,
        "I",
    )
    for heading, rows in (("Latest grades", b.grades), ("Statistical neighbours", b.neighbours)):
        if not rows:
            continue
        para(heading, 13, "B")
        pdf.set_font("Helvetica", "", 7)
        columns = list(rows[0])
        with pdf.table(
            [[_latin(c) for c in columns]]
            + [[_latin(str(r.get(c, ""))) for c in columns] for r in rows],
            width=width,
            line_height=3.6,
            first_row_as_headings=True,
        ):
            pass
        pdf.ln(2)
    for note in b.notes:
        para(note, 8, "I")
    for i, section in enumerate(b.sections, 1):
        para(f"{i}. {section.question}", 13, "B")
        for line in section.lines:
            para(("- " + line[2:]) if line.startswith("- ") else line, 10, "", 1)
    if b.references:
        para("References", 13, "B")
        for ref in b.references:
            para(f"[{ref.number}] {reference_line(ref)}", 9, "", 0.5)
            if ref.quote:
                para(f'"{ref.quote}"', 8, "I", 1.5)
    para(b.drawn_from, 9)
    return bytes(pdf.output())
