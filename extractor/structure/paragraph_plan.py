"""Plans written as numbered paragraphs instead of a table.

«1.2. Проведение семинара … Срок: март 2025 г. Ответственный: МКУ «ИМЦ». Результат: протокол.»
An item is a numbered paragraph (and the unnumbered lines after it that go on with it) whose
fields are named inline by labels the plan tables use as header words («Срок исполнения»,
«Ответственные», «Ожидаемый результат», «Отметка о выполнении»: `data/headers.tsv`, read by
`columns.label_role`). The title is the text before the first label. A numbered paragraph
with no labels over items numbered within it («1. Организационные мероприятия» over «1.1.») is
a section heading. A plan may also list its items as dash or bullet lines («– …», «• …»)
under numbered section headings, each with its own labelled lines («Срок: …»); such an item
has no number and sits in the section above it. A dash line after «:», «;» or «,» of an item
with no label yet goes on with its title (a list in it). Only the text after the order's
operative part is read, so an order's own points («Срок – до 01.04.2025») stay directives;
and at least two items must say when or who.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.structure.columns import Role, label_role
from extractor.structure.lines import Line, document_lines, join_all
from extractor.structure.operative import POINT, find_operative
from model import Activity, RawDocument

_LABEL = re.compile(r"\s*(?P<label>[А-ЯЁа-яё][а-яё]*(?:\s+[а-яё()]+){0,3})\s*(?P<mark>:|[–—-](?=\s))\s*")
_CLAUSE_END = re.compile(r"[.;,)»]\s*")
_FIELDS = {
    Role.DEADLINE: "deadline_raw",
    Role.RESPONSIBLE: "responsible_raw",
    Role.RESULT: "result_raw",
    Role.STATUS: "status_raw",
}
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:г|гг|т\.\s?д|т\.\s?п|др|и\.о|[А-ЯЁ]\.[А-ЯЁ])\.$")
_MIN_ITEMS = 2
_BULLET = re.compile(r"[-–—•·▪●]\s+(?P<text>\S.*)")
_EXTRA = "extra"


@dataclass
class _Item:
    number: str
    parts: list[str] = field(default_factory=list)
    labelled: bool = False
    bullet: bool = False
    """A dash or bullet line («– …», «• …») opened the item."""
    listed: int | None = None
    """The part where a dash list in the item's title starts, if one does."""


def _labels(text: str, starts: frozenset[int] = frozenset()) -> list[tuple[int, int, Role | None]]:
    """(start, end, role) of each field label in `text` that opens it, a line (`starts`) or a
    clause; role None for a label of a field no activity keeps («Источник финансирования:»).
    A dash marks a label only for the four fields."""
    found: list[tuple[int, int, Role | None]] = []
    for begin in sorted({0, *starts, *(m.end() for m in _CLAUSE_END.finditer(text))}):
        match = _LABEL.match(text, begin)
        if match is None or (found and begin < found[-1][1]):
            continue
        named = label_role(match.group("label"))
        role = Role(named) if named in _FIELDS else None
        if named is None or (role is None and (named != _EXTRA or match.group("mark") != ":")):
            continue
        found.append((match.start("label"), match.end(), role))
    return found


def _value(text: str) -> str:
    """A field's text without the punctuation that ends it in the sentence («март 2025 г.» keeps its dot)."""
    text = text.strip().rstrip(",;").strip()
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1].rstrip()
    return text


def _activity(item: _Item) -> Activity:
    starts, offset = set(), 0
    for part in item.parts:
        starts.add(offset)
        offset += len(part) + 1
    text = " ".join(item.parts)
    labels = _labels(text, frozenset(starts))
    title = _value(text[: labels[0][0]]) if labels else _value(text)
    fields: dict[str, str] = {}
    for (_, end, role), following in zip(labels, [*labels[1:], None], strict=True):
        value = _value(text[end : following[0] if following else len(text)])
        if role is not None and value:
            name = _FIELDS[role]
            fields[name] = f"{fields[name]}; {value}" if name in fields else value
    return Activity(number=item.number or None, title=title, **fields)


def _items(lines: list[Line]) -> list[_Item]:
    """Numbered paragraphs with the lines that go on with them: lines that open with a label,
    any line while the item has no label yet (its title wraps), and the rest of a sentence
    a reader broke into lines (a PDF line)."""
    items: list[_Item] = []
    for line in lines:
        if line.table is not None:
            if items:
                break
            continue
        point = POINT.fullmatch(line.text)
        bullet = _BULLET.fullmatch(line.text)
        if point:
            text = point.group("text")
            items.append(_Item(point.group("number"), [text], bool(_labels(text))))
        elif bullet and not (items and _lists_on(items[-1])):
            text = bullet.group("text")
            items.append(_Item("", [text], bool(_labels(text)), bullet=True))
        elif bullet:
            item = items[-1]
            item.listed = len(item.parts) if item.listed is None else item.listed
            item.parts.append(line.text)
        elif items and (labels := _labels(line.text)) and labels[0][0] == 0:
            items[-1].parts.append(line.text)
            items[-1].labelled = True
        elif items and (not items[-1].labelled or _goes_on(items[-1].parts[-1], line.text)):
            items[-1].parts.append(line.text)
        elif items:
            items.append(_Item("", [line.text]))  # a line of no item closes the one before it
    return _split_headings(items)


def _lists_on(item: _Item) -> bool:
    """Does a dash line after `item` go on with its title («Диагностика: – по математике;
    – по русскому языку.»)? Only before its labels, after «:», «;» or «,»."""
    return not item.labelled and item.parts[-1].rstrip().endswith((":", ";", ","))


def _split_headings(items: list[_Item]) -> list[_Item]:
    """A numbered line ending in «:» whose dash list is followed by dash items heads a section
    of them («2. Работа с обучающимися:» over «– …», «– …»): its list is the first item."""
    split: list[_Item] = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if item.listed is None or not item.number or following is None or not following.bullet:
            split.append(item)
            continue
        first, *rest = item.parts[item.listed :]
        head = _Item(item.number, item.parts[: item.listed])
        split += [head, _Item("", [_BULLET.sub(r"\g<text>", first, count=1), *rest], item.labelled, True)]
    return split


def _heading_title(heading: _Item) -> str:
    """«Работа с обучающимися:» -> «Работа с обучающимися»."""
    return _value(join_all(heading.parts)).rstrip(":").rstrip()


def _goes_on(before: str, line: str) -> bool:
    return not before.endswith((".", ";", "!")) or line[:1].islower()


def paragraph_activities(raw: RawDocument) -> list[Activity]:
    """The activities of a plan written as numbered paragraphs with inline fields; [] where
    the document has no such plan."""
    lines = document_lines(raw)
    operative = find_operative(lines)
    items = _items(lines[operative.end if operative else 0 :])
    activities: list[Activity] = []
    heading: _Item | None = None
    for index, item in enumerate(items):
        if not (item.number or item.bullet):
            continue
        if not item.labelled:
            following = next((i for i in items[index + 1 :] if i.number or i.bullet), None)
            if (
                item.number
                and following
                and (following.bullet or following.number.startswith(item.number + "."))
            ):
                heading = item
            continue
        activity = _activity(item)
        if activity.deadline_raw is None and activity.responsible_raw is None:
            continue
        if heading is not None and (item.bullet or item.number.startswith(heading.number + ".")):
            activity.section, activity.section_title = heading.number, _heading_title(heading)
        activities.append(activity)
    return activities if len(activities) >= _MIN_ITEMS else []
