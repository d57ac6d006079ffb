"""Labelled pairs a methodist confirmed or rejected (`roadmap review`), kept as files in the pair
format of `corpus/gold/pairs` (plus the paths of the two documents and the rejected pairs), so
that `roadmap calibrate` learns from them like from the built-in ones.

The folder is `ROADMAP_LABELS`, default `~/.local/share/roadmap-check/labels`. A review of the
same two documents again replaces the earlier one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from compare.model import Comparison, Grade


def labels_dir() -> Path:
    """Where the reviewed pairs are kept."""
    return Path(os.environ.get("ROADMAP_LABELS", Path.home() / ".local/share/roadmap-check/labels"))


@dataclass(frozen=True)
class Review:
    """A methodist's verdict on a comparison: pairs (template ref, plan ref) that are not matches,
    and matches the comparison missed or graded wrong, with their grade."""

    rejected: frozenset[tuple[str, str]]
    added: dict[tuple[str, str], Grade]


def labelled_pair(comparison: Comparison, review: Review, template_file: Path, plan_file: Path) -> dict:
    """The reviewed pair of the documents read from `template_file` and `plan_file` as a
    labelled-pair record: every match of the comparison not rejected (with its grade, unless the
    review gives another), plus the added ones."""
    matches = {(m.template, m.plan): m.grade for m in comparison.matches}
    matches = {k: g for k, g in matches.items() if k not in review.rejected}
    matches.update(review.added)
    return {
        "template": template_file.stem,
        "plan": plan_file.stem,
        "template_file": str(template_file.resolve()),
        "plan_file": str(plan_file.resolve()),
        "matches": [{"template": t, "plan": p, "grade": g} for (t, p), g in sorted(matches.items())],
        "rejected": [{"template": t, "plan": p} for t, p in sorted(review.rejected)],
    }


def store_review(
    comparison: Comparison, review: Review, files: tuple[Path, Path], folder: Path | None = None
) -> Path:
    """Write the reviewed pair of the (template, plan) `files` to `folder` (default
    `labels_dir()`); the file's path."""
    record = labelled_pair(comparison, review, *files)
    folder = folder or labels_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record['template']}__{record['plan']}.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path
