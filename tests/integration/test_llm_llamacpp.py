"""The llamacpp backend on the real offline Qwen2.5-Coder-0.5B GGUF, loaded once for the
module through the model registry with default settings (LLM_BACKEND=auto)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Literal

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest
from pydantic import BaseModel, Field

from pipelines.llm import LLM, LLMError, generate_structured, json_schema_for, load_llm
from pipelines.llm.llamacpp import LlamaCppLLM
from pipelines.models import ModelRegistry
from pipelines.settings import Settings
from tests.conftest import shared_model_dir

QWEN = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"


class Sky(BaseModel):
    colour: Literal["red", "green", "blue"]
    reason: str = Field(min_length=3, max_length=120)


class Rating(BaseModel):
    score: int = Field(ge=1, le=5)
    evidence: list[str] = Field(default_factory=list, max_length=2)
    rationale: str = Field(min_length=1, max_length=300)


@pytest.fixture(scope="module")
def qwen() -> LLM:
    settings = Settings(model_dir=shared_model_dir())
    return ModelRegistry(settings).get("llm")  # type: ignore[no-any-return]


def _ask(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def test_default_settings_run_the_qwen_gguf_on_llamacpp(qwen: LLM) -> None:
    assert isinstance(qwen, LlamaCppLLM)
    assert (qwen.backend, qwen.model_id) == ("llamacpp", QWEN)
    gen = qwen.generate(_ask("What is the capital of France? Answer with one word."), max_tokens=8)
    assert "paris" in gen.text.lower()
    assert (gen.model, gen.backend) == (QWEN, "llamacpp")
    assert gen.prompt_tokens > 10 and 0 < gen.completion_tokens <= 8 and gen.seconds > 0


def test_greedy_repeats_and_stop_strings_cut(qwen: LLM) -> None:
    messages = _ask("Count from one to ten in English words, separated by commas.")
    full = qwen.generate(messages, max_tokens=40)
    assert qwen.generate(messages, max_tokens=40).text == full.text  # temperature 0 is greedy
    assert "seven" in full.text.lower()
    stopped = qwen.generate(messages, max_tokens=40, stop=["seven", "Seven"])
    assert "seven" not in stopped.text.lower() and stopped.text and full.text.startswith(stopped.text)
    assert stopped.completion_tokens < full.completion_tokens


def test_seed_makes_sampling_repeatable(qwen: LLM) -> None:
    messages = _ask("Invent a name for a cat. Reply with the name only.")
    first = qwen.generate(messages, max_tokens=12, temperature=1.2, seed=7)
    assert qwen.generate(messages, max_tokens=12, temperature=1.2, seed=7).text == first.text
    names = {qwen.generate(messages, max_tokens=12, temperature=1.2, seed=seed).text for seed in range(1, 7)}
    assert len(names) > 1  # it does sample


def test_batch_decodes_together_and_keeps_order(qwen: LLM) -> None:
    conversations = [_ask(f"What is {a} plus {b}? Answer with the number only.") for a, b in ((2, 2), (3, 4), (10, 5))]
    batch = qwen.generate_batch(conversations, max_tokens=8)
    alone = [qwen.generate(m, max_tokens=8) for m in conversations]
    assert [g.text for g in batch] == [g.text for g in alone]
    assert [g.text.rstrip(".") for g in batch] == ["4", "7", "15"]


def test_structured_calls_are_valid_on_the_first_attempt(qwen: LLM) -> None:
    sky = generate_structured(qwen, _ask("What colour is the sky on a clear day? Reply in JSON."), Sky, retries=0,
                              max_tokens=80)
    assert sky.ok and len(sky.attempts) == 1, sky.errors
    assert sky.value is not None and sky.value.colour == "blue"
    answer = "I added an index on orders.user_id; the report query went from 2 s to 20 ms."
    rating = generate_structured(
        qwen, _ask(f"Rate this interview answer for database skill from 1 to 5, as JSON.\nAnswer: {answer}"),
        Rating, retries=0, max_tokens=200)
    assert rating.ok and len(rating.attempts) == 1, rating.errors
    # the grammar holds the reply to the schema even when the caller parses it directly
    raw = qwen.generate(_ask("Describe the sky."), max_tokens=80, json_schema=json_schema_for(Sky))
    assert Sky.model_validate(json.loads(raw.text)).colour in ("red", "green", "blue")


def test_smollm2_gguf_runs_on_llamacpp_too() -> None:
    llm = ModelRegistry(Settings(llm_default_gguf="smollm2-135m", llm_parallel=1)).get("llm")
    gen = llm.generate(_ask("Say hello."), max_tokens=8)
    assert (llm.backend, gen.model) == ("llamacpp", "SmolLM2-135M-Instruct.Q4_1.gguf") and gen.text


def test_a_batch_that_overflows_the_shared_context_reruns_one_by_one(caplog: pytest.LogCaptureFixture) -> None:
    # 512 tokens: each conversation (~240 prompt + 60 reply tokens) fits alone, two together do not
    small = load_llm(str(shared_model_dir() / QWEN), Settings(llm_context_tokens=512, llm_parallel=2))
    filler = " ".join(["Relational databases keep rows in pages on disk."] * 20)
    conversations = [_ask(f"{filler}\nWrite a long essay about {topic}.") for topic in ("indexes", "transactions")]
    with caplog.at_level(logging.WARNING, logger="pipelines.llm.llamacpp"):
        batch = small.generate_batch(conversations, max_tokens=60)
    assert "overflowed the context" in caplog.text
    assert all(200 < g.prompt_tokens < 300 and g.completion_tokens == 60 for g in batch)
    alone = [small.generate(m, max_tokens=60).text for m in conversations]
    # a prompt prefix reused from the slot's cache moves the logits slightly, which can flip a
    # near-tie late in a long greedy reply: compare the openings
    assert all(len(os.path.commonprefix([b.text, a])) >= 40 for b, a in zip(batch, alone, strict=True)), alone
    with pytest.raises(LLMError, match="does not fit the LLM context of 512 tokens: raise LLM_CONTEXT_TOKENS"):
        small.generate(_ask("word " * 600), max_tokens=8)


def test_missing_or_broken_files_give_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(llm_backend="llamacpp")
    with pytest.raises(LLMError, match="does not exist: fix LLM_MODEL"):
        load_llm(str(tmp_path / "none.gguf"), settings)
    with pytest.raises(LLMError, match="is a directory"):
        load_llm(str(tmp_path), settings)
    (tmp_path / "notes.gguf").write_text("not a model")
    with pytest.raises(LLMError, match="not a GGUF file"):
        load_llm(str(tmp_path / "notes.gguf"), settings)
    with (shared_model_dir() / QWEN).open("rb") as real:
        (tmp_path / "cut.gguf").write_bytes(real.read(1 << 20))
    with pytest.raises(LLMError, match="could not load .*cut.gguf: a truncated or damaged file"):
        load_llm(str(tmp_path / "cut.gguf"), settings)
