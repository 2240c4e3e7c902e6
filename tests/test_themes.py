"""Themes taxonomy and policy-instrument classification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from plancli.words.themes import (
    InstrumentScheme,
    Themes,
    classify_instrument,
    instrument_shares,
    load_instruments,
    load_themes,
    theme_profile,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def plan_lines() -> dict[str, list[tuple[str, str]]]:
    """Every non-blank line of each raw plan as (location, text)."""
    return {
        name: [
            (f"line {number}", line)
            for number, line in enumerate((RAW / f"{name}.txt").read_text(encoding="utf-8").splitlines(), 1)
            if line.strip()
        ]
        for name in ["huadu", "qingcheng"]
    }


def test_taxonomy_is_well_formed():
    themes = load_themes()
    ids = [theme.id for theme in themes.themes]
    assert len(ids) == len(set(ids)) >= 20
    assert themes.doc, "the file documents its own format"
    for theme in themes.themes:
        assert theme.label and theme.description
        assert theme.keywords and all(keyword.strip() for keyword in theme.keywords)
        assert all(excluded.strip() for excluded in theme.exclude)


def test_instrument_scheme_is_well_formed():
    scheme = load_instruments()
    assert [kind.id for kind in scheme.types] == ["supply", "environment", "demand"]
    tool_ids = [tool.id for kind in scheme.types for tool in kind.tools]
    assert len(tool_ids) == len(set(tool_ids))
    for kind in scheme.types:
        for tool in kind.tools:
            assert tool.keywords and all(keyword.strip() for keyword in tool.keywords)


def test_invalid_taxonomies_are_refused():
    theme = {"id": "t", "label": "标签", "description": "", "keywords": ["甲"]}
    with pytest.raises(ValidationError, match="duplicate theme ids"):
        Themes.model_validate({"themes": [theme, theme]})
    with pytest.raises(ValidationError, match="keywords must not be empty"):
        Themes.model_validate({"themes": [{**theme, "keywords": [" "]}]})
    with pytest.raises(ValidationError):
        Themes.model_validate({"themes": [{**theme, "weight": 2}]})  # extra fields are refused


def test_user_files_replace_the_shipped_ones(tmp_path: Path):
    path = tmp_path / "themes.json"
    path.write_text(json.dumps({"_doc": ["mine"], "themes": [
        {"id": "rope", "label": "跳绳", "description": "", "keywords": ["跳绳"]}]}), encoding="utf-8")
    assert [theme.id for theme in load_themes(path).themes] == ["rope"]
    scheme_path = tmp_path / "instruments.json"
    scheme_path.write_text(json.dumps({"types": [{"id": "supply", "label": "供给型", "description": "",
        "tools": [{"id": "money", "label": "资金", "keywords": ["经费"]}]}]}), encoding="utf-8")
    scheme = load_instruments(scheme_path)
    assert isinstance(scheme, InstrumentScheme)
    assert classify_instrument("加大教育经费投入", scheme).tool == "money"


def test_keywords_count_once_and_exclusions_apply():
    profile = {hits.id: hits for hits in theme_profile([
        ("a", "扩大普惠性民办幼儿园覆盖面"),
        ("b", "探索十二年整体育人模式"),
        ("c", "加强中小学体育工作，开齐开足体育课"),
    ])}
    # 幼儿 inside 幼儿园 is not counted again; 民办幼儿园 is matched before 民办.
    assert profile["preschool"].keyword_hits == {"幼儿园": 1, "普惠性": 1}
    assert profile["private"].keyword_hits == {"民办幼儿园": 1}
    # 整体育人 is not 体育; 中小学 is not 小学.
    assert profile["five_educations"].keyword_hits == {"体育": 2}
    assert [(loc.location, loc.hits) for loc in profile["five_educations"].top_locations] == [("c", 2)]
    assert profile["compulsory"].hits == 0


def test_theme_profile_on_the_plans(plan_lines):
    huadu = {hits.id: hits for hits in theme_profile(plan_lines["huadu"])}
    qingcheng = {hits.id: hits for hits in theme_profile(plan_lines["qingcheng"])}
    assert list(huadu) == [theme.id for theme in load_themes().themes]
    for profile in (huadu, qingcheng):
        migrants = profile["migrant_children"]
        assert migrants.hits >= 1
        assert migrants.keyword_hits.get("随迁子女", 0) >= 1
        assert migrants.top_locations
    assert huadu["migrant_children"].hits > qingcheng["migrant_children"].hits
    assert huadu["five_educations"].keyword_hits["跳绳"] == 9
    assert qingcheng["informatization"].keyword_hits["爱种子"] == 3
    top = huadu["migrant_children"].top_locations
    assert [loc.hits for loc in top] == sorted((loc.hits for loc in top), reverse=True)
    assert len(top) <= 5


def test_location_hits_are_merged():
    profile = theme_profile([("二.（一）", "随迁子女"), ("二.（一）", "随迁子女入学"), ("三", "无关")])
    migrants = next(hits for hits in profile if hits.id == "migrant_children")
    assert migrants.location_count == 1
    assert [(loc.location, loc.hits) for loc in migrants.top_locations] == [("二.（一）", 2)]


@pytest.mark.parametrize(
    "sentence, kind, tool",
    [
        ("加大教育经费投入", "supply", "funding"),
        ("完善教育督导评估制度", "environment", "evaluation"),
        ("向民办学校购买义务教育学位", "demand", "procurement"),
        ("新建、改扩建中小学15所", "supply", "infrastructure"),
        ("加强与港澳地区的教育交流合作", "demand", "exchange"),
    ],
)
def test_classify_instrument(sentence: str, kind: str, tool: str):
    tag = classify_instrument(sentence)
    assert tag is not None
    assert (tag.type, tag.tool) == (kind, tool)
    assert tag.keywords and all(keyword in sentence for keyword in tag.keywords)


def test_classify_instrument_without_evidence():
    assert classify_instrument("今天天气很好") is None


def test_instrument_ties_go_to_the_first_type():
    # one supply keyword (经费) and one environment keyword (督导): equal hits.
    assert classify_instrument("经费督导").type == "supply"
    assert classify_instrument("督导经费").type == "supply"


def test_instrument_shares():
    shares = instrument_shares(["加大教育经费投入", "完善教育督导评估制度", "健全教育督导制度", "无关的话"])
    assert list(shares) == ["supply", "environment", "demand"]
    assert shares == pytest.approx({"supply": 1 / 3, "environment": 2 / 3, "demand": 0.0})
    assert instrument_shares([]) == {"supply": 0.0, "environment": 0.0, "demand": 0.0}


def test_instrument_shares_on_the_plans(plan_lines):
    for lines in plan_lines.values():
        shares = instrument_shares([text for _, text in lines])
        assert sum(shares.values()) == pytest.approx(1.0)
        assert all(share > 0 for share in shares.values())


# Keywords inside other words: (text, theme label, expected hits on token boundaries).
TRAPS = [
    ("全面提高中小学教师素质", "高中教育", 0),          # 提高 | 中小学
    ("提高等级达标率", "高等教育", 0),                  # 提高 | 等级
    ("小学专任教师本科以上学历比例达93%", "高等教育", 0),  # teachers' degrees
    ("高中专任教师研究生学历比例达25%", "高等教育", 0),
    ("推动高中教育多样化发展", "高中教育", 1),          # 高中 inside the word 高中教育 counts
    ("引进高等院校资源", "高等教育", 1),
    ("积极探索十二年整体育人模式", "德育与五育", 0),     # 体育 in 整体育人
    ("扩大学校办学自主权", "高等教育", 0),              # 大学 in 扩大|学校
    ("确保教师平均工资", "学前教育", 0),                # 保教 in 确保|教师
    ("健全体制机制", "教育治理与改革", 1),              # 体制|机制: whole words count
    ("保障进城务工人员随迁子女", "随迁子女", 2),        # 进城务工人员 is one word of the domain dictionary
]


@pytest.mark.parametrize(("text", "label", "hits"), TRAPS)
def test_keywords_inside_other_words_do_not_count(text, label, hits):
    from plancli.words.segment import tokenize

    [profile] = [t for t in theme_profile([("x", text, tokenize(text))]) if t.label == label]
    assert profile.hits == hits, profile.keyword_hits
