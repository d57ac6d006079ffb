"""The endpoints: health, tokens, documents (upload, list, get, delete), activities (the app's
filters, paged), comparisons (run, JSON, xlsx/docx), their reviews (status, decisions), the
audit log.

Each route calls the store's and compare's own functions; a refusal is an HTTP error whose
`detail` is the Russian reason, and is written to the audit log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tempfile
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import text

from api import errors, locations
from api.query import query_model, query_parameters
from api.security import (
    BodyLimit,
    RequireToken,
    StoreDep,
    UserDep,
    admin,
    password_user,
    refuse,
    reviewer,
    visible,
    writer,
)
from compare.emptiness import EmptyTemplateError
from compare.export_docx import write_docx
from compare.export_xlsx import write_xlsx
from model import Document, WhenKind
from normalizer.topics import topic_labels
from review import Decision, ReviewStatus
from store import ActivityRecord, DocumentRecord, IngestResult, Store
from store.audit import AuditEntry, AuditLog
from store.comparing import NotLoadedError, SavedComparison, compare_stored, saved_comparison
from store.reviews import ReviewError, ReviewRecord, Reviews
from store.users import Accounts, User

MAX_UPLOAD_MB = int(os.environ.get("ROADMAP_MAX_UPLOAD_MB", "200"))
"""The API's own upload limit, the same default as Streamlit's `server.maxUploadSize`."""
PAGE_LIMIT = 500
EXPORTS = {
    "xlsx": (write_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": (write_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


class Health(BaseModel):
    status: str
    database: str


class IssuedToken(BaseModel):
    """A new personal token, shown once."""

    token: str
    token_type: str = "bearer"


class ActivityPage(BaseModel):
    """One page of activities matching the filters, and how many match in all."""

    total: int
    limit: int
    offset: int
    items: list[ActivityRecord]


class ActivityQuery(BaseModel):
    """The filters of an activity search and its page, as one model, checked in one pass
    (`api.query`)."""

    text: str | None = None
    region: str | None = None
    municipality: str | None = None
    year: int | None = None
    person: str | None = None
    organisation: str | None = None
    kind: WhenKind | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    document_id: int | None = None
    topic: list[str] | None = None
    limit: int = Field(50, ge=1, le=PAGE_LIMIT)
    offset: int = Field(0, ge=0)


class ComparisonRequest(BaseModel):
    template_id: int
    plan_id: int


class ReviewView(BaseModel):
    """The review of a comparison's plan against its template: status and decisions."""

    review: ReviewRecord
    decisions: list[Decision]


class StatusChange(BaseModel):
    status: ReviewStatus


def create_app(store: Store, *, max_upload_mb: int = MAX_UPLOAD_MB) -> FastAPI:
    """The API over `store`; request bodies over `max_upload_mb` are refused with 413."""
    app = FastAPI(
        title="Проверка дорожных карт",
        description="Извлечение мероприятий из приказов и дорожных карт, сверка планов с шаблоном.",
        version="0.1.0",
        # no OpenTelemetry here: else FastAPI asks on every request whether a provider is set
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.store = store
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=max_upload_mb * 1024 * 1024)
    app.add_middleware(RequireToken, store=store)  # outermost: no body is read before the token

    @app.get("/health", tags=["service"])
    def health(store: StoreDep) -> Health:
        """Is the service up and its database reachable (no token needed)."""
        with store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return Health(status="ok", database=store.dialect)

    @app.post("/tokens", tags=["accounts"], status_code=201, responses=errors.responses(401, 413, 422))
    def issue_token(
        store: StoreDep, user: Annotated[User, Depends(password_user)], name: str = "api"
    ) -> IssuedToken:
        """A new personal token for the account whose login and password the form gives."""
        return IssuedToken(token=Accounts(store).issue_token(user.login, name))

    @app.post(
        "/documents",
        tags=["documents"],
        status_code=201,
        responses=errors.responses(
            401, 403, 413, 422, invalid=errors.ValidationRefusal | errors.UploadRefusal
        ),
    )
    def upload(
        store: StoreDep,
        user: Annotated[User, Depends(writer)],
        file: Annotated[UploadFile, File()],
    ) -> list[DocumentRecord]:
        """Store an uploaded document (.docx, .doc, .rtf, .odt, .pdf, .html, .txt, .xlsx, .xls,
        .ods, a scan as .jpg, .png or .tif; a format is told by content) or every document of a
        .zip; the stored records. When nothing could be stored: 422 with the typed failures
        (file, stage, Russian reason). The stored location is the file's bare name (see
        `upload_name`); a location is never shown to a client as a server path (see
        `api.locations`)."""
        name = upload_name(file.filename)
        results = store.ingest_upload(name, file.file.read())
        log = AuditLog(store)
        for result in results:
            outcome = "failed" if result.status == "failed" else "ok"
            log.record(user.login, "upload", outcome, result.location, result.reason)
        records = [store.record(r.document_id) for r in results if r.status != "failed" and r.document_id]
        records = [r for r in records if r is not None]
        if not records:
            failures = [_as_dict(locations.ingest_result(r)) for r in results] or [
                _as_dict(IngestResult(name, "failed", reason="в архиве нет документов", stage="archive"))
            ]
            raise HTTPException(422, detail=failures)
        return [locations.record(r) for r in records]

    @app.get("/documents", tags=["documents"], responses=errors.responses(401, 422))
    def documents(
        store: StoreDep,
        user: UserDep,
        status: Literal["ok", "failed"] | None = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[DocumentRecord]:
        """Stored documents (and failures), newest first, that the caller may see."""
        seen = [r for r in store.documents(status) if user.sees(r)]
        return [locations.record(r) for r in seen[offset : offset + limit]]

    @app.get("/documents/{document_id}", tags=["documents"], responses=errors.responses(401, 404, 422))
    def document(request: Request, store: StoreDep, user: UserDep, document_id: int) -> DocumentRecord:
        """A stored document's record: file, status (a failure's reason), key metadata."""
        record = store.record(document_id)
        visible(request, store, user, record, f"документ {document_id}")
        return locations.record(record)

    @app.get(
        "/documents/{document_id}/content", tags=["documents"], responses=errors.responses(401, 404, 409, 422)
    )
    def document_content(request: Request, store: StoreDep, user: UserDep, document_id: int) -> Document:
        """The document as extracted: meta, directives, activities (the gold JSON schema)."""
        detail = store.document(document_id)
        visible(request, store, user, detail.document if detail else None, f"документ {document_id}")
        if detail.document.status != "ok":
            reason = f"документ не загружен: {locations.shown_text(detail.document.error)}"
            raise refuse(store, user.login, request, 409, reason)
        return locations.document(detail.as_document())

    @app.delete(
        "/documents/{document_id}",
        tags=["documents"],
        status_code=204,
        responses=errors.responses(401, 403, 404, 422),
    )
    def delete_document(
        request: Request, store: StoreDep, user: Annotated[User, Depends(writer)], document_id: int
    ) -> Response:
        """Delete a stored document with its activities, comparisons and reviews (the admin and
        a methodist any, a municipal specialist their own municipality's)."""
        record = store.record(document_id)
        visible(request, store, user, record, f"документ {document_id}")
        if not user.may_delete(record):
            reason = "региональный документ удаляют только методист и администратор"
            raise refuse(store, user.login, request, 403, reason)
        store.delete_document(document_id)
        AuditLog(store).record(
            user.login, "delete", target=f"document:{document_id}", detail=record.file_name
        )
        return Response(status_code=204)

    @app.get(
        "/activities",
        tags=["activities"],
        response_model=ActivityPage,
        responses=errors.responses(401, 422),
        openapi_extra={"parameters": query_parameters(ActivityQuery)},
    )
    def activities(
        store: StoreDep, user: UserDep, query: Annotated[ActivityQuery, Depends(query_model(ActivityQuery))]
    ) -> Response:
        """Activities matching every filter given (full-text `text`: best first; `topic`, once or
        repeated: a topic code of `normalizer/data/topics.tsv`, any of them); a municipal
        specialist's search is limited to their municipality. An unknown topic code or `kind`
        is refused with 422."""
        if query.topic and not set(query.topic) <= topic_labels().keys():
            raise errors.unknown_values("topic", query.topic, topic_labels())
        filters = query.model_dump(exclude={"limit", "offset"})
        if user.role == "municipal":
            filters["municipality"] = user.municipality
        limit, offset = query.limit, query.offset
        items = store.activities(**filters, limit=limit, offset=offset)
        page = ActivityPage(total=store.count_activities(**filters), limit=limit, offset=offset, items=items)
        # built and checked once here; FastAPI would dump, validate and dump it again
        return Response(page.model_dump_json(), media_type="application/json")

    @app.post(
        "/comparisons",
        tags=["comparisons"],
        status_code=201,
        responses=errors.responses(
            401, 403, 404, 409, 413, 422, invalid=errors.ValidationRefusal | errors.Refusal
        ),
    )
    def run_comparison(
        request: Request, store: StoreDep, user: Annotated[User, Depends(writer)], body: ComparisonRequest
    ) -> SavedComparison:
        """Compare the stored plan with the stored template and save the result; a template in
        which no activity was found is refused with 422 and the Russian reason, logged as a
        refusal (a plan without activities is compared: every template activity is a gap, its
        `empty_plan` finding says so); a stored failure to load is refused with 409 and its
        reason, as its content is."""
        for document_id in (body.template_id, body.plan_id):
            visible(request, store, user, store.record(document_id), f"документ {document_id}")
        try:
            saved = compare_stored(store, body.template_id, body.plan_id)
        except NotLoadedError as exc:
            reason = f"документ {exc.document_id} не загружен: {locations.shown_text(exc.reason)}"
            raise refuse(store, user.login, request, 409, reason) from None
        except LookupError as exc:  # deleted meanwhile
            raise refuse(store, user.login, request, 404, str(exc)) from None
        except EmptyTemplateError as exc:
            reason = f"{locations.shown(exc.source)}: {exc.reason}"
            raise refuse(store, user.login, request, 422, reason) from None
        AuditLog(store).record(
            user.login, "comparison_save", target=f"{body.template_id}/{body.plan_id}", detail=f"№ {saved.id}"
        )
        return locations.comparison(saved)

    def readable(request: Request, store: Store, user: User, comparison_id: int) -> SavedComparison:
        saved = saved_comparison(store, comparison_id)
        if saved is None:
            raise HTTPException(404, detail=f"сравнение {comparison_id} не найдено")
        for document_id in (saved.template_id, saved.plan_id):
            record = store.record(document_id) if document_id is not None else None
            if record is not None and not user.sees(record):
                raise refuse(
                    store,
                    user.login,
                    request,
                    404,
                    f"сравнение {comparison_id} не найдено (другой муниципалитет)",
                )
        if not saved.comparison.coverage.total:  # saved before such a template was refused
            empty = EmptyTemplateError(saved.comparison.template_source)
            raise refuse(store, user.login, request, 422, f"{locations.shown(empty.source)}: {empty.reason}")
        return saved

    @app.get("/comparisons/{comparison_id}", tags=["comparisons"], responses=errors.responses(401, 404, 422))
    def comparison(request: Request, store: StoreDep, user: UserDep, comparison_id: int) -> SavedComparison:
        """A saved comparison: matches, gaps, additions, findings, coverage."""
        return locations.comparison(readable(request, store, user, comparison_id))

    @app.get(
        "/comparisons/{comparison_id}/export.{kind}",
        tags=["comparisons"],
        response_class=Response,
        responses={
            200: {"content": {media: {} for _, media in EXPORTS.values()}},
            **errors.responses(401, 404, 422),
        },
    )
    def export(request: Request, store: StoreDep, user: UserDep, comparison_id: int, kind: str) -> Response:
        """A saved comparison as an .xlsx workbook or a .docx report."""
        if kind not in EXPORTS:
            raise HTTPException(404, detail=f"нет выгрузки в формате {kind}: есть xlsx и docx")
        saved = readable(request, store, user, comparison_id)
        write, media = EXPORTS[kind]
        with tempfile.TemporaryDirectory(prefix="roadmap-export-") as folder:
            content = write(saved.comparison, Path(folder) / f"comparison.{kind}").read_bytes()
        disposition = f'attachment; filename="comparison-{comparison_id}.{kind}"'
        return Response(content, media_type=media, headers={"Content-Disposition": disposition})

    def opened(request: Request, store: Store, user: User, comparison_id: int) -> ReviewRecord:
        """The review of the comparison's pair, opened as a draft if nobody has yet."""
        saved = readable(request, store, user, comparison_id)
        if saved.template_id is None or saved.plan_id is None:
            raise HTTPException(404, detail=f"документы сравнения {comparison_id} удалены из базы")
        try:
            return Reviews(store).open(saved.template_id, saved.plan_id)
        except ReviewError as exc:
            raise HTTPException(404, detail=str(exc)) from None

    @app.get(
        "/comparisons/{comparison_id}/review", tags=["reviews"], responses=errors.responses(401, 404, 422)
    )
    def review(request: Request, store: StoreDep, user: UserDep, comparison_id: int) -> ReviewView:
        """The methodist's review of a saved comparison: its status and decisions (404 until
        someone takes a decision or sets its status). A municipal specialist sees the reviews
        of their own municipality only."""
        saved = readable(request, store, user, comparison_id)
        reviews = Reviews(store)
        found = None
        if saved.template_id is not None and saved.plan_id is not None:
            found = reviews.of_pair(saved.template_id, saved.plan_id)
        if found is None:
            raise HTTPException(404, detail=f"проверка сравнения {comparison_id} ещё не начата")
        return ReviewView(review=found, decisions=reviews.decisions(found.id))

    @app.post(
        "/comparisons/{comparison_id}/review/decisions",
        tags=["reviews"],
        status_code=201,
        responses=errors.responses(401, 403, 404, 409, 413, 422),
    )
    def decide(
        request: Request,
        store: StoreDep,
        user: Annotated[User, Depends(reviewer)],
        comparison_id: int,
        decision: Decision,
    ) -> Decision:
        """Take a decision on a match, gap or finding, or write a remark (replacing the earlier
        decision on the same target); the decision as stored, with who took it and when.
        422 for an accepted gap or a dismissed finding without a `comment` (why), 409 once the
        plan is approved."""
        if decision.missing_reason:
            raise errors.missing_field("comment", decision.missing_reason)
        found = opened(request, store, user, comparison_id)
        try:
            return Reviews(store).decide(found.id, decision, by=user.login)
        except ReviewError as exc:
            raise refuse(store, user.login, request, 409, str(exc)) from None

    @app.delete(
        "/comparisons/{comparison_id}/review/decisions",
        tags=["reviews"],
        status_code=204,
        responses=errors.responses(401, 403, 404, 409, 422),
    )
    def withdraw(
        request: Request,
        store: StoreDep,
        user: Annotated[User, Depends(reviewer)],
        comparison_id: int,
        key: Annotated[str, Query(description="Decision.key: kind:template:plan, e.g. match:1.2:3")],
    ) -> Response:
        """Take back the decision on `key`; 404 when there was none, 409 once approved."""
        found = opened(request, store, user, comparison_id)
        try:
            gone = Reviews(store).withdraw(found.id, key, by=user.login)
        except ReviewError as exc:
            raise refuse(store, user.login, request, 409, str(exc)) from None
        if not gone:
            raise HTTPException(404, detail=f"решения «{key}» в проверке нет")
        return Response(status_code=204)

    @app.put(
        "/comparisons/{comparison_id}/review/status",
        tags=["reviews"],
        responses=errors.responses(401, 403, 404, 413, 422),
    )
    def set_status(
        request: Request,
        store: StoreDep,
        user: Annotated[User, Depends(reviewer)],
        comparison_id: int,
        change: StatusChange,
    ) -> ReviewRecord:
        """Set the review's status: draft, returned (sent back with remarks), approved."""
        found = opened(request, store, user, comparison_id)
        return Reviews(store).set_status(found.id, change.status, by=user.login)

    @app.get("/audit", tags=["accounts"], responses=errors.responses(401, 403, 422))
    def audit(
        store: StoreDep,
        _admin: Annotated[User, Depends(admin)],
        outcome: Literal["ok", "failed", "refused"] | None = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[AuditEntry]:
        """The audit log, newest first (admin only)."""
        return AuditLog(store).entries(outcome=outcome, limit=limit, offset=offset)

    return app


def upload_name(file_name: str | None) -> str:
    """The name an upload is stored under: the last part of the name the client gave, control
    and path characters replaced. A stored location is read back as a path (the document page's
    source text), so a name such as `/etc/план.docx` or `../../план.docx` must not point there."""
    name = PurePosixPath((file_name or "").replace("\\", "/")).name
    name = re.sub(r"[:*?\"<>|\x00-\x1f]", "_", name)
    return name if name not in {"", ".", ".."} else "файл"


def _as_dict(result: IngestResult) -> dict:
    return dataclasses.asdict(result)
