"""The calibrated matching parameters (`data/calibration.json`, written by `compare.calibrate`)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

CALIBRATION_FILE = Path(__file__).resolve().parent / "data" / "calibration.json"


@dataclass(frozen=True)
class Calibration:
    """Signal weights; `partial`: lowest score of a match that is the best on one side;
    `mutual`: lowest score of a match that is the best on both sides (mutual nearest neighbours
    are the surer evidence); `same`: lowest score graded `same`; `margin`: how far below the best
    of its row or column a pair may score and still count as the best there."""

    weights: dict[str, float]
    partial: float
    same: float
    margin: float
    mutual: float

    def to_json(self) -> dict:
        return asdict(self)


@cache
def calibration() -> Calibration:
    """The committed calibration."""
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    return Calibration(
        weights=dict(data["weights"]),
        partial=float(data["partial"]),
        same=float(data["same"]),
        margin=float(data["margin"]),
        mutual=float(data["mutual"]),
    )
