"""Who is responsible: a "Ответственные" cell or an order's point split into people (with the
position printed after a name) and organisations, units or collective roles.

"Едигарева Н.В., заместитель начальника УО, муниципальные координаторы, методисты ЦДО" gives
the person "Едигарева Н.В." (position "заместитель начальника УО") and the orgs
"муниципальные координаторы", "методисты ЦДО". The rules, in order:

1. People are found first (`normalizer.persons`); each is a segment of its own.
2. The rest is cut at commas, semicolons, sentence full stops, brackets and spaced dashes
   (not inside «quotes», not between listed numbers "№№ 2, 7, 14", not after "г." or "им."),
   and where a new role starts without a comma ("Отдел образования Руководители ОО",
   "руководители МОУ председатель ... комитета"): a word that can only be a nominative role
   noun ("руководители", "методист", "отдел") right after a noun or an abbreviation.
3. After "Фамилия И.О." the next segment whose head noun is singular ("начальник Управления
   образования", "муниципальный координатор") is that person's position; every other segment
   is an organisation or role, as written ("МЦОКО", "ОУ района", "Руководители МОУ №№ 2, 7").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from normalizer.morph import parses
from normalizer.orgs import nominative_phrase, school_numbers
from normalizer.persons import PersonMatch, find_persons

_DATA = Path(__file__).parent / "data"


def _data_lines(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# Nouns that head a role or a unit: a new one starts where one of them follows a finished phrase.
ROLE_HEADS = frozenset(_data_lines("role_heads.txt"))
# Words opening one person's post that the dictionary does not read as a person noun (data file).
_POST_WORD = re.compile(
    r"(?:"
    + "|".join(re.escape(w) for w in sorted(_data_lines("post_words.txt"), key=len, reverse=True))
    + r")(?![а-яё])",
    re.IGNORECASE,
)
# Remarks after a unit that are no unit ("(по согласованию)"), kept only in the raw text (data file).
_REMARK = re.compile(r"(?:" + "|".join(_data_lines("responsible_remarks.txt")) + r")", re.IGNORECASE)
_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z]+(?:-\s?[А-ЯЁа-яёA-Za-z]+)*|\d+|[«»]|\S")
_SHORT_ABBREVIATION = re.compile(r"(?:^|[\s(.])(?:[а-яё]{1,3}|[А-ЯЁ])$")
_DIGIT_BEFORE = re.compile(r"\d\s*$")
_DIGIT_AFTER = re.compile(r"\s*\d")
_COMMA_AFTER = re.compile(r" *,")
_FILLER = re.compile(r"^(?:и|а также|также|и др|другие)$", re.IGNORECASE)
# Stripped from both ends of a unit: punctuation, and specks OCR reads from dust ("кураторы _").
_STRIP = " \t,;.:-–—()_`'|~<>*"


@dataclass
class PersonRole:
    """A person with the words printed after the name that say their position."""

    person: PersonMatch
    position: str | None = None


@dataclass
class OrgRole:
    """An organisation, unit or collective role as written, with the school numbers it lists."""

    name: str
    raw: str
    school_numbers: list[str] = field(default_factory=list)


@dataclass
class Responsible:
    """The people and organisations a text names as responsible."""

    persons: list[PersonRole] = field(default_factory=list)
    orgs: list[OrgRole] = field(default_factory=list)


def _trimmed_end(text: str, position: int) -> int:
    """`position` moved back over the whitespace before it."""
    while position and text[position - 1].isspace():
        position -= 1
    return position


def _between_digits(text: str, i: int) -> bool:
    """Whether the comma at `i` has a digit on each side, spaces apart ("№№ 2, 7, 14"): the digit
    before is the last character that is not a space."""
    before = _DIGIT_BEFORE.match(text, max(_trimmed_end(text, i) - 1, 0), i)
    return bool(before and _DIGIT_AFTER.match(text, i + 1))


def _after_short_abbreviation(text: str, i: int) -> bool:
    """Whether a short abbreviation ("г", "им", "Т") ends at `i`: looked for in the few
    characters before `i`, which hold it (and the space or full stop before it)."""
    return bool(_SHORT_ABBREVIATION.search(text, max(i - 5, 0), i))


def _separator_positions(text: str) -> list[int]:
    """Where `text` is cut: punctuation outside quotes and brackets' own positions."""
    cuts = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth = max(depth - 1, 0)
        elif depth:
            continue
        elif ch in ";()\n":
            cuts.append(i)
        elif ch == ",":
            if _between_digits(text, i):
                continue
            cuts.append(i)
        elif ch == ".":
            following = text[i + 1 : i + 3]
            if (following[:1] == " " and not _after_short_abbreviation(text, i)) or not following:
                cuts.append(i)
        elif ch in "-–—" and text[i - 1 : i] == " " and text[i + 1 : i + 2] == " ":
            cuts.append(i)
    return cuts


def _is_noun_like(word: str) -> bool:
    if word.isdigit() or word == "»":
        return True
    if word.isupper() and len(word) > 1:
        return True
    return any(p.tag.POS == "NOUN" for p in parses(word)[:2])


def _starts_role(word: str) -> bool:
    analyses = [p for p in parses(word) if p.tag.POS == "NOUN" or p.normal_form == "заведующий"]
    if not analyses or analyses[0].normal_form not in ROLE_HEADS:
        return False
    cases = {p.tag.case for p in analyses if p.normal_form in ROLE_HEADS}
    return "nomn" in cases and "gent" not in cases and "ablt" not in cases


def _is_nominative_adjective(word: str) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn" for p in parses(word))


def _role_starts(segment: str) -> list[int]:
    """Offsets in `segment` where a new role begins without a comma."""
    tokens = list(_WORD.finditer(segment))
    starts = []
    depth = 0
    for i, token in enumerate(tokens):
        word = token.group()
        depth += (word == "«") - (word == "»")
        if i == 0 or depth or not word[0].isalpha() or not _starts_role(word):
            continue
        j = i
        while j > 0 and _is_nominative_adjective(tokens[j - 1].group()):
            j -= 1
        if j > 0 and j < i and tokens[j - 1].group().lower() in ("и", "или"):
            continue
        if (
            j > 0
            and _is_noun_like(tokens[j - 1].group())
            and tokens[j - 1].group().lower() not in ("и", "или")
        ):
            starts.append(tokens[j].start())
    return starts


def _segments(text: str, persons: list[PersonMatch]) -> list[tuple[int, int, PersonMatch | None]]:
    """(start, end, person) spans of `text` in order: people and the text between them, cut."""
    cuts = sorted(
        {0, len(text), *_separator_positions(text), *(p.start for p in persons), *(p.end for p in persons)}
    )
    by_start: dict[int, PersonMatch] = {}
    for p in persons:
        by_start.setdefault(p.start, p)
    starts = [p.start for p in persons]
    spans = []
    for start, end in pairwise(cuts):
        person = by_start.get(start)
        if person:
            spans.append((start, end, person))
            continue
        # People are in order and do not overlap: only the last one starting before can hold `start`.
        before = bisect_right(starts, start) - 1
        if before >= 0 and start < persons[before].end:
            continue
        inner = [start, *(start + k for k in _role_starts(text[start:end])), end]
        spans.extend((a, b, None) for a, b in pairwise(inner))
    return spans


def _names_one_post(segment: str) -> bool:
    """Whether `segment` starts with one person's post: its first noun (after adjectives) is a
    singular animate noun ("начальник ...", "ведущий специалист ..."), not an abbreviation, or it
    opens with a post word of `data/post_words.txt` ("заведующий ...", "зам. директора ...")."""
    if _POST_WORD.match(segment):
        return True
    if segment.isupper() and len(segment.split()) > 1:
        segment = segment.lower()
    for word in re.findall(r"[А-ЯЁа-яё]+", segment):
        if word.isupper() and len(word) > 1:
            return False
        analyses = parses(word)
        if analyses[0].tag.POS == "NOUN":
            # "учителя начальных классов" reads first as one teacher's genitive: a form that can
            # be a nominative plural names a group, not one post.
            plural = any(p.tag.POS == "NOUN" and {"plur", "nomn"} <= p.tag.grammemes for p in analyses)
            return "anim" in analyses[0].tag and "plur" not in analyses[0].tag and not plural
        if not _is_nominative_adjective(word):
            return False
    return False


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(_STRIP)
    if text.count("«") > text.count("»"):
        text += "»"
    return text


def _continues(raw: str, gap: str, previous: OrgRole) -> bool:
    """Whether segment `raw`, after `gap` (the text since the previous org), goes on with that org
    rather than naming another: a participial clause after a comma ("органы местного
    самоуправления, осуществляющие управление в сфере образования"), or one more institution of
    the type a role's list of them named ("руководители МОУ А, МОУ Б": one role over both)."""
    if gap.strip(" ") != "," or _POST_WORD.match(raw):
        return False
    first = _WORD.match(raw)
    if first is None:
        return False
    word = first.group()
    if word.islower():
        return parses(word)[0].tag.POS == "PRTF"
    earlier = [w.group() for w in _WORD.finditer(previous.name)]
    return (
        word.isupper()
        and len(word) > 1
        and bool(earlier)
        and not earlier[0].isupper()
        and word in earlier[1:]
    )


def parse_responsible(text: str, known: Collection[str] = ()) -> Responsible:
    """The people (with positions) and organisations named in a "responsible" text.

    A post goes to the person it stands beside: after a comma to the name before ("Иванова
    И.И., директор"), else right before a name to that name ("директор школы Иванова И.И."),
    else to the name before; a post beside no name is a role of its own (an org)."""
    result = Responsible()
    persons = find_persons(text, known)
    spans = _segments(text, persons)
    open_person: PersonRole | None = None
    pending: str | None = None
    last_org: tuple[int, int, OrgRole] | None = None
    for index, (start, end, person) in enumerate(spans):
        if person is not None:
            role = PersonRole(person, position=pending)
            result.persons.append(role)
            # "И.О. Фамилия" takes a post after it only behind a comma ("Т.А. Семенова, директор"):
            # without one, what follows belongs to the next name ("КОПО Л.Г. Михайлюк ЛОИРО ...").
            takes_post = person.surname_first or bool(_COMMA_AFTER.match(text, person.end))
            open_person = role if pending is None and takes_post else None
            pending, last_org = None, None
            continue
        raw = _clean(text[start:end])
        if not raw or _FILLER.match(raw) or _REMARK.fullmatch(raw):
            continue
        opening = start + len(text[start:end]) - len(text[start:end].lstrip(_STRIP))
        if last_org is not None and _continues(raw, text[last_org[1] : opening], last_org[2]):
            joined = _clean(text[last_org[0] : end])
            result.orgs[-1] = OrgRole(name=joined, raw=joined, school_numbers=school_numbers(joined))
            last_org = (last_org[0], end, result.orgs[-1])
            continue
        if _names_one_post(raw):
            later = (spans[k] for k in range(index + 1, len(spans)))
            following = next((span for span in later if _clean(text[span[0] : span[1]])), None)
            if open_person is not None and "," in text[open_person.person.end : opening]:
                open_person.position, open_person = raw, None
                continue
            if (
                following is not None
                and following[2] is not None
                and not text[end : following[0]].strip(" -–—:")
            ):
                pending, open_person = raw, None
                continue
            if open_person is not None:
                open_person.position, open_person = raw, None
                continue
        open_person = None
        result.orgs.append(OrgRole(name=raw, raw=raw, school_numbers=school_numbers(raw)))
        last_org = (start, end, result.orgs[-1])
    return result


_PARTNER = re.compile(
    r"(?<![А-ЯЁа-яё])(?:(?P<with>совместно|во\s+взаимодействии|через\s+взаимодействие"
    r"|в\s+сотрудничестве|в\s+партн[её]рстве)\s+со?|при\s+участии)\s+",
    re.IGNORECASE,
)
_ADDRESSEE_END = re.compile(r"[,(:;]|\s[-–—]\s")
# Verbs whose dative object is the point's addressee: "Рекомендовать руководителям органов ...".
_DIRECTING_VERB = re.compile(r"(?:рекомендовать|поручить|предложить)\s+", re.IGNORECASE)
_UNIT_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")


def _dative_unit(phrase: str) -> str | None:
    """`phrase` up to its instruction verb when it opens with a noun phrase in the dative
    ("Руководителям ОО обеспечить" -> "Руководителям ОО"), else None."""
    words = list(_UNIT_WORD.finditer(phrase))
    head = None
    for i, m in enumerate(words):
        analyses = parses(m.group())
        if i == 0 and analyses[0].tag.POS not in ("NOUN", "ADJF", "PRTF"):
            return None
        if head is None:
            if any(p.tag.POS == "NOUN" and p.tag.case == "datv" for p in analyses):
                head = i
                continue
            if not any(p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "datv" for p in analyses):
                return None
        elif m.group().islower() and analyses[0].tag.POS in ("INFN", "VERB"):
            return phrase[: m.start()]
    return phrase if head is not None else None


def _opens_with_abbreviation(phrase: str) -> bool:
    first = _UNIT_WORD.match(phrase.lstrip())
    return first is not None and first.group().isupper() and len(first.group()) > 1


def _named_subject(text: str, phrase: str) -> bool:
    """Whether `phrase`, opening the point with an abbreviation ("ГКУ «ЦОКО» (Иванов И.И.)
    обеспечить"), is the unit named in the nominative that the instruction verb after it has."""
    if not _opens_with_abbreviation(phrase):
        return False
    rest = re.sub(r"^(?:\s*\([^()]*\))*\s*", "", text[len(phrase) :])
    verb = _UNIT_WORD.match(rest)
    return verb is not None and verb.group().islower() and parses(verb.group())[0].tag.POS == "INFN"


def _goes_on(part: str, unit_words: Collection[str]) -> bool:
    """Whether `part`, after a comma, continues the addressee unit rather than ending it: one more
    institution of the type the unit lists ("Руководителям МОУ «А», МОУ «Б»": `unit_words` are the
    unit's words after its first) or a participle that qualifies the unit's dependent noun
    ("руководителям органов ..., осуществляющих ...")."""
    first = _UNIT_WORD.match(part.lstrip())
    if first is None:
        return False
    word = first.group()
    if word.isupper() and len(word) > 1:
        return word in unit_words
    analyses = parses(word)
    return (
        word.islower()
        and analyses[0].tag.POS == "PRTF"
        and not any(p.tag.POS == "PRTF" and p.tag.case == "datv" for p in analyses)
    )


def addressee(text: str) -> OrgRole | None:
    """The unit an order's point addresses, in the nominative: "Муниципальному центру оценки
    качества образования (Закурдаева О.Б.) разместить ..." -> "Муниципальный центр оценки качества
    образования"; after "Рекомендовать" its dative object; a list of institutions after one role
    ("Руководителям МОУ «А», МОУ «Б» обеспечить") as one unit; a unit named by its abbreviation
    before the verb ("МКУ «ИМЦ» (Кротова Е.А.) обеспечить", "Поручить МКУ «ИМЦ» провести") as
    printed. None when the point opens otherwise or addresses a person by name."""
    lead = _DIRECTING_VERB.match(text)
    position = lead.end() if lead else 0
    parts: list[str] = []  # the unit, cut at its commas
    later_words: set[str] = set()  # its words after its first
    while position < len(text):
        end = _ADDRESSEE_END.search(text, position)
        stop = end.start() if end else len(text)
        phrase = text[position:stop]
        partner = _PARTNER.search(phrase)
        phrase = phrase[: partner.start()] if partner else phrase
        if find_persons(phrase):
            if not parts:
                return None
            break
        if parts:
            if not _goes_on(phrase, later_words):
                break
            cut = phrase[: _first_verb(phrase)]
        else:
            cut = _dative_unit(phrase) or ""
            if not cut:
                # An abbreviation does not decline: after "Поручить" it is the dative object as
                # printed ("Поручить МКУ «ИМЦ» (Кротова Е.А.) провести").
                if _opens_with_abbreviation(phrase) if lead else _named_subject(text, text[:stop]):
                    raw = _clean(phrase[: _first_verb(phrase)])
                    return OrgRole(name=raw, raw=raw, school_numbers=school_numbers(raw))
                return None
        parts.append(cut)
        words = [w.group() for w in _UNIT_WORD.finditer(cut)]
        later_words.update(words if len(parts) > 1 else words[1:])
        if len(cut) < len(phrase) or partner or end is None or end.group() != ",":
            break
        position = end.end()
    if not parts:
        return None
    raw = _clean(",".join(parts))
    return OrgRole(name=nominative_phrase(raw), raw=raw, school_numbers=school_numbers(raw))


_PARTNER_END = re.compile(r"[(:;]|\s[-–—]\s|\.\s*$")
_PARTNER_SEPARATOR = re.compile(r"\s*,\s*|\s+и\s+")
_WORD_AT_START = re.compile(r"\s*([А-ЯЁа-яё]+)")
_RUSSIAN_WORD = re.compile(r"[А-ЯЁа-яё]+")


def _first_verb(text: str) -> int:
    """Where the point's instruction verb ("обеспечить", "провести") stands; len(text) if none."""
    return next((m.start() for m in _RUSSIAN_WORD.finditer(text) if _is_infinitive(m)), len(text))


def _is_infinitive(word: re.Match[str]) -> bool:
    return parses(word.group())[0].tag.POS == "INFN"


def _clause_opening(text: str, start: int) -> int:
    """Where a clause opens in `text` after `start`: past its first comma, or at the end of a
    participle before it ("проводимых", "реализуемых"); past the end of `text` if neither."""
    comma = text.find(",", start)
    opening = comma + 1 if comma >= 0 else len(text) + 1
    for m in _RUSSIAN_WORD.finditer(text, start, opening):
        if parses(m.group().lower())[0].tag.POS in ("PRTF", "PRTS"):
            return m.end()
    return opening


class _Ahead:
    """The first match of a pattern that `accept` takes at or after a position, for positions that
    only grow and never fall inside a match: each stretch of the text is searched once."""

    def __init__(
        self, pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool] = bool
    ) -> None:
        self._pattern, self._text, self._accept = pattern, text, accept
        self._match: re.Match[str] | None = None
        self._searched = False

    def at(self, position: int) -> re.Match[str] | None:
        if not self._searched or (self._match is not None and self._match.start() < position):
            found = self._pattern.finditer(self._text, position)
            self._match = next((m for m in found if self._accept(m)), None)
            self._searched = True
        return self._match


def _starts_unit(word: str, case: str, previous: str) -> bool:
    """Whether `word` after a comma or "и" opens another unit: a noun or adjective in `case`, or an
    abbreviation after a unit that governs none ("МЦОКО и ЦДО", not "подготовке к ОГЭ и ЕГЭ")."""
    if word.isupper() and len(word) > 1:
        return not any(parses(w)[0].tag.POS == "PREP" for w in re.findall(r"[а-яё]+", previous))
    analyses = parses(word)
    pos = analyses[0].tag.POS
    return pos in ("NOUN", "ADJF", "PRTF") and any(pos == p.tag.POS and p.tag.case == case for p in analyses)


def partners(text: str) -> list[OrgRole]:
    """Units an order's point names as working with its addressee, in the nominative: "Баркаловой
    Е.В. через взаимодействие с рабочей группой в установленной сфере деятельности:" -> "рабочая
    группа в установленной сфере деятельности"; "Подготовить справку совместно с ЦДО" -> "ЦДО".
    A partner inside a clause of its own ("план мероприятий, проводимых совместно с родителями")
    belongs to what is done, not to who does it, and is not read."""
    verb = _first_verb(text)
    opening = _clause_opening(text, verb)
    ends, verbs = _Ahead(_PARTNER_END, text), _Ahead(_RUSSIAN_WORD, text, _is_infinitive)
    found = []
    for m in _PARTNER.finditer(text):
        if m.start() > verb and m.start() >= opening:
            continue
        case = "ablt" if m.group("with") else "gent"
        end, next_verb = ends.at(m.end()), verbs.at(m.end())
        stop = end.start() if end else len(text)
        rest = text[m.end() : min(stop, next_verb.start()) if next_verb else stop]
        for raw in _partner_parts(rest, case):
            if raw and not find_persons(raw):
                found.append(
                    OrgRole(name=nominative_phrase(raw), raw=raw, school_numbers=school_numbers(raw))
                )
    return found


def _partner_parts(text: str, case: str) -> list[str]:
    """`text` cut where a comma or "и" starts another unit in `case`; the first other comma ends it."""
    parts = []
    start = 0
    for sep in _PARTNER_SEPARATOR.finditer(text):
        word = _WORD_AT_START.match(text, sep.end())
        if word and _starts_unit(word.group(1), case, text[start : sep.start()]):
            parts.append(text[start : sep.start()])
            start = sep.end()
        elif "," in sep.group():
            break
    else:
        sep = None
    parts.append(text[start : sep.start() if sep else len(text)])
    return [_clean(part) for part in parts]


def parse_directive(text: str, known: Collection[str] = ()) -> Responsible:
    """The people an order's point names, the unit it addresses and the units it names as
    working with them."""
    result = Responsible(persons=[PersonRole(p) for p in find_persons(text, known)])
    unit = addressee(text)
    if unit is not None:
        result.orgs.append(unit)
    result.orgs += [o for o in partners(text) if o.name not in {u.name for u in result.orgs}]
    return result
