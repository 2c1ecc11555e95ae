"""Parse-only checks over every national report (no embedding), held against the catalogue.

The 467 reports live outside the repository (../shared/national); without them every test
here skips. Parsing them all takes a few minutes on CI's two cores, so it runs once per
session in a process pool, and the records are cached on disk keyed by the indexer's source
and the reports' sizes: a re-run with unchanged code reads the cache in a second.
Where the catalogue (scraped by a third party) and a PDF disagree, the PDF was read and the
catalogue's error is listed below with the page, rather than the parser fitted to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path

import pytest

from eval import national_parse as npar
from indexer import councils

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = ROOT.parent / "shared" / "national"
REPORTS = NATIONAL / "reports"
CACHE_DIR = Path(os.environ.get("OFSTED_NATIONAL_CACHE", ROOT / ".cache"))

pytestmark = pytest.mark.skipif(not REPORTS.is_dir(), reason="../shared/national is absent")

# The catalogue's known errors, each checked against the PDF's judgement table:
# (file, column) -> (catalogue value, what the PDF prints, where).
CATALOGUE_ERRORS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("nottingham-2022-09-ilacs.pdf", "care_leavers_grade"): (
        "inadequate",
        "children in care and care leavers: Requires improvement to be good (one row, 2022)",
        "page 1",
    ),
    ("oxfordshire-2018-05-ilacs.pdf", "in_care_grade"): (
        "requires improvement",
        "children in care and care leavers: Good",
        "page 1",
    ),
    ("rochdale-2018-03-ilacs.pdf", "in_care_grade"): (
        "requires improvement",
        "children in care and care leavers: Good",
        "page 1",
    ),
    ("st-helens-2023-09-ilacs.pdf", "help_and_protection_grade"): (
        "good",
        "children who need help and protection: Requires improvement to be good",
        "page 1",
    ),
    ("st-helens-2023-09-ilacs.pdf", "in_care_grade"): (
        "requires improvement",
        "children in care: Good",
        "page 1",
    ),
    ("st-helens-2023-09-ilacs.pdf", "care_leavers_grade"): (
        "good",
        "care leavers: Outstanding",
        "page 1",
    ),
}
# The four 2012 files are Ofsted's "Report not found" web page saved under a .pdf name.
HTML_PAGES = {
    "birmingham-2012-10-ilacs.pdf",
    "blackpool-2012-07-ilacs.pdf",
    "bromley-2012-08-ilacs.pdf",
    "rotherham-2012-08-ilacs.pdf",
}
# Reports whose numbering still loses a paragraph (parser gaps, not catalogue errors):
# Slough 2016 paras 1, 2, 4 (recommendations under bold lead-ins) and 98, Coventry 2014
# para 124, Nottingham 2022 para 34, Oxfordshire 2024 para 33, Waltham Forest 2015 para 89,
# Windsor and Maidenhead 2020 para 15.
OPEN_NUMBERING_GAPS = {
    "slough-2016-02-ilacs.pdf",
    "coventry-2014-03-ilacs.pdf",
    "nottingham-2022-09-ilacs.pdf",
    "oxfordshire-2024-04-ilacs.pdf",
    "waltham-forest-2015-01-ilacs.pdf",
    "windsor-and-maidenhead-2020-02-ilacs.pdf",
}
GRADE_COLUMNS = {
    "overall_effectiveness_grade": "overall",
    "impact_of_leaders_grade": "leaders",
    "help_and_protection_grade": "help_and_protection",
    "in_care_grade": "children_in_care",
    "care_leavers_grade": "care_leavers",
}


def _cache_key(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for source in sorted((ROOT / "indexer").rglob("*.py")) + sorted(
        (ROOT / "indexer" / "data").glob("*.csv")
    ):
        digest.update(source.read_bytes())
    digest.update((ROOT / "eval" / "national_parse.py").read_bytes())
    for f in files:
        digest.update(f"{f.name}:{f.stat().st_size}".encode())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def records() -> dict[str, dict]:
    files = sorted(REPORTS.glob("*.pdf"))
    cache = CACHE_DIR / f"national_parse-{_cache_key(files)}.json"
    if cache.exists():
        data = json.loads(cache.read_text())
    else:
        started = time.perf_counter()
        data = {
            "records": npar.parse_all(files, workers=min(2, os.cpu_count() or 1)),
            "seconds": round(time.perf_counter() - started, 1),
        }
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(data))
    print(f"\nparsed {len(data['records'])} national reports in {data['seconds']} s")
    return {r["file"]: r for r in data["records"]}


@pytest.fixture(scope="session")
def catalogue() -> dict[str, dict]:
    return npar.read_catalogue(NATIONAL)


@pytest.fixture(scope="session")
def parsed(records) -> dict[str, dict]:
    return {f: r for f, r in records.items() if "error" not in r}


def test_every_report_parses_and_saved_web_pages_say_what_they_are(records):
    assert len(records) == 467
    failed = {f: r["error"] for f, r in records.items() if "error" in r}
    assert set(failed) == HTML_PAGES
    for reason in failed.values():
        assert "HTML web page" in reason and "PdfStreamError" not in reason


def test_every_report_names_its_council_as_the_catalogue_does(parsed, catalogue):
    wrong = {}
    for f, rec in parsed.items():
        expected = councils.lookup(catalogue[f]["local_authority"])
        if rec["authority"] != expected.name:
            wrong[f] = (rec["authority"], expected.name)
    assert wrong == {}


def test_every_report_is_an_ofsted_kind_with_dates(parsed):
    bad_kind = [f for f, r in parsed.items() if r["kind"] not in npar.OFSTED_KINDS]
    no_date = [f for f, r in parsed.items() if not r["date"]]
    assert bad_kind == []
    assert no_date == []


def _main_part(rec: dict) -> dict:
    return next(p for p in rec["parts"] if p["kind"] in npar.OFSTED_KINDS)


def _iso(dmy: str) -> str:
    day, month, year = dmy.split("/")
    return f"{year}-{month}-{day}"


def test_inspection_dates_and_publication_month_agree_with_the_catalogue(parsed, catalogue):
    wrong = {}
    for f, rec in parsed.items():
        row = catalogue[f]
        part = _main_part(rec)
        expected = _iso(row["inspection_end_date"]) if row["inspection_end_date"] else None
        if (
            expected
            and (f, "inspection_end_date") not in CATALOGUE_ERRORS
            and part["end"] != expected
        ):
            wrong[f] = ("end", part["end"], expected)
        if part["published"]:
            # files are named by publication month
            month = re.search(r"-(\d{4}-\d{2})-", f).group(1)
            if not part["published"].startswith(month):
                wrong.setdefault(f, ("published", part["published"], month))
    assert wrong == {}


def _rows_by_area(rec: dict) -> dict[str, str]:
    from retriever.understand.question import area_of

    out: dict[str, str] = {}
    for row in rec["judgements"]:
        for area in area_of(row["area"]) or []:
            out.setdefault(area, row["grade"].lower())
    return out


def test_grades_agree_with_the_catalogue(parsed, catalogue):
    checked, wrong = 0, {}
    for f, rec in parsed.items():
        rows = _rows_by_area(rec)
        for column, area in GRADE_COLUMNS.items():
            value = catalogue[f][column]
            if value not in ("outstanding", "good", "requires improvement", "inadequate"):
                continue
            if (f, column) in CATALOGUE_ERRORS:
                assert value == CATALOGUE_ERRORS[f, column][0]  # the error is still there
                pdf_grade = CATALOGUE_ERRORS[f, column][1].split(": ")[1].split(" (")[0]
                assert rows.get(area, "").lower() == pdf_grade.lower()  # we read the PDF
                continue
            checked += 1
            got = rows.get(area)
            if got is None or not got.startswith(value):
                wrong[f"{f} {column}"] = (got, value)
    assert checked > 900
    assert wrong == {}


def test_grade_rows_are_dated_and_areas_whole(parsed):
    undated = [f for f, r in parsed.items() if any(not j["date"] for j in r["judgements"])]
    truncated = {
        f: [j["area"] for j in r["judgements"] if npar.is_truncated(j["area"])]
        for f, r in parsed.items()
    }
    assert undated == []
    assert {f: a for f, a in truncated.items() if a} == {}


def test_paragraph_numbers_are_kept_and_back_page_is_dropped(parsed):
    lost = {
        f: npar.missing_numbers(labels)
        for f, r in parsed.items()
        for labels in [_main_part(r)["labels"]]
        if npar.missing_numbers(labels)
    }
    glued = {f: r["glued"] for f, r in parsed.items() if r["glued"]}
    assert glued == {}
    # Open parser gaps (layouts not yet handled), kept visible: none may be added.
    assert set(lost) <= OPEN_NUMBERING_GAPS, {
        f: v for f, v in lost.items() if f not in OPEN_NUMBERING_GAPS
    }


def test_grade_rows_are_judgement_names_and_every_printed_overall_judgement_is_a_row(parsed):
    """Every row's label is one of the frameworks' judgement names (no sentence, contents
    line or two labels run together); every report that prints an overall judgement (its
    table, or a SIF cover's sentence) has the overall row; a review of the safeguarding
    board alone is never graded as overall."""
    labels = {
        f: [j["area"] for j in r["judgements"] if not npar.is_judgement_name(j["area"])]
        for f, r in parsed.items()
    }
    no_overall = [
        f
        for f, r in parsed.items()
        if r["printed_overall"]
        and not any(j["area"] == "Overall effectiveness" for j in r["judgements"])
    ]
    sif = [f for f, r in parsed.items() if npar.is_sif(r)]
    assert len(sif) > 150
    assert {f: a for f, a in labels.items() if a} == {}
    assert no_overall == []
    assert [f for f, r in parsed.items() if npar.lscb_as_overall(r)] == []
