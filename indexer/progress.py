"""Progress of a long stage as one bar with an ETA: tqdm on a terminal, a plain line now and
then in a log (CI, a file), which would otherwise get every redraw of a terminal bar.

A build's bar counts passages: a passage is done when its vector is ready (reused when its
file is read, new when embedded). How many there are is known only once every file is read,
so until then the total is estimated from the bytes left to read, at the rate the files read
so far give (or a prior per file type before any is read) and corrected file by file."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

# Passages per MiB of a file before any file of its kind is read; measured on the national
# corpus (465 PDFs: 308 per MiB in all, median 302; its Markdown and text: 2,060 to 2,560).
PRIOR_PER_MB = {".pdf": 300.0, ".docx": 300.0}
PRIOR_TEXT_PER_MB = 2000.0
MEGABYTE = 1024 * 1024
# A log gets one line at most this often, and one at the end.
LOG_INTERVAL_S = 30.0


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def log_line(desc: str, done: int, total: int, unit: str, note: str, elapsed: float) -> str:
    """'Indexing: 1,200/45,399 passages (3%), files 40/470, 0:45 elapsed, about 9:12 left'."""
    share = f" ({100 * done // total}%)" if total else ""
    line = f"{desc}: {done:,}/{total:,} {unit}s{share}"
    if note:
        line += f", {note}"
    line += f", {_clock(elapsed)} elapsed"
    if 0 < done < total:
        line += f", about {_clock(elapsed * (total - done) / done)} left"
    return line


class Bar:
    """One bar: `update` from any thread, `set_total` when the total is corrected, `note`
    for what the count alone does not say. Silent when disabled."""

    def __init__(
        self,
        desc: str,
        unit: str,
        total: int,
        *,
        disable: bool = False,
        stream: TextIO | None = None,
        interval: float = LOG_INTERVAL_S,
    ):
        self.desc, self.unit, self.total, self.n, self.text = desc, unit, total, 0, ""
        self.disable, self.interval = disable, interval
        self.stream = stream or sys.stderr
        self._lock = threading.Lock()
        self._started = self._last = time.monotonic()
        is_tty = getattr(self.stream, "isatty", lambda: False)()
        self._tqdm = (
            tqdm(desc=desc, unit=unit, total=total, file=self.stream, dynamic_ncols=True)
            if is_tty and not disable
            else None
        )

    def update(self, n: int = 1) -> None:
        if self.disable or not n:
            return
        with self._lock:
            self.n += n
            if self._tqdm is not None:
                self._tqdm.update(n)
            else:
                self._maybe_log()

    def set_total(self, total: int) -> None:
        with self._lock:
            self.total = max(total, self.n)
            if self._tqdm is not None:
                self._tqdm.total = self.total
                self._tqdm.refresh()

    def note(self, text: str) -> None:
        with self._lock:
            self.text = text
            if self._tqdm is not None:
                self._tqdm.set_postfix_str(text, refresh=False)

    def close(self) -> None:
        if self.disable:
            return
        with self._lock:
            if self._tqdm is not None:
                self._tqdm.close()
                self._tqdm = None
            elif self._last is not None:
                self._write()
                self._last = None  # closed: one final line only

    def _maybe_log(self) -> None:
        if self._last is not None and time.monotonic() - self._last >= self.interval:
            self._write()

    def _write(self) -> None:
        now = time.monotonic()
        line = log_line(self.desc, self.n, self.total, self.unit, self.text, now - self._started)
        print(line, file=self.stream, flush=True)
        self._last = now


@dataclass
class PassageEstimate:
    """The build's passages: counted for files read, estimated from size for the rest."""

    sizes: dict[str, int]  # file -> bytes, for every file the build will read
    counted: int = 0
    read_bytes: dict[str, int] = field(default_factory=dict)  # suffix -> bytes read
    read_passages: dict[str, int] = field(default_factory=dict)  # suffix -> passages found
    _left: dict[str, int] = field(default_factory=dict)  # suffix -> bytes not read yet

    def __post_init__(self) -> None:
        for name, size in self.sizes.items():
            suffix = Path(name).suffix.lower()
            self._left[suffix] = self._left.get(suffix, 0) + size

    @classmethod
    def of_files(cls, files: list[Path], corpus_dir: Path) -> PassageEstimate:
        """Keyed by the path inside the corpus, as the parse pool names what it read."""
        sizes = {}
        for path in files:
            name = path.relative_to(corpus_dir).as_posix()
            try:
                sizes[name] = path.stat().st_size
            except OSError:
                sizes[name] = 0  # the build names the problem when it reads the file
        return cls(sizes)

    def read(self, name: str, passages: int) -> None:
        """One file read: its passages replace its estimate (0 for a file not indexed)."""
        suffix = Path(name).suffix.lower()
        size = self.sizes.pop(name, 0)
        self._left[suffix] = self._left.get(suffix, 0) - size
        self.read_bytes[suffix] = self.read_bytes.get(suffix, 0) + size
        self.read_passages[suffix] = self.read_passages.get(suffix, 0) + passages
        self.counted += passages

    def per_mb(self, suffix: str) -> float:
        """Passages per MB of this file type: as read so far, else the prior."""
        read = self.read_bytes.get(suffix, 0)
        if read:
            return self.read_passages.get(suffix, 0) * MEGABYTE / read
        return PRIOR_PER_MB.get(suffix, PRIOR_TEXT_PER_MB)

    def total(self) -> int:
        left = sum(size * self.per_mb(suffix) / MEGABYTE for suffix, size in self._left.items())
        return self.counted + round(left)
