"""Reading a date as it is printed or typed, in one place: a report's "6 to 10 November
2023", a letter's "12 March 2024", Ofsted's site's "09 May 2025", a catalogue's "13/01/23",
a question's "Sept 2022" and the app's own "Mar 2025". Each gives ISO text ("2023-11-10",
"2022-09") or a date; `vocab.month_year` is the one way back to print.

Pure functions over text; month names come from `vocab`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from .vocab import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTH_PATTERN, MONTHS

# A month as people type it: its first three letters, then any of its names' endings
# ("Sep", "Sept", "September"; "Mar", "March").
_ABBREVIATIONS = "|".join(MONTH_ABBREVIATIONS)
_ENDING = "(?:{})?".format(
    "|".join(dict.fromkeys([*(m[3:].lower() for m in MONTH_NAMES if m[3:]), "t"]))
)
TYPED_MONTH = rf"(?:{_ABBREVIATIONS}){_ENDING}"
_TYPED_MONTH_YEAR = re.compile(
    rf"\b({_ABBREVIATIONS}){_ENDING}\.?,?\s+(19[89]\d|20[0-4]\d)\b", re.I
)

_MONTH = rf"({MONTH_PATTERN})"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_RANGE_RE = re.compile(
    rf"{_DAY}\s*{_MONTH}?\s*(\d{{4}})?\s*(?:to|-|–|—|and)\s*{_DAY}\s*{_MONTH},?\s*(\d{{4}})", re.I
)
_SINGLE_RE = re.compile(rf"{_DAY}\s+{_MONTH},?\s+(\d{{4}})", re.I)
_NUMERIC_RANGE_RE = re.compile(
    r"\b(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:to|-|–|—)\s*(\d{1,2})/(\d{1,2})/(\d{4})\b"
)
# Ofsted's site lists a publication as "Children's services inspection - 09 May 2025, pdf".
_LISTED = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})")


def iso(day: int, month: str, year: int) -> str | None:
    """'2023-11-10' from (10, 'November', 2023); None for no such day."""
    try:
        return date(int(year), MONTHS[month.lower()], int(day)).isoformat()
    except (ValueError, KeyError):
        return None


def _numeric(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date_range(text: str) -> tuple[str | None, str | None]:
    """('2023-11-06', '2023-11-10') from '6 to 10 November 2023' and its printed variants."""
    m = _RANGE_RE.search(text)
    if m:
        d1, m1, y1, d2, m2, y2 = m.groups()
        end = iso(int(d2), m2, int(y2))
        start = iso(int(d1), m1 or m2, int(y1 or y2))
        return start, end
    m = _SINGLE_RE.search(text)
    if m:
        d = iso(int(m.group(1)), m.group(2), int(m.group(3)))
        return d, d
    m = _NUMERIC_RANGE_RE.search(text)  # "12/09/2016 to 06/10/2016", as some reports print
    if m:
        return _numeric(*m.groups()[:3]), _numeric(*m.groups()[3:])
    m = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text)
    if m:
        d = _numeric(*m.groups())
        return d, d
    return None, None


def whole_date(line: str) -> str | None:
    """A line that is one printed date and nothing else ("12 March 2024"), as ISO."""
    found = _SINGLE_RE.fullmatch(line.strip())
    return iso(int(found.group(1)), found.group(2), int(found.group(3))) if found else None


def catalogued_date(value: str | None) -> str | None:
    """A catalogue's date as ISO: '2023-01-13', '2023-01', '13/01/23', '13/01/2023' or
    '13 January 2023' (the national catalogue prints dd/mm/yy)."""
    value = (value or "").strip()
    if not value:
        return None
    if re.fullmatch(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])", value):
        return value
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", value)
    if m:
        day, month, year = m.groups()
        return _numeric(day, month, year if len(year) == 4 else f"20{year}")
    start, _ = parse_date_range(value)
    return start


def listed_date(label: str) -> date | None:
    """'Children's services inspection - 09 May 2025, pdf' -> 2025-05-09 (a month may be
    cut to its first three letters: "09 Sept. 2025")."""
    m = _LISTED.search(label)
    if not m:
        return None
    day, month, year = m.groups()
    number = MONTH_ABBREVIATIONS.get(month[:3].lower())
    if number is None:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def months_named(text: str) -> list[str]:
    """Months named with their year ("March 2025", "Sept 2022") as "2025-03", in order."""
    found = [
        f"{m[2]}-{MONTH_ABBREVIATIONS[m[1].lower()]:02d}" for m in _TYPED_MONTH_YEAR.finditer(text)
    ]
    return list(dict.fromkeys(found))


def shown_month(text: str) -> datetime | None:
    """The month `vocab.month_year` printed ("Mar 2025"), read back; None for other text."""
    try:
        return datetime.strptime(text, "%b %Y")
    except ValueError:
        return None
