"""The Word reader: .docx files, built here with python-docx, read into the same block stream."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import given, settings
from hypothesis import strategies as st

from plancli.errors import PlanInputError
from plancli.parse import parse_document
from plancli.readers import document_from_bytes, read_document
from plancli.readers.blocks import Document, TableBlock, TextBlock
from plancli.readers.docx import _format_number, _Level, _render_numeral, docx_document_from_bytes
from plancli.readers.plaintext import text_to_document

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def docx_bytes(word: docx.document.Document) -> bytes:
    stream = io.BytesIO()
    word.save(stream)
    return stream.getvalue()


def read(word: docx.document.Document) -> Document:
    return docx_document_from_bytes(docx_bytes(word), Path("plan.docx"))


def texts(document: Document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, TextBlock)]


def add_table(word: docx.document.Document, rows: list[list[str]]) -> docx.table.Table:
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    return table


# --- blocks and the text rendering ------------------------------------------------------------


def test_paragraphs_and_tables_in_document_order_with_lines_into_the_rendering():
    word = docx.Document()
    word.add_paragraph("标题")
    word.add_paragraph("")
    add_table(word, [["序号", "项目"], ["1", "甲校"]])
    word.add_paragraph("二、下一节")
    document = read(word)
    title, table, after = document.blocks
    assert title == TextBlock(text="标题", line=1)
    assert table == TableBlock(rows=(("序号", "项目"), ("1", "甲校")), row_lines=(3, 6),
                               start_line=3, end_line=7)
    assert after == TextBlock(text="二、下一节", line=9)
    assert document.text == "标题\n\n\t序号\n\t项目\n\n\t1\n\t甲校\n\n二、下一节\n"
    assert document.encoding == "docx" and document.name == "plan.docx"
    # The rendering is what the plain-text reader reads back into the same blocks.
    assert text_to_document(document.text, name="x").blocks == document.blocks


def test_sha256_is_of_the_docx_bytes():
    word = docx.Document()
    word.add_paragraph("一、总体要求")
    data = docx_bytes(word)
    assert docx_document_from_bytes(data, Path("x.docx")).sha256 == hashlib.sha256(data).hexdigest()


def test_text_kept_exactly_and_line_breaks_start_new_lines():
    word = docx.Document()
    word.add_paragraph("\u3000\u3000坚持以人民为中心，到2025年达到95%以上。 ")
    title = word.add_paragraph("清远市清城区教育发展“十四五”")
    title.add_run().add_break()
    title.add_run("规划（2021-2025）")
    document = read(word)
    assert document.blocks == [
        TextBlock(text="\u3000\u3000坚持以人民为中心，到2025年达到95%以上。 ", line=1),
        TextBlock(text="清远市清城区教育发展“十四五”", line=2),
        TextBlock(text="规划（2021-2025）", line=3),
    ]


def test_merged_cells_appear_once_and_vertical_continuations_are_empty():
    word = docx.Document()
    table = add_table(word, [["指标", "2020年", "2025年"], ["学位", "100", "120"], ["学校", "3", "5"]])
    table.cell(0, 1).merge(table.cell(0, 2))  # one header cell over two columns
    table.cell(1, 0).merge(table.cell(2, 0))  # one cell down two rows
    (block,) = read(word).blocks
    assert block.rows == (("指标", "2020年\n2025年"), ("学位\n学校", "100", "120"), ("", "3", "5"))


def test_debris_removed_and_recorded_in_paragraphs_and_cells():
    word = docx.Document()
    word.add_paragraph("[bookmark: _GoBack]一、总体要求")
    add_table(word, [["见表错误!未定义书签。"]])
    document = read(word)
    assert texts(document) == ["一、总体要求"]
    assert document.blocks[1].rows == (("见表",),)
    assert [(d.line, d.text) for d in document.debris] == [(1, "[bookmark: _GoBack]"), (2, "错误!未定义书签。")]
    assert document.text.startswith("[bookmark: _GoBack]一、总体要求\n")  # the rendering keeps it


def _body_xml(word: docx.document.Document, xml: str) -> None:
    """Append raw body content (what python-docx has no API for) before the section properties."""
    word.element.body.insert(len(word.element.body) - 1, parse_xml(xml))


def test_tracked_changes_accepted_and_content_controls_read():
    word = docx.Document()
    _body_xml(word, f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>目录</w:t></w:r></w:p>'
                    f'</w:sdtContent></w:sdt>')
    _body_xml(word, f'<w:p {nsdecls("w")}><w:r><w:t>一、</w:t></w:r>'
                    f'<w:del w:id="1" w:author="a"><w:r><w:delText>旧的</w:delText></w:r></w:del>'
                    f'<w:ins w:id="2" w:author="a"><w:r><w:t>总体要求</w:t></w:r></w:ins></w:p>')
    assert texts(read(word)) == ["目录", "一、总体要求"]


# --- Word's automatic numbering -------------------------------------------------------------


def test_list_number_style_gets_its_numerals():
    word = docx.Document()
    word.add_paragraph("某区教育发展规划")
    word.add_paragraph("一、主要任务")
    word.add_paragraph("加强学位供给。新建学校10所。", style="List Number")
    word.add_paragraph("提升教师队伍", style="List Number")
    document = read(word)
    assert texts(document)[2:] == ["1.加强学位供给。新建学校10所。", "2.提升教师队伍"]
    plan = parse_document(document, "x")
    assert [(n.path, n.title) for n in plan.walk()] == [("一", "主要任务"), ("一.1", "加强学位供给"),
                                                         ("一.2", "提升教师队伍")]


_CHINESE_LIST = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>'
    '<w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/></w:lvl>'
    '<w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%5)"/></w:lvl>'
    '<w:lvl w:ilvl="5"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
    '</w:abstractNum>'
)


def _with_chinese_list(word: docx.document.Document) -> None:
    """Define list 90 (一、/（一）/1./①/i)/bullet) and link "Heading 1" to its first level."""
    numbering = word.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(parse_xml(_CHINESE_LIST))  # abstract lists come first
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
                               '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>'))
    heading = word.styles["Heading 1"].element
    heading.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 90


def _numbered(word: docx.document.Document, text: str, level: int, num_id: int = 90) -> None:
    num_pr = word.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def test_chinese_multilevel_numbering_restarts_lower_levels():
    word = docx.Document()
    _with_chinese_list(word)
    word.add_paragraph("某区教育发展规划")
    word.add_heading("发展基础", level=1)  # numbered through its style
    _numbered(word, "主要成就", 1)
    _numbered(word, "学位供给", 2)
    _numbered(word, "新建学校", 3)
    _numbered(word, "改扩建", 3)
    _numbered(word, "存在问题", 1)
    _numbered(word, "学位紧张", 2)
    word.add_heading("主要任务", level=1)
    _numbered(word, "细目", 4)  # Roman numerals: no numeral, text kept
    _numbered(word, "要点", 5)  # bullets get no numeral
    _numbered(word, "第十项", 0, num_id=91)  # a second instance starting at 10
    word.add_paragraph("未编号", style="Heading 2")
    document = read(word)
    assert texts(document) == [
        "某区教育发展规划", "一、发展基础", "（一）主要成就", "1.学位供给", "①新建学校", "②改扩建",
        "（二）存在问题", "1.学位紧张", "二、主要任务", "细目", "要点", "十、第十项", "未编号",
    ]
    plan = parse_document(document, "x")
    assert plan.heading_counts() == {1: 3, 2: 2, 3: 2, 4: 2}
    assert plan.find("一.（二）.1").title == "学位紧张"


def test_numbering_switched_off_on_a_styled_paragraph():
    word = docx.Document()
    word.add_paragraph("甲", style="List Number")
    _numbered(word, "乙", 0, num_id=0)  # numId 0: "no numbering" over the style's list
    word.add_paragraph("丙", style="List Number")
    assert texts(read(word)) == ["1.甲", "乙", "2.丙"]


@pytest.mark.parametrize(
    ("number", "number_format", "expected"),
    [
        (3, "decimal", "3"), (3, "decimalZero", "03"), (12, "decimalFullWidth", "１２"),
        (2, "decimalEnclosedParen", "（2）"), (20, "decimalEnclosedCircle", "⑳"),
        (21, "decimalEnclosedCircle", None),
        (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"), (20, "chineseCounting", "二十"),
        (99, "chineseCountingThousand", "九十九"), (100, "chineseCounting", None),
        (3, "chineseLegalSimplified", "三"), (10, "ideographDigital", "一〇"), (4, "none", ""),
        (4, "upperLetter", None),
    ],
)
def test_number_formats(number: int, number_format: str, expected: str | None):
    assert _format_number(number, number_format) == expected


def test_pattern_naming_higher_levels():
    levels = {0: _Level(1, "chineseCounting", "%1、", None), 1: _Level(1, "decimal", "%1.%2", None)}
    assert _render_numeral(levels, {0: 3, 1: 2}, 1) == "三.2"
    assert _render_numeral(levels, {1: 2}, 1) == "一.2"  # a level not yet seen counts from its start


# --- a whole plan ----------------------------------------------------------------------------


def test_a_plan_written_in_word_parses_like_text():
    word = docx.Document()
    word.add_paragraph("某区教育发展“十四五”规划（2021-2025）")
    word.add_paragraph("（征求意见稿）")
    word.add_paragraph("一、发展基础")
    word.add_paragraph("“十四五”主要指标")
    add_table(word, [["指标", "2020年", "2025年"], ["学前教育毛入园率（%）", "98", "100"]])
    word.add_paragraph("二、主要任务")
    word.add_paragraph("（一）立德树人")
    word.add_paragraph("1.整体提升德育工作水平。健全体制机制。")
    box = word.add_table(rows=2, cols=1)
    box.cell(0, 0).text = "专项工程1：名班主任工程"
    box.cell(1, 0).text = "建立完善名班主任工作室。"
    word.add_paragraph("2.深化课程改革")
    plan = parse_document(read(word), "x")
    assert plan.metadata.title == "某区教育发展“十四五”规划（2021-2025）"
    assert plan.metadata.status == "征求意见稿"
    assert [(n.path, n.kind) for n in plan.walk()] == [
        ("一", "section"), ("二", "section"), ("二.（一）", "section"), ("二.（一）.1", "section"),
        ("二.（一）.1.专项工程1", "special_project"), ("二.（一）.2", "section")]
    (table,) = plan.find("一").tables
    assert (table.caption, table.header, table.rows) == (
        "“十四五”主要指标", ["指标", "2020年", "2025年"], [["学前教育毛入园率（%）", "98", "100"]])
    (box_node,) = plan.special_projects()
    assert box_node.title == "名班主任工程"
    assert [p.text for p in box_node.paragraphs] == ["建立完善名班主任工作室。"]
    assert [t.path for t in plan.tasks()] == ["二.（一）.1", "二.（一）.2"]


def _word_copy_of(text: str) -> bytes:
    """A Word copy of a plain-text plan: a paragraph per line, each flattened table a real table."""
    tables = {b.start_line: b for b in text_to_document(text, name="x").blocks if isinstance(b, TableBlock)}
    lines = text.split("\n")
    word = docx.Document()
    number = 1
    while number <= len(lines):
        if number not in tables:
            word.add_paragraph(lines[number - 1])
            number += 1
            continue
        flattened = tables[number]
        table = word.add_table(rows=0, cols=max(len(row) for row in flattened.rows))
        for values in flattened.rows:
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
        number = flattened.end_line + 2  # the blank line after the last row is the table's own
    return docx_bytes(word)


def test_real_plan_copied_into_word_parses_identically(qingcheng):
    text = (RAW / "qingcheng.txt").read_text(encoding="utf-8")
    document = docx_document_from_bytes(_word_copy_of(text), Path("qingcheng.docx"))
    assert document.text.splitlines() == text.splitlines()  # so every line number is the same
    plan = parse_document(document, "qingcheng")
    assert plan.heading_counts() == qingcheng.heading_counts() == {1: 4, 2: 19, 3: 58, 4: 3}
    assert len(plan.special_projects()) == len(qingcheng.special_projects()) == 7
    assert plan.model_dump(exclude={"source", "parser"}) == qingcheng.model_dump(exclude={"source", "parser"})


_PARAGRAPH = st.text(
    alphabet=st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                       st.sampled_from("，。、：；（）“”《》０１２３0123456789 \u3000%")),
    max_size=40,
)


@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=8))
@settings(max_examples=40, deadline=None)
def test_any_chinese_paragraphs_round_trip(paragraphs: list[str]):
    word = docx.Document()
    for paragraph in paragraphs:
        word.add_paragraph(paragraph)
    kept = [p for p in paragraphs if p.strip()]
    if not kept:
        with pytest.raises(PlanInputError, match="only blank lines"):
            read(word)
        return
    document = read(word)
    assert texts(document) == kept
    assert [b.line for b in document.blocks] == [i + 1 for i, p in enumerate(paragraphs) if p.strip()]


# --- what is not a Word file -----------------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return stream.getvalue()


def _without(part: str) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(docx_bytes(docx.Document())))
    return _zip({name: archive.read(name) for name in archive.namelist() if name != part})


def _replaced(part: str, content: bytes) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(docx_bytes(docx.Document())))
    return _zip({name: content if name == part else archive.read(name) for name in archive.namelist()})


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "not a Word .docx file (not a zip archive, or a damaged one)"),
        (bytes(range(256)) * 4, "not a Word .docx file (not a zip archive, or a damaged one)"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504), "not a Word .docx file (an old binary .doc, or a password"),
        (_zip({"readme.txt": b"hello"}), "not a Word .docx file (no [Content_Types].xml in the archive)"),
        (_without("word/document.xml"), "not a Word .docx file (no word/document.xml in the archive)"),
        (_replaced("word/document.xml", b"<w:document"), "not a Word .docx file (word/document.xml: damaged XML: "),
        (_replaced("word/document.xml", b"<html/>"), "not a Word .docx file (its main part is not a w:document)"),
        (_replaced("word/document.xml", f'<w:document {nsdecls("w")}/>'.encode()), "file has no text"),
    ],
)
def test_not_a_docx_is_one_clear_error(data: bytes, problem: str):
    with pytest.raises(PlanInputError) as err:
        docx_document_from_bytes(data, Path("plan.docx"))
    assert err.value.source == "plan.docx"
    assert err.value.problem.startswith(problem)


def test_another_office_file_renamed():
    content_types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                     b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                     b'package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application'
                     b'/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    data = _zip({"[Content_Types].xml": content_types, "_rels/.rels": rels, "xl/workbook.xml": workbook})
    with pytest.raises(PlanInputError, match=r"not a Word \.docx file \(its main part is .*spreadsheetml"):
        docx_document_from_bytes(data, Path("book.docx"))


def test_empty_document():
    word = docx.Document()
    word.add_paragraph("   ")
    word.add_table(rows=1, cols=2)
    with pytest.raises(PlanInputError, match=r"file has no text \(only blank lines\)"):
        read(word)


# --- through the readers and the command line ------------------------------------------------


def _small_plan(path: Path) -> Path:
    word = docx.Document()
    word.add_paragraph("某县教育发展规划")
    word.add_paragraph("一、总体要求")
    word.add_paragraph("指导思想", style="List Number")
    word.save(path)
    return path


def test_dispatch_by_suffix(tmp_path: Path):
    path = _small_plan(tmp_path / "某县规划.DOCX")
    assert texts(read_document(path)) == ["某县教育发展规划", "一、总体要求", "1.指导思想"]
    with pytest.raises(PlanInputError, match=r"unsupported file type '\.doc' \(expected \.txt, \.docx, \.pdf, \.html or \.htm\)"):
        document_from_bytes(b"", Path("old.doc"))


def test_cli_outline_of_a_word_file(run, tmp_path: Path):
    path = _small_plan(tmp_path / "某县规划.docx")
    result = run("outline", str(path))
    assert result.exit_code == 0
    assert result.output.splitlines() == ["某县规划: 某县教育发展规划", "└── 1 一、 总体要求", "    └── 1.1 1. 指导思想"]
    assert json.loads(run("outline", str(path), "-f", "json").output)["id"] == "某县规划"


def test_cli_lists_word_plans_in_the_data_folder(run, data_dir: Path):
    _small_plan(data_dir / "raw" / "某县.docx")
    listing = json.loads(run("plans", "--format", "json").output)
    assert [p["id"] for p in listing] == ["huadu", "qingcheng", "某县"]
    assert listing[2]["source"] == "某县.docx"


def test_cli_bad_word_file_is_one_line_exit_2(run, tmp_path: Path):
    path = tmp_path / "renamed.docx"
    path.write_bytes("一、总体要求\n".encode())
    result = run("outline", str(path))
    assert result.exit_code == 2
    assert result.stderr == (f"plancli: error: {path}: not a Word .docx file "
                             "(not a zip archive, or a damaged one)\n")
