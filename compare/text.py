"""Text preparation for matching: words -> lemmas, with abbreviations expanded, function words,
stop words and bare numbers (years, school numbers) dropped and synonym phrases folded into one
term per group.

"Обсуждение на совещании руководителей «слабых школ»" ->
["обсуждение", "совещание", "руководитель", "школа_с_низкий_результат"]

A title listing several things to do ("Разработка планов ОО: - по сопровождению ...; - по
повышению ...", or two sentences) is also read as its sub-items (`sub_items`), each a statement
of its own with the lead-in before the colon, so that a plan row answering one of them is scored
against that one and not against the whole list.

Each statement also has a head (`head_phrase`): the nominal group before its first preposition,
what is done ("Разработка методических рекомендаций" of "Разработка методических рекомендаций по
созданию сетевых объединений"), which the scoring compares apart from what it is about.

A stored document keeps the statements of its activities (made at ingest), so comparing it does
no morphology; `statements_version` tells statements made under other settings, which are made
again.

Abbreviations come from the document's own glossary first (meta.glossary), then from the
normalizer's built-in glossary (`normalizer/data/glossary.tsv`). Synonym groups live in
`data/synonyms.txt`, stop words in `data/stopwords.txt`; a region adds its own (`vocabulary`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

from compare import vocabulary
from normalizer import morph
from normalizer.glossary import builtin_entries
from normalizer.morph import parses

_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+(?:-[А-ЯЁа-яёA-Za-z0-9]+)*")
_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED"}
_ABBREVIATION = re.compile(r"^[А-ЯЁ]{2,}[а-яё]?$")
_SENTENCE_END = re.compile(r"(?<=[а-яё»)]{3})\.\s+(?=[А-ЯЁ][а-яё])|;\s*(?=[А-ЯЁ][а-яё])")
_BULLET = re.compile(r"^\s*[-–—•]")
_BULLET_BREAK = re.compile(r";\s*|\s+[-–—•]\s+")
_HEAD_END = re.compile(r"[;:(«\"–—]")
JOIN = "_"
HEAD_TERMS = 4


@cache
def stop_lemmas() -> frozenset[str]:
    """Content lemmas that carry no meaning for matching (`data/stopwords.txt`)."""
    return frozenset(vocabulary.lines("stopwords.txt"))


@cache
def builtin_abbreviations() -> dict[str, str]:
    """Abbreviation -> expansion: a region's own (`vocabulary.region_abbreviations`), then the
    normalizer's built-in glossary (its first reading)."""
    builtin = {a: readings[0] for a, readings in builtin_entries().items() if readings}
    return builtin | vocabulary.region_abbreviations()


@cache
def lemma(word: str) -> str:
    """Lemma of a lower-cased word, "" for a function word ("ё" read as "е")."""
    parse = parses(word)[0]
    if parse.tag.POS in _FUNCTION_POS or (len(word) == 1 and not word.isdigit()):
        return ""
    return parse.normal_form.replace("ё", "е")


def _raw_lemmas(text: str) -> list[str]:
    return [x for x in (lemma(w.lower()) for w in _WORD.findall(text) if not w.isdigit()) if x]


def _sentences(text: str) -> list[str]:
    """`text` cut at sentence ends that are not inside «quotes» (a quoted title is one name)."""
    out, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        if text.count("«", 0, end.start()) == text.count("»", 0, end.start()):
            out.append(text[start : end.start()])
            start = end.end()
    return [*out, text[start:]]


def sub_items(title: str) -> list[str]:
    """The statements a title lists: its sentences (or clauses after ";" that start a new
    statement), and the items after a colon, each joined to its lead-in. [] when there is one.

    "Разработка планов ОО: - по сопровождению обучающихся; - по повышению квалификации" ->
    ["Разработка планов ОО по сопровождению обучающихся", "Разработка планов ОО по повышению квалификации"]
    """
    out = []
    for sentence in _sentences(title):
        lead, colon, rest = sentence.partition(":")
        breaks = _BULLET_BREAK if _BULLET.match(rest) else re.compile(";")
        items = [i.strip(" .-–—•") for i in breaks.split(rest)] if colon else []
        items = [i for i in items if i]
        if len(items) > 1:
            out += [f"{lead.strip()} {item}" for item in items]
        elif sentence.strip(" ."):
            out.append(sentence.strip(" ."))
    return out if len(out) > 1 else []


@dataclass(frozen=True)
class SynonymGroup:
    """A group name (lemmas joined by "_") and every variant as a lemma sequence."""

    name: str
    variants: tuple[tuple[str, ...], ...]


@cache
def synonym_groups() -> tuple[SynonymGroup, ...]:
    """The groups of `data/synonyms.txt`, their variants lemmatized."""
    groups = []
    for line in vocabulary.lines("synonyms.txt"):
        variants = [tuple(_raw_lemmas(_expand(v, builtin_abbreviations()))) for v in line.split("|")]
        variants = [v for v in variants if v]
        groups.append(SynonymGroup(JOIN.join(variants[0]), tuple(dict.fromkeys(variants))))
    return tuple(groups)


_Index = dict[str, list[tuple[tuple[str, ...], str]]]


def _fold(lemmas: list[str] | tuple[str, ...], index: _Index) -> list[str]:
    """One left-to-right pass of `fold_synonyms` with `index`."""
    out, i = [], 0
    while i < len(lemmas):
        for variant, name in index.get(lemmas[i], ()):
            if tuple(lemmas[i : i + len(variant)]) == variant:
                out.append(name)
                i += len(variant)
                break
        else:
            out.append(lemmas[i])
            i += 1
    return out


def _index(entries: list[tuple[tuple[str, ...], str]]) -> _Index:
    index: _Index = {}
    for variant, name in dict.fromkeys(entries):
        if variant:
            index.setdefault(variant[0], []).append((variant, name))
    for candidates in index.values():
        candidates.sort(key=lambda c: -len(c[0]))
    return index


@cache
def _synonym_index() -> _Index:
    """First lemma -> [(variant, group name)], longest variants first. Each variant is also kept
    in the form the other groups fold it to ("общеобразовательные организации с низкими
    результатами" is "образовательная_организация низкий результат" once "общеобразовательные
    организации" is folded), so that a phrase whose words another group took first still folds."""
    entries = [(v, g.name) for g in synonym_groups() for v in g.variants]
    folded = [(tuple(_fold(v, _index([e for e in entries if e[1] != name]))), name) for v, name in entries]
    return _index(entries + [(v, name) for v, name in folded if v != (name,)])


def fold_synonyms(lemmas: list[str]) -> list[str]:
    """Replace each synonym variant found in `lemmas` (longest first, left to right) by its group
    name, then fold the result again until nothing changes (a folded group may start a longer one)."""
    index = _synonym_index()
    out = _fold(lemmas, index)
    for _ in range(3):
        again = _fold(out, index)
        if again == out:
            break
        out = again
    return out


def _expand(text: str, abbreviations: Mapping[str, str]) -> str:
    """`text` with its abbreviations expanded, except those inside an organisation's name: in a
    run of abbreviations («ИРО ПК», «ГАУ ДПО», «ГКУ ТО») the first one is expanded and the
    others, a region's or a body's letters, stay as written («ПК» there is «Пермский край»,
    not «повышение квалификации»)."""
    out, end, after_abbreviation = [], 0, False
    for match in _WORD.finditer(text):
        word, between = match.group(), text[end : match.start()]
        out.append(between)
        is_abbreviation = bool(_ABBREVIATION.match(word))
        in_name = after_abbreviation and between.isspace()
        if is_abbreviation and not in_name:
            word = abbreviations.get(word) or abbreviations.get(word.rstrip("аыуеои")) or word
        out.append(word)
        end, after_abbreviation = match.end(), is_abbreviation
    out.append(text[end:])
    return "".join(out)


def glossary_of(entries: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Built-in abbreviations overlaid with a document's own (abbreviation, expansion) pairs."""
    table = dict(builtin_abbreviations())
    table.update({a: e for a, e in entries if a and e})
    return table


def terms(text: str, abbreviations: Mapping[str, str] | None = None) -> list[str]:
    """The matching terms of `text`: lemmas with abbreviations expanded, stop words dropped,
    synonym phrases folded into their group names."""
    expanded = _expand(text, builtin_abbreviations() if abbreviations is None else abbreviations)
    stop = stop_lemmas()
    return [t for t in fold_synonyms(_raw_lemmas(expanded)) if t not in stop]


def head_phrase(text: str) -> str:
    """The nominal group `text` opens with: up to its first preposition (after the first word) or
    its first ";", ":", "(", "«", dash.

    "Разработка методических рекомендаций по созданию сетевых объединений" ->
    "Разработка методических рекомендаций "
    """
    text = _HEAD_END.split(text, maxsplit=1)[0]
    for k, word in enumerate(_WORD.finditer(text)):
        if k and parses(word.group().lower())[0].tag.POS == "PREP":
            return text[: word.start()]
    return text


@dataclass(frozen=True)
class Statement:
    """The matching terms of a statement (a title or one of its sub-items) and of its head,
    what is done: at most `HEAD_TERMS` terms of `head_phrase`, or its first terms when the
    phrase has none."""

    terms: list[str]
    head: list[str]


def statement(text: str, abbreviations: Mapping[str, str] | None = None) -> Statement:
    """`text` as a `Statement`, abbreviations expanded through `abbreviations`."""
    all_terms = terms(text, abbreviations)
    head = terms(head_phrase(text), abbreviations)[:HEAD_TERMS] or all_terms[:HEAD_TERMS]
    return Statement(all_terms, head)


@cache
def statements_version() -> str:
    """A hash of everything a `Statement` depends on besides its text and its document's
    glossary: the code of this module and of the shared analyzer, the vocabulary (the shipped
    synonyms and stop words and a region's own, `vocabulary`), the built-in glossary and the
    morphology's package versions. The
    store keeps it beside the statements it saved, so statements made under other settings are
    made again rather than compared with new ones."""
    digest = hashlib.sha256()
    shipped = sorted(vocabulary.DATA.glob("*.txt"))
    for path in [Path(__file__), Path(morph.__file__), *shipped, *vocabulary.region_files()]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(repr(sorted(builtin_abbreviations().items())).encode())
    for package in ("pymorphy3", "pymorphy3-dicts-ru"):
        digest.update(f"{package}=={version(package)}".encode())
    return digest.hexdigest()[:32]


def readable(term: str) -> str:
    """A term as a person reads it: group names with spaces."""
    return term.replace(JOIN, " ")


def reload_vocabulary() -> None:
    """Forget the vocabulary read so far (`vocabulary`): the next statement reads it again, as
    a new process would after a region's files changed."""
    for cached in (stop_lemmas, builtin_abbreviations, synonym_groups, _synonym_index, statements_version):
        cached.cache_clear()
