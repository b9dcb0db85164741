"""Every script drawn with a real glyph, and accessible (tagged) PDFs.

Real fonts and real tools: fontconfig (`fc-list`), WeasyPrint, poppler's `pdfinfo`,
`pdffonts` and `pdftotext`, and `qpdf --check` (.ci/run installs them with the Noto fonts).
The "no Noto fonts" case runs dsar in a child process whose FONTCONFIG_FILE lists only the
DejaVu folder, so fontconfig (and so Pango) sees no other font.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from dsar.compose import compose
from dsar.glyphs import Coverage, installed_coverage, parse_charsets, script_of, warnings_for
from dsar.render import to_pdf
from tests.cli_runner import run_cli
from tests.letters_fixtures import ON, directory, variant

TIGRINYA = "ክብሮም ተስፋይ"  # Kibrom Tesfay, in Ge'ez script
ARABIC = "محمد عبد الله"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

PROFILE = f"""
[requester]
full_name = "{TIGRINYA}"
other_names = ["Kibrom Tesfay", "{ARABIC}"]
date_of_birth = 1992-07-14
address = ["Flat 2, 5 Example Street", "Exampletown"]
postcode = "ZZ1 1ZZ"

[circumstances]
immigration = true
"""


def _tool(*argv: str) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


def _pdf(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    return path


def _letter(name: str = TIGRINYA, other: str = ARABIC):  # type: ignore[no-untyped-def]
    profile = variant(requester={"full_name": name, "other_names": [other]})
    return compose(profile, directory().get("home-office"), "access", ON)


def test_parse_charsets_reads_fontconfig_ranges() -> None:
    chars = parse_charsets("20-22 a0\n600-602 1200\n")
    assert chars == frozenset({0x20, 0x21, 0x22, 0xA0, 0x600, 0x601, 0x602, 0x1200})


def test_scripts_are_named_as_people_name_them() -> None:
    assert script_of("ክ") == "Ethiopic"
    assert script_of("م") == "Arabic"
    assert script_of("中") == "CJK"
    assert script_of("😀") == "emoji"
    assert script_of("ä") == "Latin"


def test_installed_fonts_draw_tigrinya_arabic_and_the_ten_summary_languages() -> None:
    """Noto fonts are a system need (docs/development.md): with them, nothing is missing."""
    coverage = installed_coverage()
    assert coverage.chars is not None, coverage.why
    samples = [TIGRINYA, ARABIC, "پښتو", "کوردی ڕێ ڵ", "اردو ے", "فارسی", "Łódź", "Ştefan Țară",
               "Nguyễn Thị Hương", "Shqipëri ç"]
    assert warnings_for(samples, coverage) == []


def test_a_missing_script_is_named_with_the_package_to_install() -> None:
    latin_only = Coverage(frozenset(range(0x20, 0x250)))
    found = warnings_for([f"Dear {TIGRINYA} and {ARABIC}"], latin_only)
    assert len(found) == 2
    assert "Ethiopic script" in found[0] and "fonts-noto-core" in found[0]
    assert "Arabic script" in found[1]
    assert "ክ" in found[0]
    assert warnings_for(["中文"], latin_only)[0].count("fonts-noto-cjk") == 1
    assert warnings_for(["Plain Latin, é ü"], latin_only) == []


def test_without_fontconfig_only_non_latin_text_gets_a_look_at_the_pdf_warning() -> None:
    unknown = Coverage(None, "fontconfig's fc-list was not found")
    assert warnings_for(["Jane Doe, Łódź"], unknown) == []
    [message] = warnings_for([TIGRINYA], unknown)
    assert "fc-list was not found" in message and "empty boxes" in message


@pytest.mark.skipif(not DEJAVU.is_dir(), reason="needs the DejaVu fonts folder")
def test_generate_without_noto_warns_names_the_script_and_still_writes(tmp_path: Path) -> None:
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig>'
                    f"<dir>{DEJAVU}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    profile = tmp_path / "p.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "DSAR_DB": str(tmp_path / "t.sqlite")}
    done = subprocess.run([sys.executable, "-m", "dsar", "generate", str(profile), "--to", "home-office",
                           "--format", "pdf", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Warning:")]
    ethiopic = [w for w in warnings if "Ethiopic script" in w]
    assert len(ethiopic) == 1 and "sudo apt install fonts-noto-core" in ethiopic[0]
    assert "Traceback" not in done.stderr
    assert list((tmp_path / "out").rglob("*.pdf"))


def test_tigrinya_and_arabic_names_are_drawn_with_noto_glyphs(tmp_path: Path) -> None:
    path = _pdf(tmp_path, to_pdf(_letter()))
    fonts = _tool("pdffonts", str(path))
    assert "Noto-Sans-Ethiopic" in fonts
    text = _tool("pdftotext", "-layout", str(path), "-")
    assert "ክብሮም" in text and "ተስፋይ" in text
    assert "Warning" not in " ".join(_letter().warnings)


def test_letters_are_tagged_pdf_ua_with_title_and_language(tmp_path: Path) -> None:
    letter = _letter()
    path = _pdf(tmp_path, to_pdf(letter))
    info = _tool("pdfinfo", str(path))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Subject access request: " + re.escape(TIGRINYA), info, re.M)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part=\"1\"" in root["/Metadata"].get_object().get_data()


def test_pdf_a_3b_variant_is_archival_and_still_tagged(tmp_path: Path) -> None:
    path = _pdf(tmp_path, to_pdf(_letter(), "pdf/a-3b"))
    assert re.search(r"^Tagged:\s+yes$", _tool("pdfinfo", str(path)), re.M)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=False).returncode == 0
    xmp = pypdf.PdfReader(path).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp


def test_generate_pdf_variant_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    code, _, err = run_cli(capsys, "generate", str(profile), "--to", "home-office", "--format", "pdf",
                           "--out", str(tmp_path / "out"), "--pdf-variant", "pdf/a-3b")
    assert code == 0, err
    [pdf] = (tmp_path / "out").rglob("*.pdf")
    assert b'pdfaid:part="3"' in pypdf.PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data()
    code, _, err = run_cli(capsys, "generate", str(profile), "--to", "home-office",
                           "--out", str(tmp_path / "out2"), "--pdf-variant", "pdf/x-4")
    assert code == 1
    assert err.strip().splitlines() == [
        'Error: unknown PDF variant "pdf/x-4"; use one of: pdf/ua-1, pdf/a-3b']
    assert not (tmp_path / "out2").exists()


def test_new_takes_the_pdf_variant_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.pdf_checks import assert_accessible

    profile = tmp_path / "p.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    code, _, err = run_cli(capsys, "new", "--profile", str(profile), "--to", "home-office", "--kind", "access",
                           "--yes", "--out", str(tmp_path / "out"), "--pdf-variant", "pdf/a-3b")
    assert code == 0, err
    pdfs = sorted((tmp_path / "out").rglob("*.pdf"))
    assert pdfs and all(p.stat().st_size for p in pdfs)
    for pdf in pdfs:
        assert_accessible(pdf, variant_is="pdf/a-3b")
    code, out, err = run_cli(capsys, "new", "--profile", str(profile), "--to", "home-office", "--kind", "access",
                             "--yes", "--out", str(tmp_path / "out2"), "--pdf-variant", "PDF/A-3B")
    assert (code, out) == (1, "") and err.splitlines() == [
        'Error: unknown PDF variant "PDF/A-3B"; use one of: pdf/ua-1, pdf/a-3b']
    assert not (tmp_path / "out2").exists()
