"""The store: every extracted document in a real database, with batch ingestion and search.

Open it, ingest, browse::

    from store import open_store

    store = open_store()                 # $ROADMAP_DB_URL, else SQLite data/roadmap.db (WAL)
    store = open_store("postgresql://user@host/db")   # any SQLAlchemy URL
    result = store.ingest("приказ.docx")           # -> IngestResult(location, status, document_id,
                                                    #    activities, reason, stage)
    summary = store.ingest_many(["архив.zip", "папка/"], executor)  # -> BatchSummary (.ok .failed
                                                    #    .skipped .inputs .results); executor optional,
                                                    #    or process_pool(2): rebuilt if a worker dies
    results = store.ingest_upload("файлы.zip", data)   # bytes of an upload -> list[IngestResult]

    store.documents()            # list[DocumentRecord], newest first (status "ok" or "failed")
    store.document(id)           # DocumentDetail: .document, .meta, .directives, .activities
    store.versions(id)           # the lineage of a file changed under the same name
    store.activities(region=..., municipality=..., year=..., person=..., organisation=...,
                     kind=..., date_from=..., date_to=..., text=..., document_id=...,
                     limit=..., offset=...)        # list[ActivityRecord]
    store.count_activities(**same_filters)         # for pagination
    store.activity_listing()     # list[ActivityListing]: the whole table in one SELECT
    store.activities_frame(**same_filters)  # pandas.DataFrame of the activities_flat view
    store.documents_frame()      # pandas.DataFrame of every stored document
    store.search("методические семинары")          # full-text, Russian, any inflection
    store.failures()             # list[DocumentRecord] with .location, .error (reason), .stage
    store.registry()             # list[PersonRecord]: name, variants, activity count
    store.organisations(), store.regions(), store.municipalities(), store.stats()
    store.glossary_entries()     # (file name, entry) for every abbreviation documents define
    store.save_comparison(template_id, plan_id, result, findings, coverage, method=...)
                                 # once per pair of contents and method: saving again replaces
    store.comparisons(template_id=None)

Ingestion is idempotent by content hash (`status == "skipped"` for content already stored);
a changed file with a stored file's name becomes its next version (`version`, `previous_id`).
Failures are stored with the file, the reason (Russian) and the stage (`source`, `archive`,
`extract`, `store` for a document the database refused). The schema is created and migrated
by alembic on open (`store/migrations/`) when it is behind; a database locked by another
writer past the wait raises `StoreBusy` (one Russian line).

Modules: `schema` (tables), `database` (URL, engine, migrations), `sources` (folders and
archives, hostile-input limits), `work` (the per-file task an executor runs), `writer` (one
transaction per file), `batch` (executor loop), `fulltext` (FTS5 / tsvector), `registry`
(persons and organisations), `records` (what the API returns), `store` (the `Store` class),
`users` (accounts, roles, tokens), `app_sessions` (the app's sign-ins kept across reloads),
`audit` (who did what), `comparing` (compare two stored documents and save the result: the
app's and the HTTP API's one path).
"""

from __future__ import annotations

from store.batch import BatchSummary, process_pool
from store.database import StoreBusy
from store.records import (
    ActivityListing,
    ActivityRecord,
    DocumentDetail,
    DocumentRecord,
    IngestResult,
    PersonRecord,
)
from store.sources import Limits
from store.store import Store, open_store

__all__ = [
    "ActivityListing",
    "ActivityRecord",
    "BatchSummary",
    "DocumentDetail",
    "DocumentRecord",
    "IngestResult",
    "Limits",
    "PersonRecord",
    "Store",
    "StoreBusy",
    "open_store",
    "process_pool",
]
