"""The fast computations of compare decide exactly what the plain ones decide.

Each vectorised step of `compare` (maxima over an activity's texts, the margin over the runner-up,
the regressions on broadcast features, term occurrences, each term's best partner in a text, the
shared words and rounded signals of the matches, the titles' word cover taken from that of all
texts, the unanswered words of the partial matches, the grade features at the chosen pairs alone)
is replaced here by the straightforward computation it stands for, and both comparisons of every
labelled pair (the corpus pairs, and the development set's when it is on this machine) and of
plans built here must be the same: matches, grades, gaps, additions, findings, coverage, and every
score and signal to 1e-9.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from compare import align, bags, calibrate, compare, core, features, grading, scope, scoring
from compare.calibration import Logistic, calibration
from compare.model import Comparison
from compare.text import readable
from extractor import extract
from model import Activity, Document
from tests.conftest import CORPUS

PAIRS = calibrate.pair_files(calibrate.builtin_folders())


def plain_over_next(scores: np.ndarray, axis: int, best: np.ndarray, top: np.ndarray) -> np.ndarray:
    n = scores.shape[axis]
    if n < 2:
        return scores.copy()
    ordered = np.sort(scores, axis=axis)
    first = np.take(ordered, [n - 1], axis=axis)
    second = np.take(ordered, [n - 2], axis=axis)
    return scores - np.where(scores >= first, second, first)


def plain_probability(self: Logistic, features: np.ndarray | list[np.ndarray]) -> np.ndarray:
    columns = features if isinstance(features, list) else np.moveaxis(features, -1, 0)
    z = np.full(np.shape(columns[0]), np.float32(self.intercept), dtype=np.float32)
    for column, mean, scale, coef in zip(columns, self.mean, self.scale, self.coef, strict=True):
        z += np.float32(coef / scale) * (np.array(column) - np.float32(mean))
    return 1.0 / (1.0 + np.exp(-z))


def plain_occurrences(texts: list[list[str]], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    found = [
        (i, vocabulary[t]) for i, terms in enumerate(texts) for t in dict.fromkeys(terms) if t in vocabulary
    ]
    rows, columns = np.array(found, dtype=np.intp).reshape(-1, 2).T
    return rows, columns


def plain_best_per_text(
    similarity: np.ndarray, texts: list[list[str]], vocabulary: dict[str, int], places=None
) -> np.ndarray:
    out = np.zeros((similarity.shape[0], len(texts)), dtype=np.float32)
    for j, terms in enumerate(texts):
        if terms:
            out[:, j] = similarity[:, [vocabulary[t] for t in terms]].max(axis=1)
    return out


def plain_shared_words(template, plan, rows, columns, order) -> list[list[str]]:
    return [core.shared_words(template[i], plan[j], order) for i, j in zip(rows, columns, strict=True)]


def plain_title_cover(self: scoring.Signals) -> align.TermCover:
    return align.term_cover(self.template_terms, self.plan_terms, self.idf)


def plain_unanswered_words(found: scoring.Signals, rows, columns) -> list[list[str]]:
    terms, weights, best = found.title_cover()
    out = []
    for i, j in zip(rows, columns, strict=True):
        words = np.flatnonzero(weights[i])
        words = words[best[words, j] < grading.ANSWERED]
        rarest = words[np.argsort(-weights[i, words], kind="stable")][: grading.SHOWN_WORDS]
        out.append([readable(terms[k]) for k in rarest])
    return out


def plain_grade_at_pairs(found: scoring.Signals, match_columns, rows, columns) -> list[np.ndarray]:
    return [c[rows, columns] for c in grading.columns(found, match_columns)]


@pytest.fixture
def plain(monkeypatch):
    """Compare with every fast step replaced by its plain computation."""
    monkeypatch.setattr(
        scoring, "segment_max", lambda m, starts, axis: np.maximum.reduceat(m, starts, axis=axis)
    )
    monkeypatch.setattr(features, "_over_next", plain_over_next)
    monkeypatch.setattr(Logistic, "probability", plain_probability)
    for module in (bags, scoring, align, core):
        monkeypatch.setattr(module, "occurrences", plain_occurrences)
    monkeypatch.setattr(align, "_best_per_text", plain_best_per_text)
    monkeypatch.setattr(core, "pairs_shared_words", plain_shared_words)
    monkeypatch.setattr(core, "rounded", lambda values: [round(float(v), 3) for v in values])
    monkeypatch.setattr(scoring.Signals, "title_cover", plain_title_cover)
    monkeypatch.setattr(core, "unanswered_words", plain_unanswered_words)
    monkeypatch.setattr(grading, "at_pairs", plain_grade_at_pairs)
    return compare


def assert_same(fast: Comparison, slow: Comparison) -> None:
    def decided(c: Comparison) -> list[tuple]:
        return [(m.template, m.plan, m.grade, m.shared_words) for m in c.matches]

    assert decided(fast) == decided(slow)
    assert [m.reason for m in fast.matches] == [m.reason for m in slow.matches]
    for a, b in zip(fast.matches, slow.matches, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-9)
        assert a.signals.keys() == b.signals.keys()
        assert list(a.signals.values()) == pytest.approx(list(b.signals.values()), abs=1e-9)
    assert (fast.gaps, fast.additions, fast.findings, fast.coverage) == (
        slow.gaps,
        slow.additions,
        slow.findings,
        slow.coverage,
    )


@pytest.mark.parametrize("path", PAIRS, ids=[p.stem for p in PAIRS])
def test_labelled_pairs_compare_alike_fast_and_plain(path: Path, request) -> None:
    template, plan = calibrate.pair_documents(path)
    fast = compare(template, plan)
    assert fast.matches, "a labelled pair has matches to compare"
    slow = request.getfixturevalue("plain")(template, plan)
    assert_same(fast, slow)


def _tied_plan(template: Document, seed: int) -> Document:
    """A plan whose rows tie: each template row twice, some rows joined (covering both word for
    word) and the rest shuffled, so that row and column maxima are shared and broken."""
    rng = random.Random(seed)
    titles = [a.title for a in template.activities]
    rows = titles + rng.sample(titles, k=len(titles) // 2)
    rows += [f"{a} {b}" for a, b in zip(rng.sample(titles, k=5), rng.sample(titles, k=5), strict=True)]
    rng.shuffle(rows)
    activities = [
        Activity(number=str(k), title=t, responsible_raw="МБОУ «СОШ № 1»") for k, t in enumerate(rows, 1)
    ]
    return Document(doc_id="tied", source="tied.txt", format="txt", activities=activities)


@pytest.mark.parametrize("seed", range(2))
def test_a_plan_of_tied_rows_compares_alike_fast_and_plain(seed: int, request) -> None:
    template = extract(CORPUS / "001_ff4c9489b29d190a.txt")
    plan = _tied_plan(template, seed)
    fast = compare(template, plan)
    assert len(fast.matches) >= len(template.activities) and fast.additions  # copies settle their twins
    assert_same(fast, request.getfixturevalue("plain")(template, plan))


def test_the_margin_over_the_runner_up_is_that_of_the_sorted_scores() -> None:
    rng = np.random.default_rng(5)
    scores = np.round(rng.random((30, 40), dtype=np.float32) * 8) / 8  # many ties
    for axis in (0, 1):
        best = scores.max(axis=axis, keepdims=True)
        fast = features._over_next(scores, axis, best, scores >= best)
        assert np.array_equal(fast, plain_over_next(scores, axis, best, scores >= best))
        assert (fast == 0).any() and (fast > 0).any()


def test_a_broadcast_feature_weighs_as_its_full_matrix() -> None:
    rng = np.random.default_rng(9)
    full = rng.random((6, 7), dtype=np.float32)
    row, column = rng.random((1, 7), dtype=np.float32), rng.random((6, 1), dtype=np.float32)
    views = [full, np.broadcast_to(row, full.shape), np.broadcast_to(column, full.shape)]
    views.append(np.broadcast_to(np.float32(0.3), full.shape))
    model = Logistic(
        mean=[0.1, 0.2, 0.3, 0.4],
        scale=[1.0, 2.0, 0.5, 1.5],
        coef=[1.0, -2.0, 0.7, 3.0],
        intercept=0.2,
        threshold=0.5,
    )
    assert np.array_equal(model.probability(views), plain_probability(model, views))
    assert np.array_equal(model.probability(np.stack(views, axis=-1)), plain_probability(model, views))


@pytest.mark.parametrize("path", PAIRS[:3], ids=[p.stem for p in PAIRS[:3]])
def test_the_titles_word_cover_and_unanswered_words_are_the_plain_ones(path: Path) -> None:
    template, plan = calibrate.pair_documents(path)
    found = scoring.signals(core.document_statements(template), core.document_statements(plan))
    terms, weights, best = found.title_cover()
    plain_terms, plain_weights, plain_best = plain_title_cover(found)
    assert terms == plain_terms
    assert np.array_equal(weights, plain_weights) and np.array_equal(best, plain_best)
    rows, columns = (a.ravel() for a in np.indices(found.activity("soft").shape))
    missing = grading.unanswered_words(found, rows, columns)
    assert missing == plain_unanswered_words(found, rows, columns)
    assert len({len(words) for words in missing}) > 1  # pairs that leave out more and fewer words


@pytest.mark.parametrize("path", PAIRS[:3], ids=[p.stem for p in PAIRS[:3]])
def test_the_grade_features_at_some_pairs_are_those_of_the_whole_matrix(path: Path) -> None:
    template, plan = calibrate.pair_documents(path)
    found = scoring.signals(core.document_statements(template), core.document_statements(plan))
    match_columns = features.columns(found, calibration().base_weights, scope.school_scope(plan.activities))
    rows, columns = np.nonzero(np.random.default_rng(3).random(found.activity("soft").shape) < 0.3)
    at = grading.at_pairs(found, match_columns, rows, columns)
    whole = grading.columns(found, match_columns)
    assert all(np.array_equal(a, w[rows, columns]) for a, w in zip(at, whole, strict=True))
    assert len({float(v) for v in at[-1]}) > 1  # split_rest differs between pairs
