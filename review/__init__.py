"""The methodist's review of a comparison: her decisions on its matches, gaps and findings,
her own remarks, and the status of the review (черновик → на доработке → одобрено).

    from review import Decision, reviewed

    decision = Decision(kind="match", template="1.2", plan="3", verdict="rejected")
    result = reviewed(comparison, decisions)   # -> Reviewed: what the methodist confirmed
    kept, dropped = carried(decisions, comparison)   # after compare ran again

Modules: `model` (decisions, statuses and the reviewed comparison), `apply` (a comparison with
the decisions applied, and which decisions still apply after compare ran again). The store
keeps reviews in `store/reviews.py`; this room does not know the store.

What the methodist sends: `remarks` (the remarks she confirmed, by template section), `letter`
(the letter of remarks, .docx) and `workbook` (every decision and verdict, .xlsx).
"""

from __future__ import annotations

from review.apply import carried, reviewed
from review.model import STATUSES, VERDICTS, Decision, Reviewed, ReviewStatus

__all__ = [
    "STATUSES",
    "VERDICTS",
    "Decision",
    "ReviewStatus",
    "Reviewed",
    "carried",
    "reviewed",
]
