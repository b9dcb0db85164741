"""Checks of a PDF with the real tools (poppler's pdfinfo, qpdf) and pypdf: tagged, titled,
in a language, structurally sound, and which variant (PDF/UA-1 or PDF/A-3b) its XMP claims."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf


def pdf_info(path: Path) -> dict[str, str]:
    """`pdfinfo`'s fields ("Tagged", "Title", "Pages"...)."""
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def qpdf_check(path: Path) -> bool:
    """True when `qpdf --check` finds no error or warning."""
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    return done.returncode == 0


def xmp(path: Path) -> str:
    return pypdf.PdfReader(path).trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def variant(path: Path) -> str:
    """"pdf/a-3b" or "pdf/ua-1", from the XMP metadata (the claim a validator checks)."""
    meta = xmp(path)
    if 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta:
        return "pdf/a-3b"
    if 'pdfuaid:part="1"' in meta:
        return "pdf/ua-1"
    return "?"


def assert_accessible(path: Path, *, title: str | None = None, lang: str = "en-GB",
                      variant_is: str = "pdf/ua-1") -> None:
    """Tagged (a structure tree, pdfinfo says so), titled and shown by title, in `lang`, sound."""
    info = pdf_info(path)
    assert info["Tagged"] == "yes", path
    if title is not None:
        assert info["Title"] == title, (path, info["Title"])
    root = pypdf.PdfReader(path).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == lang, path
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]), path
    assert qpdf_check(path), path
    assert variant(path) == variant_is, path
