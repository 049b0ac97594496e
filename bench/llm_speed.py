"""Local LLM speed per backend and model, side by side in one run: load time, prompt
evaluation on a ~700-token prompt, generation, a batch of 5 (the question plan's shape),
and one structured question-sized JSON reply (version 1 of the question_plan prompt, the
QuestionDraft shape: llama.cpp constrains decoding to it, transformers does not).

    .venv/bin/python bench/llm_speed.py                 # every row
    .venv/bin/python bench/llm_speed.py --runs 5 --rows qwen2.5-0.5b/llamacpp,qwen2.5-0.5b/transformers
    LLM_BASE_URL=http://host:8000/v1 LLM_MODEL=name .venv/bin/python bench/llm_speed.py   # + a server

Each figure is the median of --runs runs (load: one). Every llama.cpp run starts with a
different prompt, so its prompt cache never helps. On a shared machine the figures move
with the load: compare rows of one run.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.llm import LLM, generate_structured, load_llm  # noqa: E402
from pipelines.llm.llamacpp import cpu_threads  # noqa: E402
from pipelines.llm.templates import render_messages  # noqa: E402
from pipelines.model_files import ModelFileMissing  # noqa: E402
from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.settings import Settings  # noqa: E402

ROWS = ("qwen2.5-0.5b/llamacpp", "qwen2.5-0.5b/transformers", "smollm2-135m/llamacpp", "qwen2.5-1.5b/llamacpp")
NEW_TOKENS = 64
RESUME = [
    "Backend Engineer, Toss (2020-2024). Built the payments ledger service in Go and PostgreSQL handling 3,000 "
    "transactions per second; on call for settlement incidents.",
    "Led the migration from a monolith to Kafka event streaming; cut settlement latency by 40% and removed the "
    "nightly batch window.",
    "Open-source contributor to pgvector; wrote a Rust CLI for log analysis used by three teams.",
]
LONG_FACTS = [
    "The ledger service kept double-entry records in PostgreSQL with one row per posting.",
    "Reads went to two replicas behind PgBouncer, writes to the primary in one transaction per transfer.",
    "Idempotency keys in a unique index stopped duplicate transfers when clients retried.",
    "A Kafka outbox table carried events to the settlement consumers exactly once per commit.",
    "Partitioning the postings table by month kept the hot indexes in memory.",
    "Grafana dashboards tracked p99 latency, replication lag and consumer lag per partition.",
    "Load tests with k6 replayed a peak hour of traffic against a staging copy of production.",
    "The team wrote runbooks for failover, for a stuck consumer and for a full disk.",
]


class QuestionReply(BaseModel):
    """The shape of pipelines.questions' QuestionDraft (kept here so the bench measures the same
    reply whatever that module becomes)."""

    text: str = Field(min_length=8, max_length=400)
    competency: str = ""
    cites: list[int] = Field(default_factory=list)
    rationale: str = Field("", max_length=600)


# Version 1 of rubrics/prompts/question_plan.j2, kept beside this script so the figures stay
# comparable while the shipped prompt evolves.
QUESTION_TEMPLATE = (Path(__file__).parent / "question_plan_v1.j2").read_text(encoding="utf-8")


@dataclass
class Row:
    name: str
    load_s: float
    prompt_tps: float
    prompt_tokens: int
    gen_tps: float
    batch_tps: float
    json_s: float
    json_valid: int
    runs: int


def long_prompt(run: int) -> list[dict[str, str]]:
    """About 700 tokens; ``run`` opens the system message so no two runs share a prefix."""
    facts = " ".join(LONG_FACTS[(run + i) % len(LONG_FACTS)] for i in range(8 * len(LONG_FACTS)))
    return [{"role": "system", "content": f"Run {run}. You summarise engineering notes."},
            {"role": "user", "content": f"Notes:\n{facts[:3000]}\nSummarise the notes in one sentence."}]


def prose_prompt(run: int) -> list[dict[str, str]]:
    return [{"role": "system", "content": f"Run {run}. You are a helpful assistant."},
            {"role": "user", "content": "Write a long paragraph about how relational databases store data on disk."}]


def question_prompt(run: int) -> list[dict[str, str]]:
    """A question_plan prompt (version 1) for one competency."""
    messages = render_messages(
        QUESTION_TEMPLATE, "question_plan", job_title="Backend Engineer",
        requirements="Python, PostgreSQL, distributed systems", talent_profile="Owns outcomes; learns fast.",
        competency_name="Problem solving", competency_description="breaks a hard problem down and tests ideas",
        competency_key="problem_solving", chunks=[{"label": i + 1, "text": t} for i, t in enumerate(RESUME)],
        focus="Kafka event streaming", focus_label=2, language_name="English",
    )
    messages[0]["content"] = f"Run {run}. " + messages[0]["content"]
    return messages


def median_of(runs: int, measure: Callable[[int], float]) -> float:
    return statistics.median(measure(run) for run in range(runs))


def measure(name: str, llm: LLM, load_s: float, runs: int, offset: int) -> Row:
    prompt_tokens: list[int] = []

    def prompt_rate(run: int) -> float:
        gen = llm.generate(long_prompt(offset + run), max_tokens=1)
        prompt_tokens.append(gen.prompt_tokens)
        return gen.prompt_tokens / gen.seconds

    def gen_rate(run: int) -> float:
        gen = llm.generate(prose_prompt(offset + run), max_tokens=NEW_TOKENS)
        return gen.completion_tokens / gen.seconds

    def batch_rate(run: int) -> float:
        started = time.monotonic()
        gens = llm.generate_batch([prose_prompt(offset + 10 * run + i) for i in range(5)], max_tokens=24)
        return sum(g.completion_tokens for g in gens) / (time.monotonic() - started)

    valid = 0

    def json_time(run: int) -> float:
        nonlocal valid
        started = time.monotonic()
        result = generate_structured(llm, question_prompt(offset + run), QuestionReply, retries=0, max_tokens=200)
        valid += result.ok
        return time.monotonic() - started

    llm.generate(prose_prompt(-1), max_tokens=2)  # warm the kernels
    return Row(name, load_s, median_of(runs, prompt_rate), int(statistics.median(prompt_tokens)),
               median_of(runs, gen_rate), median_of(runs, batch_rate), median_of(runs, json_time), valid, runs)


def load(gguf: str, backend: str) -> tuple[LLM, float]:
    settings = Settings(llm_default_gguf=gguf, llm_backend=backend)  # type: ignore[arg-type]
    registry = ModelRegistry(settings)
    registry.location("llm")  # joins split files outside the timing
    started = time.monotonic()
    llm = registry.get("llm")
    return llm, time.monotonic() - started


def float32_batch(llm: LLM, runs: int, default_rate: float) -> None:
    """transformers on a CPU with bf16: the batch again in float32, against the bf16 default."""
    import torch

    model = getattr(llm, "model", None)
    default = getattr(model, "dtype", None)
    if model is None or default in (None, torch.float32):
        return
    model.to(torch.float32)
    llm.generate(prose_prompt(-2), max_tokens=2)  # warm the float32 kernels

    def batch_rate(run: int) -> float:
        started = time.monotonic()
        gens = llm.generate_batch([prose_prompt(-10 * run - i) for i in range(5)], max_tokens=24)
        return sum(g.completion_tokens for g in gens) / (time.monotonic() - started)

    f32 = median_of(runs, batch_rate)
    model.to(default)
    print(f"  transformers float32: batch of 5 {f32:.1f} tok/s total ({default} is {default_rate / f32:.1f}x)")


def warm_imports() -> None:
    """Library imports stay out of the load times."""
    import torch  # noqa: F401
    import transformers  # noqa: F401
    import xllamacpp  # noqa: F401


def print_rows(rows: list[Row]) -> None:
    print(f"{'model/backend':28} {'load s':>7} {'prompt tok/s':>13} {'gen tok/s':>10} {'batch5 tok/s':>13} "
          f"{'JSON reply s':>13} {'valid 1st':>9}")
    for r in rows:
        print(f"{r.name:28} {r.load_s:7.1f} {r.prompt_tps:13.1f} {r.gen_tps:10.1f} {r.batch_tps:13.1f} "
              f"{r.json_s:13.1f} {r.json_valid:>6}/{r.runs}")
    by_name = {r.name: r for r in rows}
    for model in sorted({r.name.split("/")[0] for r in rows}):
        fast, slow = by_name.get(f"{model}/llamacpp"), by_name.get(f"{model}/transformers")
        if fast and slow:
            print(f"{model} llamacpp/transformers: load time {fast.load_s / slow.load_s:.2f}x, prompt speed "
                  f"{fast.prompt_tps / slow.prompt_tps:.1f}x, generation speed {fast.gen_tps / slow.gen_tps:.1f}x, "
                  f"batch speed {fast.batch_tps / slow.batch_tps:.1f}x, JSON reply time {fast.json_s / slow.json_s:.2f}x")


def remote(runs: int) -> None:
    settings = Settings(llm_backend="openai")
    llm = load_llm(settings.llm_model, settings)
    row = measure(f"openai {llm.model_id}", llm, 0.0, runs, 0)
    print_rows([row])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", default=",".join(ROWS), help="model/backend pairs, comma-separated")
    args = parser.parse_args()
    warm_imports()
    print(f"{cpu_threads(0)} CPU threads; prompt ~700 tokens, {NEW_TOKENS} new tokens, batch of 5 x 24 tokens, "
          f"JSON: one question_plan reply; median of {args.runs}")
    rows = []
    for offset, name in enumerate(args.rows.split(",")):
        gguf, backend = name.split("/")
        try:
            llm, load_s = load(gguf, backend)
        except ModelFileMissing as err:
            print(f"{name}: skipped ({err})")
            continue
        rows.append(measure(name, llm, load_s, args.runs, 1000 * (offset + 1)))
        print_rows(rows[-1:])
        if backend == "transformers":
            float32_batch(llm, args.runs, rows[-1].batch_tps)
        del llm
        gc.collect()
    print()
    print_rows(rows)
    if os.environ.get("LLM_BASE_URL"):
        remote(args.runs)


if __name__ == "__main__":
    main()
