"""The page address: the view shown and the Compare councils view's filters, as slugs in
the URL (`?view=compare&region=west-midlands&area=care-leavers&grade=good`), so a link can
be shared or bookmarked and a reload keeps them. Pure, so the rules are tested without
Streamlit. A value the address does not know falls back to its default, never an error;
a default is left out of the address."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.vocab import GRADE_FAMILIES

from . import compare as cmp
from .council import slug
from .neighbours import COLUMNS

VIEW = "view"
FILTERS = ("region", "area", "grade")

Params = dict[str, str | None]  # name -> slug; None: not in the address


def view_slug(view: str) -> str:
    """A view's name in the address: its first word ("Compare councils" -> "compare")."""
    return slug(view).split("-")[0]


def view_from(value: str | None, views: list[str]) -> str:
    """The view an address names (by its first word or its whole name); the first view
    when it names none of them."""
    wanted = slug(str(value or ""))
    for view in views:
        if wanted and wanted in (view_slug(view), slug(view)):
            return view
    return views[0]


def view_params(view: str, views: list[str]) -> Params:
    """The address for a view: no `view=` for the first (the default), and no Compare
    councils filters unless that view is shown."""
    params: Params = {VIEW: None if view == views[0] else view_slug(view)}
    if view != cmp.VIEW:
        params.update(dict.fromkeys(FILTERS))
    return params


@dataclass(frozen=True)
class CompareFilters:
    """The Compare councils view's filters as its selectboxes hold them."""

    region: str = cmp.ENGLAND  # a region code; ENGLAND for every council
    area: str = cmp.ALL_AREAS  # a judgement title
    grade: str = cmp.ANY_GRADE  # a grade family or NO_GRADE


def _match(value: str | None, options: list[tuple[str, str]], default: str) -> str:
    """The option whose slug (or any other spelling listed) is the value's slug."""
    wanted = slug(str(value or ""))
    return next((option for option, name in options if wanted and slug(name) == wanted), default)


def _regions() -> list[tuple[str, str]]:
    nine = cmp.regions()
    return [(r.code, r.name) for r in nine] + [(r.code, r.code) for r in nine]


def _areas() -> list[tuple[str, str]]:
    return [(label, label) for _, label in COLUMNS]


def _grades() -> list[tuple[str, str]]:
    return [(g, g) for g in (*GRADE_FAMILIES, cmp.NO_GRADE)]


def filters_from(params: dict[str, str | None]) -> CompareFilters:
    """The filters an address names: a region by its name's slug (or its code), a judgement
    and a grade by theirs; each unknown one is its default."""
    return CompareFilters(
        _match(params.get("region"), _regions(), cmp.ENGLAND),
        _match(params.get("area"), _areas(), cmp.ALL_AREAS),
        _match(params.get("grade"), _grades(), cmp.ANY_GRADE),
    )


def filter_params(filters: CompareFilters) -> Params:
    """The address of the filters, slugs only, each default left out."""
    return {
        "region": slug(cmp.region_name(filters.region)) if filters.region else None,
        "area": slug(filters.area) if filters.area != cmp.ALL_AREAS else None,
        "grade": slug(filters.grade) if filters.grade != cmp.ANY_GRADE else None,
    }
