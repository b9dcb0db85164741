"""Fast PDFs: many letters per WeasyPrint write, split afterwards.

One `HTML(...).write_pdf()` per letter spends most of its time subsetting and
embedding the same fonts again. Here each letter is still laid out as its own
document (so its "Page N of M" counts its own pages), then the pages of a whole
chunk are joined into one document and written once
(`documents[0].copy(all_pages).write_pdf()`, WeasyPrint's documented way to
combine documents), so fonts are embedded once per chunk. pypdf then splits the
chunk PDF by the known page counts; each part is a complete PDF of its own.

Python's cycle collector is paused while a chunk is made (`_cycles_collected_after`):
laying out a chunk makes millions of objects that live until the chunk is written,
and the collector would scan them again and again (measured: about a tenth of a
worker's time). One collection after the chunk frees its cycles, so memory is
still bounded by the chunk.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from dsar.render import ASSET_SCHEME, asset_fetcher, load_weasyprint

_HEADER = '<header class="head">'
_LOGO_STYLE = "position:absolute;top:0;left:0;max-height:22mm;max-width:80mm"


def add_letterhead(html: str, logo_uri: str | None) -> str:
    """Put the organisation's logo (a data: URI) at the top left of the letter's first page.

    The space there is free: the sender's address is top right and the window
    envelope address starts 30 mm lower (letters/css/letter.css).
    """
    if not logo_uri:
        return html
    tag = f'<img class="letterhead-logo" alt="" src="{logo_uri}" style="{_LOGO_STYLE}">'
    if _HEADER in html:
        return html.replace(_HEADER, f"{_HEADER}{tag}", 1)
    return html.replace("<body>", f"<body>{tag}", 1)


@dataclass(frozen=True)
class Rendered:
    pdfs: list[bytes]  # one per document, in order
    pages: list[int]  # page count of each
    groups: list[bytes]  # one merged PDF per requested group


@cache
def _font_config() -> Any:
    """One FontConfiguration per process, shared by every document it lays out.

    A new one per document (WeasyPrint's default) keeps each one's Pango font map
    alive: a worker grew by about 6 MB a second; shared, its memory stays flat.
    """
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_chunk(htmls: Sequence[str], titles: Sequence[str],
                 groups: Sequence[tuple[int, int]] = ()) -> Rendered:
    """PDFs for `htmls` (complete HTML documents), laid out separately and written together.

    `groups` are (start, stop) ranges of documents to join into one more PDF
    each (a client's "print all" file); they cost a pypdf copy, not a render.
    """
    if not htmls:
        return Rendered([], [], [])
    with _cycles_collected_after():
        return _render(htmls, titles, groups)


@contextmanager
def _cycles_collected_after() -> Iterator[None]:
    """Pause the cycle collector for a block, then collect once (unless it was off already)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def _render(htmls: Sequence[str], titles: Sequence[str], groups: Sequence[tuple[int, int]]) -> Rendered:
    # The project's own loader and fetcher: packaged assets only; the letterhead logo is an
    # inline PNG/JPEG data: URI, which the fetcher decodes without reading a file.
    weasyprint = load_weasyprint()
    fetch = asset_fetcher()
    documents = [
        weasyprint.HTML(string=html, base_url=f"{ASSET_SCHEME}:/", url_fetcher=fetch)
        .render(font_config=_font_config())
        for html in htmls
    ]
    pages = [len(d.pages) for d in documents]
    combined = documents[0].copy([p for d in documents for p in d.pages]).write_pdf()
    del documents
    starts = [sum(pages[:i]) for i in range(len(pages))]
    spans = [(starts[i], starts[i] + pages[i]) for i in range(len(pages))]
    pdfs = split_pdf(combined, spans, titles)
    merged = split_pdf(
        combined,
        [(starts[a], starts[b - 1] + pages[b - 1]) for a, b in groups],
        [titles[a] for a, _ in groups],
    )
    return Rendered(pdfs, pages, merged)


def split_pdf(data: bytes, spans: Sequence[tuple[int, int]], titles: Sequence[str]) -> list[bytes]:
    """One PDF per (first page, end page) span of `data`, each titled."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    out: list[bytes] = []
    for (first, end), title in zip(spans, titles, strict=True):
        writer = PdfWriter()
        for number in range(first, end):
            writer.add_page(reader.pages[number])
        writer.add_metadata({"/Title": title, "/Producer": "dsar (WeasyPrint, pypdf)"})
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out
