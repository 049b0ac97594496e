"""Aggregation: competency score = mean over the answers that bear on it; overall =
rubric-weighted mean of competency scores (overrides replace a competency's score,
the original stays visible); delivery and behaviour aggregates are reported beside
and weigh in only when the rubric gives them a weight (default 0)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pipelines.rubric import Rubric


@dataclass(frozen=True)
class CompetencyResult:
    key: str
    name: str
    weight: float
    score: float | None  # the score used (override if any)
    original: float | None  # mean of the answers' scores
    overridden: bool
    answers: int
    needs_review: int


@dataclass(frozen=True)
class Aggregate:
    competencies: list[CompetencyResult]
    overall: float | None
    delivery: dict[str, Any]
    behavior: dict[str, Any]


def _mean(values: Iterable[float]) -> float | None:
    items = [float(v) for v in values]
    return sum(items) / len(items) if items else None


def delivery_summary(deliveries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    rows = [d for d in deliveries if d]
    keys = ("words_per_minute", "pause_ratio", "filler_count", "loudness_db", "confidence")
    out: dict[str, Any] = {k: _round(_mean(d[k] for d in rows if isinstance(d.get(k), (int, float))))
                           for k in keys}
    out["duration_s"] = _round(sum(float(d.get("duration_s") or 0) for d in rows)) if rows else None
    return out


def behavior_summary(behaviors: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    rows = [b for b in behaviors if b]
    keys = ("face_present_ratio", "blink_rate_per_min", "gaze_on_screen_ratio")
    out: dict[str, Any] = {k: _round(_mean(b[k] for b in rows if isinstance(b.get(k), (int, float))))
                           for k in keys}
    emotions = [b.get("dominant_emotion") for b in rows if b.get("dominant_emotion")]
    out["dominant_emotion"] = max(set(emotions), key=emotions.count) if emotions else None
    return out


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def signal_score(delivery: Mapping[str, Any], behavior: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """Delivery and behaviour on the 1-5 scale, for rubrics that weigh them: delivery from
    the delivery ``confidence`` (0-1), behaviour from face presence and gaze (0-1)."""
    conf = delivery.get("confidence")
    d = None if conf is None else 1 + 4 * max(0.0, min(1.0, float(conf)))
    parts = [behavior.get(k) for k in ("face_present_ratio", "gaze_on_screen_ratio")]
    nums = [float(p) for p in parts if isinstance(p, (int, float))]
    b = None if not nums else 1 + 4 * max(0.0, min(1.0, sum(nums) / len(nums)))
    return d, b


def aggregate(rubric: Rubric, scores: Iterable[tuple[str, int | None]], *,
              overrides: Mapping[str, float] | None = None,
              deliveries: Iterable[Mapping[str, Any]] = (), behaviors: Iterable[Mapping[str, Any]] = (),
              lang: str = "en") -> Aggregate:
    """``scores``: (competency, score or None when it needs review) per evaluated item."""
    overrides = overrides or {}
    by_key: dict[str, list[int]] = {k: [] for k in rubric.keys}
    review: dict[str, int] = {k: 0 for k in rubric.keys}
    for key, score in scores:
        if key not in by_key:
            continue
        if score is None:
            review[key] += 1
        else:
            by_key[key].append(score)
    results = []
    for comp in rubric.competencies:
        original = _mean(by_key[comp.key])
        used = overrides.get(comp.key, original)
        results.append(CompetencyResult(
            key=comp.key, name=comp.name(lang), weight=comp.weight, score=_round(used),
            original=_round(original), overridden=comp.key in overrides, answers=len(by_key[comp.key]),
            needs_review=review[comp.key],
        ))
    delivery = delivery_summary(deliveries)
    behavior = behavior_summary(behaviors)
    weighted = [(r.score, r.weight) for r in results if r.score is not None and r.weight > 0]
    d_score, b_score = signal_score(delivery, behavior)
    if d_score is not None and rubric.delivery_weight > 0:
        weighted.append((d_score, rubric.delivery_weight))
    if b_score is not None and rubric.behavior_weight > 0:
        weighted.append((b_score, rubric.behavior_weight))
    total = sum(w for _, w in weighted)
    overall = _round(sum(s * w for s, w in weighted) / total) if total > 0 else None
    return Aggregate(competencies=results, overall=overall, delivery=delivery, behavior=behavior)


def latest_overrides(rows: Iterable[Any]) -> dict[str, float]:
    """The newest override per competency (rows oldest first, each with .competency and .score)."""
    latest: dict[str, float] = {}
    for row in rows:
        latest[row.competency] = float(row.score)
    return latest
