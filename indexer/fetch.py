"""Fetching one file over HTTP(S) politely, and never letting a bad server stop a run.

Every way a download can go wrong (a dead link, a timeout, a body cut mid-chunk, a bad
status line, a header over 64 KB or more than 100 of them, a malformed URL, a redirect to
another host, a body over the size cap, an HTML page where a PDF was promised) ends as one
`FetchError` whose message is one line for that file; the caller goes on to the next.

Politeness: one request at a time with `delay` seconds between them, a User-Agent that
names the tool, retries with backoff only where a retry can help. A file has a total time
(`total`, all reads, redirects and retries together), not only a per-read timeout: a
watchdog closes the socket when it runs out, so a server that drips one byte a second
cannot hold the run. A download goes to a `.part` file that a later attempt (or run)
resumes with a Range request.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .errors import OfstedQAError

MEGABYTE = 1024 * 1024
CHUNK = 1 << 16
MAX_REDIRECTS = 5
PAGE_MAX_BYTES = 5 * MEGABYTE


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("ofsted-qa")
    except Exception:  # noqa: BLE001 - not installed: a source checkout
        return "dev"


USER_AGENT = (
    f"ofsted-qa/{_version()} (fetches published Ofsted reports of children's services, "
    "one request at a time)"
)


class FetchError(OfstedQAError):
    """One line saying why this file could not be fetched. `retry`: worth trying again."""

    def __init__(self, message: str, retry: bool = False):
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 30.0  # seconds to connect, and per read
    total: float = 300.0  # seconds per file, everything included
    max_bytes: int = 50 * MEGABYTE
    retries: int = 2  # further attempts after a failure a retry can help
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    delay: float = 1.0  # seconds between requests
    user_agent: str = USER_AGENT


def checked_url(url: str) -> tuple[str, str, int | None, str]:
    """(scheme, host, port, path?query) of an http(s) URL, or FetchError saying what is wrong."""
    if not isinstance(url, str) or not url:
        raise FetchError("no URL")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise FetchError(f"the URL {url!r} holds a space or control character")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"the URL {url!r} is malformed ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"the URL {url!r} is not http or https")
    if not parts.hostname:
        raise FetchError(f"the URL {url!r} names no host")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, target


def same_site(a: str, b: str) -> bool:
    """Same host and port (http -> https on the same host counts as the same site)."""
    sa, sb = urlsplit(a), urlsplit(b)
    default = {"http": 80, "https": 443}
    port_a = sa.port or default.get(sa.scheme)
    port_b = sb.port or default.get(sb.scheme)
    if (sa.hostname or "").lower() != (sb.hostname or "").lower():
        return False
    return port_a == port_b or (sa.scheme, sb.scheme) == ("http", "https")


def _size(n: int) -> str:
    return f"{n / MEGABYTE:.0f} MB" if n >= MEGABYTE else f"{n:,} bytes"


class _Watchdog:
    """Shuts the connection's socket when the file's time is up, wherever the read is."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float):
        self.conn = conn
        self.fired = False
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


def _reason(exc: BaseException, timeout: float) -> FetchError:
    """One line for a protocol or network failure; `retry` where trying again may help."""
    if isinstance(exc, FetchError):
        return exc
    if isinstance(exc, http.client.IncompleteRead):
        return FetchError(
            f"the download was cut short ({len(exc.partial):,} bytes of a chunk)", True
        )
    if isinstance(exc, http.client.LineTooLong):
        return FetchError("the server sent a line over 64 KB (status or header); not read")
    if isinstance(exc, http.client.RemoteDisconnected):
        return FetchError("the server closed the connection without answering", True)
    if isinstance(exc, http.client.BadStatusLine):
        return FetchError("the server's answer has a bad status line; not HTTP")
    if isinstance(exc, http.client.InvalidURL):
        return FetchError(f"bad URL ({exc})")
    if isinstance(exc, http.client.HTTPException):
        text = str(exc) or type(exc).__name__
        if "headers" in text:
            return FetchError("the server sent more than 100 headers; not read")
        return FetchError(f"HTTP protocol error ({text[:200]})")
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return FetchError(f"no answer within {timeout:g} s", True)
    if isinstance(exc, ssl.SSLError):
        return FetchError(f"TLS error ({exc.reason or exc})", True)
    if isinstance(exc, socket.gaierror):
        return FetchError(f"cannot find the host ({exc.strerror or exc})", True)
    if isinstance(exc, ConnectionRefusedError):
        return FetchError("connection refused", True)
    if isinstance(exc, (ConnectionError, OSError)):
        return FetchError(f"network error ({exc.strerror or exc})", True)
    if isinstance(exc, (ValueError, UnicodeError)):
        return FetchError(f"bad answer from the server ({type(exc).__name__})")
    raise exc


def _content_range_start(value: str | None) -> int | None:
    """'bytes 100-199/200' -> 100."""
    if not value or not value.startswith("bytes "):
        return None
    first = value[6:].split("-", 1)[0].strip()
    return int(first) if first.isdigit() else None


class Fetcher:
    """One request at a time, each file within its total time, failures as FetchError."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.policy = policy or FetchPolicy()
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None
        self.requests = 0

    # -- public -----------------------------------------------------------------------
    def page(self, url: str, max_bytes: int = PAGE_MAX_BYTES) -> tuple[bytes, str]:
        """A page's bytes and the URL it came from (after same-site redirects)."""
        out: list[bytes] = []

        def attempt(deadline: float) -> str:
            out.clear()
            return self._get(url, deadline, out.append, 0, max_bytes, None)

        final = self._with_retries(attempt)
        return b"".join(out), final

    def download(self, url: str, part: Path, check_pdf: bool = True) -> int:
        """Writes the body to `part` (resuming what is there); returns its size in bytes.
        `part` is kept after a failure a retry or a later run can resume, removed otherwise."""

        def attempt(deadline: float) -> str:
            have = part.stat().st_size if part.is_file() else 0
            with open(part, "ab") as fh:

                def write(chunk: bytes) -> None:
                    fh.write(chunk)

                def restart() -> None:
                    fh.seek(0)
                    fh.truncate()

                return self._get(url, deadline, write, have, self.policy.max_bytes, restart)

        try:
            self._with_retries(attempt)
        except FetchError as exc:
            if not exc.retry:
                part.unlink(missing_ok=True)
            raise
        if check_pdf and not looks_like_pdf(part):
            part.unlink(missing_ok=True)
            raise FetchError("not a PDF (an HTML or error page saved under a .pdf name)")
        return part.stat().st_size

    # -- inside -----------------------------------------------------------------------
    def _with_retries(self, attempt: Callable[[float], str]) -> str:
        policy = self.policy
        deadline = self._clock() + policy.total
        wait = policy.backoff
        for tries_left in range(policy.retries, -1, -1):
            try:
                return attempt(deadline)
            except FetchError as exc:
                if not exc.retry or tries_left == 0:
                    raise
                if self._clock() + wait >= deadline:
                    raise FetchError(f"{exc} (no time left to retry)", True) from None
                self._sleep(wait)
                wait *= 2
        raise AssertionError("unreachable")

    def _turn(self) -> None:
        """One request at a time, `delay` seconds apart."""
        if self._last is not None:
            gap = self.policy.delay - (self._clock() - self._last)
            if gap > 0:
                self._sleep(gap)
        self._last = self._clock()
        self.requests += 1

    def _get(
        self,
        url: str,
        deadline: float,
        write: Callable[[bytes], None],
        have: int,
        max_bytes: int,
        restart: Callable[[], None] | None,
    ) -> str:
        """One GET (following same-site redirects) streamed into `write`; the final URL."""
        start_url = url
        for _ in range(MAX_REDIRECTS + 1):
            scheme, host, port, target = checked_url(url)
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise self._out_of_time()
            self._turn()
            cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            conn = cls(host, port, timeout=min(self.policy.timeout, remaining))
            dog = _Watchdog(conn, remaining)
            try:
                headers = {"User-Agent": self.policy.user_agent, "Accept": "*/*"}
                if have:
                    headers["Range"] = f"bytes={have}-"
                try:
                    conn.request("GET", target, headers=headers)
                    resp = conn.getresponse()
                    if resp.status in (301, 302, 303, 307, 308):
                        location = resp.getheader("Location")
                        if not location:
                            raise FetchError(f"HTTP {resp.status} redirect without a Location")
                        new = urljoin(url, location)
                        if not same_site(url, new):
                            host_new = urlsplit(new).hostname or new
                            raise FetchError(
                                f"redirected to another host ({host_new}); not followed"
                            )
                        url = new
                        continue
                    self._body(resp, url, have, max_bytes, write, restart, dog)
                    return url
                except Exception as exc:  # noqa: BLE001 - each becomes one line
                    if dog.fired:
                        raise self._out_of_time() from None
                    raise _reason(exc, self.policy.timeout) from None
            finally:
                dog.cancel()
                conn.close()
        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {start_url}")

    def _out_of_time(self) -> FetchError:
        return FetchError(f"took longer than {self.policy.total:g} s in all (the limit per file)")

    def _body(self, resp, url, have, max_bytes, write, restart, dog) -> None:
        status = resp.status
        if status == 416 and have and restart is not None:
            restart()  # the kept part no longer fits the file: fetch it whole
            raise FetchError("the server refused to resume; fetching the whole file", True)
        if status in (404, 410):
            raise FetchError(f"HTTP {status}: a dead link ({url})")
        if status == 429 or status >= 500:
            raise FetchError(f"HTTP {status} from the server", True)
        if status not in (200, 206):
            raise FetchError(f"HTTP {status} {resp.reason[:80]}".strip())
        if status == 206:
            if _content_range_start(resp.getheader("Content-Range")) != have:
                if restart is not None:
                    restart()
                raise FetchError("the server resumed at the wrong place; fetching again", True)
            got = have
        else:
            if have and restart is not None:
                restart()
            got = 0
        length = resp.getheader("Content-Length")
        if length is not None and length.strip().isdigit() and got + int(length) > max_bytes:
            raise FetchError(
                f"the file is {_size(got + int(length))}, over the {_size(max_bytes)} cap"
            )
        while True:
            chunk = resp.read1(CHUNK)
            if not chunk:
                break
            got += len(chunk)
            if got > max_bytes:
                raise FetchError(f"the file is over the {_size(max_bytes)} cap; stopped there")
            write(chunk)
        if dog.fired:
            raise self._out_of_time()
        if resp.length:  # Content-Length promised more than came
            raise FetchError(f"the download was cut short ({got:,} bytes received)", True)


def looks_like_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(1024).lstrip().startswith(b"%PDF")
    except OSError:
        return False
