"""A local copy of Ofsted's reports site on 127.0.0.1 for the fetch tests.

Provider pages in the site's structure (`/provider/44/<URN>`, each publication an
`a.publication-link` with a `span.nonvisual` label) link PDFs served from `/v1/file/<id>`
on the same server, with Range support. Real reports come from ../shared/national/reports;
paths can be given hostile behaviours (slow, cut short once, redirected elsewhere, ...).
Also raw socket servers that break HTTP itself.
"""

from __future__ import annotations

import csv
import html
import http.server
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

NATIONAL = Path(__file__).resolve().parents[1].parent / "shared" / "national"
REPORTS = NATIONAL / "reports"


def need_national() -> Path:
    if not (REPORTS.is_dir() and (NATIONAL / "inspections.csv").is_file()):
        pytest.skip(f"the national reports are not here ({REPORTS}); they are not in the repo")
    return NATIONAL


@dataclass
class Listing:
    label: str  # "Children's services inspection - 09 May 2025, pdf"
    href: str  # as the page gives it: absolute, or a path on this server


@dataclass
class LocalSite:
    pages: dict[str, list[Listing]] = field(default_factory=dict)  # path -> publications
    files: dict[str, bytes] = field(default_factory=dict)  # path -> body
    behaviours: dict[str, Callable] = field(default_factory=dict)  # path -> handler(h)
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    base: str = ""

    def page_html(self, path: str) -> bytes:
        items = "".join(
            f'<li><a class="publication-link" href="{html.escape(item.href)}">'
            f'Report<span class="nonvisual">{html.escape(item.label)}</span></a></li>'
            for item in self.pages[path]
        )
        return (
            "<!DOCTYPE html><html><head><title>Provider</title></head><body><main>"
            f'<ul class="publications">{items}</ul>'
            '<a href="/about">About Ofsted</a></main></body></html>'
        ).encode()

    def publish(self, urn: str, label: str, body: bytes, file_id: str) -> str:
        """Lists a publication on the council's page; returns its URL."""
        path = f"/v1/file/{file_id}"
        self.files[path] = body
        self.pages.setdefault(f"/provider/44/{urn}", []).append(Listing(label, self.base + path))
        return self.base + path


def label_for(published: str, kind: str = "Children's services inspection") -> str:
    """'23/07/24' -> "Children's services inspection - 23 Jul 2024, pdf"."""
    when = datetime.strptime(published, "%d/%m/%y")
    return f"{kind} - {when:%d %b %Y}, pdf"


def publish_national(site: LocalSite, councils: list[str]) -> dict[str, str]:
    """Lists these councils' real reports (from inspections.csv) on the site; file -> URL."""
    national = need_national()
    urls = {}
    with open(national / "inspections.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["local_authority"] in councils:
                body = (REPORTS / row["file"]).read_bytes()
                file_id = row["inspection_link"].rsplit("/", 1)[-1]
                label = label_for(row["publication_date"])
                urls[row["file"]] = site.publish(row["urn"], label, body, file_id)
    return urls


class _Handler(http.server.BaseHTTPRequestHandler):
    site: LocalSite
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        site = self.site
        site.requests.append(self.path)
        site.user_agents.append(self.headers.get("User-Agent", ""))
        if self.path in site.behaviours:
            site.behaviours[self.path](self)
            return
        if self.path in site.pages:
            self.send_body(site.page_html(self.path), "text/html; charset=utf-8")
            return
        if self.path in site.files:
            self.send_body(site.files[self.path], "application/pdf")
            return
        self.send_body(b"<html><body>Page not found</body></html>", "text/html", status=404)

    def send_body(self, body: bytes, ctype: str, status: int = 200) -> None:
        start = 0
        wanted = self.headers.get("Range", "")
        if status == 200 and wanted.startswith("bytes=") and wanted.endswith("-"):
            start = int(wanted[6:-1])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        self.wfile.write(body[start:])


def serve(site: LocalSite):
    """Starts the site on 127.0.0.1; returns (server, base URL). Stop with stop(server)."""
    handler = type("Handler", (_Handler,), {"site": site})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    return httpd, site.base


def stop(httpd) -> None:
    httpd.shutdown()
    httpd.server_close()


# -- behaviours for one path ------------------------------------------------------------


def slow(seconds: float) -> Callable:
    """Answers nothing for `seconds` (a page that times out)."""

    def handle(h: _Handler) -> None:
        time.sleep(seconds)
        h.close_connection = True

    return handle


def drip(body: bytes, every: float) -> Callable:
    """Sends the body one byte at a time, each within any per-read timeout."""

    def handle(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        try:
            for b in body:
                h.wfile.write(bytes([b]))
                h.wfile.flush()
                time.sleep(every)
        except OSError:
            pass
        h.close_connection = True

    return handle


def redirect(location: str) -> Callable:
    def handle(h: _Handler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handle


def cut_once(body: bytes, keep: int) -> Callable:
    """The first request gets `keep` bytes of a longer promised body, then the connection
    closes; later ones are served whole or from their Range."""
    state = {"cut": False}

    def handle(h: _Handler) -> None:
        if not state["cut"]:
            state["cut"] = True
            h.send_response(200)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body[:keep])
            h.wfile.flush()
            h.close_connection = True
            return
        h.send_body(body, "application/pdf")

    return handle


def endless(size: int, declare: bool) -> Callable:
    """A PDF-looking body of `size` bytes, its length declared or not (then closed)."""

    def handle(h: _Handler) -> None:
        h.send_response(200)
        if declare:
            h.send_header("Content-Length", str(size))
        else:
            h.send_header("Connection", "close")
        h.end_headers()
        block = b"%PDF-1.4\n" + b"0" * (CHUNK - 9)
        sent = 0
        try:
            while sent < size:
                h.wfile.write(block)
                sent += len(block)
        except OSError:
            pass
        h.close_connection = True

    return handle


CHUNK = 1 << 16


# -- raw sockets: answers that are not HTTP as http.client expects it ----------------------


def raw_server(answer: bytes, hold: float = 0.0):
    """A server on 127.0.0.1 that sends `answer` to every connection, then closes it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stopped = threading.Event()

    def run() -> None:
        listener.settimeout(0.2)
        while not stopped.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.settimeout(2)
                    conn.recv(65536)
                    conn.sendall(answer)
                    time.sleep(hold)
                except OSError:
                    pass

    threading.Thread(target=run, daemon=True).start()

    def close() -> None:
        stopped.set()
        listener.close()

    return f"http://127.0.0.1:{listener.getsockname()[1]}", close
