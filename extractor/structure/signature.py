"""The signature block: a position line ("Начальник отдела образования ...") and the signer's name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.structure.lines import Line, plain
from normalizer.persons import PERSON, find_persons

POSITION = re.compile(
    r"(?:И\.\s?о\.|Врио|Временно исполняющ\w+|Исполняющ\w+ обязанност\w+|Первый заместитель|Заместитель"
    r"|Начальник|Заведующ(?:ий|ая)|Директор|Руководитель|Министр|Глава|Председатель|Ректор|Управляющ(?:ий|ая))"
    r"(?![а-яё])",
    re.IGNORECASE,
)
_DECORATION = re.compile(r"[_/]+|\(?подпись\)?|м\.\s?п\.", re.IGNORECASE)
_MAX_POSITION_LINES = 4
_MAX_LINE = 160


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
    return PERSON.fullmatch(_DECORATION.sub(" ", plain(text)).strip())


def _trailing_name(text: str) -> tuple[str, str, str] | None:
    """(position, canonical name, raw name) when `text` is a position ending with a name."""
    text = _DECORATION.sub(" ", plain(text)).strip()
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


def signature_at(lines: list[Line], i: int) -> Signature | None:
    """The signature block starting at line `i`, if one does."""
    line = lines[i]
    if line.table is not None:
        return _from_table(i, line)
    if not POSITION.match(line.text) or len(line.text) > _MAX_LINE:
        return None
    hit = _trailing_name(line.text)
    if hit and hit[0]:
        return Signature(i, i + 1, hit[0], hit[1], hit[2])
    for j in range(i + 1, min(i + 1 + _MAX_POSITION_LINES, len(lines))):
        nxt = lines[j]
        if nxt.table is not None or len(nxt.text) > _MAX_LINE:
            return None
        if _bare_name(nxt.text):
            person = find_persons(plain(nxt.text))[0]
            position = " ".join(x.text for x in lines[i:j])
            return Signature(i, j + 1, position, person.name, person.raw)
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
