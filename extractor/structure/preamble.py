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

from extractor.structure.approval import Approval, find_approvals, opens_block
from extractor.structure.kinds import caps_heading, heading_kind, plan_words, registration_mark
from extractor.structure.letterhead import starts_org
from extractor.structure.lines import Line, join_all
from extractor.structure.operative import MARKER, POINT
from normalizer.dates import DateMatch, find_dates
from normalizer.geo import nominative
from normalizer.morph import parses
from normalizer.orgs import sentence_case

CAPS_HEADING = caps_heading()
_PLAN_WORDS = {word.lower(): doc_type for word, doc_type in plan_words()}
# A plan's heading in running case: "План ...", "Дорожная карта ...", "Муниципальный план ...".
TEXT_HEADING = re.compile(
    r"(?:(?:Муниципальн|Региональн|Антирисков)[а-яё]+\s+(?=[а-яё])"
    rf"(?i:(?P<qualified>{'|'.join(map(re.escape, _PLAN_WORDS))}))"
    rf"|(?P<plain>{'|'.join(re.escape(w) for w, _ in plan_words())}))(?![а-яё])"
)
PLAN_TYPES = tuple(dict.fromkeys(doc_type for _, doc_type in plan_words()))
TITLE = re.compile(r"(?:О|Об|Обо|ОБ|ОБО)\s+\S")
_SPACED_LETTERS = re.compile(r"(?:\S\s+)+\S")
_ADDRESSEE = re.compile(
    r"(?:Руководител|Директор|Начальник|Глав|Заведующ|Ректор|Министр|Председател|Заместител|Уполномоченн)"
    r"[а-яё]*(?:м|у|ю)(?![а-яё])"
)
_REPLY = re.compile(r"^на\s*№", re.IGNORECASE)
# An incoming letter answered: "на № 02-07/311 от 14.01.2025".
REPLY = re.compile(r"(?<![А-ЯЁа-яё])на\s*№\s*\S+\s+от\s+\S+(?:\s*г\.)?", re.IGNORECASE)
_OUTGOING = re.compile(r"\s*(?:г\.)?\s*№\s*(?P<number>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё./\\-]*)")
# A settlement line under the title ("р.п. Знаменка", "г. Тверь") or a year alone ends the title.
_PLACE_LINE = re.compile(
    r"(?:г|с|п|д|пгт|р\.\s?п|рп|ст)\.\s?[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+)?|\d{4}(?:\s*г\.?)?"
)
_CONTACT = re.compile(
    r"тел\.|телефон|факс|e-?mail|эл\.\s*почт|https?:|www\.|@|ИНН|ОГРН|ОКПО|КПП|(?<!\d)\d{6}(?!\d)|ул\.|улица|пр-т|проспект",
    re.IGNORECASE,
)
# A settlement in the nominative ("г. Козельск,") opens the address after a letterhead's name;
# in the genitive ("г. Таганрога") it belongs to the name.
_SETTLEMENT_END = re.compile(r"[,\s]*(?:г|с|п|д|пгт)\.\s*(?P<name>[А-ЯЁ][а-яё-]+)\s*$")
_NUMBER = re.compile(
    r"(?:№|(?<![A-Za-zА-Яа-яЁё])N(?=\s?\d))\s*(?P<number>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё./\\-]*)"
)
_PREAMBLE_OPENER = re.compile(
    r"(?:В соответствии|Во исполнение|В целях|С целью|На основании|Руководствуясь|В рамках|В связи|Согласно"
    r"|С учетом|С учётом|Для|В целях|Рассмотрев|Учитывая)(?![а-яё])"
)
_FUNCTION_WORD = re.compile(
    r"(?:^|\s)(?:в|во|на|и|по|для|с|со|о|об|к|от|из|за|при|до|а также)$", re.IGNORECASE
)
_STOP = re.compile(r"(?:утвержд[её]н|утверждаю|приложение|согласовано|цель|задачи)(?![а-яё])", re.IGNORECASE)
_MAX_TITLE = 700
_FOOT_LINES = 4
_REGISTRATION = registration_mark()


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
    approvals: tuple[Approval, ...] = ()
    reply: str | None = None


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
            return Heading(i, heading_kind(m).doc_type, m.start(), m.end())
    titled = next((i for i in range(end) if TITLE.match(lines[i].text)), end)
    for i in range(titled):
        m = TEXT_HEADING.match(lines[i].text)
        if m:
            word = (m.group("qualified") or m.group("plain")).lower()
            return Heading(i, _PLAN_WORDS[word], m.start(), m.end())
    return None


def is_contact(text: str) -> bool:
    """An address, phone, e-mail or requisites line of a letterhead."""
    return bool(_CONTACT.search(text))


def _continues_title(title: str, text: str) -> bool:
    if not text or TITLE.match(text) or _PREAMBLE_OPENER.match(text) or _STOP.match(text):
        return False
    if _PLACE_LINE.fullmatch(text.strip(" ,.")):
        return False
    if find_dates(text) and _NUMBER.search(text):
        return False
    if title.isupper() and text.isupper() and not _SPACED_LETTERS.fullmatch(title):
        # a title set in capitals runs on over lines in capitals («ОБ УТВЕРЖДЕНИИ ФЕДЕРАЛЬНОГО
        # ГОСУДАРСТВЕННОГО» / «ОБРАЗОВАТЕЛЬНОГО СТАНДАРТА …») up to a heading or marker word; a
        # heading in spaced letters («О П Р Е Д Е Л Е Н И Е») is no such title
        return not (MARKER.search(text) or CAPS_HEADING.match(text))
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
    # a rule or a table border that OCR read as a character ("... учебный год |") is not the title's
    title = re.sub(r"\s+", " ", join_all(parts)).strip().rstrip(" |_¦")
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
    """The heading word and what follows it; a heading word alone on its line ("АНТИРИСКОВАЯ
    ПРОГРАММА") always runs on into the next line ("МБОУ «СОШ № 5» по направлению ...")."""
    text = lines[heading.index].text
    word, rest = _heading_word(text[heading.start : heading.end]), text[heading.end :].strip()
    first = f"{word}{rest}" if rest[:1] in ("", ",", ".", ":", ";") else f"{word} {rest}"
    nxt = heading.index + 1
    if rest or nxt >= end or lines[nxt].table is not None or not _runs_on(lines[nxt].text):
        return collect_title(lines, heading.index, first, end)
    return collect_title(lines, nxt, f"{first} {lines[nxt].text}", end)


def _runs_on(text: str) -> bool:
    """Whether a line under a bare heading word can be its title's continuation."""
    return not (
        opens_block(text)
        or find_dates(text)
        or _unquoted_number(text)
        or TITLE.match(text)
        or _PREAMBLE_OPENER.match(text)
        or _PLACE_LINE.fullmatch(text.strip(" ,."))
    )


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


def foot_identity(lines: list[Line], start: int) -> tuple[DateMatch | None, str | None]:
    """Date and number set under the signature, as federal acts print them ("14 июня 2012 года" /
    "№ 851"), from the few lines after `start`."""
    date: DateMatch | None = None
    number: str | None = None
    for line in lines[start : start + _FOOT_LINES]:
        if line.table is not None:
            break
        found = find_dates(line.text)
        date = date or (found[0] if found else None)
        number = number or _unquoted_number(line.text)
    return date, number


def _unquoted_number(text: str) -> str | None:
    """The first "№ ..." of `text` outside quotes (a school's «... № 2» is its name)."""
    for m in _NUMBER.finditer(text):
        if text[: m.start()].count("«") <= text[: m.start()].count("»") and any(
            c.isdigit() for c in m.group("number")
        ):
            return m.group("number").rstrip(".")
    return None


def _outgoing(text: str) -> tuple[DateMatch, str] | None:
    """A date with its number right after it ("17.01.2025 № 01-13/46"), even inside a contact line."""
    for date in find_dates(text):
        m = _OUTGOING.match(text, date.end)
        if m and not re.search(r"(?<![а-яё])от\s*$", text[: date.start], re.IGNORECASE):
            return date, m.group("number").rstrip(".")
    return None


def _identity(approvals: list[Approval]) -> Approval | None:
    """The approval that dates the document: the approving act, else the stamp."""
    for kind in ("act", "stamp"):
        for block in approvals:
            if block.kind == kind and block.date is not None:
                return block
    return None


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
    # a plan's approval line may stand under its title too ("Комплекс мер ..." / "Утвержден приказом ...")
    approvals = find_approvals(lines, end if doc_type in PLAN_TYPES else limit)
    in_block = {i for block in approvals for i in range(block.start, block.end)}
    date: DateMatch | None = None
    number: str | None = None
    reply: str | None = None
    letter = False
    for i, text in enumerate(_scan_text(lines, heading, limit)):
        if i in in_block or _REGISTRATION.match(text):
            continue
        answered = REPLY.search(text)
        if answered:
            reply = reply or answered.group()
            text = text[: answered.start()]
        if _REPLY.match(text) or _ADDRESSEE.match(text) or answered:
            letter = True
            if not text.strip() or _ADDRESSEE.match(text):
                continue
        if is_contact(text):
            pair = _outgoing(text)
            if pair and date is None and number is None:
                date, number = pair
            continue
        if date is None:
            found = find_dates(text)
            date = found[0] if found else None
        if number is None:
            number = _unquoted_number(text)
    identity = _identity(approvals)
    if identity is not None and doc_type in (*PLAN_TYPES, None):
        date, number = identity.date, identity.number
    if doc_type is None and letter:
        doc_type = "письмо"
    return Head(
        end,
        heading,
        _letterhead(lines, heading, end) or _issuer_below(lines, heading, end),
        doc_type,
        date,
        number,
        title,
        title_end,
        tuple(approvals),
        reply,
    )


def _issuer_below(lines: list[Line], heading: Heading | None, end: int) -> list[str]:
    """The body named in the genitive right under the heading word, as its letterhead would name
    it ("УКАЗ" / "ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ", "ПРИКАЗ" / "МИНИСТЕРСТВА СПОРТА ...")."""
    if heading is None:
        return []
    text = lines[heading.index].text[heading.end :].strip()
    parts, i = [text] if text else [], heading.index + 1
    while not parts and i < end and lines[i].table is None:
        parts, i = [lines[i].text], i + 1
    while i < end and parts and lines[i].table is None and lines[i].text.isupper():
        if find_dates(lines[i].text) or _NUMBER.search(lines[i].text) or TITLE.match(lines[i].text):
            break
        parts.append(lines[i].text)
        i += 1
    name = " ".join(parts)
    if not name.isupper() or not starts_org(name, "gent"):
        return []
    return [nominative(name)]


def _address_start(text: str) -> str:
    """`text` without a trailing nominative settlement name (where the address begins)."""
    text = text.rstrip(" ,")
    m = _SETTLEMENT_END.search(text)
    if m and not any("gent" in p.tag for p in parses(m.group("name"))):
        return text[: m.start()]
    return text


def _letterhead(lines: list[Line], heading: Heading | None, end: int) -> list[str]:
    """The lines above the heading word up to the first contact, addressee, date or number line
    (a line that runs on into the address keeps its part before it); a registration or
    publication mark above the heading word («Зарегистрировано в Минюсте …») and what stands
    above it are a legal database's, not the letterhead."""
    out: list[str] = []
    addressee = False
    limit = heading.index + 1 if heading else end
    marks = [i for i in range(limit) if _REGISTRATION.match(lines[i].text)] if heading else []
    for i in range(marks[-1] + 1 if marks else 0, limit):
        text = lines[i].text
        # an addressee set above the sender ("Руководителям органов ...") is skipped up to the sender
        if not out and (addressee or _ADDRESSEE.match(text)) and not starts_org(text):
            addressee = True
            continue
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
            or opens_block(text)
            or find_dates(text)
            or _unquoted_number(text)
            or TITLE.match(text)
            or _PREAMBLE_OPENER.match(text)
        ):
            break
        out.append(text)
    return out
