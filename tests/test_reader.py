"""The plain-text reader: strict decoding, debris, flattened tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from plancli.errors import PlanInputError
from plancli.readers import read_document
from plancli.readers.blocks import TableBlock, TextBlock
from plancli.readers.decode import _IMPLAUSIBLE, decode_bytes
from plancli.readers.plaintext import PAGE_NUMBER_LINE, mend_rows, text_to_document
from tests.conftest import RAW

SAMPLE = "一、总体要求\n（一）指导思想\n坚持以人民为中心，到2025年达到95%以上。\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes a BOM
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),  # GBK text decodes identically as GB18030
        ("gb2312", "gb18030"),
    ],
)
def test_detects_encoding(encoding: str, expected: str):
    text, used = decode_bytes(SAMPLE.encode(encoding), "plan.txt")
    assert text == SAMPLE
    assert used == expected


def test_short_gb18030_that_is_also_valid_utf8():
    # "些" in GB18030 is D0 A9, which UTF-8 reads as "Щ".
    assert decode_bytes("些".encode("gb18030"), "x.txt") == ("些", "gb18030")


def test_utf16_big_endian_with_bom():
    data = b"\xfe\xff" + SAMPLE.encode("utf-16-be")
    assert decode_bytes(data, "plan.txt") == (SAMPLE, "utf-16")


def test_encoding_override():
    data = SAMPLE.encode("big5", errors="ignore")
    text, used = decode_bytes(data, "plan.txt", encoding="big5")
    assert used == "big5" and "總體" not in text and text


def test_invalid_bytes_name_the_offset():
    data = "一、总体要求\n".encode() + b"\xff\xfe\xfa" + "更多文字".encode()
    with pytest.raises(PlanInputError) as err:
        decode_bytes(data, "bad.txt")
    assert err.value.source == "bad.txt"
    assert "offset 19" in err.value.problem and "0xff" in err.value.problem


def test_override_that_does_not_fit_is_an_error():
    with pytest.raises(PlanInputError, match="invalid gbk byte"):
        decode_bytes("总体".encode() + b"\xff", "x.txt", encoding="gbk")


def test_unknown_encoding():
    with pytest.raises(PlanInputError, match="unknown text encoding 'klingon'"):
        decode_bytes(b"abc", "x.txt", encoding="klingon")
    with pytest.raises(PlanInputError, match="unknown text encoding 'rot13'"):
        decode_bytes(b"abc", "x.txt", encoding="rot13")
    with pytest.raises(PlanInputError, match="cannot decode with 'undefined'"):
        decode_bytes(b"abc", "x.txt", encoding="undefined")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "file is empty"),
        (b"  \n\t\n\r\n", "only blank lines"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("正文".encode() + b"\x01\x02\x03", "binary data"),
    ],
)
def test_refuses_non_text(tmp_path: Path, data: bytes, problem: str):
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    with pytest.raises(PlanInputError, match=problem) as err:
        read_document(path)
    assert err.value.source.endswith("plan.txt")


def test_missing_file(tmp_path: Path):
    with pytest.raises(PlanInputError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_newlines_and_debris():
    doc = text_to_document("标题\r\n[bookmark: _GoBack]一、总体要求\r（一）目标错误!未定义书签。\n", name="x")
    assert [b.text for b in doc.blocks] == ["标题", "一、总体要求", "（一）目标"]
    assert [b.line for b in doc.blocks] == [1, 2, 3]
    assert [(d.line, d.text) for d in doc.debris] == [(2, "[bookmark: _GoBack]"), (3, "错误!未定义书签。")]


def test_pdf_page_numbers_are_debris_but_table_numbers_are_not():
    doc = text_to_document("一、总体\n第一段\n- 12 -\n第二段\n  3\n第3页 共20页\n\t序号\n\t1\n", name="x")
    assert [b.text for b in doc.blocks if isinstance(b, TextBlock)] == ["一、总体", "第一段", "第二段"]
    assert [(d.line, d.text) for d in doc.debris] == [(3, "- 12 -"), (5, "3"), (6, "第3页 共20页")]
    assert doc.blocks[-1].rows == (("序号", "1"),)


def test_flattened_table_with_wrapped_header_and_split_row():
    text = (
        "主要指标\n"
        "\t序号\n\t项目\n\t建设\n类型\n\n"
        "\t1\n\t甲校\n\n\t新建\n\n"  # a stray blank line split this row
        "\t2\n\t乙校\n\t改扩建\n\n\n"
        "二、下一节\n"
    )
    doc = text_to_document(text, name="x")
    caption, table, after = doc.blocks
    assert isinstance(caption, TextBlock) and isinstance(after, TextBlock)
    assert isinstance(table, TableBlock)
    assert table.rows == (("序号", "项目", "建设\n类型"), ("1", "甲校", "新建"), ("2", "乙校", "改扩建"))
    assert table.row_lines == (2, 7, 12)
    assert (table.start_line, table.end_line) == (2, 14)
    assert after.text == "二、下一节" and after.line == 17


def test_mend_rows_leaves_what_it_cannot_complete():
    rows = [["a", "b", "c"], ["1"], ["2", "3", "4"]]
    assert mend_rows(rows, [1, 2, 3]) == (rows, [1, 2, 3])


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_TEXT = st.text(alphabet=st.one_of(_CJK, st.sampled_from("，。、：；（）“”0123456789 \n%")), min_size=1)


@given(text=_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
@settings(max_examples=300)
def test_roundtrip_any_chinese_text(text: str, encoding: str):
    data = text.encode(encoding)
    if encoding == "gb18030":
        # Bytes that are valid in both encodings and read as Chinese either way are ambiguous
        # by nature; real plans are far too long to be valid UTF-8 by accident.
        try:
            as_utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            as_utf8 = None
        assume(as_utf8 is None or not as_utf8.isascii() and _IMPLAUSIBLE.search(as_utf8))
    assert decode_bytes(data, "x.txt")[0] == text


@given(data=st.binary(max_size=200))
@settings(max_examples=300)
def test_any_bytes_decode_or_fail_cleanly(data: bytes):
    try:
        text, _ = decode_bytes(data, "x.txt")
    except PlanInputError as err:
        assert err.source == "x.txt" and err.problem
    else:
        assert isinstance(text, str)


@given(text=_TEXT)
@settings(max_examples=200)
def test_blocks_keep_every_non_blank_line(text: str):
    if not text.strip():
        return
    doc = text_to_document(text, name="x")
    kept = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    lines = text.replace("\r", "\n").split("\n")
    assert kept == [line for line in lines if line.strip() and not PAGE_NUMBER_LINE.match(line)]


def _as_web_copy(text: str) -> str:
    """The text as a web page copies it: each cell on a line of its own, no TAB."""
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and lines[-1].startswith("\t") and line.strip() and not line.startswith("\t"):
            lines[-1] += line  # a wrapped header cell ("建设\n类型") is one cell on the web
        else:
            lines.append(line)
    return "\n".join(line.lstrip("\t") for line in lines)


def test_untabbed_web_tables_read_like_tabbed_ones():
    from plancli import parse_document
    from plancli.extract.indicators import all_indicators
    from plancli.extract.projects import summarize_projects

    web = _as_web_copy((RAW / "huadu.txt").read_text(encoding="utf-8"))
    assert "\t" not in web
    plan = parse_document(text_to_document(web, name="huadu-web.txt"), "huadu-web")
    assert [(len(t.rows), t.column_count, t.kind) for t in plan.tables()] == [
        (13, 4, "indicators"), (10, 3, "key_projects"), (23, 9, "construction_projects")]
    assert plan.heading_counts() == {1: 6, 2: 33, 3: 73, 4: 30}
    assert all_indicators(plan)[12].target.value == 35000
    assert summarize_projects(plan).investment == 268175
    assert plan.debris == []  # the running numbers 1, 2, 3 … are cells, not page numbers


def test_untabbed_table_needs_running_numbers():
    text = "指标表\n序号\n指标\n2025年\n1\n入园率\n95%\n3\n巩固率\n96%\n二、任务\n"
    doc = text_to_document(text, name="x")
    table = next(b for b in doc.blocks if isinstance(b, TableBlock))
    assert table.rows == (("序号", "指标", "2025年"), ("1", "入园率", "95%"))
    assert [b.text for b in doc.blocks if isinstance(b, TextBlock)] == ["指标表", "巩固率", "96%", "二、任务"]
    assert [d.text for d in doc.debris] == ["3"]  # after the table, a bare number is a page number


def test_number_continuing_a_tab_cell_is_not_a_page_number():
    text = "\t指标\n\t2020年\n\t2025年\n\n\t本科比例\n其中：研究生比例\n\t99.1\n78.2\n\t100\n90\n\n二、任务\n"
    doc = text_to_document(text, name="x")
    table = doc.blocks[0]
    assert table.rows[1] == ("本科比例\n其中：研究生比例", "99.1\n78.2", "100\n90")
    assert doc.debris == []


def test_untabbed_table_with_category_rows():
    text = ("主要指标\n序号\n指标\n2020年\n2025年\n属性\n一、普及水平\n1\n学前教育毛入园率(%)\n96\n97\n预期性\n"
            "二、质量水平\n2\n义务教育巩固率(%)\n90\n92\n约束性\n二、主要任务\n")
    doc = text_to_document(text, name="x")
    table = next(b for b in doc.blocks if isinstance(b, TableBlock))
    assert table.rows == (
        ("序号", "指标", "2020年", "2025年", "属性"),
        ("一、普及水平", "", "", "", ""),
        ("1", "学前教育毛入园率(%)", "96", "97", "预期性"),
        ("二、质量水平", "", "", "", ""),
        ("2", "义务教育巩固率(%)", "90", "92", "约束性"),
    )
    assert [b.text for b in doc.blocks if isinstance(b, TextBlock)] == ["主要指标", "二、主要任务"]
    assert doc.debris == []


def test_a_row_of_empty_cells_stays_in_its_table():
    text = "\t指标\n\t2025年\n\n\t入园率\n\t95%\n\n\t\n\t\n\n\t巩固率\n\t96%\n\n\n二、任务\n"
    doc = text_to_document(text, name="x")
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert len(tables) == 1
    assert tables[0].rows == (("指标", "2025年"), ("入园率", "95%"), ("", ""), ("巩固率", "96%"))


def test_big5_is_not_read_as_gb18030():
    text = "第一章 總體要求\n一、發展基礎\n（一）主要成就。全區學前教育毛入園率達到98%，義務教育鞏固率保持在100%。\n"
    data = text.encode("big5")
    assert data.decode("gb18030")  # valid GB18030 too, but as nonsense
    assert decode_bytes(data, "x.txt") == (text, "big5")
    simplified = "一、发展基础\n（一）主要成就。全区学前教育毛入园率达到98%。\n"
    assert decode_bytes(simplified.encode("gb18030"), "x.txt") == (simplified, "gb18030")


def test_utf32_with_bom_and_a_hint_for_utf16_without():
    assert decode_bytes(SAMPLE.encode("utf-32"), "x.txt") == (SAMPLE, "utf-32")
    with pytest.raises(PlanInputError, match="try --encoding utf-16-le"):
        decode_bytes(SAMPLE.encode("utf-16-le"), "x.txt")
