"""LLM generation speed per backend and model: tokens/s, median of 3 runs.

    .venv/bin/python bench/llm_speed.py            # the two offline GGUFs on CPU
    LLM_BASE_URL=http://host:8000/v1 LLM_MODEL=name .venv/bin/python bench/llm_speed.py   # + a server

Single stream and a batch of 5 prompts (the question plan's shape); the batch also in
float32, against bfloat16 (the default on CPUs with AVX512-BF16/AMX). On a shared
machine the figures move with the load: compare rows of one run.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.llm import LLM, load_llm  # noqa: E402
from pipelines.llm.local import cpu_has_bf16  # noqa: E402
from pipelines.models import ModelRegistry  # noqa: E402
from pipelines.settings import Settings  # noqa: E402

PROMPT = [{"role": "user", "content": "Write a long paragraph about how relational databases store data on disk."}]
NEW_TOKENS = 24
RUNS = 3


def rate(llm: LLM, batch: int) -> float:
    started = time.monotonic()
    gens = llm.generate_batch([PROMPT] * batch, max_tokens=NEW_TOKENS) if batch > 1 else \
        [llm.generate(PROMPT, max_tokens=NEW_TOKENS)]
    return sum(g.completion_tokens for g in gens) / (time.monotonic() - started)


def tokens_per_s(llm: LLM, batch: int) -> float:
    return statistics.median(rate(llm, batch) for _ in range(RUNS))


def local(name: str) -> None:
    import torch

    settings = Settings(llm_default_gguf=name)  # type: ignore[arg-type]
    started = time.monotonic()
    llm = ModelRegistry(settings).get("llm")
    default = llm.model.dtype
    print(f"{llm.model_id}: load {time.monotonic() - started:.1f} s (dtype {default})")
    single, batch = tokens_per_s(llm, 1), tokens_per_s(llm, 5)
    print(f"  transformers {default}: single {single:.1f} tok/s, batch of 5 {batch:.1f} tok/s total")
    if default != torch.float32:
        llm.model.to(torch.float32)
        llm.generate(PROMPT, max_tokens=2)  # warm the float32 kernels
        f32 = tokens_per_s(llm, 5)
        llm.model.to(default)
        print(f"  transformers torch.float32: batch of 5 {f32:.1f} tok/s total ({default} is {batch / f32:.1f}x)")


def remote() -> None:
    settings = Settings(llm_backend="openai")
    llm = load_llm(settings.llm_model, settings)
    print(f"openai {settings.llm_base_url} {llm.model_id}: single {tokens_per_s(llm, 1):.1f} tok/s, "
          f"batch of 5 {tokens_per_s(llm, 5):.1f} tok/s total")


def main() -> None:
    import torch

    print(f"CPU threads {torch.get_num_threads()}, bf16 CPU: {cpu_has_bf16()}; {NEW_TOKENS} new tokens, median of {RUNS}")
    for name in ("smollm2-135m", "qwen2.5-0.5b"):
        local(name)
    if os.environ.get("LLM_BASE_URL"):
        remote()


if __name__ == "__main__":
    main()
