"""Reading PDF pages into lines: PDFium's runs, and the pure rules that join them."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parse.loaders import LoadError, load_blocks
from indexer.parse.pdf import page_lines
from indexer.parse.pdf_runs import PdfPages, TextRun


def run(text, x, y, size=11.0, bold=False, end_x=None):
    width = 0.5 * size * len(text)
    return TextRun(
        text, x=x, y=y, end_x=end_x if end_x is not None else x + width, size=size, bold=bold
    )


def gap(text=" "):
    return TextRun(text, generated=True)


def test_a_raised_small_number_after_a_heading_is_a_footnote_marker_and_dropped():
    runs = [
        run("What needs to improve?", 72, 700, size=14, bold=True),
        gap("\r\n"),
        run("1", 230, 706, size=8),
        gap("\r\n"),
        run("The quality of plans.", 72, 680),
    ]
    lines = page_lines(runs, 1, 842)
    assert [ln.text.strip() for ln in lines] == ["What needs to improve?", "The quality of plans."]
    assert lines[0].bold and lines[0].size == 14


def test_a_marker_before_punctuation_leaves_no_space_before_it():
    runs = [run("six live in special schools", 72, 500), gap(), run("3", 220, 504, size=7)]
    runs += [gap(), run(", all of whom live away", 226, 500)]
    (line,) = page_lines(runs, 1, 842)
    assert line.text.strip() == "six live in special schools, all of whom live away"


def test_a_small_number_far_from_the_line_is_a_new_line_not_a_marker():
    """A page number in a large font, then a paragraph label whose digits are separate runs."""
    runs = [
        run("10", 500, 34, size=20),
        gap("\r\n"),
        run("5", 70, 736),
        run("2. Senior managers", 77, 736),
    ]
    lines = page_lines(runs, 1, 842)
    assert [ln.text.strip() for ln in lines] == ["10", "52. Senior managers"]


def test_a_line_starts_where_the_text_moves_more_than_three_points():
    runs = [run("first line of a paragraph", 72, 600), run("second line", 72, 586)]
    lines = page_lines(runs, 1, 842)
    assert [ln.y for ln in lines] == [600, 586]


JOINED = [
    pytest.param(
        [
            run("10.", 70, 600, end_x=84),
            run("Child in need plans", 99, 600, end_x=200),
            run("are well devel", 203, 600, end_x=270),
            run("oped", 270.2, 600),
        ],
        "10. Child in need plans are well developed",
        id="a tab stop or word gap is a space, kerning is not",
    ),
    pytest.param(
        [run("\uf02d", 116.3, 307, end_x=122.7, size=12), run("in primary schools", 124.5, 307)],
        "\uf02d in primary schools",
        id="a bullet drawn apart from its item",
    ),
    pytest.param(
        [
            run("The long", 70, 500, end_x=120),
            run("-", 120.1, 500, end_x=124),
            run("standing team", 124.2, 500),
        ],
        "The long-standing team",
        id="a hyphen drawn as its own run",
    ),
    pytest.param(
        [run("at 31 March 201", 89, 670, end_x=206.9, size=12), run("5", 209.1, 670, size=12)],
        "at 31 March 2015",
        id="figures set a little apart",
    ),
]


@pytest.mark.parametrize(("runs", "text"), JOINED)
def test_runs_on_one_line_join_into_words_as_printed(runs, text):
    (line,) = page_lines(runs, 1, 842)
    assert line.text == text


def _pdf(path: Path, content: bytes) -> Path:
    """A one-page PDF drawing `content` with Helvetica as F1 and Helvetica-Bold as F2."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def test_a_size_set_by_the_text_matrix_is_the_printed_size(tmp_path: Path):
    """Some producers set every font at size 1 and scale the text matrix instead."""
    content = (
        b"BT /F2 1 Tf 14 0 0 14 72 700 Tm (Children in care) Tj ET\n"
        b"BT /F1 1 Tf 11 0 0 11 72 670 Tm (Most children live in stable homes.) Tj ET\n"
    )
    with PdfPages(str(_pdf(tmp_path / "scaled.pdf", content))) as pages:
        ((runs, height),) = list(pages)
    drawn = [r for r in runs if not r.generated]
    assert [(r.text.strip(), r.size, r.bold) for r in drawn] == [
        ("Children in care", 14.0, True),
        ("Most children live in stable homes.", 11.0, False),
    ]
    assert height == 842
    assert drawn[0].x == pytest.approx(72, abs=0.5) and drawn[0].y == pytest.approx(700, abs=0.5)
    assert drawn[0].end_x > drawn[0].x + 50


def test_a_password_protected_pdf_is_refused_by_name(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(LoadError, match="encrypted PDF"):
        load_blocks(path)


def test_a_truncated_pdf_is_refused_as_corrupt(tmp_path: Path):
    whole = _pdf(tmp_path / "whole.pdf", b"BT /F1 11 Tf 72 700 Td (Text) Tj ET").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(LoadError, match="corrupt|no extractable text"):
        load_blocks(cut)
