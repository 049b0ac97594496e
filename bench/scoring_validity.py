"""Scoring validity on the graded sets.

Four sets, reported apart: the team's (tests/data/graded_answers.yaml: a ``calib`` split,
the only answers ever read to develop the analysis, and a held-out ``test`` split), and
sets written and graded by helpers who never saw the scorer. graded_answers_blind,
_blind2 and _blind3 were each held out for one run, then read to find what the analysis
missed (development data since); graded_answers_blind4 is held out (never read).
For each set and language:
Spearman and quadratic-weighted kappa with the grades, exact agreement; then the
highest score any adversarial answer received (off-topic, keyword lists, "we"-only,
someone-else-did-it, recited CV, fluent but empty, number sprinkling, injected twins),
injected twins above their clean versions, answers to the same question out of order,
evidence quotes found verbatim in the transcripts, and seconds per answer (median of runs).

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

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.rubric import load_rubric  # noqa: E402
from pipelines.scoring.analysis import analyse, relevance  # noqa: E402
from pipelines.scoring.anchors import AnchorScorer  # noqa: E402
from pipelines.scoring.calibration import DEFAULT, Calibration  # noqa: E402
from pipelines.scoring.config import llm_weight  # noqa: E402
from pipelines.scoring.domain import DomainScorer  # noqa: E402
from pipelines.scoring.engine import Scorer  # noqa: E402
from pipelines.scoring.features import non_answer, strip_injection  # noqa: E402
from pipelines.scoring.levels import judge  # noqa: E402
from pipelines.scoring.prompts import render_file  # noqa: E402
from pipelines.scoring.validity import Graded, Validity, load, score_all, validity  # noqa: E402
from pipelines.settings import Settings  # noqa: E402

DATA = ROOT / "tests" / "data"
TEAM = DATA / "graded_answers.yaml"
DEVELOPMENT = "development since its first run"
BLIND_SETS = {"blind": ("graded_answers_blind.yaml", DEVELOPMENT), "blind2": ("graded_answers_blind2.yaml", DEVELOPMENT),
              "blind3": ("graded_answers_blind3.yaml", DEVELOPMENT), "blind4": ("graded_answers_blind4.yaml", "held out")}


def fit(items: list[Graded], anchors: AnchorScorer, domain: DomainScorer) -> Calibration:
    """Least squares of the grade on (rubric level, anchor level), calib split only, answers that
    reach the ladder (non-answers and gated answers are held by rule)."""
    rubric = load_rubric()
    rows, ys = [], []
    for g in items:
        if g.split != "calib" or g.twin_of or non_answer(g.transcript, lang=g.lang):
            continue
        text = strip_injection(g.transcript)
        analysis = analyse(text, lang=g.lang)
        rel = relevance(g.question, text, analysis, personal_margin=domain.personal_margin(text))
        judgement = judge(analysis, rel, g.competency)
        if judgement.gate:
            continue
        rows.append([1.0, judgement.level, anchors.level(text, rubric.competency(g.competency), g.lang)])
        ys.append(g.score)
    coef, *_ = np.linalg.lstsq(np.array(rows), np.array(ys, dtype=float), rcond=None)
    return Calibration(intercept=round(float(coef[0]), 3), level=round(float(coef[1]), 3),
                       anchors=round(float(coef[2]), 3))


def show(title: str, result: Validity) -> None:
    print(f"== {title}")
    for a in result.agreements:
        print(f"{a.name:>12}: n={a.n:3d}  spearman={a.spearman:.3f}  qwk={a.qwk:.3f}  exact={a.exact:.2f}")
    verified, total = result.evidence_verified
    print(f"  highest adversarial score: {result.max_adversarial}  (above 2: {result.adversarial_above_2 or 'none'})")
    print(f"  injected twins above their clean version: {result.twins_above_clean or 'none'}")
    print(f"  answers to one question out of order: {len(result.order_violations)}")
    for line in result.order_violations:
        print(f"    {line}")
    print(f"  evidence quotes verified: {verified}/{total} = {verified / max(1, total):.0%}")
    if result.needs_review:
        print(f"  needs_review: {len(result.needs_review)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit the blend on the calib split and use it")
    parser.add_argument("--llm-weight", type=float, default=None, help="blend weight of the LLM (default: setting)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N answers of each set (LLM runs)")
    parser.add_argument("--runs", type=int, default=3, help="timing runs (median)")
    parser.add_argument("--sets", default=",".join(["team", *BLIND_SETS]), help="comma-separated: team, "
                        + ", ".join(BLIND_SETS))
    args = parser.parse_args()

    settings = Settings(model_dir=ROOT / "data" / "models") if "MODEL_DIR" not in os.environ else Settings()
    models = ModelRegistry(settings)
    anchors = AnchorScorer(models.get("embedder"))
    domain = DomainScorer(models.get("sentence_encoder"))
    team = load(TEAM)
    calibration = fit(team, anchors, domain) if args.fit else DEFAULT
    if args.fit:
        print(f"fitted on the calib split: {calibration}")
    weight = llm_weight(settings) if args.llm_weight is None else args.llm_weight
    scorer = Scorer(rubric=load_rubric(), anchors=anchors, domain=domain, llm=models.get("llm") if weight > 0 else None,
                    render=render_file, llm_weight=weight, samples=settings.scoring_llm_samples,
                    retries=settings.scoring_llm_retries, calibration=calibration)
    print(f"scorer={scorer.name} model={scorer.model} backend={scorer.backend} llm_weight={weight} "
          f"calibration={calibration}")
    times: list[float] = []
    for name in args.sets.split(","):
        if name == "team":
            items, title = team, TEAM.name
        else:
            file, note = BLIND_SETS[name]
            items, title = load(DATA / file), f"{file} ({note})"
        if args.limit:
            keep = {g.id for g in items if not g.twin_of}
            keep = set(sorted(keep)[: args.limit])
            items = [g for g in items if g.id in keep or g.twin_of in keep]
        for _ in range(max(1, args.runs if weight == 0 else 1)):
            started = time.perf_counter()
            scores = score_all(scorer, items)
            times.append((time.perf_counter() - started) / max(1, len(items)))
        if name == "team":
            groups = {"test": lambda g: g.split == "test", "test en": lambda g: g.split == "test" and g.lang == "en",
                      "test ko": lambda g: g.split == "test" and g.lang == "ko", "calib": lambda g: g.split == "calib",
                      "all": lambda g: True}
        else:
            groups = {name: lambda g: True, f"{name} en": lambda g: g.lang == "en",
                      f"{name} ko": lambda g: g.lang == "ko"}
        show(f"{name} set ({title})", validity(items, scores, groups))
        if args.limit:
            for g in items:
                r = scores[g.id]
                print(f"  {g.id:>20} grade={g.score} got={r.score} scorer={r.scorer} llm={r.detail.get('llm_scores')} "
                      f"non_llm={r.detail.get('non_llm')} errors={r.detail.get('llm_errors', [])[:1]}")
    print(f"seconds per answer: {statistics.median(times):.3f} (median of {len(times)} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
