"""Index builds (a rebuild, or an upload and the build after it) in a worker process.

A build parses files and embeds passages for a minute or more; run in the app server it
held the server's interpreter and memory (a 356 KB upload took 67 s, a zip bomb took the
server to 2.7 GB). In a process of its own it leaves the server answering, a runaway file
can only exhaust the worker, and progress comes back as plain messages on a queue.
One build at a time per server (`Builder`). No Streamlit here.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

# Share of the progress bar each build stage fills (reading is quick, embedding is not).
STAGES = {"Reading": (0.0, 0.3), "Embedding": (0.3, 0.95)}


def progress_fraction(stage: str, done: int, total: int) -> float:
    """How far through the whole build one stage's progress is, from 0 to under 1."""
    lo, hi = STAGES[stage]
    return lo + (hi - lo) * (min(done, total) / total if total else 1.0)


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class BuildJob:
    corpus_dir: Path
    index_dir: Path | str  # the store location: a folder or a postgresql:// URL
    upload: Upload | None = None  # saved into the corpus first, removed if the build fails


@dataclass(frozen=True)
class Progress:
    fraction: float  # 0 to 1 of the whole build
    text: str


@dataclass(frozen=True)
class BuildOutcome:
    report: object | None = None  # indexer.BuildReport, when the build ran
    saved: Path | None = None  # where the upload was saved in the corpus
    refused: str | None = None  # an upload the user must fix (the checks' message)
    duplicate: bool = False  # refused because the same bytes are already in the corpus
    failed: str | None = None  # the build failed: "ExceptionClass: message"
    worker_pid: int = 0


def _work(job: BuildJob, messages) -> None:
    """The worker process: build (after saving the upload), telling progress as it goes."""
    from indexer import build_index

    from .uploads import DuplicateUpload, add_report

    def on_progress(stage: str, done: int, total: int) -> None:
        text = f"{stage} the reports… {done}/{total}"
        messages.put(Progress(progress_fraction(stage, done, total), text))

    try:
        if job.upload is not None:
            path, report = add_report(
                job.upload.name,
                job.upload.data,
                job.corpus_dir,
                job.index_dir,
                on_progress=on_progress,
            )
            outcome = BuildOutcome(report=report, saved=path)
        else:
            report = build_index(
                job.corpus_dir, job.index_dir, progress=False, on_progress=on_progress
            )
            outcome = BuildOutcome(report=report)
    except DuplicateUpload as exc:
        outcome = BuildOutcome(refused=str(exc), duplicate=True)
    except ValueError as exc:
        outcome = BuildOutcome(refused=str(exc))
    except Exception as exc:  # noqa: BLE001 - the server shows it as a message
        outcome = BuildOutcome(failed=f"{exc.__class__.__name__}: {exc}")
    messages.put(replace(outcome, worker_pid=os.getpid()))


class Builder:
    """Runs one build at a time in a fresh worker process (spawned, not forked: the server
    has threads and a loaded model that a fork would copy half-way)."""

    def __init__(self, poll_s: float = 0.25):
        self.poll_s = poll_s
        self._lock = threading.Lock()
        self._worker: multiprocessing.Process | None = None

    def busy(self) -> bool:
        """A build is running (possibly started by a page that has since gone away)."""
        return self._worker is not None and self._worker.is_alive()

    def run(self, job: BuildJob, show: Callable[[Progress], None]) -> BuildOutcome | None:
        """Build in a worker, calling `show` with each progress message; None when another
        build is running. A worker that dies (killed for memory) is a failed outcome."""
        context = multiprocessing.get_context("spawn")
        with self._lock:
            if self.busy():
                return None
            messages = context.Queue()
            # Not a daemon: the build parses files in a process pool of its own, and a
            # daemonic process may not have children.
            worker = context.Process(target=_work, args=(job, messages), name="ofsted-qa-build")
            worker.start()
            self._worker = worker
        while True:
            try:
                message = messages.get(timeout=self.poll_s)
            except queue.Empty:
                if worker.is_alive():
                    continue
                try:  # it may have put its outcome just before it ended
                    message = messages.get(timeout=1.0)
                except queue.Empty:
                    worker.join()
                    return BuildOutcome(
                        failed=f"the build worker stopped (exit code {worker.exitcode}) "
                        "before it finished; the previous index is unchanged"
                    )
            if isinstance(message, Progress):
                show(message)
                continue
            worker.join(timeout=10)
            return message
