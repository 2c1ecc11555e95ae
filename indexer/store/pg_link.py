"""Connections to the PostgreSQL store that survive the server: one clear line for each way
connecting can fail, a connection that reopens itself after a restart, and one line (never
a psycopg traceback) when the server ends a connection in the middle of a build or a query.

The server ends a connection when it restarts or stops, when an operator terminates the
backend, and when the backend crashes: a pgvector compiled for another CPU kills it at the
first distance it computes ("invalid opcode ... vector.so" in the kernel log).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TypeVar

from .redact import redacted, scrub
from .schema import IndexProblem

T = TypeVar("T")

CPU_CHECK = "SELECT '[1,2]'::vector <#> '[3,4]'"


class ConnectionLost(IndexProblem):
    """The server ended the connection in the middle of an operation."""


def first_line(exc: BaseException, url: str) -> str:
    """The error's first line with the store's secrets masked."""
    text = str(exc).strip()
    return scrub(text.splitlines()[0] if text else exc.__class__.__name__, url)


def connection_lost(url: str, exc: BaseException, doing: str, then: str) -> ConnectionLost:
    return ConnectionLost(
        f"the PostgreSQL server at {redacted(url)} ended the connection while {doing} "
        f"({first_line(exc, url)}); likely causes: the server stopped or restarted, or its "
        f"pgvector was built for another CPU (`{CPU_CHECK}` must print -11) - check the "
        f"server and its log, then {then}"
    )


def connect(url: str):
    """A connection (autocommit, rows as dicts); IndexProblem when the server cannot be
    reached or the URL is not one libpq accepts (an unknown option, a bad port)."""
    import psycopg
    from psycopg.rows import dict_row

    try:
        return psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise IndexProblem(
            f"cannot reach the PostgreSQL server at {redacted(url)} ({first_line(exc, url)}) "
            "- check OFSTED_QA_STORE or --store and that the server is running"
        ) from exc
    except psycopg.Error as exc:
        raise IndexProblem(
            f"the store URL {redacted(url)} is not valid ({first_line(exc, url)}) - check "
            "OFSTED_QA_STORE or --store (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)"
        ) from exc


@contextmanager
def ended_is_one_line(url: str, doing: str, then: str) -> Iterator[None]:
    """Turn the server ending the connection inside the block into ConnectionLost."""
    import psycopg

    try:
        yield
    except psycopg.OperationalError as exc:
        raise connection_lost(url, exc, doing, then) from exc


class Link:
    """One connection to the store, checked before each use and reopened when it was
    closed or cut (a server restart): `run(work)` calls `work(conn)`, and runs it once
    more on a new connection when the server ended the first one mid-way. For reads only,
    which are safe to repeat. Thread-safe: one operation at a time."""

    def __init__(self, url: str, setup: Callable[[object], None] = lambda conn: None):
        self.url = url
        self._setup = setup
        self._conn = None
        self._lock = threading.Lock()

    def _open(self):
        conn = connect(self.url)
        try:
            self._setup(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with suppress(Exception):  # closing a dead connection
                conn.close()

    def run(self, work: Callable[[object], T], doing: str = "answering a question") -> T:
        import psycopg

        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._conn is None or self._conn.closed or self._conn.broken:
                        self._drop()
                        self._conn = self._open()
                    return work(self._conn)
                except psycopg.OperationalError as exc:
                    self._drop()
                    if attempt == 2:
                        raise connection_lost(self.url, exc, doing, "try again") from exc
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            self._drop()
