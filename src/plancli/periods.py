"""China's five-year plan periods (十三五, 十四五, 十五五 …) as years."""

from __future__ import annotations


def five_year_period(ordinal: int) -> tuple[int, int]:
    """First and last year of the ORDINAL-th five-year plan: 14 → (2021, 2025).

    The third plan began in 1966 and they have run back to back since.
    """
    start = 1966 + 5 * (ordinal - 3)
    return start, start + 4
