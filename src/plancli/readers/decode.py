"""Decoding a text file's bytes: strictly, in the encoding it is in, or not at all.

A file is UTF-8 (with or without BOM), UTF-16/32 with a BOM, GB18030 (a superset of GBK and
GB2312) or Big5, or it is refused with the byte offset where it went wrong. Characters are
never silently replaced.
"""

from __future__ import annotations

import codecs
import re

from plancli.errors import PlanInputError

# Byte-order marks, longest first so UTF-32 is never mistaken for UTF-16.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in this order; on a tie in plausibility the earlier one wins.
_FALLBACK_ENCODINGS = ("utf-8", "gb18030", "big5")

def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode DATA strictly; return (text, encoding used). Raise PlanInputError naming SOURCE."""
    if not data:
        raise PlanInputError(source, "file is empty")
    if encoding:
        return _decode_strict(data, source, encoding), encoding
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data, source, bom_encoding), bom_encoding
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PlanInputError(source, f"binary file, not text (NUL byte at offset {nul}){_utf16_hint(data)}")
    decoded: list[tuple[int, int, str, str]] = []
    failures: list[tuple[int, str, int]] = []
    for rank, candidate in enumerate(_FALLBACK_ENCODINGS):
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError as err:
            failures.append((err.start, candidate, data[err.start]))
        else:
            implausible = _implausible_characters(text)
            if not implausible:  # no later reading can do better: decode no further (big files)
                return text, candidate
            decoded.append((implausible, rank, text, candidate))
    if decoded:
        # Short GB18030 text can also be valid UTF-8 (些 reads as Щ), and Big5 text is valid
        # GB18030: take the reading with the fewest characters a Chinese plan would not contain.
        _, _, text, candidate = min(decoded)
        return text, candidate
    # The encoding that decoded furthest is the likeliest one with a damaged byte.
    offset, best, byte = max(failures)
    raise PlanInputError(
        source,
        f"cannot decode as UTF-8, UTF-16, GB18030 or Big5: invalid {best.upper()} byte 0x{byte:02x} "
        f"at offset {offset} (use --encoding to name the encoding)",
    )


# Characters a Chinese plan does not use: Latin-1 supplement to Arabic, box drawing and block
# elements, Japanese kana (Big5 bytes read as GB18030 turn into カ, き, ▅ …), private use.
_IMPLAUSIBLE = re.compile(r"[\u0080-\u07ff\u2500-\u259f\u3040-\u30ff\uff61-\uff9f\ue000-\uf8ff\ufff0-\uffff]")


def _implausible_characters(text: str) -> int:
    return sum(1 for _ in _IMPLAUSIBLE.finditer(text))  # (no list of them: big texts)


_READABLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\n\r\t]")


def _utf16_hint(data: bytes) -> str:
    """A hint when the bytes read as text in UTF-16 saved without a byte-order mark."""
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:4000].decode(name)
        except UnicodeDecodeError:
            continue
        if text and len(_READABLE.findall(text)) > 0.9 * len(text):
            return f"; if it is UTF-16 without a byte-order mark, try --encoding {name}"
    return ""


def _decode_strict(data: bytes, source: str, encoding: str) -> str:
    try:
        # Codecs such as rot13 or base64 exist but do not turn bytes into text.
        if not getattr(codecs.lookup(encoding), "_is_text_encoding", True):
            raise LookupError(encoding)
    except LookupError:
        raise PlanInputError(source, f"unknown text encoding {encoding!r}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise PlanInputError(
            source, f"invalid {encoding} byte 0x{data[err.start]:02x} at offset {err.start}"
        ) from None
    except UnicodeError as err:  # a codec that cannot decode at all ("undefined")
        raise PlanInputError(source, f"cannot decode with {encoding!r} ({err})") from None


