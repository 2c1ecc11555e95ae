"""Copying a built index from one store to another without parsing or embedding again:
build once where it is fast (a folder on a big machine), then load the result into the
shared PostgreSQL database, or take a database's index back into a folder.

The copy is a new build of the target like any other: the target's writer gets the same
rows and vectors (documents, parts, judgements, left_out, lists, list_items, passages with
their full-text header, one vector per passage) and swaps them in atomically (a folder: one
rename; PostgreSQL: a new generation made current in one transaction). Readers of the
target keep the old index until then; a failed copy leaves it as it was. The manifest
(model, corpus fingerprint, counts) is the source's, so an index copied from an up-to-date
build is up to date for the same corpus. Feedback and uploaded reports are user data, not
part of an index, and are not copied (docs/deploying.md: back them up with pg_dump).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from .location import Location, folder_of, open_reader, open_writer, same_store, store_location
from .redact import shown as _shown
from .schema import IndexProblem, Manifest

# The tables copied row for row; passages go in batches with their vectors.
ROW_TABLES = ("documents", "parts", "judgements", "left_out", "lists", "list_items")
BATCH = 2000


@dataclass
class CopyReport:
    source: str
    target: str
    manifest: Manifest
    documents: int = 0
    passages: int = 0
    rows: int = 0  # rows of the other tables
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"Copied {self.documents} documents, {self.passages} passages and their vectors "
            f"({self.rows} other rows) from {self.source} to {self.target} in "
            f"{self.seconds:.1f}s; nothing re-embedded (model {self.manifest.model})"
        )


def _check_folder_target(source: Location, target: Path) -> None:
    """The checks a build makes before writing a folder: never over something not an index
    (nor into the source folder), and no half-written builds of killed runs left."""
    from ..safety import check_index_path, remove_stale_builds

    # check_index_path refuses the target inside (or holding) its first argument: the
    # source folder here; a database source has no folder to protect.
    check_index_path(folder_of(source) or Path(os.devnull), target)
    remove_stale_builds(target)


def copy_index(
    source: Location, target: Location, *, progress: bool = True, batch: int = BATCH
) -> CopyReport:
    """Copy the index at `source` (a folder or a postgresql:// URL) into `target` (either)
    as a new build, swapped in atomically. IndexProblem when the source is not a valid
    index or the target is the source; the target's own refusals as for a build."""
    source, target = store_location(source), store_location(target)
    if same_store(source, target):
        raise IndexProblem(f"the source and the target are the same index ({_shown(source)})")
    started = time.perf_counter()
    reader = open_reader(source)  # schema, model and checksums checked
    try:
        manifest = reader.manifest
        n = int(reader.vector_count)
        if folder_of(target) is not None:
            _check_folder_target(source, folder_of(target))
        # A folder target keeps the source's FAISS layout; from PostgreSQL it is chosen by size.
        index_type = manifest.index_type if manifest.index_type in ("flat", "hnsw") else None
        report = CopyReport(_shown(source), _shown(target), manifest)
        quiet = not progress

        def bar(desc: str, total: int, unit: str):
            return tqdm(desc=desc, total=total, unit=unit, disable=quiet, file=sys.stderr)

        with open_writer(target, n, manifest.dim, index_type) as writer:
            with bar("Vectors", n, "vector") as b:
                _copy_vectors(reader, writer, n, batch, b)
            with bar("Tables", len(ROW_TABLES), "table") as b:
                _copy_tables(reader, writer, report, b)
            with bar("Passages", n, "passage") as b:
                _copy_passages(reader, writer, report, batch, b)
            if report.passages != n:
                raise IndexProblem(
                    f"the index at {_shown(source)} has {n} vectors but {report.passages} "
                    "passages - rebuild it with `ofsted-qa index`"
                )
            if not quiet:
                print("Swapping in the copy ...", file=sys.stderr)
            writer.finish(
                model=manifest.model,
                corpus=manifest.corpus,
                counts=manifest.counts,
                build_seconds=manifest.build_seconds,
                parser=manifest.parser,
                released=manifest.released,
            )
    except BaseException as exc:
        from ..safety import write_problem

        folder = folder_of(target)
        problem = None if folder is None else write_problem(exc, folder)
        if problem is not None:
            raise problem from exc
        raise
    finally:
        reader.close()
    report.seconds = time.perf_counter() - started
    return report


def _copy_vectors(reader, writer, n: int, batch: int, bar) -> None:
    for first in range(0, n, batch):
        ids = np.arange(first, min(n, first + batch), dtype="int64")
        writer.add_vectors(np.asarray(reader.vector_batch(ids), dtype="float32"))
        bar.update(len(ids))


def _copy_tables(reader, writer, report: CopyReport, bar) -> None:
    """Documents, parts, judgements and the rest, a table at a time."""
    for table in ROW_TABLES:
        rows = reader.table_rows(table)
        writer.insert(table, rows)
        if table == "documents":
            report.documents = len(rows)
        else:
            report.rows += len(rows)
        bar.update(1)


def _copy_passages(reader, writer, report: CopyReport, batch: int, bar) -> None:
    """The passages with the context headers their lexical search reads."""
    for rows in reader.passage_batches(batch):
        contexts = {r["rowid"]: r["context"] for r in rows if r["context"] is not None}
        writer.add_passages(rows, contexts)
        report.passages += len(rows)
        bar.update(len(rows))
