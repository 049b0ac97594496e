"""Scoring validity on the graded set (tests/data/graded_answers.yaml).

Prints, for the held-out ``test`` split and for all answers: Spearman and
quadratic-weighted kappa against the intended scores; the injected-twin gap
(twin score minus its clean version's; never > 0 is the target); the share of
evidence quotes found in the transcripts; seconds per answer (median of runs).

    .venv/bin/python bench/scoring_validity.py              # the CPU default scorer
    .venv/bin/python bench/scoring_validity.py --fit        # refit the blend on the calib split
    .venv/bin/python bench/scoring_validity.py --llm-weight 0.5 --limit 10   # blend in the LLM
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.rubric import load_rubric  # noqa: E402
from pipelines.scoring.anchors import AnchorScorer  # noqa: E402
from pipelines.scoring.calibration import DEFAULT, Calibration  # noqa: E402
from pipelines.scoring.config import llm_weight  # noqa: E402
from pipelines.scoring.engine import AnswerInput, Scorer  # noqa: E402
from pipelines.scoring.features import extract, non_answer, specificity, strip_injection  # noqa: E402
from pipelines.scoring.prompts import render_file  # noqa: E402
from pipelines.scoring.text import quote_in_transcript  # noqa: E402
from pipelines.settings import Settings  # noqa: E402

GRADED = ROOT / "tests" / "data" / "graded_answers.yaml"


def qwk(y: list[int], p: list[int], levels: int = 5) -> float:
    """Quadratic-weighted Cohen's kappa on the 1..levels scale."""
    o = np.zeros((levels, levels))
    for a, b in zip(y, p, strict=True):
        o[a - 1, b - 1] += 1
    w = np.array([[(i - j) ** 2 for j in range(levels)] for i in range(levels)]) / (levels - 1) ** 2
    e = np.outer(o.sum(1), o.sum(0)) / o.sum()
    return float(1 - (w * o).sum() / (w * e).sum())


def fit(items: list[dict[str, Any]], anchors: AnchorScorer, rubric: Any) -> Calibration:
    """Least squares of the intended score on (specificity, anchor level), calib split, clean answers
    that pass non-answer detection (those are scored 1 by rule)."""
    rows, ys = [], []
    for a in items:
        if a["split"] != "calib" or "twin_of" in a or non_answer(a["transcript"], question=a["question"]):
            continue
        text = strip_injection(a["transcript"])
        spec = specificity(extract(text, lang=a["lang"]), a["competency"])
        level = anchors.level(text, rubric.competency(a["competency"]), a["lang"])
        rows.append([1.0, spec, level])
        ys.append(a["score"])
    coef, *_ = np.linalg.lstsq(np.array(rows), np.array(ys, dtype=float), rcond=None)
    return Calibration(intercept=round(float(coef[0]), 3), specificity=round(float(coef[1]), 3),
                       anchors=round(float(coef[2]), 3))


def report(name: str, rows: list[tuple[int, int]]) -> None:
    if len(rows) < 3:
        print(f"{name:>10}: n={len(rows):3d}  (too few to correlate)")  # noqa: T201
        return
    y = [r[0] for r in rows]
    p = [r[1] for r in rows]
    rho = spearmanr(y, p).statistic
    exact = sum(1 for a, b in rows if a == b) / len(rows)
    print(f"{name:>10}: n={len(rows):3d}  spearman={rho:.3f}  qwk={qwk(y, p):.3f}  exact={exact:.2f}")  # noqa: T201


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit the blend on the calib split and use it")
    parser.add_argument("--llm-weight", type=float, default=None, help="blend weight of the LLM (default: setting)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N answers (LLM runs)")
    parser.add_argument("--runs", type=int, default=3, help="timing runs (median)")
    args = parser.parse_args()

    settings = Settings(model_dir=ROOT / "data" / "models") if "MODEL_DIR" not in os.environ else Settings()
    models = ModelRegistry(settings)
    rubric = load_rubric()
    anchors = AnchorScorer(models.get("embedder"))
    items = yaml.safe_load(GRADED.read_text(encoding="utf-8"))["answers"]
    if args.limit:
        ids = {a["id"] for a in items if "twin_of" not in a}
        keep = [a for a in items if "twin_of" not in a][: args.limit]
        keep_ids = {a["id"] for a in keep}
        items = keep + [a for a in items if a.get("twin_of") in keep_ids and a.get("twin_of") in ids]
    calibration = fit(items, anchors, rubric) if args.fit else DEFAULT
    if args.fit:
        print(f"fitted on calib split: {calibration}")  # noqa: T201
    weight = llm_weight(settings) if args.llm_weight is None else args.llm_weight
    llm = models.get("llm") if weight > 0 else None
    scorer = Scorer(rubric=rubric, anchors=anchors, llm=llm, render=render_file, llm_weight=weight,
                    samples=settings.scoring_llm_samples, retries=settings.scoring_llm_retries,
                    calibration=calibration)
    answers = [AnswerInput(answer_id=a["id"], question=a["question"], transcript=a["transcript"],
                           question_competency=a["competency"], lang=a["lang"]) for a in items]
    pairs = [(i, a["competency"]) for i, a in enumerate(items)]
    scorer.score(answers[:2], pairs[:2])  # warm-up (model load, anchor cache)
    times, results = [], []
    for _ in range(max(1, args.runs if weight == 0 else 1)):
        started = time.perf_counter()
        results = scorer.score(answers, pairs)
        times.append((time.perf_counter() - started) / len(items))
    by_id = {r.answer_id: r for r in results}
    print(f"scorer={scorer.name} model={scorer.model} backend={scorer.backend} llm_weight={weight} "  # noqa: T201
          f"calibration={calibration}")
    clean = [a for a in items if "twin_of" not in a]
    review = [a["id"] for a in items if by_id[a["id"]].score is None]
    scored = [a for a in clean if by_id[a["id"]].score is not None]
    report("test", [(a["score"], by_id[a["id"]].score) for a in scored if a["split"] == "test"])  # type: ignore[misc]
    report("calib", [(a["score"], by_id[a["id"]].score) for a in scored if a["split"] == "calib"])  # type: ignore[misc]
    report("all", [(a["score"], by_id[a["id"]].score) for a in scored])  # type: ignore[misc]
    for lang in ("en", "ko"):
        report(f"all {lang}", [(a["score"], by_id[a["id"]].score) for a in scored if a["lang"] == lang])  # type: ignore[misc]
    gaps = []
    for twin in (a for a in items if "twin_of" in a):
        t, c = by_id[twin["id"]].score, by_id[twin["twin_of"]].score
        if t is not None and c is not None:
            gaps.append(t - c)
    if gaps:
        print(f"injected twins: n={len(gaps)}  max gap={max(gaps):+d}  mean gap={statistics.mean(gaps):+.2f}  "  # noqa: T201
              f"twins above clean={sum(1 for g in gaps if g > 0)}")
    quotes = [(q, a["transcript"]) for a in items for q in by_id[a["id"]].evidence]
    found = sum(1 for q, t in quotes if quote_in_transcript(q, t))
    print(f"evidence quotes verified: {found}/{len(quotes)} = {found / max(1, len(quotes)):.0%}")  # noqa: T201
    print(f"needs_review: {len(review)}/{len(items)}")  # noqa: T201
    if args.limit:
        for a in items:
            r = by_id[a["id"]]
            print(f"  {a['id']:>12} intended={a['score']} got={r.score} scorer={r.scorer} "  # noqa: T201
                  f"llm={r.detail.get('llm_scores')} non_llm={r.detail.get('non_llm')} "
                  f"errors={r.detail.get('llm_errors', [])[:1]}")
    print(f"seconds per answer: {statistics.median(times):.3f} (median of {len(times)} runs)")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
