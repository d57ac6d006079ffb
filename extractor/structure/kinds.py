"""The vocabulary of document kinds, kept as data a methodist can correct: the heading words that
name a kind (data/doc_kinds.tsv), the words that open an act's operative part
(data/operative_markers.txt) and those of a registration or publication mark above an act
(data/registration_marks.txt)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent.parent / "data"


@dataclass(frozen=True)
class Kind:
    """A heading word in capitals, the doc_type it gives and its group ("act" or "plan")."""

    heading: str
    doc_type: str
    group: str


def spaced(word: str) -> str:
    """A pattern for `word` with its letters possibly spaced out ("П Р И К А З"), words by any space."""
    return r"\s+".join(r"\s?".join(re.escape(c) for c in part) for part in word.split())


def _rows(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [x for x in lines if x.strip() and not x.startswith("#")]


@cache
def kinds() -> tuple[Kind, ...]:
    """The document kinds, longer headings first as listed."""
    rows = list(csv.DictReader(_rows("doc_kinds.tsv"), delimiter="\t"))
    return tuple(Kind(r["heading"], r["doc_type"], r["group"]) for r in rows)


# After a spaced word, more single spaced capitals mean a longer word ("П Р И К А З Ы В А Ю").
_NOT_LONGER = r"(?![А-ЯЁа-яё])(?!\s[А-ЯЁ](?:\s[А-ЯЁ])+(?![А-ЯЁа-яё]))"


@cache
def caps_heading(group: str | None = None) -> re.Pattern[str]:
    """Any heading word in capitals (of `group` only, if given); group `k<i>` tells which kind."""
    return re.compile(
        "|".join(
            rf"(?P<k{i}>(?<![А-ЯЁа-яё]){spaced(k.heading)}{_NOT_LONGER})"
            for i, k in enumerate(kinds())
            if group is None or k.group == group
        )
    )


def heading_kind(match: re.Match[str]) -> Kind:
    """The kind a `caps_heading` match names."""
    name = next(k for k, v in match.groupdict().items() if v)
    return kinds()[int(name[1:])]


@cache
def plan_words() -> list[tuple[str, str]]:
    """(heading in sentence case, doc_type) of the plan kinds: "Дорожная карта" -> "план"."""
    return [(k.heading[:1] + k.heading[1:].lower(), k.doc_type) for k in kinds() if k.group == "plan"]


@cache
def operative_marker() -> re.Pattern[str]:
    """The word that opens the operative part; a word listed with a colon needs one after it."""
    words = _rows("operative_markers.txt")
    strong = [w for w in words if not w.endswith(":")]
    weak = [w.rstrip(":") for w in words if w.endswith(":")]
    return re.compile(
        rf"(?<![а-яё])(?:(?:{'|'.join(spaced(w) for w in strong)})(?![а-яё])\s*[:.]?"
        rf"|(?:{'|'.join(spaced(w) for w in weak)})(?![а-яё])\s*:)",
        re.IGNORECASE,
    )


@cache
def registration_mark() -> re.Pattern[str]:
    """The opening words of a registration or publication mark («Зарегистрировано в Минюсте …»)."""
    words = _rows("registration_marks.txt")
    return re.compile(rf"\s*(?:{'|'.join(spaced(w) for w in words)})", re.IGNORECASE)
