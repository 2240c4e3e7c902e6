"""Themes and policy instruments: keyword taxonomies matched against plan text.

Both taxonomies are JSON files in ``plancli/resources`` (their format is documented under the
``_doc`` key of each file) and can be replaced by a user's file of the same format.

Keywords are matched in the text; given the text's jieba tokens (stored with the plan, see
plancli.words.tokens, so this module never loads jieba), an occurrence counts when it is whole
words (体制机制 over 体制|机制) or lies inside one word (高中 in 高中教育), not when it straddles
two: 高中 in 提高|中小学 and 高等 in 提高|等 do not count. Within one theme (or one instrument type)
keywords are matched longest first and each match is blanked before shorter keywords are
tried, so a long keyword is not counted again through a shorter one inside it; a theme's
``exclude`` strings are blanked before any keyword is tried, for keywords that occur inside
unrelated words (体育 in 整体育人).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from plancli.words.tokens import token_boundaries

__all__ = [
    "Instrument",
    "InstrumentScheme",
    "InstrumentTag",
    "InstrumentTool",
    "LocationHits",
    "Theme",
    "ThemeHits",
    "Themes",
    "classify_instrument",
    "instrument_shares",
    "shares_of",
    "load_instruments",
    "load_themes",
    "theme_profile",
]

# Replaces matched and excluded text: never part of a keyword, and keeps string lengths.
_BLANK = "\x00"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_keywords(keywords: list[str]) -> list[str]:
    if not keywords:
        raise ValueError("needs at least one keyword")
    for keyword in keywords:
        if not keyword.strip():
            raise ValueError("keywords must not be empty")
        if _BLANK in keyword:
            raise ValueError(f"keyword {keyword!r} contains a NUL character")
    duplicates = sorted(word for word, count in Counter(keywords).items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate keywords: {', '.join(duplicates)}")
    return keywords


def _unique_ids(ids: Iterable[str], what: str) -> None:
    duplicates = sorted(item for item, count in Counter(ids).items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate {what} ids: {', '.join(duplicates)}")


class Theme(_Model):
    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    description: str
    keywords: list[str]
    exclude: list[str] = Field(default_factory=list)

    @field_validator("keywords")
    @classmethod
    def _valid_keywords(cls, keywords: list[str]) -> list[str]:
        return _check_keywords(keywords)


class Themes(_Model):
    """The themes taxonomy (``resources/themes.json``)."""

    doc: list[str] = Field(default_factory=list, alias="_doc")
    themes: list[Theme] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> Themes:
        _unique_ids((theme.id for theme in self.themes), "theme")
        return self


class InstrumentTool(_Model):
    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    keywords: list[str]

    @field_validator("keywords")
    @classmethod
    def _valid_keywords(cls, keywords: list[str]) -> list[str]:
        return _check_keywords(keywords)


class Instrument(_Model):
    """An instrument type (supply, environment, demand) and its tools."""

    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    description: str
    tools: list[InstrumentTool] = Field(min_length=1)


class InstrumentScheme(_Model):
    """The policy-instrument scheme (``resources/instruments.json``); type order breaks ties."""

    doc: list[str] = Field(default_factory=list, alias="_doc")
    types: list[Instrument] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> InstrumentScheme:
        _unique_ids((kind.id for kind in self.types), "instrument type")
        _unique_ids((tool.id for kind in self.types for tool in kind.tools), "instrument tool")
        return self


class LocationHits(_Model):
    location: str
    hits: int


class ThemeHits(_Model):
    """How often one theme's keywords occur over a set of texts, and where."""

    id: str
    label: str
    hits: int
    keyword_hits: dict[str, int] = Field(description="keyword -> hits, only keywords that occur")
    location_count: int = Field(description="number of distinct locations with a hit")
    top_locations: list[LocationHits]


class InstrumentTag(_Model):
    """The policy instrument a text uses, with the evidence."""

    type: str
    type_label: str
    tool: str
    tool_label: str
    hits: int = Field(description="keyword hits of the whole type")
    keywords: list[str] = Field(description="the chosen tool's keywords found in the text")


def _resource(name: str) -> str:
    return (files("plancli") / "resources" / name).read_text(encoding="utf-8")


def load_themes(path: Path | None = None) -> Themes:
    """The themes taxonomy from ``path``, or the one shipped with plancli."""
    text = path.read_text(encoding="utf-8") if path else _resource("themes.json")
    return Themes.model_validate(json.loads(text))


def load_instruments(path: Path | None = None) -> InstrumentScheme:
    """The policy-instrument scheme from ``path``, or the one shipped with plancli."""
    text = path.read_text(encoding="utf-8") if path else _resource("instruments.json")
    return InstrumentScheme.model_validate(json.loads(text))


@lru_cache(maxsize=256)
def _longest_first(keywords: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(keywords, key=lambda word: (-len(word), word)))


@lru_cache(maxsize=256)
def _any_keyword(keywords: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(keywords))))


_NO_BOUNDARIES: tuple[set[int], set[int]] = (set(), set())


def _keyword_hits(text: str, keywords: Iterable[str], exclude: Iterable[str] = (),
                  boundaries: tuple[set[int], set[int]] = _NO_BOUNDARIES) -> Counter[str]:
    """Occurrences of each keyword, longest first, each match blanked for the shorter ones;
    with the token BOUNDARIES (starts, ends) of TEXT, only occurrences on word boundaries."""
    keywords = frozenset(keywords)
    if not _any_keyword(keywords).search(text):  # most texts hold none: one scan says so
        return Counter()
    starts, ends = boundaries
    for unrelated in exclude:
        text = text.replace(unrelated, _BLANK * len(unrelated))
    hits: Counter[str] = Counter()
    for keyword in _longest_first(keywords):
        whole = [m.start() for m in re.finditer(re.escape(keyword), text)
                 if _on_word_boundaries(m.start(), m.end(), starts, ends)]
        if whole:
            hits[keyword] = len(whole)
            for start in whole:
                text = text[:start] + _BLANK * len(keyword) + text[start + len(keyword):]
    return hits


def _on_word_boundaries(start: int, end: int, starts: set[int], ends: set[int]) -> bool:
    """Whether [start, end) is whole words (体制|机制 for 体制机制) or lies inside one word
    (高中 in 高中教育), rather than straddling two (高中 in 提高|中小学)."""
    inside = any(b in starts or b in ends for b in range(start + 1, end))  # (a keyword is a few characters)
    return not inside or (start in starts and end in ends)


def theme_profile(
    texts: Sequence[tuple[str, str] | tuple[str, str, list[str]]], themes: Themes | None = None,
    top_locations: int = 5,
) -> list[ThemeHits]:
    """Per theme, in taxonomy order: hits over all ``(location, text)`` pairs, or
    ``(location, text, tokens)`` triples matched on token boundaries, and the ``top_locations``
    locations with the most hits (ties in order of first appearance).

    A location given for several texts (a section with many paragraphs) is counted as one.
    """
    themes = themes or load_themes()
    # Each text's token boundaries, found once for all themes.
    units = [(location, text, token_boundaries(text, cut[0]) if cut else _NO_BOUNDARIES)
             for location, text, *cut in texts]
    profile = []
    for theme in themes.themes:
        keyword_hits: Counter[str] = Counter()
        location_hits: Counter[str] = Counter()  # insertion order = first appearance
        keywords = frozenset(theme.keywords)  # built once per theme, not once per text
        for location, text, boundaries in units:
            hits = _keyword_hits(text, keywords, theme.exclude, boundaries)
            if hits:
                keyword_hits.update(hits)
                location_hits[location] += hits.total()
        profile.append(
            ThemeHits(
                id=theme.id,
                label=theme.label,
                hits=keyword_hits.total(),
                keyword_hits=dict(sorted(keyword_hits.items(), key=lambda item: (-item[1], item[0]))),
                location_count=len(location_hits),
                top_locations=[
                    LocationHits(location=location, hits=hits)
                    for location, hits in location_hits.most_common(top_locations)
                ],
            )
        )
    return profile


def classify_instrument(text: str, scheme: InstrumentScheme | None = None) -> InstrumentTag | None:
    """The instrument type with the most keyword hits in ``text``, and its tool with the most
    hits; ties go to the one listed first in the scheme. None when no keyword occurs."""
    scheme = scheme or load_instruments()
    best: tuple[int, Instrument, Counter[str]] | None = None
    for kind in scheme.types:
        hits = _keyword_hits(text, {word for tool in kind.tools for word in tool.keywords})
        if hits and (best is None or hits.total() > best[0]):
            best = (hits.total(), kind, hits)
    if best is None:
        return None
    type_hits, kind, hits = best
    # max() keeps the first of equal tools, which is the scheme's order.
    tool = max(kind.tools, key=lambda candidate: sum(hits[word] for word in candidate.keywords))
    return InstrumentTag(
        type=kind.id,
        type_label=kind.label,
        tool=tool.id,
        tool_label=tool.label,
        hits=type_hits,
        keywords=[word for word in tool.keywords if hits[word]],
    )


def instrument_shares(texts: Iterable[str], scheme: InstrumentScheme | None = None) -> dict[str, float]:
    """Share of each instrument type among the classified texts (type id -> 0..1, in scheme
    order; all 0.0 when no text is classified). Unclassified texts are left out."""
    scheme = scheme or load_instruments()
    tags = [tag for text in texts if (tag := classify_instrument(text, scheme)) is not None]
    return shares_of(tags, scheme)


def shares_of(tags: Sequence[InstrumentTag], scheme: InstrumentScheme) -> dict[str, float]:
    """Share of each instrument type among TAGS (type id -> 0..1, in scheme order)."""
    counts = Counter(tag.type for tag in tags)
    return {kind.id: counts[kind.id] / len(tags) if tags else 0.0 for kind in scheme.types}
