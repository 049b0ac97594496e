"""Time to a 5-question plan on the CPU default (target <= 30 s), and the quality of the
plan per model: how many questions the model wrote (the rest are template fallbacks)
and how many name an item from the resume. Median of 3 plans after the model loads.

    .venv/bin/python bench/question_plan.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.questions import Chunk, Competency, PlanInputs, concrete_items, make_plan  # noqa: E402
from pipelines.rubric import load_rubric  # noqa: E402
from pipelines.settings import Settings  # noqa: E402

RESUME = [
    Chunk("c1", "Backend Engineer, Toss (2020-2024). Built the payments ledger service in Go and PostgreSQL "
                "handling 3,000 transactions per second.", "experience"),
    Chunk("c2", "Led the migration from a monolith to Kafka event streaming; cut settlement latency by 40%.",
          "experience"),
    Chunk("c3", "Open-source contributor to pgvector; wrote a Rust CLI for log analysis.", "projects"),
]
RUNS = 3


def inputs() -> PlanInputs:
    comps = [Competency(c.key, c.name("en"), c.description("en")) for c in load_rubric().competencies]
    return PlanInputs(job_title="Backend Engineer", requirements="Python, PostgreSQL, distributed systems",
                      talent_profile="Owns outcomes; learns fast.", language="en", question_count=5,
                      fixed_questions=[], competencies=comps, chunks={c.key: RESUME for c in comps}, has_resume=True)


def main() -> None:
    items = concrete_items([c.text for c in RESUME])
    for name in ("qwen2.5-0.5b", "smollm2-135m"):
        started = time.monotonic()
        llm = ModelRegistry(Settings(llm_default_gguf=name)).get("llm")  # type: ignore[arg-type]
        load = time.monotonic() - started
        times, generated, named = [], 0, 0
        for _ in range(RUNS):
            started = time.monotonic()
            plan = make_plan(llm, inputs())
            times.append(time.monotonic() - started)
        for item in plan.items:
            generated += item.source == "generated"
            named += item.source == "generated" and any(i.lower() in item.text.lower() for i in items)
        median = statistics.median(times)
        print(f"{llm.model_id}: load {load:.1f} s; 5-question plan {median:.1f} s (median of {RUNS}; "
              f"target <= 30 s); model-written {generated}/5, naming a resume item {named}/5; "
              f"good questions per minute {60 * named / median:.1f}")
        for item in plan.items:
            print(f"    [{item.source}] {item.text}")


if __name__ == "__main__":
    main()
