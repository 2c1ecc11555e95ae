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
from retriever.cli import main

REPORTS = {
    "kent-2017-06-ilacs.pdf": b"%PDF-1.4\nKent 2017 report\n%%EOF\n",
    "kent-2022-05-ilacs.pdf": b"%PDF-1.4\nKent 2022 report\n%%EOF\n",
    "halton-2020-01-ilacs.pdf": b"%PDF-1.4\nHalton report " + b"x" * 200_000 + b"\n%%EOF\n",
    "york-2012-01-ilacs.pdf": b"<!DOCTYPE html><html><body>Not found</body></html>",
}
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
    out = national.download(catalogue, corpus, progress=lambda *a: seen.append(a))
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
    again = national.download(catalogue, corpus)
    assert sorted(again.skipped) == sorted(out.added) and not again.added
    assert Handler.requests == ["/york-2012-01-ilacs.pdf"]  # only what is still missing


def test_a_damaged_file_is_fetched_again(server, tmp_path):
    base, _ = server
    catalogue = write_catalogue(tmp_path / "inspections.csv", base)
    corpus = tmp_path / "corpus"
    national.download(catalogue, corpus)
    (corpus / "kent-2022-05-ilacs.pdf").write_bytes(b"%PDF-1.4 trunc")
    again = national.download(catalogue, corpus)
    assert again.added == ["kent-2022-05-ilacs.pdf"]
    assert (corpus / "kent-2022-05-ilacs.pdf").read_bytes() == REPORTS["kent-2022-05-ilacs.pdf"]


def test_a_checksum_mismatch_is_refused(server, tmp_path):
    base, _ = server
    catalogue = write_catalogue(tmp_path / "inspections.csv", base, ["kent-2017-06-ilacs.pdf"])
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"{'0' * 64}  kent-2017-06-ilacs.pdf\n")
    out = national.download(catalogue, tmp_path / "corpus", checksums=sums)
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
