"""Russian full-text search over activities on either database.

SQLite: the FTS5 table `activity_fts` indexes pymorphy3 lemmas of each activity's text, and a
query is lemmatized the same way, so any inflected form finds any other ("школам" finds
"школы"). PostgreSQL: `to_tsvector('russian', search_text)` (Snowball stemmer, GIN index) is
matched by `websearch_to_tsquery('russian', query)`; the vector is a stored generated column
`search_vector` (PostgreSQL only, not in the ORM model: see migration 0003).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import Select, func, literal_column, select, text

from extractor.model import Activity
from normalizer.morph import lemma, parses
from store.schema import ActivityRow

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")
_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "INTJ"}


@lru_cache(maxsize=200_000)
def _word_lemma(word: str) -> str:
    if word.isdigit() or not re.search("[А-Яа-яЁё]", word):
        return word
    return lemma(word).replace("ё", "е")


def words(text: str) -> list[str]:
    """Lower-cased word tokens of `text` ("ё" read as "е"); hyphenated words split in parts."""
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text)]


def lemmatize(text: str) -> str:
    """The lemmas of `text`'s words, space-separated, in order."""
    return " ".join(_word_lemma(w) for w in words(text))


def content_words(query: str) -> list[str]:
    """The words of a query that carry meaning: prepositions, conjunctions and particles are
    dropped (as PostgreSQL's Russian stop list does), unless nothing else is left."""
    found = words(query)
    meaningful = [w for w in found if not _FUNCTION_WORDS & set(parses(w)[0].tag.grammemes)]
    return meaningful or found


def search_text(activity: Activity) -> str:
    """What search reads of an activity: title, responsible and expected result."""
    parts = (activity.section_title, activity.title, activity.responsible_raw, activity.result_raw)
    return " ".join(p for p in parts if p)


def matching_ids(dialect: str, query: str) -> Select | None:
    """A SELECT of `(id, rank)` for activities matching every word of `query`, best first
    (lower rank is better); None when the query has no words."""
    if dialect == "sqlite":
        terms = [f'"{_word_lemma(w)}"' for w in content_words(query)]
        if not terms:
            return None
        rank = literal_column("activity_fts.rank")
        return (
            select(literal_column("activity_fts.rowid").label("id"), rank.label("rank"))
            .select_from(text("activity_fts"))
            .where(text("activity_fts MATCH :fts_query").bindparams(fts_query=" ".join(terms)))
            .order_by(rank)
        )
    if not words(query):
        return None
    vector = literal_column("activities.search_vector")
    tsquery = func.websearch_to_tsquery(literal_column("'russian'"), query)
    rank = -func.ts_rank(vector, tsquery)
    return (
        select(ActivityRow.id.label("id"), rank.label("rank")).where(vector.op("@@")(tsquery)).order_by(rank)
    )
