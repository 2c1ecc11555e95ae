"""What the index holds, in memory: documents, parts, judgements, the values each filter
accepts, and the passages a filter allows (worked out once per distinct filter)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from indexer.store import Reader
from indexer.vocab import INSPECTION_KINDS, VISIT_KINDS

from .types import FilterError, Filters

_PART_DATES = ("inspection_start", "inspection_end", "meeting_date", "published")


@dataclass
class Scope:
    """What a filter allows: these documents, and of them only these parts (None: all)."""

    docs: tuple[str, ...]
    parts: frozenset | None = None
    allowed: np.ndarray | None = None  # passage rowids, worked out when first needed

    def admits(self, doc_id: str, part_slug: str) -> bool:
        return self.parts is None or (doc_id, part_slug) in self.parts


class Catalogue:
    def __init__(self, reader: Reader):
        self.reader = reader
        self.documents = reader.documents()
        self.parts = reader.parts()
        # Grades come from full inspections only: a visit letter grades nothing, so a row
        # stored against one (an index built before visits were told apart) is not a grade.
        self.judgements = [
            r
            for r in reader.judgements()
            if self.parts.get((r["doc_id"], r["part_slug"]), {}).get("kind") not in VISIT_KINDS
        ]
        # Worked out once, not per question: at 1,000x scale the judgement rows number
        # 56,000 and a scan of them per question cost more than the search (docs/performance.md).
        self.judged_areas = sorted({r["area"] for r in self.judgements})
        self._judgements_by_council: dict[str, list[int]] = {}
        self.judgement_passages: dict[str, list[str]] = {}  # doc_id -> its tables' passages
        for i, row in enumerate(self.judgements):
            self._judgements_by_council.setdefault(row["authority"].lower(), []).append(i)
            self.judgement_passages.setdefault(row["doc_id"], []).append(row["passage_id"])
        self.lead_inspectors = {
            p["lead_inspector"] for p in self.parts.values() if p.get("lead_inspector")
        }
        self.doc_years = self._years_of_documents()
        self.doc_public = self._public_dates()
        self._filter_values: dict[str, list] | None = None
        self._scopes: dict[tuple, Scope] = {}
        self._reported: list[dict] | None = None

    def _years_of_documents(self) -> dict[str, set[int]]:
        """Years each document is dated in: a year filter keeps the whole report pack
        about "the 2019 inspection", the council's paper of 2020 included."""
        out: dict[str, set[int]] = {d: set() for d in self.documents}
        for part in self.parts.values():
            out[part["doc_id"]] |= _part_years(part, self.documents[part["doc_id"]])
        return out

    def _public_dates(self) -> dict[str, str | None]:
        """The date by which each document was public: the latest date it carries (printed
        publication, inspection end, meeting), so an "as of" view never shows a report
        before its time; None when it carries no date."""
        dates: dict[str, list[str]] = {d: [doc.get("date")] for d, doc in self.documents.items()}
        for (doc_id, _), part in self.parts.items():
            dates[doc_id] += [part.get(c) for c in _PART_DATES]
        return {d: max((x for x in found if x), default=None) for d, found in dates.items()}

    def reported_judgements(self) -> list[dict]:
        """Judgement rows, those of an Ofsted report itself before a council paper's copy."""
        if self._reported is None:
            parts = self.parts
            self._reported = sorted(
                self.judgements,
                key=lambda r: (
                    parts.get((r["doc_id"], r["part_slug"]), {}).get("kind") not in INSPECTION_KINDS
                ),
            )
        return self._reported

    def council_documents(self, authority: str) -> list[str]:
        """A council's documents, newest first."""
        docs = [d for d in self.documents.values() if d["authority"] == authority]
        return [d["doc_id"] for d in sorted(docs, key=lambda d: d["date"] or "", reverse=True)]

    def graded_inspections(
        self, authority: str, within: Scope | None = None
    ) -> list[tuple[str, tuple[str, ...]]]:
        """A council's graded inspections, newest first: (inspection date, the documents
        printing its judgements, the Ofsted report's own where there is one); `within`: of
        the documents a filter allows."""
        docs: dict[str, dict[str, bool]] = {}
        for row in self.judgements_of([authority]):
            if row["inspection_date"] and (within is None or row["doc_id"] in within.docs):
                kind = self.parts.get((row["doc_id"], row["part_slug"]), {}).get("kind")
                own = docs.setdefault(row["inspection_date"], {})
                own[row["doc_id"]] = own.get(row["doc_id"], False) or kind in INSPECTION_KINDS
        out = []
        for date in sorted(docs, reverse=True):
            reports = tuple(d for d, own in docs[date].items() if own)
            out.append((date, reports or tuple(docs[date])))
        return out

    def parts_of(self, doc_id: str) -> list[dict]:
        return [p for p in self.parts.values() if p["doc_id"] == doc_id]

    def judgements_of(self, councils: list[str]) -> list[dict]:
        """The judgement rows of these councils (any case), in catalogue order."""
        by_council = self._judgements_by_council
        found = sorted({i for c in councils for i in by_council.get(c.lower(), [])})
        return [self.judgements[i] for i in found]

    def public_by(self, until) -> set[str]:
        """The documents public by an `until` date (the whole index as it stood then)."""
        return set(self.resolve({"until": until}).docs)

    def filter_values(self) -> dict[str, list]:
        """Values each filter accepts (`until` takes any date; listed: the months reports
        became public in)."""
        if self._filter_values is None:
            years = set().union(*self.doc_years.values()) if self.documents else set()
            self._filter_values = {
                "authority": sorted({d["authority"] for d in self.documents.values()}),
                "kind": sorted({p["kind"] for p in self.parts.values()}),
                "year": sorted(years),
                "until": sorted({d[:7] for d in self.doc_public.values() if d}),
            }
        return self._filter_values

    def report_years(self, authorities: list[str]) -> dict[str, list[int]]:
        """The years each council's reports are dated in."""
        out: dict[str, set[int]] = {}
        for doc_id, doc in self.documents.items():
            if doc["authority"] in authorities:
                out.setdefault(doc["authority"], set()).update(self.doc_years[doc_id])
        return {a: sorted(y) for a, y in out.items()}

    def latest_years(self, authorities: list[str], within: Scope | None = None) -> list[int]:
        """The year of each council's newest report, for "latest" questions; `within`: the
        newest among the reports a filter allows (an "as of" date, a kind)."""
        if within is None:
            return sorted({max(y) for y in self.report_years(authorities).values() if y})
        newest: dict[str, int] = {}
        for doc_id in within.docs:
            authority, years = self.documents[doc_id]["authority"], self.doc_years[doc_id]
            if authority in authorities and years:
                newest[authority] = max(newest.get(authority, 0), max(years))
        return sorted(set(newest.values()))

    # -- filters --------------------------------------------------------------------
    def resolve(self, filters: Filters | dict | None) -> Scope | None:
        """The documents (and parts) a filter allows, checked and worked out in memory
        once per distinct filter; None when nothing is filtered. Raises FilterError,
        naming the known values, for a value the index does not know (a caller's dict is
        checked here, in the order given, before it is made Filters)."""
        if isinstance(filters, Filters):
            filters = filters.as_dict()
        key = _filter_key(filters)
        if not key:
            return None
        if key not in self._scopes:
            if len(self._scopes) > 256:
                self._scopes.clear()
            self._scopes[key] = self._scope(filters)
        return self._scopes[key]

    def _scope(self, filters: dict) -> Scope:
        known = self.filter_values()
        parts = set(self.parts)
        for key, value in filters.items():
            if value in (None, "", [], ()):
                continue
            if key == "doc":  # these documents only (a composer's own narrowing)
                wanted = {
                    str(v) for v in (value if isinstance(value, (list, tuple, set)) else [value])
                }
                unknown = sorted(wanted - set(self.documents))
                if unknown:
                    raise FilterError(f"unknown document {unknown[0]!r}")
                parts = {p for p in parts if p[0] in wanted}
                continue
            if key not in known:
                raise FilterError(f"unknown filter {key!r}; use one of: {', '.join(sorted(known))}")
            values = value if isinstance(value, (list, tuple, set)) else [value]
            if key == "authority":
                lookup = {a.lower(): a for a in known["authority"]}
                picked = set()
                for v in values:
                    match = lookup.get(str(v).strip().lower())
                    if match is None:
                        raise FilterError(
                            f"unknown authority {v!r}; known: {', '.join(known['authority'])}"
                        )
                    picked.add(match)
                parts = {p for p in parts if self.documents[p[0]]["authority"] in picked}
            elif key == "kind":
                for v in values:
                    if v not in known["kind"]:
                        raise FilterError(f"unknown kind {v!r}; known: {', '.join(known['kind'])}")
                parts = {p for p in parts if self.parts[p]["kind"] in set(values)}
            elif key == "year":
                years = set(_years(values))
                for y in sorted(years):
                    if y not in known["year"]:
                        raise FilterError(
                            f"no reports from {y}; years in the index: "
                            f"{', '.join(map(str, known['year']))}"
                        )
                parts = {p for p in parts if self.doc_years[p[0]] & years}
            elif key == "until":
                limit = until_limit(values)
                parts = {p for p in parts if public_by(self.doc_public[p[0]], limit)}
        docs = sorted({d for d, _ in parts})
        whole = {p for p in self.parts if p[0] in set(docs)} == parts
        return Scope(tuple(docs), None if whole else frozenset(parts))

    def allowed_rowids(self, scope: Scope | None) -> np.ndarray | None:
        """Rowids of the passages a scope allows (None: every passage)."""
        if scope is None:
            return None
        if scope.allowed is None:
            if not scope.docs:
                scope.allowed = np.zeros(0, dtype="int64")
            else:
                rows = self.reader.passages_in(scope.docs)
                scope.allowed = np.array(
                    [r[0] for r in rows if scope.admits(r[1], r[2])], dtype="int64"
                )
        return scope.allowed

    def matches_nothing(self, filters: Filters) -> bool:
        allowed = self.allowed_rowids(self.resolve(filters))
        return allowed is not None and len(allowed) == 0


def _filter_key(filters: dict | None) -> tuple:
    if not filters:
        return ()
    key = []
    for name, value in sorted(filters.items()):
        if value in (None, "", [], ()):
            continue
        values = value if isinstance(value, (list, tuple, set)) else [value]
        key.append((name, tuple(sorted(str(v).strip().lower() for v in values))))
    return tuple(key)


def _part_years(part: dict, document: dict) -> set[int]:
    dates = [part.get(c) for c in _PART_DATES] + [document.get("date")]
    return {int(d[:4]) for d in dates if d and d[:4].isdigit()}


def until_limit(values) -> str:
    """The last day an `until` filter admits, as an ISO date: "2023" is the end of 2023,
    "2023-06" the end of June (compared as text, so "-31" serves every month)."""
    limits = []
    for v in values:
        text = str(v).strip()
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
        if isinstance(v, bool) or not match or not 1 <= int(match[2] or 1) <= 12:
            raise FilterError(f"until must be a date like 2023, 2023-06 or 2023-06-30, not {v!r}")
        year, month, day = match[1], match[2] or "12", match[3] or "31"
        limits.append(f"{year}-{month}-{day}")
    return max(limits)


def public_by(public: str | None, limit: str) -> bool:
    """A document is in an "as of" view when public by its limit; an undated document
    cannot be placed in time, so it stays in (nothing is silently lost)."""
    return public is None or public <= limit


def _years(values) -> list[int]:
    years: list[int] = []
    for v in values:
        if isinstance(v, str) and re.fullmatch(r"\d{4}\s*-\s*\d{4}", v.strip()):
            a, b = (int(x) for x in v.split("-"))
            years.extend(range(min(a, b), max(a, b) + 1))
            continue
        if isinstance(v, (bool, float)):  # int() would turn 2023.7 into 2023 silently
            raise FilterError(f"year must be a whole number like 2023, not {v!r}")
        try:
            years.append(int(v))
        except (TypeError, ValueError) as exc:
            raise FilterError(f"year must be a number like 2023, not {v!r}") from exc
    return years
