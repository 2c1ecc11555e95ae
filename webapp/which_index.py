"""Which index the app serves, in words for the sidebar: the national one (`make national`)
or the one built from the shipped sample corpus."""

from __future__ import annotations

from pathlib import Path

NATIONAL_INDEX = "national-index"


def index_label(index_dir: Path | str, documents: int) -> str:
    """'National index: every council's reports (470 documents)' or the shipped sample's."""
    if str(index_dir).startswith(("postgresql://", "postgres://")):
        return f"Shared index in PostgreSQL ({documents} documents)"
    if Path(index_dir).name == NATIONAL_INDEX:
        return f"National index: every council's Ofsted reports ({documents} documents)"
    if Path(index_dir).name == "index":
        return (
            f"Sample index of the shipped corpus ({documents} documents); `make national` "
            "builds every council's"
        )
    return f"Index {Path(index_dir).name}/ ({documents} documents)"
