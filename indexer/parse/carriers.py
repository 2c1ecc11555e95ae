"""The places of a file outside its body flow that can mark it as not public.

A Word file's properties, custom properties, SharePoint metadata, comments and notes; an
HTML page's title, meta tags, header and footer; a PDF's metadata, XMP and form fields.
None of them is indexed, and none of them can be placed at a point of the body, so a
marking in any of them withholds the whole file (`Withheld`). What is reported is the
vocabulary's words and the place's own name (a fixed word, never the file's text).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .exempt import Marking, field_marking, marking, replace_where
from .loaders import LoadError


class Withheld(LoadError):
    """A file withheld whole: it carries a marking that makes it not public."""

    def __init__(self, found: Marking):
        self.marking = found
        super().__init__(
            f"not indexed: it carries {found.note()}; if a person has checked that it is "
            "public, release it in catalog.csv (column `release`)"
        )


def document_markings(path: Path) -> list[Marking]:
    """Markings in the places of a file that the body does not hold (empty if none)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return _docx(path)
        if suffix in (".html", ".htm"):
            return _html(path.read_bytes().decode("utf-8-sig", "replace"))
        if suffix == ".pdf":
            return _pdf(path)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return []  # the body's reader reports a damaged file in its own words
    return []


def _found(items, where: str) -> list[Marking]:
    """`items` of (text, field name) checked as fields of their own."""
    out = []
    for text, name in items:
        if text and text.strip():
            hit = field_marking(text[:2000], name[:200] if name else "")
            if hit is not None:
                out.append(replace_where(hit, where))
    return out


# --- Word ----------------------------------------------------------------------------

_CORE_FIELDS = ("title", "subject", "keywords", "description", "category", "contentStatus")


def _xml(data: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _docx(path: Path) -> list[Marking]:
    from .loaders import docx_lines

    found: list[Marking] = []
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "docProps/core.xml" in names:
            root = _xml(archive.read("docProps/core.xml"))
            for el in root.iter():
                if _local(el.tag) in _CORE_FIELDS:
                    found += _found(
                        [(el.text or "", "")], f"the document properties ({_local(el.tag)})"
                    )
        if "docProps/custom.xml" in names:
            root = _xml(archive.read("docProps/custom.xml"))
            for prop in root:
                value = " ".join(t.strip() for t in prop.itertext() if t.strip())
                found += _found([(value, prop.get("name") or "")], "the custom properties")
        for name in sorted(n for n in names if re.fullmatch(r"customXml/item\d+\.xml", n)):
            root = _xml(archive.read(name))
            leaves = [
                (el.text, _local(el.tag))
                for el in root.iter()
                if len(el) == 0 and el.text and el.text.strip()
            ]
            found += _found(leaves, "the file's stored metadata (customXml)")
        for part, where in (
            ("word/comments.xml", "a comment"),
            ("word/footnotes.xml", "a footnote"),
            ("word/endnotes.xml", "an endnote"),
        ):
            if part in names:
                for line in docx_lines(_xml(archive.read(part))):
                    hit = marking(line)
                    if hit is not None:
                        found.append(replace_where(hit, where))
    return found


# --- HTML ----------------------------------------------------------------------------

_META_NAMES = ("name", "property", "http-equiv", "itemprop")


def _html(text: str) -> list[Marking]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    found: list[Marking] = []
    for title in soup.find_all("title"):
        found += _found([(title.get_text(" "), "")], "the page title")
    for meta in soup.find_all("meta"):
        content = meta.get("content")
        name = next((meta.get(k) for k in _META_NAMES if meta.get(k)), "")
        if isinstance(content, str) and name.lower() not in ("viewport", "generator", "robots"):
            found += _found([(content, str(name))], "a meta tag")
    edges = soup.find_all(["header", "footer"]) + soup.find_all(
        attrs={"role": ["banner", "contentinfo"]}
    )
    for edge in edges:
        lines = [s.strip() for s in edge.stripped_strings]
        for piece in [*lines, " ".join(lines)]:
            hit = marking(piece)
            if hit is not None:
                found.append(replace_where(hit, "the page header or footer"))
                break
    return found


# --- PDF -----------------------------------------------------------------------------

_INFO_FIELDS = ("/Title", "/Subject", "/Keywords")


def _pdf(path: Path) -> list[Marking]:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            return []
        found: list[Marking] = []
        info = reader.metadata or {}
        for key in _INFO_FIELDS:
            value = info.get(key)
            if value:
                found += _found([(str(value), "")], f"the PDF's metadata ({key[1:].lower()})")
        found += _pdf_xmp(reader)
        fields = reader.get_fields() or {}
        for name, field in fields.items():
            value = field.get("/V")
            items = [(str(value), str(name))] if value not in (None, "") else []
            items += [(str(name), "")]
            found += _found(items, "a form field")
        return found
    except Exception:  # noqa: BLE001 - PDFium reads the body; a metadata reader's failure is not a verdict
        return []


def _pdf_xmp(reader) -> list[Marking]:
    try:
        xmp = reader.xmp_metadata
    except Exception:  # noqa: BLE001 - damaged XMP is no marking
        return []
    if xmp is None:
        return []
    items = []
    for attr in ("dc_title", "dc_subject", "dc_description", "pdf_keywords"):
        value = getattr(xmp, attr, None)
        if isinstance(value, dict):
            items += [(str(v), "") for v in value.values()]
        elif isinstance(value, (list, tuple)):
            items += [(str(v), "") for v in value]
        elif value:
            items.append((str(value), ""))
    return _found(items, "the PDF's XMP metadata")


_STAMP_NAMES = {
    "/Confidential": "confidential",
    "/NotForPublicRelease": "not for public release",
    "/TopSecret": "top secret",
    "/Departmental": "departmental",
}


def pdf_annotation_texts(path: Path) -> dict[int, list[str]]:
    """Per page (0-based), the text of its annotations: stamps, FreeText, notes, widgets'
    values, and the text drawn by their appearance streams."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    out: dict[int, list[str]] = {}
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            return {}
        for n, page in enumerate(reader.pages):
            annots = page.get("/Annots")
            if not annots:
                continue
            texts: list[str] = []
            for ref in annots.get_object() or []:
                annot = ref.get_object()
                subtype = annot.get("/Subtype")
                if subtype in ("/Link", "/Popup"):
                    continue
                for key in ("/Contents", "/Subj", "/RC", "/V", "/TU", "/T"):
                    value = annot.get(key)
                    if value and key != "/T":
                        texts.append(re.sub(r"<[^>]+>", " ", str(value)))
                name = annot.get("/Name")
                if subtype == "/Stamp" and str(name) in _STAMP_NAMES:
                    texts.append(_STAMP_NAMES[str(name)])
                texts += _appearance_text(annot)
            if texts:
                out[n] = texts
    except Exception:  # noqa: BLE001 - PDFium reads the body; see document_markings
        return out
    return out


def _appearance_text(annot) -> list[str]:
    """Strings an annotation's normal appearance draws (a stamp drawn as text)."""
    try:
        ap = annot.get("/AP")
        normal = ap.get_object().get("/N").get_object() if ap else None
        if normal is None or not hasattr(normal, "get_data"):
            return []
        data = normal.get_data()[:200_000].decode("latin-1")
    except Exception:  # noqa: BLE001 - a damaged appearance draws nothing we can read
        return []
    strings = re.findall(r"\(((?:\\.|[^\\)])*)\)", data)
    text = " ".join(re.sub(r"\\(.)", r"\1", s) for s in strings)
    return [text] if text.strip() else []
