"""Options shared by several commands, defined once so their names and help agree."""

from __future__ import annotations

from typing import Annotated

import typer

# dsar.render.PDF_VARIANTS; checked with dsar.render.check_pdf_variant (one `Error:` line)
PdfVariantOpt = Annotated[str, typer.Option(
    "--pdf-variant", metavar="VARIANT", help="pdf/ua-1 (tagged for screen readers) or pdf/a-3b "
    "(for archiving, also tagged).")]
DEFAULT_PDF_VARIANT = "pdf/ua-1"  # the same as dsar.render.DEFAULT_PDF_VARIANT (a test checks)
