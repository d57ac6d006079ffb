"""Topics of an activity, from the taxonomy of `data/topics.tsv`, with the words that put it there.

A topic's phrases are matched on dictionary forms (pymorphy3): a word of the text matches a word
of a phrase when one of its analyses has the phrase word's lemma, so inflected forms hit. The
words of a phrase come in order with at most `MAX_GAP` other words between two of them; each
hit keeps the span of the text it covers, as printed, as its evidence.

    >>> [(m.code, m.words) for m in find_topics("Курсы повышения квалификации для учителей ШНОР")]
    [('teachers', ['Курсы повышения квалификации'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from model import TopicMark
from normalizer.morph import parses

_DATA = Path(__file__).parent / "data" / "topics.tsv"
_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+")
MAX_GAP = 1
"""Other words a phrase lets stand between two of its own («курсы по повышению квалификации»)."""


@dataclass(frozen=True)
class Topic:
    """A topic of the taxonomy: code, Russian label and its phrases as lemma sequences."""

    code: str
    label: str
    phrases: tuple[tuple[str, ...], ...]


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@cache
def _word_lemmas(word: str) -> frozenset[str]:
    """Every dictionary form `word` may have (its own lower-case form among them)."""
    return frozenset({_fold(word), *(_fold(p.normal_form) for p in parses(word))})


def _phrase_lemmas(phrase: str) -> tuple[str, ...]:
    return tuple(_fold(parses(w)[0].normal_form) for w in _WORD.findall(phrase))


def _read(path: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Labels and phrases (as written) by topic code, in file order; a malformed line or a
    topic without a label raises `ValueError` naming the file (and the line)."""
    labels: dict[str, str] = {}
    phrases: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].strip():
            raise ValueError(f"{path.name}, строка {number}: нужно три поля через табуляцию")
        code, label, listed = (p.strip() for p in parts)
        if label:
            labels.setdefault(code, label)
        phrases.setdefault(code, []).extend(p.strip() for p in listed.split(";") if p.strip())
    missing = [code for code in phrases if code not in labels]
    if missing:
        raise ValueError(f"{path.name}: у тем {', '.join(missing)} нет названия")
    return labels, phrases


def read_taxonomy(path: Path = _DATA) -> list[Topic]:
    """The topics of a taxonomy file, in file order (see the file's header for its form)."""
    labels, phrases = _read(path)
    topics = []
    for code, written in phrases.items():
        lemmas = dict.fromkeys(found for found in map(_phrase_lemmas, written) if found)
        topics.append(Topic(code, labels[code], tuple(lemmas)))
    return topics


@cache
def taxonomy() -> tuple[Topic, ...]:
    """The built-in taxonomy (`data/topics.tsv`), read once per process."""
    return tuple(read_taxonomy())


@cache
def _labels() -> tuple[tuple[str, str], ...]:
    return tuple(_read(_DATA)[0].items())


def topic_labels() -> dict[str, str]:
    """Topic code -> Russian label, in taxonomy order (read without the morphology, so a page
    that only names topics does not load it)."""
    return dict(_labels())


@lru_cache(maxsize=8)
def _by_first_word(topics: tuple[Topic, ...]) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """First lemma of a phrase -> (topic index, phrase) of every phrase that starts with it."""
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for number, topic in enumerate(topics):
        for phrase in topic.phrases:
            index.setdefault(phrase[0], []).append((number, phrase))
    return index


def _end(phrase: tuple[str, ...], lemmas: list[frozenset[str]], start: int) -> int | None:
    """The index of the last word of `phrase` said from word `start` on (whose lemmas have its
    first word), or None where the rest of it does not follow."""
    position = start
    for word in phrase[1:]:
        following = range(position + 1, min(position + 2 + MAX_GAP, len(lemmas)))
        position = next((i for i in following if word in lemmas[i]), -1)
        if position < 0:
            return None
    return position


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans (sorted) joined: «курсы повышения» and «повышения квалификации» are one."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def find_topics(text: str, topics: tuple[Topic, ...] | None = None) -> list[TopicMark]:
    """The topics `text` is about, in taxonomy order, each with the spans of `text` (as printed,
    in text order, no repeats; overlapping hits joined) that said one of its phrases."""
    words = list(_WORD.finditer(text or ""))
    if not words:
        return []
    lemmas = [_word_lemmas(w.group()) for w in words]
    topics = topics if topics is not None else taxonomy()
    index = _by_first_word(topics)
    found: dict[int, set[tuple[int, int]]] = {}
    for start, forms in enumerate(lemmas):
        for form in forms:
            for number, phrase in index.get(form, ()):
                end = _end(phrase, lemmas, start)
                if end is not None:
                    found.setdefault(number, set()).add((start, end))
    marks = []
    for number, topic in enumerate(topics):
        spans = _merged(sorted(found.get(number, ())))
        if spans:
            printed = [text[words[a].start() : words[b].end()] for a, b in spans]
            marks.append(TopicMark(code=topic.code, words=list(dict.fromkeys(printed))))
    return marks
