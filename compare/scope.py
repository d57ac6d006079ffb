"""Whether a plan row acts at the level of one named school (`data/school_scope.txt`).

A template row means every school it targets («ШНОР», «школы округа»); a plan row that names one
school, in its title, its section heading (school-level plans are often sectioned by school) or its
responsible, answers it for that school only, which the grade reads as a narrower scope.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from compare.vocabulary import DATA
from model import Activity


@cache
def school_patterns() -> tuple[re.Pattern[str], ...]:
    """The patterns of `data/school_scope.txt`."""
    lines = (DATA / "school_scope.txt").read_text(encoding="utf-8").splitlines()
    return tuple(re.compile(s.strip(), re.IGNORECASE) for s in lines if s.strip() and not s.startswith("#"))


def names_a_school(activity: Activity) -> bool:
    """Whether the activity's title, section heading or responsible names one school."""
    text = " ".join(x for x in (activity.title, activity.section_title, activity.responsible_raw) if x)
    return any(p.search(text) for p in school_patterns())


def school_scope(activities: list[Activity]) -> np.ndarray:
    """1.0 for each activity that names one school, else 0.0."""
    return np.array([float(names_a_school(a)) for a in activities], dtype=np.float32)
