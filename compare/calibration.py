"""The fitted decision (`data/calibration.json`, written by `compare.calibrate`): two logistic
regressions, one over `features.feature_names` deciding whether a pair matches, one over
`grading.feature_names` grading a match `same` or `partial`; applied with numpy alone."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np

from compare import grading
from compare.features import feature_names
from compare.vocabulary import SettingsError

CALIBRATION_FILE = Path(__file__).resolve().parent / "data" / "calibration.json"


def calibration_file() -> Path:
    """The calibration in use: `ROADMAP_CALIBRATION` (a region's own, written by `roadmap
    calibrate --write`) when set, else the committed one."""
    own = os.environ.get("ROADMAP_CALIBRATION")
    return Path(own) if own else CALIBRATION_FILE


@dataclass(frozen=True)
class Logistic:
    """A standardised logistic regression and the probability from which it says yes."""

    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    threshold: float

    def probability(self, features: np.ndarray | list[np.ndarray]) -> np.ndarray:
        """P(yes) of every cell: `features` stacked on its last axis, or one array per feature
        (summed one at a time, never stacked; a broadcast view is computed at its own size)."""
        columns = features if isinstance(features, list) else np.moveaxis(features, -1, 0)
        z = np.full(columns[0].shape, np.float32(self.intercept), dtype=np.float32)
        term = np.empty_like(z)
        for column, mean, scale, coef in zip(columns, self.mean, self.scale, self.coef, strict=True):
            if column.ndim and 0 in column.strides:
                z += np.float32(coef / scale) * (_compact(column) - np.float32(mean))
                continue
            np.subtract(column, np.float32(mean), out=term)
            np.multiply(term, np.float32(coef / scale), out=term)
            z += term
        np.exp(np.negative(z, out=z), out=z)
        return np.divide(1.0, np.add(z, 1.0, out=z), out=z)  # 1 / (1 + exp(-z)), in place

    def says(self, features: np.ndarray | list[np.ndarray]) -> np.ndarray:
        return self.probability(features) >= self.threshold


def _compact(column: np.ndarray) -> np.ndarray:
    """The smallest slice of a broadcast view that broadcasts back to it (a number, a row or a
    column of a matrix that repeats it)."""
    return column[tuple(slice(0, 1) if stride == 0 else slice(None) for stride in column.strides)]


def chosen(
    probability: np.ndarray, threshold: float, row_threshold: float, column_threshold: float = 1.0
) -> np.ndarray:
    """Cells at or above `threshold`, each row's likeliest cell at or above `row_threshold` and
    each column's likeliest cell at or above `column_threshold`."""
    if probability.size == 0:
        return probability >= threshold
    row_best = probability >= probability.max(axis=1, keepdims=True)
    column_best = probability >= probability.max(axis=0, keepdims=True)
    return (
        (probability >= threshold)
        | (row_best & (probability >= row_threshold))
        | (column_best & (probability >= column_threshold))
    )


@dataclass(frozen=True)
class Calibration:
    """`base_weights`: the weighted mean of the signals that is the `base` feature (and the score
    a match shows); `features`, `grade_features`: the feature names the match and the grade
    regressions were fitted on; `row_threshold`:
    the lower probability enough for the likeliest plan row of a template activity (whether the
    activity is answered at all is surer evidence than which rows answer it); `column_threshold`:
    the same for the likeliest template row of a plan activity (a piece of a split template row
    is likeliest for its template row, though that row has a better answer); 1.0 in a
    calibration written before it (the plan's side then has no lower threshold)."""

    base_weights: dict[str, float]
    features: list[str]
    match: Logistic
    grade: Logistic
    row_threshold: float
    grade_features: list[str]
    column_threshold: float = 1.0

    def to_json(self) -> dict:
        return asdict(self)

    def choose(self, features: np.ndarray | list[np.ndarray]) -> np.ndarray:
        """[template, plan] -> whether the pair matches."""
        return chosen(
            self.match.probability(features), self.match.threshold, self.row_threshold, self.column_threshold
        )

    @classmethod
    def from_json(cls, data: dict) -> Calibration:
        return cls(
            base_weights=dict(data["base_weights"]),
            features=list(data["features"]),
            match=Logistic(**data["match"]),
            grade=Logistic(**data["grade"]),
            row_threshold=float(data["row_threshold"]),
            grade_features=list(data.get("grade_features", [])),
            column_threshold=float(data.get("column_threshold", 1.0)),
        )


class CalibrationError(SettingsError):
    """A calibration file that cannot be used: `path` and the reason, in Russian."""


@cache
def calibration() -> Calibration:
    """The calibration in use (`calibration_file`); the committed one when a region has none yet."""
    path = calibration_file()
    path = path if path.exists() else CALIBRATION_FILE
    try:
        found = Calibration.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CalibrationError(path, f"калибровка не читается ({exc})") from None
    if found.features != feature_names() or found.grade_features != grading.feature_names():
        raise CalibrationError(
            path, "калибровка снята с другими признаками: запустите roadmap calibrate --write"
        )
    return found
