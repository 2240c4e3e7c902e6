"""Hostile Word files: every member is read through one guarded path, so a zip bomb, an
encrypted or damaged member, a part that is not the XML it claims, or a duplicated part is one
PlanInputError naming the file and the part — never a traceback, never gigabytes of memory.
Each file is built here, from a small plan written with python-docx."""

from __future__ import annotations

import contextlib
import io
import struct
import warnings
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plancli.errors import PlancliError, PlanInputError
from plancli.parse import parse_document
from plancli.readers.docx import docx_document_from_bytes

_LIST = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '</w:abstractNum>'
)


def _plan_docx(start: str = "1", fmt: str = "chineseCounting", text: str = "%1、") -> bytes:
    """A small plan in Word: a title, two numbered headings (Word's list numbering), a table."""
    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.append(parse_xml(_LIST.format(start=start, fmt=fmt, text=text)))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    word.add_paragraph("某区教育事业发展“十四五”规划")
    for level, title in ((0, "发展基础"), (1, "主要成就"), (0, "主要任务")):
        num_pr = word.add_paragraph(title)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = 90
        word.add_paragraph("全区新增公办学位二万个。")
    table = word.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("指标", "目标值"), ("学前教育毛入园率", "98%")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    stream = io.BytesIO()
    word.save(stream)
    return stream.getvalue()


BASE = _plan_docx()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes] | list[tuple[str, bytes]], compress: dict[str, int] | None = None) -> bytes:
    stream = io.BytesIO()
    items = members.items() if isinstance(members, dict) else members
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate names some tests want
        with zipfile.ZipFile(stream, "w") as archive:
            for name, content in items:
                info = zipfile.ZipInfo(name)
                info.compress_type = (compress or {}).get(name, zipfile.ZIP_DEFLATED)
                archive.writestr(info, content)
    return stream.getvalue()


def _with(part: str, content: bytes, method: int = zipfile.ZIP_DEFLATED, base: bytes = BASE) -> bytes:
    return _zip({**_members(base), part: content}, {part: method})


def _data_offset(data: bytes, part: str) -> int:
    """Where PART's packed bytes start in the zip DATA."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + name_length + extra_length


def _damaged(data: bytes, part: str, at: int = 12) -> bytes:
    """DATA with bytes inside PART's packed data overwritten."""
    damaged = bytearray(data)
    start = _data_offset(data, part) + at
    damaged[start:start + 16] = b"\xa5" * 16
    return bytes(damaged)


def _patched(data: bytes, part: str, field: str, value: int) -> bytes:
    """DATA with FIELD ("size": unpacked size, "flags": general purpose bits) of PART, in its
    local and central headers, set to VALUE."""
    patched = bytearray(data)
    # signature, where the name length is, where the name starts, where the field is, its format
    headers = {"size": [(b"PK\x03\x04", 26, 30, 22, "<I"), (b"PK\x01\x02", 28, 46, 24, "<I")],
               "flags": [(b"PK\x03\x04", 26, 30, 6, "<H"), (b"PK\x01\x02", 28, 46, 8, "<H")]}[field]
    for signature, name_length_at, name_at, field_at, layout in headers:
        start = patched.find(signature)
        while start >= 0:
            (name_length,) = struct.unpack_from("<H", patched, start + name_length_at)
            if patched[start + name_at:start + name_at + name_length] == part.encode():
                struct.pack_into(layout, patched, start + field_at, value)
            start = patched.find(signature, start + 4)
    return bytes(patched)


def _declaring(data: bytes, part: str, size: int) -> bytes:
    return _patched(data, part, "size", size)


def _problem(data: bytes, **options) -> str:
    with pytest.raises(PlanInputError) as err:
        docx_document_from_bytes(data, Path("规划.docx"), **options)
    assert err.value.source == "规划.docx"
    return err.value.problem


def test_the_plan_built_here_reads():
    document = docx_document_from_bytes(BASE, Path("规划.docx"))
    plan = parse_document(document, "x")
    assert [node.title for node in plan.walk()] == ["发展基础", "主要成就", "主要任务"]


ZEROS = b"\0" * (40 << 20)  # 40 MB: a bomb well past the first 8 MB a member may unpack freely


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
def test_a_zip_bomb_is_stopped_by_its_compression_ratio(method: int):
    assert _problem(_with("word/document.xml", ZEROS, method)) == (
        "word/document.xml: a zip bomb: unpacks over 200 times its packed size")


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
def test_a_bomb_that_lies_about_its_size_stops_at_the_declared_size(method: int):
    lying = _declaring(_with("word/document.xml", ZEROS, method), "word/document.xml", 5000)
    assert _problem(lying) == ("word/document.xml: damaged or a zip bomb: unpacks past the 5000 bytes the "
                               "archive declares")


def test_parts_larger_than_max_size_are_refused_before_and_while_unpacking():
    # Refused from the sizes the archive declares, before the part is unpacked.
    assert _problem(BASE, max_size=20_000) == (
        "word/styles.xml: the parts read up to this one would unpack to 349.5 KB: more than the limit of "
        "19.53 KB (raise it with --max-size)")
    # A member declaring less than it holds is stopped by what it unpacks, at the limit.
    lying = _declaring(_with("word/document.xml", b"<" * 300_000, zipfile.ZIP_BZIP2), "word/document.xml", 10)
    assert "unpacks past the 10 bytes" in _problem(lying, max_size=100_000)


def test_max_size_on_the_command_line(tmp_path: Path, run):
    plan = tmp_path / "规划.docx"
    plan.write_bytes(BASE)
    assert run("outline", str(plan)).exit_code == 0
    result = run("outline", str(plan), "--max-size", "8K")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"plancli: error: {plan}: ") and "more than the limit of 8 KB" in result.stderr
    text = tmp_path / "plan.txt"
    text.write_text("一、总体要求\n" * 2000, encoding="utf-8")
    result = run("outline", str(text), "--max-size", "10K")
    assert result.stderr == (f"plancli: error: {text}: 37.11 KB, more than the limit of 10 KB "
                             "(raise it with --max-size)\n")
    bad = run("outline", str(text), "--max-size", "lots")
    assert bad.exit_code == 2 and "'lots' is not a size" in bad.stderr


@pytest.mark.parametrize(("method", "name"), [(zipfile.ZIP_DEFLATED, "deflate"), (zipfile.ZIP_BZIP2, "bzip2"),
                                              (zipfile.ZIP_LZMA, "LZMA")])
def test_damaged_members_name_the_part(method: int, name: str):
    document_xml = _members(BASE)["word/document.xml"]
    damaged = _damaged(_with("word/document.xml", document_xml, method), "word/document.xml")
    problem = _problem(damaged)
    assert problem.startswith("word/document.xml: damaged"), problem


def test_a_damaged_bzip2_member_on_the_command_line_names_file_and_part(tmp_path: Path, run):
    plan = tmp_path / "规划.docx"
    document_xml = _members(BASE)["word/document.xml"]
    plan.write_bytes(_damaged(_with("word/document.xml", document_xml, zipfile.ZIP_BZIP2), "word/document.xml"))
    result = run("outline", str(plan))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"plancli: error: {plan}: word/document.xml: damaged")
    assert "stdout" not in result.stderr


def test_a_checksum_that_does_not_match():
    members = _members(BASE)
    data = bytearray(_zip(members, {"word/document.xml": zipfile.ZIP_STORED}))
    at = _data_offset(bytes(data), "word/document.xml") + 100
    data[at] ^= 0x01  # one bit of stored text changed: only the CRC tells
    assert _problem(bytes(data)) == "word/document.xml: damaged: its checksum (CRC) does not match"


def test_an_encrypted_member():
    encrypted = _patched(BASE, "word/document.xml", "flags", 0x1)
    assert _problem(encrypted) == "word/document.xml: encrypted: save the document without a password"


def test_two_document_parts_are_refused():
    members = list(_members(BASE).items())
    twice = members + [("word/document.xml", _members(_plan_docx(start="5"))["word/document.xml"])]
    assert _problem(_zip(twice)) == ("word/document.xml: two members of this name: refusing to guess which one "
                                     "Word reads")


@pytest.mark.parametrize("part", ["word/numbering.xml", "word/styles.xml"])
def test_a_numbering_or_styles_part_that_is_not_xml(part: str):
    assert _problem(_with(part, b"\x89PNG not xml")).endswith(f"({part}: damaged XML: Start tag expected, '<' not "
                                                              "found, line 1, column 1)")
    members = _members(BASE)
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        f'PartName="/{part}" ContentType="'.encode(), f'PartName="/{part}" ContentType="image/png" X="'.encode())
    assert _problem(_zip(members)) == f"{part}: not a w:{part[5:-4]} XML part (its content type is image/png)"


@pytest.mark.parametrize("start", ["-3", "-2147483648", "99999999999999999999", "0", "abc"])
def test_list_levels_with_odd_starts_read_without_a_numeral_where_word_has_none(start: str):
    document = docx_document_from_bytes(_plan_docx(start=start), Path("规划.docx"))
    titles = [block.text for block in document.blocks if "发展基础" in getattr(block, "text", "")]
    assert len(titles) == 1 and titles[0].endswith("发展基础")


# --- the fuzz: any exception but plancli's own fails ----------------------------------------

_PARTS = sorted(_members(BASE))
_METHODS = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]


@st.composite
def _mutated_docx(draw: st.DrawFn) -> bytes:
    """A plan's .docx after one to three edits: a part replaced or spliced with random bytes,
    repacked by another method, given another content type, its packed bytes or header flags
    damaged, or its list numbering filled with odd values."""
    if draw(st.booleans()):
        start = draw(st.one_of(st.integers(-10**12, 10**12).map(str), st.text("0123456789-+ x一", max_size=5)))
        fmt = draw(st.sampled_from(["decimal", "chineseCounting", "decimalEnclosedCircle", "ideographDigital",
                                    "decimalZero", "bullet", "none", "upperRoman", "decimalFullWidth"]))
        base = _plan_docx(start=start, fmt=fmt, text=draw(st.text(alphabet="%0123456789、（）.", max_size=8)))
    else:
        base = BASE
    members, methods = _members(base), {}
    damage: list[tuple[str, str, int]] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["replace", "splice", "method", "content type", "packed", "flags"]))
        part = draw(st.sampled_from(_PARTS))
        if kind == "replace":
            members[part] = draw(st.binary(max_size=200))
        elif kind == "splice":
            content = members[part]
            at = draw(st.integers(0, len(content)))
            members[part] = content[:at] + draw(st.binary(max_size=20)) + content[at + draw(st.integers(0, 50)):]
        elif kind == "method":
            methods[part] = draw(st.sampled_from(_METHODS))
        elif kind == "content type":
            types = members["[Content_Types].xml"]
            members["[Content_Types].xml"] = types.replace(
                f'PartName="/{part}" ContentType="'.encode(),
                f'PartName="/{part}" ContentType="{draw(st.sampled_from(["image/png", "text/xml", ""]))}" X="'.encode())
        else:
            damage.append((kind, part, draw(st.integers(0, 2**16 - 1))))
    data = _zip(members, methods)
    for kind, part, value in damage:
        if part in members:
            data = _patched(data, part, "flags", value) if kind == "flags" else _damaged(data, part, value % 64)
    return data


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated_docx())
def test_fuzzed_word_files_read_or_fail_with_plancli_errors(data: bytes):
    with contextlib.suppress(PlancliError):  # anything else propagates and fails the test
        parse_document(docx_document_from_bytes(data, Path("fuzz.docx")), "fuzz")

