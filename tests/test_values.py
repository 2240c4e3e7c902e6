"""Cell values of indicator tables: comparators, magnitudes, units, placeholders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plancli.extract.values import Value, parse_value, parse_values, unit_from_name

# (text, unit_hint, comparator, value, unit)
CASES = [
    # comparator signs, half- and full-width, with and without a blank
    ("≧98", None, ">=", 98, None),
    ("≥98", None, ">=", 98, None),
    (">=98", None, ">=", 98, None),
    ("≥ 98", None, ">=", 98, None),
    (">58", None, ">", 58, None),
    ("＞58", None, ">", 58, None),
    ("≦5", None, "<=", 5, None),
    ("<5", None, "<", 5, None),
    # magnitudes: 万 and 亿 multiply, except in money
    ("≧3.5万", None, ">=", 35000, None),
    ("≧3.5万", "个", ">=", 35000, "个"),
    ("3.5万", None, "=", 35000, None),
    ("3.5万个", None, "=", 35000, "个"),
    ("4.75万个", None, "=", 47500, "个"),
    ("2亿", None, "=", 200_000_000, None),
    ("1.2亿元", None, "=", 1.2, "亿元"),
    ("3.5万元", None, "=", 3.5, "万元"),
    ("513112万元", None, "=", 513112, "万元"),
    ("约3万", None, "approx", 30000, None),
    # comparator words
    ("100%以上", None, ">=", 100, "%"),
    ("97%以上", None, ">=", 97, "%"),
    ("95%", None, "=", 95, "%"),
    ("不低于90%", None, ">=", 90, "%"),
    ("不少于10所", None, ">=", 10, "所"),
    ("2所或以上", None, ">=", 2, "所"),
    ("达到50%", None, "=", 50, "%"),
    ("达50%以上", None, ">=", 50, "%"),
    ("11.5年以上", None, ">=", 11.5, "年"),
    ("超过80%", None, ">", 80, "%"),
    ("大于50%", None, ">", 50, "%"),
    ("低于5%", None, "<", 5, "%"),
    ("5%以下", None, "<=", 5, "%"),
    ("不超过3%", None, "<=", 3, "%"),
    ("控制在5%以内", None, "<=", 5, "%"),
    ("30人左右", None, "approx", 30, "人"),
    ("200多家", None, ">", 200, "家"),
    ("1-2项", None, ">=", 1, "项"),
    ("3至5所", None, ">=", 3, "所"),
    # a comparator word away from its number
    ("不少于专任教师总数的5%", None, ">=", 5, "%"),
    # keeping a level
    ("保持高水平", None, "maintain", None, None),
    ("保持", None, "maintain", None, None),
    ("巩固", None, "maintain", None, None),
    ("保持100%", None, "maintain", 100, "%"),
    ("保持在100%以上", None, ">=", 100, "%"),
    # no value
    ("_", None, None, None, None),
    ("—", None, None, None, None),
    ("－", None, None, None, None),
    ("/", None, None, None, None),
    ("", None, None, None, None),
    ("  ", None, None, None, None),
    ("达到省定标准", None, None, None, None),
    ("1:3", None, None, None, None),
    # plain numbers, typed O for zero, full-width digits
    ("100.51", None, "=", 100.51, None),
    ("98.8", "%", "=", 98.8, "%"),
    ("2O2O", None, "=", 2020, None),
    ("1OO%", None, "=", 100, "%"),
    ("９８", None, "=", 98, None),
    ("≧９８％", None, ">=", 98, "%"),
    ("235,362万元", None, "=", 235362, "万元"),
    # the unit hint fills in only when the text has no unit
    ("≧25", "%", ">=", 25, "%"),
    ("3所", "个", "=", 3, "所"),
    ("保持高水平", "%", "maintain", None, None),
]


@pytest.mark.parametrize(("text", "unit_hint", "comparator", "value", "unit"), CASES)
def test_parse_value(text, unit_hint, comparator, value, unit):
    expected = Value(text=text, comparator=comparator, value=value, unit=unit)
    assert parse_value(text, unit_hint) == expected


def test_value_fields_in_order():
    assert list(Value.model_fields) == ["text", "comparator", "value", "unit"]


def test_value_forbids_extra_fields():
    with pytest.raises(ValueError):
        Value(text="1", year=2025)


@pytest.mark.parametrize(
    "text", ["95%/98%", "95%\n98%", "95%、98%", "95%；98%", "95%，98%", "95%,98%"])
def test_two_values_in_one_cell(text):
    assert parse_values(text) == [
        Value(text="95%", comparator="=", value=95, unit="%"),
        Value(text="98%", comparator="=", value=98, unit="%"),
    ]
    assert parse_value(text) == Value(text=text, comparator="=", value=95, unit="%")


def test_parse_values_keeps_a_single_value_whole():
    assert parse_values("≧98") == [Value(text="≧98", comparator=">=", value=98)]
    assert parse_values("/") == [Value(text="/")]
    assert parse_values("1,500人") == [Value(text="1,500人", comparator="=", value=1500, unit="人")]


def test_parse_values_hint_applies_to_each_value():
    assert [v.unit for v in parse_values("≧93/≧98", "%")] == ["%", "%"]


@pytest.mark.parametrize(("name", "expected"), [
    ("学前教育毛入园率（%）", ("学前教育毛入园率", "%")),
    ("累计新增基础教育公办学位（个）", ("累计新增基础教育公办学位", "个")),
    ("人均受教育年限(年)", ("人均受教育年限", "年")),
    ("义务教育阶段随迁子女在公办学校就读的比例（%）", ("义务教育阶段随迁子女在公办学校就读的比例", "%")),
    ("匡算投资（万元）", ("匡算投资", "万元")),
    ("占地面积\n（平方米）", ("占地面积", "平方米")),
    ("生均公用经费（元/生）", ("生均公用经费", "元/生")),
    ("体质健康优良率（％）", ("体质健康优良率", "%")),
    ("学前教育毛入园率", ("学前教育毛入园率", None)),
    ("普惠性幼儿园覆盖率（公办园和普惠性民办园在园幼儿占比）",
     ("普惠性幼儿园覆盖率（公办园和普惠性民办园在园幼儿占比）", None)),
    ("", ("", None)),
])
def test_unit_from_name(name, expected):
    assert unit_from_name(name) == expected


# --- properties -----------------------------------------------------------------------------

PLAN_LIKE = st.text(alphabet=st.sampled_from(
    list("0123456789.,%％以上下达到不低于少超过约万亿元个所年保持—_/O ≧≥>＜=\n")))


@given(st.text() | PLAN_LIKE, st.none() | st.sampled_from(["%", "个", "万元"]))
def test_parse_value_never_raises_and_keeps_the_text(text, unit_hint):
    value = parse_value(text, unit_hint)
    assert value.text == text
    if value.value is None:
        assert value.comparator in (None, "maintain")
    else:
        assert value.comparator is not None


@given(st.text() | PLAN_LIKE)
def test_parse_values_never_raises(text):
    assert all(isinstance(v, Value) for v in parse_values(text))


@given(st.integers(min_value=0, max_value=10**12))
def test_at_least_integer_round_trips(n):
    assert parse_value(f"≧{n}") == Value(text=f"≧{n}", comparator=">=", value=n)


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_at_least_decimal_round_trips(n: Decimal):
    text = f"≧{n:f}"
    assert parse_value(text).value == float(n)
    assert parse_value(text).comparator == ">="


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_percent_and_above(n: Decimal):
    text = f"{n:f}%以上"
    assert parse_value(text) == Value(text=text, comparator=">=", value=float(n), unit="%")


def test_range_that_repeats_its_unit():
    value = parse_value("85%-90%")
    assert (value.comparator, value.value, value.unit) == (">=", 85, "%")
    assert parse_value("3所至5所").comparator == ">="
