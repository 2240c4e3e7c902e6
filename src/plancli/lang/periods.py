"""China's five-year plan periods (十三五, 十四五, 十五五 …) as years."""

from __future__ import annotations

import re

from plancli.lang.numerals import CN_ONE_TO_NINE

# The name of a period as plans write it: 十四五, 十四 五, or spelled out 十四个五(年规划).
FIVE_YEAR_NAME = rf"十(?P<ordinal>[{CN_ONE_TO_NINE}])\s*(?:个\s*)?五"
FIVE_YEAR = re.compile(FIVE_YEAR_NAME)


def five_year_period(ordinal: int) -> tuple[int, int]:
    """First and last year of the ORDINAL-th five-year plan: 14 → (2021, 2025).

    The third plan began in 1966 and they have run back to back since.
    """
    start = 1966 + 5 * (ordinal - 3)
    return start, start + 4


def named_period(ordinal_digit: str) -> tuple[int, int]:
    """The years of 十X五 from its digit X: "四" → (2021, 2025)."""
    return five_year_period(10 + CN_ONE_TO_NINE.index(ordinal_digit) + 1)
