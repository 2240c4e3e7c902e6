"""lang: the vocabulary of Chinese plan text, shared by every layer above it.

Numerals (一 … 九十九 ↔ int, their character classes, circled and full-width digits), how one
line is numbered (第一章, 一、, （一）, 1., （1）, ①), five-year periods (十X五 ↔ years), width
and case folding for matching, and a few small shared rules (blanks, title length, years).
Pure functions and compiled patterns over strings: this layer imports nothing of plancli but
errors, so readers, the parser, extractors and analyses all speak it the same way.
"""
