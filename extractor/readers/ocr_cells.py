"""Short number cells of a scanned table, read again on their own with digits only.

Read with the rest of the page, the item numbers of a plan («2.2.», «3.1.», «11.») come back
as «22.», «Эр.», «1%.» or nothing: a language model of words has little to go on in two
characters. Once the ruling lines are known, every narrow cell whose reading is short and
holds no word (or is empty though inked) is cut out, the cuts are stacked into one strip
and read once as lines of digits, dots and brackets («1)»); a cell whose new reading is a well-formed number
takes it in place of the old one.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from extractor.readers.ocr_image import Rule
from extractor.readers.pdf_layout import Word

NUMBER_CHARACTERS = "0123456789.)"
_NUMBER = re.compile(r"\d{1,3}(\.\d{1,3}){0,3}(\.{1,2}|\))?")
_WORD_LIKE = re.compile(r"[^\W\d_]{3}")
_ROMAN = re.compile(r"[IVXLC]+\.?")
_NARROW_INCHES = 1.25
_MIN_CELL_INCHES = 0.08
_SHORT = 6
_GAP = 40
_BORDER = 20
_DARK = 140
_MIN_INK = 30
_MARGIN = 5
_DOUBTFUL = 50.0
_SPECK_MARKS = set("`_|~^'\"*°¬‘’“”„")
_MIN_WORD_CONFIDENCE = 10.0


@dataclass
class _Cell:
    left: int
    top: int
    right: int
    bottom: int
    words: list[int]


def reread_numbers(
    pixels: np.ndarray,
    rules: list[Rule],
    words: list[Word],
    confidences: list[float],
    scale: float,
    dpi: int,
    read: Callable[[np.ndarray], str],
) -> tuple[list[Word], list[float]]:
    """`words` (in points, with their `confidences`) with the short cells of narrow table
    columns on the clean page bitmap `pixels` (rendered at `scale` pixels a point) read again
    by `read` (Tesseract's TSV of a strip image, digits and dots only)."""
    cells = _cells(rules, dpi)
    for cell in cells:
        cell.words = [i for i, w in enumerate(words) if _inside(w, cell, scale)]
    cells = [cell for cell in cells if _short(cell, words) and _inked(cell, pixels)]
    if not cells:
        return words, confidences
    strip, bands, _ = _strip(pixels, cells)
    readings = _lines(read(strip), bands)
    drop: set[int] = set()
    added: list[tuple[Word, float]] = []
    for cell, (text, confidence) in zip(cells, readings, strict=True):
        if not _NUMBER.fullmatch(text):
            continue
        drop.update(cell.words)
        added.append((_word(text, cell, pixels, scale), confidence))
    kept = [(w, c) for i, (w, c) in enumerate(zip(words, confidences, strict=True)) if i not in drop]
    kept += added
    return [w for w, _ in kept], [c for _, c in kept]


def reread_doubtful(
    pixels: np.ndarray,
    rules: list[Rule],
    words: list[Word],
    confidences: list[float],
    scale: float,
    dpi: int,
    read: Callable[[np.ndarray], str],
) -> tuple[list[Word], list[float]]:
    """`words` with the table cells read with little confidence (a third of their words or
    more) read again each on its own,
    stacked into one strip for `read` (Tesseract's TSV of the strip): a cell whose first
    line sits close to the rule above is read with the line of the cells beside it, and
    comes back mangled («ар проведения» for «Дата проведения»). The new reading replaces the
    old where it is surer and differs in more than case."""
    cells = _cells(rules, dpi, widest=float("inf"))
    for cell in cells:
        cell.words = [i for i, w in enumerate(words) if _inside(w, cell, scale)]
    cells = [
        cell
        for cell in cells
        if cell.words
        and 3 * sum(confidences[i] < _DOUBTFUL for i in cell.words) >= len(cell.words)
        and not _short(cell, words)
        and _inked(cell, pixels)
    ]
    if not cells:
        return words, confidences
    strip, bands, shifts = _strip(pixels, cells)
    readings = _cell_words(read(strip), bands, shifts, scale)
    drop: set[int] = set()
    added: list[tuple[Word, float]] = []
    for cell, reading in zip(cells, readings, strict=True):
        old = [confidences[i] for i in cell.words]
        same_letters = _letters(w.text for w, _ in reading) == _letters(words[i].text for i in cell.words)
        if reading and not same_letters and np.mean([c for _, c in reading]) > np.mean(old):
            drop.update(cell.words)
            added += reading
    kept = [(w, c) for i, (w, c) in enumerate(zip(words, confidences, strict=True)) if i not in drop]
    kept += added
    return [w for w, _ in kept], [c for _, c in kept]


def _letters(texts: Iterable[str]) -> str:
    """Text without spaces, in lower case: two readings that differ only in case or spacing
    say nothing new (the one with the page's context keeps its case)."""
    return "".join(texts).replace(" ", "").lower()


def is_speck(text: str) -> bool:
    """Whether a word read is a speck of dust or a stray stroke read as a mark: made only of
    marks no text has standing alone («`», «_», «|», «~»...)."""
    return bool(text) and all(ch in _SPECK_MARKS for ch in text)


def _real(text: str) -> bool:
    return bool(text) and not is_speck(text)


def _cell_words(
    tsv: str, bands: list[tuple[int, int]], shifts: list[tuple[int, int]], scale: float
) -> list[list[tuple[Word, float]]]:
    """The words read in each band of the strip, moved back to their page, in points, each as
    tall as its line, with their confidence."""
    found: list[list[tuple[Word, float]]] = [[] for _ in bands]
    lines: dict[tuple[str, ...], tuple[float, float]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        key = (row["block_num"], row["par_num"], row["line_num"])
        left, top, width, height = (float(row[k]) for k in ("left", "top", "width", "height"))
        if row["level"] == "4":
            lines[key] = (top, top + height)
        text = (row.get("text") or "").strip()
        if row["level"] != "5" or not _real(text) or float(row["conf"]) < _MIN_WORD_CONFIDENCE:
            continue
        line_top, line_bottom = lines.get(key, (top, top + height))
        middle = top + height / 2
        for index, (low, high) in enumerate(bands):
            if low <= middle < high:
                dx, dy = shifts[index]
                box = ((left - dx) / scale, (left + width - dx) / scale)
                found[index].append(
                    (
                        Word(text, *box, (line_top - dy) / scale, (line_bottom - dy) / scale),
                        float(row["conf"]),
                    )
                )
                break
    return found


def _cells(rules: list[Rule], dpi: int, widest: float = _NARROW_INCHES) -> list[_Cell]:
    """Cells of columns at most `widest` inches wide: between two neighbouring vertical rules,
    and two horizontal rules that cross both, the vertical rules running along the whole cell."""
    verticals = sorted((r for r in rules if r.vertical), key=lambda r: r.x0)
    horizontals = sorted((r for r in rules if not r.vertical), key=lambda r: r.top)
    narrow, least, reach = widest * dpi, _MIN_CELL_INCHES * dpi, 0.03 * dpi
    cells = []
    for left, right in _neighbours(verticals, reach):
        x0, x1 = (left.x0 + left.x1) / 2, (right.x0 + right.x1) / 2
        if not least <= x1 - x0 <= narrow:
            continue
        across = [h for h in horizontals if h.x0 <= x0 + reach and h.x1 >= x1 - reach]
        for upper, lower in itertools.pairwise(across):
            y0, y1 = (upper.top + upper.bottom) / 2, (lower.top + lower.bottom) / 2
            covered = all(r.top <= y0 + reach and r.bottom >= y1 - reach for r in (left, right))
            middle = ((x0 + x1) / 2, (y0 + y1) / 2)
            if y1 - y0 >= least and covered and not any(_holds(cell, *middle) for cell in cells):
                pad = round(reach)
                cells.append(_Cell(round(x0) + pad, round(y0) + pad, round(x1) - pad, round(y1) - pad, []))
    return cells


def _holds(cell: _Cell, x: float, y: float) -> bool:
    return cell.left <= x <= cell.right and cell.top <= y <= cell.bottom


def _neighbours(verticals: list[Rule], reach: float) -> list[tuple[Rule, Rule]]:
    """Pairs of vertical rules next to each other across the page: each rule with every rule
    overlapping it in height at the nearest position to its right (a column border may be
    drawn in pieces, one for each part of a table)."""
    pairs = []
    for left in verticals:
        beside = [
            r for r in verticals if r.x0 - left.x1 > reach and r.top < left.bottom and left.top < r.bottom
        ]
        if beside:
            nearest = min(r.x0 for r in beside)
            pairs += [(left, right) for right in beside if right.x0 - nearest <= reach]
    return pairs


def _inside(word: Word, cell: _Cell, scale: float) -> bool:
    return _holds(cell, (word.x0 + word.x1) / 2 * scale, (word.top + word.bottom) / 2 * scale)


def _short(cell: _Cell, words: list[Word]) -> bool:
    """Whether a cell's reading may be a misread number: short, with a digit or very short,
    and no run of letters a word would have (nor a Roman numeral)."""
    text = "".join(words[i].text for i in cell.words)
    if len(text) > _SHORT or _WORD_LIKE.search(text) or _ROMAN.fullmatch(text) or "№" in text:
        return False
    return not text or any(ch.isdigit() for ch in text) or len(text) <= 3


def _inked(cell: _Cell, pixels: np.ndarray) -> bool:
    return int((pixels[cell.top : cell.bottom, cell.left : cell.right] < _DARK).sum()) >= _MIN_INK


def _strip(
    pixels: np.ndarray, cells: list[_Cell]
) -> tuple[np.ndarray, list[tuple[int, int]], list[tuple[int, int]]]:
    """The cells' inked parts, in black and white, stacked on white with gaps between; the
    rows of the strip each one's reading may fall in; and how far each part was moved (the
    strip's point that was its page's origin)."""
    parts = [_inked_part(pixels, cell) for cell in cells]
    crops = [_binary(crop) for crop, _ in parts]
    width = max(crop.shape[1] for crop in crops) + 2 * _BORDER
    height = sum(crop.shape[0] + _GAP for crop in crops) + 2 * _BORDER
    strip = np.full((height, width), 255, dtype=np.uint8)
    bands, shifts = [], []
    y = _BORDER
    for crop, (_, (top, left)) in zip(crops, parts, strict=True):
        strip[y : y + crop.shape[0], _BORDER : _BORDER + crop.shape[1]] = crop
        bands.append((y - _GAP // 2, y + crop.shape[0] + _GAP // 2))
        shifts.append((_BORDER - left, y - top))
        y += crop.shape[0] + _GAP
    return strip, bands, shifts


def _inked_part(pixels: np.ndarray, cell: _Cell) -> tuple[np.ndarray, tuple[int, int]]:
    """The part of a cell's bitmap that holds its ink, with a little margin, and where its
    top left corner is on the page."""
    crop = pixels[cell.top : cell.bottom, cell.left : cell.right]
    ys, xs = np.nonzero(crop < _DARK)
    top, left = max(int(ys.min()) - _MARGIN, 0), max(int(xs.min()) - _MARGIN, 0)
    part = crop[top : int(ys.max()) + _MARGIN + 1, left : int(xs.max()) + _MARGIN + 1]
    return part, (cell.top + top, cell.left + left)


def _binary(crop: np.ndarray) -> np.ndarray:
    """Black ink on white, split at Otsu's threshold: a scan's grey ground and noise gone."""
    counts = np.bincount(crop.ravel(), minlength=256).astype(float)
    levels = np.arange(256)
    weight = np.cumsum(counts)
    mass = np.cumsum(counts * levels)
    total, total_mass = weight[-1], mass[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mass * weight - total * mass) ** 2 / (weight * (total - weight))
    threshold = int(np.nanargmax(between[:-1]))
    return np.where(crop <= threshold, 0, 255).astype(np.uint8)


def _lines(tsv: str, bands: list[tuple[int, int]]) -> list[tuple[str, float]]:
    """The text read in each band of the strip (its words joined), with the least confidence."""
    found: list[list[tuple[float, str, float]]] = [[] for _ in bands]
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row["level"] != "5" or not text:
            continue
        middle = float(row["top"]) + float(row["height"]) / 2
        for index, (top, bottom) in enumerate(bands):
            if top <= middle < bottom:
                found[index].append((float(row["left"]), text, float(row["conf"])))
                break
    return [
        ("".join(t for _, t, _ in sorted(words)), min((c for _, _, c in words), default=0.0))
        for words in found
    ]


def _word(text: str, cell: _Cell, pixels: np.ndarray, scale: float) -> Word:
    """A word of `text` over the inked part of `cell`, in points."""
    ys, xs = np.nonzero(pixels[cell.top : cell.bottom, cell.left : cell.right] < _DARK)
    left, right = cell.left + int(xs.min()), cell.left + int(xs.max()) + 1
    top, bottom = cell.top + int(ys.min()), cell.top + int(ys.max()) + 1
    return Word(text, left / scale, right / scale, top / scale, bottom / scale)
