"""Chinese numerals: character classes and conversions to and from int."""

from __future__ import annotations

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100}
# 〇一二…九 indexed by value: the digits Word's ideographDigital format and dates write.
CN_DIGIT_BY_VALUE = "〇一二三四五六七八九"
# Character classes (inside [...]):
CN_ONE_TO_NINE = "一二三四五六七八九"
CN_COUNTING = CN_ONE_TO_NINE + "十"  # 一 … 九十九, the numerals of headings and lists
CN_NUMERAL = CN_COUNTING + "百零〇两"  # every character a heading numeral may contain
CN_YEAR_DIGITS = "〇零" + CN_ONE_TO_NINE  # 二〇二一年, 二零二一年
FULLWIDTH_TO_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
ASCII_TO_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(numeral: str) -> int:
    """Chinese numeral (一 … 九十九, 一百 …) to int; ASCII and full-width digits pass through."""
    numeral = numeral.translate(FULLWIDTH_TO_ASCII_DIGITS)
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for char in numeral:
        if char in CN_DIGITS:
            current = CN_DIGITS[char]
        else:
            total += (current or 1) * CN_UNITS[char]
            current = 0
    return total + current


def int_to_cn(number: int) -> str | None:
    """The inverse of cn_to_int for 1 … 99: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十; else None."""
    if not 0 < number < 100:
        return None
    tens, ones = divmod(number, 10)
    return ((CN_DIGIT_BY_VALUE[tens] if tens > 1 else "") + ("十" if tens else "")
            + (CN_DIGIT_BY_VALUE[ones] if ones else ""))


def cn_digits(number: int) -> str:
    """NUMBER digit by digit: 2021 → 二〇二一."""
    return "".join(CN_DIGIT_BY_VALUE[int(digit)] for digit in str(number))


def circled_to_int(char: str) -> int:
    return ord(char) - ord("①") + 1


def int_to_circled(number: int) -> str | None:
    return CIRCLED[number - 1] if 1 <= number <= len(CIRCLED) else None
