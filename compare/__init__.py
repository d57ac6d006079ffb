"""Compare a municipal plan with the regional template: matches, gaps, findings, coverage, export."""

from compare.core import activity_refs, compare
from compare.model import Comparison, Finding, Match

__all__ = ["Comparison", "Finding", "Match", "activity_refs", "compare"]
