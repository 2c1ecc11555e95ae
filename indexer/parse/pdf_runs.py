"""Text runs of a PDF page, read by PDFium (the pypdfium2 package).

PDFium parses a page in compiled code, about five times as fast as a pure-Python reader on
the national reports; the layout rules in ``pdf.py`` only need, per run of text drawn by
one text object, where it starts and ends, its font size and whether its font is bold.
Reading runs rather than characters keeps the calls into PDFium to about one per character
(which text object draws it) plus a few per run.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby, repeat

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class TextRun:
    """Text drawn by one text object; ``generated`` for the spaces and line breaks PDFium
    infers between objects, which have no position of their own."""

    text: str
    x: float = 0.0
    y: float = 0.0
    end_x: float = 0.0
    size: float = 0.0
    bold: bool = False
    generated: bool = False


def _address_returning(name: str, *argtypes):
    """A PDFium function that returns a pointer as a plain int, so that consecutive
    characters' text objects compare without building a ctypes object per character."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)(address)


_text_object_of = _address_returning("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_int)


def is_bold_font(name: str) -> bool:
    lowered = name.lower()
    return "bold" in lowered or "black" in lowered


def page_runs(textpage) -> list[TextRun]:
    """The runs of one page in content order."""
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(count))
    objects = list(map(_text_object_of, repeat(handle, count), range(count)))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()
    bold_of: dict[int, bool] = {}
    runs: list[TextRun] = []
    start = 0
    for obj, chars in groupby(objects):
        end = start + sum(1 for _ in chars)
        # PDFium marks a hyphen it sees ending a line as U+FFFE.
        piece = text[start:end].replace("\ufffe", "-")
        if obj is None:
            runs.append(TextRun(piece, generated=True))
            start = end
            continue
        pdfium_c.FPDFText_GetCharOrigin(handle, start, ctypes.byref(left), ctypes.byref(bottom))
        x, y = left.value, bottom.value
        pdfium_c.FPDFText_GetCharBox(
            handle,
            end - 1,
            ctypes.byref(left),
            ctypes.byref(right),
            ctypes.byref(bottom),
            ctypes.byref(top),
        )
        if obj not in bold_of:
            pdfium_c.FPDFText_GetFontInfo(handle, start, name, len(name), ctypes.byref(flags))
            bold_of[obj] = is_bold_font(name.value.decode("utf-8", "replace"))
        # The font size as set, times the text's vertical scale: some producers set a
        # size of 1 and scale the text matrix instead.
        pdfium_c.FPDFText_GetMatrix(handle, start, ctypes.byref(matrix))
        scale = math.hypot(matrix.c, matrix.d) or 1.0
        size = pdfium_c.FPDFText_GetFontSize(handle, start) * scale
        runs.append(
            TextRun(piece, x=x, y=y, end_x=right.value, size=round(size, 1), bold=bold_of[obj])
        )
        start = end
    return runs


class PdfPages:
    """An open PDF that gives, page by page, (runs, page height)."""

    def __init__(self, path: str):
        self._document = pdfium.PdfDocument(path)

    def __iter__(self) -> Iterator[tuple[list[TextRun], float]]:
        for n in range(len(self._document)):
            page = self._document[n]
            textpage = page.get_textpage()
            try:
                yield page_runs(textpage), float(page.get_height())
            finally:
                textpage.close()
                page.close()

    def close(self) -> None:
        self._document.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


PdfiumError = pdfium.PdfiumError


def needs_password(exc: PdfiumError) -> bool:
    return getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD
