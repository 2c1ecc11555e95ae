"""One bad file must not knock the build over or leak."""

from __future__ import annotations

import pytest

from indexer import LoadError, load_blocks
from indexer.parse.documents import build_document, parse_file
from indexer.parse.loaders import MAX_BLOCKS_PER_FILE, markdown_blocks
from indexer.parse.structure import lay_out
from ofsted_cli import main as cli

from .conftest import index_bytes, write_docx_bomb, write_docx_paragraphs


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = write_docx_bomb(tmp_path / "bomb.docx", expanded_mb=260)
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(LoadError, match="expands to"):
        load_blocks(bomb)


def test_a_docx_with_millions_of_paragraphs_is_refused_quickly(tmp_path):
    many = write_docx_paragraphs(tmp_path / "many.docx", 6 * MAX_BLOCKS_PER_FILE)
    with pytest.raises(LoadError, match="paragraphs in one file"):
        load_blocks(many)
    texts = write_docx_paragraphs(tmp_path / "texts.docx", MAX_BLOCKS_PER_FILE + 5, "Care.")
    with pytest.raises(LoadError, match="paragraphs in one file"):
        load_blocks(texts)


def test_a_file_that_takes_too_long_is_stopped_with_a_message(tmp_path):
    slow = write_docx_paragraphs(tmp_path / "slow.docx", 3000, "Care leavers.")
    assert len(load_blocks(slow)) == 3000
    with pytest.raises(LoadError, match="took over"):
        load_blocks(slow, max_seconds=0)


def test_the_rest_of_the_corpus_indexes_beside_bombs(tmp_path, small_corpus, capsys):
    write_docx_bomb(small_corpus / "bomb.docx", expanded_mb=210)
    write_docx_paragraphs(small_corpus / "many.docx", 6 * MAX_BLOCKS_PER_FILE)
    index = tmp_path / "index"
    assert cli(["index", str(small_corpus), "--index", str(index), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Skipped bomb.docx: Word file expands to" in out
    assert "Skipped many.docx: over 20,000 paragraphs" in out
    assert "Indexed 1 documents" in out


def test_the_left_out_note_never_copies_the_marker_line(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "pack.txt").write_text(
        "Cabinet Meeting on 17 January 2024\n\nReport of the Director\n\n"
        "1. Care leavers live in suitable accommodation that meets their needs.\n\n"
        "NOT FOR PUBLICATION: Child X, 14 Acacia Avenue\n\n"
        "2. Details of the placement.\n",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    assert cli(["index", str(corpus), "--index", str(index), "--quiet"]) == 0
    out = capsys.readouterr()
    assert "Left out of pack:" in out.out
    assert "left out 2 of 5 blocks" in out.out and "from block 4 on" in out.out
    for text in (out.out, out.err):
        assert "Acacia" not in text and "Child X" not in text
    assert b"Acacia" not in index_bytes(index)


def test_paragraph_numbers_from_a_thousand_up_are_labels():
    paragraphs = "\n\n".join(
        f"{n}. Paragraph {n} says something about care leavers and their homes."
        for n in range(1, 1503)
    )
    layout = lay_out(markdown_blocks(f"Report of the Director\n\n{paragraphs}\n"))
    doc = build_document("long", "long.md", layout, {})
    labels = [p.label for p in doc.passages]
    assert labels[-3:] == ["1500", "1501", "1502"]
    assert not [label for label in labels if label.startswith("Introduction")]
    para = next(p for p in doc.passages if p.label == "1501")
    assert para.text.startswith("Paragraph 1501 says")


def test_a_year_at_the_start_of_a_line_is_not_taken_for_a_paragraph_number(tmp_path):
    path = tmp_path / "plain.md"
    path.write_text(
        "Report of the Director\n\n1. First point about care leavers.\n\n"
        "2. Second point, which goes on to the next line about the year.\n\n"
        "2024. A year at the start of a line.\n",
        encoding="utf-8",
    )
    labels = [p.label for p in parse_file(path, tmp_path).passages]
    assert "2024" not in labels
