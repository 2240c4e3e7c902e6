"""Readers benchmark: read + parse time of huadu in each format plancli reads. Run with `make bench`.

huadu.txt is written by real writers as the test suite does (tests/writers.py): a PDF typeset by
reportlab (A4, STSong-Light, running headers, page numbers, ruled tables), a GBK web page with
site chrome, and a Word file by python-docx. Each is read and parsed RUNS times in this process;
the figures are medians, with `python -c pass` and jieba's load measured in the same run to
compare against. It also measures the choices the readers made: pypdfium2 against pdfplumber on
the same PDF, and — when trafilatura and readability-lxml are importable (they are not
dependencies; see below) — the main-content extractors against plancli's web-page reader.

    python bench/bench_readers.py
    # with the extractors, installed aside so the project's environment stays as it is:
    python3.11 -m venv /tmp/extractors && /tmp/extractors/bin/pip install trafilatura readability-lxml
    PYTHONPATH=src:/tmp/extractors/lib/python3.11/site-packages .venv/bin/python bench/bench_readers.py
"""

from __future__ import annotations

import io
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the writers the test suite uses

from plancli.readers import document_from_bytes  # noqa: E402
from plancli.storage.plans import parse_file  # noqa: E402
from tests.test_docx_reader import _word_copy_of  # noqa: E402
from tests.writers import html_copy_of, pdf_copy_of  # noqa: E402

HUADU = ROOT / "data" / "raw" / "huadu.txt"
RUNS = 7
CHROME = ("首页", "当前位置", "分享到", "打印本页", "关闭窗口", "相关链接", "备案号", "浏览次数")


def median_ms(function, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def process_ms(code: str) -> float:
    walls = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls) * 1000


def copies(folder: Path) -> dict[str, Path]:
    text = HUADU.read_text(encoding="utf-8")
    files = {"txt": HUADU, "docx": folder / "huadu.docx", "html": folder / "huadu.html", "pdf": folder / "huadu.pdf"}
    files["docx"].write_bytes(_word_copy_of(text))
    files["html"].write_bytes(html_copy_of(text, encoding="gbk"))
    files["pdf"].write_bytes(pdf_copy_of(text))
    return files


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_libraries(pdf: bytes) -> None:
    import pdfplumber
    import pypdfium2

    def pdfium_text() -> None:
        document = pypdfium2.PdfDocument(pdf)
        for page in document:
            page.get_textpage().get_text_range()
        document.close()

    def plumber(what: str):
        def run() -> None:
            with pdfplumber.open(io.BytesIO(pdf)) as document:
                for page in document.pages:
                    if what in ("text", "both"):
                        page.extract_text()
                    if what in ("tables", "both"):
                        page.find_tables()
        return run

    pages = len(pypdfium2.PdfDocument(pdf))
    print(f"  PDF libraries on the {pages}-page huadu.pdf ({len(pdf) / 1024:.0f} KiB):")
    print(f"    pypdfium2 text of every page:   {median_ms(pdfium_text):7.1f} ms")
    print(f"    pdfplumber text of every page:  {median_ms(plumber('text'), 3):7.1f} ms")
    print(f"    pdfplumber tables of every page:{median_ms(plumber('tables'), 3):7.1f} ms")
    print(f"    pdfplumber text and tables:     {median_ms(plumber('both'), 3):7.1f} ms "
          "(what reading with pdfplumber alone would cost)")


def html_extractors(page: bytes) -> None:
    source = Counter(squeezed(HUADU.read_text(encoding="utf-8")))

    def report(name: str, extract) -> None:
        text = extract()
        held = Counter(squeezed(text))
        missing, extra = sum((source - held).values()), sum((held - source).values())
        chrome = [word for word in CHROME if word in text]
        print(f"    {name:34} {median_ms(extract, 5):6.1f} ms  missing {missing:4} / {sum(source.values())} chars, "
              f"extra {extra:4}, chrome left {len(chrome)}, tables kept as rows: {text.count(chr(9)) > 0}")

    print("  web-page article extraction on huadu.html (GBK, site chrome around the article):")
    report("plancli (lxml, text density)", lambda: document_from_bytes(page, Path("huadu.html")).text)
    html = page.decode("gb18030")
    try:
        import trafilatura
    except ImportError:
        print("    trafilatura: not installed (see the module's docstring to measure it)")
    else:
        report("trafilatura.extract(tables)", lambda: trafilatura.extract(html, include_tables=True) or "")
    try:
        import lxml.html
        from readability import Document
    except ImportError:
        print("    readability-lxml: not installed (see the module's docstring to measure it)")
    else:
        report("readability-lxml summary()", lambda: lxml.html.fromstring(Document(html).summary()).text_content())


def main() -> int:
    import tempfile

    python_ms = process_ms("pass")
    jieba_ms = process_ms("import jieba; jieba.initialize()")
    print(f"python -c pass: {python_ms:.0f} ms; jieba load: {jieba_ms:.0f} ms (whole processes, for scale)")
    with tempfile.TemporaryDirectory() as folder:
        files = copies(Path(folder))
        print("read + parse huadu (median of in-process runs):")
        for name, path in files.items():
            parse_file(path)  # warm: imports, regex caches
            read = median_ms(lambda path=path: document_from_bytes(path.read_bytes(), path))
            both = median_ms(lambda path=path: parse_file(path))
            size = path.stat().st_size / 1024
            print(f"  {name:5} {size:6.0f} KiB   read {read:7.1f} ms   read + parse {both:7.1f} ms   "
                  f"({both / python_ms:.1f}x python -c pass)")
        pdf_libraries(files["pdf"].read_bytes())
        html_extractors(files["html"].read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
