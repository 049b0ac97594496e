"""Scoring validity on the graded sets.

The sets, reported apart: the team's (tests/data/graded_answers.yaml: a ``calib`` split,
the only answers ever read to develop the analysis, and a held-out ``test`` split), and
sets written and graded by helpers who never saw the scorer. graded_answers_blind to
_blind6, _blind8, _blind9, _blind11 to _blind15, _blind18, _blind19, _blind21, _blind23 to _blind30 and _blind32 were each held
out for their first run(s), then read to find what the analysis missed (development data since, and what the text
model and the blend are fitted on, with the calib split); graded_answers_blind7, _blind10, _blind16, _blind17,
_blind20, _blind22 and _blind31 are held out (never read, never fitted on).
For each set and language:
Spearman and quadratic-weighted kappa with the grades, exact agreement; then the
highest score any adversarial answer received (off-topic, keyword lists, "we"-only,
someone-else-did-it, recited CV, fluent but empty, number sprinkling, injected twins),
injected twins above their clean versions, answers to the same question out of order,
evidence quotes found verbatim in the transcripts, and seconds per answer (median of runs).

    .venv/bin/python bench/scoring_validity.py              # the CPU default scorer
    .venv/bin/python bench/scoring_validity.py --fit        # refit the text model and the blend
    .venv/bin/python bench/scoring_validity.py --rules-only # the rubric level alone, for comparison
    .venv/bin/python bench/scoring_validity.py --llm-weight 0.5 --limit 10   # blend in the LLM
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.rubric import load_rubric  # noqa: E402
from pipelines.scoring.anchors import AnchorScorer  # noqa: E402
from pipelines.scoring.blend import Blend  # noqa: E402
from pipelines.scoring.config import llm_weight  # noqa: E402
from pipelines.scoring.domain import DomainScorer  # noqa: E402
from pipelines.scoring.engine import Scorer  # noqa: E402
from pipelines.scoring.prompts import render_file  # noqa: E402
from pipelines.scoring.text_model import TextModel  # noqa: E402
from pipelines.scoring.validity import (  # noqa: E402
    DATA,
    DEVELOPMENT,
    SETS,
    DevelopmentSet,
    Validity,
    development_sets,
    fit_scoring,
    load,
    score_all,
    validity,
)
from pipelines.settings import Settings  # noqa: E402


def leave_one_set_out(scorer: Scorer, dev: dict[str, DevelopmentSet]) -> None:
    """Fit on every development set but one, score the one left out: how the text model and the
    blend do on a writer they have never seen (the rules themselves were written against these
    sets, so the figure is still kinder than a new blind set's)."""
    print("== leave one set out (fit on the others, score the one left out)")
    for name in DEVELOPMENT:
        items = load(DATA / SETS[name])
        text, blend = fit_scoring(dev, [n for n in DEVELOPMENT if n != name])
        held = replace(scorer, text_model=text, blend=blend)
        result = validity(items, score_all(held, items), {name: lambda g: True, "en": lambda g: g.lang == "en",
                                                         "ko": lambda g: g.lang == "ko"})
        print("  " + "  ".join(f"{a.name}: spearman={a.spearman:.3f}" for a in result.agreements)
              + f"  highest adversarial: {result.max_adversarial}")


def show(title: str, result: Validity) -> None:
    print(f"== {title}")
    for a in result.agreements:
        print(f"{a.name:>12}: n={a.n:3d}  spearman={a.spearman:.3f}  qwk={a.qwk:.3f}  exact={a.exact:.2f}")
    verified, total = result.evidence_verified
    print(f"  highest adversarial score: {result.max_adversarial}  (above 2: {result.adversarial_above_2 or 'none'})")
    print(f"  injected twins above their clean version: {result.twins_above_clean or 'none'}")
    print(f"  injections found in the injected twins: {result.injections_found[0]}/{result.injections_found[1]}")
    print(f"  answers to one question out of order: {len(result.order_violations)}")
    for line in result.order_violations:
        print(f"    {line}")
    print(f"  evidence quotes verified: {verified}/{total} = {verified / max(1, total):.0%}")
    if result.needs_review:
        print(f"  needs_review: {len(result.needs_review)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit the text model and the blend on the development "
                        "sets, save them (pipelines/scoring/blend_weights.json and text_model_weights.npz) and use "
                        "them; with the leave-one-set-out figures")
    parser.add_argument("--rules-only", action="store_true",
                        help="score with the rubric level alone (no text model, no blend)")
    parser.add_argument("--llm-weight", type=float, default=None, help="blend weight of the LLM (default: setting)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N answers of each set (LLM runs)")
    parser.add_argument("--runs", type=int, default=3, help="timing runs (median)")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    args = parser.parse_args()

    settings = Settings(model_dir=ROOT / "data" / "models") if "MODEL_DIR" not in os.environ else Settings()
    models = ModelRegistry(settings)
    weight = llm_weight(settings) if args.llm_weight is None else args.llm_weight
    scorer = Scorer(rubric=load_rubric(), anchors=AnchorScorer(models.get("embedder")),
                    domain=DomainScorer(models.get("sentence_encoder")),
                    blend=None if args.rules_only or args.fit else Blend.load(),
                    text_model=None if args.rules_only or args.fit else TextModel.load(),
                    llm=models.get("llm") if weight > 0 else None, render=render_file, llm_weight=weight,
                    samples=settings.scoring_llm_samples, retries=settings.scoring_llm_retries)
    if args.fit:
        dev = development_sets(scorer)
        leave_one_set_out(scorer, dev)
        text, blend = fit_scoring(dev, DEVELOPMENT)
        text.save()
        blend.save()
        scorer = replace(scorer, text_model=text, blend=blend)
        print(f"fitted on {', '.join(DEVELOPMENT)}: text model on {sum(len(d.vectors) for d in dev.values())} "
              f"answers, blend on the {sum(len(d.grades) for d in dev.values())} that reach the ladder; saved")
    print(f"scorer={scorer.name} model={scorer.model} backend={scorer.backend} llm_weight={weight}")
    times: list[float] = []
    for name in args.sets.split(","):
        items = load(DATA / SETS[name])
        title = f"{SETS[name]} ({'development' if name in DEVELOPMENT else 'held out'})"
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
