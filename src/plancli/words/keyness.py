"""Keyness: which terms one plan uses markedly more than another.

Pure Python over term counts (``collections.Counter``), so it never loads jieba. A corpus'
size is the sum of its counts: pass the same kind of counts for target and reference (for
example content terms from ``plancli.words.segment.content_terms`` for both).

- Significance is Dunning's log-likelihood G² in the two-cell form of Rayson & Garside (2000):
  with a, b the term's frequency in target and reference and c, d the corpus sizes,
  E1 = c·(a+b)/(c+d), E2 = d·(a+b)/(c+d), G² = 2·(a·ln(a/E1) + b·ln(b/E2)), 0·ln 0 = 0.
  G² ≥ 3.84 means p < 0.05 (one degree of freedom), 6.63 p < 0.01, 10.83 p < 0.001.
- Effect size is Hardie's Log Ratio: log2 of the ratio of relative frequencies, a zero
  frequency replaced by 0.5 so a term absent from one side still gets a finite value.
  1 means twice as frequent, 2 four times.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict

__all__ = ["G2_P05", "KeyTerm", "SharedTerm", "background_frequencies", "keyness", "log_likelihood", "log_ratio",
           "shared_terms"]

G2_P05 = 3.84  # critical value of chi-square with 1 degree of freedom at p = 0.05
_PER = 10_000  # normalized frequencies are per 10,000 terms
_ZERO_SUBSTITUTE = 0.5


class KeyTerm(BaseModel):
    """A term over-represented in the target corpus compared with the reference."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str
    freq_target: int
    freq_reference: int
    per_10k_target: float
    per_10k_reference: float
    log_likelihood: float
    log_ratio: float


class SharedTerm(BaseModel):
    """A term frequent in every document; ``min_per_10k`` is its lowest normalized frequency."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str
    freqs: dict[str, int]
    per_10k: dict[str, float]
    min_per_10k: float


@cache
def background_frequencies() -> Counter[str]:
    """General Chinese word frequencies (resources/background_freq.tsv, from jieba's dictionary:
    its header says how), the reference a single plan's keywords are measured against."""
    text = (files("plancli") / "resources" / "background_freq.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return Counter({word: int(freq) for word, freq in rows})


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Dunning's G² for a term seen ``a`` times in a corpus of ``c`` and ``b`` times in one of ``d``."""
    if c <= 0 or d <= 0 or a + b == 0:
        return 0.0
    expected_target = c * (a + b) / (c + d)
    expected_reference = d * (a + b) / (c + d)
    g2 = 0.0
    if a:
        g2 += a * math.log(a / expected_target)
    if b:
        g2 += b * math.log(b / expected_reference)
    # The sum is ≥ 0 in exact arithmetic; clamp the rounding noise of near-equal proportions.
    return max(0.0, 2 * g2)


def log_ratio(a: int, b: int, c: int, d: int) -> float:
    """Hardie's Log Ratio: log2((a/c) / (b/d)), a zero frequency replaced by 0.5."""
    if c <= 0 or d <= 0:
        raise ValueError("both corpora must be non-empty")
    return math.log2(((a or _ZERO_SUBSTITUTE) / c) / ((b or _ZERO_SUBSTITUTE) / d))


def keyness(
    target: Mapping[str, int],
    reference: Mapping[str, int],
    min_freq: int = 3,
    top: int | None = 30,
    min_g2: float = G2_P05,
    reference_size: int | None = None,
) -> list[KeyTerm]:
    """Terms over-represented in ``target``: frequency ≥ ``min_freq`` there and G² ≥ ``min_g2``.

    Sorted by G² (highest first), ties by term, so results are deterministic; at most ``top``
    of them (all with ``top=None``). Empty if either corpus is empty. ``reference_size`` is the
    reference corpus's size when ``reference`` holds only the terms of ``target`` (building the
    whole remainder for each of thousands of sections would be quadratic).
    """
    target_size = sum(target.values())
    if reference_size is None:
        reference_size = sum(reference.values())
    if target_size <= 0 or reference_size <= 0:
        return []
    key_terms = []
    for term, a in target.items():
        b = reference.get(term, 0)
        if a < min_freq or a / target_size <= b / reference_size:
            continue
        g2 = log_likelihood(a, b, target_size, reference_size)
        if g2 < min_g2:
            continue
        key_terms.append(
            KeyTerm(
                term=term,
                freq_target=a,
                freq_reference=b,
                per_10k_target=a / target_size * _PER,
                per_10k_reference=b / reference_size * _PER,
                log_likelihood=g2,
                log_ratio=log_ratio(a, b, target_size, reference_size),
            )
        )
    key_terms.sort(key=lambda key_term: (-key_term.log_likelihood, key_term.term))
    return key_terms if top is None else key_terms[:top]


def shared_terms(
    counters: Mapping[str, Counter[str]], min_freq: int = 3, top: int | None = 30
) -> list[SharedTerm]:
    """Terms with frequency ≥ ``min_freq`` in every document, ranked by their lowest
    normalized frequency (highest first, ties by term). Empty if any document is empty."""
    sizes = {name: sum(counts.values()) for name, counts in counters.items()}
    if not sizes or min(sizes.values()) <= 0:
        return []
    first, *others = counters.values()
    candidates = [
        term
        for term, count in first.items()
        if count >= min_freq and all(other.get(term, 0) >= min_freq for other in others)
    ]
    shared = []
    for term in candidates:
        per_10k = {name: counts[term] / sizes[name] * _PER for name, counts in counters.items()}
        shared.append(
            SharedTerm(
                term=term,
                freqs={name: counts[term] for name, counts in counters.items()},
                per_10k=per_10k,
                min_per_10k=min(per_10k.values()),
            )
        )
    shared.sort(key=lambda shared_term: (-shared_term.min_per_10k, shared_term.term))
    return shared if top is None else shared[:top]
