"""Keyness statistics, by hand on small numbers and on the two real plans."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plancli.words.keyness import G2_P05, KeyTerm, keyness, log_likelihood, log_ratio, shared_terms
from plancli.words.segment import content_terms, tokenize_many

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
# Word-converter debris in the raw files; the parser strips it before text analysis.
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")


def test_log_likelihood_by_hand():
    a, b, c, d = 10, 2, 1000, 1000
    e1 = c * (a + b) / (c + d)  # 6
    e2 = d * (a + b) / (c + d)  # 6
    expected = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert log_likelihood(a, b, c, d) == pytest.approx(expected, abs=1e-4)
    assert log_likelihood(a, b, c, d) == pytest.approx(5.8221, abs=1e-4)


def test_log_likelihood_term_absent_from_reference():
    # 0·ln 0 counts as 0: only the target cell contributes.
    a, c, d = 5, 1000, 3000
    expected = 2 * a * math.log(a / (c * a / (c + d)))
    assert log_likelihood(a, 0, c, d) == pytest.approx(expected)
    assert log_likelihood(a, 0, c, d) == pytest.approx(2 * 5 * math.log(4))


def test_log_likelihood_is_symmetric_and_zero_for_equal_proportions():
    assert log_likelihood(10, 2, 1000, 1000) == pytest.approx(log_likelihood(2, 10, 1000, 1000))
    assert log_likelihood(7, 3, 500, 900) == pytest.approx(log_likelihood(3, 7, 900, 500))
    assert log_likelihood(10, 20, 1000, 2000) == pytest.approx(0.0)
    assert log_likelihood(0, 0, 1000, 2000) == 0.0
    assert log_likelihood(3, 0, 0, 2000) == 0.0


def test_log_ratio():
    assert log_ratio(10, 5, 1000, 1000) == pytest.approx(1.0)
    assert log_ratio(10, 0, 1000, 1000) == pytest.approx(math.log2(10 / 0.5))  # zero → 0.5
    assert log_ratio(4, 8, 1000, 500) == pytest.approx(-2.0)
    with pytest.raises(ValueError):
        log_ratio(1, 1, 0, 10)


def test_keyness_small_example():
    target = Counter({"跳绳": 10, "学校": 100, "教师": 50, "少见": 2})
    reference = Counter({"跳绳": 2, "学校": 100, "教师": 60, "爱种子": 8})
    terms = keyness(target, reference)
    assert [term.term for term in terms] == ["跳绳"]
    jump_rope = terms[0]
    c, d = sum(target.values()), sum(reference.values())
    assert jump_rope == KeyTerm(
        term="跳绳",
        freq_target=10,
        freq_reference=2,
        per_10k_target=10 / c * 10_000,
        per_10k_reference=2 / d * 10_000,
        log_likelihood=log_likelihood(10, 2, c, d),
        log_ratio=log_ratio(10, 2, c, d),
    )
    assert jump_rope.log_likelihood >= G2_P05
    # Under-represented terms are never key; a lower threshold lets weaker terms in.
    assert "爱种子" not in {term.term for term in keyness(target, reference, min_freq=1, min_g2=0)}
    assert "少见" in {term.term for term in keyness(target, reference, min_freq=1, min_g2=0)}


def test_keyness_empty_corpora():
    assert keyness(Counter(), Counter({"学校": 3})) == []
    assert keyness(Counter({"学校": 3}), Counter()) == []
    assert shared_terms({}) == []
    assert shared_terms({"a": Counter({"学校": 3}), "b": Counter()}) == []


def test_keyness_order_and_top():
    target = Counter({"甲": 30, "乙": 30, "丙": 20, "丁": 5, "共": 100})
    reference = Counter({"共": 100, "戊": 50})
    terms = keyness(target, reference, top=None)
    assert [term.term for term in terms] == ["乙", "甲", "丙", "丁"]  # G² desc, then term
    assert keyness(target, reference, top=2) == terms[:2]


def test_key_term_forbids_extra_fields():
    with pytest.raises(ValueError):
        KeyTerm(term="x", freq_target=1, freq_reference=0, per_10k_target=1, per_10k_reference=0,
                log_likelihood=1, log_ratio=1, extra=1)


def test_shared_terms():
    counters = {
        "a": Counter({"学校": 10, "教师": 6, "跳绳": 9, "少": 2}),
        "b": Counter({"学校": 5, "教师": 9, "爱种子": 3, "少": 2}),
    }
    shared = shared_terms(counters)
    assert [term.term for term in shared] == ["学校", "教师"]
    school = shared[0]
    assert school.freqs == {"a": 10, "b": 5}
    assert school.min_per_10k == pytest.approx(min(10 / 27, 5 / 19) * 10_000)


counts = st.dictionaries(st.sampled_from("甲乙丙丁戊己庚辛"), st.integers(0, 50), max_size=8)


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 2000), st.integers(0, 2000))
def test_log_likelihood_is_never_negative(a: int, b: int, extra_c: int, extra_d: int):
    assert log_likelihood(a, b, a + extra_c, b + extra_d) >= 0.0


@given(counts, counts)
def test_keyness_is_deterministic_and_filtered(target: dict[str, int], reference: dict[str, int]):
    first = keyness(Counter(target), Counter(reference), min_freq=1, top=None)
    again = keyness(Counter(dict(reversed(list(target.items())))), Counter(reference), min_freq=1, top=None)
    assert first == again
    for term in first:
        assert term.log_likelihood >= G2_P05
        assert term.log_ratio > 0
        assert term.per_10k_target > term.per_10k_reference


# --- the two real plans -------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan_terms() -> dict[str, Counter[str]]:
    """Content-term counts of each plan, tokenized once for the module."""
    names = ["huadu", "qingcheng"]
    texts = [_BOOKMARK.sub("", (RAW / f"{name}.txt").read_text(encoding="utf-8")) for name in names]
    return {
        name: Counter(content_terms(tokens))
        for name, tokens in zip(names, tokenize_many(texts), strict=True)
    }


@pytest.fixture(scope="module")
def distinctive(plan_terms) -> dict[str, set[str]]:
    huadu, qingcheng = plan_terms["huadu"], plan_terms["qingcheng"]
    return {
        "huadu": {term.term for term in keyness(huadu, qingcheng, top=None)},
        "qingcheng": {term.term for term in keyness(qingcheng, huadu, top=None)},
    }


def test_huadu_distinctive_terms(distinctive):
    assert {"跳绳", "随迁子女"} <= distinctive["huadu"]


def test_qingcheng_distinctive_terms(distinctive):
    assert "爱种子" in distinctive["qingcheng"]
    # jieba tags 越秀/越秀区 as a person name (nr); the list of China's administrative
    # divisions (resources/admin_divisions.txt) masks the partner district all the same.
    assert not {"越秀区", "越秀"} & distinctive["qingcheng"]


def test_own_district_from_the_cover_is_masked():
    from plancli import parse_file
    from plancli.words.tokens import cut_plan

    yunhe = cut_plan(parse_file(Path(__file__).parent / "gold" / "docs" / "yunhe.txt"))
    assert not {"云河", "云河区", "人民政府", "印发", "通知"} & set(yunhe.vocabulary)
    assert "大班额" in yunhe.vocabulary


def test_dual_teacher_teaching_is_over_represented_but_too_rare_to_be_significant(plan_terms):
    # 双师教学 occurs twice in Qingcheng and never in Huadu: G² ≈ 3.1 < 3.84.
    weak = keyness(plan_terms["qingcheng"], plan_terms["huadu"], min_freq=2, min_g2=0, top=None)
    dual_teacher = next(term for term in weak if term.term == "双师教学")
    assert (dual_teacher.freq_target, dual_teacher.freq_reference) == (2, 0)
    assert dual_teacher.log_likelihood < G2_P05


def test_place_names_are_masked(plan_terms, distinctive):
    for place in ["花都", "花都区", "清城", "清城区", "清远", "广州", "广州市", "狮岭", "炭步"]:
        assert place not in plan_terms["huadu"] and place not in plan_terms["qingcheng"]
    assert not any(term.startswith(("花都", "清城")) for terms in distinctive.values() for term in terms)


def test_shared_terms_of_the_plans(plan_terms):
    shared = shared_terms(plan_terms)
    assert shared
    assert {"学校", "教师"} <= {term.term for term in shared}
