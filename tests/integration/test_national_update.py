"""`ofsted-qa national --update`: every council's reports discovered on a local copy of
Ofsted's reports site (127.0.0.1, real PDFs from ../shared/national/reports), fetched once,
kept current, and indexed."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from indexer.councils import candidates
from indexer.fetch import MEGABYTE, Fetcher, FetchPolicy
from indexer.national_update import CATALOGUE, read_catalogue, sha256_of, update
from ofsted_cli import main
from tests import ofsted_site as s

FAST = FetchPolicy(timeout=1.0, total=10.0, retries=0, backoff=0.01, delay=0.0)
FAST_ARGS = ["--delay", "0", "--retries", "0", "--timeout", "1", "--total-time", "10"]
BARNET, RUTLAND, YORK = (candidates(n)[0] for n in ("Barnet", "Rutland", "York"))
BARNET_PAGE = f"/provider/44/{BARNET.ofsted_urn}"


@pytest.fixture
def site():
    site = s.LocalSite()
    httpd, _ = s.serve(site)
    s.publish_national(site, ["barnet", "rutland"])
    yield site
    s.stop(httpd)


def run(corpus: Path, site: s.LocalSite, councils=(BARNET, RUTLAND), **kw):
    site.requests.clear()
    return update(corpus, councils, site.base, Fetcher(kw.pop("policy", FAST)), **kw)


def file_requests(site: s.LocalSite) -> list[str]:
    return [r for r in site.requests if not r.startswith("/provider/")]


def test_first_fetch_then_a_rerun_fetches_nothing(site, tmp_path):
    corpus = tmp_path / "corpus"
    report = run(corpus, site, today=date(2026, 12, 1))
    names = sorted(p.name for p in corpus.glob("*.pdf"))
    assert names == [
        "barnet-2017-07-ilacs.pdf",
        "barnet-2019-07-ilacs.pdf",
        "barnet-2024-07-ilacs.pdf",
        "rutland-2017-02-ilacs.pdf",
        "rutland-2020-04-ilacs.pdf",
        "rutland-2024-07-ilacs.pdf",
    ]
    for name in names:  # byte for byte the published file
        assert (corpus / name).read_bytes() == (s.REPORTS / name).read_bytes()
    rows = {r.file: r for r in read_catalogue(corpus / CATALOGUE)}
    barnet = rows["barnet-2024-07-ilacs.pdf"]
    assert barnet.url == site.base + "/v1/file/50253182"
    assert (barnet.kind, barnet.published, barnet.first_seen) == (
        "ilacs",
        "2024-07-23",
        "2026-12-01",
    )
    assert barnet.size == 209449 and barnet.sha256 == sha256_of(corpus / barnet.file)
    assert report.councils[0].line().startswith("Barnet: 3 new (inspection, Jul 2017;")
    assert not list(corpus.glob(".*part"))

    again = run(corpus, site)
    assert site.requests == [BARNET_PAGE, f"/provider/44/{RUTLAND.ofsted_urn}"]
    assert [c.line() for c in again.councils] == ["Barnet: nothing new", "Rutland: nothing new"]
    assert again.fetched == 0


def test_a_new_publication_is_the_only_one_fetched(site, tmp_path):
    corpus = tmp_path / "corpus"
    run(corpus, site)
    body = (s.REPORTS / "york-2022-05-ilacs.pdf").read_bytes()
    url = site.publish(BARNET.ofsted_urn, "Monitoring visit - 14 Oct 2026, pdf", body, "999")
    site.publish(BARNET.ofsted_urn, "Area SEND inspection - 1 Nov 2026, pdf", body, "998")
    report = run(corpus, site)
    assert file_requests(site) == ["/v1/file/999"]  # SEND inspections are not indexed
    assert report.councils[0].line() == "Barnet: 1 new (monitoring visit, Oct 2026)"
    assert (corpus / "barnet-2026-10-monitoring-visit.pdf").read_bytes() == body
    row = next(r for r in read_catalogue(corpus / CATALOGUE) if r.url == url)
    assert row.kind == "monitoring-visit" and row.published == "2026-10-14"


def test_a_changed_file_is_fetched_again(site, tmp_path):
    corpus = tmp_path / "corpus"
    run(corpus, site, councils=[BARNET])
    damaged = corpus / "barnet-2024-07-ilacs.pdf"
    damaged.write_bytes(b"%PDF-1.4 edited")
    report = run(corpus, site, councils=[BARNET])
    assert file_requests(site) == ["/v1/file/50253182"]
    assert "1 fetched again" in report.councils[0].line()
    assert damaged.read_bytes() == (s.REPORTS / damaged.name).read_bytes()

    # Ofsted reissues the file at the same link: recorded with its new checksum
    reissued = (s.REPORTS / "york-2022-05-ilacs.pdf").read_bytes()
    site.files["/v1/file/50253182"] = reissued
    damaged.unlink()
    report = run(corpus, site, councils=[BARNET])
    assert report.councils[0].line() == "Barnet: 1 changed (inspection, Jul 2024)"
    row = next(r for r in read_catalogue(corpus / CATALOGUE) if r.file == damaged.name)
    assert row.sha256 == sha256_of(damaged) != sha256_of(s.REPORTS / damaged.name)


def test_recheck_notices_a_file_replaced_at_the_same_link(site, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    run(corpus, site, councils=[BARNET])
    assert run(corpus, site, councils=[BARNET], recheck=True).fetched == 0  # same bytes
    assert len(file_requests(site)) == 3
    site.files["/v1/file/50253182"] = (s.REPORTS / "york-2022-05-ilacs.pdf").read_bytes()
    assert run(corpus, site, councils=[BARNET]).fetched == 0  # not without --recheck
    args = ["national", "--update", "--recheck", "--site-url", site.base, "--corpus", str(corpus)]
    assert main([*args, "--council", "Barnet", *FAST_ARGS, "--quiet"]) == 0
    assert "Barnet: 1 changed (inspection, Jul 2024)" in capsys.readouterr().out
    assert (corpus / "barnet-2024-07-ilacs.pdf").read_bytes() == site.files["/v1/file/50253182"]


def test_bad_links_are_one_line_each_and_the_rest_is_fetched(site, tmp_path):
    urn = BARNET.ofsted_urn
    site.publish(urn, "Focused visit - 01 Feb 2025, pdf", b"<html>Error</html>", "801")
    site.pages[f"/provider/44/{urn}"].append(
        s.Listing("Focused visit - 01 Mar 2025, pdf", site.base + "/v1/file/gone")
    )
    site.publish(urn, "Monitoring visit - 01 Apr 2025, pdf", b"", "803")
    site.behaviours["/v1/file/803"] = s.redirect("http://localhost:9/v1/file/803")
    site.publish(urn, "Monitoring visit - 01 May 2025, pdf", b"", "804")
    site.behaviours["/v1/file/804"] = s.endless(51 * MEGABYTE, declare=False)
    site.publish(urn, "Monitoring visit - 01 Jun 2025, pdf", b"", "805")
    site.behaviours["/v1/file/805"] = s.slow(3)
    corpus = tmp_path / "corpus"
    report = run(corpus, site)
    barnet = report.councils[0]
    assert dict(barnet.failed) == {
        "barnet-2025-02-focused-visit.pdf": "not a PDF (an HTML or error page saved under a "
        ".pdf name)",
        "barnet-2025-03-focused-visit.pdf": f"HTTP 404: a dead link ({site.base}/v1/file/gone)",
        "barnet-2025-04-monitoring-visit.pdf": "redirected to another host (localhost); not "
        "followed",
        "barnet-2025-05-monitoring-visit.pdf": "the file is over the 50 MB cap; stopped there",
        "barnet-2025-06-monitoring-visit.pdf": "no answer within 1 s",
    }
    assert barnet.line() == (
        "Barnet: 3 new (inspection, Jul 2017; inspection, Jul 2019; inspection, Jul 2024), 5 failed"
    )
    assert report.councils[1].line().startswith("Rutland: 3 new")
    assert not (corpus / "barnet-2025-02-focused-visit.pdf").exists()


def test_a_page_that_times_out_is_one_line_and_the_others_go_on(site, tmp_path, capsys):
    site.behaviours[BARNET_PAGE] = s.slow(3)
    corpus = tmp_path / "corpus"
    args = ["national", "--update", "--site-url", site.base, "--corpus", str(corpus)]
    code = main([*args, "--council", "Barnet", "--council", "rutland", *FAST_ARGS])
    assert code == 0
    out = capsys.readouterr().out
    assert "Barnet: page not read: no answer within 1 s" in out
    assert "2 councils: 3 new, 0 changed, 0 fetched again, 0 failed; 1 council page not read" in out
    assert len(list(corpus.glob("rutland-*.pdf"))) == 3


def test_an_interrupted_download_is_resumed_by_the_next_run(site, tmp_path):
    body = (s.REPORTS / "barnet-2024-07-ilacs.pdf").read_bytes()
    site.behaviours["/v1/file/50253182"] = s.cut_once(body, 100_000)
    corpus = tmp_path / "corpus"
    first = run(corpus, site, councils=[BARNET])
    assert first.councils[0].failed == [
        ("barnet-2024-07-ilacs.pdf", "the download was cut short (100,000 bytes received)")
    ]
    part = corpus / ".barnet-2024-07-ilacs.pdf.part"
    assert part.stat().st_size == 100_000
    second = run(corpus, site, councils=[BARNET])
    assert file_requests(site) == ["/v1/file/50253182"]
    assert second.councils[0].line() == "Barnet: 1 new (inspection, Jul 2024)"
    assert (corpus / "barnet-2024-07-ilacs.pdf").read_bytes() == body and not part.exists()


def test_dry_run_lists_and_fetches_nothing(site, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OFSTED_QA_SITE_URL", site.base)  # the site moved by the environment
    corpus = tmp_path / "corpus"
    site.requests.clear()
    args = ["national", "--update", "--dry-run", "--corpus", str(corpus), "--council", "Barnet"]
    assert main([*args, *FAST_ARGS]) == 0
    out = capsys.readouterr().out
    assert f"Would fetch barnet-2024-07-ilacs.pdf <- {site.base}/v1/file/50253182" in out
    assert site.requests == [BARNET_PAGE] and not corpus.exists()


def test_a_council_name_that_fits_none_is_one_line(capsys):
    assert main(["national", "--update", "--council", "Gotham City", "--dry-run"]) == 2
    assert capsys.readouterr().err.strip() == (
        "ofsted-qa: --council 'Gotham City' names no council; use a council's name"
    )


def test_a_catalogue_that_is_not_utf8_is_one_line(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / CATALOGUE).write_bytes(b"file,council\n\xff\xfe\n")
    args = ["national", "--update", "--corpus", str(corpus), "--council", "Barnet"]
    assert main([*args, "--site-url", "http://127.0.0.1:9", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "national.csv is not UTF-8 text" in err and err.count("\n") == 1


@pytest.mark.model
def test_fresh_corpus_answers_then_a_second_update_fetches_nothing(site, tmp_path, capsys):
    """Done when: no ../shared at run time, the site on 127.0.0.1, an index that answers."""
    assert "shared" not in os.environ.get("OFSTED_QA_SITE_URL", "")
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    args = ["national", "--update", "--site-url", site.base, "--corpus", str(corpus)]
    args += ["--council", "Barnet", "--council", "Rutland", "--index", str(index), "--quiet"]
    assert main([*args, *FAST_ARGS]) == 0
    first = capsys.readouterr().out
    assert "2 councils: 6 new" in first and "Indexed 6 documents" in first
    assert "Skipped" not in first  # national.csv is the corpus's record, not a report

    assert (
        main(["ask", "Who led the most recent inspection of Barnet?", "--index", str(index)]) == 0
    )
    answer = capsys.readouterr().out
    assert "Naintara Khosla" in answer and "[1]" in answer and "Barnet" in answer

    site.requests.clear()
    assert main([*args, *FAST_ARGS]) == 0
    out = capsys.readouterr().out
    assert file_requests(site) == [] and "0 new, 0 changed, 0 fetched again" in out
    assert "is up to date" in out

    # a new letter: only its passages are embedded, every other vector is reused
    before = _counts(first)
    body = (s.REPORTS / "york-2022-05-ilacs.pdf").read_bytes()
    site.publish(BARNET.ofsted_urn, "Monitoring visit - 14 Oct 2026, pdf", body, "999")
    assert main([*[a for a in args if a != "--quiet"], *FAST_ARGS]) == 0
    out, err = capsys.readouterr()
    assert "Barnet: 1 new (monitoring visit, Oct 2026)" in out
    # One bar per stage, one after the other; in a log (not a terminal) a short stage is
    # its closing line alone, with its total.
    lines = err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Councils", "Indexing"], err
    assert lines[0].startswith("Councils: 2/2 councils (100%)")
    after = _counts(out)
    assert after["documents"] == 7 and after["reused"] == before["passages"]
    assert after["embedded"] == after["passages"] - before["passages"] > 0


def _counts(out: str) -> dict[str, int]:
    """Numbers from the build summary: 'Indexed 6 documents into 812 passages ... embedded
    812, reused 0'."""
    import re

    m = re.search(r"Indexed (\d+) documents into (\d+) passages.*embedded (\d+), reused (\d+)", out)
    assert m, out
    return dict(zip(("documents", "passages", "embedded", "reused"), map(int, m.groups())))
