"""Where a document came from, as an API client sees it: the name it was stored under, never
a path on the server. A document read by `roadmap ingest /srv/inbox/…` is stored with that
path as its location (the CLI and the app show it to the people who run the server); a path
handed to a client would tell an attacker the server's layout. The stored values stay as
they are: only the API's output is cut.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath

from compare import Comparison
from model import Document
from store import DocumentRecord, IngestResult
from store.comparing import SavedComparison

ARCHIVE_MEMBER = "!/"
"""What joins an archive's location and a member's path in it (`store.sources`)."""


def shown(location: str) -> str:
    """`location` with its file-system part cut to the file's name; the members of archives
    in it are kept, they are the archive's own folders (`/srv/inbox/планы.zip!/2026/план.docx`
    → `планы.zip!/2026/план.docx`)."""
    path, joint, members = location.partition(ARCHIVE_MEMBER)
    return PurePosixPath(path.replace("\\", "/")).name + joint + members


_PATH = re.compile(r"""(?<![\w.~/:])(?:/|[A-Za-z]:\\)(?:[^\s'"/\\:,;()\[\]<>]+[/\\])+""")
"""The folders of an absolute path (POSIX or Windows) inside a message, up to its last part."""


def shown_text(message: str | None) -> str | None:
    """A message with every absolute path in it cut to its last part: the technical detail of
    a failure is an exception's own text, which often names the temporary file a converter or
    OCR read (`Package not found at '/tmp/tmpk2x…/план.docx'` → `… at 'план.docx'`)."""
    return message and _PATH.sub("", message)


def record(stored: DocumentRecord) -> DocumentRecord:
    """A stored document's record with its location, and its failure's text, as a client sees
    them."""
    return replace(
        stored,
        location=shown(stored.location),
        error=shown_text(stored.error),
        error_detail=shown_text(stored.error_detail),
    )


def ingest_result(result: IngestResult) -> IngestResult:
    """What became of an uploaded file, with its location and reason as a client sees them."""
    return replace(result, location=shown(result.location), reason=shown_text(result.reason))


def document(extracted: Document) -> Document:
    """A document as extracted, with its source as a client sees it."""
    return extracted.model_copy(update={"source": shown(extracted.source)})


def comparison(saved: SavedComparison) -> SavedComparison:
    """A saved comparison with both documents' sources, and the files its findings name, as a
    client sees them."""
    result: Comparison = saved.comparison
    findings = [
        finding.model_copy(update={"evidence": {**finding.evidence, "file": shown(finding.evidence["file"])}})
        if finding.evidence.get("file")
        else finding
        for finding in result.findings
    ]
    cut = result.model_copy(
        update={
            "template_source": shown(result.template_source),
            "plan_source": shown(result.plan_source),
            "findings": findings,
        }
    )
    return replace(saved, comparison=cut)
