"""Risk directions read into the official profiles, and activities into the risk they sit under.

A risk's title and a section's title are compared on their content words: lemmas (pymorphy3)
without function words and without the words of `data/risk_degree_words.txt` («низкая»,
«повышение»: how bad, or what is done, not what about). A word counts 1/k where k of the ten
official profiles (`data/risk_profiles.tsv`) use it, so «обучающихся», in several, says less than
«мотивации»; an abbreviation of the built-in glossary counts as its words. Two titles are one
risk when the words they share weigh at least `SAME_RISK` of the risk's own; the best such risk
wins.

    >>> profile_of("низкая мотивация обучающихся к учёбе")
    'motivation'
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from model import Document, RiskDirection
from normalizer.glossary import expand
from normalizer.morph import parses

_DATA = Path(__file__).parent / "data"
_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+")
_FUNCTION = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}
SAME_RISK = 0.5
"""Share of a risk's word weight a title must say to be about that risk (a rule, not fitted)."""


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _lines(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [x.strip() for x in text.splitlines() if x.strip() and not x.startswith("#")]


@cache
def _degree_words() -> frozenset[str]:
    return frozenset(_fold(x) for x in _lines("risk_degree_words.txt"))


@lru_cache(maxsize=4096)
def content_words(title: str) -> frozenset[str]:
    """The lemmas of `title` that say what it is about; an abbreviation of one reading in the
    built-in glossary counts as the words it stands for («ОВЗ»: ограниченные возможности здоровья)."""
    out = set()
    for word in _WORD.findall(title):
        readings = expand(word) if word.isupper() and len(word) > 1 else []
        if len(readings) == 1:
            out |= content_words(readings[0])
            continue
        best = parses(word)[0]
        lemma = _fold(best.normal_form)
        if best.tag.POS not in _FUNCTION and lemma not in _degree_words() and len(lemma) > 1:
            out.add(lemma)
    return frozenset(out)


@cache
def profiles() -> dict[str, str]:
    """Official profile code -> its title, in the official order."""
    return dict(line.split("\t", 1) for line in _lines("risk_profiles.tsv"))


@cache
def _weights() -> dict[str, float]:
    counts: dict[str, int] = {}
    for title in profiles().values():
        for word in content_words(title):
            counts[word] = counts.get(word, 0) + 1
    return {word: 1 / n for word, n in counts.items()}


def _weight(words: frozenset[str]) -> float:
    weights = _weights()
    return sum(weights.get(w, 1.0) for w in words)


def closeness(risk: str, text: str) -> float:
    """How much of the words of `risk` `text` says, by weight (0 to 1)."""
    own = content_words(risk)
    total = _weight(own)
    return _weight(own & content_words(text)) / total if total else 0.0


def _best(text: str, candidates: dict[str, str]) -> str | None:
    """The key of the candidate title `text` is about, or None."""
    scored = [(closeness(title, text), key) for key, title in candidates.items()]
    score, key = max(scored, default=(0.0, None))
    return key if score >= SAME_RISK else None


def profile_of(title: str) -> str | None:
    """The official profile a risk's title is, or None."""
    return _best(title, profiles())


def assign_risks(document: Document) -> None:
    """In place: each of the document's risks gets its official profile, each activity the title
    of the risk its section is about (a section titled as the risk, or saying most of its words);
    in a plan for one risk (named in its title) every activity is under it."""
    risks: list[RiskDirection] = document.meta.risks
    if not risks:
        return
    for risk in risks:
        risk.profile = profile_of(risk.title)
    titles = {r.title: r.title for r in risks}
    exact = {_fold(r.title): r.title for r in risks}
    whole = risks[0].title if len(risks) == 1 and risks[0].source == "title" else None
    by_section: dict[str, str | None] = {}
    for activity in document.activities:
        section = activity.section_title
        if section and section not in by_section:
            by_section[section] = exact.get(_fold(section).strip(" .")) or _best(section, titles)
        activity.risk = (by_section.get(section) if section else None) or whole
