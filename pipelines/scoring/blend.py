"""The learned blend of the non-LLM signals into one score.

The rubric level read from the answer (``levels``) is the backbone, but hand-written rules
read a new writer's answers less well than the answers they were written against (on each
blind set, the first run was 0.72-0.80 Spearman). A ridge regression over the level, what
the reading counts (own, team and others' actions, numbers, vague words, a measured
result...), its categories (gate, genre, agency) and the grade the whole answer reads as
(``text_model``) ranks new answers better. It reads no similarity to the anchors or the
question: one sentence reciting the top anchor, or the question, would raise those. Fitted by
``bench/scoring_validity.py --fit`` on the development sets only (never on the team's
``test`` split or a held-out blind set) and stored as JSON next to this module.

Its value is mapped onto the 1-5 scale through cut points placed so that the fitted grades
keep their share of each level. It scores the answers that reach the ladder: a gated answer (off
topic, only "we", a keyword list...) keeps the level its gate gives, which its rationale names.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipelines.scoring.analysis import Analysis, Relevance
from pipelines.scoring.levels import Judgement

WEIGHTS = Path(__file__).with_name("blend_weights.json")
CATEGORIES = ("gate", "genre", "agency")
LEVEL_EDGES = (1.5, 2.5, 3.5, 4.5)  # where round_score changes level


def reading_features(a: Analysis, rel: Relevance, j: Judgement, margin: float | None,
                     text_grade: float | None = None) -> dict[str, float]:
    """What the reading of one answer on one competency counts, as numbers; ``text_grade``
    (``text_model``) when the scorer has it."""
    out = {
        "level": j.level, "log_words": math.log1p(a.words), "numbers": float(min(a.numbers, 10)),
        "own_actions": math.log1p(a.own_actions), "team_actions": math.log1p(a.team_actions),
        "other_actions": math.log1p(a.other_actions), "own_sentences": float(a.own_sentences),
        "vague": float(a.vague), "vague_actions": float(a.vague_actions), "measured_result": float(a.measured_result),
        "episode": float(a.episode), "blame": float(a.blame), "hedged_numbers": float(a.hedged_numbers),
        "korean": float(a.lang == "ko"), "personal_margin": margin or 0.0, "off_topic": float(rel.status == "off"),
    }
    if text_grade is not None:
        out["text_grade"] = text_grade
    for name, value in (("gate", j.gate or "none"), ("genre", a.genre), ("agency", a.agency)):
        out[f"{name}={value}"] = 1.0
    return out


@dataclass(frozen=True)
class Blend:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    cuts: tuple[float, float, float, float]  # raw values where the level changes (1|2, 2|3, 3|4, 4|5)
    alpha: float
    fitted_on: tuple[str, ...]

    def contributions(self, found: dict[str, float]) -> dict[str, float]:
        """How far each feature moves the regression's value from the fitted rows' mean. A category
        the fit never saw counts as absent; a measure not given (``text_grade`` without a text
        model) counts as the fitted rows' mean."""
        return {name: c * (found.get(name, 0.0 if "=" in name else m) - m) / s
                for name, m, s, c in zip(self.features, self.mean, self.scale, self.coef, strict=True)}

    def drivers(self, found: dict[str, float]) -> list[tuple[str, float, bool]]:
        """(feature, contribution, above the fitted mean) for each feature, the largest move first:
        what the rationale names when the blend moves a score off the ladder's level."""
        moved = self.contributions(found)
        coef = dict(zip(self.features, self.coef, strict=True))
        return sorted(((name, c, c * coef[name] > 0) for name, c in moved.items() if c),
                      key=lambda d: -abs(d[1]))

    def raw(self, found: dict[str, float]) -> float:
        """The regression's value."""
        return self.intercept + sum(self.contributions(found).values())

    def value(self, found: dict[str, float]) -> float:
        """The score on the 1-5 scale (continuous): the cut points land on the rounding edges."""
        raw, cuts = self.raw(found), self.cuts
        if raw <= cuts[0]:
            scaled = LEVEL_EDGES[0] - (cuts[0] - raw) / (cuts[1] - cuts[0])
        elif raw >= cuts[3]:
            scaled = LEVEL_EDGES[3] + (raw - cuts[3]) / (cuts[3] - cuts[2])
        else:
            k = max(i for i in range(3) if cuts[i] <= raw)
            scaled = LEVEL_EDGES[k] + (raw - cuts[k]) / (cuts[k + 1] - cuts[k])
        return max(1.0, min(5.0, scaled))

    def save(self, path: Path = WEIGHTS) -> None:
        path.write_text(json.dumps(asdict(self), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Blend:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(**fields)


def fit(rows: list[dict[str, float]], grades: list[int], *, alpha: float, fitted_on: tuple[str, ...]) -> Blend:
    """Ridge regression on standardised features (closed form), and cut points that keep each
    grade's share of the fitted rows."""
    names = tuple(sorted({name for row in rows for name in row}))
    x = np.array([[row.get(name, 0.0) for name in names] for row in rows], dtype=float)
    y = np.array(grades, dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    coef = np.linalg.solve(z.T @ z + alpha * np.eye(len(names)), z.T @ (y - y.mean()))
    fitted = z @ coef + y.mean()
    shares = np.cumsum(np.bincount(np.asarray(grades), minlength=6)[1:5]) / len(grades)
    cuts = tuple(float(c) for c in np.quantile(fitted, shares))
    return Blend(features=names, mean=tuple(map(float, mean)), scale=tuple(map(float, scale)),
                 coef=tuple(map(float, coef)), intercept=float(y.mean()), cuts=cuts,  # type: ignore[arg-type]
                 alpha=alpha, fitted_on=fitted_on)
