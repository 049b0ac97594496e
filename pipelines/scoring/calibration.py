"""The combiner's blend of the non-LLM signals, fitted by ``bench/scoring_validity.py --fit``
on the ``calib`` split of ``tests/data/graded_answers.yaml`` only (least squares of
the intended score on the two signals); the bench reports on the held-out ``test``
split. Refit and paste the printed values when the features or the anchors change."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Calibration:
    intercept: float
    specificity: float  # weight of features.specificity (1-5)
    anchors: float  # weight of AnchorScorer.level (1-5)

    def blend(self, specificity: float, anchor_level: float | None) -> float:
        anchor = anchor_level if anchor_level is not None else specificity
        value = self.intercept + self.specificity * specificity + self.anchors * anchor
        return max(1.0, min(5.0, value))


# fitted on the calib split (bench/scoring_validity.py --fit)
DEFAULT = Calibration(intercept=0.065, specificity=0.931, anchors=0.072)
