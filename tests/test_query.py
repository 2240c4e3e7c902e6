"""plancli query: substring search over the real plans, --any, --section, --word, renderers."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

import plancli
from plancli.analyses.query import ELLIPSIS, SNIPPET_CHARS, QueryResult, normalize, query_plans, split_terms
from plancli.errors import PlanInputError
from plancli.model import Plan
from plancli.render import rich_to_text, to_json
from plancli.render.query import QUERY_COLUMNS, query_csv, query_markdown, query_rich
from plancli.storage.plans import load_plan
from plancli.storage.tokens import plan_tokens
from plancli.words.tokens import content_units
from tests.conftest import RAW

SRC = Path(plancli.__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def token_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch data folder whose token cache is warm for both plans (cut once per session)."""
    data = tmp_path_factory.mktemp("query") / "data"
    shutil.copytree(RAW, data / "raw")
    for plan_id in ("huadu", "qingcheng"):
        plan_tokens(load_plan(plan_id, data), data)
    return data


@pytest.fixture(scope="session")
def both(huadu: Plan, qingcheng: Plan) -> list[Plan]:
    return [huadu, qingcheng]


def lines_of(result: QueryResult) -> dict[str, list[int]]:
    return {plan: [h.line for h in result.hits if h.plan == plan] for plan in result.plans}


def matched_texts(result: QueryResult) -> list[list[str]]:
    return [[hit.text[start:end] for start, end in hit.matches] for hit in result.hits]


# --- finding ----------------------------------------------------------------------------


def test_tiaosheng_is_found_in_huadu_only(both):
    result = query_plans(["跳绳"], both)
    # grep -c finds 5 lines in huadu.txt; the fifth (line 327) is a cell of 附件1's table:
    # tables are content, and searched.
    assert result.counts == {"huadu": 5, "qingcheng": 0}
    cell = result.hits[-1]
    assert (cell.kind, cell.table.caption, cell.table.column) == ("table", "花都区教育发展“十四五”重点工程", "主要内容")
    assert lines_of(result) == {"huadu": [19, 62, 143, 262, 324], "qingcheng": []}  # 324: its row in 附件1's table
    assert [h.path for h in result.hits] == ["一.（一）.4", "二.（三）", "三.（一）.3", "五.（九）.2.（1）", "附件1"]
    assert sum(len(h.matches) for h in result.hits) == 9


def test_aizhongzi_is_found_in_qingcheng_only(both):
    result = query_plans(["爱种子"], both)
    assert result.counts == {"huadu": 0, "qingcheng": 3}
    assert lines_of(result) == {"huadu": [], "qingcheng": [15, 120, 161]}


def test_result_records_the_query(both):
    result = query_plans(split_terms("随迁子女　学位 随迁子女"), both, any_term=True, section=None)
    assert (result.terms, result.mode, result.word, result.section, result.plans) == (
        ["随迁子女", "学位"], "any", False, None, ["huadu", "qingcheng"])


def test_all_words_must_share_a_paragraph_unless_any(both):
    every = query_plans(["随迁子女", "学位"], both)
    either = query_plans(["随迁子女", "学位"], both, any_term=True)
    assert every.counts == {"huadu": 4, "qingcheng": 2}
    assert either.counts == {"huadu": 15, "qingcheng": 9}

    def units(result: QueryResult) -> set[tuple[str, int, str]]:
        return {(h.plan, h.line, h.text) for h in result.hits}

    alone = [units(query_plans([term], both)) for term in ("随迁子女", "学位")]
    assert units(every) == alone[0] & alone[1]
    assert units(either) == alone[0] | alone[1]


def test_kinds_tell_tasks_headings_and_paragraphs(huadu):
    result = query_plans(["随迁子女"], [huadu])
    assert [(h.path, h.kind, h.line) for h in result.hits] == [
        ("一.（三）.1", "paragraph", 39),
        ("二.（三）", "table", 128),  # the line its row starts on
        ("三.（一）.6", "task", 146),
        ("三.（十）.2", "task", 183),
        ("三.（十）.3", "task", 184),
        ("五.（七）", "heading", 244),
        ("五.（七）.1", "paragraph", 246),
        ("五.（七）.2.（1）", "task", 248),
        ("附件1", "table", 315),
        ("附件1", "table", 315),
    ]
    indicator = result.hits[1].table
    assert (indicator.caption, indicator.row, indicator.label, indicator.column) == (
        "“十四五”花都教育主要发展指标", 12, "义务教育阶段随迁子女在公办学校就读的比例（%）", "指标")
    heading = result.hits[5]
    assert heading.text == heading.title == "随迁子女义务教育保障工程"


def test_section_restricts_to_its_subtree(huadu):
    by_numerals = query_plans(["随迁子女"], [huadu], section="五")
    by_numbers = query_plans(["随迁子女"], [huadu], section="5")
    assert by_numerals.counts == {"huadu": 3}
    assert [h.path for h in by_numerals.hits] == ["五.（七）", "五.（七）.1", "五.（七）.2.（1）"]
    assert by_numbers.hits == by_numerals.hits
    assert by_numerals.section == "五"


def test_unknown_section_is_an_input_error(both):
    with pytest.raises(PlanInputError, match=r"qingcheng: no section '五'"):
        query_plans(["随迁子女"], both, section="五")


def test_no_terms_is_an_error(huadu):
    with pytest.raises(ValueError, match="no search terms"):
        query_plans(split_terms("  　 "), [huadu])


# --- normalization ----------------------------------------------------------------------


def test_normalize_folds_width_and_case():
    assert normalize("ＳＴＥＭ教育，Gdp　２４．１１％") == "stem教育,gdp 24.11%"


def test_full_width_and_case_are_folded_but_text_reported_as_written(both):
    plus = query_plans(["互联网+"], both)
    assert plus.counts == {"huadu": 5, "qingcheng": 3}
    # huadu line 227 writes it once with a full-width plus.
    assert ["互联网＋", "互联网+"] in matched_texts(plus)
    assert matched_texts(query_plans(["ｓｔｅｍ"], both)) == [["STEM"]]
    assert matched_texts(query_plans(["gdp"], both)) == [["GDP"]]
    assert matched_texts(query_plans(["24.11%"], both)) == [["24.11％"]]


def test_a_match_covers_whole_characters_of_the_original():
    plan = Plan.model_validate({
        "id": "tiny", "metadata": {}, "preamble": [{"text": "㈠发展 Straße", "line": 1}],
        "source": {"name": "tiny.txt", "sha256": "0", "encoding": "utf-8", "lines": 1, "characters": 10},
    })
    # ㈠ folds to (一): 一 alone would be a third of a character, so it is no match.
    assert query_plans(["一"], [plan]).hits == []
    (bracketed,) = query_plans(["(一)"], [plan]).hits
    assert (bracketed.path, bracketed.title, bracketed.kind) == (None, None, "paragraph")
    assert bracketed.matches == [[0, 1]]
    assert query_plans(["STRASSE"], [plan]).hits[0].matches == [[4, 10]]


def test_matches_point_at_every_occurrence(huadu):
    result = query_plans(["随迁子女", "学位"], [huadu], any_term=True)
    for hit in result.hits:
        assert hit.matches == sorted(hit.matches)
        assert all(hit.text[start:end] in ("随迁子女", "学位") for start, end in hit.matches)
        assert len(hit.matches) == hit.text.count("随迁子女") + hit.text.count("学位")


@st.composite
def term_from(draw: st.DrawFn, plan: Plan) -> str:
    texts = [text for _, _, text, _ in content_units(plan)]
    text = draw(st.sampled_from(texts))
    start = draw(st.integers(0, len(text) - 1))
    term = text[start:start + draw(st.integers(1, 6))]
    # People type ASCII in full width too.
    if draw(st.booleans()):
        term = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in term)
    return term


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_match_is_the_term_normalized(huadu, data):
    term = data.draw(term_from(huadu))
    assume(term.strip() and len(term.split()) == 1)
    result = query_plans([term], [huadu])
    assert result.hits, f"{term!r} was drawn from the plan but not found"
    for hit in result.hits:
        for start, end in hit.matches:
            assert normalize(hit.text[start:end]) == normalize(term)


# --- whole words ------------------------------------------------------------------------


def test_word_keeps_only_hits_on_token_boundaries(huadu, token_data):
    substring = query_plans(["校长"], [huadu])
    whole = query_plans(["校长"], [huadu], word=True, tokens={"huadu": plan_tokens(huadu, token_data)})
    assert whole.word is True
    assert substring.counts == {"huadu": 11}
    assert whole.counts == {"huadu": 7}
    # jieba cuts 名校长 and 副校长 as one word each: 校长 inside them is not a word hit.
    dropped = {h.line for h in substring.hits} - {h.line for h in whole.hits}
    assert sorted(dropped) == [180, 213, 224, 278]
    line_192 = {h.line: h for h in substring.hits}[192], {h.line: h for h in whole.hits}[192]
    assert [h.text[start - 1:end] for h in line_192 for start, end in h.matches] == [
        "副校长", "、校长", "、校长"]


def test_word_matches_runs_of_tokens(huadu, token_data):
    tokens = {u.line: u.tokens for u in plan_tokens(huadu, token_data).units}
    assert "随迁子女" in tokens[39] and "学位" in tokens[39]
    # 随迁子女学位 is two tokens in a row; 子女学位 starts inside the first.
    assert query_plans(["随迁子女学位"], [huadu], word=True, tokens={"huadu": plan_tokens(huadu, token_data)}).counts == {"huadu": 1}
    assert query_plans(["子女学位"], [huadu]).counts == {"huadu": 1}
    assert query_plans(["子女学位"], [huadu], word=True, tokens={"huadu": plan_tokens(huadu, token_data)}).counts == {"huadu": 0}


def _python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)


def test_word_query_on_a_warm_cache_does_not_import_jieba(data_dir: Path):
    for plan_id in ("huadu", "qingcheng"):
        plan_tokens(load_plan(plan_id, data_dir), data_dir)
    result = _python(
        "import sys\nfrom pathlib import Path\n"
        "from plancli.analyses.query import query_plans\nfrom plancli.storage.plans import load_plan\n"
        "from plancli.storage.tokens import plan_tokens\n"
        f"data = Path({str(data_dir)!r})\n"
        "plans = [load_plan(p, data) for p in ('huadu', 'qingcheng')]\n"
        "result = query_plans(['校长'], plans, word=True, tokens={p.id: plan_tokens(p, data) for p in plans})\n"
        "assert 'jieba' not in sys.modules, 'jieba imported'\n"
        "print(result.counts)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'huadu': 7, 'qingcheng': 7}"


# --- snippets and renderers -------------------------------------------------------------


def test_snippet_is_a_window_around_the_first_match(both):
    result = query_plans(["跳绳"], both)
    first, second = result.hits[:2]
    # Line 19 starts 12 characters before 跳绳: no cut at the start.
    assert first.snippet == "体育、艺术教育品牌凸显。跳绳、啦啦操、定向运动、大课间体育活动成为全区学校体育的" + ELLIPSIS
    assert second.snippet == "…世界，抓住区域产业转型升级机遇，抓好以跳绳运动等体艺项目为龙头、多元发展的区域教…"
    for hit in result.hits:
        assert "跳绳" in hit.snippet
        assert len(hit.snippet.strip(ELLIPSIS)) == SNIPPET_CHARS


def test_rich_output_fits_100_columns_one_line_per_hit(both):
    result = query_plans(["随迁子女", "学位"], both, any_term=True)
    text = rich_to_text(query_rich(result), width=100)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 100
    assert lines[0] == "随迁子女 学位  (any word) · 24 hits in 2 plans"
    assert "huadu  15 hits" in lines and "qingcheng  9 hits" in lines
    # A location line and a snippet line per hit, nothing wrapped.
    assert len(lines) == 1 + 2 * 2 + 2 * len(result.hits)
    for hit in result.hits:
        assert "    " + hit.snippet in lines


def test_rich_output_shows_plans_without_hits(both):
    text = rich_to_text(query_rich(query_plans(["跳绳"], both)), width=100)
    assert text.splitlines()[-1] == "qingcheng  0 hits"
    assert "  三.（一）.3  强化体育落实  task · line 143" in text.splitlines()


def test_long_titles_are_cut_not_wrapped(huadu):
    result = query_plans(["随迁子女"], [huadu])
    lines = rich_to_text(query_rich(result), width=40).splitlines()
    assert len(lines) == 1 + 2 + 2 * len(result.hits)
    assert all(cell_len(line) <= 40 for line in lines)


def test_csv_has_one_row_per_hit(both):
    result = query_plans(["爱种子"], both)
    rows = list(csv.reader(io.StringIO(query_csv(result))))
    assert rows[0] == QUERY_COLUMNS
    assert [(r[0], r[4]) for r in rows[1:]] == [("qingcheng", "15"), ("qingcheng", "120"), ("qingcheng", "161")]
    assert all(r[9] == h.text and r[8] == h.snippet for r, h in zip(rows[1:], result.hits))


def test_markdown_bolds_the_matches(huadu):
    markdown = query_markdown(query_plans(["随迁子女", "学位"], [huadu]))
    # Adjoining terms make one bold run.
    assert "承担进城务工人员**随迁子女学位**需求" in markdown
    assert "购买**学位**的政策。对招收来穗人员**随迁子女**为主" in markdown


def test_json_keeps_every_plan_count(both):
    loaded = json.loads(to_json(query_plans(["爱种子"], both)))
    assert list(loaded) == ["terms", "mode", "word", "section", "plans", "counts", "hits"]
    assert loaded["counts"] == {"huadu": 0, "qingcheng": 3}
    assert list(loaded["hits"][0]) == ["plan", "path", "title", "kind", "line", "text", "snippet", "matches", "table"]


def test_annex_rows_and_paragraphs_of_a_construction_term(huadu):
    result = query_plans(["改扩建"], [huadu])
    kinds = [h.kind for h in result.hits]
    assert (kinds.count("table"), len(kinds) - kinds.count("table")) == (19, 2)
    cells = [h.table for h in result.hits if h.table]
    assert {c.caption for c in cells} == {"花都区“十四五”基础教育重点规划项目"}
    assert {c.column for c in cells} == {"项目名称", "建设类型"}
    assert cells[0].row == 9 and cells[0].label == "花都区骏威小学改扩建项目"


def test_a_heading_with_its_body_on_one_line_is_one_hit(tmp_path):
    from plancli import parse_file

    path = tmp_path / "inline.txt"
    path.write_text("一、主要任务\n1.加强学位供给。新增学位供给3000个，学位供给更加充足。\n", encoding="utf-8")
    result = query_plans(["学位供给"], [parse_file(path)])
    [hit] = result.hits
    assert hit.text == "1.加强学位供给。新增学位供给3000个，学位供给更加充足。"
    assert len(hit.matches) == 3


def test_a_table_hit_names_the_line_its_row_starts_on(huadu):
    source = (RAW / "huadu.txt").read_text(encoding="utf-8").split("\n")
    cells = [hit for hit in query_plans(["改扩建"], [huadu]).hits if hit.kind == "table"]
    assert len(cells) == 19
    tables = {table.index: table for table in huadu.tables()}
    for hit in cells:
        row = tables[hit.table.table].rows[hit.table.row - 1]
        assert source[hit.line - 1].strip() == row[0].split("\n")[0]  # the row's first cell


def test_traditional_and_simplified_find_each_other(huadu, tmp_path):
    traditional = query_plans(["隨遷子女"], [huadu])
    assert traditional.counts == query_plans(["随迁子女"], [huadu]).counts == {"huadu": 10}
    from plancli import parse_file

    path = tmp_path / "county.txt"
    path.write_text("某縣教育事業發展規劃\n一、主要任務\n保障隨遷子女平等接受義務教育。\n", encoding="utf-8")
    [hit] = query_plans(["随迁子女"], [parse_file(path)]).hits
    start, end = hit.matches[0]
    assert hit.text[start:end] == "隨遷子女"  # offsets into the text as written
