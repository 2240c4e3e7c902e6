"""The PDF reader, on the real plan typeset by a real writer (reportlab, STSong-Light)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from plancli import parse_file
from plancli.parse.complete import unplaced_text
from plancli.readers import read_document
from tests.conftest import RAW
from tests.writers import pdf_copy_of, plan_shape

HUADU = (RAW / "huadu.txt").read_text(encoding="utf-8")
RUNNING_HEADER = "广州市花都区教育事业发展第十四个五年规划"


@pytest.fixture(scope="module")
def huadu_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "huadu.pdf"
    path.write_bytes(pdf_copy_of(HUADU))
    return path


def test_a_typeset_plan_reads_like_its_text(huadu_pdf: Path, huadu):
    plan = parse_file(huadu_pdf)
    assert plan_shape(plan) == plan_shape(huadu)
    assert plan.heading_counts() == huadu.heading_counts()
    assert [len(t.rows) for t in plan.tables()] == [13, 10, 23]  # the annex table runs over three pages
    assert plan.warnings == [] and plan.source.encoding == "pdf"


def test_running_headers_and_page_numbers_are_debris(huadu_pdf: Path):
    document = read_document(huadu_pdf)
    debris = [hit.text for hit in document.debris]
    pages = debris.count(RUNNING_HEADER)
    assert pages > 10 and [f"- {n} -" for n in range(1, pages + 1)] == [t for t in debris if t.startswith("- ")]
    # The cover's title, the same words as the running header, stays the title.
    assert document.blocks[0].text == RUNNING_HEADER
    plan = parse_file(huadu_pdf)
    assert unplaced_text(document, plan) == ({}, {})


def test_a_scanned_pdf_without_text_is_refused(run, tmp_path: Path):
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.rect(100, 100, 300, 500, fill=1)  # the page's "scan"
    page.showPage()
    page.save()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(out.getvalue())
    result = run("outline", str(scan))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"plancli: error: {scan}: no text layer (scanned?): plancli reads a PDF's text, not its images"


def test_a_damaged_pdf_is_one_clear_line(run, tmp_path: Path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf")
    result = run("outline", str(bad))
    assert result.exit_code == 2 and result.stderr.startswith(f"plancli: error: {bad}: not a readable PDF file")
    assert "Traceback" not in result.output
