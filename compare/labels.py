"""Labelled pairs a methodist confirmed or rejected (`roadmap review`), kept as files in the pair
format of `corpus/gold/pairs` so that `roadmap calibrate` learns from them like from the built-in ones.

The folder is `ROADMAP_LABELS`, default `~/.local/share/roadmap-check/labels`.
"""

from __future__ import annotations

import os
from pathlib import Path

LABELS_DIR = Path(os.environ.get("ROADMAP_LABELS", Path.home() / ".local/share/roadmap-check/labels"))
