"""Options shared by several commands, defined once so their names and help agree."""

from __future__ import annotations

from typing import Annotated

import typer

from dsar.render import DEFAULT_PDF_VARIANT, PDF_VARIANTS

__all__ = ["DEFAULT_PDF_VARIANT", "PdfVariantOpt"]

# `generate`, `new`, `batch`, `chase`, `complain` and `track export`; each command checks the
# value with dsar.render.check_pdf_variant (one `Error:` line naming the variants)
PdfVariantOpt = Annotated[str, typer.Option(
    "--pdf-variant", metavar="VARIANT", help=f"{PDF_VARIANTS[0]} (tagged for screen readers) or "
    f"{PDF_VARIANTS[1]} (for archiving, also tagged).")]
