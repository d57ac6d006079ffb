"""The head of a document: heading word (doc type), letterhead lines, date, number and title.

ОТДЕЛ ОБРАЗОВАНИЯ ...          <- letterhead (everything above the heading word)
ПРИКАЗ                         <- heading: приказ | распоряжение | постановление | план | ...
«20» июля 2020 г.   № 452      <- date and number (above or below the heading)
Об утверждении ...             <- title ("О ..." line; for a plan, the heading line itself)
Во исполнение ... приказываю:  <- preamble, up to the operative part
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce

from extractor.structure.lines import Line, join_lines
from extractor.structure.operative import MARKER, POINT
from normalizer.dates import DateMatch, find_dates
from normalizer.morph import parses
from normalizer.orgs import sentence_case


def _spaced(word: str) -> str:
    return r"\s?".join(word)


_CAPS_HEADINGS = [
    (rf"{_spaced('ПРИКАЗ')}(?!\s?Ы)", "приказ"),
    (_spaced("РАСПОРЯЖЕНИЕ"), "распоряжение"),
    (_spaced("ПОСТАНОВЛЕНИЕ"), "постановление"),
    (r"КОМПЛЕКС\s+МЕР", "комплекс мер"),
    (r"ДОРОЖНАЯ\s+КАРТА", "план"),
    (_spaced("ПЛАН"), "план"),
]
CAPS_HEADING = re.compile(
    "|".join(rf"(?P<h{i}>(?<![А-ЯЁа-яё]){p}(?![А-ЯЁа-яё]))" for i, (p, _) in enumerate(_CAPS_HEADINGS))
)
TEXT_HEADING = re.compile(
    r"(?:(?:Муниципальн|Региональн)[а-яё]+\s+)?(?:(?P<p>План|Дорожная карта)|(?P<k>Комплекс мер))(?![а-яё])"
)
PLAN_TYPES = ("план", "комплекс мер")
TITLE = re.compile(r"(?:О|Об|Обо|ОБ|ОБО)\s+\S")
_ADDRESSEE = re.compile(r"(?:Руководител|Директор|Начальник|Глав|Заведующ)[а-яё]*м(?![а-яё])")
_REPLY = re.compile(r"^на\s*№", re.IGNORECASE)
_CONTACT = re.compile(
    r"тел\.|телефон|факс|e-?mail|эл\.\s*почт|https?:|www\.|@|ИНН|ОГРН|ОКПО|КПП|(?<!\d)\d{6}(?!\d)|ул\.|улица|пр-т|проспект",
    re.IGNORECASE,
)
# A settlement in the nominative ("г. Козельск,") opens the address after a letterhead's name;
# in the genitive ("г. Таганрога") it belongs to the name.
_SETTLEMENT_END = re.compile(r"[,\s]*(?:г|с|п|д|пгт)\.\s*(?P<name>[А-ЯЁ][а-яё-]+)\s*$")
_NUMBER = re.compile(r"№\s*(?P<number>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё./\\-]*)")
_PREAMBLE_OPENER = re.compile(
    r"(?:В соответствии|Во исполнение|В целях|С целью|На основании|Руководствуясь|В рамках|В связи|Согласно"
    r"|С учетом|С учётом|Для|В целях|Рассмотрев|Учитывая)(?![а-яё])"
)
_FUNCTION_WORD = re.compile(
    r"(?:^|\s)(?:в|во|на|и|по|для|с|со|о|об|к|от|из|за|при|до|а также)$", re.IGNORECASE
)
_STOP = re.compile(r"(?:утвержд[её]н|утверждаю|приложение|согласовано|цель|задачи)(?![а-яё])", re.IGNORECASE)
_MAX_TITLE = 700


@dataclass(frozen=True)
class Heading:
    """The heading word's line, its document type and where the word ends in the line."""

    index: int
    doc_type: str
    start: int
    end: int


@dataclass(frozen=True)
class Head:
    """What the head of a document says; indexes point into the document's lines."""

    end: int
    heading: Heading | None
    letterhead: list[str]
    doc_type: str | None
    date: DateMatch | None
    number: str | None
    title: str | None
    title_end: int | None


def head_end(lines: list[Line]) -> int:
    """Index of the first line past the head: a table, the operative marker or a numbered point."""
    for i, line in enumerate(lines):
        if line.table is not None or MARKER.search(line.text) or POINT.fullmatch(line.text):
            return i
    return len(lines)


def find_heading(lines: list[Line], end: int) -> Heading | None:
    """The first heading word within lines[:end]: a capitalised one, else a plan title line."""
    for i in range(end):
        m = CAPS_HEADING.search(lines[i].text)
        if m:
            kind = next(k for k, v in m.groupdict().items() if v)
            return Heading(i, _CAPS_HEADINGS[int(kind[1:])][1], m.start(), m.end())
    for i in range(end):
        m = TEXT_HEADING.match(lines[i].text)
        if m:
            return Heading(i, "комплекс мер" if m.group("k") else "план", m.start(), m.end())
    return None


def is_contact(text: str) -> bool:
    """An address, phone, e-mail or requisites line of a letterhead."""
    return bool(_CONTACT.search(text))


def _continues_title(title: str, text: str) -> bool:
    if not text or TITLE.match(text) or _PREAMBLE_OPENER.match(text) or _STOP.match(text):
        return False
    if find_dates(text) and _NUMBER.search(text):
        return False
    first = text[0]
    return (
        first.islower()
        or first in '«"('
        or first.isdigit()
        or title.endswith((",", "-", "–"))
        or bool(_FUNCTION_WORD.search(title))
    )


def collect_title(lines: list[Line], start: int, first: str, end: int) -> tuple[str, int]:
    """A title starting with `first` (line `start`) and the lines that continue it, and the index after."""
    parts, i = [first], start + 1
    while i < end and len(" ".join(parts)) < _MAX_TITLE:
        text = lines[i].text
        if lines[i].table is not None or not _continues_title(parts[-1], text):
            break
        parts.append(text)
        i += 1
    title = re.sub(r"\s+", " ", reduce(join_lines, parts, "")).strip()
    if title.isupper():
        title = sentence_case(title)
        title = title[:1].upper() + title[1:]
    return title, i


def _heading_word(word: str) -> str:
    """ "П Л А Н" / "ДОРОЖНАЯ КАРТА" -> "План" / "Дорожная карта"; mixed-case words are kept."""
    if not word.isupper():
        return word
    tokens = word.split()
    if all(len(t) == 1 for t in tokens):
        tokens = ["".join(tokens)]
    text = " ".join(tokens)
    return text[:1] + text[1:].lower()


def _plan_title(lines: list[Line], heading: Heading, end: int) -> tuple[str, int]:
    text = lines[heading.index].text
    word, rest = _heading_word(text[heading.start : heading.end]), text[heading.end :].strip()
    first = f"{word}{rest}" if rest[:1] in ("", ",", ".", ":", ";") else f"{word} {rest}"
    return collect_title(lines, heading.index, first, end)


def _scan_text(lines: list[Line], heading: Heading | None, limit: int) -> list[str]:
    """Texts of the head lines above `limit` that may hold the date and number (heading word removed)."""
    texts = []
    for i in range(min(limit, len(lines))):
        text = lines[i].text
        if heading is not None and i == heading.index:
            text = text[: heading.start] + " " + text[heading.end :]
        texts.append(text)
    if heading is not None and heading.index == limit:
        texts.append(lines[limit].text[: heading.start])
    return texts


def read_head(lines: list[Line]) -> Head:
    """Read the heading, letterhead, date, number and title from the top of `lines`."""
    end = head_end(lines)
    heading = find_heading(lines, end)
    doc_type = heading.doc_type if heading else None
    title = title_end = None
    if heading is not None and doc_type in PLAN_TYPES:
        title, title_end = _plan_title(lines, heading, end)
        limit = heading.index
    else:
        limit = end
        for i in range(heading.index if heading else 0, end):
            if TITLE.match(lines[i].text):
                title, title_end = collect_title(lines, i, lines[i].text, end)
                limit = i
                break
    date: DateMatch | None = None
    number: str | None = None
    letter = False
    for text in _scan_text(lines, heading, limit):
        if _REPLY.match(text) or _ADDRESSEE.match(text):
            letter = True
            continue
        if is_contact(text):
            continue
        if date is None:
            found = find_dates(text)
            date = found[0] if found else None
        m = _NUMBER.search(text)
        if number is None and m and any(c.isdigit() for c in m.group("number")):
            number = m.group("number").rstrip(".")
    if doc_type is None and letter:
        doc_type = "письмо"
    return Head(end, heading, _letterhead(lines, heading, end), doc_type, date, number, title, title_end)


def _address_start(text: str) -> str:
    """`text` without a trailing nominative settlement name (where the address begins)."""
    text = text.rstrip(" ,")
    m = _SETTLEMENT_END.search(text)
    if m and not any("gent" in p.tag for p in parses(m.group("name"))):
        return text[: m.start()]
    return text


def _letterhead(lines: list[Line], heading: Heading | None, end: int) -> list[str]:
    """The lines above the heading word up to the first contact, addressee, date or number line
    (a line that runs on into the address keeps its part before it)."""
    out = []
    for i in range(heading.index + 1 if heading else end):
        text = lines[i].text
        if heading is not None and i == heading.index:
            text = text[: heading.start].strip()
            if not text:
                break
        contact = _CONTACT.search(text)
        if contact:
            head = _address_start(text[: contact.start()]).strip(" ,")
            if head:
                out.append(head)
            break
        if (
            _ADDRESSEE.match(text)
            or _REPLY.match(text)
            or find_dates(text)
            or _NUMBER.search(text)
            or TITLE.match(text)
            or _PREAMBLE_OPENER.match(text)
        ):
            break
        out.append(text)
    return out
