"""The mutation fuzz (issue 10): edits of both real plans — lines inserted, deleted, duplicated
and swapped, control characters, digit runs, odd brackets, traditional characters, lines in
other encodings — read from bytes, parsed and run through the main analyses. Any exception but
plancli's own PlancliError fails. Derandomized and bounded, so CI runs the same cases each time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plancli.analyses.check import check_plan
from plancli.analyses.compare import compare_plans
from plancli.analyses.diff import diff_plans
from plancli.analyses.outline import outline_of
from plancli.analyses.query import query_plans
from plancli.analyses.summarize import summarize
from plancli.errors import PlancliError
from plancli.extract.indicators import plan_indicators
from plancli.extract.projects import summarize_projects
from plancli.extract.targets import target_report
from plancli.model import Plan
from plancli.parse import parse_document
from plancli.readers import document_from_bytes
from plancli.render.base import to_json
from tests.jieba_free import pieces_tokens

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
PLANS = {name: (RAW / f"{name}.txt").read_text(encoding="utf-8").split("\n") for name in ("huadu", "qingcheng")}

# Lines a plan, a converter or a careless edit can hold.
_LINES = st.sampled_from([
    "一、", "（三）", "(一）标题", "1.", "（1）", "①", "第一章 总则", "第二节", "附件", "附件2", "附件：",
    "附件：1.名单", "专栏1：", "专项工程", "目 录", "目录", "\t序号", "\t", "\t指标", "\t2025年", "\t≧98",
    "序号", "1", "—", "- 12 -", "第 3 页", "[bookmark: _GoBack]", "错误！未定义书签。", "到2025年，入园率达到",
    "十四五", "（2025-2021年）", "规划（2021-2075年）", "总投资约5.2亿元", "项目总计3个", "新建项目2个",
    "合计", "其中：", "一、二年级", "（（（（", "）））", "【", "〔2021〕", "《", "》", "“", "。。", "，，", "",
])
_CONTROL = st.sampled_from(["\f", "\x0b", "\x85", "\u2028", "\u2029", "\u200b", "\ufeff", "\uffff", "\ufffe",
                            "\u3000", "\t", "\r", "\x00", "\x1f"])
_TRADITIONAL = str.maketrans("发学区规划专项体为实现务义质教师", "發學區規劃專項體為實現務義質教師")
# Typos of a draft's period: backwards, too long, implausible, against the named period.
_PERIODS = st.sampled_from(["（2025-2021年）", "（2021-2075年）", "（1200-1204年）", "（2016-2020年）",
                            "（2021—2021年）", "（2099-2000年）", "（征求意见稿）"])
_ENCODINGS = st.sampled_from(["gb18030", "big5", "utf-16", "latin-1", "cp1252"])


def _piece(draw) -> str:
    kind = draw(st.sampled_from(["line", "control", "digits", "brackets", "text"]))
    if kind == "line":
        return draw(_LINES)
    if kind == "control":
        return draw(_CONTROL) * draw(st.integers(1, 3))
    if kind == "digits":
        return draw(st.sampled_from(["", "≧", "约", "0."])) + "9" * draw(st.sampled_from([1, 15, 16, 400, 3000])) \
            + draw(st.sampled_from(["", "%", "万元", "所", "年"]))
    if kind == "brackets":
        return "".join(draw(st.lists(st.sampled_from("（）()【】〔〕《》“”「」[]"), min_size=1, max_size=8)))
    return draw(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12))


@st.composite
def mutants(draw) -> tuple[str, list[str], bytes]:
    name = draw(st.sampled_from(sorted(PLANS)))
    lines = list(PLANS[name])
    encoded: dict[int, str] = {}  # line index → another encoding for that line's bytes
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "inject", "traditional",
                                     "encoding", "run", "title"]))
        if edit == "title":  # the cover's title line, where the metadata comes from
            lines[0] += draw(_PERIODS) if draw(st.booleans()) else _piece(draw)
        elif edit == "insert":
            lines.insert(where, _piece(draw))
        elif edit == "delete" and len(lines) > 1:
            del lines[where]
        elif edit == "duplicate":
            lines[where:where] = lines[where:where + draw(st.integers(1, 40))]
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[where], lines[other] = lines[other], lines[where]
        elif edit == "inject":
            at = draw(st.integers(0, len(lines[where])))
            lines[where] = lines[where][:at] + _piece(draw) + lines[where][at:]
        elif edit == "traditional":
            lines[where] = lines[where].translate(_TRADITIONAL)
        elif edit == "encoding":
            encoded[where] = draw(_ENCODINGS)
        else:  # the same line many times over (a converter stuck on a page)
            lines[where:where] = [lines[where]] * draw(st.sampled_from([50, 500]))
    data = b"\n".join(line.encode(encoded.get(i, "utf-8"), errors="replace") for i, line in enumerate(lines))
    return name, lines, data


def _bigrams(text: str) -> list[str]:
    return re.findall(r"[\u4e00-\u9fff]{1,2}|[^\u4e00-\u9fff]+", text)


_ORIGINALS: dict[str, Plan] = {}


def _original(name: str) -> Plan:
    if name not in _ORIGINALS:
        _ORIGINALS[name] = parse_document(document_from_bytes((RAW / f"{name}.txt").read_bytes(),
                                                              RAW / f"{name}.txt"), name)
    return _ORIGINALS[name]


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutants())
def test_no_mutant_of_a_real_plan_raises_anything_but_plancli_errors(mutant):
    name, _, data = mutant
    try:
        document = document_from_bytes(data, Path(f"{name}.txt"))
    except PlancliError:
        return  # undecodable or binary: an input error is the right answer
    plan = parse_document(document, f"{name}-mutant")
    source = document.text
    tokens = pieces_tokens(plan)
    original = _original(name)
    results = [
        outline_of(plan), plan_indicators(plan), target_report(plan), summarize_projects(plan),
        check_plan(plan, source, tokenize=_bigrams, dictionary=lambda word: False),
        summarize(plan, tokens),
        compare_plans([original, plan], {original.id: pieces_tokens(original), plan.id: tokens}),
        diff_plans(original, plan, tokenize=_bigrams),
        query_plans(["教育"], [plan]),
    ]
    for result in results:
        to_json(result)  # strict JSON: no NaN or Infinity anywhere


@pytest.mark.parametrize("name", sorted(PLANS))
def test_the_fuzz_starts_from_plans_that_parse(name):
    assert _original(name).outline
