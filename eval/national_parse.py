"""Parse-only health check over the national reports: no embedding, no index.

    python -m eval.national_parse [REPORTS_DIR] [--workers 2] [--limit N] [--json OUT]

Parses every report with the indexer's own `parse_file`, in a process pool, and prints how
many reports have each known gap: council names that are not one of the 153 councils (or
not the catalogue's council), Ofsted reports not labelled as an Ofsted kind, no date, no
grade rows, undated grade rows, truncated area names, grade rows whose label is no
framework's judgement name, reports that print an overall judgement with no overall row, a
review of the safeguarding board graded as overall, grades that differ from the catalogue's,
lost paragraph numbers, restarted numbering labelled "1 (2)", and Ofsted's back-page
boilerplate glued onto a paragraph. Each gap also says how many of its reports are single
inspection framework (SIF) reports.
It only uses what every version of the indexer returns (a `ParsedDocument`), so the same
script measures the code before and after a change.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from indexer.vocab import GRADE_FAMILIES, INSPECTION_KINDS

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT.parent / "shared" / "national"
OFSTED_KINDS = INSPECTION_KINDS

# Ofsted's back page: licence, address, phone. None of it is ever part of a finding.
BOILERPLATE_RE = re.compile(
    r"open government licence|nationalarchives\.gov\.uk|piccadilly gate|0300 123 123\d"
    r"|enquiries@ofsted|crown copyright|would like a copy of this document in a different"
    r"|interested in our work\? you can subscribe|ofsted\.gov\.uk/resources/\d",
    re.I,
)
# Full names of the judgement areas, ILACS and SIF, used to spot a name that lost its start.
FULL_AREAS = (
    "overall effectiveness",
    "the impact of leaders on social work practice with children and families",
    "the experiences and progress of children who need help and protection",
    "the experiences and progress of children in care and care leavers",
    "the experiences and progress of children in care",
    "the experiences and progress of care leavers",
    "children who need help and protection",
    "children looked after and achieving permanence",
    "adoption performance",
    "experiences and progress of care leavers",
    "leadership, management and governance",
    "the effectiveness of the local safeguarding children board",
)
# The five judgements of the council's services a SIF report grades beside the overall one.
SIF_JUDGEMENTS = {
    "children who need help and protection",
    "children looked after and achieving permanence",
    "adoption performance",
    "experiences and progress of care leavers",
    "leadership management and governance",
}
# The single inspection framework's reports (2013 to 2018): the council's services, with the
# review of its local safeguarding children board, or the board's review alone.
SIF_TITLE_RE = re.compile(
    r"children in need of help and protection|review of the effectiveness of the local"
    r" safeguarding children'?s? board",
    re.I,
)
LSCB_ONLY_RE = re.compile(r"^\W*(?:[\w' ]+ )?review of the effectiveness of the local", re.I)
# How a report prints its overall judgement: a table row, or (SIF) a sentence on its cover.
PRINTED_OVERALL_RE = re.compile(
    r"\boverall judgement is\b"
    r"|^\s*overall effectiveness\b[ \t:]*\n?[ \t]*(?:good|outstanding|inadequate|requires)"
    r"|\bchildren['’]s services in [A-Z][^\n]{0,60}? (?:are|is) "
    r"(?:good|outstanding|inadequate|requires? improvement)"
    r"|\boverall,? services for children in [A-Z]",
    re.I | re.M,
)
# The catalogue's grade columns, and the judgement names that grade each.
CATALOGUE_COLUMNS = {
    "overall_effectiveness_grade": r"^overall effectiveness$",
    "impact_of_leaders_grade": r"impact of leaders|leadership, management",
    "help_and_protection_grade": r"help and protection",
    "in_care_grade": r"children in care|looked after",
    "care_leavers_grade": r"care leavers",
}
GRADE_WORDS = tuple(family.lower() for family in GRADE_FAMILIES)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


def extract(path: str) -> dict:
    """What the indexer makes of one report, as plain data (picklable, JSON-able)."""
    from indexer.parse.documents import parse_file
    from indexer.parse.loaders import LoadError

    p = Path(path)
    started = time.perf_counter()
    try:
        doc = parse_file(p, p.parent, {})
    except LoadError as exc:
        return {"file": p.name, "error": str(exc), "seconds": time.perf_counter() - started}
    except Exception as exc:  # noqa: BLE001 - one bad file is one bad record
        return {
            "file": p.name,
            "error": f"crash {exc.__class__.__name__}: {exc}",
            "seconds": time.perf_counter() - started,
        }
    parts = []
    for part in doc.parts:
        labels = [ps.label for ps in doc.passages if ps.part.slug == part.slug]
        sections = sorted({ps.section for ps in doc.passages if ps.part.slug == part.slug})
        parts.append(
            {
                "slug": part.slug,
                "kind": part.kind,
                "title": part.title,
                "start": part.inspection_start,
                "end": part.inspection_end,
                "published": part.published,
                "lead_inspector": part.lead_inspector,
                "labels": list(dict.fromkeys(re.sub(r"~\d+$", "", lb) for lb in labels)),
                "sections": sections,
            }
        )
    glued = sorted(
        {
            ps.label
            for ps in doc.passages
            if re.fullmatch(r"\d+(?:\.\d+)*(?: \(\d+\))?(?:~\d+)?", ps.label)
            and BOILERPLATE_RE.search(ps.text)
        }
    )
    return {
        "file": p.name,
        "doc_id": doc.meta.doc_id,
        "authority": doc.meta.authority,
        "kind": doc.meta.kind,
        "date": doc.meta.date,
        "title": doc.meta.title,
        "published_month": getattr(doc.meta, "published", None),
        "parts": parts,
        "judgements": [
            {"area": j.area, "grade": j.grade, "date": j.inspection_date} for j in doc.judgements
        ],
        "glued": glued,
        "printed_overall": bool(PRINTED_OVERALL_RE.search(doc.text[:6000])),
        "passages": len(doc.passages),
        "seconds": time.perf_counter() - started,
    }


def parse_all(reports: list[Path], workers: int = 2) -> list[dict]:
    if workers <= 1:
        return [extract(str(p)) for p in reports]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(extract, [str(p) for p in reports], chunksize=4))


def read_catalogue(national: Path = NATIONAL) -> dict[str, dict]:
    with (national / "inspections.csv").open(encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


def council_codes(national: Path = NATIONAL) -> dict[str, str]:
    """Normalised council name -> la_code: the catalogue's names and the product's own."""
    with (national / "authorities.csv").open(encoding="utf-8") as fh:
        codes = {_norm(row["local_authority"]): row["la_code"] for row in csv.DictReader(fh)}
    table = ROOT / "indexer" / "data" / "councils.csv"
    if table.exists():
        with table.open(encoding="utf-8") as fh:
            codes.update({_norm(row["name"]): row["la_code"] for row in csv.DictReader(fh)})
    return codes


def missing_numbers(labels: list[str]) -> list[int]:
    """Whole paragraph numbers absent from a run that starts at 1 (restarts counted apart)."""
    numbers = {int(lb) for lb in labels if lb.isdigit()}
    if not numbers:
        return []
    return [n for n in range(1, max(numbers) + 1) if n not in numbers]


def is_truncated(area: str) -> bool:
    a = _norm(area)
    return a not in {_norm(f) for f in FULL_AREAS} and any(
        _norm(f).endswith(" " + a) for f in FULL_AREAS
    )


def is_judgement_name(area: str) -> bool:
    """The label is one of the frameworks' judgement names, whole and alone."""
    return _norm(area) in {_norm(f) for f in FULL_AREAS}


def is_sif(rec: dict) -> bool:
    return any(SIF_TITLE_RE.search(p["title"] or "") for p in rec.get("parts", []))


def lscb_as_overall(rec: dict) -> bool:
    """A review of the safeguarding board alone (no inspection of the council) whose grade
    is taken as the council's overall effectiveness."""
    titles = [p["title"] or "" for p in rec["parts"] if p["kind"] in OFSTED_KINDS]
    return (
        bool(titles)
        and all(LSCB_ONLY_RE.search(t) for t in titles)
        and any(_norm(j["area"]) == "overall effectiveness" for j in rec["judgements"])
    )


def catalogue_differences(rec: dict, row: dict) -> list[str]:
    """The catalogue's graded columns whose grade the report's rows do not give."""
    out = []
    for column, pattern in CATALOGUE_COLUMNS.items():
        want = (row.get(column) or "").lower()
        if want not in GRADE_WORDS:
            continue
        got = [
            j["grade"].lower()
            for j in rec["judgements"]
            if re.search(pattern, j["area"], re.I) and is_judgement_name(j["area"])
        ]
        if not got or not got[0].startswith(want):
            out.append(column)
    return out


def counts(records: list[dict], catalogue: dict[str, dict], councils: dict[str, str]) -> dict:
    """Per gap, the reports (files) that have it."""
    gaps: dict[str, list[str]] = {
        k: []
        for k in (
            "skipped (not parsed)",
            "council not one of the 153",
            "council differs from catalogue",
            "not labelled an Ofsted kind",
            "no date",
            "no grade rows",
            "undated grade rows",
            "truncated area names",
            "label not a judgement name",
            "overall printed, no overall row",
            "LSCB review graded as overall",
            "grade differs from catalogue",
            "lost paragraph numbers",
            "restart labels like '1 (2)'",
            "glued back-page boilerplate",
        )
    }
    for rec in records:
        f = rec["file"]
        if "error" in rec:
            gaps["skipped (not parsed)"].append(f)
            continue
        cat = catalogue.get(f, {})
        name = _norm(rec["authority"] or "")
        if name not in councils:
            gaps["council not one of the 153"].append(f)
        if cat and councils.get(name) != councils.get(_norm(cat["local_authority"])):
            gaps["council differs from catalogue"].append(f)
        ofsted_parts = [p for p in rec["parts"] if p["kind"] in OFSTED_KINDS]
        if not ofsted_parts or rec["kind"] not in OFSTED_KINDS:
            gaps["not labelled an Ofsted kind"].append(f)
        if not rec["date"]:
            gaps["no date"].append(f)
        if not rec["judgements"]:
            gaps["no grade rows"].append(f)
        if any(not j["date"] for j in rec["judgements"]):
            gaps["undated grade rows"].append(f)
        if any(is_truncated(j["area"]) for j in rec["judgements"]):
            gaps["truncated area names"].append(f)
        if any(not is_judgement_name(j["area"]) for j in rec["judgements"]):
            gaps["label not a judgement name"].append(f)
        overall = any(_norm(j["area"]) == "overall effectiveness" for j in rec["judgements"])
        if rec.get("printed_overall") and not overall:
            gaps["overall printed, no overall row"].append(f)
        if lscb_as_overall(rec):
            gaps["LSCB review graded as overall"].append(f)
        if cat and catalogue_differences(rec, cat):
            gaps["grade differs from catalogue"].append(f)
        parts = ofsted_parts or rec["parts"]
        if any(missing_numbers(p["labels"]) for p in parts):
            gaps["lost paragraph numbers"].append(f)
        if any(
            re.fullmatch(r"\d+(?:\.\d+)* \(\d+\)", lb) for p in rec["parts"] for lb in p["labels"]
        ):
            gaps["restart labels like '1 (2)'"].append(f)
        if rec["glued"]:
            gaps["glued back-page boilerplate"].append(f)
    return gaps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", nargs="?", default=str(NATIONAL / "reports"))
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--limit", type=int, default=0, help="parse only every Nth report")
    ap.add_argument("--json", help="write the per-report records here")
    ap.add_argument("--from-json", help="count from records written by an earlier --json run")
    ap.add_argument("--show", type=int, default=8, help="files listed per gap")
    args = ap.parse_args(argv)
    reports_dir = Path(args.reports)
    if not reports_dir.is_dir():
        print(f"no reports at {reports_dir}", file=sys.stderr)
        return 2
    reports = sorted(reports_dir.glob("*.pdf"))
    if args.limit:
        reports = reports[:: args.limit]
    national = reports_dir.parent
    started = time.perf_counter()
    if args.from_json:
        records = json.loads(Path(args.from_json).read_text())
        if isinstance(records, dict):  # the parse-only test's cache
            records = records["records"]
    else:
        records = parse_all(reports, args.workers)
    seconds = time.perf_counter() - started
    gaps = counts(records, read_catalogue(national), council_codes(national))
    print(f"{len(records)} reports parsed in {seconds:.0f} s with {args.workers} workers")
    sif = {r["file"] for r in records if "error" not in r and is_sif(r)}
    graded = [r for r in records if r["file"] in sif]
    rows = [j for r in graded for j in r["judgements"]]
    names = [{_norm(j["area"]) for j in r["judgements"]} for r in graded]
    print(
        f"  SIF reports {len(sif)}: {sum(1 for r in graded if r['judgements'])} with grade rows,"
        f" {sum('overall effectiveness' in n for n in names)} with an overall row,"
        f" {sum(n >= SIF_JUDGEMENTS for n in names)} with all five SIF judgements,"
        f" {sum(is_judgement_name(j['area']) for j in rows)} of {len(rows)} rows labelled"
        " with a judgement name"
    )
    width = max(len(k) for k in gaps)
    print(f"  {'gap':<{width}}  {'all':>4}  {'SIF':>4}")
    for name, files in gaps.items():
        shown = ", ".join(f.removesuffix("-ilacs.pdf") for f in files[: args.show])
        more = f" (+{len(files) - args.show})" if len(files) > args.show else ""
        in_sif = sum(f in sif for f in files)
        print(f"  {name:<{width}}  {len(files):>4}  {in_sif:>4}  {shown}{more}")
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
