"""What changed in Ofsted's framework, so that grades are never compared across a change
without saying so (pure). Dates are when each change took effect."""

from __future__ import annotations

# (from, name, what it means for the grades)
FRAMEWORKS = (
    ("", "the single inspection framework (SIF)", "adoption and care leavers graded apart"),
    ("2018-01-01", "the ILACS framework", "children in care and care leavers judged together"),
    ("2023-01-01", "the ILACS framework as revised in January 2023",
     "care leavers a separate judgement from children in care"),
    ("2026-04-01", "the framework in force from April 2026", "no overall effectiveness grade"),
)  # fmt: skip


def framework_of(inspection_date: str | None) -> int:
    """Index into FRAMEWORKS of the framework an inspection ended under."""
    date = inspection_date or ""
    return max(i for i, (start, _, _) in enumerate(FRAMEWORKS) if date >= start)


def framework_note(inspection_date: str | None) -> str:
    """One line on the framework an inspection was graded under, where it matters."""
    i = framework_of(inspection_date)
    if i == 0 or not inspection_date:
        return ""
    _, name, meaning = FRAMEWORKS[i]
    return f"Note: graded under {name}: {meaning}."


def change_note(dates: list[str]) -> str:
    """Said when inspections compared were graded under different frameworks."""
    seen = sorted({framework_of(d) for d in dates if d})
    if len(seen) < 2:
        return ""
    names = "; ".join(f"{FRAMEWORKS[i][1]} ({FRAMEWORKS[i][2]})" for i in seen)
    return (
        "Note: these inspections were graded under different frameworks, so the grades are "
        f"not like for like: {names}."
    )
