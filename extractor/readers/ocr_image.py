"""Page bitmaps of a scan before recognition: straightened, ruling lines found and erased.

A scanned table keeps its ruling lines only as dark pixels. Once the page is turned
straight, each line is a long run of dark pixels in one direction; those runs become the
ruling lines that the PDF reader's table logic (`pdf_tables.ruled_tables`) builds cells
from, and are painted white so the recogniser does not read them as "|" or "_".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

_DARK = 140
_SKEW_RANGE = 3.0
_SKEW_STEP = 0.1
_SKEW_WIDTH = 600
_MIN_RULE_INCHES = 0.45
_MIN_SHORT_RULE_INCHES = 0.12
_MAX_RULE_THICKNESS_INCHES = 0.03
_GAP_INCHES = 0.007


@dataclass(frozen=True)
class Rule:
    """A ruling line in pixels: horizontal (`top == bottom` up to its thickness) or vertical."""

    x0: float
    top: float
    x1: float
    bottom: float
    vertical: bool


def straighten(image: Image.Image) -> tuple[Image.Image, float]:
    """The page turned so its text lines run level, and the angle it was turned by (degrees).

    The angle is the one, within ±3°, at which dark pixels gather in the fewest rows:
    the variance of the rows' dark counts (the projection profile) is largest there.
    """
    scale = min(1.0, _SKEW_WIDTH / image.width)
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    ink = Image.fromarray(((np.asarray(small) < _DARK) * 255).astype(np.uint8))
    angles = np.arange(-_SKEW_RANGE, _SKEW_RANGE + _SKEW_STEP / 2, _SKEW_STEP)
    scores = [np.asarray(ink.rotate(a, resample=Image.Resampling.BILINEAR)).sum(axis=1).var() for a in angles]
    angle = float(angles[int(np.argmax(scores))])
    if abs(angle) < _SKEW_STEP / 2:
        return image, 0.0
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return turned, angle


def find_rules(pixels: np.ndarray, dpi: int) -> list[Rule]:
    """Horizontal and vertical ruling lines of a straight grey page (0 is black).

    A long stroke is a rule by its length alone; a short one (a cell border of a low header
    row) only where both its ends meet long rules across it, as a table's borders do and the
    stems of letters do not.
    """
    ink = pixels < _DARK
    short = round(_MIN_SHORT_RULE_INCHES * dpi)
    thickness = max(2, round(_MAX_RULE_THICKNESS_INCHES * dpi))
    gap = max(1, round(_GAP_INCHES * dpi))
    rows = [Rule(x0, top, x1, bottom, False) for top, bottom, x0, x1 in _strokes(ink, short, gap, thickness)]
    columns = [
        Rule(x0, top, x1, bottom, True) for x0, x1, top, bottom in _strokes(ink.T, short, gap, thickness)
    ]
    long = round(_MIN_RULE_INCHES * dpi)
    long_rows = [r for r in rows if r.x1 - r.x0 >= long]
    long_columns = [r for r in columns if r.bottom - r.top >= long]
    reach = 2 * gap
    return [
        *long_rows,
        *long_columns,
        *(r for r in rows if r.x1 - r.x0 < long and _bounded(r, long_columns, reach)),
        *(r for r in columns if r.bottom - r.top < long and _bounded(r, long_rows, reach)),
    ]


def _bounded(rule: Rule, across: list[Rule], reach: float) -> bool:
    """Both ends of `rule` run into one of the rules `across` it: its end lies within that
    rule's stroke, give or take `reach` pixels (a border meets the line it ends at, where a
    letter's stem in a tight row stops short of it)."""
    if rule.vertical:
        x = (rule.x0 + rule.x1) / 2
        ends = [rule.top, rule.bottom]
        hits = [(r.top, r.bottom) for r in across if r.x0 - reach <= x <= r.x1 + reach]
    else:
        y = (rule.top + rule.bottom) / 2
        ends = [rule.x0, rule.x1]
        hits = [(r.x0, r.x1) for r in across if r.top - reach <= y <= r.bottom + reach]
    return all(any(low - reach <= end <= high + reach for low, high in hits) for end in ends)


def erase_rules(pixels: np.ndarray, rules: list[Rule], dpi: int) -> np.ndarray:
    """A copy of the page with the ruling lines (and a pixel of their blur) painted white."""
    pad = max(1, round(_GAP_INCHES * dpi))
    clean = pixels.copy()
    height, width = clean.shape
    for rule in rules:
        top, bottom = max(0, round(rule.top) - pad), min(height, round(rule.bottom) + pad + 1)
        left, right = max(0, round(rule.x0) - pad), min(width, round(rule.x1) + pad + 1)
        clean[top:bottom, left:right] = 255
    return clean


def _strokes(ink: np.ndarray, min_length: int, gap: int, thickness: int) -> list[tuple[int, int, int, int]]:
    """Long runs along the rows of `ink`, bridged over gaps of up to `gap` pixels, merged across
    neighbouring rows: (first row, last row, start, end) of each stroke no thicker than `thickness`."""
    runs = _long_runs(ink, min_length, gap)
    strokes: list[list[int]] = []
    open_strokes: list[list[int]] = []
    for row, start, end in runs:
        for stroke in open_strokes:
            if stroke[1] >= row - 1 and start < stroke[3] and end > stroke[2]:
                stroke[1], stroke[2], stroke[3] = row, min(stroke[2], start), max(stroke[3], end)
                break
        else:
            stroke = [row, row, start, end]
            strokes.append(stroke)
            open_strokes.append(stroke)
        open_strokes = [s for s in open_strokes if s[1] >= row - 1]
    return [(a, b, s, e) for a, b, s, e in strokes if b - a + 1 <= thickness]


def _long_runs(ink: np.ndarray, min_length: int, gap: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of ink at least `min_length` long, row by row."""
    bridged = ink.copy()
    for shift in range(1, gap + 1):
        bridged[:, :-shift] |= ink[:, shift:] & _reaches_left(ink, shift)
    padded = np.pad(bridged, ((0, 0), (1, 1))).astype(np.int8)
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    long = ends - starts >= min_length
    return list(zip(rows[long].tolist(), starts[long].tolist(), ends[long].tolist(), strict=True))


def _reaches_left(ink: np.ndarray, shift: int) -> np.ndarray:
    """Where ink lies somewhere within `shift` pixels to the left (so a gap is inside a run)."""
    near = np.zeros_like(ink[:, :-shift])
    for back in range(shift + 1):
        near[:, back:] |= ink[:, : ink.shape[1] - shift - back]
    return near
