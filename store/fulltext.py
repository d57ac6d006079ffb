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

from sqlalchemy import ColumnElement, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from model import Activity
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


def matches(dialect: str, query: str) -> ColumnElement[bool] | None:
    """A condition on `activities` rows: the activity has every content word of `query`
    (any inflected form); None when the query has no words."""
    if dialect == "sqlite":
        fts_query = _fts_query(query)
        if fts_query is None:
            return None
        return ActivityRow.id.in_(select(_FTS.c.rowid).where(_fts_match(fts_query)))
    if not words(query):
        return None
    return _VECTOR.op("@@")(_tsquery(query))


def best_first(session: Session, dialect: str, query: str, ids: list[int]) -> list[int]:
    """`ids` (activities matching `query`) ordered best first, ties by id.

    SQLite ranks with FTS5's bm25 over the rowid range the ids span; PostgreSQL with
    `ts_rank_cd` (cover density: words close together, a phrase, count most) divided by the
    activity's length, so a short activity about the query outranks a long one mentioning it.
    Callers rank a bounded window of hits at a time: ranking every hit of a common query
    costs more than a search may take (35,000 of 100,000 activities: over 300 ms)."""
    if not ids:
        return []
    if dialect == "sqlite":
        rowid = _FTS.c.rowid
        ranked = session.execute(
            select(rowid, _FTS.c.rank)
            .where(_fts_match(_fts_query(query)), rowid.between(min(ids), max(ids)))
            .order_by(_FTS.c.rank, rowid)
        )
        wanted = set(ids)
        return [activity_id for activity_id, _rank in ranked if activity_id in wanted]
    rank = func.ts_rank_cd(_VECTOR, _tsquery(query), _LENGTH_NORMALIZED)
    return list(
        session.scalars(
            select(ActivityRow.id).where(ActivityRow.id.in_(ids)).order_by(rank.desc(), ActivityRow.id)
        )
    )


_FTS = table("activity_fts", column("rowid"), column("rank"))
_VECTOR = literal_column("activities.search_vector")
_LENGTH_NORMALIZED = 2  # ts_rank normalization flag: divide by the document's length


def _tsquery(query: str) -> ColumnElement:
    return func.websearch_to_tsquery(literal_column("'russian'"), query)


def _fts_match(fts_query: str | None) -> ColumnElement[bool]:
    return text("activity_fts MATCH :fts_query").bindparams(fts_query=fts_query)


def _fts_query(query: str) -> str | None:
    terms = [f'"{_word_lemma(w)}"' for w in content_words(query)]
    return " ".join(terms) or None
