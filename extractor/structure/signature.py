"""The signature block: a position line ("Начальник отдела образования ...") and the signer's name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.structure.lines import Line, plain
from normalizer.persons import PERSON, find_persons

POSITION = re.compile(
    r"(?:И\.\s?о\.|Врио|Временно исполняющ\w+|Исполняющ\w+ обязанност\w+|Первый заместитель|Заместитель"
    r"|Начальник|Заведующ(?:ий|ая)|Директор|Руководитель|Министр|Глава|Председатель|Ректор|Управляющ(?:ий|ая)"
    r"|Губернатор|Мэр|Президент|Уполномоченн(?:ый|ая))"
    r"(?![а-яё])",
    re.IGNORECASE,
)
_DECORATION = re.compile(r"[_/]+|\(?подпись\)?|м\.\s?п\.", re.IGNORECASE)
_MAX_POSITION_LINES = 4
_MAX_LINE = 160
# "Врио Министра С.А.Тырцев": initials and a surname closing the line are the signer, whatever
# capitalised word stands before them.
_END_NAME = re.compile(r"(?<![А-ЯЁа-яё.])(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?$")
# What follows a signer's bare name at the foot of an act: the place, the date, the number, a rule.
_FOOT = re.compile(
    r"(?:г\.\s?)?[А-ЯЁ][а-яё-]+(?:,\s*Кремль)?|\d{1,2}\s+[а-яё]+\s+\d{4}\s*(?:г\.|года)?|[№N]\s*\S+|[_\s]+"
)


@dataclass(frozen=True)
class Signature:
    """Where the block stands (`start`..`end` line indexes, end exclusive) and who signed it."""

    start: int
    end: int
    position: str
    name: str
    name_raw: str

    @property
    def raw(self) -> str:
        return f"{self.position} {self.name_raw}".strip()


def _bare_name(text: str) -> re.Match[str] | None:
    """The person when `text` is only a name (signature lines carry underscores and slashes)."""
    text = _DECORATION.sub(" ", plain(text)).strip()
    return PERSON.fullmatch(text) or _END_NAME.fullmatch(text)


def _signer(raw: str) -> tuple[str, str]:
    """(canonical name, raw) of a signer written "И.О. Фамилия" ("Ш. Кара-оол" keeps its whole
    surname: a signature is in the nominative)."""
    found = find_persons(raw)
    if found and found[0].end == len(raw):
        return found[0].name, found[0].raw
    m = re.fullmatch(r"((?:[А-ЯЁ]\.\s?){1,2})(\S+)", raw)
    if m is None:
        return (found[0].name, found[0].raw) if found else (raw, raw)
    return f"{m.group(2)} {m.group(1).replace(' ', '')}", raw


def _trailing_name(text: str) -> tuple[str, str, str] | None:
    """(position, canonical name, raw name) when `text` is a position ending with a name."""
    text = _DECORATION.sub(" ", plain(text)).strip()
    end = _END_NAME.search(text)
    if end:
        return text[: end.start()].strip(), *_signer(end.group())
    found = find_persons(text)
    if not found or text[found[-1].end :].strip():
        return None
    return text[: found[-1].start].strip(), found[-1].name, found[-1].raw


def _from_table(index: int, line: Line) -> Signature | None:
    assert line.table is not None
    for row in line.table.rows:
        text = " ".join(c.strip() for c in row.cells if c.strip())
        if POSITION.match(text) and len(text) <= 2 * _MAX_LINE:
            hit = _trailing_name(text)
            if hit:
                return Signature(index, index + 1, hit[0], hit[1], hit[2])
    return None


def _foot_name(lines: list[Line], i: int) -> Signature | None:
    """A signer's name alone on its line ("В.Путин") after a finished sentence, with the act's
    foot next: the place, the date, the number, a rule, or the end of the document."""
    line = lines[i]
    if i == 0 or not _bare_name(line.text) or not lines[i - 1].text.endswith((".", ";")):
        return None
    after = lines[i + 1 : i + 2]
    if any(x.table is not None or not _FOOT.fullmatch(x.text) for x in after):
        return None
    name, raw = _signer(_bare_name(line.text).group().strip())
    return Signature(i, i + 1, "", name, raw)


def signature_at(lines: list[Line], i: int) -> Signature | None:
    """The signature block starting at line `i`, if one does."""
    line = lines[i]
    if line.table is not None:
        return _from_table(i, line)
    foot = _foot_name(lines, i)
    if foot is not None:
        return foot
    if not POSITION.match(line.text) or len(line.text) > _MAX_LINE:
        return None
    hit = _trailing_name(line.text)
    if hit and hit[0]:
        return Signature(i, i + 1, hit[0], hit[1], hit[2])
    for j in range(i + 1, min(i + 1 + _MAX_POSITION_LINES, len(lines))):
        nxt = lines[j]
        if nxt.table is not None or len(nxt.text) > _MAX_LINE:
            return None
        bare = _bare_name(nxt.text)
        if bare:
            name, raw = _signer(bare.group().strip())
            position = " ".join(x.text for x in lines[i:j])
            return Signature(i, j + 1, position, name, raw)
        hit = _trailing_name(nxt.text)
        if hit:
            position = " ".join([*(x.text for x in lines[i:j]), hit[0]])
            return Signature(i, j + 1, position, hit[1], hit[2])
    return None


_SENTENCE_END = re.compile(r"[.;:»)]\s+")


def signature_after_text(lines: list[Line], i: int) -> tuple[int, Signature] | None:
    """A signature whose position line a reader glued to the end of text line `i`
    ("... оставляю за собой. Начальник"): where it starts in the line, and the block."""
    text = lines[i].text
    for m in _SENTENCE_END.finditer(text):
        tail = text[m.end() :]
        if len(tail) <= _MAX_LINE and POSITION.match(tail):
            found = signature_at([Line(tail), *lines[i + 1 : i + 1 + _MAX_POSITION_LINES]], 0)
            if found:
                shift = i
                block = Signature(
                    found.start + shift, found.end + shift, found.position, found.name, found.name_raw
                )
                return m.end(), block
    return None


def find_signature(lines: list[Line], start: int = 0) -> Signature | None:
    """The first signature block at or after line `start`."""
    for i in range(start, len(lines)):
        found = signature_at(lines, i)
        if found:
            return found
    return None
