"""`dsar batch` PDFs are tagged like a single letter's (issue 14 item 5), in the variant asked for,
and the summary sheets in the client's language are listed in the manifest.

Real PDFs checked with the real tools (pdfinfo, qpdf) through tests.pdf_checks.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from dsar.files import person_folder_name
from tests.batch_fixtures import HEADINGS, ORG_TOML, client, write_csv, write_org
from tests.cli_runner import run_cli
from tests.pdf_checks import assert_accessible

DAY = "2026-11-26"
PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
ACCESS_TITLE = "Subject access request: {name}, born 12 April 1990"


def _batch(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str) -> Path:
    (tmp_path / "logo.png").write_bytes(base64.b64decode(PNG_1X1))
    org = write_org(tmp_path, 'logo = "logo.png"\n' + ORG_TOML)
    rows = [[*client("CL-1", name="Amal Example", orgs="home-office;moj", kinds="access;erasure"), "ar"],
            [*client("CL-2", name="Bob Example", orgs="hmpps", prison="A1234BC"), ""]]
    clients = write_csv(tmp_path / "clients.csv", rows, headings=[*HEADINGS, "Language"])
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "batch", str(clients), "--org", str(org), "--out", str(out),
                           "--format", "pdf", "--format", "html", "--merge", *extra)
    assert code == 0, err
    return out


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3b"])
def test_every_batch_pdf_is_tagged_titled_and_in_its_language(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, variant: str) -> None:
    extra = ("--jobs", "2") if variant == "pdf/ua-1" else ("--jobs", "1", "--pdf-variant", variant)
    out = _batch(capsys, tmp_path, *extra)
    amal = out / person_folder_name("Amal Example", reference="CL-1")
    bob = out / person_folder_name("Bob Example", reference="CL-2")
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 2 + 2 + 5 + 2 + 1  # cover sheets, authorities, letters, print-alls, one summary
    for pdf in pdfs:
        if "summary" in pdf.name:
            assert_accessible(pdf, lang="ar", variant_is=variant)
        else:
            assert_accessible(pdf, variant_is=variant)
    assert_accessible(amal / f"{DAY}-home-office-access.pdf", title=ACCESS_TITLE.format(name="Amal Example"),
                      variant_is=variant)
    assert_accessible(bob / f"{DAY}-hmpps-access.pdf", title=ACCESS_TITLE.format(name="Bob Example"),
                      variant_is=variant)
    assert_accessible(amal / f"{DAY}-letter-of-authority.pdf",
                      title="Letter of authority: Amal Example, born 12 April 1990", variant_is=variant)
    # the structure says what the page shows: headings, paragraphs; the logo is a figure with
    # the organisation's name as its text, and the HTML letter names it too
    letter = PdfReader(amal / f"{DAY}-home-office-access.pdf")
    kinds: list[str] = []
    alts: list[str] = []

    def walk(element: object) -> None:
        node = element.get_object()  # type: ignore[attr-defined]
        if isinstance(node, dict) and "/S" in node:
            kinds.append(str(node["/S"]))
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            for kid in node.get("/K", []):
                walk(kid)

    walk(letter.trailer["/Root"]["/StructTreeRoot"]["/K"][0])
    assert {"/Document", "/H2", "/P", "/L", "/LI"} <= set(kinds), sorted(set(kinds))
    assert "/Figure" in kinds and alts == ["Example Law Centre"]
    assert 'alt="Example Law Centre"' in (amal / f"{DAY}-home-office-access.html").read_text(encoding="utf-8")
    # print-all is every document's pages, tagged too
    merged = PdfReader(amal / f"{DAY}-print-all.pdf")
    parts = ("cover-sheet", "letter-of-authority", "home-office-access", "home-office-erasure",
             "moj-access", "moj-erasure")
    assert len(merged.pages) == sum(len(PdfReader(amal / f"{DAY}-{p}.pdf").pages) for p in parts)


def test_summary_sheets_are_in_the_manifest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = _batch(capsys, tmp_path, "--jobs", "1")
    amal = person_folder_name("Amal Example", reference="CL-1")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    by_ref = {c["client_reference"]: c for c in manifest["clients"]}
    sheets = [d for d in by_ref["CL-1"]["documents"] if d["document"] == "summary"]
    assert sheets == [{"document": "summary", "organisation": None, "kind": None,
                       "files": {"pdf": f"{amal}/{DAY}-summary-ar.pdf", "html": f"{amal}/{DAY}-summary-ar.html"},
                       "tracker_ref": None, "how_to_send": None, "warnings": [], "language": "ar"}]
    assert not [d for d in by_ref["CL-2"]["documents"] if d["document"] == "summary"]
    for path in sheets[0]["files"].values():
        assert (out / path).is_file()
    rows = list(csv.DictReader(io.StringIO((out / "manifest.csv").read_text(encoding="utf-8-sig"))))
    assert sorted((r["format"], r["file"]) for r in rows if r["document"] == "summary") == [
        ("html", f"{amal}/{DAY}-summary-ar.html"), ("pdf", f"{amal}/{DAY}-summary-ar.pdf")]
    # every file the batch wrote is listed (the summary too), and still listed after a re-run
    listed = {p for c in manifest["clients"] for d in c["documents"] for p in d["files"].values()}
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and ".dsar-batch" not in p.parts
               and p.name not in (".dsar-person", "manifest.csv", "manifest.json")
               and not p.name.startswith("adviser-checklist-")}
    assert listed == written
    code, _, err = run_cli(capsys, "batch", str(tmp_path / "clients.csv"), "--org", str(tmp_path / "org.toml"),
                           "--out", str(out), "--format", "pdf", "--format", "html", "--merge", "--jobs", "1")
    assert code == 0, err
    again = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [d for c in again["clients"] for d in c["documents"] if d["document"] == "summary"] == sheets


def test_an_unknown_variant_is_one_error_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clients = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    code, out, err = run_cli(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)),
                             "--out", str(tmp_path / "out"), "--pdf-variant", "pdf/a-1b")
    assert (code, out) == (1, "")
    assert err.splitlines() == ['Error: unknown PDF variant "pdf/a-1b"; use one of: pdf/ua-1, pdf/a-3b']
    assert not (tmp_path / "out").exists()
