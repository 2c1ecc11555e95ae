"""England's regions as people name them: the nine ONS regions of `data/councils.csv`, the
two halves of London, and "the Midlands" / "the North", read from a question as a slot.

Inner and Outer London follow the ONS statistical definition that DfE's children's services
statistics use (Inner: Camden, City of London, Hackney, Hammersmith and Fulham, Haringey,
Islington, Kensington and Chelsea, Lambeth, Lewisham, Newham, Southwark, Tower Hamlets,
Wandsworth, Westminster; Outer: the other 19 boroughs).

Pure lookups. A council whose own name holds a region's words ("North East Lincolnshire",
"City of London", "London Borough of Barnet", "North Yorkshire") is never read as a region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .councils import Council, all_councils

# The forms people write for each region (after normalising: lower case, hyphens and '&'
# folded), longest first within a region. Codes are those of councils.csv; the composite
# and half-London ones are unions or parts of them.
_FORMS: dict[str, tuple[str, ...]] = {
    "NE": ("north east of england", "north east england", "north east", "northeast"),
    "NW": ("north west of england", "north west england", "north west", "northwest"),
    "YH": (
        "yorkshire and the humber",
        "yorkshire and humber",
        "yorkshire and humberside",
        "yorkshire humber",
        "yorks and the humber",
        "yorks and humber",
        "yorks humber",
        "yorkshire",
        "yorks",
    ),
    "EM": ("east midlands", "eastmids", "east mids"),
    "WM": ("west midlands", "west mids"),
    "E": ("east of england", "eastern region", "the east region"),
    "GL": ("greater london", "london boroughs", "london borough", "london councils", "london"),
    "GL-I": ("inner london",),
    "GL-O": ("outer london",),
    "SE": ("south east of england", "south east england", "south east", "southeast"),
    "SW": ("south west of england", "south west england", "south west", "southwest"),
    "MID": ("the midlands", "midlands"),
    "NORTH": ("the north of england", "north of england", "the north"),
    "GM": ("greater manchester",),
    "MY": ("merseyside", "liverpool city region"),
    "WY": ("west yorkshire",),
    "SY": ("south yorkshire",),
    "TW": ("tyne and wear",),
}
_COMPOSITES = {"MID": ("EM", "WM"), "NORTH": ("NE", "NW", "YH")}
# A region's code written as people abbreviate it ("SW councils", "in the NE"): in capitals,
# and placed as a region is ("in", "the", or before the councils it holds), since the same
# letters are other words too ("Trainee SW here": a social worker).
_ABBREVIATED = re.compile(
    r"(?:(?<![\w&+-])(?:in|across|for|of)\s+(?:the\s+)?|(?<![\w&+-])the\s+|^\s*)?"
    r"(?<![\w&+-])(NE|NW|SE|SW|EM|WM|YH)(?![\w&+-])"
    r"(?P<after>\s+(?i:councils?|las?|local\s+authorit(?:y|ies)|authorit(?:y|ies)|boroughs?"
    r"|areas?|region|league|grades?|ratings?)\b)?"
)
# Inner London and the former metropolitan counties people still name ("West Yorkshire" is
# not the whole of Yorkshire and the Humber): their councils are those of councils.csv
# whose `sub_region` is the code.
_SUB_REGIONS = ("GL-I", "GM", "MY", "WY", "SY", "TW")
_NAMES = {
    "GL-I": "Inner London",
    "GL-O": "Outer London",
    "MID": "the Midlands",
    "NORTH": "the North of England",
    "GM": "Greater Manchester",
    "MY": "Merseyside",
    "WY": "West Yorkshire",
    "SY": "South Yorkshire",
    "TW": "Tyne and Wear",
}
_OURS = re.compile(r"\b(?:our|my|this|the same)\s+region\b")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    councils: tuple[str, ...]  # council names, alphabetical

    def __contains__(self, council: str) -> bool:
        return council in self.councils


@dataclass(frozen=True)
class RegionMention:
    """A region read from a question: `region` is None for "our region" (the asker's)."""

    region: Region | None
    start: int
    end: int
    words: str


def _form_regex(form: str) -> str:
    """A written form as a pattern: any run of spaces, and '&' for 'and'."""
    words = [re.escape(word) for word in form.split()]
    return r"\s+".join(r"(?:and|\+)" if word == "and" else word for word in words)


def _fold(text: str) -> str:
    """Lower case with hyphens, '&' and runs of spaces folded; offsets kept one to one."""
    text = text.lower().replace("&", "+")
    return re.sub(r"[-\u2010-\u2015/]", " ", text)


@lru_cache(maxsize=1)
def all_regions() -> tuple[Region, ...]:
    """The nine regions (councils.csv order), then Inner and Outer London, then composites."""
    by_code: dict[str, list[Council]] = {}
    names: dict[str, str] = {}
    for council in all_councils():
        by_code.setdefault(council.region_code, []).append(council)
        names.setdefault(council.region_code, council.region)
    regions = {
        code: Region(code, names[code], tuple(sorted(c.name for c in councils)))
        for code, councils in by_code.items()
    }
    within = {
        code: [c.name for c in all_councils() if c.sub_region == code] for code in _SUB_REGIONS
    }
    london = regions.get("GL")
    if london is not None:
        inner = tuple(name for name in london.councils if name in within["GL-I"])
        outer = tuple(name for name in london.councils if name not in within["GL-I"])
        regions["GL-I"] = Region("GL-I", _NAMES["GL-I"], inner)
        regions["GL-O"] = Region("GL-O", _NAMES["GL-O"], outer)
    for code, parts in _COMPOSITES.items():
        members = sorted(name for part in parts for name in regions[part].councils)
        regions[code] = Region(code, _NAMES[code], tuple(members))
    for code in _SUB_REGIONS[1:]:
        regions[code] = Region(code, _NAMES[code], tuple(sorted(within[code])))
    return tuple(regions.values())


def england_regions() -> tuple[Region, ...]:
    """The nine regions that partition England, in the order DfE lists them."""
    order = ("NE", "NW", "YH", "EM", "WM", "E", "GL", "SE", "SW")
    by_code = {region.code: region for region in all_regions()}
    return tuple(by_code[code] for code in order if code in by_code)


def region_by_code(code: str) -> Region | None:
    return next((region for region in all_regions() if region.code == code), None)


def region_of(council: str) -> Region | None:
    """The one of the nine regions a council (by name) belongs to."""
    return next((region for region in england_regions() if council in region), None)


@lru_cache(maxsize=1)
def _council_masks() -> re.Pattern[str]:
    """Council names holding a region's words, to be blanked before regions are read."""
    region_words = re.compile(r"\b(?:north|south|east|west|london|yorkshire|midlands)\b")
    forms = {
        _fold(form)
        for council in all_councils()
        for form in (council.name, *council.aliases, *council.former_names)
        if region_words.search(_fold(form))
    }
    forms |= {"london borough of " + _fold(c.name) for c in all_councils() if c.region_code == "GL"}
    forms |= {"royal borough of " + _fold(c.name) for c in all_councils() if c.region_code == "GL"}
    alternatives = sorted(forms, key=len, reverse=True)
    body = "|".join(_form_regex(form) for form in alternatives)
    return re.compile(rf"\b(?:{body})\b")


@lru_cache(maxsize=1)
def _region_pattern() -> re.Pattern[str]:
    pairs = [(form, code) for code, forms in _FORMS.items() for form in forms]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    body = "|".join(rf"(?P<r{i}>{_form_regex(form)})" for i, (form, _) in enumerate(pairs))
    return re.compile(rf"\b(?:the\s+)?(?:{body})\b(?:\s+region)?")


@lru_cache(maxsize=1)
def _group_codes() -> dict[str, str]:
    pairs = [(form, code) for code, forms in _FORMS.items() for form in forms]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return {f"r{i}": code for i, (_, code) in enumerate(pairs)}


def without_regions(text: str) -> str:
    """The text with each region it names blanked ("the East of England" names a region, not
    England; a region filters an answer, it is no word to search for)."""
    for mention in reversed(find_regions(text)):
        text = text[: mention.start] + " " + text[mention.end :]
    return text


def find_regions(text: str) -> list[RegionMention]:
    """Every region a question names, in order; "our region" as a mention with no region."""
    folded = _fold(text)
    masked = _council_masks().sub(lambda m: " " * len(m.group(0)), folded)
    mentions: list[RegionMention] = []
    for match in _OURS.finditer(masked):
        mentions.append(
            RegionMention(None, match.start(), match.end(), text[match.start() : match.end()])
        )
    codes = _group_codes()
    for match in _region_pattern().finditer(masked):
        code = codes[next(name for name, value in match.groupdict().items() if value)]
        region = region_by_code(code)
        if region is not None:
            words = text[match.start() : match.end()]
            mentions.append(RegionMention(region, match.start(), match.end(), words))
    for match in _ABBREVIATED.finditer(text):
        placed = match.start(1) > match.start() or match["after"]
        if not placed or any(m.start < match.end(1) and match.start(1) < m.end for m in mentions):
            continue
        if masked[match.start(1) : match.end(1)].strip():  # not inside a council's name
            region = region_by_code(match.group(1))
            start, end = match.start(1), match.end(1)
            mentions.append(RegionMention(region, start, end, text[start:end]))
    return sorted(mentions, key=lambda mention: mention.start)
