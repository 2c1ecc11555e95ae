"""Answers across councils: changes between inspections, a region's table, regions compared,
and "which councils" / "how many" within a region. Each is computed from the judgement rows
(answer/standing.py), the number first, then a table whose every grade cites the judgement
passage of its own report. The region slot restricts every one of them: no council outside
the region asked is ever named.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from indexer.regions import Region, england_regions, find_regions, region_of, without_regions
from indexer.vocab import GRADE_FAMILIES, typed_grade

from ..types import Answer, Filters, Table, TableCell, TableScope
from ..understand.grade_rows import asked_grade
from ..understand.movement import describe, family_of, movement_asked
from ..understand.query import Query
from .citations import format_month
from .cited import Cited
from .grades import row_line
from .sources import Sources
from .standing import (
    AREA_ORDER,
    AREA_TITLES,
    Inspection,
    grade_counts,
    graded_inspections,
    latest_inspections,
    movements,
)

MOVEMENT_RULE = (
    "Compared: each council's last two graded inspections (full inspections under the single "
    "inspection framework or ILACS); focused and monitoring visits are not graded and are "
    "not counted."
)


def asked_regions(query: Query) -> tuple[list[Region], str]:
    """The regions a question names; "our region" is the region of the council asked about.
    The second value names a region slot that could not be applied ("" when none)."""
    regions: list[Region] = []
    dropped = ""
    councils = list(query.intent.authorities) if query.intent else []
    for mention in find_regions(query.text):
        if mention.region is not None:
            regions.append(mention.region)
            continue
        home = region_of(councils[0]) if councils else None
        if home is None:
            dropped = f'"{mention.words}" (no council is named, so no region is known)'
        else:
            regions.append(home)
    return list(dict.fromkeys(regions)), dropped


def asked_area(query: Query) -> str:
    """The one judgement area a question names (overall effectiveness when none)."""
    areas = set(query.intent.areas) if query.intent else set()
    return next((area for area in AREA_ORDER if area in areas), "overall")


def councils_in(regions: list[Region]) -> set[str] | None:
    """The councils of the regions asked; None (every council) when none is asked."""
    if not regions:
        return None
    return {council for region in regions for council in region.councils}


def region_phrase(region: Region) -> str:
    """A region's name as a sentence uses it: "the North East", "London", "Yorkshire and
    the Humber"."""
    bare = (
        "London",
        "Yorkshire",
        "Inner",
        "Outer",
        "Greater",
        "Merseyside",
        "Tyne",
        "West Y",
        "South Y",
    )
    name = region.name
    return name if name.startswith(("the ", *bare)) else f"the {name}"


def _where(regions: list[Region]) -> str:
    if not regions:
        return "England"
    return " and ".join(region_phrase(r) for r in regions)


def _cite(cited: Cited, inspection: Inspection, area: str) -> TableCell:
    """A grade cell quoting its judgement-table line; unquotable grades are left blank."""
    row = inspection.rows.get(area)
    if row is None:
        return TableCell("")
    hit = cited.hit(row["passage_id"])
    quote = row_line(row, hit.passage["text"]) if hit else None
    number = cited.cite([row["passage_id"]], quote) if quote else None
    if number is None:
        return TableCell("")
    return TableCell(row["grade"], number)


def _cell_text(cell: TableCell) -> str:
    return f"{cell.text} [{cell.citation}]" if cell.citation else (cell.text or "-")


def _finish(query: Query, cited: Cited, summary: str, table: Table, notes: list[str]) -> Answer:
    """The answer: the summary, the table as lines, then any notes (the rule used)."""
    for line in _table_lines(table):
        cited.add(line)
    for note in notes:
        cited.add("")
        cited.add(note)
    answer = cited.answer(query, summary)
    if answer is None:  # nothing to cite: the number alone ("0 of the 12 councils ...")
        return Answer(query.text, summary, False, [], [], query.derived or {}, summary, table=table)
    return replace(answer, table=table)


def _table_lines(table: Table) -> list[str]:
    lines = [" | ".join(table.columns)]
    lines += [" | ".join(_cell_text(c) for c in row) for row in table.rows]
    return lines


def _dropped_note(dropped: str) -> list[str]:
    return [f"Not applied: {dropped}."] if dropped else []


# -- changes between inspections -----------------------------------------------------------
def movement_composer(query: Query, sources: Sources) -> Answer | None:
    regions, dropped = asked_regions(query)
    area = asked_area(query)
    asked = movement_asked(query.text)
    by_council = graded_inspections(sources.judgements())
    within = councils_in(regions)
    found = [m for m in movements(by_council, area, within) if asked.admits(m)]
    where = _where(regions)
    what = describe(asked, plural=len(found) != 1)
    area_words = "" if area == "overall" else f" ({AREA_TITLES[area].lower()})"
    considered = len(movements(by_council, area, within))
    summary = (
        f"{len(found)} of the {considered} councils in {where} with two graded inspections "
        f"{what}{area_words}."
    )
    cited = Cited(sources.passage)
    columns = ["Council", "Previous inspection", "Grade before", "Latest inspection", "Grade now"]
    rows = []
    for movement in found:
        before = _cite(cited, movement.previous, area)
        after = _cite(cited, movement.latest, area)
        rows.append(
            [
                TableCell(movement.council),
                TableCell(format_month(movement.previous.date)),
                before,
                TableCell(format_month(movement.latest.date)),
                after,
            ]
        )
    notes = [MOVEMENT_RULE, *_dropped_note(dropped)]
    title = f"Changes between inspections, {where}{area_words}"
    after = next(iter(asked.after)) if len(asked.after) == 1 else ""
    scope = _scope(regions, area, after)
    return _finish(query, cited, summary, Table(columns, rows, title, scope), notes)


# -- a region's table ----------------------------------------------------------------------
def region_table_composer(query: Query, sources: Sources) -> Answer | None:
    """Each council's latest graded inspection in the regions asked (England when none); a
    grade named ("the good councils of the South East") narrows it to those councils."""
    if named_grade(query.text):
        return region_which_composer(query, sources)
    regions, dropped = asked_regions(query)
    return _latest_table(query, sources, regions, _dropped_note(dropped))


def _latest_table(
    query: Query, sources: Sources, regions: list[Region], notes: list[str]
) -> Answer:
    by_council = graded_inspections(sources.judgements())
    latest = latest_inspections(by_council, councils_in(regions))
    latest.sort(key=lambda i: (_rank(i.grade()), i.council))
    where = _where(regions)
    counts = grade_counts(latest)
    summary = (
        f"Grades of the {len(latest)} councils in {where}, each at its latest graded "
        "inspection: " + ", ".join(f"{counts[f]} {f.lower()}" for f in GRADE_FAMILIES) + " overall"
    )
    ungraded = len(latest) - sum(counts.values())
    summary += f"; {ungraded} with no overall grade printed." if ungraded else "."
    cited = Cited(sources.passage)
    columns = ["Council", "Inspection", *(AREA_TITLES[a] for a in AREA_ORDER)]
    rows = [
        [
            TableCell(i.council),
            TableCell(format_month(i.date)),
            *(_cite(cited, i, area) for area in AREA_ORDER),
        ]
        for i in latest
    ]
    title = f"Grades of every council in {where}"
    table = Table(columns, rows, title, _scope(regions, "overall", ""))
    return _finish(query, cited, summary, table, notes)


def latest_grades(sources: Sources, region: Region | None) -> Answer:
    """Each council's latest graded inspection in one region (England when None): the
    region's table answer, asked for by a front end rather than read from a question."""
    regions = [region] if region is not None else []
    title = f"Grades of every council in {_where(regions)}"
    query = Query(title, "lexical", 0, Filters(), derived=Filters())
    return replace(_latest_table(query, sources, regions, []), shape="region_table")


def _scope(regions: list[Region], area: str, grade: str | None) -> TableScope:
    return TableScope(tuple(r.code for r in regions), area, grade or "")


def _rank(grade: str | None) -> int:
    return GRADE_FAMILIES.index(grade) if grade in GRADE_FAMILIES else len(GRADE_FAMILIES)


# -- regions compared ----------------------------------------------------------------------
def region_compare_composer(query: Query, sources: Sources) -> Answer | None:
    """Counts per grade for each region, the asked ones first, then England; the asked
    region's councils follow, each grade cited."""
    regions, dropped = asked_regions(query)
    area = asked_area(query)
    by_council = graded_inspections(sources.judgements())
    ordered = regions + [r for r in england_regions() if r not in regions]
    columns = ["Region", "Councils", *GRADE_FAMILIES]
    rows = []
    for region in ordered:
        counts = grade_counts(latest_inspections(by_council, region.councils), area)
        rows.append(_count_row(region.name, counts))
    rows.append(_count_row("England", grade_counts(latest_inspections(by_council), area)))
    first = regions[0] if regions else None
    area_words = AREA_TITLES[area].lower()
    if first is not None:
        counts = grade_counts(latest_inspections(by_council, first.councils), area)
        summary = (
            f"{region_phrase(first)[0].upper()}{region_phrase(first)[1:]}: "
            + _counts_words(counts)
            + f" ({area_words}, latest graded "
            "inspection), against the other regions and England below."
        )
    else:
        summary = f"Grades per region ({area_words}, each council's latest graded inspection)."
    cited = Cited(sources.passage)
    notes = [*_dropped_note(dropped)]
    if first is not None:
        lines = [f"The councils of {region_phrase(first)}:"]
        for inspection in latest_inspections(by_council, first.councils):
            cell = _cite(cited, inspection, area)
            lines.append(
                f"- {inspection.council} ({format_month(inspection.date)}): {_cell_text(cell)}"
            )
        notes.append("\n".join(lines))
    title = f"Regions compared ({area_words})"
    table = Table(columns, rows, title, _scope(regions[:1], area, ""))
    return _finish(query, cited, summary, table, notes)


def _count_row(name: str, counts: Counter) -> list[TableCell]:
    total = sum(counts.values())
    return [
        TableCell(name),
        TableCell(str(total)),
        *(TableCell(str(counts[f])) for f in GRADE_FAMILIES),
    ]


def _counts_words(counts: Counter) -> str:
    return ", ".join(f"{counts[f]} {f.lower()}" for f in GRADE_FAMILIES)


def benchmark_rows(
    judgements: list[dict], council: str, area: str = "overall"
) -> list[list[TableCell]]:
    """Two rows to close a council's neighbour table, as LAIT did: its region and England,
    as counts per grade of each council's latest graded inspection."""
    by_council = graded_inspections(judgements)
    region = region_of(council)
    rows = []
    if region is not None:
        rows.append(
            _count_row(
                region.name, grade_counts(latest_inspections(by_council, region.councils), area)
            )
        )
    rows.append(_count_row("England", grade_counts(latest_inspections(by_council), area)))
    return rows


_GRADE_NAMED = re.compile(rf"\b({typed_grade()}|ri)\b", re.I)


def named_grade(text: str) -> str | None:
    """The grade a question over councils names ("rated good", "are inadequate", "RI")."""
    grade = asked_grade(text)
    if grade:
        return grade
    match = _GRADE_NAMED.search(text)
    if not match:
        return None
    return family_of(match[1])


# -- which councils / how many, within a region --------------------------------------------
def region_which_composer(query: Query, sources: Sources) -> Answer | None:
    """Councils of the regions asked whose latest graded inspection holds the grade asked
    (in the area asked); the number first. Without a grade, the region's table."""
    regions, dropped = asked_regions(query)
    grade = named_grade(query.text)
    if grade is None:
        return region_table_composer(query, sources)
    area = asked_area(query)
    by_council = graded_inspections(sources.judgements())
    latest = latest_inspections(by_council, councils_in(regions))
    found = [i for i in latest if i.grade(area) == grade]
    where = _where(regions)
    area_words = AREA_TITLES[area].lower()
    summary = (
        f"{len(found)} of the {len(latest)} councils in {where} "
        f"{'was' if len(found) == 1 else 'were'} judged {grade.lower()} for {area_words} at "
        "their latest graded inspection."
    )
    cited = Cited(sources.passage)
    columns = ["Council", "Inspection", AREA_TITLES[area]]
    rows = [
        [TableCell(i.council), TableCell(format_month(i.date)), _cite(cited, i, area)]
        for i in found
    ]
    what = "How many councils" if query.asks_count else "Councils"
    title = f"{what} in {where} judged {grade.lower()} for {area_words}"
    table = Table(columns, rows, title, _scope(regions, area, grade))
    return _finish(query, cited, summary, table, _dropped_note(dropped))


# -- "which councils ...": a grade, a region's table, or a topic ---------------------------
_NOT_TOPIC = re.compile(
    r"\b(?:rated|rating|ratings|graded|grades?|judged|judgements?|judgments?|ofsted|latest|"
    r"last|most|recent|current(?:ly)?|inspections?|overall|effectiveness|now|at|their|its|"
    r"were|was|are|is|got|get|received|list|show|me|all|every|each|table|league|councils?|"
    r"authorit(?:y|ies)|las?|local|boroughs?|how|many|number|count|which|with|in|for|the|"
    r"of|a|an|each|every|do|does|did|against|other|regions?|regional|compare[ds]?|"
    r"comparison|versus|vs|england|national(?:ly)?|rest|results?|scores?|what|who|show|"
    r"give|tell|please|there|have|has|had|been|be|by|on|to|and|or|any|than|better|worse)\b",
    re.I,
)


def has_topic(query: Query) -> bool:
    """The question asks about something other than grades and regions ("which councils
    have a Staying Close scheme?"): its words left once the frame, regions, areas and
    grade words are taken out."""
    from indexer.vocab import AREAS

    text = query.text
    text = without_regions(text)
    for pattern in AREAS.values():
        text = re.sub(pattern, " ", text, flags=re.I)
    text = _GRADE_NAMED.sub(" ", text)
    text = _NOT_TOPIC.sub(" ", text)
    return bool(re.search(r"[a-z]{3,}", text, re.I))


def which_councils_composer(query: Query, sources: Sources) -> Answer | None:
    """A "which councils" or "how many councils" question: by grade when it names one (over
    its regions, or England), a topic's councils when it asks about something else, the
    region's table when it names only a region. A year asked about is left to the
    year-aware grade list."""
    from .topic_which import topic_which_composer

    grade = named_grade(query.text)
    if grade is None and has_topic(query):
        return topic_which_composer(query, sources)
    if query.intent is not None and query.intent.years:
        return None
    if grade is not None:
        return region_which_composer(query, sources)
    regions, _ = asked_regions(query)
    return region_table_composer(query, sources) if regions else None
