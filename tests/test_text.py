"""The Chinese text layer: lazy jieba, domain dictionary, content terms, place names, TF-IDF."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import plancli
from plancli.words.segment import (
    DictEntry,
    Lexicon,
    content_terms,
    is_place_name,
    load_lexicon,
    parse_stopwords,
    parse_user_dict,
    tokenize,
    tokenize_many,
)

SRC = Path(plancli.__file__).resolve().parents[1]


def _python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)


def test_importing_the_text_layer_does_not_import_jieba():
    result = _python(
        "import sys, plancli.words.segment, plancli.words.keyness, plancli.words.themes\n"
        "assert 'jieba' not in sys.modules, 'jieba imported at module import'"
    )
    assert result.returncode == 0, result.stderr


def test_tokenizing_is_silent():
    result = _python("from plancli.words.segment import tokenize; print('/'.join(tokenize('推进集团化办学')))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "推进/集团化办学"
    # jieba's startup log is silenced (other warnings, e.g. about pkg_resources, may remain).
    assert "prefix dict" not in result.stderr
    assert "Loading model" not in result.stderr


def test_domain_terms_stay_whole():
    tokens = tokenize("推进集团化办学和区管校聘改革")
    assert "集团化办学" in tokens
    assert "区管校聘" in tokens


@pytest.mark.parametrize(
    "sentence, term",
    [
        ("保障随迁子女平等接受义务教育", "随迁子女"),
        ("坚持五育并举，落实立德树人根本任务", "五育并举"),
        ("坚持五育并举，落实立德树人根本任务", "立德树人"),
        ("扩大普惠性民办幼儿园覆盖面", "普惠性民办幼儿园"),
        ("打造高素质教师队伍素质提升工程", "教师队伍"),
        ("实施爱种子教学改革项目和双师教学模式改革试验", "爱种子"),
        ("实施爱种子教学改革项目和双师教学模式改革试验", "双师教学"),
        ("推进互联网+教育发展", "互联网+教育"),
        ("开展跳绳特色项目", "跳绳"),
    ],
)
def test_domain_dictionary_terms(sentence: str, term: str):
    assert term in tokenize(sentence)


def test_tokenize_drops_whitespace():
    tokens = tokenize("  发展基础\n\t（一）已有成就　")
    assert tokens
    assert all(token.strip() for token in tokens)


def test_tokenize_many_matches_tokenize():
    texts = ["推进集团化办学", "", "保障随迁子女入学"]
    assert tokenize_many(texts) == [tokenize(text) for text in texts]


def test_default_lexicon_is_large_and_consistent():
    lexicon = Lexicon.default()
    assert len(lexicon.words) >= 150
    assert {"教育", "推进", "加强", "发展"} <= lexicon.stopwords
    assert not lexicon.words & lexicon.stopwords, "a domain term is also a stop word"
    assert Lexicon.default() is lexicon


def test_user_dictionary_format():
    entries = parse_user_dict("# comment\n\n云计算 5 n\n创新办 3\n凱特琳 nz\n台中\n")
    assert entries == [
        DictEntry("云计算", 5, "n"),
        DictEntry("创新办", 3, None),
        DictEntry("凱特琳", None, "nz"),
        DictEntry("台中", None, None),
    ]
    assert parse_stopwords("\ufeff# comment\n甲乙\n\n 丙丁 \n") == ["甲乙", "丙丁"]


def test_user_lexicon_files(tmp_path: Path):
    sentence = "推进花都新学堂工程"
    assert "花都新学堂" not in tokenize(sentence)
    user_dict = tmp_path / "dict.txt"
    user_dict.write_text("花都新学堂 2000 nz\n", encoding="utf-8")
    user_stopwords = tmp_path / "stop.txt"
    user_stopwords.write_text("# plan-specific filler\n工程\n", encoding="utf-8")
    lexicon = load_lexicon(user_dict, user_stopwords)

    tokens = tokenize(sentence, lexicon)
    assert "花都新学堂" in tokens
    assert content_terms(tokens, lexicon) == ["花都新学堂"]
    # The user's word lives in that lexicon's private tokenizer only.
    assert "花都新学堂" not in tokenize(sentence)
    assert load_lexicon() is Lexicon.default()


def test_content_terms_drop_noise():
    tokens = tokenize("2020年，全区新增中小学学位21420个，增长118.01%。进一步加强教育发展，建设“十四五”。")
    terms = content_terms(tokens)
    assert "学位" in terms
    assert "中小学" in terms
    for noise in ["2020", "年", "，", "21420", "118.01%", "。", "进一步", "加强", "教育", "发展", "十四五", "“"]:
        assert noise not in terms


def test_single_characters_are_dropped_except_the_allow_list():
    terms = content_terms(["党", "的", "和", "区", "学校"])
    assert terms == ["党", "学校"]


@pytest.mark.parametrize("token", ["花都", "花都区", "清城区", "广州", "广州市", "清远市", "广东省", "石角镇", "大湾区"])
def test_place_names(token: str):
    assert is_place_name(token)


# jieba tags 城市, 普及, 中考 and 新建 (for 新建县) as place names (ns) too.
@pytest.mark.parametrize(
    "token", ["社区", "城市", "示范区", "校区", "学区", "城区", "普及", "中考", "新建", "中心", "教育", "跳绳"]
)
def test_not_place_names(token: str):
    assert not is_place_name(token)


def test_places_shown_by_the_text_are_masked():
    # jieba knows 清远 only as an adjective; 清远市 in the same text shows it is a place.
    assert not is_place_name("清远")
    assert "清远" in content_terms(tokenize("清远山色"))
    assert "清远" not in content_terms(tokenize("清远市清城区教育发展规划。清远教育"))
    # An unknown word before a lone administrative suffix is a place wherever it occurs.
    tokens = tokenize("狮岭镇中心小学与狮岭中学")
    assert "狮岭" in tokens
    assert "狮岭" not in content_terms(tokens)
