"""A cited PDF page as a picture, with the cited paragraph highlighted: the reader checks
the citation against the page as printed, without opening the whole file.

Rendered with PDFium (pypdfium2); the paragraph is found on the page by its opening and
closing words, and marked with a translucent band and a bar in the margin.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

SCALE = 1.4  # about 100 dpi: the page's text is readable on a laptop and a phone
HIGHLIGHT = (255, 196, 0, 90)  # amber, translucent
BAR = (196, 90, 0, 255)


def _find(textpage, words: list[str], from_end: bool = False):
    """Boxes (left, bottom, right, top) of the first run of `words` the page holds,
    trying shorter runs when a long one crosses a hyphenation or a footnote."""
    for n in (8, 6, 4, 3):
        if len(words) < n:
            continue
        run = " ".join(words[-n:] if from_end else words[:n])
        searcher = textpage.search(run, match_case=False)
        found = searcher.get_next()
        if found:
            start, count = found
            boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
            return [b for b in boxes if b[2] > b[0]]
    return []


def paragraph_band(textpage, text: str) -> tuple[float, float] | None:
    """(top, bottom) in PDF points of the paragraph on the page, or None if not found."""
    words = str(text or "").split()
    first = _find(textpage, words)
    if not first:
        return None
    last = _find(textpage, words, from_end=True) or first
    top = max(b[3] for b in first)
    bottom = min(b[1] for b in last)
    if bottom > top:  # the end was found above the start (a repeated phrase): the start only
        bottom = min(b[1] for b in first)
    return top, bottom


@lru_cache(maxsize=32)
def _render(path: str, mtime_ns: int, page: int, text: str) -> bytes:
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(path)
    try:
        pdf_page = pdf[page - 1]
        height = pdf_page.get_height()
        image = pdf_page.render(scale=SCALE).to_pil().convert("RGBA")
        band = paragraph_band(pdf_page.get_textpage(), text)
        if band is not None:
            top, bottom = band
            y0, y1 = (height - top) * SCALE - 4, (height - bottom) * SCALE + 4
            layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
            draw = ImageDraw.Draw(layer)
            draw.rectangle((0, y0, image.width, y1), fill=HIGHLIGHT)
            draw.rectangle((0, y0, 10, y1), fill=BAR)
            image = Image.alpha_composite(image, layer)
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=80)
        return out.getvalue()
    finally:
        pdf.close()


def page_image(path: Path, page: int | None, text: str) -> bytes | None:
    """The JPEG of `page` (1-based) of the PDF at `path`, `text` highlighted; None when the
    file is not a PDF, has no such page or cannot be read."""
    if not page or path.suffix.lower() != ".pdf" or not path.is_file():
        return None
    try:
        return _render(str(path), path.stat().st_mtime_ns, int(page), text)
    except Exception:  # noqa: BLE001 - a page that cannot be drawn leaves the text card
        return None
