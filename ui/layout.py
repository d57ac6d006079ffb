"""Shared layout constants, so every page's tables look alike."""

from __future__ import annotations

WRAPPED_ROW = 76
"""Row height (px) of tables with long texts: about three wrapped lines of a cell."""
