"""llama.cpp backend: a GGUF file run natively on CPU (no dequantising), through the
``xllamacpp`` wheel, which embeds llama.cpp's own server engine in-process (no HTTP).

It applies the GGUF's chat template, decodes a batch call's conversations together
(continuous batching over ``LLM_PARALLEL`` sequences of one context), and turns a JSON
schema into a grammar that constrains decoding. One model and one context per process;
a lock serialises calls, so a batch shares the context with no other caller.

Why this binding: ``llama-cpp-python`` ships only an sdist (minutes of compiling per
fresh machine), and ``llama-cpp-py-sync``'s prebuilt wheel, though tagged manylinux2014,
links against glibc 2.38 and does not load on Debian 12 (glibc 2.36, this project's
machines and images). The xllamacpp CPU wheel is built for glibc 2.17 (AVX2 kernels).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pipelines.llm.core import Generation, LLMError, Messages, cut_at_stop, response_format_for
from pipelines.settings import Settings

log = logging.getLogger(__name__)

GGUF_MAGIC = b"GGUF"


class ContextFull(LLMError):
    """The sequences decoded together overflowed the shared context (each alone may fit)."""


def cpu_threads(setting: int) -> int:
    """``LLM_THREADS``, where 0 means every core this process may run on."""
    if setting > 0:
        return setting
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class LlamaCppLLM:
    backend = "llamacpp"

    def __init__(self, server: Any, *, model_id: str, max_new_tokens: int, context_tokens: int,
                 parallel: int) -> None:
        self._server = server
        self.model_id = model_id
        self.max_new_tokens = max_new_tokens
        self.context_tokens = context_tokens
        self.parallel = parallel
        self._lock = threading.Lock()

    def generate(self, messages: Messages, *, max_tokens: int = 256, temperature: float = 0.0,
                 stop: list[str] | None = None, seed: int | None = None,
                 json_schema: dict[str, Any] | None = None) -> Generation:
        with self._lock:
            return self._complete(messages, max_tokens=max_tokens, temperature=temperature, stop=stop, seed=seed,
                                  json_schema=json_schema)

    def generate_batch(self, conversations: list[Messages], *, max_tokens: int = 256,
                       temperature: float = 0.0, stop: list[str] | None = None,
                       json_schema: dict[str, Any] | None = None) -> list[Generation]:
        """The conversations decode together, up to ``parallel`` at a time; one that overflowed
        the shared context alongside the others is run again alone."""

        def one(messages: Messages) -> Generation:
            return self._complete(messages, max_tokens=max_tokens, temperature=temperature, stop=stop, seed=None,
                                  json_schema=json_schema)

        def together(messages: Messages) -> Generation | None:
            try:
                return one(messages)
            except ContextFull:
                return None

        with self._lock:
            if self.parallel == 1 or len(conversations) <= 1:
                return [one(m) for m in conversations]
            with ThreadPoolExecutor(max_workers=min(self.parallel, len(conversations))) as pool:
                first = list(pool.map(together, conversations))
            if any(g is None for g in first):
                log.warning("llm batch overflowed the context; rerunning those conversations one by one",
                            extra={"fields": {"context_tokens": self.context_tokens,
                                              "rerun": sum(g is None for g in first)}})
            return [g if g is not None else one(m) for g, m in zip(first, conversations, strict=True)]

    def _complete(self, messages: Messages, *, max_tokens: int, temperature: float, stop: list[str] | None,
                  seed: int | None, json_schema: dict[str, Any] | None) -> Generation:
        # list(): the binding gets a plain list, not the tagged PromptMessages subclass
        body: dict[str, Any] = {"messages": list(messages), "max_tokens": max(1, min(max_tokens, self.max_new_tokens)),
                                "temperature": max(0.0, temperature)}  # 0: greedy
        if temperature > 0:
            body["top_p"] = 0.95
        if stop:
            body["stop"] = list(stop)
        if seed is not None:
            # A prompt prefix reused from an earlier call is evaluated in other batch shapes, which moves
            # the logits slightly; a seeded call evaluates its whole prompt so that its seed repeats it.
            body.update(seed=seed, cache_prompt=False)
        if json_schema is not None:
            body["response_format"] = response_format_for(json_schema)
        started = time.monotonic()
        try:
            reply = self._server.handle_chat_completions(body)
        except (ValueError, RuntimeError) as err:
            raise LLMError(f"llama.cpp refused the request to {self.model_id}: {err}") from err
        seconds = time.monotonic() - started
        if not isinstance(reply, dict):
            raise LLMError(f"llama.cpp returned no chat completion for {self.model_id}")
        if "error" in reply:
            raise self._error(reply["error"])
        try:
            choice = reply["choices"][0]
            text = choice["message"]["content"] or ""
        except (KeyError, IndexError, TypeError) as err:
            raise LLMError(f"llama.cpp returned no chat completion for {self.model_id}") from err
        usage = reply.get("usage") or {}
        total = int(usage.get("total_tokens") or 0)
        if choice.get("finish_reason") == "length" and self.context_tokens and total >= self.context_tokens:
            log.warning("llm reply cut at the end of the context window: raise LLM_CONTEXT_TOKENS",
                        extra={"fields": {"context_tokens": self.context_tokens, "tokens": total}})
        return Generation(text=cut_at_stop(text, stop).strip(), model=self.model_id, backend=self.backend,
                          prompt_tokens=int(usage.get("prompt_tokens") or 0),
                          completion_tokens=int(usage.get("completion_tokens") or 0), seconds=seconds)

    def _error(self, error: Any) -> LLMError:
        detail = error if isinstance(error, dict) else {"message": str(error)}
        message = str(detail.get("message") or detail)
        if detail.get("type") == "exceed_context_size_error":
            return LLMError(f"the prompt ({detail.get('n_prompt_tokens')} tokens) does not fit the LLM context of "
                            f"{detail.get('n_ctx')} tokens: raise LLM_CONTEXT_TOKENS or send less text")
        if "context size has been exceeded" in message.lower():
            return ContextFull(f"prompt and reply overflowed the LLM context of {self.context_tokens} tokens: "
                               "raise LLM_CONTEXT_TOKENS or lower LLM_PARALLEL")
        return LLMError(f"llama.cpp failed to generate with {self.model_id}: {message}")


def check_gguf(path: Path) -> None:
    """Raise LLMError with the fix when ``path`` is not a readable GGUF file."""
    if not path.exists():
        raise LLMError(f"the LLM file {path} does not exist: fix LLM_MODEL or run `make setup`")
    if path.is_dir():
        raise LLMError(f"{path} is a directory; llama.cpp runs one .gguf file: point LLM_MODEL at the file, "
                       "or set LLM_BACKEND=auto (or transformers) for a checkpoint directory")
    with path.open("rb") as reader:
        magic = reader.read(len(GGUF_MAGIC))
    if magic != GGUF_MAGIC:
        raise LLMError(f"{path} is not a GGUF file (it does not start with 'GGUF'): fix LLM_MODEL, or set "
                       "LLM_BACKEND=transformers for other formats")


def load_llamacpp(location: str, settings: Settings) -> LlamaCppLLM:
    path = Path(location)
    check_gguf(path)
    try:
        import xllamacpp
    except ImportError as err:
        raise LLMError("the llamacpp backend needs the xllamacpp package: run `make setup`, or set "
                       "LLM_BACKEND=transformers") from err
    threads = cpu_threads(settings.llm_threads)
    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.n_ctx = settings.llm_context_tokens
    params.n_parallel = settings.llm_parallel
    params.kv_unified = True  # one window shared by the sequences: a lone long prompt may use all of it
    params.cache_ram_mib = 0  # no host-RAM prompt cache (8 GiB by default); each sequence keeps its own prefix
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.verbosity = 0  # llama.cpp prints its errors only (to stderr)
    started = time.monotonic()
    try:
        server = xllamacpp.Server(params)
    except RuntimeError as err:
        raise LLMError(f"llama.cpp could not load {location}: a truncated or damaged file (re-run `make setup`), "
                       "a model architecture this llama.cpp build does not know, or too little memory for "
                       "LLM_CONTEXT_TOKENS (its reason is on stderr)") from err
    log.info("llm loaded", extra={"fields": {
        "model": path.name, "backend": "llamacpp", "threads": threads, "context_tokens": settings.llm_context_tokens,
        "parallel": settings.llm_parallel, "seconds": round(time.monotonic() - started, 2),
    }})
    return LlamaCppLLM(server, model_id=path.name, max_new_tokens=settings.llm_max_new_tokens,
                       context_tokens=settings.llm_context_tokens, parallel=settings.llm_parallel)
