"""Reading Ofsted's reports site: a council's provider page -> its publications.

Pure parsing, no network. A council's page is `<site>/<ofsted_path>` (the path is in
`data/councils.csv`, e.g. `provider/44/80487`); each publication on it is an
`a.publication-link` whose `span.nonvisual` names the kind and publication date
("Children's services inspection - 09 May 2025, pdf") and whose href is the PDF, taken
as the page gives it. Only the kinds the product indexes are kept.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from .dates import listed_date

DEFAULT_SITE = "https://reports.ofsted.gov.uk"
SITE_ENV = "OFSTED_QA_SITE_URL"

# kind slug (used in file names) -> how the summary says it
PUBLICATION_KINDS = {
    "ilacs": "inspection",
    "focused-visit": "focused visit",
    "monitoring-visit": "monitoring visit",
    "jtai": "joint targeted area inspection",
}
_KIND_PATTERNS = (  # first match wins; checked on the lower-cased label
    ("focused-visit", re.compile(r"\bfocused visit")),
    ("monitoring-visit", re.compile(r"\bmonitoring visit")),
    ("jtai", re.compile(r"\bjoint targeted area inspection|\bjtai\b")),
    (
        "ilacs",
        re.compile(
            r"\bchildren'?s services inspection|\bilacs\b|\bsingle inspection"
            r"|\binspection of (?:local authority )?children'?s services"
            r"|\binspection of services for children in need"
            r"|\blocal authority children'?s services"
        ),
    ),
)


@dataclass(frozen=True)
class Publication:
    url: str  # absolute, as the page links it
    kind: str  # a PUBLICATION_KINDS key
    published: date
    label: str  # the page's own words, e.g. "Monitoring visit - 14 Oct 2026, pdf"


def site_url(given: str | None = None) -> str:
    """--site-url, else $OFSTED_QA_SITE_URL, else Ofsted's own site; no trailing slash."""
    return (given or os.environ.get(SITE_ENV) or DEFAULT_SITE).rstrip("/")


def provider_url(site: str, path: str) -> str:
    return f"{site.rstrip('/')}/{path.lstrip('/')}"


def kind_of(label: str) -> str | None:
    """The kind slug a publication's label names, or None for kinds not indexed (SEND,
    fostering, adoption...)."""
    text = label.lower().replace("\u2019", "'")
    if re.search(r"\bsend\b|special educational needs", text):
        return None
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def parse_provider_page(html: bytes | str, page_url: str) -> list[Publication]:
    """Every publication on a provider page of a kind the product indexes, oldest first."""
    soup = BeautifulSoup(html, "html.parser")
    found: dict[str, Publication] = {}
    for link in soup.select("a.publication-link"):
        href = (link.get("href") or "").strip()
        hidden = link.select_one("span.nonvisual")
        label = " ".join((hidden or link).get_text(" ").split())
        if not href or not label:
            continue
        kind, when = kind_of(label), listed_date(label)
        if kind is None or when is None:
            continue
        url = urljoin(page_url, href)
        found.setdefault(url, Publication(url, kind, when, label))
    return sorted(found.values(), key=lambda p: (p.published, p.kind, p.url))


def file_name(council_slug: str, pub: Publication, taken: set[str]) -> str:
    """'barnet-2026-10-monitoring-visit.pdf' (publication month); '-2', '-3' when taken."""
    stem = f"{council_slug}-{pub.published:%Y-%m}-{pub.kind}"
    name, n = f"{stem}.pdf", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.pdf"
    return name


def slug(name: str) -> str:
    """'Barking and Dagenham' -> 'barking-and-dagenham'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "and")).strip("-")
