"""The across-council eval: "which councils ...", "how many ...", changes between
inspections, a region's table and regions compared, over regions x grades x areas, in
several wordings, split by wording (pattern) as the shape questions are.

Gold comes from the national catalogue (`inspections.csv`: the grades a public scraper read
from each report) and the councils' regions (`indexer/data/councils.csv`); answers come
from the index through `Retriever.ask`, never from the catalogue. Per kind it reports set
recall and precision of the councils named (every council named in the answer counts),
whether the number asked for is the first number of the answer, and for regions compared
whether each region's counts are right.

A council whose gold grade is unknown in the catalogue (the scraper read no grade:
`data_unreadable`, most single-inspection-framework reports) is left out of both sides of a
question that depends on it.

Before 2023 one judgement covered children in care and care leavers; the gold reads it for
both, as the answers do. Grades the scraper misread are corrected from the reports
(`CORRECTIONS`). `eval/across_heldout*.jsonl` each hold 60 questions written apart from the
patterns below, by a writer who saw neither them nor the product's code (`--questions`).

    python -m eval.across --index national-index --catalogue ../shared/national/inspections.csv
    python -m eval.across --index national-index --split none --questions eval/across_heldout.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from indexer.councils import all_councils, candidates
from indexer.parse.metadata import catalogued_date
from indexer.regions import england_regions, region_by_code
from indexer.vocab import GRADE_FAMILIES

AREA_COLUMNS = {
    "overall": "overall_effectiveness_grade",
    "leaders": "impact_of_leaders_grade",
    "help_and_protection": "help_and_protection_grade",
    "children_in_care": "in_care_grade",
    "care_leavers": "care_leavers_grade",
}
_GRADES = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
UNKNOWN = "?"  # the catalogue holds no grade this area could have had
# Grades the catalogue's scraper misread, each checked against the report's own judgements
# table in the index (quoted): the gold follows the report.
CORRECTIONS = {
    # "The experiences and progress of children in care and care leavers: Requires
    # improvement to be good" (one judgement for both; the scraper read care leavers as
    # inadequate)
    "nottingham-2022-09-ilacs.pdf": {"care_leavers": "Requires improvement"},
    # "leaders Good; help and protection Requires improvement to be good; children in care
    # Good; care leavers Outstanding; overall Good" (the scraper's columns ran one late)
    "st-helens-2023-09-ilacs.pdf": {
        "help_and_protection": "Requires improvement",
        "children_in_care": "Good",
        "care_leavers": "Outstanding",
    },
}

# -- the questions ------------------------------------------------------------------------
# Region forms as a question names them, and grade and area words. {r} region, {g} grade,
# {g2} another grade, {a} an area.
REGION_FORMS = {
    "NE": ["the North East", "north-east", "the north east of England"],
    "NW": ["the North West", "north west"],
    "YH": ["Yorkshire and the Humber", "Yorkshire"],
    "EM": ["the East Midlands", "east midlands"],
    "WM": ["the West Midlands", "west mids"],
    "E": ["the East of England", "east of england"],
    "GL": ["London", "london"],
    "SE": ["the South East", "south-east"],
    "SW": ["the South West", "south west"],
}
GRADE_FORMS = {
    "Outstanding": ["outstanding"],
    "Good": ["good"],
    "Requires improvement": ["requires improvement", "RI"],
    "Inadequate": ["inadequate"],
}
AREA_FORMS = {
    "overall": ["overall", "for overall effectiveness"],
    "children_in_care": ["for children in care", "for looked after children"],
    "care_leavers": ["for care leavers"],
    "help_and_protection": ["for help and protection"],
    "leaders": ["for leadership"],
}

# kind -> wordings, each a pattern; the split is by pattern.
PATTERNS: dict[str, list[tuple[str, str]]] = {
    "which": [
        ("train", "Which councils in {r} were rated {g} {a} at their latest inspection?"),
        ("train", "{r} councils judged {g} {a}"),
        ("dev", "list the councils in {r} that are {g} {a}"),
        ("dev", "which LAs in {r} got {g} {a}?"),
        ("test", "show me the {g} councils in {r} ({a})"),
        ("test", "Which local authorities in {r} are currently rated {g} {a}?"),
    ],
    "count": [
        ("train", "How many councils in {r} are rated {g} {a}?"),
        ("train", "number of {g} authorities in {r} {a}"),
        ("dev", "how many {r} LAs got {g} {a}"),
        ("test", "how many local authorities in {r} were judged {g} {a} at their last inspection?"),
        ("test", "count of councils in {r} with a {g} grade {a}"),
    ],
    "movement": [
        ("train", "Which councils were {g} at their previous inspection but are {g2} now?"),
        ("train", "Which councils in {r} went from {g} to {g2}?"),
        ("dev", "councils that moved from {g} to {g2} in {r}"),
        ("dev", "which councils in {r} improved at their latest inspection?"),
        ("test", "Who in {r} has come out of {g}?"),
        ("test", "which councils in {r} got worse at their last inspection"),
        ("test", "which councils in {r} are still {g}?"),
    ],
    "region_table": [
        ("train", "Ofsted grades of every council in {r}"),
        ("train", "{r} league table"),
        ("dev", "show all councils in {r} with their grades"),
        ("test", "table of {r} councils' ofsted judgements"),
        ("test", "ratings for each local authority in {r}"),
    ],
    "region_compare": [
        ("train", "How does {r} compare with other regions?"),
        ("dev", "{r} vs other regions ofsted grades"),
        ("test", "compare {r}'s Ofsted grades with the rest of England"),
        ("test", "how do councils in {r} do against other regions?"),
    ],
}

# The questions the issue reported, asked as they were.
REPORTED = [
    (
        "which",
        "Which councils in the North West were rated outstanding for children in care at "
        "their latest inspection?",
    ),
    ("which", "Which London boroughs were judged good overall at their most recent inspection?"),
    ("count", "How many councils in London are rated good overall?"),
    ("movement", "Which councils were inadequate at their previous inspection but are good now?"),
    ("region_table", "Ofsted grades of every council in the South East"),
]


@dataclass(frozen=True)
class AcrossQuestion:
    kind: str
    question: str
    pattern: str
    split: str
    region: str = ""  # region code
    grade: str = ""
    grade2: str = ""
    area: str = "overall"
    movement: str = ""  # "from_to", "improved", "declined", "out_of", "still"


def questions(seed: int = 0) -> list[AcrossQuestion]:
    """Every pattern rendered over a spread of regions, grades and areas (deterministic)."""
    regions = list(REGION_FORMS)
    grades = list(GRADE_FORMS)
    areas = list(AREA_FORMS)
    out: list[AcrossQuestion] = []
    for kind, patterns in PATTERNS.items():
        for p, (split, wording) in enumerate(patterns):
            for n in range(4 if kind in ("which", "count") else 3):
                i = seed + p * 7 + n * 3
                code = regions[i % len(regions)]
                grade = grades[(i + n) % len(grades)]
                grade2 = grades[(i + n + 1) % len(grades)]
                area = areas[(i + 2 * n) % len(areas)] if kind in ("which", "count") else "overall"
                if kind == "movement" and "{g2}" in wording:
                    grade, grade2 = _a_move(i)
                movement = _movement_of(wording) if kind == "movement" else ""
                fill = {
                    "r": _pick(REGION_FORMS[code], i),
                    "g": _pick(GRADE_FORMS[grade], i),
                    "g2": _pick(GRADE_FORMS[grade2], i),
                    "a": _pick(AREA_FORMS[area], i),
                }
                text = wording.format(**fill)
                uses_region = "{r}" in wording
                out.append(
                    AcrossQuestion(
                        kind,
                        text[0].upper() + text[1:] if n % 2 == 0 else text.lower(),
                        f"{kind}-{p:02d}",
                        split,
                        code if uses_region else "",
                        grade if "{g}" in wording or kind in ("which", "count") else "",
                        grade2 if "{g2}" in wording else "",
                        area,
                        movement,
                    )
                )
    for kind, text in REPORTED:
        out.append(_reported(kind, text))
    return out


def _pick(forms: list[str], i: int) -> str:
    return forms[i % len(forms)]


def _a_move(i: int) -> tuple[str, str]:
    moves = [
        ("Inadequate", "Good"),
        ("Requires improvement", "Good"),
        ("Good", "Outstanding"),
        ("Inadequate", "Requires improvement"),
        ("Good", "Requires improvement"),
    ]
    return moves[i % len(moves)]


def _movement_of(wording: str) -> str:
    if "come out of" in wording:
        return "out_of"
    if "still" in wording:
        return "still"
    if "improved" in wording:
        return "improved"
    if "worse" in wording:
        return "declined"
    return "from_to"


def _reported(kind: str, text: str) -> AcrossQuestion:
    area = "children_in_care" if "children in care" in text else "overall"
    region = {"North West": "NW", "London": "GL", "South East": "SE"}
    code = next((c for name, c in region.items() if name in text), "")
    grade = next((g for w, g in _GRADES.items() if w in text.lower()), "")
    if kind == "movement":
        return AcrossQuestion(
            kind, text, "reported", "reported", "", "Inadequate", "Good", "overall", "from_to"
        )
    return AcrossQuestion(kind, text, "reported", "reported", code, grade, "", area)


def load_questions(path: Path, split: str = "heldout") -> list[AcrossQuestion]:
    """Questions written apart from the patterns above (one JSON object a line: kind,
    question, and the slots that make its gold: region code, grade, grade2, area,
    movement), each its own pattern, all in one split."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            out.append(
                AcrossQuestion(
                    row["kind"],
                    row["question"],
                    f"{split}-{n:02d}",
                    split,
                    row.get("region", ""),
                    row.get("grade", ""),
                    row.get("grade2", ""),
                    row.get("area") or "overall",
                    row.get("movement", ""),
                )
            )
    return out


# -- the gold -----------------------------------------------------------------------------
@dataclass
class GoldInspection:
    council: str
    end: str  # ISO date
    grades: dict[str, str] = field(default_factory=dict)  # area -> family or UNKNOWN


def _council_name(scraped: str) -> str | None:
    found = candidates(scraped)
    return found[0].name if len(found) == 1 else None


def graded_from_catalogue(path: Path) -> dict[str, list[GoldInspection]]:
    """Each council's graded inspections in the catalogue, newest first. A report counts as
    graded when any of its five grades is known or unreadable (a judgement table was there);
    an overall grade removed by the 2026 reform is no grade ("-")."""
    out: dict[str, list[GoldInspection]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            council = _council_name(row["local_authority"])
            end = (
                catalogued_date(row["inspection_end_date"])
                or catalogued_date(row["publication_date"])
                or ""
            )
            if council is None or not end:
                continue
            grades: dict[str, str] = {}
            for area, column in AREA_COLUMNS.items():
                value = row[column].strip().lower()
                if value in _GRADES:
                    grades[area] = _GRADES[value]
                elif value in ("not_reported_post_reform", "inspection_pre_dates_judgement"):
                    grades[area] = "-"
                else:
                    grades[area] = UNKNOWN
            # Before 2023 one judgement covered children in care and care leavers: the
            # catalogue puts it under children in care, and it grades care leavers too.
            if (
                row[AREA_COLUMNS["care_leavers"]].strip().lower()
                == ("inspection_pre_dates_judgement")
                and grades["children_in_care"] in GRADE_FAMILIES
            ):
                grades["care_leavers"] = grades["children_in_care"]
            grades.update(CORRECTIONS.get(row["file"], {}))
            if all(v == UNKNOWN for v in grades.values()) and not row["inspector_name"]:
                continue  # an error page saved as a report: no inspection at all
            out[council].append(GoldInspection(council, end, grades))
    for found in out.values():
        found.sort(key=lambda g: g.end, reverse=True)
    return dict(out)


@dataclass
class Gold:
    councils: set[str]  # the councils a right answer names
    unknown: set[str]  # councils that cannot be scored (grade unknown in the catalogue)
    count: int | None = None
    region_counts: dict[str, Counter] = field(default_factory=dict)


def gold_of(q: AcrossQuestion, graded: dict[str, list[GoldInspection]]) -> Gold:
    region = region_by_code(q.region) if q.region else None
    scope = {c for c in graded if region is None or c in region}
    latest = {c: graded[c][0] for c in scope}
    if q.kind in ("which", "count"):
        hit = {c for c, g in latest.items() if g.grades[q.area] == q.grade}
        unknown = {c for c, g in latest.items() if g.grades[q.area] == UNKNOWN}
        return Gold(hit, unknown, len(hit))
    if q.kind == "region_table":
        return Gold(set(scope), set())
    if q.kind == "region_compare":
        counts = {
            r.name: Counter(graded[c][0].grades["overall"] for c in graded if c in r)
            for r in england_regions()
        }
        return Gold(set(), set(), region_counts=counts)
    hit, unknown = set(), set()
    for council in scope:
        if len(graded[council]) < 2:
            continue
        before = graded[council][1].grades[q.area]
        after = graded[council][0].grades[q.area]
        if UNKNOWN in (before, after) or "-" in (before, after):
            if UNKNOWN in (before, after):
                unknown.add(council)
            continue
        if _moved(q, before, after):
            hit.add(council)
    return Gold(hit, unknown, len(hit))


def _moved(q: AcrossQuestion, before: str, after: str) -> bool:
    rank = {g: i for i, g in enumerate(GRADE_FAMILIES)}
    if q.movement == "from_to":
        return before == q.grade and after == q.grade2
    if q.movement == "out_of":
        return before == q.grade and after != q.grade
    if q.movement == "still":
        return before == q.grade and after == q.grade
    if q.movement == "improved":
        return rank[after] < rank[before]
    if q.movement == "declined":
        return rank[after] > rank[before]
    return False


# -- scoring ------------------------------------------------------------------------------
def named_councils(answer) -> set[str]:
    """Every council the answer names: its table's first column and any council name in its
    text (so an unasked council anywhere in the answer counts against precision)."""
    found: set[str] = set()
    if answer.table is not None:
        for row in answer.table.rows:
            match = candidates(row[0].text)
            if len(match) == 1:
                found.add(match[0].name)
    text = answer.answer
    # longest names first, each blanked once found, so "North Lincolnshire" is not also
    # read as "Lincolnshire"
    for council in sorted(all_councils(), key=lambda c: -len(c.name)):
        pattern = rf"(?<![\w-]){re.escape(council.name)}(?![\w-])"
        if re.search(pattern, text):
            found.add(council.name)
            text = re.sub(pattern, " ", text)
    return found


def first_number(text: str) -> int | None:
    match = re.search(r"\b(\d+)\b", text)
    return int(match[1]) if match else None


def region_counts(answer) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    if answer.table is None:
        return out
    columns = answer.table.columns
    for row in answer.table.rows:
        cells = {col: cell.text for col, cell in zip(columns, row)}
        name = cells.get("Region", "")
        out[name] = Counter({g: int(cells.get(g, "0") or 0) for g in GRADE_FAMILIES})
    return out


@dataclass
class Score:
    recall: float | None = None
    precision: float | None = None
    count_right: bool | None = None
    regions_right: float | None = None


def score(q: AcrossQuestion, answer, gold: Gold) -> Score:
    if q.kind == "region_compare":
        got = region_counts(answer)
        right = [
            got.get(name, Counter()) == Counter({g: counts.get(g, 0) for g in GRADE_FAMILIES})
            for name, counts in gold.region_counts.items()
        ]
        return Score(regions_right=sum(right) / len(right))
    named = named_councils(answer) - gold.unknown
    want = gold.councils
    recall = len(named & want) / len(want) if want else (1.0 if not named else 0.0)
    precision = len(named & want) / len(named) if named else (1.0 if not want else 0.0)
    count_right = None
    if q.kind in ("count", "which", "movement") and gold.count is not None and not gold.unknown:
        count_right = first_number(answer.summary or answer.answer) == gold.count
    return Score(recall, precision, count_right)


def run(index: str, catalogue: Path, splits: set[str], extra: list[AcrossQuestion] = ()) -> dict:
    from retriever import Retriever

    retriever = Retriever.open(index)
    graded = graded_from_catalogue(catalogue)
    rows, per_kind = [], defaultdict(list)
    for q in [*questions(), *extra]:
        if q.split not in splits:
            continue
        start = time.perf_counter()
        answer = retriever.ask(q.question)
        ms = (time.perf_counter() - start) * 1000
        s = score(q, answer, gold_of(q, graded))
        per_kind[q.kind].append((s, ms))
        rows.append(
            {"question": q.question, "kind": q.kind, "split": q.split, **s.__dict__, "ms": ms}
        )
    summary = {}
    for kind, scored in per_kind.items():
        summary[kind] = {
            "n": len(scored),
            "recall": _mean(s.recall for s, _ in scored),
            "precision": _mean(s.precision for s, _ in scored),
            "counts_right": _share(s.count_right for s, _ in scored),
            "regions_right": _mean(s.regions_right for s, _ in scored),
            "p50_ms": sorted(ms for _, ms in scored)[len(scored) // 2],
        }
    return {"summary": summary, "questions": rows}


def _mean(values) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 3) if kept else None


def _share(values) -> str | None:
    kept = [v for v in values if v is not None]
    return f"{sum(kept)}/{len(kept)}" if kept else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", default="national-index")
    parser.add_argument(
        "--catalogue", type=Path, default=Path("../shared/national/inspections.csv")
    )
    parser.add_argument("--split", nargs="+", default=["test", "reported"])
    parser.add_argument("--json", type=Path, help="write every question's score here")
    parser.add_argument("--list", action="store_true", help="print the questions and exit")
    parser.add_argument(
        "--questions",
        type=Path,
        help="also ask these questions (JSON lines, split 'heldout'; e.g. eval/across_heldout.jsonl)",
    )
    args = parser.parse_args(argv)
    extra = load_questions(args.questions) if args.questions else []
    if extra:
        args.split = [*args.split, "heldout"]
    if args.list:
        for q in [*questions(), *extra]:
            print(f"{q.split:8} {q.kind:14} {q.question}")
        return 0
    if not args.catalogue.is_file():
        print(f"No catalogue at {args.catalogue}: the gold comes from it.", file=sys.stderr)
        return 2
    result = run(args.index, args.catalogue, set(args.split), extra)
    print(
        f"{'kind':15} {'n':>3} {'recall':>7} {'precision':>9} {'counts':>7} {'regions':>8} {'p50 ms':>7}"
    )
    for kind, s in result["summary"].items():
        print(
            f"{kind:15} {s['n']:>3} {_fmt(s['recall']):>7} {_fmt(s['precision']):>9} "
            f"{s['counts_right'] or '-':>7} {_fmt(s['regions_right']):>8} {s['p50_ms']:>7.0f}"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
