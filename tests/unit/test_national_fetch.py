"""`ofsted-qa national`: reports added from a folder or downloaded from a local HTTP server
on 127.0.0.1, with progress, resume and checksum checks (no internet needed)."""

from __future__ import annotations

import csv
import hashlib
import http.server
import threading
from functools import partial
from pathlib import Path

import pytest

from indexer import national
from indexer.fetch import FetchPolicy
from ofsted_cli import main

REPORTS = {
    "kent-2017-06-ilacs.pdf": b"%PDF-1.4\nKent 2017 report\n%%EOF\n",
    "kent-2022-05-ilacs.pdf": b"%PDF-1.4\nKent 2022 report\n%%EOF\n",
    "halton-2020-01-ilacs.pdf": b"%PDF-1.4\nHalton report " + b"x" * 200_000 + b"\n%%EOF\n",
    "york-2012-01-ilacs.pdf": b"<!DOCTYPE html><html><body>Not found</body></html>",
}
FAST = FetchPolicy(timeout=2.0, total=10.0, retries=0, delay=0.0)
PUBLISHED = {"kent-2017-06-ilacs.pdf": "01/06/17", "kent-2022-05-ilacs.pdf": "20/05/22"}


class Handler(http.server.SimpleHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        type(self).requests.append(self.path)
        super().do_GET()


@pytest.fixture
def server(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    for name, data in REPORTS.items():
        (served / name).write_bytes(data)
    Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Handler, directory=str(served))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    httpd.shutdown()
    httpd.server_close()


def write_catalogue(path: Path, base: str, names=REPORTS) -> Path:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "local_authority", "inspection_link", "publication_date"])
        for name in names:
            w.writerow(
                [name, name.split("-")[0], f"{base}/{name}", PUBLISHED.get(name, "15/01/20")]
            )
    return path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_download_adds_checks_and_resumes(server, tmp_path):
    base, _ = server
    catalogue = write_catalogue(tmp_path / "inspections.csv", base)
    corpus = tmp_path / "corpus"
    seen = []
    out = national.download(catalogue, corpus, progress=lambda *a: seen.append(a), policy=FAST)
    assert sorted(out.added) == sorted(n for n in REPORTS if n != "york-2012-01-ilacs.pdf")
    assert [name for name, _ in out.failed] == ["york-2012-01-ilacs.pdf"]
    assert "not a PDF" in out.failed[0][1]
    assert [(d, t) for d, t, _, _ in seen] == [(i, len(REPORTS)) for i in range(1, 5)]
    for name in out.added:
        assert (corpus / name).read_bytes() == REPORTS[name]
    assert not list(corpus.glob("*.part")) and not (corpus / "york-2012-01-ilacs.pdf").exists()
    sums = national.read_checksums(corpus / national.MANIFEST)
    assert sums == {n: sha(REPORTS[n]) for n in out.added}

    Handler.requests = []
    again = national.download(catalogue, corpus, policy=FAST)
    assert sorted(again.skipped) == sorted(out.added) and not again.added
    assert Handler.requests == ["/york-2012-01-ilacs.pdf"]  # only what is still missing


def test_a_damaged_file_is_fetched_again(server, tmp_path):
    base, _ = server
    catalogue = write_catalogue(tmp_path / "inspections.csv", base)
    corpus = tmp_path / "corpus"
    national.download(catalogue, corpus, policy=FAST)
    (corpus / "kent-2022-05-ilacs.pdf").write_bytes(b"%PDF-1.4 trunc")
    again = national.download(catalogue, corpus, policy=FAST)
    assert again.added == ["kent-2022-05-ilacs.pdf"]
    assert (corpus / "kent-2022-05-ilacs.pdf").read_bytes() == REPORTS["kent-2022-05-ilacs.pdf"]


def test_a_checksum_mismatch_is_refused(server, tmp_path):
    base, _ = server
    catalogue = write_catalogue(tmp_path / "inspections.csv", base, ["kent-2017-06-ilacs.pdf"])
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"{'0' * 64}  kent-2017-06-ilacs.pdf\n")
    out = national.download(catalogue, tmp_path / "corpus", checksums=sums, policy=FAST)
    assert out.failed and "checksum mismatch" in out.failed[0][1]
    assert not (tmp_path / "corpus" / "kent-2017-06-ilacs.pdf").exists()


def test_latest_keeps_each_councils_newest_report(tmp_path):
    catalogue = write_catalogue(tmp_path / "inspections.csv", "http://127.0.0.1:9")
    latest = national.latest_only(national.read_catalogue(catalogue))
    assert [e.file for e in latest] == [
        "halton-2020-01-ilacs.pdf",
        "kent-2022-05-ilacs.pdf",
        "york-2012-01-ilacs.pdf",
    ]


def test_command_adds_from_a_folder_and_resumes(server, tmp_path, capsys):
    _, served = server
    corpus = tmp_path / "corpus"
    assert main(["national", "--from", str(served), "--corpus", str(corpus)]) == 0
    printed = capsys.readouterr().out
    assert "[1/4]" in printed and "[4/4]" in printed and "3 added" in printed
    assert "york-2012-01-ilacs.pdf: not a PDF" in printed
    assert main(["national", "--from", str(served), "--corpus", str(corpus), "--quiet"]) == 0
    assert "0 added, 3 already there" in capsys.readouterr().out
    # a source file that changed is copied again, not skipped
    (served / "kent-2017-06-ilacs.pdf").write_bytes(b"%PDF-1.4\nKent 2017, reissued\n")
    assert main(["national", "--from", str(served), "--corpus", str(corpus), "--quiet"]) == 0
    assert (corpus / "kent-2017-06-ilacs.pdf").read_bytes().endswith(b"reissued\n")


def test_command_downloads_from_the_catalogue_links(server, tmp_path, capsys):
    base, _ = server
    catalogue = write_catalogue(tmp_path / "inspections.csv", base)
    corpus = tmp_path / "corpus"
    args = ["national", "--download", "--catalogue", str(catalogue), "--corpus", str(corpus)]
    assert main([*args, "--latest"]) == 0
    assert sorted(p.name for p in corpus.glob("*.pdf")) == [
        "halton-2020-01-ilacs.pdf",
        "kent-2022-05-ilacs.pdf",
    ]
    assert "2 added" in capsys.readouterr().out


FAST_ARGS = ["--delay", "0", "--retries", "0", "--timeout", "2"]


def test_copying_reads_only_regular_files_inside_the_folder(tmp_path, capsys):
    source, private = tmp_path / "reports", tmp_path / "private"
    source.mkdir()
    private.mkdir()
    (source / "kent-2022-05-ilacs.pdf").write_bytes(REPORTS["kent-2022-05-ilacs.pdf"])
    (private / "x.pdf").write_bytes(b"%PDF-1.4 private\n")
    (source / "link-2020-01-ilacs.pdf").symlink_to(private / "x.pdf")
    (source / "sub").symlink_to(private, target_is_directory=True)
    (source / "fifo.pdf").mkdir()
    rows = [
        "kent-2022-05-ilacs.pdf",
        "../private/x.pdf",
        str(private / "x.pdf"),
        "link-2020-01-ilacs.pdf",
        "sub/x.pdf",
        "fifo.pdf",
    ]
    catalogue = tmp_path / "inspections.csv"
    catalogue.write_text("file,local_authority\n" + "".join(f"{r},kent\n" for r in rows))
    corpus = tmp_path / "corpus"
    args = ["national", "--from", str(source), "--catalogue", str(catalogue)]
    assert main([*args, "--corpus", str(corpus), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in corpus.iterdir()) == ["kent-2022-05-ilacs.pdf", national.MANIFEST]
    assert (
        "1 added, 0 already there (checksum right), 0 failed, 5 catalogue rows refused" in printed
    )
    for row in rows[1:]:
        assert f"Refused {row}: " in printed
    assert (
        "absolute path" in printed and "'..'" in printed and "outside the source folder" in printed
    )


def test_a_missing_checksum_file_is_an_error(server, tmp_path, capsys):
    base, served = server
    catalogue = write_catalogue(tmp_path / "inspections.csv", base)
    corpus = tmp_path / "corpus"
    for source in (["--from", str(served)], ["--download", "--catalogue", str(catalogue)]):
        args = ["national", *source, "--corpus", str(corpus), "--checksums", "nowhere.sha256"]
        assert main(args) == 2
        assert "no checksum file nowhere.sha256" in capsys.readouterr().err
        assert not corpus.exists()


@pytest.mark.parametrize("which", ["catalogue", "checksums"])
def test_a_file_that_is_not_utf8_is_one_line(server, tmp_path, capsys, which):
    base, _ = server
    catalogue = write_catalogue(tmp_path / "inspections.csv", base)
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"{'0' * 64}  kent-2017-06-ilacs.pdf\n")
    bad = catalogue if which == "catalogue" else sums
    bad.write_bytes(bad.read_bytes() + b"\xff\xfe broken\n")
    args = ["national", "--download", "--catalogue", str(catalogue), "--checksums", str(sums)]
    assert main([*args, "--corpus", str(tmp_path / "corpus"), *FAST_ARGS]) == 2
    err = capsys.readouterr().err
    assert "is not UTF-8 text" in err and err.count("\n") == 1


def test_a_download_failure_is_one_line_and_the_run_goes_on(server, tmp_path, capsys):
    base, _ = server
    catalogue = tmp_path / "inspections.csv"
    with open(catalogue, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "local_authority", "inspection_link", "publication_date"])
        w.writerow(["a-2020-01-ilacs.pdf", "a", f"{base}/a report.pdf", "15/01/20"])
        w.writerow(["b-2020-01-ilacs.pdf", "b", "http://127.0.0.1:port/b.pdf", "15/01/20"])
        w.writerow(["c-2020-01-ilacs.pdf", "c", f"{base}/missing.pdf", "15/01/20"])
        w.writerow(["kent-2022-05-ilacs.pdf", "kent", f"{base}/kent-2022-05-ilacs.pdf", "20/05/22"])
    corpus = tmp_path / "corpus"
    args = ["national", "--download", "--catalogue", str(catalogue), "--corpus", str(corpus)]
    assert main([*args, *FAST_ARGS, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "1 added, 0 already there (checksum right), 3 failed" in out
    assert "Failed a-2020-01-ilacs.pdf: the URL" in out and "space or control character" in out
    assert "Failed b-2020-01-ilacs.pdf: the URL" in out and "malformed" in out
    assert "Failed c-2020-01-ilacs.pdf: HTTP 404: a dead link" in out
    assert (corpus / "kent-2022-05-ilacs.pdf").is_file()


def test_the_hint_names_a_command_that_works(server, tmp_path, capsys):
    _, served = server
    corpus = tmp_path / "corpus"
    assert main(["national", "--from", str(served), "--corpus", str(corpus), "--quiet"]) == 0
    hint = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Next:"))
    command = hint.removeprefix("Next: ofsted-qa ").split(" (")[0].split()
    from ofsted_cli import build_parser

    parsed = build_parser().parse_args(command)  # exits on a command that does not parse
    assert parsed.command == "index" and str(parsed.corpus) == str(corpus)


def test_file_names_are_printed_with_control_characters_escaped(tmp_path, capsys):
    source = tmp_path / "reports"
    source.mkdir()
    (source / "evil\x1b[2J\nname-2020-01-ilacs.pdf").write_bytes(b"%PDF-1.4 x\n")
    main(["national", "--from", str(source), "--corpus", str(tmp_path / "corpus")])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "evil\\x1b[2J\\x0aname" in out


def test_an_interrupted_download_resumes_on_the_next_run(tmp_path):
    from tests import ofsted_site as s

    site = s.LocalSite()
    httpd, base = s.serve(site)
    try:
        body = REPORTS["halton-2020-01-ilacs.pdf"]
        site.behaviours["/h.pdf"] = s.cut_once(body, 50_000)
        catalogue = tmp_path / "inspections.csv"
        catalogue.write_text(
            f"file,local_authority,inspection_link\nh-2020-01-ilacs.pdf,h,{base}/h.pdf\n"
        )
        corpus = tmp_path / "corpus"
        first = national.download(catalogue, corpus, policy=FAST)
        assert first.failed == [
            ("h-2020-01-ilacs.pdf", "the download was cut short (50,000 bytes received)")
        ]
        assert (corpus / ".h-2020-01-ilacs.pdf.part").stat().st_size == 50_000
        second = national.download(catalogue, corpus, policy=FAST)
        assert second.added == ["h-2020-01-ilacs.pdf"]
        assert (corpus / "h-2020-01-ilacs.pdf").read_bytes() == body
        assert not list(corpus.glob("*.part")) and not list(corpus.glob(".*.part"))
    finally:
        s.stop(httpd)


@pytest.mark.parametrize(
    ("option", "value"), [("--timeout", "0"), ("--max-mb", "-1"), ("--delay", "-2")]
)
def test_fetch_settings_out_of_range_are_one_line(tmp_path, capsys, option, value):
    args = ["national", "--update", "--dry-run", "--corpus", str(tmp_path), option, value]
    assert main(args) == 2
    assert capsys.readouterr().err.startswith("ofsted-qa: --")
