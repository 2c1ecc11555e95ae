"""The catalogue of exempt-marker variants (and of public papers that only look exempt).

Each variant writes one file: a public paragraph, the marker, then a planted secret. Tests
check both directions: the secret is in no index file, no search result and no note, and
the public paragraph before the marker is indexed. Add a row to add a case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .conftest import write_docx, write_pdf

HEAD = "Cabinet Meeting on 17 January 2024\n\nReport of the Director of Children's Services\n\n"


@dataclass(frozen=True)
class Variant:
    name: str
    suffix: str
    write: Callable[[Path, str, str], Path]


def _public(token: str) -> str:
    return f"1. Inspectors found that {token} care leavers live in suitable accommodation."


def _secret(token: str) -> str:
    return (
        f"2. The child {token} Quartermaine is placed in emergency accommodation at Acacia Avenue."
    )


def text_variant(name: str, marker: str, suffix: str = ".txt") -> Variant:
    def write(path: Path, pub: str, sec: str) -> Path:
        path.write_text(
            f"{HEAD}{_public(pub)}\n\n{marker}\n\n{_secret(sec)}\n\n3. More about {sec}.\n",
            encoding="utf-8",
        )
        return path

    return Variant(name, suffix, write)


def html_variant(name: str, marker_html: str) -> Variant:
    def write(path: Path, pub: str, sec: str) -> Path:
        path.write_text(
            "<html><head><title>Cabinet report</title></head><body>"
            "<h1>Cabinet report: children's services</h1>"
            f"<p>{_public(pub)}</p>{marker_html}<p>{_secret(sec)}</p>"
            f"<ul><li>More about {sec}.</li></ul></body></html>",
            encoding="utf-8",
        )
        return path

    return Variant(name, ".html", write)


def docx_variant(name: str, **marker) -> Variant:
    def write(path: Path, pub: str, sec: str) -> Path:
        return write_docx(path, [_public(pub)], [_secret(sec), f"3. More about {sec}."], **marker)

    return Variant(name, ".docx", write)


def pdf_variant(name: str, *, body=None, header=None, footer=None, bold=False) -> Variant:
    """Page 1 public; pages 2-4 exempt, marked in the body of page 2 and/or by a running
    header or footer on pages 2-4 only."""

    def write(path: Path, pub: str, sec: str) -> Path:
        first = [
            "Cabinet report: children's services",
            "",
            _public(pub),
            "",
            "Councillors are asked to note the findings of the inspection report.",
        ]
        exempt_pages = [
            [*(body or []), "", _secret(sec), "", f"3. More about {sec} and the family."],
            [f"4. Further detail about {sec} and the placement."],
            [f"5. Costs of the placement for {sec}."],
        ]
        marks = {n: header for n in (2, 3, 4)} if header else None
        foots = {n: footer for n in (2, 3, 4)} if footer else None
        return write_pdf(
            path,
            [first, *exempt_pages],
            header=marks,
            footer=foots,
            bold=set(body or []) if bold else None,
        )

    return Variant(name, ".pdf", write)


SCHEDULE = "of Part 1 of Schedule 12A of the Local Government Act 1972"

EXEMPT_VARIANTS: list[Variant] = [
    # Plain text: the statutory sentence and its many printed forms.
    text_variant("statutory-sentence", f"Not for publication by virtue of paragraph 3 {SCHEDULE}"),
    text_variant("not-for-publication-caps", "NOT FOR PUBLICATION"),
    text_variant("document-is-restricted", "Document is Restricted"),
    text_variant("exempt-information-alone", "EXEMPT INFORMATION"),
    text_variant("part-2-exempt", "Part 2 - Exempt"),
    text_variant("part-ii", "PART II"),
    text_variant("part-ii-exempt-information", "PART II - EXEMPT INFORMATION"),
    text_variant("confidential-appendix", "Confidential Appendix"),
    text_variant("not-for-split-two-lines", "Not for\npublication"),
    text_variant("schedule-split-two-lines", "Schedule\n12A"),
    text_variant("restricted-split-two-lines", "Document is\nRestricted"),
    text_variant("schedule-12-space-a", "Schedule 12 A"),
    text_variant("sch-dot-12a", "Sch. 12A"),
    text_variant("soft-hyphen", "Not for publi\u00adcation"),
    text_variant("line-break-hyphen", "Not for publi-\ncation"),
    text_variant("tab-inside", "Not\tfor publication"),
    text_variant(
        "paragraph-three", "This item contains exempt information by virtue of paragraph three"
    ),
    text_variant("restricted", "RESTRICTED"),
    text_variant("official-sensitive", "OFFICIAL-SENSITIVE"),
    text_variant("official-sensitive-en-dash", "OFFICIAL \u2013 SENSITIVE"),
    text_variant("private-and-confidential", "Private and Confidential"),
    text_variant("exempt-from-publication", "Exempt from publication"),
    text_variant("odd-spacing-and-case", "Not  for   PUBLICATION"),
    text_variant("inside-a-sentence", "This appendix is not for publication."),
    text_variant("appendix-exempt", "Appendix 2 \u2013 Exempt"),
    text_variant("confidential-alone", "CONFIDENTIAL"),
    text_variant("exempt-report", "Exempt Report"),
    text_variant("strictly-confidential", "STRICTLY CONFIDENTIAL"),
    text_variant("nbsp-inside", "Document\u00a0is\u00a0restricted"),
    text_variant("zero-width-space", "Not for publi\u200bcation"),
    text_variant("names-a-child", "NOT FOR PUBLICATION: Child X, 14 Acacia Avenue"),
    text_variant(
        "schedule-paragraph-1", "Schedule 12A, paragraph 1 (information relating to an individual)"
    ),
    text_variant("by-virtue-of-paragraph", f"By virtue of paragraph 3 {SCHEDULE}"),
    text_variant("exempt-information-paragraph", "Exempt information under paragraph 3"),
    # Markdown.
    text_variant("md-heading-part-2", "## Part 2 Exempt Information", ".md"),
    text_variant("md-bold", "**NOT FOR PUBLICATION**", ".md"),
    text_variant("md-h1-exempt", "# EXEMPT INFORMATION", ".md"),
    text_variant("md-inline-div", "<div>NOT FOR PUBLICATION</div>", ".md"),
    text_variant("md-inline-strong", "<strong>Exempt information</strong>", ".md"),
    text_variant("md-table-row", "| Exempt | Not for publication |\n|---|---|", ".md"),
    text_variant("md-blockquote", "> Document is Restricted", ".md"),
    # HTML.
    html_variant("html-div", "<div>NOT FOR PUBLICATION</div>"),
    html_variant("html-bare-strong", "<strong>EXEMPT INFORMATION</strong>"),
    html_variant("html-p-strong", "<p><strong>Not for publication</strong></p>"),
    html_variant("html-h2-part-ii", "<h2>Part II</h2>"),
    html_variant("html-div-split", "<div><span>Not for</span><br><span>publication</span></div>"),
    html_variant("html-table-cell", "<table><tr><td>Document is Restricted</td></tr></table>"),
    html_variant("html-p-schedule", "<p>Schedule 12A</p>"),
    html_variant("html-div-official", "<div class='marking'>OFFICIAL-SENSITIVE</div>"),
    # Word.
    docx_variant("docx-paragraph", marker=["NOT FOR PUBLICATION"]),
    docx_variant("docx-part-ii-heading", marker=["PART II - EXEMPT INFORMATION"]),
    docx_variant("docx-page-header-only", header_after="NOT FOR PUBLICATION"),
    docx_variant("docx-page-footer-only", footer_after="Exempt information - Schedule 12A"),
    docx_variant("docx-table-cell", marker_in_table="Exempt information"),
    docx_variant("docx-split-paragraphs", marker=["Not for", "publication"]),
    docx_variant("docx-header-restricted", header_after="RESTRICTED"),
    # PDF.
    pdf_variant("pdf-body-line", body=["NOT FOR PUBLICATION"]),
    pdf_variant("pdf-bold-heading", body=["PART II - EXEMPT INFORMATION"], bold=True),
    pdf_variant("pdf-running-header", header="NOT FOR PUBLICATION"),
    pdf_variant("pdf-running-footer", footer="EXEMPT INFORMATION - Schedule 12A"),
    pdf_variant(
        "pdf-line-break-hyphen", body=["Not for publi-", "cation by virtue of paragraph 3"]
    ),
    pdf_variant("pdf-split-restricted", body=["Document is", "", "Restricted"]),
    pdf_variant("pdf-header-official-sensitive", header="OFFICIAL-SENSITIVE"),
    pdf_variant("pdf-header-part-ii", header="PART II"),
]


# Public papers that only look exempt: every word of them must be indexed.
AGENDA_EXCLUSION = (
    f"{HEAD}Agenda\n\n"
    "1. Apologies for absence\n\n"
    "2. Ofsted inspection of children's services\n\n"
    "3. Exclusion of the public: to resolve that the public be excluded from the meeting "
    "for the following item on the grounds that it involves the likely disclosure of "
    f"exempt information as defined in paragraph 3 {SCHEDULE}\n\n"
)
AGENDA_TWO_LINES = (
    f"{HEAD}Agenda\n\n"
    "Exclusion of the Press and Public\n\n"
    f"To consider exempt information as defined in paragraph 3 {SCHEDULE}\n\n"
)
PUBLIC_LOOKALIKES: dict[str, str] = {
    "agenda-exclusion-of-the-public": AGENDA_EXCLUSION,
    "agenda-exclusion-two-lines": AGENDA_TWO_LINES,
    "restricted-in-a-sentence": f"{HEAD}Family time was restricted by the court order.\n\n",
    "part-1-heading": f"{HEAD}Part 1\n\n",
    "private-fostering": f"{HEAD}Private fostering\n\n",
    "confidentiality-sentence": f"{HEAD}Young people said their confidentiality was respected.\n\n",
    "official-statistics": f"{HEAD}Official statistics show a rise in referrals.\n\n",
}
