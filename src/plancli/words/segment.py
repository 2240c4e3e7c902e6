"""Chinese text layer: the one module that tokenizes with jieba.

jieba is imported lazily (the first call that needs it) because importing and initializing it
costs about a second, which commands that never touch word statistics should not pay. Each
lexicon gets its own private ``jieba.Tokenizer``, so user dictionaries never leak into jieba's
global tokenizer or into another lexicon.

jieba's own cache (``jieba.cache`` in the shared temp folder, which anyone can plant or leave
stale) is never read or written: the prefix dictionary is cached in a private per-user folder
(``$XDG_CACHE_HOME/plancli``, else ``~/.cache/plancli``, mode 0700), in a file that carries the
checksum of its content and of the dictionary it was built from, and is used only when the
folder is the user's own, unshared, and the checksum holds — otherwise it is rebuilt.

Typical use::

    lexicon = Lexicon.default()
    tokens = tokenize_many([plan_a_text, plan_b_text], lexicon)   # once, at parse time
    counts = Counter(content_terms(tokens[0], lexicon))
"""

from __future__ import annotations

import hashlib
import io
import logging
import marshal
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from plancli.errors import PlanInputError
from plancli.files import read_source_bytes, write_cache
from plancli.readers.decode import decode_bytes

if TYPE_CHECKING:
    from jieba import Tokenizer

__all__ = [
    "DictEntry",
    "Lexicon",
    "content_terms",
    "is_dictionary_word",
    "is_place_name",
    "load_lexicon",
    "parse_stopwords",
    "parse_user_dict",
    "tokenize",
    "tokenize_many",
]

# Suffixes of administrative units: 花都区, 清远市, 石角镇, 新华街 ...
_ADMIN_SUFFIXES = "省市区县镇街"
# Suffixes that make a name part (广州) into a dictionary place name (广州市). 县, 镇 and 街
# are left out: with them too many common words have a namesake (新建县, 中心镇, 中华街).
_NAME_PART_SUFFIXES = "省市区"
_PLACE_TAG = "ns"
# The suffix that makes a name administrative: 云河区 → 云河, 澄江縣 → 澄江.
_ADMIN_SUFFIX_END = re.compile(r"(?:特别行政区|自治区|自治州|自治县|省|市|区|县|縣|镇|鎮|街道)$")
# A token counts as a number when made only of these, perhaps with a classifier: 2020, 118.01%, 十三, 万个 ...
_NUMBER = re.compile(r"[0-9０-９.．,，%％‰零〇一二三四五六七八九十百千万亿两第余多]+[个所名人项次元倍]?")
# Words carry content only if they contain a Han character or a Latin letter.
_WORDLIKE = re.compile(r"[\u3400-\u9fffA-Za-z]")
_USER_DICT_LINE = re.compile(r"^(?P<word>.+?)(?: (?P<freq>\d+))?(?: (?P<tag>[a-z]+))?$")
# Bounds on a user's word lists: jieba adds every prefix of a word to its dictionary, so one
# long "word" costs its length squared; a frequency beyond jieba's own (about 10^7) is a typo.
WORD_FILE_MAX = 64 * 1024 * 1024
_WORD_MAX = 64
_FREQ_MAX_DIGITS = 12


class DictEntry(NamedTuple):
    """One line of a jieba user dictionary: ``word [freq] [tag]``."""

    word: str
    freq: int | None = None
    tag: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """Domain words jieba must keep whole, and stop words dropped from term statistics.

    Immutable and hashable, so the jieba tokenizer built for a lexicon can be cached.
    """

    entries: tuple[DictEntry, ...]
    stopwords: frozenset[str]
    # Single characters are noise in plan text (的, 和, 区 ...) except a few policy words.
    single_char_terms: frozenset[str] = frozenset({"党"})

    @classmethod
    def default(cls) -> Lexicon:
        """The lexicon shipped in ``plancli/resources``."""
        return _default_lexicon()

    @property
    def words(self) -> frozenset[str]:
        return frozenset(entry.word for entry in self.entries)

    def extended(
        self, entries: Iterable[DictEntry] = (), stopwords: Iterable[str] = ()
    ) -> Lexicon:
        """A new lexicon with more domain words (later entries win) and stop words."""
        merged = {entry.word: entry for entry in (*self.entries, *entries)}
        return Lexicon(
            entries=tuple(merged.values()),
            stopwords=self.stopwords | frozenset(stopwords),
            single_char_terms=self.single_char_terms,
        )


def parse_user_dict(text: str, source: str = "user dictionary") -> list[DictEntry]:
    """Entries of a jieba user dictionary; also accepts ``#`` comment lines and blank lines.

    A line jieba could not use (a word over 64 characters, an absurd frequency) is a
    PlanInputError naming SOURCE and the line number.
    """
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        match = _USER_DICT_LINE.match(line)
        assert match is not None  # the word group matches any non-empty line
        word, freq = match["word"], match["freq"]
        if len(word) > _WORD_MAX:
            raise PlanInputError(source, f"line {number}: a word of {len(word)} characters (at most {_WORD_MAX}): "
                                         "write one word, its frequency and tag per line")
        if freq and len(freq.lstrip("0")) > _FREQ_MAX_DIGITS:
            raise PlanInputError(source, f"line {number}: frequency of {len(freq)} digits "
                                         f"(at most {_FREQ_MAX_DIGITS})")
        entries.append(DictEntry(word, int(freq) if freq else None, match["tag"]))
    return entries


def parse_stopwords(text: str) -> list[str]:
    """One word per line; ``#`` starts a comment line; blank lines are ignored."""
    words = (line.strip().lstrip("\ufeff") for line in text.splitlines())
    return [word for word in words if word and not word.startswith("#")]


def read_word_file(path: Path) -> str:
    """A user's dictionary or stop-word file, decoded like a plan (UTF-8, GB18030 …). Only a
    regular file of at most WORD_FILE_MAX bytes is read: not /dev/zero, not a FIFO."""
    return decode_bytes(read_source_bytes(path, WORD_FILE_MAX, regular_only=True), str(path))[0]


def load_lexicon(user_dict: Path | None = None, user_stopwords: Path | None = None) -> Lexicon:
    """The default lexicon, extended by a user dictionary and/or a user stop-word file."""
    lexicon = Lexicon.default()
    if user_dict is None and user_stopwords is None:
        return lexicon
    entries = parse_user_dict(read_word_file(user_dict), str(user_dict)) if user_dict else []
    stopwords = parse_stopwords(read_word_file(user_stopwords)) if user_stopwords else []
    return lexicon.extended(entries, stopwords)


@cache
def _default_lexicon() -> Lexicon:
    """domain_dict.txt, and as stop words stopwords.txt with the place names of
    admin_divisions.txt (China's administrative divisions: masked like stop words)."""
    resources = files("plancli") / "resources"
    stopwords = parse_stopwords((resources / "stopwords.txt").read_text(encoding="utf-8"))
    places = parse_stopwords((resources / "admin_divisions.txt").read_text(encoding="utf-8"))
    return Lexicon(
        entries=tuple(parse_user_dict((resources / "domain_dict.txt").read_text(encoding="utf-8"))),
        stopwords=frozenset(stopwords) | frozenset(places),
    )


@cache
def _jieba() -> ModuleType:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict ..." at DEBUG
    return jieba


@lru_cache(maxsize=4)
def _tokenizer(lexicon: Lexicon) -> Tokenizer:
    tokenizer = _jieba().Tokenizer()
    # Set up as jieba's initialize() would, but from plancli's private cache, never jieba's own.
    tokenizer.FREQ, tokenizer.total = _prefix_dictionary(tokenizer)
    tokenizer.initialized = True
    for entry in lexicon.entries:
        tokenizer.add_word(entry.word, entry.freq, entry.tag)
    return tokenizer


_CACHE_MAGIC = b"plancli jieba prefix dictionary 1\n"
_CACHE_MAX = 64 * 1024 * 1024


def _prefix_dictionary(tokenizer: Tokenizer) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (word and prefix → frequency) and total, from the private
    cache when it holds this dictionary's, else built from the dictionary and cached."""
    with tokenizer.get_dict_file() as dict_file:
        dictionary = dict_file.read()
    key = hashlib.sha256(_jieba().__version__.encode() + b"\0" + dictionary).hexdigest()
    folder = _private_cache_folder()
    path = folder / f"jieba-{key[:16]}.cache" if folder else None
    cached = _read_prefix_cache(path, key) if path else None
    if cached is not None:
        return cached
    built = tokenizer.gen_pfdict(io.BytesIO(dictionary))
    if path is not None:
        payload = marshal.dumps(built)
        digest = hashlib.sha256(key.encode() + payload).hexdigest().encode()
        write_cache(path, _CACHE_MAGIC + digest + b"\n" + payload, path.parent)
    return built


def _private_cache_folder() -> Path | None:
    """plancli's per-user cache folder, created 0700; None when it is not the user's alone
    (another owner, group- or world-writable, a link) or cannot be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "plancli"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
    except OSError:
        return None
    private = (stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid()
               and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH))
    return folder if private else None


def _read_prefix_cache(path: Path, key: str) -> tuple[dict[str, int], int] | None:
    """The cached prefix dictionary at PATH if plancli wrote it for KEY, intact; else None."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_uid != os.getuid() or status.st_size > _CACHE_MAX:
                return None
            data = stream.read()
    except OSError:
        return None
    if not data.startswith(_CACHE_MAGIC):
        return None
    digest, _, payload = data[len(_CACHE_MAGIC):].partition(b"\n")
    if digest != hashlib.sha256(key.encode() + payload).hexdigest().encode():
        return None
    try:
        freq, total = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return (freq, total) if isinstance(freq, dict) and isinstance(total, int) else None


class _PlaceNames:
    """Place-name rules over the POS tags of jieba's dictionary and of a lexicon.

    jieba's ``ns`` tag alone is not trusted: it also marks common words (城市, 普及, 中考,
    满意度). A tag is believed only together with an administrative form of the word.
    """

    def __init__(self, lexicon: Lexicon):
        tokenizer = _tokenizer(lexicon)
        tags: dict[str, str] = {}
        with tokenizer.get_dict_file() as dict_file:
            for raw_line in dict_file:
                word, *freq_and_tag = raw_line.decode("utf-8").split()
                if len(freq_and_tag) == 2:
                    tags[word] = freq_and_tag[1]
        for entry in lexicon.entries:
            if entry.tag:
                tags[entry.word] = entry.tag
        self._tagged = frozenset(word for word, tag in tags.items() if tag == _PLACE_TAG)
        self._lexicon_places = frozenset(
            entry.word for entry in lexicon.entries if entry.tag == _PLACE_TAG
        )
        # FREQ also holds every prefix of every word with frequency 0: those are not words.
        self._word_freq = tokenizer.FREQ

    def is_known(self, token: str) -> bool:
        return self._word_freq.get(token, 0) > 0

    def is_administrative(self, token: str) -> bool:
        """花都区, 清远市, 石角镇: a suffixed name tagged ns, or one jieba does not know."""
        return (
            len(token) >= 3
            and token[-1] in _ADMIN_SUFFIXES
            and (token in self._tagged or not self.is_known(token))
        )

    def __call__(self, token: str) -> bool:
        return (
            token in self._lexicon_places
            or self.is_administrative(token)
            or (
                token in self._tagged
                and any(token + suffix in self._tagged for suffix in _NAME_PART_SUFFIXES)
            )
        )


@lru_cache(maxsize=4)
def _place_names(lexicon: Lexicon) -> _PlaceNames:
    return _PlaceNames(lexicon)


def is_dictionary_word(word: str, lexicon: Lexicon | None = None) -> bool:
    """Whether jieba's dictionary, with the LEXICON's domain words, holds WORD as a word."""
    return _tokenizer(lexicon or Lexicon.default()).FREQ.get(word, 0) > 0


def tokenize(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """jieba tokens of ``text`` (precise mode, HMM on for unknown words), whitespace dropped."""
    tokenizer = _tokenizer(lexicon or Lexicon.default())
    return [token for token in tokenizer.cut(text, HMM=True) if token.strip()]


def tokenize_many(texts: Sequence[str], lexicon: Lexicon | None = None) -> list[list[str]]:
    """Tokens of each text; jieba is initialized once for all of them."""
    lexicon = lexicon or Lexicon.default()
    return [tokenize(text, lexicon) for text in texts]


def is_place_name(token: str, lexicon: Lexicon | None = None) -> bool:
    """Whether ``token`` names a place, so that it can be kept out of keyness lists.

    A token is a place name when
    - the lexicon tags it ``ns`` (粤港澳大湾区);
    - it is an administrative name of 3 or more characters ending in 省市区县镇街 that jieba
      tags ``ns`` (花都区, 广州市, 清远市) or does not know at all (石角镇, 花东镇);
    - jieba tags it ``ns`` and also tags it ``ns`` with 省, 市 or 区 added (花都, 广州, 清城).
    Known words with another tag are not places (社区, 示范区; also 越秀区, which jieba tags as
    a person name). ``content_terms`` also masks names that the text itself shows to be places.
    """
    return _place_names(lexicon or Lexicon.default())(token)


def content_terms(tokens: Iterable[str], lexicon: Lexicon | None = None,
                  own_places: Iterable[str] = ()) -> list[str]:
    """The tokens worth counting: no stop words, punctuation, numbers, single characters
    (except ``lexicon.single_char_terms``) or place names.

    Besides ``is_place_name``, names that ``tokens`` themselves show to be places are masked
    everywhere in them: the name part of an administrative name (清远 once 清远市 occurs: jieba
    tags 清远 alone as an adjective), and a word jieba does not know standing before a lone
    administrative suffix (狮岭 in 狮岭/镇). OWN_PLACES (the plan's own district, city and
    province from its cover) are masked with their short forms (云河区 and 云河).
    """
    tokens = list(tokens)
    lexicon = lexicon or Lexicon.default()
    is_place = _place_names(lexicon)
    places_in_text = {token[:-1] for token in tokens if is_place.is_administrative(token)}
    for place in own_places:
        places_in_text.update({place, _ADMIN_SUFFIX_END.sub("", place)})
    places_in_text.update(
        token
        for token, following in zip(tokens, tokens[1:])
        if following in _ADMIN_SUFFIXES and len(token) > 1 and not is_place.is_known(token)
    )
    return [
        token
        for token in tokens
        if token not in lexicon.stopwords
        and _WORDLIKE.search(token)
        and not _NUMBER.fullmatch(token)
        and (len(token) > 1 or token in lexicon.single_char_terms)
        and token not in places_in_text
        and not is_place(token)
    ]
