"""Small rules several layers share, so each is written once."""

from __future__ import annotations

import re

# Blank characters around a line's text: space, TAB, the ideographic space U+3000 and the no-break
# space U+00A0 (web pages indent with &nbsp;).
BLANK = " \t\u3000\xa0"
SPACE = re.compile(r"[\s\u3000]+")
# A heading, caption or cover line is short; a longer line is running text.
TITLE_MAX = 60
# Characters that draw a table in text (Markdown pipes, box drawing): layout, not text.
TABLE_RULES = re.compile(r"[|\u2500-\u257f]")
# A calendar year of a plan's time (2021, 2025).
YEAR = re.compile(r"(20\d{2})")
# A contents entry ends in a page number, often after a run of dot leaders.
DOT_LEADERS = re.compile(r"[.．·…‥⋯]{3,}")
CONTENTS_ENTRY = re.compile(rf"{DOT_LEADERS.pattern}|\D\d{{1,3}}\s*$")
# A quantity has at most this many digits on either side of its decimal point (a float keeps 15
# exactly). A longer run (a 400-digit typo, figures a converter ran together) is no value: it
# stays text, for a float would make it Infinity, which JSON cannot carry. The parser warns.
QUANTITY_DIGITS = 15
QUANTITY_NUMBER = rf"(?<![0-9])\d{{1,{QUANTITY_DIGITS}}}(?:\.\d{{1,{QUANTITY_DIGITS}}})?(?![0-9])"
OVERLONG_NUMBER = re.compile(rf"[0-9０-９]{{{QUANTITY_DIGITS + 1},}}")
# A comma that is not a thousands separator (one is between a digit and exactly three: 1,500).
NON_THOUSANDS_COMMA = r"(?<!\d),|,(?!\d{3}(?!\d))"


def is_title_line(text: str) -> bool:
    """A short single line that does not end a sentence: a title, caption or cover line."""
    text = text.strip(BLANK)
    return bool(text) and len(text) <= TITLE_MAX and "\n" not in text and not text.endswith("。")
