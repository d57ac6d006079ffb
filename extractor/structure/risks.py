"""The risk directions (рисковые профили) a document names, in the order it names them.

Three ways documents name them, announced by the words of `data/risk_markers.tsv`:

- a list after a `list` phrase and a colon, inline («Рисковые направления: 1) низкая учебная
  мотивация обучающихся; 2) …») or as the paragraphs that follow («определены рисковые профили
  школы:» then «- …;» lines, up to an item closed by a full stop or a line of another style);
  a passport row «Рисковые профили | 1) …; 2) …» reads the same way;
- a quoted title after a `list` phrase («программа по направлению (рисковому профилю) «Высокая
  доля обучающихся …»»): the document is about that risk;
- section headings labelled with a `label` word («Риск 1. Высокая доля обучающихся …»), in
  paragraphs or in the first filled cell of a table row;
- the values of a plan column headed by a `list` phrase («Рисковый профиль» beside
  «Мероприятие»), each the risk of the rows it stands in.

The official profile each risk is, and which activities sit under it, are the normalizer's job
(`normalizer.risks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from extractor.structure.lines import Line
from extractor.structure.text import clean_text
from model import RiskDirection
from normalizer.risks import profile_of

_DATA = Path(__file__).resolve().parent.parent / "data" / "risk_markers.tsv"
_ITEM = re.compile(r"^\s*(?:[-–—•·*]|\d{1,2}[.)]|[а-я]\))\s*")
_INLINE_NUMBER = re.compile(r"(?:^|(?<=[\s;:,]))(\d{1,2})[.)]\s+")
_QUOTED = re.compile(r"^[\s(),\-–—]*«([^«»]{5,300})»")
_MAX_ITEMS = 12
_MAX_ITEM_CHARS = 300
_MIN_ITEM_CHARS = 5
_LABEL_COLUMNS = 2
"""A passport is a table of labels and values: two columns."""
_LABEL_LEAD = 20
_MAX_LABEL = 60
"""A passport label names the risks within its first words («Выявленные рисковые профили»)."""


@cache
def _markers() -> dict[str, re.Pattern[str]]:
    kinds: dict[str, list[str]] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, pattern = line.split("\t", 1)
            kinds.setdefault(kind, []).append(f"(?:{pattern.strip()})")
    return {kind: re.compile("|".join(patterns), re.IGNORECASE) for kind, patterns in kinds.items()}


def _fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def _style(text: str) -> str | None:
    """How a list item is marked: "dash", "1.", "1)", "а)", or None for no item."""
    match = _ITEM.match(text)
    if not match:
        return None
    mark = match.group().strip()
    if mark[0].isdigit():
        return f"1{mark[-1]}"
    return "а)" if mark[0].isalpha() else "dash"


def _clean_item(text: str) -> str:
    text = _ITEM.sub("", text, count=1)
    return clean_text(text).rstrip(" ;,.")


def _inline_items(text: str) -> list[tuple[str | None, str]]:
    """«1) низкая …; 2) высокая …» -> [("1", "низкая …"), ("2", "высокая …")]; without numbers,
    the parts between semicolons; with neither, the parts between commas when each of them is
    an official profile («низкая учебная мотивация, низкий уровень вовлечённости родителей»)."""
    numbers = list(_INLINE_NUMBER.finditer(text))
    if numbers and numbers[0].start() <= 2:
        bounds = [m.start() for m in numbers[1:]] + [len(text)]
        pairs = zip(numbers, bounds, strict=True)
        return [(m.group(1), _clean_item(text[m.end() : end])) for m, end in pairs]
    if ";" not in text:
        parts = [_clean_item(part) for part in text.split(",")]
        if len(parts) > 1 and all(profile_of(part) for part in parts):
            return [(None, part) for part in parts]
    return [(None, _clean_item(part)) for part in text.split(";")]


def _risk(number: str | None, title: str, raw: str, source: str = "list") -> RiskDirection | None:
    title = title.strip(' «»"')
    if not _MIN_ITEM_CHARS <= len(title) <= _MAX_ITEM_CHARS:
        return None
    return RiskDirection(number=number, title=title[:1].upper() + title[1:], raw=raw, source=source)


def _listed(lines: list[Line], index: int, tail: str) -> list[RiskDirection]:
    """The risks listed after the marker of line `index`, whose text after the colon is `tail`."""
    if tail.strip():
        found = [_risk(n, t, tail) for n, t in _inline_items(tail)]
        return [r for r in found if r is not None]
    out: list[RiskDirection] = []
    style = None
    for line in lines[index + 1 : index + 1 + _MAX_ITEMS]:
        kind = _style(line.text) if line.table is None else None
        if kind is None or (style is not None and kind != style):
            break
        style = kind
        number = re.match(r"\s*(\d{1,2}|[а-я])", line.text)
        printed = number.group(1) if number and kind != "dash" else None
        risk = _risk(printed, _clean_item(line.text), line.text)
        if risk is not None:
            out.append(risk)
        if line.text.rstrip().endswith("."):
            break
    return out


def _from_text(lines: list[Line], index: int, text: str) -> list[RiskDirection]:
    marker = _markers()["list"]
    for match in marker.finditer(_fold(text)):
        after = text[match.end() :]
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        raw = text
        if not after.strip(" ()") and following.startswith("«"):
            after, raw = following, f"{text} {following}"  # the quoted title on a line of its own
        quoted = _QUOTED.match(after)
        if quoted:
            return [r for r in [_risk(None, quoted.group(1), raw, "title")] if r is not None]
        colon = after.find(":")
        if colon >= 0 and not after[:colon].strip(" ()").count(" ") > 3:
            return _listed(lines, index, after[colon + 1 :])
    return []


def _passport(line: Line) -> list[RiskDirection]:
    """A label/value row «Рисковые профили | 1) …; 2) …» of a table."""
    if line.table is None or line.table.width > _LABEL_COLUMNS:
        return []
    marker = _markers()["list"]
    out: list[RiskDirection] = []
    for row in line.table.rows:
        cells = [clean_text(c) for c in row.cells if clean_text(c)]
        label = marker.search(_fold(cells[0])) if len(cells) == 2 else None
        if label and label.start() <= _LABEL_LEAD and len(cells[0]) <= _MAX_LABEL:
            found = [_risk(n, t, cells[1]) for n, t in _inline_items(cells[1])]
            out += [r for r in found if r is not None]
    return out


def _column(line: Line) -> list[RiskDirection]:
    """The values of a plan column headed «Рисковый профиль» («Рисковое направление», …), each
    once, in order: the risk each row is under."""
    if line.table is None or len(line.table.rows) < 2:
        return []
    header = [clean_text(c) for c in line.table.rows[0].cells]
    marker = _markers()["list"]
    column = next(
        (
            i
            for i, c in enumerate(header)
            if len(c) <= _MAX_LABEL and (m := marker.search(_fold(c))) and m.start() <= _LABEL_LEAD
        ),
        None,
    )
    if column is None:
        return []
    out = []
    for row in line.table.rows[1:]:
        value = clean_text(row.cells[column]) if column < len(row.cells) else ""
        number = re.match(r"(\d{1,2})[.)]\s+", value)
        title = value[number.end() :] if number else value
        if title and (risk := _risk(number.group(1) if number else None, title, value, "column")) is not None:
            out.append(risk)
    return out


def _headings(lines: list[Line]) -> Iterator[RiskDirection]:
    """«Риск 1. Высокая доля …» in paragraphs and in the first filled cell of table rows."""
    label = _markers()["label"].pattern
    heading = re.compile(rf"^(?:{label})\s*(\d{{1,2}}|[IVX]{{1,4}})\s*[.):]?\s+(?=\S)", re.IGNORECASE)
    for line in lines:
        texts = [line.text] if line.table is None else []
        if line.table is not None:
            firsts = (next((c for c in row.cells if c.strip()), "") for row in line.table.rows)
            # only a cell that opens with the label is cleaned
            texts = [clean_text(c) for c in firsts if heading.match(_fold(c.lstrip()))]
        for text in texts:
            match = heading.match(_fold(text))
            if match and (risk := _risk(match.group(1), text[match.end() :], text, "heading")) is not None:
                yield risk


def find_risks(lines: list[Line]) -> list[RiskDirection]:
    """The risk directions the document names, first mention first, each title once."""
    found: list[RiskDirection] = []
    for index, line in enumerate(lines):
        if line.table is None:
            found += _from_text(lines, index, line.text)
        else:
            found += _passport(line) + _column(line)
    found += _headings(lines)
    unique: dict[str, RiskDirection] = {}
    for risk in found:
        key = _fold(risk.title).lower()
        if key not in unique:
            unique[key] = risk
        elif unique[key].number is None and risk.number is not None:
            unique[key] = unique[key].model_copy(update={"number": risk.number})
    return list(unique.values())
