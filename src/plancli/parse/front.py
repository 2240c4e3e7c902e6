"""Front matter: the table of contents and the metadata read from the preamble."""

from __future__ import annotations

import re

from plancli.lang.fold import fold_script
from plancli.lang.numbering import match_heading
from plancli.lang.numerals import CN_COUNTING, CN_YEAR_DIGITS
from plancli.lang.patterns import CONTENTS_ENTRY, DOT_LEADERS, SPACE, TITLE_MAX
from plancli.lang.periods import FIVE_YEAR, named_period
from plancli.model import Contents, Metadata, Paragraph, Span
from plancli.readers.blocks import Block, TextBlock

_CONTENTS_TITLE = re.compile(r"^\s*目\s*[录錄]\s*$")
# "目录第一章规划背景4一、发展基础4…": PDF conversion runs the title and the entries together.
_CONTENTS_RUN_ON = re.compile(r"^\s*目\s*[录錄](?=\s*\S)")
# A contents entry ends in a page number, often after a run of dot leaders.
# (Tried only where a run of leaders starts, so a long run is not rescanned from each position.)
_LEADERS_AND_PAGE = re.compile(r"(?<![\s.．·…‥⋯_\-—])[\s.．·…‥⋯_\-—]*\d{1,3}\s*$")


def _entry_key(text: str) -> str:
    """An entry as compared with a body heading: without leaders, page number and spaces."""
    return SPACE.sub("", _LEADERS_AND_PAGE.sub("", text))


def entry_heading(text: str) -> str:
    """A contents entry as the heading it names: without its dot leaders and page number."""
    return _LEADERS_AND_PAGE.sub("", text).strip()


# PDF conversion can run a contents page together: "…形势1一、发展基础1(一)主要成就1…".
_NEXT_ENTRY = (rf"(?:第\s*[{CN_COUNTING}\d]+\s*[章节節部篇]|[{CN_COUNTING}]+、"
               rf"|[（(]\s*[{CN_COUNTING}\d]+\s*[）)]|附\s*件)")
_RUN_TOGETHER = re.compile(rf"\D\d{{1,3}}\s*{_NEXT_ENTRY}")
# Where one run-together entry ends: after its page number, before the next entry's numeral.
_ENTRY_END = re.compile(rf"(?<!\d)\d{{1,3}}(?=\s*{_NEXT_ENTRY})")


def split_entries(text: str) -> list[str]:
    """TEXT cut into its contents entries (one, unless entries were run together); the pieces
    joined give TEXT back."""
    pieces, start = [], 0
    for end in _ENTRY_END.finditer(text):
        if end.start() > start:  # an entry has words before its page number
            pieces.append(text[start:end.end()])
            start = end.end()
    if text[start:].strip():
        pieces.append(text[start:])
    elif pieces:
        pieces[-1] += text[start:]
    return pieces or [text]


def _looks_like_entry(text: str) -> bool:
    return bool(CONTENTS_ENTRY.search(text) or _RUN_TOGETHER.search(text))


def _contents_title(text: str) -> str | None:
    """The entries run on after a 目录 title ("" for the title alone), or None for no title."""
    if _CONTENTS_TITLE.match(text):
        return ""
    run_on = _CONTENTS_RUN_ON.match(text)
    if run_on and _looks_like_entry(text[run_on.end():]):
        return text[run_on.end():]
    return None


def find_contents(blocks: list[Block]) -> tuple[int, int] | None:
    """The [start, end) range of BLOCKS that form a table of contents, if there is one.

    A contents page starts with 目录 before any heading (its entries may run on after it on
    the same line). It ends where the body begins: at the first heading that repeats the first
    entry (a bare heading list), or else after the last line that looks like an entry (dot
    leaders or a page number).
    """
    start, run_on = None, ""
    for index, block in enumerate(blocks):
        if not isinstance(block, TextBlock):
            continue
        if (entries_on_title := _contents_title(block.text)) is not None:
            start, run_on = index, entries_on_title
            break
        if match_heading(block.text):
            return _untitled_contents(blocks, index)
    if start is None:
        return None
    entries = [i for i in range(start + 1, len(blocks)) if isinstance(blocks[i], TextBlock)]
    if run_on:
        first_key, candidates = _entry_key(split_entries(run_on)[0]), entries
    elif entries:
        first_key, candidates = _entry_key(blocks[entries[0]].text), entries[1:]
    else:
        return None
    for index in candidates:
        if _entry_key(blocks[index].text) == first_key:
            return start, index
    end = start + 1
    for index in entries:
        if index != end or not _looks_like_entry(blocks[index].text):
            break
        end = index + 1
    return (start, end) if end > start + 1 or run_on else None


_MIN_UNTITLED_ENTRIES = 3


def _untitled_contents(blocks: list[Block], start: int) -> tuple[int, int] | None:
    """A contents without its 目录 title: the first headings in a run of lines with dot leaders."""
    end = start
    while end < len(blocks) and isinstance(blocks[end], TextBlock) and DOT_LEADERS.search(blocks[end].text):
        end += 1
    return (start, end) if end - start >= _MIN_UNTITLED_ENTRIES else None


def contents_from(blocks: list[Block]) -> Contents:
    texts = [b for b in blocks if isinstance(b, TextBlock)]
    title = texts[0].text
    run_on = _contents_title(title)
    if run_on is None:  # no 目录 title: every line is an entry
        run_on, title = title, ""
    entries = [Paragraph(text=run_on.strip(), line=texts[0].line)] if run_on else []
    split: list[Paragraph] = []
    for entry in [*entries, *texts[1:]]:
        for number, piece in enumerate(split_entries(entry.text.strip())):
            if (number == 0 and split and not _LEADERS_AND_PAGE.search(split[-1].text)
                    and not re.match(_NEXT_ENTRY, piece)):
                # An entry cut at the end of a line ("…第二章" + "总体要求4") goes on here.
                split[-1] = Paragraph(text=split[-1].text + piece.strip(), line=split[-1].line)
            elif piece.strip():
                split.append(Paragraph(text=piece.strip(), line=entry.line))
    return Contents(heading=title[: len(title) - len(run_on)].strip(),
                    span=Span(start=texts[0].line, end=texts[-1].line), entries=split)


# --- metadata ---------------------------------------------------------------------------

# (?<!\s): blanks are taken from where their run starts, not rescanned from inside it.
_STATUS = re.compile(r"[（(【\[]?(?<!\s)\s*(征求意见稿|送审稿|讨论稿|修订稿|审议稿|报批稿|草案|初稿|草稿)\s*[）)】\]]?")
_DOC_NUMBER = re.compile(r"\S{1,12}〔\d{4}〕\s*\d+\s*[号號]")
# Years may be written 2021, 二〇二一, or with the letter O typed for a zero (2O21).
_DATE = re.compile(
    rf"([0-9Oo]{{4}}|[{CN_YEAR_DIGITS}]{{4}})\s*年\s*(\d{{1,2}}|[{CN_COUNTING}]{{1,3}})\s*月"
    rf"(\s*(\d{{1,2}}|[{CN_COUNTING}]{{1,3}})\s*日)?"
)
_ISSUER = re.compile(r"(人民政府|教育局|教育[体體]育局|[办辦]公室|委[员員][会會]|教育[厅廳]|教育委[员員][会會])"
                     r"([办辦]公室)?$")
# A web page's byline: "发布时间:2021-09-18 来源:区教育体育局 浏览次数:1325".
_BYLINE = re.compile(r"[发發][布佈][时時][间間]|[发發][布佈]日期|[来來]源[:：]|[浏瀏][览覽]次[数數]|[点點][击擊][数數]"
                     r"|字[号號][:：]|【字[体體]")
# "佛山市人民政府办公室关于印发《佛山市教育发展“十四五”规划》的通知": the notice names the plan.
_NOTICE = re.compile(r"^(?P<issuer>.*?)[关關][于於]印[发發][《“]?(?P<title>.+?)[》”]?的通知$")
_PERIOD_YEARS = re.compile(r"(20\d{2})\s*[-—–－~～至到]\s*(20\d{2})")
_PLAN_WORDS = re.compile(r"[规規][划劃]|[计計][划劃]|方案|[纲綱]要|意[见見]")
_PLACE = re.compile(
    r"^(?P<province>[\u4e00-\u9fff]{2,7}?(?:省|自治区|自治區))?"
    r"(?P<city>[\u4e00-\u9fff]{2,8}?(?:市|自治州|地区|地區|盟))?"
    r"(?P<district>[\u4e00-\u9fff]{1,8}?(?:区|區|县|縣|旗|市))?"
)
_PREFACE = re.compile(r"^(前\s*言|序\s*言|引\s*言|序)$")


def read_metadata(preamble: list[Paragraph]) -> Metadata:
    """Read title, place, period, status, document number, issuer and date from the preamble.

    The title is the run of short lines the preamble opens with (a cover may split it); the
    other facts may stand anywhere before the preface, such as the date under a notice.
    """
    meta: dict[str, object] = {}
    title_lines: list[str] = []
    title_open = True
    for paragraph in preamble:
        text = paragraph.text.strip(" \t\u3000")
        folded = fold_script(text)  # traditional characters match as simplified: 送審稿, 前言
        if _PREFACE.match(folded):
            break  # the preface begins: the front matter is over
        if len(text) > TITLE_MAX or text.endswith(("。", "：", ":")) or _BYLINE.search(text):
            title_open = not title_lines and title_open
            continue
        if number := _DOC_NUMBER.search(text):
            meta.setdefault("document_number", number.group())
        elif _DATE.fullmatch(text):
            meta.setdefault("date", text)
        elif _ISSUER.search(text) and not _PLAN_WORDS.search(text) and not text.startswith("各"):
            meta.setdefault("issuer", text)
        elif status := _STATUS.fullmatch(folded):
            meta.setdefault("status", status.group(1))
        elif title_open:
            title_lines.append(text)
            continue
        title_open = title_open and not title_lines
    title = "".join(title_lines) or None
    if title and (notice := _NOTICE.match(title)):
        title = notice["title"]
        if notice["issuer"]:
            meta.setdefault("issuer", notice["issuer"])
    if title:
        if status := _STATUS.search(fold_script(title)):
            meta.setdefault("status", status.group(1))
            title = (title[: status.start()] + title[status.end():]).strip()
        meta["title"] = title
        meta.update(_place(title))
        meta.update(_period(title))
    return Metadata(**meta)


def _place(title: str) -> dict[str, str]:
    found = _PLACE.match(title)
    if not found:
        return {}
    place = {k: v for k, v in found.groupdict().items() if v}
    # "广州市" alone is a city; the pattern's district group may have taken it.
    if "district" in place and "city" not in place and place["district"].endswith("市"):
        place["city"] = place.pop("district")
    return place


def _period(title: str) -> dict[str, object]:
    result: dict[str, object] = {}
    # Kept as written even when odd ("2025-2021"): odd_metadata names the typo, the plan stays readable.
    if years := _PERIOD_YEARS.search(title):
        result["start_year"], result["end_year"] = int(years.group(1)), int(years.group(2))
    if five := FIVE_YEAR.search(title):
        start, end = named_period(five["ordinal"])
        result["period"] = f"十{five['ordinal']}五"
        result.setdefault("start_year", start)
        result.setdefault("end_year", end)
    return result


# A plan's years lie in the People's Republic's planning era; a period longer than a long-range
# vision (2021–2035) is a typo, not a plan.
PLAUSIBLE_YEARS = range(1949, 2101)
LONGEST_PERIOD = 15


def odd_metadata(metadata: Metadata) -> list[str]:
    """What is implausible in METADATA's period, one message each (empty when all is well).

    The parser reports these as warnings and check as DAT007; the plan stays readable.
    """
    start, end, problems = metadata.start_year, metadata.end_year, []
    for name, year in (("start", start), ("end", end)):
        if year is not None and year not in PLAUSIBLE_YEARS:
            problems.append(f"title: the plan period's {name} year {year} is implausible")
    if start is None or end is None:
        return problems
    if end < start:
        return [*problems, f"title: the plan period runs backwards ({start}–{end})"]
    if end - start > LONGEST_PERIOD:
        problems.append(f"title: the plan period {start}–{end} spans {end - start + 1} years")
    if metadata.period and (five := FIVE_YEAR.fullmatch(metadata.period)):
        named = named_period(five["ordinal"])
        if (start, end) != named and start != named[0]:
            problems.append(f"title: {metadata.period} is {named[0]}–{named[1]} but the title states {start}–{end}")
    return problems

