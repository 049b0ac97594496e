"""The learned blend: the fit, the mapping onto the 1-5 scale, its file, and that the shipped
weights are the fit of today's reading on the development sets (a change to the analysis that
is not refitted with ``bench/scoring_validity.py --fit`` fails here)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipelines.models import ModelRegistry
from pipelines.rubric import load_rubric
from pipelines.scoring.blend import LEVEL_EDGES, Blend, fit
from pipelines.scoring.domain import DomainScorer
from pipelines.scoring.engine import AnswerInput, Scorer
from pipelines.scoring.validity import DEVELOPMENT, development_rows, fit_blend
from pipelines.settings import Settings
from tests.conftest import shared_model_dir


def _synthetic(n: int = 300) -> tuple[list[dict[str, float]], list[int]]:
    rng = random.Random(7)
    rows, grades = [], []
    for _ in range(n):
        level = rng.uniform(1, 5)
        words = rng.uniform(2, 6)
        grade = max(1, min(5, round(0.8 * level + 0.3 * (words - 4) + rng.gauss(0, 0.4))))
        rows.append({"level": level, "log_words": words, "noise": rng.random(), f"gate={rng.choice('ab')}": 1.0})
        grades.append(grade)
    return rows, grades


def test_the_fit_ranks_by_what_predicts_the_grade_and_maps_its_cuts_onto_the_rounding_edges() -> None:
    rows, grades = _synthetic()
    blend = fit(rows, grades, alpha=10.0, fitted_on=("synthetic",))
    coef = dict(zip(blend.features, blend.coef, strict=True))
    assert coef["level"] > coef["log_words"] > abs(coef["noise"])
    values = [blend.value({"level": level, "log_words": 4.0}) for level in (1.0, 2.0, 3.0, 4.0, 5.0)]
    assert values == sorted(values) and values[0] < 2 and values[-1] > 4
    assert list(blend.cuts) == sorted(blend.cuts)
    for cut, edge in zip(blend.cuts, LEVEL_EDGES, strict=True):
        assert blend.value(_raw_at(blend, cut)) == pytest.approx(edge, abs=1e-6)
    assert blend.value(_raw_at(blend, -100.0)) == 1.0 and blend.value(_raw_at(blend, 100.0)) == 5.0


def _raw_at(blend: Blend, target: float) -> dict[str, float]:
    """Features whose raw value is ``target`` (moving only the level)."""
    k = blend.features.index("level")
    base = {"level": 0.0, "log_words": 4.0}
    raw0 = blend.raw(base)
    return {**base, "level": (target - raw0) * blend.scale[k] / blend.coef[k]}


def test_a_category_the_fit_never_saw_counts_as_absent_and_the_file_round_trips(tmp_path: Path) -> None:
    rows, grades = _synthetic()
    blend = fit(rows, grades, alpha=10.0, fitted_on=("synthetic",))
    found = {"level": 3.0, "log_words": 4.0}
    assert blend.raw({**found, "gate=never_seen": 1.0}) == blend.raw(found)
    blend.save(tmp_path / "w.json")
    assert Blend.load(tmp_path / "w.json") == blend


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    encoder = ModelRegistry(Settings(model_dir=shared_model_dir())).get("sentence_encoder")
    return Scorer(rubric=load_rubric(), domain=DomainScorer(encoder))


def test_the_shipped_weights_are_todays_fit_on_the_development_sets_only(scorer: Scorer) -> None:
    shipped = Blend.load()
    assert shipped.fitted_on == DEVELOPMENT and "blind7" not in shipped.fitted_on
    refit = fit_blend(development_rows(scorer), DEVELOPMENT)
    assert refit.features == shipped.features
    assert refit.coef == pytest.approx(shipped.coef, abs=1e-6) and refit.cuts == pytest.approx(shipped.cuts, abs=1e-6)


def test_the_blend_keeps_a_gated_answer_at_two_and_names_itself(scorer: Scorer) -> None:
    blended = Scorer(rubric=scorer.rubric, domain=scorer.domain, blend=Blend.load())
    q = "Tell me about a time you improved the performance of a system."
    wedding = ("I organised my sister's wedding for 180 guests. I negotiated the venue down by 20 percent, built a "
               "seating plan in a spreadsheet, booked three suppliers and cut the catering cost from 9,000 to 7,200.")
    [item] = blended.score([AnswerInput(1, q, wedding, "problem_solving", "en")], [(0, "problem_solving")])
    assert item.score is not None and item.score <= 2 and item.detail["gate"].startswith("off_topic")
    assert item.model.endswith("ridge-blend") and 1.0 <= item.detail["non_llm"] <= 2.49
