"""One pass over the wild files (`../shared/wild/files`) for every test that reads them: each
file extracted in a bounded child (`extractor.isolation`, the default memory budget and
`SECONDS`) and summed up as `benchmarks.wild.outcome` does, with the child's peak memory."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from benchmarks.wild import WILD, outcome
from extractor.errors import MemoryLimitError, TimeLimitError
from extractor.isolation import Bounds, ChildFailure, run_bounded

SECONDS = 300.0  # more than any wild file takes by far: a file that needs it hangs


@dataclass(frozen=True)
class WildOutcome:
    """What became of one file: kind (read, empty, refused, crashed, hung, memory), the error's
    class, the one-line message or summary, and the child's peak resident memory (KiB)."""

    kind: str
    detail: str
    message: str
    peak_kb: int


@cache
def wild_outcomes() -> dict[str, WildOutcome]:
    """Every wild file's outcome by its path under `WILD`, computed once per test session."""
    bounds = Bounds(seconds=SECONDS)
    found: dict[str, WildOutcome] = {}
    for path in sorted(p for p in WILD.rglob("*") if p.is_file() and not p.is_symlink()):
        name = str(path.relative_to(WILD))
        try:
            measured = run_bounded(outcome, path, bounds=bounds)
            found[name] = WildOutcome(*measured.value, measured.peak_rss_kb)
        except (MemoryLimitError, TimeLimitError) as exc:
            kind = "hung" if isinstance(exc, TimeLimitError) else "memory"
            found[name] = WildOutcome(kind, type(exc).__name__, str(exc), exc.peak_rss_kb)
        except ChildFailure as exc:
            found[name] = WildOutcome("crashed", "ChildFailure", str(exc), 0)
    return found
