"""Organisation names as letterheads print them, in normal sentence case.

"ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ КРАСНЕНСКОГО РАЙОНА" -> "Отдел образования администрации
Красненского района"; "МУНИЦИПАЛЬНОГО РАЙОНА "КОЗЕЛЬСКИЙ РАЙОН"" -> "муниципального района
«Козельский район»". Capitals stay on the first word, on place names (an adjective before
"района", "округа", "области"; a word after "г." or "города"; a geographic noun), on the first
word in quotes and on abbreviations ("МКУ", "МОУО").
"""

from __future__ import annotations

import re

from pymorphy3.tagset import OpencorporaTag

from normalizer.morph import match_case, morph, parses

_TOKEN = re.compile(r"[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яёA-Za-z]+)*|\S")
_TERRITORY = {"район", "округ", "область", "край", "республика", "поселение", "федерация"}
_GENERIC = {
    "муниципальный",
    "городской",
    "сельский",
    "районный",
    "областной",
    "краевой",
    "автономный",
    "административный",
    "внутригородской",
    "федеральный",
    "государственный",
    "национальный",
    "закрытый",
}
_PROPER_AFTER_PLACE = {"федерация", "республика"}
_SETTLEMENT = {
    "г",
    "город",
    "с",
    "село",
    "п",
    "посёлок",
    "поселок",
    "пгт",
    "ст",
    "станица",
    "х",
    "хутор",
    "д",
    "деревня",
}
_STRESS = "\u0301"


def normalize_quotes(text: str) -> str:
    """Straight and typographic double quotes as «» pairs (opening after a space or line start)."""
    text = re.sub(r"[“„]", "«", text)
    text = text.replace("”", "»")
    return re.sub(r'"', lambda m: "«" if m.start() == 0 or not text[m.start() - 1].strip() else "»", text)


def _is_abbreviation(word: str) -> bool:
    if len(word) > 6:
        return False
    analyses = parses(word)
    return not morph().word_is_known(word.lower()) or "Abbr" in analyses[0].tag


def _is_place_adjective(word: str, following: list[str]) -> bool:
    """An adjective standing before a territory noun ("КРАСНЕНСКОГО РАЙОНА"), not a generic one."""
    analyses = parses(word)
    if not any(p.tag.POS == "ADJF" for p in analyses) or analyses[0].normal_form in _GENERIC:
        return False
    for nxt in following:
        lemmas = {p.normal_form for p in parses(nxt)}
        if lemmas & _TERRITORY:
            return True
        if not any(p.tag.POS == "ADJF" for p in parses(nxt)):
            return False
    return False


def _names_settlement(word: str, after: str) -> bool:
    """A settlement word before a place's name: «город», «пгт», or a one-letter «с.», «г.» with
    its dot (a bare «с» is the preposition: «школы с низкими результатами»)."""
    return word.lower() in _SETTLEMENT and (len(word) > 1 or after.startswith("."))


def sentence_case(text: str) -> str:
    """Lower-case the all-capitals words of `text` except place names, quoted names and abbreviations."""
    tokens = [m for m in _TOKEN.finditer(text)]
    words = [m.group() for m in tokens]
    out = []
    quote_open = False
    previous_word = ""
    settlement = False
    for i, word in enumerate(words):
        if not word[0].isalpha():
            quote_open = word == "«"
            out.append(word)
            continue
        if len(word) == 1 and out and word.isupper():
            dotted = text[tokens[i].end() :].startswith(".")
            word = word.lower() if not dotted or word.lower() in _SETTLEMENT else word
        elif word.isupper() and len(word) > 1 and not _is_abbreviation(word):
            rest = [w for w in words[i + 1 : i + 4] if w[0].isalpha()]
            proper = (
                not out
                or quote_open
                or settlement
                or "Geox" in parses(word)[0].tag
                or _is_place_adjective(word, rest)
                or (
                    parses(word)[0].normal_form in _PROPER_AFTER_PLACE
                    and (previous_word[:1].isupper() or (rest and "Geox" in parses(rest[0])[0].tag))
                )
            )
            lower = word.lower()
            word = "-".join(p.capitalize() for p in lower.split("-")) if proper else lower
        out.append(word)
        quote_open = False
        previous_word = word
        settlement = _names_settlement(word, text[tokens[i].end() :])
    result = []
    last_end = 0
    for m, word in zip(tokens, out, strict=True):
        result.append(text[last_end : m.start()])
        result.append(word)
        last_end = m.end()
    result.append(text[last_end:])
    return "".join(result)


def org_name(text: str) -> str:
    """A letterhead's organisation name in normal form: sentence case, «» quotes, no stress marks,
    no quotes around the whole name, one space between words."""
    text = normalize_quotes(text.replace(_STRESS, ""))
    text = re.sub(r"\s+", " ", text).strip()
    if text.startswith("«") and text.endswith("»") and text.count("«") == 1:
        text = text[1:-1].strip()
    text = sentence_case(text)
    return text[:1].upper() + text[1:]


_NUMBER_LIST = re.compile(r"№№?\s*(?P<list>\d+(?:\s*(?:,|и|-|–)\s*\d+)*)")


def school_numbers(text: str) -> list[str]:
    """The school numbers a role lists, ranges expanded: "МОУ №№ 2, 7, 14-16" -> 2, 7, 14, 15, 16."""
    numbers: list[str] = []
    for m in _NUMBER_LIST.finditer(text):
        for part in re.split(r"\s*(?:,|\sи\s)\s*", m.group("list")):
            bounds = re.split(r"\s*[-–]\s*", part)
            if len(bounds) == 2 and int(bounds[0]) < int(bounds[1]) <= int(bounds[0]) + 100:
                numbers.extend(str(n) for n in range(int(bounds[0]), int(bounds[1]) + 1))
            else:
                numbers.extend(b for b in bounds if b)
    return list(dict.fromkeys(numbers))


_PHRASE_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
_AGREEING = ("ADJF", "PRTF")


def _agrees(adjective: OpencorporaTag, noun: OpencorporaTag) -> bool:
    """Whether an adjective's form fits its noun: the same case, and in the singular the same
    gender ("Муниципальным центром": masculine, not neuter)."""
    if adjective.case != noun.case or adjective.number != noun.number:
        return False
    if noun.number == "plur" or noun.gender is None or "ms-f" in noun:
        return True
    return adjective.gender == noun.gender


def nominative_phrase(text: str) -> str:
    """`text` with its leading noun phrase put in the nominative: the adjectives and the first noun
    agree in case, the words after the noun (its genitive tail) stay as printed.
    "информационной системой мониторинга карт" -> "информационная система мониторинга карт"."""
    words = list(_PHRASE_WORD.finditer(text))
    head = next(
        (i for i, m in enumerate(words) if not any(p.tag.POS in _AGREEING for p in parses(m.group())[:1])),
        None,
    )
    if head is None or parses(words[head].group())[0].tag.POS != "NOUN":
        return text
    nouns = [p for p in parses(words[head].group()) if p.tag.POS == "NOUN"]
    for noun in nouns:
        case, number = noun.tag.case, noun.tag.number
        if case == "nomn":
            return text
        leading = [
            next((p for p in parses(m.group()) if p.tag.POS in _AGREEING and _agrees(p.tag, noun.tag)), None)
            for m in words[:head]
        ]
        if all(leading):
            break
    else:
        return text
    out, last = [], 0
    for m, p in zip(words[: head + 1], [*leading, noun], strict=True):
        inflected = p.inflect({"nomn", number or "sing"}) if number else p.inflect({"nomn"})
        out.append(text[last : m.start()])
        out.append(match_case(inflected.word, m.group()) if inflected else m.group())
        last = m.end()
    out.append(text[last:])
    return "".join(out)
