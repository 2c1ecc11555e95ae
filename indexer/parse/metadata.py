"""Who, what and when: authority, dates and titles read from the text, overridable by catalog.csv."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ..dates import catalogued_date, parse_date_range, whole_date

CATALOG_FIELDS = ("file", "title", "authority", "kind", "date", "published", "source_url")
# Ofsted publishes a report one to seven months after the inspection ends (every report of
# ../shared/national/inspections.csv with inspection dates, 2018 to 2026: 1 month 150,
# 2: 132, 3: 9, 4: 5, 5: 3, 7: 1); a file name's month further out is not its publication.
PUBLISHED_WITHIN_MONTHS = 12


def find_field(text: str, names: str) -> str | None:
    """The value printed after 'Name:' on a line, e.g. 'Inspection dates: 6 to 10 November 2023'."""
    m = re.search(rf"(?:^|\n)\s*(?:{names})\s*:\s*([^\n]+)", text, re.I)
    return m.group(1).strip() if m else None


def _field_anywhere(text: str, names: str) -> str | None:
    """A field printed mid-line, as older reports run title and dates together."""
    m = re.search(rf"\b(?:{names})\s*:\s*([^\n]+)", text[:6000], re.I)
    return m.group(1).strip() if m else None


def inspection_dates(text: str) -> tuple[str | None, str | None]:
    value = find_field(text, r"inspection dates?") or _field_anywhere(text, r"inspection dates?")
    return parse_date_range(value) if value else (None, None)


_VISIT_ON_RE = re.compile(
    r"\b(?:focused|monitoring) visit\b[^.]{0,200}?\bon\s+(\d{1,2}(?:st|nd|rd|th)?\b[^.]{0,60}?\d{4})",
    re.I,
)
_SALUTATION_RE = re.compile(r"(?:^|\n)\s*dear\b", re.I)


def visit_dates(text: str) -> tuple[str | None, str | None]:
    """A visit letter's dates, from its opening: "... the monitoring visit to Barnet
    children's services on 6 and 7 September 2022"."""
    m = _VISIT_ON_RE.search(text)
    return parse_date_range(m.group(1)) if m else (None, None)


def letter_date(text: str) -> str | None:
    """The date a letter is printed with: a line holding only a date, above "Dear ..."."""
    m = _SALUTATION_RE.search(text)
    head = text[: m.start()] if m else ""
    for line in head.splitlines():
        found = whole_date(line)
        if found:
            return found
    return None


def meeting_date(text: str) -> str | None:
    for pattern in (
        r"date of meeting\s*:?\s*([^\n]+)",
        r"(?:cabinet|council|committee)\s+(?:meeting\s+)?(?:on|-|–)\s*([^\n]+)",
        r"(?:^|\n)date\s*:\s*([^\n]+)",
    ):
        m = re.search(pattern, text, re.I)
        if m:
            start, _ = parse_date_range(m.group(1))
            if start:
                return start
    return None


def published_date(text: str) -> str | None:
    value = find_field(text, r"report published|published|date published") or _field_anywhere(
        text, r"report published|date published"
    )
    if value:
        start, _ = parse_date_range(value)
        return start
    return None


def month_from_name(doc_id: str, inspection_end: str | None) -> str | None:
    """The publication month an Ofsted report's file name gives ('birmingham-2019-01-ilacs'
    -> '2019-01'), taken only where it can be one: in the months after the inspection
    ended (PUBLISHED_WITHIN_MONTHS). Ofsted's own file names are its publication month;
    a name giving the inspection's own month ('southend-2024-10', inspected October 2024)
    or a month before it is not a publication month and gives nothing."""
    m = re.search(r"(?:^|[-_/ ])((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:[-_. ]|$)", Path(doc_id).name)
    if not m or not inspection_end or not re.match(r"\d{4}-\d\d", inspection_end):
        return None
    named = int(m.group(1)) * 12 + int(m.group(2))
    ended = int(inspection_end[:4]) * 12 + int(inspection_end[5:7])
    if not 1 <= named - ended <= PUBLISHED_WITHIN_MONTHS:
        return None
    return f"{m.group(1)}-{m.group(2)}"


def publication_date(
    printed: str | None, catalogued: str | None = None, named: str | None = None
) -> str | None:
    """When a report was published: the catalogue's date where catalog.csv gives one (it
    overrides what is read, as every catalog column does), else the date the report
    prints, else the month its file name gives (`month_from_name`)."""
    return catalogued_date(catalogued) or printed or named


def lead_inspector(text: str) -> str | None:
    value = find_field(text, r"lead inspector")
    if not value:
        return None
    name = re.split(r",|\s+(?:his|her)\s+majesty|\s+hmi\b", value, maxsplit=1, flags=re.I)[0]
    name = re.sub(r"\s+", " ", name).strip()
    return name or None


_AUTHORITY_SUFFIX_RE = re.compile(
    r"\s*(?:metropolitan borough|city and county|county borough|borough|county|city|district)?"
    r"\s*council\s*$|\s+city\s*$",
    re.I,
)


def clean_authority(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.")
    name = re.sub(r"^(?:the\s+)?(?:london|royal)\s+borough\s+of\s+", "", name, flags=re.I)
    name = _AUTHORITY_SUFFIX_RE.sub("", name).strip(" ,.")
    if name.islower():
        name = " ".join(
            w if w in ("and", "on", "upon", "of") else w.capitalize() for w in name.split()
        )
    name = re.sub(r"-(On|Upon)-", lambda m: f"-{m.group(1).lower()}-", name)
    return name


_GENERIC_NAMES = {"local authority", "the local authority", "ofsted", "children", "the council"}


def authority_from_text(text: str) -> str | None:
    head = text[:6000]
    patterns = (
        r"inspection of\s+(.+?)\s+(?:local authority\s+)?children['’]?s\s+services",
        r"(?:^|\n)\s*([A-Z][\w ,&'’-]{2,60}?\s(?:City|County|Borough)?\s?Council)\s*(?:\n|$)",
        r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) (?:children['’]?s services|county council)\b",
    )
    for pattern in patterns:
        for m in re.finditer(pattern, head, re.I if pattern.startswith("inspection") else 0):
            name = clean_authority(m.group(1))
            if name and name.lower() not in _GENERIC_NAMES and len(name) <= 60:
                return name
    return None


def authority_from_doc_id(doc_id: str) -> str:
    """Corpus files are named authority-year-...; the last resort for the authority."""
    stem = Path(doc_id).name
    words = re.split(r"-(?=\d{4})", stem, maxsplit=1)[0].split("-")
    return " ".join(w.capitalize() for w in words if w)


def read_catalog(corpus_dir: Path) -> dict[str, dict[str, str]]:
    """Per-file overrides keyed by doc_id; a missing catalog means no overrides."""
    path = corpus_dir / "catalog.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    catalog = {}
    for row in rows:
        key = (row.get("file") or row.get("doc_id") or "").strip()
        if not key:
            continue
        doc_id = str(Path(key).with_suffix("")) if Path(key).suffix else key
        catalog[doc_id] = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
    return catalog
