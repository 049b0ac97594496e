"""Local transformers backend: an offline GGUF on CPU (dequantised on load), or a
local checkpoint directory (AWQ 4-bit on a GPU: the gptqmodel kernels, see
requirements-gpu.txt). One model per process; a lock serialises generation. A GGUF runs
here only when LLM_BACKEND=transformers forces it (bench/llm_speed.py compares it with
llama.cpp). No constrained decoding: a ``json_schema`` is accepted and ignored, the
caller's validation and retry stand."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from pipelines.llm.core import Generation, LLMError, Messages, cut_at_stop
from pipelines.settings import Settings

log = logging.getLogger(__name__)


def cpu_has_bf16() -> bool:
    """True when the CPU multiplies bfloat16 natively (AVX512-BF16 or AMX): then bf16
    runs several times faster than float32 (bench/llm_speed.py)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def pick_dtype(setting: str, device: str) -> Any:
    import torch

    if setting != "auto":
        return getattr(torch, setting)
    if device == "cuda":
        return torch.float16
    return torch.bfloat16 if cpu_has_bf16() else torch.float32


class TransformersLLM:
    backend = "transformers"

    def __init__(self, model: Any, tokenizer: Any, *, model_id: str, max_new_tokens: int) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.model_id = model_id
        self.max_new_tokens = max_new_tokens
        self._lock = threading.Lock()
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        tokenizer.padding_side = "left"  # decoder-only batches pad on the left

    @property
    def device(self) -> Any:
        return self.model.device

    def _prompt(self, messages: Messages) -> str:
        return str(self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))

    def generate(self, messages: Messages, *, max_tokens: int = 256, temperature: float = 0.0,
                 stop: list[str] | None = None, seed: int | None = None,
                 json_schema: dict[str, Any] | None = None) -> Generation:
        return self._run([messages], max_tokens=max_tokens, temperature=temperature, stop=stop, seed=seed)[0]

    def generate_batch(self, conversations: list[Messages], *, max_tokens: int = 256,
                       temperature: float = 0.0, stop: list[str] | None = None,
                       json_schema: dict[str, Any] | None = None) -> list[Generation]:
        return self._run(conversations, max_tokens=max_tokens, temperature=temperature, stop=stop, seed=None)

    def _run(self, conversations: list[Messages], *, max_tokens: int, temperature: float,
             stop: list[str] | None, seed: int | None) -> list[Generation]:
        import torch

        if not conversations:
            return []
        prompts = [self._prompt(m) for m in conversations]
        batch = self.tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        batch = {k: v.to(self.device) for k, v in batch.items()}
        options: dict[str, Any] = {"max_new_tokens": max(1, min(max_tokens, self.max_new_tokens)),
                                   "pad_token_id": self.tokenizer.pad_token_id}
        if temperature > 0:
            options.update(do_sample=True, temperature=temperature, top_p=0.95)
        else:
            options.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        if stop:
            options.update(stop_strings=stop, tokenizer=self.tokenizer)
        with self._lock:
            if seed is not None:
                torch.manual_seed(seed)
            started = time.monotonic()
            try:
                with torch.inference_mode():
                    output = self.model.generate(**batch, **options)
            except RuntimeError as err:
                raise LLMError(f"the local model {self.model_id} failed to generate: {err}") from err
            seconds = time.monotonic() - started
        width = batch["input_ids"].shape[1]
        special = {self.tokenizer.pad_token_id, self.tokenizer.eos_token_id}
        results = []
        for row, mask in zip(output, batch["attention_mask"], strict=True):
            new = [int(t) for t in row[width:]]
            while new and new[-1] in special:
                new.pop()
            text = self.tokenizer.decode(new, skip_special_tokens=True)
            results.append(Generation(
                text=cut_at_stop(text, stop).strip(), model=self.model_id, backend=self.backend,
                prompt_tokens=int(mask.sum()), completion_tokens=len(new), seconds=seconds,
            ))
        return results


def load_transformers(location: str, settings: Settings) -> TransformersLLM:
    """A ``.gguf`` file (dequantised into torch weights) or a local checkpoint dir
    (safetensors, or AWQ/GPTQ 4-bit whose config names the quantisation)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = Path(location)
    if not path.exists():
        raise LLMError(f"the LLM file {location} does not exist: fix LLM_MODEL or run `make setup`")
    if settings.llm_threads > 0:
        torch.set_num_threads(settings.llm_threads)
    dtype = pick_dtype(settings.llm_dtype, settings.device)
    common: dict[str, Any] = {"local_files_only": True}
    if path.is_file():
        if path.suffix != ".gguf":
            raise LLMError(f"{location} is neither a .gguf file nor a model directory: fix LLM_MODEL")
        common["gguf_file"] = path.name
        # Dense weights: the packed-GGUF matmul kernels come from the Hub (`kernels`),
        # which an offline install must not reach; dense bf16 is fast on AMX CPUs.
        from transformers import GgufConfig

        quantization = GgufConfig(gguf_file=str(path), dequantize=True)
        source = str(path.parent)
        model_id = path.name
    else:
        source = str(path)
        model_id = path.name
    tokenizer = AutoTokenizer.from_pretrained(source, **common)
    model_kwargs: dict[str, Any] = {**common, "dtype": dtype}
    if path.is_file():
        model_kwargs["quantization_config"] = quantization
    if settings.device == "cuda":
        # AWQ checkpoints: transformers reads quantization_config from config.json and
        # swaps in the gptqmodel AWQ kernels (fp16 activations); see requirements-gpu.txt.
        model_kwargs["device_map"] = "cuda"
    try:
        model = AutoModelForCausalLM.from_pretrained(source, **model_kwargs)
    except (ImportError, ValueError, OSError) as err:
        raise LLMError(f"cannot load the LLM from {location}: {err}") from err
    model.eval()
    log.info("llm loaded", extra={"fields": {"model": model_id, "dtype": str(dtype), "device": settings.device}})
    return TransformersLLM(model, tokenizer, model_id=model_id, max_new_tokens=settings.llm_max_new_tokens)
