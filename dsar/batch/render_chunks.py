"""Batch PDFs: a chunk of letters laid out together, each written as its own tagged PDF.

Each letter is laid out as its own WeasyPrint document (so its "Page N of M"
counts its own pages) and written with `dsar.render.write_pdf`: tagged (PDF/UA-1,
or PDF/A-3b with --pdf-variant), with the letter's subject as title and `en-GB` as
its language, exactly like a letter from `dsar generate` (issue 14 item 5).

Until issue 14 the chunk's pages were written as one PDF and split with pypdf, so
fonts were embedded once per chunk; pypdf's split drops the structure tree, so the
letters lost their tags. Measured with WeasyPrint 70 and HarfBuzz-Subset, a batch
written this way takes about 3% more CPU (docs/benchmarks.md): font subsetting is a
small part of a write now, and a tagged write of the joined chunk cost more than
tagged writes one by one. A client's "print all" file (--merge) is one more tagged
write of its documents' pages, already laid out.

Python's cycle collector is paused while a chunk is made (`_cycles_collected_after`):
laying out a chunk makes millions of objects that live until the chunk is written,
and the collector would scan them again and again (measured: about a tenth of a
worker's time). One collection after the chunk frees its cycles, so memory is
still bounded by the chunk.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from dsar.render import ASSET_SCHEME, DEFAULT_PDF_VARIANT, asset_fetcher, load_weasyprint, write_pdf

_HEADER = '<header class="head">'
_LOGO_STYLE = "position:absolute;top:0;left:0;max-height:22mm;max-width:80mm"


def add_letterhead(html: str, logo_uri: str | None, name: str = "") -> str:
    """Put the organisation's logo (a data: URI) at the top left of the letter's first page.

    The space there is free: the sender's address is top right and the window
    envelope address starts 30 mm lower (letters/css/letter.css). `name` (the
    organisation's) is its alternative text: a tagged PDF needs one for every image,
    and a screen reader reads it where the logo is.
    """
    from html import escape

    if not logo_uri:
        return html
    tag = (f'<img class="letterhead-logo" alt="{escape(name, quote=True)}" src="{logo_uri}" '
           f'style="{_LOGO_STYLE}">')
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


def render_chunk(htmls: Sequence[str], groups: Sequence[tuple[int, int]] = (),
                 variant: str = DEFAULT_PDF_VARIANT) -> Rendered:
    """A tagged PDF in `variant` for each of `htmls` (complete HTML documents, each with its
    own <title> and lang), laid out and written one by one.

    `groups` are (start, stop) ranges of documents to join into one more PDF each
    (a client's "print all" file): one more write of pages already laid out, tagged
    too, titled and in the language of its first document.
    """
    if not htmls:
        return Rendered([], [], [])
    with _cycles_collected_after():
        return _render(htmls, groups, variant)


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


def _render(htmls: Sequence[str], groups: Sequence[tuple[int, int]], variant: str) -> Rendered:
    # The project's own loader and fetcher: packaged assets only; the letterhead logo is an
    # inline PNG/JPEG data: URI, which the fetcher decodes without reading a file.
    weasyprint = load_weasyprint()
    fetch = asset_fetcher()
    documents = [
        weasyprint.HTML(string=html, base_url=f"{ASSET_SCHEME}:/", url_fetcher=fetch)
        .render(font_config=_font_config())
        for html in htmls
    ]
    pdfs = [write_pdf(d, variant) for d in documents]
    merged = [
        write_pdf(documents[a].copy([p for d in documents[a:b] for p in d.pages]), variant)
        for a, b in groups
    ]
    return Rendered(pdfs, [len(d.pages) for d in documents], merged)
