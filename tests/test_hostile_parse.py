"""Hostile input to the parser and the analyses (issue 10): odd metadata, absurd numbers,
characters Word cannot hold, and shapes that used to take quadratic time. Every file is built
in the test."""

from __future__ import annotations

import gc
import json
import re
import time
from pathlib import Path

import pytest

from plancli.analyses.check import check_plan
from plancli.analyses.outline import outline_of
from plancli.analyses.plans import ParseResult
from plancli.analyses.summarize import summarize
from plancli.extract.indicators import all_indicators
from plancli.extract.targets import plan_targets
from plancli.files import json_text
from plancli.model import Metadata, Plan
from plancli.parse import parse_document
from plancli.parse.front import odd_metadata
from plancli.readers import text_to_document
from plancli.render.base import OutputFormat, to_json
from plancli.render.plans import ParseView
from plancli.render.report import xml_safe
from tests.jieba_free import pieces_tokens

CHECK_DATA = Path(__file__).parent / "check_data"
CLEAN = (CHECK_DATA / "clean_simplified.txt").read_text(encoding="utf-8")
TITLE = "南山区教育事业发展“十四五”规划"


def plan_of(text: str, name: str = "sample") -> Plan:
    return parse_document(text_to_document(text, name=f"{name}.txt"), name)


def with_title(title: str) -> str:
    assert TITLE in CLEAN
    return CLEAN.replace(TITLE, title, 1)


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity, as strict parsers (JavaScript, jq) do."""
    def refuse(constant: str):
        raise AssertionError(f"JSON holds {constant}")
    return json.loads(text, parse_constant=refuse)


# --- odd metadata: a warning and a check finding, never a crash ----------------------------

ODD_TITLES = [
    (f"{TITLE}（2025-2021年）", "the plan period runs backwards (2025–2021)"),
    ("南山区教育事业发展规划（2021-2070年）", "the plan period 2021–2070 spans 50 years"),
    (f"{TITLE}（2016-2020年）", "十四五 is 2021–2025 but the title states 2016–2020"),
]


@pytest.mark.parametrize(("title", "problem"), ODD_TITLES)
def test_odd_period_is_a_parse_warning_and_a_check_finding(title, problem):
    text = with_title(title)
    plan = plan_of(text)
    assert plan.metadata.title == title.replace("（", "（")  # the title is kept as written
    assert f"title: {problem}" in plan.warnings
    findings = [f for f in check_plan(plan, text) if f.rule in ("DAT007", "STR003")]
    assert [f.rule for f in findings] == ["DAT007"]  # reported once, with its location
    assert problem in findings[0].message
    line = text.split("\n")[findings[0].line - 1]
    assert line[findings[0].column - 1:].startswith(re.search(r"\d{4}", title).group())


def test_implausible_years_are_named():
    assert odd_metadata(Metadata(start_year=1200, end_year=1204)) == [
        "title: the plan period's start year 1200 is implausible",
        "title: the plan period's end year 1204 is implausible",
    ]
    assert odd_metadata(Metadata(period="十四五", start_year=2021, end_year=2025)) == []


def test_backwards_period_does_not_break_any_command(run, data_dir):
    (data_dir / "raw" / "draft.txt").write_text(with_title(f"{TITLE}（2025-2021年）"), encoding="utf-8")
    for args in (["plans"], ["query", "学前教育"], ["outline", "draft"], ["indicators", "draft"],
                 ["targets", "draft"], ["summarize", "draft"], ["compare", "draft", "huadu"],
                 ["diff", "draft", "huadu", "--stat"], ["check", "draft"], ["parse", "draft"]):
        result = run(*args)
        assert result.exit_code in (0, 1), (args, result.output)
    listing = strict_json(run("plans", "-f", "json").output)
    draft = next(p for p in listing if p["id"] == "draft")
    assert draft["period"] == "2025-2021"  # the years as the title states them


def test_a_cache_with_a_backwards_period_loads(run, data_dir):
    (data_dir / "raw" / "draft.txt").write_text(with_title(f"{TITLE}（2025-2021年）"), encoding="utf-8")
    assert run("parse", "draft").exit_code == 0
    cached = data_dir / "parsed" / "draft.json"
    assert Plan.model_validate_json(cached.read_bytes()).metadata.start_year == 2025
    assert run("outline", "draft").exit_code == 0


def test_a_cache_an_older_version_wrote_is_parsed_again(run, data_dir):
    parsed = data_dir / "parsed"
    parsed.mkdir()
    # An older shape: a field this version does not know, and years the old validator refused.
    (parsed / "huadu.json").write_text('{"schema_version": "0", "id": "huadu", "legacy": true}', encoding="utf-8")
    result = run("outline", "huadu", "--depth", "1")
    assert result.exit_code == 0 and "发展基础" in result.output
    assert strict_json((parsed / "huadu.json").read_text(encoding="utf-8"))["schema_version"] != "0"


# --- absurd numbers: text, flagged, never NaN or Infinity --------------------------------

HUGE = "9" * 400


def absurd_numbers_text() -> str:
    text = CLEAN.replace("\t≧98\n", f"\t≧{HUGE}\n", 1).replace("\t21000\n", f"\t{HUGE}\n", 1)
    text = text.replace("学前教育毛入园率达到98%以上", f"学前教育毛入园率达到{HUGE}%以上", 1)
    assert text.count(HUGE) == 3
    return text


def test_absurd_numbers_stay_text_and_are_flagged():
    plan = plan_of(absurd_numbers_text())
    flagged = [w for w in plan.warnings if "a number of 400 digits is out of range" in w]
    assert len(flagged) == 3
    indicator = next(i for i in all_indicators(plan) if i.name == "学前教育毛入园率")
    assert indicator.target.text == f"≧{HUGE}" and indicator.target.value is None
    assert not [t for t in plan_targets(plan) if HUGE in t.text]
    assert [f.rule for f in check_plan(plan, absurd_numbers_text()) if "400 digits" in f.message] == ["STR003"] * 3


@pytest.mark.parametrize("args", [["indicators", "absurd"], ["targets", "absurd"], ["projects", "absurd"],
                                  ["compare", "absurd", "huadu"], ["summarize", "absurd"], ["parse", "absurd"]])
def test_json_of_absurd_numbers_is_strict(run, data_dir, args):
    (data_dir / "raw" / "absurd.txt").write_text(absurd_numbers_text(), encoding="utf-8")
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    assert "Infinity" not in result.output and "NaN" not in result.output
    strict_json(result.output)


def test_json_refuses_nan_and_infinity():
    for value in (float("inf"), float("nan")):
        with pytest.raises(ValueError):
            to_json({"value": value})
        with pytest.raises(ValueError):
            json_text([value])


# --- Word: every text made XML-safe in one place -----------------------------------------

def test_xml_safe_drops_what_xml_cannot_hold():
    assert xml_safe("a\fb\uffff\ufffec\ud800d\x00e\x1f\tf\ng") == "abcde\tf\ng"


def test_compare_docx_with_form_feed_and_non_character_in_title(run, data_dir, tmp_path):
    from docx import Document

    title = f"{TITLE}\f\uffff（征求意见稿）"
    (data_dir / "raw" / "draft.txt").write_text(with_title(title), encoding="utf-8")
    report = tmp_path / "comparison.docx"
    result = run("compare", "draft", "huadu", "--docx", str(report))
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    text += "\n".join(c.text for t in Document(str(report)).tables for r in t.rows for c in r.cells)
    assert TITLE in text and "\f" not in text and "\uffff" not in text
    diff_report = tmp_path / "diff.docx"
    assert run("diff", "draft", "huadu", "--docx", str(diff_report)).exit_code == 1
    assert diff_report.stat().st_size > 0


# --- linear time -------------------------------------------------------------------------

def _seconds(function, argument) -> float:
    best = float("inf")
    for _ in range(3):
        # The collector is off while timing: a full collection of the whole test session's heap
        # falling into one run would be measured as the code's cost.
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            function(argument)
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def grows_linearly(build, work, n: int) -> tuple[float, float]:
    """(t(n), t(4n)) for WORK on BUILD(n) and BUILD(4n); a quadratic cost makes the ratio ~16."""
    small, big = build(n), build(4 * n)
    work(small)  # warm caches and imports
    return _seconds(work, small), _seconds(work, big)


HEAD = f"{TITLE}\n\n"


def _parsed(text: str) -> Plan:
    return plan_of(text)


SHAPES = {
    # (build text of size n, what to run on it, n)
    "repeated headings → outline": (lambda n: HEAD + "一、重复标题\n" * n,
                                    lambda text: outline_of(_parsed(text)), 2_000),
    "digit run → targets": (lambda n: HEAD + "一、目标\n\n到2025年，达到" + "1" * n + "%。\n",
                            lambda text: plan_targets(_parsed(text)), 20_000),
    "digit run → check": (lambda n: HEAD + "一、目标\n\n项目总投资" + " " * n + "1" * n + "万元。\n",
                          lambda text: check_plan(_parsed(text), text, tokenize=list), 5_000),
    "full-width dots → targets": (lambda n: HEAD + "一、目标\n\n" + "．" * n + "\n",
                                  lambda text: plan_targets(_parsed(text)), 20_000),
    "blanks in a heading → outline": (lambda n: HEAD + "一、" + " " * n + "标题（" + " " * n + "x\n",
                                      lambda text: outline_of(_parsed(text)), 20_000),
    "PDF-like lines, no blank line → parse": (
        lambda n: HEAD + "一、总则\n" + "这是一行从PDF转换出来的正文，没有句号也没有空行，宽度固定的一行文字\n" * n,
        _parsed, 2_000),
    "top-level sections → indicators and targets": (
        lambda n: HEAD + "".join(f"一、第{i}部分\n\n到2025年，入园率达到{i % 90}%。\n\n" for i in range(n)),
        lambda text: (all_indicators(p := _parsed(text)), plan_targets(p)), 400),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_hostile_shape_takes_linear_time(shape):
    build, work, n = SHAPES[shape]
    small, big = grows_linearly(build, work, n)
    assert big / small < 8 or big < 0.05, f"{shape}: {small:.3f}s at n={n}, {big:.3f}s at 4n"


def _sections_tokens(n: int):
    """A plan of N top-level sections and its tokens, cut without jieba (one token per character)."""
    plan = _parsed(HEAD + "".join(f"一、第{i}部分教育\n\n推进学前教育和义务教育均衡发展{i % 7}。\n\n" for i in range(n)))
    return plan, pieces_tokens(plan)


def test_summarize_of_many_top_level_sections_takes_linear_time():
    small, big = grows_linearly(_sections_tokens, lambda pair: summarize(*pair), 250)
    assert big / small < 8, f"{small:.3f}s at 250 sections, {big:.3f}s at 1000"


def test_parse_table_of_many_warnings_is_short_and_linear():
    def results(n: int):
        plan = _parsed(HEAD + "一、重复标题\n" * n)
        return [ParseResult(id=plan.id, output="data/parsed/sample.json", changed=True, tokens=None,
                            headings=plan.heading_counts(), tables=0, warnings=plan.warnings)]

    def render(parsed):
        from plancli.render.base import rich_to_text

        return rich_to_text(ParseView(parsed).render(OutputFormat.table), width=100)

    small, big = grows_linearly(results, render, 2_000)
    assert big / small < 8 or big < 0.05
    shown = render(results(2_000))
    assert len(shown.splitlines()) < 20
    flat = " ".join(shown.split())  # the cell wraps
    assert "1999 warnings: line 4: number repeated, 一 already exists;" in flat
    assert "… 1996 more (all in --format json)" in flat


# --- every regex of the text layers: no catastrophic backtracking --------------------------

_LAYERS = ("lang", "readers", "parse", "extract", "words", "analyses")
# Long runs of what plans are made of, alone and after the prefixes patterns start with.
_RUNS = (" ", "\u3000", "\t", "\n", "1", "１", "．", ".", "·", "…", "—", "-", "一", "十", "O", "、", "，", ",",
         "（", "(", "《", "〔", "年", "%", "a", "1,", "1.", "一、", "(一)")
_PREFIXES = ("", "2021", "到2025年", "项目", "总投资", "第", "附件", "专栏", "（", "1", "不低于", "序号", "其中：")


def _module_patterns() -> dict[str, re.Pattern[str]]:
    import importlib
    import pkgutil

    import plancli

    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(plancli.__path__, "plancli."):
        if info.name.split(".")[1] not in _LAYERS:
            continue
        for name, value in vars(importlib.import_module(info.name)).items():
            items = value if isinstance(value, tuple) else (value,)
            for k, item in enumerate(items):
                for pattern in (item if isinstance(item, tuple) else (item,)):
                    if isinstance(pattern, re.Pattern):
                        found.setdefault(f"{info.name}.{name}[{k}]", pattern)
    return found


def _scan(pattern: re.Pattern, text: str) -> float:
    subject = text.encode() if isinstance(pattern.pattern, bytes) else text  # (the readers' byte patterns)
    start = time.perf_counter()
    for _ in pattern.finditer(subject):
        pass
    pattern.match(subject)
    pattern.fullmatch(subject)
    return time.perf_counter() - start


def test_no_regex_backtracks_on_long_runs():
    """Search, match and fullmatch of every module-level pattern stay linear on long runs."""
    patterns = _module_patterns()
    assert len(patterns) > 100
    slow = []
    for name, pattern in patterns.items():
        for prefix in _PREFIXES:
            for run in _RUNS if not prefix else _RUNS[:8]:
                small = prefix + run * (400 // len(run))
                big = prefix + run * (1600 // len(run))
                if _scan(pattern, small) < 0.0002 and _scan(pattern, big) < 0.002:
                    continue  # far too fast to be quadratic
                a, b = min(_scan(pattern, small) for _ in range(3)), min(_scan(pattern, big) for _ in range(3))
                if b > 8 * a and b > 0.002:
                    slow.append(f"{name} on {prefix!r} + {run!r}×n: {a * 1000:.2f} ms → {b * 1000:.2f} ms at 4n")
    assert not slow, "\n".join(slow)


def test_a_plan_holds_no_floats_so_its_json_is_strict(huadu):
    """storage.plan_json uses pydantic's fast serializer, which would write null for a NaN or
    Infinity rather than refuse it: a float field in the model must be a deliberate change."""
    from plancli.storage.plans import plan_json

    schema = json.dumps(Plan.model_json_schema())
    assert '"type": "number"' not in schema
    assert plan_json(huadu) == json_text(huadu.model_dump(mode="json"))  # the same text, strict
