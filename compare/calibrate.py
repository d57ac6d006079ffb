"""Fit the decision on labelled pairs and report it leave-one-pair-out.

    python -m compare.calibrate [--pairs DIR ...] [--write] [--spread]      (or `roadmap calibrate`)

A labelled pair is a JSON file in the format of `corpus/gold/pairs` (template and plan stems,
matches with grades); its documents are in the folder above `gold/pairs`, as `STEM.docx`,
`STEM.txt` or any other supported format (a reviewed pair names its two files). The built-in
pairs are those of `corpus/gold/pairs` and those of the development set when it is on this
machine (`ROADMAP_DEVSET`, default `../shared/devset/compare` beside the project); `roadmap
calibrate` adds the pairs a methodist reviewed (`roadmap review`, `compare.labels.labels_dir()`).

Every (template activity, plan activity) cell of every pair is one example: it matches when the
gold names it; a match is `same` or `partial`. Two logistic regressions (scikit-learn) are fitted:
`match` on `features.matrix` of all cells, `grade` on `grading.matrix` of the gold matches. The
match threshold and the lower row and column thresholds (for each template row's likeliest plan
row, and each plan row's likeliest template row) are the probabilities that give the best worst
pair (each pair's figure the mean of its match F1 and gap F1), ties broken by the mean; the grade
threshold is the one with the best worst grade accuracy.
Both are fitted on the decision as it stands; the figures are of the decision with
`order.reorder` applied, as `compare` applies it (it changes which plan row answers a template
row, never whether).

The figures printed for each pair are leave-one-pair-out: regressions and thresholds fitted on
the other pairs alone, then applied to that one. The in-sample figures (fitted on all pairs) are
printed beside them; the shipped calibration is the one fitted on all pairs. The regularisation
strengths and the feature set were chosen by looking at these leave-one-pair-out figures, so
they are not quite out of sample themselves. With ten pairs each figure moves with the pairs it
is fitted on: `--spread` prints, for each pair, its figures over the fits that leave out one more
pair, the yardstick for whether a change to the decision did anything.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from compare import grading
from compare.calibration import CALIBRATION_FILE, Calibration, Logistic
from compare.core import activity_refs, document_statements
from compare.emptiness import EmptyTemplateError, check_template
from compare.features import feature_names, matrix
from compare.labels import labels_dir
from compare.matching import graded, settled
from compare.order import reorder
from compare.scope import school_scope
from compare.scoring import Signals, signals
from extractor import extract
from model import Document

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PAIRS = ROOT / "corpus" / "gold" / "pairs"
SUFFIXES = (".docx", ".txt", ".odt", ".rtf", ".doc", ".pdf")
BASE_WEIGHTS = {"lexical": 0.5, "semantic": 2.0, "head": 2.0, "joint": 1.0}
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.1, 0.91, 0.02))
MATCH_REGULARISATION = 0.01
GRADE_REGULARISATION = 0.1


def devset_pairs() -> Path | None:
    """The development set's pair folder, when it is on this machine."""
    root = os.environ.get("ROADMAP_DEVSET")
    candidates = [Path(root)] if root else [p / "shared/devset/compare" for p in ROOT.parents[:2]]
    return next((c / "gold" / "pairs" for c in candidates if (c / "gold" / "pairs").is_dir()), None)


@dataclass
class GoldPair:
    """A labelled pair with its documents' references, signals and features (`features` for the
    match, `grading` for the grade)."""

    name: str
    template_refs: list[str]
    plan_refs: list[str]
    gold: dict[tuple[str, str], str]
    features: np.ndarray
    grading: np.ndarray
    match: np.ndarray
    same: np.ndarray
    settled: np.ndarray
    template_titles: list[str]
    plan_titles: list[str]


def _document(folder: Path, stem: str) -> Path:
    for suffix in SUFFIXES:
        if (folder / f"{stem}{suffix}").exists():
            return folder / f"{stem}{suffix}"
    raise FileNotFoundError(f"{folder / stem}: no document for this labelled pair")


def _ref(value: object) -> str:
    return str(value).strip().rstrip(".")


class PairFileError(ValueError):
    """A labelled-pair file that is not JSON of the expected shape: its `path` and a Russian `reason`."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path.name}: {reason}")


def _pair_data(path: Path) -> dict:
    """The JSON object of the labelled-pair file `path`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PairFileError(path, f"проверенная пара не читается как JSON в UTF-8 ({exc})") from None
    if not isinstance(data, dict):
        raise PairFileError(path, "проверенная пара должна быть объектом JSON с полем matches")
    return data


def _shape_error(path: Path) -> PairFileError:
    return PairFileError(path, "в проверенной паре нет нужных полей (matches: template, plan, grade)")


def pair_documents(path: Path) -> tuple[Document, Document]:
    """The template and the plan of the labelled pair `path`, extracted."""
    data = _pair_data(path)
    folder = path.parent.parent.parent
    try:
        files = [
            Path(data[f"{role}_file"]) if f"{role}_file" in data else _document(folder, data[role])
            for role in ("template", "plan")
        ]
    except (KeyError, TypeError) as exc:
        raise _shape_error(path) from exc
    return extract(files[0]), extract(files[1])


def load_pair(path: Path) -> GoldPair:
    """One labelled pair: its documents extracted and scored."""
    data = _pair_data(path)
    try:
        gold = {(_ref(m["template"]), _ref(m["plan"])): m["grade"] for m in data["matches"]}
    except (KeyError, TypeError) as exc:
        raise _shape_error(path) from exc
    return gold_pair(path.stem, *pair_documents(path), gold)


def gold_pair(name: str, template: Document, plan: Document, gold: dict[tuple[str, str], str]) -> GoldPair:
    """The labelled pair `name` of two documents and its `gold` matches (grade by (template
    ref, plan ref)), scored. A methodist's rejected pairs are non-matches like every cell the
    gold does not name. EmptyTemplateError when no activity was found in the template: such a
    pair has no cell to learn from (and none to score)."""
    check_template(template)
    found: Signals = signals(document_statements(template), document_statements(plan))
    t_refs, p_refs = activity_refs(template), activity_refs(plan)
    match = np.zeros((len(t_refs), len(p_refs)), dtype=bool)
    same = np.zeros_like(match)
    for (t, p), grade in gold.items():
        if t in t_refs and p in p_refs:
            match[t_refs.index(t), p_refs.index(p)] = True
            same[t_refs.index(t), p_refs.index(p)] = grade == "same"
    features = matrix(found, BASE_WEIGHTS, school_scope(plan.activities))
    return GoldPair(
        name,
        t_refs,
        p_refs,
        gold,
        features,
        grading.matrix(found, features),
        match,
        same,
        settled(found),
        [a.title for a in template.activities],
        [a.title for a in plan.activities],
    )


def pair_files(folders: Iterable[Path]) -> list[Path]:
    return [p for folder in folders for p in sorted(folder.glob("*__*.json"))]


def _f1(tp: int, fp: int, fn: int) -> float:
    if tp == fp == fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def pair_figures(
    gold: dict[tuple[str, str], str], predicted: dict[tuple[str, str], str], template_refs: list[str]
) -> dict[str, float]:
    """match F1, grade accuracy and gap F1, defined as in `score_compare.py`."""
    tp_pairs = gold.keys() & predicted.keys()
    tp = len(tp_pairs)
    gold_gaps = set(template_refs) - {t for t, _ in gold}
    predicted_gaps = set(template_refs) - {t for t, _ in predicted}
    gap_tp = len(gold_gaps & predicted_gaps)
    return {
        "match_f1": round(_f1(tp, len(predicted) - tp, len(gold) - tp), 4),
        "grade_accuracy": round(sum(gold[k] == predicted[k] for k in tp_pairs) / tp, 4) if tp else 0.0,
        "gap_f1": round(_f1(gap_tp, len(predicted_gaps) - gap_tp, len(gold_gaps) - gap_tp), 4),
    }


def _logistic(features: np.ndarray, target: np.ndarray, threshold: float, strength: float) -> Logistic:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(features)
    model = LogisticRegression(C=strength, max_iter=2000).fit(scaler.transform(features), target)
    return Logistic(
        mean=[round(float(x), 6) for x in scaler.mean_],
        scale=[round(float(x), 6) for x in scaler.scale_],
        coef=[round(float(x), 6) for x in model.coef_[0]],
        intercept=round(float(model.intercept_[0]), 6),
        threshold=threshold,
    )


def predict(pair: GoldPair, params: Calibration, ordered: bool = True) -> dict[tuple[str, str], str]:
    """The pair's predicted matches under `params`, named by the pair's references; `ordered`:
    with `order.reorder` applied, as `compare` does (the fit reads the decision without it)."""
    chosen = params.choose(pair.features) & ~pair.settled
    if ordered:
        chosen = reorder(chosen, pair.features[..., 0], ~pair.settled)  # the base score
    return _named(pair, chosen, params.grade.says(pair.grading))


def _named(pair: GoldPair, chosen: np.ndarray, same: np.ndarray) -> dict[tuple[str, str], str]:
    chosen = chosen & ~pair.settled
    same = graded(chosen, same)
    return {
        (pair.template_refs[i], pair.plan_refs[j]): "same" if same[i, j] else "partial"
        for i, j in zip(*np.nonzero(chosen), strict=True)
    }


def _f1_grid(tp: np.ndarray, predicted: np.ndarray, actual: int) -> np.ndarray:
    """`_f1` of every cell of a grid of counts (true positives, predicted positives)."""
    fp, fn = predicted - tp, actual - tp
    f1 = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    return np.where(tp > 0, f1, np.where((fp == 0) & (fn == 0), 1.0, 0.0))


def _pair_grid(pair: GoldPair, probability: np.ndarray) -> np.ndarray:
    """[match threshold, row threshold, column threshold] (each over `THRESHOLDS`): the pair's
    mean of match F1 and gap F1 under `calibration.chosen` with those thresholds, as
    `pair_figures` counts them (each cell apart). Only cells that reach the lowest threshold
    can be chosen, so only they are tried, all thresholds at once."""
    grid = np.array(THRESHOLDS, dtype=np.float32)
    allowed = ~pair.settled
    row_best = (probability >= probability.max(axis=1, keepdims=True)) & allowed
    column_best = (probability >= probability.max(axis=0, keepdims=True)) & allowed
    rows, columns = np.nonzero(allowed & (probability >= grid[0]))
    p = probability[rows, columns]
    picked = (
        (p >= grid[:, None, None, None])
        | (row_best[rows, columns] & (p >= grid[None, :, None, None]))
        | (column_best[rows, columns] & (p >= grid[None, None, :, None]))
    )  # [t, r, c, candidate cell]
    tp = (picked & pair.match[rows, columns]).sum(axis=-1)
    match_f1 = _f1_grid(tp, picked.sum(axis=-1), len(pair.gold))
    answered = np.zeros((*picked.shape[:-1], len(pair.template_refs)), dtype=bool)
    if len(rows):  # the candidates come row by row: each row's answered is one reduction
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        answered[..., rows[starts]] = np.logical_or.reduceat(picked, starts, axis=-1)
    named = {t for t, _ in pair.gold}
    gold_gap = np.array([t not in named for t in pair.template_refs], dtype=bool)
    gap_tp = (~answered & gold_gap).sum(axis=-1)
    gap_f1 = _f1_grid(gap_tp, (~answered).sum(axis=-1), int(gold_gap.sum()))
    return (np.round(match_f1, 4) + np.round(gap_f1, 4)) / 2


def _middle(values: Iterable[int]) -> int:
    ordered = sorted(set(values))
    return ordered[len(ordered) // 2]


class TooFewLabels(ValueError):
    """Labelled pairs that cannot be fitted on: the reason, in Russian."""


def _both_kinds(pairs: list[GoldPair]) -> tuple[np.ndarray, np.ndarray]:
    """(match, same) of every cell of `pairs` and of every match; TooFewLabels unless each has
    both values (a regression learns nothing from one kind alone)."""
    match = np.concatenate([p.match.ravel() for p in pairs]) if pairs else np.zeros(0, dtype=bool)
    same = np.concatenate([p.same[p.match] for p in pairs]) if pairs else np.zeros(0, dtype=bool)
    if not match.any() or match.all():
        raise TooFewLabels("в проверенных парах нужны и совпадения, и несовпадения")
    if not same.any() or same.all():
        raise TooFewLabels("в проверенных парах нужны совпадения и с оценкой «совпадает», и «частично»")
    return match, same


def fit(pairs: list[GoldPair]) -> Calibration:
    """Both regressions and the three match thresholds, fitted on `pairs`; among equally good
    thresholds the middle ones are kept (the match threshold first, then the row threshold, then
    the column one). The row and column thresholds are at most the match threshold.
    TooFewLabels when the pairs lack a kind of cell or of grade."""
    match, same = _both_kinds(pairs)
    features = np.concatenate([p.features.reshape(-1, p.features.shape[-1]) for p in pairs])
    matched = np.concatenate([p.grading[p.match] for p in pairs])
    grade = _logistic(matched, same, 0.5, GRADE_REGULARISATION)
    match_model = _logistic(features, match, 0.5, MATCH_REGULARISATION)
    per_pair = np.stack([_pair_grid(p, match_model.probability(p.features)) for p in pairs])
    worst, mean = np.round(per_pair.min(axis=0), 4), np.round(per_pair.mean(axis=0), 4)
    grid = np.array(THRESHOLDS)
    below = (grid[None, :, None] <= grid[:, None, None]) & (grid[None, None, :] <= grid[:, None, None])
    best_worst = np.where(below, worst, -np.inf)  # the worst pair first, the mean breaks ties
    best_mean = np.where(best_worst == best_worst.max(), mean, -np.inf)
    tied = np.argwhere(best_mean == best_mean.max())
    t = _middle(a for a, _, _ in tied)
    r = _middle(b for a, b, _ in tied if a == t)
    c = _middle(k for a, b, k in tied if (a, b) == (t, r))
    params = Calibration(
        BASE_WEIGHTS,
        feature_names(),
        _with_threshold(match_model, THRESHOLDS[t]),
        grade,
        THRESHOLDS[r],
        grading.feature_names(),
        THRESHOLDS[c],
    )
    return _grade_threshold(pairs, params)


def _grade_threshold(pairs: list[GoldPair], params: Calibration) -> Calibration:
    """`params` with the grade threshold that grades the found matches best on the worst pair
    (then on the mean); the first of equally good ones."""
    best: tuple[tuple[float, float], Calibration] | None = None
    for t in THRESHOLDS:
        candidate = replace(params, grade=_with_threshold(params.grade, t))
        accuracy = [
            pair_figures(p.gold, predict(p, candidate, ordered=False), p.template_refs)["grade_accuracy"]
            for p in pairs
        ]
        key = (round(min(accuracy), 4), round(float(np.mean(accuracy)), 4))
        if best is None or key > best[0]:
            best = (key, candidate)
    assert best is not None
    return best[1]


def _with_threshold(model: Logistic, threshold: float) -> Logistic:
    return Logistic(model.mean, model.scale, model.coef, model.intercept, threshold)


def leave_one_pair_out(pairs: list[GoldPair]) -> dict[str, dict[str, float]]:
    """Each pair's figures with the decision fitted on the other pairs."""
    out = {}
    for k, pair in enumerate(pairs):
        params = fit(pairs[:k] + pairs[k + 1 :])
        out[pair.name] = pair_figures(pair.gold, predict(pair, params), pair.template_refs)
    return out


FIGURES = ("match_f1", "grade_accuracy", "gap_f1")


def spread(pairs: list[GoldPair]) -> dict[str, dict[str, tuple[float, float, float]]]:
    """How far each pair's left-out figures move with the pairs it is fitted on: the least,
    median and greatest of each figure over the fits that leave out the pair and one other (so
    a change to the decision that moves a pair's leave-one-pair-out figure by less than this
    spread is not yet seen to be better or worse). Needs three pairs at least."""
    if len(pairs) < 3:
        raise ValueError("для разброса нужны хотя бы три проверенные пары")
    out = {}
    for k, pair in enumerate(pairs):
        figures = []
        for j in range(len(pairs)):
            if j != k:
                params = fit([q for i, q in enumerate(pairs) if i not in (j, k)])
                figures.append(pair_figures(pair.gold, predict(pair, params), pair.template_refs))
        out[pair.name] = {}
        for key in FIGURES:
            values = [f[key] for f in figures]
            out[pair.name][key] = (min(values), float(np.median(values)), max(values))
    return out


def spread_report(pairs: list[GoldPair]) -> list[str]:
    """One line per pair: least / median / greatest of each figure, as `spread` finds them."""
    lines = [f"{'pair':<44} {'match':>20} {'grade':>20} {'gap':>20}   (one more pair left out)"]
    for name, figures in spread(pairs).items():
        cells = ("/".join(f"{x:.3f}" for x in figures[key]) for key in FIGURES)
        lines.append(f"{name:<44} " + " ".join(f"{c:>20}" for c in cells))
    return lines


def builtin_folders() -> list[Path]:
    """The corpus pairs, and the development set's when it is on this machine."""
    devset = devset_pairs()
    return [CORPUS_PAIRS] if devset is None else [CORPUS_PAIRS, devset]


def default_folders() -> list[Path]:
    """The built-in pairs and the methodists' reviewed ones."""
    return builtin_folders() + ([labels_dir()] if labels_dir().is_dir() else [])


def skipped_line(path: Path, exc: EmptyTemplateError) -> str:
    """The line that says the labelled pair `path` is left out of the calibration, and why."""
    return f"{Path(exc.source).name}: {exc.reason}; проверенная пара {path.name} в калибровке не учтена"


def skipped_on_stderr(path: Path, exc: EmptyTemplateError) -> None:
    print(skipped_line(path, exc), file=sys.stderr)


def load_pairs(
    folders: Iterable[Path] | None = None,
    skipped: Callable[[Path, EmptyTemplateError], None] = skipped_on_stderr,
) -> list[GoldPair]:
    """The labelled pairs of `folders` (default: built-in and reviewed), but for those against a
    template without activities (written by `roadmap review` before such a template was refused):
    there is no cell to learn from, and each is passed to `skipped` with the reason."""
    pairs = []
    for path in pair_files(default_folders() if folders is None else folders):
        try:
            pairs.append(load_pair(path))
        except EmptyTemplateError as exc:
            skipped(path, exc)
    return pairs


def before_and_after(builtin: list[GoldPair], reviewed: list[GoldPair]) -> list[str]:
    """Leave-one-pair-out figures of every pair before the reviewed pairs are learnt (a reviewed
    pair scored by the decision fitted on the built-in pairs alone) and after (every pair left
    out of a fit on all the others, reviewed ones included)."""
    before = leave_one_pair_out(builtin)
    if reviewed:
        fitted = fit(builtin)
        for pair in reviewed:
            before[pair.name] = pair_figures(pair.gold, predict(pair, fitted), pair.template_refs)
    after = leave_one_pair_out(builtin + reviewed)
    lines = [f"{'pair':<44} {'before match/grade/gap':>22}   {'after match/grade/gap':>22}"]
    for pair in builtin + reviewed:
        b, a = before[pair.name], after[pair.name]
        lines.append(
            f"{pair.name:<44} {b['match_f1']:>6.3f} {b['grade_accuracy']:>6.3f} {b['gap_f1']:>6.3f}"
            f"   {a['match_f1']:>6.3f} {a['grade_accuracy']:>6.3f} {a['gap_f1']:>6.3f}"
        )
    return lines


def report(pairs: list[GoldPair], params: Calibration) -> list[str]:
    """One line per pair: leave-one-pair-out figures, then in-sample ones."""
    held_out = leave_one_pair_out(pairs)
    lines = [f"{'pair':<44} {'LOPO match/grade/gap':>22}   {'in-sample':>20}"]
    for pair in pairs:
        lo = held_out[pair.name]
        ins = pair_figures(pair.gold, predict(pair, params), pair.template_refs)
        lines.append(
            f"{pair.name:<44} {lo['match_f1']:>6.3f} {lo['grade_accuracy']:>6.3f} {lo['gap_f1']:>6.3f}"
            f"   {ins['match_f1']:>6.3f} {ins['grade_accuracy']:>6.3f} {ins['gap_f1']:>6.3f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=Path, action="append", help="folder of labelled pairs (repeatable)")
    parser.add_argument("--write", action="store_true", help=f"write {CALIBRATION_FILE.name}")
    parser.add_argument(
        "--spread", action="store_true", help="also the figures' spread with one more pair left out"
    )
    args = parser.parse_args(argv)
    pairs = load_pairs(args.pairs or builtin_folders())
    try:
        params = fit(pairs)
        print(
            f"labelled pairs: {len(pairs)}; match threshold {params.match.threshold}, "
            f"row threshold {params.row_threshold}, column threshold {params.column_threshold}"
        )
        print("\n".join(report(pairs, params)))
        if args.spread:
            print("\n".join(spread_report(pairs)))
    except ValueError as exc:  # TooFewLabels, or too few pairs for --spread
        print(f"compare.calibrate: {exc}", file=sys.stderr)
        return 2
    if args.write:
        CALIBRATION_FILE.write_text(json.dumps(params.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"written {CALIBRATION_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
