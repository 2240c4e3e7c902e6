"""Folding text for matching: full-width → half-width, case and traditional → simplified
characters, never for what is shown.

The model keeps every text exactly as written; these functions give the form that matching
compares, with a way back to the original offsets.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc


@lru_cache(maxsize=8192)
def fold_width_char(char: str) -> str:
    """CHAR in its NFKC (half-width) form when that is one character, else CHAR itself."""
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def fold_width(text: str) -> str:
    """TEXT with full-width forms folded to half-width, one character for one: offsets hold."""
    return "".join(map(fold_width_char, text))


def _clusters(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each base character with the combining marks after it.

    Normalizing whole clusters lets a precomposed é match e + U+0301.
    """
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, index
            start = index


@lru_cache(maxsize=16384)
def _fold_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char).casefold()


def normalized_with_origins(text: str) -> tuple[str, list[int], list[int]]:
    """TEXT folded for matching, with the original offset each folded character starts and ends in.

    One original character may become several (㈠ → (一), ß → ss); those all map back to it.
    """
    if not any(map(unicodedata.combining, text)):
        # Every cluster is one character: fold each through the cache (most text folds one for one).
        folded = "".join(map(_fold_char, text))
        if len(folded) == len(text):
            return folded, list(range(len(text))), list(range(1, len(text) + 1))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(text):
        piece = unicodedata.normalize("NFKC", text[start:end]).casefold()
        pieces.append(piece)
        starts += [start] * len(piece)
        ends += [end] * len(piece)
    return "".join(pieces), starts, ends


def normalize(text: str) -> str:
    """TEXT as matching sees it: NFKC (full-width → half-width), then case-folded."""
    return normalized_with_origins(text)[0]


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    import opencc  # (imported on first use: width folding, which most commands need, does without it)

    return opencc.OpenCC("t2s.json")


def fold_script(text: str) -> str:
    """TEXT with traditional characters as simplified (達到 → 达到), one character for one.

    OpenCC converts phrase by phrase; where a phrase changes length the text is converted one
    character at a time instead, so that offsets in the result are offsets in TEXT.
    """
    converted = _to_simplified().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_fold_script_char(char) for char in text)


@lru_cache(maxsize=8192)
def _fold_script_char(char: str) -> str:
    converted = _to_simplified().convert(char)
    return converted if len(converted) == 1 else char
