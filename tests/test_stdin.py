"""The plan argument "-": standard input, in any format plancli reads, never cached."""

from __future__ import annotations

import json
from pathlib import Path

from plancli.readers import suffix_for
from tests.conftest import RAW
from tests.writers import published

HUADU = (RAW / "huadu.txt").read_text(encoding="utf-8")


def test_text_on_stdin_reads_like_the_file(run, data_dir: Path):
    piped = run("outline", "-", "--depth", "1", input=HUADU.encode("gb18030"))
    assert piped.exit_code == 0
    from_file = run("outline", "huadu", "--depth", "1")
    assert piped.output == from_file.output.replace("huadu:", "stdin:", 1)
    assert not (data_dir / "parsed" / "stdin.json").exists()
    assert json.loads(run("outline", "-", "-f", "json", input=HUADU.encode()).output)["id"] == "stdin"


def test_encoding_option_applies_to_stdin(run):
    data = "某縣教育發展規劃\n一、總體要求\n".encode("big5")
    result = run("outline", "-", "--encoding", "big5", input=data)
    assert result.exit_code == 0 and "總體要求" in result.output


def test_stdin_of_every_format(run):
    for data in (published("huadu", "pdf"), published("huadu", "html")):
        result = run("indicators", "-", "-f", "csv", input=data)
        assert result.exit_code == 0
        assert result.output == run("indicators", "huadu", "-f", "csv").output


def test_the_type_of_nameless_bytes():
    assert suffix_for(b"%PDF-1.7\n") == ".pdf"
    assert suffix_for(b"PK\x03\x04rest") == ".docx"
    assert suffix_for(b"\xef\xbb\xbf<!DOCTYPE html><html>") == ".html"
    assert suffix_for(b"  <html lang='zh'>") == ".html"
    assert suffix_for("一、总体要求\n<p>不是网页</p>".encode()) == ""


def test_empty_stdin_is_one_clear_line(run):
    result = run("outline", "-", input=b"")
    assert result.exit_code == 2
    assert result.stderr.strip() == "plancli: error: <stdin>: file is empty"


def test_parse_of_stdin_needs_an_out_folder(run, data_dir: Path, tmp_path: Path):
    refused = run("parse", "-", input=HUADU.encode())
    assert refused.exit_code == 2
    assert refused.stderr.strip() == ("plancli: error: <stdin>: a plan read from standard input is not kept in "
                                      "data/parsed: name a folder for it with --out")
    assert not (data_dir / "parsed").exists()
    written = run("parse", "-", "--out", str(tmp_path / "out"), "--no-tokens", input=HUADU.encode())
    assert written.exit_code == 0
    assert json.loads((tmp_path / "out" / "stdin.json").read_text(encoding="utf-8"))["id"] == "stdin"
