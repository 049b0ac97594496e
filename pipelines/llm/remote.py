"""OpenAI-compatible chat completions over plain httpx (vLLM, llama.cpp server, TGI,
a hosted API). The server batches concurrent requests; a batch call sends them in
parallel. A structured call's JSON schema goes out as ``response_format`` only with
LLM_OPENAI_JSON_SCHEMA on: servers differ in what they accept."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from pipelines.llm.core import Generation, LLMError, Messages, cut_at_stop, response_format_for
from pipelines.settings import Settings

log = logging.getLogger(__name__)


def completions_url(base_url: str) -> str:
    """``http://host:8000`` and ``http://host:8000/v1`` both mean the same server."""
    base = base_url.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if not base.endswith("/v1"):
        base += "/v1"
    return base + "/chat/completions"


class OpenAICompatibleLLM:
    backend = "openai"

    def __init__(self, *, base_url: str, model: str, api_key: str = "", timeout_s: float = 60.0,
                 max_new_tokens: int = 512, parallel: int = 8, send_json_schema: bool = False) -> None:
        if not base_url:
            raise LLMError("LLM_BACKEND=openai needs LLM_BASE_URL (e.g. http://vllm:8000/v1)")
        if not model:
            raise LLMError("LLM_BACKEND=openai needs LLM_MODEL, the model name the server serves")
        self.url = completions_url(base_url)
        self.model_id = model
        self.max_new_tokens = max_new_tokens
        self.parallel = parallel
        self.send_json_schema = send_json_schema
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout_s, connect=min(10.0, timeout_s)))

    def generate(self, messages: Messages, *, max_tokens: int = 256, temperature: float = 0.0,
                 stop: list[str] | None = None, seed: int | None = None,
                 json_schema: dict[str, Any] | None = None) -> Generation:
        body: dict[str, Any] = {"model": self.model_id, "messages": messages, "temperature": temperature,
                                "max_tokens": max(1, min(max_tokens, self.max_new_tokens))}
        if stop:
            body["stop"] = stop
        if seed is not None:
            body["seed"] = seed
        if json_schema is not None and self.send_json_schema:
            body["response_format"] = response_format_for(json_schema)
        started = time.monotonic()
        try:
            response = self._client.post(self.url, json=body)
        except httpx.TimeoutException as err:
            raise LLMError(f"the LLM server at {self.url} did not answer in time: raise LLM_TIMEOUT_S "
                           "or check the server's load") from err
        except httpx.HTTPError as err:
            raise LLMError(f"cannot reach the LLM server at {self.url} ({type(err).__name__}): "
                           "check LLM_BASE_URL and that the server is running") from err
        seconds = time.monotonic() - started
        if response.status_code in (401, 403):
            raise LLMError(f"the LLM server at {self.url} refused the key (HTTP {response.status_code}): "
                           "check LLM_API_KEY")
        if response.status_code == 404:
            raise LLMError(f"the LLM server at {self.url} has no such route or model {self.model_id!r} "
                           "(HTTP 404): check LLM_BASE_URL and LLM_MODEL")
        if response.status_code >= 400:
            raise LLMError(f"the LLM server at {self.url} answered HTTP {response.status_code}: "
                           f"{response.text[:300]}")
        try:
            data = response.json()
            text = data["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError) as err:
            raise LLMError(f"the LLM server at {self.url} sent a reply that is not a chat completion") from err
        usage = data.get("usage") or {}
        return Generation(text=cut_at_stop(text, stop).strip(), model=str(data.get("model") or self.model_id),
                          backend=self.backend, prompt_tokens=int(usage.get("prompt_tokens") or 0),
                          completion_tokens=int(usage.get("completion_tokens") or 0), seconds=seconds)

    def generate_batch(self, conversations: list[Messages], *, max_tokens: int = 256,
                       temperature: float = 0.0, stop: list[str] | None = None,
                       json_schema: dict[str, Any] | None = None) -> list[Generation]:
        def one(messages: Messages) -> Generation:
            return self.generate(messages, max_tokens=max_tokens, temperature=temperature, stop=stop,
                                 json_schema=json_schema)

        if len(conversations) <= 1:
            return [one(m) for m in conversations]
        with ThreadPoolExecutor(max_workers=min(self.parallel, len(conversations))) as pool:
            return list(pool.map(one, conversations))

    def close(self) -> None:
        self._client.close()


def load_openai(location: str, settings: Settings) -> OpenAICompatibleLLM:
    return OpenAICompatibleLLM(
        base_url=settings.llm_base_url, model=settings.llm_model or location,
        api_key=settings.llm_api_key.get_secret_value(), timeout_s=settings.llm_timeout_s,
        max_new_tokens=settings.llm_max_new_tokens, send_json_schema=settings.llm_openai_json_schema,
    )
