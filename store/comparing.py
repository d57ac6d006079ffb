"""A stored plan compared with a stored template and the result saved: the one function the
app and the HTTP API both call, and a saved comparison read back as the compare model.

It lives in `store` because it joins the two rooms one way (store -> compare), so neither the
app nor the API keeps a copy of this logic. A stored document is compared through the statements
kept beside it (`store.statements`), so no morphology runs; one stored without them, or under
another `statements_version`, has them made once here and kept.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from compare import Comparison, compare
from compare.calibration import calibration
from compare.core import Statements, document_statements, statements_from_json, statements_json
from compare.emptiness import check_template
from compare.text import statements_version
from model import Document
from store.schema import ComparisonRow
from store.statements import keep_statements, read_statements
from store.store import Store, _comparison_dict


@dataclass(frozen=True)
class SavedComparison:
    """A comparison as stored: its id, the two documents' ids and the result."""

    id: int
    template_id: int | None
    plan_id: int | None
    comparison: Comparison


class NotLoadedError(LookupError):
    """A stored document that is a failure to load, not a document: its id and the reason."""

    def __init__(self, document_id: int, reason: str | None) -> None:
        self.document_id, self.reason = document_id, reason
        super().__init__(f"документ {document_id} не загружен: {reason}")


def comparison_method() -> str:
    """What identifies the comparison settings in the store: a hash of the calibration, so
    the same two documents compared again are stored once, and again after recalibrating."""
    params = json.dumps(calibration().to_json(), sort_keys=True)
    return "calibration:" + hashlib.sha256(params.encode()).hexdigest()[:32]


def stored_statements(store: Store, documents: dict[int, Document]) -> dict[int, Statements]:
    """The statements of stored documents (by id): those kept in the store, or, where none were
    kept under the current `statements_version`, made now and kept."""
    version = statements_version()
    kept = read_statements(store.sessions, list(documents), version)
    out = {}
    for document_id, document in documents.items():
        data = kept.get(document_id)
        if data is not None and len(data) == len(document.activities):
            out[document_id] = statements_from_json(data)
            continue
        out[document_id] = document_statements(document)
        keep_statements(store.sessions, document_id, version, statements_json(out[document_id]))
    return out


def compare_stored(store: Store, template_id: int, plan_id: int) -> SavedComparison:
    """Compare the stored plan `plan_id` with the stored template `template_id` and save the
    result with its findings; LookupError (Russian) when either is not a stored document,
    `NotLoadedError` when either is stored as a file that failed to load,
    `EmptyTemplateError` (nothing saved) when no activity was found in the template."""
    documents = {}
    for document_id in (template_id, plan_id):
        detail = store.document(document_id)
        if detail is None:
            raise LookupError(f"документ {document_id} не найден в базе")
        if detail.document.status != "ok":
            raise NotLoadedError(document_id, detail.document.error)
        documents[document_id] = detail.as_document()
    check_template(documents[template_id])
    statements = stored_statements(store, documents)
    result = compare(
        documents[template_id],
        documents[plan_id],
        template_statements=statements[template_id],
        plan_statements=statements[plan_id],
    )
    saved_id = store.save_comparison(
        template_id,
        plan_id,
        result.model_dump(mode="json", exclude={"findings"}),
        [f.model_dump(mode="json") for f in result.findings],
        result.coverage.share,
        method=comparison_method(),
    )
    return SavedComparison(saved_id, template_id, plan_id, result)


def saved_comparison(store: Store, comparison_id: int) -> SavedComparison | None:
    """The stored comparison `comparison_id` as the compare model, or None."""
    with store.sessions() as session:
        row = session.get(ComparisonRow, comparison_id, options=[selectinload(ComparisonRow.findings)])
        if row is None or row.result is None:
            return None
        stored = _comparison_dict(row)
    comparison = Comparison.model_validate({**stored["result"], "findings": stored["findings"]})
    return SavedComparison(stored["id"], stored["template_id"], stored["plan_id"], comparison)
