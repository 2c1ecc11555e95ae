"""Fetching one file: every protocol or network failure is one line (FetchError), never a
traceback, against real servers on 127.0.0.1 (an HTTP site and raw sockets)."""

from __future__ import annotations

import time

import pytest

from indexer.fetch import MEGABYTE, Fetcher, FetchError, FetchPolicy, checked_url
from tests import ofsted_site as s

PDF = b"%PDF-1.4\n" + b"report body " * 5000 + b"\n%%EOF\n"
FAST = FetchPolicy(timeout=0.5, total=5.0, retries=0, backoff=0.01, delay=0.0)


@pytest.fixture
def site():
    site = s.LocalSite()
    httpd, _ = s.serve(site)
    yield site
    s.stop(httpd)


def fetch(url: str, part, policy: FetchPolicy = FAST) -> int:
    return Fetcher(policy).download(url, part)


def test_a_pdf_is_fetched_whole_with_a_user_agent_naming_the_tool(site, tmp_path):
    site.files["/r.pdf"] = PDF
    part = tmp_path / "r.pdf.part"
    assert fetch(site.base + "/r.pdf", part) == len(PDF)
    assert part.read_bytes() == PDF
    assert site.user_agents[-1].startswith("ofsted-qa/")


@pytest.mark.parametrize(
    ("path", "behaviour", "expected", "part_kept"),
    [
        ("/dead.pdf", None, "HTTP 404: a dead link", False),
        ("/page.pdf", "html", "not a PDF", False),
        ("/slow.pdf", s.slow(3), "no answer within 0.5 s", True),
        ("/away.pdf", s.redirect("http://localhost:9/x.pdf"), "another host (localhost)", False),
        ("/big.pdf", s.endless(51 * MEGABYTE, declare=True), "over the 50 MB cap", False),
        ("/bigger.pdf", s.endless(51 * MEGABYTE, declare=False), "over the 50 MB cap", False),
        ("/cut.pdf", s.cut_once(PDF, 1000), "cut short (1,000 bytes received)", True),
    ],
)
def test_each_failure_is_one_line(site, tmp_path, path, behaviour, expected, part_kept):
    if behaviour == "html":
        site.files[path] = b"<!DOCTYPE html><html><body>Sorry, an error occurred</body></html>"
    elif behaviour is not None:
        site.behaviours[path] = behaviour
    part = tmp_path / "x.part"
    with pytest.raises(FetchError) as err:
        fetch(site.base + path, part, FetchPolicy(**{**FAST.__dict__, "total": 20.0}))
    assert expected in str(err.value) and "\n" not in str(err.value)
    assert part.exists() == part_kept


def test_total_time_per_file_not_per_read(site, tmp_path):
    site.behaviours["/drip.pdf"] = s.drip(PDF[:200], every=0.05)  # 10 s in all
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1 s in all"):
        fetch(site.base + "/drip.pdf", tmp_path / "d.part", FetchPolicy(timeout=0.5, total=1.0))
    assert time.monotonic() - started < 3


def test_an_interrupted_download_is_resumed(site, tmp_path):
    site.behaviours["/cut.pdf"] = s.cut_once(PDF, 20_000)
    part = tmp_path / "cut.part"
    policy = FetchPolicy(timeout=0.5, total=10.0, retries=2, backoff=0.01, delay=0.0)
    assert fetch(site.base + "/cut.pdf", part, policy) == len(PDF)
    assert part.read_bytes() == PDF
    assert len(site.requests) == 2  # the second asked only for the rest (Range)


def test_a_part_left_by_an_earlier_run_is_resumed(site, tmp_path):
    site.files["/r.pdf"] = PDF
    part = tmp_path / "r.part"
    part.write_bytes(PDF[:5000])
    assert fetch(site.base + "/r.pdf", part) == len(PDF)
    assert part.read_bytes() == PDF


def test_retries_back_off_then_give_up(site, tmp_path):
    calls = []

    def fail(h):
        calls.append(time.monotonic())
        h.send_response(503)
        h.send_header("Content-Length", "0")
        h.end_headers()

    site.behaviours["/busy.pdf"] = fail
    policy = FetchPolicy(timeout=0.5, total=10.0, retries=2, backoff=0.1, delay=0.0)
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch(site.base + "/busy.pdf", tmp_path / "b.part", policy)
    assert len(calls) == 3
    assert calls[2] - calls[1] > calls[1] - calls[0] >= 0.09  # backoff doubles


def test_requests_are_spaced_by_the_delay(site, tmp_path):
    site.files["/r.pdf"] = PDF
    fetcher = Fetcher(FetchPolicy(timeout=1, total=5, retries=0, delay=0.3))
    started = time.monotonic()
    for i in range(3):
        fetcher.download(site.base + "/r.pdf", tmp_path / f"{i}.part")
    assert time.monotonic() - started >= 0.6


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (b"HTTQ/1.1 200 OK\r\n\r\n%PDF", "bad status line"),
        (b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n", "over 64 KB"),
        (
            b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(150)) + b"\r\n",
            "more than 100 headers",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n%PDF-1.4 only part",
            "cut short",
        ),
        (b"", "closed the connection without answering"),
    ],
    ids=["bad-status-line", "huge-header", "many-headers", "cut-chunk", "no-answer"],
)
def test_broken_http_is_one_line(tmp_path, answer, expected):
    url, close = s.raw_server(answer)
    try:
        with pytest.raises(FetchError, match=expected) as err:
            fetch(url + "/r.pdf", tmp_path / "r.part")
        assert "\n" not in str(err.value)
    finally:
        close()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8/a report.pdf", "space or control character"),
        ("http://127.0.0.1:port/r.pdf", "malformed"),
        ("ftp://127.0.0.1/r.pdf", "not http or https"),
        ("http:///r.pdf", "names no host"),
    ],
)
def test_malformed_urls_are_one_line(url, expected):
    with pytest.raises(FetchError, match=expected):
        checked_url(url)


def test_a_redirect_on_the_same_site_is_followed(site, tmp_path):
    site.files["/real.pdf"] = PDF
    site.behaviours["/moved.pdf"] = s.redirect("/real.pdf")
    assert fetch(site.base + "/moved.pdf", tmp_path / "m.part") == len(PDF)
