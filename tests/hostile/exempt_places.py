"""A generated corpus of exempt markings: wordings x places x spellings, in five formats.

Each case writes one file holding a distinctive secret that must never be written by a
build. A case's `scope` says what the build must do with the rest: "whole" (the file is
withheld: the marking is in its properties, metadata, cover, a status label or a place
outside the body) or "cut" (the public paragraph before a body marking is still indexed).
Controls are public papers that only look exempt: every word of them is indexed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .conftest import write_pdf

# Wordings of real council papers (Schedule 12A, the security classifications, cover
# sheets), not the examples the checks were first written from.
WORDINGS = [
    "Exempt information - para. 1",
    "PART B \u2013 EXEMPT REPORT",
    "CLOSED SESSION \u2013 Exempt (para 3)",
    "NOT FOR PUBLICATION",
    "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the "
    "Local Government Act 1972",
    "OFFICIAL-SENSITIVE",
    "Private and Confidential",
    "Part II \u2013 Exempt Information",
    "Sch. 12A para 1",
    "RESTRICTED",
    "TOP SECRET",
    "Confidential Appendix 2",
    "Exempt Appendix B (paragraph 3)",
    "Commercial in confidence",
    "Information exempt under paragraphs 1 and 2 of Schedule 12A LGA 1972",
    "OFFICIAL SENSITIVE: PERSONAL",
    "Part 2 Item",
    "NID I'W GYHOEDDI",
]
# Cover-sheet labels that say the whole paper is not public.
STATUS_LABELS = [
    ("Report status", "Exempt"),
    ("Classification", "OFFICIAL-SENSITIVE"),
    ("Is the report exempt?", "Yes - paragraph 3"),
    ("Protective marking", "RESTRICTED"),
    ("Exempt information", "Yes, paragraph 1 of Schedule 12A"),
    ("Security classification", "Confidential"),
]

_CYRILLIC = str.maketrans("AaEeOoPpCcXxTHKMBi", "АаЕеОоРрСсХхТНКМВі")


def _plain(text: str) -> str:
    return text


def _cyrillic(text: str) -> str:
    return text.translate(_CYRILLIC)


def _word_a_line(text: str) -> str:
    return "\n".join(text.split())


def _letter_spaced(text: str) -> str:
    return "  ".join(" ".join(word) for word in text.split())


def _soft_breaks(text: str) -> str:
    return text.replace(" ", "\u00a0").replace("ion", "i\u00adon").replace("-", "\u2011")


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


SPELLINGS: dict[str, Callable[[str], str]] = {
    "plain": _plain,
    "cyrillic": _cyrillic,
    "word-a-line": _word_a_line,
    "letter-spaced": _letter_spaced,
    "soft": _soft_breaks,
    "fullwidth": _fullwidth,
}
# Places whose spelling may span lines (plain text, Markdown, Word paragraphs).
_ONE_LINE = ("plain", "cyrillic", "soft", "fullwidth", "letter-spaced")


@dataclass(frozen=True)
class Case:
    name: str
    suffix: str
    scope: str  # "whole" | "cut"
    write: Callable[[Path, str, str], None]


HEAD = "Cabinet Meeting on 17 January 2024"
TITLE = "Report of the Director of Children's Services"


def public_para(token: str) -> str:
    return f"1. Inspectors found that {token} care leavers live in suitable accommodation."


def secret_para(token: str) -> str:
    return (
        f"2. The child {token} Quartermaine is placed in emergency accommodation at "
        "Acacia Avenue with her brother."
    )


# --- Plain text and Markdown ---------------------------------------------------------


def _text_case(name: str, marker: str, suffix: str, cover: bool = False) -> Case:
    def write(path: Path, pub: str, sec: str) -> None:
        if cover:
            body = f"{marker}\n\n{HEAD}\n\n{public_para(pub)}\n\n{secret_para(sec)}\n"
        else:
            body = f"{HEAD}\n\n{public_para(pub)}\n\n{marker}\n\n{secret_para(sec)}\n"
        path.write_text(body, encoding="utf-8")

    return Case(name, suffix, "whole" if cover else "cut", write)


def _doubt_case(name: str, line: str) -> Case:
    def write(path: Path, pub: str, sec: str) -> None:
        path.write_text(
            f"{HEAD}\n\n{public_para(pub)}\n\n{secret_para(sec)}\n\n{line}\n\n"
            f"3. More about {sec}.\n",
            encoding="utf-8",
        )

    return Case(name, ".txt", "whole", write)


def _md_status_case(name: str, label: str, value: str) -> Case:
    def write(path: Path, pub: str, sec: str) -> None:
        path.write_text(
            f"# {TITLE}\n\n| Item | Detail |\n|---|---|\n| Meeting | {HEAD} |\n"
            f"| {label} | {value} |\n\n{public_para(pub)}\n\n{secret_para(sec)}\n",
            encoding="utf-8",
        )

    return Case(name, ".md", "whole", write)


# --- HTML ----------------------------------------------------------------------------


def _html_case(name: str, place: str, marker: str) -> Case:
    head = "<title>Cabinet report</title>"
    top = bottom = middle = ""
    scope = "whole"
    if place == "title":
        head = f"<title>{marker}</title>"
    elif place == "meta":
        head += f'<meta name="classification" content="{marker}">'
    elif place == "meta-dc":
        head += f'<meta name="DC.accessRights" content="{marker}">'
    elif place == "header":
        top = f"<header><div class='banner'>{marker}</div></header>"
    elif place == "footer":
        bottom = f"<footer><p>{marker}</p></footer>"
    elif place == "status-row":
        label, value = marker.split("|")
        middle = f"<table><tr><th>{label}</th><td>{value}</td></tr></table>"
    else:  # a marking in the body
        middle = {"h2": f"<h2>{marker}</h2>", "div": f"<div><b>{marker}</b></div>"}[place]
        scope = "cut"

    def write(path: Path, pub: str, sec: str) -> None:
        if scope == "cut":
            body = f"<p>{public_para(pub)}</p>{middle}<p>{secret_para(sec)}</p>"
        else:
            body = f"{middle}<p>{public_para(pub)}</p><p>{secret_para(sec)}</p>"
        path.write_text(
            f"<html><head>{head}</head><body>{top}<h1>{TITLE}</h1>{body}{bottom}</body></html>",
            encoding="utf-8",
        )

    return Case(name, ".html", scope, write)


# --- Word ----------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run_xml(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _xml_el(xml: str):
    from docx.oxml import parse_xml

    return parse_xml(xml)


def _docx_case(name: str, place: str, marker: str) -> Case:
    scope = "cut" if place in ("paragraph", "text-box", "tracked", "field", "header") else "whole"

    def write(path: Path, pub: str, sec: str) -> None:
        import docx
        from docx.enum.section import WD_SECTION

        document = docx.Document()
        body = document.element.body
        if place == "content-control":  # a cover-page building block
            sdt = _xml_el(
                f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:docPartObj><w:docPartGallery '
                'w:val="Cover Pages"/></w:docPartObj></w:sdtPr><w:sdtContent>'
                f"<w:p>{_run_xml(marker)}</w:p><w:p>{_run_xml(HEAD)}</w:p>"
                "</w:sdtContent></w:sdt>"
            )
            body.insert(0, sdt)
        document.add_heading(TITLE, level=1)
        if place == "status-row":
            label, value = marker.split("|")
            table = document.add_table(rows=2, cols=2)
            table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Meeting", HEAD
            table.rows[1].cells[0].text, table.rows[1].cells[1].text = label, value
        document.add_paragraph(public_para(pub))
        if place == "paragraph":
            for line in marker.split("\n"):
                document.add_paragraph(line)
        elif place == "text-box":
            para = document.add_paragraph()
            para._p.append(
                _xml_el(
                    f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
                    '<v:shape style="width:200pt;height:40pt"><v:textbox><w:txbxContent>'
                    f"<w:p>{_run_xml(marker)}</w:p></w:txbxContent></v:textbox></v:shape>"
                    "</w:pict></w:r>"
                )
            )
        elif place == "tracked":
            body.append(
                _xml_el(
                    f'<w:p xmlns:w="{W}"><w:ins w:id="7" w:author="Clerk" '
                    f'w:date="2024-01-10T09:00:00Z">{_run_xml(marker)}</w:ins></w:p>'
                )
            )
            body.append(body.find(f"{{{W}}}sectPr"))  # the section's properties stay last
        elif place == "field":
            body.append(
                _xml_el(
                    f'<w:p xmlns:w="{W}"><w:fldSimple w:instr=" DOCPROPERTY Marking ">'
                    f"{_run_xml(marker)}</w:fldSimple></w:p>"
                )
            )
            body.append(body.find(f"{{{W}}}sectPr"))
        elif place == "comment":
            para = document.add_paragraph("Councillors are asked to note the report.")
            document.add_comment(para.runs, text=marker, author="Clerk")
        elif place == "title-property":
            document.core_properties.title = marker
        elif place == "keywords-property":
            document.core_properties.keywords = f"children; {marker}; placements"
        if place == "header":
            section = document.add_section(WD_SECTION.NEW_PAGE)
            section.header.is_linked_to_previous = False
            section.header.paragraphs[0].text = marker
        if place in ("first-page-header", "even-footer", "watermark"):
            section = document.sections[0]
            if place == "first-page-header":
                section.different_first_page_header_footer = True
                section.first_page_header.paragraphs[0].text = marker
            elif place == "even-footer":
                document.settings.odd_and_even_pages_header_footer = True
                section.even_page_footer.paragraphs[0].text = marker
            else:
                section.header.paragraphs[0]._p.append(
                    _xml_el(
                        f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
                        f'<v:shape><v:textpath string="{marker}"/></v:shape></w:pict></w:r>'
                    )
                )
        document.add_paragraph(secret_para(sec))
        document.add_paragraph(f"3. More about {sec} and the placement.")
        document.save(str(path))
        if place == "custom-property":
            _add_custom_property(path, *marker.split("|"))

    return Case(name, ".docx", scope, write)


def _add_custom_property(path: Path, name: str, value: str) -> None:
    """A Word custom property (File > Properties > Custom), as Office writes it."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="{name}"><vt:lpwstr>{value}</vt:lpwstr></property></Properties>'
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/docProps/custom.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
    ).encode()
    rels = parts["_rels/.rels"].decode()
    parts["_rels/.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdCustom1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
    ).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name_, data in parts.items():
            zf.writestr(name_, data)


# --- PDF -----------------------------------------------------------------------------


def _pdf_case(name: str, place: str, marker: str) -> Case:
    scope = "cut" if place in ("body", "stamp-page-2", "header-page-2") else "whole"

    marker = marker.replace("\u2013", "-")  # fpdf2's core fonts print Latin-1 only

    def write(path: Path, pub: str, sec: str) -> None:
        first = [TITLE, "", HEAD, "", public_para(pub), ""]
        first += ["Councillors are asked to note the findings of the inspection report."]
        later = [secret_para(sec), "", f"3. More about {sec} and the family."]
        if place == "body":
            pages = [first, [marker, "", *later]]
        elif place == "status-row":
            pages = [[TITLE, "", f"{marker.split('|')[0]}    {marker.split('|')[1]}", *first[2:]]]
            pages.append(later)
        else:
            pages = [first, later]
        header = {2: marker} if place == "header-page-2" else None
        write_pdf(path, pages, header=header)
        if place in ("stamp-page-1", "stamp-page-2", "subject", "keywords", "title", "form-field"):
            _pdf_extras(path, place, marker)

    return Case(name, ".pdf", scope, write)


def _pdf_extras(path: Path, place: str, marker: str) -> None:
    """A FreeText stamp (pypdf), or the document information dictionary."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    if place == "form-field":
        _add_text_field(writer, "Classification", marker)
    elif place.startswith("stamp"):
        stamp = FreeText(text=marker, rect=(300, 760, 560, 800), font_size="14pt")
        writer.add_annotation(page_number=0 if place.endswith("1") else 1, annotation=stamp)
    else:
        writer.add_metadata({f"/{place.capitalize()}": marker})
    with path.open("wb") as fh:
        writer.write(fh)


def _add_text_field(writer, name: str, value: str) -> None:
    """A filled-in text form field (an AcroForm widget on page 1)."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    field = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject(name),
            NameObject("/V"): TextStringObject(value),
            NameObject("/F"): NumberObject(4),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (300, 780, 560, 800)]),
        }
    )
    ref = writer._add_object(field)
    page = writer.pages[0]
    if "/Annots" not in page:
        page[NameObject("/Annots")] = ArrayObject()
    page["/Annots"].append(ref)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([ref])}
    )


# --- The catalogue -----------------------------------------------------------------


def _cases() -> list[Case]:
    cases: list[Case] = []
    n = 0

    def pick(spellings=_ONE_LINE) -> tuple[str, str]:
        nonlocal n
        wording = WORDINGS[n % len(WORDINGS)]
        spelling = spellings[(n // len(WORDINGS) + n) % len(spellings)]
        n += 1
        return SPELLINGS[spelling](wording), spelling

    for i in range(10):
        marker, spelling = pick(tuple(SPELLINGS))
        cases.append(_text_case(f"txt-body-{i}-{spelling}", marker, ".txt"))
    for i in range(3):
        marker, spelling = pick()
        cases.append(_text_case(f"txt-cover-{i}-{spelling}", marker, ".txt", cover=True))
    for i in range(4):
        marker, spelling = pick(tuple(SPELLINGS))
        cases.append(_text_case(f"md-heading-{i}-{spelling}", f"## {marker}", ".md"))
    # Marking-like words that no rule can place: the doubt withholds the whole file.
    for i, line in enumerate(["Draft exempt placement note", "Exempt? To be confirmed by legal"]):
        cases.append(_doubt_case(f"txt-cannot-be-placed-{i}", line))
    for i, (label, value) in enumerate(STATUS_LABELS[:3]):
        cases.append(_md_status_case(f"md-status-{i}", label, value))
    html_places = ["title", "meta", "meta-dc", "header", "footer", "h2", "div"]
    for place in html_places:
        for j in range(2):
            marker, spelling = pick()
            cases.append(_html_case(f"html-{place}-{j}-{spelling}", place, marker))
    for i, (label, value) in enumerate(STATUS_LABELS[3:]):
        cases.append(_html_case(f"html-status-row-{i}", "status-row", f"{label}|{value}"))
    docx_places = [
        "paragraph",
        "text-box",
        "tracked",
        "field",
        "header",
        "content-control",
        "comment",
        "title-property",
        "keywords-property",
        "first-page-header",
        "even-footer",
        "watermark",
    ]
    for place in docx_places:
        for j in range(2):
            marker, spelling = pick()
            cases.append(_docx_case(f"docx-{place}-{j}-{spelling}", place, marker))
    cases.append(_docx_case("docx-paragraphs-word-a-line", "paragraph", "NOT\nFOR\nPUBLICATION"))
    for i, (label, value) in enumerate(STATUS_LABELS[:3]):
        cases.append(_docx_case(f"docx-status-row-{i}", "status-row", f"{label}|{value}"))
    for i, (label, value) in enumerate(
        [("Classification", "OFFICIAL-SENSITIVE"), ("MSIP_Label_Name", "Restricted")]
    ):
        cases.append(_docx_case(f"docx-custom-property-{i}", "custom-property", f"{label}|{value}"))
    pdf_places = ["body", "stamp-page-1", "stamp-page-2", "subject", "keywords", "title"]
    pdf_places += ["header-page-2", "form-field"]
    for place in pdf_places:
        for j in range(2):
            # fpdf2's core fonts print Latin-1 only: a PDF carries the plain or folded forms
            marker, spelling = pick(("plain", "letter-spaced"))
            cases.append(_pdf_case(f"pdf-{place}-{j}-{spelling}", place, marker))
    for i, (label, value) in enumerate(STATUS_LABELS[:2]):
        cases.append(_pdf_case(f"pdf-status-row-{i}", "status-row", f"{label}|{value}"))
    return cases


CASES = _cases()


# --- Controls: public papers that only look exempt ------------------------------------


def _control_text(suffix: str, paragraphs: list[str]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        if suffix == ".html":
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            path.write_text(
                f"<html><head><title>{TITLE}</title><meta name='classification' "
                f"content='OFFICIAL'></head><body><h1>{TITLE}</h1>{body}</body></html>",
                encoding="utf-8",
            )
        elif suffix == ".docx":
            import docx

            document = docx.Document()
            document.add_heading(TITLE, level=1)
            table = document.add_table(rows=2, cols=2)
            table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Report status", "Open"
            table.rows[1].cells[0].text = "Is the report exempt?"
            table.rows[1].cells[1].text = "No"
            for p in paragraphs:
                document.add_paragraph(p)
            document.core_properties.title = "Confidentiality and information sharing"
            document.save(str(path))
        elif suffix == ".pdf":
            write_pdf(path, [[TITLE, "", *paragraphs]], footer={1: "OFFICIAL"})
        else:
            path.write_text(f"{TITLE}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")

    return write


def _sentence(token: str, text: str) -> str:
    return f"{text} ({token} noted this.)"


def control_paragraphs(token: str) -> dict[str, tuple[str, list[str]]]:
    """name -> (suffix, paragraphs): each paragraph must be indexed."""
    return {
        "control-exempt-from-charges": (
            ".txt",
            [
                _sentence(
                    token,
                    "1. Children in care are exempt from charges for school transport and "
                    "care leavers are exempt from council tax until they are 25.",
                )
            ],
        ),
        "control-agenda-announces-exempt-item": (
            ".md",
            [
                "Agenda",
                "1. Apologies for absence",
                "2. Ofsted inspection of children's services",
                "3. Item 9: Placement sufficiency - Exempt appendix (paragraph 3)",
                "4. Exclusion of the press and public: to resolve that the public be excluded "
                "for the following item, which involves the likely disclosure of exempt "
                "information as defined in paragraph 3 of Part 1 of Schedule 12A",
                _sentence(
                    token,
                    "5. The inspection found that personal advisers know their care leavers "
                    "well and help them into work, education and training.",
                ),
            ],
        ),
        "control-report-about-confidentiality": (
            ".html",
            [
                "Confidentiality",
                _sentence(
                    token,
                    "1. Young people told inspectors that their confidentiality was respected "
                    "and that workers explained when information had to be shared.",
                ),
                "2. The service keeps case records confidential and restricted to the staff "
                "who need them.",
            ],
        ),
        "control-confidential-advice-service": (
            ".docx",
            [
                _sentence(
                    token,
                    "1. The council runs a free and confidential advice service for care "
                    "leavers, open every weekday.",
                ),
                "2. Exempt information: Not applicable",
            ],
        ),
        "control-official-footer": (
            ".pdf",
            [
                _sentence(token, "1. Leaders have improved practice since the last inspection."),
                "2. Family time was restricted by the court order in two cases.",
            ],
        ),
    }


def write_control(folder: Path, name: str, token: str) -> Path:
    suffix, paragraphs = control_paragraphs(token)[name]
    path = folder / f"{name}{suffix}"
    _control_text(suffix, paragraphs)(path)
    return path
