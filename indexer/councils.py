"""England's 153 councils with children's services, as data: names, codes, regions, neighbours.

`data/councils.csv` ships with the package (derived from the national catalogue's
authorities.csv): each council's usual name, the short and official forms people and
reports use for it (`aliases`), names of councils it replaced (`former_names`: a report
from before a reorganisation prints those), its old (`la_code`) and ONS codes, region,
Ofsted URN, its ten statistical neighbours (by `la_code`, closest first), the path of
its page on Ofsted's reports site (`ofsted_path`) and the part of a region it lies in
(`sub_region`: Inner London, or a former metropolitan county such as Greater Manchester).

Pure lookups, loaded once. The indexer names a report's council with them; question
understanding recognises any council, and says when a name is no council at all.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .vocab import INSPECTION_KINDS

_COUNCIL_TYPE = re.compile(
    r"^(?:the\s+)?(?:(?:london|royal|metropolitan|county)\s+borough\s+of|county\s+of"
    r"|borough\s+of|city\s+of(?!\s+london\b)|city\s+and\s+county\s+of)\s+"
    r"|\s+(?:metropolitan\s+district|metropolitan\s+borough|city\s+and\s+county|county\s+borough"
    r"|borough|county|city|district|unitary\s+authority)?\s*council$"
    r"|\s+(?:city|metropolitan\s+district|district\s+metropolitan|district"
    r"|metropolitan\s+borough|metropolitan|borough|county|unitary\s+authority)$",
    re.I,
)


@dataclass(frozen=True)
class Council:
    name: str
    la_code: str
    ons_code: str
    region_code: str
    region: str
    ofsted_urn: str
    aliases: tuple[str, ...]  # short and official forms of today's council
    former_names: tuple[str, ...]  # councils it replaced
    neighbours: tuple[str, ...]  # la_codes of its statistical neighbours, closest first
    ofsted_path: str = ""  # its page on Ofsted's reports site, e.g. provider/44/80487
    sub_region: str = ""  # "GL-I" (Inner London), "GM", "MY", "WY", "SY", "TW", or none


def fold(text: str) -> str:
    """Text as council names are found in it: lower case, '&' as 'and', no possessive 's,
    hyphens, commas and slashes as spaces; other punctuation stays, so what is left of a
    question once its names are taken out still reads."""
    text = text.replace("’", "'").replace("&", " and ")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[-,/]", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def normalise(name: str) -> str:
    """Compare names without case, punctuation, '&' or a leading 'the'."""
    text = re.sub(r"'s\b", "", fold(name))
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\bsaint\b|\bst\b", "st", text)


def _bare(name: str) -> str:
    """'Halton Borough Council' -> 'Halton'; 'London Borough of Barnet' -> 'Barnet'."""
    previous = None
    name = re.sub(r"\s+", " ", name).strip(" ,.")
    while previous != name:
        previous = name
        name = _COUNCIL_TYPE.sub("", name).strip(" ,.")
    return name


@lru_cache(maxsize=1)
def all_councils() -> tuple[Council, ...]:
    source = resources.files("indexer").joinpath("data/councils.csv")
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))

    def split(value: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in (value or "").split(";") if v.strip())

    return tuple(
        Council(
            name=row["name"],
            la_code=row["la_code"],
            ons_code=row["ons_code"],
            region_code=row["region_code"],
            region=row["region"],
            ofsted_urn=row["ofsted_urn"],
            aliases=split(row["aliases"]),
            former_names=split(row["former_names"]),
            neighbours=split(row["stat_neighbours"]),
            ofsted_path=(row.get("ofsted_path") or "").strip(),
            sub_region=(row.get("sub_region") or "").strip(),
        )
        for row in rows
    )


def names() -> tuple[str, ...]:
    """Every council's usual name ("County Durham", "Kingston upon Hull"), in table order."""
    return tuple(council.name for council in all_councils())


# Short forms of counties that no council is named for today; a catalogue may still name
# one ("Northamptonshire") for a report from before its county was split. Today's councils
# keep theirs ("Staffs") among their aliases in the table.
_FORMER_COUNTY_SHORT_FORMS = {
    "bedfordshire": ("Beds",),
    "berkshire": ("Berks",),
    "northamptonshire": ("Northants",),
    "yorkshire": ("Yorks",),
}


def former_county_short_forms(name: str) -> tuple[str, ...]:
    """The conventional abbreviation of a county no council is named for ("Northants")."""
    return _FORMER_COUNTY_SHORT_FORMS.get(normalise(name), ())


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Council], dict[str, tuple[Council, ...]], dict[str, Council]]:
    """(today's names and aliases, former names, la_code) -> council."""
    names: dict[str, Council] = {}
    former: dict[str, list[Council]] = {}
    codes: dict[str, Council] = {}
    for council in all_councils():
        codes[council.la_code] = council
        for alias in (council.name, *council.aliases):
            names.setdefault(normalise(alias), council)
        for old in council.former_names:
            former.setdefault(normalise(old), []).append(council)
    return names, {k: tuple(v) for k, v in former.items()}, codes


def by_code(code: str) -> Council | None:
    """A council by its old (`la_code`) or ONS code."""
    code = code.strip()
    found = _index()[2].get(code)
    return found or next((c for c in all_councils() if c.ons_code == code), None)


def candidates(name: str) -> tuple[Council, ...]:
    """Every council a name may mean: one for today's names, several for a split county."""
    if not name or not name.strip():
        return ()
    names, former, _ = _index()
    for form in dict.fromkeys((name, _bare(name))):
        key = normalise(form)
        if key in names:
            return (names[key],)
        if key in former:
            return former[key]
    return ()


def lookup(name: str) -> Council | None:
    """The council a name means, or None when it is no council or could be several."""
    found = candidates(name)
    return found[0] if len(found) == 1 else None


def canonical_name(name: str) -> str | None:
    council = lookup(name)
    return council.name if council else None


def neighbours(name: str) -> list[Council]:
    """A council's statistical neighbours, closest first."""
    council = lookup(name)
    if council is None:
        return []
    codes = _index()[2]
    return [codes[c] for c in council.neighbours if c in codes]


def region(name: str) -> str | None:
    council = lookup(name)
    return council.region if council else None


def alias_table() -> list[tuple[str, Council, bool]]:
    """(printed form, council, strong) for every name and alias; former names are not strong."""
    rows: list[tuple[str, Council, bool]] = []
    for council in all_councils():
        rows.extend((alias, council, True) for alias in (council.name, *council.aliases))
        rows.extend((old, council, False) for old in council.former_names)
    return rows


@lru_cache(maxsize=1)
def _text_patterns() -> tuple[tuple[re.Pattern, Council], ...]:
    """Names as printed in running text, longest first, acronyms case-sensitive."""
    out = []
    for alias, council, strong in alias_table():
        if not strong or len(normalise(alias)) < 4:
            continue
        words = [w for w in re.split(r"[\s,&-]+", alias) if w]
        if alias.isupper():
            pattern = re.compile(rf"\b{re.escape(alias)}\b")
        else:
            joiner = r"(?:[\s,&-]+|\s+and\s+)+"
            body = joiner.join(re.escape(w) for w in words if w.lower() != "and")
            pattern = re.compile(rf"\b{body}\b", re.I)
        out.append((len(alias), pattern, council))
    out.sort(key=lambda x: -x[0])
    return tuple((p, c) for _, p, c in out)


def find_in_text(text: str) -> list[Council]:
    """Councils named in a piece of text, in order of first mention (longest names first)."""
    found: list[tuple[int, Council]] = []
    taken: list[tuple[int, int]] = []
    for pattern, council in _text_patterns():
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # "Cheshire West and Chester" holds no "Chester"
            taken.append(m.span())
            found.append((m.start(), council))
    out: list[Council] = []
    for _, council in sorted(found, key=lambda x: x[0]):
        if council not in out:
            out.append(council)
    return out


UNKNOWN = "Unknown council"
_YEAR_TAIL = re.compile(r"[-_ ](?:19|20)\d\d\b.*$")


def _from_file_name(doc_id: str) -> tuple[Council, ...]:
    stem = re.split(r"[\\/]", doc_id)[-1]
    return candidates(_YEAR_TAIL.sub("", stem).replace("-", " ").replace("_", " "))


def name_council(doc_id: str, text: str, parts, overrides: dict) -> tuple[str, str | None]:
    """(council, note): a report's council is one of the 153, or the note says it is unsure.

    The catalogue's `authority` wins; then the name in the report's title ("Inspection of
    Halton Borough Council children's services"), then the first council the title pages
    name, then the file name. A split county's old name ("Northamptonshire") takes the
    successor the file name or title points at.
    """
    from .parse.metadata import authority_from_text

    given = (overrides or {}).get("authority")
    if given:
        return (canonical_name(given) or given), None
    by_file = _from_file_name(doc_id)
    titles = " \n".join(p.title for p in parts if p.kind in INSPECTION_KINDS)
    found: list[Council] = []
    printed = authority_from_text(text)
    if printed:
        found.extend(candidates(printed))
    found.extend(find_in_text(titles))
    found.extend(find_in_text(text[:3000]))
    for council in found:
        if council in by_file or not by_file or len(by_file) > 1:
            return council.name, None
    if len(by_file) == 1:
        return by_file[0].name, None
    if found:
        return found[0].name, None
    return UNKNOWN, (
        "could not tell which council this report is about; "
        "give its authority in corpus/catalog.csv"
    )
